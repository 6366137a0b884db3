"""Fields several page types share."""

from django.db import models


def image_field(verbose_name) -> models.ForeignKey:
    """An optional Wagtail image; deleting the image leaves the page without one."""
    return models.ForeignKey(
        "wagtailimages.Image",
        verbose_name=verbose_name,
        null=True,
        blank=True,
        on_delete=models.SET_NULL,
        related_name="+",
    )
