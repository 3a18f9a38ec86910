"""Labs L6 (campaign and A/B test), L7 (11.11 staffing, design checked by simulation) and L8
(the complaint queue).

For each lab: the release leaks nothing and labs/ matches it; graded by `crmlab grade
autograde` in a scratch course, the model solution gets every autograded point, the
untouched release gets zero, and a partly wrong submission gets exactly the expected
partial score.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import pytest

from crmlab.grading.course import check_labs, check_release, solution_submission

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "assignments"
LABS = {"L6_campaign_ab": 9.0, "L7_staffing": 10.0, "L8_complaints": 8.0}  # autograded points of each lab


def _cell(nb, grade_id):
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return c
    raise KeyError(grade_id)


def _replace(nb, grade_id, old, new):
    c = _cell(nb, grade_id)
    assert old in c.source, (grade_id, old)
    c.source = c.source.replace(old, new)
    return nb


# A partly wrong submission per lab and its exact autograded score.
def _partial_L6(nb):
    # a one-sided p-value (halved): test_ab_values (2 points) fails
    _replace(nb, "ab_test", 'p_value = float(res["p_value"])', 'p_value = float(res["p_value"]) / 2')
    return nb, {"test_ab_values": 0.0}


def _partial_L7(nb):
    # a flat roster of three 8-hour shifts: valid, but misses 80/20 at the peak and so also the budget test
    _replace(nb, "shifts", 'shifts = {int(s): int(round(n)) for s, n in enumerate(best.x) if round(n) > 0}',
             'shifts = {0: 2, 8: 2, 16: 2}')
    return nb, {"test_shifts_service": 0.0, "test_shifts_cost": 0.0}


def _partial_L8(nb):
    # shares in percent: the visible check of test_by_category (2 points) fails
    _replace(nb, "by_category", 'by_category["share"] = by_category["complaints"] / len(c)',
             'by_category["share"] = 100 * by_category["complaints"] / len(c)')
    return nb, {"test_by_category": 0.0}


PARTIAL = {"L6_campaign_ab": _partial_L6, "L7_staffing": _partial_L7, "L8_complaints": _partial_L8}


def _submit(course, lab, student, nb):
    dest = course / "submitted" / student / lab
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest / f"{lab}.ipynb"))
    (dest / "timestamp.txt").write_text("2030-01-01 00:00:00 UTC")


def _scores(course, lab):
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for st in gb.students:
            try:
                sub = gb.find_submission(lab, st.id)
            except MissingEntry:
                continue
            out[st.id] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
    return out


def _total(per_cell):
    return sum(v or 0.0 for k, v in per_cell.items() if k != "reflection")


@pytest.mark.parametrize("lab", list(LABS))
def test_release_is_clean_and_in_labs(lab):
    assert check_release(COURSE, lab) == []
    assert check_labs(COURSE, lab, labs_dir=REPO / "labs") == []
    text = (COURSE / "release" / lab / f"{lab}.ipynb").read_text()
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop"):
        assert secret not in text


@pytest.fixture(scope="module", params=list(LABS))
def graded(request, tmp_path_factory):
    """A scratch course with only this lab, three students, graded with `crmlab grade autograde`."""
    from crmlab.grading.autograde import autograde

    lab = request.param
    course = tmp_path_factory.mktemp(lab) / "course"
    (course / "source").mkdir(parents=True)
    shutil.copyfile(COURSE / "nbgrader_config.py", course / "nbgrader_config.py")
    shutil.copytree(COURSE / "source" / lab, course / "source" / lab)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "generate_assignment", lab, "--force"], cwd=course,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    # the scratch release is what the repository ships
    assert (course / "release" / lab / f"{lab}.ipynb").read_bytes() == \
        (COURSE / "release" / lab / f"{lab}.ipynb").read_bytes()
    sol = solution_submission(course, lab, course / "_solution") / f"{lab}.ipynb"
    solution = nbformat.read(str(sol), as_version=4)
    _submit(course, lab, "sol_a", solution)
    _submit(course, lab, "untouched", nbformat.read(str(course / "release" / lab / f"{lab}.ipynb"), as_version=4))
    partial, lost = PARTIAL[lab](nbformat.read(str(sol), as_version=4))
    _submit(course, lab, "partial", partial)
    report = autograde(course, lab, jobs=2, timeout=60, progress=False)
    assert not report.failed, report.failed
    return lab, _scores(course, lab), lost


@pytest.mark.slow
def test_solution_full_release_zero_partial_exact(graded):
    lab, sc, lost = graded
    full = LABS[lab]
    assert _total(sc["sol_a"]) == full, sc["sol_a"]
    assert _total(sc["untouched"]) == 0.0, sc["untouched"]
    expected = {k: (lost[k] if k in lost else v) for k, v in sc["sol_a"].items()}
    assert sc["partial"] == expected
    assert _total(sc["partial"]) == full - sum(sc["sol_a"][k] for k in lost)
