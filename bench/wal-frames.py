#!/usr/bin/env python3
"""Which pages each commit of a running agent appends to its outbox's write-ahead log, from an strace log:
    strace -f -tt -e trace=pwrite64,fsync,openat -o TRACE java ... -jar bike-agent.jar run ...
FD is the descriptor of the -wal file (the openat of outbox.db-wal in TRACE). A frame is a pwrite64 of its
24-byte header (its first 4 bytes: the database page number) and one of the page; fsync(FD) ends a commit.
Prints frames per commit, the multi-frame commits' page numbers, and frames that cross a 4 KB file page
(those dirty two pages of the log).
Usage: bench/wal-frames.py TRACE FD [PAGE_SIZE]"""
import codecs
import collections
import re
import sys

trace, fd = sys.argv[1], sys.argv[2]
page_size = int(sys.argv[3]) if len(sys.argv) > 3 else 1024
header = re.compile(r'pwrite64\(' + fd + r', "(.*?)"\.*, 24, (\d+)')
sync = re.compile(r'fsync\(' + fd + r'[)<, ]')
commits, current, frames, crossing = [], [], 0, 0
with open(trace) as lines:
    for line in lines:
        m = header.search(line)
        if m:
            raw = codecs.escape_decode(m.group(1).encode("latin1"))[0]
            current.append(int.from_bytes(raw[0:4], "big"))
            frames += 1
            offset = int(m.group(2))
            crossing += offset // 4096 != (offset + 24 + page_size - 1) // 4096
        elif sync.search(line) and current:
            commits.append(tuple(current))
            current = []
sizes = collections.Counter(len(c) for c in commits)
print(f"{len(commits)} commits, {frames} frames ({frames / len(commits):.2f} per commit), "
      f"{crossing} frames crossing a 4 KB page of the log")
print("frames per commit: number of commits", dict(sorted(sizes.items())))
print("pages of the first multi-frame commits:", [c for c in commits if len(c) > 1][:12])
