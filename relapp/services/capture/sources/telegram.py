"""Telegram Desktop's export, ``result.json``: one chat, or the whole account
(``"chats": {"list": [...]}``, also ``left_chats``).

The file can be gigabytes: it is walked as a stream (``_jsonstream``), one message
decoded at a time. A message's author is ``from`` (a display name) with ``from_id``
("user123"); the exporter's own id is ``personal_information.user_id``, else the most
common ``from_id`` in the "Saved Messages" chat (a second, quick pass finds it), and
decides ``from_me``; without either, a personal chat still tells (its id is the other
person's: whoever else writes is me), other chats leave ``from_me`` None. Service messages ("Carol
joined the group") are skipped. Times: ``date_unixtime`` (UTC), else ``date`` (the
exporting computer's local time). In a personal chat the other person (the chat's name)
is the recipient of my messages. Text is never carried.
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, BinaryIO

from relapp.domain.capture.records import (
    AddressKind,
    Captured,
    CaptureItem,
    CaptureProblem,
    Party,
    RecordKind,
    SourceKind,
)
from relapp.domain.dates import number_text
from relapp.domain.i18n import _
from relapp.services.capture.sources._jsonstream import JsonBroken, JsonStream

_CHAT_TYPE = re.compile(
    rb'"type":\s*"(personal_chat|private_group|private_supergroup|public_supergroup|'
    rb'saved_messages|bot_chat|private_channel|public_channel)"'
)
_CHAT_LISTS = ("chats", "left_chats")


def sniff(path: Path, head: bytes) -> SourceKind | None:
    text = head.lstrip(b"\xef\xbb\xbf \t\r\n")
    if not text.startswith(b"{"):
        return None
    if b'"personal_information"' in text or (b'"messages"' in text and _CHAT_TYPE.search(text)):
        return SourceKind.TELEGRAM
    return None


def read(path: Path) -> Iterator[CaptureItem]:
    file = str(path)
    try:
        stream = path.open("rb")
    except OSError as error:
        yield CaptureProblem(
            file, _("the file"), _("cannot be opened: {error}").format(error=error.strerror)
        )
        return
    with stream:
        yield from _Export(path, stream).read()


class _Export:
    def __init__(self, path: Path, stream: BinaryIO) -> None:
        self.path = path
        self.file = str(path)
        self.json = JsonStream(stream)
        self.own: str | None = None
        self.own_known = False
        self.count = 0
        self.where = _("the start")

    def problem(self, where: str, message: str) -> CaptureProblem:
        return CaptureProblem(self.file, where, message)

    def read(self) -> Iterator[CaptureItem]:
        meta: dict[str, Any] = {}
        try:
            for key in self.json.members():
                if key == "personal_information":
                    info = self.json.value()
                    user = info.get("user_id") if isinstance(info, dict) else None
                    if user is not None:
                        self.own, self.own_known = f"user{user}", True
                elif key in _CHAT_LISTS:
                    self._find_own()
                    yield from self._chat_list()
                elif key == "messages":  # a single chat's export
                    self._find_own()
                    yield from self._messages(meta)
                elif key in ("name", "type", "id"):
                    meta[key] = self.json.value()
                else:
                    self.json.skip()
        except JsonBroken as error:
            if error.at_end:
                what = _("the file ends early (truncated); what came before was read")
            else:
                what = _("the file is broken: {error}; what came before was read").format(
                    error=error
                )
            where = _("character {n}, after {where}").format(
                n=number_text(error.offset), where=self.where
            )
            yield self.problem(where, what)
        yield from self._invalid_utf8()

    def _invalid_utf8(self) -> Iterator[CaptureProblem]:
        for first, last in self.json.invalid_utf8:
            yield self.problem(
                _("characters {first} to {last}").format(
                    first=number_text(first), last=number_text(last)
                ),
                _("some bytes there are not UTF-8; read with replacement characters"),
            )
        self.json.invalid_utf8.clear()

    def _find_own(self) -> None:
        if not self.own_known:
            self.own_known = True
            self.own = _saved_messages_owner(self.path)

    def _chat_list(self) -> Iterator[CaptureItem]:
        for key in self.json.members():
            if key != "list":
                self.json.skip()
                continue
            for _element in self.json.elements():
                meta: dict[str, Any] = {}
                for chat_key in self.json.members():
                    if chat_key == "messages":
                        yield from self._messages(meta)
                    elif chat_key in ("name", "type", "id"):
                        meta[chat_key] = self.json.value()
                    else:
                        self.json.skip()

    def _messages(self, meta: dict[str, Any]) -> Iterator[CaptureItem]:
        chat = _Chat(meta)
        self.json.take("[")
        while True:
            char = self.json.peek()
            if char == "]":
                self.json.take("]")
                return
            if char == ",":
                self.json.take(",")
                continue
            self.count += 1
            where = _("chat {name}, message {n}").format(
                name=repr(chat.name), n=number_text(self.count)
            )
            indent = self.json.column()
            try:
                message = self.json.value()
            except JsonBroken as error:
                if not self.json.resync(indent):
                    self.where = where
                    raise JsonBroken(str(error), error.offset, True) from None
                yield self.problem(where, _("broken JSON, skipped: {error}").format(error=error))
                continue
            self.where = where
            yield from self._invalid_utf8()
            item = self._record(chat, message, where)
            if item is not None:
                yield item

    def _record(self, chat: _Chat, message: Any, where: str) -> CaptureItem | None:
        if not isinstance(message, dict):
            return self.problem(where, _("a message that is not a JSON object"))
        if message.get("type", "message") != "message":
            return None  # a service message
        try:
            when = _moment(message)
        except KeyError:
            return self.problem(where, _("the message has no date"))
        except (ValueError, TypeError, OverflowError, OSError) as error:
            return self.problem(where, _("impossible or missing date: {error}").format(error=error))
        author = str(message.get("from") or "")
        from_id = str(message.get("from_id") or "")
        sender = Party(author or from_id or "unknown", AddressKind.NAME, name=author)
        mine = None if self.own is None else from_id == self.own
        if mine is None and chat.personal and from_id:
            mine = from_id != chat.other  # a personal chat's id is the other person's
        recipients: tuple[Party, ...] = ()
        if chat.personal and from_id != chat.other and chat.name:
            recipients = (Party(chat.name, AddressKind.NAME, name=chat.name),)
        stamp = when.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")
        return Captured(
            kind=RecordKind.MESSAGE,
            source=SourceKind.TELEGRAM,
            key=f"{chat.id}#{stamp}#{from_id or author}#{message.get('id', '')}",
            occurred_at=when,
            thread=chat.id,
            sender=sender,
            recipients=recipients,
            from_me=mine,
            subject=chat.name,
            where=where,
        )


class _Chat:
    def __init__(self, meta: dict[str, Any]) -> None:
        self.name = str(meta.get("name") or "")
        self.id = str(meta.get("id", self.name))
        self.personal = meta.get("type") == "personal_chat"
        self.other = f"user{self.id}"  # a personal chat's id is the other person's


def _moment(message: dict[str, Any]) -> datetime:
    unix = message.get("date_unixtime")
    if unix is not None:
        return datetime.fromtimestamp(int(unix), UTC)
    return datetime.fromisoformat(str(message["date"])).astimezone()


def _saved_messages_owner(path: Path) -> str | None:
    """The most common ``from_id`` of the "Saved Messages" chat: the exporter."""
    authors: Counter[str] = Counter()
    try:
        with path.open("rb") as stream:
            walker = JsonStream(stream)
            for key in walker.members():
                if key not in _CHAT_LISTS:
                    walker.skip()
                    continue
                for list_key in walker.members():
                    if list_key != "list":
                        walker.skip()
                        continue
                    for _ in walker.elements():
                        saved = False
                        for chat_key in walker.members():
                            if chat_key == "type":
                                saved = walker.value() == "saved_messages"
                            elif chat_key == "messages" and saved:
                                for _ in walker.elements():
                                    message = walker.value()
                                    if isinstance(message, dict) and message.get("from_id"):
                                        authors[str(message["from_id"])] += 1
                            else:
                                walker.skip()
    except (JsonBroken, OSError):
        pass  # the main pass reports what is wrong
    return authors.most_common(1)[0][0] if authors else None
