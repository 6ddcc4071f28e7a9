"""The capture rules, each pinned on records built in memory (docs/capture.md)."""

from __future__ import annotations

from collections import Counter
from datetime import timedelta
from zoneinfo import ZoneInfo

import pytest

from relapp.domain.capture.collect import Collector
from relapp.domain.capture.conversation import MAX_RECIPIENTS, SkipReason, skip_reason
from relapp.domain.capture.grow import EntryState, grown, regrown
from relapp.domain.capture.known import KnownPeople
from relapp.domain.capture.me import Me, address_key, suggest_me
from relapp.domain.capture.records import (
    AddressKind,
    CapturedPerson,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.model import Channel, Direction
from tests.capture.generators.records import DAY, ME, email, mail, record

CAROL, DAN = "carol@example.org", "dan@example.org"
KNOWN = KnownPeople(
    by_key={"email:carol@example.org": ((1, False),), "email:dan@example.org": ((2, False),)}
)
BERLIN = ZoneInfo("Europe/Berlin")


def plan(
    items,
    me=(ME,),
    known=KNOWN,
    existing=(),
    tz=BERLIN,
    now=DAY + timedelta(days=30),
    entries=None,
):
    collector = Collector(now=now, tz=tz)
    collector.add_all(items)
    return collector.finish(Me.of(me), known, existing, entries=entries)


# --- who is me ---------------------------------------------------------------------------


def test_me_is_keyed_like_contact_points() -> None:
    me = Me.of(["Me@Example.COM", "+1 (972) 529-1234", "  "])
    assert me.keys == {"email:me@example.com", "phone:+19725291234"}
    assert address_key("972-529-1234") == "phone:+19725291234"


def test_me_is_suggested_as_the_most_frequent_sender_of_sent_mail() -> None:
    sent = [mail(f"s{n}", "me@example.com", [CAROL], from_me=True) for n in range(3)]
    sent.append(mail("odd", "old@example.com", [CAROL], from_me=True))
    result = plan([*sent, mail("in", CAROL)], me=())
    assert result.me_suggested and result.me.addresses == ("me@example.com",)


def test_without_sent_mail_me_is_the_address_on_most_of_the_mail() -> None:
    assert suggest_me(Counter(), Counter({"email:a@x": 3, "email:b@x": 1}), 4).keys == {"email:a@x"}
    assert not suggest_me(Counter(), Counter({"email:a@x": 1, "email:b@x": 1}), 4)


def test_given_addresses_win_over_the_suggestion() -> None:
    result = plan([mail("s", "other@example.com", [CAROL], from_me=True)], me=(ME,))
    assert not result.me_suggested and result.me.addresses == (ME,)


# --- matching ---------------------------------------------------------------------------------


def test_a_correspondent_is_matched_by_lower_cased_email_never_by_name() -> None:
    result = plan([mail("m1", "CAROL@Example.org"), mail("m2", "carol@elsewhere.org")])
    [only] = result.interactions
    assert only.person_ids == (1,)


def test_a_phone_matches_by_its_e164_key() -> None:
    known = KnownPeople(by_key={"phone:+19725291234": ((7, False),)})
    sms = record(
        RecordKind.MESSAGE,
        "sms1",
        thread="+19725291234",
        sender=Party("(972) 529-1234", AddressKind.PHONE),
    )
    [only] = plan([sms], known=known).interactions
    assert only.person_ids == (7,)


def test_archived_owners_are_used_only_when_no_active_one_has_the_key() -> None:
    both = KnownPeople(by_key={"email:carol@example.org": ((1, True), (5, False))})
    assert both.match("email:carol@example.org").person_ids == (5,)  # type: ignore[union-attr]
    only = KnownPeople(by_key={"email:carol@example.org": ((1, True),)})
    assert only.match("email:carol@example.org").person_ids == (1,)  # type: ignore[union-attr]


def test_a_name_only_author_matches_one_unique_person_flagged_by_name() -> None:
    known = KnownPeople(by_name={"carol roth": (3,), "dan": (4, 5)})
    chat = [
        record(RecordKind.MESSAGE, "w1", thread="g", sender=Party("Carol  ROTH", AddressKind.NAME)),
        record(RecordKind.MESSAGE, "w2", thread="h", sender=Party("Dan", AddressKind.NAME)),
    ]
    result = plan(chat, known=known)
    [only] = result.interactions
    assert only.person_ids == (3,) and only.by_name == (3,)
    assert result.per_person()[3].by_name
    assert result.skipped[SkipReason.NOBODY_KNOWN] == 1  # two people named Dan: nobody


# --- one interaction per thread per local day ----------------------------------------------


def test_a_thread_makes_one_interaction_per_local_day_with_count_and_subject() -> None:
    late = DAY.replace(hour=22, minute=30)  # 23:30 in Berlin: still the 12th
    after_midnight = DAY.replace(hour=23, minute=30)  # 00:30 on the 13th in Berlin
    items = [
        mail("root", CAROL, subject="Lunch"),
        mail("r1", ME, [CAROL], thread="root", subject="Re: Lunch", at=late),
        mail("r2", CAROL, thread="root", subject="Re: Lunch", at=after_midnight),
    ]
    first, second = plan(items).interactions
    assert (first.message_count, second.message_count) == (2, 1)
    assert first.summary == "Lunch" and first.channel is Channel.EMAIL
    assert first.occurred_at == DAY
    assert plan(items, tz=ZoneInfo("UTC")).interactions[0].message_count == 3


def test_direction_is_outbound_inbound_or_both_by_who_sent_that_days_messages() -> None:
    out = plan([mail("a", ME, [CAROL])]).interactions[0]
    inn = plan([mail("a", CAROL)]).interactions[0]
    both = plan([mail("a", CAROL), mail("b", ME, [CAROL], thread="a")]).interactions[0]
    assert (out.direction, inn.direction, both.direction) == (
        Direction.OUTBOUND,
        Direction.INBOUND,
        Direction.BOTH,
    )


def test_the_files_own_from_me_flag_wins_over_the_addresses() -> None:
    [only] = plan([mail("a", "alias@example.com", [CAROL], from_me=True)]).interactions
    assert only.direction is Direction.OUTBOUND and only.person_ids == (1,)


def test_every_known_person_who_sent_or_received_that_day_is_in_it() -> None:
    items = [mail("a", CAROL, [ME, DAN, "stranger@example.net"])]
    assert plan(items).interactions[0].person_ids == (1, 2)


def test_mail_with_nobody_known_is_counted_not_captured() -> None:
    result = plan([mail("a", "stranger@example.net")])
    assert result.interactions == () and result.skipped[SkipReason.NOBODY_KNOWN] == 1


def test_chats_are_one_per_chat_per_day_and_calls_one_per_call_with_duration() -> None:
    known = KnownPeople(by_key={"phone:+19725291234": ((7, False),)})
    phone = Party("+19725291234", AddressKind.PHONE)
    msgs = [
        record(RecordKind.MESSAGE, f"s{n}", thread="+19725291234", sender=phone) for n in range(3)
    ]
    calls = [
        record(RecordKind.CALL, "c1", sender=phone, duration_seconds=300, from_me=False),
        record(RecordKind.CALL, "c2", recipients=(phone,), duration_seconds=20, from_me=True),
        record(RecordKind.CALL, "c3", sender=phone, missed=True, from_me=False),
    ]
    result = plan([*msgs, *calls], known=known)
    chat = [p for p in result.interactions if p.channel is Channel.MESSAGE]
    call = [p for p in result.interactions if p.channel is Channel.CALL]
    assert [c.message_count for c in chat] == [3]
    assert [(c.duration_seconds, c.direction, c.summary) for c in call] == [
        (300, Direction.INBOUND, "Call, 5 min"),
        (20, Direction.OUTBOUND, "Call, 20 s"),
    ]
    assert result.skipped[SkipReason.MISSED_CALL] == 1


def test_a_past_event_with_a_known_attendee_is_a_meeting_unless_i_declined() -> None:
    def event(key, declined=False, at=DAY):
        return record(
            RecordKind.EVENT,
            key,
            occurred_at=at,
            subject="Planning",
            sender=email(ME),
            recipients=(
                Party(CAROL, AddressKind.EMAIL),
                Party(ME, AddressKind.EMAIL, "", declined),
            ),
        )

    future = DAY + timedelta(days=60)
    result = plan([event("e1"), event("e2", declined=True), event("e3", at=future)])
    [meeting] = result.interactions
    assert (meeting.channel, meeting.direction, meeting.person_ids) == (
        Channel.MEETING,
        Direction.BOTH,
        (1,),
    )
    assert meeting.occurred_at == DAY and meeting.summary == "Planning"
    assert result.skipped[SkipReason.DECLINED] == 1
    assert result.skipped[SkipReason.FUTURE] == 1


# --- not a conversation ----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("headers", "reason"),
    [
        ((("list-id", "<x.example.org>"),), SkipReason.MAILING_LIST),
        ((("list-unsubscribe", "<mailto:u@x>"),), SkipReason.MAILING_LIST),
        ((("precedence", "Bulk"),), SkipReason.BULK),
        ((("precedence", "junk"),), SkipReason.BULK),
        ((("precedence", "list"),), SkipReason.BULK),
        ((("auto-submitted", "auto-replied"),), SkipReason.AUTOMATED),
        ((("auto-submitted", "no"),), None),
        ((("precedence", "first-class"),), None),
    ],
)
def test_list_bulk_and_automated_mail_is_not_a_conversation(headers, reason) -> None:
    assert skip_reason(mail("a", CAROL, bulk=headers)) is reason


