#!/usr/bin/env bash
# Inside the D-Bus session and Xvfb: builds the temporary XDG home with the
# recording handler, starts tauri-driver, runs the tests, and cleans up.
set -euo pipefail

work="$(mktemp -d)"
driver_pid=""
keyring_pid=""
cleanup() {
  [[ -n "$driver_pid" ]] && kill "$driver_pid" 2>/dev/null || true
  [[ -n "$keyring_pid" ]] && kill "$keyring_pid" 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT

export XDG_DATA_HOME="$work/data" XDG_CONFIG_HOME="$work/config" XDG_CACHE_HOME="$work/cache" XDG_STATE_HOME="$work/state"
unset BROWSER XDG_CURRENT_DESKTOP DESKTOP_SESSION
mkdir -p "$XDG_DATA_HOME/applications" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME"

# A real Secret Service on this private bus, unlocked, stopped on exit.
source "$(dirname "$0")/lib/keyring.sh"
start_unlocked_keyring 'e2e-login-password'

# The recording handler: appends each URL it is given to a file, one a line.
export ROOMSTART_E2E_RECORD="$work/opened-urls.txt"
cat > "$work/record-url" <<SH
#!/bin/sh
printf '%s\n' "\$1" >> "$ROOMSTART_E2E_RECORD"
SH
chmod +x "$work/record-url"
cat > "$XDG_DATA_HOME/applications/roomstart-recorder.desktop" <<DESKTOP
[Desktop Entry]
Type=Application
Name=Roomstart test URL recorder
Exec=$work/record-url %u
MimeType=x-scheme-handler/https;x-scheme-handler/http;x-scheme-handler/zoommtg;
NoDisplay=true
DESKTOP
cat > "$XDG_CONFIG_HOME/mimeapps.list" <<LIST
[Default Applications]
x-scheme-handler/https=roomstart-recorder.desktop
x-scheme-handler/http=roomstart-recorder.desktop
x-scheme-handler/zoommtg=roomstart-recorder.desktop
LIST

# Prove the routing before trusting it: xdg-open must reach the recorder.
xdg-open "https://zoom.us/j/100000001"
for _ in $(seq 50); do [[ -s "$ROOMSTART_E2E_RECORD" ]] && break; sleep 0.1; done
if [[ "$(cat "$ROOMSTART_E2E_RECORD" 2>/dev/null)" != "https://zoom.us/j/100000001" ]]; then
  echo "xdg-open did not reach the recording handler" >&2; exit 1
fi
: > "$ROOMSTART_E2E_RECORD"

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
export ROOMSTART_DEMO_PORT="$(free_port)"
driver_port="$(free_port)"
native_port="$(free_port)"
export ROOMSTART_E2E_DRIVER="http://127.0.0.1:$driver_port"

tauri-driver --port "$driver_port" --native-port "$native_port" \
  --native-driver "$(command -v WebKitWebDriver)" > "$ROOMSTART_E2E_ARTIFACTS/tauri-driver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 100); do
  curl -fsS "$ROOMSTART_E2E_DRIVER/status" >/dev/null 2>&1 && break
  sleep 0.1
done

# ROOMSTART_E2E_ONLY=<test file> runs one file, for working on it.
cargo test -p roomstart-e2e --locked ${ROOMSTART_E2E_ONLY:+--test "$ROOMSTART_E2E_ONLY"} -- --test-threads=1 --nocapture
