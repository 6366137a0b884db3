"""More than one web machine: uploads in S3-compatible storage, sessions in Redis.

The settings are loaded in a subprocess with a clean environment (as in
tests/security/test_production_settings.py), because they are decided at import. The
round trips then run in this process with exactly the settings that subprocess reported,
against a real S3-compatible server on loopback (moto's) and the real Redis.
"""

import io
import logging
import os
import pickle
import textwrap
import urllib.request
from importlib import import_module

import boto3
import pytest
import redis
from botocore.exceptions import ClientError
from django.contrib.sessions.models import Session
from django.core.cache import caches
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils.functional import empty
from moto.server import ThreadedMotoServer
from oscar.core.loading import get_model
from oscar.core.thumbnails import get_thumbnailer
from PIL import Image
from sorl.thumbnail import default as sorl_default
from sorl.thumbnail.images import get_or_create_storage

from catalog.tasks import PRODUCT_THUMBNAILS
from tests.conftest import _skip_or_fail
from tests.factories import ProductFactory, UserFactory
from tests.images import jpeg_with_gps
from tests.production import production_probe

SCALING_VARIABLES = (
    "MEDIA_S3_BUCKET",
    "MEDIA_S3_ENDPOINT_URL",
    "MEDIA_S3_REGION",
    "MEDIA_S3_ACCESS_KEY_ID",
    "MEDIA_S3_SECRET_ACCESS_KEY",
    "MEDIA_S3_CUSTOM_DOMAIN",
    "REDIS_URL",
)
BUCKET = "pasar-media-uji"
ACCESS_KEY = "AKIAPASARUJI"
SECRET_KEY = "rahasia-uji-s3"
REDIS_TEST_URL = os.environ.get("REDIS_TEST_URL", "redis://127.0.0.1:6379/15")

PROBE = textwrap.dedent(
    """
    import json
    import django
    django.setup()
    from django.conf import settings
    from django.core.files.storage import default_storage, storages
    from marketplace import media, urls

    directives = settings.CONTENT_SECURITY_POLICY["DIRECTIVES"]
    print(json.dumps({
        "STORAGES": settings.STORAGES,
        "MEDIA_URL": settings.MEDIA_URL,
        "MEDIA_ROOT": settings.MEDIA_ROOT,
        "THUMBNAIL_STORAGE": settings.THUMBNAIL_STORAGE,
        "CACHES": settings.CACHES,
        "SESSION_ENGINE": settings.SESSION_ENGINE,
        "WAGTAILDOCS_SERVE_METHOD": settings.WAGTAILDOCS_SERVE_METHOD,
        "img_src": directives["img-src"],
        "admin_img_src": settings.CSP_ADMIN_DIRECTIVES["img-src"],
        "media_route": any(getattr(p, "callback", None) is media.upload_serve for p in urls.urlpatterns),
        "storage_class": type(storages["default"]).__name__,
        "sample_url": default_storage.url("images/products/2026/11/kerupuk ikan.jpg"),
    }))
    """
)


def _settings_with(**variables: str) -> dict:
    """The production settings as a deployment with these variables (and no others of ours) gets them."""
    # Empty rather than unset, so that a developer's .env cannot fill them in (base.py reads it);
    # and boto3 would sign with whatever credentials this shell has: the cases below give theirs.
    return production_probe(
        PROBE,
        unset=("AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE"),
        **{**dict.fromkeys(SCALING_VARIABLES, ""), **variables},
    )


# --- Settings -------------------------------------------------------------------


def test_without_a_bucket_uploads_stay_on_local_disk_behind_the_media_route():
    loaded = _settings_with()
    assert loaded["STORAGES"]["default"] == {"BACKEND": "django.core.files.storage.FileSystemStorage"}
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert loaded["MEDIA_URL"] == "/media/"
    assert loaded["MEDIA_ROOT"]
    assert loaded["media_route"] is True
    assert loaded["THUMBNAIL_STORAGE"] == "django.core.files.storage.FileSystemStorage"
    assert loaded["img_src"] == ["'self'", "data:"]
    assert loaded["sample_url"] == "/media/images/products/2026/11/kerupuk%20ikan.jpg"


