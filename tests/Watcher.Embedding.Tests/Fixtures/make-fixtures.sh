#!/usr/bin/env bash
# Regenerates the small decoder fixtures with ImageMagick (apt-get install imagemagick).
# EXIF-rotated JPEGs are made in code (Support/TestImages.cs). Each shows the same picture: red on the left, blue on the right, so a test can check that
# colours and orientation survive decoding. Formats Skia cannot write are why these are files.
set -euo pipefail
cd "$(dirname "$0")"
IM=/usr/bin/convert
$IM -size 48x64 xc:red -size 48x64 xc:blue +append /tmp/upright.png
$IM /tmp/upright.png -colorspace CMYK -quality 95 cmyk.jpg
$IM /tmp/upright.png -depth 16 PNG48:rgb16.png
$IM /tmp/upright.png -colorspace Gray -quality 95 gray.jpg
$IM /tmp/upright.png BMP3:upright.bmp
$IM -size 96x64 xc:red -size 96x64 xc:blue -loop 0 animated.gif                    # first frame red
$IM /tmp/upright.png -define webp:lossless=true upright.webp
