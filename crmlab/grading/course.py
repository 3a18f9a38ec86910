"""Course chores around nbgrader: release, import submissions, export, feedback.

Every function takes the course folder ``root`` (``assignments/``). nbgrader itself
does the real work (``generate_assignment``, ``generate_feedback``); these helpers
add what a class of 200 needs: student versions (``release/<lab>``, the one copy that
students get) checked for leaks, a folder of e-mailed or LMS-downloaded notebooks
turned into nbgrader's ``submitted/`` layout, and a CSV with the points of every
question.
"""

from __future__ import annotations

import csv
import os
import re
import shutil
import subprocess
import sys
from datetime import datetime, timezone
from pathlib import Path

from .autograde import db_url_of, ensure_tools_on_path, load_course_config
from .coursedata import has_secret

__all__ = ["release", "check_release", "import_submissions", "export_grades", "feedback", "solution_submission",
           "run_nbgrader", "generate_assignments", "LEAK_MARKERS"]

LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "END HIDDEN TESTS", "BEGIN MARK SCHEME",
                "END MARK SCHEME")


def _run_module(root, module: str, args, what: str) -> subprocess.CompletedProcess:
    """``python -m <module> <args>`` in the course folder ``root``; a failure raises RuntimeError naming ``what``,
    with the output."""
    ensure_tools_on_path()
    proc = subprocess.run([sys.executable, "-m", module, *args], cwd=str(root), capture_output=True, text=True)
    if proc.returncode != 0:
        raise RuntimeError(f"{what} failed:\n{proc.stdout[-3000:]}\n{proc.stderr[-3000:]}")
    return proc


def run_nbgrader(root, *args) -> subprocess.CompletedProcess:
    """Run ``nbgrader <args>`` in the course folder ``root``; a failure raises RuntimeError with its output."""
    return _run_module(root, "nbgrader", args, f"nbgrader {' '.join(args)}")


def generate_assignments(root, assignments) -> None:
    """``nbgrader generate_assignment <a> --force`` for each of ``assignments``, in one nbgrader process (nbgrader
    and the gradebook load once, not once per assignment; see :mod:`crmlab.grading.generate`). A failure raises
    RuntimeError with nbgrader's log."""
    assignments = list(assignments)
    if assignments:
        _run_module(root, "crmlab.grading.generate", [str(Path(root).resolve()), *assignments],
                    f"nbgrader generate_assignment {' '.join(assignments)}")


def check_release(root, assignment) -> list[str]:
    """Leaks in ``release/<assignment>``: solution/hidden-test/mark-scheme markers or
    hidden test lines. Returns a list of problems (empty = clean)."""
    import nbformat

    root = Path(root)
    problems = []
    src_dir = root / "source" / assignment
    hidden = set()
    for nb_path in src_dir.glob("*.ipynb"):
        for cell in nbformat.read(str(nb_path), as_version=4).cells:
            for block in re.findall(r"BEGIN HIDDEN TESTS(.*?)### END HIDDEN TESTS", cell.source, flags=re.S):
                hidden |= {ln.strip() for ln in block.splitlines() if len(ln.strip()) > 12}
            for block in re.findall(r"BEGIN SOLUTION(.*?)### END SOLUTION", cell.source, flags=re.S):
                hidden |= {ln.strip() for ln in block.splitlines() if len(ln.strip()) > 25}
    for p in sorted((root / "release" / assignment).rglob("*")):
        if not p.is_file():
            continue
        text = p.read_text(errors="replace")
        for marker in LEAK_MARKERS:
            if marker in text:
                problems.append(f"{p.name}: contains '{marker}'")
        if p.suffix == ".ipynb":
            lines = {ln.strip() for c in nbformat.read(str(p), as_version=4).cells for ln in c.source.splitlines()}
            for ln in sorted(lines & hidden):
                problems.append(f"{p.name}: leaks a solution or hidden-test line: {ln[:80]}")
    return problems


