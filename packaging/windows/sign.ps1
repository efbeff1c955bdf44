# The bundler's signCommand (tauri.conf.json bundle.windows.signCommand): signs one
# file, %1, with what the environment provides, first match wins:
#   Azure Trusted Signing: AZURE_TRUSTED_SIGNING_ENDPOINT, _ACCOUNT, _PROFILE
#     (plus AZURE_CLIENT_ID, AZURE_CLIENT_SECRET, AZURE_TENANT_ID for the login),
#     through `trusted-signing-cli` (cargo install trusted-signing-cli);
#   a code-signing certificate file: WINDOWS_CERTIFICATE_PFX (path) and
#     WINDOWS_CERTIFICATE_PASSWORD, through signtool.
# With neither, an unsigned build is refused when ROOMSTART_REQUIRE_SIGNING is set
# (release builds) and allowed with a warning otherwise (a developer's build).
param([Parameter(Mandatory = $true)][string]$File)
$ErrorActionPreference = 'Stop'
$timestamp = if ($env:WINDOWS_TIMESTAMP_URL) { $env:WINDOWS_TIMESTAMP_URL } else { 'http://timestamp.acs.microsoft.com' }

if ($env:AZURE_TRUSTED_SIGNING_ENDPOINT) {
  trusted-signing-cli -e $env:AZURE_TRUSTED_SIGNING_ENDPOINT -a $env:AZURE_TRUSTED_SIGNING_ACCOUNT `
    -c $env:AZURE_TRUSTED_SIGNING_PROFILE -d Roomstart $File
} elseif ($env:WINDOWS_CERTIFICATE_PFX) {
  signtool sign /fd SHA256 /td SHA256 /tr $timestamp /f $env:WINDOWS_CERTIFICATE_PFX `
    /p $env:WINDOWS_CERTIFICATE_PASSWORD /d Roomstart $File
} elseif ($env:ROOMSTART_REQUIRE_SIGNING) {
  throw "no signing key in the environment: set AZURE_TRUSTED_SIGNING_* or WINDOWS_CERTIFICATE_PFX"
} else {
  Write-Warning "not signing $File (no signing key in the environment)"
  exit 0
}
if ($LASTEXITCODE -ne 0) { throw "signing $File failed ($LASTEXITCODE)" }
