; Roomstart's Windows installer, built by Debian's makensis (scripts/test-windows.sh):
;   makensis -DVERSION=0.1.0 -DEXE=roomstart.exe -DLOADER=WebView2Loader.dll \
;            -DOUT=Roomstart_0.1.0_x64-setup.exe [-DSIGN="bash scripts/lib/windows-sign.sh"] roomstart.nsi
; Tauri's own NSIS bundler cannot run here: it downloads its plugin DLL from
; GitHub. This script needs no plugin beyond NSIS's own.
; Per machine, into Program Files. What IT provisioned stays on uninstall: the
; managed config in C:\ProgramData\Roomstart and the secrets in the room
; account's Credential Manager. Silent: setup.exe /S, uninstall.exe /S.
; A 64-bit installer for a 64-bit program (and Wine's 64-bit-only prefix runs it).
Target amd64-unicode
ManifestDPIAware true
!ifndef VERSION | EXE | LOADER | OUT
  !error "VERSION, EXE, LOADER and OUT must be defined (-D)"
!endif
!define UNINSTALL_KEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Roomstart"

Name "Roomstart"
OutFile "${OUT}"
InstallDir "$PROGRAMFILES64\Roomstart"
RequestExecutionLevel admin
SetCompressor /SOLID lzma
; The installer and its uninstaller are signed as makensis writes them.
!ifdef SIGN
  !finalize '${SIGN} "%1"'
  !uninstfinalize '${SIGN} "%1"'
!endif

VIProductVersion "${VERSION}.0"
VIAddVersionKey "ProductName" "Roomstart"
VIAddVersionKey "ProductVersion" "${VERSION}"
VIAddVersionKey "FileVersion" "${VERSION}"
VIAddVersionKey "FileDescription" "Roomstart installer"
VIAddVersionKey "LegalCopyright" "Roomstart"

Page directory
Page instfiles
UninstPage uninstConfirm
UninstPage instfiles

Section "Roomstart"
  SetRegView 64
  SetShellVarContext all
  ; A running Roomstart holds its files; an upgrade ends it, and the logon
  ; task or the updater starts the new one.
  nsExec::Exec '"$SYSDIR\taskkill.exe" /IM roomstart.exe /F'
  Pop $0
  SetOutPath "$INSTDIR"
  File "/oname=roomstart.exe" "${EXE}"
  ; The gnu build loads WebView2's loader from beside the program.
  File "/oname=WebView2Loader.dll" "${LOADER}"
  WriteUninstaller "$INSTDIR\uninstall.exe"
  CreateShortcut "$SMPROGRAMS\Roomstart.lnk" "$INSTDIR\roomstart.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayName" "Roomstart"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayVersion" "${VERSION}"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "Publisher" "Roomstart"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "DisplayIcon" "$INSTDIR\roomstart.exe"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "InstallLocation" "$INSTDIR"
  WriteRegStr HKLM "${UNINSTALL_KEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
  WriteRegStr HKLM "${UNINSTALL_KEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoModify" 1
  WriteRegDWORD HKLM "${UNINSTALL_KEY}" "NoRepair" 1
SectionEnd

Section "Uninstall"
  SetRegView 64
  SetShellVarContext all
  nsExec::Exec '"$SYSDIR\taskkill.exe" /IM roomstart.exe /F'
  Pop $0
  Delete "$INSTDIR\roomstart.exe"
  Delete "$INSTDIR\WebView2Loader.dll"
  Delete "$INSTDIR\uninstall.exe"
  RMDir "$INSTDIR"
  Delete "$SMPROGRAMS\Roomstart.lnk"
  DeleteRegKey HKLM "${UNINSTALL_KEY}"
SectionEnd
