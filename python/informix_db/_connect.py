"""connect()'s keyword arguments turned into the native module's connection options."""
import atexit
import os
import ssl
import tempfile

from . import _native
from ._types import TLSConfig
from .exceptions import ProgrammingError

_VERIFY = {"full": "verify_full", "ca": "verify_ca", "none": "insecure",
           "verify-full": "verify_full", "verify_full": "verify_full", "verify-ca": "verify_ca",
           "verify_ca": "verify_ca", "insecure": "insecure", "disable": "disable"}
_ca_files = []


def _pem_file(der_certs):
    """A PEM file holding the CAs an ssl.SSLContext has loaded (kept until the process exits:
    pools reconnect later)."""
    fd, path = tempfile.mkstemp(prefix="informix_db-ca-", suffix=".pem")
    with os.fdopen(fd, "w") as f:
        for der in der_certs:
            f.write(ssl.DER_cert_to_PEM_cert(der))
    _ca_files.append(path)
    return path


@atexit.register
def _remove_ca_files():
    for path in _ca_files:
        try:
            os.unlink(path)
        except OSError:
            pass


def _tls_options(tls, out):
    if tls is None or tls is False:
        out["tls"] = "disable"
        return
    if tls is True:
        out["tls"] = "verify_full"  # the system CA store, host name checked
        return
    if isinstance(tls, str):
        if tls not in _VERIFY:
            raise ProgrammingError(f"unknown TLS mode {tls!r}")
        out["tls"] = _VERIFY[tls]
        return
    if isinstance(tls, dict):
        tls = TLSConfig(**tls)
    if isinstance(tls, TLSConfig):
        if tls.verify not in _VERIFY:
            raise ProgrammingError(f"unknown TLS verify mode {tls.verify!r}")
        out.update(tls=_VERIFY[tls.verify], tls_ca_file=tls.ca_file, tls_ca_dir=tls.ca_dir,
                   tls_server_name=tls.server_hostname)
        return
    if isinstance(tls, ssl.SSLContext):
        if tls.verify_mode == ssl.CERT_NONE:
            out["tls"] = "insecure"
            return
        out["tls"] = "verify_full" if tls.check_hostname else "verify_ca"
        certs = tls.get_ca_certs(binary_form=True)
        if certs:  # CAs loaded explicitly (load_verify_locations); else the system store
            out["tls_ca_file"] = _pem_file(certs)
        return
    raise ProgrammingError("tls must be False, True, a mode name, a TLSConfig, a dict or an ssl.SSLContext")


def options(host=None, port=9088, user=None, password=None, database=None, server=None, autocommit=False,
            connect_timeout=None, read_timeout=None, keepalive=False, client_locale=None, env=None, tls=False,
            db_locale=None, fetch_buffer_size=None, statement_cache_size=None, url=None):
    """(native options, autocommit) for connect() and create_pool()."""
    o = {}
    if isinstance(host, str) and host.startswith("informix://"):
        url, host = host, None
    if url is not None:
        o["url"] = url  # its host, port and options; the keywords below given explicitly win
    else:
        o["host"] = host if host is not None else "127.0.0.1"
        o["port"] = int(port)
        _tls_options(tls, o)
    if url is not None and tls is not False:
        _tls_options(tls, o)
    for key, value in (("user", user), ("password", password), ("database", database), ("server", server),
                       ("client_locale", client_locale), ("db_locale", db_locale),
                       ("fetch_buffer_size", fetch_buffer_size), ("statement_cache_size", statement_cache_size)):
        if value is not None:
            o[key] = value
    if env:
        o["env"] = dict(env)
    if connect_timeout is not None:
        o["connect_timeout"] = float(connect_timeout)
    # None means "no read timeout", as for a socket; a number is seconds per request/reply.
    if read_timeout is not None or url is None:
        o["read_timeout"] = float(read_timeout) if read_timeout is not None else 0.0
    # keepalive: ifx turns TCP keepalive (SO_KEEPALIVE) on for every connection it makes, sync and
    # async, so keepalive=True is what it does anyway; False does not switch it off.
    o["trace"] = _native.trace_enabled()
    return o, autocommit


def pool_options(min_size, max_size, acquire_timeout, max_idle, health_check, connect_kwargs):
    """create_pool()'s options for the native pool (both modules'): its own arguments, and the pool
    options taken out of connect_kwargs (the rest are connect()'s)."""
    return {
        "min_size": min_size, "max_size": max_size, "acquire_timeout": acquire_timeout, "max_idle": max_idle,
        "health_check": health_check,
        "max_waiting": connect_kwargs.pop("max_waiting", None),
        "max_lifetime": connect_kwargs.pop("max_lifetime", None),
        "validate_after_idle": connect_kwargs.pop("validate_after_idle", None),
        "cursor_close_delay": connect_kwargs.pop("cursor_close_delay", None),
    }