def test_too_many_recipients_and_no_reply_senders_are_not_conversations() -> None:
    many = [f"p{n}@example.org" for n in range(MAX_RECIPIENTS + 1)]
    assert skip_reason(mail("a", CAROL, many)) is SkipReason.MANY_RECIPIENTS
    assert skip_reason(mail("a", CAROL, many[:MAX_RECIPIENTS])) is None
    for sender in ("noreply@x.org", "no-reply@x.org", "do_not_reply@x.org", "MAILER-DAEMON@x"):
        assert skip_reason(mail("a", sender)) is SkipReason.NO_REPLY
    assert skip_reason(mail("a", "norah@x.org")) is None


def test_skipped_mail_is_counted_by_reason() -> None:
    items = [
        mail("a", CAROL, bulk=(("list-id", "x"),)),
        mail("b", "noreply@x.org"),
        mail("c", CAROL),
    ]
    result = plan(items)
    assert result.skipped == {SkipReason.MAILING_LIST: 1, SkipReason.NO_REPLY: 1}
    assert len(result.interactions) == 1


# --- unknown correspondents ------------------------------------------------------------------


def test_unknown_people_i_wrote_to_twice_are_offered_off_by_default() -> None:
    new = "nina@example.net"
    items = [
        mail("a", ME, [new], subject="Hi"),
        mail("b", ME, [new], subject="Again", at=DAY + timedelta(days=1)),
        mail("c", ME, ["once@example.net"]),
        mail("d", "wrote.me@example.net"),
    ]
    result = plan(items)
    [offer] = result.offered
    assert (offer.key, offer.written_to, offer.placeholder) == ("email:" + new, 2, -1)
    assert result.chosen() == ()  # off by default: nothing captured with them
    assert [p.person_ids for p in result.chosen([-1])] == [(-1,), (-1,)]
    assert {u.key for u in result.unknown} == {
        "email:once@example.net",
        "email:wrote.me@example.net",
    }
    assert result.unknown_count == 2


