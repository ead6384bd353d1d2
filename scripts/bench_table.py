#!/usr/bin/env python3
"""Summarises a Google Benchmark JSON file written by scripts/bench.sh."""
import json
import sys


def main():
    runs = {}
    for path in sys.argv[1:]:
        for b in json.load(open(path))["benchmarks"]:
            if "error_occurred" not in b:
                runs[b["name"]] = b

    def ips(name):
        b = runs.get(name)
        return b.get("items_per_second") if b else None

    def row(label, value, unit=""):
        text = "n/a (not run or not built)" if value is None else f"{value:,.1f}{unit}"
        print(f"| {label} | {text} |")

    ours = ips("BM_Classify_Short/real_time/threads:1")
    ours_hs = ips("BM_Classify_Short_Hyperscan/real_time/threads:1")
    two = ips("BM_Classify_Short/real_time/threads:2")
    rset = ips("BM_Baseline_RE2Set")
    loop = ips("BM_Baseline_PerPattern")
    print("| figure | value |\n|---|---|")
    row("short messages, RE2 build (msg/s)", ours)
    row("short messages, Hyperscan literal stage (msg/s)", ours_hs)
    row("baseline: one RE2::Set, match only (msg/s)", rset)
    row("baseline: RE2 PartialMatch per pattern (msg/s)", loop)
    row("ours / RE2::Set", ours / rset if ours and rset else None, "x")
    row("ours / per-pattern loop", ours / loop if ours and loop else None, "x")
    row("2 threads / 1 thread", two / ours if two and ours else None, "x")
    for n in (300, 600, 1200):
        row(f"{n}-pattern pack, RE2 (msg/s)", ips(f"BM_Classify_PackSize/{n}/0"))
    for size in (4096, 65536):
        b = runs.get(f"BM_Classify_Transcript/{size}")
        row(f"{size // 1024} KB transcripts, RE2 (KB/s)",
            b["bytes_per_second"] / 1e3 if b else None)
    for arg, label in ((0, "RE2"), (1, "Hyperscan")):
        b = runs.get(f"BM_Create/{arg}")
        row(f"Classifier::Create, default pack, {label} (ms)",
            b["real_time"] if b else None)
        m = runs.get(f"BM_ClassifierMemory/{arg}/iterations:1")
        row(f"classifier RSS after 20k messages, {label} (MB)",
            m["rss_mb"] if m else None)
    b = runs.get("BM_CreateHyperscanCached")
    row("Classifier::Create, Hyperscan, database from cache (ms)",
        b["real_time"] if b else None)
    b = runs.get("BM_ParseDefaultPack")
    row("RulePack::Default() parse (ms)", b["real_time"] if b else None)


if __name__ == "__main__":
    main()
