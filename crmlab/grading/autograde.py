"""Parallel, resumable autograding that writes exactly what ``nbgrader autograde`` writes.

Design
------
nbgrader grades one submission after another, and its gradebook is one SQLite file
that must not be written by several processes at once. We split the work:

- **Workers** (``jobs`` processes, started once and reused for many students and for
  later calls in the same process, so nbgrader, nbconvert and sqlalchemy are imported
  once per worker): for each call (a *round*: it carries the call's environment) each has a
  private course folder in a temporary directory with its *own copy* of the
  gradebook (a snapshot of the real one taken at the start) and the non-notebook
  files of ``source/<assignment>`` (no source notebooks: student code running in a
  grading kernel finds no solutions nearby). For one student a worker copies the
  submission in and runs nbgrader's own ``Autograde`` converter, unchanged, with
  the course's ``nbgrader_config.py`` (so :class:`~crmlab.grading.nbgrader_ext.StudentExecute`
  gives the kernel the student's id). It then reads the rows nbgrader wrote for
  this student from its private gradebook (auto scores, needs-manual-grade flags,
  auto comments, late penalties, timestamp) and copies the autograded folder
  into a staging folder of the real course.
- **One writer** (the main process) copies these rows into the real gradebook in
  one transaction per student, moves the autograded folder into place, and only
  then records the submission's fingerprint in ``.crmlab/autograde/<assignment>.json``.

Because each worker's gradebook starts as a copy of the real one (same assignment,
cells, students, extensions and manual scores), nbgrader computes in the worker
exactly the values it would compute serially; the writer copies them verbatim.
``tests/integration/test_grading.py`` checks this against a serial ``nbgrader autograde``.

Resuming: a killed run loses at most the students being graded; the next run
skips every student whose submission fingerprint (hash of all submitted files) is
recorded and unchanged, and regrades the rest. ``force=True`` regrades everybody.

Failures: a notebook that is not valid JSON is reported and skipped before
grading (the student's previous grade, if any, is kept); any other failure of
nbgrader for one student is reported with its log, and the rest of the class is
graded normally. Kernel crashes and infinite loops are graded (see nbgrader_ext).
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import sqlite3
import sys
import tempfile
import time
from concurrent.futures import FIRST_COMPLETED, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from .coursedata import has_secret
from .sandbox import SandboxUnavailable, check_sandbox
from .trusted import checks_path, load_lab_checks

__all__ = ["autograde", "AutogradeReport", "list_submissions", "submission_fingerprint", "load_course_config",
           "ensure_tools_on_path", "shutdown_workers"]

STATE_DIR = ".crmlab"
# What nbgrader logs when its database raised an OperationalError while grading one student.
_DB_TROUBLE = "error accessing the nbgrader database"


# -- course helpers --------------------------------------------------------------------
def ensure_tools_on_path() -> None:
    """nbgrader runs ``alembic`` as a subprocess: make the venv's bin folder findable."""
    bindir = str(Path(sys.executable).parent)
    if bindir not in os.environ.get("PATH", "").split(os.pathsep):
        os.environ["PATH"] = bindir + os.pathsep + os.environ.get("PATH", "")


def load_course_config(root):
    """The traitlets Config of the course folder ``root`` (its nbgrader_config.py)."""
    from traitlets.config import Config
    from traitlets.config.loader import PyFileConfigLoader

    root = Path(root).resolve()
    cfg = Config()
    path = root / "nbgrader_config.py"
    if path.exists():
        cfg.merge(PyFileConfigLoader(path.name, path=str(root)).load_config())
    cfg.CourseDirectory.root = str(root)
    return cfg


def db_url_of(root, cfg=None) -> str:
    cfg = cfg or load_course_config(root)
    url = cfg.CourseDirectory.get("db_url")
    return url if url else f"sqlite:///{Path(root).resolve() / 'gradebook.db'}"


def _db_path(url: str) -> Path:
    if not url.startswith("sqlite:///"):
        raise ValueError(f"crmlab grade needs a SQLite gradebook, not {url}")
    return Path(url[len("sqlite:///"):])


def submission_fingerprint(folder) -> str:
    """SHA-256 over the names and bytes of every file of a submission folder."""
    h = hashlib.sha256()
    folder = Path(folder)
    for p in sorted(folder.rglob("*")):
        if p.is_file():
            h.update(str(p.relative_to(folder)).encode())
            h.update(b"\0")
            h.update(p.read_bytes())
            h.update(b"\0")
    return h.hexdigest()


