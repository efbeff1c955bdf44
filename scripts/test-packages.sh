#!/usr/bin/env bash
# The packages as IT gets them: built and signed with a throwaway key, checked
# by scripts/verify.sh (and refused when tampered with or signed by another
# key), installed for real from the signed apt repository, run, and purged.
# Needs root (it installs the .deb). Leaves nothing installed.
# With ROOMSTART_KEEP_DIST=DIR it leaves there, for scripts/test-ansible.sh,
# the signed apt repository (DIR/apt) and the key that signed it
# (DIR/roomstart-archive-keyring.asc); DIR must be empty or absent.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || exec sudo -E bash "$0" "$@"
repo_root=$PWD
work=$(mktemp -d)
export GNUPGHOME="$work/gnupg"
mkdir -m 700 "$GNUPGHOME"
cleanup() {
  dpkg-query -W roomstart >/dev/null 2>&1 && apt-get purge -y -qq roomstart >/dev/null 2>&1
  if [[ -e /etc/roomstart/config.toml.test-packages ]]; then
    rm -f /etc/roomstart/config.toml /etc/roomstart/config.toml.test-packages
  fi
  gpgconf --kill gpg-agent 2>/dev/null
  rm -rf "$work"
}
trap cleanup EXIT
ok() { echo "✓ $*"; }
die() { echo "✗ $*" >&2; exit 1; }

# Two throwaway keys: A signs the release, B is "another key".
for k in A B; do
  gpg --batch --quiet --passphrase "pass-$k" --pinentry-mode loopback \
    --quick-gen-key "Roomstart test key $k <$k@roomstart.invalid>" rsa3072 sign never
  fpr=$(gpg --list-keys --with-colons "$k@roomstart.invalid" | awk -F: '/^fpr/{print $10; exit}')
  gpg --batch --pinentry-mode loopback --passphrase "pass-$k" --armor --export-secret-keys "$fpr" > "$work/$k.key"
  gpg --armor --export "$fpr" > "$work/$k.pub"
done

ROOMSTART_SIGNING_KEY="$(cat "$work/A.key")" ROOMSTART_SIGNING_KEY_PASSPHRASE=pass-A \
  bash scripts/bundle.sh "$work/dist"
