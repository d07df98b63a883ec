"""Telegram's HTML parse mode: validation, plain text and entities (UTF-16 offsets)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from emulator.errors import ApiError, bad_request

ENTITY_TYPES = {
    "b": "bold",
    "strong": "bold",
    "i": "italic",
    "em": "italic",
    "u": "underline",
    "ins": "underline",
    "s": "strikethrough",
    "strike": "strikethrough",
    "del": "strikethrough",
    "tg-spoiler": "spoiler",
    "span": "spoiler",
    "a": "text_link",
    "code": "code",
    "pre": "pre",
    "blockquote": "blockquote",
    "tg-emoji": "custom_emoji",
}
NAMED_ENTITIES = {"lt": "<", "gt": ">", "amp": "&", "quot": '"'}
_NUMERIC = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,6})|([0-9]{1,7}));")
_NAMED = re.compile(r"&([a-zA-Z]{2,4});")
_SPACE = " \t\r\n\f\v"


def utf16_len(text: str) -> int:
    """Length in UTF-16 code units, the unit Telegram counts in."""
    return len(text.encode("utf-16-le")) // 2


@dataclass
class ParsedText:
    text: str
    entities: list[dict[str, Any]] = field(default_factory=list)


@dataclass
class _Open:
    tag: str
    start: int
    attrs: dict[str, str]


def _parse_error(detail: str) -> ApiError:
    return bad_request(f"can't parse entities: {detail}")


class _HtmlParser:
    def __init__(self, source: str) -> None:
        self.src = source
        self.pos = 0
        self.out: list[str] = []
        self.out16 = 0
        self.stack: list[_Open] = []
        self.entities: list[dict[str, Any]] = []

    def byte_offset(self, index: int) -> int:
        return len(self.src[:index].encode("utf-8"))

    def emit(self, chunk: str) -> None:
        self.out.append(chunk)
        self.out16 += utf16_len(chunk)

    def run(self) -> ParsedText:
        src = self.src
        while self.pos < len(src):
            ch = src[self.pos]
            if ch == "&":
                self.entity()
            elif ch == "<":
                self.tag()
            else:
                nxt = _next_special(src, self.pos)
                self.emit(src[self.pos : nxt])
                self.pos = nxt
        if self.stack:
            raise _parse_error(
                f'Can\'t find end tag corresponding to start tag "{self.stack[-1].tag}"'
            )
        return _finish("".join(self.out), self.entities)

    def entity(self) -> None:
        decoded, end = decode_entity(self.src, self.pos)
        if decoded is None:
            offset = self.byte_offset(self.pos)
            raise _parse_error(f"Character '&' must be escaped as &amp; at byte offset {offset}")
        self.emit(decoded)
        self.pos = end

    def tag(self) -> None:
        if self.src.startswith("</", self.pos):
            self.end_tag()
        else:
            self.start_tag()

    def start_tag(self) -> None:
        begin = self.pos
        src = self.src
        i = begin + 1
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        if i >= len(src):
            raise _parse_error(f"Unclosed start tag at byte offset {self.byte_offset(begin)}")
        name = src[begin + 1 : i].lower()
        if name not in ENTITY_TYPES:
            raise _parse_error(
                f'Unsupported start tag "{name}" at byte offset {self.byte_offset(begin)}'
            )
        attrs, i = _read_attributes(self, name, begin, i)
        if name == "span" and attrs.get("class") != "tg-spoiler":
            raise _parse_error(
                f'Tag "span" must have class "tg-spoiler" at byte offset {self.byte_offset(begin)}'
            )
        self.stack.append(_Open(name, self.out16, attrs))
        self.pos = i + 1

    def end_tag(self) -> None:
        begin = self.pos
        src = self.src
        if not self.stack:
            raise _parse_error(f"Unexpected end tag at byte offset {self.byte_offset(begin)}")
        i = begin + 2
        while i < len(src) and src[i] not in _SPACE and src[i] != ">":
            i += 1
        end_name = src[begin + 2 : i].lower()
        while i < len(src) and src[i] in _SPACE:
            i += 1
        if i >= len(src) or src[i] != ">":
            raise _parse_error(f"Unclosed end tag at byte offset {self.byte_offset(begin)}")
        top = self.stack.pop()
        if end_name and end_name != top.tag:
            raise _parse_error(
                f"Unmatched end tag at byte offset {self.byte_offset(begin)}, "
                f'expected "</{top.tag}>", found "</{end_name}>"'
            )
        self.close(top)
        self.pos = i + 1

    def close(self, top: _Open) -> None:
        length = self.out16 - top.start
        if length <= 0:
            return
        entity: dict[str, Any] = {
            "type": ENTITY_TYPES[top.tag],
            "offset": top.start,
            "length": length,
        }
        if top.tag == "a":
            entity["url"] = top.attrs.get("href", "")
        elif top.tag == "tg-emoji":
            entity["custom_emoji_id"] = top.attrs.get("emoji-id", "")
        elif top.tag == "blockquote" and "expandable" in top.attrs:
            entity["type"] = "expandable_blockquote"
        elif top.tag == "pre" and top.attrs.get("language"):
            entity["language"] = top.attrs["language"]
        elif top.tag == "code" and self._merge_into_pre(top):
            return
        self.entities.append(entity)

    def _merge_into_pre(self, top: _Open) -> bool:
        language = top.attrs.get("class", "")
        parent = self.stack[-1] if self.stack else None
        if not language.startswith("language-") or parent is None or parent.tag != "pre":
            return False
        # Telegram folds <pre><code class="language-x"> into one pre entity.
        parent.attrs["language"] = language.removeprefix("language-")
        return True


def _next_special(src: str, start: int) -> int:
    positions = [p for p in (src.find("<", start), src.find("&", start)) if p != -1]
    return min(positions) if positions else len(src)


def decode_entity(src: str, pos: int) -> tuple[str | None, int]:
    """Decode the HTML entity at pos; (None, pos) when it isn't one Telegram knows."""
    numeric = _NUMERIC.match(src, pos)
    if numeric:
        code = int(numeric.group(1), 16) if numeric.group(1) else int(numeric.group(2))
        if 0 < code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF:
            return chr(code), numeric.end()
        return None, pos
    named = _NAMED.match(src, pos)
    if named and named.group(1) in NAMED_ENTITIES:
        return NAMED_ENTITIES[named.group(1)], named.end()
    return None, pos


