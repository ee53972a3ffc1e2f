"""Building many reports: folders, globs, parallel workers, a bad file among good ones."""

from pathlib import Path

import pytest
from click.testing import CliRunner

from reportgraph.cli.main import cli
from reportgraph.extract.batch import expand_inputs

EXCERPT = """Informatīvais ziņojums par romu integrācijas pasākumu īstenošanu {year}.gadā

{year}.gadā biedrība „Saules stari” īstenoja projektu „Mēs {n}”, kura mērķis bija atbalstīt
romu jauniešus Tukumā. Projekta finansējums: {amount} euro.
"""


def make_reports(folder: Path, n: int) -> list[Path]:
    folder.mkdir(parents=True, exist_ok=True)
    out = []
    for i in range(n):
        p = folder / f"zinojums-{2015 + i}.txt"
        p.write_text(EXCERPT.format(year=2015 + i, n=i, amount=1000 + i), encoding="utf-8")
        out.append(p)
    return out


def test_build_batch_expand_folder_glob_and_missing(tmp_path):
    reports = make_reports(tmp_path / "r", 3)
    (tmp_path / "r" / "notes.md").write_text("x")
    (tmp_path / "empty").mkdir()
    paths, problems = expand_inputs([str(tmp_path / "r"), str(tmp_path / "r" / "*.txt"),
                                     str(tmp_path / "nav" / "*.txt"), str(tmp_path / "empty")])
    assert paths == reports  # each once, .txt only, in order
    assert [str(p) for p in problems] == [f"{tmp_path / 'nav' / '*.txt'}: no file matches",
                                         (f"{tmp_path / 'empty'}: folder has no reports "
                                         "(.txt .text .pdf .docx .odt .html .htm)")]


def test_build_batch_parallel_builds_all_and_reports_bad_file(tmp_path):
    reports = make_reports(tmp_path / "r", 3)
    bad = tmp_path / "r" / "zinojums-bojats.txt"
    bad.write_bytes(b"\x00\x01\x02 binary")
    store = tmp_path / "store"
    result = CliRunner().invoke(cli, ["--store", str(store), "build", "-j", "2", str(tmp_path / "r")])
    assert result.exit_code == 1, result.output
    assert "zinojums-bojats.txt" in result.stderr and "binary" in result.stderr
    assert "Traceback" not in result.output
    for p in reports:
        assert f"{p.name}:" in result.stdout
    q = CliRunner().invoke(cli, ["--store", str(store), "query", "projects", "--format", "csv"])
    assert q.exit_code == 0, q.output
    assert sum(1 for line in q.stdout.splitlines() if "Mēs" in line) == 3


def test_build_batch_nothing_built_exits_2(tmp_path):
    (tmp_path / "a.txt").write_bytes(b"")
    (tmp_path / "b.txt").write_bytes(b"%PDF-1.4 ...")
    result = CliRunner().invoke(cli, ["--store", str(tmp_path / "s"), "build", str(tmp_path)])
    assert result.exit_code == 2
    assert "a.txt" in result.stderr and "b.txt" in result.stderr
    assert result.stderr.strip().splitlines()[-1] == "Error: nothing was built (2 inputs failed)"


def test_time_limit_survives_a_swallowed_signal():
    """The first expiry can land where Python swallows the handler's exception (a gc callback);
    the limit must still end the work, by firing again and at the block's end."""
    import time

    from reportgraph.errors import ExtractError
    from reportgraph.extract.batch import _TimeLimit
    swallowed = 0
    with pytest.raises(ExtractError, match="gave up after 0.05 s"), _TimeLimit("x.pdf", 0.05):
        deadline = time.monotonic() + 5
        while time.monotonic() < deadline:
            try:
                time.sleep(0.01)
            except ExtractError:
                if swallowed:
                    raise
                swallowed += 1
    assert swallowed == 1
    with pytest.raises(ExtractError, match="x.pdf: gave up"), _TimeLimit("x.pdf", 0.05):
        end = time.monotonic() + 0.4
        while time.monotonic() < end:
            try:
                time.sleep(0.01)
            except ExtractError:
                pass  # every firing swallowed: leaving the block still raises
