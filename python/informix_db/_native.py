"""Loads the native module (informix_db._ifx) and hands it the Python objects it needs: the
value classes it creates or recognises, the exception factory and the logging bridge."""
import decimal
import logging

from . import _ifx
from ._types import Blob, Clob, IntervalYM, Text
from .exceptions import _from_native


def _log(logger, level, message):
    """Called by the native module (any thread, GIL taken) for library log records and traces."""
    logging.getLogger(logger).log(level, "%s", message)


_ifx._register(decimal.Decimal, IntervalYM, Text, Blob, Clob, _from_native, _log)
# The library's own records (a pool rolling back a returned transaction, an inserter dropping
# rows, ...) go to the "informix_db" logger instead of stderr.
_ifx._install_log_bridge()

ifx = _ifx


def trace_enabled():
    """The protocol trace is attached to new connections while "informix_db" logs at DEBUG."""
    return logging.getLogger("informix_db").isEnabledFor(logging.DEBUG)
