"""A person changed here and on the server since the last sync: the merge of the two
(``domain.sync.merge``: field by field, the newer change wins, the value it replaced is
kept) and the card to send for it, edited in place from the server's."""

from __future__ import annotations

from datetime import UTC, datetime

from relapp.domain.errors import InvalidInput
from relapp.domain.model import PersonDraft
from relapp.domain.sync.card_codec import CardUnreadable, SyncedCard, edit_card, read_card
from relapp.domain.sync.merge import keep_replaced, merge_people
from relapp.services.people import validated
from relapp.services.sync.dav import Resource
from relapp.storage.sync_repo import ItemState, LocalPerson


def card_rev(text: str) -> datetime | None:
    """When a card says it was last changed (``REV``), if it says so readably."""
    for raw in text.replace("\r\n", "\n").split("\n"):
        if raw.upper().startswith("REV:"):
            value = raw[4:].strip().replace("-", "").replace(":", "")
            for fmt in ("%Y%m%dT%H%M%SZ", "%Y%m%dT%H%M%S", "%Y%m%d"):
                try:
                    return datetime.strptime(value, fmt).replace(tzinfo=UTC)
                except ValueError:
                    continue
    return None


def merged_card(
    s: ItemState | None,
    local: LocalPerson,
    card: SyncedCard,
    remote: PersonDraft,
    resource: Resource,
    now: datetime,
) -> tuple[PersonDraft, bool, str]:
    """The person merged from both sides (``s``: what both had at the last sync), whether
    archived, and the server's card edited to say it."""
    draft = local.draft()
    base = None
    base_archived = local.archived
    if s is not None:
        try:
            synced = read_card(s.original)
            base, base_archived = validated(synced.draft), synced.archived
        except (CardUnreadable, ValueError, InvalidInput):
            base = None
    # Archived or not: the side that changed it since the last sync.
    archived = card.archived if local.archived == base_archived else local.archived
    merged = merge_people(
        base,
        draft,
        remote,
        local_at=datetime.fromtimestamp(local.updated_at, UTC),
        remote_at=card_rev(resource.text),
    )
    result = validated(keep_replaced(merged.draft, merged.replaced, now))
    return result, archived, edit_card(resource.text, result, local.uid, now, archived)
