#!/usr/bin/env bash
# Installs the Debian/Ubuntu packages Roomstart needs to build, run and test.
# Idempotent: skips apt when every package is already present.
set -euo pipefail

BUILD_PKGS=(libwebkit2gtk-4.1-dev libsoup-3.0-dev libayatana-appindicator3-dev librsvg2-dev
  libssl-dev build-essential file xdg-utils pkg-config curl)
TEST_PKGS=(xvfb webkit2gtk-driver gnome-keyring dbus-x11 libsecret-tools x11-apps imagemagick faketime
  python3-venv desktop-file-utils
  # The kiosk test's window manager and what presses Alt+F4 in it (e2e tests/kiosk_stays.rs).
  openbox xdotool wmctrl
  # The metrics test scrapes the real node_exporter and checks with promtool (e2e tests/metrics_scrape.rs).
  prometheus-node-exporter prometheus
  # Meet now's QR code is decoded from the window's screenshot by a real decoder (e2e tests/booking_buttons.rs).
  zbar-tools
  # The Ansible role's test (scripts/test-ansible.sh): Debian 12's ansible-core 2.14 and ansible-lint 6.13.
  ansible-core ansible-lint)
# Signing the packages and building the apt repository (scripts/bundle.sh).
BUNDLE_PKGS=(gnupg apt-utils rpm)

want=("${BUILD_PKGS[@]}")
case "${1:-}" in
  --test) want+=("${BUNDLE_PKGS[@]}" "${TEST_PKGS[@]}") ;;
  --bundle) want+=("${BUNDLE_PKGS[@]}") ;;
esac

missing=()
for p in "${want[@]}"; do
  dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if ((${#missing[@]})); then
  SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
  echo "installing: ${missing[*]}"
  $SUDO apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
fi
