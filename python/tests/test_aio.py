"""informix_db.aio: queries, transactions, the async pool, 1,000 concurrent queries on one loop,
and cancellation at many points (each must close or evict the connection, never hand it on)."""
import asyncio
import datetime
import decimal
import logging

import pytest

import informix_db
from informix_db import aio


def run(coro):
    return asyncio.run(asyncio.wait_for(coro, 120))


def test_connect_query_iterate(server, numbers):
    async def main():
        conn = await aio.connect(**server.kwargs())
        cur = await conn.cursor()
        await cur.execute("SELECT n, n * 2 FROM pyt_numbers WHERE n <= ? ORDER BY n", (3,))
        assert [d[0] for d in cur.description] == ["n", "(expression)"] or len(cur.description) == 2
        assert await cur.fetchone() == (1, 2)
        assert [r async for r in cur] == [(2, 4), (3, 6)]
        assert await cur.fetchone() is None
        assert cur.rowcount == 3
        await cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
        assert len(await cur.fetchmany(10)) == 10
        rest = await cur.fetchall()
        assert len(rest) == 990 and rest[-1] == (1000,)
        async with conn.cursor() as c2:
            await c2.execute("SELECT COUNT(*) FROM pyt_numbers")
            assert await c2.fetchall() == [(1000,)]
        assert c2.closed
        await conn.close()
        await conn.close()
        assert conn.closed
        with pytest.raises(informix_db.InterfaceError):
            await cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    run(main())


def test_fast_path_call(server):
    async def main():
        async with await aio.connect(**server.kwargs(), autocommit=True) as conn:
            cur = await conn.cursor()
            try:
                await cur.execute("DROP FUNCTION pyt_afp_plus1")
            except informix_db.Error:
                pass
            await cur.execute("CREATE FUNCTION pyt_afp_plus1(x INTEGER) RETURNING INTEGER; RETURN x + 1; "
                              "END FUNCTION")
            try:
                assert await conn.fast_path_call("function pyt_afp_plus1(integer)", 41) == [42]
                assert await conn.fast_path_call("function pyt_afp_plus1(integer)", None) == [None]
                with pytest.raises(informix_db.ProgrammingError) as e:
                    await conn.fast_path_call("function pyt_afp_nosuch(integer)", 1)
                assert e.value.sqlcode == -674
                with pytest.raises(informix_db.NotSupportedError):
                    await conn.fast_path_call("function pyt_afp_plus1(integer)", b"x")
                results = await asyncio.gather(
                    *(conn.fast_path_call("function pyt_afp_plus1(integer)", i) for i in range(50)))
                assert results == [[i + 1] for i in range(50)]
            finally:
                await cur.execute("DROP FUNCTION pyt_afp_plus1")
    run(main())


def test_scrollable_and_hold_cursors_as_the_sync_module(server, numbers):
    async def main():
        async with await aio.connect(**server.kwargs()) as conn:
            cur = await conn.cursor(scrollable=True)
            await cur.execute("SELECT n FROM pyt_numbers WHERE n <= 10 ORDER BY n")
            assert await cur.fetchone() == (1,)
            assert cur.rownumber == 1
            await cur.scroll(3)
            assert await cur.fetchone() == (5,)
            await cur.scroll(0, "absolute")
            assert await cur.fetchone() == (1,)
            await cur.scroll(-1)
            assert await cur.fetchone() == (1,)
            await cur.scroll(9, mode="absolute")
            assert await cur.fetchall() == [(10,)]
            assert cur.rowcount == -1
            with pytest.raises(IndexError):
                await cur.scroll(100, "absolute")
            with pytest.raises(IndexError):
                await cur.scroll(-1, "absolute")
            await cur.scroll(2, "absolute")
            assert await cur.fetchmany(2) == [(3,), (4,)]
            assert [r async for r in cur] == [(n,) for n in range(5, 11)]
            await cur.scroll(-3)
            assert await cur.fetchall() == [(8,), (9,), (10,)]
            await cur.close()

            fwd = await conn.cursor()
            await fwd.execute("SELECT n FROM pyt_numbers WHERE n <= 5 ORDER BY n")
            await fwd.scroll(2)
            assert await fwd.fetchone() == (3,)
            with pytest.raises(informix_db.NotSupportedError):
                await fwd.scroll(-1)
            with pytest.raises(IndexError):
                await fwd.scroll(10)

            held = await conn.cursor(hold=True)
            await held.execute("SELECT n FROM pyt_numbers ORDER BY n")
            assert await held.fetchone() == (1,)
            await conn.commit()
            assert len(await held.fetchall()) == 999
    run(main())


