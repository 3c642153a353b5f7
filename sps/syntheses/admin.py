from django.contrib import admin

from sps.syntheses.models import DeclaredFigures


@admin.register(DeclaredFigures)
class DeclaredFiguresAdmin(admin.ModelAdmin):
    list_display = ("edition", "status", "actions_count", "schools_count", "updated_at")
    list_filter = ("status", "edition__campaign")
    list_select_related = ("edition__academy", "edition__campaign")
    raw_id_fields = ("edition", "updated_by")
