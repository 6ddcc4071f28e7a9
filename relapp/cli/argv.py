"""The first word of a command line, read before anything else is imported: without one
(``relapp``, ``relapp --data-dir DIR``) there is no command to look for and the window
starts without loading the commands (``relapp/__main__.py``)."""

from __future__ import annotations

from collections.abc import Sequence


def first_word(argv: Sequence[str]) -> str | None:
    """The first word of a command line that is not an option (nor ``--data-dir``'s)."""
    position = 0
    while position < len(argv):
        word = argv[position]
        if word == "--data-dir":
            position += 2
        elif word.startswith("-") and word != "-":
            position += 1
        else:
            return word
    return None
