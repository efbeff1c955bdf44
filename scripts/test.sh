#!/usr/bin/env bash
# Sets up and runs every test: formatting and lints, front-end unit tests,
# the Rust tests (including the start path over loopback), and the end-to-end
# test of the real window under Xvfb. This is what CI runs.
set -euo pipefail
cd "$(dirname "$0")/.."
export PATH="$HOME/.cargo/bin:$PATH"

# Each step says how long it took, and the run ends with the table of them.
times=()
current=""
step_done() {
  [[ -n "$current" ]] && times+=("$(printf '%5ds  %s' $((SECONDS - step_started)) "$current")")
  current=""
}
step() {
  step_done
  current="$*"
  step_started=$SECONDS
  printf '\n== %s\n' "$*"
}
summary() {
  local code=$?
  step_done
  # The packages' signed repository, kept for the Ansible step (below).
  [[ -n "${kept_dist:-}" ]] && rm -rf "$kept_dist"
  printf '\n== step times (total %dm %02ds, exit %d)\n' $((SECONDS / 60)) $((SECONDS % 60)) "$code"
  printf '%s\n' "${times[@]}"
}
trap summary EXIT

# A one-off run gains nothing from incremental caches, which take gigabytes.
[[ -n "${CI:-}" ]] && export CARGO_INCREMENTAL=0
step "disk"
df -h . | tail -1

step "setup"
bash scripts/setup.sh --test

step "front end: type check, build, unit tests"
npm --prefix ui run build
npm --prefix ui test

step "rust: format and lints"
cargo fmt --all --check
cargo clippy --workspace --all-targets --locked -- -D warnings
# The simulation as the app builds it: the demo only, without the tests' fakes.
cargo clippy -p roomstart-sim --locked -- -D warnings

step "rust: dependencies' licences, bans and sources (deny.toml)"
cargo deny --locked check bans licenses sources

step "rust: unit and integration tests"
cargo test --workspace --exclude roomstart-e2e --locked
# cargo test regenerates the UI's IPC types: what is committed must be what Rust says.
if [[ -n "$(git status --porcelain -- ui/src/bindings)" ]]; then
  git status --short -- ui/src/bindings
  echo "ui/src/bindings is out of date: run cargo test and commit the result" >&2
  exit 1
fi

step "rust: the same tests under other clocks (faketime)"
bash scripts/test-clocks.sh

step "the app binary carries no test fake"
cargo build --locked
bash scripts/check-no-fakes.sh target/debug/roomstart

step "ICS: every occurrence against python's recurring-ical-events"
bash scripts/test-ics-differential.sh target/debug/roomstart

step "end to end: the real window under Xvfb"
bash scripts/test-e2e.sh target/debug/roomstart

step "packages: built, signed, verified, installed, run and purged"
# Its signed apt repository is kept for the Ansible role's test, so nothing is built twice.
kept_dist=$(mktemp -d)
ROOMSTART_KEEP_DIST="$kept_dist" bash scripts/test-packages.sh

step "ansible: the role lint-clean, run twice against the signed repository (second: no change), doctor, purge"
bash scripts/test-ansible.sh "$kept_dist/apt" "$kept_dist/roomstart-archive-keyring.asc"

# Last: its own compiler and target folder (target/windows-ci), so it shares
# nothing with the Linux build above and cannot break it; it prints its phases' times.
step "windows: clippy, the tests and the CLI under Wine (scripts/test-windows.sh)"
bash scripts/test-windows.sh
