"""Metric values in their units, as the report writes them."""

from django import template

from metrics.presentation import format_value, span

register = template.Library()


@register.filter
def in_unit(value, unit):
    """29620 in hours -> "29,620 hours"; 278 in seconds -> "4 minutes 38 seconds"."""
    return format_value(value, unit)


@register.filter
def covers(observation):
    """The dates an observation covers, briefly: "Aug 2017", "1 Jun to 31 Aug 2017"."""
    return span(observation.start_date, observation.end_date)
