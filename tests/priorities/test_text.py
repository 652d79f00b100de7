import pytest
from django.core.exceptions import ValidationError

from priorities.text import check_update_text, parse_update_text


def test_lines_of_one_paragraph_join_into_one_sentence_run():
    blocks = parse_update_text("Operation Raptor is the\nEssex Police response.")
    assert [(b.kind, b.text) for b in blocks] == [
        ("paragraph", "Operation Raptor is the Essex Police response.")
    ]


def test_a_blank_line_separates_paragraphs():
    blocks = parse_update_text("First.\n\nSecond.")
    assert [b.text for b in blocks] == ["First.", "Second."]


def test_dash_lines_become_sub_bullets_of_the_paragraph_before_them():
    text = "Successes from August include:\n- Two arrested.\n- Drugs seized.\n\nMore follows."
    blocks = parse_update_text(text)
    assert [b.kind for b in blocks] == ["paragraph", "bullets", "paragraph"]
    assert blocks[1].items == ["Two arrested.", "Drugs seized."]


def test_windows_line_endings_read_the_same():
    assert parse_update_text("A\r\n- b\r\n") == parse_update_text("A\n- b\n")


def test_it_refuses_bullets_nested_two_levels():
    with pytest.raises(ValidationError, match="one level"):
        check_update_text("Parent\n- child\n  - grandchild")


def test_it_refuses_an_empty_update():
    with pytest.raises(ValidationError, match="Write the update"):
        check_update_text("  \n ")
