"""TLS: verified against a CA the test makes (ifxlite's TLS listener), refused when unverified."""
import os
import shutil
import ssl
import subprocess

import pytest

import informix_db
from conftest import Lite, ifxlite_binary


@pytest.fixture(scope="module")
def tls_lite(tmp_path_factory):
    if os.environ.get("IFX_TEST_URL"):
        pytest.skip("TLS tests run against ifxlite")
    if not shutil.which("openssl"):
        pytest.skip("needs the openssl command to make a certificate")
    d = tmp_path_factory.mktemp("tls")
    cert, key = d / "cert.pem", d / "key.pem"
    subprocess.run(["openssl", "req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", str(key), "-out",
                    str(cert), "-days", "2", "-subj", "/CN=localhost", "-addext",
                    "subjectAltName=DNS:localhost,IP:127.0.0.1"], check=True, capture_output=True)
    lite = Lite(ifxlite_binary(), ["--tls-listen", "127.0.0.1:0", "--cert", str(cert), "--key", str(key)])
    yield lite, str(cert)
    lite.stop()


def kwargs(lite, **kw):
    return {"host": "127.0.0.1", "port": lite.tls_port, "user": "informix", "password": "in4mix",
            "database": "pytest", "server": "ifxlite", **kw}


def query(conn):
    cur = conn.cursor()
    cur.execute("SELECT COUNT(*) FROM systables")
    return cur.fetchone()[0]


def test_verified_with_a_ca_file(tls_lite):
    lite, cert = tls_lite
    with informix_db.connect(**kwargs(lite, tls=informix_db.TLSConfig(ca_file=cert))) as c:
        assert query(c) > 0
    with informix_db.connect(**kwargs(lite, tls={"ca_file": cert, "server_hostname": "localhost"})) as c:
        assert query(c) > 0


def test_ssl_context(tls_lite):
    lite, cert = tls_lite
    ctx = ssl.create_default_context(cafile=cert)
    with informix_db.connect(**kwargs(lite, tls=ctx)) as c:
        assert query(c) > 0


def test_unknown_ca_is_refused_and_verify_none_is_an_opt_out(tls_lite):
    lite, _ = tls_lite
    with pytest.raises(informix_db.OperationalError) as e:
        informix_db.connect(**kwargs(lite, tls=True, connect_timeout=10))  # the system store
    assert e.value.client_code == "tls_error"
    with informix_db.connect(**kwargs(lite, tls=informix_db.TLSConfig(verify="none"))) as c:
        assert query(c) > 0


def test_pool_over_tls(tls_lite):
    lite, cert = tls_lite
    with informix_db.create_pool(max_size=2, **kwargs(lite, tls=informix_db.TLSConfig(ca_file=cert))) as pool:
        with pool.connection() as c:
            assert query(c) > 0
