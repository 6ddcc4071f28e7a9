"""The backup rotation rule: newest per day, week and month, within the policy's counts."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

from relapp.domain.backup_rotation import RetentionPolicy, backups_to_delete, backups_to_keep

NOW = datetime(2026, 11, 22, 12, 0, tzinfo=UTC)


def daily_for(days: int, per_day: int = 1) -> list[datetime]:
    return [NOW - timedelta(days=d, hours=h) for d in range(days) for h in range(per_day)]


def test_no_backups_keeps_nothing() -> None:
    assert backups_to_keep([]) == set()
    assert backups_to_delete([]) == set()


def test_a_single_backup_is_always_kept() -> None:
    assert backups_to_keep([NOW]) == {NOW}


def test_only_the_newest_backup_of_a_day_counts_as_that_days_backup() -> None:
    stamps = daily_for(1, per_day=5)
    assert backups_to_keep(stamps) == {max(stamps)}
    assert len(backups_to_delete(stamps)) == 4


def test_two_years_of_daily_backups_shrink_to_at_most_23() -> None:
    stamps = daily_for(730)
    kept = backups_to_keep(stamps)
    assert len(kept) <= 7 + 4 + 12
    newest_seven = sorted(stamps, reverse=True)[:7]
    assert set(newest_seven) <= kept
    months = {(w.year, w.month) for w in kept}
    assert len(months) == 12


def test_kept_and_deleted_split_the_stamps() -> None:
    stamps = daily_for(100, per_day=2)
    kept, deleted = backups_to_keep(stamps), backups_to_delete(stamps)
    assert kept | deleted == set(stamps)
    assert not kept & deleted


def test_policy_counts_are_respected() -> None:
    stamps = daily_for(400)
    kept = backups_to_keep(stamps, RetentionPolicy(daily=2, weekly=0, monthly=0))
    assert kept == set(sorted(stamps, reverse=True)[:2])


def test_an_old_lone_backup_survives_as_a_monthly_one() -> None:
    old = NOW - timedelta(days=200)
    stamps = [*daily_for(10), old]
    assert old in backups_to_keep(stamps)