def _read_attributes(
    parser: _HtmlParser, tag: str, begin: int, i: int
) -> tuple[dict[str, str], int]:
    src = parser.src
    attrs: dict[str, str] = {}
    unclosed = _parse_error(f"Unclosed start tag at byte offset {parser.byte_offset(begin)}")
    while True:
        while i < len(src) and src[i] in _SPACE:
            i += 1
        if i >= len(src):
            raise unclosed
        if src[i] == ">":
            return attrs, i
        name_start = i
        while i < len(src) and src[i] not in _SPACE and src[i] not in "=>":
            i += 1
        name = src[name_start:i].lower()
        if not name:
            raise _parse_error(
                f'Empty attribute name in the tag "{tag}" at byte offset '
                f"{parser.byte_offset(begin)}"
            )
        while i < len(src) and src[i] in _SPACE:
            i += 1
        if i < len(src) and src[i] != "=" and tag == "blockquote" and name == "expandable":
            attrs[name] = ""
            continue
        if i >= len(src) or src[i] != "=":
            raise _parse_error(
                f'Expected equal sign in declaration of an attribute of the tag "{tag}" '
                f"at byte offset {parser.byte_offset(begin)}"
            )
        value, i = _read_value(parser, src, i + 1, unclosed)
        attrs[name] = value


def _read_value(parser: _HtmlParser, src: str, i: int, unclosed: ApiError) -> tuple[str, int]:
    while i < len(src) and src[i] in _SPACE:
        i += 1
    if i >= len(src):
        raise unclosed
    if src[i] not in "'\"":
        start = i
        while i < len(src) and (src[i].isalnum() or src[i] in ".-_"):
            i += 1
        return src[start:i].lower(), i
    quote = src[i]
    end = src.find(quote, i + 1)
    if end == -1:
        raise unclosed
    return _unescape_attribute(src[i + 1 : end]), end + 1


def _unescape_attribute(raw: str) -> str:
    out: list[str] = []
    i = 0
    while i < len(raw):
        if raw[i] == "&":
            decoded, end = decode_entity(raw, i)
            if decoded is not None:
                out.append(decoded)
                i = end
                continue
        out.append(raw[i])
        i += 1
    return "".join(out)


def _finish(text: str, entities: list[dict[str, Any]]) -> ParsedText:
    """Trim surrounding whitespace like Telegram does, keeping entity offsets right."""
    stripped = text.strip()
    if not stripped:
        return ParsedText("", [])
    shift = utf16_len(text[: len(text) - len(text.lstrip())])
    total = utf16_len(stripped)
    kept: list[dict[str, Any]] = []
    for entity in entities:
        start = max(entity["offset"] - shift, 0)
        end = min(entity["offset"] + entity["length"] - shift, total)
        if end > start:
            kept.append({**entity, "offset": start, "length": end - start})
    kept.sort(key=lambda e: (e["offset"], -e["length"]))
    return ParsedText(stripped, kept)


def parse_html(source: str) -> ParsedText:
    """Parse Telegram HTML; raises ApiError 400 "can't parse entities: ..." on bad markup."""
    return _HtmlParser(source).run()


def parse_plain(source: str) -> ParsedText:
    return _finish(source, [])