def test_lob_streams(server, table):
    async def main():
        async with await aio.connect(**server.kwargs()) as conn:
            cur = await conn.cursor(lob_locators=True)
            await cur.execute(f"CREATE TABLE {table} (k INTEGER, b BLOB, c CLOB)")
            async with await conn.create_lob("blob") as w:
                assert w.writable()
                for i in range(10):
                    assert await w.write(bytes([i]) * 100_000) == 100_000
                assert await w.tell() == 1_000_000
                assert await w.size() == 1_000_000
                loc = w.locator
            assert w.closed
            with pytest.raises(ValueError):
                await w.read(1)
            clob = await conn.create_lob("clob", "wb")
            await clob.write("grüße".encode())
            await clob.close()
            await cur.execute(f"INSERT INTO {table} VALUES (1, ?, ?)", (loc, clob.locator))
            await conn.commit()
            await cur.execute(f"SELECT b, c FROM {table} WHERE k = 1")
            b, c = await cur.fetchone()
            assert isinstance(b, informix_db.LobLocator) and b.kind == "blob" and c.kind == "clob"
            async with await conn.open_lob(b) as r:
                assert r.readable() and not r.writable()
                assert await r.read(3) == b"\x00\x00\x00"
                assert await r.seek(500_000) == 500_000
                assert await r.read(2) == b"\x05\x05"
                await r.seek(-1, 2)
                assert await r.read() == b"\x09"
                await r.seek(0)
                assert len(await r.read()) == 1_000_000
                assert await r.size() == 1_000_000
            async with await conn.open_lob(c) as r:
                assert (await r.read()).decode() == "grüße"
            with pytest.raises(informix_db.ProgrammingError):
                await conn.create_lob("text")
            with pytest.raises(informix_db.ProgrammingError):
                await conn.open_lob(b, "xb")
            await conn.release_lob(loc)
            await cur.execute(f"SELECT COUNT(*) FROM {table}")
            assert await cur.fetchone() == (1,)
            await conn.commit()
    run(main())


_BIG = bytes(range(256)) * 6000  # 1.5 MB: more than one read (SQ_LODATA reads at most 1 MiB)
_TEXT = "Grüße, ½ ¼ " * 40_000  # 440,000 characters, multi-byte in UTF-8 (one byte each in Latin-1)


