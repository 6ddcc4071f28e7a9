"""A friendly page for when there is nothing to show yet, with what to do next."""

from __future__ import annotations

from collections.abc import Callable, Sequence

from PySide6.QtCore import Qt
from PySide6.QtWidgets import QHBoxLayout, QLabel, QPushButton, QVBoxLayout, QWidget

from relapp.ui import icons, theme
from relapp.ui.widgets.heading import heading


class EmptyState(QWidget):
    def __init__(
        self,
        title: str,
        text: str,
        actions: Sequence[tuple[str, Callable[[], None]]],
        parent: QWidget | None = None,
    ) -> None:
        super().__init__(parent)
        logo = QLabel()
        logo.setPixmap(icons.app_icon().pixmap(72, 72))
        logo.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        heading_label = heading(title, 1.5)
        heading_label.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        body = QLabel(text)
        body.setTextFormat(Qt.TextFormat.PlainText)
        body.setWordWrap(True)
        body.setAlignment(Qt.AlignmentFlag.AlignHCenter)
        body.setFixedWidth(440)
        theme.set_style(body, "color: $muted;")
        body_row = QHBoxLayout()
        body_row.addStretch(1)
        body_row.addWidget(body)
        body_row.addStretch(1)
        self.buttons: list[QPushButton] = []
        row = QHBoxLayout()
        row.addStretch(1)
        for label, slot in actions:
            button = QPushButton(label)
            button.clicked.connect(lambda _checked=False, s=slot: s())
            row.addWidget(button)
            self.buttons.append(button)
        row.addStretch(1)
        layout = QVBoxLayout(self)
        layout.addStretch(1)
        layout.addWidget(logo)
        layout.addWidget(heading_label)
        layout.addLayout(body_row)
        layout.addLayout(row)
        layout.addStretch(2)
