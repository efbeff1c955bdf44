#!/usr/bin/env bash
# The Ansible role (deploy/ansible) as IT runs it, on this machine:
#   bash scripts/test-ansible.sh APT_DIR PUBLIC_KEY
# APT_DIR is a signed apt repository (bundle.sh's dist/apt) and PUBLIC_KEY the
# key that signed it; scripts/test-packages.sh keeps both for this test when
# ROOMSTART_KEEP_DIST names a folder. ansible-lint must be clean. Then
# site.yml runs with `-c local` against the repository, for a room account of
# its own whose ICS feed (a secret, from an Ansible Vault file) is served on
# loopback:
# - the first run installs and provisions, and its doctor step passes;
# - the second run changes nothing, nor would one under --check; no secret
#   reaches either run's output;
# - roomstart_secrets_force rotates a secret; one the config does not use is refused;
# - the doctor step fails the play when a check fails (the feed is down);
# - the metrics folder is made for the room account.
# Then everything is purged and removed. Needs root.
set -euo pipefail
cd "$(dirname "$0")/.."
[[ $(id -u) -eq 0 ]] || exec sudo -E bash "$0" "$@"
[[ $# -eq 2 && -f "$1/dists/stable/InRelease" && -f "$2" ]] ||
  { echo "usage: $0 APT_DIR PUBLIC_KEY (a signed apt repository and its key)" >&2; exit 2; }
pub=$(realpath "$2")
room=roomstart-ci
ok() { echo "✓ $*"; }
die() { echo "✗ $*" >&2; exit 1; }

# What the role makes; this test refuses to run over any of it.
made=(/etc/apt/sources.list.d/roomstart.list /usr/share/keyrings/roomstart.asc /etc/roomstart)
for p in "${made[@]}"; do [[ ! -e "$p" ]] || die "$p already exists; refusing to touch it"; done
dpkg-query -W -f='${Status}' roomstart 2>/dev/null | grep -q installed && die "roomstart is already installed"
getent passwd "$room" >/dev/null && die "the account $room already exists"

work=$(mktemp -d)
# apt reads a file:// repository partly as its sandbox user _apt, which cannot
# enter a private folder such as test-packages.sh's: a readable copy.
repo_copy=$(mktemp -d)
chmod 755 "$repo_copy"
cp -r "$1" "$repo_copy/apt"
chmod -R a+rX "$repo_copy/apt"
apt_dir="$repo_copy/apt"
server_pid=""
cleanup() {
  [[ -n "$server_pid" ]] && kill "$server_pid" 2>/dev/null
  dpkg-query -W roomstart >/dev/null 2>&1 && apt-get purge -y -qq roomstart >/dev/null 2>&1
  rm -rf "${made[@]}"
  # apt's copy of the repository's indexes, named after its path.
  rm -f /var/lib/apt/lists/"$(tr / _ <<<"$apt_dir")"_*
  # The room account and its home (and keyring), once its keyring sessions have ended.
  if getent passwd "$room" >/dev/null; then
    for _ in $(seq 50); do pgrep -u "$room" >/dev/null || break; sleep 0.1; done
    userdel -r "$room" 2>/dev/null
  fi
  rm -rf "$work" "$repo_copy"
}
trap cleanup EXIT
# Ansible's and ansible-lint's temporary files and caches stay in $work.
export ANSIBLE_LOCAL_TEMP="$work/ansible-local" ANSIBLE_REMOTE_TEMP="$work/ansible-remote"
export ANSIBLE_NOCOLOR=1 ANSIBLE_FORCE_COLOR=0 NO_COLOR=1

echo "$(ansible --version | head -1), $(ansible-lint --nocolor --version 2>/dev/null | head -1)"
(cd deploy/ansible && XDG_CACHE_HOME="$work/cache" ansible-lint --nocolor) > "$work/lint.txt" 2>&1 || die "ansible-lint: $(cat "$work/lint.txt")"
cat "$work/lint.txt"
ok "ansible-lint is clean (production profile, deploy/ansible/.ansible-lint)"

# The room's calendar: an ICS feed on loopback (which Roomstart allows over
# http, for tests), with one meeting today. Its address is the secret; the
# random path shows whether it leaks.
token=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
mkdir "$work/www"
today=$(date -u +%Y%m%d)
printf '%s\r\n' BEGIN:VCALENDAR VERSION:2.0 PRODID:-//roomstart//ci//EN BEGIN:VEVENT \
  "UID:ci-$today@roomstart.invalid" "DTSTAMP:${today}T000000Z" "DTSTART:${today}T120000Z" \
  "DTEND:${today}T130000Z" "SUMMARY:Weekly" "DESCRIPTION:https://zoom.us/j/123456789" \
  END:VEVENT END:VCALENDAR > "$work/www/feed-$token.ics"
python3 -u -m http.server 0 --bind 127.0.0.1 --directory "$work/www" > "$work/server.txt" 2>&1 &
server_pid=$!
for _ in $(seq 50); do grep -q 'port [0-9]' "$work/server.txt" && break; sleep 0.1; done
port=$(grep -o 'port [0-9]*' "$work/server.txt" | head -1 | cut -d' ' -f2)
[[ -n "$port" ]] || die "the feed's server did not start: $(cat "$work/server.txt")"
feed="http://127.0.0.1:$port/feed-$token.ics"

# The inventory IT would write: this machine as the one room. No sudo here,
# so root becomes root with su.
cat > "$work/inventory.yml" <<EOF
rooms:
  hosts:
    localhost:
      ansible_connection: local
      ansible_python_interpreter: /usr/bin/python3
      ansible_become_method: su
      roomstart_apt_url: file://$apt_dir
      roomstart_apt_key: "{{ lookup('ansible.builtin.file', '$pub') }}"
      roomstart_user: $room
      roomstart_config:
        room:
          name: CI room
          timezone: UTC
        ics:
          - name: room
      roomstart_secrets:
        ics.room.url: "{{ vault_room_feed }}"
      # No Zoom client on CI, so nothing handles zoommtg: links.
      roomstart_doctor_ignore:
        - zoommtg handler
EOF
# The secret, in an Ansible Vault file as IT keeps it.
od -An -N16 -tx1 /dev/urandom | tr -d ' \n' > "$work/vault-pass"
printf 'vault_room_feed: "%s"\n' "$feed" > "$work/vault.yml"
ansible-vault encrypt --vault-password-file "$work/vault-pass" "$work/vault.yml" >/dev/null
grep -q "$token" "$work/vault.yml" && die "ansible-vault left the secret readable"

play() {
  ansible-playbook -v -i "$work/inventory.yml" -e "@$work/vault.yml" --vault-password-file "$work/vault-pass" \
    deploy/ansible/site.yml "$@"
}
recap() { # the PLAY RECAP's line for localhost, e.g. "ok=25 changed=0 … failed=0 …"
  sed -n '/^PLAY RECAP/,$p' "$1" | grep '^localhost' | sed 's/^localhost *: *//'
}
count() { recap "$1" | grep -o "$2=[0-9]*" | cut -d= -f2; }

play > "$work/run1.txt" 2>&1 || die "the first run failed: $(tail -40 "$work/run1.txt")"
echo "first run:  $(recap "$work/run1.txt")"
[[ $(count "$work/run1.txt" failed) == 0 && $(count "$work/run1.txt" changed) -gt 0 ]] ||
  die "the first run changed nothing or failed: $(recap "$work/run1.txt")"
grep -q 'roomstart doctor: no failing check (ignored: zoommtg handler)' "$work/run1.txt" ||
  die "the doctor step did not pass: $(tail -40 "$work/run1.txt")"
sed -n '/TASK \[roomstart : Show every check\]/,/^$/p' "$work/run1.txt"
ok "the first run installed and provisioned the room, and its doctor step passed"

play > "$work/run2.txt" 2>&1 || die "the second run failed: $(tail -40 "$work/run2.txt")"
echo "second run: $(recap "$work/run2.txt")"
[[ $(count "$work/run2.txt" changed) == 0 && $(count "$work/run2.txt" failed) == 0 ]] ||
  die "the second run changed something: $(grep -B1 '^changed:' "$work/run2.txt")"
ok "the second run changed nothing"

play --check > "$work/check.txt" 2>&1 || die "the run under --check failed: $(tail -40 "$work/check.txt")"
echo "--check:    $(recap "$work/check.txt")"
[[ $(count "$work/check.txt" changed) == 0 ]] || die "--check would change something: $(grep -B1 '^changed:' "$work/check.txt")"
grep -q 'roomstart doctor: no failing check' "$work/check.txt" || die "the doctor step did not run under --check"
ok "--check predicts no change, and its doctor step runs"

for f in run1 run2 check; do
  if grep -q "$token" "$work/$f.txt"; then die "the secret reached the output of $f"; fi
done
ok "the secret's value is in neither run's output (-v)"

# What the room has now, as the README's script would leave it.
dpkg-query -W -f='${Status}' roomstart | grep -q 'install ok installed' || die "roomstart is not installed"
grep -qx "deb \[signed-by=/usr/share/keyrings/roomstart.asc\] file://$apt_dir stable main" \
  /etc/apt/sources.list.d/roomstart.list || die "the source is not signed-by: $(cat /etc/apt/sources.list.d/roomstart.list)"
cmp -s "$pub" /usr/share/keyrings/roomstart.asc || die "the repository's key is not the one given"
[[ "$(stat -c '%U %a' /etc/roomstart/config.toml)" == "root 644" ]] || die "config.toml: $(stat -c '%U %a' /etc/roomstart/config.toml)"
[[ "$(stat -c '%U %a %s' /etc/roomstart/keyring-password)" == "$room 400 43" ]] ||
  die "keyring-password: $(stat -c '%U %a %s' /etc/roomstart/keyring-password)"
/usr/bin/roomstart config check | grep -q 'room "CI room"' || die "the managed config does not load"
# Asked apart from the role: the room account's keyring as the tests unlock one.
keyring_lib=$(cat scripts/lib/keyring.sh)
# shellcheck disable=SC2016 # expanded by the room account's bash
list=$(cd / && runuser -u "$room" -- env -u XDG_RUNTIME_DIR dbus-run-session -- bash -c "$keyring_lib"'
  start_unlocked_keyring "$(cat /etc/roomstart/keyring-password)" && roomstart secrets list; kill "$keyring_pid"')
[[ "$list" == "✓ ics.room.url  set" ]] || die "the room account's keyring: $list"
ok "installed from the signed repository; config root 644; the feed's address is in $room's own keyring"

# Rotation: a new address (the old one is gone) from another Vault file,
# stored only with roomstart_secrets_force; the doctor reads the new one.
token2=$(od -An -N8 -tx1 /dev/urandom | tr -d ' \n')
mv "$work/www/feed-$token.ics" "$work/www/feed-$token2.ics"
printf 'vault_room_feed: "http://127.0.0.1:%s/feed-%s.ics"\n' "$port" "$token2" > "$work/vault2.yml"
ansible-vault encrypt --vault-password-file "$work/vault-pass" "$work/vault2.yml" >/dev/null
play --tags roomstart_secrets,roomstart_doctor -e "@$work/vault2.yml" -e roomstart_secrets_force=true \
  > "$work/rotate.txt" 2>&1 || die "the rotation failed: $(tail -30 "$work/rotate.txt")"
[[ $(count "$work/rotate.txt" changed) == 1 ]] || die "the rotation: $(recap "$work/rotate.txt")"
grep -q "$token2" "$work/rotate.txt" && die "the rotated secret reached the output"
grep -q '"pass | calendar room | 1 events today and tomorrow"' "$work/rotate.txt" ||
  die "the doctor did not read the rotated address: $(grep -A14 'Show every check' "$work/rotate.txt")"
ok "roomstart_secrets_force stores the secret again (changed=1), and the doctor reads the new address"

# A secret the configuration does not use is refused, by name only.
if play --tags roomstart_secrets -e '{"roomstart_secrets": {"zoom.client_secret": "unused-'"$token"'"}}' \
  > "$work/unused.txt" 2>&1; then
  die "a secret the configuration does not use was accepted"
fi
grep -q 'roomstart_secrets names zoom.client_secret, which the configuration does not use; it uses ics.room.url' \
  "$work/unused.txt" || die "the refusal did not say why: $(tail -20 "$work/unused.txt")"
grep -q "unused-$token" "$work/unused.txt" && die "the refused secret's value reached the output"
ok "a secret the configuration does not use is refused by name"

# The doctor step fails the play when a check fails: the feed is gone.
kill "$server_pid"; wait "$server_pid" 2>/dev/null || true; server_pid=""
if play --tags roomstart_doctor > "$work/run3.txt" 2>&1; then
  die "the doctor step passed with the feed down: $(tail -20 "$work/run3.txt")"
fi
grep -q '✗ calendar room: ' "$work/run3.txt" || die "the doctor step did not name the feed: $(tail -20 "$work/run3.txt")"
ok "with the feed down the doctor step fails the play: $(grep -o '✗ calendar room: [^;]*' "$work/run3.txt" | head -1)"

# The metrics folder, on its own (the runs above leave [metrics] unset; the e2e
# metrics_scrape test covers the app writing it).
play --tags roomstart_metrics -e "roomstart_metrics_textfile=$work/metrics/roomstart.prom" > "$work/run4.txt" 2>&1 ||
  die "the metrics folder task failed: $(tail -20 "$work/run4.txt")"
[[ "$(stat -c '%U %a' "$work/metrics")" == "$room 755" ]] || die "metrics folder: $(stat -c '%U %a' "$work/metrics")"
ok "the metrics folder belongs to $room and everyone may read it"

mapfile -t files < <(dpkg-query -L roomstart | while read -r p; do if [[ -f "$p" || -L "$p" ]]; then echo "$p"; fi; done)
apt-get purge -y -qq roomstart >/dev/null
for p in "${files[@]}"; do [[ ! -e "$p" ]] || die "purge left $p"; done
cleanup
trap - EXIT
for p in "${made[@]}" "/home/$room"; do [[ ! -e "$p" ]] || die "$p is still there"; done
getent passwd "$room" >/dev/null && die "the account $room is still there"
ok "purged; the repository, its key, /etc/roomstart and $room are gone"
