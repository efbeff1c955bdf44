#!/usr/bin/env bash
# Signs one Windows file in place with Authenticode (osslsigncode), for the
# bundler's signCommand when building on Linux: the roomstart.exe it packs,
# the uninstaller, and the installer. The certificate and its key are files
# named by ROOMSTART_WINDOWS_CERT and ROOMSTART_WINDOWS_KEY (PEM), never kept
# in the repository. Real releases sign on Windows (packaging/windows/sign.ps1).
#   bash scripts/lib/windows-sign.sh FILE
set -euo pipefail
file="${1:?usage: windows-sign.sh FILE}"
: "${ROOMSTART_WINDOWS_CERT:?the signing certificate (PEM)}" "${ROOMSTART_WINDOWS_KEY:?its private key (PEM)}"
signed="$file.signing"
osslsigncode sign -certs "$ROOMSTART_WINDOWS_CERT" -key "$ROOMSTART_WINDOWS_KEY" -h sha256 \
  -n Roomstart -i https://roomstart.invalid -in "$file" -out "$signed" >/dev/null
mv -f "$signed" "$file"