def list_submissions(root, assignment) -> dict:
    """``{student_id: submitted folder}`` for one assignment."""
    sub = Path(root) / "submitted"
    out = {}
    if sub.is_dir():
        for d in sorted(sub.iterdir()):
            if (d / assignment).is_dir():
                out[d.name] = d / assignment
    return out


def _invalid_notebooks(folder) -> list[str]:
    import nbformat

    bad = []
    for nb in sorted(Path(folder).glob("*.ipynb")):
        try:
            nbformat.read(str(nb), as_version=4)
        except Exception as exc:  # not JSON, not a notebook, unreadable
            bad.append(f"{nb.name}: {type(exc).__name__}: {str(exc).splitlines()[0][:200] if str(exc) else ''}")
    return bad


class _State:
    """``.crmlab/autograde/<assignment>.json``: fingerprints of graded submissions."""

    def __init__(self, root, assignment):
        self.path = Path(root) / STATE_DIR / "autograde" / f"{assignment}.json"
        self.data = json.loads(self.path.read_text()) if self.path.exists() else {}

    def get(self, student):
        return self.data.get(student, {}).get("fingerprint")

    def set(self, student, fingerprint, seconds):
        self.data[student] = {"fingerprint": fingerprint, "graded_at": time.strftime("%Y-%m-%dT%H:%M:%S"),
                              "seconds": round(seconds, 2)}
        self.path.parent.mkdir(parents=True, exist_ok=True)
        tmp = self.path.with_suffix(".tmp")
        tmp.write_text(json.dumps(self.data, indent=1, sort_keys=True))
        os.replace(tmp, self.path)


# -- worker side ----------------------------------------------------------------------------
# A worker serves one grading round at a time: a round is one autograde call's pass over its queue (a retry
# pass is a new round, with a fresh gradebook copy). Workers outlive the call that started them, so the next
# call in the same process (a notebook server grading lab after lab, or many runs in one test session) does
# not pay for starting Python and importing nbgrader again; everything a round needs travels with its tasks.
_W: dict = {}


def _worker_start(slots):
    import signal
    import warnings
    from multiprocessing.util import Finalize

    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the main process's to handle, once
    logging.getLogger("traitlets").setLevel(logging.WARNING)
    warnings.filterwarnings("ignore", message=".*not in session.*")  # nbgrader's harmless SQLAlchemy noise
    with slots.get_lock():
        _W["slot"] = slots.value
        slots.value += 1
    Finalize(None, _worker_leave_round, exitpriority=10)


def _worker_leave_round() -> None:
    for d in _W.pop("dirs", ()):
        shutil.rmtree(d, ignore_errors=True)
    _W.pop("round", None)


def _worker_join_round(rnd: dict) -> None:
    """Set this worker up for round ``rnd``: its environment, private course folder and gradebook copy."""
    if _W.get("round") == rnd["id"]:
        return
    _worker_leave_round()
    # the environment and folder of the call that started this round, not of the one that started the worker
    os.environ.clear()
    os.environ.update(rnd["env"])
    tempfile.tempdir = None  # found again from this environment's TMPDIR
    try:
        os.chdir(rnd["cwd"])
    except OSError:
        pass
    ensure_tools_on_path()
    # The worker's nbgrader course (its gradebook copy, its autograded/ output) lives in two
    # private temporary folders; grading kernels never see them: each runs in a sandbox
    # that shows only a copy of the one submission it grades.
    root = Path(tempfile.mkdtemp(prefix="crmlab-grade-", dir=rnd["work"]))
    dbdir = Path(tempfile.mkdtemp(prefix="crmlab-gb-", dir=rnd["db_base"]))
    _W["dirs"] = [root, dbdir]
    for d in (root, dbdir):
        os.chmod(d, 0o700)
    shutil.copyfile(rnd["template"], dbdir / "gradebook.db")
    course_root, assignment = rnd["course_root"], rnd["assignment"]
    src = Path(course_root) / "source" / assignment
    if src.is_dir():  # data files the notebook needs, never the source notebooks
        shutil.copytree(src, root / "source" / assignment,
                        ignore=shutil.ignore_patterns("*.ipynb", ".ipynb_checkpoints"))
    cfg = load_course_config(course_root)
    cfg.CourseDirectory.root = str(root)
    cfg.CourseDirectory.db_url = f"sqlite:///{dbdir / 'gradebook.db'}"
    cfg.CRMLabGrading.course_root = str(Path(course_root).resolve())
    cfg.CRMLabGrading.slot = _W["slot"]
    for section, values in rnd["overrides"].items():
        for k, v in values.items():
            cfg[section][k] = v
    _W.update(round=rnd["id"], root=root, cfg=cfg, course_root=Path(course_root))


