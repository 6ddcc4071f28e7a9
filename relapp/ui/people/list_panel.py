"""The people list on the left: the search box, the table, its empty states and count.

Searched on the task runner (the newest search wins): how many found (the whole count
after the list's paint, ``counting``) and the first page; the table asks for the other
pages as they are scrolled to. Below, "In your notes" (``TextHitsSection``): the
entries whose text matches, found by the same task. The right side follows
``currentChanged`` (a person id, or None), ``hitChosen`` (a text hit: its person, at
the entry) and ``nobodySelected``. Down goes from the search box to the people, and
from the last person to the hits."""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING

from PySide6.QtCore import QModelIndex, Signal
from PySide6.QtWidgets import (
    QLabel,
    QLineEdit,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.i18n import _
from relapp.domain.people_sort import PeopleSort
from relapp.storage import Database
from relapp.ui import icons, theme
from relapp.ui.people import lazy_services as services
from relapp.ui.people.counting import LIST_KEY, WholeCount, count_text
from relapp.ui.people.list_keys import ListKeys
from relapp.ui.people.list_table import people_table, use_people_model
from relapp.ui.people_model import PAGE, PeopleListModel
from relapp.ui.qt_values import (
    ALIGN_CENTER,
    ASCENDING,
    DESCENDING,
    PLAIN_TEXT,
    VERTICAL,
    set_qt_property,
)
from relapp.ui.tasks import TaskRunner

if TYPE_CHECKING:
    from relapp.domain.text_search import TextHit
    from relapp.services import search
    from relapp.ui.people.text_hits import TextHitsSection

NAMED_AMONG = 50  # Return looks this far down the results for the person the query names
_SORT_FOR_COLUMN = {
    PeopleListModel.NAME: PeopleSort.NAME,
    PeopleListModel.ORGANISATION: PeopleSort.ORGANISATION,
    PeopleListModel.LAST_CONTACT: PeopleSort.LAST_CONTACT,
}
# The natural order of each sort (Qt.SortOrder's value); the other is the list reversed.
_NATURAL_ORDER = {
    PeopleSort.NAME: ASCENDING,
    PeopleSort.ORGANISATION: ASCENDING,
    PeopleSort.LAST_CONTACT: DESCENDING,
}


class PeopleListPanel(ListKeys, QWidget):
    """Search box and table. ``currentChanged(person id | None)``: the selection moved
    (``keeping_page`` is True meanwhile when a keystroke's results still hold the person
    on the page); ``nobodySelected(no_people)``: nobody is chosen (and whether there is
    nobody at all, for the welcome); ``newPersonRequested(name)``: "Add … as a new
    person"; ``hitChosen(TextHit)`` / ``hitActivated(TextHit)``: a hit in "In your
    notes" became current / was activated. ``count_label`` (for the status bar) says
    how many people."""

    currentChanged = Signal(object)
    hitChosen = Signal(object)
    hitActivated = Signal(object)
    nobodySelected = Signal(bool)
    newPersonRequested = Signal(str)

    def __init__(
        self,
        db: Database,
        runner: TaskRunner,
        *,
        page_shown: Callable[[], bool],
        on_error: Callable[[BaseException], None],
        parent: QWidget | None = None,
        search_now: bool = True,
    ) -> None:
        super().__init__(parent)
        self.holding = not search_now  # no search until False (the window's: first paint)
        self.db = db
        self.runner = runner
        self._page_shown = page_shown
        self._on_error = on_error
        self._sort = PeopleSort.NAME
        self._order = ASCENDING
        self.show_archived = False
        self._pending_select: int | None = None
        self._reveal = False  # the pending person is to be shown even if a search hides them
        self._shown: search.PeopleList | None = None  # the result the table shows
        self._row_unread = -1  # the current row, while its page is being read
        self.keeping_page = False  # while a keystroke's results come in (see refresh_list)
        self._total_people = 0
        self._count_stale = True
        self.list_loaded = False
        self._leaving_table = False  # the table's selection is cleared for a text hit
        self._hits: TextHitsSection | None = None  # made on first use (``hits``)
        self.count_label = QLabel()
        self._build()

    def _build(self) -> None:
        self.search = QLineEdit()
        self.search.setPlaceholderText(_("Search names, emails, phones, tags, notes…"))
        self.search.setAccessibleName(_("Search people"))
        leading = QLineEdit.ActionPosition.LeadingPosition  # 16 px icons, drawn in advance:
        self.search_icon = self.search.addAction(icons.rendered_icon("search", 16), leading)
        theme.on_change(self._draw_search_icon)  # in the scheme's colours
        # Typing changes what is shown, not how many people there are: no recount.
        self.search.textChanged.connect(lambda _text: self.refresh_list(recount=False))
        self.search.returnPressed.connect(self._open_first_result)
        self.search.installEventFilter(self)

        self.model = PeopleListModel(
            lambda ids: services.people().person_rows(self.db, ids),
            self,
            fetch_page=self._fetch_page,
        )
        self.model.sortRequested.connect(self._sort_requested)
        self.view = people_table(self.fontMetrics().height() + 6)  # the model: see _finish_build
        self.counts = WholeCount(self.view, self.runner, self.db, self._counted, self._on_error)
        self.view.installEventFilter(self)
        self.results = QSplitter()
        set_qt_property(self.results, "orientation", VERTICAL)
        self.results.addWidget(self.view)
        self.results.setStretchFactor(0, 3)
        self.results.setChildrenCollapsible(False)
        self.list_empty = QLabel()
        set_qt_property(self.list_empty, "textFormat", PLAIN_TEXT)
        self.list_empty.setWordWrap(True)
        set_qt_property(self.list_empty, "alignment", ALIGN_CENTER)
        theme.set_style(self.list_empty, "color: $muted; padding: 24px;")
        self.add_from_search = QPushButton()
        self.add_from_search.clicked.connect(
            lambda: self.newPersonRequested.emit(self.search.text().strip())
        )
        self.add_from_search.hide()

        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 0, 8)
        layout.addWidget(self.search)
        layout.addWidget(self.list_empty)
        layout.addWidget(self.add_from_search)  # centred by ``_finish_build``
        layout.addWidget(self.results, 1)
        self.list_empty.hide()
        self._built = False
        if not self.holding:
            self._finish_build()

    def _finish_build(self) -> None:
        """What needs the ``Qt`` namespace's enums (``people_table``): the people's model
        in the table, sorting by the header, the button centred. At once, or for the
        window after its first paint (``after_first_paint``)."""
        if self._built:
            return
        self._built = True
        from PySide6.QtCore import Qt

        use_people_model(self.view, self.model)
        self.view.selectionModel().currentRowChanged.connect(
            lambda current, _previous: self._table_row_changed(current.row())
        )
        self.layout().setAlignment(self.add_from_search, Qt.AlignmentFlag.AlignHCenter)

    def _draw_search_icon(self) -> None:
        self.search_icon.setIcon(icons.rendered_icon("search", 16))

    def after_first_paint(self) -> None:
        """The clear button (shown once something is typed; Qt looks its icon up in the
        icon themes: 30 million instructions on a desktop without one), and what needs
        ``Qt``'s enums (``_finish_build``)."""
        self.search.setClearButtonEnabled(True)
        self._finish_build()

    @property
    def hits(self) -> TextHitsSection:
        """The "In your notes" section below the people, made when first needed (a search
        that finds text, or right after the first paint: ``MainWindow.install_features``);
        hidden while it has no hits, so the first paint does without it and its module."""
        return self._hits if self._hits is not None else self.build_hits()

    def build_hits(self) -> TextHitsSection:
        """Make "In your notes" if it is not there yet (it starts hidden)."""
        if self._hits is None:
            from relapp.ui.people.text_hits import TextHitsSection

            hits = self._hits = TextHitsSection()
            hits.hitChosen.connect(self._hit_chosen)
            hits.hitActivated.connect(self.hitActivated)
            hits.leftUp.connect(self._up_from_hits)
            self.results.addWidget(hits)
            self.results.setStretchFactor(1, 2)
        return self._hits

    def _hit_count(self) -> int:
        return 0 if self._hits is None else self._hits.count()

    def _current_hit(self) -> TextHit | None:
        return None if self._hits is None else self._hits.current_hit()

    # --- the list ------------------------------------------------------------------
    def refresh_list(self, *, recount: bool = True) -> None:
        """Re-run the search in the background; the newest request wins. ``recount``:
        count everyone again (after edits); a keystroke keeps the count it has."""
        if self.holding:
            return
        query, sort, archived = self.search.text(), self._sort, self.show_archived
        reverse = self._order != _NATURAL_ORDER[self._sort]
        db = self.db
        if recount:
            self._count_stale = True  # until a result with a fresh count arrives
        known = None if self._count_stale or not self.list_loaded else self._total_people
        keep = tuple(p for p in (self._pending_select, self.current_person_id()) if p is not None)

        def work() -> search.PeopleList:
            on = services.search()  # (imported on the worker, after the first paint)
            asked, most = on.PeopleQuery(query, sort, reverse, archived), on.COUNTED_AT_ONCE
            return on.people_list(db, asked, page=PAGE, keep=keep, everyone=known, at_most=most)

        def ready(result: search.PeopleList) -> None:
            if known is None:
                self._count_stale = False
            # A keystroke keeps the open page as it is; after an edit it is shown afresh.
            self.keeping_page = not recount and self._page_shown()
            try:
                self._list_ready(result)
            finally:
                self.keeping_page = False

        self.counts.searched()
        self.runner.submit(work, ready, self._on_error, key=LIST_KEY)

    def _fetch_page(self, generation: int, number: int) -> None:
        """Read a page of the list shown on the runner (the newest page asked wins; the
        model asks again for one it still shows)."""
        shown, db = self._shown, self.db
        if shown is None:
            return
        found = shown.found if shown.counted else None

        def work() -> list:
            return services.search().people_page(db, shown.asked, number * PAGE, PAGE, found=found)

        def ready(rows: list) -> None:
            self.model.set_page(generation, number, rows)
            if self._row_unread // PAGE == number and self.view.currentIndex().row() == (
                self._row_unread
            ):
                self._show_row(self._row_unread)

        self.runner.submit(work, ready, self._on_error, key="people-page")

    def _list_ready(self, result: search.PeopleList) -> None:
        query, found, total = result.asked.text, result.text, result.everyone
        current = self.current_person_id()
        hit = self._current_hit()
        self._shown = result
        self.model.set_result(result.found, result.pages)
        self._total_people = total
        self.list_loaded = True
        # The hit shown stays chosen while a search still finds it (after an edit).
        kept_hit = (self._hits is not None or bool(found.hits)) and self.hits.set_hits(
            found, keep=hit.key if hit is not None else None
        )
        wanted = self._pending_select if self._pending_select is not None else current
        reveal, self._pending_select, self._reveal = self._reveal, None, False
        row = result.rows_of.get(wanted) if wanted is not None else None
        if row is None and reveal and wanted is not None and query:
            self._pending_select, self._reveal = wanted, True
            self.search.clear()  # a search hides them: cleared, which searches again
        elif kept_hit and wanted == current:
            pass
        elif row is not None:
            index = self.model.index(row, 0)
            moved = self.view.currentIndex() != index  # then the view says so (_show_row)
            self.view.setCurrentIndex(index)
            self.view.scrollTo(index)
            if wanted != current and not moved:
                self._show_row(row)
        elif current is not None and wanted == current:
            self.view.clearSelection()
            self._show_row(-1)
        self._update_empty_states(query, result.found, total, not result.counted)
        if not result.counted:
            self.counts.after_paint(result)

    def _counted(self, result: search.PeopleList, found: int) -> None:
        """The whole count of the search shown: the list grows to it."""
        if self._shown is result:
            from dataclasses import replace  # (not before the first paint: 4 M instructions)

            self._shown = replace(result, found=found, counted=True)
            self.model.grow(found)
            self._update_empty_states(result.asked.text, found, result.everyone)

    def _update_empty_states(self, query: str, shown: int, total: int, more: bool = False) -> None:
        self.count_label.setText(count_text(shown, total, query, self.show_archived, more))
        empty = shown == 0
        self.view.setVisible(not empty)
        self.results.setVisible(not empty or self._hit_count() > 0)
        self.list_empty.setVisible(empty)
        self.add_from_search.setVisible(empty and bool(query.strip()) and not self.show_archived)
        if empty and query.strip():
            self.list_empty.setText(_("No one matches “{query}”.").format(query=query.strip()))
            self.add_from_search.setText(
                _("Add “{name}” as a new person…").format(name=query.strip()[:40])
            )
        elif empty and self.show_archived:
            self.list_empty.setText(_("No archived people."))
        elif empty:
            self.list_empty.setText(_("No people yet.\nPress Ctrl+N to add the first one."))
        if self.current_person_id() is None:
            self.nobodySelected.emit(total == 0 and not self.show_archived and not query.strip())

    def _sort_requested(self, column: int, order: int) -> None:
        """The header's sort (``order``: Qt.SortOrder's value); the list again, unless
        it is sorted so already."""
        sort = _SORT_FOR_COLUMN.get(column, PeopleSort.NAME)
        if (sort, order) == (self._sort, self._order):
            return
        self._sort, self._order = sort, order
        self.refresh_list()

    def _open_first_result(self) -> None:
        """Return: open the person the query names (``search.named_first``), else the
        first row."""
        if self.model.rowCount() > 0:
            ids = self.model.ids(NAMED_AMONG)
            rows = services.people().person_rows(self.db, ids)
            names = [rows[i].display_name if i in rows else "" for i in ids]
            row = services.named_first(names, self.search.text())
            self.view.setCurrentIndex(self.model.index(row, 0))
            self.view.setFocus()
        elif self._hit_count():
            self.hits.enter(0)

    def set_show_archived(self, checked: bool) -> None:
        self.show_archived = checked
        self.view.clearSelection()
        self.view.setCurrentIndex(self.model.index(-1, -1))
        self.refresh_list()

    # --- the selection ---------------------------------------------------------------
    def focus_search(self) -> None:
        self.search.setFocus()
        self.search.selectAll()

    def current_person_id(self) -> int | None:
        """The person chosen in the list, or the person of the text hit chosen."""
        index = self.view.currentIndex()
        if index.isValid():
            return self.model.id_at(index.row())
        hit = self._current_hit()
        return hit.person_id if hit is not None else None

    def select_person(self, person_id: int) -> None:
        """Show a person: select them in the list (clearing a search that hides them)."""
        row = self.model.row_of(person_id)
        if row is not None:
            self.view.setCurrentIndex(self.model.index(row, 0))
            return
        self._pending_select, self._reveal = person_id, True
        self.refresh_list()  # finds their row (and clears a search that hides them)

    def select_after_refresh(self, person_id: int) -> None:
        """Select this person when the next list arrives."""
        self._pending_select = person_id

    def _show_row(self, row: int) -> None:
        person_id = self.model.id_at(row)
        self._row_unread = row if person_id is None and row >= 0 else -1
        if person_id is None and row >= 0:
            self.model.index(row, 0).data()  # its page is asked for; shown when read
        self.currentChanged.emit(person_id)

    # --- the text hits ("In your notes") ------------------------------------------------
    def _table_row_changed(self, row: int) -> None:
        if self._leaving_table:
            return
        if row >= 0 and self._hits is not None:
            self._hits.clear_current()
        self._show_row(row)

    def _hit_chosen(self, hit: TextHit) -> None:
        self._leaving_table = True
        try:
            self.view.setCurrentIndex(QModelIndex())
            self.view.clearSelection()
        finally:
            self._leaving_table = False
        self.hitChosen.emit(hit)