def test_lob_content_both_ways(server, table):
    """As the sync module: BLOB columns read as bytes, CLOB as str; Blob/Clob parameters create
    new objects with that content, through execute, executemany and every fetch method."""
    async def main():
        async with await aio.connect(**server.kwargs()) as conn:
            cur = await conn.cursor()
            await cur.execute(f"CREATE TABLE {table} (k INTEGER, b BLOB, c CLOB)")
            await cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)",
                              (1, informix_db.Blob(b"\x00\x01\xffabc"), informix_db.Clob("Grüße")))
            await cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (2, None, None))
            await cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)",
                              (3, informix_db.Blob(_BIG), informix_db.Clob(_TEXT)))
            await cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)",
                              (4, informix_db.Blob(bytearray(b"ba")), None))
            await cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)",
                              (5, informix_db.Blob(b""), informix_db.Clob("")))
            await cur.executemany(f"INSERT INTO {table} VALUES (?, ?, ?)",
                                  [(10 + i, informix_db.Blob(bytes([i]) * (i + 1)), informix_db.Clob(str(i) * i))
                                   for i in range(20)])
            await conn.commit()
            expected = [(1, b"\x00\x01\xffabc", "Grüße"), (2, None, None), (3, _BIG, _TEXT), (4, b"ba", None),
                        (5, b"", "")]
            expected += [(10 + i, bytes([i]) * (i + 1), str(i) * i) for i in range(20)]
            await cur.execute(f"SELECT k, b, c FROM {table} ORDER BY k")
            assert [d[1] for d in cur.description] == ["INTEGER", "BLOB", "CLOB"]
            rows = await cur.fetchall()
            assert rows == expected
            assert cur.rowcount == len(expected)
            await cur.execute(f"SELECT k, b, c FROM {table} ORDER BY k")
            assert await cur.fetchone() == expected[0]
            assert await cur.fetchmany(4) == expected[1:5]
            assert [row async for row in cur] == expected[5:]
            await cur.execute(f"SELECT c, k, b FROM {table} WHERE k = 3")  # content columns anywhere
            assert await cur.fetchall() == [(_TEXT, 3, _BIG)]
            scroll = await conn.cursor(scrollable=True)
            await scroll.execute(f"SELECT k, b, c FROM {table} ORDER BY k")
            await scroll.scroll(2, "absolute")
            assert await scroll.fetchone() == expected[2]
            await scroll.scroll(-3)
            assert await scroll.fetchone() == expected[0]
            # The sync module reads the same content, and reads what it wrote the same way here.
            await cur.execute(f"SELECT k, b, c FROM {table} WHERE k IN (1, 3) ORDER BY k")
            assert await cur.fetchall() == [expected[0], expected[2]]
            with server.connect() as sync:
                scur = sync.cursor()
                scur.execute(f"SELECT k, b, c FROM {table} ORDER BY k")
                assert scur.fetchall() == expected
                scur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)",
                             (100, informix_db.Blob(b"sync"), informix_db.Clob("synchron")))
            await conn.commit()  # a new transaction sees the sync connection's row
            await cur.execute(f"SELECT b, c FROM {table} WHERE k = 100")
            assert await cur.fetchone() == (b"sync", "synchron")
    run(main())


def test_lob_locators_on_request(server, table):
    async def main():
        async with await aio.connect(**server.kwargs()) as conn:
            cur = await conn.cursor()
            await cur.execute(f"CREATE TABLE {table} (k INTEGER, b BLOB, c CLOB)")
            await cur.execute(f"INSERT INTO {table} VALUES (1, ?, ?)", (informix_db.Blob(_BIG), informix_db.Clob("text")))
            await cur.execute(f"INSERT INTO {table} VALUES (2, NULL, NULL)")
            locs = await conn.cursor(lob_locators=True)
            await locs.execute(f"SELECT b, c FROM {table} ORDER BY k")
            (b, c), nulls = await locs.fetchall()
            assert nulls == (None, None)
            assert isinstance(b, informix_db.LobLocator) and b.kind == "blob"
            assert isinstance(c, informix_db.LobLocator) and c.kind == "clob"
            async with await conn.open_lob(b) as r:
                assert await r.read() == _BIG
            async with await conn.open_lob(c) as r:
                assert await r.read() == b"text"  # the stream gives the bytes as stored
            # A locator binds as it is: the new row names the same content.
            await cur.execute(f"INSERT INTO {table} VALUES (3, ?, ?)", (b, c))
            await cur.execute(f"SELECT b, c FROM {table} WHERE k = 3")
            assert await cur.fetchone() == (_BIG, "text")
            await conn.rollback()
    run(main())


def test_lob_parameter_errors_as_the_sync_module(server, table, conn):
    """A statement that fails after its Blob/Clob objects were made raises what the sync module
    raises, and the connection stays usable; a bad wrapper is refused before anything is sent."""
    conn.cursor().execute(f"CREATE TABLE {table} (k INTEGER, b BLOB)")
    conn.commit()
    bad = f"INSERT INTO {table}_missing VALUES (1, ?)"
    with pytest.raises(informix_db.Error) as sync_error:
        conn.cursor().execute(bad, (informix_db.Blob(b"x"),))
    conn.rollback()

    async def main():
        async with await aio.connect(**server.kwargs()) as aconn:
            cur = await aconn.cursor()
            with pytest.raises(informix_db.Error) as async_error:
                await cur.execute(bad, (informix_db.Blob(b"x"),))
            assert type(async_error.value) is type(sync_error.value)
            assert async_error.value.sqlcode == sync_error.value.sqlcode != 0
            with pytest.raises(TypeError):
                await cur.execute(f"INSERT INTO {table} VALUES (1, ?)", (informix_db.Blob(12),))
            await cur.execute(f"INSERT INTO {table} VALUES (2, ?)", (informix_db.Blob(b"ok"),))
            await cur.execute(f"SELECT k, b FROM {table}")
            assert await cur.fetchall() == [(2, b"ok")]
            await aconn.rollback()
    run(main())


