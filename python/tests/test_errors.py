"""Failures become the PEP 249 class users expect, with the Informix diagnostics attached."""
import pytest

import informix_db
from informix_db.exceptions import _from_native


@pytest.mark.parametrize("sqlcode,cls", [
    (-201, informix_db.ProgrammingError), (-206, informix_db.ProgrammingError), (-217, informix_db.ProgrammingError),
    (-239, informix_db.IntegrityError), (-268, informix_db.IntegrityError), (-691, informix_db.IntegrityError),
    (-703, informix_db.IntegrityError), (-391, informix_db.IntegrityError),
    (-329, informix_db.OperationalError), (-908, informix_db.OperationalError), (-951, informix_db.OperationalError),
    (-761, informix_db.OperationalError),
    (-1213, informix_db.DataError), (-1226, informix_db.DataError), (-1820, informix_db.DataError),
])
def test_class_by_sqlcode(sqlcode, cls):
    # whatever coarse kind the library gave, the SQLCODE decides for these
    exc = _from_native({"message": "m", "kind": "operational" if cls is not informix_db.OperationalError
                        else "programming", "client_code": None, "sqlcode": sqlcode, "isam_code": -100,
                        "sqlstate": "IX000", "statement": "SELECT 1", "offset": 7})
    assert type(exc) is cls
    assert (exc.sqlcode, exc.isam_code, exc.sqlstate, exc.statement, exc.offset) == (sqlcode, -100, "IX000",
                                                                                    "SELECT 1", 7)


def test_client_codes():
    assert type(_from_native({"kind": "operational", "client_code": "pool_timeout"})) is informix_db.PoolTimeout
    assert type(_from_native({"kind": "operational", "client_code": "connection_closed"})) is \
        informix_db.OperationalError
    assert type(_from_native({"kind": "data", "client_code": "out_of_range"})) is informix_db.DataError
    assert type(_from_native({"kind": "internal", "client_code": "protocol_violation"})) is informix_db.InternalError
    assert type(_from_native({"kind": "not_supported", "client_code": "not_supported"})) is \
        informix_db.NotSupportedError


def test_syntax_error_carries_diagnostics(conn):
    sql = "SELEC tabid FROM systables"
    with pytest.raises(informix_db.ProgrammingError) as e:
        conn.cursor().execute(sql)
    assert e.value.sqlcode == -201
    assert e.value.statement == sql
    assert e.value.sqlstate == "42000"
    assert "-201" in str(e.value)


def test_missing_table_and_column(conn):
    with pytest.raises(informix_db.ProgrammingError) as e:
        conn.cursor().execute("SELECT * FROM no_such_table_xyz")
    assert e.value.sqlcode == -206 and e.value.isam_code == -111
    with pytest.raises(informix_db.ProgrammingError) as e:
        conn.cursor().execute("SELECT no_such_column FROM systables")
    assert e.value.sqlcode == -217


def test_integrity_errors(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (k INTEGER PRIMARY KEY, v VARCHAR(10) NOT NULL)")
    cur.execute(f"INSERT INTO {table} VALUES (1, 'a')")
    with pytest.raises(informix_db.IntegrityError) as e:
        cur.execute(f"INSERT INTO {table} VALUES (1, 'b')")
    assert e.value.sqlcode in (-239, -268)
    with pytest.raises(informix_db.IntegrityError) as e:
        cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (2, None))
    assert e.value.sqlcode == -391
    cur.execute(f"SELECT COUNT(*) FROM {table}")  # application errors leave the connection usable
    assert cur.fetchone() == (1,)


def test_data_errors(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (d DECIMAL(5,2), i SMALLINT)")
    with pytest.raises(informix_db.DataError) as e:
        cur.execute(f"INSERT INTO {table} (d) VALUES (?)", (123456,))
    assert e.value.sqlcode == -1226
    with pytest.raises(informix_db.DataError):
        cur.execute(f"INSERT INTO {table} (i) VALUES (?)", (2 ** 40,))


def test_unknown_database_and_bad_login(server):
    server.need_lite()
    with pytest.raises(informix_db.OperationalError) as e:
        server.connect(database="no_such_database")
    assert e.value.sqlcode == -329
    with pytest.raises(informix_db.OperationalError) as e:
        informix_db.connect(**{**server.kwargs(), "password": "wrong"})
    assert e.value.sqlcode in (-951, -952)  # unknown user / wrong password


def test_unreachable_server():
    import socket
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    with pytest.raises(informix_db.OperationalError) as e:
        informix_db.connect("127.0.0.1", port, user="u", password="p", server="x", connect_timeout=5)
    assert e.value.client_code == "network_error"


def test_lost_connection_is_operational(server, lite):
    c = server.connect()
    c.ping()
    lite.control("kill-all")
    with pytest.raises(informix_db.OperationalError) as e:
        c.cursor().execute("SELECT COUNT(*) FROM systables")
    assert e.value.sqlcode == 0 and e.value.client_code in ("connection_closed", "network_error")
    with pytest.raises(informix_db.OperationalError):
        c.ping()
    c.close()


def test_read_timeout(server, lite):
    c = server.connect(read_timeout=0.3)
    lite.control("delay-ms 1500")
    with pytest.raises(informix_db.OperationalError) as e:
        c.cursor().execute("SELECT COUNT(*) FROM systables")
    assert e.value.client_code == "timeout"
    c.close()
