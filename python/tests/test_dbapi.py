"""PEP 249 behaviours, one by one."""
import decimal
import warnings

import pytest

import informix_db


def test_module_globals():
    assert informix_db.apilevel == "2.0"
    assert informix_db.threadsafety == 2
    assert informix_db.paramstyle == "qmark"


def test_exception_hierarchy_and_connection_attributes(conn):
    assert issubclass(informix_db.Warning, Exception)
    assert issubclass(informix_db.Error, Exception)
    for cls in (informix_db.DataError, informix_db.OperationalError, informix_db.IntegrityError,
                informix_db.InternalError, informix_db.ProgrammingError, informix_db.NotSupportedError):
        assert issubclass(cls, informix_db.DatabaseError)
    assert issubclass(informix_db.DatabaseError, informix_db.Error)
    assert issubclass(informix_db.InterfaceError, informix_db.Error)
    assert issubclass(informix_db.PoolTimeout, informix_db.OperationalError)
    for name in ("Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
                 "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError", "PoolTimeout"):
        assert getattr(conn, name) is getattr(informix_db, name)


def test_connect_by_url(server):
    with informix_db.connect(server.url()) as c:
        cur = c.cursor()
        cur.execute("SELECT COUNT(*) FROM systables WHERE tabid = 1")
        assert cur.fetchone() == (1,)


def test_server_falls_back_to_informixserver(server, monkeypatch):
    server.need_lite()
    kwargs = {k: v for k, v in server.kwargs().items() if k != "server"}
    monkeypatch.delenv("INFORMIXSERVER", raising=False)
    with pytest.raises(informix_db.Error):
        informix_db.connect(**kwargs)
    monkeypatch.setenv("INFORMIXSERVER", "ifxlite")
    with informix_db.connect(**kwargs) as c:
        assert c.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
    url = server.url().replace("server=ifxlite&", "")
    with informix_db.connect(url) as c:  # a URL without server= falls back too
        assert c.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
    monkeypatch.setenv("INFORMIXSERVER", "elsewhere")
    with informix_db.connect(**kwargs, server="ifxlite") as c:  # the keyword wins
        c.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1")


def test_description_names_types_precision_scale_null_ok(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER NOT NULL, name VARCHAR(40), amount DECIMAL(16,2), d DATE)")
    cur.execute(f"SELECT id, name, amount, d FROM {table}")
    d = cur.description
    assert [c[0] for c in d] == ["id", "name", "amount", "d"]
    assert [c[1] for c in d] == ["INTEGER", "VARCHAR", "DECIMAL", "DATE"]
    assert all(len(c) == 7 for c in d)
    assert d[0][6] is False and d[1][6] is True
    assert d[1][3] == 40 and d[1][2] == 40
    assert (d[2][4], d[2][5]) == (16, 2)
    assert d[0][1] == informix_db.NUMBER and d[1][1] == informix_db.STRING
    assert d[3][1] == informix_db.DATETIME and d[2][1] != informix_db.STRING
    assert cur.fetchall() == []


def test_description_is_none_for_statements_without_rows(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER)")
    assert cur.description is None
    cur.execute(f"INSERT INTO {table} VALUES (1)")
    assert cur.description is None


def test_rowcount_for_dml_and_queries(conn, table):
    cur = conn.cursor()
    assert cur.rowcount == -1
    cur.execute(f"CREATE TABLE {table} (id INTEGER)")
    cur.executemany(f"INSERT INTO {table} VALUES (?)", [(i,) for i in range(5)])
    assert cur.rowcount == 5
    cur.execute(f"UPDATE {table} SET id = id + 10 WHERE id < 3")
    assert cur.rowcount == 3
    cur.execute(f"SELECT id FROM {table}")
    assert cur.rowcount == -1  # unknown until the result is read
    assert len(cur.fetchall()) == 5
    assert cur.rowcount == 5
    cur.execute(f"DELETE FROM {table}")
    assert cur.rowcount == 5


