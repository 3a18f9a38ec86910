"""Can the grades be trusted? Lab L1 graded in a course (with a secret) by hostile students.

Every attack a student who knows some Python tried is a submission here, next to an
honest *twin* that holds the same genuine work without the trick. Both are graded by
the real pipeline (``crmlab grade autograde`` over nbgrader, sandboxed kernels, trusted
checks) and must score exactly the same. A second grading run of a vandal checks that
classmates' files and the gradebook are untouched apart from the rows grading writes.
"""

from __future__ import annotations

import json
import sqlite3
import time

import nbformat
import pytest
from support.grading import (FULL, LAB, NB, cell, code_total, gradebook_rows, make_course, release_nb, scores,
                                  solution_nb, submit)

from crmlab.grading.sandbox import check_sandbox

pytestmark = [pytest.mark.slow,
              pytest.mark.skipif(check_sandbox() is not None, reason=f"no sandbox here: {check_sandbox()}")]

PARTIAL_SALES = 'paid_sales = float(shop.orders["amount"].sum())  # wrong: includes cancelled orders'
HOSTILE_PRELUDE = "import os, crmlab\n"


def _partly_wrong(nb):
    c = cell(nb, "counts")
    c.source = c.source.replace('paid_sales = float(paid["amount"].sum())', PARTIAL_SALES)
    assert PARTIAL_SALES in c.source
    return nb


def _typed_counts(nb, numbers, prefix=""):
    """Task 1 answered with typed-in numbers (e.g. a classmate's)."""
    c = cell(nb, "counts")
    c.source = (prefix + "paid = shop.orders[shop.orders['payment_status'] == 'paid']\n"
                f"n_customers = {numbers[0]!r}\nn_paid_orders = {numbers[1]!r}\npaid_sales = {numbers[2]!r}\n")
    return nb


def _first_code(nb):
    return next(c for c in nb.cells if c.cell_type == "code")


def _prepend_first(nb, code):
    first = _first_code(nb)
    first.source = code + "\n" + first.source
    return nb


def _append_first(nb, code):
    first = _first_code(nb)
    first.source = first.source + "\n" + code
    return nb


