"""``assay analyze``: gut-check statistics on CSV files, as /gutcheck status gives them."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from assay.cli.main import main
from assay.runtime import Runtime
from tests.core.helpers import run
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

SLEEP_1 = [0.7, -1.6, -0.2, -1.2, -0.1, 3.4, 3.7, 0.8, 0.0, 2.0]
SLEEP_2 = [1.9, 0.8, 1.1, 0.1, -0.1, 4.4, 5.5, 1.6, 4.6, 3.4]


def csv_file(folder: Path, name: str, rows: list[tuple[str, float, int | None]], *, seeded: bool = True) -> Path:
    path = folder / name
    lines = ["arm,value,seed" if seeded else "arm,value"]
    for arm, value, seed in rows:
        lines.append(f"{arm},{value},{'' if seed is None else seed}" if seeded else f"{arm},{value}")
    path.write_text("\n".join(lines) + "\n")
    return path


def sleep_rows() -> list[tuple[str, float, int | None]]:
    rows: list[tuple[str, float, int | None]] = []
    for i, (a, b) in enumerate(zip(SLEEP_1, SLEEP_2, strict=True)):
        rows += [("baseline", a, i + 1), ("method", b, i + 1)]
    return rows


def analyze_json(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, list[dict[str, object]], str]:
    code = main(["analyze", *args, "--json"])
    captured = capsys.readouterr()
    return code, [json.loads(line) for line in captured.out.splitlines()], captured.err


def test_one_json_object_per_file_with_the_status_data(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    first = csv_file(tmp_path, "sleep.csv", sleep_rows())
    second = csv_file(
        tmp_path, "flat.csv", [(arm, 1.0 + i / 10, None) for i in range(4) for arm in ("baseline", "method")]
    )
    code, objects, err = analyze_json(capsys, str(first), str(second), "--claimed-lift", "150")
    assert code == 0 and err == ""
    assert [o["file"] for o in objects] == [str(first), str(second)]
    sleep = objects[0]
    assert sleep["verdict"] == "REPRODUCED" and sleep["primary"] == "sequential" and sleep["paired"] is True
    assert sleep["design"] == {
        "kind": "sequential",
        "planned_runs": None,
        "final": True,
        "sd_pct": None,
        "left_out": {},
    }
    assert {"p_value", "method"} <= set(sleep["tests"]["sequential"])  # type: ignore[call-overload]
    assert "id" not in sleep and {"arms", "diff", "tests", "effect_size", "lift", "power", "explanation"} <= set(sleep)


def test_the_file_gives_what_the_gut_check_gives(
    runtime: Runtime, tmp_path: Path, capsys: pytest.CaptureFixture[str], fake_arxiv: FakeArxiv
) -> None:
    fake_arxiv.add(AtomEntry("2401.00001", "A paper"))
    run(runtime, "/paper add 2401.00001")
    run(runtime, '/gutcheck start P1 claim="more sleep" metric=hours claimed-lift=150%')
    for arm, value, seed in sleep_rows():
        run(runtime, f"/gutcheck log G1 {arm} {value} seeds={seed}")
    status = run(runtime, "/gutcheck status G1").data
    _, (from_file,), _ = analyze_json(capsys, str(csv_file(tmp_path, "s.csv", sleep_rows())), "--claimed-lift", "150")
    assert status is not None
    for key in ("verdict", "arms", "diff", "tests", "effect_size", "lift", "power", "design", "primary", "explanation"):
        assert from_file[key] == status[key], key


def test_sequence_adds_the_verdict_after_every_row(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, "sleep.csv", sleep_rows())
    _, (result,), _ = analyze_json(capsys, str(path), "--claimed-lift", "150", "--sequence")
    looks = result["looks"]
    assert isinstance(looks, list) and len(looks) == 20
    assert looks[0] == {"runs": {"baseline": 1, "method": 0}, "verdict": "INSUFFICIENT_DATA"}
    assert looks[5] == {"runs": {"baseline": 3, "method": 3}, "verdict": "INCONCLUSIVE"}
    assert looks[-1]["verdict"] == result["verdict"] == "REPRODUCED"


def test_runs_analyses_a_fixed_design(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, "sleep.csv", sleep_rows())
    _, (fixed,), _ = analyze_json(capsys, str(path), "--claimed-lift", "150", "--runs", "12", "--sequence")
    assert fixed["design"]["kind"] == "fixed" and fixed["design"]["final"] is False  # type: ignore[index]
    assert {look["verdict"] for look in fixed["looks"][5:]} == {"INCONCLUSIVE"}  # type: ignore[index, union-attr]
    _, (at_ten,), _ = analyze_json(capsys, str(path), "--claimed-lift", "150", "--runs", "10")
    assert at_ten["primary"] == "paired_t" and at_ten["verdict"] == "REPRODUCED"


def test_options_set_the_criteria(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    rows = [
        (arm, v, None)
        for b, m in zip([50.0, 51.0, 49.0, 50.0, 50.0], [40.0, 41.0, 39.0, 40.0, 40.0], strict=True)
        for arm, v in (("baseline", b), ("method", m))
    ]
    path = csv_file(tmp_path, "latency.csv", rows, seeded=False)
    _, (result,), _ = analyze_json(
        capsys,
        str(path),
        "--claimed-lift",
        "20%",
        "--higher-is-better",
        "no",
        "--alpha",
        "0.01",
        "--success",
        "15",
        "--sd",
        "2",
    )
    assert result["verdict"] == "REPRODUCED" and result["alpha"] == 0.01 and result["higher_is_better"] is False
    assert result["lift"]["success_threshold_pct"] == 15.0  # type: ignore[index]
    assert "d = ±10" in result["tests"]["sequential"]["method"]  # type: ignore[index]


def test_text_output_says_the_verdict_per_file(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, "sleep.csv", sleep_rows())
    assert main(["analyze", str(path), "--claimed-lift", "150", "--sequence"]) == 0
    out = capsys.readouterr().out
    assert out.startswith(f"{path}: REPRODUCED: +211%")
    assert "sequential design · decided by sequential" in out and "looks: INSUFFICIENT_DATA from row 1" in out


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("value,arm\n1,baseline\n", "the header `arm,value` or `arm,value,seed`"),
        ("arm,value\n", "has a header but no runs"),
        ("arm,value\nbaseline,abc\n", "line 2: `abc` is not a number"),
        ("arm,value\nbaseline,nan\n", "line 2: `nan` is not a finite number"),
        ("arm,value,seed\nbaseline,1,1\nbaseline,2,1\n", "line 3: seed 1 appears twice for arm `baseline`"),
        ("arm,value\nbaseline,1,2\n", "line 2 has 3 fields"),
        ("arm,value\n,1\n", "line 2:"),
    ],
)
def test_a_bad_file_exits_1_with_its_problem_and_the_others_are_still_analysed(
    tmp_path: Path, capsys: pytest.CaptureFixture[str], content: str, message: str
) -> None:
    bad = tmp_path / "bad.csv"
    bad.write_text(content)
    good = csv_file(tmp_path, "good.csv", sleep_rows())
    code, objects, err = analyze_json(capsys, str(bad), str(good))
    assert code == 1
    assert err.startswith(f"{bad}: ") and message in err
    assert [o["file"] for o in objects] == [str(good)]


def test_a_missing_file_is_a_user_error(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    code, objects, err = analyze_json(capsys, str(tmp_path / "nope.csv"))
    assert code == 1 and objects == [] and "no such file" in err


def test_unicode_minus_and_blank_lines_are_read(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = tmp_path / "minus.csv"
    path.write_text(
        "arm,value\nbaseline,\u22121.5\n\nbaseline,-1.4\nbaseline,-1.6\nmethod,-1.0\nmethod,-1.1\nmethod,-0.9\n"
    )
    _, (result,), _ = analyze_json(capsys, str(path))
    assert result["arms"]["baseline"]["mean"] == -1.5  # type: ignore[index]


@pytest.mark.parametrize(
    "args",
    [
        [],
        ["x.csv", "--alpha", "2"],
        ["x.csv", "--runs", "2"],
        ["x.csv", "--claimed-lift", "-5"],
        ["x.csv", "--higher-is-better", "maybe"],
    ],
)
def test_bad_usage_exits_2(args: list[str]) -> None:
    with pytest.raises(SystemExit) as exc:
        main(["analyze", *args])
    assert exc.value.code == 2


def test_a_success_above_the_claim_is_bad_usage(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    path = csv_file(tmp_path, "s.csv", sleep_rows())
    assert main(["analyze", str(path), "--claimed-lift", "10", "--success", "20"]) == 2
    assert "more than the claimed 10% lift" in capsys.readouterr().err


def test_the_console_script_needs_no_database_and_no_settings(tmp_path: Path) -> None:
    path = csv_file(tmp_path, "s.csv", sleep_rows())
    env = {"PATH": "/usr/bin:/bin", "ASSAY_DATABASE_URL": "not a url", "ASSAY_TIMEZONE": "Nowhere/Atlantis"}
    done = subprocess.run(
        [sys.executable, "-m", "bot.main", "analyze", str(path), "--json"],
        env=env,
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 0, done.stderr
    assert json.loads(done.stdout)["verdict"] in {"REPRODUCED", "INCONCLUSIVE"}


def test_help_lists_analyze_and_loads_no_statistics(tmp_path: Path) -> None:
    probe = (
        "import sys; from bot.main import main\n"
        "try:\n    main(['--help'])\nexcept SystemExit:\n    pass\n"
        "print('scipy' in sys.modules, 'slack_bolt' in sys.modules)"
    )
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, timeout=120)
    assert "analyze" in done.stdout and done.stdout.strip().endswith("False False")