def _worker_grade(rnd, student, src_folder, staging):
    from nbgrader.api import Gradebook
    from nbgrader.converters import Autograde
    from nbgrader.converters.base import NbGraderException
    from nbgrader.coursedir import CourseDirectory

    t0 = time.perf_counter()
    try:
        _worker_join_round(rnd)
    except Exception as exc:  # this student is reported failed, the rest of the class is graded
        _W.pop("round", None)
        return {"student": student, "ok": False, "seconds": time.perf_counter() - t0, "staging": None,
                "dirs": [str(d) for d in _W.get("dirs", ())], "tampered": [],
                "log": f"ERROR: the grading worker could not be set up: {type(exc).__name__}: {exc}"}
    assignment = rnd["assignment"]
    root, cfg = _W["root"], _W["cfg"]
    sub = root / "submitted" / student / assignment
    out = root / "autograded" / student / assignment
    for d in (sub, out):
        if d.exists():
            shutil.rmtree(d)
    shutil.copytree(src_folder, sub)

    logbuf = []

    class _Keep(logging.Handler):
        def emit(self, record):
            if record.levelno >= logging.WARNING:
                logbuf.append(f"{record.levelname}: {record.getMessage()}")

    from . import nbgrader_ext  # nbgrader, an instructor's extra: loaded for grading only

    coursedir = CourseDirectory(config=cfg)
    coursedir.assignment_id = assignment
    coursedir.student_id = student
    conv = Autograde(coursedir=coursedir, config=cfg)
    conv.force = True
    handler = _Keep()
    conv.log.addHandler(handler)
    nbgrader_ext.NOTES.clear()
    ok = True
    try:
        conv.start()
    except NbGraderException:
        ok = False
    except Exception as exc:  # pragma: no cover - nbgrader should not raise anything else
        ok = False
        logbuf.append(f"ERROR: {type(exc).__name__}: {exc}")
    finally:
        conv.log.removeHandler(handler)
    result = {"student": student, "ok": ok, "log": "\n".join(logbuf[-40:]), "seconds": 0.0, "staging": None,
              "dirs": [str(d) for d in _W["dirs"]],
              "tampered": [n for notes in nbgrader_ext.NOTES.values() for n in notes.get("tampered", [])]}
    if ok:
        rows = {}
        with Gradebook(cfg.CourseDirectory.db_url) as gb:
            s = gb.find_submission(assignment, student)
            result["timestamp"] = s.timestamp.isoformat() if s.timestamp is not None else None
            for nb in s.notebooks:
                rows[nb.name] = {
                    "late_submission_penalty": nb.late_submission_penalty,
                    "grades": {g.name: [g.auto_score, bool(g.needs_manual_grade)] for g in nb.grades},
                    "comments": {c.name: c.auto_comment for c in nb.comments},
                }
        result["notebooks"] = rows
        dest = Path(staging) / f"{student}-{os.getpid()}-{time.time_ns()}"
        shutil.copytree(out, dest)
        result["staging"] = str(dest)
    for d in (sub, out):
        if d.exists():
            shutil.rmtree(d, ignore_errors=True)
    result["seconds"] = time.perf_counter() - t0
    return result


# -- writer side ------------------------------------------------------------------------------
def _parse_ts(ts):
    if ts is None:
        return None
    from datetime import datetime

    return datetime.fromisoformat(ts)


def _merge(gb, assignment, result) -> None:
    """Copy one student's rows into the real gradebook, in one transaction."""
    import warnings

    student = result["student"]
    with warnings.catch_warnings():
        # nbgrader's API triggers harmless SQLAlchemy autoflush warnings when it creates rows
        warnings.simplefilter("ignore")
        _merge_rows(gb, assignment, student, result)


