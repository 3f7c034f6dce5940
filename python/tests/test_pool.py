"""The pool's guarantees (ifx::pool under informix_db.create_pool)."""
import logging
import threading
import time

import pytest

import informix_db


def make_pool(server, **kw):
    args = {"min_size": 1, "max_size": 2, "acquire_timeout": 5.0, **server.kwargs(), **kw}
    return informix_db.create_pool(**args)


@pytest.fixture
def pool_table(server):
    name = f"pyt_pool_{threading.get_ident() % 100000}_{time.monotonic_ns() % 100000}"
    with server.connect(autocommit=True) as c:
        c.cursor().execute(f"CREATE TABLE {name} (k INTEGER)")
    yield name
    with server.connect(autocommit=True) as c:
        c.cursor().execute(f"DROP TABLE {name}")


def count(conn, table):
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    return cur.fetchone()[0]


def test_uncommitted_writes_are_invisible_to_the_next_borrower(server, pool_table, caplog):
    with make_pool(server, max_size=1) as pool:
        a = pool.acquire()
        a.cursor().execute(f"INSERT INTO {pool_table} VALUES (1)")  # a transaction is open
        with caplog.at_level(logging.WARNING, logger="informix_db.pool"):
            a.close()  # back to the pool without commit: rolled back
        assert any("roll" in r.getMessage().lower() for r in caplog.records if r.name == "informix_db.pool")
        with pool.connection() as b:
            assert count(b, pool_table) == 0
        assert pool.stats()["rollbacks"] == 1
        with pytest.raises(RuntimeError):
            with pool.connection() as c:
                c.cursor().execute(f"INSERT INTO {pool_table} VALUES (2)")
                raise RuntimeError("the block fails: its work is rolled back")
        with pool.connection() as d:
            assert count(d, pool_table) == 0


def test_committed_writes_survive_checkout(server, pool_table):
    with make_pool(server) as pool:
        with pool.connection() as a:
            a.cursor().execute(f"INSERT INTO {pool_table} VALUES (1)")
        with pool.connection() as b:  # committed when the block ended
            assert count(b, pool_table) == 1
            b.cursor().execute(f"INSERT INTO {pool_table} VALUES (2)")
            b.commit()
        with server.connect() as other:
            assert count(other, pool_table) == 2


def test_application_errors_keep_the_connection(server):
    with make_pool(server, max_size=1) as pool:
        for _ in range(3):
            with pytest.raises(informix_db.ProgrammingError):
                with pool.connection() as c:
                    c.cursor().execute("SELECT * FROM no_such_table_at_all")
        with pool.connection() as c:
            c.cursor().execute("SELECT COUNT(*) FROM systables")
        st = pool.stats()
        assert st["created"] == 1 and st["closed"] == 0


def test_connection_errors_evict_the_connection(server, lite):
    with make_pool(server, max_size=1) as pool:
        with pool.connection() as c:
            c.ping()
        with pytest.raises(informix_db.OperationalError):
            with pool.connection() as c:
                lite.control("kill-all")
                c.cursor().execute("SELECT COUNT(*) FROM systables")
        with pool.connection() as c:  # a new connection
            c.cursor().execute("SELECT COUNT(*) FROM systables")
        st = pool.stats()
        assert st["closed_broken"] == 1 and st["created"] == 2


def test_a_dead_idle_connection_is_replaced_silently(server, lite):
    with make_pool(server, max_size=1) as pool:
        with pool.connection() as c:
            c.ping()
        lite.control("kill-all")
        time.sleep(1.2)  # idle past the health check's threshold (1 s): pinged before lending
        with pool.connection() as c:
            c.cursor().execute("SELECT COUNT(*) FROM systables")
        st = pool.stats()
        assert st["created"] == 2 and st["closed_validation_failed"] == 1


