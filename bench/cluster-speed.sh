#!/usr/bin/env bash
# k-means speed: Watcher's KMeans against scikit-learn's KMeans (same K, restarts, max_iter, tol
# and data, fit only, in one run of this script), printed as a table with the ratio
# watcher/sklearn. Run by hand (CI does not run it), from anywhere:
#
#   bench/cluster-speed.sh
#
# Needs the .NET 10 SDK, ../shared beside the repository (models and photos; WATCHER_SHARED_DIR
# overrides) and a python3 with scikit-learn, numpy and threadpoolctl: on Debian/Ubuntu
# `apt-get install -y python3-sklearn`, which installs them for /usr/bin/python3 (PYTHON overrides).
# REPEAT (default 3) fits per implementation and setting, alternating; medians are reported.
#
# Data: the L2-normalised mobilenetv3-small embeddings (576-d) of the three shared photo folders,
# 14,225 real vectors, topped up to 25,000 rows with jittered copies of randomly chosen real rows
# (Gaussian noise, sigma 0.02 per coordinate, renormalised, fixed seed; see
# bench/Watcher.Benchmarks/KMeansDataset.cs). Everything goes to data/bench/ (git-ignored;
# WATCHER_BENCH_DIR overrides); embeddings already there are reused, delete the folder to redo them.
#
# Exit status: 0 when Watcher is at most as slow as scikit-learn in every setting, 1 when it is
# slower in one, 2 when something it needs is missing or does not build.
set -euo pipefail

ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
cd "$ROOT"
SHARED="${WATCHER_SHARED_DIR:-$ROOT/../shared}"
PYTHON="${PYTHON:-/usr/bin/python3}"
OUT="${WATCHER_BENCH_DIR:-$ROOT/data/bench}"
REPEAT="${REPEAT:-3}"
ROWS=25000
# "K restarts": a typical single clustering, and many restarts of a smaller K.
SETTINGS=("20 4" "10 10")

die() {
  echo "cluster-speed.sh: $*" >&2
  exit 2
}

[[ -d "$SHARED/data" && -d "$SHARED/models" ]] ||
  die "shared models and photos not found at $SHARED (put ../shared beside the repository or set WATCHER_SHARED_DIR)."
command -v dotnet >/dev/null || die "dotnet not found: install the .NET 10 SDK."
command -v "$PYTHON" >/dev/null || die "$PYTHON not found: set PYTHON to a python3 that has scikit-learn."
"$PYTHON" -c "import numpy, sklearn, threadpoolctl" 2>/dev/null ||
  die "scikit-learn is missing for $PYTHON. Install it with: sudo apt-get install -y python3-sklearn (or set PYTHON to a python3 with numpy, scikit-learn and threadpoolctl)."

echo "== build" >&2
dotnet build src/Watcher -c Release -nologo -v quiet >&2 || die "building src/Watcher failed (see above)."
dotnet build bench/Watcher.Benchmarks -c Release -nologo -v quiet >&2 || die "building bench/Watcher.Benchmarks failed (see above)."
WATCHER=(dotnet "$ROOT/src/Watcher/bin/Release/net10.0/watcher.dll")
BENCH=(dotnet "$ROOT/bench/Watcher.Benchmarks/bin/Release/net10.0/Watcher.Benchmarks.dll")

mkdir -p "$OUT"
inputs=()
for folder in cifar10-test imagenette-val imagenet-sample; do
  npy="$OUT/$folder.npy"
  if [[ -s "$npy" ]]; then
    echo "== reusing $npy (delete $OUT to embed again)" >&2
  else
    echo "== embed $folder" >&2
    WATCHER_MODELS_DIR="$SHARED/models" "${WATCHER[@]}" embed "$SHARED/data/$folder" --out "$npy" --model mobilenetv3-small >&2
  fi
  inputs+=("$npy")
done

DATA="$OUT/kmeans-${ROWS}.npy"
echo "== dataset" >&2
"${BENCH[@]}" kmeans-data --out "$DATA" --rows "$ROWS" --sigma 0.02 --seed 1 "${inputs[@]}"

