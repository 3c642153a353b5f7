"""`{{ academy.name|of_academy }}`: « d'Amiens », « de Créteil » (sps.territories.text.of_academy)."""

from django import template

from sps.territories import text

register = template.Library()


@register.filter
def of_academy(name) -> str:
    return text.of_academy(str(name))
