"""Where the project is and how every settings module reads the environment.

django-environ reads the variables; a .env file beside manage.py fills in those the
environment does not set (never overriding one that is set).
"""

from pathlib import Path

import environ

BASE_DIR = Path(__file__).resolve().parent.parent.parent

env = environ.Env()
environ.Env.read_env(BASE_DIR / ".env", overwrite=False)
