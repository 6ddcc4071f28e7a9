"""The log-interaction dialog, extended: gentle outreach warnings while you log an
outbound contact, with choices (use their preferred channel, log anyway, remind me to
follow up later, cancel), and "…and I promised to: call back / send / meet" with a due
time and a channel (their preferred one to start with), stored with the interaction in
one transaction (``dialog.promise_with``; ``services.logbook``), undone with it in one
step. "Remind me to follow up" stores its promise as a write on the runner's worker."""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from datetime import datetime

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QGridLayout,
    QLabel,
    QLineEdit,
    QWidget,
)
from shiboken6 import isValid

from relapp.domain.clock import Clock
from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel, Direction
from relapp.domain.outreach import OutreachKind, OutreachWarning, avoided_channel_warning
from relapp.domain.promise_model import zone_key
from relapp.domain.promises import DueChoice, Promise, PromiseDraft, Promiser
from relapp.domain.reaching import alternative_to, follow_up_draft, suggested_channel
from relapp.services import outreach
from relapp.services import promises as service
from relapp.ui import icons
from relapp.ui.interaction_dialog import InteractionDialog, from_qdatetime
from relapp.ui.outreach.choices import ANY_CHANNEL, OutreachChoices
from relapp.ui.promises.clock import local_zone, system_now
from relapp.ui.promises.due_chooser import DueChooser

# (verb, the channel the promise will use; None: the channel just used)
PROMISE_VERBS: tuple[tuple[str, Channel | None], ...] = (
    (N_("call back"), Channel.CALL),
    (N_("send"), None),
    (N_("meet"), Channel.MEETING),
)
_SENDING = frozenset({Channel.EMAIL, Channel.MESSAGE, Channel.LETTER, Channel.SOCIAL})


class PromiseOnSave(QWidget):
    """ "…and I promised to: [send ▾] [what] / by [when ▾] / via [Email ▾]".

    The channel starts as the person's suggested one (``domain.reaching``: preferred,
    never avoided); choosing a verb that names a channel ("call back", "meet") switches
    to it, and "send" to a sending channel. ``changed`` fires when the tick or the
    channel changes (the dialog then checks the channel against their wishes).
    """

    changed = Signal()

    def __init__(
        self,
        clock: Clock,
        parent: QWidget | None = None,
        *,
        preferred: Channel | None = None,
        avoid: frozenset[Channel] = frozenset(),
        used: Channel | None = None,
    ) -> None:
        super().__init__(parent)
        self._preferred, self._avoid = preferred, avoid
        self.check = QCheckBox(_("…and I &promised to:"))
        self.verb = QComboBox()
        for verb, channel in PROMISE_VERBS:
            self.verb.addItem(_(verb), channel)
        self.what = QLineEdit()
        self.what.setPlaceholderText(_("e.g. the pricing, about the renewal"))
        self.what.setAccessibleName(_("What I promised"))
        self.due = DueChooser(clock, self, DueChoice.TOMORROW_MORNING)
        self.by_label = QLabel(_("by"))
        self.via_label = QLabel(_("&via"))
        self.channel_combo = QComboBox()
        self.channel_combo.addItem(_(ANY_CHANNEL), None)
        for channel in Channel:
            self.channel_combo.addItem(icons.channel_icon(channel), channel.label, channel)
        self.via_label.setBuddy(self.channel_combo)
        grid = QGridLayout(self)
        grid.setContentsMargins(0, 0, 0, 0)
        grid.addWidget(self.check, 0, 0)
        grid.addWidget(self.verb, 0, 1)
        grid.addWidget(self.what, 0, 2)
        grid.addWidget(self.by_label, 1, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.due, 1, 1, 1, 2)
        grid.addWidget(self.via_label, 2, 0, Qt.AlignmentFlag.AlignRight)
        grid.addWidget(self.channel_combo, 2, 1)
        grid.setColumnStretch(2, 1)
        start = suggested_channel(preferred, avoid, last_used=used)
        self.set_channel(start)
        self.verb.setCurrentIndex(self._verb_for(start))
        self.check.toggled.connect(self._enable)
        self.check.toggled.connect(self.changed)
        self.verb.currentIndexChanged.connect(self._verb_changed)
        self.channel_combo.currentIndexChanged.connect(self.changed)
        self._enable(False)

    def _verb_for(self, channel: Channel | None) -> int:
        for index, (_verb, verb_channel) in enumerate(PROMISE_VERBS):
            if verb_channel is not None and verb_channel == channel:
                return index
        return self.verb.findData(None)

    def _verb_changed(self) -> None:
        data = self.verb.currentData()
        if data is not None:
            self.set_channel(Channel(data))
        elif self.channel() not in _SENDING:
            sending = [c for c in (self._preferred, Channel.EMAIL) if c in _SENDING]
            self.set_channel(next((c for c in sending if c not in self._avoid), None))

    def _enable(self, on: bool) -> None:
        for widget in (
            self.verb,
            self.what,
            self.due,
            self.by_label,
            self.via_label,
            self.channel_combo,
        ):
            widget.setEnabled(on)
        if on:
            self.what.setFocus()

    def focus_chain(self) -> list[QWidget]:
        return [self.check, self.verb, self.what, self.due.combo, self.channel_combo]

    def text(self) -> str:
        return " ".join(f"{self.verb.currentText()} {self.what.text()}".split())

    def set_channel(self, channel: Channel | None) -> None:
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(channel)))

    def channel(self) -> Channel | None:
        data = self.channel_combo.currentData()
        return Channel(data) if data else None

    def draft(self, person_id: int) -> PromiseDraft:
        due, zone = self.due.due_at(), zone_key(local_zone())  # made here: keeps this zone
        return PromiseDraft(person_id, Promiser.ME, self.text(), self.channel(), due, zone=zone)


