-- The ifxcap capture script (docs/captures.md): every type, NULLs, errors, cursors, BYTE/TEXT
-- and BLOB/CLOB, transactions. Run it with ifxsql --continue-on-error and DBDATE=Y4MD- in a logged
-- database where it may create tables; it drops what it creates. Some statements fail on purpose:
-- what the server answers is the point. Values are fixed (no CURRENT, TODAY or table history), and
-- several are the golden vectors' (docs/sqli/vectors/types.txt), so a capture confirms them.

SET ISOLATION TO COMMITTED READ;
SET LOCK MODE TO NOT WAIT;

-- Every type, with values, extremes and NULLs.
CREATE TABLE ifxcap_types (
    id SERIAL, c CHAR(8), vc VARCHAR(20), nc NCHAR(6), nvc NVARCHAR(10), lvc LVARCHAR(100),
    si SMALLINT, i INTEGER, bi BIGINT, i8 INT8, f FLOAT, sf SMALLFLOAT,
    d DECIMAL(12,4), n NUMERIC(10,3), df DECIMAL(16), m MONEY(12,2), dt DATE,
    ts DATETIME YEAR TO FRACTION(5), hs DATETIME HOUR TO SECOND,
    iv INTERVAL DAY(3) TO SECOND, ym INTERVAL YEAR(4) TO MONTH, b BOOLEAN);
INSERT INTO ifxcap_types (c, vc, nc, nvc, lvc, si, i, bi, i8, f, sf, d, n, df, m, dt, ts, hs, iv, ym, b)
    VALUES ('abc', 'hello', 'n', 'nv', 'a longer text', 11, 123456, 1099511627776, -7, 3.5, 1.25,
            12345.6789, -42.125, 276, -98765.43, '2024-01-02', '2026-07-19 12:34:56.12345', '12:34:56',
            '12 03:04:05', '3-06', 't');
INSERT INTO ifxcap_types (c, vc, nc, nvc, lvc, si, i, bi, i8, f, sf, d, n, df, m, dt, ts, hs, iv, ym, b)
    VALUES ('', '', '', '', '', -32767, -2147483647, -9223372036854775807, 9223372036854775807,
            -0.5, -2.0, -0.0001, 0, 0, 0.01, '1899-12-31', '0001-01-01 00:00:00.00001', '00:33:11',
            '0 00:00:00', '0-00', 'f');
INSERT INTO ifxcap_types (c) VALUES (NULL);
SELECT * FROM ifxcap_types ORDER BY id;
SELECT id, c, vc FROM ifxcap_types WHERE vc = 'hello';
SELECT COUNT(*), SUM(i), MIN(d), MAX(ts) FROM ifxcap_types;
SELECT id, i + 1, d * 2, vc || '!' FROM ifxcap_types WHERE id < 3 ORDER BY id;

-- A result larger than one fetch buffer (several SQ_NFETCH round trips).
CREATE TABLE ifxcap_n (n SMALLINT, pad CHAR(130));
INSERT INTO ifxcap_n VALUES (0, 'pad 0');
INSERT INTO ifxcap_n VALUES (1, 'pad 1');
INSERT INTO ifxcap_n VALUES (2, 'pad 2');
INSERT INTO ifxcap_n VALUES (3, 'pad 3');
INSERT INTO ifxcap_n VALUES (4, 'pad 4');
INSERT INTO ifxcap_n VALUES (5, 'pad 5');
INSERT INTO ifxcap_n VALUES (6, 'pad 6');
INSERT INTO ifxcap_n VALUES (7, 'pad 7');
INSERT INTO ifxcap_n VALUES (8, 'pad 8');
INSERT INTO ifxcap_n VALUES (9, 'pad 9');
INSERT INTO ifxcap_n VALUES (10, 'pad 10');
INSERT INTO ifxcap_n VALUES (11, 'pad 11');
INSERT INTO ifxcap_n VALUES (12, 'pad 12');
INSERT INTO ifxcap_n VALUES (13, 'pad 13');
INSERT INTO ifxcap_n VALUES (14, 'pad 14');
INSERT INTO ifxcap_n VALUES (15, 'pad 15');
SELECT a.n, b.n, a.pad FROM ifxcap_n a, ifxcap_n b ORDER BY 1, 2;

-- Errors: syntax, unknown table, duplicate key, NULL into NOT NULL, division by zero, conversion,
-- COMMIT outside a transaction.
SELEC 1;
SELECT * FROM ifxcap_no_such_table;
CREATE UNIQUE INDEX ifxcap_types_i ON ifxcap_types (i);
INSERT INTO ifxcap_types (i) VALUES (123456);
CREATE TABLE ifxcap_nn (a INTEGER NOT NULL);
INSERT INTO ifxcap_nn VALUES (NULL);
SELECT i / 0 FROM ifxcap_types WHERE id = 1;
SELECT CAST('abc' AS INTEGER) FROM ifxcap_types WHERE id = 1;
COMMIT WORK;

-- Transactions: one rolled back, one committed.
BEGIN WORK;
INSERT INTO ifxcap_nn VALUES (1);
ROLLBACK WORK;
BEGIN WORK;
INSERT INTO ifxcap_nn VALUES (2);
UPDATE ifxcap_types SET vc = 'updated' WHERE id = 1;
DELETE FROM ifxcap_types WHERE id = 3;
COMMIT WORK;
SELECT a FROM ifxcap_nn;
SELECT id, vc FROM ifxcap_types ORDER BY id;

-- BYTE and TEXT (values need binds; SQL gives NULLs, and an error for a literal).
CREATE TABLE ifxcap_bt (id INTEGER, by BYTE, tx TEXT);
INSERT INTO ifxcap_bt VALUES (1, NULL, NULL);
INSERT INTO ifxcap_bt VALUES (2, 'x', 'y');
SELECT * FROM ifxcap_bt;

-- BLOB and CLOB (a real server needs an sbspace).
CREATE TABLE ifxcap_lob (id INTEGER, bl BLOB, cl CLOB);
INSERT INTO ifxcap_lob VALUES (1, NULL, NULL);
SELECT * FROM ifxcap_lob;

DROP TABLE ifxcap_lob;
DROP TABLE ifxcap_bt;
DROP TABLE ifxcap_nn;
DROP TABLE ifxcap_n;
DROP TABLE ifxcap_types;
