"""The server the tests run against: a private ifxlite started for the test session (binary from
$IFXLITE, default build/bin/ifxlite of the repository), or the real server named by
IFX_TEST_URL (then tests that need ifxlite's fault-injection controls or its extra databases are
skipped)."""
import faulthandler
import itertools
import os
import shutil
import socket
import subprocess
import tempfile
import time

import pytest

import informix_db

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), "..", ".."))

# A hung test must not hang the suite: dump every thread's stack and exit after 15 minutes.
faulthandler.dump_traceback_later(int(os.environ.get("IFX_PYTEST_HANG_SECONDS", "900")), exit=True)


class Lite:
    """One ifxlite process on an ephemeral loopback port, with a control socket and databases
    pytest (logged), pytest_ansi (ANSI) and pytest_nolog (no log)."""

    def __init__(self, binary, extra_args=()):
        self.binary = binary
        self.root = tempfile.mkdtemp(prefix="ifxlite-pytest-")
        self.data = os.path.join(self.root, "data")
        os.makedirs(self.data)
        for name, mode in (("pytest", ["--log"]), ("pytest_ansi", ["--ansi"]), ("pytest_nolog", [])):
            subprocess.run([binary, "--data", self.data, "--create-database", name, *mode], check=True,
                           stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
        self.log = open(os.path.join(self.root, "ifxlite.log"), "wb")
        self.proc = subprocess.Popen(
            [binary, "--listen", "127.0.0.1:0", "--data", self.data, "--server-name", "ifxlite", "--user",
             "informix", "--password", "in4mix", "--control", "127.0.0.1:0", *extra_args,
             *os.environ.get("IFX_TEST_IFXLITE_ARGS", "").split()],
            stdout=subprocess.PIPE, stderr=self.log)
        self.port = self.control_port = self.tls_port = None
        want_tls = "--tls-listen" in extra_args
        deadline = time.monotonic() + 30
        while (self.port is None or self.control_port is None or (want_tls and self.tls_port is None)) \
                and time.monotonic() < deadline:
            line = self.proc.stdout.readline().decode()
            if not line:
                break
            port = int(line.rsplit(":", 1)[1])
            if line.startswith("ifxlite listening on "):
                self.port = port
            elif line.startswith("ifxlite control listening on "):
                self.control_port = port
            elif line.startswith("ifxlite tls listening on "):
                self.tls_port = port
        if self.port is None or self.control_port is None:
            self.stop()
            raise RuntimeError("ifxlite did not start")

    def control(self, command):
        """Sends one fault-injection command (tools/ifxlite/README.md) and returns the answer."""
        with socket.create_connection(("127.0.0.1", self.control_port), timeout=10) as s:
            s.sendall(command.encode() + b"\n")
            answer = b""
            while not answer.endswith(b"\n"):
                chunk = s.recv(512)
                if not chunk:
                    break
                answer += chunk
        return answer.decode().strip()

    def stop(self):
        if self.proc.poll() is None:
            self.proc.terminate()
            try:
                self.proc.wait(10)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait()
        self.log.close()
        shutil.rmtree(self.root, ignore_errors=True)


def ifxlite_binary():
    return os.environ.get("IFXLITE") or os.path.join(ROOT, "build", "bin", "ifxlite")


class Server:
    """Where the tests connect."""

    def __init__(self):
        self.external = os.environ.get("IFX_TEST_URL") or None
        self.lite = None
        if not self.external:
            self.lite = Lite(ifxlite_binary())

    def url(self, database="pytest"):
        if self.external:
            return self.external
        return f"informix://informix:in4mix@127.0.0.1:{self.lite.port}/{database}?server=ifxlite&tls=disable"

    def kwargs(self, database="pytest"):
        """connect() keyword arguments (ifxlite) or the URL (real server)."""
        if self.external:
            return {"host": self.external}
        return {"host": "127.0.0.1", "port": self.lite.port, "user": "informix", "password": "in4mix",
                "database": database, "server": "ifxlite"}

    def connect(self, database="pytest", **kw):
        return informix_db.connect(**{**self.kwargs(database), **kw})

    def need_lite(self):
        if self.lite is None:
            pytest.skip("needs ifxlite's controls (IFX_TEST_URL names a real server)")
        return self.lite


@pytest.fixture(scope="session")
def server():
    s = Server()
    yield s
    if s.lite:
        s.lite.stop()


@pytest.fixture
def lite(server):
    """ifxlite with its faults reset after the test."""
    lite = server.need_lite()
    yield lite
    lite.control("reset")


@pytest.fixture(scope="session")
def numbers(server):
    """A table pyt_numbers holding n = 1 … 1000."""
    with server.connect(autocommit=True) as c:
        cur = c.cursor()
        try:
            cur.execute("DROP TABLE pyt_numbers")
        except informix_db.Error:
            pass
        cur.execute("CREATE TABLE pyt_numbers (n INTEGER)")
        cur.executemany("INSERT INTO pyt_numbers VALUES (?)", [(i,) for i in range(1, 1001)])
    return "pyt_numbers"


@pytest.fixture
def conn(server):
    c = server.connect()
    yield c
    c.close()


_names = itertools.count()


@pytest.fixture
def table(server, conn):
    """A table name unique to the test, dropped afterwards through the test's connection (after a
    rollback of what the test left open: another connection would wait for its locks)."""
    name = f"pyt_{os.getpid()}_{next(_names)}"
    yield name
    try:
        if conn.closed:
            with server.connect(autocommit=True) as c:
                c.cursor().execute(f"DROP TABLE {name}")
        else:
            if conn._s.in_transaction():
                conn._s.rollback()
            conn._s.run(f"DROP TABLE {name}", None, 2, False, False, False)
    except informix_db.Error:
        pass