def extend(
    dialog: InteractionDialog,
    clock: Clock = system_now,
    promises_changed: Callable[[], None] | None = None,
) -> None:
    """Add the outreach choices and the promise row to a new interaction dialog (the
    promises feature registers it with its clock and ``promises_changed``, called after
    a promise is stored: ``shell.add_dialog_extension``)."""
    person = dialog.main_person
    wishes = (person.preferred_channel, person.avoid_channels)
    editing = dialog.original is not None
    box = OutreachChoices(
        _("Save &anyway") if editing else _("Log &anyway"), dialog, can_remind=not editing
    )
    promise = PromiseOnSave(
        clock,
        dialog,
        preferred=wishes[0],
        avoid=wishes[1],
        used=dialog.channel() if dialog.original is None else None,
    )
    dialog.extras.addWidget(box)
    dialog.extras.addWidget(promise)
    dialog.outreach_warnings = box  # type: ignore[attr-defined]
    dialog.promise_row = promise  # type: ignore[attr-defined]
    dialog.extra_focus.extend([promise.focus_chain, box.focus_chain])
    logging: list[OutreachWarning] = []

    def show_all() -> None:
        """The logging warnings (found off the GUI thread) and the promise's channel."""
        channel = promise.channel() if promise.check.isChecked() else None
        found = list(logging)
        if channel is not None:
            avoided = avoided_channel_warning(
                channel, person.display_name, preferred=wishes[0], avoid=wishes[1]
            )
            found += [avoided] if avoided is not None else []
        offers = [alternative_to(c, *wishes) for c in (dialog.channel(), channel)]
        alternative = next((a for a in offers if a is not None), None)
        box.set_warnings(found, alternative)

    def logged(found: list[OutreachWarning]) -> None:
        logging[:] = found
        show_all()

    check = _checker(dialog, box, logged)
    dialog.changed.connect(check)
    promise.changed.connect(show_all)
    check()

    def use_instead(channel: Channel) -> None:
        if dialog.channel() in person.avoid_channels:
            dialog.set_channel(channel)
        if promise.channel() in person.avoid_channels:
            promise.set_channel(channel)

    def choosing(on: bool) -> None:
        dialog.save_button.setVisible(not on)
        dialog.cancel_button.setVisible(not on)

    def remind() -> None:
        streak = next((w.count for w in box.warnings if w.kind is OutreachKind.UNANSWERED), 0)
        now = clock()
        draft = follow_up_draft(dialog.main_id, *wishes, streak, now.astimezone(local_zone()))
        draft = dataclasses.replace(draft, zone=zone_key(local_zone()))  # keeps this zone
        db = dialog.db

        def made(follow_up: Promise) -> None:
            dialog.follow_up = follow_up  # type: ignore[attr-defined]
            if promises_changed is not None:
                promises_changed()
            dialog.reject()

        dialog.writing.write(lambda: service.create_promise(db, draft, now=now), made)

    box.useInstead.connect(use_instead)
    box.goOn.connect(dialog.save)
    box.cancelled.connect(dialog.reject)
    box.remind.connect(remind)
    box.choosingChanged.connect(choosing)

    def promise_with() -> tuple[PromiseDraft, datetime] | None:
        if not promise.check.isChecked():
            return None
        return promise.draft(dialog.main_id), clock()

    def saved(_interaction: object) -> None:
        logged = dialog.logged
        if logged is not None and logged.promise is not None and promises_changed is not None:
            promises_changed()  # re-armed at once, whoever opened the dialog

    dialog.promise_with = promise_with
    dialog.saved.connect(saved)


def _checker(
    dialog: InteractionDialog,
    box: OutreachChoices,
    show: Callable[[list[OutreachWarning]], None],
) -> Callable[[], None]:
    """Check off the GUI thread; the newest check wins."""
    db, person_id = dialog.db, dialog.main_id
    editing = dialog.original.id if dialog.original is not None else None

    def check() -> None:
        direction = dialog.direction()
        if direction is not Direction.OUTBOUND:
            show([])
            return
        channel = dialog.channel()
        when: datetime = from_qdatetime(dialog.when_edit.dateTime())
        dialog.runner.submit(
            lambda: outreach.warnings_for(
                db, person_id, channel, when, direction, exclude_interaction_id=editing
            ),
            arrived,
            key=f"outreach-check-{id(dialog)}",
        )

    def arrived(found: list[OutreachWarning]) -> None:
        if isValid(box):  # the dialog may have closed meanwhile
            show(found)

    return check
