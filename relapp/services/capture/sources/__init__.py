"""Readers of history archives, one module per format, each yielding
``relapp.domain.capture.records.CaptureItem`` (see that module for the contract).

Each module exposes ``sniff(path: Path, head: bytes) -> SourceKind | None`` (decides by
content, not by the file name's extension) and ``read(path: Path) -> Iterator[CaptureItem]``
(streams: memory stays bounded whatever the file's size).
"""
