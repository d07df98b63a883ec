"""Reading the .po catalogs shipped as package data; compiled in memory, no .mo files."""

from __future__ import annotations

import gettext
import io
from importlib import resources
from importlib.resources.abc import Traversable

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import read_po

DOMAIN = "messages"


def catalog_resource(locale: str) -> Traversable:
    return resources.files("bot.i18n").joinpath("locales", locale, "LC_MESSAGES", f"{DOMAIN}.po")


def read_catalog(locale: str) -> Catalog | None:
    resource = catalog_resource(locale)
    if not resource.is_file():
        return None
    with resource.open("rb") as handle:
        return read_po(handle, locale=locale, domain=DOMAIN)


def _drop_untranslated(catalog: Catalog) -> None:
    # write_mo keeps plural entries whose forms are all empty; gettext would then return "".
    for message in list(catalog):
        forms = message.string if isinstance(message.string, tuple) else (message.string,)
        if message.id and not all(forms):
            catalog.delete(message.id, context=message.context)


def compile_catalog(catalog: Catalog) -> gettext.GNUTranslations:
    """In-memory .mo of ``catalog`` (from which untranslated entries are removed; msgid used)."""
    _drop_untranslated(catalog)
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return gettext.GNUTranslations(buffer)


def load_translations(locale: str) -> gettext.NullTranslations:
    """Translations for ``locale``; a missing catalog or entry falls back to the msgid."""
    catalog = read_catalog(locale)
    return gettext.NullTranslations() if catalog is None else compile_catalog(catalog)
