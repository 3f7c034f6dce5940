"""informix_db: a PEP 249 driver for IBM Informix on the ifx native client.

    import informix_db
    with informix_db.connect("db1", user="app", password=pw, database="stores", server="ol_prod") as conn:
        cur = conn.cursor()
        cur.execute("SELECT id, name FROM customer WHERE city = ?", ("Lenexa",))
        for id, name in cur:
            ...

Also: create_pool() (a thread-safe pool) and informix_db.aio (asyncio). See docs/python.md.
"""
import atexit as _atexit

from . import _native
from ._connect import options as _options
from ._types import (BINARY, DATETIME, NUMBER, ROWID, STRING, Binary, Blob, Clob, Date, DateFromTicks,
                     IntervalYM, Text, Time, TimeFromTicks, Timestamp, TimestampFromTicks, TLSConfig)
from .connection import Connection, Cursor
from .exceptions import (DatabaseError, DataError, Error, IntegrityError, InterfaceError, InternalError,
                         NotSupportedError, OperationalError, PoolTimeout, ProgrammingError, Warning)
from .lob import LobStream
from .pool import Pool, create_pool, _close_all

LobLocator = _native.ifx.LobLocator

apilevel = "2.0"
#: Threads may share the module and connections: a connection serialises its calls (a request and
#: its reply never interleave with another thread's). Cursors are not shared.
threadsafety = 2
#: ``?`` markers; numeric ``:1``, ``:2`` markers are accepted too.
paramstyle = "qmark"

__version__ = "0.1.0"

__all__ = [
    "apilevel", "threadsafety", "paramstyle", "connect", "create_pool", "Connection", "Cursor", "Pool",
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError", "IntegrityError",
    "InternalError", "ProgrammingError", "NotSupportedError", "PoolTimeout",
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks", "Binary",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID", "IntervalYM", "Text", "Blob", "Clob", "TLSConfig",
    "LobLocator", "LobStream",
]


def connect(host=None, port=9088, user=None, password=None, database=None, server=None, autocommit=False,
            connect_timeout=None, read_timeout=None, keepalive=False, client_locale=None, env=None, tls=False,
            **extra):
    """Connects, logs in and opens ``database``.

    ``host`` may also be an ``informix://user:password@host:port/database?server=NAME&...`` URL
    (its options as ifx::parse_url; keyword arguments given explicitly apply on top). ``server``
    is the INFORMIXSERVER name (default: the INFORMIXSERVER environment variable). Timeouts are in
    seconds: ``connect_timeout`` covers connect, login and database open (default 10 s);
    ``read_timeout`` bounds each later request/reply (None: no limit). ``env`` is a dict of
    environment variables sent at login (e.g. {"DBDATE": "Y4MD-"}). ``tls``: False (plain TCP),
    True (verified against the system CA store, host name checked), a TLSConfig / dict, an
    ssl.SSLContext, or a mode name ("verify-full", "verify-ca", "insecure"). Extra keywords:
    ``db_locale``, ``fetch_buffer_size`` (bytes of rows per fetch round trip),
    ``statement_cache_size``. Raises OperationalError (unreachable, login refused, TLS) or
    InterfaceError."""
    options, autocommit = _options(host, port, user, password, database, server, autocommit, connect_timeout,
                                   read_timeout, keepalive, client_locale, env, tls, **extra)
    return Connection(_native.ifx.connect(options), autocommit)


_atexit.register(_close_all)
