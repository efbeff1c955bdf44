#!/usr/bin/env bash
# Checks a dist/ from scripts/bundle.sh before anything in it is installed:
#   bash scripts/verify.sh DIST TRUSTED_KEY.asc
# TRUSTED_KEY.asc is the public key IT already trusts (compare its fingerprint
# with the one published), never the copy that came inside DIST. Checks:
#   SHA256SUMS.asc signs SHA256SUMS, and every file in DIST is listed and matches;
#   the .rpm carries a good signature by that key (rpm -K);
#   the apt repository's InRelease and Release.gpg are signed by that key, and
#   the Packages index and the .deb match the hashes they sign.
# Prints one line per check; exits non-zero if any fails.
#
# Windows: bash scripts/verify.sh --windows DIST TRUSTED_CERT.pem
# TRUSTED_CERT.pem is the code-signing certificate (or the CA above it) IT
# trusts. Every .exe and .msi in DIST must carry an Authenticode signature
# that chains to it and matches the file's bytes (osslsigncode verify).
set -uo pipefail
if [[ "${1:-}" == --windows ]]; then
  dist="${2:?usage: verify.sh --windows DIST TRUSTED_CERT.pem}"
  cert="${3:?usage: verify.sh --windows DIST TRUSTED_CERT.pem}"
  command -v osslsigncode >/dev/null || { echo "✗ osslsigncode is needed: sudo apt install osslsigncode"; exit 1; }
  failed=0 found=0
  while IFS= read -r -d '' file; do
    found=1
    if why=$(osslsigncode verify -CAfile "$cert" -in "$file" 2>&1); then
      echo "✓ $(basename "$file") is signed by the trusted certificate and unchanged"
    else
      echo "✗ $(basename "$file"): $(grep -m1 -iE 'mismatch|error|fail|no signature' <<<"$why" || tail -1 <<<"$why")"
      failed=1
    fi
  done < <(find "$dist" -maxdepth 1 -type f \( -name '*.exe' -o -name '*.msi' \) -print0)
  ((found)) || { echo "✗ no .exe or .msi in $dist"; exit 1; }
  if ((failed)); then echo "verification FAILED: do not install from $dist"; exit 1; fi
  echo "verified: every Windows file in $dist is what the certificate's owner signed"
  exit 0
fi
dist="${1:?usage: verify.sh DIST TRUSTED_KEY.asc}"
key="${2:?usage: verify.sh DIST TRUSTED_KEY.asc}"
dist=$(cd "$dist" && pwd)
key=$(cd "$(dirname "$key")" && pwd)/$(basename "$key")
for tool in gpg gpgv rpm sha256sum; do
  command -v "$tool" >/dev/null || { echo "✗ $tool is needed: sudo apt install gnupg rpm"; exit 1; }
done
failed=0
pass() { echo "✓ $*"; }
fail() { echo "✗ $*"; failed=1; }

work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
gpg --batch --quiet --dearmor -o "$work/trusted.gpg" < "$key" || { echo "✗ $key is no GPG public key"; exit 1; }
signed_by_key() { gpgv --quiet --keyring "$work/trusted.gpg" "$@" 2>/dev/null; }

cd "$dist"
if signed_by_key SHA256SUMS.asc SHA256SUMS; then pass "SHA256SUMS is signed by the trusted key"
else fail "SHA256SUMS is not signed by the trusted key"; fi
if sha256sum --quiet --strict -c SHA256SUMS 2>/dev/null; then pass "every file matches SHA256SUMS"
else fail "a file does not match SHA256SUMS: $(sha256sum --quiet -c SHA256SUMS 2>&1 | head -3 | tr '\n' ' ')"; fi
unlisted=$(comm -23 <(find . -type f ! -name 'SHA256SUMS*' -printf '%P\n' | LC_ALL=C sort) \
  <(awk '{print $2}' SHA256SUMS | LC_ALL=C sort))
if [[ -z "$unlisted" ]]; then pass "no file outside SHA256SUMS"
else fail "files not covered by SHA256SUMS: $unlisted"; fi

# rpm keeps trusted keys in its own database: a throwaway one holds only this key.
for rpm in ./*.rpm; do
  [[ -e "$rpm" ]] || { fail "no .rpm in $dist"; break; }
  mkdir -p "$work/rpmdb"
  rpm --dbpath "$work/rpmdb" --import "$key" 2>/dev/null
  if rpm --dbpath "$work/rpmdb" -K "$rpm" 2>&1 | grep -q 'digests signatures OK'; then
    pass "${rpm#./} is signed by the trusted key (rpm -K)"
  else fail "${rpm#./}: $(rpm --dbpath "$work/rpmdb" -K "$rpm" 2>&1 | tail -1)"; fi
done

release=apt/dists/stable
# What apt would believe: the hashes inside the signed InRelease, then the
# .deb's hash inside the Packages index those hashes cover.
apt_chain() {
  local index want file sum
  gpgv --quiet --keyring "$work/trusted.gpg" --output "$work/Release" "$release/InRelease" 2>/dev/null
  for index in main/binary-amd64/Packages main/binary-amd64/Packages.gz; do
    want=$(awk -v f="$index" '/^SHA256:/{on=1;next} /^[^ ]/{on=0} on && $3==f {print $1}' "$work/Release")
    if [[ -n "$want" && "$want" == "$(sha256sum < "$release/$index" | cut -d' ' -f1)" ]]; then
      pass "apt $index matches the signed Release"
    else fail "apt $index does not match the signed Release"; return; fi
  done
  while read -r file sum; do
    if [[ "$sum" == "$(sha256sum < "apt/$file" 2>/dev/null | cut -d' ' -f1)" ]]; then
      pass "apt/$file matches the signed Packages index"
    else fail "apt/$file does not match the signed Packages index"; fi
  done < <(awk '/^Filename:/{f=$2} /^SHA256:/{print f, $2}' "$release/main/binary-amd64/Packages")
}
if signed_by_key "$release/InRelease" && signed_by_key "$release/Release.gpg" "$release/Release"; then
  pass "the apt repository's InRelease and Release.gpg are signed by the trusted key"
  apt_chain
else fail "the apt repository's Release is not signed by the trusted key"; fi

if ((failed)); then echo "verification FAILED: do not install from $dist"; exit 1; fi
echo "verified: $dist is what the key's owner signed"
