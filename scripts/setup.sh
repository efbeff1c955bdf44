#!/usr/bin/env bash
# Everything a fresh Debian/Ubuntu machine needs: system packages, the UI's npm
# packages, and (with --test) the test tools. Safe to run again.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup-system.sh "$@"
npm --prefix ui ci --no-audit --no-fund
if [[ "${1:-}" == "--test" ]] && ! command -v tauri-driver >/dev/null; then
  cargo install tauri-driver --locked --version 2.1.0
fi
