from django.urls import include, path, reverse
from django.utils.translation import gettext_lazy as _
from wagtail import hooks
from wagtail.admin.menu import MenuItem

from impact import views


@hooks.register("register_admin_urls")
def register_impact_urls():
    urls = [path("", views.impact_dashboard, name="dashboard")]
    return [path("dampak/", include((urls, "impact"), namespace="impact"))]


class StaffMenuItem(MenuItem):
    def is_shown(self, request):
        return request.user.is_staff


@hooks.register("register_admin_menu_item")
def register_impact_menu_item():
    return StaffMenuItem(_("Dampak program"), reverse("impact:dashboard"), icon_name="table", order=900)