def test_exhaustion_raises_pool_timeout_and_release_unblocks(server):
    with make_pool(server, max_size=1, acquire_timeout=0.3) as pool:
        held = pool.acquire()
        t0 = time.monotonic()
        with pytest.raises(informix_db.PoolTimeout) as e:
            pool.acquire()
        assert time.monotonic() - t0 >= 0.25  # it waited (a lower bound only: no upper bound asserted)
        assert isinstance(e.value, informix_db.OperationalError)
        got = []
        waiter = threading.Thread(target=lambda: got.append(pool.acquire(timeout=30)))
        waiter.start()
        while pool.stats()["waiting"] == 0:
            time.sleep(0.01)
        held.close()
        waiter.join(30)
        assert got and not got[0].closed
        got[0].close()
        assert pool.stats()["timeouts"] == 1


def test_close_drains_and_is_idempotent(server):
    pool = make_pool(server, min_size=2, max_size=2)
    assert pool.stats()["idle"] == 2
    assert pool.close() is True
    assert pool.close() is True
    assert pool.closed
    with pytest.raises(informix_db.InterfaceError):
        pool.acquire()


def test_close_aborts_a_borrower_past_the_deadline(server):
    pool = make_pool(server, max_size=1)
    c = pool.acquire()
    assert pool.close(0.2) is False  # still borrowed at the deadline: aborted
    with pytest.raises(informix_db.OperationalError):
        c.cursor().execute("SELECT COUNT(*) FROM systables")
    c.close()


def test_eight_threads_many_queries_no_leaks(server):
    errors = []
    with make_pool(server, min_size=2, max_size=4, acquire_timeout=60) as pool:
        def work(n):
            try:
                for i in range(150):
                    with pool.connection() as c:
                        cur = c.cursor()
                        cur.execute("SELECT COUNT(*) FROM systables WHERE tabid > ?", (i % 3,))
                        assert cur.fetchone()[0] >= 0
                        if i % 50 == 0:
                            with pytest.raises(informix_db.ProgrammingError):
                                cur.execute("SELECT nope FROM systables")
            except Exception as e:  # pragma: no cover - reported below
                errors.append(e)

        threads = [threading.Thread(target=work, args=(n,)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        st = pool.stats()
        assert not errors
        assert st["in_use"] == 0 and st["size"] <= 4 and st["acquired"] == 8 * 150
        assert st["closed"] == 0


def test_threads_share_one_connection(server, numbers):
    conn = server.connect(autocommit=True)
    errors = []

    def work():
        try:
            for i in range(100):
                cur = conn.cursor()
                cur.execute("SELECT n FROM pyt_numbers WHERE n <= ? ORDER BY n", (i % 20 + 1,))
                assert [r[0] for r in cur] == list(range(1, i % 20 + 2))
        except Exception as e:  # pragma: no cover - reported below
            errors.append(e)

    threads = [threading.Thread(target=work) for _ in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    conn.close()
    assert not errors


def test_pool_connection_after_return_is_unusable(server):
    with make_pool(server) as pool:
        with pool.connection() as c:
            cur = c.cursor()
        with pytest.raises(informix_db.InterfaceError):
            cur.execute("SELECT COUNT(*) FROM systables")
        assert c.closed


@pytest.mark.parametrize("delay", [0, 0.001, 0.2])
def test_each_borrower_sees_its_own_rows_whatever_the_cursor_close_delay(server, numbers, delay):
    # Within the delay a borrower's first request carries the previous borrower's CLOSE.
    with make_pool(server, max_size=1, cursor_close_delay=delay) as pool:
        for i in range(1, 21):
            with pool.connection() as c:
                cur = c.cursor()
                cur.execute(f"SELECT n FROM {numbers} WHERE n BETWEEN ? AND ? ORDER BY n", (i, i + 2))
                assert cur.fetchall() == [(i,), (i + 1,), (i + 2,)]


def test_a_negative_cursor_close_delay_is_refused(server):
    with pytest.raises(informix_db.Error, match="cursor_close_delay"):
        make_pool(server, cursor_close_delay=-1)
