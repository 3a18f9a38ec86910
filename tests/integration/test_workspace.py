"""The course workspace that `crmlab lab` opens: lessons and released labs, in course order."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path

import pytest

from crmlab.workspace import COURSE_ORDER, course_content, make_workspace
from support.lab_server import TOKEN, get, serving

REPO = Path(__file__).resolve().parents[2]


def test_workspace_holds_lessons_labs_and_a_start_page_in_course_order(tmp_path):
    ws = make_workspace(tmp_path / "ws", lang="zh")
    lessons, labs = course_content()
    assert sorted(p.name for p in (ws.root / "lessons").glob("*.ipynb")) == sorted(
        p.name for p in (lessons / "zh").glob("*.ipynb"))
    released = sorted(p.name for p in labs.iterdir() if p.is_dir())
    assert sorted(p.name for p in (ws.root / "labs").iterdir()) == released
    text = ws.start_page.read_text(encoding="utf-8")
    source = "".join(json.loads(text)["cells"][0]["source"])
    links = [ln.split("](")[1].split(")")[0] for ln in source.splitlines() if "](" in ln]
    assert all((ws.root / link).is_file() for link in links)
    names = [Path(link).stem for link in links]
    listed = [n for n in COURSE_ORDER if n in names]
    assert names[:len(listed)] == listed  # the course order
    assert names.index("L1_explore_shop") == names.index("01_crm_and_scrm") + 1
    assert names.index("00b_pandas_basics") == names.index("00_start_here") + 1  # the pandas on-ramp, before 01
    assert (ws.root / "crmlab-data").is_dir() and (ws.root / "data" / "classroom.sqlite").is_file()
    for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN", "MARK SCHEME"):
        assert not any(marker in p.read_text(encoding="utf-8") for p in (ws.root / "labs").rglob("*.ipynb"))


def test_students_files_are_never_overwritten(tmp_path):
    ws = make_workspace(tmp_path / "ws")
    mine = ws.root / "labs" / "L1_explore_shop" / "L1_explore_shop.ipynb"
    mine.write_text("my work")
    (ws.root / "lessons" / "01_crm_and_scrm.ipynb").unlink()
    again = make_workspace(tmp_path / "ws")
    assert mine.read_text() == "my work" and mine in again.kept
    assert ws.root / "lessons" / "01_crm_and_scrm.ipynb" in again.added


def test_english_workspace(tmp_path):
    ws = make_workspace(tmp_path / "ws", lang="en")
    assert (ws.root / "lessons-en").is_dir()
    assert "course workspace" in "".join(json.loads(ws.start_page.read_text())["cells"][0]["source"])


@pytest.mark.slow
def test_crmlab_lab_serves_the_workspace(tmp_path):
    env = dict(os.environ, HOME=str(tmp_path / "home"), CRMLAB_WORKSPACE="")
    (tmp_path / "home").mkdir()
    with serving([sys.executable, "-m", "crmlab.cli", "lab", "--no-browser"], env) as (base, listing):
        assert {c["name"] for c in listing["content"]} >= {"L1_explore_shop", "L9_rfm_retention"}
        status, page = get(f"{base}/lab?token={TOKEN}")
        assert status == 200
        config = json.loads(page.split('id="jupyter-config-data" type="application/json">')[1].split("</script>")[0])
        assert "@jupyter/nbgrader:create-assignment" in config.get("disabledExtensions", [])
        assert (tmp_path / "home" / "crmlab-workspace" / "START_HERE.ipynb").is_file()
