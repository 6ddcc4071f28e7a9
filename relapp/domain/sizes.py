"""A file size in the user's language: "52.3 MB" ("52,3 MB")."""

from __future__ import annotations

from relapp.domain.i18n import _, locale_name

MEGABYTE = 1024 * 1024


def megabytes_text(size: float, places: int = 1) -> str:
    """``size`` bytes in megabytes with ``places`` decimals and the locale's marks."""
    from babel.numbers import format_decimal

    pattern = "#,##0" + ("." + "0" * places if places else "")
    number = format_decimal(size / MEGABYTE, format=pattern, locale=locale_name())
    return _("{number} MB").format(number=number)
