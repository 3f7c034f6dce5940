"""PEP 249 Connection and Cursor over a native session (informix_db._ifx.Session)."""

from . import _sql
from .exceptions import InterfaceError, NotSupportedError, ProgrammingError, _ErrorClasses
from ._cursor import _CursorBase
from .lob import LobStream

__all__ = ["Connection", "Cursor"]

class Connection(_ErrorClasses):
    """A session with the server (PEP 249). Made by informix_db.connect() or borrowed from a pool
    (informix_db.create_pool); close() then gives it back to the pool.

    Transactions: with ``autocommit`` False (the default) the driver opens a transaction (BEGIN
    WORK) before the first statement after connect, commit() or rollback(), as PEP 249 expects;
    with ``autocommit`` True each statement commits on its own (Informix's own convention in a
    logged database). ANSI databases always have a transaction open: with autocommit, the driver
    commits after each statement that returns no rows. Unlogged databases have no transactions:
    commit() does nothing and rollback() raises NotSupportedError.

    Thread safety: threads may share a connection; its calls are serialised (a request and its
    reply never interleave with another thread's), and a transaction is shared by every thread
    using the connection. Cursors must not be shared between threads.
    """

    def __init__(self, session, autocommit=False, pool=None):
        self._s = session
        self._pool = pool
        info = session.info()
        self._logged = bool(info["logged"])
        self._ansi = bool(info["ansi"])
        self._info = info
        self._autocommit = bool(autocommit)

    # ---- PEP 249 -------------------------------------------------------------------------------

    def cursor(self, scrollable=False, hold=False, lob_locators=False):
        """A new cursor. ``scrollable``: results can be read in any order (scroll()); the server
        keeps the whole result. ``hold``: the cursor stays open across commit() (WITH HOLD).
        ``lob_locators``: BLOB/CLOB columns come back as LobLocator objects (read them with
        open_lob) instead of their content."""
        self._check()
        return Cursor(self, scrollable, hold, lob_locators)

    def commit(self):
        """Commits the open transaction (nothing to do when none is open)."""
        self._check()
        if self._logged and self._s.in_transaction():
            self._s.commit()

    def rollback(self):
        """Rolls the open transaction back."""
        self._check()
        if not self._logged:
            raise NotSupportedError("the database has no transaction log: nothing can be rolled back")
        if self._s.in_transaction():
            self._s.rollback()

    def close(self):
        """Closes the connection (its cursors too); a pooled connection goes back to its pool,
        which rolls back what was not committed. Idempotent."""
        if self._s is not None and not self._s.finished:
            self._s.close()

    @property
    def closed(self):
        return self._s is None or self._s.finished

    @property
    def autocommit(self):
        return self._autocommit

    @autocommit.setter
    def autocommit(self, value):
        value = bool(value)
        if value and not self._autocommit:
            self.commit()  # switching on commits the transaction in progress
        self._autocommit = value

    def __enter__(self):
        return self

    def __exit__(self, exc_type, exc, tb):
        """Commits on success, rolls back on an exception, then closes."""
        try:
            if not self.closed and self._s.is_open():
                if exc_type is None:
                    self.commit()
                elif self._logged:
                    self.rollback()
        finally:
            self.close()
        return False

    # ---- Informix extras ------------------------------------------------------------------------

    @property
    def server_version(self):
        return self._info["server_version"]

    @property
    def database(self):
        return self._info["database"]

    @property
    def pooled(self):
        return self._s.pooled

    def ping(self):
        """A cheap round trip proving the session works; raises OperationalError if it does not."""
        self._check()
        self._s.ping()

    def open_lob(self, locator, mode="rb"):
        """A file-like stream over a BLOB/CLOB (a LobLocator from a cursor made with
        lob_locators=True). Modes: "rb", "wb", "r+b" (read and write), "ab" (append)."""
        self._check()
        return LobStream.open(self, locator, mode)

    def create_lob(self, kind="blob", mode="r+b"):
        """A new, empty smart large object opened as a stream; write its content, then bind
        ``stream.locator`` into an INSERT or UPDATE of a BLOB/CLOB column."""
        self._check()
        return LobStream.create(self, kind, mode)

    def release_lob(self, locator):
        """Frees the server's resources for a locator (ifx_lo_release)."""
        self._check()
        self._s.release_lob(locator)

    def fast_path_call(self, signature, *params):
        """Calls a routine through the fast path (no SQL statement, no cursor) by its signature,
        e.g. ``"function informix.plus1(integer)"``, with ``params`` as its arguments, and returns
        the list of values it returns (empty for a procedure that returns nothing). The server
        resolves a signature once per connection; the handle is cached. An unknown routine or
        arguments that do not match its signature raise ProgrammingError (-674); ``bytes`` (BYTE
        content) cannot be sent this way: NotSupportedError."""
        self._check()
        if not isinstance(signature, str):
            raise ProgrammingError(f"a routine signature is a str, not {type(signature).__name__}")
        self._before_statement()
        values = self._s.fast_path_call(signature, params)
        self._after_statement()
        return values

    # ---- internals ------------------------------------------------------------------------------

    def _check(self):
        if self.closed:
            raise InterfaceError("the connection is closed")

    def _before_statement(self):
        """PEP 249 transactions: BEGIN WORK before the first statement of a transaction."""
        if not self._autocommit and self._logged and not self._ansi and not self._s.in_transaction():
            self._s.begin()

    def _after_statement(self):
        if self._autocommit and self._ansi and self._s.in_transaction():
            self._s.commit()


