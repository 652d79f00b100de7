"""A search hit's text around the words found, with those words marked and the rest escaped."""

import re

from django import template
from django.utils.html import format_html, format_html_join

from priorities.text import FOOTNOTE_REFERENCE

register = template.Library()

# Characters of context shown before the first match; hits are cut to `length` in all.
LEAD = 80


def excerpt(text, query, length):
    """The part of the text around the first match, with "…" where it is cut."""
    plain = " ".join(FOOTNOTE_REFERENCE.sub("", text).split())
    found = plain.lower().find(query.lower())
    start = max(0, found - LEAD) if found > LEAD else 0
    end = min(len(plain), start + length)
    return ("…" if start else "") + plain[start:end] + ("…" if end < len(plain) else "")


@register.simple_tag
def highlight(text, query, length=300):
    """The excerpt as HTML: matches of the query inside <mark>, everything escaped."""
    shown = excerpt(text, query, length)
    if not query:
        return format_html("{}", shown)
    pieces = re.split(f"({re.escape(query)})", shown, flags=re.IGNORECASE)
    return format_html_join(
        "",
        "{}",
        (
            (format_html("<mark>{}</mark>", piece) if i % 2 else piece,)
            for i, piece in enumerate(pieces)
        ),
    )
