"""The question before a merge: both people side by side, which one is kept, and a swap.

Everything shown came from the user and is plain text.
"""

from __future__ import annotations

from PySide6.QtWidgets import (
    QDialog,
    QDialogButtonBox,
    QFrame,
    QHBoxLayout,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.services.merging import PersonSummary
from relapp.ui import icons
from relapp.ui.widgets.plain_label import plain_label

SHOWN_POINTS = 8  # contact details listed per person; the rest are counted


def history_words(summary: PersonSummary) -> str:
    n, p, i = summary.interactions, summary.promises, summary.introductions
    parts = (
        ngettext("{n} interaction", "{n} interactions", n).format(n=number_text(n)),
        ngettext("{n} promise", "{n} promises", p).format(n=number_text(p)),
        ngettext("{n} introduction", "{n} introductions", i).format(n=number_text(i)),
    )
    return " · ".join(parts)


def default_keep(first: PersonSummary, second: PersonSummary) -> int:
    """The one with more history is kept; on a tie, the one you added first."""

    def weight(s: PersonSummary) -> tuple[int, int]:
        return (s.interactions + s.promises + s.introductions, -s.person.id)

    return max(first, second, key=weight).person.id


class PersonCard(QFrame):
    """One side: the role ("Keep" / "Merge in"), who, and what they have."""

    def __init__(self) -> None:
        super().__init__()
        self.setFrameShape(QFrame.Shape.StyledPanel)
        self.role_label = plain_label(bold=True)
        self.name_label = plain_label(bold=True)
        font = self.name_label.font()
        font.setPointSizeF(font.pointSizeF() * 1.3)
        self.name_label.setFont(font)
        self.details_label = plain_label()
        self.contacts_label = plain_label()
        self.history_label = plain_label()
        layout = QVBoxLayout(self)
        for label in (
            self.role_label,
            self.name_label,
            self.details_label,
            self.contacts_label,
            self.history_label,
        ):
            layout.addWidget(label)
        layout.addStretch(1)

    def show_summary(self, role: str, summary: PersonSummary) -> None:
        person = summary.person
        self.role_label.setText(role)
        self.name_label.setText(person.display_name)
        details = [d for d in (person.organisation, person.title) if d.strip()]
        if person.nickname.strip():
            details.append(_("also known as {name}").format(name=person.nickname))
        if person.met_how.strip():
            details.append(_("met: {how}").format(how=person.met_how))
        if person.tags:
            details.append(_("tags: {tags}").format(tags=", ".join(person.tags)))
        if person.archived:
            details.append(_("archived"))
        self.details_label.setText(" · ".join(details))
        self.details_label.setVisible(bool(details))
        points = [p.value for p in person.contact_points[:SHOWN_POINTS]]
        more = len(person.contact_points) - len(points)
        if more:
            points.append(_("… and {n} more").format(n=number_text(more)))
        self.contacts_label.setText("\n".join(points) if points else _("no contact details"))
        self.history_label.setText(history_words(summary))


class MergeDialog(QDialog):
    """Merge two people: ``keep_id`` and ``absorb_id`` after ``exec()``."""

    def __init__(
        self,
        first: PersonSummary,
        second: PersonSummary,
        *,
        keep_id: int | None = None,
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        self.setWindowTitle(_("Merge People"))
        self.setWindowIcon(icons.app_icon())
        self._people = {first.person.id: first, second.person.id: second}
        self.keep_id = keep_id if keep_id in self._people else default_keep(first, second)

        self.keep_card = PersonCard()
        self.absorb_card = PersonCard()
        self.swap_button = QPushButton(_("⇄ S&wap"))
        self.swap_button.setToolTip(_("Keep the other person instead"))
        self.swap_button.setAutoDefault(False)
        self.swap_button.clicked.connect(self.swap)
        middle = QVBoxLayout()
        middle.addStretch(1)
        middle.addWidget(self.swap_button)
        middle.addStretch(1)
        cards = QHBoxLayout()
        cards.addWidget(self.keep_card, 1)
        cards.addLayout(middle)
        cards.addWidget(self.absorb_card, 1)

        self.explanation = plain_label()
        self.buttons = QDialogButtonBox()
        self.merge_button = self.buttons.addButton(
            _("&Merge"), QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.merge_button.setDefault(True)
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)

        layout = QVBoxLayout(self)
        layout.addLayout(cards, 1)
        layout.addWidget(self.explanation)
        layout.addWidget(self.buttons)
        self.resize(640, 380)
        self._show()

    @property
    def absorb_id(self) -> int:
        return next(pid for pid in self._people if pid != self.keep_id)

    def swap(self) -> None:
        self.keep_id = self.absorb_id
        self._show()

    def _show(self) -> None:
        keep, absorb = self._people[self.keep_id], self._people[self.absorb_id]
        self.keep_card.show_summary(_("Keep"), keep)
        self.absorb_card.show_summary(_("Merge in, then remove"), absorb)
        k, a = keep.person.display_name, absorb.person.display_name
        self.explanation.setText(
            _(
                "Everything of {absorb} — history, promises, introductions, contact details, "
                "tags, notes and photo — moves to {keep}, and {absorb} is removed from your "
                "list. {keep}'s details stay; empty ones are filled from {absorb}, and the name "
                "{absorb} is kept as “also known as”. Edit ▸ Undo (Ctrl+Z) takes the merge back."
            ).format(absorb=a, keep=k)
        )
