#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs: system packages, the UI's npm
# packages, and (with --test) the test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh "$@"
# `npm ci` rejects the lock file npm 11 writes here (it omits other platforms' optional
# packages), so install against the lock file instead.
npm --prefix ui install --no-audit --no-fund
if [[ "${1:-}" == "--test" ]]; then
  command -v tauri-driver >/dev/null || cargo install tauri-driver --locked --version 2.1.0
  # Checks licences, bans and sources against deny.toml (compiled once, about 6 minutes).
  command -v cargo-deny >/dev/null || cargo install cargo-deny --locked --version 0.20.2
fi