# One JSON line per fit. The fits of the two implementations alternate, so a change in the
# machine's load during the run hits both alike; the table takes each one's median.
RESULTS="$OUT/cluster-speed.jsonl"
: >"$RESULTS"
for setting in "${SETTINGS[@]}"; do
  read -r k restarts <<<"$setting"
  for ((i = 1; i <= REPEAT; i++)); do
    echo "== K=$k restarts=$restarts, fit $i/$REPEAT: watcher, then scikit-learn" >&2
    "${BENCH[@]}" kmeans --data "$DATA" --k "$k" --restarts "$restarts" --repeat 1 --seed 0 | tee -a "$RESULTS"
    "$PYTHON" bench/sklearn_kmeans.py --data "$DATA" --k "$k" --restarts "$restarts" --repeat 1 --seed 0 | tee -a "$RESULTS"

  done
done

# The whole clustering engine, automatic choices included (issue 3: at most 30 s for 25,000 x 576).
echo "== clustering engine, $REPEAT runs" >&2
ENGINE_JSON="$("${BENCH[@]}" engine --data "$DATA" --repeat "$REPEAT")"
echo "$ENGINE_JSON"
ENGINE_SECONDS="$("$PYTHON" -c 'import json,sys; print(json.loads(sys.argv[1])["seconds_median"])' "$ENGINE_JSON")"

status=0
"$PYTHON" - "$RESULTS" <<'EOF' || status=$?
import json
import statistics
import sys

rows = [json.loads(line) for line in open(sys.argv[1]) if line.strip()]
settings = sorted({(r["k"], r["restarts"]) for r in rows}, key=lambda s: (-s[0], s[1]))
extra = sorted({r["impl"] for r in rows} - {"watcher", "sklearn"})
by, seconds = {}, {}
for r in rows:
    key = (r["impl"], r["k"], r["restarts"])
    by[key] = r
    seconds.setdefault(key, []).extend(r["seconds_all"])
median = {key: statistics.median(values) for key, values in seconds.items()}

header = ["K", "restarts", "watcher s", "sklearn s", "watcher/sklearn"]
for impl in extra:
    header += [f"{impl} s", f"{impl}/sklearn"]
header += ["iterations w/s", "inertia w/s"]
table, slower = [], []
for k, restarts in settings:
    w, s = by[("watcher", k, restarts)], by[("sklearn", k, restarts)]
    ws, ss = median[("watcher", k, restarts)], median[("sklearn", k, restarts)]
    ratio = ws / ss
    if ratio > 1:
        slower.append(f"K={k} restarts={restarts}")
    line = [k, restarts, f"{ws:.2f}", f"{ss:.2f}", f"{ratio:.2f}"]
    for impl in extra:
        e = median.get((impl, k, restarts))
        line += [f"{e:.2f}", f"{e / ss:.2f}"] if e is not None else ["-", "-"]
    line += [f'{w["iterations"]}/{s["iterations"]}', f'{w["inertia"]:.1f}/{s["inertia"]:.1f}']
    table.append([str(v) for v in line])

first = next(r for r in rows if r["impl"] == "watcher")
runs = len(seconds[("watcher", first["k"], first["restarts"])])
print(f'\nk-means on {first["rows"]} x {first["cols"]} float32, seconds per fit (median of {runs}, fit only, data loaded)')
widths = [max(len(h), *(len(t[i]) for t in table)) for i, h in enumerate(header)]
print("| " + " | ".join(h.ljust(widths[i]) for i, h in enumerate(header)) + " |")
print("|" + "|".join("-" * (wd + 2) for wd in widths) + "|")
for t in table:
    print("| " + " | ".join(v.rjust(widths[i]) for i, v in enumerate(t)) + " |")

sk = next(r for r in rows if r["impl"] == "sklearn")
pools = ", ".join(f'{p["internal_api"]} {p["num_threads"]}' for p in sk["threadpools"])
print(f'threads: watcher {first.get("threads", "?")} ({first.get("runtime", ".NET")}); '
      f'scikit-learn {sk["sklearn_version"]}: {pools}')
if slower:
    print(f"Watcher is slower than scikit-learn for {', '.join(slower)}.")
    sys.exit(1)
print("Watcher is at most as slow as scikit-learn in every setting.")
EOF
echo "clustering engine (projection, neighbour graph, automatic choice, Louvain, review samples, calibration):"
echo "  median ${ENGINE_SECONDS} s for ${ROWS} x 576 (target: at most 30 s)"
if "$PYTHON" -c 'import sys; sys.exit(0 if float(sys.argv[1]) <= 30 else 1)' "$ENGINE_SECONDS"; then :; else
  echo "The clustering engine took more than 30 s."
  status=1
fi
exit "$status"
