from django.contrib import admin

from sps.files.models import GeneratedFile


@admin.register(GeneratedFile)
class GeneratedFileAdmin(admin.ModelAdmin):
    list_display = ["label", "kind", "requested_by", "status", "progress", "size", "created_at", "expires_at"]
    list_filter = ["kind", "status"]
    readonly_fields = [f.name for f in GeneratedFile._meta.fields]
