# Fetches an encoder's ONNX weights named by its manifest (models\<id>.json) and checks its SHA-256.
# Usage: install\download-model.ps1 [-Id clip-vit-b32] [-ModelsDir <dir>]
param([string]$Id = "clip-vit-b32", [string]$ModelsDir = $(if ($env:WATCHER_MODELS_DIR) { $env:WATCHER_MODELS_DIR } else { Join-Path $PSScriptRoot "..\models" }))
$ErrorActionPreference = "Stop"
$manifest = Get-Content (Join-Path $PSScriptRoot "..\models\$Id.json") -Raw | ConvertFrom-Json
if (-not $manifest.download) { throw "manifest $Id names no download address; copy the weights to $ModelsDir\$($manifest.file) by hand" }
$target = Join-Path $ModelsDir $manifest.file
New-Item -ItemType Directory -Force -Path (Split-Path $target) | Out-Null
$part = "$target.part"
Invoke-WebRequest -Uri $manifest.download -OutFile $part
$actual = (Get-FileHash $part -Algorithm SHA256).Hash.ToLowerInvariant()
if ($manifest.sha256 -and $actual -ne $manifest.sha256) { Remove-Item $part; throw "sha256 mismatch for ${Id}: expected $($manifest.sha256), got $actual" }
Move-Item -Force $part $target
Write-Host "saved $target (sha256 $actual)"
