# Production image: gunicorn serving marketplace.wsgi, static files baked in (WhiteNoise).
#   docker build -t pasar-desmigratif .
#   docker compose up          (see docker-compose.yml for the variables to set)
FROM python:3.11-slim

ENV PYTHONDONTWRITEBYTECODE=1 \
    PYTHONUNBUFFERED=1 \
    PIP_NO_CACHE_DIR=1 \
    PIP_DISABLE_PIP_VERSION_CHECK=1 \
    PYTHONPATH=/app

WORKDIR /app

# Non-root account the server runs as; it owns only the media directory.
RUN groupadd --system --gid 1000 pasar \
    && useradd --system --uid 1000 --gid pasar --home-dir /app --no-create-home --shell /usr/sbin/nologin pasar

COPY . /app

# The project with the dependency versions CI tested.
RUN pip install -c requirements/constraints.txt .

# Static files are collected with the production storage (hashed names and a
# manifest). The SECRET_KEY and ALLOWED_HOSTS below exist only for this RUN: they
# satisfy the production settings' guards and never reach the image's environment.
RUN DJANGO_SETTINGS_MODULE=marketplace.settings.production \
    SECRET_KEY=collectstatic-build-only-placeholder-never-used-to-sign-anything \
    ALLOWED_HOSTS=build.invalid \
    python manage.py collectstatic --noinput \
    && mkdir -p /app/media \
    && chown pasar:pasar /app/media

ENV DJANGO_SETTINGS_MODULE=marketplace.settings.production

USER pasar

EXPOSE 8000

# Sends the first allowed host and the proxy's HTTPS header, as the load balancer
# would: a bare request to localhost is refused by ALLOWED_HOSTS or redirected to HTTPS.
HEALTHCHECK --interval=30s --timeout=10s --start-period=60s --retries=3 \
    CMD ["python", "-c", "import os, urllib.request as u; h = os.environ.get('ALLOWED_HOSTS', '').split(',')[0].strip().lstrip('.') or 'localhost'; u.urlopen(u.Request('http://localhost:8000/healthz/', headers={'Host': h, 'X-Forwarded-Proto': 'https'}), timeout=8)"]

CMD ["gunicorn", "marketplace.wsgi:application", "--bind", "0.0.0.0:8000", "--workers", "2", "--access-logfile", "-"]
