from django.contrib import admin

from family.models import DeliveryPhoto, FamilyBasket, FamilyDelivery, FamilyRepeat


@admin.register(FamilyDelivery)
class FamilyDeliveryAdmin(admin.ModelAdmin):
    list_display = ("order", "sender_name", "notify_family", "created_at")
    search_fields = ("order__number", "sender_name")
    readonly_fields = ("order", "token")


@admin.register(FamilyRepeat)
class FamilyRepeatAdmin(admin.ModelAdmin):
    list_display = ("source", "kind", "day_of_month", "next_date", "is_active")
    list_filter = ("kind", "is_active")


@admin.register(FamilyBasket)
class FamilyBasketAdmin(admin.ModelAdmin):
    list_display = ("repeat", "for_date", "order", "created_at")
    readonly_fields = ("repeat", "order")


@admin.register(DeliveryPhoto)
class DeliveryPhotoAdmin(admin.ModelAdmin):
    list_display = ("seller_order", "uploaded_at")
    readonly_fields = ("seller_order", "uploaded_by")
