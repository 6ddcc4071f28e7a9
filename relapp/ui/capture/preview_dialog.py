"""The capture preview: who gets how many history entries over which dates, the people
offered as new (unchecked), what was skipped and why, what could not be read, and the
addresses taken as me. Apply or Cancel; every text from the files is plain text."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QListView,
    QPlainTextEdit,
    QPushButton,
    QTableWidget,
    QTableWidgetItem,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.capture.conversation import skip_words
from relapp.domain.capture.plan import CapturePlan
from relapp.domain.capture.records import RecordKind
from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.ui.capture.offered_model import OfferedModel
from relapp.ui.capture.preview_people import PreviewPeople
from relapp.ui.widgets.plain_label import plain_label

SHOW_PROBLEMS = 200
SIZE_FROM_ROWS = 40
_RIGHT = Qt.AlignmentFlag.AlignRight | Qt.AlignmentFlag.AlignVCenter


def me_line(plan: CapturePlan) -> str:
    if not plan.me:
        return _("Nobody is taken as you: set your addresses in Settings ▸ My Addresses…")
    addresses = ", ".join(plan.me.addresses)
    if plan.me_suggested:
        return _(
            "Taken as you: {addresses} (suggested from the file; keep them in "
            "Settings ▸ My Addresses…)"
        ).format(addresses=addresses)
    return _("Taken as you: {addresses}").format(addresses=addresses)


def skipped_line(plan: CapturePlan) -> str:
    if not plan.skipped:
        return _("Nothing skipped.")
    skipped = ", ".join(f"{skip_words(r)} ({number_text(n)})" for r, n in plan.skipped.items())
    return _("Skipped: {what}").format(what=skipped)


def what_was_read(plan: CapturePlan) -> str:
    """The records the files held, named by what they were ("6 messages": mail and
    chat messages alike; calls; calendar events), or all three when they were mixed."""
    n, kinds = plan.records, plan.kinds
    if kinds <= {RecordKind.MAIL, RecordKind.MESSAGE}:
        words = ngettext("{n} message", "{n} messages", n)
    elif kinds == {RecordKind.CALL}:
        words = ngettext("{n} call", "{n} calls", n)
    elif kinds == {RecordKind.EVENT}:
        words = ngettext("{n} calendar event", "{n} calendar events", n)
    else:
        words = ngettext("{n} message, call or event", "{n} messages, calls and events", n)
    return words.format(n=number_text(n))


class CapturePreviewDialog(QDialog):
    def __init__(
        self,
        plan: CapturePlan,
        people: PreviewPeople,
        parent: QWidget | None,
    ) -> None:
        """``people`` (``preview_people``) is worked out on the worker: with 50,000
        entries it takes longer than a frame."""
        super().__init__(parent)
        self.plan: CapturePlan | None = plan  # until handed over (``hand_over``)
        self.setWindowTitle(_("Capture history"))
        self.resize(720, 620)
        layout = QVBoxLayout(self)
        files = ", ".join(plan.files)
        layout.addWidget(
            plain_label(
                _("{files}: {what} read.").format(files=files, what=what_was_read(plan)),
                bold=True,
            )
        )
        self.me_label = plain_label(me_line(plan))
        layout.addWidget(self.me_label)
        self.people = QTableWidget(len(people.rows), 4, self)
        self.people.setHorizontalHeaderLabels([_("Person"), _("Entries"), _("Dates"), _("Matched")])
        self.people.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.people.setSelectionMode(QAbstractItemView.SelectionMode.NoSelection)
        self.people.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # a summary, nothing to select
        self.people.verticalHeader().hide()
        header = self.people.horizontalHeader()
        header.setSectionResizeMode(0, QHeaderView.ResizeMode.Stretch)
        for column in (1, 2, 3):
            header.setSectionResizeMode(column, QHeaderView.ResizeMode.ResizeToContents)
        # ResizeToContents measures this many rows, not all (a frame's worth of work).
        header.setResizeContentsPrecision(SIZE_FROM_ROWS)
        for row, cells in enumerate(people.rows):
            for column, text in enumerate(cells):
                item = QTableWidgetItem(text)
                if column == 1:  # a count: right-aligned, as numbers are
                    item.setTextAlignment(_RIGHT)
                self.people.setItem(row, column, item)
        entries, named = people.entries, people.people
        layout.addWidget(
            plain_label(
                # Two counts, two plural choices: "1 history entry with 1 person you know"
                # (one message for both showed "1 people").
                _("{entries} with {people}:").format(
                    entries=ngettext("{n} history entry", "{n} history entries", entries).format(
                        n=number_text(entries)
                    ),
                    people=ngettext("{n} person you know", "{n} people you know", named).format(
                        n=number_text(named)
                    ),
                ),
                bold=True,
            )
        )
        layout.addWidget(self.people, 3)
        if named > len(people.rows):
            more = named - len(people.rows)
            layout.addWidget(
                plain_label(
                    ngettext("… and {n} more person", "… and {n} more people", more).format(
                        n=number_text(more)
                    )
                )
            )
        self.offered = QListView(self)
        self.offered.setUniformItemSizes(True)  # no row measured but the first
        # Laid out a hundred rows per turn of the event loop: Qt asks the model's
        # rowCount once per row it lays out (1,700 calls into Python at 20,000 mails).
        self.offered.setLayoutMode(QListView.LayoutMode.Batched)
        self.offered.setModel(OfferedModel(plan.offered, self.offered))  # off by default
        if plan.offered:
            layout.addWidget(plain_label(_("Add as new people (tick those you want):"), bold=True))
            layout.addWidget(self.offered, 1)
        else:
            self.offered.hide()
        if plan.unknown_count:
            layout.addWidget(
                plain_label(
                    _("Other correspondents you do not know: {n}").format(
                        n=number_text(plan.unknown_count)
                    )
                )
            )
        self.skipped_label = plain_label(skipped_line(plan))
        layout.addWidget(self.skipped_label)
        self.problems = QPlainTextEdit(self)
        self.problems.setReadOnly(True)
        if plan.problem_count:
            layout.addWidget(
                plain_label(
                    _("Could not be read: {n}").format(n=number_text(plan.problem_count)), bold=True
                )
            )
            lines = [f"{p.file}, {p.where}: {p.message}" for p in plan.problems[:SHOW_PROBLEMS]]
            self.problems.setPlainText("\n".join(lines))
            layout.addWidget(self.problems, 1)
        else:
            self.problems.hide()
        buttons = QDialogButtonBox(self)
        self.apply_button = QPushButton(_("Capture"), self)
        self.apply_button.setDefault(True)
        buttons.addButton(self.apply_button, QDialogButtonBox.ButtonRole.AcceptRole)
        buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)

    def hand_over(self) -> tuple[CapturePlan, list[int]]:
        """On ``accepted``: the plan and the people ticked, which this dialog no longer
        holds. A dialog still alive when the worker has captured (its deleteLater not yet
        run) would otherwise free 20,000 mails' plan on the GUI thread (issue 18)."""
        plan = self.plan
        assert plan is not None, "handed over twice"
        self.plan = None
        return plan, self.chosen_people()

    def chosen_people(self) -> list[int]:
        """The placeholders of the offered people ticked."""
        model = self.offered.model()
        return model.chosen() if isinstance(model, OfferedModel) else []
