"""The unread-notification count in every logged-in page's header, as Oscar's context
processor gives it, read from the cache (core.cache) and counted again only after one of the
visitor's notifications changed."""

from oscar.core.loading import get_model

from core import cache

Notification = get_model("communication", "Notification")


def cache_entry(user) -> tuple[str, tuple[str, ...]]:
    """The key and tags of a user's cached unread count (marketplace.prefetch reads them early)."""
    return f"unread-notifications:{user.pk}", (cache.owner_tag(f"user-{user.pk}"),)


def unread_notifications(request) -> dict:
    user = getattr(request, "user", None)
    if user is None or not user.is_authenticated:
        return {}

    def count() -> int:
        return Notification.objects.filter(recipient=user, date_read=None).count()

    key, tags = cache_entry(user)
    return {"num_unread_notifications": cache.cached(key, count, tags=tags, stale_ok=False)}


def _notification_changed(sender, instance, **kwargs) -> None:
    if instance.recipient_id is not None:
        cache.tags_changed(cache.owner_tag(f"user-{instance.recipient_id}"))


def receivers_connect() -> None:
    from django.db.models.signals import post_delete, post_save

    post_save.connect(_notification_changed, sender=Notification, dispatch_uid="notifications-unread-save")
    post_delete.connect(
        _notification_changed, sender=Notification, dispatch_uid="notifications-unread-delete"
    )
