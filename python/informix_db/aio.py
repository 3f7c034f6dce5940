"""informix_db.aio: the asyncio API.

    from informix_db import aio

    conn = await aio.connect("db1", user="app", password=pw, database="stores", server="ol_prod")
    cur = await conn.cursor()
    await cur.execute("SELECT id, name FROM customer WHERE city = ?", ("Lenexa",))
    async for id, name in cur:
        ...
    pool = await aio.create_pool(max_size=16, **connect_kwargs)
    async with pool.connection() as conn:
        ...

Native, not a thread per call: every connection and pool runs on the ifx async engine, on one I/O
thread shared by all of them; results complete asyncio futures on the event loop's thread. One
operation runs at a time on a connection (others wait their turn).

Cancellation (task.cancel(), asyncio.wait_for, asyncio.timeout) of an operation in flight closes
its connection: SQLI cannot interrupt a request, and a connection is never handed on half-read.
Later calls on it raise OperationalError; a pooled one is evicted when it goes back. A cancelled
pool acquire is withdrawn. Scrollable and WITH HOLD cursors (``conn.cursor(scrollable=True,
hold=True)``, ``await cur.scroll(value, mode)``), BLOB/CLOB content (columns read as bytes/str,
``Blob``/``Clob`` parameters; ``conn.cursor(lob_locators=True)`` for LobLocators), BLOB/CLOB
streams (``await conn.open_lob(loc)``, ``await conn.create_lob()``) and fast-path calls are as
in the sync module.
"""
import asyncio
import atexit
import io
import weakref

from . import _connect, _sql
from ._cursor import _CursorBase
from ._native import ifx
from .exceptions import InterfaceError, NotSupportedError, ProgrammingError, _ErrorClasses
from .lob import _LobModes, _is_clob, _mode_flag

__all__ = ["connect", "create_pool", "AsyncConnection", "AsyncCursor", "AsyncLobStream", "AsyncPool"]

_notifiers = weakref.WeakKeyDictionary()


def _notifier(loop):
    """The loop's completion queue: the I/O thread queues outcomes and wakes the loop through an
    eventfd the loop watches."""
    n = _notifiers.get(loop)
    if n is None:
        n = ifx.AioNotifier()
        loop.add_reader(n.fd, n.drain)
        _notifiers[loop] = n
    return n


async def _call(start, *args):
    """Starts a native operation and waits for its outcome; cancelling the wait cancels it."""
    loop = asyncio.get_running_loop()
    fut = loop.create_future()
    op = start(*args, _notifier(loop), fut)
    fut.add_done_callback(lambda f: f.cancelled() and op.cancel())
    return await fut


