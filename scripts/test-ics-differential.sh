#!/usr/bin/env bash
# Roomstart's ICS reader against an independent one: python's
# recurring-ical-events (pinned in scripts/ics-differential/requirements.txt),
# occurrence by occurrence, on every shared reference calendar and the
# producers' exports the Rust tests use, with the room in three zones.
set -euo pipefail
cd "$(dirname "$0")/.."
binary="${1:-target/debug/roomstart}"
venv="target/ics-differential-venv"
[[ -x "$venv/bin/python" ]] || python3 -m venv "$venv"
"$venv/bin/pip" install --quiet --disable-pip-version-check --require-virtualenv \
  -r scripts/ics-differential/requirements.txt
"$venv/bin/python" -W ignore scripts/ics-differential/compare.py --binary "$binary" \
  --zone Europe/Berlin --zone America/Los_Angeles --zone Pacific/Auckland \
  ../shared/reference/ics src-tauri/core/tests/fixtures/producers > target/ics-differential.log \
  && status=0 || status=$?
grep -v '^skipped' target/ics-differential.log
exit "$status"
