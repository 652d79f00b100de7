"""A commitment's updates laid out as the report prints them.

The report prints a commitment's items in order, under a heading where a run of them shares
a section ("LPA North"); within a section, bullet points form one list and paragraphs stand
on their own.
"""

from dataclasses import dataclass, field
from itertools import groupby


@dataclass
class Run:
    """Consecutive updates of one style: a list of bullets, or paragraphs."""

    style: str
    updates: list = field(default_factory=list)


@dataclass
class Section:
    """Consecutive updates under one heading (no heading where the report prints none)."""

    heading: str
    runs: list = field(default_factory=list)


def lay_out(updates):
    """Group updates, already in order, into sections and runs of one style."""
    sections = []
    for heading, in_section in groupby(updates, key=lambda update: update.section):
        runs = [Run(style, list(run)) for style, run in groupby(in_section, lambda u: u.style)]
        sections.append(Section(heading, runs))
    return sections


def footnote_anchor(update):
    """The prefix of an update's footnote ids, unique on a page that shows many updates."""
    return f"update-{update.pk}-footnote-"
