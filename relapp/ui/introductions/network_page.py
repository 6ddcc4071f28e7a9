"""The network page (View ▸ Network): the whole introduction network, you in the middle.

Loading and the force-directed layout run on the task runner; the page shows the
result when it arrives. Search highlights a person; "1 step" and "2 steps" lay out
just the neighbourhood of the highlighted person; a click opens a person. On the right,
"Who can introduce me to…" lists warm paths and draws the chosen one on the map.
"""

from __future__ import annotations

from collections.abc import Sequence

from PySide6.QtCore import Qt, Signal
from PySide6.QtGui import QFontMetricsF, QShowEvent
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLineEdit,
    QMenu,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from relapp.domain.dates import number_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.network import NetworkGraph
from relapp.domain.text import fold
from relapp.services.network import NetworkPicture, arrange, load_network
from relapp.storage import Database
from relapp.ui import theme
from relapp.ui.introductions.introducers_panel import IntroducersPanel
from relapp.ui.introductions.network_scene import (
    NetworkScene,
)
from relapp.ui.introductions.network_view import NetworkView
from relapp.ui.tasks import TaskRunner
from relapp.ui.widgets.heading import heading
from relapp.ui.widgets.plain_label import plain_label

LAYOUT_KEY = "network-layout"
FOUND_SCALE = 0.9  # zoom to at least this when a search finds someone


def _legend(colour: str, text: str) -> QWidget:
    """A dot in the nodes' colour, then its words in the text colour (the node colours
    are for shapes: as text the orange and grey read under 4.5:1 on a light window)."""
    dot = plain_label("●", wrap=False, selectable=False)
    theme.set_style(dot, f"color: ${colour};")  # a name in theme.scheme.NAMES
    item = QWidget()
    row = QHBoxLayout(item)
    row.setContentsMargins(0, 0, 0, 0)
    row.setSpacing(3)
    row.addWidget(dot)
    row.addWidget(plain_label(text, wrap=False, selectable=False))
    return item


