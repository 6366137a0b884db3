from django.contrib import admin

from exchange.models import ExchangeRate


@admin.register(ExchangeRate)
class ExchangeRateAdmin(admin.ModelAdmin):
    list_display = ["currency", "date", "rate", "source"]
    list_filter = ["currency", "source"]
    date_hierarchy = "date"
