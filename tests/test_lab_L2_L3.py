"""Labs L2 (segmentation) and L3 (customer database): the releases leak nothing and are
what nbgrader makes from the sources; autograding gives full marks to the solution,
zero to the untouched release and the exact expected score to a partly wrong notebook.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "assignments"
LABS = {"L2_segmentation": 11.0, "L3_customer_database": 14.0}  # autograded points


def _cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def _replace(nb, grade_id, old, new):
    c = _cell(nb, grade_id)
    assert old in c.source, (grade_id, old)
    c.source = c.source.replace(old, new)
    return nb


# what a partly wrong student does, and the points it costs
PARTIAL = {
    "L2_segmentation": ([("tiers", 'tier_table["spend"] / tier_table["spend"].sum()', 'tier_table["spend"] / 1000')],
                        {"test_tiers"}),
    "L3_customer_database": ([("bad_phones", 'int((raw["phone"].notna() & clean["phone"].isna()).sum())',
                               'int(clean["phone"].isna().sum())  # also counts phones never given'),
                              ("query", "ORDER BY customers DESC", "ORDER BY customers")],
                             {"test_bad_phones", "test_query"}),
}


def _nbgrader(course, *args):
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                          text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]


def _submit(course, lab, student, nb):
    dest = course / "submitted" / student / lab
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest / f"{lab}.ipynb"))
    (dest / "timestamp.txt").write_text("2030-01-01 00:00:00 UTC")


def _scores(course, lab):
    from nbgrader.api import Gradebook

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for st in gb.students:
            sub = gb.find_submission(lab, st.id)
            out[st.id] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
    return out


@pytest.mark.parametrize("lab", LABS)
def test_release_has_no_leaks_and_labs_match(lab):
    from crmlab.grading.course import check_labs, check_release

    assert check_release(COURSE, lab) == []
    assert check_labs(COURSE, lab, labs_dir=REPO / "labs") == []
    text = (COURSE / "release" / lab / f"{lab}.ipynb").read_text()
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop", "adjusted_rand_score",
                   "target_stats", "find_duplicates(clean)\n"):
        assert secret not in text
    # every graded cell has a unique id and the points add up
    nb = nbformat.read(str(COURSE / "source" / lab / f"{lab}.ipynb"), as_version=4)
    meta = [c.metadata["nbgrader"] for c in nb.cells if "nbgrader" in c.metadata]
    ids = [m["grade_id"] for m in meta]
    assert len(ids) == len(set(ids))
    auto = sum(m.get("points", 0) for m in meta if m.get("grade") and not m.get("solution"))
    assert auto == LABS[lab]
    assert any(m.get("grade") and m.get("solution") for m in meta)  # the hand-graded reflection


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    """One scratch course with both labs: solution, untouched release and a partly wrong notebook each."""
    from crmlab.grading.autograde import autograde
    from crmlab.grading.course import solution_submission

    course = tmp_path_factory.mktemp("labs23") / "course"
    course.mkdir()
    shutil.copyfile(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    for lab in LABS:
        shutil.copytree(COURSE / "source" / lab, course / "source" / lab)
        _nbgrader(course, "generate_assignment", lab, "--force")
    out = {}
    for lab, (edits, _) in PARTIAL.items():
        sol_dir = solution_submission(course, lab, course / "_solution" / lab)
        sol = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
        _submit(course, lab, "sol", sol)
        _submit(course, lab, "untouched", nbformat.read(str(course / "release" / lab / f"{lab}.ipynb"), as_version=4))
        wrong = nbformat.read(str(sol_dir / f"{lab}.ipynb"), as_version=4)
        for gid, old, new in edits:
            _replace(wrong, gid, old, new)
        _submit(course, lab, "partial", wrong)
        report = autograde(course, lab, jobs=2, timeout=120, progress=False)
        assert not report.failed, report.failed
        out[lab] = _scores(course, lab)
    return course, out


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_release_is_generated_from_source(graded, lab):
    course, _ = graded
    assert (course / "release" / lab / f"{lab}.ipynb").read_bytes() == \
        (COURSE / "release" / lab / f"{lab}.ipynb").read_bytes()


@pytest.mark.slow
@pytest.mark.parametrize("lab", LABS)
def test_solution_full_release_zero_partial_exact(graded, lab):
    _, scores = graded
    sc = scores[lab]
    auto = {s: {k: v for k, v in per.items() if k != "reflection"} for s, per in sc.items()}
    assert sum(auto["sol"].values()) == LABS[lab], auto["sol"]
    assert sum(v or 0 for v in auto["untouched"].values()) == 0
    lost = PARTIAL[lab][1]
    assert {k for k, v in auto["partial"].items() if v == 0} == lost, auto["partial"]
    full = {k: v for k, v in auto["sol"].items()}
    assert sum(auto["partial"].values()) == LABS[lab] - sum(full[k] for k in lost)