def _merge_rows(gb, assignment, student, result) -> None:
    for attempt in range(20):  # the formgrader may hold a brief lock
        try:
            gb.update_or_create_student(student)
            ts = _parse_ts(result.get("timestamp"))
            if ts is not None:
                gb.update_or_create_submission(assignment, student, timestamp=ts)
            else:
                gb.update_or_create_submission(assignment, student)
            for nb_name, nb in result["notebooks"].items():
                snb = gb.find_submission_notebook(nb_name, assignment, student)
                snb.late_submission_penalty = nb["late_submission_penalty"]
                for g_name, (auto, needs) in nb["grades"].items():
                    g = gb.find_grade(g_name, nb_name, assignment, student)
                    g.auto_score = auto
                    g.needs_manual_grade = needs
                for c_name, auto_comment in nb["comments"].items():
                    gb.find_comment(c_name, nb_name, assignment, student).auto_comment = auto_comment
            gb.db.commit()
            return
        except Exception as exc:
            gb.db.rollback()
            if "locked" not in str(exc).lower() or attempt == 19:
                raise
            time.sleep(0.25)


def _install(root, assignment, student, staging) -> None:
    dest = Path(root) / "autograded" / student / assignment
    if dest.exists():
        for p in dest.rglob("*"):  # nbgrader makes graded files read-only
            try:
                p.chmod(0o755 if p.is_dir() else 0o644)
            except OSError:
                pass
        shutil.rmtree(dest)
    dest.parent.mkdir(parents=True, exist_ok=True)
    os.replace(staging, dest)


def _snapshot(src: Path, dst: Path) -> None:
    """A consistent copy of a live SQLite database (the backup API, not a file copy)."""
    with sqlite3.connect(str(src)) as a, sqlite3.connect(str(dst)) as b:
        a.backup(b)


@contextmanager
def _sigint_ignored():
    import signal
    import threading

    if threading.current_thread() is not threading.main_thread():
        yield
        return
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        yield
    finally:
        signal.signal(signal.SIGINT, previous)


@dataclass
class AutogradeReport:
    """What one ``autograde`` run did."""

    graded: list = field(default_factory=list)
    skipped: list = field(default_factory=list)
    failed: dict = field(default_factory=dict)
    invalid: dict = field(default_factory=dict)
    tampered: dict = field(default_factory=dict)
    seconds: float = 0.0
    course_mode: bool = True
    sandboxed: bool = True

    def summary(self) -> str:
        lines = [f"已评分 / graded {len(self.graded)}, 未改变跳过 / skipped (unchanged) {len(self.skipped)}, "
                 f"失败 / failed {len(self.failed)}, 无效笔记本 / invalid notebooks {len(self.invalid)} "
                 f"in {self.seconds:.1f} s"]
        if not self.course_mode:
            lines.append("  注意 / note: 没有课程密钥：学生的商店来自公开的学号种子，学生能重建隐藏真相（crmlab grade student-data 会创建密钥）。"
                         " / no course secret: shops follow the public student seed, so students can rebuild the "
                         "hidden truth (`crmlab grade student-data` creates the secret).")
        if not self.sandboxed:
            lines.append("  警告 / warning: 未使用沙箱评分（--unsafe）：学生代码以评分者的身份运行。 / graded WITHOUT a sandbox "
                         "(--unsafe): student code ran as the grader.")
        for s, why in sorted(self.invalid.items()):
            lines.append(f"  invalid  {s}: {why}")
        for s, why in sorted(self.failed.items()):
            lines.append(f"  failed   {s}: {why.splitlines()[-1] if why else ''}")
        for s, notes in sorted(self.tampered.items()):
            lines.append(f"  tampered {s}: {'; '.join(notes)}")
        return "\n".join(lines)


def _preflight(root: Path, assignment: str, url: str, course_id: str, unsafe: bool) -> None:
    """Refuse before grading anybody when the setup cannot grade: no sandbox, no checks."""
    from nbgrader.api import Gradebook

    from .nbgrader_ext import GradingSetupError  # nbgrader, an instructor's extra: loaded for grading only

    if not unsafe:
        why = check_sandbox()
        if why is not None:
            raise SandboxUnavailable(why)
    lab = load_lab_checks(root, assignment)
    if lab is None:
        raise GradingSetupError(f"没有可信检查 / no trusted checks: {checks_path(root, assignment)}")
    with Gradebook(url, course_id) as gb:
        a = gb.find_assignment(assignment)  # MissingEntry: not released yet
        tests = [gc.name for nb in a.notebooks for gc in nb.grade_cells
                 if gc.cell_type == "code" and gc.name not in {sc.name for sc in nb.solution_cells}]
    unchecked = [t for t in tests if t not in lab.checks]
    if unchecked:
        raise GradingSetupError(f"{assignment}: 这些测试单元格没有可信检查 / these test cells have no trusted check: "
                                f"{', '.join(unchecked)} ({checks_path(root, assignment)})")


