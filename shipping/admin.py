from django.contrib import admin
from oscar.apps.shipping.admin import *  # noqa: F401,F403

from shipping.models import Courier, CourierRate, CourierService


class CourierServiceInline(admin.TabularInline):
    model = CourierService
    extra = 1


@admin.register(Courier)
class CourierAdmin(admin.ModelAdmin):
    list_display = [
        "name",
        "code",
        "kind",
        "volumetric_divisor",
        "rounding_tolerance_grams",
        "tracking_url",
        "is_active",
    ]
    list_editable = ["is_active"]
    inlines = [CourierServiceInline]


@admin.register(CourierRate)
class CourierRateAdmin(admin.ModelAdmin):
    list_display = [
        "service",
        "origin",
        "destination_province",
        "destination_regency",
        "first_kg_price",
        "next_kg_price",
        "days_min",
        "days_max",
    ]
    list_editable = ["first_kg_price", "next_kg_price", "days_min", "days_max"]
    list_filter = ["service__courier", "destination_province"]
    list_select_related = ["service__courier", "origin", "destination_province", "destination_regency"]
    raw_id_fields = ["origin", "destination_regency"]
    search_fields = ["origin__name", "destination_regency__name", "destination_province__name"]
