from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CmsConfig(AppConfig):
    name = "cms"
    verbose_name = _("Konten program")

    def ready(self):
        from cms.selectors import course_figures_per_village
        from impact.selectors import register_village_figures

        # The impact dashboard counts the online courses' badges; it sits below the CMS.
        register_village_figures(course_figures_per_village)
