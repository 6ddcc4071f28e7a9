"""LANGUAGE=de: what a sync reports — what it received and sent, part by part, and why
it could not start or stopped — is German; the server's own words (a status reason) and
addresses stay as they are."""

from __future__ import annotations

import pytest

from relapp.services.sync import engine
from relapp.services.sync.dav import DavClient, DavError
from relapp.services.sync.tally import Tally
from relapp.storage import Database


def test_what_a_sync_did_is_german(german: str) -> None:
    tally = Tally(received_new=2, received_changed=1, sent_deleted=1, merged=1, left_alone=3)
    assert tally.lines("history") == [
        "Verlaufseinträge und Vorstellungen empfangen: 2 neu, 1 geändert, 0 gelöscht",
        "Verlaufseinträge und Vorstellungen gesendet: 0 neu, 0 geändert, 1 gelöscht",
        "Auf beiden Seiten geändert und zusammengeführt: 1",
        "Von einer anderen App geschrieben und so gelassen: 3",
    ]
    assert (
        Tally(sent_new=1).lines("people")[1] == "Personen gesendet: 1 neu, 0 geändert, 0 gelöscht"
    )


def test_a_sync_that_cannot_start_says_why_in_german(german: str, db: Database) -> None:
    with pytest.raises(engine.NoAccount) as none:
        engine.account(db)
    assert str(none.value) == (
        "noch kein Sync-Server eingerichtet: gib einmal --url URL --user BENUTZER an"
    )
    with pytest.raises(DavError) as bad:
        DavClient("ftp://dav.example.com/", "ada", "secret").propfind("ftp://dav.example.com/")
    assert str(bad.value) == "'ftp://dav.example.com/' ist keine http://- oder https://-Adresse"


def test_why_a_calendar_item_cannot_be_read_is_german(german: str) -> None:
    from relapp.domain.sync.ical_lines import CalendarItemError
    from relapp.domain.sync.ical_text import parse_item

    def why(text: str) -> str:
        with pytest.raises(CalendarItemError) as unreadable:
            parse_item(text, "a.ics", "VJOURNAL")
        return str(unreadable.value)

    assert why("  ") == "a.ics: der Eintrag ist leer"
    assert why("BEGIN:VCALENDAR\nVERSION:2.0\n") == (
        "a.ics, Zeile 1: BEGIN:VCALENDAR wird nie beendet"
    )
    assert why("BEGIN:VCALENDAR\nnonsense\nEND:VCALENDAR\n") == (
        "a.ics, Zeile 2: keine iCalendar-Zeile: 'nonsense'"
    )
    todo = "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VTODO\nUID:x\nEND:VTODO\nEND:VCALENDAR\n"
    assert why(todo) == "a.ics: kein VJOURNAL im Eintrag (er enthält VTODO)"
