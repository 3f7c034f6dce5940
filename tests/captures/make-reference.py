#!/usr/bin/env python3
"""Builds tests/captures/reference.cap: two sessions assembled by hand from the protocol
reference (docs/sqli/PROTOCOL.md) and its golden vectors, so that ifxcap's machinery is proven on
bytes that did not come from ifx or ifxlite. Client records are grade-A vectors wherever one
exists (the note of each record names them; a test checks their bytes are there verbatim); the
server's replies are built with the reference's layouts (grade A) and its "Server:" rules, with
grade-A values (TYPE-001..003, TYPE-021, the NULL sentinels, WARN-01). Run it again after a vector
changes:  tests/captures/make-reference.py > tests/captures/reference.cap
"""
import pathlib
import struct
import sys

HERE = pathlib.Path(__file__).resolve().parent
VECTORS = HERE.parent.parent / "docs" / "sqli" / "vectors"


def load_vectors():
    out = {}
    for path in VECTORS.glob("*.txt"):
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip() or line.startswith("#"):
                continue
            fields = line.split(" | ")
            out[fields[0]] = bytes.fromhex(fields[3].replace(" ", ""))
    return out


V = load_vectors()
EOT = b"\x00\x0c"


def i16(v): return struct.pack(">h", v)
def u16(v): return struct.pack(">H", v)
def i32(v): return struct.pack(">i", v)
def i64(v): return struct.pack(">q", v)


def pad(b): return b + (b"\x00" if len(b) % 2 else b"")
def char(s): return pad(i16(len(s)) + s)            # SQLI CHAR
def lchar(s): return pad(i32(len(s)) + s)           # SQLTEXT with feature 62
def ascstr(s): return u16(len(s) + 1) + s + b"\x00"  # login-packet string, never padded
def fixed(n, s): return s + b"\x00" * (n - len(s))


MASK = b"********"
SERVER = b"ol_reference"
ENV = [(b"DBPATH", b"."), (b"CLIENT_LOCALE", b"en_US.8859-1"), (b"CLNT_PAM_CAPABLE", b"1"),
       (b"DBDATE", b"Y4MD-"), (b"IFX_UPDDESC", b"1"), (b"DB_LOCALE", b"en_US.8859-1"), (b"NODEFDAC", b"no")]


def login_packet():
    # nmap's template (LOGIN-003..006, grade A) with a user, the masked password, the server name
    # and JDBC 4.50's environment ([IDB]) plus DB_LOCALE.
    body = (V["LOGIN-003"] + ascstr(b"informix") + ascstr(MASK) + V["LOGIN-004"] + ascstr(SERVER) +
            V["LOGIN-005"] + i16(len(ENV)) + b"".join(ascstr(k) + ascstr(v) for k, v in ENV) + V["LOGIN-006"])
    return u16(len(body) + 2) + body


def login_reply():
    # §3.3 "Server:" recipe; the version banner begins as LOGIN-002's does.
    body = (i16(100) + i16(101) + i32(61) + ascstr(b"IEEEI") + i16(108) + fixed(12, b"srvinfx") +
            ascstr(b"IBM Informix Dynamic Server Version 15.0.1.0") + ascstr(b"AAA#B000000") + ascstr(SERVER) +
            i32(0x133) + i32(0) + i32(0) + i16(0) + b"\x00\x00\x00\x00" + b"\x00" * 24 +
            i16(102) + b"\x00" * 6 + i16(0) + i16(0) + i16(0) + i16(0) + i16(127))
    return u16(len(body) + 6) + bytes([2, 60]) + u16(0x1000) + body


def protocols(mask): return i16(126) + i16(len(mask)) + pad(mask) + EOT
def done(rows=0, warnings=0): return i16(15) + i16(warnings) + i64(rows) + i64(0) + i32(0)  # f70
def cost(): return i16(55) + i32(1) + i32(1)
def err(code, isam, offset, msg): return i16(13) + i16(code) + i16(isam) + i32(offset) + char(msg)  # f62
def describe_none(stmt_type): return i16(8) + i16(stmt_type) + i16(0) + i32(0) + i32(0) + i16(0) + i32(0)
def command(sql): return i16(1) + i16(0) + lchar(sql) + i16(22) + i16(7) + i16(11) + EOT  # MSG-007 layout
def tuple_(payload): return pad(i16(14) + i16(0) + i32(len(payload)) + payload)


# The columns of the SELECT: (name, type, encoded length, tuple width).
COLUMNS = [(b"d", 5, 0x0c04, 7), (b"n", 5, 0x0a03, 7), (b"m", 8, 0x0c02, 7), (b"t", 10, 0x130f, 11),
           (b"s", 1, 2, 2), (b"i", 2, 4, 4), (b"b", 52, 8, 8), (b"f", 3, 8, 8), (b"r", 4, 4, 4), (b"dt", 7, 4, 4)]


