"""File-like streams over smart large objects (BLOB/CLOB), on the ifx::smart_lob API."""
import io

from .exceptions import ProgrammingError

# The server's LO_* open flags (ifx::lob_mode).
_MODES = {"rb": 0x4, "wb": 0x2, "r+b": 0x8, "w+b": 0x8, "rb+": 0x8, "wb+": 0x8, "ab": 0x1}


def _mode_flag(mode):
    try:
        return _MODES[mode]
    except KeyError:
        raise ProgrammingError(f"unknown LOB mode {mode!r} (rb, wb, r+b, ab)") from None


def _is_clob(kind):
    """create_lob's kind: True for "clob", False for "blob"."""
    if kind not in ("blob", "clob"):
        raise ProgrammingError(f"a smart large object is a 'blob' or a 'clob', not {kind!r}")
    return kind == "clob"


class _LobModes:
    """What a LOB stream's mode and native object tell, for LobStream and aio.AsyncLobStream."""

    @property
    def locator(self):
        """The object's LobLocator (bind it into an INSERT or UPDATE)."""
        return self._lob.locator

    @property
    def mode(self):
        return self._mode

    def readable(self):
        return self._mode in ("rb", "r+b", "w+b", "rb+", "wb+")

    def writable(self):
        return self._mode != "rb"

    def seekable(self):
        return True


class LobStream(_LobModes, io.RawIOBase):
    """A BLOB/CLOB opened on the server (ifx_lo_open), read and written in pieces of any size.
    Each call is one round trip on the connection. Use it as a context manager or close() it;
    ``locator`` binds the object into an INSERT or UPDATE, ``size()`` is its length. Wrap it in
    io.BufferedReader / io.TextIOWrapper for buffered or text access."""

    def __init__(self, native, mode):
        super().__init__()
        self._lob = native
        self._mode = mode

    @classmethod
    def open(cls, connection, locator, mode="rb"):
        return cls(connection._s.open_lob(locator, _mode_flag(mode)), mode)

    @classmethod
    def create(cls, connection, kind="blob", mode="r+b"):
        return cls(connection._s.create_lob(_is_clob(kind), _mode_flag(mode)), mode)

    def readinto(self, buffer):
        self._checkClosed()
        return self._lob.readinto(buffer)

    def read(self, size=-1):
        self._checkClosed()
        return self._lob.read(-1 if size is None else size)

    def readall(self):
        self._checkClosed()
        return self._lob.read(-1)

    def write(self, data):
        self._checkClosed()
        return self._lob.write(data)

    def seek(self, offset, whence=io.SEEK_SET):
        self._checkClosed()
        return self._lob.seek(offset, whence)

    def tell(self):
        self._checkClosed()
        return self._lob.tell()

    def size(self):
        """The object's length in bytes (the position is unchanged)."""
        self._checkClosed()
        return self._lob.size()

    def close(self):
        if not self.closed:
            try:
                self._lob.close()
            finally:
                super().close()
