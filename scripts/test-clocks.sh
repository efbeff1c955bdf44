#!/usr/bin/env bash
# Runs the Rust test binaries again under other clocks (Debian's faketime), to
# prove no test depends on the hour it runs at: late evening in UTC, and the
# minutes before Berlin's clocks change in spring and autumn. The binaries run
# directly, not through cargo, whose doc-test runner hangs under libfaketime.
set -euo pipefail
cd "$(dirname "$0")/.."

# "path/to/binary<TAB>package dir" for every test binary of the workspace but e2e.
mapfile -t binaries < <(cargo test --workspace --exclude roomstart-e2e --locked --no-run \
  --message-format=json 2>/dev/null | python3 -c '
import json, os, sys
for line in sys.stdin:
    m = json.loads(line)
    if m.get("reason") == "compiler-artifact" and m.get("executable") and m["profile"]["test"]:
        print(m["executable"] + "\t" + os.path.dirname(m["manifest_path"]))
')
((${#binaries[@]})) || { echo "no test binaries found" >&2; exit 1; }

# Cargo would set this from .cargo/config.toml; run directly, the binaries need
# it too, or ts-rs writes the UI's bindings into each crate's folder.
export TS_RS_EXPORT_DIR="$PWD/ui/src/bindings"

clocks=(
  "UTC|2026-11-23 22:40:00"
  "Europe/Berlin|2026-03-29 01:55:00"
  "Europe/Berlin|2026-10-25 02:50:00"
)
for clock in "${clocks[@]}"; do
  zone=${clock%%|*} at=${clock#*|}
  printf '\n== rust tests at %s (%s)\n' "$at" "$zone"
  for entry in "${binaries[@]}"; do
    binary=${entry%%$'\t'*} dir=${entry#*$'\t'}
    # The monotonic clock stays real: timers and timeouts measure elapsed time.
    (cd "$dir" && TZ=$zone FAKETIME_DONT_FAKE_MONOTONIC=1 faketime -m -f "@$at" "$binary" -q)
  done
done
