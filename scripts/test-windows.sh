#!/usr/bin/env bash
# The Windows lane: the whole workspace linted for Windows, roomstart-core's
# tests and the shell's windowless tests run as Windows programs under Wine,
# and the CLI (roomstart.exe) run for real under Wine. From a Debian 12 machine
# with nothing but Debian's packages and crates.io:
#   bash scripts/test-windows.sh          (scripts/test.sh runs it last)
#
# How, and why each piece:
# - rustup cannot fetch the Windows standard library on this network, so
#   Debian's rustc-web (sysroot /usr) builds it from Debian's rust-web-src with
#   -Zbuild-std. That needs RUSTC_BOOTSTRAP=1 on a stable compiler, which Rust
#   does not promise to keep working: the lane is pinned to the rustc-web
#   version below, the one it was tested with. rustup's proxies come first on
#   PATH, so Debian's binaries are named by their full path.
# - The target is x86_64-pc-windows-gnu: mingw-w64 links and builds the C
#   (aws-lc). The MSVC target needs Microsoft's compiler and is not built here.
# - Its own target folder (target/windows-ci) and Wine prefix: another
#   compiler than the Linux build's, so neither rebuilds or locks the other.
# - Wine 8.0 has no bcryptprimitives.dll, whose ProcessPrng Rust's std imports:
#   without it every Rust .exe fails to load. A stand-in over BCryptGenRandom,
#   built here with mingw, goes into the prefix's system32.
# - Wine has no WebView2: the window is compiled and linted, never run.
# Every heavy step runs under `nice -n 10`: the Linux build shares the CPU.
# SKIP_APT=1 skips the package check.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD

T=x86_64-pc-windows-gnu
RUSTC_WEB_VERSION="1.96.0"
OUT="$repo/target/windows-ci"
mkdir -p "$OUT"

lane_start=$SECONDS
phase_start=$SECONDS
phase_name=""
times=()
phase() {
  [[ -n "$phase_name" ]] && times+=("$(printf '%5d s  %s' $((SECONDS - phase_start)) "$phase_name")")
  phase_name="$*"
  phase_start=$SECONDS
  [[ -n "$phase_name" ]] && printf '\n== windows: %s\n' "$phase_name"
  return 0
}
# The phases' times, also when one fails (it is then the last one listed).
work=""
finish() {
  local rc=$?
  [[ -n "$work" ]] && rm -rf "$work"
  phase ""
  printf '\n== windows: phase times\n'
  printf '  %s\n' "${times[@]}"
  printf '  %5d s  %s\n' $((SECONDS - lane_start)) "the Windows lane"
  ((rc == 0)) || printf 'the Windows lane FAILED (exit %d)\n' "$rc"
}
trap finish EXIT

phase "Debian packages"
PKGS=(rustc-web cargo-web rust-web-src rust-web-clippy gcc-mingw-w64-x86-64 wine wine64 osslsigncode nsis
  openssl python3)