def test_lastrowid_of_serial_serial8_bigserial(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id SERIAL, v INTEGER)")
    cur.execute(f"INSERT INTO {table} (v) VALUES (?)", (1,))
    first = cur.lastrowid
    cur.execute(f"INSERT INTO {table} (v) VALUES (?)", (2,))
    assert isinstance(first, int) and cur.lastrowid == first + 1
    cur.execute(f"SELECT id FROM {table} WHERE v = 2")
    assert cur.fetchone() == (first + 1,)
    for kind in ("SERIAL8", "BIGSERIAL"):
        cur.execute(f"DROP TABLE {table}")
        cur.execute(f"CREATE TABLE {table} (id {kind}, v INTEGER)")
        cur.execute(f"INSERT INTO {table} (v) VALUES (7)")
        rowid = cur.lastrowid
        cur.execute(f"SELECT id FROM {table}")
        assert cur.fetchone() == (rowid,), kind


def test_fetchone_fetchmany_fetchall_and_arraysize(conn, numbers):
    cur = conn.cursor()
    cur.execute("SELECT n FROM pyt_numbers WHERE n <= 5 ORDER BY n")
    assert cur.fetchone() == (1,)
    assert cur.arraysize == 1
    assert cur.fetchmany() == [(2,)]
    cur.arraysize = 2
    assert cur.fetchmany() == [(3,), (4,)]
    assert cur.fetchmany(10) == [(5,)]
    assert cur.fetchone() is None
    assert cur.fetchall() == []


def test_iteration(conn, numbers):
    cur = conn.cursor()
    cur.execute("SELECT n FROM pyt_numbers WHERE n <= 3 ORDER BY n")
    assert [r[0] for r in cur] == [1, 2, 3]
    assert cur.execute("SELECT n FROM pyt_numbers WHERE n = 2") is cur
    assert next(iter(cur)) == (2,)


def test_fetch_without_result_is_an_error(conn):
    cur = conn.cursor()
    with pytest.raises(informix_db.ProgrammingError):
        cur.fetchone()
    cur.execute("CREATE TEMP TABLE t_nores (i INTEGER)")
    with pytest.raises(informix_db.ProgrammingError):
        cur.fetchall()


def test_qmark_and_numeric_placeholders(conn):
    cur = conn.cursor()
    cur.execute("SELECT tabid FROM systables WHERE tabid = ? OR tabid = ? ORDER BY 1", (1, 2))
    assert cur.fetchall() == [(1,), (2,)]
    cur.execute("SELECT tabid FROM systables WHERE tabid = :2 OR tabid = :1 ORDER BY 1", [3, 1])
    assert cur.fetchall() == [(1,), (3,)]
    cur.execute("SELECT tabid, ':1' FROM systables WHERE tabid = :1", (2,))
    assert cur.fetchall() == [(2, ":1")]
    with pytest.raises(informix_db.ProgrammingError):
        cur.execute("SELECT tabid FROM systables WHERE tabid = :2", (1,))
    with pytest.raises(informix_db.ProgrammingError):
        cur.execute("SELECT tabid FROM systables WHERE tabid = :1 OR tabid = ?", (1, 2))


def test_executemany_pipelined_with_failures(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (id INTEGER PRIMARY KEY, name VARCHAR(20))")
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(i, f"n{i}") for i in range(10000)])
    assert cur.rowcount == 10000
    cur.execute(f"SELECT COUNT(*), SUM(id) FROM {table}")
    assert cur.fetchone() == (10000, sum(range(10000)))
    with pytest.raises(informix_db.IntegrityError) as e:
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(20000, "a"), (5, "dup"), (20001, "b")])
    assert e.value.batch_row == 1
    assert e.value.failed_rows == [1]
    assert e.value.sqlcode in (-239, -268)
    cur.executemany(f"DELETE FROM {table} WHERE id = ?", iter([(1,), (2,)]))
    assert cur.rowcount == 2
    cur.executemany(f"DELETE FROM {table} WHERE id = ?", [])
    assert cur.rowcount == 0