class AsyncConnection(_ErrorClasses):
    """An async session (informix_db.Connection's counterpart; its transaction rules are the
    same). Use ``async with`` to commit on success, roll back on an exception and close."""

    def __init__(self, session, autocommit=False, pool=None):
        self._s = session
        self._pool = pool
        self._lock = asyncio.Lock()
        info = session.info()
        self._info = info
        self._logged = bool(info["logged"])
        self._ansi = bool(info["ansi"])
        self._autocommit = bool(autocommit)

    def cursor(self, scrollable=False, hold=False, lob_locators=False):
        """A new cursor: ``cur = await conn.cursor()`` or ``async with conn.cursor() as cur``.
        ``scrollable``: results can be read in any order (``await cur.scroll(value, mode)``); the
        server keeps the whole result. ``hold``: the cursor stays open across commit() (WITH
        HOLD). ``lob_locators``: BLOB/CLOB columns come back as LobLocator objects (open them with
        open_lob) instead of their content (bytes, str). As informix_db.Connection.cursor."""
        self._check()
        return _CursorFactory(AsyncCursor(self, scrollable, hold, lob_locators))

    async def commit(self):
        async with self._lock:
            self._check()
            if self._logged and self._s.in_transaction():
                await _call(self._s.transaction, 1)

    async def rollback(self):
        async with self._lock:
            self._check()
            if not self._logged:
                raise NotSupportedError("the database has no transaction log: nothing can be rolled back")
            if self._s.in_transaction():
                await _call(self._s.transaction, 2)

    async def close(self):
        """Closes the session; a pooled one goes back to its pool (which rolls back what was not
        committed). Idempotent."""
        if self.closed:
            return
        async with self._lock:
            if not self.closed:
                await _call(self._s.close)

    @property
    def closed(self):
        return self._s.finished

    @property
    def autocommit(self):
        return self._autocommit

    async def set_autocommit(self, value):
        """Switches autocommit (switching it on commits the transaction in progress)."""
        value = bool(value)
        if value and not self._autocommit:
            await self.commit()
        self._autocommit = value

    @property
    def server_version(self):
        return self._info["server_version"]

    @property
    def database(self):
        return self._info["database"]

    async def __aenter__(self):
        return self

    async def __aexit__(self, exc_type, exc, tb):
        try:
            if not self.closed and self._s.is_open():
                if exc_type is None:
                    await self.commit()
                elif self._logged:
                    await self.rollback()
        finally:
            await self.close()
        return False

    async def open_lob(self, locator, mode="rb"):
        """An async file-like stream over a BLOB/CLOB (a LobLocator read from a row of a cursor
        made with lob_locators=True). Modes as informix_db.Connection.open_lob."""
        async with self._lock:
            self._check()
            native = await _call(self._s.open_lob, locator, False, _mode_flag(mode))
        return AsyncLobStream(self, native, mode)

    async def create_lob(self, kind="blob", mode="r+b"):
        """A new, empty smart large object opened as a stream; write its content, then bind
        ``stream.locator`` into an INSERT or UPDATE of a BLOB/CLOB column."""
        clob = _is_clob(kind)
        async with self._lock:
            self._check()
            native = await _call(self._s.open_lob, None, clob, _mode_flag(mode))
        return AsyncLobStream(self, native, mode)

    async def release_lob(self, locator):
        """Frees the server's resources for a locator (ifx_lo_release)."""
        async with self._lock:
            self._check()
            await _call(self._s.release_lob, locator)

    async def fast_path_call(self, signature, *params):
        """Calls a routine through the fast path, as informix_db.Connection.fast_path_call:
        ``await conn.fast_path_call("function plus1(integer)", 41)`` returns the list of the
        values it returns."""
        if not isinstance(signature, str):
            raise ProgrammingError(f"a routine signature is a str, not {type(signature).__name__}")
        async with self._lock:
            self._check()
            await self._before_statement_locked()
            values = await _call(self._s.fast_path_call, signature, params)
            await self._after_statement_locked()
            return values

    def _check(self):
        if self.closed:
            raise InterfaceError("the connection is closed")

    async def _before_statement_locked(self):
        if not self._autocommit and self._logged and not self._ansi and not self._s.in_transaction():
            await _call(self._s.transaction, 0)

    async def _after_statement_locked(self):
        if self._autocommit and self._ansi and self._s.in_transaction():
            await _call(self._s.transaction, 1)


