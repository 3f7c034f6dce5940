"""Every type both ways, NULL included: bound as a parameter, stored, read back as the Python type
docs/python.md promises."""
import datetime
import decimal

import pytest

import informix_db
from informix_db import IntervalYM

D = decimal.Decimal

CASES = [
    # column type, values (the first non-NULL ones), expected Python type
    ("SMALLINT", [0, -32767, 32767], int),
    ("INTEGER", [0, -2147483647, 2147483647], int),
    ("INT8", [0, -9223372036854775807, 9223372036854775807], int),
    ("BIGINT", [1, -9223372036854775807, 9223372036854775807], int),
    ("SMALLFLOAT", [0.5, -2.25, 1024.0], float),
    ("FLOAT", [0.1, -1e300, 2.5e-300], float),
    ("DECIMAL(16,2)", [D("0.00"), D("-12345678901234.56"), D("99.90")], D),
    ("DECIMAL(32,10)", [D("1234567890123456789012.0123456789"), D("-0.0000000001")], D),
    ("MONEY(12,2)", [D("19.99"), D("-0.01")], D),
    ("CHAR(10)", ["abc", "", "ten chars!"], str),
    ("VARCHAR(40)", ["hello", "", "Grüße, ÿ"], str),
    ("NCHAR(8)", ["nchar"], str),
    ("NVARCHAR(20)", ["nvarchar"], str),
    ("LVARCHAR(5000)", ["x" * 4000, "short"], str),
    ("BOOLEAN", [True, False], bool),
    ("DATE", [datetime.date(2026, 7, 19), datetime.date(1, 1, 1), datetime.date(9999, 12, 31),
              datetime.date(1899, 12, 31)], datetime.date),
    ("DATETIME YEAR TO FRACTION(5)", [datetime.datetime(2026, 7, 19, 12, 34, 56, 123450),
                                      datetime.datetime(1, 1, 1, 0, 0, 0)], datetime.datetime),
    ("DATETIME YEAR TO SECOND", [datetime.datetime(2026, 7, 19, 12, 34, 56)], datetime.datetime),
    ("DATETIME HOUR TO SECOND", [datetime.time(12, 34, 56), datetime.time(0, 0, 0)], datetime.time),
    ("DATETIME HOUR TO FRACTION(3)", [datetime.time(23, 59, 59, 999000)], datetime.time),
    ("INTERVAL DAY(9) TO FRACTION(5)", [datetime.timedelta(days=3, hours=4, minutes=5, seconds=6, microseconds=70),
                                        -datetime.timedelta(days=1, seconds=1), datetime.timedelta(0),
                                        datetime.timedelta(days=999999999)], datetime.timedelta),
    ("INTERVAL DAY(3) TO SECOND", [datetime.timedelta(days=12, seconds=3723)], datetime.timedelta),
    ("INTERVAL YEAR(4) TO MONTH", [IntervalYM(2, 6), IntervalYM(-1, -3), IntervalYM(0, 0), IntervalYM(9999, 11)],
     IntervalYM),
]


def _roundtrip(conn, table, column_type, values, binder=lambda v: v):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (k INTEGER, v {column_type})")
    rows = [(i, binder(v)) for i, v in enumerate(values)] + [(len(values), None)]
    cur.executemany(f"INSERT INTO {table} VALUES (?, ?)", rows)
    cur.execute(f"INSERT INTO {table} VALUES (?, ?)", (len(values) + 1, binder(values[0])))
    cur.execute(f"SELECT v FROM {table} ORDER BY k")
    return [r[0] for r in cur.fetchall()]


@pytest.mark.parametrize("column_type,values,pytype", CASES, ids=[c[0] for c in CASES])
def test_type_both_ways(conn, table, column_type, values, pytype):
    got = _roundtrip(conn, table, column_type, values)
    assert got[len(values)] is None
    assert got[:len(values)] == values
    assert got[len(values) + 1] == values[0]
    for v in got[:len(values)]:
        assert type(v) is pytype
    conn.commit()


def test_char_padding_is_trimmed_varchar_kept(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (c CHAR(6), v VARCHAR(6))")
    cur.execute(f"INSERT INTO {table} VALUES (?, ?)", ("ab  ", "ab  "))
    cur.execute(f"SELECT c, v FROM {table}")
    assert cur.fetchone() == ("ab", "ab  ")


def test_decimal_is_exact_and_keeps_scale(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (d DECIMAL(20,4))")
    cur.execute(f"INSERT INTO {table} VALUES (?)", (D("250.1"),))
    cur.execute(f"INSERT INTO {table} VALUES (?)", (1234567890123456,))
    cur.execute(f"SELECT d FROM {table} ORDER BY d")
    got = [r[0] for r in cur.fetchall()]
    assert [str(v) for v in got] == ["250.1000", "1234567890123456.0000"]


def test_big_python_int_binds_exactly_as_decimal(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (d DECIMAL(32,0))")
    big = 10 ** 30 + 7
    cur.execute(f"INSERT INTO {table} VALUES (?)", (big,))
    cur.execute(f"SELECT d FROM {table}")
    assert cur.fetchone()[0] == D(big)


def test_nan_decimal_is_a_data_error(conn):
    with pytest.raises(informix_db.DataError):
        conn.cursor().execute("SELECT n FROM pyt_numbers WHERE n = ?", (D("NaN"),))


def test_text_and_byte(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (k INTEGER, t TEXT, b BYTE)")
    blob = bytes(range(256)) * 300
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (1, informix_db.Text("Grüße " * 1000), blob))
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (2, None, None))
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (3, informix_db.Text(""), bytearray(b"\x00\x01")))
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (4, informix_db.Text("m"), memoryview(b"mv")))
    cur.execute(f"SELECT t, b FROM {table} ORDER BY k")
    assert cur.fetchall() == [("Grüße " * 1000, blob), (None, None), ("", b"\x00\x01"), ("m", b"mv")]
    assert [d[1] for d in cur.description] == ["TEXT", "BYTE"]
    assert cur.description[1][1] == informix_db.BINARY


