"""Builds the informix_db Python package (pyproject.toml holds its metadata): the native module
informix_db._ifx is built by the repository's own CMake build (IFX_BUILD_PYTHON=ON, Release,
library and module only) and copied next to the pure-Python files of python/informix_db.

    python3 -m venv --system-site-packages .venv && .venv/bin/pip install --no-build-isolation .

Needs (Debian 12): g++ cmake ninja-build libasio-dev libssl-dev pybind11-dev python3-dev
python3-venv python3-setuptools python3-wheel. CMAKE_CXX_COMPILER_LAUNCHER (e.g. ccache) and
IFX_PY_BUILD_DIR (default build/python-package) are honoured; IFX_PY_CMAKE_ARGS adds CMake
arguments (e.g. "-DIFX_SANITIZE=address,undefined").
"""
import glob
import os
import shlex
import shutil
import subprocess
import sys

from setuptools import Extension, setup
from setuptools.command.build_ext import build_ext

ROOT = os.path.dirname(os.path.abspath(__file__))


class CMakeBuild(build_ext):
    def build_extension(self, ext):
        build_dir = os.environ.get("IFX_PY_BUILD_DIR") or os.path.join(ROOT, "build", "python-package")
        configure = [
            "cmake", "-S", ROOT, "-B", build_dir, "-DCMAKE_BUILD_TYPE=Release", "-DIFX_BUILD_PYTHON=ON",
            "-DIFX_BUILD_TESTS=OFF", "-DIFX_BUILD_TOOLS=OFF", "-DIFX_BUILD_EXAMPLES=OFF", "-DIFX_BUILD_BENCH=OFF",
            f"-DPython_EXECUTABLE={sys.executable}",
        ]
        if shutil.which("ninja") and not os.path.exists(os.path.join(build_dir, "Makefile")):
            configure += ["-G", "Ninja"]
        launcher = os.environ.get("CMAKE_CXX_COMPILER_LAUNCHER")
        if launcher:
            configure.append(f"-DCMAKE_CXX_COMPILER_LAUNCHER={launcher}")
        configure += shlex.split(os.environ.get("IFX_PY_CMAKE_ARGS", ""))
        subprocess.check_call(configure)
        jobs = os.environ.get("CMAKE_BUILD_PARALLEL_LEVEL") or str(os.cpu_count() or 2)
        subprocess.check_call(["cmake", "--build", build_dir, "--target", "_ifx", "-j", jobs])
        built = glob.glob(os.path.join(build_dir, "python", "informix_db", "_ifx*.so"))
        if len(built) != 1:
            raise RuntimeError(f"expected one built module in {build_dir}, found {built}")
        target = self.get_ext_fullpath(ext.name)
        os.makedirs(os.path.dirname(target), exist_ok=True)
        shutil.copyfile(built[0], target)


setup(
    ext_modules=[Extension("informix_db._ifx", sources=[])],
    cmdclass={"build_ext": CMakeBuild},
    options={"build": {"build_base": os.path.join("build", "python-setuptools")}},
)
