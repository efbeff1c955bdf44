#!/usr/bin/env bash
# Sets up, builds a release, and opens the room window on the embedded demo room.
set -euo pipefail
cd "$(dirname "$0")/.."

bash scripts/setup.sh
npm --prefix ui run build
cargo build --release
exec target/release/roomstart demo