def describe_select(statement_id):
    names = b"".join(n + b"\x00" for n, *_ in COLUMNS)
    cols, index, start = b"", 0, 0
    for name, code, enc, width in COLUMNS:  # §8.1 f63 layout
        cols += i32(index) + i32(start) + i16(code) + i32(0) + char(b"") + char(b"") + i16(0) + i16(0) + i32(0) + i32(enc)
        index += len(name) + 1
        start += width
    return (i16(8) + i16(2) + i16(statement_id) + i32(2) + i32(start) + i16(len(COLUMNS)) + i32(len(names)) +
            cols + pad(names))


VALUE_ROW = (V["TYPE-001"] + V["TYPE-002"] + V["TYPE-003"] + V["TYPE-021"] + i16(11) + i32(123456) +
             V["TYPE-043"] + V["TYPE-060"] + struct.pack(">f", 1.25) + V["TYPE-031"])
NULL_ROW = (b"\x00" * 7 * 3 + b"\x00" * 11 + V["TYPE-040"] + V["TYPE-041"] + V["TYPE-042"] + V["TYPE-062"] +
            V["TYPE-061"] + V["TYPE-032"])

CREATE = (b"CREATE TABLE reference (d DECIMAL(12,4), n NUMERIC(10,3), m MONEY(12,2), "
          b"t DATETIME YEAR TO FRACTION(5), s SMALLINT, i INTEGER, b BIGINT, f FLOAT, r SMALLFLOAT, dt DATE)")
INSERT_VALUES = (b"INSERT INTO reference VALUES (12345.6789, -42.125, -98765.43, '2026-07-19 12:34:56.12345', "
                 b"11, 123456, 1099511627776, 3.5, 1.25, '1970-01-01')")
INSERT_NULLS = b"INSERT INTO reference (d) VALUES (NULL)"
SELECT = b"SELECT * FROM reference ORDER BY i ASC"  # 38 bytes: MSG-005's length
assert len(SELECT) == 38

S = "vectors: "
session1 = [
    ("c2s", "login", login_packet(), S + "LOGIN-003, LOGIN-004, LOGIN-005, LOGIN-006 (password masked)"),
    ("s2c", "login", login_reply(), "the §3.3 server recipe (the 80 bytes of LOGIN-002 are disputed)"),
    ("c2s", "group", V["LOGIN-010"], S + "LOGIN-010"),
    ("s2c", "group", protocols(bytes.fromhex("fffc7ffc3c00020306")), "§4.3: the offer AND {54, 62, 63, 69, 70}"),
    ("c2s", "group", V["LOGIN-020"] + EOT, S + "LOGIN-020"),
    ("s2c", "group", EOT, S + "MSG-003"),
    ("c2s", "group", V["LOGIN-030"] + EOT, S + "LOGIN-030"),
    ("s2c", "group", done(warnings=0x15) + cost() + EOT, "§5.3: warnings 0x15 of WARN-01, DONE with f70"),
    ("c2s", "group", command(CREATE), "§7.2 (MSG-007's layout)"),
    ("s2c", "group", describe_none(14) + done() + cost() + EOT, "§7.2 reply"),
    ("c2s", "group", command(INSERT_VALUES), "§7.2"),
    ("s2c", "group", describe_none(6) + done(rows=1) + cost() + EOT, "§7.2 reply"),
    ("c2s", "group", command(INSERT_NULLS), "§7.2"),
    ("s2c", "group", describe_none(6) + done(rows=1) + cost() + EOT, "§7.2 reply"),
    ("c2s", "group", V["MSG-005"] + SELECT + V["MSG-004"], S + "MSG-005, MSG-004"),
    ("s2c", "group", describe_select(7) + done() + cost() + EOT, "§8.1 f63+f69 layout; statement 7 as MSG-010..015"),
    ("c2s", "group", V["MSG-015"], S + "MSG-015"),
    ("s2c", "group", tuple_(NULL_ROW) + tuple_(VALUE_ROW) + done(rows=2) + cost() + EOT,
     S + "TYPE-001, TYPE-002, TYPE-003, TYPE-021, TYPE-043, TYPE-060, TYPE-031, "
     "TYPE-040, TYPE-041, TYPE-042, TYPE-062, TYPE-061, TYPE-032 (§7.6: DONE with the last rows)"),
    ("c2s", "group", V["MSG-010"], S + "MSG-010"),
    ("s2c", "group", done(rows=0) + cost() + EOT, "§7.6: a fetch after the end"),
    ("c2s", "group", V["MSG-011"], S + "MSG-011"),
    ("s2c", "group", EOT, S + "MSG-003"),
    ("c2s", "group", V["MSG-012"], S + "MSG-012"),
    ("s2c", "group", EOT, S + "MSG-003"),
    ("c2s", "group", i16(2) + i16(0) + lchar(b"SELECT * FROM no_such_table") + V["MSG-004"], S + "MSG-004"),
    ("s2c", "group", err(-206, -111, 15, b"no_such_table") + EOT,
     "§8.5, CODE:-206 (ISAM -111, the table in the message); the offset is this file's guess"),
    ("c2s", "group", V["MSG-050"], S + "MSG-050"),
    ("s2c", "group", err(-255, 0, 0, b"") + EOT, "§7.9, CODE:-255"),
    ("c2s", "group", command(b"BEGIN WORK"), "§7.9 (the SQL form of BEGIN)"),
    ("s2c", "group", describe_none(34) + done() + cost() + EOT, "§7.2 reply"),
    ("c2s", "group", command(b"INSERT INTO reference (s) VALUES (3)"), "§7.2"),
    ("s2c", "group", describe_none(6) + done(rows=1) + cost() + EOT, "§7.2 reply"),
    ("c2s", "group", V["MSG-051"], S + "MSG-051"),
    ("s2c", "group", done() + EOT, "§7.9"),
    ("c2s", "group", V["MSG-061"], S + "MSG-061"),
    ("s2c", "group", i16(56), "§7.14: the server answers SQ_EXIT and closes"),
]