def release(root, assignment, *, generate=True) -> Path:
    """Make the student version: ``nbgrader generate_assignment`` (:func:`generate_assignments`), then the leak check.

    ``release/<assignment>`` is what students get (the course workspace, the student
    edition and the browser edition all take it from there).

    Parameters
    ----------
    root : path
        Course folder.
    assignment : str
        Assignment id.
    generate : bool, default=True
        Run ``nbgrader generate_assignment --force`` first (False: only check and mark
        the release that exists).

    Returns
    -------
    Path
        ``release/<assignment>``.
    """
    root = Path(root).resolve()
    if generate:
        generate_assignments(root, [assignment])
    problems = check_release(root, assignment)
    if problems:
        raise RuntimeError("the release leaks solutions or hidden tests:\n" + "\n".join(problems))
    if has_secret(root):
        # students' notebooks then know they belong to a course: a missing data file is an error
        import json

        cfg = load_course_config(root)
        marker = {"course_id": cfg.CourseDirectory.get("course_id", "") or "", "assignment": assignment,
                  "data": "crmlab-data/ (crmlab grade student-data)"}
        (root / "release" / assignment / "crmlab-course.json").write_text(json.dumps(marker, indent=1) + "\n")
    dest = root / "release" / assignment
    for p in dest.rglob("*"):  # nbgrader may write read-only files: students copy and edit these
        p.chmod(0o755 if p.is_dir() else 0o644)
    return dest


def _release_notebooks(root, assignment) -> list[str]:
    return sorted(p.name for p in (Path(root) / "release" / assignment).glob("*.ipynb"))


def import_submissions(root, assignment, folder, *, overwrite=False) -> dict:
    """Put a folder of collected notebooks into nbgrader's ``submitted/`` layout.

    Accepted layouts of ``folder`` (what an LMS download or an e-mail inbox gives):

    - ``<student_id>.ipynb`` (single-notebook assignments; renamed to the released name),
    - ``<student_id>/<notebook>.ipynb`` or ``<student_id>/<assignment>/<notebook>.ipynb``
      (nbgrader's own exchange layout).

    A ``timestamp.txt`` is written from the file's modification time (UTC) unless
    the student folder brings one, so late penalties work.

    Returns
    -------
    dict
        ``{student_id: submitted folder}``.
    """
    root, folder = Path(root), Path(folder)
    names = _release_notebooks(root, assignment)
    out = {}
    entries = []
    for p in sorted(folder.iterdir()):
        if p.is_file() and p.suffix == ".ipynb":
            if len(names) != 1:
                raise ValueError(f"{p.name}: {assignment} has {len(names)} notebooks; use <student>/<notebook>.ipynb")
            entries.append((p.stem, [(p, names[0])], None))
        elif p.is_dir():
            inner = p / assignment if (p / assignment).is_dir() else p
            nbs = sorted(inner.glob("*.ipynb"))
            if len(nbs) == 1 and len(names) == 1:
                files = [(nbs[0], names[0])]
            else:
                files = [(nb, nb.name) for nb in nbs]
            ts = inner / "timestamp.txt"
            entries.append((p.name, files, ts if ts.exists() else None))
    for student, files, ts in entries:
        if not re.fullmatch(r"[A-Za-z0-9_.\-]+", student):
            raise ValueError(f"student id {student!r} must be letters, digits, '_', '-' or '.'")
        dest = root / "submitted" / student / assignment
        if dest.exists():
            if not overwrite:
                raise FileExistsError(f"{dest} exists; pass overwrite=True (--overwrite) to replace it")
            shutil.rmtree(dest)
        dest.mkdir(parents=True)
        newest = 0.0
        for src, name in files:
            shutil.copyfile(src, dest / name)
            newest = max(newest, src.stat().st_mtime)
        if ts is not None:
            shutil.copyfile(ts, dest / "timestamp.txt")
        else:
            stamp = datetime.fromtimestamp(newest or 0, tz=timezone.utc)
            (dest / "timestamp.txt").write_text(stamp.strftime("%Y-%m-%d %H:%M:%S.%f %Z"))
        out[student] = dest
    return out