class AsyncLobStream(_LobModes):
    """An open BLOB/CLOB, the async counterpart of informix_db.LobStream: ``await lob.read(n)``,
    ``await lob.write(b)``, ``await lob.seek(offset, whence)``, ``await lob.tell()``,
    ``await lob.size()``, ``await lob.close()`` (or ``async with``). Each call is one operation on
    the connection."""

    def __init__(self, connection, native, mode):
        self._conn = connection
        self._lob = native
        self._mode = mode

    @property
    def closed(self):
        return self._lob.closed

    async def _run(self, start, *args):
        if self._lob.closed:
            raise ValueError("I/O operation on closed LOB stream")
        async with self._conn._lock:
            self._conn._check()
            return await _call(start, *args)

    async def read(self, size=-1):
        """Up to size bytes from the position (all that is left when size is -1 or None)."""
        return await self._run(self._lob.read, -1 if size is None else size)

    async def readall(self):
        return await self.read(-1)

    async def write(self, data):
        return await self._run(self._lob.write, data)

    async def seek(self, offset, whence=io.SEEK_SET):
        return await self._run(self._lob.position, 0, offset, whence)

    async def tell(self):
        return await self._run(self._lob.position, 1, 0, 0)

    async def size(self):
        """The object's length in bytes (the position is unchanged)."""
        return await self._run(self._lob.position, 2, 0, 0)

    async def close(self):
        """Closes the descriptor (ifx_lo_close). Idempotent."""
        if self._lob.closed:
            return
        async with self._conn._lock:
            await _call(self._lob.close)

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()
        return False


class _CursorFactory:
    """What AsyncConnection.cursor() returns: awaitable, and an async context manager."""

    def __init__(self, cursor):
        self._cursor = cursor

    def __await__(self):
        if False:  # pragma: no cover - makes this a generator
            yield
        return self._cursor

    async def __aenter__(self):
        return self._cursor

    async def __aexit__(self, *exc):
        await self._cursor.close()
        return False


class AsyncCursor(_CursorBase):
    """An async PEP 249-style cursor; rows stream from a server cursor in batches."""

    async def execute(self, operation, parameters=None):
        self._check()
        self._end_result()
        sql, order, kind = _sql.analyse(operation)
        params = _sql.arrange(parameters, order) if order else parameters
        conn = self.connection
        async with conn._lock:
            conn._check()
            await conn._before_statement_locked()
            rc, affected, rowid, _ = await _call(conn._s.run, sql, params, kind, self.scrollable, self._hold,
                                                 self._lobs)
            if rc is None:
                await conn._after_statement_locked()
        if rc is not None:
            self._rc = rc
            self.description = rc.description
        else:
            self._rowcount = affected
            self.lastrowid = rowid
        return self

    async def executemany(self, operation, seq_of_parameters):
        """Runs the statement once per parameter sequence, pipelined (one round trip per 4096
        rows). Every row is converted before the first is sent."""
        self._check()
        self._end_result()
        sql, order, _ = _sql.analyse(operation)
        rows = seq_of_parameters if not order else [_sql.arrange(p, order) for p in seq_of_parameters]
        conn = self.connection
        async with conn._lock:
            conn._check()
            await conn._before_statement_locked()
            affected, _, _ = await _call(conn._s.execute_many, sql, rows)
            await conn._after_statement_locked()
        self._rowcount = affected

    async def fetchone(self):
        rows = await self._take(1)
        return rows[0] if rows else None

    async def fetchmany(self, size=None):
        return await self._take(self.arraysize if size is None else size)

    async def fetchall(self):
        return await self._take(None)

    def __aiter__(self):
        return self

    async def __anext__(self):
        rows = await self._take(1)
        if not rows:
            raise StopAsyncIteration
        return rows[0]

    async def scroll(self, value, mode="relative"):
        """Moves the position: the next fetch returns the row at rownumber + value ("relative")
        or at value ("absolute", 0-based). Any move needs scrollable=True, except skipping
        forward; IndexError when the target row does not exist. As informix_db.Cursor.scroll."""
        self._check()
        rc = self._result()
        target = self._scroll_target(rc, value, mode)
        if self.scrollable:
            conn = self.connection
            async with conn._lock:
                conn._check()
                found = await _call(rc.scroll_to, target)
            if not found:
                raise IndexError(f"scroll target {target} is outside the result")
            return
        skip = target - rc.rownumber
        if skip and len(await self._take(skip)) < skip:
            raise IndexError(f"scroll target {target} is outside the result")

    async def close(self):
        self._end_result()
        self._closed = True

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()
        return False

    async def _take(self, n):
        """Up to n rows (None: all), fetching batches (and the BLOB/CLOB content of the rows to
        return) as needed. Under the connection's lock: the I/O thread fills the batch these rows
        are made from."""
        rc = self._result()
        out = []
        want = n
        conn = self.connection
        async with conn._lock:
            while True:
                got = rc.take(1 << 30 if want is None else want)
                out.extend(got)
                if want is not None:
                    want -= len(got)
                    if want <= 0:
                        return out
                if rc.done:
                    return out
                conn._check()
                if rc.needs_lobs:
                    await _call(rc.read_lobs, 1 << 30 if want is None else want)
                else:
                    await _call(rc.fetch)


