#!/usr/bin/env bash
# Fetches an encoder's ONNX weights named by its manifest (models/<id>.json) and checks its SHA-256.
# Usage: install/download-model.sh [model-id] [target-models-dir]
#   model-id           default clip-vit-b32
#   target-models-dir  default $WATCHER_MODELS_DIR, else models/ beside this script's repo
set -euo pipefail
here="$(cd "$(dirname "$0")/.." && pwd)"
id="${1:-clip-vit-b32}"
dest_root="${2:-${WATCHER_MODELS_DIR:-$here/models}}"
manifest="$here/models/$id.json"
[ -f "$manifest" ] || { echo "error: no manifest $manifest" >&2; exit 2; }

field() { python3 -c 'import json,sys; print(json.load(open(sys.argv[1])).get(sys.argv[2]) or "")' "$manifest" "$1" 2>/dev/null \
          || sed -n "s/^ *\"$1\": *\"\\([^\"]*\\)\".*/\\1/p" "$manifest" | head -n1; }
url="$(field download)"; file="$(field file)"; sha="$(field sha256)"
[ -n "$url" ] || { echo "error: manifest $id names no download address; copy the weights to $dest_root/$file by hand" >&2; exit 2; }

target="$dest_root/$file"
mkdir -p "$(dirname "$target")"
if [ -f "$target" ] && [ -n "$sha" ] && echo "$sha  $target" | sha256sum -c --status; then
  echo "$id already present and verified: $target"; exit 0
fi
tmp="$target.part"
echo "downloading $id from $url"
curl -fL --retry 3 --progress-bar -o "$tmp" "$url"
actual="$(sha256sum "$tmp" | cut -d' ' -f1)"
if [ -n "$sha" ] && [ "$actual" != "$sha" ]; then
  rm -f "$tmp"
  echo "error: sha256 mismatch for $id: expected $sha, got $actual (file removed)" >&2; exit 3
fi
mv "$tmp" "$target"
echo "saved $target (sha256 $actual)"
