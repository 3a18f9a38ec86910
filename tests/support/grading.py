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

from support import shared

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "assignments"
LAB = "L1_explore_shop"
NB = f"{LAB}.ipynb"
FULL = 10.0  # autograded points of L1


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


# -- any lab: the check every graded lab must pass ------------------------------------------
def replace_in_cell(nb, grade_id, old, new):
    """Edit the source of graded cell ``grade_id`` (the edit must apply)."""
    c = cell(nb, grade_id)
    assert old in c.source, (grade_id, old)
    c.source = c.source.replace(old, new)
    return nb


# What no release may contain: solutions, hidden tests, mark schemes, the grader's shop.
RELEASE_SECRETS = ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop")


def release_problems(lab: str, secrets=()) -> list:
    """Leaks in the shipped release of ``lab`` (the one copy students get): what `check_release` finds, and any of
    :data:`RELEASE_SECRETS` or the lab's own ``secrets`` in its text."""
    from crmlab.grading.course import check_release

    problems = check_release(COURSE, lab)
    text = (COURSE / "release" / lab / f"{lab}.ipynb").read_text(encoding="utf-8")
    problems += [f"release contains {s!r}" for s in (*RELEASE_SECRETS, *secrets) if s in text]
    return problems


def checks_problems(lab: str) -> list:
    """Where the trusted checks of ``lab`` (assignments/checks/<lab>.py) do not replace its hidden tests: a graded
    test cell without a check, a check without a cell, or hidden tests still in the source."""
    from crmlab.grading.trusted import load_lab_checks

    path = COURSE / "source" / lab / f"{lab}.ipynb"
    tests = {c.metadata.nbgrader["grade_id"] for c in nbformat.read(str(path), as_version=4).cells
             if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("grade")
             and not c.metadata.nbgrader.get("solution")}
    checks = set(load_lab_checks(COURSE, lab).checks)
    problems = [f"test cell {t!r} has no check" for t in sorted(tests - checks)]
    problems += [f"check {c!r} has no test cell" for c in sorted(checks - tests)]
    if "HIDDEN TESTS" in path.read_text(encoding="utf-8"):
        problems.append("the source still has hidden tests")
    return problems


def solution_of(course: Path, lab: str):
    """The model answer of ``lab`` as a submission (the release with the source's solutions), made once per course."""
    from crmlab.grading.course import solution_submission

    tmp = course / "_solution" / lab
    if not (tmp / f"{lab}.ipynb").exists():
        solution_submission(course, lab, tmp)
    return nbformat.read(str(tmp / f"{lab}.ipynb"), as_version=4)


def release_of(course: Path, lab: str):
    """The release of ``lab`` in ``course``, untouched."""
    return nbformat.read(str(course / "release" / lab / f"{lab}.ipynb"), as_version=4)


def autograded_total(per_cell: dict, manual=("reflection",)) -> float:
    """The autograded points of one submission: every cell's score but the hand-graded ``manual`` ones."""
    return sum(v or 0.0 for k, v in per_cell.items() if k not in manual)


def auto_scores(course: Path, lab: str) -> dict:
    """{student: {grade_id: autograded score}} of ``lab`` in the course's gradebook."""
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


def scratch_course(dest: Path, labs) -> Path:
    """A scratch course with only ``labs``: config, sources, releases made by nbgrader, a fresh gradebook."""
    return _course_at(dest, tuple(labs))


def make_course(dest: Path) -> Path:
    """A scratch copy of the whole course with a fresh gradebook (`copy_course` generated every lab in a copy)."""
    return _course_at(dest, None)


# Generating a lab's release costs seconds, and a dozen test modules each need a course with the same labs: under
# pytest each course is generated once per test session (support.shared: across xdist workers) and copied; elsewhere
# (the benchmarks) it is generated where it is asked for.
def _course_at(dest: Path, labs) -> Path:
    built = shared.folder("built-courses")
    if built is None:
        return _generate(dest, labs)
    course = shared.made_once(built / ("all" if labs is None else "+".join(labs)), lambda tmp: _generate(tmp, labs))
    shutil.copytree(course, dest, dirs_exist_ok=True)
    return dest


def _generate(dest: Path, labs) -> Path:
    """Config, checks and the sources of ``labs`` (``None``: all, through `copy_course`) in ``dest``, released by
    nbgrader there with a fresh gradebook."""
    from crmlab.grading.course import copy_course, generate_assignments

    if labs is None:
        return copy_course(COURSE, dest, with_gradebook=False)
    (dest / "source").mkdir(parents=True)
    shutil.copyfile(COURSE / "nbgrader_config.py", dest / "nbgrader_config.py")
    shutil.copytree(COURSE / "checks", dest / "checks", ignore=shutil.ignore_patterns("__pycache__"))
    for lab in labs:
        shutil.copytree(COURSE / "source" / lab, dest / "source" / lab)
    generate_assignments(dest, labs)
    return dest


def submit_lab(course: Path, lab: str, student: str, nb) -> None:
    """Put ``nb`` where nbgrader collects ``student``'s submission of ``lab``."""
    dest = course / "submitted" / student / lab
    dest.mkdir(parents=True, exist_ok=True)
    nbformat.write(nb, str(dest / f"{lab}.ipynb"))
    (dest / "timestamp.txt").write_text("2030-01-01 00:00:00 UTC")


def grade_lab(base: Path, lab: str, partial, extra=None) -> tuple[dict, dict]:
    """Grade ``lab`` in a scratch course: the solution, the untouched release and
    ``partial(solution_nb) -> (nb, {grade_id: expected score})``, with `crmlab grade autograde`.

    ``extra`` (optional) maps more student ids to ``edit(solution_nb) -> nb`` (hostile
    submissions, for instance), graded in the same run.

    Also checks that nbgrader regenerates exactly the shipped release from the source.
    Returns the per-cell scores by student (``sol``, ``untouched``, ``partial`` and the
    ids of ``extra``) and the partial submission's expected losses.
    """
    from crmlab.grading.autograde import autograde
    from crmlab.grading.course import solution_submission

    course = scratch_course(base / "course", [lab])
    release = course / "release" / lab / f"{lab}.ipynb"
    assert release.read_bytes() == (COURSE / "release" / lab / f"{lab}.ipynb").read_bytes()
    sol = solution_submission(course, lab, course / "_solution") / f"{lab}.ipynb"
    submit_lab(course, lab, "sol", nbformat.read(str(sol), as_version=4))
    submit_lab(course, lab, "untouched", nbformat.read(str(release), as_version=4))
    wrong, lost = partial(nbformat.read(str(sol), as_version=4))
    submit_lab(course, lab, "partial", wrong)
    for student, edit in (extra or {}).items():
        submit_lab(course, lab, student, edit(nbformat.read(str(sol), as_version=4)))
    report = autograde(course, lab, jobs=2, timeout=60, progress=False)
    assert not report.failed, report.failed
    return auto_scores(course, lab), lost


def assert_full_zero_partial(scores: dict, lost: dict, full: float, manual=("reflection",)):
    """Solution = every autograded point, untouched release = 0, partial = exactly the expected loss."""
    def total(per_cell):
        return autograded_total(per_cell, manual)

    assert total(scores["sol"]) == full, scores["sol"]
    assert total(scores["untouched"]) == 0.0, scores["untouched"]
    expected = {k: (lost[k] if k in lost else v) for k, v in scores["sol"].items()}
    assert scores["partial"] == expected
    assert total(scores["partial"]) == full - sum(scores["sol"][k] for k in lost)
