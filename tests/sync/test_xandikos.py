"""The people, promises and history sync suites again, against a second server:
Xandikos (a fresh one per test, served by one process: tests/dav_server.py). Xandikos
answers an invalid sync token with 412 where RFC 6578 says 403."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from tests.dav_server import Account, Xandikos
from tests.sync.test_dav import (  # noqa: F401  (collected here again, with this server)
    client,
    test_a_new_item_is_written_once_and_a_stale_write_is_a_conflict,
    test_changes_since_a_token_and_the_fallback_when_it_is_invalid,
)
from tests.sync.test_foreign_cards import (  # noqa: F401
    test_a_relapp_edit_keeps_what_relapp_does_not_understand,
    test_cards_written_by_ios_and_davx5_appear_in_relapp,
)
from tests.sync.test_people_sync import (  # noqa: F401
    test_an_expired_sync_token_falls_back_to_listing_everything,
    test_deletions_travel_both_ways_and_archiving_is_not_deleting,
    test_edits_on_both_sides_between_syncs_merge,
    test_one_field_changed_on_both_sides_takes_the_newer_and_keeps_the_older,
    test_two_folders_converge_to_identical_people,
)
from tests.sync.test_promises_sync import (  # noqa: F401
    test_a_history_entry_edited_on_both_sides_merges_field_by_field,
    test_a_promise_text_changed_on_both_sides_takes_the_servers_and_keeps_ours,
    test_a_promise_whose_person_is_not_here_waits_instead_of_making_one,
    test_a_task_another_app_wrote_becomes_a_promise_of_the_one_person_it_names,
    test_done_snoozed_and_deleted_travel_both_ways,
    test_two_folders_converge_to_identical_people_promises_history_and_introductions,
)
from tests.sync.test_recurring_sync import (  # noqa: F401
    berlin,
    test_a_phones_weekly_task_is_a_recurring_promise_with_its_rule_in_words,
    test_a_weekly_promise_travels_with_its_rule_and_stays_at_18_00_across_dst,
    test_done_on_one_occurrence_moves_the_series_on_everywhere,
)


@pytest.fixture(scope="module")
def xandikos(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Xandikos]:
    server = Xandikos(tmp_path_factory.mktemp("xandikos"))
    server.start()
    yield server
    server.stop()


@pytest.fixture
def account(xandikos: Xandikos) -> Account:
    """A Xandikos of this test's own: an empty storage folder, backend and app."""
    return xandikos.new_account()
