"""{% edition_kit edition as sections %}: the edition's published kit and the national resources,
grouped by category (resource_services.kit_sections), for pages whose view does not load it."""

from django import template

from sps.editions.models import Resource
from sps.editions.resource_services import kit_sections

register = template.Library()


@register.simple_tag
def edition_kit(edition):
    return kit_sections(Resource.objects.kit_of([edition]))
