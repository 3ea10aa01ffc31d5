"""The deployment files agree with the code and with docs/deployment.md: every unit runs a
command that exists, every scheduled job has a timer, the example settings pass `config check`,
and every setting is documented."""

from __future__ import annotations

import configparser
import os
import re
import runpy
import shlex
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from elearn import config as settings
from elearn.cli import main

ROOT = Path(__file__).resolve().parent.parent
DEPLOY = ROOT / "deploy"
UNITS = DEPLOY / "systemd"
DEPLOYMENT_DOC = (ROOT / "docs" / "deployment.md").read_text()


def unit(path: Path) -> configparser.ConfigParser:
    parser = configparser.ConfigParser(interpolation=None, strict=False)
    parser.optionxform = str  # systemd keys are case-sensitive
    parser.read(path)
    return parser


def job_services() -> list[Path]:
    return sorted(UNITS.glob("elearn-*.service"))


def env_file(path: Path) -> dict[str, str]:
    lines = [line for line in path.read_text().splitlines() if line.strip() and not line.startswith("#")]
    return dict(shlex.split(line)[0].split("=", 1) for line in lines)


@pytest.mark.parametrize("service", job_services(), ids=lambda p: p.name)
def test_each_job_runs_an_elearn_command_that_exists_on_a_timer(service: Path) -> None:
    command = shlex.split(unit(service)["Service"]["ExecStart"])
    assert command[0] == "/srv/elearn/venv/bin/elearn"
    environ = {"COURSES_PATH": str(ROOT / "tests" / "fixtures" / "courses"), "DATABASE_URL": "sqlite://"}
    assert CliRunner().invoke(main, [*command[1:], "--help"], env=environ).exit_code == 0, command
    timer = unit(service.with_suffix(".timer"))["Timer"]
    assert timer["OnCalendar"] and timer["Persistent"] == "true"
    assert service.with_suffix(".timer").name in DEPLOYMENT_DOC


def test_every_scheduled_job_in_the_readme_has_a_unit() -> None:
    readme = (ROOT / "README.md").read_text()
    scheduled = set(re.findall(r"flask --app elearn (\w+ \w+) +#", readme)) - {"people dispose", "courses check"}
    run_by_units = {" ".join(shlex.split(unit(s)["Service"]["ExecStart"])[1:]) for s in job_services()}
    assert scheduled and scheduled <= run_by_units


def test_the_app_unit_starts_gunicorn_with_the_shipped_config() -> None:
    service = unit(UNITS / "elearn.service")["Service"]
    assert service["ExecStart"] == "/srv/elearn/venv/bin/gunicorn --config /srv/elearn/gunicorn.conf.py"
    assert service["EnvironmentFile"] == "/etc/elearn/elearn.env"
    assert "/srv/elearn/gunicorn.conf.py" in DEPLOYMENT_DOC


def test_gunicorn_serves_elearn_on_loopback_where_nginx_looks() -> None:
    conf = runpy.run_path(str(DEPLOY / "gunicorn.conf.py"))
    assert conf["wsgi_app"] == "elearn.wsgi:app"
    assert conf["bind"] == "127.0.0.1:8000" and conf["accesslog"] == "-"
    assert "proxy_pass http://127.0.0.1:8000;" in (DEPLOY / "nginx-elearn.conf").read_text()


def test_nginx_sends_hsts_which_elearn_leaves_to_the_proxy() -> None:
    nginx = (DEPLOY / "nginx-elearn.conf").read_text()
    assert 'add_header Strict-Transport-Security "max-age=31536000" always;' in nginx
    # A location with an add_header of its own would drop the server's.
    assert nginx.count("add_header") == 1


def test_the_example_settings_pass_config_check() -> None:
    environ = env_file(DEPLOY / "elearn.env.example")
    # Step 2 copies the source's courses there; this machine has them in the checkout.
    assert environ["COURSES_PATH"] == "/srv/elearn/courses" and "/srv/elearn/courses" in DEPLOYMENT_DOC
    result = CliRunner().invoke(main, ["config", "check"], env={**environ, "COURSES_PATH": str(ROOT / "courses")})
    assert result.exit_code == 0, result.output
    # The instance folder the settings name is the one the doc creates and the units may write.
    assert environ["ELEARN_INSTANCE"] == "/var/lib/elearn"
    assert unit(UNITS / "elearn.service")["Service"]["ReadWritePaths"] == "/var/lib/elearn"


def test_behind_nginx_elearn_believes_the_one_proxy_in_front() -> None:
    # Without it every visitor is 127.0.0.1: one login throttle and one API rate limit for all.
    values, _ = settings.read(env_file(DEPLOY / "elearn.env.example"))
    assert values["TRUSTED_PROXY_COUNT"] == 1
    assert "proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;" in (DEPLOY / "nginx-elearn.conf").read_text()
    step_4 = DEPLOYMENT_DOC.split("## 4.")[1].split("## 5.")[0]
    assert "TRUSTED_PROXY_COUNT=1" in step_4


def test_every_setting_is_in_the_configuration_table() -> None:
    documented = set(re.findall(r"^\| `([A-Z_<>]+)`", (ROOT / "docs" / "configuration.md").read_text(), re.M))
    _, env = settings.read({"OIDC_PROVIDERS": "name"})
    read = {name.replace("OIDC_NAME_", "OIDC_<NAME>_") for name in env.seen}
    assert read - documented == set()


def test_gunicorn_refuses_a_malformed_setting_in_one_line(tmp_path: Path) -> None:
    gunicorn = Path(sys.executable).with_name("gunicorn")
    environ = {"PATH": os.environ["PATH"], "LOGIN_MAX_FAILURES": "abc", "GUNICORN_BIND": "127.0.0.1:0"}
    result = subprocess.run(
        [str(gunicorn), "--config", str(DEPLOY / "gunicorn.conf.py")],
        cwd=tmp_path,
        env=environ,
        capture_output=True,
        text=True,
        timeout=60,
    )
    assert result.returncode == 1
    assert result.stderr.strip().splitlines() == ["Error: LOGIN_MAX_FAILURES=abc: ska vara ett heltal, minst 1"]
