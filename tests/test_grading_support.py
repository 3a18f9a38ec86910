"""Helpers shared by the grading tests (no tests here): scratch courses and submissions.

A submission is built from the *released* notebook (what students really get), with
answer cells filled from the source's solutions and then edited as each scenario
needs (wrong, hostile, copied ...).
"""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import nbformat

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "assignments"
LAB = "L1_explore_shop"
NB = f"{LAB}.ipynb"
FULL = 10.0  # autograded points of L1


def make_course(dest: Path) -> Path:
    """A scratch copy of the course with a fresh gradebook (generate_assignment in the copy)."""
    from crmlab.grading.course import copy_course

    return copy_course(COURSE, dest, with_gradebook=False)


def solution_nb(course: Path):
    from crmlab.grading.course import solution_submission

    tmp = course / "_solution"
    if not (tmp / NB).exists():
        solution_submission(course, LAB, tmp)
    return nbformat.read(str(tmp / NB), as_version=4)


def release_nb(course: Path):
    return nbformat.read(str(course / "release" / LAB / NB), as_version=4)


def cell(nb, grade_id):
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id:
            return c
    raise KeyError(grade_id)


def submit(course: Path, student: str, nb=None, raw: str | None = None, timestamp="2030-01-01 00:00:00 UTC"):
    """Write a submission (a notebook object, or raw file text) for ``student``."""
    dest = course / "submitted" / student / LAB
    if dest.exists():
        shutil.rmtree(dest)
    dest.mkdir(parents=True)
    if raw is not None:
        (dest / NB).write_text(raw)
    else:
        nbformat.write(nb, str(dest / NB))
    (dest / "timestamp.txt").write_text(timestamp)
    return dest


def scores(course: Path, students=None) -> dict:
    """``{student: {grade_id: auto_score}}`` from the course's gradebook."""
    from nbgrader.api import Gradebook, MissingEntry

    out = {}
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for st in gb.students:
            if students is not None and st.id not in students:
                continue
            try:
                sub = gb.find_submission(LAB, st.id)
            except MissingEntry:
                continue
            out[st.id] = {g.name: g.auto_score for nb in sub.notebooks for g in nb.grades}
    return out


def code_total(per_cell: dict) -> float:
    return sum(v or 0.0 for k, v in per_cell.items() if k != "reflection")


def gradebook_rows(course: Path) -> list:
    """Everything autograde writes, as sortable tuples (for serial vs parallel comparison)."""
    from nbgrader.api import Gradebook

    rows = []
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        for st in gb.students:
            for sub in st.submissions:
                rows.append(("submission", st.id, sub.assignment.name, str(sub.timestamp)))
                for nb in sub.notebooks:
                    rows.append(("notebook", st.id, nb.name, nb.late_submission_penalty))
                    for g in nb.grades:
                        rows.append(("grade", st.id, nb.name, g.name, g.auto_score, g.manual_score,
                                     g.extra_credit, bool(g.needs_manual_grade)))
                    for c in nb.comments:
                        rows.append(("comment", st.id, nb.name, c.name, c.auto_comment, c.manual_comment))
    return sorted(rows, key=repr)


def steal_solution_source() -> str:
    """Answer-cell code of a hostile student: look for the source notebook (solutions)
    and the gradebook (hidden tests) near the grading folder, and run what it finds."""
    return '''import glob, json, os, sqlite3
_found = []
for _up in range(1, 6):
    _base = os.path.join(*([".."] * _up))
    _found += glob.glob(os.path.join(_base, "source", "*", "*.ipynb"))
    _found += glob.glob(os.path.join(_base, "*.db")) + glob.glob(os.path.join(_base, "*", "*.db"))
print("found:", _found)
for _p in _found:
    if _p.endswith(".ipynb"):
        for _c in json.load(open(_p))["cells"]:
            _src = "".join(_c["source"])
            if "### BEGIN SOLUTION" in _src and _c["cell_type"] == "code":
                exec(_src, globals())
    else:
        for (_src,) in sqlite3.connect(_p).execute("SELECT source FROM source_cell"):
            if "BEGIN HIDDEN TESTS" in _src:
                print("hidden tests leaked")
assert _found == [], "a hostile notebook found grading files"
'''


def as_json(nb) -> str:
    return json.dumps(nb)
