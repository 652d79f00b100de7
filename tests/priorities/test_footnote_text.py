"""Footnotes as staff write them below an update: "1. Primary call handling"."""

import pytest
from django.core.exceptions import ValidationError

from priorities.text import check_footnotes_match, footnotes_as_text, parse_footnotes


def test_footnotes_are_read_one_a_line_with_a_line_without_a_number_carrying_on():
    text = "1. Primary call handling\n\n2. Figures to 30 November\n  as the force gave them"
    assert parse_footnotes(text) == {
        1: "Primary call handling",
        2: "Figures to 30 November as the force gave them",
    }


def test_footnotes_read_back_as_they_were_written():
    assert footnotes_as_text([(1, "One."), (2, "Two.")]) == "1. One.\n2. Two."
    assert parse_footnotes(footnotes_as_text([(1, "One."), (2, "Two.")])) == {1: "One.", 2: "Two."}


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("Primary call handling", 'Line 1: start a footnote with its number, as in "1. '),
        ("1. One.\n1. Again.", "Line 2: footnote 1 is written twice."),
        ("0. None.", "Line 1: number footnotes from 1."),
    ],
)
def test_a_footnote_written_wrongly_is_refused_naming_its_line(text, message):
    with pytest.raises(ValidationError) as refused:
        parse_footnotes(text)
    assert refused.value.messages[0].startswith(message)


def test_a_reference_without_its_footnote_and_a_footnote_never_referred_to_are_refused():
    with pytest.raises(ValidationError, match="refers to footnote 2"):
        check_footnotes_match("See [^1] and [^2].", {1: "One."})
    with pytest.raises(ValidationError, match=r"Footnote 3 is not referred to: write \[\^3\]"):
        check_footnotes_match("See [^1].", {1: "One.", 3: "Three."})
    check_footnotes_match("See [^1].", {1: "One."})
