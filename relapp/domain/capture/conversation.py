"""What is not a conversation: mail from lists, bulk senders and machines.

A mail is skipped (and counted by its reason) when it has a List-Id or List-Unsubscribe
header, Precedence bulk, list or junk, Auto-Submitted other than "no", more than
``MAX_RECIPIENTS`` recipients (To, Cc and Bcc together), or a no-reply sender (the
local part, with dots, dashes and underscores left out, is or starts with "noreply",
"donotreply", "mailerdaemon" or "postmaster").
"""

from __future__ import annotations

import enum
import re

from relapp.domain.capture.records import Captured, RecordKind
from relapp.domain.i18n import N_, _

MAX_RECIPIENTS = 20
_NO_REPLY = re.compile(r"^(noreply|donotreply|mailerdaemon|postmaster)")


class SkipReason(enum.StrEnum):
    MAILING_LIST = "mailing list"
    BULK = "bulk mail"
    AUTOMATED = "sent automatically"
    MANY_RECIPIENTS = f"more than {MAX_RECIPIENTS} recipients"
    NO_REPLY = "no-reply sender"
    MISSED_CALL = "missed call"
    DECLINED = "event you declined"
    FUTURE = "event still to come"
    ALREADY = "captured before"
    NOBODY_KNOWN = "nobody you know"


def skip_words(reason: SkipReason) -> str:
    """Why records were skipped, in the user's language (the value stays English: it is
    a key of the JSON report)."""
    words = {
        SkipReason.MAILING_LIST: N_("mailing list"),
        SkipReason.BULK: N_("bulk mail"),
        SkipReason.AUTOMATED: N_("sent automatically"),
        SkipReason.NO_REPLY: N_("no-reply sender"),
        SkipReason.MISSED_CALL: N_("missed call"),
        SkipReason.DECLINED: N_("event you declined"),
        SkipReason.FUTURE: N_("event still to come"),
        SkipReason.ALREADY: N_("captured before"),
        SkipReason.NOBODY_KNOWN: N_("nobody you know"),
    }
    if reason is SkipReason.MANY_RECIPIENTS:
        return _("more than {n} recipients").format(n=MAX_RECIPIENTS)
    return _(words[reason])


def is_no_reply(address: str) -> bool:
    local = address.split("@", 1)[0].lower()
    return bool(_NO_REPLY.match(re.sub(r"[._\-+]", "", local)))


def skip_reason(record: Captured) -> SkipReason | None:
    """Why a mail is not a conversation, or None when it may be one."""
    if record.kind is not RecordKind.MAIL:
        return None
    headers = dict(record.bulk_headers)
    if "list-id" in headers or "list-unsubscribe" in headers:
        return SkipReason.MAILING_LIST
    if headers.get("precedence", "").strip().lower() in {"bulk", "list", "junk"}:
        return SkipReason.BULK
    automated = headers.get("auto-submitted")
    if automated is not None and automated.strip().lower().split(";")[0].strip() != "no":
        return SkipReason.AUTOMATED
    if len(record.recipients) > MAX_RECIPIENTS:
        return SkipReason.MANY_RECIPIENTS
    if record.sender is not None and is_no_reply(record.sender.address):
        return SkipReason.NO_REPLY
    return None
