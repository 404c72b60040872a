#Requires -Version 5.1
<#
.SYNOPSIS
Installs (or upgrades in place) Watcher as a Windows service. Run from an elevated PowerShell in a
checkout:  powershell -ExecutionPolicy Bypass -File install\install-windows.ps1 [options]

.DESCRIPTION
Publishes src\Watcher (framework-dependent, needs the .NET 10 SDK) unless -From names a publish
folder; copies it to -Prefix; writes -Data\appsettings.json from config\appsettings.json with the
folders set (an existing one is kept unless -ForceConfig); creates the "Watcher" service running as
the virtual account NT SERVICE\Watcher, restarting on failure; gives that account modify rights on
the data, inbox and output folders; starts it unless -NoStart. -DryRun prints the actions only.
See install\README.md.
#>
[CmdletBinding()]
param(
    [string]$Prefix = "$env:ProgramFiles\Watcher",
    [string]$Data = "$env:ProgramData\Watcher",
    # One or more folders watched for new images (default C:\Users\Public\Watcher\inbox). Never
    # inside -Data or -Output, nor containing them: the daemon refuses that.
    [string[]]$Inbox,
    # Sorted images go here (default C:\Users\Public\Watcher\output).
    [string]$Output,
    [string]$Models,
    # Watcher:Api:Port (default: the value in config\appsettings.json, else 5480).
    [int]$Port = 0,
    # A `dotnet publish` output folder to install instead of publishing this checkout.
    [string]$From,
    # Service account: the virtual account (default) or e.g. "NT AUTHORITY\LocalService".
    [string]$Account = "NT SERVICE\Watcher",
    [switch]$NoStart,
    [switch]$ForceConfig,
    [switch]$DryRun
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = "Stop"
# Windows PowerShell 5.1 serialises arrays as {"value":[...],"Count":n} unless this is removed.
if ($PSVersionTable.PSVersion.Major -lt 6) { Remove-TypeData System.Array -ErrorAction SilentlyContinue }

$ServiceName = "Watcher"
$RepoRoot = Split-Path -Parent $PSScriptRoot

function Write-Step([string]$Text) { Write-Host "==> $Text" }
# Runs a script block, or with -DryRun only prints what it does.
function Invoke-Action([string]$Description, [scriptblock]$Action) {
    Write-Host "+ $Description"
    if (-not $DryRun) { & $Action | Out-Host }
}
# Runs a native program (its output to the host), failing on a non-zero exit code.
function Invoke-Native([string]$Exe, [string[]]$Arguments) {
    $shown = ($Arguments | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) -join ' '
    Write-Host "+ $Exe $shown"
    if ($DryRun) { return }
    & $Exe @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0) { throw "$Exe $shown failed with exit code $LASTEXITCODE" }
}
function Get-FullPath([string]$Name, [string]$Path) {
    if (-not $Path) { throw "-$Name is empty" }
    if (-not [System.IO.Path]::IsPathRooted($Path)) { throw "-$Name must be an absolute path: '$Path'" }
    return [System.IO.Path]::GetFullPath($Path).TrimEnd('\', '/')
}
# The named property of a JSON object, replaced by an empty object when missing or not an object.
function Get-Section($Object, [string]$Name) {
    $p = $Object.PSObject.Properties[$Name]
    if (-not $p -or -not ($p.Value -is [System.Management.Automation.PSCustomObject])) {
        $Object | Add-Member -NotePropertyName $Name -NotePropertyValue ([pscustomobject]@{}) -Force
    }
    return $Object.$Name
}
function Set-Value($Object, [string]$Name, $Value) {
    $Object | Add-Member -NotePropertyName $Name -NotePropertyValue $Value -Force
}
function Get-Value($Object, [string]$Name) {
    if ($null -eq $Object) { return $null }
    $p = $Object.PSObject.Properties[$Name]
    if ($p) { return $p.Value } else { return $null }
}
function Write-Utf8File([string]$Path, [string]$Text) {
    [System.IO.File]::WriteAllText($Path, $Text, (New-Object System.Text.UTF8Encoding $false))
}

if ($DryRun) {
    Write-Host "install-windows.ps1: dry run: nothing is changed; these are the actions a real run takes."
} else {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw "install-windows.ps1 must be run as Administrator (right-click PowerShell > Run as administrator), or pass -DryRun to see what it would do"
    }
}

