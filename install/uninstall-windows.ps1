#Requires -Version 5.1
<#
.SYNOPSIS
Removes the Watcher service installed by install-windows.ps1. Run from an elevated PowerShell:
  powershell -ExecutionPolicy Bypass -File install\uninstall-windows.ps1 [-Purge] [-DryRun]

.DESCRIPTION
Stops and deletes the "Watcher" service, removes the service account's rights on the inbox and
output folders and deletes the program folder. Keeps the data folder (configuration, catalog,
logs, and the inbox/output/models folders inside it) unless -Purge. Inbox and output folders
outside the data folder are deleted only when empty. Prefix and folders come from <Data>\install.json when present.
#>
[CmdletBinding()]
param(
    [string]$Prefix,
    [string]$Data = "$env:ProgramData\Watcher",
    [switch]$Purge,
    [switch]$DryRun
)

Set-StrictMode -Version 2.0
$ErrorActionPreference = "Stop"
$ServiceName = "Watcher"

function Write-Step([string]$Text) { Write-Host "==> $Text" }
function Invoke-Action([string]$Description, [scriptblock]$Action) {
    Write-Host "+ $Description"
    if (-not $DryRun) { & $Action | Out-Host }
}
function Invoke-Native([string]$Exe, [string[]]$Arguments, [switch]$IgnoreExitCode) {
    $shown = ($Arguments | ForEach-Object { if ($_ -match '\s') { "`"$_`"" } else { $_ } }) -join ' '
    Write-Host "+ $Exe $shown"
    if ($DryRun) { return }
    & $Exe @Arguments | Out-Host
    if ($LASTEXITCODE -ne 0 -and -not $IgnoreExitCode) { throw "$Exe $shown failed with exit code $LASTEXITCODE" }
}
# Only rooted folders at least two levels deep (like C:\Program Files\Watcher) are ever deleted.
function Assert-Deletable([string]$Path) {
    $full = [System.IO.Path]::GetFullPath($Path).TrimEnd('\', '/')
    $root = [System.IO.Path]::GetPathRoot($full)
    $rest = $full.Substring($root.Length).Split(@('\', '/'), [System.StringSplitOptions]::RemoveEmptyEntries)
    $system = '^(Windows|Program Files|Program Files \(x86\)|ProgramData|Users|usr|etc|opt|var|home)$'
    if ($rest.Count -eq 0 -or ($rest.Count -eq 1 -and $rest[0] -match $system)) {
        throw "refusing to delete '$Path'"
    }
}

if ($DryRun) {
    Write-Host "uninstall-windows.ps1: dry run: nothing is changed; these are the actions a real run takes."
} else {
    $principal = New-Object Security.Principal.WindowsPrincipal([Security.Principal.WindowsIdentity]::GetCurrent())
    if (-not $principal.IsInRole([Security.Principal.WindowsBuiltInRole]::Administrator)) {
        throw "uninstall-windows.ps1 must be run as Administrator, or pass -DryRun to see what it would do"
    }
}

# What install-windows.ps1 recorded.
$record = $null
$recordFile = Join-Path $Data "install.json"
if (Test-Path -LiteralPath $recordFile) {
    $record = Get-Content -LiteralPath $recordFile -Raw | ConvertFrom-Json
} else {
    Write-Warning "no $recordFile`: using the defaults and the parameters"
}
if (-not $Prefix) { $Prefix = if ($record) { $record.Prefix } else { "$env:ProgramFiles\Watcher" } }
$Account = if ($record) { $record.Account } else { "NT SERVICE\Watcher" }
$folders = @()
if ($record) { $folders = @($record.Inbox) + @($record.Output) | Where-Object { $_ } }

Write-Step "service $ServiceName"
$existing = $null
if (Get-Command Get-Service -ErrorAction SilentlyContinue) {
    $existing = Get-Service -Name $ServiceName -ErrorAction SilentlyContinue
}
if ($existing -or $DryRun) {
    if ($DryRun -or $existing.Status -ne "Stopped") {
        Invoke-Action "Stop-Service $ServiceName" { Stop-Service -Name $ServiceName -Force }
    }
    # The account's name resolves only while the service exists: remove its rights first.
    foreach ($d in $folders) {
        if ($DryRun -or (Test-Path -LiteralPath $d)) { Invoke-Native "icacls.exe" @($d, "/remove:g", $Account, "/Q") -IgnoreExitCode }
    }
    if ($Purge -eq $false -and ($DryRun -or (Test-Path -LiteralPath $Data))) {
        Invoke-Native "icacls.exe" @($Data, "/remove:g", $Account, "/Q") -IgnoreExitCode
    }
    Invoke-Native "sc.exe" @("delete", $ServiceName)
} else {
    Write-Host "no service named $ServiceName"
}

Write-Step "program files"
Assert-Deletable $Prefix
if ((Test-Path -LiteralPath $Prefix) -and -not (Test-Path -LiteralPath (Join-Path $Prefix "watcher.dll"))) {
    throw "refusing to delete $Prefix`: it holds no watcher.dll (not a Watcher install)"
}
foreach ($p in @($Prefix, "$Prefix.new", "$Prefix.old")) {
    if ($DryRun -or (Test-Path -LiteralPath $p)) {
        Invoke-Action "remove $p" { if (Test-Path -LiteralPath $p) { Remove-Item -LiteralPath $p -Recurse -Force } }
    }
}

if (-not $Purge) {
    Write-Host ""
    Write-Host "Watcher removed. Kept: data and configuration in $Data (-Purge removes them)."
    return
}

Write-Step "purge: $Data"
Assert-Deletable $Data
Invoke-Action "remove $Data" { if (Test-Path -LiteralPath $Data) { Remove-Item -LiteralPath $Data -Recurse -Force } }
# Inbox and output folders elsewhere: removed when empty, else kept (they hold images); then their
# parent when it is a "Watcher" folder left empty (the default C:\Users\Public\Watcher).
foreach ($d in $folders) {
    if ($d.StartsWith($Data.TrimEnd('\') + "\", [System.StringComparison]::OrdinalIgnoreCase) -or -not (Test-Path -LiteralPath $d)) { continue }
    if (Get-ChildItem -LiteralPath $d -Force | Select-Object -First 1) {
        Write-Host "kept $d (not empty, outside ${Data}: delete it by hand if you want)"
        continue
    }
    Invoke-Action "remove empty $d" { Remove-Item -LiteralPath $d -Force }
    $parent = Split-Path -Parent $d
    if ((Split-Path -Leaf $parent) -eq "Watcher" -and -not $DryRun -and
        -not (Get-ChildItem -LiteralPath $parent -Force | Select-Object -First 1)) {
        Invoke-Action "remove empty $parent" { Remove-Item -LiteralPath $parent -Force }
    }
}
Write-Host ""
Write-Host "Watcher removed with its data and configuration."
