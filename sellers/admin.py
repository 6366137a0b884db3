from django.contrib import admin

from sellers.models import AuditLogEntry, Cooperative, SellerProfile


@admin.register(SellerProfile)
class SellerProfileAdmin(admin.ModelAdmin):
    list_display = ["name", "village", "status", "offers_pickup"]
    list_filter = ["status", "enterprise_kind"]
    search_fields = ["name", "village__name"]
    raw_id_fields = ["village", "partner", "user"]
    exclude = ["bank_account_number"]  # staff see it masked, in the dashboard


@admin.register(Cooperative)
class CooperativeAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "village"]
    search_fields = ["name"]
    raw_id_fields = ["village"]
    filter_horizontal = ["operators"]


@admin.register(AuditLogEntry)
class AuditLogEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "actor", "seller", "action", "object_type", "object_id"]
    list_filter = ["action"]
    search_fields = ["seller__name", "actor__email"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
