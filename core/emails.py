"""One way to send the shop's e-mails: subject, plain text and HTML from templates,
rendered in the recipient's language."""

import hashlib
import logging

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.db import transaction
from django.template.loader import render_to_string
from django.utils import translation

logger = logging.getLogger(__name__)


def shop_url(path: str = "/") -> str:
    """An address on the shop as the public reaches it (SHOP_URL), for links in e-mails."""
    return settings.SHOP_URL + path


def language_or_default(language: str | None) -> str:
    return language if language in dict(settings.LANGUAGES) else settings.LANGUAGE_CODE


def user_language(user) -> str:
    """The language the person last used the shop in, for e-mails sent to them later.

    Kept on Wagtail's user profile (every account has one), so Wagtail's own moderation
    e-mails, which render each in the recipient's preferred language, follow it too.
    """
    from wagtail.users.models import UserProfile

    if user is None or not getattr(user, "pk", None):
        return settings.LANGUAGE_CODE
    language = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    return language_or_default(language)


def user_language_remember(*, user, language: str | None) -> None:
    """Keep the language a person signed in, signed up or switched to (see user_language)."""
    from wagtail.users.models import UserProfile

    if language not in dict(settings.LANGUAGES):
        return
    stored = UserProfile.objects.filter(user=user).values_list("preferred_language", flat=True).first()
    if stored != language:
        UserProfile.objects.update_or_create(user=user, defaults={"preferred_language": language})


def users_by_language(users) -> dict[str, list[str]]:
    """The users' e-mail addresses grouped by the language each reads (user_language)."""
    by_language: dict[str, set[str]] = {}
    for user in users:
        if user is not None and user.email:
            by_language.setdefault(user_language(user), set()).add(user.email)
    return {language: sorted(addresses) for language, addresses in by_language.items()}


def send_templated_email_to_users(*, template: str, context: dict, users) -> None:
    """One e-mail per language among the users, each in the language its readers use."""
    for language, addresses in users_by_language(users).items():
        send_templated_email(template=template, context=context, to=addresses, language=language)


def send_templated_email(*, template: str, context: dict, to: list[str], language: str | None = None) -> None:
    """template names a prefix: <template>_subject.txt, _body.txt and _body.html."""
    to = [address for address in to if address]
    if not to:
        return
    with translation.override(language_or_default(language)):
        subject = " ".join(render_to_string(f"{template}_subject.txt", context).split())
        text = render_to_string(f"{template}_body.txt", context)
        html = render_to_string(f"{template}_body.html", context)
    message = EmailMultiAlternatives(subject, text, settings.DEFAULT_FROM_EMAIL, to)
    message.attach_alternative(html, "text/html")
    _send_once(message, template=template, to=to, language=language)


def _send_once(message: EmailMultiAlternatives, *, template: str, to: list[str], language: str | None):
    """Send, unless the background run this is part of sent this e-mail already.

    A task run again after its worker died (core.workers) renders the same e-mails: the row
    written here, in the same transaction as the send, says which ones went. The row is
    committed only after the mail server took the message; a worker killed between the two
    rolls it back, so the e-mail goes again (at least once, never lost).
    """
    from core.models import SentEmail
    from core.tasks import task_run_key

    run = task_run_key.get()
    if not run:
        message.send()
        return
    key = hashlib.sha256("\n".join([run, template, language or "", *sorted(to)]).encode()).hexdigest()
    with transaction.atomic():
        # A second run of the same task waits here for the first one's transaction.
        _sent, created = SentEmail.objects.get_or_create(key=key)
        if not created:
            logger.info("E-mail %s to %s already sent by run %s: not sent again", template, to, run)
            return
        message.send()
