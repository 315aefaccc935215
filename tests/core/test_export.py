"""assay export: one workspace filled with every kind of record a user can enter; every
value is found in the JSON and in the Markdown, and nothing of another workspace is."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from assay.cli.export import SCHEMA, write_export
from assay.commands.context import Ctx
from assay.replies import HomeRef
from assay.runtime import Runtime
from assay.services.threads import record_reply, set_home
from tests.core.helpers import run
from tests.fakes.arxiv_api import FakeArxiv
from tests.fakes.atom import AtomEntry

TEAM = "T1"
# Every value below is typed by someone; the test looks for each one in both formats.
ENTERED = [
    "LoRA fine-tuning",  # technique name
    "Parameter-efficient adapters",  # quadrant
    "Low-rank updates of frozen weights",  # description
    "fine-tune on support tickets",  # next action
    "2026-12-15",  # due date
    "worked on our tickets",  # vote reason
    "cheaper than full fine-tuning",  # changed vote reason
    "beat full fine-tuning in G1",  # move reason
    "reproduced on our data",  # gate reason
    "40% fewer trainable parameters",  # gut-check claim
    "accuracy",  # metric
    "within 1 point of full fine-tuning",  # success criterion
    "more than 2 points worse",  # kill criterion
    "0.7123",  # a run
    "0.7311",
    "need two more seeds",  # extend reason
    "good enough to trial",  # continue reason
    "The headline claim in my words",  # pass 1
    "Adapting big models is expensive",
    "Adds low-rank matrices to attention",  # pass 2
    "GLUE vs full fine-tuning and adapters",
    "Only English benchmarks",
    "No variance across seeds",
    "weak-baselines",
    "Rank is enough for our tasks",  # pass 3
    "Very small ranks on hard tasks",
    "Rank sweep is missing",
    "needs-validation",
    "Low-rank adaptation matches full fine-tuning",  # summary
    "Most of the update is low rank",  # insight
    "First draft of my pass 1",  # a revised (older) version
    "Toy datasets only, no ablation",  # drop reason
    "Has anyone tried rank 4?",  # discussion on the paper
    "We use it for tickets already",  # discussion on the technique
    "mixture of experts",  # watch keyword
    "survey",  # watch exclusion
    "Europe/Berlin",  # workspace time zone
    "mon 09:00",  # digest time
    "a typo in run 2",  # unlog reason
    "rank 8 is enough for tickets",  # prediction
    "first tue 10:00",  # review schedule
    "two teams asked for it",  # nomination reason
]


@pytest.fixture
def filled(runtime: Runtime, fake_arxiv: FakeArxiv) -> Runtime:
    fake_arxiv.add(AtomEntry("2106.09685", "LoRA: Low-Rank Adaptation of Large Language Models"))
    fake_arxiv.add(AtomEntry("2401.00001", "A Hyped Paper"))
    fake_arxiv.add(AtomEntry("2401.00002", "Another Workspace's Paper"))

    def go(line: str, user: str = "U0ANN") -> None:
        run(runtime, line, team=TEAM, user=user)

    go('/assay settings tz=Europe/Berlin digest="mon 09:00" digest-channel=<#C0RESEARCH|research>')
    go(
        '/radar add "LoRA fine-tuning" quadrant="Parameter-efficient adapters" '
        'description="Low-rank updates of frozen weights"'
    )
    go('/paper add 2106.09685 type=optimization relevance=5 citations=1200 technique="LoRA fine-tuning"')
    go("/paper add 2401.00001")
    go('/paper drop P2 reason="Toy datasets only, no ablation"')
    go("/paper assign P1 <@U0ANN>")
    go('/pass 1 P1 claim="First draft of my pass 1" decision=continue')
    go(
        '/pass 1 P1 claim="The headline claim in my words" problem="Adapting big models is expensive" '
        'relevant=yes plausible=yes summary="Low-rank adaptation matches full fine-tuning" '
        'insight="Most of the update is low rank" relevance=5 minutes=9 decision=continue'
    )
    go(
        '/pass 2 P1 technique="Adds low-rank matrices to attention" results="GLUE vs full fine-tuning and adapters" '
        'limitations="Only English benchmarks" missing="No variance across seeds" implementable=yes '
        "red_flags=weak-baselines minutes=50 decision=continue"
    )
    go(
        '/pass 3 P1 reimplement=yes assumptions="Rank is enough for our tasks" breaks="Very small ranks on hard tasks" '
        'ablations="Rank sweep is missing" viability=needs-validation efficiency=5 integration=4 robustness=3 '
        "maintainability=4 decision=continue"
    )
    go("/pass 3 P1 reimplement=no decision=stop force=yes", user="U0BOB")
    go('/radar vote "LoRA fine-tuning" ASSESS why="worked on our tickets"', user="U0BOB")
    go('/radar vote "LoRA fine-tuning" TRIAL why="cheaper than full fine-tuning"', user="U0BOB")
    go(
        '/gutcheck start P1 claim="40% fewer trainable parameters" metric=accuracy claimed-lift=5% '
        'success="within 1 point of full fine-tuning" kill="more than 2 points worse" technique="LoRA fine-tuning"'
    )
    go("/gutcheck log G1 baseline 0.7123 0.7101 0.7150 seeds=1,2,3")
    go("/gutcheck log G1 method 0.7311 0.7290 0.7302 seeds=1,2,3")
    go("/gutcheck log G1 baseline 0.9")
    go('/gutcheck unlog G1 7 why="a typo in run 2"')
    go('/gutcheck decide G1 extend why="need two more seeds" timebox=3d')
    go('/gutcheck decide G1 continue why="good enough to trial"')
    go(
        '/radar move "LoRA fine-tuning" TRIAL why="beat full fine-tuning in G1" owner=@U0ANN '
        'next="fine-tune on support tickets" due=2026-12-15'
    )
    go('/radar gate "LoRA fine-tuning" discovery yes why="reproduced on our data"')
    go('/paper watch cs.LG keywords="mixture of experts" exclude="survey"')
    go('/predict "LoRA fine-tuning" "rank 8 is enough for tickets" by=2027-03-01 p=0.7')
    go('/review schedule "first tue 10:00"')
    go('/review nominate P1 why="two teams asked for it"')
    go("/review done")
    ctx = Ctx(TEAM, "U0ANN", "C1", runtime)
    set_home(ctx, HomeRef("paper", 1), "C1", "100.1")
    set_home(ctx, HomeRef("technique", 1), "C1", "200.2")
    now = runtime.clock.now()
    record_reply(runtime.db, TEAM, "C1", "100.1", "100.2", "U0BOB", "Has anyone tried rank 4?", now)
    record_reply(runtime.db, TEAM, "C1", "200.2", "200.3", "U0BOB", "We use it for tickets already", now)
    run(runtime, "/paper add 2401.00002", team="T2")
    run(runtime, '/pass 1 P1 claim="A secret of the other workspace" decision=stop', team="T2")
    return runtime


def _markdown(folder: Path) -> str:
    return "\n".join(p.read_text(encoding="utf-8") for p in sorted(folder.rglob("*.md")))


def test_every_value_entered_is_in_both_formats_and_nothing_of_another_workspace(
    filled: Runtime, tmp_path: Path
) -> None:
    write_export(filled, "json", tmp_path / "json")
    data = json.loads((tmp_path / "json" / "assay-export.json").read_text(encoding="utf-8"))
    assert data["schema"] == SCHEMA and set(data["workspaces"]) == {TEAM, "T2"}
    ours = json.dumps(data["workspaces"][TEAM], ensure_ascii=False)
    paths = write_export(filled, "markdown", tmp_path / "md")
    assert paths[0] == tmp_path / "md" / "index.md"
    markdown = _markdown(tmp_path / "md" / TEAM)
    missing_json = [v for v in ENTERED if v not in ours]
    missing_md = [v for v in ENTERED if v not in markdown]
    assert missing_json == [] and missing_md == []
    secret = "A secret of the other workspace"
    assert secret not in ours and secret not in markdown
    assert secret in _markdown(tmp_path / "md" / "T2")


def test_the_json_holds_every_version_and_the_shapes_readers_rely_on(filled: Runtime, tmp_path: Path) -> None:
    write_export(filled, "json", tmp_path)
    team = json.loads((tmp_path / "assay-export.json").read_text(encoding="utf-8"))["workspaces"][TEAM]
    p1, p2 = team["papers"]
    assert (p1["handle"], p1["relevance"], p1["citations"], p1["paper_type"]) == ("P1", 5, 1200, "optimization")
    assert p1["techniques"] == ["LoRA fine-tuning"] and p1["gut_checks"] == ["G1"] and p1["stage"] == "decided"
    assert [(n["author"], n["pass"], n["version"]) for n in p1["notes"]] == [
        ("U0ANN", 1, 1),
        ("U0ANN", 1, 2),
        ("U0ANN", 2, 1),
        ("U0ANN", 3, 1),
        ("U0BOB", 3, 1),
    ]
    assert p1["notes"][4]["forced"] is True and p1["notes"][2]["red_flags"] == ["weak-baselines"]
    assert p2["dropped_reason"] == "Toy datasets only, no ablation" and p2["stage"] == "dropped"
    [lora] = team["techniques"]
    assert [(c["from"], c["to"]) for c in lora["vote_history"]] == [(None, "ASSESS"), ("ASSESS", "TRIAL")]
    assert [m["to"] for m in lora["moves"]] == ["ASSESS", "TRIAL"] and lora["papers"] == ["P1"]
    [g1] = team["gut_checks"]
    assert len(g1["runs"]) == 7 and g1["extensions"] == 1 and g1["analysis"]["arms"]["method"]["n"] == 3
    assert [r["unlogged"] for r in g1["runs"]].count(True) == 1 and g1["corrections"][0]["why"] == "a typo in run 2"
    assert team["predictions"][0]["statement"] == "rank 8 is enough for tickets"
    assert [r["kind"] for r in team["reviews"]] == ["schedule", "meeting"]
    assert [d["decision"] for d in g1["decisions"]] == ["extend", "continue"]
    assert team["watches"][0]["keywords"] == ["mixture of experts"]
    assert team["workspace"]["timezone"] == "Europe/Berlin"


def test_markdown_has_a_file_per_record_and_an_index_linking_them(filled: Runtime, tmp_path: Path) -> None:
    write_export(filled, "markdown", tmp_path)
    folder = tmp_path / TEAM
    files = sorted(str(p.relative_to(folder)) for p in folder.rglob("*.md"))
    assert files == ["gut-checks/G1.md", "index.md", "papers/P1.md", "papers/P2.md", "techniques/lora-fine-tuning.md"]
    index = (folder / "index.md").read_text(encoding="utf-8")
    for link in ("(papers/P1.md)", "(papers/P2.md)", "(techniques/lora-fine-tuning.md)", "(gut-checks/G1.md)"):
        assert link in index
    assert "W1 · cs.LG with any of mixture of experts, excluding survey" in index
    assert f"[Workspace {TEAM}]({TEAM}/index.md)" in (tmp_path / "index.md").read_text(encoding="utf-8")
    paper = (folder / "papers" / "P1.md").read_text(encoding="utf-8")
    assert "### Pass 3 by U0BOB, 2026-11-21 10:00 CET (version 1, forced: recorded without the pass before)" in paper


def test_markdown_shows_times_on_the_workspace_clocks_and_never_overwrites_a_file(
    runtime: Runtime, tmp_path: Path
) -> None:
    run(runtime, "/assay settings tz=Europe/Berlin", team=TEAM)
    run(runtime, '/radar add "LoRA v2"', team=TEAM)
    run(runtime, "/radar add LoRA-v2", team=TEAM)  # a different name, the same file name
    write_export(runtime, "markdown", tmp_path)
    techniques = tmp_path / TEAM / "techniques"
    assert sorted(p.name for p in techniques.iterdir()) == ["lora-v2-2.md", "lora-v2.md"]
    shown = {p.read_text(encoding="utf-8").splitlines()[0] for p in techniques.iterdir()}
    assert shown == {"# LoRA v2", "# LoRA-v2"}
    text = (techniques / "lora-v2.md").read_text(encoding="utf-8")
    assert "2026-11-21 10:00 CET" in text and "UTC" not in text
    json_export = json.loads((write_export(runtime, "json", tmp_path / "json")[0]).read_text(encoding="utf-8"))
    assert json_export["workspaces"][TEAM]["techniques"][0]["created_at"].endswith("+00:00")
