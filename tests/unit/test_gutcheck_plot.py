"""The gut-check plot: runs, means with CIs and the claim, for any state of the gut check."""

from __future__ import annotations

import math
import struct

import pytest

from assay.plots.gutcheck import render_gutcheck_plot

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
BASELINE = [0.70, 0.71, 0.69, 0.72, 0.70]
METHOD = [0.74, 0.76, 0.75, 0.73, 0.77]
MEANS = {"baseline": (0.704, 0.690, 0.718), "method": (0.750, 0.736, 0.764)}


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def plot(**changes: object) -> bytes:
    arguments: dict[str, object] = {
        "arms": {"baseline": BASELINE, "method": METHOD},
        "means_ci": MEANS,
        "metric": "accuracy",
        "claimed_value": 0.704 * 1.4,
        "title": "G1 · 40% lift on our eval set",
    }
    arguments.update(changes)
    return render_gutcheck_plot(**arguments)  # type: ignore[arg-type]


def test_plot_is_a_png_of_readable_size() -> None:
    width, height = png_size(plot())
    assert 800 <= width <= 3000
    assert 500 <= height <= 1500


def test_arm_without_runs_still_draws() -> None:
    data = plot(
        arms={"baseline": BASELINE, "method": []},
        means_ci={"baseline": MEANS["baseline"]},
    )
    png_size(data)
    assert data != plot()


def test_single_run_arm_draws_its_mean_without_an_interval() -> None:
    means = {"baseline": (0.7, math.nan, math.nan), "method": (0.9, math.nan, math.nan)}
    png_size(plot(arms={"baseline": [0.7], "method": [0.9]}, means_ci=means))


def test_without_a_claim_no_claim_line_is_drawn() -> None:
    assert plot(claimed_value=None) != plot()
    png_size(plot(claimed_value=None))


def test_gut_check_with_no_arms_at_all_draws_an_empty_plot() -> None:
    png_size(plot(arms={}, means_ci={}, claimed_value=None))


def test_non_finite_runs_are_left_out_instead_of_failing() -> None:
    arms = {"baseline": [*BASELINE, math.nan], "method": [*METHOD, math.inf]}
    assert plot(arms=arms) == plot()


def test_same_input_gives_the_same_bytes() -> None:
    assert plot() == plot()


def test_identical_runs_and_claim_get_a_usable_scale() -> None:
    flat = {"baseline": [0.0, 0.0, 0.0]}
    png_size(plot(arms=flat, means_ci={"baseline": (0.0, 0.0, 0.0)}, claimed_value=0.0))


@pytest.mark.parametrize("arm_count", [1, 6, 20])
def test_many_arms_keep_the_picture_within_bounds(arm_count: int) -> None:
    arms = {f"arm {i}": [float(i), i + 0.5, i + 1.0] for i in range(arm_count)}
    means = {name: (values[1], values[0], values[2]) for name, values in arms.items()}
    width, _ = png_size(plot(arms=arms, means_ci=means))
    assert 800 <= width <= 3000


def test_odd_names_and_metric_are_drawn_as_plain_text() -> None:
    arms = {"🚀 $method$": METHOD, "baseline": BASELINE}
    means = {"🚀 $method$": MEANS["method"], "baseline": MEANS["baseline"]}
    png_size(plot(arms=arms, means_ci=means, metric="cost in $ per 1k^2", title="$x$ 🧪"))


def test_the_verdict_line_pair_lines_and_stamp_are_drawn() -> None:
    plain = plot()
    assert plot(verdict="PARTIAL", verdict_line="PARTIAL · sequential test, p = 0.004 · sequential design") != plain
    assert plot(pairs=[(i, i) for i in range(5)]) != plain
    assert plot(stamp="KILLED") != plain != plot(stamp="DECIDED: CONTINUE")


def test_a_long_claim_is_wrapped_onto_two_lines_not_cut_on_one() -> None:
    from assay.plots.gutcheck import _wrapped

    claim = "G1 · " + "forty percent fewer tokens at equal accuracy on every benchmark " * 3
    lines = _wrapped(claim, 700.0, 15.0, lines=2)
    assert len(lines) == 2
    assert claim.startswith(lines[0]) and claim[len(lines[0])] == " "  # broken between two words
    assert lines[1].endswith("…")


def test_missing_glyphs_show_as_a_visible_mark_without_font_warnings(caplog: pytest.LogCaptureFixture) -> None:
    from assay.plots.canvas import displayable

    assert displayable("🚀 launch 👩‍🔬 ok 👍🏽", missing="□") == "□ launch □ ok □"
    with caplog.at_level("WARNING"):
        png_size(plot(title="G1 · 🚀🧪 faster", metric="loss 👍", verdict_line="✅ reproduced"))
    assert not [r for r in caplog.records if "missing from" in r.getMessage()]


def test_a_mean_label_near_the_claim_line_moves_off_it() -> None:
    from matplotlib.figure import Figure

    from assay.plots.gutcheck_marks import LABEL_CLEARANCE_PT, _clearance

    fig = Figure(figsize=(6, 4), dpi=100)
    ax = fig.add_axes((0.1, 0.1, 0.8, 0.8))
    ax.set_ylim(0.0, 1.0)
    assert _clearance(ax, 0.5, None) == 0.0
    assert _clearance(ax, 0.9, 0.2) == 0.0  # far from the line: stays
    moved = _clearance(ax, 0.501, 0.5)
    assert 0 < moved <= LABEL_CLEARANCE_PT and _clearance(ax, 0.499, 0.5) < 0