def export_grades(root, path, *, assignments=None) -> Path:
    """Write a CSV with one row per student and assignment and the points of every question.

    Columns: ``student_id, last_name, first_name, email, assignment, submitted,
    timestamp, score, max_score, needs_manual_grade, late_penalty`` and one column per
    graded cell (``<notebook>:<grade_id>``; manual score if given, else the autograde).

    Parameters
    ----------
    root : path
        Course folder.
    path : path
        The CSV file to write (UTF-8 with BOM, so Excel opens Chinese names).
    assignments : list of str, optional
        Default: every assignment in the gradebook.
    """
    from nbgrader.api import Gradebook, MissingEntry

    root = Path(root).resolve()
    cfg = load_course_config(root)
    rows, question_cols = [], []
    with Gradebook(db_url_of(root, cfg), cfg.CourseDirectory.get("course_id", "") or "") as gb:
        assigns = [a for a in gb.assignments if assignments is None or a.name in assignments]
        for a in assigns:
            for nb in a.notebooks:
                for gc in nb.grade_cells:
                    col = f"{nb.name}:{gc.name}"
                    if col not in question_cols:
                        question_cols.append(col)
        for a in assigns:
            max_by_col = {f"{nb.name}:{gc.name}": gc.max_score for nb in a.notebooks for gc in nb.grade_cells}
            for st in sorted(gb.students, key=lambda s: s.id):
                row = {"student_id": st.id, "last_name": st.last_name or "", "first_name": st.first_name or "",
                       "email": st.email or "", "assignment": a.name, "max_score": a.max_score}
                try:
                    sub = gb.find_submission(a.name, st.id)
                except MissingEntry:
                    row.update(submitted=False, timestamp="", score=0.0, needs_manual_grade=False, late_penalty=0.0)
                    rows.append(row)
                    continue
                row.update(submitted=True, timestamp=sub.timestamp.isoformat() if sub.timestamp else "",
                           score=sub.score, needs_manual_grade=sub.needs_manual_grade,
                           late_penalty=sub.late_submission_penalty)
                for snb in sub.notebooks:
                    for g in snb.grades:
                        col = f"{snb.name}:{g.name}"
                        if col in max_by_col:
                            row[col] = g.score
                rows.append(row)
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fields = ["student_id", "last_name", "first_name", "email", "assignment", "submitted", "timestamp", "score",
              "max_score", "needs_manual_grade", "late_penalty"] + question_cols
    with open(path, "w", newline="", encoding="utf-8-sig") as fh:
        w = csv.DictWriter(fh, fieldnames=fields)
        w.writeheader()
        w.writerows(rows)
    return path


def feedback(root, assignment, *, student=None, force=True) -> Path:
    """``nbgrader generate_feedback``: HTML feedback per student in ``feedback/``."""
    args = ["generate_feedback", assignment]
    if student:
        args += ["--student", student]
    if force:
        args.append("--force")
    run_nbgrader(root, *args)
    return Path(root) / "feedback"


def solution_submission(root, assignment, dest, *, answer_text="示例回答 / sample answer.") -> Path:
    """A submission folder whose solution cells hold the source's solutions (for tests,
    benchmarks and demos): the released notebook with each solution region filled in."""
    import nbformat

    root, dest = Path(root), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    for rel in (root / "release" / assignment).glob("*.ipynb"):
        src = nbformat.read(str(root / "source" / assignment / rel.name), as_version=4)
        by_id = {c.metadata.get("nbgrader", {}).get("grade_id"): c for c in src.cells}
        nb = nbformat.read(str(rel), as_version=4)
        for cell in nb.cells:
            meta = cell.metadata.get("nbgrader", {})
            if meta.get("solution") and meta.get("grade_id") in by_id:
                if cell.cell_type == "markdown":
                    cell.source = answer_text
                else:
                    lines = by_id[meta["grade_id"]].source.splitlines()
                    cell.source = "\n".join(ln for ln in lines if "BEGIN SOLUTION" not in ln
                                            and "END SOLUTION" not in ln)
        nbformat.write(nb, str(dest / rel.name))
        os.utime(dest / rel.name)
    return dest


def copy_course(root, dest, *, with_gradebook=True) -> Path:
    """Copy a course's config, sources, releases (and gradebook) to ``dest``: a scratch
    course for rehearsals, tests and benchmarks. Without a gradebook, the assignments
    of ``release/`` are generated again in the copy."""
    root, dest = Path(root), Path(dest)
    dest.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(root / "nbgrader_config.py", dest / "nbgrader_config.py")
    if (root / "checks").is_dir():
        shutil.copytree(root / "checks", dest / "checks", dirs_exist_ok=True,
                        ignore=shutil.ignore_patterns("__pycache__"))
    for sub in ("source", "release") if with_gradebook else ("source",):
        if (root / sub).is_dir():
            shutil.copytree(root / sub, dest / sub, dirs_exist_ok=True)
    if with_gradebook and (root / "gradebook.db").exists():
        import sqlite3

        with sqlite3.connect(str(root / "gradebook.db")) as a, sqlite3.connect(str(dest / "gradebook.db")) as b:
            a.backup(b)
    else:
        generate_assignments(dest, sorted(p.name for p in (dest / "source").iterdir() if p.is_dir()))
    return dest