$Prefix = Get-FullPath "Prefix" $Prefix
$Data = Get-FullPath "Data" $Data
# Inboxes and output are shared with the people who drop and look at images: the Public folder.
$shared = if ($env:PUBLIC) { Join-Path $env:PUBLIC "Watcher" } else { Join-Path "$env:SystemDrive\Users\Public" "Watcher" }
if (-not $Inbox -or $Inbox.Count -eq 0) { $Inbox = @(Join-Path $shared "inbox") }
$Inbox = [string[]]@($Inbox | ForEach-Object { Get-FullPath "Inbox" $_ })
$Output = Get-FullPath "Output" $(if ($Output) { $Output } else { Join-Path $shared "output" })
$Models = Get-FullPath "Models" $(if ($Models) { $Models } else { Join-Path $Data "models" })
if ($Port -lt 0 -or $Port -gt 65535) { throw "-Port must be 1-65535: $Port" }
$ConfigFile = Join-Path $Data "appsettings.json"
if ((Test-Path -LiteralPath $Prefix) -and (Get-ChildItem -LiteralPath $Prefix -Force | Select-Object -First 1) -and
    -not (Test-Path -LiteralPath (Join-Path $Prefix "watcher.dll"))) {
    throw "refusing to replace $Prefix`: it is not empty and holds no watcher.dll (not an earlier install)"
}

