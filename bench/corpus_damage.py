"""The corpus of real exports, damaged the ways real exporters damage files, scored.

    python -m bench.corpus_damage [CORPUS_DIR]

Each file of the corpus is rewritten in memory with one kind of damage seen in the
wild (issue 12) and read; the share of expected fields read is printed per kind
(``corpus_score`` explains the scoring). The damage keeps the information: a careful
reader can still read every field (except the half line of a card cut off mid-line).
"""

from __future__ import annotations

import json
import re
import sys
import tempfile
from collections.abc import Callable
from pathlib import Path

from bench.corpus_score import DEFAULT, score_file

_BEGIN = re.compile(rb"^BEGIN:VCARD\r?\n", re.IGNORECASE | re.MULTILINE)
_END = re.compile(rb"^END:VCARD\r?\n?", re.IGNORECASE | re.MULTILINE)
_FN = re.compile(rb"^(FN|N)([;:])", re.MULTILINE)


def no_begin(data: bytes) -> bytes:
    return _BEGIN.sub(b"", data, count=1)


def no_end(data: bytes) -> bytes:
    return _END.sub(b"", data, count=1)


def stray_end(data: bytes) -> bytes:
    return _FN.sub(rb"END:\r\n\1\2", data, count=1)


def cut_mid_line(data: bytes) -> bytes:
    """The last card's END line dropped and its last property line cut in half."""
    body = data.rstrip()
    end = body.rfind(b"\n")
    body = body[:end].rstrip()  # without the END:VCARD line
    start = body.rfind(b"\n") + 1
    line = body[start:]
    colon = line.find(b":")
    keep = colon + 1 + (len(line) - colon - 1) // 2 if colon >= 0 else len(line) // 2
    return body[: start + keep]


def split_characters(data: bytes) -> bytes:
    """Every multi-byte UTF-8 character split by a fold after its first byte."""
    return re.sub(rb"([\xc2-\xf4])([\x80-\xbf])", rb"\1\r\n \2", data)


def code_page(data: bytes) -> bytes:
    """The file in Windows-1250 (Central European), with CHARSET on its first FN or N
    line only (files it cannot encode are left as they are)."""
    try:
        text = data.decode("utf-8").encode("cp1250")
    except (UnicodeDecodeError, UnicodeEncodeError):
        return data
    if text == data:
        return data
    return _FN.sub(rb"\1;CHARSET=WINDOWS-1250\2", text, count=1)


def colonless_line(data: bytes) -> bytes:
    return re.sub(rb"^(FN[;:][^\r\n]*\r?\n)", rb"\1X-JUNK\r\n", data, count=1, flags=re.M)


DAMAGE: dict[str, Callable[[bytes], bytes]] = {
    "no BEGIN line": no_begin,
    "no END line": no_end,
    "stray END:": stray_end,
    "cut off mid-line": cut_mid_line,
    "fold splits a character": split_characters,
    "Windows code page, one CHARSET": code_page,
    "property line without colon": colonless_line,
}


def main(argv: list[str]) -> int:
    corpus = Path(argv[0]) if argv else DEFAULT
    entries = json.loads((corpus / "expected.json").read_text(encoding="utf-8"))
    all_read = all_total = 0
    with tempfile.TemporaryDirectory() as folder:
        for name, damage in DAMAGE.items():
            read = total = 0
            for entry in entries:
                path = Path(folder) / Path(entry["file"]).name
                path.write_bytes(damage((corpus / entry["file"]).read_bytes()))
                got, expected, _missed = score_file(path, entry["people"])
                read += got
                total += expected
            all_read += read
            all_total += total
            print(f"{name:32} {read:5,} of {total:5,} fields  {100 * read / total:5.1f} %")
    print(
        f"{'all damage':32} {all_read:5,} of {all_total:5,} fields  "
        f"{100 * all_read / all_total:5.1f} %"
    )
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
