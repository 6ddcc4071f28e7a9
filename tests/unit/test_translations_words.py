"""The translated wordings read exactly as the English ones they stand beside, and German
where German is asked for."""

from __future__ import annotations

import itertools
from datetime import UTC, datetime, timedelta

import pytest

from relapp.domain import promises
from relapp.domain.model import Channel
from relapp.domain.promises import Promise, Promiser, PromiseStatus
from relapp.domain.reminder_words import caught_up_words, reminder_words
from relapp.domain.timefmt import ago

NOON = datetime(2026, 3, 5, 12, tzinfo=UTC)


def _promise(n: int, promiser: Promiser, channel: Channel | None) -> Promise:
    return Promise(
        id=n,
        person_id=n,
        what="send the quotes",
        promiser=promiser,
        due_at=NOON - timedelta(hours=n),
        channel=channel,
        status=PromiseStatus.OPEN,
        snoozed_until=None,
        last_notified_at=None,
        created_at=NOON - timedelta(days=3),
    )


CHANNELS = [None, *Channel]


@pytest.mark.parametrize(
    ("promiser", "channel", "preferred", "name"),
    list(itertools.product(Promiser, CHANNELS, [None, Channel.EMAIL], ["Dan", ""])),
)
def test_reminder_words_read_as_the_sync_title_in_english(
    promiser: Promiser, channel: Channel | None, preferred: Channel | None, name: str
) -> None:
    p = _promise(1, promiser, channel)
    avoid = frozenset({Channel.CALL})
    assert reminder_words(name, p, preferred, avoid) == promises.reminder_text(
        name, p, preferred, avoid
    )


@pytest.mark.parametrize("count", [1, 2, 3, 5])
def test_the_catch_up_reads_as_before_in_english(count: int) -> None:
    items = [_promise(n, list(Promiser)[n % 2], CHANNELS[n % len(CHANNELS)]) for n in range(count)]
    names = {n: f"Person {n}" for n in range(count)}
    assert caught_up_words(items, names) == promises.CatchUp(tuple(items)).summary_text(names)


def test_a_german_reminder(german: str) -> None:
    p = _promise(1, Promiser.ME, Channel.CALL)
    title, body = reminder_words("Jeff", p, Channel.EMAIL, frozenset({Channel.VIDEO}))
    assert title == "Jeff anrufen: send the quotes"
    assert body == "bevorzugt E-Mail, nicht: Videoanrufe"
    theirs = _promise(2, Promiser.THEM, None)
    assert reminder_words("Dan", theirs, None, frozenset()) == (
        "Dan schuldet dir: send the quotes",
        "Dan einen Schubs geben?",
    )
    assert ago(3 * 86_400) == "vor 3 Tagen"
    assert ago(-86_400 * 21) == "in 3 Wochen"
    items = [_promise(n, Promiser.ME, Channel.CALL) for n in range(1, 5)]
    assert caught_up_words(items, {1: "Carol", 2: "Dan"}) == (
        "4 Versprechen wurden fällig, während Relapp geschlossen war: "
        "Carol anrufen, Dan anrufen und 2 weitere"
    )


def test_a_german_birthday_notice(german: str) -> None:
    from datetime import date

    from relapp.domain.model import Birthday
    from relapp.domain.occasions import Occasion, OccasionKind, notice_text

    occ = Occasion(7, "Carol", OccasionKind.BIRTHDAY, Birthday(3, 29, 1986))
    today = date(2026, 3, 27)
    assert notice_text(occ, date(2026, 3, 29), today) == (
        "Carol hat in 2 Tagen Geburtstag (So., 29. März)",
        "Wird 40. Alles Gute wünschen?",
    )
    assert notice_text(occ, date(2026, 3, 26), today)[0] == "Carol hatte gestern Geburtstag"


def test_a_german_anniversary_in_today(german: str) -> None:
    from datetime import date

    from relapp.domain.attention import occasion_concern
    from relapp.domain.model import Birthday
    from relapp.domain.occasions import Occasion, OccasionKind

    wedding = Occasion(7, "Ann", OccasionKind.ANNIVERSARY, Birthday(3, 29, 2016))
    found = occasion_concern(wedding, date(2026, 3, 26))
    assert found is not None and found.text == "10. Jahrestag in 3 Tagen (So., 29. März)"
    assert found.reason.label == "Jahrestag"
    assert occasion_concern(wedding, date(2026, 3, 29)).text == "Heute 10. Jahrestag"
    no_year = Occasion(7, "Ann", OccasionKind.ANNIVERSARY, Birthday(3, 27))
    assert occasion_concern(no_year, date(2026, 3, 26)).text == "Morgen Jahrestag"


def test_a_week_of_the_thinned_chart_is_german(german: str) -> None:
    from datetime import date

    from relapp.domain.health.thinning import week_start, week_words

    day = (date(2025, 3, 5) - date(1970, 1, 1)).days
    assert week_words(week_start(day)) == "Woche vom 3. März 2025"
