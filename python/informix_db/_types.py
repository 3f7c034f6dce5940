"""PEP 249 type objects and constructors, and the value classes Informix needs beyond Python's:
IntervalYM (INTERVAL YEAR TO MONTH), Text / Blob / Clob parameter wrappers, TLSConfig."""
import datetime
import time
from dataclasses import dataclass
from typing import Optional, Union

__all__ = [
    "Date", "Time", "Timestamp", "DateFromTicks", "TimeFromTicks", "TimestampFromTicks", "Binary",
    "STRING", "BINARY", "NUMBER", "DATETIME", "ROWID", "IntervalYM", "Text", "Blob", "Clob", "TLSConfig",
]

Date = datetime.date
Time = datetime.time
Timestamp = datetime.datetime


def DateFromTicks(ticks):
    """The local date of a POSIX timestamp."""
    return Date(*time.localtime(ticks)[:3])


def TimeFromTicks(ticks):
    """The local time of day of a POSIX timestamp."""
    return Time(*time.localtime(ticks)[3:6])


def TimestampFromTicks(ticks):
    """The local date and time of a POSIX timestamp."""
    return Timestamp(*time.localtime(ticks)[:6])


def Binary(value):
    """A binary value (bound as BYTE)."""
    return bytes(value)


class DBAPITypeObject:
    """Compares equal to every Informix type name of its group (cursor.description type codes)."""

    def __init__(self, name, *type_names):
        self.name = name
        self.values = frozenset(type_names)

    def __eq__(self, other):
        if isinstance(other, DBAPITypeObject):
            return self is other
        return other in self.values

    def __ne__(self, other):
        return not self.__eq__(other)

    def __hash__(self):
        return hash(self.name)

    def __repr__(self):
        return f"<informix_db.{self.name}>"


STRING = DBAPITypeObject("STRING", "CHAR", "VARCHAR", "NCHAR", "NVARCHAR", "LVARCHAR", "TEXT", "CLOB")
BINARY = DBAPITypeObject("BINARY", "BYTE", "BLOB")
NUMBER = DBAPITypeObject("NUMBER", "SMALLINT", "INTEGER", "INT8", "BIGINT", "SERIAL", "SERIAL8", "BIGSERIAL",
                         "FLOAT", "SMALLFLOAT", "DECIMAL", "MONEY", "BOOLEAN")
DATETIME = DBAPITypeObject("DATETIME", "DATE", "DATETIME", "INTERVAL")
ROWID = DBAPITypeObject("ROWID", "SERIAL", "SERIAL8", "BIGSERIAL")


class IntervalYM:
    """An INTERVAL YEAR TO MONTH value: ``IntervalYM(years, months)``. Normalised so that
    ``months`` is within -11..11 and has the sign of the whole value; ``total_months`` gives the
    value as one number. Immutable, hashable, comparable."""

    __slots__ = ("_months",)

    def __init__(self, years=0, months=0):
        object.__setattr__(self, "_months", int(years) * 12 + int(months))

    @classmethod
    def from_months(cls, months):
        return cls(0, months)

    @property
    def total_months(self):
        return self._months

    @property
    def years(self):
        return abs(self._months) // 12 * (-1 if self._months < 0 else 1)

    @property
    def months(self):
        return abs(self._months) % 12 * (-1 if self._months < 0 else 1)

    def __setattr__(self, name, value):
        raise AttributeError("IntervalYM is immutable")

    def __eq__(self, other):
        return isinstance(other, IntervalYM) and other._months == self._months

    def __lt__(self, other):
        if not isinstance(other, IntervalYM):
            return NotImplemented
        return self._months < other._months

    def __hash__(self):
        return hash(("IntervalYM", self._months))

    def __neg__(self):
        return IntervalYM(0, -self._months)

    def __add__(self, other):
        if not isinstance(other, IntervalYM):
            return NotImplemented
        return IntervalYM(0, self._months + other._months)

    def __sub__(self, other):
        if not isinstance(other, IntervalYM):
            return NotImplemented
        return IntervalYM(0, self._months - other._months)

    def __repr__(self):
        return f"IntervalYM({self.years}, {self.months})"

    def __str__(self):
        sign = "-" if self._months < 0 else ""
        return f"{sign}{abs(self.years)}-{abs(self.months):02d}"


@dataclass(frozen=True)
class Text:
    """Binds a str as a TEXT value (a plain str binds as CHAR, which TEXT columns refuse)."""
    value: str


@dataclass(frozen=True)
class Blob:
    """Binds bytes as a new BLOB: the smart large object is created with this content, then its
    locator is bound."""
    data: Union[bytes, bytearray, memoryview]


@dataclass(frozen=True)
class Clob:
    """Binds a str as a new CLOB (created with this content, then its locator is bound)."""
    data: str


@dataclass(frozen=True)
class TLSConfig:
    """TLS settings for connect(tls=...): ``verify`` is "full" (chain and host name, the
    default), "ca" (chain only) or "none" (no verification: an explicit opt-out); ``ca_file`` /
    ``ca_dir`` name trusted CAs (default: the system store); ``server_hostname`` is the name to
    verify and send as SNI instead of the host."""
    ca_file: Optional[str] = None
    ca_dir: Optional[str] = None
    verify: str = "full"
    server_hostname: Optional[str] = None
