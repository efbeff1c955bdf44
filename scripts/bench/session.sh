#!/usr/bin/env bash
# Inside the D-Bus session and Xvfb (started by run.sh): a temporary XDG home,
# an unlocked private gnome-keyring, tauri-driver; then bench.py measures.
#   session.sh WORKDIR [bench.py measure options] --app NAME BINARY SELECTOR ARGS ...
set -euo pipefail
work="$1"; shift

home="$(mktemp -d "$work/home.XXXXXX")"
driver_pid="" keyring_pid=""
cleanup() {
  [[ -n "$driver_pid" ]] && kill "$driver_pid" 2>/dev/null || true
  [[ -n "$keyring_pid" ]] && kill "$keyring_pid" 2>/dev/null || true
}
trap cleanup EXIT

export XDG_DATA_HOME="$home/data" XDG_CONFIG_HOME="$home/config" XDG_CACHE_HOME="$home/cache" XDG_STATE_HOME="$home/state"
unset BROWSER XDG_CURRENT_DESKTOP DESKTOP_SESSION ROOMSTART_DEMO_PORT
mkdir -p "$XDG_DATA_HOME" "$XDG_CONFIG_HOME" "$XDG_CACHE_HOME" "$XDG_STATE_HOME"

# A real Secret Service on this private bus, unlocked, stopped on exit (as the
# e2e tests have it; the demo room itself stores nothing in it).
source "$(dirname "$0")/../lib/keyring.sh"
start_unlocked_keyring 'bench-login-password'

free_port() { python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
driver_port="$(free_port)"
native_port="$(free_port)"
driver="http://127.0.0.1:$driver_port"
tauri-driver --port "$driver_port" --native-port "$native_port" \
  --native-driver "$(command -v WebKitWebDriver)" > "$work/logs/tauri-driver.log" 2>&1 &
driver_pid=$!
for _ in $(seq 100); do
  python3 -c "import urllib.request; urllib.request.urlopen('$driver/status', timeout=1)" 2>/dev/null && break
  sleep 0.1
done

python3 "$(dirname "$0")/bench.py" measure --driver "$driver" --out "$work/results.json" \
  --logdir "$work/logs" "$@"
