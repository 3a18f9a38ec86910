"""The student edition: lessons and released labs, and nothing of the instructor's."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(REPO / "tools"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    import student_edition

    out = tmp_path_factory.mktemp("edition")
    wheel = student_edition.build(out)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith((".ipynb", ".py"))}
    return out, wheel, names, texts


def test_edition_has_lessons_and_released_labs(edition):
    out, wheel, names, _ = edition
    labs = sorted(p.name for p in (REPO / "assignments" / "release").iterdir() if p.is_dir())
    for lab in labs:
        assert f"crmlab/_course/labs/{lab}/{lab}.ipynb" in names
    for lang in ("zh", "en"):
        lessons = sorted(p.name for p in (REPO / "notebooks" / lang).glob("*.ipynb"))
        assert lessons and all(f"crmlab/_course/notebooks/{lang}/{n}" in names for n in lessons)
    sources = sorted(p.name for p in (REPO / "notebooks" / "src").glob("*.py"))  # q.solution() reads them
    assert sources and all(f"crmlab/_course/notebooks/src/{n}" in names for n in sources)
    assert "crmlab/_datasets/classroom.sqlite" in names
    assert (out / "README.md").read_text(encoding="utf-8").count(wheel.name) >= 2


def test_edition_leaves_out_solutions_checks_and_secrets(edition):
    _, _, names, texts = edition
    assert not [n for n in names if "source" in n.split("/") or "/checks/" in n or n.startswith("assignments")]
    for name, text in texts.items():
        if name.startswith("crmlab/_course/"):
            for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "MARK SCHEME", "graded_shop", "ctx.shop"):
                assert marker not in text, (name, marker)


def test_scan_finds_a_planted_leak(tmp_path):
    import student_edition

    bad = tmp_path / "bad.whl"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("crmlab/_course/labs/L1/L1.ipynb", "### BEGIN SOLUTION\nx = 1\n")
        zf.writestr("assignments/checks/L1.py", "lab = LabChecks('L1')")
    problems = student_edition.scan_wheel(bad)
    assert len(problems) == 2
