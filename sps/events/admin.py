from django.contrib import admin

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


@admin.register(Registration)
class RegistrationAdmin(admin.ModelAdmin):
    list_display = ["name", "event", "status", "attended", "created_at"]
    list_filter = ["status", "role"]
    raw_id_fields = ["event", "school"]
    exclude = ["token"]
