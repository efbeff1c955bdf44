#!/usr/bin/env bash
# Fails if an app binary carries what only the tests' fakes need: a PEM private
# key, the /_sim/ routes, or the Google and Graph fakes' routes.
# Usage: scripts/check-no-fakes.sh target/release/roomstart
set -euo pipefail
binary=${1:?usage: check-no-fakes.sh BINARY}
text=$(mktemp)
trap 'rm -f "$text"' EXIT
strings -n 6 "$binary" >"$text"
found=0
for needle in "-----BEGIN PRIVATE KEY-----" "-----BEGIN RSA PRIVATE KEY-----" "/_sim/" "/google/calendar/v3" "/calendarView" "upstream connect error"; do
  if grep -qF -- "$needle" "$text"; then
    echo "✗ $binary contains \"$needle\"" >&2
    found=1
  fi
done
((found == 0)) && echo "✓ $binary carries no test fake"
exit "$found"
