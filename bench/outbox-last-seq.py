#!/usr/bin/env python3
"""The newest seq an agent's outbox has numbered, as the agent itself reads it when it opens: the larger of
SQLite's last_seq meta row, its newest row, and the newest fix in the fix journal beside the file
(<outbox>.journal; layout in device-agent's FixJournal: 128-byte slots, big-endian, slot 0 the header
(magic, version, generation, seq base, first 16 bytes of the outbox id's SHA-256, CRC32 at byte 124), slot i
the fix numbered seq base + i with the header's generation). Fixes taken since the last fold are only in the
journal. Reads beside a running agent; prints 0 while the outbox has no tables yet.
Usage: bench/outbox-last-seq.py OUTBOX_FILE"""
import hashlib
import sqlite3
import struct
import sys
import zlib

RECORD = 128
MAGIC = 0x424A524E
VERSION = 1


def intact(slot):
    return struct.unpack('>I', slot[124:128])[0] == zlib.crc32(slot[:124])


def journal_last(path, outbox_id, after):
    try:
        with open(path + '.journal', 'rb') as f:
            data = f.read()
    except FileNotFoundError:
        return after
    header = data[:RECORD]
    if len(header) < RECORD or not intact(header):
        return after
    magic, version, generation, seq_base = struct.unpack('>iiqq', header[:24])
    if magic != MAGIC or version != VERSION or header[24:40] != hashlib.sha256(outbox_id.encode()).digest()[:16]:
        return after
    last = after
    for i in range(1, len(data) // RECORD):
        slot = data[i * RECORD:(i + 1) * RECORD]
        record_generation, seq = struct.unpack('>qq', slot[:16])
        if not intact(slot) or record_generation != generation or seq != seq_base + i:
            break
        last = max(last, seq)
    return last


def main(path):
    db = sqlite3.connect(path, timeout=2)
    try:
        last = db.execute("SELECT max(coalesce((SELECT CAST(value AS INTEGER) FROM meta WHERE key = 'last_seq'), 0),"
                          " coalesce((SELECT max(seq) FROM fixes), 0))").fetchone()[0]
        outbox_id = db.execute("SELECT value FROM meta WHERE key = 'outbox_id'").fetchone()
    except sqlite3.OperationalError:
        print(0)
        return
    finally:
        db.close()
    print(journal_last(path, outbox_id[0], last) if outbox_id else last)


main(sys.argv[1])
