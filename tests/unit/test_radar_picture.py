"""The radar picture: a valid, stable PNG for any radar, with blips where they belong."""

from __future__ import annotations

import math
import random
import struct
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor

import pytest

from assay.plots.radar_layout import Sector, layout_blips, plan_sectors, ring_band
from assay.plots.radar_legend import Entry, Line, plan_legend
from assay.radar.picture import Blip, render_radar
from assay.radar.rules import RING_ORDER, MovedStatus, Ring

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"
MOVES: tuple[MovedStatus, ...] = ("new", "in", "out", "unchanged")


def png_size(data: bytes) -> tuple[int, int]:
    """Width and height from the IHDR chunk, which a valid PNG has first."""
    assert data[:8] == PNG_SIGNATURE
    length, kind = struct.unpack(">I4s", data[8:16])
    assert kind == b"IHDR" and length == 13
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def many_blips(count: int, quadrants: tuple[str | None, ...] = (None,)) -> list[Blip]:
    rng = random.Random(count)
    return [
        Blip(
            name=f"Technique number {i}",
            ring=rng.choice(RING_ORDER),
            quadrant=rng.choice(quadrants),
            moved=rng.choice(MOVES),
        )
        for i in range(count)
    ]


def assert_slide_sized_png(data: bytes) -> None:
    width, height = png_size(data)
    assert 800 <= width <= 3000
    assert 600 <= height <= 1500


# --- the PNG -----------------------------------------------------------------------------


@pytest.mark.parametrize("count", [0, 1, 10, 150])
def test_radar_is_a_slide_sized_png_for_any_number_of_blips(count: int) -> None:
    quadrants = ("Models", "Training", "Inference", None)
    assert_slide_sized_png(render_radar(many_blips(count, quadrants), now_label="May 2026"))


def test_radar_with_many_more_blips_than_fit_stays_within_bounds() -> None:
    assert_slide_sized_png(render_radar(many_blips(400)))


def test_more_blips_widen_the_picture_for_legend_columns() -> None:
    narrow, _ = png_size(render_radar(many_blips(10)))
    wide, _ = png_size(render_radar(many_blips(150)))
    assert wide > narrow


@pytest.mark.parametrize(
    "name",
    [
        "A very long technique name " * 3,
        "🚀",
        "🤖 Agents with tools 👩‍🔬",
        "Cost $5 vs $x^2$ model",
        "注意力机制",
        "back\\slash {braces} _under_ ^caret^",
    ],
)
def test_odd_names_and_quadrants_still_draw(name: str) -> None:
    blips = [Blip(name, Ring.TRIAL, name, "new"), Blip("Plain", Ring.HOLD, None, "out")]
    assert_slide_sized_png(render_radar(blips, title=name, now_label=name))


def test_same_radar_gives_the_same_bytes_whatever_the_input_order() -> None:
    blips = many_blips(30, ("Models", "Data", None))
    first = render_radar(blips, now_label="Since the review of 5 May")
    assert render_radar(list(reversed(blips)), now_label="Since the review of 5 May") == first


def test_a_change_of_ring_changes_the_picture() -> None:
    before = render_radar([Blip("LoRA", Ring.ASSESS, None, "unchanged")])
    after = render_radar([Blip("LoRA", Ring.TRIAL, None, "in")])
    assert before != after


def test_pictures_drawn_in_parallel_threads_match_the_serial_one() -> None:
    blips = many_blips(40, ("Models", None))
    expected = render_radar(blips)
    with ThreadPoolExecutor(max_workers=4) as pool:
        results = list(pool.map(lambda _: render_radar(blips), range(4)))
    assert all(result == expected for result in results)


def test_drawing_never_loads_pyplot() -> None:
    code = (
        "import sys\n"
        "from assay.radar.picture import Blip, render_radar\n"
        "from assay.radar.rules import Ring\n"
        "render_radar([Blip('LoRA', Ring.TRIAL, None, 'new')])\n"
        "assert 'matplotlib.pyplot' not in sys.modules, 'pyplot was imported'\n"
    )
    subprocess.run([sys.executable, "-c", code], check=True, capture_output=True)


# --- quadrants ---------------------------------------------------------------------------


def test_without_quadrants_the_whole_disc_is_one_unlabelled_sector() -> None:
    sectors, index = plan_sectors([None, None])
    assert [s.label for s in sectors] == [None]
    assert sectors[0].start_deg - sectors[0].end_deg == 360
    assert index == [0, 0]