def test_types_and_transactions(server, table):
    async def main():
        async with await aio.connect(**server.kwargs()) as conn:
            cur = await conn.cursor()
            await cur.execute(f"CREATE TABLE {table} (k SERIAL, d DECIMAL(10,2), ts DATETIME YEAR TO SECOND, "
                              "v VARCHAR(20))")
            await conn.commit()
            await cur.execute(f"INSERT INTO {table} (d, ts, v) VALUES (?, ?, ?)",
                              (decimal.Decimal("1.50"), datetime.datetime(2026, 1, 2, 3, 4, 5), "x"))
            assert cur.lastrowid == 1 and cur.rowcount == 1
            await cur.executemany(f"INSERT INTO {table} (d, ts, v) VALUES (?, ?, ?)",
                                  [(decimal.Decimal(i), None, str(i)) for i in range(100)])
            assert cur.rowcount == 100
            await conn.rollback()
            await cur.execute(f"SELECT COUNT(*) FROM {table}")
            assert await cur.fetchone() == (0,)
            await cur.execute(f"INSERT INTO {table} (d, ts, v) VALUES (?, ?, ?)",
                              (decimal.Decimal("2.25"), datetime.datetime(2026, 1, 2, 3, 4, 5), None))
        async with await aio.connect(**server.kwargs()) as conn:  # the block above committed
            cur = await conn.cursor()
            await cur.execute(f"SELECT d, ts, v FROM {table}")
            assert await cur.fetchall() == [(decimal.Decimal("2.25"), datetime.datetime(2026, 1, 2, 3, 4, 5), None)]
            with pytest.raises(informix_db.ProgrammingError):
                await cur.execute("SELECT * FROM no_such_table_here")
            await cur.execute("SELECT COUNT(*) FROM systables")  # the connection is still usable
            assert (await cur.fetchone())[0] > 0
    run(main())


def test_pool_and_a_thousand_concurrent_queries(server, numbers):
    async def main():
        async with await aio.create_pool(min_size=2, max_size=8, **server.kwargs()) as pool:
            async def one(i):
                async with pool.connection() as conn:
                    cur = await conn.cursor()
                    await cur.execute("SELECT n FROM pyt_numbers WHERE n = ?", (i % 1000 + 1,))
                    return (await cur.fetchone())[0]

            results = await asyncio.gather(*(one(i) for i in range(1000)))
            assert results == [i % 1000 + 1 for i in range(1000)]
            st = pool.stats()
            assert st["acquired"] >= 1000 and st["in_use"] == 0 and st["size"] <= 8
            # the many connections of one loop, without a pool
            conns = await asyncio.gather(*(aio.connect(**server.kwargs()) for _ in range(20)))

            async def q(c):
                cur = await c.cursor()
                await cur.execute("SELECT COUNT(*) FROM pyt_numbers")
                return await cur.fetchone()
            assert await asyncio.gather(*(q(c) for c in conns)) == [(1000,)] * 20
            await asyncio.gather(*(c.close() for c in conns))
    run(main())


def test_pool_rolls_back_and_keeps_connections_on_application_errors(server, table):
    async def main():
        async with await aio.create_pool(min_size=1, max_size=1, **server.kwargs()) as pool:
            async with pool.connection() as conn:
                await (await conn.cursor()).execute(f"CREATE TABLE {table} (k INTEGER)")
            conn = await pool.acquire()
            await (await conn.cursor()).execute(f"INSERT INTO {table} VALUES (1)")
            await conn.close()  # uncommitted: rolled back by the pool
            with pytest.raises(informix_db.ProgrammingError):
                async with pool.connection() as conn:
                    await (await conn.cursor()).execute("SELECT nope FROM systables")
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute(f"SELECT COUNT(*) FROM {table}")
                assert await cur.fetchone() == (0,)
            assert pool.stats()["created"] == 1
    run(main())


