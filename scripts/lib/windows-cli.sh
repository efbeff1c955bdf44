#!/usr/bin/env bash
# roomstart.exe run for real under Wine (scripts/test-windows.sh sets up the
# prefix and the environment): --version, `config check` on the sample config
# in the managed place (C:\ProgramData\Roomstart, from the known-folder API),
# `secrets set/list/delete` through Wine's Credential Manager, and
# `doctor --json` with the zoommtg handler and Chrome's policy registered by
# `reg add` as the Zoom client and Group Policy would.
#   bash scripts/lib/windows-cli.sh path/to/roomstart.exe
set -euo pipefail
exe=${1:?usage: windows-cli.sh roomstart.exe}
: "${WINEPREFIX:?run by scripts/test-windows.sh}"
WINE=${WINE:-/usr/lib/wine/wine64}
ok() { echo "✓ $*"; }
die() { echo "✗ $*" >&2; exit 1; }
# Wine ends lines with CR LF; compare without the CR.
run() { "$WINE" "$exe" "$@" | tr -d '\r'; }
reg() { "$WINE" reg "$@" >/dev/null; }

version=$(run --version)
[[ "$version" =~ ^roomstart\ [0-9]+\.[0-9]+\.[0-9]+$ ]] || die "--version said: $version"
ok "roomstart.exe --version: $version"

# The sample, in the managed place: ProgramData as Windows knows it.
managed="$WINEPREFIX/drive_c/ProgramData/Roomstart/config.toml"
mkdir -p "$(dirname "$managed")"
cp config.sample.toml "$managed"
# The prefix is kept between runs: leave it as it was found.
cleanup() {
  rm -f "$managed"
  for key in 'HKCU\Software\Classes\zoommtg' 'HKLM\Software\Policies\Google\Chrome' \
    'HKCU\Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice'; do
    "$WINE" reg delete "$key" /f >/dev/null 2>&1 || true
  done
  "$WINE" "$exe" secrets delete zoom.client_secret >/dev/null 2>&1 || true
}
trap cleanup EXIT
path=$(run config path)
grep -qx 'managed: C:\\ProgramData\\Roomstart\\config.toml' <<<"$path" || die "config path said: $path"
checked=$(run config check) || die "config check refused the sample: $checked"
ok "config check reads C:\\ProgramData\\Roomstart\\config.toml: $(head -1 <<<"$checked")"

# The sample needs zoom.client_secret and ics.room.url.
long=$(printf 'k%.0s' $(seq 3000))   # over one credential's 2,560 bytes
printf '%s' "$long" | run secrets set zoom.client_secret >/dev/null
list=$(run secrets list || true)
grep -qx '✓ zoom.client_secret  set' <<<"$list" || die "secrets list after set: $list"
grep -q '^✗ ics.room.url  not set' <<<"$list" || die "secrets list: $list"
ok "secrets set stores a 3,000-character value; list says which are set"
if printf '%s' "http://calendar.example/room.ics" | run secrets set ics.room.url >/dev/null 2>&1; then
  die "secrets set took a plain-http feed"
fi
ok "secrets set refuses a plain-http feed"

# doctor, with what the Zoom client and Group Policy write into the registry.
reg add 'HKCU\Software\Classes\zoommtg' /ve /d 'URL:Zoom Launcher' /f
reg add 'HKCU\Software\Classes\zoommtg' /v 'URL Protocol' /d '' /f
reg add 'HKCU\Software\Classes\zoommtg\shell\open\command' /ve /d '"C:\Program Files\Zoom\bin\Zoom.exe" "--url=%1"' /f
reg add 'HKCU\Software\Microsoft\Windows\Shell\Associations\UrlAssociations\https\UserChoice' /v ProgId /d ChromeHTML /f
reg add 'HKLM\Software\Policies\Google\Chrome' /v AutoLaunchProtocolsFromOrigins \
  /d '[{"protocol": "zoommtg", "allowed_origins": ["https://zoom.us"]}]' /f
set +e
run doctor --json > "$WINEPREFIX/doctor.json"
code=$?
set -e
# ics.room.url is not set: the doctor fails, and says so in JSON.
[[ $code -eq 1 ]] || die "doctor --json exited $code, not 1 (a secret is missing): $(cat "$WINEPREFIX/doctor.json")"
python3 - "$WINEPREFIX/doctor.json" <<'EOF' || die "doctor --json: $(cat "$WINEPREFIX/doctor.json")"
import json, sys
report = json.load(open(sys.argv[1]))
rows = {c["name"]: c for c in report["checks"]}
def want(name, status, words=""):
    row = rows[name]
    assert row["status"] == status and words in row["detail"], (name, row)
assert report["ok"] is False and report["room"] == "Aurora (4th floor)", report
want("config", "pass", "C:\\ProgramData\\Roomstart\\config.toml")
want("zoommtg handler", "pass", "HKCU\\Software\\Classes\\zoommtg opens zoommtg: links with")
want("browser", "pass", "HKLM\\Software\\Policies\\Google\\Chrome\\AutoLaunchProtocolsFromOrigins lets https://zoom.us")
want("autostart", "warn", "no logon task Roomstart")
want("keyring", "pass", "reachable and unlocked")
want("secret zoom.client_secret", "pass", "set")
want("secret ics.room.url", "fail", "not set")
print(f"doctor --json: {len(rows)} checks, " + ", ".join(f"{n}={r['status']}" for n, r in rows.items()))
EOF
ok "doctor --json exits 1 (ics.room.url missing) with the Windows checks in its JSON"

run secrets delete zoom.client_secret >/dev/null
list=$(run secrets list || true)
grep -q '^✗ zoom.client_secret  not set' <<<"$list" || die "secrets list after delete: $list"
ok "secrets delete removes it (and its parts)"
