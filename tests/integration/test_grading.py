"""crmlab grade: same gradebook as serial nbgrader, resumable, releases in sync, CSV export."""

from __future__ import annotations

import csv
import os
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest
from support.grading import (COURSE, FULL, LAB, NB, REPO, cell, gradebook_rows, make_course, release_nb,
                                  scores, solution_nb, submit)

from crmlab.grading.autograde import autograde
from crmlab.grading.course import check_release, export_grades, import_submissions

STUDENTS = ["s01", "s02", "s03", "s04", "s05"]


def _class(course):
    sol = solution_nb(course)
    submit(course, "s01", sol)
    submit(course, "s02", sol, timestamp="2030-01-02 08:00:00 UTC")
    submit(course, "s03", release_nb(course))
    wrong = solution_nb(course)
    cell(wrong, "overview").source = cell(wrong, "overview").source.replace("ascending=False", "ascending=True")
    submit(course, "s04", wrong)
    crash = solution_nb(course)
    cell(crash, "whatif").source = "import os\nos._exit(3)"
    submit(course, "s05", crash)


@pytest.fixture(scope="module")
def courses(tmp_path_factory):
    base = tmp_path_factory.mktemp("grading")
    serial = make_course(base / "serial")
    _class(serial)
    parallel = base / "parallel"
    shutil.copytree(serial, parallel, ignore=shutil.ignore_patterns("_solution"))
    return serial, parallel


@pytest.mark.slow
def test_parallel_equals_serial_nbgrader(courses):
    serial, parallel = courses
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    proc = subprocess.run([sys.executable, "-m", "nbgrader", "autograde", LAB, "--Execute.timeout=8"], cwd=serial,
                          env=env, capture_output=True, text=True)
    assert proc.returncode == 0, proc.stderr[-2000:]
    report = autograde(parallel, LAB, jobs=2, timeout=8, progress=False)
    assert sorted(report.graded) == STUDENTS and not report.failed
    assert gradebook_rows(parallel) == gradebook_rows(serial)
    sc = scores(parallel)
    assert sum(v or 0 for k, v in sc["s01"].items()) == FULL
    assert sc["s04"]["test_overview_values"] == 0.0 and sc["s04"]["test_counts"] == 2.0
    assert sc["s05"]["test_whatif"] == 0.0 and sc["s05"]["test_top_share"] == 2.0
    # nbgrader's own layout: the autograded notebooks are where formgrader looks
    for s in STUDENTS:
        assert (parallel / "autograded" / s / LAB / NB).exists()
    assert sqlite3.connect(str(parallel / "gradebook.db")).execute("PRAGMA integrity_check").fetchone() == ("ok",)


@pytest.mark.slow
def test_resume_skips_unchanged_and_regrades_changed(courses):
    _, parallel = courses
    if not (parallel / ".crmlab").exists():
        autograde(parallel, LAB, jobs=2, timeout=8, progress=False)
    before = gradebook_rows(parallel)
    again = autograde(parallel, LAB, jobs=2, progress=False)
    assert again.graded == [] and sorted(again.skipped) == STUDENTS
    # a student resubmits a fixed notebook; another one's run was interrupted (no record)
    submit(parallel, "s04", solution_nb(parallel))
    state = parallel / ".crmlab" / "autograde" / f"{LAB}.json"
    import json

    data = json.loads(state.read_text())
    del data["s01"]
    state.write_text(json.dumps(data))
    third = autograde(parallel, LAB, jobs=2, timeout=8, progress=False)
    assert sorted(third.graded) == ["s01", "s04"]
    after = scores(parallel)
    assert sum(v or 0 for v in after["s04"].values()) == FULL
    assert [r for r in gradebook_rows(parallel) if r[1] not in ("s04",)] == \
        [r for r in before if r[1] not in ("s04",)]


