#!/usr/bin/env bash
# Builds the Linux packages from the repository root into dist/ (or $1):
#   roomstart_<v>_amd64.deb, roomstart-<v>-1.x86_64.rpm,
#   apt/                       a signed apt repository holding the .deb,
#   roomstart-archive-keyring.asc   the public key that checks all of it,
#   SHA256SUMS, SHA256SUMS.asc      every file above, and its signature.
# Signing key: ROOMSTART_SIGNING_KEY, an ASCII-armoured GPG private key (the key
# itself, never a path or a file in the repository), with its passphrase, if
# any, in ROOMSTART_SIGNING_KEY_PASSPHRASE. Without a key the packages are built
# unsigned and the script says so. Check a dist/ with scripts/verify.sh.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"
out="${1:-dist}"

bash scripts/setup.sh --bundle

# The .rpm is signed by the bundler itself (rpm -K checks it).
if [[ -n "${ROOMSTART_SIGNING_KEY:-}" ]]; then
  export TAURI_SIGNING_RPM_KEY="$ROOMSTART_SIGNING_KEY"
  export TAURI_SIGNING_RPM_KEY_PASSPHRASE="${ROOMSTART_SIGNING_KEY_PASSPHRASE:-}"
fi
ui/node_modules/.bin/tauri build --bundles deb,rpm --ci

rm -rf "$out" && mkdir -p "$out"
cp target/release/bundle/deb/*.deb target/release/bundle/rpm/*.rpm "$out/"
deb=$(basename "$out"/*.deb)

if [[ -z "${ROOMSTART_SIGNING_KEY:-}" ]]; then
  (cd "$out" && sha256sum -- *.deb *.rpm > SHA256SUMS)
  echo "built UNSIGNED packages in $out/ (set ROOMSTART_SIGNING_KEY to sign them)" >&2
  exit 0
fi

# A private keyring for this run only: the key never touches ~/.gnupg.
GNUPGHOME=$(mktemp -d)
export GNUPGHOME
trap 'gpgconf --kill gpg-agent 2>/dev/null; rm -rf "$GNUPGHOME"' EXIT
gpg --batch --quiet --import <<<"$ROOMSTART_SIGNING_KEY"
# The passphrase goes in on a file descriptor: an argument would show in `ps`.
sign() {
  gpg --batch --yes --pinentry-mode loopback --passphrase-fd 3 --quiet "$@" \
    3<<<"${ROOMSTART_SIGNING_KEY_PASSPHRASE:-}"
}
gpg --armor --export > "$out/roomstart-archive-keyring.asc"

# The apt repository: `deb [signed-by=…] <url> stable main`.
repo="$out/apt"
mkdir -p "$repo/pool/main" "$repo/dists/stable/main/binary-amd64"
cp "$out/$deb" "$repo/pool/main/"
(
  cd "$repo"
  apt-ftparchive packages pool > dists/stable/main/binary-amd64/Packages
  gzip -9 -n -k dists/stable/main/binary-amd64/Packages
  apt-ftparchive \
    -o APT::FTPArchive::Release::Origin=Roomstart \
    -o APT::FTPArchive::Release::Label=Roomstart \
    -o APT::FTPArchive::Release::Suite=stable \
    -o APT::FTPArchive::Release::Codename=stable \
    -o APT::FTPArchive::Release::Architectures=amd64 \
    -o APT::FTPArchive::Release::Components=main \
    release dists/stable > dists/stable/Release.new
  mv dists/stable/Release.new dists/stable/Release
)
sign --clearsign -o "$repo/dists/stable/InRelease" "$repo/dists/stable/Release"
sign --armor --detach-sign -o "$repo/dists/stable/Release.gpg" "$repo/dists/stable/Release"

(cd "$out" && find . -type f ! -name 'SHA256SUMS*' -printf '%P\n' | LC_ALL=C sort |
  xargs -d '\n' sha256sum -- > SHA256SUMS)
sign --armor --detach-sign -o "$out/SHA256SUMS.asc" "$out/SHA256SUMS"
echo "built and signed in $out/: check it with bash scripts/verify.sh $out $out/roomstart-archive-keyring.asc"
