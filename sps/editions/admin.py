from django.contrib import admin

from sps.editions.models import Campaign, Edition, EditionBassin, EditionDateOverride, EditionTheme, Milestone


@admin.register(Campaign)
class CampaignAdmin(admin.ModelAdmin):
    list_display = ["school_year", "theme", "created_at"]
    readonly_fields = ["opened_by", "created_at"]


class EditionThemeInline(admin.TabularInline):
    model = EditionTheme
    extra = 0


class MilestoneInline(admin.TabularInline):
    model = Milestone
    extra = 0


class EditionDateOverrideInline(admin.TabularInline):
    model = EditionDateOverride
    extra = 0
    raw_id_fields = ["department", "bassin"]


class EditionBassinInline(admin.TabularInline):
    model = EditionBassin
    extra = 0
    raw_id_fields = ["bassin"]


@admin.register(Edition)
class EditionAdmin(admin.ModelAdmin):
    list_display = ["academy", "campaign", "ordinal", "week_start", "status"]
    list_filter = ["status", "campaign"]
    list_select_related = ["academy", "campaign"]
    inlines = [EditionThemeInline, MilestoneInline, EditionDateOverrideInline, EditionBassinInline]