def test_blob_and_clob_content(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (k INTEGER, b BLOB, c CLOB)")
    data = bytes(range(256)) * 1000
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (1, informix_db.Blob(data), informix_db.Clob("Grüße")))
    cur.execute(f"INSERT INTO {table} VALUES (?, ?, ?)", (2, None, None))
    cur.execute(f"SELECT b, c FROM {table} ORDER BY k")
    assert cur.fetchall() == [(data, "Grüße"), (None, None)]
    assert [d[1] for d in cur.description] == ["BLOB", "CLOB"]


def test_lob_streams(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (k INTEGER, b BLOB)")
    with conn.create_lob("blob") as w:
        for i in range(10):
            w.write(bytes([i]) * 100_000)
        assert w.tell() == 1_000_000
        assert w.size() == 1_000_000
        loc = w.locator
    cur.execute(f"INSERT INTO {table} VALUES (1, ?)", (loc,))
    reader = conn.cursor(lob_locators=True)
    reader.execute(f"SELECT b FROM {table} WHERE k = 1")
    (locator,) = reader.fetchone()
    assert isinstance(locator, informix_db.LobLocator) and locator.kind == "blob"
    with conn.open_lob(locator) as r:
        assert r.readable() and r.seekable()
        assert r.read(3) == b"\x00\x00\x00"
        r.seek(500_000)
        assert r.read(2) == b"\x05\x05"
        r.seek(-1, 2)
        assert r.read() == b"\x09"
        r.seek(0)
        buf = bytearray(250_000)
        assert r.readinto(buf) == 250_000 and buf[-1] == 2
        r.seek(0)
        assert len(r.read()) == 1_000_000
    assert r.closed
    with pytest.raises(ValueError):
        r.read()


def test_datetime_microseconds_keep_10us(conn, table):
    got = _roundtrip(conn, table, "DATETIME YEAR TO FRACTION(5)", [datetime.datetime(2026, 1, 2, 3, 4, 5, 123456)])
    assert got[0] == datetime.datetime(2026, 1, 2, 3, 4, 5, 123450)  # FRACTION(5): 10 µs


def test_partial_datetime_is_text(conn, table):
    cur = conn.cursor()
    cur.execute(f"CREATE TABLE {table} (v DATETIME MONTH TO DAY)")
    cur.execute(f"INSERT INTO {table} VALUES (DATETIME(07-19) MONTH TO DAY)")
    cur.execute(f"SELECT v FROM {table}")
    assert cur.fetchone() == ("07-19",)


def test_interval_ym_value_class():
    assert IntervalYM(1, 14) == IntervalYM(2, 2)
    assert IntervalYM(-1, -3).total_months == -15
    assert (IntervalYM(-1, -3).years, IntervalYM(-1, -3).months) == (-1, -3)
    assert str(IntervalYM(-1, -3)) == "-1-03" and repr(IntervalYM(2, 6)) == "IntervalYM(2, 6)"
    assert IntervalYM(1, 0) + IntervalYM(0, 1) == IntervalYM(1, 1) and -IntervalYM(0, 1) == IntervalYM(0, -1)
    assert len({IntervalYM(1, 0), IntervalYM(0, 12)}) == 1


def test_pep249_constructors():
    assert informix_db.Date(2026, 1, 2) == datetime.date(2026, 1, 2)
    assert informix_db.Time(1, 2, 3) == datetime.time(1, 2, 3)
    assert informix_db.Timestamp(2026, 1, 2, 3, 4, 5) == datetime.datetime(2026, 1, 2, 3, 4, 5)
    assert informix_db.DateFromTicks(0) == datetime.date.fromtimestamp(0)
    assert informix_db.TimestampFromTicks(86400 * 365).year in (1970, 1971)
    assert isinstance(informix_db.TimeFromTicks(0), datetime.time)
    assert informix_db.Binary(bytearray(b"ab")) == b"ab"
    for t in (informix_db.STRING, informix_db.BINARY, informix_db.NUMBER, informix_db.DATETIME, informix_db.ROWID):
        assert t == t and t != "no such type"
    assert informix_db.ROWID == "SERIAL" and informix_db.NUMBER == "SERIAL"
