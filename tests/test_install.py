"""elearn installed as an IT department installs it (docs/deployment.md, steps 2 to 6): build the
wheel, install it into a fresh venv outside the checkout, migrate, check the courses, serve.

The fresh venv borrows the dependencies from the test venv (a path in a .pth file, so the
checkout's editable elearn stays invisible) and the wheel goes in with --no-deps: the test
needs nothing from the network but, at most, the build backend from pip's cache."""

from __future__ import annotations

import ast
import json
import os
import shutil
import socket
import subprocess
import sys
import sysconfig
import time
import tomllib
import urllib.request
from importlib.metadata import packages_distributions, requires, version
from pathlib import Path

import pytest
from packaging.requirements import Requirement
from packaging.utils import canonicalize_name

ROOT = Path(__file__).resolve().parent.parent
pytestmark = [
    pytest.mark.install,
    pytest.mark.skipif(
        os.environ.get("TEST_DATABASE") == "postgresql", reason="database-independent: runs in the SQLite pass"
    ),
]


def run(*command: str | Path, **kwargs: object) -> subprocess.CompletedProcess[str]:
    result = subprocess.run([str(part) for part in command], capture_output=True, text=True, timeout=300, **kwargs)
    assert result.returncode == 0, f"{command}\n{result.stdout}\n{result.stderr}"
    return result


def build_wheel(tmp: Path) -> Path:
    # A copy of the sources, so the build leaves nothing behind in the checkout.
    source = tmp / "source"
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.egg-info")
    shutil.copytree(ROOT / "elearn", source / "elearn", ignore=ignore)
    for name in ("pyproject.toml", "README.md"):
        shutil.copy(ROOT / name, source / name)
    run(sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "--wheel-dir", tmp / "dist", source)
    (wheel,) = (tmp / "dist").glob("elearn-*.whl")
    return wheel


def fresh_venv(tmp: Path) -> Path:
    venv = tmp / "venv"
    run(sys.executable, "-m", "venv", "--without-pip", venv)
    site_packages = Path(
        run(venv / "bin" / "python", "-c", "import sysconfig; print(sysconfig.get_paths()['purelib'])").stdout.strip()
    )
    (site_packages / "test-dependencies.pth").write_text(sysconfig.get_paths()["purelib"] + "\n")
    return venv


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=5) as response:  # noqa: S310  loopback only
            return response.status, response.read().decode()
    except urllib.error.HTTPError as error:
        return error.code, error.read().decode()


def test_the_wheel_installs_migrates_checks_courses_and_serves(tmp_path: Path) -> None:
    wheel = build_wheel(tmp_path)
    venv = fresh_venv(tmp_path)
    run(sys.executable, "-m", "pip", "--python", venv / "bin" / "python", "install", "--quiet", "--no-deps", wheel)
    elsewhere = tmp_path / "somewhere-else"
    elsewhere.mkdir()
    port = free_port()
    environ = {
        "PATH": os.environ["PATH"],
        "ELEARN_ENV": "production",
        "SECRET_KEY": "x" * 64,
        "DATABASE_URL": f"sqlite:///{tmp_path / 'elearn.sqlite'}",
        "COURSES_PATH": str(ROOT / "courses"),
        "ELEARN_INSTANCE": str(tmp_path / "instance"),
        "GUNICORN_BIND": f"127.0.0.1:{port}",
        "GUNICORN_WORKERS": "2",
    }
    where = run(venv / "bin" / "python", "-c", "import elearn; print(elearn.__file__)", cwd=elsewhere, env=environ)
    assert where.stdout.startswith(str(venv))  # the installed wheel, not the checkout

    run(venv / "bin" / "elearn", "db", "upgrade", cwd=elsewhere, env=environ)
    # `flask --app elearn` finds the same migrations inside the package.
    current = run(
        venv / "bin" / "python", "-m", "flask", "--app", "elearn", "db", "current", cwd=elsewhere, env=environ
    )
    assert "(head)" in current.stdout
    check = run(venv / "bin" / "elearn", "courses", "check", cwd=elsewhere, env=environ)
    assert "kurser är utan fel" in check.stdout

    config = ROOT / "deploy" / "gunicorn.conf.py"
    server = subprocess.Popen(
        [str(venv / "bin" / "python"), "-m", "gunicorn", "--config", str(config)],
        cwd=elsewhere,
        env=environ,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
    )
    try:
        base = f"http://127.0.0.1:{port}"
        health = None
        for _ in range(150):
            try:
                health = get(f"{base}/halsa")
                break
            except OSError:  # not listening yet
                time.sleep(0.1)
        assert health is not None, server.stdout.read1().decode() if server.stdout else ""
        status, body = health
        assert status == 200 and json.loads(body)["migrations"] == "ok", body
        status, body = get(f"{base}/logga-in")
        assert status == 200 and "Logga in" in body
    finally:
        server.terminate()
        server.wait(timeout=30)


# Imported directly but left to the package whose own API they are (Flask's request and
# response classes, Flask-Migrate's alembic, ...): declared by that package, which the test checks.
PARTS_OF = {
    "werkzeug": "flask",
    "jinja2": "flask",
    "click": "flask",
    "itsdangerous": "flask",
    "markupsafe": "flask",
    "blinker": "flask",
    "alembic": "flask-migrate",
    "babel": "flask-babel",
    "pydantic": "scim2-models",
}


def imported_distributions() -> set[str]:
    modules = set()
    for path in (ROOT / "elearn").rglob("*.py"):
        for node in ast.walk(ast.parse(path.read_text())):
            if isinstance(node, ast.Import):
                modules |= {alias.name.split(".")[0] for alias in node.names}
            elif isinstance(node, ast.ImportFrom) and node.level == 0 and node.module:
                modules.add(node.module.split(".")[0])
    modules -= {*sys.stdlib_module_names, "__future__", "elearn"}
    owners = packages_distributions()
    return {canonicalize_name(owners[module][0]) for module in modules}


def test_the_wheel_declares_what_elearn_imports_in_versions_the_venv_has() -> None:
    declared = {
        canonicalize_name(requirement.name): requirement
        for requirement in map(
            Requirement, tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]["dependencies"]
        )
    }
    for name in imported_distributions():
        owner = PARTS_OF.get(name, name)
        assert owner in declared, f"elearn imports {name}: declare it in pyproject.toml"
        if owner != name:
            assert name in {canonicalize_name(Requirement(r).name) for r in requires(owner) or []}
    # e.g. Authlib 1.7, the first to check ID tokens with joserfc and to offer RP-initiated logout.
    for name, requirement in declared.items():
        assert requirement.specifier.contains(version(name), prereleases=True), f"{name} {version(name)}: {requirement}"
