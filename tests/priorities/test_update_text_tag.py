from types import SimpleNamespace

from priorities.templatetags.updates import update_text


def render(text):
    return update_text(SimpleNamespace(text=text))


def test_paragraphs_and_sub_bullets_become_html():
    html = render("Successes from August include:\n- Two arrested.\n- Cash seized.")
    assert html == (
        "<p>Successes from August include:</p>"
        '<ul class="sub-bullets"><li>Two arrested.</li><li>Cash seized.</li></ul>'
    )


def test_a_footnote_reference_becomes_a_superscript_link():
    html = render("the switchboard (primary call handling[^1]) is")
    assert html == (
        '<p>the switchboard (primary call handling<sup><a href="#footnote-1" '
        'aria-label="footnote 1">1</a></sup>) is</p>'
    )


def test_markup_typed_by_staff_is_shown_as_text():
    html = render('<script>alert("x")</script> & <b>bold</b>\n- <img src=x onerror=alert(1)>')
    assert "<script>" not in html
    assert "<img" not in html
    assert "&lt;script&gt;" in html
    assert "&amp;" in html
