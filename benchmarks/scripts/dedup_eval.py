#!/usr/bin/env python3
"""Scores `videosim dedup` groups against a retrieval ground truth (the dev benchmark's gt.tsv format).

Per reference: the predicted versions are the other members of every group that holds the reference (a video may be
in several groups); the true versions are the queries that gt.tsv pairs with it. Precision and recall per reference
(a reference with no true version and none predicted counts 1 and 1), then their means. Also lists every wrong or
missed member, so that a shortfall can be traced to the queries that pull footage into wrong groups.

usage: dedup_eval.py GROUPS.tsv GT.tsv [--refs ID,ID,...|--refs-dir DIR]
"""
import argparse
import csv
import os
import sys
from collections import defaultdict


def main():
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("groups")
    ap.add_argument("gt")
    ap.add_argument("--refs-dir", help="directory of the references (default: refs/ beside gt.tsv)")
    ap.add_argument("--quiet", action="store_true", help="only the means")
    a = ap.parse_args()

    members = defaultdict(set)  # group -> videos
    groups_of = defaultdict(set)  # video -> groups
    with open(a.groups, newline="") as f:
        rows = list(csv.reader(f, delimiter="\t"))
    if not rows or rows[0][:5] != ["video", "group", "versions", "relation", "score"]:
        sys.exit("%s: not a groups table (header video group versions relation score)" % a.groups)
    for r in rows[1:]:
        members[r[1]].add(r[0])
        groups_of[r[0]].add(r[1])

    truth = defaultdict(set)
    family = {}
    with open(a.gt, newline="") as f:
        for r in csv.DictReader(f, delimiter="\t"):
            family[r["query_id"]] = r["family"]
            if r["ref_id"] != "-":
                truth[r["ref_id"]].add(r["query_id"])
    refs_dir = a.refs_dir or os.path.join(os.path.dirname(os.path.abspath(a.gt)), "refs")
    refs = sorted(os.path.splitext(n)[0] for n in os.listdir(refs_dir) if not n.startswith("."))

    ps, rs, ps_pos, rs_pos = [], [], [], []
    for ref in refs:
        predicted = set()
        for g in groups_of.get(ref, ()):
            predicted |= members[g]
        predicted.discard(ref)
        true = truth.get(ref, set())
        tp = len(predicted & true)
        p = tp / len(predicted) if predicted else 1.0
        rec = tp / len(true) if true else 1.0
        if ref not in groups_of:
            p, rec = 0.0, 0.0
        ps.append(p)
        rs.append(rec)
        if true:
            ps_pos.append(p)
            rs_pos.append(rec)
        if not a.quiet and (predicted != true or ref not in groups_of):
            wrong = ", ".join("%s (%s)" % (q, family.get(q, "reference")) for q in sorted(predicted - true))
            missed = ", ".join("%s (%s)" % (q, family.get(q, "?")) for q in sorted(true - predicted))
            print("%s: %d group(s), precision %.3f, recall %.3f%s%s" % (
                ref, len(groups_of.get(ref, ())), p, rec, "; wrong: " + wrong if wrong else "",
                "; missed: " + missed if missed else ""))
    n = len(refs)
    print("references %d: mean precision %.4f, mean recall %.4f" % (n, sum(ps) / n, sum(rs) / n))
    if ps_pos:
        print("references with queries %d: mean precision %.4f, mean recall %.4f" % (
            len(ps_pos), sum(ps_pos) / len(ps_pos), sum(rs_pos) / len(rs_pos)))


if __name__ == "__main__":
    main()
