"""A person with thousands of tags opens at once (issue 12 item 5: 20,000 CATEGORIES on
one card took 69 s; the time was the person page laying out one chip per tag, worse than
quadratically: 2,000 tags took 190 s, 200 tags 1.4 s). The import keeps at most 200 tags
per card, but a JSON restore or an older database may hold more: the page shows the
first ones and a chip saying how many more there are. No wall-clock budget: the page
lays out the first ``MAX_TAG_CHIPS`` chips and one more, and a page that laid out all of
them would not finish within the alarm."""

from __future__ import annotations

import contextlib
import signal
from collections.abc import Iterator

from relapp.domain.model import PersonDraft
from relapp.services import people
from relapp.storage import Database
from relapp.ui.person_page import MAX_TAG_CHIPS, PersonPage


@contextlib.contextmanager
def no_hang(seconds: int) -> Iterator[None]:
    def stop(_signum: int, _frame: object) -> None:
        raise TimeoutError(f"took longer than {seconds} s")

    previous = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)


def test_a_person_with_two_thousand_tags_opens_at_once(qtbot, db: Database) -> None:
    tags = tuple(f"tag {i}" for i in range(2_000))
    ada = people.add_person(db, PersonDraft("Ada Lovelace", tags=tags))
    page = PersonPage(db)
    qtbot.addWidget(page)
    page.resize(900, 700)
    page.show()
    person = people.get_person(db, ada.id)

    with no_hang(20):
        page.show_person(person)
        qtbot.wait(10)

    texts = [page.badges.itemAt(i).widget().text() for i in range(page.badges.count())]
    assert texts[:2] == ["tag 0", "tag 1"]
    assert len(texts) == MAX_TAG_CHIPS + 1
    assert texts[-1] == f"+{2_000 - MAX_TAG_CHIPS:,} more tags"
