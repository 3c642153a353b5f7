from django.contrib import admin

from sps.audit.models import AuditEntry


@admin.register(AuditEntry)
class AuditEntryAdmin(admin.ModelAdmin):
    list_display = ["created_at", "verb", "content_type", "object_id", "user"]
    list_filter = ["verb"]
    search_fields = ["verb"]
    readonly_fields = ["content_type", "object_id", "verb", "user", "data", "created_at"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
