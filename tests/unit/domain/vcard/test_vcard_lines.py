"""A card's lines are read exactly as vobject's ``parseLine`` reads them.

``normalise`` reads a logical line from the ``_STRICT_HEAD`` match that checked it and
reads each distinct parameter list once (issue 18: the import's own work, not vobject's,
made it 1.3x vobject alone). Here every line of the real exports in the corpus, the
benchmark's six exporters' lines, and generated lines whose head passes the check are
read both ways and must give the same property.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from vobject.base import parseLine

from bench import vcard_import
from relapp.domain.vcard import normalise
from relapp.domain.vcard.textcodec import decode_vcard

Reading = tuple[str, str, dict[str, tuple[str, ...]], tuple[str, ...], str] | None


def read_by_vobject(line: str) -> Reading:
    """The property as vobject's parser gives it, with the names upper-cased and the
    parameters grouped as ``normalise`` does (before it read lines itself)."""
    name, params, value, group = parseLine(line)
    name = name.upper()
    if name in ("BEGIN", "END"):
        return None
    named: dict[str, list[str]] = {}
    singles: tuple[str, ...] = ()
    for param in params:
        if len(param) == 1:
            singles += (param[0].upper(),)
        else:
            named.setdefault(param[0].upper(), []).extend(param[1:])
    grouped = {key: tuple(values) for key, values in named.items()}
    return name, group.lower() if group else "", grouped, singles, value


def read_by_relapp(line: str) -> Reading:
    head = normalise._STRICT_HEAD.match(line)
    assert head is not None
    props: list[normalise.Prop] = []
    normalise._add(props, line, head, 1, 1)
    if not props:
        return None
    (prop,) = props
    return prop.name, prop.group, dict(prop.params), prop.singles, prop.value


def logical_lines(text: str) -> list[str]:
    lines = []
    for chunk in normalise._LOGICAL_BREAK.split(text.replace("\r\n", "\n")):
        line = chunk.replace("\n ", "").replace("\n\t", "")
        if line.strip() and normalise._STRICT_HEAD.match(line) is not None:
            lines.append(line)
    return lines


def test_every_line_of_the_corpus_reads_as_vobject_reads_it(corpus_dir: Path) -> None:
    compared = 0
    for path in sorted(corpus_dir.rglob("*.vcf")):
        text, _notes = decode_vcard(path.read_bytes(), path.name)
        for line in logical_lines(text):
            assert read_by_relapp(line) == read_by_vobject(line), (path.name, line)
            compared += 1
    assert compared > 900


def test_the_lines_of_six_exporters_read_as_vobject_reads_them() -> None:
    text = vcard_import.generate(300, seed=5).decode("utf-8")
    lines = logical_lines(text)
    assert len(lines) > 3000
    for line in lines:
        assert read_by_relapp(line) == read_by_vobject(line), line


@pytest.mark.parametrize(
    "line",
    [
        "TEL;;CELL:+1 555",
        'EMAIL;TYPE="work,pref";TYPE=INTERNET:a@b.c',
        'X-A;P="a:b;c":value:with:colons',
        'X-A;P="";Q=,x,,y;R=:v',
        "item1.X_LOTUS_NAME;x_param=1:v",
        "N;CHARSET=UTF-8;ENCODING=QUOTED-PRINTABLE:=C3=A9;;;",
        "ADR;TYPE=home:;;1 Main St\\nFlat 2;Town;;;\n",
        "NOTE:a=b;c,d",
        "TEL;TYPE=a=b:1",
    ],
)
def test_awkward_lines_read_as_vobject_reads_them(line: str) -> None:
    assert read_by_relapp(line) == read_by_vobject(line)


_HEAD = normalise._STRICT_HEAD.pattern
_VALUE = st.text(alphabet=st.sampled_from(list('ab:;,="\\ \n\t.-_1é')), max_size=20)


@settings(max_examples=400, deadline=None)
@given(head=st.from_regex(rf"\A{_HEAD}\Z", fullmatch=True), value=_VALUE)
def test_generated_lines_read_as_vobject_reads_them(head: str, value: str) -> None:
    line = head + value
    if normalise._STRICT_HEAD.match(line) is None:  # a head that matches only alone
        return
    assert read_by_relapp(line) == read_by_vobject(line)