# ------------------------------------------------------------------ 1. what to install
Write-Step "checking the program to install"
$work = $null
try {
    if ($From) {
        $PublishDir = Get-FullPath "From" $From
        if (-not (Test-Path -LiteralPath (Join-Path $PublishDir "watcher.exe")) -or
            -not (Test-Path -LiteralPath (Join-Path $PublishDir "watcher.dll"))) {
            throw "$PublishDir holds no watcher.exe and watcher.dll: is it the output of 'dotnet publish src\Watcher -r win-x64'?"
        }
    } else {
        if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
            throw "no -From given and dotnet is not installed: install the .NET 10 SDK, or publish elsewhere and pass -From <folder>"
        }
        $csproj = Join-Path $RepoRoot "src\Watcher\Watcher.csproj"
        if (-not (Test-Path -LiteralPath $csproj)) { throw "no -From given and $csproj not found" }
        $rid = if ($env:PROCESSOR_ARCHITECTURE -eq "ARM64") { "win-arm64" } else { "win-x64" }
        $work = Join-Path ([System.IO.Path]::GetTempPath()) ("watcher-install-" + [guid]::NewGuid().ToString("N").Substring(0, 8))
        $PublishDir = Join-Path $work "publish"
        Invoke-Native "dotnet" @("publish", (Join-Path $RepoRoot "src\Watcher"), "-c", "Release", "-r", $rid,
            "--self-contained", "false", "-o", $PublishDir, "-nologo")
    }

    # A framework-dependent publish needs the shared runtimes it names (Microsoft.NETCore.App and,
    # for the daemon's HTTP API, Microsoft.AspNetCore.App).
    $runtimeConfig = Join-Path $PublishDir "watcher.runtimeconfig.json"
    $frameworks = @()
    if (Test-Path -LiteralPath $runtimeConfig) {
        $ro = Get-Value (Get-Content -LiteralPath $runtimeConfig -Raw | ConvertFrom-Json) "runtimeOptions"
        $frameworks = @(@(Get-Value $ro "framework") + @(Get-Value $ro "frameworks") | Where-Object { $_ } |
            ForEach-Object { "$($_.name) $(([string]$_.version).Split('.')[0])" })
    } elseif ($DryRun -and -not $From) {
        $frameworks = @("Microsoft.NETCore.App 10", "Microsoft.AspNetCore.App 10")
    }
    if ($frameworks.Count -gt 0) {
        if (-not (Get-Command dotnet -ErrorAction SilentlyContinue)) {
            throw "the ASP.NET Core runtime is needed and dotnet is not installed (winget install Microsoft.DotNet.Runtime.10, then winget install Microsoft.DotNet.AspNetCore.10), or publish --self-contained"
        }
        $runtimes = @(& dotnet --list-runtimes 2>$null)
        foreach ($fw in $frameworks) {
            if (-not ($runtimes | Where-Object { $_ -like "$fw.*" })) {
                throw "the shared runtime $fw.x is not installed (dotnet --list-runtimes shows none): install it (winget install Microsoft.DotNet.Runtime.10 and Microsoft.DotNet.AspNetCore.10), or publish --self-contained"
            }
        }
        Write-Host "found the .NET runtimes: $($frameworks -join ', ')"
    }

    # -------------------------------------------------------------- 2. configuration
    Write-Step "working out the configuration"
    $keepConfig = (Test-Path -LiteralPath $ConfigFile) -and -not $ForceConfig
    if ($keepConfig) {
        Write-Host "keeping the existing $ConfigFile (-ForceConfig rewrites it); its folders are used below"
        $w = Get-Value (Get-Content -LiteralPath $ConfigFile -Raw | ConvertFrom-Json) "Watcher"
        $paths = @(Get-Value (Get-Value $w "Inbox") "Paths") | Where-Object { $_ -is [string] -and [System.IO.Path]::IsPathRooted($_) }
        if ($paths) { $Inbox = [string[]]@($paths) }
        $o = Get-Value (Get-Value $w "Output") "Dir"
        if ($o -is [string] -and [System.IO.Path]::IsPathRooted($o)) { $Output = $o }
        $m = Get-Value (Get-Value $w "Embedding") "ModelsDir"
        if ($m -is [string] -and [System.IO.Path]::IsPathRooted($m)) { $Models = $m }
    } else {
        $template = Join-Path $RepoRoot "config\appsettings.json"
        if (-not (Test-Path -LiteralPath $template)) { $template = Join-Path $PublishDir "config\appsettings.json" }
        if (-not (Test-Path -LiteralPath $template)) { throw "no config\appsettings.json in $RepoRoot or $PublishDir to start the configuration from" }
        $doc = Get-Content -LiteralPath $template -Raw -Encoding UTF8 | ConvertFrom-Json
        $w = Get-Section $doc "Watcher"
        Set-Value $w "DataDir" $Data
        Set-Value (Get-Section $w "Inbox") "Paths" ([string[]]$Inbox)
        Set-Value (Get-Section $w "Output") "Dir" $Output
        Set-Value (Get-Section $w "Embedding") "ModelsDir" $Models
        $api = Get-Section $w "Api"
        if ($Port -gt 0) { Set-Value $api "Port" $Port }
        elseif (-not ((Get-Value $api "Port") -is [int] -or (Get-Value $api "Port") -is [long])) { Set-Value $api "Port" 5480 }
        $configJson = $doc | ConvertTo-Json -Depth 20
    }
    # The daemon refuses to start when an inbox and the data or output folder contain one another
    # (filed images would be taken in again): say so now rather than in a restart loop.
    function Test-Overlap([string]$A, [string]$B) {
        $a2 = $A.TrimEnd('\') + '\'; $b2 = $B.TrimEnd('\') + '\'
        return $a2.StartsWith($b2, [System.StringComparison]::OrdinalIgnoreCase) -or $b2.StartsWith($a2, [System.StringComparison]::OrdinalIgnoreCase)
    }
    foreach ($i in $Inbox) {
        if (Test-Overlap $i $Data) { throw "the inbox $i and the data folder $Data must not contain one another (pass -Inbox elsewhere)" }
        if (Test-Overlap $i $Output) { throw "the inbox $i and the output $Output must not contain one another" }
    }
    Write-Host "data: $Data"
    $Inbox | ForEach-Object { Write-Host "inbox: $_" }
    Write-Host "output: $Output"
    Write-Host "models: $Models"

    # -------------------------------------------------------------- 3. stop a running copy
    $existing = $null
    if (Get-Command Get-Service -ErrorAction SilentlyContinue) {   # (absent where -DryRun is tried on Linux pwsh)
        $existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
    }
    if ($existing -and $existing.Status -ne "Stopped") {
        Write-Step "stopping the running service"
        Invoke-Action "Stop-Service $ServiceName" { Stop-Service -Name $ServiceName -Force }
    }

    # -------------------------------------------------------------- 4. program files
    Write-Step "program files in $Prefix"
    $new = "$Prefix.new"; $old = "$Prefix.old"
    Invoke-Action "remove $new and $old if present" {
        foreach ($p in @($new, $old)) { if (Test-Path -LiteralPath $p) { Remove-Item -LiteralPath $p -Recurse -Force } }
    }
    Invoke-Action "copy $PublishDir to $new" {
        New-Item -ItemType Directory -Force -Path (Split-Path -Parent $Prefix) | Out-Null
        Copy-Item -LiteralPath $PublishDir -Destination $new -Recurse -Force
    }
    if (Test-Path -LiteralPath $Prefix) {
        Invoke-Action "rename $Prefix to $old" { Rename-Item -LiteralPath $Prefix -NewName (Split-Path -Leaf $old) }
    }
    Invoke-Action "rename $new to $Prefix" { Rename-Item -LiteralPath $new -NewName (Split-Path -Leaf $Prefix) }
    Invoke-Action "remove $old" { if (Test-Path -LiteralPath $old) { Remove-Item -LiteralPath $old -Recurse -Force } }
    # The installed program reads the service's configuration by default (e.g. `watcher status`).
    $link = Join-Path $Prefix "config\appsettings.json"
    Invoke-Action "link $link to $ConfigFile" {
        try {
            New-Item -ItemType Directory -Force -Path (Split-Path -Parent $link) | Out-Null
            if (Test-Path -LiteralPath $link) { Remove-Item -LiteralPath $link -Force }
            New-Item -ItemType SymbolicLink -Path $link -Value $ConfigFile | Out-Null
        } catch {
            Write-Warning "could not link $link to $ConfigFile ($_); pass --config $ConfigFile when running watcher by hand"
        }
    }

    # -------------------------------------------------------------- 5. folders and configuration
    Write-Step "folders and configuration"
    foreach ($d in @($Data) + $Inbox + @($Output, $Models)) {
        if (-not (Test-Path -LiteralPath $d)) {
            Invoke-Action "create $d" { New-Item -ItemType Directory -Force -Path $d | Out-Null }
        }
    }
    if ($keepConfig) {
        Write-Host "kept $ConfigFile"
    } else {
        Invoke-Action "write $ConfigFile" { Write-Utf8File $ConfigFile $configJson }
        if ($DryRun) { $configJson -split "`n" | ForEach-Object { Write-Host "    | $($_.TrimEnd())" } }
    }
    # What uninstall-windows.ps1 needs to know.
    $record = [pscustomobject]@{ Prefix = $Prefix; Data = $Data; Inbox = [string[]]$Inbox; Output = $Output; Models = $Models; Account = $Account } |
        ConvertTo-Json -Depth 5
    Invoke-Action "write $(Join-Path $Data 'install.json')" { Write-Utf8File (Join-Path $Data "install.json") $record }
    if (-not $DryRun -and -not (Get-ChildItem -LiteralPath $Models -Recurse -Filter *.onnx -ErrorAction SilentlyContinue | Select-Object -First 1)) {
        Write-Warning "no model weights in $Models yet: fetch the default with '$PSScriptRoot\download-model.ps1 -Id clip-vit-b32 -ModelsDir $Models'"
    }

    # -------------------------------------------------------------- 6. service
    Write-Step "service $ServiceName"
    $exe = Join-Path $Prefix "watcher.exe"
    $binPath = "`"$exe`" run --config `"$ConfigFile`""
    if (-not $existing) {
        Invoke-Action "New-Service -Name $ServiceName -BinaryPathName '$binPath' -StartupType Automatic -DisplayName 'Watcher image sorter'" {
            New-Service -Name $ServiceName -BinaryPathName $binPath -StartupType Automatic `
                -DisplayName "Watcher image sorter" `
                -Description "Sorts images dropped into inbox folders (watcher run). Logs: $Data\logs." | Out-Null
        }
    }
    # Command line (an upgrade may have moved it) and account in one ChangeServiceConfig call; a
    # virtual account (NT SERVICE\...) or LocalService takes an empty password.
    Invoke-Action "set the service command line and account: $binPath as $Account" {
        $svc = Get-CimInstance -ClassName Win32_Service -Filter "Name='$ServiceName'"
        $r = Invoke-CimMethod -InputObject $svc -MethodName Change -Arguments @{ PathName = $binPath; StartName = $Account; StartPassword = "" }
        if ($r.ReturnValue -ne 0) { throw "Win32_Service.Change failed with code $($r.ReturnValue) (see the Win32_Service Change method's return codes)" }
    }
    Invoke-Native "sc.exe" @("failure", $ServiceName, "reset=", "86400", "actions=", "restart/5000/restart/5000/restart/5000")
    # Also restart when the process exits with an error code rather than crashing.
    Invoke-Native "sc.exe" @("failureflag", $ServiceName, "1")
    Invoke-Action "set the service environment: DOTNET_ENVIRONMENT=Production" {
        New-ItemProperty -Path "HKLM:\SYSTEM\CurrentControlSet\Services\$ServiceName" -Name Environment `
            -PropertyType MultiString -Value @("DOTNET_ENVIRONMENT=Production") -Force | Out-Null
    }

    # -------------------------------------------------------------- 7. permissions
    Write-Step "permissions for $Account"
    foreach ($d in @($Data) + $Inbox + @($Output)) {
        Invoke-Native "icacls.exe" @($d, "/grant", "${Account}:(OI)(CI)M", "/Q")
    }
    $underData = $Models.StartsWith($Data + "\", [System.StringComparison]::OrdinalIgnoreCase)
    if (-not $underData) { Invoke-Native "icacls.exe" @($Models, "/grant", "${Account}:(OI)(CI)RX", "/Q") }
    Invoke-Native "icacls.exe" @($Prefix, "/grant", "${Account}:(OI)(CI)RX", "/Q")

    # -------------------------------------------------------------- 8. start
    if ($NoStart) {
        Write-Host "not started (-NoStart); start it with: Start-Service $ServiceName"
    } else {
        Write-Step "starting $ServiceName"
        Invoke-Action "Start-Service $ServiceName" {
            try {
                Start-Service -Name $ServiceName
                (Get-Service -Name $ServiceName).WaitForStatus("Running", [TimeSpan]::FromSeconds(60))
            } catch {
                throw "the service did not start ($_); see $Data\logs and Event Viewer > Windows Logs > Application"
            }
        }
    }
} finally {
    if ($work -and (Test-Path -LiteralPath $work)) { Remove-Item -LiteralPath $work -Recurse -Force -ErrorAction SilentlyContinue }
}

Write-Host ""
Write-Host "Watcher installed in $Prefix (config $ConfigFile, data $Data)."
Write-Host "Logs: $Data\logs. Status: Get-Service $ServiceName, & '$exe' status."
