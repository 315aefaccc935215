"""/radar image: the radar drawn as a PNG in the output folder, named for the team and time."""

from __future__ import annotations

import struct
from pathlib import Path

from assay.runtime import Runtime
from tests.core.helpers import run

PNG_SIGNATURE = b"\x89PNG\r\n\x1a\n"


def png_size(data: bytes) -> tuple[int, int]:
    assert data[:8] == PNG_SIGNATURE
    width, height = struct.unpack(">II", data[16:24])
    return width, height


def test_image_writes_a_png_of_the_radar_and_gives_its_path(runtime: Runtime, tmp_path: Path) -> None:
    run(runtime, "/radar add LoRA quadrant=Training")
    run(runtime, '/radar add "Speculative decoding" ring=HOLD quadrant=Inference')
    reply = run(runtime, "/radar image")
    assert reply.data is not None and reply.data["techniques"] == 2
    path = Path(reply.data["image_path"])
    assert path == reply.image_path
    assert path.parent == tmp_path and path.name == "radar-T1-20261121T090000.png"
    width, height = png_size(path.read_bytes())
    assert height == 1080 and 1400 <= width <= 2800


def test_the_picture_changes_with_the_radar(runtime: Runtime) -> None:
    run(runtime, "/radar add LoRA")
    before = Path(run(runtime, "/radar image").data["image_path"]).read_bytes()  # type: ignore[index]
    run(runtime, '/radar move LoRA TRIAL why="works" owner=@U200 next="ship it"')
    after = Path(run(runtime, "/radar image").data["image_path"]).read_bytes()  # type: ignore[index]
    assert before != after


def test_image_is_acknowledged_first_as_slow_work(runtime: Runtime) -> None:
    from tests.core.helpers import CATALOG

    routed = CATALOG.route("/radar", "image")
    assert routed.slow and "Drawing the radar" in routed.working
