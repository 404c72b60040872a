#!/usr/bin/env python3
# Writes nfc-table.txt, the Unicode data behind Nfc.cs. The build runs with InvariantGlobalization,
# where string.Normalize does nothing, so Watcher carries the two tables NFC needs.
# Run from this folder: python3 nfc-table.py > nfc-table.txt
import unicodedata

print(f"# Unicode {unicodedata.unidata_version}, made by nfc-table.py. "
      "'X=A B': X decomposes to A B and A B compose to X; 'X>A [B]': X decomposes only; 'L-H C': combining class C.")
classes = []
for cp in range(0x110000):
    ch = chr(cp)
    if 0xAC00 <= cp <= 0xD7A3:
        continue  # Hangul syllables are composed by arithmetic in Nfc.cs.
    mapping = unicodedata.decomposition(ch)
    if mapping and not mapping.startswith("<"):
        parts = mapping.split()
        composes = len(parts) == 2 and unicodedata.normalize("NFC", ch) == ch
        print(f"{cp:04X}{'=' if composes else '>'}{' '.join(parts)}")
    c = unicodedata.combining(ch)
    if c:
        if classes and classes[-1][1] == cp - 1 and classes[-1][2] == c:
            classes[-1][1] = cp
        else:
            classes.append([cp, cp, c])
for low, high, c in classes:
    print(f"{low:04X}-{high:04X} {c}")
