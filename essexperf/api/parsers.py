"""JSON bodies read within bounds: what the standard parser lets through to fail later on
the server (a stack overflow, a text no database can store) is refused here, with 400 in
the API's error shape."""

import re

from rest_framework.exceptions import ParseError
from rest_framework.parsers import JSONParser

# A feed nests three deep: a list of observations, each an object, its comparison an object.
# Every level costs a frame of the stack to read, so far more is refused before it is walked.
MAX_DEPTH = 20
TOO_DEEP = (
    f"The body nests lists and objects more than {MAX_DEPTH} deep: a feed needs three "
    "(a list of observations, each an object, its comparison an object)."
)
# JSON may escape half of a character (\ud800) on its own: Python reads it as a string, but
# it is no character, so no database or page could store or show it.
LONE_SURROGATE = re.compile("[\ud800-\udfff]")


class BoundedJSONParser(JSONParser):
    def parse(self, stream, media_type=None, parser_context=None):
        try:
            data = super().parse(stream, media_type, parser_context)
        except RecursionError:
            # The decoder stops at the interpreter's own limit, deeper than MAX_DEPTH.
            raise ParseError(TOO_DEEP) from None
        check(data, depth=0)
        return data


def check(value, depth):
    """Refuse nesting deeper than MAX_DEPTH and any lone surrogate, in names or values."""
    if isinstance(value, str):
        check_text(value)
        return
    if not isinstance(value, (dict, list)):
        return
    if depth == MAX_DEPTH:
        raise ParseError(TOO_DEEP)
    if isinstance(value, dict):
        for name in value:
            check_text(name)
        value = value.values()
    for item in value:
        check(item, depth + 1)


def check_text(text):
    found = LONE_SURROGATE.search(text)
    if found:
        escape = f"\\u{ord(found.group()):04x}"
        raise ParseError(
            f"The body holds {escape}, half of a character (a lone surrogate): send each "
            "character whole, as UTF-8 or as both halves of its \\u escape."
        )