session2 = [  # PAM (§7.15): LOGIN-040..045
    ("c2s", "login", login_packet(), S + "LOGIN-003, LOGIN-004, LOGIN-005, LOGIN-006 (password masked)"),
    ("s2c", "login", login_reply(), "the §3.3 server recipe"),
    ("c2s", "group", V["LOGIN-010"], S + "LOGIN-010"),
    ("s2c", "group", protocols(bytes.fromhex("fffc7ffc3c08020306")), "§4.3 with feature 44 (a PAM listener)"),
    ("c2s", "group", V["LOGIN-040"], S + "LOGIN-040"),
    ("s2c", "group", V["LOGIN-041"][:12], "LOGIN-041, its first group"),
    ("s2c", "group", V["LOGIN-041"][12:30], "LOGIN-041, its second group"),
    ("c2s", "group", i16(130) + char(MASK) + EOT, "LOGIN-042's layout, the answer masked"),
    ("s2c", "group", V["LOGIN-041"][30:], "LOGIN-041, its last group"),
    ("c2s", "group", V["LOGIN-020"] + EOT, S + "LOGIN-020"),
    ("s2c", "group", EOT, S + "MSG-003"),
    ("c2s", "group", V["LOGIN-030"] + EOT, S + "LOGIN-030"),
    ("s2c", "group", done(warnings=0x15) + cost() + EOT, "§5.3, WARN-01"),
    ("c2s", "group", V["MSG-060"], S + "MSG-060"),
    ("s2c", "group", i16(56), "§7.14"),
]
assert V["LOGIN-041"][30:] == b"\x00\x7f\x00\x0c"

out = sys.stdout
out.write("# Made by tests/captures/make-reference.py from docs/sqli/PROTOCOL.md and docs/sqli/vectors (not\n"
          "# recorded): grade-A client bytes, and server replies built with the reference's layouts and rules.\n"
          "ifxcap 1\n")
out.write("recorded 2026-12-08T00:00:00Z\nlisten -\nserver the protocol reference (docs/sqli)\n"
          "secrets masked\nvalues kept\nclient reference\n"
          "note session 1: login, setup, DDL, DML, a cursor with every A-graded value and NULL sentinel, errors, "
          "a transaction rolled back, exit\n"
          "note session 2: the PAM conversation of LOGIN-040..045\n")
for pattern, reason in [("login-reply.server_version", "the server's version banner"),
                        ("SQ_COST", "optimizer estimates; a server may send them anywhere (§8.9)"),
                        ("SQ_DESCRIBE.estimated_rows", "optimizer estimate"),
                        ("SQ_DESCRIBE.statement_id", "server-assigned; the replay maps recorded ids to the server's"),
                        ("SQ_DONE.rowid", "physical row ids"),
                        ("SQ_DONE.serial", "serial values depend on the table's history"),
                        ("SQ_INSERTDONE.*", "serial values depend on the table's history")]:
    out.write(f"mask {pattern} -- {reason}\n")
clock = 0
for number, records in ((1, session1), (2, session2)):
    out.write(f"session {number} 2026-12-08T00:00:0{number}.000000Z -\n")
    for direction, kind, data, note in records:
        clock += 1000
        out.write(f"{direction} {number} {clock // 1000000}.{clock % 1000000:06d} {kind} {len(data)} # {note}\n")
        for i in range(0, len(data), 32):
            out.write("  " + " ".join(f"{b:02x}" for b in data[i:i + 32]) + "\n")
    out.write(f"end {number} {clock // 1000000}.{clock % 1000000:06d} client closed\n")