def test_bucket_behind_a_cdn_gives_public_cdn_urls_and_no_local_media():
    loaded = _settings_with(
        MEDIA_S3_BUCKET="pasar-media",
        MEDIA_S3_REGION="ap-southeast-3",
        MEDIA_S3_ACCESS_KEY_ID=ACCESS_KEY,
        MEDIA_S3_SECRET_ACCESS_KEY=SECRET_KEY,
        MEDIA_S3_CUSTOM_DOMAIN="media.pasar.example.id",
    )
    default = loaded["STORAGES"]["default"]
    assert default["BACKEND"] == "marketplace.storage.MediaStorage"
    assert default["OPTIONS"] == {
        "bucket_name": "pasar-media",
        "endpoint_url": None,
        "region_name": "ap-southeast-3",
        "addressing_style": "virtual",
        "access_key": ACCESS_KEY,
        "secret_key": SECRET_KEY,
        "custom_domain": "media.pasar.example.id",
        "querystring_auth": False,
        "signature_version": "s3v4",
        "default_acl": None,
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=604800"},
    }
    # Static files are untouched: WhiteNoise still serves them hashed and compressed.
    assert loaded["STORAGES"]["staticfiles"]["BACKEND"] == (
        "whitenoise.storage.CompressedManifestStaticFilesStorage"
    )
    assert loaded["storage_class"] == "MediaStorage"
    assert loaded["MEDIA_URL"] == "https://media.pasar.example.id/"
    assert loaded["sample_url"] == "https://media.pasar.example.id/images/products/2026/11/kerupuk%20ikan.jpg"
    assert loaded["MEDIA_ROOT"] == ""
    assert loaded["media_route"] is False
    assert loaded["THUMBNAIL_STORAGE"] == "marketplace.storage.MediaStorage"
    assert loaded["WAGTAILDOCS_SERVE_METHOD"] == "serve_view"
    # Browsers may load the pictures from the CDN, in the shop and in the admin.
    assert "https://media.pasar.example.id" in loaded["img_src"]
    assert "https://media.pasar.example.id" in loaded["admin_img_src"]