if [[ -z "${SKIP_APT:-}" ]]; then
  missing=()
  for p in "${PKGS[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
  done
  if ((${#missing[@]})); then
    SUDO=""; [[ $(id -u) -ne 0 ]] && SUDO="sudo"
    echo "installing: ${missing[*]}"
    $SUDO apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $SUDO apt-get install -y -qq --no-install-recommends "${missing[@]}"
  fi
fi

# Debian's toolchain, whatever rustup puts first on PATH.
CARGO=/usr/bin/cargo
export RUSTC=/usr/bin/rustc RUSTDOC=/usr/bin/rustdoc
export PATH="/usr/bin:$PATH"   # cargo clippy finds Debian's cargo-clippy, not rustup's proxy
export RUSTC_BOOTSTRAP=1
have=$($RUSTC --version | awk '{print $2}')
[[ "$have" == "$RUSTC_WEB_VERSION" ]] ||
  echo "warning: Debian's rustc is $have; this lane was tested with $RUSTC_WEB_VERSION (-Zbuild-std is unstable)" >&2
[[ "$($RUSTC --print sysroot)" == /usr && -f /usr/lib/rustlib/src/rust/library/std/Cargo.toml ]] || {
  echo "Debian's rustc-web and rust-web-src are needed (the standard library's source)" >&2; exit 1; }
BUILD_STD=(-Zbuild-std=std,panic_abort)
export CARGO_TARGET_DIR="$OUT/target"
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_LINKER=x86_64-w64-mingw32-gcc
export CC_x86_64_pc_windows_gnu=x86_64-w64-mingw32-gcc
export AR_x86_64_pc_windows_gnu=x86_64-w64-mingw32-ar
# Dependencies' caches are no use to a lane that builds once.
export CARGO_INCREMENTAL=0
cargo_win() { local sub=$1; shift; nice -n 10 "$CARGO" "$sub" "${BUILD_STD[@]}" --target "$T" --locked "$@"; }

phase "Wine prefix"
export WINEPREFIX="$OUT/wineprefix"
export WINEDLLOVERRIDES="mscoree,mshtml="   # no Mono or Gecko installer prompts
export WINEDEBUG=-all
if [[ ! -f "$WINEPREFIX/system.reg" ]]; then
  wine wineboot --init
  wineserver -w
fi
dll="$WINEPREFIX/drive_c/windows/system32/bcryptprimitives.dll"
if [[ ! -f "$dll" ]]; then
  cat > "$OUT/bcryptprimitives.c" <<'EOF'
/* Wine 8.0 lacks bcryptprimitives.dll; Rust's std imports ProcessPrng from it. */
#include <windows.h>
#include <bcrypt.h>
BOOL WINAPI ProcessPrng(PBYTE p, SIZE_T n) {
    while (n > 0) {
        ULONG c = n > 0x7fffffff ? 0x7fffffff : (ULONG)n;
        if (!BCRYPT_SUCCESS(BCryptGenRandom(NULL, p, c, BCRYPT_USE_SYSTEM_PREFERRED_RNG))) return FALSE;
        p += c; n -= c;
    }
    return TRUE;
}
EOF
  printf 'LIBRARY bcryptprimitives.dll\nEXPORTS\n    ProcessPrng\n' > "$OUT/bcryptprimitives.def"
  x86_64-w64-mingw32-gcc -O2 -shared -o "$dll" "$OUT/bcryptprimitives.c" "$OUT/bcryptprimitives.def" -lbcrypt
fi
# Loader errors stay visible; there is no display, so window and tray complaints are hushed.
export WINEDEBUG=fixme-all,err-winediag,err-systray
WINE=/usr/lib/wine/wine64
export CARGO_TARGET_X86_64_PC_WINDOWS_GNU_RUNNER=$WINE
# The shell's test program imports WebView2Loader.dll, which webview2-com-sys
# leaves in target/<triple>/debug/, not beside the test programs in deps/.
winpath() { printf 'Z:%s' "$(tr / '\\' <<<"$1")"; }
export WINEPATH
WINEPATH=$(winpath "$CARGO_TARGET_DIR/$T/debug")

# tauri-build embeds ui/dist and icons/icon.ico into a Windows build.
if [[ ! -f ui/dist/index.html ]]; then
  phase "front end (ui/dist)"
  [[ -d ui/node_modules ]] || npm --prefix ui ci --no-audit --no-fund
  npm --prefix ui run build
fi

phase "clippy for Windows (workspace, all targets)"
cargo_win clippy --workspace --all-targets -- -D warnings

phase "tests under Wine (build and run)"
log="$OUT/tests.log"
cargo_win test --workspace --exclude roomstart-e2e 2>&1 | tee "$log"
awk '/^test result:/ {p += $4; f += $6; i += $8} END {
  printf "windows tests: %d passed, %d failed, %d ignored\n", p, f, i }' "$log"

phase "roomstart.exe, and the CLI under Wine"
# The tests above built every dependency; this adds the shell and its binary.
cargo_win build --bin roomstart
WINE=$WINE bash scripts/lib/windows-cli.sh "$CARGO_TARGET_DIR/$T/debug/roomstart.exe"

# Tauri's NSIS bundler cannot run here: on Linux it downloads its NSIS plugin
# (nsis_tauri_utils.dll) from github.com and checks its hash, and this network
# does not reach GitHub ("failed to bundle project: io: failed to lookup
# address information"). So the installer is packaging/windows/roomstart.nsi,
# built by Debian's makensis with NSIS's own plugins only. The program, the
# installer and its uninstaller are signed; MSI and real signing stay with
# .github/workflows/bundles.yml.
phase "installer built, signed (Authenticode), verified, refused when changed"
work=$(mktemp -d)
for k in A B; do   # A signs; B is "another certificate"
  openssl req -x509 -newkey rsa:3072 -nodes -days 2 -subj "/CN=Roomstart test signer $k" \
    -addext "keyUsage=critical,digitalSignature" -addext "extendedKeyUsage=codeSigning" \
    -addext "basicConstraints=critical,CA:false" -keyout "$work/$k.key" -out "$work/$k.pem" 2>/dev/null
done
export ROOMSTART_WINDOWS_CERT="$work/A.pem" ROOMSTART_WINDOWS_KEY="$work/A.key"
version=$(python3 -c 'import json; print(json.load(open("tauri.conf.json"))["version"])')
setup="Roomstart_${version}_x64-setup.exe"
mkdir "$work/dist" "$work/packed"
cp "$CARGO_TARGET_DIR/$T/debug/roomstart.exe" "$work/packed/roomstart.exe"
bash scripts/lib/windows-sign.sh "$work/packed/roomstart.exe"
cp "$work/packed/roomstart.exe" "$work/dist/roomstart.exe"
makensis -V2 -DVERSION="$version" -DEXE="$work/packed/roomstart.exe" \
  -DLOADER="$CARGO_TARGET_DIR/$T/debug/WebView2Loader.dll" -DOUT="$work/dist/$setup" \
  -DSIGN="bash $repo/scripts/lib/windows-sign.sh" packaging/windows/roomstart.nsi
echo "installer: $setup, $(stat -c %s "$work/dist/$setup") bytes"
bash scripts/verify.sh --windows "$work/dist" "$work/A.pem"
if bash scripts/verify.sh --windows "$work/dist" "$work/B.pem" >"$work/B.txt"; then
  echo "✗ verify accepted a signature by another certificate" >&2; exit 1
fi
[[ $(grep -c '^✗' "$work/B.txt") -eq 2 ]] || { echo "✗ verify with another certificate did not refuse both files: $(cat "$work/B.txt")" >&2; exit 1; }
echo "✓ verify refuses the installer and roomstart.exe when it trusts another certificate"
# One byte of each file's code changed (past the headers, before the signature).
for f in roomstart.exe "$setup"; do
  rm -rf "$work/tampered" && cp -a "$work/dist" "$work/tampered"
  byte=$(od -An -tu1 -j65536 -N1 "$work/tampered/$f")
  printf "\\x$(printf %02x $(((byte + 1) % 256)))" |
    dd of="$work/tampered/$f" bs=1 seek=65536 conv=notrunc status=none
  cmp -s "$work/dist/$f" "$work/tampered/$f" && { echo "✗ the byte did not change" >&2; exit 1; }
  if bash scripts/verify.sh --windows "$work/tampered" "$work/A.pem" >"$work/tampered.txt"; then
    echo "✗ verify accepted $f with a byte changed" >&2; exit 1
  fi
  grep -q "^✗ $f" "$work/tampered.txt" || { echo "✗ verify did not name $f: $(cat "$work/tampered.txt")" >&2; exit 1; }
  echo "✓ verify refuses $f with one byte changed"
done

phase "installer under Wine: silent install, the installed program runs, silent uninstall"
installed="$WINEPREFIX/drive_c/Program Files/Roomstart"
key='HKLM\Software\Microsoft\Windows\CurrentVersion\Uninstall\Roomstart'
# IT's managed config, written before install as a provisioning script would.
managed="$WINEPREFIX/drive_c/ProgramData/Roomstart/config.toml"
mkdir -p "$(dirname "$managed")" && cp config.sample.toml "$managed"
"$WINE" "$work/dist/$setup" /S
wineserver -w
for f in roomstart.exe WebView2Loader.dll uninstall.exe; do
  [[ -f "$installed/$f" ]] || { echo "✗ the installer did not put $f in Program Files" >&2; exit 1; }
done
osslsigncode verify -CAfile "$work/A.pem" -in "$installed/uninstall.exe" >/dev/null ||
  { echo "✗ the installed uninstaller is not signed" >&2; exit 1; }
cmp -s "$installed/roomstart.exe" "$work/packed/roomstart.exe" ||
  { echo "✗ the installed roomstart.exe is not the signed one" >&2; exit 1; }
"$WINE" reg query "$key" /v QuietUninstallString | tr -d '\r' | grep -q 'uninstall.exe" /S' ||
  { echo "✗ no uninstall entry for Windows' Apps list" >&2; exit 1; }
[[ "$("$WINE" "C:\\Program Files\\Roomstart\\roomstart.exe" --version | tr -d '\r')" == "roomstart "* ]]
echo "✓ installed: Program Files\\Roomstart holds the signed roomstart.exe, its loader and a signed uninstaller; Apps lists it; it runs"
"$WINE" "C:\\Program Files\\Roomstart\\uninstall.exe" /S
wineserver -w   # the uninstaller runs from a copy of itself in TEMP
[[ ! -e "$installed" ]] || { echo "✗ uninstall left $(ls "$installed")" >&2; exit 1; }
if "$WINE" reg query "$key" >/dev/null 2>&1; then echo "✗ uninstall left its Apps entry" >&2; exit 1; fi
[[ -f "$managed" ]] || { echo "✗ uninstall removed IT's managed config" >&2; exit 1; }
rm -f "$managed"
echo "✓ uninstalled: nothing left in Program Files or the Apps list; IT's config in ProgramData stays"
