"""Helpers every app's forms share."""

from django.core.exceptions import ValidationError


def form_errors_from(error: ValidationError, form) -> None:
    """Show a service's ValidationError on the form: each field's under it, the rest on top."""
    if hasattr(error, "error_dict"):
        for field, errors in error.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, error)
