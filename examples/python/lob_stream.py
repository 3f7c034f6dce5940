#!/usr/bin/env python3
"""BLOB content written and read as a file-like stream.

    python3 lob_stream.py URL
"""
import sys

import informix_db

with informix_db.connect(sys.argv[1]) as conn:
    cur = conn.cursor()
    cur.execute("CREATE TEMP TABLE doc (id INTEGER, body BLOB)")
    with conn.create_lob("blob") as out:                # a new smart large object
        for i in range(16):
            out.write(bytes([i]) * 65536)
        locator = out.locator
    cur.execute("INSERT INTO doc VALUES (?, ?)", (1, locator))
    cur.execute("INSERT INTO doc VALUES (?, ?)", (2, informix_db.Blob(b"small")))
    reader = conn.cursor(lob_locators=True)
    reader.execute("SELECT body FROM doc WHERE id = 1")
    (loc,) = reader.fetchone()
    with conn.open_lob(loc, "rb") as f:
        total = 0
        while chunk := f.read(100_000):
            total += len(chunk)
    print("streamed", total, "bytes")
    cur.execute("SELECT body FROM doc WHERE id = 2")
    print("read whole:", cur.fetchone()[0])
