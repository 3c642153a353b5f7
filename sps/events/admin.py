from django.contrib import admin

from sps.catalogue import index as catalogue_index
from sps.events import services
from sps.events.models import Event, EventSession, Registration, RegistrationQuestion, Speaker


class SessionInline(admin.TabularInline):
    model = EventSession
    extra = 0


class SpeakerInline(admin.TabularInline):
    model = Speaker
    extra = 0


class QuestionInline(admin.TabularInline):
    model = RegistrationQuestion
    extra = 0


@admin.register(Event)
class EventAdmin(admin.ModelAdmin):
    list_display = ["title", "kind", "status", "capacity", "registrations_open", "created_at"]
    list_filter = ["kind", "status", "audience"]
    search_fields = ["title"]
    inlines = [SessionInline, SpeakerInline, QuestionInline]

    # The admin is a way round the pilots' screens: it keeps the public programme in step too.
    def save_related(self, request, form, formsets, change):
        super().save_related(request, form, formsets, change)
        catalogue_index.index_event(form.instance)

    def delete_model(self, request, obj):
        services.event_delete(event=obj, by=request.user)

    def delete_queryset(self, request, queryset):
        for event in queryset:
            services.event_delete(event=event, by=request.user)


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "attended", "created_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["event", "school"]
    exclude = ["token"]
