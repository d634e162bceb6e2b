#!/usr/bin/env python3
"""What one outbox commit costs the card, without the agent: an outbox-like SQLite file (the agent's fixes
table, WAL, synchronous=FULL) gets one one-row commit every INTERVAL seconds; after WARMUP seconds it reads
this process's /proc/self/io write_bytes for DURATION seconds and prints bytes per commit. Time-driven
writes are in it (the -shm index, memory-mapped, is written back by the kernel about every 30 s), so run it
at the agent's real intervals. MODE 'shared' is how the agent opens its outbox; 'exclusive' sets
locking_mode=EXCLUSIVE first, which keeps the WAL index in the process's memory (no -shm file) and locks
every other process out of the file while it is open.
Usage: bench/outbox-commit-probe.py PAGE_SIZE MODE INTERVAL WARMUP DURATION DIR
       e.g. bench/outbox-commit-probe.py 1024 shared 1 20 150 /tmp/probe-a  (several side by side)"""
import os
import random
import sqlite3
import sys
import time

page, mode, interval, warmup, duration, folder = (int(sys.argv[1]), sys.argv[2], float(sys.argv[3]),
                                                  float(sys.argv[4]), float(sys.argv[5]), sys.argv[6])
os.makedirs(folder, exist_ok=True)
path = os.path.join(folder, "outbox.db")
for suffix in ("", "-wal", "-shm"):
    if os.path.exists(path + suffix):
        os.remove(path + suffix)
db = sqlite3.connect(path, isolation_level=None)
db.execute(f"PRAGMA page_size={page}")
if mode == "exclusive":
    db.execute("PRAGMA locking_mode=EXCLUSIVE")
db.execute("PRAGMA journal_mode=WAL")
db.execute("PRAGMA synchronous=FULL")
db.execute("""CREATE TABLE fixes (seq INTEGER PRIMARY KEY, fix_time INTEGER NOT NULL, lat REAL NOT NULL,
              lon REAL NOT NULL, speed REAL, course REAL, alt REAL, hdop REAL, sats INTEGER, fix_type TEXT)""")


def write_bytes():
    with open("/proc/self/io") as io:
        for line in io:
            if line.startswith("write_bytes:"):
                return int(line.split()[1])


seq = 0
start = time.time()
first = None
while time.time() - start < warmup + duration:
    if first is None and time.time() - start >= warmup:
        first = (write_bytes(), seq)
    seq += 1
    db.execute("BEGIN")
    db.execute("INSERT INTO fixes VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
               (seq, 1_700_000_000_000 + seq * 1000, 52 + random.random(), 4 + random.random(), 5.1, 180.0,
                34.0, 0.9, 9, "3d"))
    db.execute("COMMIT")
    time.sleep(interval - (time.time() - start) % interval)
commits = seq - first[1]
written = write_bytes() - first[0]
print(f"page_size {page}, {mode}, a commit every {interval:g} s: {commits} commits, write_bytes {written}, "
      f"{written / commits:.0f} B per commit")
