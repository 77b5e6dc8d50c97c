; Kiroku's Windows installer, built on Linux by scripts/dist.sh with Debian's
; NSIS (makensis). Per user: no administrator rights, nothing outside the
; user's own folders and HKCU.
;   makensis -DVERSION=v1.2.3 -DVERSION4=1.2.3.0 -DSRC=dir -DOUTFILE=setup.exe kiroku.nsi
; SRC holds kiroku.exe, kirokuctl.exe, kiroku-verify.exe, kiroku.ico,
; LICENSE.txt, THIRD_PARTY_NOTICES.txt and README.txt.
;
; Silent: setup.exe /S installs; uninstall.exe /S removes it again. The
; vault (in %AppData%\Kiroku unless the worker chose another place) is never
; touched by either.

Unicode true
; A 64-bit installer (Debian's nsis ships the amd64 stubs): Kiroku is
; amd64 only, and the installer then runs under 64-bit-only Wine too.
Target amd64-unicode
SetCompressor /SOLID lzma
; No file times in the installer: the same inputs give the same bytes.
SetDateSave off
RequestExecutionLevel user
ManifestDPIAware true

!define APP "Kiroku"
!define PROGID "Kiroku.Vault"
!define UNINSTKEY "Software\Microsoft\Windows\CurrentVersion\Uninstall\Kiroku"

Name "${APP}"
OutFile "${OUTFILE}"
InstallDir "$LOCALAPPDATA\Programs\Kiroku"
InstallDirRegKey HKCU "${UNINSTKEY}" "InstallLocation"
BrandingText "Kiroku ${VERSION}"

VIProductVersion "${VERSION4}"
VIFileVersion "${VERSION4}"
VIAddVersionKey /LANG=0 "ProductName" "Kiroku"
VIAddVersionKey /LANG=0 "FileDescription" "Kiroku installer"
VIAddVersionKey /LANG=0 "ProductVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "FileVersion" "${VERSION}"
VIAddVersionKey /LANG=0 "LegalCopyright" "GPL-3.0-or-later"

!include "MUI2.nsh"
!define MUI_ICON "${SRC}\kiroku.ico"
!define MUI_UNICON "${SRC}\kiroku.ico"
!define MUI_FINISHPAGE_RUN "$INSTDIR\kiroku.exe"
!insertmacro MUI_PAGE_LICENSE "${SRC}\LICENSE.txt"
!insertmacro MUI_PAGE_DIRECTORY
!insertmacro MUI_PAGE_INSTFILES
!insertmacro MUI_PAGE_FINISH
!insertmacro MUI_UNPAGE_CONFIRM
!insertmacro MUI_UNPAGE_INSTFILES
; The installer speaks the language of Windows: Japanese or English.
!insertmacro MUI_LANGUAGE "English"
!insertmacro MUI_LANGUAGE "Japanese"

Function .onInit
	SetShellVarContext current
	SetRegView 64
FunctionEnd

Function un.onInit
	SetShellVarContext current
	SetRegView 64
FunctionEnd

Section "Kiroku" SecMain
	SectionIn RO
	SetOutPath "$INSTDIR"
	File "${SRC}\kiroku.exe"
	File "${SRC}\kirokuctl.exe"
	File "${SRC}\kiroku-verify.exe"
	File "${SRC}\LICENSE.txt"
	File "${SRC}\THIRD_PARTY_NOTICES.txt"
	File "${SRC}\README.txt"
	WriteUninstaller "$INSTDIR\uninstall.exe"

	CreateShortcut "$SMPROGRAMS\Kiroku.lnk" "$INSTDIR\kiroku.exe" "" "$INSTDIR\kiroku.exe" 0

	; .kiroku files open in Kiroku (per user: HKCU\Software\Classes).
	WriteRegStr HKCU "Software\Classes\.kiroku" "" "${PROGID}"
	WriteRegStr HKCU "Software\Classes\${PROGID}" "" "Kiroku vault"
	WriteRegStr HKCU "Software\Classes\${PROGID}\DefaultIcon" "" "$INSTDIR\kiroku.exe,0"
	WriteRegStr HKCU "Software\Classes\${PROGID}\shell\open\command" "" '"$INSTDIR\kiroku.exe" "%1"'

	; Apps & features (per user).
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayName" "Kiroku"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayVersion" "${VERSION}"
	WriteRegStr HKCU "${UNINSTKEY}" "Publisher" "Kiroku contributors"
	WriteRegStr HKCU "${UNINSTKEY}" "DisplayIcon" "$INSTDIR\kiroku.exe,0"
	WriteRegStr HKCU "${UNINSTKEY}" "InstallLocation" "$INSTDIR"
	WriteRegStr HKCU "${UNINSTKEY}" "UninstallString" '"$INSTDIR\uninstall.exe"'
	WriteRegStr HKCU "${UNINSTKEY}" "QuietUninstallString" '"$INSTDIR\uninstall.exe" /S'
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoModify" 1
	WriteRegDWORD HKCU "${UNINSTKEY}" "NoRepair" 1

	; Tell Explorer that file associations changed (SHCNE_ASSOCCHANGED).
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd

Section "Uninstall"
	Delete "$INSTDIR\kiroku.exe"
	Delete "$INSTDIR\kirokuctl.exe"
	Delete "$INSTDIR\kiroku-verify.exe"
	Delete "$INSTDIR\LICENSE.txt"
	Delete "$INSTDIR\THIRD_PARTY_NOTICES.txt"
	Delete "$INSTDIR\README.txt"
	Delete "$INSTDIR\uninstall.exe"
	; Only if empty: a vault someone saved here stays.
	RMDir "$INSTDIR"
	Delete "$SMPROGRAMS\Kiroku.lnk"

	ReadRegStr $0 HKCU "Software\Classes\.kiroku" ""
	StrCmp $0 "${PROGID}" 0 +2
	DeleteRegKey HKCU "Software\Classes\.kiroku"
	DeleteRegKey HKCU "Software\Classes\${PROGID}"
	DeleteRegKey HKCU "${UNINSTKEY}"
	System::Call 'shell32::SHChangeNotify(i 0x08000000, i 0, p 0, p 0)'
SectionEnd
