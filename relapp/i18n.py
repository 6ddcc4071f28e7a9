"""Choosing the language and loading its catalogue (Qt-free; the UI adds Qt's own).

The language comes from the environment like in every gettext program: the first set of
LANGUAGE (a colon-separated list), LC_ALL, LC_MESSAGES, LANG; "C", "POSIX" and English
mean no translation. So ``LANGUAGE=de relapp --demo`` is German.

The catalogues are the ``.po`` files in ``resources/locale/<lang>/LC_MESSAGES/relapp.po``
(in the repository and in the bundle). No ``.mo`` is ever written: the ``.po`` is read
and compiled in memory at start with Babel (``babel.messages.pofile`` / ``mofile``, the
implementation Sphinx and Flask-Babel use; Babel is here anyway for CLDR dates), about
55 ms for the German catalogue with Babel's import (English pays nothing: no catalogue is
read). Nothing to build after ``pip install -e .``, nothing in
the bundle that could be older than its ``.po``, nothing stale in a test.
"""

from __future__ import annotations

import gettext
import io
import os
from collections.abc import Mapping
from pathlib import Path

from relapp.domain import i18n
from relapp.domain.i18n import N_
from relapp.paths import resources_dir

DOMAIN = "relapp"
_ENVIRONMENT = ("LANGUAGE", "LC_ALL", "LC_MESSAGES", "LANG")


def locale_dir() -> Path:
    return resources_dir() / "locale"


def catalogue_path(language: str) -> Path:
    return locale_dir() / language / "LC_MESSAGES" / f"{DOMAIN}.po"


def wanted_languages(environ: Mapping[str, str]) -> list[str]:
    """The languages asked for, best first, each also without its territory:
    LANGUAGE=de_AT:fr -> ["de_AT", "de", "fr"]; LANG=de_DE.UTF-8 -> ["de_DE", "de"]."""
    for name in _ENVIRONMENT:
        value = environ.get(name, "")
        if value:
            break
    else:
        return []
    wanted: list[str] = []
    for item in value.split(":"):
        code = item.split(".", 1)[0].split("@", 1)[0].strip()
        if not code or code in ("C", "POSIX"):
            continue
        for candidate in (code, code.split("_", 1)[0]):
            if candidate not in wanted:
                wanted.append(candidate)
    return wanted


def compile_catalogue(po_file: Path) -> gettext.GNUTranslations:
    """The ``.po`` file as a gettext catalogue, compiled in memory (fuzzy entries left
    out, as msgfmt does). Babel's catalogue modules are imported here, only when a
    translation is wanted (English starts without them)."""
    from babel.messages.mofile import write_mo
    from babel.messages.pofile import read_po

    with po_file.open("rb") as source:
        catalogue = read_po(source, locale=po_file.parent.parent.name, domain=DOMAIN)
    compiled = io.BytesIO()
    write_mo(compiled, catalogue, use_fuzzy=False)
    compiled.seek(0)
    return gettext.GNUTranslations(compiled)


def install(environ: Mapping[str, str] | None = None) -> str:
    """Use the first wanted language that has a catalogue; English when none has (or
    when English comes first). Returns the language in use ("de", "en")."""
    _argparse_speaks_ours()
    for language in wanted_languages(os.environ if environ is None else environ):
        if language == i18n.ENGLISH:
            break
        path = catalogue_path(language)
        if path.is_file():
            i18n.use(compile_catalogue(path), language)
            return language
    i18n.use(None)
    return i18n.ENGLISH


# argparse's own words ("usage:", "options", its errors) are gettext messages of the
# standard library, looked up through the module's ``_`` and ``ngettext`` each time one
# is said. Python ships no catalogue for them, so they are messages of ours (below, as
# argparse spells them in Python 3.11-3.13) and argparse is pointed at our catalogue.
ARGPARSE_MESSAGES = (
    N_("usage: "),
    N_("positional arguments"),
    N_("options"),
    N_("show this help message and exit"),
    N_("show program's version number and exit"),
    N_("%(prog)s: error: %(message)s\n"),
    N_("argument %(argument_name)s: %(message)s"),
    N_("unrecognized arguments: %s"),
    N_("not allowed with argument %s"),
    N_("ignored explicit argument %r"),
    N_("the following arguments are required: %s"),
    N_("one of the arguments %s is required"),
    N_("expected one argument"),
    N_("expected at most one argument"),
    N_("expected at least one argument"),
    N_("ambiguous option: %(option)s could match %(matches)s"),
    N_("invalid %(type)s value: %(value)r"),
    N_("invalid choice: %(value)r (choose from %(choices)s)"),
    N_("can't open '%(filename)s': %(error)s"),
    N_("unexpected option string: %s"),
)


def _argparse_speaks_ours() -> None:
    import argparse

    from relapp.domain.i18n import _, ngettext

    argparse._ = _  # type: ignore[attr-defined]
    argparse.ngettext = ngettext  # type: ignore[attr-defined]


def _argparse_plural(n: int) -> str:
    """argparse's one plural message, marked here for the catalogue (argparse asks)."""
    return i18n.ngettext("expected %s argument", "expected %s arguments", n)
