"""What a notification says, whichever way it goes out."""

from __future__ import annotations

from dataclasses import dataclass

from relapp import APP_ID

__all__ = ["APP_ID", "OPEN", "Note"]

OPEN = "default"  # a click on the notification itself (the spec's "default" action)


@dataclass(frozen=True)
class Note:
    """``key`` names what the note is about ("promise-12"): a later note with the same
    key replaces it. ``actions`` are (id, label) pairs shown as buttons, in order; the
    id ``"default"`` is a click on the note itself."""

    key: str
    title: str
    body: str
    actions: tuple[tuple[str, str], ...] = ()
    app_name: str = "Relapp"
