"""/gutcheck plot: a PNG on disk locally (uploaded in Slack), at any stage of a gut check."""

from __future__ import annotations

from pathlib import Path

import pytest

from assay.commands.context import Ctx
from assay.errors import NotFound
from assay.runtime import Runtime
from assay.services.gutcheck.plot import claimed_value, mean_ci
from assay.services.gutcheck.runs import load_snapshot
from assay.stats import Run
from tests.core.helpers import run
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

PNG = b"\x89PNG\r\n\x1a\n"


@pytest.fixture
def g1(runtime: Runtime, fake_arxiv: FakeArxiv) -> str:
    fake_arxiv.add(AtomEntry("2401.00001", "Token Merging for Cheap Inference"))
    run(runtime, "/paper add 2401.00001")
    run(runtime, '/gutcheck start P1 claim="40% fewer errors" metric=error higher-is-better=no claimed-lift=40%')
    return "G1"


def test_plot_writes_a_png_into_the_output_folder(runtime: Runtime, g1: str) -> None:
    run(runtime, "/gutcheck log G1 baseline 0.30 0.31 0.29 seeds=1,2,3")
    run(runtime, "/gutcheck log G1 method 0.20 0.21 0.19 seeds=1,2,3")
    reply = run(runtime, "/gutcheck plot G1")
    assert reply.image_path is not None and reply.data == {"image_path": str(reply.image_path)}
    assert reply.image_path.parent == runtime.output_dir
    assert reply.image_path.read_bytes().startswith(PNG)
    assert [p.name for p in runtime.output_dir.iterdir() if p.suffix == ".png"] == [reply.image_path.name]


def test_a_gut_check_without_runs_still_plots(runtime: Runtime, g1: str) -> None:
    reply = run(runtime, "/gutcheck plot G1")
    assert reply.image_path is not None and Path(reply.image_path).read_bytes().startswith(PNG)


def test_plot_of_an_unknown_gut_check_is_refused(runtime: Runtime, g1: str) -> None:
    with pytest.raises(NotFound, match="no gut check G4"):
        run(runtime, "/gutcheck plot G4")


def test_the_claim_line_sits_where_the_claim_would_put_the_method(runtime: Runtime, g1: str) -> None:
    run(runtime, "/gutcheck log G1 baseline 0.30 0.31 0.29")
    snapshot = load_snapshot(Ctx("T1", "U1", "C1", runtime), "G1")
    assert claimed_value(snapshot) == pytest.approx(0.30 * 0.6)  # 40% fewer errors: lower is better


def test_arm_intervals_are_t_intervals_and_one_run_has_none() -> None:
    mean, low, high = mean_ci([Run(1.0), Run(2.0), Run(3.0)]) or (0, 0, 0)
    assert mean == 2.0 and (low, high) == pytest.approx((2.0 - 2.4842, 2.0 + 2.4842), abs=1e-4)  # t(0.975, 2)·1/√3
    single = mean_ci([Run(5.0)])
    assert single is not None and single[0] == 5.0 and single[1] != single[1]  # NaN: no interval
    assert mean_ci([]) is None
