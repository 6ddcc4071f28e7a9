"""Draws one history entry: channel icon, date, direction, summary, who else was there.

All text is drawn as plain text, so a summary like ``<b>hi</b>`` shows literally.
"""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, QPersistentModelIndex, QRect, QSize, Qt
from PySide6.QtGui import QFont, QFontMetrics, QPainter, QPalette
from PySide6.QtWidgets import QStyle, QStyledItemDelegate, QStyleOptionViewItem

from relapp.domain.dates import number_text, weekday_day_clock_text, weekday_day_year_text
from relapp.domain.i18n import _, ngettext
from relapp.domain.model import HistoryEntry, InteractionKind
from relapp.ui import icons, theme
from relapp.ui.history_model import ENTRY_ROLE

ICON = 22
PAD = 8


def _source_words() -> dict[str, str]:
    """Where a capture came from, in the words of the language in use."""
    return {
        "mbox": _("mail"),
        "maildir": _("mail"),
        "eml": _("mail"),
        "ics": _("the calendar"),
        "whatsapp": "WhatsApp",
        "telegram": "Telegram",
        "sms": "SMS",
        "calls": _("the call log"),
        "linkedin-messages": "LinkedIn",
    }


def captured_label(entry: HistoryEntry) -> str:
    """How a captured entry is marked: "captured from mail, 3 messages". Entries
    logged by hand carry no mark."""
    source = _source_words().get(entry.captured_from, entry.captured_from)
    count = entry.message_count
    if count > 1:
        return ngettext(
            "captured from {source}, {n} message", "captured from {source}, {n} messages", count
        ).format(source=source, n=number_text(count))
    return _("captured from {source}").format(source=source)


def describe_entry(entry: HistoryEntry) -> tuple[str, str]:
    """(first line, second line) of an entry, as plain text. An introduction is an
    event of its own: its day and "Introduction", not a channel and a direction."""
    interaction = entry.interaction
    local = interaction.occurred_at.astimezone()
    if interaction.kind is InteractionKind.INTRODUCTION:
        parts = [weekday_day_year_text(local.date()), interaction.kind.label]
    else:
        when = weekday_day_clock_text(local)
        parts = [when, interaction.channel.label, interaction.direction.label]
        if interaction.kind is not InteractionKind.ORDINARY:
            parts.append(interaction.kind.label)
    if entry.others:
        names = ", ".join(p.display_name for p in entry.others)
        parts.append(_("with {names}").format(names=names))
    if entry.captured_from:
        parts.append(captured_label(entry))
    summary = interaction.summary or _("(no summary)")
    return "  ·  ".join(parts), summary


def row_height(font: QFont) -> int:
    """The height of every entry's row (two lines of ``font``)."""
    return 2 * QFontMetrics(font).height() + 3 * PAD // 2 + 2


class HistoryDelegate(QStyledItemDelegate):
    def sizeHint(
        self, option: QStyleOptionViewItem, index: QModelIndex | QPersistentModelIndex
    ) -> QSize:
        return QSize(200, row_height(option.font))

    def paint(
        self,
        painter: QPainter,
        option: QStyleOptionViewItem,
        index: QModelIndex | QPersistentModelIndex,
    ) -> None:
        entry = index.data(ENTRY_ROLE)
        if not isinstance(entry, HistoryEntry):
            return super().paint(painter, option, index)
        painter.save()
        style = option.widget.style() if option.widget else None
        if style is not None:
            style.drawPrimitive(
                QStyle.PrimitiveElement.PE_PanelItemViewItem, option, painter, option.widget
            )
        selected = bool(option.state & QStyle.StateFlag.State_Selected)
        group = QPalette.ColorGroup.Active
        text_role = QPalette.ColorRole.HighlightedText if selected else QPalette.ColorRole.Text
        rect = option.rect.adjusted(PAD, PAD // 2, -PAD, -PAD // 2)
        icon_rect = QRect(rect.left(), rect.top() + (rect.height() - ICON) // 2, ICON, ICON)
        icons.channel_icon(entry.interaction.channel).paint(painter, icon_rect)
        text_left = icon_rect.right() + PAD + 4
        metrics = QFontMetrics(option.font)
        line_h = metrics.height()
        first, second = describe_entry(entry)

        small = QFont(option.font)
        small.setPointSizeF(max(7.0, option.font.pointSizeF() * 0.9))
        painter.setFont(small)
        muted = option.palette.color(group, text_role)
        if not selected:
            muted = theme.colour(theme.colours.MUTED)  # the date: readable in both schemes
        painter.setPen(muted)
        first_rect = QRect(text_left, rect.top(), rect.right() - text_left, line_h)
        painter.drawText(
            first_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            QFontMetrics(small).elidedText(first, Qt.TextElideMode.ElideRight, first_rect.width()),
        )
        painter.setFont(option.font)
        painter.setPen(option.palette.color(group, text_role))
        second_rect = QRect(text_left, rect.top() + line_h + 2, rect.right() - text_left, line_h)
        one_line = " ".join(second.split())
        painter.drawText(
            second_rect,
            Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter,
            metrics.elidedText(one_line, Qt.TextElideMode.ElideRight, second_rect.width()),
        )
        painter.restore()
        return None
