#!/usr/bin/env python3
"""Summarise a py-spy `--format raw` profile (collapsed stacks) written by `BENCH_PYSPY=dir`:
the functions with the most samples, inclusive and self, optionally only frames matching a
substring. Usage: pyspy_summary.py FILE [TOP] [FILTER]"""

import collections
import sys


def main() -> None:
    path = sys.argv[1]
    top = int(sys.argv[2]) if len(sys.argv) > 2 else 40
    only = sys.argv[3] if len(sys.argv) > 3 else ""
    inclusive, own = collections.Counter(), collections.Counter()
    total = 0
    for line in open(path, encoding="utf-8", errors="replace"):
        stack, _, count = line.rstrip("\n").rpartition(" ")
        if not stack:
            continue
        n = int(count)
        frames = stack.split(";")
        # drop the process frame py-spy puts first, and idle waits in the arbiter/worker loop
        if any(
            "select (selectors.py" in f
            or "sleep (gunicorn/arbiter.py" in f
            or "wait (gunicorn/workers" in f
            or "accept (socket.py" in f
            for f in frames[-2:]
        ):
            continue
        total += n
        own[frames[-1]] += n
        for f in set(frames):
            inclusive[f] += n
    print(f"{total} busy samples")
    for title, counter in (("inclusive", inclusive), ("self", own)):
        print(f"\n-- {title}")
        shown = 0
        for frame, n in counter.most_common():
            if only and only not in frame:
                continue
            print(f"{n / total * 100:6.1f}%  {frame[:160]}")
            shown += 1
            if shown >= top:
                break


if __name__ == "__main__":
    main()