# Workers start from a clean interpreter ("spawn"), never as a fork of this process: a fork inherits its
# thread pools (OpenMP, BLAS), and scikit-learn in a trusted check then waits forever on a lock held by a
# thread that no longer exists. They are kept for the next call of this process, by pool size (a call with
# one job stays serial), and take each call's environment with its tasks (_worker_join_round).
_POOLS: dict = {}


def _pool(jobs: int) -> ProcessPoolExecutor:
    import multiprocessing

    pool = _POOLS.get(jobs)
    if pool is None or getattr(pool, "_broken", False) or getattr(pool, "_shutdown_thread", False):
        ctx = multiprocessing.get_context("spawn")
        with _sigint_ignored():
            pool = _POOLS[jobs] = ProcessPoolExecutor(max_workers=jobs, mp_context=ctx, initializer=_worker_start,
                                                      initargs=(ctx.Value("i", 0),))
    return pool


def _drop_pool(jobs: int, wait: bool = True) -> None:
    pool = _POOLS.pop(jobs, None)
    if pool is not None:
        pool.shutdown(wait=wait, cancel_futures=True)


def shutdown_workers() -> None:
    """Stop the grading workers kept for later calls (they also stop when this process exits)."""
    for jobs in list(_POOLS):
        _drop_pool(jobs)


