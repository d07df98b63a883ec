"""Re-extract messages and update the catalogs: ``python -m bot.i18n.update_catalogs``.

English msgstrs are filled with their msgids; Indonesian ones must be translated by hand.
"""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from babel.messages.catalog import Catalog
from babel.messages.pofile import read_po, write_po

from bot.i18n import SUPPORTED_LOCALES
from bot.i18n.catalogs import DOMAIN

ROOT = Path(__file__).resolve().parents[2]
I18N_DIR = ROOT / "bot" / "i18n"
TEMPLATE = I18N_DIR / f"{DOMAIN}.pot"
LOCALES_DIR = I18N_DIR / "locales"
SOURCE_LOCALE = "en"
KEYWORDS = ("t", "n:1,2", "N_")
COMMENT_TAG = "Translators:"


def _pybabel(*args: str) -> None:
    # Run from the project root so that locations in the catalogs stay relative.
    command = [sys.executable, "-m", "babel.messages.frontend", "--quiet", *args]
    subprocess.run(command, cwd=ROOT, check=True, stdout=subprocess.DEVNULL)


def extract(output: Path) -> None:
    """Extract the messages of bot/ and storage/ (per babel.cfg) into the template ``output``."""
    keywords = [arg for keyword in KEYWORDS for arg in ("-k", keyword)]
    _pybabel(
        "extract",
        "-F",
        "babel.cfg",
        *keywords,
        f"--add-comments={COMMENT_TAG}",
        "--project=Rembug",
        "-o",
        str(output),
        ".",
    )


def catalog_path(locale: str) -> Path:
    return LOCALES_DIR / locale / "LC_MESSAGES" / f"{DOMAIN}.po"


def update(locale: str) -> None:
    command = "update" if catalog_path(locale).exists() else "init"
    extra = ["--ignore-pot-creation-date"] if command == "update" else []
    _pybabel(
        command, "-i", str(TEMPLATE), "-d", str(LOCALES_DIR), "-D", DOMAIN, "-l", locale, *extra
    )


def fill_with_msgids(catalog: Catalog) -> None:
    """Make every msgstr equal to its msgid (the msgids are the English text)."""
    catalog.fuzzy = False
    for message in catalog:
        if not message.id:
            continue
        message.string = message.id
        message.flags.discard("fuzzy")


def complete_source_locale() -> None:
    path = catalog_path(SOURCE_LOCALE)
    with path.open("rb") as handle:
        catalog = read_po(handle, locale=SOURCE_LOCALE, domain=DOMAIN)
    fill_with_msgids(catalog)
    with path.open("wb") as handle:
        write_po(handle, catalog)


def main() -> None:
    extract(TEMPLATE)
    for locale in SUPPORTED_LOCALES:
        update(locale)
    complete_source_locale()
    print(f"Updated {TEMPLATE.relative_to(ROOT)} and the {', '.join(SUPPORTED_LOCALES)} catalogs.")
    print("Now translate the new or fuzzy entries of the id catalog by hand.")


if __name__ == "__main__":
    main()
