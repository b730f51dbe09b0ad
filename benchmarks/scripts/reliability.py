#!/usr/bin/env python3
"""Reliability of calibrated scores: expected calibration error and Brier score.

Reads a scores TSV written by `./videosim scores` (columns query, reference, score) and a ground-truth TSV with
columns query_id, ref_id (queries without a match have an empty ref_id). Every scored pair that the ground truth
lists is a copy, every other scored pair is not. Prints ECE over equal-width bins, the Brier score, and the
reliability table (mean score against the share of copies per bin). Pure Python, no dependencies.

usage: reliability.py SCORES.tsv GT.tsv [--bins 10]
"""
import argparse
import csv
import sys


def main():
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("scores")
    ap.add_argument("gt")
    ap.add_argument("--bins", type=int, default=10)
    args = ap.parse_args()
    positives = set()
    with open(args.gt, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            ref = (row.get("ref_id") or "").strip()
            if ref:
                positives.add((row["query_id"].strip(), ref))
    pairs = []
    with open(args.scores, newline="") as f:
        for row in csv.DictReader(f, delimiter="\t"):
            p = float(row["score"])
            if not 0 <= p <= 1:
                sys.exit(f"score out of [0, 1]: {row}")
            pairs.append((p, 1 if (row["query"].strip(), row["reference"].strip()) in positives else 0))
    if not pairs:
        sys.exit("no scored pairs")
    n = len(pairs)
    brier = sum((p - y) ** 2 for p, y in pairs) / n
    bins = [[] for _ in range(args.bins)]
    for p, y in pairs:
        bins[min(args.bins - 1, int(p * args.bins))].append((p, y))
    ece = 0.0
    print(f"pairs {n}, copies {sum(y for _, y in pairs)}")
    print("bin          pairs  mean score  share of copies")
    for k, b in enumerate(bins):
        if not b:
            continue
        conf = sum(p for p, _ in b) / len(b)
        acc = sum(y for _, y in b) / len(b)
        ece += len(b) / n * abs(conf - acc)
        print(f"[{k / args.bins:.1f}, {(k + 1) / args.bins:.1f})  {len(b):6d}  {conf:10.4f}  {acc:15.4f}")
    print(f"ECE ({args.bins} bins) {ece:.4f}")
    print(f"Brier {brier:.4f}")


if __name__ == "__main__":
    main()
