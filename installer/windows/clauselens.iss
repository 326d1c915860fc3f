; Inno Setup script: ClauseLens for Windows, from the one-folder bundle dist\clauselens\.
; Build the bundle on Windows first (python installer\build.py), then:
;   iscc /DAppVersion=<version in pyproject.toml> installer\windows\clauselens.iss
; build.py runs iscc itself, with the version, when iscc is on PATH.
; Installs per user without administrator rights by default (lawyers' machines are often locked
; down); an administrator may choose "all users". Nothing is downloaded during or after setup.

#ifndef AppVersion
  #error Pass the version: iscc /DAppVersion=x.y.z (build.py reads it from pyproject.toml)
#endif

#define AppName "ClauseLens"
#define Root "..\.."

[Setup]
AppId={{6B0E4C52-3C1D-4F0A-9E43-C1A05E7D2B11}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=ClauseLens
VersionInfoVersion={#AppVersion}
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
PrivilegesRequired=lowest
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir={#Root}\dist
OutputBaseFilename=ClauseLens-{#AppVersion}-setup
SetupIconFile={#Root}\installer\icons\clauselens.ico
UninstallDisplayIcon={app}\clauselens-desktop.exe
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
ChangesEnvironment=yes

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked
Name: "addtopath"; Description: "Add the clauselens command to PATH (for the command line)"; Flags: unchecked

[Files]
Source: "{#Root}\dist\clauselens\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\clauselens-desktop.exe"
Name: "{group}\{#AppName} command prompt"; Filename: "{cmd}"; Parameters: "/k ""{app}\clauselens.exe"" --help"; WorkingDir: "{userdocs}"
Name: "{group}\Uninstall {#AppName}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\clauselens-desktop.exe"; Tasks: desktopicon

[Registry]
Root: HKA; Subkey: "Environment"; ValueType: expandsz; ValueName: "Path"; ValueData: "{olddata};{app}"; Tasks: addtopath; Check: NeedsAddPath(ExpandConstant('{app}'))

[Run]
Filename: "{app}\clauselens-desktop.exe"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[Code]
function NeedsAddPath(Dir: string): Boolean;
var
  Path: string;
begin
  if not RegQueryStringValue(HKEY_CURRENT_USER, 'Environment', 'Path', Path) then
    Path := '';
  Result := Pos(';' + Uppercase(Dir) + ';', ';' + Uppercase(Path) + ';') = 0;
end;
