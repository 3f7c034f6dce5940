"""PEP 249 exceptions. Every exception raised for a failure carries the Informix diagnostics:
``sqlcode`` (the SQLCODE, 0 for client-side failures), ``isam_code``, ``sqlstate``, ``statement``
(the SQL text, or None) and ``offset`` (where in the statement the server found the error)."""

__all__ = [
    "Warning", "Error", "InterfaceError", "DatabaseError", "DataError", "OperationalError",
    "IntegrityError", "InternalError", "ProgrammingError", "NotSupportedError", "PoolTimeout",
]


class Warning(Exception):  # noqa: A001 - the PEP 249 name
    """Important warnings (PEP 249)."""


class Error(Exception):
    """Base class of every error the driver raises."""

    def __init__(self, message="", sqlcode=0, isam_code=0, sqlstate=None, statement=None, offset=0,
                 client_code=None, server_message=""):
        super().__init__(message)
        self.message = message
        self.sqlcode = sqlcode
        self.isam_code = isam_code
        self.sqlstate = sqlstate
        self.statement = statement
        self.offset = offset
        #: the ifx client error code ("connection_closed", "pool_timeout", ...) or None for
        #: errors the server reported
        self.client_code = client_code
        self.server_message = server_message
        #: executemany: index of the first row that failed (else None)
        self.batch_row = None


class InterfaceError(Error):
    """Errors of the driver itself rather than the database (closed cursor, bad arguments)."""


class DatabaseError(Error):
    """Errors related to the database."""


class DataError(DatabaseError):
    """Problems with the processed data (value out of range, conversion, NULL into NOT NULL)."""


class OperationalError(DatabaseError):
    """The database's operation failed: lost connection, timeout, lock conflicts, login refused."""


class IntegrityError(DatabaseError):
    """The relational integrity of the database is affected (unique/foreign key/check constraint)."""


class InternalError(DatabaseError):
    """The database or the protocol is in an unexpected state."""


class ProgrammingError(DatabaseError):
    """Programming errors: table not found, syntax error, wrong number of parameters."""


class NotSupportedError(DatabaseError):
    """A method or API not supported by the database or the driver."""


class PoolTimeout(OperationalError):
    """No pooled connection became available within the acquire timeout."""


class _ErrorClasses:
    """The exception classes as attributes of a connection (PEP 249's optional extension), shared
    by informix_db.Connection and informix_db.aio.AsyncConnection."""

    Warning = Warning
    Error = Error
    InterfaceError = InterfaceError
    DatabaseError = DatabaseError
    DataError = DataError
    OperationalError = OperationalError
    IntegrityError = IntegrityError
    InternalError = InternalError
    ProgrammingError = ProgrammingError
    NotSupportedError = NotSupportedError
    PoolTimeout = PoolTimeout


# SQLCODEs whose class users expect regardless of the general classification.
_BY_SQLCODE = {
    -201: ProgrammingError, -206: ProgrammingError, -217: ProgrammingError,
    -239: IntegrityError, -268: IntegrityError, -691: IntegrityError, -703: IntegrityError,
    -391: IntegrityError,
    -329: OperationalError, -908: OperationalError, -951: OperationalError, -761: OperationalError,
    -1213: DataError, -1226: DataError, -1820: DataError,
}

_BY_KIND = {
    "interface": InterfaceError, "operational": OperationalError, "integrity": IntegrityError,
    "programming": ProgrammingError, "data": DataError, "not_supported": NotSupportedError,
    "internal": InternalError,
}

# Client-side codes whose class differs from the library's coarse kind.
_BY_CLIENT_CODE = {
    "pool_timeout": PoolTimeout,
    "invalid_argument": ProgrammingError,
    "not_connected": InterfaceError,
    "cursor_closed": InterfaceError,
    "pool_closed": InterfaceError,
}


def _from_native(info):
    """Builds the exception for a failure reported by the native module (a dict of diagnostics)."""
    code = info.get("client_code")
    cls = _BY_CLIENT_CODE.get(code) if code else None
    if cls is None:
        cls = _BY_SQLCODE.get(info.get("sqlcode", 0))
    if cls is None:
        cls = _BY_KIND.get(info.get("kind"), DatabaseError)
    exc = cls(info.get("message", ""), info.get("sqlcode", 0), info.get("isam_code", 0),
              info.get("sqlstate"), info.get("statement"), info.get("offset", 0), code,
              info.get("server_message", ""))
    exc.batch_row = info.get("batch_row")
    return exc
