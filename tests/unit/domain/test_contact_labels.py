"""Well-known contact labels are shown in the user's language and stored as written."""

from __future__ import annotations

from relapp.domain.contact_labels import label_key, label_text


def test_english_shows_and_keeps_every_label_as_written() -> None:
    assert label_text("work") == "work"
    assert label_text("Boat house") == "Boat house"
    assert label_key("Work") == "Work"  # typed so: kept so
    assert label_key(" mobile ") == "mobile"


def test_german_shows_the_well_known_ones_and_stores_their_english_word(german: str) -> None:
    assert [label_text(w) for w in ("home", "Work", "mobile", "home page")] == [
        "privat",
        "geschäftlich",
        "mobil",
        "Homepage",
    ]
    assert label_text("home fax") == "home fax"  # several words: as stored
    assert label_key("Geschäftlich") == "work"
    assert label_key("mobil") == "mobile"
    assert label_key("Arbeit") == "Arbeit"  # not one of ours: kept as typed
