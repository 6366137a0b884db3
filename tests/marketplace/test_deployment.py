"""Deployment: the container files agree with the settings, and production mode holds.

The production checks run ``manage.py`` in a subprocess: the production settings
refuse to import without real secrets, which is exactly what is under test.
"""

import ast
import os
import re
import secrets
import string
import subprocess
import sys
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]
SETTINGS_DIR = ROOT / "marketplace" / "settings"
PRODUCTION = "marketplace.settings.production"
# Read by manage.py, wsgi.py and asgi.py rather than by a settings module.
ENTRY_POINT_VARIABLES = {"DJANGO_SETTINGS_MODULE"}


def _is_env_reader(func: ast.expr) -> bool:
    # env("X") or env.bool("X"), env.list("X"), env.db("X"), ...
    if isinstance(func, ast.Name):
        return func.id == "env"
    return isinstance(func, ast.Attribute) and isinstance(func.value, ast.Name) and func.value.id == "env"


def _settings_variables() -> set[str]:
    """Names of the environment variables any settings module reads through env."""
    names = set()
    # test.py is the test suite's own (the fault suite's worker and mail files): never deployed.
    for path in sorted(p for p in SETTINGS_DIR.glob("*.py") if p.name != "test.py"):
        for node in ast.walk(ast.parse(path.read_text(), filename=str(path))):
            if isinstance(node, ast.Call) and node.args and _is_env_reader(node.func):
                first = node.args[0]
                if isinstance(first, ast.Constant) and isinstance(first.value, str):
                    names.add(first.value)
    return names


def _compose() -> dict:
    return yaml.safe_load((ROOT / "docker-compose.yml").read_text())


def _environment_keys(service: dict) -> set[str]:
    environment = service.get("environment") or {}
    if isinstance(environment, list):  # the "KEY=value" form
        return {item.split("=", 1)[0] for item in environment}
    return set(environment)


def _manage(*args: str, **variables: str | None) -> subprocess.CompletedProcess:
    """manage.py under the production settings; a variable given as None is unset."""
    env = os.environ.copy()
    env["DJANGO_SETTINGS_MODULE"] = PRODUCTION
    # tests/conftest.py sets this for Playwright; a deployment never has it (async.E001).
    env.pop("DJANGO_ALLOW_ASYNC_UNSAFE", None)
    for name, value in variables.items():
        if value is None:
            env.pop(name, None)
        else:
            env[name] = value
    return subprocess.run(
        [sys.executable, "manage.py", *args],
        cwd=ROOT,
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )


def _random_secret_key() -> str:
    alphabet = string.ascii_letters + string.digits
    return "".join(secrets.choice(alphabet) for _ in range(64))


def _skip_if_dotenv_sets(name: str) -> None:
    # base.py reads .env for variables missing from the environment: a developer's
    # .env would fill in the very variable this case leaves out.
    dotenv = ROOT / ".env"
    if dotenv.exists() and re.search(rf"^\s*(export\s+)?{name}\s*=", dotenv.read_text(), re.MULTILINE):
        pytest.skip(f"{dotenv} sets {name}, so it cannot be left unset")


# --- docker-compose.yml -------------------------------------------------------


def test_compose_web_environment_matches_settings():
    services = _compose()["services"]
    web = services["web"]

    given = _environment_keys(web)
    read = _settings_variables() | ENTRY_POINT_VARIABLES
    assert given == read, (
        "docker-compose.yml's web environment and the variables the settings read differ:\n"
        f"  read by settings but missing from compose: {sorted(read - given)}\n"
        f"  in compose but read by no setting: {sorted(given - read)}"
    )
    assert web["environment"]["DJANGO_SETTINGS_MODULE"] == PRODUCTION

    without_healthcheck = sorted(name for name, service in services.items() if not service.get("healthcheck"))
    assert not without_healthcheck, f"services without a healthcheck: {without_healthcheck}"

    depends_on = web["depends_on"]
    for dependency in ("postgres", "redis", "elasticsearch"):
        assert dependency in depends_on, f"web does not depend on {dependency}"
        assert depends_on[dependency]["condition"] == "service_healthy"


