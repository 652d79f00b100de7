"""Shows an update's plain text as the report prints it: paragraphs, sub-bullets, footnotes.

Everything staff typed is escaped; the only markup is what this tag builds itself.
"""

from django import template
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe

from priorities.text import FOOTNOTE_REFERENCE, parse_update_text

register = template.Library()


def with_footnote_links(text, anchor_prefix):
    """Escape the text and turn each [^n] into a superscript link to footnote n."""
    pieces = []
    position = 0
    for match in FOOTNOTE_REFERENCE.finditer(text):
        pieces.append(format_html("{}", text[position : match.start()]))
        number = match.group(1)
        pieces.append(
            format_html(
                '<sup><a href="#{}{}" aria-label="footnote {}">{}</a></sup>',
                anchor_prefix,
                number,
                number,
                number,
            )
        )
        position = match.end()
    pieces.append(format_html("{}", text[position:]))
    return mark_safe("".join(pieces))  # every piece is escaped above


@register.simple_tag
def update_text(update, anchor_prefix="footnote-"):
    """The update's blocks as HTML paragraphs and lists."""
    html = []
    for block in parse_update_text(update.text):
        if block.kind == "paragraph":
            html.append(format_html("<p>{}</p>", with_footnote_links(block.text, anchor_prefix)))
        else:
            items = format_html_join(
                "", "<li>{}</li>", ((with_footnote_links(i, anchor_prefix),) for i in block.items)
            )
            html.append(format_html('<ul class="sub-bullets">{}</ul>', items))
    return mark_safe("".join(html))  # built from escaped pieces only
