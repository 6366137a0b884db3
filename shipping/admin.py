from django.contrib import admin
from oscar.apps.shipping.admin import *  # noqa: F401,F403

from shipping.models import ShippingRate


@admin.register(ShippingRate)
class ShippingRateAdmin(admin.ModelAdmin):
    list_display = ["seller", "province", "price"]
    list_editable = ["price"]
    list_filter = ["province"]
    search_fields = ["seller__name", "province__name"]
    autocomplete_fields = ["seller"]
