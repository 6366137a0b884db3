"""Wagtail admin forms the editors see, where Wagtail's own leave English behind."""

from django.utils.translation import gettext_lazy as _
from wagtail.admin.forms.auth import LoginForm as WagtailLoginForm


class LoginForm(WagtailLoginForm):
    """Wagtail's sign-in form redeclares the password field without a label, so Django names
    it from the field ("Password"), in English whatever the editor's language."""

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["password"].label = _("Kata sandi")
