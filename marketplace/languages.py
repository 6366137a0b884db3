"""Which language to write to someone in later: the one they signed in, signed up or
switched to (core.emails.user_language reads it back). Guests' orders keep their own
(Order.language)."""

from django.contrib.auth.signals import user_logged_in
from django.http import HttpRequest, HttpResponse
from django.utils import translation
from django.views.i18n import set_language

from core.emails import user_language_remember


def _signed_in(sender, request, user, **kwargs) -> None:
    # Oscar signs a new customer in right after registering, so this covers sign-ups too.
    language = getattr(request, "LANGUAGE_CODE", None) or translation.get_language()
    user_language_remember(user=user, language=language)


def _account_created(sender, instance, created, raw=False, **kwargs) -> None:
    # The language of the sign-up; without one, Wagtail would write to someone in the
    # language of whoever's request sends the mail (an editor's, to every moderator).
    if created and not raw:
        user_language_remember(user=instance, language=translation.get_language())


def language_switch(request: HttpRequest) -> HttpResponse:
    """Django's set_language (the switcher's form), remembering the choice of a signed-in person."""
    response = set_language(request)
    if request.method == "POST" and request.user.is_authenticated:
        user_language_remember(user=request.user, language=request.POST.get("language"))
    return response


def receivers_connect() -> None:
    from django.contrib.auth import get_user_model
    from django.db.models.signals import post_save

    user_logged_in.connect(_signed_in, dispatch_uid="marketplace-language-signed-in")
    post_save.connect(_account_created, sender=get_user_model(), dispatch_uid="marketplace-language-account")