def _file_bytes(folder):
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from crmlab.grading.autograde import autograde
    from crmlab.grading.coursedata import ShopKey, course_secret, student_shop

    course = make_course(tmp_path_factory.mktemp("trust") / "course")
    course_secret(course, create=True)
    theirs = student_shop(course, "sol_a", ShopKey("classroom"))
    paid = theirs.orders[theirs.orders["payment_status"] == "paid"]
    classmate = (len(theirs.customers), len(paid), float(paid["amount"].sum()))

    sub = {}
    sub["sol_a"] = sub["sol_b"] = solution_nb(course)
    sub["untouched"] = release_nb(course)
    sub["partial"] = _partly_wrong(solution_nb(course))

    # 1-2. a classmate's numbers typed in, with or without tricks on the environment
    sub["typed_classmate"] = _typed_counts(solution_nb(course), classmate)
    sub["env_classmate"] = _typed_counts(solution_nb(course), classmate, prefix=(
        HOSTILE_PRELUDE + 'os.environ["CRMLAB_STUDENT_ID"] = "sol_a"\nos.environ.pop("NBGRADER_EXECUTION", None)\n'
        'os.environ["CRMLAB_GRADING"] = "0"\ncrmlab.session.reset()\n'))
    # 3. the checking functions replaced by no-ops, on a partly wrong notebook
    sub["noop_checks"] = _prepend_first(_partly_wrong(solution_nb(course)), HOSTILE_PRELUDE +
                                        "import crmlab.exercises as _ex\n"
                                        "_ex.compare_values = _ex.compare_tables = lambda *a, **k: None\n"
                                        "import crmlab.exercises._compare as _cmp\n"
                                        "_cmp.compare_values = _cmp.compare_tables = lambda *a, **k: None")
    # 4. answers that claim to equal anything
    wrong = (1, 2, 3.0)
    sub["typed_wrong"] = _typed_counts(solution_nb(course), wrong)
    sub["always_equal"] = _typed_counts(solution_nb(course), wrong, prefix=(
        "class _S(float):\n    __eq__ = lambda self, other: True\n    __hash__ = float.__hash__\n"
        "class _I(int):\n    __eq__ = lambda self, other: True\n    __hash__ = int.__hash__\n"))
    c = cell(sub["always_equal"], "counts")
    c.source += "n_customers, n_paid_orders, paid_sales = _I(1), _I(2), _S(3.0)\n"
    # 5. every later cell (hidden tests included, before) made to run empty; errors swallowed
    sub["blank_cells"] = _prepend_first(release_nb(course), "get_ipython().input_transformers_cleanup.append("
                                                            "lambda lines: [])")
    sub["swallow_errors"] = _prepend_first(release_nb(course), "get_ipython().set_custom_exc((BaseException,), "
                                                               "lambda *a, **k: None)")
    # 6. the hidden truth and the grader's files looked for from the kernel
    real = str(course)
    sub["thief"] = _append_first(release_nb(course), HOSTILE_PRELUDE + f'''import sys
_found, _wanted = [], ("gradebook.db", "course_secret", "L1_explore_shop.py", "roster.csv")
_skip = ("/proc", "/sys", "/dev", "/usr", sys.base_prefix, sys.prefix)
for _p in os.listdir("/proc"):  # the grader's processes and their folders
    if _p.isdigit():
        try:
            _found.append(("cwd", os.readlink(f"/proc/{{_p}}/cwd")))
        except OSError:
            pass
for _top, _dirs, _files in os.walk("/"):
    if _top.startswith(_skip) and _top != "/":
        _dirs[:] = []
        continue
    _found += [os.path.join(_top, f) for f in _files if f in _wanted or f.endswith(".db")]
    _found += [_top for d in _dirs if d in ("source", "checks", "submitted", "autograded")]
_found += [p for p in ({real!r}, {real + "/gradebook.db"!r}, {real + "/.crmlab/course_secret"!r}) if os.path.exists(p)]
_found = [f for f in _found if not (f[0] == "cwd" and (f[1] == "/" or f[1].startswith("/home/student")))]
print("found:", _found)
print("truth rows:", len(shop.truth), "seed:", shop.meta.get("seed"))''')
    # 7. a copied notebook that rebuilds a classmate's self-study shop
    sub["copier"] = _prepend_first(solution_nb(course), "")
    first = _first_code(sub["copier"])
    first.source += '\nshop = crmlab.simulate(500, random_state=crmlab.student_seed("sol_a"))'
    # 8. edited grading metadata
    nb = solution_nb(course)
    cell(nb, "test_counts").metadata.nbgrader["grade"] = False
    sub["meta_grade_false"] = nb
    nb = solution_nb(course)
    cell(nb, "test_overview_values").metadata.nbgrader["grade_id"] = "renamed_test"
    cell(nb, "overview").metadata.nbgrader["grade_id"] = "renamed_answer"
    cell(nb, "test_whatif").metadata.nbgrader["points"] = 100
    sub["meta_renamed"] = nb
    nb = solution_nb(course)
    del cell(nb, "test_top_share").metadata["nbgrader"]
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") not in ("test_counts",
                                                                                               "test_whatif")]
    sub["meta_removed"] = nb
    # 9. a kernel crash, an endless loop and a file that is not a notebook
    nb = solution_nb(course)
    cell(nb, "top_share").source = "while True:\n    pass\n" + cell(nb, "top_share").source
    sub["loop"] = nb
    nb = solution_nb(course)
    cell(nb, "top_share").source = "import os\nos._exit(1)\n" + cell(nb, "top_share").source
    sub["crash"] = nb
    for student, nb in sub.items():
        submit(course, student, nb)
    submit(course, "broken", raw='{"cells": [ this is not JSON')

    report = autograde(course, LAB, jobs=2, timeout=10, notebook_timeout=120, progress=False)
    print(report.summary())

    # 10. a vandal, graded on its own afterwards: writes to a classmate's submission and,
    # from a detached process, into the real gradebook once grading is over
    victim = course / "submitted" / "sol_b" / LAB / NB
    gradebook = course / "gradebook.db"
    nb = release_nb(course)
    _prepend_first(nb, HOSTILE_PRELUDE + f'''import subprocess, sys
for _target in ({str(victim)!r}, {str(course / "autograded" / "sol_b" / LAB / NB)!r}):
    try:
        open(_target, "w").write("{{}}")
        print("OVERWROTE", _target)
    except OSError as exc:
        print("refused", type(exc).__name__)
subprocess.Popen([sys.executable, "-c", "import sqlite3, time; time.sleep(3); "
                  "c = sqlite3.connect({str(gradebook)!r}); c.execute('UPDATE grade SET manual_score = 99'); "
                  "c.commit(); open('/tmp/vandal-done', 'w').write('x')"],
                 start_new_session=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)''')
    submit(course, "vandal", nb)
    before_rows = [r for r in gradebook_rows(course) if r[1] != "vandal"]
    before_files = {s: _file_bytes(course / d / s) for d in ("submitted", "autograded")
                    for s in ("sol_a", "sol_b", "partial")}
    vandal_report = autograde(course, LAB, jobs=1, students=["vandal"], timeout=10, progress=False)
    time.sleep(5)  # the detached process would have written by now
    after = {"rows": [r for r in gradebook_rows(course) if r[1] != "vandal"],
             "files": {s: _file_bytes(course / d / s) for d in ("submitted", "autograded")
                       for s in ("sol_a", "sol_b", "partial")},
             "before_rows": before_rows, "before_files": before_files, "report": vandal_report}
    return course, report, scores(course), after


