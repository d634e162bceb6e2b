#!/usr/bin/env python3
"""Ingest rate of a backfill run, from the backfilling simulator's own per-second series.

Usage: bench/backfill-rate.py REPORT_DIR [REPORT_DIR...]   (reads REPORT_DIR/backfill.json)

The drain is taken as the seconds from the first to the last in which more than 1,000 of its fixes were
acknowledged (before and after, only the backfilling bikes' live fixes come in: 100 a second for 100 bikes
at 1 Hz); prints the average over them, the median second and the slowest tenth, and when the drain began
and ended (seconds since the backfill simulator started).
"""
import json
import sys


def rate(report):
    with open(report + "/backfill.json") as f:
        run = json.load(f)
    acked = [(p["t"], p["acked"]) for p in run["series"]]
    draining = [i for i in range(1, len(acked)) if acked[i][1] - acked[i - 1][1] > 1000]
    # From the sample before the first draining second to the last draining one.
    start, end = draining[0] - 1, draining[-1]
    seconds = (acked[end][0] - acked[start][0]) / 1000
    per_second = sorted(acked[i + 1][1] - acked[i][1] for i in range(start, end))
    began = (acked[start][0] - run["startedAt"]) / 1000
    ended = (acked[end][0] - run["startedAt"]) / 1000
    print(f"{report}: {(acked[end][1] - acked[start][1]) / seconds:,.0f} fixes/s over {seconds:.0f} s "
          f"(median second {per_second[len(per_second) // 2]:,}, slowest tenth below "
          f"{per_second[len(per_second) // 10]:,}); drain from {began:.0f} s to {ended:.0f} s")


if __name__ == "__main__":
    if len(sys.argv) < 2:
        sys.exit(__doc__)
    for path in sys.argv[1:]:
        rate(path.rstrip("/"))
