"""What informix_db.Cursor and informix_db.aio.AsyncCursor share: their state, the properties
that read it and the checks before a call. The sync and async faces add what waits."""

from .exceptions import InterfaceError, NotSupportedError, ProgrammingError


class _CursorBase:
    def __init__(self, connection, scrollable=False, hold=False, lob_locators=False):
        self.connection = connection
        self.arraysize = 1
        self.scrollable = scrollable
        self._hold = hold
        self._lobs = lob_locators
        self._rc = None  # the native cursor of the current result
        self._rowcount = -1
        #: the SERIAL / SERIAL8 / BIGSERIAL value the last INSERT assigned, else None
        self.lastrowid = None
        self.description = None
        self._closed = False

    @property
    def rownumber(self):
        return self._rc.rownumber if self._rc is not None else None

    @property
    def rowcount(self):
        """Rows affected by the last DML statement; for a query, -1 until every row was read,
        then the number of rows (scroll cursors: -1)."""
        rc = self._rc
        if rc is not None and not self.scrollable and rc.done:
            return rc.rows_read
        return self._rowcount

    @property
    def closed(self):
        return self._closed

    def setinputsizes(self, sizes):
        pass

    def setoutputsize(self, size, column=None):
        pass

    def _check(self):
        if self._closed:
            raise InterfaceError("the cursor is closed")
        self.connection._check()

    def _result(self):
        """The current result's native cursor (no I/O)."""
        if self._closed:
            raise InterfaceError("the cursor is closed")
        if self._rc is None:
            raise ProgrammingError("no result set: execute a query first")
        return self._rc

    def _end_result(self):
        rc, self._rc = self._rc, None
        self.description = None
        self._rowcount = -1
        if rc is not None:
            rc.close()

    def _scroll_target(self, rc, value, mode):
        """The 0-based row scroll(value, mode) moves to; a forward-only cursor may only skip ahead."""
        if mode not in ("relative", "absolute"):
            raise ProgrammingError(f"unknown scroll mode {mode!r}")
        target = rc.rownumber + value if mode == "relative" else value
        if not self.scrollable and target < rc.rownumber:
            raise NotSupportedError("moving backwards needs a cursor made with scrollable=True")
        return target
