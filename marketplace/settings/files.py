"""Static files and uploads: on local disk, or in S3-compatible object storage (base.py imports this)."""

from urllib.parse import urlsplit

from .environment import BASE_DIR, env

STATIC_URL = "/static/"
STATIC_ROOT = env("STATIC_ROOT", default=str(BASE_DIR / "staticfiles"))
STATICFILES_DIRS = [BASE_DIR / "static"]
MEDIA_URL = "/media/"
MEDIA_ROOT = env("MEDIA_ROOT", default=str(BASE_DIR / "media"))
STORAGES = {
    "default": {"BACKEND": "django.core.files.storage.FileSystemStorage"},
    "staticfiles": {"BACKEND": "django.contrib.staticfiles.storage.StaticFilesStorage"},
}
FILE_UPLOAD_PERMISSIONS = 0o644

# Producers' product photos (sellers.images, catalog.services.seller_product_images_add):
# pixels one photo may have (24 MP, a good phone camera; its header is read before any
# decoding), pixels one upload request may bring in all (the re-encoding happens in the
# request, so this bounds its time), and photos one producer may add a day.
PHOTO_MAX_PIXELS = 24_000_000
PHOTO_MAX_PIXELS_PER_REQUEST = 60_000_000
PHOTO_UPLOADS_PER_DAY = 60

# Listings in bulk (portal/listings_file.py): the sheet's bytes and rows, the photos' ZIP
# (its bytes and files), and photos one producer may get from imports a day; an import
# re-encodes them all in its request, so these bound its time. A preview keeps the files in
# the media storage under LISTINGS_UPLOAD_FOLDER until they are imported.
LISTINGS_FILE_MAX_BYTES = 5 * 1024 * 1024
LISTINGS_FILE_MAX_ROWS = 1000
LISTINGS_PHOTOS_ZIP_MAX_BYTES = 100 * 1024 * 1024
LISTINGS_PHOTOS_ZIP_MAX_FILES = 1000
LISTINGS_PHOTOS_PER_DAY = 300
LISTINGS_UPLOAD_FOLDER = "impor-produk"

# Uploads go to S3-compatible object storage when a bucket is named, so that every web
# machine and the worker see the same files (marketplace.storage); local disk otherwise.
MEDIA_S3_BUCKET = env("MEDIA_S3_BUCKET", default="")
# Empty means Amazon S3 itself; e.g. https://sgp1.digitaloceanspaces.com or a MinIO server.
MEDIA_S3_ENDPOINT_URL = env("MEDIA_S3_ENDPOINT_URL", default="").rstrip("/")
MEDIA_S3_REGION = env("MEDIA_S3_REGION", default="")
# The host name of the CDN in front of the bucket, e.g. media.pasardesmigratif.id.
MEDIA_S3_CUSTOM_DOMAIN = env("MEDIA_S3_CUSTOM_DOMAIN", default="").removeprefix("https://").strip("/")
if MEDIA_S3_BUCKET:
    _media_s3_options = {
        "bucket_name": MEDIA_S3_BUCKET,
        "endpoint_url": MEDIA_S3_ENDPOINT_URL or None,
        "region_name": MEDIA_S3_REGION or None,
        # Services other than AWS are addressed by path, which each of them supports; MEDIA_URL
        # below must name the origin the storage's URLs use.
        "addressing_style": "path" if MEDIA_S3_ENDPOINT_URL else "virtual",
        "custom_domain": MEDIA_S3_CUSTOM_DOMAIN or None,
        # Behind a CDN the objects are public and their URLs stable, so browsers and the CDN
        # can cache them; a bucket without a CDN may stay private, with signed URLs.
        "querystring_auth": not MEDIA_S3_CUSTOM_DOMAIN,
        # botocore would sign some URLs with the retired version 2, which newer AWS regions
        # (Jakarta's among them) and other services refuse.
        "signature_version": "s3v4",
        # The bucket's policy decides who may read; no per-object ACLs (many buckets refuse them).
        "default_acl": None,
        # Without overwriting (and with Oscar, Wagtail and sorl naming files uniquely) a URL's
        # content never changes, so it may be cached; for a week, not forever, so that a photo
        # erased on request (privacy app) leaves CDN caches soon even without a purge.
        "file_overwrite": False,
        "object_parameters": {"CacheControl": "public, max-age=604800"},
    }
    # Unset keys leave boto3 to its own sources: AWS_* variables, an instance or task role.
    if env("MEDIA_S3_ACCESS_KEY_ID", default=""):
        _media_s3_options["access_key"] = env("MEDIA_S3_ACCESS_KEY_ID")
        _media_s3_options["secret_key"] = env("MEDIA_S3_SECRET_ACCESS_KEY", default="")
    STORAGES["default"] = {"BACKEND": "marketplace.storage.MediaStorage", "OPTIONS": _media_s3_options}
    if MEDIA_S3_CUSTOM_DOMAIN:
        MEDIA_URL = f"https://{MEDIA_S3_CUSTOM_DOMAIN}/"
    elif MEDIA_S3_ENDPOINT_URL:
        MEDIA_URL = f"{MEDIA_S3_ENDPOINT_URL}/{MEDIA_S3_BUCKET}/"
    elif MEDIA_S3_REGION in ("", "us-east-1"):
        MEDIA_URL = f"https://{MEDIA_S3_BUCKET}.s3.amazonaws.com/"
    else:
        MEDIA_URL = f"https://{MEDIA_S3_BUCKET}.s3.{MEDIA_S3_REGION}.amazonaws.com/"
    # Nothing is written to local disk then. An empty MEDIA_ROOT also stops Oscar symlinking
    # its missing-image picture into a directory no other machine sees; `manage.py
    # upload_missing_image` puts it into the bucket instead.
    MEDIA_ROOT = ""

# sorl-thumbnail makes its storage from a class path without STORAGES' OPTIONS and reads its
# default for this only once; set here, it always follows the media storage.
THUMBNAIL_STORAGE = STORAGES["default"]["BACKEND"]
# Where browsers load uploads from, for the Content Security Policy's img-src (security.py).
_media_url = urlsplit(MEDIA_URL)
MEDIA_ORIGINS = [f"{_media_url.scheme}://{_media_url.netloc}"] if _media_url.netloc else []