def test_bucket_on_another_s3_service_without_cdn_is_addressed_by_path_with_signed_urls():
    loaded = _settings_with(
        MEDIA_S3_BUCKET="pasar-media",
        MEDIA_S3_ENDPOINT_URL="https://sgp1.digitaloceanspaces.com/",
        MEDIA_S3_REGION="sgp1",
        MEDIA_S3_ACCESS_KEY_ID=ACCESS_KEY,
        MEDIA_S3_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    options = loaded["STORAGES"]["default"]["OPTIONS"]
    assert options["endpoint_url"] == "https://sgp1.digitaloceanspaces.com"
    assert options["addressing_style"] == "path"
    assert options["custom_domain"] is None
    assert options["querystring_auth"] is True
    assert loaded["MEDIA_URL"] == "https://sgp1.digitaloceanspaces.com/pasar-media/"
    assert loaded["sample_url"].startswith(
        "https://sgp1.digitaloceanspaces.com/pasar-media/images/products/2026/11/kerupuk%20ikan.jpg?"
    )
    assert "X-Amz-Signature=" in loaded["sample_url"]
    assert "https://sgp1.digitaloceanspaces.com" in loaded["img_src"]
    assert loaded["media_route"] is False


def test_bucket_on_amazon_s3_without_keys_leaves_credentials_to_boto3():
    loaded = _settings_with(
        MEDIA_S3_BUCKET="pasar-media",
        MEDIA_S3_REGION="ap-southeast-3",
        # As an instance or task role would provide them.
        AWS_ACCESS_KEY_ID="AKIAFROMTHEROLE",
        AWS_SECRET_ACCESS_KEY="role-secret",
    )
    options = loaded["STORAGES"]["default"]["OPTIONS"]
    assert "access_key" not in options and "secret_key" not in options
    assert loaded["MEDIA_URL"] == "https://pasar-media.s3.ap-southeast-3.amazonaws.com/"
    sample = loaded["MEDIA_URL"] + "images/products/2026/11/kerupuk%20ikan.jpg?"
    assert loaded["sample_url"].startswith(sample)
    assert "X-Amz-Credential=AKIAFROMTHEROLE" in loaded["sample_url"]
    assert "https://pasar-media.s3.ap-southeast-3.amazonaws.com" in loaded["img_src"]


def test_redis_holds_the_cache_and_sessions_with_database_write_through():
    loaded = _settings_with(REDIS_URL="redis://redis.internal:6379/0")
    assert loaded["CACHES"]["default"] == {
        "BACKEND": "django_redis.cache.RedisCache",
        "LOCATION": "redis://redis.internal:6379/0",
        # Redis down answers as a miss, quickly (README "What happens when…").
        "OPTIONS": {"SOCKET_CONNECT_TIMEOUT": 0.5, "SOCKET_TIMEOUT": 0.5, "IGNORE_EXCEPTIONS": True},
    }
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.cached_db"


def test_without_redis_sessions_stay_in_the_database():
    loaded = _settings_with()
    assert loaded["CACHES"]["default"]["BACKEND"] == "django.core.cache.backends.locmem.LocMemCache"
    assert loaded["SESSION_ENGINE"] == "django.contrib.sessions.backends.db"


# --- Uploads in a real S3-compatible server ---------------------------------------


@pytest.fixture(scope="module")
def s3_endpoint():
    # The server logs each request through werkzeug's logger, which the project's root handler prints.
    werkzeug_logger = logging.getLogger("werkzeug")
    level = werkzeug_logger.level
    werkzeug_logger.setLevel(logging.WARNING)
    server = ThreadedMotoServer(ip_address="127.0.0.1", port=0, verbose=False)
    server.start()
    host, port = server.get_host_and_port()
    endpoint = f"http://{host}:{port}"
    client = boto3.client(
        "s3",
        endpoint_url=endpoint,
        region_name="us-east-1",
        aws_access_key_id=ACCESS_KEY,
        aws_secret_access_key=SECRET_KEY,
    )
    client.create_bucket(Bucket=BUCKET)
    yield endpoint, client
    server.stop()
    werkzeug_logger.setLevel(level)


def _reset_sorl_storage():
    # sorl-thumbnail builds its storage once per process and caches the ones it rebuilds
    # from its key-value store; a deployment never switches storages, these tests do.
    sorl_default.storage._wrapped = empty
    get_or_create_storage.cache_clear()


def _use_storage_settings(settings, loaded: dict) -> None:
    # The media storage only: static files keep the test settings' storage (no manifest here).
    settings.STORAGES = {**settings.STORAGES, "default": loaded["STORAGES"]["default"]}
    settings.MEDIA_URL = loaded["MEDIA_URL"]
    settings.MEDIA_ROOT = loaded["MEDIA_ROOT"]
    settings.THUMBNAIL_STORAGE = loaded["THUMBNAIL_STORAGE"]
    _reset_sorl_storage()


@pytest.fixture
def bucket_storage(s3_endpoint, settings):
    """The shop's media storage as MEDIA_S3_* pointed at the loopback server set it up."""
    endpoint, client = s3_endpoint
    loaded = _settings_with(
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_REGION="us-east-1",
        MEDIA_S3_ACCESS_KEY_ID=ACCESS_KEY,
        MEDIA_S3_SECRET_ACCESS_KEY=SECRET_KEY,
    )
    assert loaded["MEDIA_URL"] == f"{endpoint}/{BUCKET}/"
    _use_storage_settings(settings, loaded)
    yield loaded, client
    _reset_sorl_storage()


def _head(client, key: str) -> dict | None:
    try:
        return client.head_object(Bucket=BUCKET, Key=key)
    except ClientError as error:
        if error.response["ResponseMetadata"]["HTTPStatusCode"] == 404:
            return None
        raise


def _keys(client, prefix: str = "") -> set[str]:
    listing = client.list_objects_v2(Bucket=BUCKET, Prefix=prefix)
    return {item["Key"] for item in listing.get("Contents", [])}


def _fetch(url: str) -> tuple[bytes, str]:
    with urllib.request.urlopen(url, timeout=10) as response:  # noqa: S310 - loopback server
        return response.read(), response.headers.get("Content-Type", "")


def _jpeg_bytes(size=(800, 600)) -> bytes:
    buffer = io.BytesIO()
    Image.new("RGB", size, (180, 90, 30)).save(buffer, "JPEG")
    return buffer.getvalue()


def test_files_saved_to_the_bucket_keep_the_inline_only_for_images_rule(bucket_storage):
    loaded, client = bucket_storage
    picture = default_storage.save("uji/foto.jpg", ContentFile(_jpeg_bytes()))
    page = ContentFile(b"<script>alert(1)</script>", name="halaman.html")
    page.content_type = "image/jpeg"  # what a hostile browser might claim
    trap = default_storage.save("uji/halaman.html", page)

    stored = _head(client, picture)
    assert stored is not None
    assert stored["ContentType"] == "image/jpeg"
    assert stored["CacheControl"] == "public, max-age=604800"
    assert "ContentDisposition" not in stored

    stored = _head(client, trap)
    assert stored["ContentType"] == "application/octet-stream"
    assert stored["ContentDisposition"] == "attachment; filename*=UTF-8''halaman.html"

    # file_overwrite is off: a second upload under the same name gets a name of its own.
    again = default_storage.save("uji/foto.jpg", ContentFile(_jpeg_bytes()))
    assert again != picture
    assert _head(client, picture) is not None and _head(client, again) is not None

    url = default_storage.url(picture)
    assert url.startswith(loaded["MEDIA_URL"] + "uji/foto.jpg?")
    body, content_type = _fetch(url)
    assert content_type == "image/jpeg"
    with Image.open(io.BytesIO(body)) as fetched:
        assert fetched.size == (800, 600)


@pytest.mark.django_db
def test_producer_photo_goes_to_the_bucket_and_its_thumbnails_too(
    bucket_storage, client, seller, django_capture_on_commit_callbacks
):
    loaded, s3 = bucket_storage
    media_url = loaded["MEDIA_URL"]
    product = ProductFactory(seller=seller, title="Kerupuk Kulit Ikan Original")
    client.force_login(seller.user)
    rendered_before = _keys(s3, "cache/")

    # The seller portal: upload, re-encode without EXIF (sellers.images), store, then render
    # the thumbnails in a background task once the transaction commits (catalog.tasks).
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("sellers:portal-product-photos", args=[product.pk]), {"photos": [jpeg_with_gps()]}
        )
    assert response.status_code == 302, response.content.decode()[:500]
    image = product.images.get()
    original = image.original.name
    assert original.startswith("images/products/")
    assert _head(s3, original)["ContentType"] == "image/jpeg"
    with image.original.open("rb") as stored, Image.open(stored) as picture:
        assert max(picture.size) <= 1600
        assert len(picture.getexif()) == 0
    rendered = _keys(s3, "cache/") - rendered_before
    assert len(rendered) >= len(PRODUCT_THUMBNAILS), f"the renditions task wrote only {rendered}"

    # The product card's thumbnail through Oscar's thumbnailer (sorl), as the template asks.
    thumbnailer = get_thumbnailer()
    options = {"size": "x155", "upscale": False, "format": "WEBP", "quality": 75}
    thumb = thumbnailer.generate_thumbnail(image.original, **options)
    assert _head(s3, thumb.name)["ContentType"] == "image/webp"
    assert thumb.url.startswith(media_url + "cache/")
    body, content_type = _fetch(thumb.url)
    assert content_type == "image/webp"
    with Image.open(io.BytesIO(body)) as picture:
        assert picture.format == "WEBP"
        assert picture.height == 155

    # Asked again, sorl answers from its key-value store and rebuilds the storage from a
    # class path alone: the URL must still point into the bucket.
    _reset_sorl_storage()
    again = thumbnailer.generate_thumbnail(image.original, **options)
    assert again.name == thumb.name
    assert again.url.startswith(media_url + "cache/")
    assert _fetch(again.url)[0] == body

    # The shop's product card links the bucket's thumbnails.
    page = client.get(reverse("catalogue:index")).content.decode()
    assert f'src="{media_url}cache/' in page.replace("&amp;", "&")


