"""Catalogue work kept off the request path."""

from core.tasks import background_task

# The sizes the shop's templates ask sorl-thumbnail for.
PRODUCT_THUMBNAILS = [
    # Product cards: WebP at 1x and 2x (marketplace/templates/oscar/catalogue/partials/product.html).
    ("x155", {"upscale": False, "format": "WEBP", "quality": 75}),
    ("x310", {"upscale": False, "format": "WEBP", "quality": 70}),
    ("x155", {"upscale": False}),
    ("400x400", {}),
    ("96x96", {"crop": "center", "format": "WEBP"}),
    ("240x240", {"crop": "center", "format": "WEBP"}),
]


@background_task
def flush_product_views() -> int:
    from catalog.analytics import product_views_flush

    return product_views_flush()


@background_task
def make_product_image_renditions(image_id: int) -> None:
    """Render a new photo's thumbnails now, so the first buyer to see it does not wait."""
    from oscar.core.loading import get_model
    from sorl.thumbnail import get_thumbnail

    image = get_model("catalogue", "ProductImage").objects.filter(pk=image_id).first()
    if image is None:
        return
    for geometry, options in PRODUCT_THUMBNAILS:
        get_thumbnail(image.original, geometry, **options)
