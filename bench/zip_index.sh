#!/usr/bin/env bash
# The central directory of a million-entry export zip: libzip against io/ZipIndex
# (docs/performance.md, "zip import tree"). Writes a zip of N stored entries with mmctl-shaped
# names (Python's zipfile), builds bench/zip_index.cpp against the tree's io/ZipIndex.cpp, and
# runs each reader on it.
#
# usage: bench/zip_index.sh [-n ENTRIES] [-w WORKDIR]   (default 1000000, /tmp/$USER-zip-index)
set -euo pipefail
N=1000000
WORKDIR="/tmp/${USER:-user}-zip-index"
while getopts "n:w:" opt; do
  case $opt in
    n) N=$OPTARG ;;
    w) WORKDIR=$OPTARG ;;
    *) exit 2 ;;
  esac
done
ROOT="$(cd "$(dirname "$0")/.." && pwd)"
mkdir -p "$WORKDIR"
if [ ! -f "$WORKDIR/m$N.zip" ]; then
  python3 - "$N" "$WORKDIR/m$N.zip" <<'PY'
import sys, zipfile
n = int(sys.argv[1])
with zipfile.ZipFile(sys.argv[2], "w", zipfile.ZIP_STORED, allowZip64=True) as z:
    z.writestr("import.jsonl", '{"type":"version","version":1}\n')
    for i in range(n):
        name = "data/20240101/teams/%026d/channels/%026d/users/%026d/%026d/f%d.png" % (i % 7, i % 997, i % 5003, i, i)
        z.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), b"x%d" % i)
PY
fi
g++ -O2 -std=c++20 -I"$ROOT" "$ROOT/bench/zip_index.cpp" "$ROOT/io/ZipIndex.cpp" "$ROOT/io/Error.cpp" \
  -o "$WORKDIR/zip_index" -lzip -lfmt -lxxhash
for reader in index libzip; do
  /usr/bin/time -f "$reader: %e s, peak RSS %M KiB" "$WORKDIR/zip_index" "$reader" "$WORKDIR/m$N.zip"
done
