#!/usr/bin/python3
"""FAISS IndexBinaryFlat on the workload of HammingBenchmark, for a side-by-side comparison.

One query against 1M and 10M random codes of 64..512 bits on one thread: top-10 (search) and radius bits/8
(range_search), and, in the same process, summing the same memory with numpy (the bandwidth baseline). Brute-force
Hamming search reads every code whatever the bits are, so random codes from numpy stand for HammingBenchmark's
(java.util.Random) codes. Needs Debian's python3-faiss (not a dependency of the build or the tests):

    apt-get install python3-faiss
    /usr/bin/python3 benchmarks/faiss/faiss_hamming.py [--codes 1000000,10000000] [--bits 64,128,256,512]
"""
import argparse
import statistics
import time

import faiss
import numpy as np


def timed(fn, reps):
    fn()  # warm-up
    times = []
    for _ in range(reps):
        t0 = time.perf_counter()
        fn()
        times.append(time.perf_counter() - t0)
    return statistics.median(times)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--codes", default="1000000,10000000")
    ap.add_argument("--bits", default="64,128,256,512")
    ap.add_argument("--reps", type=int, default=15)
    args = ap.parse_args()
    faiss.omp_set_num_threads(1)
    rng = np.random.default_rng(42)
    print("faiss %s, numpy %s, one thread" % (faiss.__version__, np.__version__))
    print("%9s %5s %12s %10s %10s %10s %14s %8s" % ("codes", "bits", "what", "ms", "sum ms", "GB/s", "codes/s",
                                                    "ratio"))
    for n in [int(x) for x in args.codes.split(",")]:
        for bits in [int(x) for x in args.bits.split(",")]:
            nbytes = bits // 8
            codes = rng.integers(0, 256, size=(n, nbytes), dtype=np.uint8)
            query = rng.integers(0, 256, size=(1, nbytes), dtype=np.uint8)
            index = faiss.IndexBinaryFlat(bits)
            index.add(codes)
            words = codes.view(np.uint64)
            t_sum = timed(lambda: int(words.sum()), args.reps)
            t_knn = timed(lambda: index.search(query, 10), args.reps)
            t_range = timed(lambda: index.range_search(query, bits // 8), args.reps)
            for what, t in (("search k=10", t_knn), ("range r=b/8", t_range)):
                print("%9d %5d %12s %10.3f %10.3f %10.2f %14.3e %8.2f" % (
                    n, bits, what, t * 1e3, t_sum * 1e3, n * nbytes / t / 1e9, n / t, t_sum / t))
            del index, codes, words


if __name__ == "__main__":
    main()
