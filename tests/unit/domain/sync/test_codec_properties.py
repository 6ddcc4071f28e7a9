"""Any text a user can type comes back from Radicale as Relapp wrote it (after
``calendar_text``: line ends as newlines, no control characters iCalendar forbids)."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, datetime, timedelta

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from relapp.domain.model import Channel, Direction, InteractionKind
from relapp.domain.promises import Promiser, PromiseStatus
from relapp.domain.sync.ical_text import calendar_text
from relapp.domain.sync.journal_codec import InteractionItem, journal_text, read_journal
from relapp.domain.sync.todo_codec import promise_item, read_todo, todo_text
from tests.unit.domain.sync.samples import NOW, PARIS, promise
from tests.unit.domain.sync.server_rewrite import through_radicale

TYPED = st.text(st.characters(exclude_categories=("Cs",)), max_size=60)
SAID = TYPED.filter(lambda t: calendar_text(t).strip() != "")
UIDS = st.text(
    st.characters(exclude_categories=("Cs", "Cc", "Zs", "Zl", "Zp")), min_size=1, max_size=40
)
MOMENTS = st.datetimes(
    min_value=datetime(1990, 1, 1), max_value=datetime(2090, 1, 1), timezones=st.just(UTC)
).map(lambda d: d.replace(microsecond=0))
SETTINGS = settings(max_examples=60, deadline=None, suppress_health_check=list(HealthCheck))


@SETTINGS
@given(
    what=SAID,
    name=TYPED,
    promiser=st.sampled_from(Promiser),
    channel=st.none() | st.sampled_from(Channel),
    status=st.sampled_from(PromiseStatus),
    due=MOMENTS,
    snooze=st.none() | st.integers(1, 10_000),
    person=UIDS,
)
def test_any_promise_survives_radicale(
    what: str,
    name: str,
    promiser: Promiser,
    channel: Channel | None,
    status: PromiseStatus,
    due: datetime,
    snooze: int | None,
    person: str,
) -> None:
    p = promise(
        what=what,
        promiser=promiser,
        channel=channel,
        status=status,
        due_at=due,
        done_at=due + timedelta(hours=1) if status is PromiseStatus.DONE else None,
        snoozed_until=due + timedelta(minutes=snooze) if snooze else None,
    )
    sent = promise_item(p, uid="u-1", person_uid=person, person_name=name)
    back = read_todo(through_radicale(todo_text(sent, NOW)), PARIS)
    expected = replace(
        sent,
        what=calendar_text(sent.what).strip(),
        title=calendar_text(sent.title),
        modified_at=NOW,
        person_name=back.person_name,  # a hint read from the title, for other apps' tasks
    )
    assert back == expected


@SETTINGS
@given(
    summary=TYPED,
    notes=TYPED,
    people=st.lists(UIDS, max_size=4),
    at=MOMENTS,
    channel=st.sampled_from(Channel),
    direction=st.sampled_from(Direction),
    kind=st.sampled_from(InteractionKind),
)
def test_any_interaction_survives_radicale(
    summary: str,
    notes: str,
    people: list[str],
    at: datetime,
    channel: Channel,
    direction: Direction,
    kind: InteractionKind,
) -> None:
    sent = InteractionItem("i-1", at, channel, direction, tuple(people), summary, notes, kind)
    back = read_journal(through_radicale(journal_text(sent, NOW)), PARIS)
    assert back == replace(
        sent, summary=calendar_text(summary), notes=calendar_text(notes), modified_at=NOW
    )


def test_a_written_backslash_n_stays_as_typed() -> None:
    """``C:\\Notes`` in a promise is a backslash and an N, not a line end: icalendar
    takes a written ``\\N`` for an escaped newline (a phone then showed "C:" and "otes"
    on two lines, and the next sync brought that back). Found by the property above."""
    p = promise(what="copy C:\\Notes and a\\b", due_at=NOW)
    sent = promise_item(p, uid="u-1", person_uid="\\N", person_name="Dan")
    back = read_todo(through_radicale(todo_text(sent, NOW)), PARIS)
    assert (back.what, back.person_uid) == ("copy C:\\Notes and a\\b", "\\N")
    entry = InteractionItem(
        uid="i-\\N",
        occurred_at=NOW,
        channel=Channel.CALL,
        direction=Direction.OUTBOUND,
        kind=InteractionKind.ORDINARY,
        summary="saved in D:\\New",
        notes="\\N\\n",
        person_uids=("p-\\N",),
    )
    again = read_journal(through_radicale(journal_text(entry, NOW)), PARIS)
    assert (again.uid, again.summary, again.notes, again.person_uids) == (
        "i-\\N",
        "saved in D:\\New",
        "\\N\\n",
        ("p-\\N",),
    )
