"""One settings registry: every setting documented, overridable from the CLI and the environment,
unknown names and wrong values refused at start; coded errors and one exit-code policy."""

from __future__ import annotations

import os
import shutil
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from communique.cli import app
from communique.settings import configure, env_name, get_setting, registry, settings_markdown

ROOT = Path(__file__).resolve().parents[1]
runner = CliRunner()


@pytest.fixture(autouse=True)
def _clean_overrides(monkeypatch: pytest.MonkeyPatch):  # noqa: ANN202
    for key in list(os.environ):
        if key.startswith("COMMUNIQUE_SETTING_"):
            monkeypatch.delenv(key)
    yield
    defaults = [(name, str(st.default)) for name, st in registry().items()]
    configure(defaults, environ={})  # the stages' objects back to their defaults
    configure([], environ={})
    for key in list(os.environ):
        if key.startswith("COMMUNIQUE_SETTING_"):
            del os.environ[key]


def test_every_setting_is_documented() -> None:
    settings = registry()
    assert {name.split(".")[0] for name in settings} == {
        "store",
        "ingest",
        "clean",
        "nlp",
        "link",
        "quotes",
        "events",
        "stories",
    }
    for name, st in settings.items():
        assert len(st.help.split()) >= 4, f"{name} needs a help text that says what it does"
    docs = (ROOT / "docs" / "settings.md").read_text(encoding="utf-8")
    assert docs == settings_markdown(), "docs/settings.md is stale: regenerate it from settings_markdown()"


def test_overrides_reach_the_stages_from_cli_and_environment() -> None:
    from communique.quotes.settings import SETTINGS as QUOTES

    configure([("quotes.conf_named", "0.5")], environ={env_name("store.db_pool_size"): "7"})
    assert QUOTES.conf_named == 0.5  # the object every quotes module holds
    assert get_setting("store.db_pool_size") == 7
    result = runner.invoke(app, ["--setting", "stories.num_perm=32", "settings"])
    assert result.exit_code == 0, result.output
    assert get_setting("stories.num_perm") == 32


def test_unknown_settings_and_wrong_values_stop_at_start(monkeypatch: pytest.MonkeyPatch) -> None:
    result = runner.invoke(app, ["--setting", "quotes.conf_nmaed=0.5", "settings"])
    assert result.exit_code == 2 and "E301 unknown setting 'quotes.conf_nmaed'" in result.output
    result = runner.invoke(app, ["--setting", "stories.num_perm=many", "settings"])
    assert result.exit_code == 2 and "E302 setting stories.num_perm takes a int" in result.output
    monkeypatch.setenv("COMMUNIQUE_SETTING_STORE__POOL", "3")
    result = runner.invoke(app, ["settings"])
    assert result.exit_code == 2 and "COMMUNIQUE_SETTING_STORE__POOL" in result.output


def test_a_broken_pack_is_one_coded_line_and_exit_status_1(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys: pytest.CaptureFixture[str]
) -> None:
    from communique.cli import main

    shutil.copytree(ROOT / "tests" / "data" / "packs" / "bmao", tmp_path / "bmao")
    people = tmp_path / "bmao" / "people.yaml"
    people.write_text(people.read_text().replace("role: secretary_general", "rol: secretary_general"))
    monkeypatch.setenv("COMMUNIQUE_PACKS", str(tmp_path))
    monkeypatch.setattr(sys, "argv", ["communique", "who", "Secretary General", "--on", "2020-01-01"])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code == 1
    [line] = [x for x in capsys.readouterr().err.splitlines() if x.strip()]
    assert line.startswith("error: E101 ") and "bmao/people.yaml:8: entities/0/roles/0" in line


def test_a_broken_lexicon_names_its_file_and_line(tmp_path: Path) -> None:
    from communique.errors import DataFileError
    from communique.events.lexicon import LEXICON_DIR, load_lexicon

    shutil.copytree(LEXICON_DIR, tmp_path / "events")
    verbs = tmp_path / "events" / "verbs.yaml"
    text = verbs.read_text(encoding="utf-8")
    first_cameo = text.index("cameo:")
    verbs.write_text(text[:first_cameo] + "camo:" + text[first_cameo + 6 :], encoding="utf-8")
    line = text[:first_cameo].count("\n") + 1
    with pytest.raises(DataFileError) as caught:
        load_lexicon(tmp_path / "events")
    assert caught.value.code == "E102" and "missing field 'cameo'" in str(caught.value)
    assert caught.value.path == verbs and abs(caught.value.line - line) <= 3  # the entry's first line


def test_clean_link_and_events_settings_reach_their_stages() -> None:
    """A setting of each of these stages changes what the stage does, not only what is listed."""
    from communique.dates import parse_written
    from communique.events.coder import Candidate
    from communique.link.settings import SETTINGS as LINK

    configure([("clean.lead_paragraphs", "1"), ("events.verb_confidence", "0.5")], environ={})
    from communique.clean.dates import lead_of

    assert lead_of("Title", ["First paragraph.", "Second paragraph."]) == "Title\nFirst paragraph."
    assert Candidate.__dataclass_fields__["confidence"].default_factory() == 0.5
    configure([("link.no_year_lookback_days", "400")], environ={})
    assert LINK.no_year_lookback_days == 400
    # 1 January read in a December document: next year's by default, this year's with a long look-back
    assert parse_written("1 January", "2023-12-20", LINK.no_year_lookback_days) == "2023-01-01"
