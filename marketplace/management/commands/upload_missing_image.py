"""Put Oscar's "no photo" picture into the media storage, once.

Products without photos show thumbnails of OSCAR_MISSING_IMAGE_URL, read from the media
storage. On local disk Oscar symlinks the picture into MEDIA_ROOT itself; object storage
has no MEDIA_ROOT, so the picture must be uploaded before such a product is first shown.
docker-compose's web service runs this after `migrate`; running it again changes nothing.
"""

from django.conf import settings
from django.contrib.staticfiles import finders
from django.core.files import File
from django.core.files.storage import default_storage
from django.core.management.base import BaseCommand, CommandError


class Command(BaseCommand):
    help = "Copy Oscar's missing-image picture into the media storage if it is not there yet."

    def handle(self, *args, **options):
        name = settings.OSCAR_MISSING_IMAGE_URL
        if default_storage.exists(name):
            self.stdout.write(f"{name} is already in the media storage.")
            return
        source = finders.find(f"oscar/img/{name}")
        if source is None:
            raise CommandError(f"oscar/img/{name} is in no static files directory.")
        with open(source, "rb") as picture:
            stored = default_storage.save(name, File(picture, name=name))
        if stored != name:
            # Another machine uploaded it in the meantime; keep one copy under the expected name.
            default_storage.delete(stored)
        self.stdout.write(self.style.SUCCESS(f"Uploaded {name} to the media storage."))