def test_quadrants_are_alphabetical_with_other_last_for_blips_without_one() -> None:
    sectors, index = plan_sectors(["Training", None, "models", "Models "])
    assert [s.label for s in sectors] == ["Models", "Training", "Other"]
    assert index == [1, 2, 0, 0]


def test_beyond_four_quadrants_the_least_used_fold_into_other() -> None:
    names = ["A", "A", "B", "B", "C", "C", "D", "E"]
    sectors, index = plan_sectors(names)
    assert [s.label for s in sectors] == ["A", "B", "C", "Other"]
    assert [sectors[i].label for i in index][-2:] == ["Other", "Other"]


def test_sectors_split_the_disc_evenly_from_twelve_o_clock() -> None:
    sectors, _ = plan_sectors(["a", "b", "c", "d"])
    assert [(s.start_deg, s.end_deg) for s in sectors] == [
        (90, 0),
        (0, -90),
        (-90, -180),
        (-180, -270),
    ]


# --- blip placement ----------------------------------------------------------------------


def inside(point: tuple[float, float], ring: Ring, sector: Sector) -> bool:
    x, y = point
    inner, outer = ring_band(ring)
    angle = math.degrees(math.atan2(y, x))
    while angle > sector.start_deg:
        angle -= 360
    while angle < sector.end_deg:
        angle += 360
    return inner < math.hypot(x, y) < outer and sector.end_deg <= angle <= sector.start_deg


def test_each_blip_lands_in_its_own_ring_and_quadrant() -> None:
    blips = many_blips(60, ("Models", "Training", "Inference", None))
    sectors, index = plan_sectors([b.quadrant for b in blips])
    _, positions = layout_blips([(b.name, b.ring, i) for b, i in zip(blips, index, strict=False)], sectors)
    for blip, i, point in zip(blips, index, positions, strict=False):
        assert inside(point, blip.ring, sectors[i]), blip


def test_blips_do_not_overlap_when_the_ring_has_room() -> None:
    blips = [(f"Technique {i}", Ring.ASSESS, 0) for i in range(40)]
    sectors, _ = plan_sectors([None])
    radii, positions = layout_blips(blips, sectors)
    closest = min(math.dist(a, b) for k, a in enumerate(positions) for b in positions[k + 1 :])
    assert closest >= 2 * radii[Ring.ASSESS]


def test_a_crowded_ring_gets_smaller_markers_and_others_keep_theirs() -> None:
    blips = [(f"T{i}", Ring.ADOPT, 0) for i in range(30)] + [("Lone", Ring.HOLD, 0)]
    radii, _ = layout_blips(blips, plan_sectors([None])[0])
    assert radii[Ring.ADOPT] < radii[Ring.HOLD]


def test_a_blip_keeps_its_place_when_another_ring_changes() -> None:
    sectors, _ = plan_sectors([None])
    base = [("LoRA", Ring.TRIAL, 0), ("DoRA", Ring.HOLD, 0)]
    _, before = layout_blips(base, sectors)
    _, after = layout_blips([*base, ("QLoRA", Ring.ADOPT, 0)], sectors)
    assert after[:2] == before


# --- legend ------------------------------------------------------------------------------


def entries(count: int) -> list[Entry]:
    blips = sorted(many_blips(count), key=lambda b: RING_ORDER.index(b.ring))
    return [Entry(i + 1, b.name, b.ring, b.moved) for i, b in enumerate(blips)]


def listed(columns: list[list[Line]]) -> list[int]:
    return [line.entry.number for column in columns for line in column if line.entry]


def test_legend_lists_every_name_by_ring_when_they_fit() -> None:
    legend = plan_legend(entries(150), height_in=7.4)
    assert listed(legend.columns) == list(range(1, 151))
    headers = [line.text for column in legend.columns for line in column if line.kind == "header"]
    assert headers[0].startswith("ADOPT · ")


def test_legend_ends_with_how_many_names_were_left_out() -> None:
    legend = plan_legend(entries(400), height_in=7.4)
    shown = listed(legend.columns)
    note = legend.columns[-1][-1]
    assert note.kind == "note"
    assert note.text == f"+{400 - len(shown)} more · full list: /radar"
    assert len(legend.columns) == 4


def test_empty_legend_says_how_to_add_a_technique() -> None:
    legend = plan_legend([], height_in=7.4)
    texts = [line.text for line in legend.columns[0]]
    assert "/radar add <name>" in texts
