"""The command line: data-dir overrides, the demo vault, and the self-check."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from app import cli
from app.context import AppContext
from app.session_stats import session_stats
from app.paths import DATA_DIR_ENV, Paths, resolve_data_dir


def test_flag_beats_environment_beats_platformdirs(tmp_path, monkeypatch):
    monkeypatch.setenv(DATA_DIR_ENV, str(tmp_path / "from-env"))
    assert resolve_data_dir(tmp_path / "from-flag") == (tmp_path / "from-flag").resolve()
    assert resolve_data_dir(None) == (tmp_path / "from-env").resolve()
    monkeypatch.delenv(DATA_DIR_ENV)
    assert "Circlekeeper" in str(resolve_data_dir(None))


def test_data_dir_is_accepted_before_and_after_the_command(tmp_path):
    assert cli.parse_args(["--data-dir", str(tmp_path), "demo"]).data_dir == str(tmp_path)
    assert cli.parse_args(["demo", "--data-dir", str(tmp_path)]).data_dir == str(tmp_path)
    assert cli.parse_args([]).data_dir is None


def test_demo_creates_a_vault_with_circles_and_members(tmp_path, capsys):
    assert cli.main(["demo", "--data-dir", str(tmp_path)]) == 0
    assert "Created the demo vault" in capsys.readouterr().out
    context = AppContext(Paths(tmp_path))
    [known] = context.registry.load()
    context.open_vault(Path(known.path))
    circles = context.circles.list()
    assert len(circles) == 2
    assert all(c.agreement for c in circles)
    assert sum(len(context.members.list(c.id)) for c in circles) >= 8
    today = context.clock.now().date()
    for c in circles:  # one session held, with timed turns, and the next one planned
        past, upcoming = context.sessions.past(c.id, today), context.sessions.upcoming(c.id, today)
        assert len(past) == 1 and len(upcoming) == 1
        assert session_stats(context.vault, past[0].id).talk
        assert context.attendance.present(past[0].id)
    context.close_vault()


def test_every_file_goes_under_the_data_dir(tmp_path):
    cli.main(["demo", "--data-dir", str(tmp_path / "stick")])
    written = {p.relative_to(tmp_path).parts[0] for p in tmp_path.rglob("*")}
    assert written == {"stick"}


def test_self_check_passes_in_a_fresh_process(tmp_path):
    """The packaged app is smoke-tested the same way (make bundle)."""
    result = subprocess.run([sys.executable, "-m", "ui.main", "--self-check"],
                            capture_output=True, text=True, timeout=120,
                            cwd=Path(__file__).resolve().parent.parent)
    assert result.returncode == 0, result.stdout + result.stderr
    assert "self-check passed" in result.stdout
    from app.selfcheck import CHECKS

    assert result.stdout.count("ok ") == len(CHECKS)


def test_self_check_reports_each_failure_and_exits_non_zero(monkeypatch):
    from app import selfcheck

    def _broken(root: Path) -> str:
        raise OSError("disk on fire")

    monkeypatch.setattr(selfcheck, "CHECKS", (selfcheck._plain_vault, _broken))
    lines: list[str] = []
    assert selfcheck.run(lines.append) == 1
    assert lines[0].startswith("ok")
    assert lines[1].startswith("FAILED  broken") and "disk on fire" in lines[1]
    assert lines[-1] == "self-check: 1 failed"