def test_listed_contacts_are_offered_unless_known() -> None:
    people = [
        CapturedPerson(
            SourceKind.LINKEDIN_CONNECTIONS, "Nina", "Ng", profile_url="https://x/in/nina"
        ),
        CapturedPerson(SourceKind.LINKEDIN_CONNECTIONS, "Carol", "Roth", email=CAROL),
    ]
    [offer] = plan(people).offered
    assert offer.name == "Nina Ng" and offer.key == "url:https://x/in/nina"


# --- idempotence -------------------------------------------------------------------------------


def test_keys_captured_before_are_skipped_so_a_grown_file_adds_only_what_is_new() -> None:
    first = [mail("a", CAROL), mail("b", ME, [CAROL], thread="a")]
    once = plan(first)
    existing = {k for p in once.interactions for k in p.keys}
    grown = [*first, mail("c", CAROL, thread="a", at=DAY + timedelta(days=2))]
    again = plan(grown, existing=existing)
    [new] = again.interactions
    assert new.record_keys == ("mail:c",)
    assert again.skipped[SkipReason.ALREADY] == 2
    assert plan(first, existing=existing).interactions == ()


def test_new_messages_on_a_day_captured_before_grow_its_entry() -> None:
    morning = [mail("a", CAROL), mail("b", ME, [CAROL], thread="a")]
    [day] = plan(morning).interactions
    existing = set(day.keys)
    evening = mail("c", CAROL, [ME, DAN], thread="a", at=DAY.replace(hour=18))
    again = plan([*morning, evening], existing=existing, entries={day.key: 41})
    [growth] = again.interactions
    assert (growth.key, growth.grows, growth.keys) == (day.key, 41, ("mail:c",))
    assert (growth.record_keys, growth.message_count, growth.direction) == (
        ("mail:c",),
        1,
        Direction.INBOUND,
    )
    assert growth.person_ids == (1, 2)
    assert again.skipped[SkipReason.ALREADY] == 2
    existing |= set(growth.keys)
    assert plan([*morning, evening], existing=existing, entries={day.key: 41}).interactions == ()


