"""Reading records of a Relapp JSON file: the fast path for well-formed interactions gives
exactly what the careful path gives, and the careful path names every problem."""

from __future__ import annotations

from typing import Any

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from relapp.services.json_file import decode as json_decode
from relapp.services.json_file.decode import decode_interaction, decode_person
from relapp.services.json_file.fields import Problems

NOW = 1_700_000_000

interaction_fields = st.fixed_dictionaries(
    {
        "id": st.sampled_from([1, 7, 0, -1, True, 2**63, 2**63 - 1, "3", 1.0]),
        "occurred_at": st.sampled_from(
            ["2024-05-01T10:00:00Z", "2024-05-01T10:00:00+02:00", "2024-05-01", "", 5, None]
        ),
        "channel": st.sampled_from(["call", "email", "pigeon", None, ["call"]]),
        "direction": st.sampled_from(["outbound", "inbound", "both", "sideways"]),
        "people": st.sampled_from([[1], [1, 2], [], [1, 1], [0], [True], "1", [2**63]]),
    },
    optional={
        "kind": st.sampled_from(["ordinary", "favour_given", "introduction", "nice"]),
        "summary": st.sampled_from(["", "Lunch", 3, None]),
        "notes": st.sampled_from(["", "a\nb", []]),
        "created_at": st.sampled_from(["2020-01-01T00:00:00Z", "yesterday", None]),
        "extra": st.just(1),
    },
)


def careful(value: Any, monkeypatch: pytest.MonkeyPatch) -> tuple[Any, list[str]]:
    with monkeypatch.context() as patch:
        patch.setattr(json_decode, "_quick_interaction", lambda *_: None)
        problems = Problems()
        record = decode_interaction(value, "interactions[0]", 3, problems, NOW)
    return record, problems.items


@settings(max_examples=300, deadline=None)
@given(interaction_fields)
def test_the_quick_path_agrees_with_the_careful_one(value: dict[str, Any]) -> None:
    with pytest.MonkeyPatch.context() as monkeypatch:
        expected, problems = careful(value, monkeypatch)
    quick = json_decode._quick_interaction(value, NOW)
    if quick is not None:
        assert quick == expected
        assert problems == []
    got = decode_interaction(value, "interactions[0]", 3, Problems(), NOW)
    assert got == expected


def test_a_person_with_everything_wrong_lists_each_problem_once() -> None:
    problems = Problems()
    record = decode_person(
        {
            "id": 0,
            "display_name": "  ",
            "birthday": {"month": 13, "day": 1},
            "met_on": "14 March",
            "preferred_channel": "fax",
            "avoid_channels": ["call", "call", "smoke"],
            "cadence_days": -3,
            "tags": ["a", "A", ""],
            "contact_points": [{"id": 1, "kind": "email"}, "x"],
            "photo": "not base64!",
            "created_at": "soon",
            "archived_at": 5,
        },
        "people[4]",
        20,
        problems,
        NOW,
    )
    assert record is None
    text = "\n".join(problems.items)
    for expected in (
        "people[4]: id must be a whole number above 0 (found 0) (line 20)",
        "people[4]: display_name must not be empty",
        "people[4].birthday: is not a real date",
        'people[4]: met_on must be a date like "2021-03-14" or null (found "14 March")',
        "people[4]: preferred_channel must be one of email, call, meeting, message, video,"
        ' social, letter, other (or null) (found "fax")',
        "people[4]: avoid_channels[1] names call twice",
        "people[4]: avoid_channels[2] must be one of",
        "people[4]: cadence_days must be a whole number above 0 or null (found -3)",
        'people[4]: tags[1] names the tag "A" twice',
        'people[4]: tags[2] must be a tag name (found "")',
        "people[4].contact_points[0]: value is missing",
        "people[4].contact_points[1]: must be an object {...}, not text",
        "people[4]: photo must be an image in base64 text, or null",
        "people[4]: created_at must be a date and time with a time zone",
        "people[4]: archived_at must be a date and time with a time zone",
    ):
        assert expected in text
    assert problems.count == 15  # one for each, and nothing twice


def test_long_lists_of_problems_are_cut_but_counted() -> None:
    problems = Problems(limit=3)
    for i in range(10):
        problems.add(f"people[{i}]", "is wrong", i + 1)
    assert problems.count == 10 and len(problems.items) == 3
    assert problems.items[0] == "people[0]: is wrong (line 1)"


def test_a_line_is_only_counted_when_there_is_a_problem() -> None:
    asked = []

    def line() -> int:
        asked.append(1)
        return 9

    ok = decode_person({"id": 1, "display_name": "Ada"}, "people[0]", line, Problems(), NOW)
    assert ok is not None and asked == []
    problems = Problems()
    decode_person({"id": 1}, "people[0]", line, problems, NOW)
    assert problems.items == ["people[0]: display_name is missing (line 9)"]
