"""Oscar's staff reports, read from the reports replica when one is fit to use (core.replica)."""

from django.contrib import messages
from django.utils.translation import gettext as _
from oscar.core.loading import get_class

from core.replica import ReportSource, read_report

OscarReportsIndexView = get_class("dashboard.reports.views", "IndexView")


class ReportsIndexView(OscarReportsIndexView):
    def get(self, request, *args, **kwargs):
        return read_report(lambda source: self._report(request, source, *args, **kwargs))

    def _report(self, request, source: ReportSource, *args, **kwargs):
        if source.fallback_reason and "report_type" in request.GET:
            messages.info(
                request, _("Dibaca dari basis data utama: %(reason)s.") % {"reason": source.fallback_reason}
            )
        response = super().get(request, *args, **kwargs)
        # Oscar's report page is a TemplateResponse, rendered after the view returns: render it
        # here, while its reads still go to the replica.
        if hasattr(response, "render"):
            response.render()
        return response
