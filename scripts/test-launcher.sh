#!/usr/bin/env bash
# The autostart launcher without systemd keeps the app running: whatever ends
# the app (a clean exit, an error, a kill), it starts it again, waiting twice as
# long each time up to a minute, and a healthy run starts the waits over. Runs
# the launcher (packaging/linux/autostart, or the path given: test-packages.sh
# passes the installed one) with a fake app and a fake sleep that records each
# wait instead of sleeping; nothing here reads a clock or waits on one.
set -euo pipefail
cd "$(dirname "$0")/.."
launcher="$(realpath "${1:-packaging/linux/autostart}")"
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
ok() { echo "✓ $*"; }
die() { echo "✗ $*" >&2; exit 1; }

# No systemd user manager, even on a computer that has one: the launcher must
# take its own path, not start the installed unit. With FAKE_SYSTEMD set, a
# user manager that records what it is asked.
mkdir "$work/bin"
cat > "$work/bin/systemctl" <<'SH'
#!/bin/sh
[ -n "${FAKE_SYSTEMD:-}" ] || exit 1
echo "systemctl $*" >> "$RECORD/systemctl"
SH
# The fake app records each run and ends as a room's app might: cleanly (a
# closed window), with an error, or killed.
cat > "$work/bin/fake-app" <<'SH'
#!/bin/sh
echo run >> "$RECORD/runs"
case $(wc -l < "$RECORD/runs") in
  1|4|7) exit 0 ;;
  2|5|8) exit 1 ;;
  *) kill -KILL $$ ;;
esac
SH
# The fake sleep records the wait it was asked for; after $WAITS of them it
# ends the launcher (its parent) as a session's end would.
cat > "$work/bin/fake-sleep" <<'SH'
#!/bin/sh
echo "$1" >> "$RECORD/waits"
[ "$(wc -l < "$RECORD/waits")" -lt "$WAITS" ] || kill -TERM "$PPID"
SH
chmod +x "$work/bin/"*

# Runs the launcher until the fake sleep ends it; prints the waits on one line.
# The caller's display, if any, is not the launcher's business here: each test names its own.
unset DISPLAY WAYLAND_DISPLAY

waits_of() { # healthy-seconds waits [launcher arguments]
  rm -f "$work/runs" "$work/waits"
  PATH="$work/bin:$PATH" RECORD="$work" WAITS="$2" \
    ROOMSTART_LAUNCHER_APP="$work/bin/fake-app" ROOMSTART_LAUNCHER_SLEEP="$work/bin/fake-sleep" \
    ROOMSTART_LAUNCHER_HEALTHY="$1" sh "$launcher" "${@:3}" 2> "$work/stderr" ||
    die "the launcher ended with $?: $(cat "$work/stderr")"
  [[ $(wc -l < "$work/runs") -eq $2 ]] ||
    die "the app ran $(wc -l < "$work/runs") times for $2 waits: $(cat "$work/stderr")"
  paste -sd ' ' "$work/waits"
}

# A run never counts as healthy (it must last an hour): each wait doubles, up to 60 s.
got=$(waits_of 3600 9)
[[ $got == "1 2 4 8 16 32 60 60 60" ]] || die "waits after quick ends: $got"
grep -q "roomstart ended (status 0); starting it again in 1s" "$work/stderr" || die "no word of the clean exit: $(cat "$work/stderr")"
grep -q "roomstart ended (status 1); starting it again in 2s" "$work/stderr" || die "no word of the failure: $(cat "$work/stderr")"
grep -q "roomstart ended (status 137); starting it again in 4s" "$work/stderr" || die "no word of the kill: $(cat "$work/stderr")"
ok "the launcher restarts the app after a clean exit, an error and a kill, waiting 1, 2, 4 ... 60 s"

# Every run counts as healthy (0 s is enough): the wait stays at 1 s.
got=$(waits_of 0 4)
[[ $got == "1 1 1 1" ]] || die "waits after healthy runs: $got"
ok "after a healthy run the launcher waits 1 s again"

# Under a systemd user manager the unit runs the app; --foreground (a kiosk
# compositor's one command) keeps it here all the same.
rm -f "$work/systemctl" "$work/runs"
FAKE_SYSTEMD=1 PATH="$work/bin:$PATH" RECORD="$work" sh "$launcher" ||
  die "the launcher ended with $? under systemd"
grep -q "systemctl --user start roomstart.service" "$work/systemctl" || die "under systemd the launcher did not start the unit"
[[ ! -e $work/runs ]] || die "under systemd the launcher ran the app itself"
rm -f "$work/systemctl"
got=$(FAKE_SYSTEMD=1 waits_of 3600 3 --foreground)
[[ $got == "1 2 4" ]] || die "waits with --foreground: $got"
[[ ! -e $work/systemctl ]] || die "--foreground asked systemd: $(cat "$work/systemctl")"
ok "under systemd the launcher starts the unit; with --foreground it keeps the app running itself"

