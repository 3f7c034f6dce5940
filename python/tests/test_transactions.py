"""PEP 249 transactions on Informix's three kinds of database."""
import pytest

import informix_db


def count(conn, table):
    cur = conn.cursor()
    cur.execute(f"SELECT COUNT(*) FROM {table}")
    return cur.fetchone()[0]


@pytest.fixture
def kv(server, table):
    with server.connect(autocommit=True) as c:
        c.cursor().execute(f"CREATE TABLE {table} (k INTEGER)")
    return table


def test_default_is_a_transaction(server, kv):
    with server.connect() as a, server.connect(autocommit=True) as b:
        assert a.autocommit is False
        cur = a.cursor()
        cur.execute(f"INSERT INTO {kv} VALUES (1)")
        assert a._s.in_transaction()  # BEGIN WORK went first
        a.rollback()
        assert count(a, kv) == 0
        cur.execute(f"INSERT INTO {kv} VALUES (2)")
        a.commit()
        assert count(b, kv) == 1
        a.commit()  # nothing open: nothing to do
        a.rollback()


def test_autocommit_commits_each_statement(server, kv):
    with server.connect(autocommit=True) as a, server.connect(autocommit=True) as b:
        a.cursor().execute(f"INSERT INTO {kv} VALUES (1)")
        assert count(b, kv) == 1


def test_switching_autocommit_on_commits(server, kv):
    with server.connect() as a, server.connect(autocommit=True) as b:
        a.cursor().execute(f"INSERT INTO {kv} VALUES (1)")
        a.autocommit = True
        assert count(b, kv) == 1


def test_context_manager_commits_or_rolls_back_then_closes(server, kv):
    with server.connect() as a:
        a.cursor().execute(f"INSERT INTO {kv} VALUES (1)")
    assert a.closed
    with pytest.raises(ZeroDivisionError):
        with server.connect() as a:
            a.cursor().execute(f"INSERT INTO {kv} VALUES (2)")
            1 / 0
    with server.connect() as b:
        assert count(b, kv) == 1


def test_ansi_database(server):
    server.need_lite()
    with server.connect("pytest_ansi") as a:
        cur = a.cursor()
        cur.execute("CREATE TABLE ansi_t (k INTEGER)")
        a.commit()
        cur.execute("INSERT INTO ansi_t VALUES (1)")
        a.rollback()
        assert count(a, "ansi_t") == 0
        a.autocommit = True
        cur.execute("INSERT INTO ansi_t VALUES (2)")  # committed after the statement
        with server.connect("pytest_ansi") as b:
            assert count(b, "ansi_t") == 1
            b.commit()
        cur.execute("DROP TABLE ansi_t")


def test_unlogged_database(server):
    server.need_lite()
    with server.connect("pytest_nolog") as a:
        cur = a.cursor()
        cur.execute("CREATE TABLE nolog_t (k INTEGER)")
        cur.execute("INSERT INTO nolog_t VALUES (1)")
        a.commit()  # no transactions: nothing to do
        with pytest.raises(informix_db.NotSupportedError):
            a.rollback()
        assert count(a, "nolog_t") == 1
        cur.execute("DROP TABLE nolog_t")


def test_hold_cursor_survives_commit(conn, numbers):
    cur = conn.cursor(hold=True)
    cur.execute("SELECT n FROM pyt_numbers ORDER BY n")
    assert cur.fetchone() == (1,)
    conn.commit()
    assert len(cur.fetchall()) == 999
