"""The translation mechanism: the language from the environment, the catalogue complete
for every marked message, plural forms, and dates in the user's language."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from datetime import date, datetime
from pathlib import Path
from types import ModuleType

import pytest

from relapp import i18n
from relapp.domain import dates
from relapp.domain.i18n import ngettext

ROOT = Path(__file__).resolve().parents[2]


def _messages_tool() -> ModuleType:
    spec = importlib.util.spec_from_file_location("messages", ROOT / "packaging" / "messages.py")
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_every_marked_message_is_a_plain_string() -> None:
    assert _messages_tool().marked_messages().problems == []


@pytest.mark.parametrize("language", ["de"])
def test_the_catalogue_has_every_marked_message_translated_and_no_stale_one(
    language: str,
) -> None:
    tool = _messages_tool()
    marked = tool.marked_messages()
    catalogue = tool.read(i18n.catalogue_path(language))
    entries = {(m.context, tool._id(m.id)): m for m in catalogue if m.id}
    missing = sorted(
        f"{marked.where[key]}: {key[1]!r}" for key in marked.messages.keys() - entries.keys()
    )
    stale = sorted(repr(key[1]) for key in entries.keys() - marked.messages.keys())
    untranslated = sorted(
        repr(key[1])
        for key, m in entries.items()
        if "fuzzy" in m.flags or not (all(m.string) if isinstance(m.string, tuple) else m.string)
    )
    fix = "run: python packaging/messages.py, then translate (docs/translations.md)"
    assert missing == [], f"not in the {language} catalogue ({fix}):\n" + "\n".join(missing)
    assert stale == [], f"no longer marked ({fix}):\n" + "\n".join(stale)
    assert untranslated == [], "untranslated or fuzzy:\n" + "\n".join(untranslated)


def test_translations_keep_the_placeholders() -> None:
    tool = _messages_tool()
    catalogue = tool.read(i18n.catalogue_path("de"))
    import string

    def fields(text: str) -> set[str]:
        return {name for _, name, _, _ in string.Formatter().parse(text) if name is not None}

    wrong = []
    for m in catalogue:
        if not m.id:
            continue
        ids = m.id if isinstance(m.id, tuple) else (m.id,)
        strings = m.string if isinstance(m.string, tuple) else (m.string,)
        for text in strings:
            # a translation may leave a field out ("jeden Tag"), never invent one
            if fields(text) - fields(ids[-1]):
                wrong.append(f"{m.id!r} -> {text!r}")
    assert wrong == []


def test_the_language_comes_from_the_environment_like_in_gettext() -> None:
    assert i18n.wanted_languages({"LANGUAGE": "de_AT:fr"}) == ["de_AT", "de", "fr"]
    assert i18n.wanted_languages({"LANG": "de_DE.UTF-8"}) == ["de_DE", "de"]
    assert i18n.wanted_languages({"LC_ALL": "C", "LANG": "de_DE.UTF-8"}) == []
    assert i18n.wanted_languages({"LC_MESSAGES": "de_CH.UTF-8@euro"}) == ["de_CH", "de"]
    assert i18n.install({"LANG": "de_DE.UTF-8"}) == "de"
    assert i18n.install({"LANGUAGE": "fr:en:de"}) == "en"  # English before German: English
    assert i18n.install({}) == "en"


def test_english_without_a_language(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("LANGUAGE", raising=False)
    monkeypatch.delenv("LC_ALL", raising=False)
    monkeypatch.delenv("LC_MESSAGES", raising=False)
    monkeypatch.setenv("LANG", "C.UTF-8")
    assert i18n.install() == "en"
    assert dates.day_text(date(2026, 3, 5)) == "5 Mar 2026"
    assert ngettext("{n} day", "{n} days", 1).format(n=1) == "1 day"


def test_german_dates_and_numbers(german: str) -> None:
    assert german == "de"
    assert dates.day_text(date(2026, 3, 5)) == "5. März 2026"
    assert dates.today_heading(date(2026, 3, 5)) == "Donnerstag, 5. März"
    assert dates.weekday_day_clock_text(datetime(2026, 10, 1, 9, 5)) == "Do., 1. Okt. 2026, 09:05"
    assert dates.number_text(2400) == "2.400"


def test_english_dates_read_as_strftime_did() -> None:
    i18n.install({"LANGUAGE": "en"})
    for month in range(1, 13):
        day = date(2026, month, 7)
        assert dates.day_text(day) == f"{day.day} {day.strftime('%b %Y')}"
        assert dates.today_heading(day) == day.strftime("%A %-d %B")
        assert dates.weekday_day_year_text(day) == day.strftime("%a %-d %b %Y")
    assert dates.number_text(2400) == "2,400"


def test_english_whole_numbers_are_written_as_babel_writes_them() -> None:
    """``number_text`` writes an English whole number without Babel (start-up needs no
    locale data for the people count): the same text as Babel's CLDR pattern."""
    from babel.numbers import format_decimal

    i18n.install({"LANGUAGE": "en"})
    for n in (0, 7, -5, 999, 1000, -1234, 2400, 100_000, 1_234_567, -(10**12)):
        assert dates.number_text(n) == format_decimal(n, locale="en")
    assert dates.number_text(2400.5) == format_decimal(2400.5, locale="en")


def test_the_app_process_reads_german_from_language() -> None:
    code = (
        "from relapp import i18n; from relapp.domain import dates; import datetime;"
        "print(i18n.install(), dates.month_name(3))"
    )
    env = {"LANGUAGE": "de", "PYTHONPATH": str(ROOT), "PATH": "/usr/bin:/bin"}
    out = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert out.stdout.split() == ["de", "März"], out.stderr