# A session that is gone ends the loop once the app ends: no launcher
# outlives a logout, trying to start an app that has no display.
touch "$work/wayland-0"
cat > "$work/bin/fake-app" <<'SH'
#!/bin/sh
echo run >> "$RECORD/runs"
[ "$(wc -l < "$RECORD/runs")" -lt 3 ] || rm "$RECORD/wayland-0"
exit 1
SH
rm -f "$work/runs" "$work/waits"
WAYLAND_DISPLAY="$work/wayland-0" PATH="$work/bin:$PATH" RECORD="$work" WAITS=9 \
  ROOMSTART_LAUNCHER_APP="$work/bin/fake-app" ROOMSTART_LAUNCHER_SLEEP="$work/bin/fake-sleep" \
  sh "$launcher" 2> "$work/stderr" || die "the launcher ended with $?: $(cat "$work/stderr")"
[[ $(wc -l < "$work/runs") -eq 3 && $(paste -sd ' ' "$work/waits") == "1 2" ]] ||
  die "the launcher went on after the Wayland display was gone: $(cat "$work/stderr")"
grep -q "roomstart ended (status 1) and its session is gone; not starting it again" "$work/stderr" ||
  die "no word of the session's end: $(cat "$work/stderr")"
# An X display whose socket is gone: the app ran once.
rm -f "$work/runs" "$work/waits"
DISPLAY=:4093 PATH="$work/bin:$PATH" RECORD="$work" WAITS=9 ROOMSTART_LAUNCHER_APP="$work/bin/fake-app" \
  ROOMSTART_LAUNCHER_SLEEP="$work/bin/fake-sleep" sh "$launcher" 2> "$work/stderr" || die "the launcher ended with $?"
[[ -e /tmp/.X11-unix/X4093 || ( $(wc -l < "$work/runs") -eq 1 && ! -e $work/waits ) ]] ||
  die "the launcher went on without its X display: $(cat "$work/stderr")"
# Orphaned: what started the launcher (a compositor, a session) has exited.
cat > "$work/bin/fake-app" <<'SH'
#!/bin/sh
echo run >> "$RECORD/runs"
touch "$RECORD/started"
for _ in $(seq 400); do [ -e "$RECORD/go" ] && exit 0; sleep 0.05; done
exit 2
SH
rm -f "$work/runs" "$work/waits" "$work/started" "$work/go"
PATH="$work/bin:$PATH" RECORD="$work" WAITS=9 ROOMSTART_LAUNCHER_APP="$work/bin/fake-app" \
  ROOMSTART_LAUNCHER_SLEEP="$work/bin/fake-sleep" sh -c '
    sh "$1" 2> "$RECORD/stderr" & echo $! > "$RECORD/launcher.pid"
    for _ in $(seq 400); do [ -e "$RECORD/started" ] && exit 0; sleep 0.05; done' sh "$launcher"
[[ -e $work/started ]] || die "the launcher did not start the app"
touch "$work/go"
launcher_pid=$(cat "$work/launcher.pid")
for _ in $(seq 400); do kill -0 "$launcher_pid" 2>/dev/null || break; sleep 0.05; done
! kill -0 "$launcher_pid" 2>/dev/null || die "the orphaned launcher went on"
[[ $(wc -l < "$work/runs") -eq 1 ]] && grep -q "its session is gone" "$work/stderr" ||
  die "the orphaned launcher started the app again: $(cat "$work/stderr")"
ok "once the session is gone (its display, or whatever started the launcher), the launcher stops"

# The session's end stops the app the launcher runs, and the launcher.
cat > "$work/bin/fake-app" <<'SH'
#!/bin/sh
echo $$ > "$RECORD/app.pid"
exec sleep 3600
SH
rm -f "$work/app.pid"
PATH="$work/bin:$PATH" RECORD="$work" ROOMSTART_LAUNCHER_APP="$work/bin/fake-app" sh "$launcher" &
launcher_pid=$!
for _ in $(seq 400); do
  [[ -s $work/app.pid ]] && break
  kill -0 "$launcher_pid" 2>/dev/null || die "the launcher ended before the app started"
  sleep 0.05
done
[[ -s $work/app.pid ]] || die "the launcher did not start the app"
kill -TERM "$launcher_pid"
wait "$launcher_pid" || die "the launcher ended with $? on SIGTERM"
app_pid=$(cat "$work/app.pid")
# A process that is gone but not yet reaped is a zombie: gone enough.
gone() { ! kill -0 "$app_pid" 2>/dev/null || [[ $(ps -o stat= -p "$app_pid") == Z* ]]; }
for _ in $(seq 400); do gone && break; sleep 0.05; done
gone || die "the app outlived its launcher"
ok "SIGTERM ends the launcher and the app it runs"
