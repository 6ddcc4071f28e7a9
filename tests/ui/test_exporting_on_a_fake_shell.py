"""The export feature installed alone, against a fake shell: no main window."""

from __future__ import annotations

from pathlib import Path

import pytest

from relapp.domain.model import PersonDraft
from relapp.domain.vcard import read_vcard_file
from relapp.paths import AppPaths
from relapp.services import people
from relapp.storage import Database
from relapp.ui.exporting.feature import ExportFeature, install
from relapp.ui.tasks import TaskRunner
from tests.ui.fake_shell import FakeShell


@pytest.fixture
def shell(qtbot, db: Database, paths: AppPaths, runner: TaskRunner) -> FakeShell:
    fake = FakeShell(db, paths, runner)
    qtbot.addWidget(fake.widget)
    return fake


def texts(shell: FakeShell, menu_id: str) -> list[str]:
    return [a.text() for a in shell.menus[menu_id].actions() if not a.isSeparator()]


def test_the_person_on_screen_is_exported_as_a_vcard(
    qtbot, shell: FakeShell, db: Database, tmp_path: Path, monkeypatch
) -> None:
    feature = install(shell)
    assert isinstance(feature, ExportFeature)
    assert texts(shell, "file") == ["&Export…"]
    assert texts(shell, "person") == ["Export Person as &vCard…"]

    feature.export_person()  # nobody on screen
    assert shell.told == ["Choose a person first."]

    ada = people.add_person(db, PersonDraft("Ada Lovelace", given_name="Ada"))
    people.add_person(db, PersonDraft("Bo Brummell"))
    shell.show(ada)
    target = tmp_path / "out.vcf"
    monkeypatch.setattr(feature, "choose_path", lambda fmt, suggested: target)
    feature.export_person()
    qtbot.waitUntil(lambda: feature.last_result is not None and not feature.busy, timeout=5000)
    (card,) = read_vcard_file(target).cards
    assert card.draft.display_name == "Ada Lovelace"
    assert shell.told[-1] == feature.last_result.summary()
    assert shell.settings.value("export/folder") == str(tmp_path)
    assert shell.errors == []
