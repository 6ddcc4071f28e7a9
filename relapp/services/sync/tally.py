"""What one sync sent and received, in words for the command line and the status line."""

from __future__ import annotations

from dataclasses import dataclass, field

from relapp.domain.i18n import _


@dataclass
class Tally:
    received_new: int = 0
    received_changed: int = 0
    received_deleted: int = 0
    sent_new: int = 0
    sent_changed: int = 0
    sent_deleted: int = 0
    merged: int = 0
    postponed: int = 0  # changed on the server while we wrote: the next sync finishes it
    unreadable: list[str] = field(default_factory=list)
    left_alone: int = 0  # items another app wrote that Relapp cannot place: left as they are
    waiting: int = 0  # items naming someone not here yet: tried again next sync

    def lines(self, part: str = "people") -> list[str]:
        """What was received and sent of ``part`` ("people", "promises", "history")."""
        if part == "history":
            received = _(
                "Received history entries and introductions: {new} new, {changed} "
                "changed, {deleted} deleted"
            )
            sent = _(
                "Sent history entries and introductions: {new} new, {changed} changed, "
                "{deleted} deleted"
            )
        elif part == "promises":
            received = _("Received promises: {new} new, {changed} changed, {deleted} deleted")
            sent = _("Sent promises: {new} new, {changed} changed, {deleted} deleted")
        else:
            received = _("Received people: {new} new, {changed} changed, {deleted} deleted")
            sent = _("Sent people: {new} new, {changed} changed, {deleted} deleted")
        out = [
            received.format(
                new=self.received_new, changed=self.received_changed, deleted=self.received_deleted
            ),
            sent.format(new=self.sent_new, changed=self.sent_changed, deleted=self.sent_deleted),
        ]
        if self.merged:
            out.append(_("Changed on both sides and merged: {n}").format(n=self.merged))
        if self.postponed:
            out.append(
                _("Changed on the server meanwhile, left for the next sync: {n}").format(
                    n=self.postponed
                )
            )
        if self.left_alone:
            out.append(_("Written by another app and left as it is: {n}").format(n=self.left_alone))
        if self.waiting:
            out.append(_("Waiting for someone they name to arrive: {n}").format(n=self.waiting))
        out.extend(_("Not read: {what}").format(what=what) for what in self.unreadable)
        return out

    @property
    def anything(self) -> bool:
        return any(
            (
                self.received_new,
                self.received_changed,
                self.received_deleted,
                self.sent_new,
                self.sent_changed,
                self.sent_deleted,
            )
        )