def test_new_messages_on_a_day_deleted_by_hand_stay_out() -> None:
    morning = [mail("a", CAROL)]
    existing = {k for p in plan(morning).interactions for k in p.keys}
    evening = mail("c", CAROL, thread="a", at=DAY.replace(hour=18))
    again = plan([*morning, evening], existing=existing, entries={})
    assert again.interactions == ()
    assert again.skipped[SkipReason.ALREADY] == 2


def test_a_growth_folds_into_the_entry_and_undo_folds_the_later_ones_again() -> None:
    at = DAY
    entry = EntryState(at, Direction.INBOUND, "Plans", 1, (1,))
    mine = EntryState(at.replace(hour=12), Direction.OUTBOUND, "Re: Plans", 1, (1,))
    dans = EntryState(at.replace(hour=18), Direction.INBOUND, "Re: Plans", 2, (2, 1))
    once = grown(entry, mine)
    assert once == EntryState(at, Direction.BOTH, "Plans", 2, (1,))
    assert grown(once, dans) == EntryState(at, Direction.BOTH, "Plans", 4, (1, 2))
    earlier = EntryState(at.replace(hour=6), Direction.INBOUND, "Early", 1, (3,))
    assert grown(entry, earlier) == EntryState(at.replace(hour=6), Direction.INBOUND, "Early",
                                               2, (1, 3))  # fmt: skip
    # undoing "mine": the entry as before it, with Dan's growth again
    befores, state = regrown(entry, [dans])
    assert befores == (entry,)
    assert state == EntryState(at, Direction.INBOUND, "Plans", 3, (1, 2))
    assert regrown(entry, []) == ((), entry)


def test_the_same_message_in_two_files_of_one_capture_counts_once() -> None:
    result = plan([mail("a", CAROL), mail("a", CAROL)])
    assert result.interactions[0].message_count == 1


def test_problems_are_kept_and_counted() -> None:
    problem = CaptureProblem("x.mbox", "message 3", "it has no Date header")
    result = plan([problem, mail("a", CAROL)])
    assert result.problems == (problem,) and result.problem_count == 1
    assert result.records == 1
