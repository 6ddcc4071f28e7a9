"""The warning shown before a contact or a promise goes against a person's wishes, with
explicit choices: "Use email instead" (their preferred channel), "Log anyway", "Remind me
to follow up later" (after an unanswered streak) and "Cancel".

The log dialog and the promise dialog use the same widget, so a person's wishes are
heard the same way in both. Every choice is a button in the tab order with its own
underlined letter (Alt+E, Alt+A, Alt+M; Escape cancels). While a choice is asked for,
the dialog hides its own save and cancel buttons (``choosingChanged``), so the warning
is answered by choosing, not passed over (Ctrl+Enter still saves, as "anyway" does).
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QFrame,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import N_, _
from relapp.domain.model import Channel
from relapp.domain.outreach import OutreachKind, OutreachWarning, channel_noun
from relapp.ui import icons, theme

ANY_CHANNEL = N_("Any way")  # a promise that does not say how

# Warnings that ask for a choice; the others (a burst) are only said.
CHOOSING = frozenset({OutreachKind.AVOIDED_CHANNEL, OutreachKind.UNANSWERED})


def use_instead_text(channel: Channel) -> str:
    """ "Us&e email instead": Alt+E, whatever the channel."""
    return _("Us&e {channel} instead").format(channel=channel_noun(channel))


class OutreachChoices(QFrame):
    """Warnings above a dialog's buttons; hidden when there are none.

    ``go_text`` names going on regardless ("Log &anyway", "Add &anyway"). Signals:
    ``useInstead(Channel)``, ``goOn()``, ``remind()``, ``cancelled()``.
    """

    useInstead = Signal(object)  # the channel to switch to
    goOn = Signal()
    remind = Signal()
    cancelled = Signal()
    choosingChanged = Signal(bool)

    def __init__(
        self, go_text: str, parent: QWidget | None = None, *, can_remind: bool = True
    ) -> None:
        super().__init__(parent)
        self.setObjectName("outreach-warnings")
        theme.set_style(
            self,
            "#outreach-warnings { background: $outreach_background;"
            " border: 1px solid $outreach_border; border-radius: 4px; }",
        )
        self.can_remind = can_remind
        self.icon = QLabel()
        self.icon.setPixmap(icons.icon("warning").pixmap(20, 20))
        self.text = QLabel()
        self.text.setTextFormat(Qt.TextFormat.PlainText)
        self.text.setWordWrap(True)
        theme.set_style(self.text, "color: $outreach_text;")
        self.use_button = QPushButton()
        self.go_button = QPushButton(go_text)
        self.remind_button = QPushButton(_("Re&mind me to follow up later"))
        self.cancel_button = QPushButton(_("Cancel"))
        self.buttons = (self.use_button, self.go_button, self.remind_button, self.cancel_button)
        choices = QHBoxLayout()
        choices.setContentsMargins(0, 0, 0, 0)
        for button in self.buttons:
            button.setAutoDefault(False)
            choices.addWidget(button)
        choices.addStretch(1)
        self.choices = QWidget()
        self.choices.setLayout(choices)

        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        column.addWidget(self.text)
        column.addWidget(self.choices)
        row = QHBoxLayout(self)
        row.setContentsMargins(8, 6, 8, 6)
        row.addWidget(self.icon, 0, Qt.AlignmentFlag.AlignTop)
        row.addLayout(column, 1)

        self.warnings: list[OutreachWarning] = []
        self.alternative: Channel | None = None
        self.choosing = False
        self.use_button.clicked.connect(lambda: self.useInstead.emit(self.alternative))
        self.go_button.clicked.connect(self.goOn)
        self.remind_button.clicked.connect(self.remind)
        self.cancel_button.clicked.connect(self.cancelled)
        self.hide()

    def set_warnings(
        self, warnings: Sequence[OutreachWarning], alternative: Channel | None = None
    ) -> None:
        """Show ``warnings`` (each message once, in order); ``alternative`` is offered as
        "Use … instead" when one of them is about an avoided channel."""
        self.warnings = list(warnings)
        kinds = {w.kind for w in self.warnings}
        messages = list(dict.fromkeys(w.message for w in self.warnings))
        self.text.setText("\n".join(messages))
        self.alternative = alternative if OutreachKind.AVOIDED_CHANNEL in kinds else None
        if self.alternative is not None:
            self.use_button.setText(use_instead_text(self.alternative))
        self.use_button.setVisible(self.alternative is not None)
        self.remind_button.setVisible(self.can_remind and OutreachKind.UNANSWERED in kinds)
        choosing = bool(kinds & CHOOSING)
        self.choices.setVisible(choosing)
        self.setVisible(bool(self.warnings))
        if choosing != self.choosing:
            self.choosing = choosing
            self.choosingChanged.emit(choosing)

    def focus_chain(self) -> list[QWidget]:
        """The choice buttons, in tab order."""
        return list(self.buttons)
