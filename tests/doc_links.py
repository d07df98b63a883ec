"""Links of the project's Markdown documents: a clone holds only the repository, so every
relative link (and every `../…` path written as code) must name a file inside it."""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

_SKIPPED_FOLDERS = frozenset({"node_modules", "build", "dist", "artifacts", "__pycache__"})
_FENCE = re.compile(r"^\s*(```|~~~).*?^\s*\1", re.MULTILINE | re.DOTALL)
_INLINE_LINK = re.compile(r"!?\[[^\]]*\]\(\s*<?([^)\s>]+)")
_REFERENCE = re.compile(r"^\s*\[[^\]]+\]:\s*<?(\S+?)>?(?:\s|$)", re.MULTILINE)
_CLIMBING_CODE = re.compile(r"`(\.\./[^`\s]*)`")
_SCHEME = re.compile(r"^[A-Za-z][A-Za-z0-9+.-]*:")


def markdown_files(root: Path) -> list[Path]:
    """The documents of the project: every *.md outside hidden, generated and data folders."""
    return sorted(
        path
        for path in root.rglob("*.md")
        if not any(_skipped(part) for part in path.relative_to(root).parent.parts)
    )


def _skipped(folder: str) -> bool:
    return folder.startswith(".") or folder.endswith(".egg-info") or folder in _SKIPPED_FOLDERS


def local_links(text: str) -> Iterator[str]:
    """Link targets that are paths (no scheme, not only an #anchor), outside code blocks."""
    prose = _FENCE.sub("", text)
    found = [*_INLINE_LINK.findall(prose), *_REFERENCE.findall(prose)]
    found += _CLIMBING_CODE.findall(prose)
    for target in found:
        if not _SCHEME.match(target) and not target.startswith("#"):
            yield target


def broken_links(root: Path, document: Path) -> list[str]:
    """The links of the document that leave the repository or name no file."""
    root = root.resolve()
    broken = []
    for target in local_links(document.read_text(encoding="utf-8")):
        path = target.split("#")[0]
        base = root if path.startswith("/") else document.resolve().parent
        resolved = (base / path.lstrip("/")).resolve()
        if not resolved.is_relative_to(root):
            broken.append(f"{target} (outside the repository)")
        elif not resolved.exists():
            broken.append(f"{target} (no such file)")
    return broken
