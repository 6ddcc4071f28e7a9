"""The system-tray icon: a badge with the number of promises due, a menu of what is due
(Open, Done, Snooze 1 hour, Tomorrow), Show Relapp and Quit, and the reminders
themselves as tray notifications (``QSystemTrayIcon.showMessage``)."""

from __future__ import annotations

from collections.abc import Sequence
from datetime import datetime, tzinfo

from PySide6 import QtGui
from PySide6.QtCore import QObject, QRectF, Qt, Signal
from PySide6.QtGui import QAction, QFont, QIcon, QPainter, QPixmap
from PySide6.QtWidgets import QMenu, QSystemTrayIcon, QWidget

from relapp.domain.i18n import _, ngettext
from relapp.domain.promise_wording import due_phrase, menu_text
from relapp.services.promises import Announcement, PromiseEntry
from relapp.ui import icons, theme

MESSAGE_MS = 20_000
MENU_ITEMS = 8
_BADGE_SIZES = (16, 22, 24, 32, 48, 64)


def badge_icon(base: QIcon, count: int) -> QIcon:
    """The app icon with a red badge holding ``count`` (the icon itself when 0)."""
    if count <= 0:
        return base
    text = str(count) if count < 100 else "99+"
    out = QIcon()
    for size in _BADGE_SIZES:
        pixmap = base.pixmap(size, size)
        if pixmap.isNull():
            pixmap = QPixmap(size, size)
            pixmap.fill(Qt.GlobalColor.transparent)
        painter = QPainter(pixmap)
        painter.setRenderHint(QPainter.RenderHint.Antialiasing)
        diameter = max(9.0, size * 0.6)
        rect = QRectF(size - diameter, size - diameter, diameter, diameter)
        painter.setPen(Qt.PenStyle.NoPen)
        painter.setBrush(theme.colour(theme.colours.BADGE))
        painter.drawEllipse(rect)
        font = QFont()
        font.setBold(True)
        font.setPixelSize(max(7, int(diameter * (0.72 if len(text) == 1 else 0.5))))
        painter.setFont(font)
        painter.setPen(theme.colour(theme.colours.ON_COLOUR))
        painter.drawText(rect, Qt.AlignmentFlag.AlignCenter, text)
        painter.end()
        out.addPixmap(pixmap)
    return out


def notification_safe(text: str) -> str:
    """Some tray back ends read a notification's title as rich text; a name such as
    ``<b>Eve</b>`` must not turn into markup there, so tags get look-alike brackets."""
    if QtGui.Qt.mightBeRichText(text):
        return text.replace("<", "‹").replace(">", "›")
    return text


