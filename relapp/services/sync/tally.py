"""What one sync sent and received, in words for the command line and the status line."""

from __future__ import annotations

from dataclasses import dataclass, field


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

    def lines(self, noun: str = "people") -> list[str]:
        out = [
            f"Received {noun}: {self.received_new} new, {self.received_changed} changed, "
            f"{self.received_deleted} deleted",
            f"Sent {noun}: {self.sent_new} new, {self.sent_changed} changed, "
            f"{self.sent_deleted} deleted",
        ]
        if self.merged:
            out.append(f"Changed on both sides and merged: {self.merged}")
        if self.postponed:
            out.append(f"Changed on the server meanwhile, left for the next sync: {self.postponed}")
        if self.left_alone:
            out.append(f"Written by another app and left as it is: {self.left_alone}")
        if self.waiting:
            out.append(f"Waiting for someone they name to arrive: {self.waiting}")
        out.extend(f"Not read: {what}" for what in self.unreadable)
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