@pytest.mark.django_db
def test_products_without_photos_show_the_missing_image_from_the_bucket(bucket_storage):
    _, s3 = bucket_storage
    missing = ProductFactory().primary_image()
    assert missing["is_missing"] is True
    thumbnailer = get_thumbnailer()

    s3.delete_object(Bucket=BUCKET, Key=missing["original"])
    broken = thumbnailer.generate_thumbnail(missing["original"], size="x155", upscale=False)
    # Without the picture in the bucket there is nothing to render: the card's image would 404.
    assert _head(s3, broken.name) is None

    out = io.StringIO()
    call_command("upload_missing_image", stdout=out)
    assert "Uploaded" in out.getvalue()
    assert _head(s3, missing["original"])["ContentType"] == "image/jpeg"
    call_command("upload_missing_image", stdout=out)
    assert "already" in out.getvalue()
    # Uploaded once, under the name Oscar asks for, not once more under a suffixed name.
    assert {key for key in _keys(s3) if key.startswith("image_not_found")} == {missing["original"]}

    thumb = thumbnailer.generate_thumbnail(missing["original"], size="x155", upscale=False)
    assert _head(s3, thumb.name) is not None
    with Image.open(io.BytesIO(_fetch(thumb.url)[0])) as picture:
        assert picture.height == 155