def test_cursors_left_open_do_not_cost_the_pooled_connection(server, numbers, caplog):
    async def main():
        async with await aio.create_pool(min_size=1, max_size=1, **server.kwargs()) as pool:
            kept = []
            for read in ("all", "some", "none"):
                async with pool.connection() as conn:
                    cur = await conn.cursor()
                    await cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
                    if read == "all":
                        assert len(await cur.fetchall()) == 1000
                    elif read == "some":
                        assert await cur.fetchmany(3) == [(1,), (2,), (3,)]
                    kept.append(cur)  # still referenced when the connection goes back
            with pytest.raises(informix_db.InterfaceError):
                await kept[1].fetchone()  # its connection went back to the pool
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute("SELECT COUNT(*) FROM pyt_numbers")
                assert await cur.fetchone() == (1000,)
            st = pool.stats()
            assert st["created"] == 1 and st["closed"] == 0, st
    with caplog.at_level(logging.WARNING, logger="informix_db.pool"):
        run(main())
    assert not [r for r in caplog.records if r.name == "informix_db.pool"], caplog.text


def test_pool_timeout_and_cancelled_acquire(server):
    async def main():
        async with await aio.create_pool(min_size=1, max_size=1, acquire_timeout=0.2, **server.kwargs()) as pool:
            held = await pool.acquire()
            with pytest.raises(informix_db.PoolTimeout):
                await pool.acquire()
            waiter = asyncio.ensure_future(pool.acquire(timeout=30))
            await asyncio.sleep(0.05)
            waiter.cancel()  # a cancelled acquire is withdrawn
            with pytest.raises(asyncio.CancelledError):
                await waiter
            await held.close()
            async with pool.connection(timeout=5) as conn:
                cur = await conn.cursor()
                await cur.execute("SELECT COUNT(*) FROM systables")
                assert (await cur.fetchone())[0] > 0
    run(main())


# ---- cancellation ------------------------------------------------------------------------------------

@pytest.fixture(scope="module")
def lob_table(server, numbers):
    """pyt_aio_lobs: two rows (k = 1, 2) with a BLOB of _BIG each."""
    with server.connect(autocommit=True) as c:
        cur = c.cursor()
        try:
            cur.execute("DROP TABLE pyt_aio_lobs")
        except informix_db.Error:
            pass
        cur.execute("CREATE TABLE pyt_aio_lobs (k INTEGER, b BLOB)")
        cur.executemany("INSERT INTO pyt_aio_lobs VALUES (?, ?)", [(k, informix_db.Blob(_BIG)) for k in (1, 2)])
    return "pyt_aio_lobs"


async def _slow(lite, ms):
    lite.control(f"delay-ms {ms}")


def _assert_closed_after_cancel(conn):
    assert not conn._s.is_open()


@pytest.mark.parametrize("point", ["execute", "first_execute", "fetch", "commit", "executemany", "begin",
                                   "lob_fetch", "lob_parameter"])
