"""Permissions read from the cache: every logged-in page's header asks whether its visitor may
open the dashboard (``perms.partner.dashboard_access``), which is two queries joining users,
groups and permissions, about 3 ms of each page here.

A user's permissions are cached under their own tag (core.cache), which a change to their
groups or direct permissions renews, and under the ``permissions`` tag, which a change to any
group's permissions (or a deleted group or permission) renews for everyone. Active and
superuser flags are read from the user row loaded with the request.
"""

from django.contrib.auth.backends import ModelBackend

from core import cache


def cache_entry(user) -> tuple[str, tuple[str, ...]]:
    """The key and tags of a user's cached permissions (marketplace.prefetch reads them early)."""
    return f"permissions:{user.pk}:{user.is_superuser}", (cache.owner_tag(f"user-{user.pk}"), "permissions")


class CachedPermissionsBackend(ModelBackend):
    """Answers permission checks only; logging in is left to the backends after it."""

    def authenticate(self, request, **credentials):
        return None

    def get_all_permissions(self, user_obj, obj=None):
        if not user_obj.is_active or user_obj.is_anonymous or obj is not None:
            return set()
        if not hasattr(user_obj, "_perm_cache"):
            # The later model backends find this attribute and ask the database no more.
            key, tags = cache_entry(user_obj)
            user_obj._perm_cache = cache.cached(
                key, lambda: ModelBackend().get_all_permissions(user_obj), tags=tags, stale_ok=False
            )
        return user_obj._perm_cache


def _user_links_changed(sender, instance, action, reverse, pk_set, **kwargs) -> None:
    if not action.startswith("post_"):
        return
    if not reverse:  # user.groups / user.user_permissions changed
        cache.tags_changed(cache.owner_tag(f"user-{instance.pk}"))
    elif pk_set:  # group.user_set / permission.user_set: pk_set holds the users
        cache.tags_changed(*(cache.owner_tag(f"user-{pk}") for pk in pk_set))
    else:  # cleared: which users is not said
        cache.tags_changed("permissions")


def _everyone_changed(sender, **kwargs) -> None:
    cache.tags_changed("permissions")


def receivers_connect() -> None:
    from django.contrib.auth import get_user_model
    from django.contrib.auth.models import Group, Permission
    from django.db.models.signals import m2m_changed, post_delete, post_save

    User = get_user_model()
    m2m_changed.connect(_user_links_changed, sender=User.groups.through, dispatch_uid="perm-user-groups")
    m2m_changed.connect(
        _user_links_changed, sender=User.user_permissions.through, dispatch_uid="perm-user-permissions"
    )
    m2m_changed.connect(_everyone_changed, sender=Group.permissions.through, dispatch_uid="perm-group-perms")
    for model in (Group, Permission):
        post_save.connect(_everyone_changed, sender=model, dispatch_uid=f"perm-save-{model.__name__}")
        post_delete.connect(_everyone_changed, sender=model, dispatch_uid=f"perm-delete-{model.__name__}")
