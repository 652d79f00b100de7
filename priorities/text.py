"""The plain-text form of an update, as office staff type it and the report prints it.

Paragraphs are separated by a blank line. A line starting with "- " is a sub-bullet of the
update (bullets nest one level, as the report's do). "[^1]" marks where footnote 1 is
referenced. Nothing else is markup: text is always shown escaped.
"""

import re
from dataclasses import dataclass, field

from django.core.exceptions import ValidationError

FOOTNOTE_REFERENCE = re.compile(r"\[\^(\d+)\]")
SUB_BULLET = "- "


@dataclass
class Block:
    """A paragraph (kind "paragraph", with text) or a list of sub-bullets (kind "bullets")."""

    kind: str
    text: str = ""
    items: list = field(default_factory=list)


def parse_update_text(text):
    """Split an update's text into paragraphs and runs of sub-bullets, in order."""
    blocks = []
    for line in text.replace("\r\n", "\n").split("\n"):
        stripped = line.strip()
        if not stripped:
            blocks.append(None)
        elif stripped.startswith(SUB_BULLET):
            if not blocks or blocks[-1] is None or blocks[-1].kind != "bullets":
                blocks.append(Block("bullets"))
            blocks[-1].items.append(stripped[len(SUB_BULLET) :].strip())
        elif blocks and blocks[-1] is not None and blocks[-1].kind == "paragraph":
            blocks[-1].text += " " + stripped
        else:
            blocks.append(Block("paragraph", text=stripped))
    return [block for block in blocks if block is not None]


def check_update_text(text):
    """Raise ValidationError when the text is empty or nests bullets deeper than one level."""
    if not text.strip():
        raise ValidationError("Write the update.")
    for line in text.splitlines():
        indent = len(line) - len(line.lstrip())
        if line.strip().startswith(SUB_BULLET) and indent >= 2:
            raise ValidationError(
                "Bullets nest one level only: start sub-bullets at the beginning of the line."
            )


# A footnote as staff write it below an update: "1. Primary call handling".
FOOTNOTE_LINE = re.compile(r"^(\d{1,3})\.\s+(\S.*)$")


def parse_footnotes(text):
    """{number: text} of footnotes written one a line as "1. Primary call handling"; a line
    that starts with no number carries on the footnote above it."""
    notes = {}
    number = None
    for count, line in enumerate(text.replace("\r\n", "\n").split("\n"), start=1):
        stripped = line.strip()
        if not stripped:
            continue
        match = FOOTNOTE_LINE.match(stripped)
        if match:
            number = int(match[1])
            if number < 1:
                raise ValidationError(f"Line {count}: number footnotes from 1.")
            if number in notes:
                raise ValidationError(f"Line {count}: footnote {number} is written twice.")
            notes[number] = match[2].strip()
        elif number is None:
            raise ValidationError(
                f'Line {count}: start a footnote with its number, as in "1. Primary call handling".'
            )
        else:
            notes[number] += " " + stripped
    return notes


def footnotes_as_text(notes):
    """Footnotes, as (number, text) pairs, written as parse_footnotes reads them."""
    return "\n".join(f"{number}. {text}" for number, text in notes)


def check_footnotes_match(text, notes):
    """Raise ValidationError unless every [^n] in the text has footnote n, and each is used."""
    referenced = {int(number) for number in FOOTNOTE_REFERENCE.findall(text)}
    unwritten = sorted(referenced - set(notes))
    unused = sorted(set(notes) - referenced)
    if unwritten:
        raise ValidationError(
            f"The text refers to footnote {unwritten[0]}: write it below, as "
            f'"{unwritten[0]}. Its text".'
        )
    if unused:
        raise ValidationError(
            f"Footnote {unused[0]} is not referred to: write [^{unused[0]}] where it belongs "
            "in the text."
        )
