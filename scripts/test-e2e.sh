#!/usr/bin/env bash
# Runs the WebDriver tests against the real app window: a private D-Bus
# session, Xvfb, a temporary XDG home whose only URL handler records what it
# receives, and tauri-driver in front of WebKitWebDriver.
set -euo pipefail
cd "$(dirname "$0")/.."
app="$(realpath "${1:-target/debug/roomstart}")"
export ROOMSTART_E2E_APP="$app"
export ROOMSTART_E2E_ARTIFACTS="${ROOMSTART_E2E_ARTIFACTS:-$PWD/artifacts/e2e}"
mkdir -p "$ROOMSTART_E2E_ARTIFACTS"
exec dbus-run-session -- xvfb-run --auto-servernum --server-args="-screen 0 3840x2160x24" \
  bash scripts/e2e-session.sh
