from django.db import models


class SentEmail(models.Model):
    """One e-mail a background task sent, keyed by the task's run and the message.

    A task whose worker died is run again (core.workers); the e-mails the first run got out
    are found here and not sent twice (core.emails.send_templated_email).
    """

    key = models.CharField(max_length=64, unique=True)  # sha256 of run, template, recipients
    sent_at = models.DateTimeField(auto_now_add=True)

    def __str__(self) -> str:
        return self.key
