#!/usr/bin/env python3
"""Eight threads sharing a pool: each borrows a connection per unit of work.

    python3 pool_threads.py URL
"""
import sys
import threading

import informix_db

pool = informix_db.create_pool(min_size=2, max_size=4, acquire_timeout=10.0, url=sys.argv[1])
with pool.connection() as conn:
    conn.cursor().execute("CREATE TABLE IF NOT EXISTS hits (worker INTEGER, n INTEGER)")


def work(worker):
    for n in range(25):
        with pool.connection() as conn:                 # commit on success, rollback on error
            conn.cursor().execute("INSERT INTO hits VALUES (?, ?)", (worker, n))


threads = [threading.Thread(target=work, args=(w,)) for w in range(8)]
for t in threads:
    t.start()
for t in threads:
    t.join()
with pool.connection() as conn:
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM hits")
    print("rows:", cur.fetchone()[0], "stats:", pool.stats())
    cur.execute("DROP TABLE hits")
pool.close()
