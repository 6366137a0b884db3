"""One way to send the shop's e-mails: subject, plain text and HTML from templates,
rendered in the recipient's language."""

from django.conf import settings
from django.core.mail import EmailMultiAlternatives
from django.template.loader import render_to_string
from django.utils import translation


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
    message.send()
