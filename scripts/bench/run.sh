#!/usr/bin/env bash
# Benchmarks Roomstart beside an empty Tauri 2 window (scripts/bench/floor/)
# built the same way, and writes a markdown table (see BENCHMARKS.md).
#
#   bash scripts/bench/run.sh [--quick] [--no-floor-build] [--runs N]
#        [--app target/release/roomstart] [--deb target/release/bundle/deb/X.deb]
#        [--out target/bench/results.md]
#
# --quick: 10 s to settle and a 60 s CPU window instead of 60 s and 10 min, 3
# cold starts instead of 5 (for trying it out; the figures are then rough).
# Measures: .deb and binary size; cold start to painted through WebDriver;
# idle PSS of app + WebKit processes (each alone); idle CPU (both at once).
# Runs in a private D-Bus session under Xvfb with an unlocked throw-away
# gnome-keyring and a temporary XDG home. Roomstart runs as `roomstart demo`,
# whose simulated Zoom and calendar listen on 127.0.0.1: no account, no
# secrets, nothing but loopback.
set -euo pipefail
cd "$(dirname "$0")/../.."
root="$PWD"
export PATH="$HOME/.cargo/bin:$PATH"

quick=0 build_floor=1 runs="" app="" deb="" out="target/bench/results.md"
while (($#)); do
  case "$1" in
    --quick) quick=1 ;;
    --no-floor-build) build_floor=0 ;;
    --runs) runs="$2"; shift ;;
    --app) app="$2"; shift ;;
    --deb) deb="$2"; shift ;;
    --out) out="$2"; shift ;;
    -h|--help) sed -n '2,16p' "$0"; exit 0 ;;
    *) echo "unknown argument: $1 (see --help)" >&2; exit 2 ;;
  esac
  shift
done

app="${app:-target/release/roomstart}"
if [[ -z "$deb" ]]; then
  debs=(target/release/bundle/deb/*.deb)
  [[ -e "${debs[0]}" ]] || { echo "no .deb in target/release/bundle/deb/: pass --deb" >&2; exit 1; }
  deb="${debs[-1]}"
fi
[[ -x "$app" ]] || { echo "no Roomstart release binary at $app: pass --app" >&2; exit 1; }
for tool in tauri-driver WebKitWebDriver xvfb-run dbus-run-session gnome-keyring-daemon python3; do
  command -v "$tool" >/dev/null || { echo "$tool is missing (scripts/setup-system.sh --test; cargo install tauri-driver)" >&2; exit 1; }
done

# The floor: its own workspace and target dir, bundled by the repo's Tauri CLI.
floor_target="$root/target/bench-floor"
if ((build_floor)); then
  (cd scripts/bench/floor &&
    CARGO_TARGET_DIR="$floor_target" "$root/ui/node_modules/.bin/tauri" build --bundles deb --ci -- --locked)
fi
floor_bin="$floor_target/release/bench-floor"
floor_debs=("$floor_target"/release/bundle/deb/bench-floor_*.deb)
[[ -x "$floor_bin" && -e "${floor_debs[0]}" ]] || { echo "the floor is not built (drop --no-floor-build)" >&2; exit 1; }

# Copies: the originals may be rebuilt while this runs; the copies' paths also
# tell this run's processes apart from any other.
work="$(mktemp -d /tmp/roomstart-bench.XXXXXX)"
mkdir -p "$work/bin" "$work/logs" "$(dirname "$out")"
# Keep the logs (and raw figures, even of a failed run) beside the table.
trap 'rm -rf "${out%.md}-logs"; cp -r "$work/logs" "${out%.md}-logs" 2>/dev/null;
  [[ -e "$work/results.json" ]] && cp "$work/results.json" "${out%.md}.json"; rm -rf "$work"' EXIT
cp "$app" "$work/bin/roomstart"
cp "$deb" "$work/bin/roomstart.deb"
cp "$floor_bin" "$work/bin/bench-floor"
cp "${floor_debs[-1]}" "$work/bin/bench-floor.deb"
size() { stat -c %s "$1"; }
cat > "$work/sizes.json" <<JSON
{"roomstart": {"binary": $(size "$work/bin/roomstart"), "deb": $(size "$work/bin/roomstart.deb"),
               "deb_name": "$(basename "$deb")"},
 "floor": {"binary": $(size "$work/bin/bench-floor"), "deb": $(size "$work/bin/bench-floor.deb"),
           "deb_name": "$(basename "${floor_debs[-1]}")"}}
JSON
echo "Roomstart: $app ($(sha256sum "$work/bin/roomstart" | cut -c1-16)), $deb" >&2

if ((quick)); then
  settle=10 window=60 runs="${runs:-3}"
else
  settle=60 window=600 runs="${runs:-5}"
fi

# The agenda is painted when its events are in the DOM (agenda.ts gives each
# one data-testid=event; demo_room.rs waits for the same); the floor has #floor.
dbus-run-session -- xvfb-run --auto-servernum --server-args="-screen 0 1920x1080x24" \
  bash scripts/bench/session.sh "$work" \
  --runs "$runs" --settle "$settle" --window "$window" \
  --app roomstart "$work/bin/roomstart" "[data-testid=event]" demo \
  --app floor "$work/bin/bench-floor" "#floor" ""

python3 scripts/bench/bench.py table "$work/results.json" "$work/sizes.json" > "$out"
cp "$work/sizes.json" "${out%.md}-sizes.json"
cat "$out"
echo >&2
echo "written: $out (raw figures: ${out%.md}.json, logs: ${out%.md}-logs/)" >&2
