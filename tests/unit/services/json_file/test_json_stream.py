"""Reading a JSON object member by member: the same values as json.loads, whatever the
buffer size, with the right line numbers and errors that say where."""

from __future__ import annotations

import io
import json
from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.services.json_file.stream import JsonSyntaxError, read_members

scalars = st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text()
values = st.recursive(
    scalars,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=12,
)
documents = st.dictionaries(st.text(), values | st.lists(values, max_size=6), max_size=6)


def rebuild(text: str, chunk: int) -> dict[str, Any]:
    out: dict[str, Any] = {}
    for member in read_members(io.StringIO(text), chunk=chunk):
        if member.kind == "value":
            out[member.key] = member.value
        elif member.kind == "start":
            out[member.key] = []
        elif member.kind == "item":
            assert member.index == len(out[member.key])
            out[member.key].append(member.value)
    return out


@settings(max_examples=150, deadline=None)
@given(documents, st.sampled_from([None, 0, 2]), st.integers(1, 17))
def test_any_object_reads_back_as_json_loads_reads_it(
    document: dict[str, Any], indent: int | None, chunk: int
) -> None:
    text = json.dumps(document, indent=indent, ensure_ascii=False)
    assert rebuild(text, chunk) == json.loads(text)


@pytest.mark.parametrize("chunk", [1, 2, 7, 1 << 20])
def test_each_element_knows_the_line_it_starts_on(chunk: int) -> None:
    records = [{"id": i, "text": "line\nbreak" * i} for i in range(1, 40)]
    text = '{\n"format": "relapp",\n"people": [\n' + ",\n".join(map(json.dumps, records))
    text += "\n],\n\n\n" + '"tail": [  {"id": 0}\n]}'
    lines = {}
    for member in read_members(io.StringIO(text), chunk=chunk):
        if member.kind == "item":
            lines[(member.key, member.value["id"])] = member.line()
    assert [lines[("people", i)] for i in range(1, 40)] == list(range(4, 43))
    assert lines[("tail", 0)] == 46


BAD = [
    '{"a": [1, 2,]}',
    '{"a": [1 2]}',
    '{\n  "a": [\n    {"b": tru}\n  ]\n}',
    '{\n"a": 1,\n"b": "unterminated\n}',
    '{"a": {"b": 1,}}',
    '{"a":1,}',
    '{\n\n  "a": [{"x": 1}, {"x": 2}, {"x" 3}]}',
]


@pytest.mark.parametrize("text", BAD)
@pytest.mark.parametrize("chunk", [1, 3, 1 << 20])
def test_errors_point_where_json_loads_points(text: str, chunk: int) -> None:
    with pytest.raises(json.JSONDecodeError) as expected:
        json.loads(text)
    with pytest.raises(JsonSyntaxError) as caught:
        list(read_members(io.StringIO(text), chunk=chunk))
    # The standard library may report the start of a broken element, or the exact
    # character; ours is never later than that, and on the same line or the one before.
    assert caught.value.line in (expected.value.lineno, expected.value.lineno - 1)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("", "the file is empty"),
        ("   \n  ", "the file is empty"),
        ("[1, 2]", "expected '{' but found '['"),
        ('{"a": 1} {"b": 2}', "unexpected text after the end"),
        ('{"a": 1, "a": 2}', '"a" appears twice'),
        ('{"a": [1, 2]', "expected '}' but found the end of the file"),
        ("{a: 1}", "expected a member name in double quotes"),
    ],
)
def test_what_is_not_one_json_object_is_named(text: str, message: str) -> None:
    with pytest.raises(JsonSyntaxError) as caught:
        list(read_members(io.StringIO(text), chunk=4))
    assert message in str(caught.value)


def test_a_number_cut_by_the_buffer_is_read_whole() -> None:
    text = '{"big": [' + ", ".join(str(10**k) for k in range(30)) + "]}"
    for chunk in range(1, 12):
        assert rebuild(text, chunk)["big"] == [10**k for k in range(30)]


def test_a_value_much_larger_than_the_buffer_is_read() -> None:
    photo = "A" * 200_000
    text = json.dumps({"people": [{"photo": photo}, {"photo": ""}]})
    assert rebuild(text, 64)["people"][0]["photo"] == photo
