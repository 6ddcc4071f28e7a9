"""A list of phrases in the user's language: "A, B and C" ("A, B und C")."""

from __future__ import annotations

from relapp.domain.i18n import _, pgettext


def words_list(items: list[str]) -> str:
    """Whole phrases, each already in the active language, as one list. The separator
    and the last join are messages of their own, so a language chooses both."""
    if len(items) <= 1:
        return "".join(items)
    head = pgettext("between the items of a list", ", ").join(items[:-1])
    return _("{items} and {last}").format(items=head, last=items[-1])
