"""The roster commands read VOLUNTEERS_FILE when given no file, as the
settings say (default volunteers.yaml): `volunteers check`, `volunteers sync`
and `simulate` alike."""
from __future__ import annotations

import json
import shutil

from click.testing import CliRunner

from tests.conftest import CAST
from webhooks.cli import main


def roster_elsewhere(tmp_path):
    """The roster away from the working directory, which has none."""
    (tmp_path / "roster").mkdir()
    path = tmp_path / "roster" / "equipe.yaml"
    shutil.copy(CAST, path)
    (tmp_path / "work").mkdir()
    return path, str(tmp_path / "work")


def test_volunteers_check_without_a_file_reads_volunteers_file(tmp_path, monkeypatch):
    path, work = roster_elsewhere(tmp_path)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["volunteers", "check"], env={"VOLUNTEERS_FILE": str(path)})
    assert result.exit_code == 0, result.output
    assert result.output.startswith(f"{path}: ok (")


def test_volunteers_check_names_the_file_volunteers_file_gives(tmp_path, monkeypatch):
    path, work = roster_elsewhere(tmp_path)
    path.write_text(CAST.read_text().replace("topics: [juridique]", "topics: [juridik]"))
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["volunteers", "check"], env={"VOLUNTEERS_FILE": str(path)})
    assert result.exit_code != 0
    assert f"{path}: 1 problem(s)" in result.output and "juridik" in result.output


def test_volunteers_check_without_the_setting_reads_volunteers_yaml(tmp_path, monkeypatch):
    path, work = roster_elsewhere(tmp_path)
    shutil.copy(path, f"{work}/volunteers.yaml")
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["volunteers", "check"], env={"VOLUNTEERS_FILE": None})
    assert result.exit_code == 0, result.output
    assert result.output.startswith("volunteers.yaml: ok (")
    missing = CliRunner().invoke(main, ["volunteers", "check"],
                                 env={"VOLUNTEERS_FILE": str(tmp_path / "absent.yaml")})
    assert missing.exit_code != 0
    assert "absent.yaml" in missing.output and "set VOLUNTEERS_FILE" in missing.output


def test_simulate_without_a_file_reads_volunteers_file(tmp_path, monkeypatch):
    path, work = roster_elsewhere(tmp_path)
    monkeypatch.chdir(work)
    result = CliRunner().invoke(main, ["simulate", "--per-day", "3", "--days", "1", "--seeds",
                                       "1", "--jobs", "1", "--no-windows", "--json"],
                                env={"VOLUNTEERS_FILE": str(path)})
    assert result.exit_code == 0, result.output
    assert json.loads(result.stdout)["days"] == 1
