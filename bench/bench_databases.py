"""The benchmarks' PostgreSQL databases: each one a copy of a migrated template.

Migrating a new database applies the project's 400-odd migrations, Oscar's and Wagtail's
included: two minutes on a quiet machine, four when it is busy, and `make bench-short`
made five of them (the web shop, search, relevance, impact). The template is migrated
once, named after what decides its schema (every migration file of this checkout and the
pinned packages), so a copy of it is exactly what `migrate` would have built; a benchmark
still runs `migrate` on its copy, which then has nothing to apply.
"""

import hashlib
import os
import subprocess
import sys
from pathlib import Path
from urllib.parse import urlparse

ROOT = Path(__file__).resolve().parent.parent
TEMPLATE_PREFIX = "pasar_template_"


def create_database(database_url: str) -> None:
    """A fresh database at database_url (dropped first if it exists), already migrated."""
    template = migrated_template(database_url)
    name = _name(database_url)
    with _admin(database_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{name}" WITH (FORCE)')
        admin.execute(f'CREATE DATABASE "{name}" TEMPLATE "{template}"')


def drop_database(database_url: str) -> None:
    with _admin(database_url) as admin:
        admin.execute(f'DROP DATABASE IF EXISTS "{_name(database_url)}" WITH (FORCE)')


def migrated_template(database_url: str) -> str:
    """The name of the migrated template on database_url's server, built if it is missing;
    older templates (another schema) are dropped."""
    template = TEMPLATE_PREFIX + schema_digest()
    with _admin(database_url) as admin:
        # Two benchmarks started together build it once.
        admin.execute("SELECT pg_advisory_lock(hashtext(%s))", [TEMPLATE_PREFIX])
        try:
            names = [row[0] for row in admin.execute("SELECT datname FROM pg_database").fetchall()]
            if template not in names:
                _build(admin, database_url, template)
            for old in names:
                if old.startswith(TEMPLATE_PREFIX) and old not in (template, f"{template}_building"):
                    admin.execute(f'DROP DATABASE IF EXISTS "{old}" WITH (FORCE)')
        finally:
            admin.execute("SELECT pg_advisory_unlock(hashtext(%s))", [TEMPLATE_PREFIX])
    return template


def schema_digest() -> str:
    """What the migrated schema depends on: this checkout's migration files and the pinned
    versions of every package (Oscar's and Wagtail's migrations come with them)."""
    digest = hashlib.sha256()
    files = sorted(
        path
        for path in ROOT.glob("*/migrations/*.py")
        if not any(part.startswith(".") or part == "node_modules" for part in path.parts)
    )
    files.append(ROOT / "requirements" / "constraints.txt")
    for path in files:
        digest.update(str(path.relative_to(ROOT)).encode())
        digest.update(path.read_bytes())
    return digest.hexdigest()[:16]


def _build(admin, database_url: str, template: str) -> None:
    building = f"{template}_building"
    admin.execute(f'DROP DATABASE IF EXISTS "{building}" WITH (FORCE)')
    admin.execute(f'CREATE DATABASE "{building}"')
    print(f"  migrating the template database {template} (once per schema)…", flush=True)
    env = os.environ | {
        "DATABASE_URL": urlparse(database_url)._replace(path=f"/{building}").geturl(),
        "DJANGO_SETTINGS_MODULE": "marketplace.settings.test",
    }
    env.pop("ELASTICSEARCH_URL", None)
    migrate = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
    subprocess.run(migrate, cwd=ROOT, env=env, check=True)
    admin.execute(f'ALTER DATABASE "{building}" RENAME TO "{template}"')


def _admin(database_url: str):
    import psycopg

    admin = urlparse(database_url)._replace(path="/postgres").geturl()
    return psycopg.connect(admin, autocommit=True)


def _name(database_url: str) -> str:
    return urlparse(database_url).path.lstrip("/")