class AsyncPool:
    """A pool of async connections (ifx::async_pool) on the I/O thread, with ifx::pool's rules:
    what a borrower leaves uncommitted is rolled back when it returns, a broken or cancelled
    connection is closed instead of being lent again, dead idle ones are replaced."""

    def __init__(self, native, autocommit):
        self._p = native
        self._autocommit = autocommit
        self._closed = False

    async def acquire(self, timeout=None):
        """Borrows a connection (waiting up to ``timeout`` seconds, default acquire_timeout);
        raises PoolTimeout. Give it back with ``await conn.close()``."""
        if self._closed:
            raise InterfaceError("the pool is closed")
        session = await _call(self._p.acquire, timeout)
        return AsyncConnection(session, self._autocommit, self)

    def connection(self, timeout=None):
        """``async with pool.connection() as conn:`` — commits on success, rolls back on an
        exception, then gives the connection back."""
        return _PooledConnection(self, timeout)

    async def close(self, timeout=5.0):
        """Stops lending and closes the connections (borrowed ones are aborted after
        ``timeout`` seconds). Idempotent; True when all closed in time."""
        if self._closed:
            return True
        self._closed = True
        return await _call(self._p.close, timeout)

    @property
    def closed(self):
        return self._closed

    def stats(self):
        return self._p.stats()

    async def __aenter__(self):
        return self

    async def __aexit__(self, *exc):
        await self.close()
        return False


class _PooledConnection:
    def __init__(self, pool, timeout):
        self._pool = pool
        self._timeout = timeout
        self._conn = None

    async def __aenter__(self):
        self._conn = await self._pool.acquire(self._timeout)
        return self._conn

    async def __aexit__(self, exc_type, exc, tb):
        return await self._conn.__aexit__(exc_type, exc, tb)


async def connect(host=None, port=9088, user=None, password=None, database=None, server=None, autocommit=False,
                  connect_timeout=None, read_timeout=None, keepalive=False, client_locale=None, env=None, tls=False,
                  **extra):
    """Connects asynchronously; the arguments are informix_db.connect()'s."""
    options, autocommit = _connect.options(host, port, user, password, database, server, autocommit,
                                           connect_timeout, read_timeout, keepalive, client_locale, env, tls,
                                           **extra)
    session = await _call(ifx.aio_connect, options)
    return AsyncConnection(session, autocommit)


async def create_pool(min_size=1, max_size=10, acquire_timeout=30.0, max_idle=600.0, health_check=True,
                      **connect_kwargs):
    """An async pool; the arguments are informix_db.create_pool()'s. With min_size > 0 the first
    connection is awaited, so a server that cannot be reached is reported here (PoolTimeout
    naming the connect error, after acquire_timeout)."""
    pool_options = _connect.pool_options(min_size, max_size, acquire_timeout, max_idle, health_check,
                                         connect_kwargs)
    options, autocommit = _connect.options(**connect_kwargs)
    pool = AsyncPool(await _call(ifx.aio_create_pool, options, pool_options), autocommit)
    if min_size > 0:
        try:
            conn = await pool.acquire()
        except BaseException:
            await pool.close(0)
            raise
        await conn.close()
    return pool


@atexit.register
def _shutdown():
    ifx.aio_shutdown()
