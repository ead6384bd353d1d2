#!/usr/bin/env python3
"""Summarises the Google Benchmark JSON files written by scripts/bench.sh.

Each figure is the median of the repetitions when the run has them, next to
the target issue 4 sets for it."""
import json
import sys

NEW = 40000  # BM_Classify_Short_New's iterations per repetition


def load(paths):
    runs = {}
    for path in paths:
        for b in json.load(open(path))["benchmarks"]:
            if "error_occurred" in b:
                continue
            kind = b.get("run_type", "iteration")
            if kind == "aggregate" and b.get("aggregate_name") != "median":
                continue
            name = b.get("run_name", b["name"])
            # A median replaces a single run of the same benchmark.
            if kind == "aggregate" or name not in runs:
                runs[name] = b
    return runs


def main():
    runs = load(sys.argv[1:])

    def get(name, key):
        b = runs.get(name)
        return b.get(key) if b else None

    def ips(name):
        return get(name, "items_per_second")

    def ratio(a, b):
        return a / b if a and b else None

    def row(label, value, unit, target=None, higher_is_better=True):
        if value is None:
            text, verdict = "n/a (not run or not built)", ""
        else:
            text = f"{value:,.1f}{unit}"
            verdict = ""
            if target is not None:
                met = value >= target if higher_is_better else value <= target
                verdict = "met" if met else "not met"
        goal = ""
        if target is not None:
            goal = (">= " if higher_is_better else "<= ") + f"{target:,g}{unit}"
        print(f"| {label} | {text} | {goal} | {verdict} |")

    def kmsg(name):
        v = ips(name)
        return v / 1e3 if v else None

    def mbps(name):
        v = get(name, "bytes_per_second")
        return v / 1e6 if v else None

    ours = ips("BM_Classify_Short/real_time/threads:1")
    two = ips("BM_Classify_Short/real_time/threads:2")
    rset = ips("BM_Baseline_RE2Set")
    loop = ips("BM_Baseline_PerPattern")
    print("| figure | measured | target | |\n|---|---|---|---|")
    row("short messages, RE2 build", kmsg("BM_Classify_Short/real_time/threads:1"),
        " k msg/s", 150)
    row("short messages, Hyperscan literal stage",
        kmsg("BM_Classify_Short_Hyperscan/real_time/threads:1"), " k msg/s", 500)
    row("short messages each new to the classifier, RE2 build",
        kmsg(f"BM_Classify_Short_New/0/iterations:{NEW}/real_time"),
        " k msg/s", 150)
    row("short messages each new to the classifier, Hyperscan",
        kmsg(f"BM_Classify_Short_New/1/iterations:{NEW}/real_time"),
        " k msg/s", 500)
    row("short messages, RE2 build, one result reused (ClassifyInto)",
        kmsg("BM_Classify_Short_Reuse/real_time"), " k msg/s", 150)
    row("short messages each new, RE2 build, one result reused",
        kmsg(f"BM_Classify_Short_New_Reuse/iterations:{NEW}/real_time"),
        " k msg/s", 150)
    row("baseline: one RE2::Set, match only", rset, " msg/s")
    row("baseline: RE2 PartialMatch per pattern", loop, " msg/s")
    for n, label in ((0, "whole pack"), (300, "first 300 patterns")):
        name = f"BM_Baseline_HyperscanFull/{n}/0"
        row(f"baseline: Hyperscan, every pattern compiled in, match only, "
            f"{label}", kmsg(name), " k msg/s")
        if runs.get(name):
            b = runs[name]
            print(f"| ... its database: {b['compiled']:.0f} patterns "
                  f"({b['approximated']:.0f} as prefilters, "
                  f"{b['left_out']:.0f} left out), {b['db_mb']:.1f} MB | | | |")
        row(f"baseline: the same on the 64 KB transcripts, {label}",
            mbps(f"BM_Baseline_HyperscanFull/{n}/1"), " MB/s")
    row("ours / RE2::Set", ratio(ours, rset), "x", 10)
    row("ours / per-pattern loop", ratio(ours, loop), "x")
    row("2 threads / 1 thread, RE2", ratio(two, ours), "x", 1.8)
    for arg, label in ((0, "RE2"), (1, "Hyperscan")):
        for n in (300, 600, 1200):
            row(f"{n}-pattern pack, {label}",
                kmsg(f"BM_Classify_PackSize/{n}/{arg}"), " k msg/s",
                50 if (n, arg) == (1200, 0) else None)
    for suffix, label in (("", "RE2"), ("_Hyperscan", "Hyperscan")):
        for size in (4096, 65536):
            row(f"{size // 1024} KB transcripts, {label}",
                mbps(f"BM_Classify_Transcript{suffix}/{size}"), " MB/s", 50)
    for arg, label in ((0, "RE2"), (1, "Hyperscan")):
        for size, iters in ((4096, 200), (65536, 20)):
            row(f"{size // 1024} KB transcripts each new, {label}",
                mbps(f"BM_Classify_Transcript_New/{size}/{arg}/"
                     f"iterations:{iters}"), " MB/s", 50)
    for arg, label in ((0, "a transcript with its line breaks lost"),
                       (1, "a negated complaint repeated"),
                       (2, "a short zh complaint repeated"),
                       (3, "a short en complaint repeated")):
        row(f"64 KB on one line, RE2: {label}",
            mbps(f"BM_Classify_LongLine/{arg}"), " MB/s")
    for arg, label in ((0, "RE2"), (1, "Hyperscan")):
        row(f"Classifier::Create, default pack, {label}",
            get(f"BM_Create/{arg}", "real_time"), " ms",
            50 if arg == 0 else None, higher_is_better=False)
    row("Classifier::Create, Hyperscan, database from cache",
        get("BM_CreateHyperscanCached", "real_time"), " ms")
    row("Classifier::Create, other pack of the same size, planned",
        get("BM_CreateOtherPack/0", "real_time"), " ms")
    row("Classifier::Create, other pack, plan from cache_dir",
        get("BM_CreateOtherPack/1", "real_time"), " ms")
    row("RulePack::Default() parse", get("BM_ParseDefaultPack", "real_time"),
        " ms")
    for arg, label in ((0, "RE2"), (1, "Hyperscan")):
        row(f"classifier RSS after 20k messages, {label}",
            get(f"BM_ClassifierMemory/{arg}/iterations:1", "rss_mb"), " MB",
            32, higher_is_better=False)


if __name__ == "__main__":
    main()