def test_executemany_rows_of_different_width(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (a INTEGER, b INTEGER)")
    with pytest.raises(informix_db.ProgrammingError):
        cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", [(1, 2), (3,)])


def test_callproc_and_nextset(conn):
    cur = conn.cursor()
    name = "pyt_plus1"
    try:
        cur.execute(f"DROP FUNCTION {name}")
    except informix_db.Error:
        pass
    cur.execute(f"CREATE FUNCTION {name}(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION")
    assert cur.callproc(name, (41,)) == (41,)
    assert cur.fetchone() == (42,)
    assert cur.nextset() is None
    cur.execute(f"DROP FUNCTION {name}")


def test_fast_path_call(conn):
    cur = conn.cursor()
    for old in ("pyt_fp_plus1", "pyt_fp_label", "pyt_fp_half", "pyt_fp_add"):
        for kind in ("FUNCTION", "PROCEDURE"):
            try:
                cur.execute(f"DROP {kind} {old}")
            except informix_db.Error:
                pass
    cur.execute("CREATE FUNCTION pyt_fp_plus1(x INTEGER) RETURNING INTEGER; RETURN x + 1; END FUNCTION")
    cur.execute("CREATE FUNCTION pyt_fp_label(p VARCHAR(10), n INTEGER) RETURNING VARCHAR(30); "
                "RETURN p || '-' || n; END FUNCTION")
    cur.execute("CREATE FUNCTION pyt_fp_half(d DECIMAL(10,2)) RETURNING DECIMAL(12,3); RETURN d / 2; END FUNCTION")
    cur.execute("CREATE TABLE pyt_fp_rows (a INTEGER)")
    cur.execute("CREATE PROCEDURE pyt_fp_add(k INTEGER) INSERT INTO pyt_fp_rows VALUES (k); END PROCEDURE")
    conn.commit()
    try:
        assert conn.fast_path_call("function pyt_fp_plus1(integer)", 9) == [10]
        assert conn.fast_path_call("FUNCTION pyt_fp_plus1( INTEGER )", -1) == [0]
        assert conn.fast_path_call("function pyt_fp_plus1(integer)", None) == [None]
        assert conn.fast_path_call("function pyt_fp_label(varchar(10), integer)", "item", 7) == ["item-7"]
        assert conn.fast_path_call("function pyt_fp_half(decimal)", decimal.Decimal("10.50")) == \
            [decimal.Decimal("5.250")]
        # A procedure returns nothing; its INSERT is part of the connection's transaction.
        assert conn.fast_path_call("procedure pyt_fp_add(integer)", 5) == []
        conn.rollback()
        cur.execute("SELECT COUNT(*) FROM pyt_fp_rows")
        assert cur.fetchone() == (0,)
        # Wrong argument count, an unknown routine: the server's -674; the connection stays usable.
        with pytest.raises(informix_db.ProgrammingError) as e:
            conn.fast_path_call("function pyt_fp_plus1(integer)")
        assert e.value.sqlcode == -674
        with pytest.raises(informix_db.ProgrammingError):
            conn.fast_path_call("function pyt_fp_nosuch(integer)", 1)
        # BYTE content cannot be a fast-path argument.
        with pytest.raises(informix_db.NotSupportedError):
            conn.fast_path_call("function pyt_fp_plus1(integer)", b"abc")
        with pytest.raises(informix_db.ProgrammingError):
            conn.fast_path_call(42, 1)
        assert conn.fast_path_call("function pyt_fp_plus1(integer)", 1) == [2]
    finally:
        conn.rollback()
        for drop in ("FUNCTION pyt_fp_plus1", "FUNCTION pyt_fp_label", "FUNCTION pyt_fp_half",
                     "PROCEDURE pyt_fp_add", "TABLE pyt_fp_rows"):
            cur.execute(f"DROP {drop}")
        conn.commit()


def test_setinputsizes_setoutputsize_are_accepted(conn):
    cur = conn.cursor()
    cur.setinputsizes([10, None])
    cur.setoutputsize(100)
    cur.setoutputsize(100, 0)


def test_scroll_on_a_scrollable_cursor(conn, numbers):
    cur = conn.cursor(scrollable=True)
    cur.execute("SELECT n FROM pyt_numbers WHERE n <= 10 ORDER BY n")
    assert cur.fetchone() == (1,)
    assert cur.rownumber == 1
    cur.scroll(3)
    assert cur.fetchone() == (5,)
    cur.scroll(0, "absolute")
    assert cur.fetchone() == (1,)
    cur.scroll(-1)
    assert cur.fetchone() == (1,)
    cur.scroll(9, mode="absolute")
    assert cur.fetchall() == [(10,)]
    with pytest.raises(IndexError):
        cur.scroll(100, "absolute")
    with pytest.raises(IndexError):
        cur.scroll(-1, "absolute")
    cur.scroll(2, "absolute")
    assert cur.fetchmany(2) == [(3,), (4,)]


def test_scroll_forward_only_cursor(conn, numbers):
    cur = conn.cursor()
    cur.execute("SELECT n FROM pyt_numbers WHERE n <= 5 ORDER BY n")
    cur.scroll(2)
    assert cur.fetchone() == (3,)
    with pytest.raises(informix_db.NotSupportedError):
        cur.scroll(-1)
    with pytest.raises(IndexError):
        cur.scroll(10)


def test_cursor_close_and_context_manager(conn):
    with conn.cursor() as cur:
        cur.execute("SELECT tabid FROM systables WHERE tabid = 1")
    assert cur.closed
    with pytest.raises(informix_db.InterfaceError):
        cur.execute("SELECT 1 FROM systables WHERE tabid = 1")
    with pytest.raises(informix_db.InterfaceError):
        cur.fetchone()
    cur.close()  # idempotent


def test_connection_close_makes_everything_unusable(server):
    c = server.connect()
    cur = c.cursor()
    cur.execute("SELECT tabid FROM systables")
    c.close()
    c.close()  # idempotent
    assert c.closed
    with pytest.raises(informix_db.InterfaceError):
        c.cursor()
    with pytest.raises(informix_db.InterfaceError):
        cur.fetchone()
    with pytest.raises(informix_db.InterfaceError):
        c.commit()


def test_statements_without_rows_run_as_commands(conn, table):
    cur = conn.cursor()
    cur.execute(f"  -- a comment\n  CREATE TABLE {table} (i INTEGER)")
    cur.execute(f"insert into {table} values (1)")
    cur.execute(f"/* a */ SELECT i FROM {table}")
    assert cur.fetchall() == [(1,)]


def test_statement_cache_follows_a_changed_table(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (i INTEGER)")
    cur.execute(f"INSERT INTO {table} VALUES (1)")
    sql = f"SELECT * FROM {table}"
    cur.execute(sql)
    assert cur.fetchall() == [(1,)]
    cur.execute(f"DROP TABLE {table}")
    cur.execute(f"CREATE TABLE {table} (i INTEGER, j INTEGER)")
    cur.execute(f"INSERT INTO {table} VALUES (2, 3)")
    cur.execute(sql)  # the cached statement's table is gone: prepared again
    assert cur.fetchall() == [(2, 3)]


def test_many_cursors_on_one_connection(conn, numbers):
    a, b = conn.cursor(), conn.cursor()
    a.execute("SELECT n FROM pyt_numbers WHERE n <= 3 ORDER BY n")
    b.execute("SELECT n FROM pyt_numbers WHERE n <= 3 ORDER BY n DESC")
    assert [a.fetchone(), b.fetchone(), a.fetchone(), b.fetchone()] == [(1,), (3,), (2,), (2,)]


def test_unsupported_parameter_type(conn):
    with pytest.raises(informix_db.ProgrammingError):
        conn.cursor().execute("SELECT tabid FROM systables WHERE tabid = ?", (object(),))
    with pytest.raises(informix_db.ProgrammingError):
        conn.cursor().execute("SELECT tabid FROM systables WHERE tabid = ?", "1")


def test_keepalive_is_accepted_without_a_warning(server):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for keepalive in (True, False):
            conn = server.connect(keepalive=keepalive)
            assert conn.cursor().execute("SELECT 1 FROM systables WHERE tabid = 1").fetchone() == (1,)
            conn.close()
