; Inno Setup script: the Windows installer of Gemba Console.
;
; Installs the PyInstaller one-folder build (dist\gemba-console, from packaging\gemba.spec) to
; Program Files, with a Start-menu shortcut (and an optional desktop one), the application icon
; and an uninstaller. Built by .github/workflows/windows-installer.yml:
;
;   pyinstaller packaging\gemba.spec --noconfirm --distpath dist --workpath build\pyinstaller
;   iscc /DAppVersion=0.1.0 packaging\windows\gemba.iss
;
; giving dist\gemba-console-<version>-setup.exe. Relative paths are relative to this file.

#define AppName "Gemba Console"
#ifndef AppVersion
  #define AppVersion "0.1.0"
#endif
#define AppExeName "gemba.exe"
#define BundleDir "..\..\dist\gemba-console"

[Setup]
; The AppId identifies the installation for upgrades and the uninstaller: never change it.
AppId={{31BF3988-151D-4C3B-AC23-B7093615ADC2}
AppName={#AppName}
AppVersion={#AppVersion}
AppVerName={#AppName} {#AppVersion}
AppPublisher=Gemba Console maintainers
DefaultDirName={autopf}\{#AppName}
DefaultGroupName={#AppName}
DisableProgramGroupPage=yes
; Program Files needs administrator rights; the wizard offers a per-user install instead.
PrivilegesRequired=admin
PrivilegesRequiredOverridesAllowed=dialog
ArchitecturesAllowed=x64compatible
ArchitecturesInstallIn64BitMode=x64compatible
OutputDir=..\..\dist
OutputBaseFilename=gemba-console-{#AppVersion}-setup
SetupIconFile=..\..\resources\icons\gemba.ico
UninstallDisplayIcon={app}\{#AppExeName}
UninstallDisplayName={#AppName}
Compression=lzma2/max
SolidCompression=yes
WizardStyle=modern
CloseApplications=yes

[Languages]
Name: "english"; MessagesFile: "compiler:Default.isl"

[Tasks]
Name: "desktopicon"; Description: "{cm:CreateDesktopIcon}"; GroupDescription: "{cm:AdditionalIcons}"; Flags: unchecked

[Files]
Source: "{#BundleDir}\*"; DestDir: "{app}"; Flags: ignoreversion recursesubdirs createallsubdirs

[Icons]
Name: "{group}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"
Name: "{group}\{#AppName} (demo plant)"; Filename: "{app}\{#AppExeName}"; Parameters: "--demo"; WorkingDir: "{app}"
Name: "{group}\{cm:UninstallProgram,{#AppName}}"; Filename: "{uninstallexe}"
Name: "{autodesktop}\{#AppName}"; Filename: "{app}\{#AppExeName}"; WorkingDir: "{app}"; Tasks: desktopicon

[Run]
Filename: "{app}\{#AppExeName}"; Description: "{cm:LaunchProgram,{#AppName}}"; Flags: nowait postinstall skipifsilent

[UninstallDelete]
; Anything Python may have left next to the migrations; the user's cache (in %LOCALAPPDATA%)
; is theirs and stays.
Type: filesandordirs; Name: "{app}\_internal\app\cache\migrations\__pycache__"
Type: filesandordirs; Name: "{app}\_internal\app\cache\migrations\versions\__pycache__"