def _same(sc, a, b):
    assert sc[a] == sc[b], (a, sc[a], b, sc[b])


def test_solution_full_release_zero_partial_exact(graded):
    _, report, sc, _ = graded
    for s in ("sol_a", "sol_b"):
        assert code_total(sc[s]) == FULL, sc[s]
        assert sc[s]["reflection"] is None  # left for the human grader
    assert code_total(sc["untouched"]) == 0.0
    assert sc["partial"]["test_counts"] == 0.0 and code_total(sc["partial"]) == FULL - 2


def test_classmates_numbers_score_as_typed_numbers_whatever_the_environment(graded):
    _, _, sc, _ = graded
    assert sc["typed_classmate"]["test_counts"] == 0.0
    _same(sc, "env_classmate", "typed_classmate")


def test_replacing_the_checking_functions_changes_nothing(graded):
    _, _, sc, _ = graded
    _same(sc, "noop_checks", "partial")


def test_answers_that_equal_anything_are_plain_numbers_at_the_grader(graded):
    _, _, sc, _ = graded
    assert sc["typed_wrong"]["test_counts"] == 0.0
    _same(sc, "always_equal", "typed_wrong")


def test_emptied_cells_and_swallowed_errors_score_nothing(graded):
    _, _, sc, _ = graded
    _same(sc, "blank_cells", "untouched")
    _same(sc, "swallow_errors", "untouched")


def test_grading_files_truth_and_secret_are_out_of_reach(graded):
    course, _, sc, _ = graded
    _same(sc, "thief", "untouched")
    nb = nbformat.read(str(course / "autograded" / "thief" / LAB / NB), as_version=4)
    out = json.dumps(_first_code(nb).outputs, ensure_ascii=False)
    assert "found: []" in out, out[:2000]
    assert "truth rows: 0 seed: None" in out


def test_a_rebuilt_classmate_shop_gives_wrong_numbers(graded):
    _, _, sc, _ = graded
    assert sc["copier"]["test_counts"] == 0.0 and sc["copier"]["test_overview_values"] == 0.0
    assert code_total(sc["copier"]) < FULL / 2


def test_edited_metadata_is_graded_against_the_instructors_cells(graded):
    _, report, sc, _ = graded
    for s in ("meta_grade_false", "meta_renamed", "meta_removed"):
        assert s in report.graded
        assert code_total(sc[s]) == FULL, (s, sc[s])
        assert sc[s]["test_whatif"] == 2.0  # the points come from the gradebook, not the notebook
    notes = report.tampered
    assert any("test_counts" in n and "grade" in n for n in notes["meta_grade_false"])
    assert any("renamed_test" in n or "test_overview_values" in n for n in notes["meta_renamed"])
    assert any("test_top_share" in n for n in notes["meta_removed"])
    assert "tampered meta_renamed" in report.summary()
    assert "sol_a" not in notes


def test_loop_crash_and_broken_files_are_graded_or_reported(graded):
    course, report, sc, _ = graded
    assert sc["loop"]["test_top_share"] == 0.0 and code_total(sc["loop"]) == FULL - 2
    assert sc["crash"] == {"test_counts": 2.0, "test_overview_shape": 1.0, "test_overview_values": 3.0,
                           "test_top_share": 0.0, "test_whatif": 0.0, "reflection": None}
    assert "broken" in report.invalid and "broken" not in sc
    assert not report.failed


def test_a_vandal_changes_nothing_of_anybody_else(graded):
    course, _, sc, after = graded
    assert after["report"].graded == ["vandal"]
    assert after["rows"] == after["before_rows"]
    assert after["files"] == after["before_files"]
    with sqlite3.connect(str(course / "gradebook.db")) as con:
        assert con.execute("SELECT COUNT(*) FROM grade WHERE manual_score IS NOT NULL").fetchone()[0] == 0
    assert code_total(sc["vandal"]) == 0.0
    nb = nbformat.read(str(course / "autograded" / "vandal" / LAB / NB), as_version=4)
    out = json.dumps(_first_code(nb).outputs)
    assert "OVERWROTE" not in out and "refused" in out


def test_feedback_shows_verdicts_not_checks(graded):
    from crmlab.grading.course import feedback

    course, _, _, _ = graded
    feedback(course, LAB, student="partial")
    html = next((course / "feedback" / "partial" / LAB).glob("*.html")).read_text()
    assert "paid_sales" in html and "score" in html
    for secret in ("_crmlab_handoff", "ctx.shop", "LabChecks", "compare_values(", "application/vnd.crmlab.answer"):
        assert secret not in html