dist="$work/dist"
deb=$(ls "$dist"/*.deb) rpm=$(ls "$dist"/*.rpm)
echo "sizes: $(stat -c '%n %s' "$deb" "$rpm" target/release/roomstart | sed "s|$work/dist/||g" | paste -sd ' ')"

for dep in xdg-utils gnome-keyring; do
  dpkg-deb -f "$deb" Depends | tr ',' '\n' | grep -qx " *$dep" || die "the .deb does not depend on $dep"
  rpm -qpR "$rpm" 2>/dev/null | grep -qx "$dep" || die "the .rpm does not require $dep"
done
# TLS and the Google JWT are the system's OpenSSL (libssl.so.3), linked, not carried.
dpkg-deb -f "$deb" Depends | tr ',' '\n' | grep -qx " *libssl3 | libssl3t64" || die "the .deb does not depend on libssl3"
rpm -qpR "$rpm" 2>/dev/null | grep -qx "openssl-libs" || die "the .rpm does not require openssl-libs"
ok "both packages require xdg-utils, gnome-keyring and OpenSSL 3"

bash scripts/verify.sh "$dist" "$work/A.pub" || die "verify refused what key A signed"
ok "verify accepts the release with the key that signed it"

if bash scripts/verify.sh "$dist" "$work/B.pub" > "$work/verify-B.txt"; then
  die "verify accepted a release signed by another key"
fi
grep -q "✗ SHA256SUMS is not signed" "$work/verify-B.txt" && grep -q "✗ $(basename "$rpm")" "$work/verify-B.txt" &&
  grep -q "✗ the apt repository's Release is not signed" "$work/verify-B.txt" ||
  die "verify with another key did not refuse each signature: $(cat "$work/verify-B.txt")"
ok "verify refuses every signature when it trusts another key"

# One byte changed in each package, in a copy.
for target in "$(basename "$deb")" "$(basename "$rpm")" "apt/pool/main/$(basename "$deb")"; do
  rm -rf "$work/tampered" && cp -a "$dist" "$work/tampered"
  f="$work/tampered/$target"
  offset=$(($(stat -c %s "$f") / 2))
  byte=$(dd if="$f" bs=1 skip="$offset" count=1 status=none | od -An -tu1 | tr -d ' ')
  printf "$(printf '\\%03o' $(((byte + 1) % 256)))" | dd of="$f" bs=1 seek="$offset" conv=notrunc status=none
  if bash scripts/verify.sh "$work/tampered" "$work/A.pub" > "$work/verify-tampered.txt"; then
    die "verify accepted $target with one byte changed"
  fi
  grep -q "✗ a file does not match SHA256SUMS" "$work/verify-tampered.txt" || die "no checksum failure for $target"
  ok "verify refuses $target with one byte changed"
done

# apt itself: a repository whose Release another key signed is refused.
apt_opts=(-o "Dir::Etc::SourceList=$work/roomstart.list" -o Dir::Etc::SourceParts=/dev/null
  -o "Dir::State::Lists=$work/lists" -o Debug::NoLocking=1 -qq)
mkdir -p "$work/lists/partial"
cp -a "$dist/apt" "$work/apt-B"
for f in InRelease Release.gpg; do rm "$work/apt-B/dists/stable/$f"; done
gpg --batch --pinentry-mode loopback --passphrase pass-B --quiet --local-user B@roomstart.invalid \
  --clearsign -o "$work/apt-B/dists/stable/InRelease" "$work/apt-B/dists/stable/Release"
echo "deb [signed-by=$work/A.pub] file://$work/apt-B stable main" > "$work/roomstart.list"
if apt-get "${apt_opts[@]}" update > "$work/apt-B.txt" 2>&1; then
  die "apt accepted a repository signed by another key: $(cat "$work/apt-B.txt")"
fi
grep -qi 'NO_PUBKEY\|not signed\|signatures were invalid' "$work/apt-B.txt" ||
  die "apt's refusal did not name the signature: $(cat "$work/apt-B.txt")"
ok "apt refuses the repository signed by another key"

# The real install, from the repository signed by A, as IT would.
rm -rf "$work/lists" && mkdir -p "$work/lists/partial"
echo "deb [signed-by=$work/A.pub] file://$dist/apt stable main" > "$work/roomstart.list"
apt-get "${apt_opts[@]}" update
DEBIAN_FRONTEND=noninteractive apt-get "${apt_opts[@]}" install -y roomstart
dpkg-query -W -f='${Status}\n' roomstart | grep -q 'install ok installed' || die "roomstart is not installed"
ok "installed $(dpkg-query -W -f='${Package} ${Version}' roomstart) from the signed repository"

# What the admin keeps: their config, written before install, must survive purge.
mkdir -p /etc/roomstart
[[ -e /etc/roomstart/config.toml ]] && die "/etc/roomstart/config.toml already exists; refusing to touch it"
cp "$repo_root/config.sample.toml" /etc/roomstart/config.toml
touch /etc/roomstart/config.toml.test-packages

[[ "$(/usr/bin/roomstart --version)" == "roomstart $(dpkg-query -W -f='${Version}' roomstart)" ]] ||
  die "roomstart --version said: $(/usr/bin/roomstart --version)"
ok "the installed roomstart --version: $(/usr/bin/roomstart --version)"

units=(/usr/lib/systemd/user/roomstart.service /usr/lib/systemd/user/roomstart-retry.timer
  /usr/lib/systemd/user/roomstart-retry.service)
for f in "${units[@]}" /etc/xdg/autostart/roomstart.desktop; do
  [[ -f "$f" ]] || die "$f is not installed"
done
[[ -x /usr/lib/roomstart/autostart ]] || die "/usr/lib/roomstart/autostart is not executable"
desktop-file-validate /etc/xdg/autostart/roomstart.desktop || die "the autostart entry is not valid"
ok "the autostart entry, its launcher and the systemd user unit are installed"
# The units as systemd reads them (in system mode, which needs no running
# manager): the room screen comes back after any exit, and a give-up is retried.
systemd-analyze verify "${units[@]}" 2> "$work/units.txt" || die "the units do not verify: $(cat "$work/units.txt")"
grep -qx 'Restart=always' "${units[0]}" && grep -qx 'OnFailure=roomstart-retry.timer' "${units[0]}" ||
  die "roomstart.service does not restart after every exit and retry after a give-up"
ok "the units verify; the room screen restarts after any exit, and systemd's give-up is retried"

# doctor under a display, a private D-Bus session and an unlocked keyring,
# with the sample config: it must report the config and autostart in place and
# the missing secrets (which keep it from contacting anything).
# The room's browser is Chromium: the policy the package installed for it must count.
mkdir -p "$work/home/.config" "$work/home/.local/share/applications"
printf '[Desktop Entry]\nType=Application\nName=Chromium\nExec=chromium %%U\n' \
  > "$work/home/.local/share/applications/chromium.desktop"
printf '[Default Applications]\nx-scheme-handler/https=chromium.desktop\n' > "$work/home/.config/mimeapps.list"
dbus-run-session -- xvfb-run --auto-servernum bash -c '
  source '"$repo_root"'/scripts/lib/keyring.sh; start_unlocked_keyring pw
  HOME='"$work"'/home XDG_CONFIG_HOME='"$work"'/home/.config /usr/bin/roomstart doctor
  kill "$keyring_pid"' > "$work/doctor.txt" 2>&1 || true
cat "$work/doctor.txt"
grep -q '^✓ config' "$work/doctor.txt" || die "doctor did not load the sample config"
grep -q '^✓ autostart' "$work/doctor.txt" || die "doctor did not find the autostart entry in place"
grep -q '^✓ browser: .*chromium' "$work/doctor.txt" || die "doctor did not find the Chromium policy in place"
grep -q '^✗ .*zoom.client_secret' "$work/doctor.txt" || die "doctor did not report the missing Zoom secret"
ok "the installed roomstart doctor reads the sample config and finds autostart and the browser policy in place"

# Login without a systemd user session: the autostart launcher runs the app
# itself, and the installed app's window asks for the room screen.
dbus-run-session -- xvfb-run --auto-servernum bash -c '
  source '"$repo_root"'/scripts/lib/keyring.sh; start_unlocked_keyring pw
  export HOME='"$work"'/home XDG_CONFIG_HOME='"$work"'/home/.config
  /usr/lib/roomstart/autostart & launcher=$!
  for _ in $(seq 300); do
    grep -qs "the window asked for the room screen" "$HOME"/.local/state/roomstart/logs/* && break
    sleep 0.1
  done
  kill "$launcher" "$keyring_pid" 2>/dev/null; wait 2>/dev/null; true' > "$work/autostart.txt" 2>&1
grep -qs "the window asked for the room screen" "$work"/home/.local/state/roomstart/logs/* ||
  die "the autostart launcher did not bring up the window: $(cat "$work/autostart.txt")"
ok "the autostart launcher starts the installed app, whose window asks for the room screen"
bash scripts/test-launcher.sh /usr/lib/roomstart/autostart

# Crash restart needs a systemd user manager, which runs only where systemd is PID 1.
if [[ "$(ps -o comm= 1)" == systemd ]] && systemctl --user show-environment >/dev/null 2>&1; then
  systemd-analyze --user verify /usr/lib/systemd/user/roomstart.service
  ok "the unit verifies"
else
  echo "- crash restart not run: no systemd user manager here (PID 1 is $(ps -o comm= 1))"
fi

mapfile -t files < <(dpkg-query -L roomstart | while read -r p; do if [[ -f "$p" || -L "$p" ]]; then echo "$p"; fi; done)
apt-get "${apt_opts[@]}" purge -y roomstart
if dpkg-query -W -f='${Status}' roomstart 2>/dev/null | grep -q installed; then
  die "roomstart is still installed after purge"
fi
left=$(for p in "${files[@]}"; do if [[ -e "$p" ]]; then echo "$p"; fi; done)
[[ -z "$left" ]] || die "purge left: $left"
[[ -f /etc/roomstart/config.toml ]] || die "purge removed the admin's /etc/roomstart/config.toml"
rm /etc/roomstart/config.toml /etc/roomstart/config.toml.test-packages
rmdir /etc/roomstart 2>/dev/null || true
ok "purge removed all ${#files[@]} packaged files and kept the admin's config"

if [[ -n "${ROOMSTART_KEEP_DIST:-}" ]]; then
  mkdir -p "$ROOMSTART_KEEP_DIST"
  [[ -z "$(ls -A "$ROOMSTART_KEEP_DIST")" ]] || die "ROOMSTART_KEEP_DIST=$ROOMSTART_KEEP_DIST is not empty"
  cp -a "$dist/apt" "$ROOMSTART_KEEP_DIST/apt"
  cp "$work/A.pub" "$ROOMSTART_KEEP_DIST/roomstart-archive-keyring.asc"
  # Whoever made the folder (test.sh, perhaps not root) can remove it.
  chown -R --reference="$ROOMSTART_KEEP_DIST" "$ROOMSTART_KEEP_DIST"
  ok "kept the signed apt repository and its key in $ROOMSTART_KEEP_DIST"
fi
