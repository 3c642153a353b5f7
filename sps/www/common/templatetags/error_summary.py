"""`{% form_error_summary form as errors %}`: a form's errors for components/_error_summary.html."""

from django import template

from sps.www.common.error_summary import form_errors

register = template.Library()


@register.simple_tag
def form_error_summary(form):
    return form_errors(form)
