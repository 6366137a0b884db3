"""Production settings refuse to import without real secrets, so tests read them in a fresh
interpreter with the variables of a minimal valid deployment."""

import json
import os
import subprocess
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


def production_probe(probe: str, *, unset: Iterable[str] = (), **variables: str) -> dict:
    """Run `probe` (Python that sets Django up and prints one JSON line last) under
    marketplace.settings.production, without the `unset` variables of this shell and with
    `variables` on top; returns the JSON."""
    env = os.environ.copy()
    for name in ("DJANGO_ALLOW_ASYNC_UNSAFE", *unset):
        env.pop(name, None)
    env.update(
        DJANGO_SETTINGS_MODULE="marketplace.settings.production",
        SECRET_KEY="p" * 64,
        ALLOWED_HOSTS="pasar.example.id",
        DATABASE_URL="sqlite:///:memory:",
    )
    env.update(variables)
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", probe], cwd=ROOT, env=env, capture_output=True, text=True, timeout=120
    )
    assert result.returncode == 0, result.stderr[-3000:]
    return json.loads(result.stdout.strip().splitlines()[-1])
