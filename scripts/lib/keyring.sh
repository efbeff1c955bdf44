# Sourced: a real Secret Service for the current (private) D-Bus session.
#   start_unlocked_keyring PASSWORD   starts gnome-keyring's secrets component,
#                                     unlocked with PASSWORD, and waits until it
#                                     owns org.freedesktop.secrets (10 s at most).
# Sets keyring_pid; the caller stops it (kill "$keyring_pid") when done.
start_unlocked_keyring() {
  printf '%s' "$1" | gnome-keyring-daemon --unlock --components=secrets --foreground >/dev/null 2>&1 &
  keyring_pid=$!
  for _ in $(seq 100); do
    dbus-send --session --print-reply --dest=org.freedesktop.DBus /org/freedesktop/DBus \
      org.freedesktop.DBus.NameHasOwner string:org.freedesktop.secrets 2>/dev/null | grep -q true && return 0
    sleep 0.1
  done
  echo "gnome-keyring did not come up on the session bus within 10 s" >&2
  return 1
}