@pytest.mark.slow
def test_interrupted_run_loses_nothing(courses, tmp_path):
    from crmlab.grading.course import copy_course

    course = copy_course(courses[0], tmp_path / "c")  # gradebook snapshot: no second generate_assignment
    sol = solution_nb(course)
    for s in ("a1", "a2", "a3", "a4"):
        submit(course, s, sol)
    # the run's own temporary folder: what a killed run leaves there is removed below, and nothing of another
    # test's grading (other xdist workers grade in the system's temporary folder at the same time). Its path is
    # too long for the grading kernel's sockets, which then live in /tmp (nbgrader_ext.kernel_folder).
    run_tmp = tmp_path / "a-temporary-folder-as-long-as-some-instructors-have"
    run_tmp.mkdir()
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""),
               TMPDIR=str(run_tmp))
    proc = subprocess.Popen([sys.executable, "-m", "crmlab.grading", "--root", str(course), "autograde", LAB,
                             "--jobs", "2", "--no-progress"], env=env, start_new_session=True,
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    state = course / ".crmlab" / "autograde" / f"{LAB}.json"
    import time

    t0 = time.monotonic()
    while not state.exists() and time.monotonic() - t0 < 120:
        time.sleep(0.2)
    os.killpg(proc.pid, 9)  # the instructor's laptop dies mid-run
    proc.wait()
    assert list(run_tmp.glob("crmlab-*")), "the killed run had private folders in its TMPDIR"
    shutil.rmtree(run_tmp)  # what a killed run cannot clean up itself
    assert sqlite3.connect(str(course / "gradebook.db")).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    report = autograde(course, LAB, jobs=2, progress=False)
    assert len(report.skipped) >= 1 and sorted(report.skipped + report.graded) == ["a1", "a2", "a3", "a4"]
    assert all(sum(v or 0 for v in g.values()) == FULL for g in scores(course, ["a1", "a2", "a3", "a4"]).values())


@pytest.mark.slow
def test_ctrl_c_prints_one_line_and_keeps_what_was_graded(courses, tmp_path):
    import signal
    import time

    from crmlab.grading.course import copy_course

    course = copy_course(courses[0], tmp_path / "c")
    sol = solution_nb(course)
    slow = solution_nb(course)  # still running when Ctrl-C comes, however fast the first two were graded
    cell(slow, "whatif").source = "import time\ntime.sleep(300)\n" + cell(slow, "whatif").source
    for s in ("b1", "b2", "b3", "b4"):
        submit(course, s, slow if s in ("b3", "b4") else sol)
    env = dict(os.environ, PATH=os.path.dirname(sys.executable) + os.pathsep + os.environ.get("PATH", ""))
    # Ctrl-C as in a terminal: a test run started in the background of a shell without job control inherits SIGINT
    # ignored, and Python would then never install its handler
    proc = subprocess.Popen([sys.executable, "-m", "crmlab.grading", "--root", str(course), "autograde", LAB,
                             "--jobs", "2", "--no-progress"], env=env, start_new_session=True,
                            preexec_fn=lambda: signal.signal(signal.SIGINT, signal.SIG_DFL),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    state = course / ".crmlab" / "autograde" / f"{LAB}.json"
    t0 = time.monotonic()
    while not state.exists() and time.monotonic() - t0 < 180:
        time.sleep(0.2)
    os.killpg(proc.pid, signal.SIGINT)  # Ctrl-C in the terminal reaches the whole process group
    out, err = proc.communicate(timeout=120)
    assert proc.returncode == 130, (out, err)
    assert "Traceback" not in err and "KeyboardInterrupt" not in err, err
    assert [ln for ln in err.splitlines() if ln.strip()] == [ln for ln in err.splitlines() if "interrupted" in ln]
    assert len([ln for ln in err.splitlines() if ln.strip()]) == 1, err
    assert sqlite3.connect(str(course / "gradebook.db")).execute("PRAGMA integrity_check").fetchone() == ("ok",)
    assert not (course / "autograded" / ".crmlab-staging").exists()
    for s in ("b3", "b4"):  # the slow two hand in again, without the wait
        submit(course, s, sol)
    report = autograde(course, LAB, jobs=2, progress=False)
    assert sorted(report.skipped + report.graded) == ["b1", "b2", "b3", "b4"] and report.skipped
    assert {"b3", "b4"} <= set(report.graded)


def test_release_has_no_solutions_or_hidden_tests():
    assert check_release(COURSE, LAB) == []
    text = (COURSE / "release" / LAB / NB).read_text()
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop", "compare_tables(overview",
                   "math.ceil(share * len(spent))"):
        assert secret not in text


@pytest.mark.slow
def test_release_is_generated_from_source(courses):
    """release/ is what `nbgrader generate_assignment` makes from source/ today, for every lab (copy_course released
    them all in one nbgrader process)."""
    fresh = courses[0]  # made by copy_course in a copy without a gradebook
    shipped = sorted(p.relative_to(COURSE) for p in (COURSE / "release").rglob("*.ipynb"))
    assert len(shipped) >= 12
    for rel in shipped:
        assert (fresh / rel).read_bytes() == (COURSE / rel).read_bytes(), rel


@pytest.mark.slow
def test_generating_an_unknown_assignment_fails_and_names_it(courses, tmp_path):
    from crmlab.grading.course import copy_course, generate_assignments

    course = copy_course(courses[0], tmp_path / "c")
    with pytest.raises(RuntimeError, match="no_such_lab"):
        generate_assignments(course, [LAB, "no_such_lab"])


def test_import_submissions(tmp_path):
    course = tmp_path / "c"
    (course / "release" / LAB).mkdir(parents=True)
    shutil.copy(COURSE / "release" / LAB / NB, course / "release" / LAB / NB)
    inbox = tmp_path / "inbox"
    (inbox / "2024002").mkdir(parents=True)
    shutil.copy(COURSE / "release" / LAB / NB, inbox / "2024001.ipynb")
    shutil.copy(COURSE / "release" / LAB / NB, inbox / "2024002" / "my work.ipynb")
    done = import_submissions(course, LAB, inbox)
    assert sorted(done) == ["2024001", "2024002"]
    for s in done:
        assert (course / "submitted" / s / LAB / NB).exists()
        assert "UTC" in (course / "submitted" / s / LAB / "timestamp.txt").read_text()
    with pytest.raises(FileExistsError):
        import_submissions(course, LAB, inbox)


@pytest.mark.slow
def test_export_csv_has_per_question_points(courses):
    _, parallel = courses
    if not (parallel / "autograded").exists():
        autograde(parallel, LAB, jobs=2, timeout=8, progress=False)
    path = export_grades(parallel, parallel / "grades.csv")
    rows = list(csv.DictReader(open(path, encoding="utf-8-sig")))
    by = {r["student_id"]: r for r in rows if r["assignment"] == LAB}  # the course may hold other labs
    assert f"{LAB}:test_overview_values" in rows[0] and f"{LAB}:reflection" in rows[0]
    assert float(by["s03"]["score"]) == 0.0
    assert float(by["s01"][f"{LAB}:test_counts"]) == 2.0
    assert float(by["s01"]["max_score"]) == 13.0


def test_cli_help():
    out = subprocess.run([sys.executable, "-m", "crmlab.grading", "--help"], capture_output=True, text=True)
    assert out.returncode == 0 and "autograde" in out.stdout
    out = subprocess.run([sys.executable, "-m", "crmlab.grading", "autograde", "--help"], capture_output=True,
                         text=True)
    assert "--jobs" in out.stdout


@pytest.mark.slow
def test_a_gradebook_busy_for_a_moment_costs_a_retry_not_a_grade(courses, tmp_path):
    """A worker whose gradebook copy is locked longer than SQLite waits (nbgrader: "error accessing the nbgrader
    database") grades that student again instead of reporting a failure."""
    import sqlite3
    import threading
    import time

    from crmlab.grading.course import copy_course

    course = copy_course(courses[0], tmp_path / "c")
    submit(course, "busy", solution_nb(course))
    work = tmp_path / "work"
    work.mkdir()
    held = []

    def hold_the_first_gradebook():
        deadline = time.monotonic() + 120
        while time.monotonic() < deadline and not held:
            for db in work.glob("crmlab-gb-*/gradebook.db"):
                con = sqlite3.connect(str(db), timeout=0, isolation_level=None)
                con.execute("BEGIN EXCLUSIVE")
                held.append(db)
                time.sleep(12)  # longer than the 5 s SQLite waits
                con.execute("ROLLBACK")
                con.close()
                break
            time.sleep(0.01)

    locker = threading.Thread(target=hold_the_first_gradebook)
    locker.start()
    report = autograde(course, LAB, jobs=1, timeout=60, progress=False, tmp_dir=work)
    locker.join()
    assert held, "the test never saw a worker's gradebook"
    assert report.graded == ["busy"] and not report.failed, report.failed
    assert sum(v or 0 for v in scores(course, ["busy"])["busy"].values()) == FULL


@pytest.mark.slow
def test_later_calls_reuse_the_workers_and_take_their_own_environment(courses, tmp_path, monkeypatch):
    """Grading workers outlive a call (no second start of Python and nbgrader), but each call's environment
    and temporary folder are the ones its grading sees, and no gradebook copy is left behind."""
    from crmlab.grading import autograde as ag
    from crmlab.grading.course import copy_course
    from crmlab.grading.shopcache import ENV

    course = copy_course(courses[0], tmp_path / "c")
    sol = solution_nb(course)
    for s in ("r1", "r2", "r3", "r4"):
        submit(course, s, sol)
    first, second = tmp_path / "cache1", tmp_path / "cache2"
    work = tmp_path / "work"
    work.mkdir()
    monkeypatch.setenv(ENV, str(first))
    a = autograde(course, LAB, jobs=2, students=["r1", "r2"], timeout=60, progress=False, tmp_dir=work)
    pids = set(ag._POOLS[2]._processes)
    monkeypatch.setenv(ENV, str(second))
    b = autograde(course, LAB, jobs=2, students=["r3", "r4"], timeout=60, progress=False, tmp_dir=work)
    assert a.graded == ["r1", "r2"] and b.graded == ["r3", "r4"] and not a.failed and not b.failed
    assert set(ag._POOLS[2]._processes) == pids and len(pids) == 2
    # the workers made r3's and r4's shops where the second call's environment said, not the first's
    assert len(list(first.glob("*.pickle"))) == 2 and len(list(second.glob("*.pickle"))) == 2
    assert list(work.iterdir()) == []  # gradebook copies and private courses removed with the call
    assert all(sum(v or 0 for v in g.values()) == FULL for g in scores(course, ["r1", "r2", "r3", "r4"]).values())


def test_a_worker_that_cannot_set_up_fails_that_student_only(tmp_path, monkeypatch):
    """A round's folders gone (a cleaner in the temporary folder): the task reports a failure with the reason,
    it does not raise out of the worker and abort the class."""
    from crmlab.grading import autograde as ag

    monkeypatch.setattr(ag, "_W", {"slot": 0})
    monkeypatch.chdir(tmp_path)  # the worker moves to the round's folder: this test process returns afterwards
    rnd = {"id": "gone", "env": dict(os.environ), "cwd": str(tmp_path), "work": str(tmp_path / "removed" / "w"),
           "db_base": str(tmp_path / "removed"), "template": str(tmp_path / "removed" / "template.db"),
           "course_root": str(tmp_path), "assignment": LAB, "overrides": {}}
    res = ag._worker_grade(rnd, "s1", str(tmp_path), str(tmp_path))
    assert res["ok"] is False and res["student"] == "s1"
    assert "could not be set up: FileNotFoundError" in res["log"] and "removed" in res["log"]
    assert "round" not in ag._W  # the next task sets up afresh


def test_a_long_temporary_folder_leaves_room_for_the_kernels_sockets(tmp_path, monkeypatch):
    import tempfile

    from crmlab.grading import nbgrader_ext

    monkeypatch.setattr("tempfile.tempdir", str(tmp_path / ("x" * 80)))
    folder = nbgrader_ext.kernel_folder()
    try:
        assert folder.parent == Path("/tmp") and len(str(folder / "run" / "kernel-99")) <= 107
    finally:
        folder.rmdir()
    short = Path(tempfile.mkdtemp(prefix="k-", dir="/tmp"))
    monkeypatch.setattr("tempfile.tempdir", str(short))
    try:
        folder = nbgrader_ext.kernel_folder()
        assert folder.parent == short and folder.stat().st_mode & 0o077 == 0
    finally:
        shutil.rmtree(short)


def test_grading_kernels_start_without_the_debugger():
    """A grading kernel is `python -m ipykernel_launcher` without debugpy (a third of its start); the command still
    starts ipykernel's application, and any other kernel's command is left as it is."""
    from crmlab.grading.nbgrader_ext import _without_debugger

    cmd = _without_debugger([sys.executable, "-m", "ipykernel_launcher", "-f", "kernel.json"])
    assert cmd[1] == "-c" and cmd[3:] == ["-f", "kernel.json"]
    # what ipykernel decides when it makes the kernel: no debugger, and debugpy never imported
    probe = cmd[2].replace("kernelapp.launch_new_instance()", "from ipykernel import debugger; print("
                           "debugger._is_debugpy_available, [m for m in sys.modules if m.startswith('_pydevd')])")
    out = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "False []"
    version = subprocess.run(cmd[:3] + ["--version"], capture_output=True, text=True, timeout=60)
    assert version.returncode == 0 and version.stdout.strip()[:1].isdigit(), version
    other = ["R", "--slave", "-e", "IRkernel::main()", "{connection_file}"]
    assert _without_debugger(other) == other