def test_cancellation_closes_the_connection(server, lite, numbers, lob_table, point):
    async def main():
        conn = await aio.connect(**server.kwargs())
        cur = await conn.cursor()
        if point != "first_execute":
            await cur.execute("SELECT n FROM pyt_numbers ORDER BY n")  # prepared and cached
            await conn.commit()
        if point == "fetch":
            await cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
            await cur.fetchmany(5)
            await cur.fetchall()  # drain the first batch, so the next fetch goes to the server
            await cur.execute("SELECT a.n FROM pyt_numbers a, pyt_numbers b")
            await cur.fetchmany(1)
        if point == "commit":
            await cur.execute("SELECT n FROM pyt_numbers WHERE n = 1")
        if point == "lob_fetch":  # the row is in the first batch: the fetch reads only its content
            await cur.execute(f"SELECT k, b FROM {lob_table} ORDER BY k")
        lite.control("delay-ms 2000")
        if point in ("execute", "first_execute"):
            work = cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
        elif point == "fetch":
            work = cur.fetchall()
        elif point == "commit":
            work = conn.commit()
        elif point == "begin":
            work = cur.execute("SELECT n FROM pyt_numbers WHERE n = 2")  # BEGIN WORK goes first
        elif point == "lob_fetch":
            work = cur.fetchone()
        elif point == "lob_parameter":  # cancelled while the Blob's object is being made
            work = cur.execute("INSERT INTO pyt_numbers VALUES (?)", (informix_db.Blob(b"x"),))
        else:
            work = cur.executemany("INSERT INTO pyt_numbers VALUES (?)", [(5000,), (5001,)])
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(work, 0.3)
        lite.control("reset")
        # The abort was queued on the I/O thread before anything started later on this
        # connection, so the next call finds it closed.
        with pytest.raises(informix_db.OperationalError):
            await (await conn.cursor()).execute("SELECT n FROM pyt_numbers WHERE n = 1")
        _assert_closed_after_cancel(conn)
        await conn.close()
        async with await aio.connect(**server.kwargs()) as other:  # nothing of it survived
            c = await other.cursor()
            await c.execute("SELECT COUNT(*) FROM pyt_numbers")
            assert await c.fetchone() == (1000,)
    run(main())


def test_task_cancel_and_asyncio_timeout_evict_pooled_connections(server, lite, numbers):
    async def main():
        async with await aio.create_pool(min_size=1, max_size=1, **server.kwargs()) as pool:
            async def slow_query():
                async with pool.connection() as conn:
                    cur = await conn.cursor()
                    await cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
                    return await cur.fetchall()

            await slow_query()  # warm: connection made, statement cached
            lite.control("delay-ms 2000")
            task = asyncio.ensure_future(slow_query())
            await asyncio.sleep(0.2)
            task.cancel()
            with pytest.raises(asyncio.CancelledError):
                await task
            if hasattr(asyncio, "timeout"):
                with pytest.raises(TimeoutError):
                    async with asyncio.timeout(0.2):
                        await slow_query()
            lite.control("reset")
            assert len(await slow_query()) == 1000  # a fresh connection
            st = pool.stats()
            assert st["closed"] >= 1 and st["in_use"] == 0
    run(main())


def test_cancelled_lob_fetch_evicts_the_pooled_connection(server, lite, lob_table):
    async def main():
        async with await aio.create_pool(min_size=1, max_size=1, **server.kwargs()) as pool:
            async with pool.connection() as conn:
                cur = await conn.cursor()
                await cur.execute(f"SELECT k, b FROM {lob_table} ORDER BY k")
                assert await cur.fetchone() == (1, _BIG)
                lite.control("delay-ms 2000")
                with pytest.raises(asyncio.TimeoutError):
                    await asyncio.wait_for(cur.fetchone(), 0.3)  # reading the second row's BLOB
                lite.control("reset")
                _assert_closed_after_cancel(conn)
                with pytest.raises(informix_db.OperationalError):
                    await cur.fetchone()
            async with pool.connection() as conn:  # a fresh connection, not the half-read one
                cur = await conn.cursor()
                await cur.execute(f"SELECT k, b FROM {lob_table} ORDER BY k")
                assert await cur.fetchall() == [(1, _BIG), (2, _BIG)]
            st = pool.stats()
            assert st["closed"] >= 1 and st["in_use"] == 0
    run(main())


def test_cancelled_connect(server, lite):
    async def main():
        lite.control("delay-ms 2000")
        with pytest.raises(asyncio.TimeoutError):
            await asyncio.wait_for(aio.connect(**server.kwargs()), 0.2)
        lite.control("reset")
        conn = await aio.connect(**server.kwargs())
        await conn.close()
    run(main())


def test_operations_on_one_connection_take_turns(server, numbers):
    async def main():
        conn = await aio.connect(**server.kwargs(), autocommit=True)

        async def q(i):
            cur = await conn.cursor()
            await cur.execute("SELECT n FROM pyt_numbers WHERE n = ?", (i,))
            return await cur.fetchall()
        assert await asyncio.gather(*(q(i) for i in range(1, 51))) == [[(i,)] for i in range(1, 51)]
        await conn.close()
    run(main())