def test_settings_variables_are_found():
    # Guards the parser above: an empty or partial set would make the comparison vacuous.
    assert {"SECRET_KEY", "ALLOWED_HOSTS", "DATABASE_URL", "REDIS_URL", "ELASTICSEARCH_URL"} <= (
        _settings_variables()
    )


# --- Production settings --------------------------------------------------------


@pytest.mark.parametrize(
    "secret_key",
    [
        pytest.param(None, id="unset"),
        pytest.param("", id="empty"),
        pytest.param("too-short-" + "x" * 20, id="short"),
        pytest.param("dev-only-insecure-key-do-not-use-in-production-" + "x" * 20, id="dev-default"),
    ],
)
def test_production_refuses_to_start_without_secret_key(secret_key):
    if secret_key is None:
        _skip_if_dotenv_sets("SECRET_KEY")
    result = _manage("check", SECRET_KEY=secret_key, ALLOWED_HOSTS="pasar.example.id")
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "SECRET_KEY must be set" in result.stderr


@pytest.mark.parametrize(
    "allowed_hosts",
    [pytest.param(None, id="unset"), pytest.param("", id="empty"), pytest.param("*", id="wildcard")],
)
def test_production_refuses_to_start_without_allowed_hosts(allowed_hosts):
    if allowed_hosts is None:
        _skip_if_dotenv_sets("ALLOWED_HOSTS")
    result = _manage("check", SECRET_KEY=_random_secret_key(), ALLOWED_HOSTS=allowed_hosts)
    assert result.returncode != 0
    assert "ImproperlyConfigured" in result.stderr
    assert "ALLOWED_HOSTS must list" in result.stderr


def test_check_deploy_is_clean_in_production_mode():
    # Production's own defaults are under test, not whatever this shell overrides;
    # DATABASE_URL stays as it is (unset means the SQLite default).
    overrides = dict.fromkeys(_settings_variables() - {"DATABASE_URL"})
    overrides.update(SECRET_KEY=_random_secret_key(), ALLOWED_HOSTS="pasar.example.id")
    result = _manage("check", "--deploy", "--fail-level", "WARNING", **overrides)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "no issues" in result.stdout
    assert "(0 silenced)" in result.stdout


# --- Dockerfile ---------------------------------------------------------------------


def _dockerfile_instructions() -> list[tuple[str, str]]:
    text = (ROOT / "Dockerfile").read_text()
    logical = re.sub(r"\\\n", " ", text)  # join continued lines
    instructions = []
    for line in logical.splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            keyword, _, rest = line.partition(" ")
            instructions.append((keyword.upper(), rest.strip()))
    return instructions


def test_dockerfile_runs_gunicorn_on_the_project_wsgi():
    instructions = _dockerfile_instructions()
    by_keyword: dict[str, list[str]] = {}
    for keyword, rest in instructions:
        by_keyword.setdefault(keyword, []).append(rest)

    assert by_keyword["FROM"][0].startswith("python:3.11-slim")

    command = " ".join(by_keyword.get("ENTRYPOINT", [])[-1:] + by_keyword.get("CMD", [])[-1:])
    assert "gunicorn" in command
    assert "marketplace.wsgi:application" in command
    assert "0.0.0.0:8000" in command

    assert "/healthz/" in by_keyword["HEALTHCHECK"][-1]

    user = by_keyword["USER"][-1]
    assert user.split(":")[0] not in {"root", "0"}

    collectstatic = [rest for rest in by_keyword["RUN"] if "collectstatic" in rest]
    assert collectstatic and PRODUCTION in collectstatic[0]
    # The build-only SECRET_KEY belongs to that RUN, never to the image's environment.
    for keyword in ("ENV", "ARG"):
        assert not any("SECRET_KEY" in rest for rest in by_keyword.get(keyword, []))
