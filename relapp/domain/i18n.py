"""The words of the app in the user's language: one GNU gettext catalogue for every layer.

Every layer marks its text the same way (docs/translations.md)::

    from relapp.domain.i18n import _, ngettext, pgettext

    _("Today")                                   # a plain message
    ngettext("{n} person", "{n} people", n)      # plural forms, chosen by the catalogue
    pgettext("verb", "Log")                      # a word with more than one meaning

This module only holds the active catalogue and its locale; it reads no file and no
environment. ``relapp.i18n.install`` (called by the entry point, by the CLI and by the
tests' fixtures) picks the language from LANGUAGE / LC_ALL / LC_MESSAGES / LANG, reads the
catalogue and calls :func:`use`. Until then everything is English (the messages
themselves), so code and tests that never install a language read as before.

Dates and numbers go through :func:`locale_name` and Babel's CLDR data, in one place:
``relapp.domain.timefmt`` (its ``*_text`` functions).
"""

from __future__ import annotations

import gettext

ENGLISH = "en"

_active: gettext.NullTranslations = gettext.NullTranslations()
_locale = ENGLISH


def use(translations: gettext.NullTranslations | None, locale: str = ENGLISH) -> None:
    """Make ``translations`` (None: English) the catalogue of every later message, and
    ``locale`` (a CLDR name: "de", "en") the locale of dates and numbers."""
    global _active, _locale
    _active = translations if translations is not None else gettext.NullTranslations()
    _locale = locale if translations is not None else ENGLISH


def locale_name() -> str:
    """The active locale for dates and numbers ("en" unless a catalogue is in use)."""
    return _locale


def _(message: str) -> str:
    """``message`` in the active language."""
    return _active.gettext(message)


def ngettext(singular: str, plural: str, n: int) -> str:
    """The form of ``singular``/``plural`` for the count ``n`` (the catalogue's plural
    rule: German and English have two forms, other languages more). The caller fills in
    the number: ``ngettext("{n} day", "{n} days", n).format(n=n)``."""
    return _active.ngettext(singular, plural, n)


def pgettext(context: str, message: str) -> str:
    """``message`` in the active language, where the same English word needs different
    translations ("Log" the verb and the noun): ``context`` tells them apart."""
    return _active.pgettext(context, message)


def npgettext(context: str, singular: str, plural: str, n: int) -> str:
    """:func:`ngettext` with a context."""
    return _active.npgettext(context, singular, plural, n)


def N_(message: str) -> str:
    """Marks ``message`` for the catalogue without translating it now (a constant read
    at import time): translate it where it is shown, with ``_(CONSTANT)``."""
    return message
