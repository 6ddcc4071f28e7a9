"""The PHOTO of a card: embedded base64 (2.1, 3.0), a ``data:`` URI (4.0), or a link.

Embedded photos are decoded leniently (see ``values.decode_base64``) and capped in size:
a photo over MAX_PHOTO_BYTES is left out with a warning, and its base64 is not even
decoded. A photo given as a link is not fetched (the domain does no I/O); its address is
kept so the caller can say so or fetch it.
"""

from __future__ import annotations

import binascii

from relapp.domain.i18n import _
from relapp.domain.sizes import megabytes_text
from relapp.domain.vcard.normalise import Prop
from relapp.domain.vcard.values import (
    base64_size,
    decode_data_payload,
    is_uri,
    looks_like_base64,
    split_data_uri,
    unescape,
)

MAX_PHOTO_BYTES = 2 * 1024 * 1024


class PhotoReader:
    """Keeps the first photo of a card that can be read (and the first link)."""

    def __init__(self, warnings: list[str]) -> None:
        self.data: bytes | None = None
        self.url = ""
        self._warnings = warnings

    def add(self, prop: Prop) -> None:
        if self.data is not None:
            return
        value = prop.value.strip()
        if not value:
            return
        encoding = next(iter(prop.params.get("ENCODING", ())), "").strip().lower()
        value_type = next(iter(prop.params.get("VALUE", ())), "").strip().lower()
        if encoding in ("b", "base64") or "BASE64" in prop.singles:
            self._embed(prop, value, True)
            return
        data_uri = split_data_uri(value)
        if data_uri is not None:
            _media_type, payload, is_base64 = data_uri
            self._embed(prop, payload, is_base64)
        elif value_type in ("uri", "url") or is_uri(value):
            self.url = self.url or unescape(value)
        elif looks_like_base64(value):
            self._embed(prop, value, True)
        else:
            self._warnings.append(
                _("line {line}: the photo could not be read; left out").format(line=prop.line)
            )

    def _embed(self, prop: Prop, payload: str, is_base64: bool) -> None:
        size = len(payload) * 3 // 4 if is_base64 else len(payload)
        if is_base64 and size > MAX_PHOTO_BYTES:
            size = base64_size(payload)  # the rough size counted line breaks and spaces
        if size > MAX_PHOTO_BYTES:
            self._too_large(prop, size)
            return
        try:
            data = decode_data_payload(payload, is_base64)
        except (binascii.Error, ValueError):
            self._warnings.append(
                _("line {line}: the photo could not be decoded; left out").format(line=prop.line)
            )
            return
        if len(data) > MAX_PHOTO_BYTES:
            self._too_large(prop, len(data))
        elif data:
            self.data = data

    def _too_large(self, prop: Prop, size: int) -> None:
        self._warnings.append(
            _("line {line}: the photo is {size}, over the {limit} limit; left out").format(
                line=prop.line,
                size=megabytes_text(size),
                limit=megabytes_text(MAX_PHOTO_BYTES, places=0),
            )
        )