class Cursor(_CursorBase):
    """A PEP 249 cursor. Results stream from a server-side cursor in batches (the connection's
    fetch buffer): Python objects are made only for the rows fetched, and fetchall() needs no
    more memory than the rows it returns."""

    # ---- executing --------------------------------------------------------------------------------

    def execute(self, operation, parameters=None):
        """Runs a statement; parameters bind to ``?`` (or ``:1``, ``:2``) markers."""
        self._check()
        self._end_result()
        sql, order, kind = _sql.analyse(operation)
        params = _sql.arrange(parameters, order) if order else parameters
        conn = self.connection
        conn._before_statement()
        rc, affected, rowid, _ = conn._s.run(sql, params, kind, self.scrollable, self._hold, self._lobs)
        if rc is not None:
            self._rc = rc
            self.description = rc.description
            self._rowcount = -1
        else:
            self._rowcount = affected
            self.lastrowid = rowid
            conn._after_statement()
        return self

    def executemany(self, operation, seq_of_parameters):
        """Runs a statement once per parameter sequence, pipelined: one round trip per batch of
        4096 rows. On failure the exception names the first failed row (``batch_row``) and lists
        every failed row (``failed_rows``); outside a transaction each row commits on its own."""
        self._check()
        self._end_result()
        sql, order, _ = _sql.analyse(operation)
        rows = seq_of_parameters if not order else (_sql.arrange(p, order) for p in seq_of_parameters)
        conn = self.connection
        conn._before_statement()
        affected, _, _ = conn._s.execute_many(sql, rows, 4096)
        self._rowcount = affected
        conn._after_statement()

    def callproc(self, procname, parameters=()):
        """EXECUTE PROCEDURE procname(?, ...); its rows, if any, are read with the fetch methods.
        Returns the parameters (Informix procedures have no output parameters over SQLI)."""
        params = tuple(parameters)
        self.execute(f"EXECUTE PROCEDURE {procname}({', '.join('?' * len(params))})", params)
        return parameters

    # ---- fetching ---------------------------------------------------------------------------------

    def fetchone(self):
        return self._result().fetchone()

    def fetchmany(self, size=None):
        return self._result().fetchmany(self.arraysize if size is None else size)

    def fetchall(self):
        return self._result().fetchall()

    def __iter__(self):
        return self._result()

    def __next__(self):
        row = self._result().fetchone()
        if row is None:
            raise StopIteration
        return row

    def scroll(self, value, mode="relative"):
        """Moves the position: the next fetch returns the row at rownumber + value ("relative") or
        at value ("absolute", 0-based). Any move needs scrollable=True, except skipping forward;
        IndexError when the target row does not exist."""
        rc = self._result()
        target = self._scroll_target(rc, value, mode)
        if self.scrollable:
            if not rc.scroll_to(target):
                raise IndexError(f"scroll target {target} is outside the result")
            return
        for _ in range(target - rc.rownumber):
            if rc.fetchone() is None:
                raise IndexError(f"scroll target {target} is outside the result")

    def nextset(self):
        return None

    def close(self):
        """Closes the cursor (and frees the server's cursor). Idempotent."""
        self._end_result()
        self._closed = True

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False
