"""Telegram HTML parse mode: plain text, entities, errors and UTF-16 length."""

import pytest

from emulator import ApiError, parse_html, utf16_len


def test_plain_text_and_entities() -> None:
    parsed = parse_html("<b>Halo</b> <i>warga</i> &lt;3 &amp; &#128512;")
    assert parsed.text == "Halo warga <3 & 😀"
    assert parsed.entities == [
        {"type": "bold", "offset": 0, "length": 4},
        {"type": "italic", "offset": 5, "length": 5},
    ]


def test_all_supported_tags() -> None:
    source = (
        "<strong>a</strong><em>b</em><u>c</u><ins>d</ins><s>e</s><strike>f</strike><del>g</del>"
        '<span class="tg-spoiler">h</span><tg-spoiler>i</tg-spoiler><a href="https://x.id">j</a>'
        '<code>k</code><pre><code class="language-python">l</code></pre>'
        '<blockquote expandable>m</blockquote><tg-emoji emoji-id="5368324170671202286">n</tg-emoji>'
    )
    parsed = parse_html(source)
    assert parsed.text == "abcdefghijklmn"
    types = [e["type"] for e in parsed.entities]
    assert types.count("strikethrough") == 3
    assert {"type": "pre", "offset": 11, "length": 1, "language": "python"} in parsed.entities
    assert {"type": "text_link", "offset": 9, "length": 1, "url": "https://x.id"} in parsed.entities
    assert "expandable_blockquote" in types
    assert "custom_emoji" in types


def test_offsets_count_utf16_units() -> None:
    parsed = parse_html("😀 <b>x</b>")
    assert parsed.entities == [{"type": "bold", "offset": 3, "length": 1}]
    assert utf16_len("😀") == 2
    assert utf16_len("é") == 1


def test_surrounding_whitespace_is_trimmed() -> None:
    parsed = parse_html("\n  <b>hi</b>  \n")
    assert parsed.text == "hi"
    assert parsed.entities == [{"type": "bold", "offset": 0, "length": 2}]
    assert parse_html("  <b> </b> ").text == ""


@pytest.mark.parametrize(
    ("source", "message"),
    [
        ("Halo <foo>x</foo>", 'Unsupported start tag "foo" at byte offset 5'),
        ("a < b", 'Unsupported start tag "" at byte offset 2'),
        ("<b>bold", 'Can\'t find end tag corresponding to start tag "b"'),
        ("<b>x</i>", 'Unmatched end tag at byte offset 4, expected "</b>", found "</i>"'),
        ("x</b>", "Unexpected end tag at byte offset 1"),
        ("Q&A", "Character '&' must be escaped as &amp; at byte offset 1"),
        ("&nbsp;", "Character '&' must be escaped as &amp; at byte offset 0"),
        ('<span class="x">s</span>', 'Tag "span" must have class "tg-spoiler" at byte offset 0'),
        ("<b", "Unclosed start tag at byte offset 0"),
        ('<a href="x>y</a>', "Unclosed start tag at byte offset 0"),
        ("é<u>", 'Can\'t find end tag corresponding to start tag "u"'),
        ("éé<x>", 'Unsupported start tag "x" at byte offset 4'),
    ],
)
def test_parse_errors(source: str, message: str) -> None:
    with pytest.raises(ApiError) as caught:
        parse_html(source)
    assert caught.value.code == 400
    assert caught.value.description == f"Bad Request: can't parse entities: {message}"


def test_attribute_entities_are_decoded() -> None:
    parsed = parse_html('<a href="https://x.id/?a=1&amp;b=2">link</a>')
    assert parsed.entities[0]["url"] == "https://x.id/?a=1&b=2"
