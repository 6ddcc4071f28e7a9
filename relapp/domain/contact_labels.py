"""The well-known labels of a contact point, in the user's language.

A label is stored as written, and a well-known one is an English word ("work",
"mobile": what vCard's TYPE says, ``domain/vcard/labels.py``), so exports and sync keep
it. The person page and the contact editor show those words translated ("geschäftlich",
"mobil"); a label the user typed, or one of several words ("home fax"), is shown as it is.
"""

from __future__ import annotations

from relapp.domain.i18n import pgettext


def _words() -> dict[str, str]:
    return {
        "home": pgettext("contact label", "home"),
        "work": pgettext("contact label", "work"),
        "mobile": pgettext("contact label", "mobile"),
        "other": pgettext("contact label", "other"),
        "fax": pgettext("contact label", "fax"),
        "pager": pgettext("contact label", "pager"),
        "main": pgettext("contact label", "main"),
        "blog": pgettext("contact label", "blog"),
        "home page": pgettext("contact label", "home page"),
    }


def label_text(label: str) -> str:
    """A stored label as shown: a well-known one in the user's language."""
    return _words().get(label.strip().casefold(), label)


def label_key(text: str) -> str:
    """What to store for a label as shown or typed: the key of a well-known label whose
    translation it is, else the text itself (so English typing is kept as typed)."""
    wanted = text.strip()
    for key, words in _words().items():
        if words != key and words.casefold() == wanted.casefold():
            return key
    return wanted
