"""The rules of docs/ARCHITECTURE.md, kept by reading the tree: one way down to storage, no
cycle between packages, every module importable on its own, no document linking outside.

The second half runs the same checks on small synthetic trees, to show each one can fail."""

from __future__ import annotations

from pathlib import Path

import pytest

from tests.doc_links import broken_links, markdown_files
from tests.import_rules import (
    Import,
    describe_cycle,
    find_modules,
    fresh_import_failures,
    libraries,
    package_cycles,
    package_edges,
    reaching,
    read_imports,
)

ROOT = Path(__file__).resolve().parents[2]
# Run, never imported: `python -m bot` runs the CLI, and alembic runs env.py with its context.
NOT_IMPORTABLE = frozenset({"bot.__main__", "storage.migrations.env"})


@pytest.fixture(scope="module")
def imports() -> list[Import]:
    return read_imports(find_modules(ROOT))


def listed(found: list[Import]) -> str:
    return "".join(f"\n  {one}" for one in found)


def cycles_of(imports: list[Import]) -> list[str]:
    edges = package_edges(imports)
    return [describe_cycle(path, edges) for path in package_cycles(edges)]


def fresh_failures(root: Path, imports: list[Import], modules: list[str]) -> list[str]:
    failures = fresh_import_failures(root, modules, libraries(imports))
    return [f"import {module}: {error}" for module, error in sorted(failures.items())]


# --- the tree ---------------------------------------------------------------------------


def test_storage_imports_nothing_from_bot(imports: list[Import]) -> None:
    if found := reaching(imports, "storage", "bot"):
        pytest.fail(f"storage/ must not import bot/:{listed(found)}", pytrace=False)


def test_handlers_import_nothing_from_storage(imports: list[Import]) -> None:
    if found := reaching(imports, "bot.handlers", "storage"):
        message = f"bot/handlers/ must not import storage/ (call a service):{listed(found)}"
        pytest.fail(message, pytrace=False)


def test_no_import_cycle_between_packages(imports: list[Import]) -> None:
    if cycles := cycles_of(imports):
        pytest.fail("import cycles between packages:\n" + "\n".join(cycles), pytrace=False)


def test_every_module_imports_alone_in_a_fresh_interpreter(imports: list[Import]) -> None:
    modules = sorted(set(find_modules(ROOT)) - NOT_IMPORTABLE)
    if failures := fresh_failures(ROOT, imports, modules):
        message = "modules that fail as the first import:\n" + "\n".join(failures)
        pytest.fail(message, pytrace=False)


def test_documents_link_only_inside_the_repository() -> None:
    broken = {
        str(doc.relative_to(ROOT)): links
        for doc in markdown_files(ROOT)
        if (links := broken_links(ROOT, doc))
    }
    if broken:
        pytest.fail(f"links a clone cannot follow: {broken}", pytrace=False)


# --- the checks can fail ----------------------------------------------------------------


def write_tree(root: Path, files: dict[str, str]) -> list[Import]:
    """The modules named, each folder of them a package (an empty `__init__.py` unless given)."""
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
        for folder in path.relative_to(root).parents[:-1]:
            init = root / folder / "__init__.py"
            if not init.exists() and str(folder / "__init__.py") not in files:
                init.write_text("", encoding="utf-8")
    return read_imports(find_modules(root))


def test_storage_reaching_up_inside_a_function_is_found(tmp_path: Path) -> None:
    imports = write_tree(
        tmp_path,
        {
            "bot/settings.py": "URL = 'x'\n",
            "storage/env.py": "def url():\n    from bot.settings import URL\n    return URL\n",
        },
    )
    assert [str(i) for i in reaching(imports, "storage", "bot")] == [
        "storage.env (line 2) imports bot.settings"
    ]


def test_a_handler_importing_storage_is_found_relative_or_absolute(tmp_path: Path) -> None:
    imports = write_tree(
        tmp_path,
        {
            "bot/handlers/common.py": "from storage import db\nfrom ..roles import Staff\n",
            "bot/roles.py": "class Staff: ...\n",
            "storage/db.py": "",
        },
    )
    assert [str(i) for i in reaching(imports, "bot.handlers", "storage")] == [
        "bot.handlers.common (line 1) imports storage.db"
    ]
    assert Import("bot.handlers.common", "bot.roles", 2) in imports


def test_a_cycle_between_packages_is_found_with_its_path(tmp_path: Path) -> None:
    imports = write_tree(
        tmp_path,
        {
            "bot/broadcast/__init__.py": "from bot.broadcast.worker import send\n",
            "bot/broadcast/worker.py": "from bot.staff import rounds\n\ndef send(): ...\n",
            "bot/staff/rounds.py": "def close():\n    from bot.broadcast import send\n",
        },
    )
    assert cycles_of(imports) == [
        "bot.broadcast → bot.staff → bot.broadcast"
        "\n    bot.broadcast.worker (line 1) imports bot.staff.rounds"
        "\n    bot.staff.rounds (line 2) imports bot.broadcast"
    ]


def test_imports_for_the_type_checker_and_inside_a_package_make_no_cycle(
    tmp_path: Path,
) -> None:
    imports = write_tree(
        tmp_path,
        {
            "bot/broadcast/__init__.py": "from bot.broadcast import worker\n",
            "bot/broadcast/worker.py": "from bot.staff import rounds\n",
            "bot/staff/rounds.py": (
                "from typing import TYPE_CHECKING\n"
                "if TYPE_CHECKING:\n    from bot.broadcast import worker\n"
            ),
        },
    )
    assert cycles_of(imports) == []


def test_a_module_that_works_only_after_another_is_found(tmp_path: Path) -> None:
    # bot.reminders ↔ bot.broadcast, as it was: importing `later` first works, `first` alone
    # fails on a partially initialised module.
    imports = write_tree(
        tmp_path,
        {
            "pkg/first.py": "import pkg.later\n\ndef helper(): ...\n",
            "pkg/later.py": "from pkg.first import helper\n",
        },
    )
    failures = fresh_failures(tmp_path, imports, ["pkg.first", "pkg.later"])
    assert len(failures) == 1
    assert failures[0].startswith("import pkg.first: ImportError")
    assert "partially initialized module 'pkg.first'" in failures[0]


def test_links_leaving_the_repository_or_naming_no_file_are_found(tmp_path: Path) -> None:
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "ARCHITECTURE.md").write_text("[back](../README.md#how-it-works)\n")
    (tmp_path / "README.md").write_text(
        "See `../shared/DESIGN.md`, [the map](docs/ARCHITECTURE.md), [web](https://t.me/x),\n"
        "[here](#how-it-works), [gone](docs/GONE.md) and ![up](../up.png).\n"
        "```sh\ncd ../elsewhere\n```\n"
    )
    assert [str(doc.relative_to(tmp_path)) for doc in markdown_files(tmp_path)] == [
        "README.md",
        "docs/ARCHITECTURE.md",
    ]
    assert broken_links(tmp_path, tmp_path / "README.md") == [
        "docs/GONE.md (no such file)",
        "../up.png (outside the repository)",
        "../shared/DESIGN.md (outside the repository)",
    ]
    assert broken_links(tmp_path, tmp_path / "docs" / "ARCHITECTURE.md") == []
