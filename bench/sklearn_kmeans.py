#!/usr/bin/env python3
"""Times scikit-learn's KMeans on a float32 .npy with the settings Watcher's benchmark uses.

Prints one JSON line shaped like `Watcher.Benchmarks kmeans` prints, plus the scikit-learn version
and the BLAS/OpenMP thread pools it ran with, so a comparison says how many threads each side had.
Needs numpy, scikit-learn and threadpoolctl: on Debian/Ubuntu `apt-get install -y python3-sklearn`
and run it with /usr/bin/python3.

    /usr/bin/python3 bench/sklearn_kmeans.py --data data/bench/kmeans-25000x576.npy --k 20 --restarts 4 --repeat 3
"""
import argparse
import json
import statistics
import sys
import time

try:
    import numpy as np
    import sklearn
    from sklearn.cluster import KMeans
    from threadpoolctl import threadpool_info
except ImportError as error:
    sys.exit(
        f"sklearn_kmeans.py: {error}. It needs numpy, scikit-learn and threadpoolctl for {sys.executable}; "
        "on Debian/Ubuntu run `sudo apt-get install -y python3-sklearn` and use /usr/bin/python3."
    )

WARM_UP_ROWS = 2000


def make(k, restarts, seed):
    return KMeans(n_clusters=k, n_init=restarts, init="k-means++", max_iter=300, tol=1e-4,
                  algorithm="lloyd", random_state=seed)


def main():
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--data", required=True)
    parser.add_argument("--k", type=int, default=20)
    parser.add_argument("--restarts", type=int, default=4)
    parser.add_argument("--repeat", type=int, default=3)
    parser.add_argument("--seed", type=int, default=0)
    args = parser.parse_args()

    data = np.load(args.data)
    if data.dtype != np.float32 or data.ndim != 2:
        sys.exit(f"sklearn_kmeans.py: expected a 2-D float32 array, got {data.dtype} {data.shape}")
    data = np.ascontiguousarray(data)

    # Same warm-up as the C# side: the first fit pays for lazy imports and thread-pool start-up.
    make(min(args.k, WARM_UP_ROWS), 2, args.seed).fit(data[:WARM_UP_ROWS])

    seconds = []
    model = None
    for i in range(args.repeat):
        model = make(args.k, args.restarts, args.seed)
        start = time.perf_counter()
        model.fit(data)
        seconds.append(time.perf_counter() - start)
        print(f"sklearn k={args.k} restarts={args.restarts}: fit {i + 1}/{args.repeat} took {seconds[-1]:.3f} s",
              file=sys.stderr)

    pools = [{"user_api": p["user_api"], "internal_api": p["internal_api"], "num_threads": p["num_threads"]}
             for p in threadpool_info()]
    print(json.dumps({
        "impl": "sklearn",
        "k": args.k,
        "restarts": args.restarts,
        "rows": int(data.shape[0]),
        "cols": int(data.shape[1]),
        "seconds_median": round(statistics.median(seconds), 4),
        "seconds_all": [round(s, 4) for s in seconds],
        "iterations": int(model.n_iter_),
        "inertia": round(float(model.inertia_), 4),
        "sklearn_version": sklearn.__version__,
        "threadpools": pools,
    }))


if __name__ == "__main__":
    main()