def autograde(root, assignment, *, jobs=None, students=None, force=False, timeout=None, notebook_timeout=None,
              progress=True, tmp_dir=None, unsafe=False) -> AutogradeReport:
    """Autograde the submissions of ``assignment`` in parallel into the nbgrader gradebook.

    Every submission runs in a sandboxed kernel and is checked by the lab's trusted
    checks in the grader's process (see :mod:`crmlab.grading.nbgrader_ext`).

    Parameters
    ----------
    root : path
        The nbgrader course folder (with ``nbgrader_config.py``, ``gradebook.db``,
        ``submitted/`` and ``checks/``).
    assignment : str
        The assignment id, e.g. ``"L1_explore_shop"`` (released with
        ``nbgrader generate_assignment`` first, so the gradebook knows its cells).
    jobs : int, optional
        Worker processes; default: the number of CPUs.
    students : list of str, optional
        Only these students (default: every submission).
    force : bool, default=False
        Regrade submissions already graded and unchanged.
    timeout : int, optional
        Seconds per cell (``Execute.timeout``); default: the course config.
    notebook_timeout : int, optional
        Seconds per notebook (``SandboxedExecute.notebook_timeout``).
    progress : bool, default=True
        Show a tqdm progress bar (counts, rate, ETA).
    tmp_dir : path, optional
        Where the workers' private folders go (default: the system's temporary folder).
    unsafe : bool, default=False
        Grade without the sandbox (student code then runs as the grader). Only for a
        machine where no sandbox can be had and the submissions are trusted.

    Returns
    -------
    AutogradeReport
        Who was graded, skipped, failed (with nbgrader's log), had an invalid notebook
        or edited the grading metadata.

    Raises
    ------
    SandboxUnavailable
        No sandbox here and ``unsafe`` is False.
    GradingSetupError
        The lab has no trusted checks (``<root>/checks/<assignment>.py``) for every test cell.
    """
    from nbgrader.api import Gradebook

    t_start = time.perf_counter()
    ensure_tools_on_path()
    root = Path(root).resolve()
    cfg = load_course_config(root)
    url = db_url_of(root, cfg)
    course_id = cfg.CourseDirectory.get("course_id", "") or ""
    db = _db_path(url)
    if not db.exists():
        raise FileNotFoundError(f"no gradebook at {db}: run `nbgrader generate_assignment {assignment}` first")
    _preflight(root, assignment, url, course_id, unsafe)

    report = AutogradeReport(course_mode=has_secret(root), sandboxed=not unsafe)
    subs = list_submissions(root, assignment)
    if students:
        subs = {s: p for s, p in subs.items() if s in set(students)}
    state = _State(root, assignment)
    todo = {}
    for student, folder in subs.items():
        fp = submission_fingerprint(folder)
        done = (root / "autograded" / student / assignment).is_dir()
        if not force and done and state.get(student) == fp:
            report.skipped.append(student)
            continue
        bad = _invalid_notebooks(folder)
        if bad:
            report.invalid[student] = "; ".join(bad)
            continue
        todo[student] = (folder, fp)

    overrides = {"SandboxedExecute": {"quiet_kernel": True},
                 "CRMLabGrading": {"sandbox": "off" if unsafe else "required"}}
    if timeout is not None:
        overrides["Execute"] = {"timeout": int(timeout)}
    if notebook_timeout is not None:
        overrides["SandboxedExecute"]["notebook_timeout"] = int(notebook_timeout)
    jobs = max(1, min(int(jobs or os.cpu_count() or 1), max(1, len(todo))))

    if todo:
        staging = root / "autograded" / ".crmlab-staging"
        staging.mkdir(parents=True, exist_ok=True)
        with tempfile.TemporaryDirectory(prefix="crmlab-autograde-", dir=tmp_dir) as tmp:
            os.chmod(tmp, 0o700)
            template = Path(tmp) / "template.db"  # in this call's private folder, removed with it
            _snapshot(db, template)
            workdir = Path(tmp) / "w"  # workers' private courses
            workdir.mkdir()
            bar = None
            if progress:
                from tqdm.auto import tqdm

                bar = tqdm(total=len(todo), unit="nb", desc=f"autograde {assignment} ({jobs} jobs)", file=sys.stderr)
            queue = list(todo)
            attempts = {s: 0 for s in queue}
            rnd = {"course_root": str(root), "assignment": assignment, "template": str(template),
                   "overrides": overrides, "work": str(workdir), "db_base": str(tmp_dir or tmp),
                   "env": dict(os.environ), "cwd": os.getcwd()}
            worker_dirs = set()
            try:
                with Gradebook(url, course_id) as gb:
                    while queue:
                        pool = _pool(jobs)
                        rnd = dict(rnd, id=f"{os.getpid()}-{time.time_ns()}")  # a retry pass starts afresh
                        futures = {}
                        try:
                            # the workers start while Ctrl-C is ignored, so they inherit that: an interrupt
                            # reaches this process alone, which says so in one line
                            with _sigint_ignored():
                                for s in queue:
                                    attempts[s] += 1
                                    futures[pool.submit(_worker_grade, rnd, s, str(todo[s][0]), str(staging))] = s
                            queue = []
                            pending = set(futures)
                            while pending:
                                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                                for fut in done:
                                    s = futures[fut]
                                    try:
                                        res = fut.result()
                                    except BrokenProcessPool:
                                        # a worker died (not a kernel: the worker itself); retry once
                                        _drop_pool(jobs)
                                        if attempts[s] < 2:
                                            queue.append(s)
                                        else:
                                            report.failed[s] = "the grading worker process died twice"
                                        continue
                                    worker_dirs.update(res.get("dirs", ()))
                                    if res.get("tampered"):
                                        report.tampered[s] = res["tampered"]
                                    if res["ok"]:
                                        _merge(gb, assignment, res)
                                        _install(root, assignment, s, res["staging"])
                                        state.set(s, todo[s][1], res["seconds"])
                                        report.graded.append(s)
                                    elif _DB_TROUBLE in res["log"] and attempts[s] < 2:
                                        # the worker's gradebook copy was busy or unreadable for a moment
                                        # (SQLite's lock timeout): the student is graded once more, afresh
                                        queue.append(s)
                                        continue
                                    else:
                                        report.failed[s] = res["log"]
                                    if bar is not None:
                                        bar.update(1)
                                        bar.set_postfix(ok=len(report.graded), failed=len(report.failed),
                                                        refresh=False)
                        except KeyboardInterrupt:
                            for fut in futures:
                                fut.cancel()
                            for proc in list(getattr(pool, "_processes", {}).values()):
                                proc.terminate()  # its kernel's sandbox dies with it
                            _drop_pool(jobs, wait=False)
                            raise
            finally:
                if bar is not None:
                    bar.close()
                shutil.rmtree(staging, ignore_errors=True)
                for d in worker_dirs:  # the workers' gradebook copies, wherever tmp_dir put them
                    shutil.rmtree(d, ignore_errors=True)
    report.graded.sort()
    report.seconds = time.perf_counter() - t_start
    return report
