from django.contrib import admin

from sps.actions.models import Action, Bilan, BilanPhoto, IdeaModel, ModerationSettings, Occurrence, Partner


class OccurrenceInline(admin.TabularInline):
    model = Occurrence
    extra = 0


@admin.register(Action)
class ActionAdmin(admin.ModelAdmin):
    list_display = ["title", "edition", "status", "carrier_level", "is_flagship", "created_at"]
    list_filter = ["status", "carrier_level", "is_flagship", "edition__academy"]
    search_fields = ["title"]
    raw_id_fields = ["created_by", "schools", "bassin", "department", "reconducted_from", "from_model"]
    inlines = [OccurrenceInline]


@admin.register(IdeaModel)
class IdeaModelAdmin(admin.ModelAdmin):
    list_display = ["title", "category", "is_active", "is_blank", "order"]
    list_filter = ["category", "is_active"]


@admin.register(Partner)
class PartnerAdmin(admin.ModelAdmin):
    list_display = ["name", "kind", "academy"]
    list_filter = ["kind"]
    search_fields = ["name"]


admin.site.register(ModerationSettings)
admin.site.register(Bilan)
admin.site.register(BilanPhoto)
