"""``health_codes.ints``: a ``group_concat`` of integers read back whole, however it is
cut into pieces for numpy (``PARSE_AT_ONCE`` characters a call)."""

from __future__ import annotations

import numpy as np
import pytest

from relapp.storage import health_codes


@pytest.mark.parametrize("at_once", [1, 2, 5, 7, 64, 1 << 17])
def test_a_long_list_reads_back_whole_whatever_the_pieces(
    monkeypatch: pytest.MonkeyPatch, at_once: int
) -> None:
    values = np.array([0, 7, -3, 1_234_567_890_123, 42, 10, 999_999, 5, -1, 8], dtype=np.int64)
    monkeypatch.setattr(health_codes, "PARSE_AT_ONCE", at_once)
    text = ",".join(str(v) for v in values)
    assert health_codes.ints(text).tolist() == values.tolist()


def test_nothing_reads_as_an_empty_array() -> None:
    assert health_codes.ints(None).tolist() == []
    assert health_codes.ints("").tolist() == []
    assert health_codes.ints("12").tolist() == [12]