class ReminderTray(QObject):
    """The tray icon and its menu. It only emits what the user asked for; the feature
    carries it out."""

    openPersonRequested = Signal(int)  # person id
    doneRequested = Signal(int)  # promise id
    snoozeHourRequested = Signal(int)
    tomorrowRequested = Signal(int)
    showDueRequested = Signal()
    showRequested = Signal()
    quitRequested = Signal()

    def __init__(self, parent: QObject | None = None, menu_parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.base_icon = icons.app_icon()
        self.icon = QSystemTrayIcon(self.base_icon, self)
        self.icon.setToolTip(_("Relapp"))
        self.menu = QMenu(menu_parent)
        self.icon.setContextMenu(self.menu)
        self.icon.activated.connect(self._activated)
        self.icon.messageClicked.connect(self._message_clicked)
        self.entry_menus: dict[int, QMenu] = {}
        self.last_message: Announcement | None = None
        self.due_count = 0
        self._shown: object = None
        self.set_due([], None, None, None)

    def show(self) -> None:
        self.icon.show()

    def hide(self) -> None:
        self.icon.hide()

    # --- notifications ------------------------------------------------------------------
    def notify(self, announcement: Announcement) -> None:
        self.last_message = announcement
        self.icon.showMessage(
            notification_safe(announcement.title),
            notification_safe(announcement.body),
            self.base_icon,
            MESSAGE_MS,
        )

    def say(self, title: str, body: str) -> None:
        """A message that is not a reminder (clicking it only shows the window)."""
        self.last_message = None
        self.icon.showMessage(title, body, self.base_icon, MESSAGE_MS)

    def _message_clicked(self) -> None:
        message = self.last_message
        if message is None:
            self.showRequested.emit()
        elif message.person_id is not None:
            self.openPersonRequested.emit(message.person_id)
        else:
            self.showDueRequested.emit()

    def _activated(self, reason: QSystemTrayIcon.ActivationReason) -> None:
        if reason in (
            QSystemTrayIcon.ActivationReason.Trigger,
            QSystemTrayIcon.ActivationReason.DoubleClick,
        ):
            self.showRequested.emit()

    # --- the badge and the menu ---------------------------------------------------------
    def set_due(
        self,
        due: Sequence[PromiseEntry],
        upcoming: PromiseEntry | None,
        now: datetime | None,
        zone: tzinfo | None,
    ) -> None:
        """Show what is due now (and, when nothing is, what comes next)."""
        next_text = ""
        if not due and upcoming is not None and now is not None and zone is not None:
            title = upcoming.reminder()[0]
            state = due_phrase(upcoming.promise, now, zone)  # the one state rule, in words
            next_text = menu_text(_("Next: {title}, {state}").format(title=title, state=state), 80)
        shown = (tuple((e.id, e.reminder()[0], e.person.name) for e in due), next_text)
        if shown == self._shown:
            return  # unchanged: leave an open menu alone
        self._shown = shown
        self.due_count = len(due)
        self.icon.setIcon(badge_icon(self.base_icon, len(due)))
        if due:
            self.icon.setToolTip(
                ngettext("Relapp — {n} promise due", "Relapp — {n} promises due", len(due)).format(
                    n=len(due)
                )
            )
        else:
            self.icon.setToolTip(_("Relapp — nothing due"))
        self.menu.clear()
        for old in self.entry_menus.values():
            old.deleteLater()
        self.entry_menus = {}
        heading = self.menu.addAction(
            ngettext("{n} promise due", "{n} promises due", len(due)).format(n=len(due))
            if due
            else _("Nothing due — all caught up")
        )
        heading.setEnabled(False)
        for entry in due[:MENU_ITEMS]:
            self._add_entry(entry)
        if len(due) > MENU_ITEMS:
            more = self.menu.addAction(_("…and {n} more").format(n=len(due) - MENU_ITEMS))
            more.triggered.connect(self.showDueRequested)
        if next_text:
            self.menu.addAction(next_text).setEnabled(False)
        self.menu.addSeparator()
        show = self.menu.addAction(icons.app_icon(), _("Show Relapp"))
        show.setObjectName("show")
        show.triggered.connect(self.showRequested)
        quit_action = self.menu.addAction(_("Quit Relapp"))
        quit_action.setObjectName("quit")
        quit_action.triggered.connect(self.quitRequested)

    def _add_entry(self, entry: PromiseEntry) -> None:
        title = entry.reminder()[0]
        sub = QMenu(menu_text(title), self.menu)
        channel = entry.promise.channel or entry.person.preferred
        if channel is not None:
            sub.setIcon(icons.channel_icon(channel))
        pid, person = entry.id, entry.person_id
        name = menu_text(entry.person.name or "them", 40)
        for key, text, handler in (
            ("open", f"Open {name}", lambda: self.openPersonRequested.emit(person)),
            ("done", "Done", lambda: self.doneRequested.emit(pid)),
            ("snooze", "Snooze 1 hour", lambda: self.snoozeHourRequested.emit(pid)),
            ("tomorrow", "Tomorrow", lambda: self.tomorrowRequested.emit(pid)),
        ):
            action = QAction(text, sub)
            action.setObjectName(key)
            action.triggered.connect(handler)
            sub.addAction(action)
        self.menu.addMenu(sub)
        self.entry_menus[pid] = sub

    def action_for(self, promise_id: int, key: str) -> QAction:
        """The menu action "open", "done", "snooze" or "tomorrow" of a listed promise."""
        sub = self.entry_menus[promise_id]
        return next(a for a in sub.actions() if a.objectName() == key)
