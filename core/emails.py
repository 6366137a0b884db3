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
