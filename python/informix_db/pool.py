"""The thread-safe connection pool (ifx::pool): create_pool(), Pool.connection()."""
import contextlib
import threading
import weakref

from . import _connect
from ._native import ifx
from .connection import Connection
from .exceptions import InterfaceError

__all__ = ["Pool", "create_pool"]

_open_pools = weakref.WeakSet()
_open_lock = threading.Lock()


class Pool:
    """A pool of connections shared by threads (ifx::pool). Borrow with ``with pool.connection()
    as conn:``: the block's work is committed when it ends normally and rolled back when it
    raises; the connection then goes back to the pool, which rolls back anything still open and
    closes (evicts) a connection whose session failed. Connects, pings and rollbacks never run
    under the pool's lock. Warnings go to the "informix_db.pool" logger."""

    def __init__(self, native, autocommit):
        self._p = native
        self._autocommit = autocommit
        with _open_lock:
            _open_pools.add(self)

    def acquire(self, timeout=None):
        """Borrows a connection (waiting up to ``timeout`` seconds, default the pool's
        acquire_timeout); raises PoolTimeout. Give it back with close() (or use connection())."""
        session = self._p.acquire(timeout)
        return Connection(session, self._autocommit, self)

    @contextlib.contextmanager
    def connection(self, timeout=None):
        """``with pool.connection() as conn:`` — commits on success, rolls back on an exception,
        then gives the connection back."""
        conn = self.acquire(timeout)
        try:
            with conn:
                yield conn
        finally:
            conn.close()

    def release(self, connection):
        """Gives a borrowed connection back (the same as connection.close())."""
        if connection._pool is not self:
            raise InterfaceError("the connection does not belong to this pool")
        connection.close()

    def close(self, timeout=5.0):
        """Stops lending, closes idle connections and waits up to ``timeout`` seconds for
        borrowed ones; those still borrowed then are aborted. Idempotent. True when every
        connection was closed in time."""
        if self._p.closed:
            return True
        return self._p.close(timeout)

    @property
    def closed(self):
        return self._p.closed

    def stats(self):
        """Counters: size, idle, in_use, waiting, acquired, created, timeouts, rollbacks, ..."""
        return self._p.stats()

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.close()
        return False


def create_pool(min_size=1, max_size=10, acquire_timeout=30.0, max_idle=600.0, health_check=True, **connect_kwargs):
    """A thread-safe pool of connections made with ``connect(**connect_kwargs)``. ``min_size``
    connections are opened now (the first connect error is raised); the pool grows to
    ``max_size`` on demand. ``acquire_timeout`` (seconds): how long a borrower waits before
    PoolTimeout. ``max_idle``: idle connections above min_size are closed after this many seconds.
    ``health_check``: a connection idle for a second or more is pinged before it is lent, and a
    dead one replaced without the borrower seeing it. Also accepted: ``max_waiting``,
    ``max_lifetime`` (seconds)."""
    pool_options = _connect.pool_options(min_size, max_size, acquire_timeout, max_idle, health_check,
                                         connect_kwargs)
    options, autocommit = _connect.options(**connect_kwargs)
    return Pool(ifx.create_pool(options, pool_options), autocommit)


def _close_all():
    """At interpreter exit: pools are closed while Python can still receive their log records."""
    with _open_lock:
        pools = list(_open_pools)
    for p in pools:
        try:
            p.close(1.0)
        except Exception:
            pass
