"""The programs in examples/python run against the test server."""
import os
import subprocess
import sys

import pytest

from conftest import ROOT

EXAMPLES = os.path.join(ROOT, "examples", "python")


@pytest.mark.parametrize("name", ["query.py", "pool_threads.py", "async_queries.py", "lob_stream.py"])
def test_example(server, name):
    server.need_lite()
    env = dict(os.environ)
    env["PYTHONPATH"] = os.pathsep.join(p for p in sys.path if p)
    out = subprocess.run([sys.executable, os.path.join(EXAMPLES, name), server.url()], capture_output=True,
                         text=True, env=env, timeout=300)
    assert out.returncode == 0, out.stderr
    assert out.stdout
