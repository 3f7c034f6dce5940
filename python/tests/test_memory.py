"""Rows stream from the server cursor: reading 1M rows needs bounded memory, and fetchall() of 1M
rows needs no more than the rows it returns. Each measurement runs in a process of its own (peak
RSS is per process)."""
import os
import subprocess
import sys
import textwrap

import pytest

SCRIPT = textwrap.dedent("""
    import resource, sys, informix_db
    kwargs = eval(sys.argv[1])
    mode = sys.argv[2]
    conn = informix_db.connect(**kwargs)
    cur = conn.cursor()
    sql = "SELECT a.n * 1000 + b.n, 'row' FROM pyt_numbers a, pyt_numbers b"
    cur.execute(sql)  # warm: statement cached, first batch
    cur.fetchmany(10)
    cur.execute(sql)
    cur.fetchmany(10)
    base = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    if mode == "iterate":
        n = 10
        for row in cur:
            n += 1
        rows_bytes = 0
    else:
        rows = cur.fetchmany(10) + cur.fetchall()
        n = len(rows) + 10
        rows_bytes = sys.getsizeof(rows) + sum(sys.getsizeof(r) + sum(map(sys.getsizeof, r)) for r in rows)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(n, (peak - base) * 1024, rows_bytes)
""")


def measure(server, mode):
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    out = subprocess.run([sys.executable, "-c", SCRIPT, repr(server.kwargs()), mode], check=True,
                         capture_output=True, text=True, env=env, timeout=600).stdout.split()
    return int(out[0]), int(out[1]), int(out[2])


@pytest.mark.skipif(bool(os.environ.get("IFX_PYTEST_ASAN")),
                    reason="peak RSS says nothing under ASan: its quarantine keeps freed memory and every "
                           "object has redzones (the plain run of the suite measures it)")
@pytest.mark.parametrize("mode", ["iterate", "fetchall"])
def test_million_rows_bounded_memory(server, numbers, mode):
    n, growth, rows_bytes = measure(server, mode)
    assert n == 1_000_000
    if mode == "iterate":
        assert growth < 32 * 2 ** 20, f"streaming 1M rows grew the process by {growth / 2**20:.1f} MiB"
    else:
        # the rows themselves: their objects as sys.getsizeof counts them, plus the allocator's
        # rounding (pymalloc hands out multiples of 16 bytes) and a small constant
        assert growth < rows_bytes * 1.25 + 16 * 2 ** 20, \
            f"fetchall grew {growth / 2**20:.1f} MiB for {rows_bytes / 2**20:.1f} MiB of rows"
