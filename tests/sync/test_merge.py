"""The merge rule for a person changed on both sides (docs/sync.md)."""

from __future__ import annotations

import dataclasses
from datetime import UTC, datetime, timedelta

from relapp.domain.model import Channel, ContactKind, ContactPoint, PersonDraft
from relapp.domain.sync.merge import Replaced, keep_replaced, merge_people

T = datetime(2026, 12, 6, 12, tzinfo=UTC)
EMAIL = ContactPoint(ContactKind.EMAIL, "ada@example.org")
PHONE = ContactPoint(ContactKind.PHONE, "+44 20 7946 0000")
BASE = PersonDraft(
    "Ada", title="Mathematician", notes="n", contact_points=(EMAIL, PHONE), tags=("a", "b")
)


def test_a_field_changed_on_one_side_takes_that_side() -> None:
    local = dataclasses.replace(BASE, title="Countess")
    remote = dataclasses.replace(BASE, notes="new notes")
    merged = merge_people(BASE, local, remote, local_at=T, remote_at=T - timedelta(days=1))
    assert (merged.draft.title, merged.draft.notes) == ("Countess", "new notes")
    assert merged.replaced == ()


def test_both_changed_the_newer_wins_and_the_older_is_kept() -> None:
    local = dataclasses.replace(BASE, title="CTO")
    remote = dataclasses.replace(BASE, title="CEO")
    older_remote = merge_people(BASE, local, remote, local_at=T, remote_at=T - timedelta(hours=1))
    assert older_remote.draft.title == "CTO"
    assert older_remote.replaced == (Replaced("title", "CEO", "on the server"),)
    newer_remote = merge_people(BASE, local, remote, local_at=T, remote_at=T + timedelta(hours=1))
    assert newer_remote.draft.title == "CEO"
    assert newer_remote.replaced == (Replaced("title", "CTO", "here"),)
    # A card without REV: the server's change wins.
    assert merge_people(BASE, local, remote, local_at=T, remote_at=None).draft.title == "CEO"
    kept = keep_replaced(newer_remote.draft, newer_remote.replaced, T)
    assert kept.notes == 'n\nSync 2026-12-06: title was "CTO" here; a newer change replaced it.'


def test_lists_merge_item_by_item() -> None:
    mobile = ContactPoint(ContactKind.PHONE, "+44 7700 900123")
    local = dataclasses.replace(BASE, contact_points=(EMAIL, PHONE, mobile), tags=("a",))
    remote = dataclasses.replace(
        BASE,
        contact_points=(EMAIL,),
        tags=("a", "b", "c"),
        avoid_channels=frozenset({Channel.CALL}),
    )
    merged = merge_people(BASE, local, remote, local_at=T, remote_at=T).draft
    assert merged.contact_points == (EMAIL, mobile)  # PHONE removed there, mobile added here
    assert merged.tags == ("a", "c")  # b removed here, c added there
    assert merged.avoid_channels == {Channel.CALL}


def test_without_a_common_ancestor_lists_are_joined_and_fields_take_the_newer() -> None:
    local = PersonDraft("Ada", title="CTO", contact_points=(EMAIL,))
    remote = PersonDraft("Ada", title="CEO", contact_points=(PHONE,))
    merged = merge_people(None, local, remote, local_at=T, remote_at=T - timedelta(days=1))
    assert merged.draft.title == "CTO"
    assert merged.draft.contact_points == (EMAIL, PHONE)