@pytest.mark.django_db
def test_cdn_domain_is_in_every_url_while_the_object_lands_in_the_bucket(s3_endpoint, settings):
    endpoint, s3 = s3_endpoint
    loaded = _settings_with(
        MEDIA_S3_BUCKET=BUCKET,
        MEDIA_S3_ENDPOINT_URL=endpoint,
        MEDIA_S3_ACCESS_KEY_ID=ACCESS_KEY,
        MEDIA_S3_SECRET_ACCESS_KEY=SECRET_KEY,
        MEDIA_S3_CUSTOM_DOMAIN="cdn.pasar.example.id",
    )
    _use_storage_settings(settings, loaded)
    try:
        ProductImage = get_model("catalogue", "ProductImage")
        image = ProductImage.objects.create(
            product=ProductFactory(), original=ContentFile(_jpeg_bytes((640, 480)), name="anyaman.jpg")
        )
        assert _head(s3, image.original.name) is not None
        assert image.original.url == f"https://cdn.pasar.example.id/{image.original.name}"
        thumb = get_thumbnailer().generate_thumbnail(image.original, size="400x400")
        assert _head(s3, thumb.name)["CacheControl"] == "public, max-age=604800"
        assert thumb.url == f"https://cdn.pasar.example.id/{thumb.name}"
    finally:
        _reset_sorl_storage()


# --- Sessions in Redis ------------------------------------------------------------


@pytest.fixture
def redis_sessions(settings):
    connection = redis.Redis.from_url(REDIS_TEST_URL, socket_connect_timeout=2)
    try:
        connection.ping()
    except redis.RedisError as error:
        _skip_or_fail(f"needs Redis at {REDIS_TEST_URL} ({error}); set REDIS_TEST_URL to point elsewhere")
    loaded = _settings_with(REDIS_URL=REDIS_TEST_URL)
    settings.CACHES = loaded["CACHES"]
    settings.SESSION_ENGINE = loaded["SESSION_ENGINE"]
    yield connection
    connection.close()


@pytest.mark.django_db
def test_login_stores_the_session_in_redis_so_any_web_machine_can_read_it(redis_sessions, client, settings):
    user = UserFactory(email="ani@contoh.id")
    response = client.post(
        "/accounts/login/",
        {"login-username": user.email, "login-password": "rahasia-uji-123", "login_submit": "1"},
    )
    assert response.status_code == 302, response.content.decode()[:500]
    session_key = client.cookies[settings.SESSION_COOKIE_NAME].value

    store = import_module(settings.SESSION_ENGINE).SessionStore(session_key)
    redis_key = caches[settings.SESSION_CACHE_ALIAS].make_key(store.cache_key)
    account = reverse("customer:profile-view")
    try:
        raw = redis_sessions.get(redis_key)
        assert raw is not None, f"no {redis_key} in Redis"
        assert pickle.loads(raw)["_auth_user_id"] == str(user.pk)  # noqa: S301 - our own Redis
        assert redis_sessions.ttl(redis_key) > 0
        # Written through to the database as well (cached_db).
        assert Session.objects.filter(session_key=session_key).exists()

        # A Redis restart signs nobody out: the session comes back from the database, and
        # into Redis again.
        redis_sessions.delete(redis_key)
        assert client.get(account).status_code == 200
        assert redis_sessions.exists(redis_key)

        # Reads come from Redis: with the database's copy gone the buyer is still signed in.
        Session.objects.filter(session_key=session_key).delete()
        assert client.get(account).status_code == 200

        # With neither copy the buyer is signed out: the answers above came from the session.
        redis_sessions.delete(redis_key)
        response = client.get(account)
        assert response.status_code == 302
        assert "/accounts/login/" in response["Location"]
    finally:
        redis_sessions.delete(redis_key)


@pytest.mark.django_db
def test_product_views_served_from_the_page_cache_are_counted_in_redis(redis_sessions, product):
    from django.core.cache import cache

    from catalog.analytics import product_views_flush, views_push

    cache.clear()
    url = product.get_absolute_url()
    pages = [Client().get(url) for _ in range(3)]
    assert [page["X-Page-Cache"] for page in pages] == ["miss", "hit", "hit"]
    # Added up in this process and pushed with Redis's own INCRBY (one round trip for a
    # second's views), readable through the cache as a number.
    views_push()
    assert cache.get(f"product-views:{product.pk}") == 3
    assert product_views_flush() == 3
    assert get_model("analytics", "ProductRecord").objects.get(product=product).num_views == 3
    cache.clear()
