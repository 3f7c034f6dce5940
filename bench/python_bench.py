#!/usr/bin/env python3
"""The Python driver's benchmarks (scripts/bench runs them beside the C++ ones, ratios in
bench/bench_table.py). Not a test: it prints measurements, asserts nothing.

    python_bench.py IFX_URL [PG_CONNINFO] [runs]

Measures, as "name median (min..max)" lines over the runs:
  * rows/s and client CPU ns/row reading 1M rows of the 5-column shape (bench5: INTEGER,
    VARCHAR(40), DECIMAL(16,2), DATETIME YEAR TO SECOND, DATE; made by ifx_bench_select) through
    informix_db, every value made a Python object; the same with psycopg2 from the bench's
    PostgreSQL (a server-side cursor, the way informix_db streams; and the default client-side
    cursor, which holds the whole result in libpq first);
  * executemany of 10,000 rows in one transaction (psycopg2: extras.execute_batch, 1000 a page);
  * pool acquire + SELECT 1 + release (one thread, autocommit: no BEGIN/COMMIT of its own);
  * 1,000 concurrent queries on one asyncio loop through an informix_db.aio pool of 16 connections.
The CPU per row is the process's (the sync driver does its I/O on the calling thread).
"""
import asyncio
import statistics
import sys
import time

import informix_db
from informix_db import aio

URL = sys.argv[1]
PG = sys.argv[2] if len(sys.argv) > 2 and sys.argv[2] else None
RUNS = int(sys.argv[3]) if len(sys.argv) > 3 else 5
ROWS = 1_000_000


def report(name, values, fmt="{:.1f}"):
    values = sorted(values)
    print(f"{name} {fmt.format(statistics.median(values))} ({fmt.format(values[0])}..{fmt.format(values[-1])})",
          flush=True)


def timed(fn):
    w0, c0 = time.perf_counter(), time.process_time()
    fn()
    return time.perf_counter() - w0, time.process_time() - c0


def read_ifx(conn):
    cur = conn.cursor()
    cur.execute(f"SELECT FIRST {ROWS} id, name, amount, ts, d FROM bench5")
    n = 0
    for row in cur:
        n += 1
    assert n == ROWS, n


def read_pg(pg, named):
    cur = pg.cursor(name="c") if named else pg.cursor()
    if named:
        cur.itersize = 4096
    cur.execute(f"SELECT id, name, amount, ts, d FROM bench5 LIMIT {ROWS}")
    n = 0
    for row in cur:
        n += 1
    cur.close()
    pg.commit()
    assert n == ROWS, n


def select_rows():
    conn = informix_db.connect(URL, autocommit=True)
    read_ifx(conn)  # warm
    rate, cpu = [], []
    for _ in range(RUNS):
        wall, c = timed(lambda: read_ifx(conn))
        rate.append(ROWS / wall)
        cpu.append(c * 1e9 / ROWS)
    conn.close()
    report("py_select_1000000_rows_per_s", rate, "{:.0f}")
    report("py_select_1000000_client_cpu_ns_per_row", cpu)
    if not PG:
        return
    import psycopg2
    pg = psycopg2.connect(PG)
    for named, label in ((True, "server_cursor"), (False, "client_cursor")):
        read_pg(pg, named)
        rate, cpu = [], []
        for _ in range(RUNS):
            wall, c = timed(lambda: read_pg(pg, named))
            rate.append(ROWS / wall)
            cpu.append(c * 1e9 / ROWS)
        report(f"psycopg2_{label}_1000000_rows_per_s", rate, "{:.0f}")
        report(f"psycopg2_{label}_1000000_client_cpu_ns_per_row", cpu)
    pg.close()


def executemany():
    rows = [(i, f"customer name {i}") for i in range(10_000)]
    conn = informix_db.connect(URL)
    cur = conn.cursor()
    try:
        cur.execute("DROP TABLE py_bench_many")
    except informix_db.Error:
        pass
    cur.execute("CREATE TABLE py_bench_many (k INTEGER, v VARCHAR(40))")
    conn.commit()
    times = []
    for _ in range(RUNS + 1):
        cur.execute("DELETE FROM py_bench_many")
        conn.commit()
        wall, _ = timed(lambda: (cur.executemany("INSERT INTO py_bench_many VALUES (?, ?)", rows), conn.commit()))
        times.append(wall * 1e6)
    conn.close()
    report("py_executemany_10000_us", times[1:], "{:.0f}")
    if not PG:
        return
    import psycopg2
    import psycopg2.extras
    pg = psycopg2.connect(PG)
    pcur = pg.cursor()
    pcur.execute("CREATE TABLE IF NOT EXISTS py_bench_many (k int4, v varchar(40))")
    pg.commit()
    times = []
    for _ in range(RUNS + 1):
        pcur.execute("DELETE FROM py_bench_many")
        pg.commit()
        wall, _ = timed(lambda: (psycopg2.extras.execute_batch(pcur, "INSERT INTO py_bench_many VALUES (%s, %s)", rows,
                                                                page_size=1000), pg.commit()))
        times.append(wall * 1e6)
    pg.close()
    report("psycopg2_execute_batch_10000_us", times[1:], "{:.0f}")


def pool_select1():
    pool = informix_db.create_pool(min_size=1, max_size=1, url=URL, autocommit=True)
    sql = "SELECT 1 FROM systables WHERE tabid = 1"

    def loop(n):
        for _ in range(n):
            with pool.connection() as c:
                cur = c.cursor()
                cur.execute(sql)
                cur.fetchall()

    loop(200)
    per = []
    for _ in range(RUNS):
        wall, _ = timed(lambda: loop(2000))
        per.append(wall * 1e6 / 2000)
    pool.close()
    report("py_pool_acquire_select1_release_us", per, "{:.1f}")


def async_queries():
    async def run_once(pool):
        async def one(i):
            async with pool.connection() as c:
                cur = await c.cursor()
                await cur.execute("SELECT 1 FROM systables WHERE tabid = ?", (1,))
                return await cur.fetchall()
        t0 = time.perf_counter()
        await asyncio.gather(*(one(i) for i in range(1000)))
        return time.perf_counter() - t0

    async def main():
        pool = await aio.create_pool(min_size=16, max_size=16, url=URL, autocommit=True)
        await run_once(pool)
        rates = [1000 / await run_once(pool) for _ in range(RUNS)]
        await pool.close()
        return rates

    report("py_async_1000_queries_per_s", asyncio.run(main()), "{:.0f}")


select_rows()
executemany()
pool_select1()
async_queries()