class NetworkPage(QWidget):
    openPersonRequested = Signal(int)
    pictureShown = Signal(object)  # the NetworkPicture now on screen

    def __init__(self, db: Database, runner: TaskRunner, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._db = db
        self._runner = runner
        self._stale = True
        self.full: NetworkPicture | None = None  # everyone, kept to come back to
        self.picture: NetworkPicture | None = None  # what is shown
        self.around: tuple[int | None, int] | None = None  # (person, steps) when filtered
        self._matches: list[int] = []
        self._match_at = 0
        self.highlighted: int | None = None  # node index in the shown picture
        self._build()
        theme.on_change(self.apply_colours)

    def _build(self) -> None:
        title = heading(_("Introduction network"), 1.3)
        self.search_edit = QLineEdit()
        self.search_edit.setAccessibleName(_("Find someone on the map"))
        self.search_edit.setPlaceholderText(_("Find someone on the map…"))
        self.search_edit.setClearButtonEnabled(True)
        self.search_edit.setMaximumWidth(260)
        self.search_edit.textChanged.connect(self._search)
        self.search_edit.returnPressed.connect(self._next_match)
        self.one_step = QPushButton(_("1 step around"))
        self.two_steps = QPushButton(_("2 steps around"))
        self.everyone = QPushButton(_("Everyone"))
        self.fit_button = QPushButton(_("Fit"))
        self.one_step.setToolTip(_("Show only the found person and those linked to them"))
        self.two_steps.setToolTip(_("Show the found person's links, and their links"))
        self.fit_button.setToolTip(_("Fit the whole map in view (0)"))
        self.one_step.clicked.connect(lambda: self._around_highlighted(1))
        self.two_steps.clicked.connect(lambda: self._around_highlighted(2))
        self.everyone.clicked.connect(self.show_everyone)
        self.fit_button.clicked.connect(lambda: self.view.fit_all())
        top = QHBoxLayout()
        top.addWidget(title)
        top.addSpacing(12)
        top.addWidget(self.search_edit, 1)
        for button in (self.one_step, self.two_steps, self.everyone, self.fit_button):
            top.addWidget(button)
        top.addStretch(0)

        self.scope_label = plain_label(wrap=False, selectable=False)
        legend = QHBoxLayout()
        legend.addWidget(self.scope_label)
        legend.addStretch(1)
        legend.addWidget(_legend("network_you", _("you")))
        legend.addWidget(_legend("network_introducer", _("made introductions")))
        legend.addWidget(_legend("network_person", _("introduced")))
        legend.addWidget(plain_label(_("→ from introducer"), wrap=False, selectable=False))

        self.view = NetworkView()
        self.view.setAccessibleName(_("Introduction network"))
        self.view.nodeClicked.connect(self._node_clicked)
        self.view.nodeMenuRequested.connect(self._node_menu)
        self.empty = plain_label(
            _(
                "No introductions yet.\n\nRecord one from a person's page (Person ▸ Record "
                "Introduction…): who introduced you, or whom you introduced. It appears here."
            ),
            selectable=False,
        )
        self.empty.setAlignment(Qt.AlignmentFlag.AlignCenter)
        theme.set_style(self.empty, "color: $muted; padding: 40px;")
        self.stack = QStackedWidget()
        self.stack.addWidget(self.view)
        self.stack.addWidget(self.empty)

        self.introducers = IntroducersPanel(self._db, self._runner)
        self.introducers.openPersonRequested.connect(self.openPersonRequested)
        self.introducers.pathChosen.connect(self.show_path)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.addWidget(self.stack)
        self.splitter.addWidget(self.introducers)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setSizes([760, 260])
        self.splitter.setChildrenCollapsible(False)

        self.status = plain_label(wrap=False, selectable=False)
        theme.set_style(self.status, "color: $muted;")
        layout = QVBoxLayout(self)
        layout.setContentsMargins(8, 8, 8, 4)
        layout.addLayout(top)
        layout.addLayout(legend)
        layout.addWidget(self.splitter, 1)
        layout.addWidget(self.status)
        self._update_buttons()

    # --- loading ---------------------------------------------------------------------
    def mark_stale(self) -> None:
        """The data changed: reload now if shown, else when next shown."""
        self._stale = True
        if self.isVisible():
            self.reload()

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        if self._stale:
            self.reload()

    def reload(self) -> None:
        self._stale = False
        self.status.setText(_("Laying out the network…"))
        db = self._db
        around = self.around
        options = self._arrange_options()

        def work() -> tuple[NetworkPicture, NetworkPicture | None]:
            full = arrange(load_network(db), **options)
            part = None
            if around is not None:
                part = _around(full.graph, around[0], around[1], options)
            return full, part

        self._runner.submit(work, self._reloaded, self._failed, key=LAYOUT_KEY)

    def _arrange_options(self) -> dict[str, object]:
        # QFontMetricsF is reentrant: the worker measures names with its own copy.
        metrics = QFontMetricsF(self.font())
        size = self.view.viewport().size()
        return {
            "label_width": metrics.horizontalAdvance,
            "label_px": metrics.height() + 2,
            "viewport": (max(size.width(), 600), max(size.height(), 400)),
        }

    def _reloaded(self, result: tuple[NetworkPicture, NetworkPicture | None]) -> None:
        full, part = result
        self.full = full
        if self.around is not None and part is None:
            self.around = None
        self.show_picture(part or full)

    def _failed(self, error: BaseException) -> None:
        self.status.setText(_("Could not lay out the network: {error}").format(error=error))

    def apply_colours(self) -> None:
        """A new colour scheme: the same map, drawn anew in its colours, where it was."""
        self.view.setBackgroundBrush(theme.colour(theme.colours.NETWORK_BACKGROUND))
        if self.picture is None:
            return
        scale, node = self.view.current_scale(), self.highlighted
        centre = self.view.mapToScene(self.view.viewport().rect().center())
        self.show_picture(self.picture)
        self.view.zoom_to(scale)
        self.view.centerOn(centre)
        if node is not None:
            self.highlight(node)

    def show_picture(self, picture: NetworkPicture) -> None:
        scene = NetworkScene(picture, self.font(), self)
        self.picture = picture
        self.view.set_network_scene(scene)
        self.stack.setCurrentWidget(self.empty if picture.graph.size <= 1 else self.view)
        self.highlighted = None
        self._search(self.search_edit.text())
        graph = picture.graph
        people = graph.size - (1 if graph.index_of(None) is not None else 0)
        self.status.setText(
            ngettext("{n} person", "{n} people", people).format(n=number_text(people))
            + " · "
            + ngettext("{n} arrow", "{n} arrows", graph.edge_count).format(
                n=number_text(graph.edge_count)
            )
            + " · "
            + _("laid out in {seconds} s · drag to move, wheel to zoom, click to open").format(
                seconds=f"{picture.layout_seconds:.2f}"
            )
        )
        if self.around is None:
            self.scope_label.setText(_("Everyone in an introduction"))
        else:
            steps = self.around[1]
            name = graph.names[graph.center]
            self.scope_label.setText(
                ngettext("Around {name}: {n} step", "Around {name}: {n} steps", steps).format(
                    name=name, n=steps
                )
            )
        self._update_buttons()
        self.pictureShown.emit(picture)

    # --- neighbourhoods ----------------------------------------------------------------
    def show_around(self, person_id: int | None, steps: int) -> None:
        """Lay out just the people within ``steps`` links of ``person_id`` (None: you)."""
        if self.full is None:
            self.around = (person_id, steps)
            self.reload()
            return
        full, options = self.full, self._arrange_options()
        self.around = (person_id, steps)
        self.status.setText(_("Laying out the neighbourhood…"))
        self._runner.submit(
            lambda: _around(full.graph, person_id, steps, options),
            self._around_ready,
            self._failed,
            key=LAYOUT_KEY,
        )

    def _around_ready(self, picture: NetworkPicture | None) -> None:
        if picture is None:
            self.status.setText(_("That person is not in any introduction."))
            self.around = None
            return
        self.show_picture(picture)

    def show_everyone(self) -> None:
        self.around = None
        if self.full is not None:
            self.show_picture(self.full)
        else:
            self.reload()

    def _around_highlighted(self, steps: int) -> None:
        if self.picture is None or self.highlighted is None:
            return
        self.show_around(self.picture.graph.ids[self.highlighted], steps)

    def _update_buttons(self) -> None:
        has_focus = self.highlighted is not None
        self.one_step.setEnabled(has_focus)
        self.two_steps.setEnabled(has_focus)
        self.everyone.setEnabled(self.around is not None)

    # --- search and marks ----------------------------------------------------------------
    def _search(self, text: str) -> None:
        needle = fold(text)
        picture = self.picture
        if not needle or picture is None:
            self._matches = []
            self.highlight(None)
            return
        names = [fold(n) for n in picture.graph.names]
        starts = [i for i, n in enumerate(names) if n.startswith(needle)]
        inside = [i for i, n in enumerate(names) if needle in n and i not in starts]
        self._matches = starts + inside
        self._match_at = 0
        self.highlight(self._matches[0] if self._matches else None, center=True)
        if text.strip() and not self._matches:
            self.scope_label.setText(
                _("Nobody on the map matches “{text}”").format(text=text.strip())
            )

    def _next_match(self) -> None:
        if not self._matches:
            return
        self._match_at = (self._match_at + 1) % len(self._matches)
        self.highlight(self._matches[self._match_at], center=True)

    def highlight(self, node: int | None, *, center: bool = False) -> None:
        scene = self.view.network_scene()
        self.highlighted = node
        if scene is not None:
            scene.highlight(node)
            scene.force_labels(set() if node is None else {node})
            if node is not None and center:
                self.view.center_on_node(node, at_least=FOUND_SCALE)
        self._update_buttons()

    def highlight_person(self, person_id: int) -> bool:
        node = self.picture.graph.index_of(person_id) if self.picture else None
        self.highlight(node, center=True)
        return node is not None

    def show_path(self, person_ids: Sequence[int]) -> None:
        scene = self.view.network_scene()
        if scene is None:
            return
        graph = scene.picture.graph
        nodes = [graph.index_of(pid) for pid in (None, *person_ids)]
        shown = [n for n in nodes if n is not None]
        scene.show_path(shown if len(shown) == len(nodes) else [])
        scene.force_labels(set(shown))

    def find_introducers(self, person_id: int, name: str) -> None:
        self.introducers.find_for(person_id, name)

    # --- clicks --------------------------------------------------------------------------
    def _node_clicked(self, node: int) -> None:
        if self.picture is None:
            return
        person_id = self.picture.graph.ids[node]
        if person_id is not None:
            self.openPersonRequested.emit(person_id)

    def _node_menu(self, node: int, where) -> None:  # type: ignore[no-untyped-def]
        if self.picture is None:
            return
        graph = self.picture.graph
        person_id, name = graph.ids[node], graph.names[node]
        menu = QMenu(self)
        if person_id is not None:
            menu.addAction(
                _("Open {name}").format(name=name), lambda: self.openPersonRequested.emit(person_id)
            )
        menu.addAction(_("1 step around"), lambda: self.show_around(person_id, 1))
        menu.addAction(_("2 steps around"), lambda: self.show_around(person_id, 2))
        if person_id is not None:
            menu.addAction(
                _("Who can introduce me to {name}?").format(name=name),
                lambda: self.find_introducers(person_id, name),
            )
        for action in menu.actions():
            action.setText(action.text().replace("&", "&&"))
        menu.exec(where)


def _around(
    graph: NetworkGraph, person_id: int | None, steps: int, options: dict[str, object]
) -> NetworkPicture | None:
    node = graph.index_of(person_id)
    if node is None:
        return None
    return arrange(graph.neighbourhood(node, steps), **options)  # type: ignore[arg-type]
