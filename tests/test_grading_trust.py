"""Can the grades of lab L1 be trusted? One class, graded once with ``crmlab grade autograde``.

Each student below is a scenario with an exactly known autograded score (10 points
in all): the solution, the untouched release, a partly wrong answer, and hostile
submissions. All are graded in the same parallel run, so the test also shows that
one student's crash, loop or broken file does not touch the others' grades.
"""

from __future__ import annotations

import json

import nbformat
import pytest
from test_grading_support import (FULL, LAB, NB, cell, code_total, make_course, release_nb, scores,
                                  solution_nb, steal_solution_source, submit)

pytestmark = pytest.mark.slow

PARTIAL_SALES = 'paid_sales = float(shop.orders["amount"].sum())  # wrong: includes cancelled orders'


def _partly_wrong(nb):
    c = cell(nb, "counts")
    c.source = c.source.replace('paid_sales = float(paid["amount"].sum())', PARTIAL_SALES)
    assert PARTIAL_SALES in c.source
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    import crmlab
    from crmlab.exercises.ch01 import customer_overview  # noqa: F401 - warm import for the copied answers
    from crmlab.grading.autograde import autograde

    course = make_course(tmp_path_factory.mktemp("trust") / "course")
    sol = solution_nb(course)

    submit(course, "sol_a", sol)
    submit(course, "sol_b", sol)
    submit(course, "untouched", release_nb(course))
    submit(course, "partial", _partly_wrong(solution_nb(course)))

    # tests edited to `pass` on top of a partly wrong answer: nbgrader restores the tests
    nb = _partly_wrong(solution_nb(course))
    for c in nb.cells:
        if c.metadata.get("nbgrader", {}).get("grade") and c.cell_type == "code":
            c.source = "pass"
    submit(course, "edited_tests", nb)

    # a deleted test cell (put back and run) and a deleted answer cell (scores zero)
    nb = solution_nb(course)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "test_overview_values"]
    submit(course, "deleted_test", nb)
    nb = solution_nb(course)
    nb.cells = [c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") != "top_share"]
    submit(course, "deleted_answer", nb)

    # looks for the solution notebook and the gradebook from the grading folder
    nb = release_nb(course)
    for gid in ("counts", "overview", "whatif"):
        cell(nb, gid).source = steal_solution_source()
    submit(course, "thief", nb)

    # an infinite loop in task 3 (interrupted by the cell time-out)
    nb = solution_nb(course)
    cell(nb, "top_share").source = "while True:\n    pass\n" + cell(nb, "top_share").source
    submit(course, "loop", nb)

    # the kernel dies in task 3
    nb = solution_nb(course)
    cell(nb, "top_share").source = "import os\nos._exit(1)\n" + cell(nb, "top_share").source
    submit(course, "crash", nb)

    # not a notebook at all
    submit(course, "broken", raw='{"cells": [ this is not JSON')

    # copies classmate sol_a's work: the answers are computed on sol_a's shop
    nb = solution_nb(course)
    first = next(c for c in nb.cells if c.cell_type == "code")
    first.source = first.source + '\nshop = crmlab.simulate(500, seed=crmlab.student_seed("sol_a"))'
    submit(course, "copier", nb)

    report = autograde(course, LAB, jobs=2, timeout=8, notebook_timeout=120, progress=False)
    print(report.summary())
    return course, report, scores(course)


def test_solution_gets_full_marks(graded):
    _, report, sc = graded
    for s in ("sol_a", "sol_b"):
        assert code_total(sc[s]) == FULL, sc[s]
        assert sc[s]["reflection"] is None  # left for the human grader


def test_students_are_graded_on_their_own_shop(graded):
    import crmlab

    course, _, _ = graded
    for s in ("sol_a", "sol_b"):
        nb = nbformat.read(str(course / "autograded" / s / LAB / NB), as_version=4)
        first = next(c for c in nb.cells if c.cell_type == "code")
        text = json.dumps(first.outputs)
        assert f"seed={crmlab.student_seed(s)}" in text


def test_untouched_release_scores_zero(graded):
    _, report, sc = graded
    assert "untouched" in report.graded
    assert code_total(sc["untouched"]) == 0.0


def test_partly_wrong_gets_exact_partial_score(graded):
    _, _, sc = graded
    assert sc["partial"]["test_counts"] == 0.0
    assert code_total(sc["partial"]) == FULL - 2


def test_tests_edited_to_pass_are_restored(graded):
    course, _, sc = graded
    assert sc["edited_tests"] == sc["partial"]
    nb = nbformat.read(str(course / "autograded" / "edited_tests" / LAB / NB), as_version=4)
    assert "compare_values(paid_sales" in cell(nb, "test_counts").source  # hidden tests were run


def test_deleted_cells(graded):
    _, _, sc = graded
    assert sc["deleted_test"]["test_overview_values"] == 3.0  # put back, run, passes
    assert code_total(sc["deleted_test"]) == FULL
    assert sc["deleted_answer"]["test_top_share"] == 0.0
    assert code_total(sc["deleted_answer"]) == FULL - 2


def test_grading_files_are_out_of_reach(graded):
    course, _, sc = graded
    assert code_total(sc["thief"]) == 0.0
    nb = nbformat.read(str(course / "autograded" / "thief" / LAB / NB), as_version=4)
    out = json.dumps(cell(nb, "counts").outputs)
    assert "found: []" in out and "hidden tests leaked" not in out


def test_infinite_loop_times_out_and_is_graded(graded):
    _, report, sc = graded
    assert "loop" in report.graded
    assert sc["loop"]["test_top_share"] == 0.0
    assert code_total(sc["loop"]) == FULL - 2


def test_kernel_crash_is_graded(graded):
    course, report, sc = graded
    assert "crash" in report.graded
    # tasks 1-2 ran before the crash (6 points); everything after it fails
    assert sc["crash"] == {"test_counts": 2.0, "test_overview_shape": 1.0, "test_overview_values": 3.0,
                           "test_top_share": 0.0, "test_whatif": 0.0, "reflection": None}
    nb = nbformat.read(str(course / "autograded" / "crash" / LAB / NB), as_version=4)
    assert "DeadKernelError" in json.dumps(cell(nb, "top_share").outputs)


def test_invalid_notebook_is_reported_and_skipped(graded):
    course, report, sc = graded
    assert "broken" in report.invalid
    assert "broken" not in sc and "broken" not in report.graded
    assert not (course / "autograded" / "broken").exists()


def test_copied_answers_fail_on_own_data(graded):
    _, _, sc = graded
    # the copier's numbers are sol_a's: only shape checks and the generic function pass
    assert sc["copier"]["test_counts"] == 0.0
    assert sc["copier"]["test_overview_values"] == 0.0
    assert sc["copier"]["test_whatif"] == 0.0
    assert code_total(sc["copier"]) == 3.0


def test_nobody_is_lost(graded):
    _, report, sc = graded
    expected = {"sol_a", "sol_b", "untouched", "partial", "edited_tests", "deleted_test", "deleted_answer", "thief",
                "loop", "crash", "copier"}
    assert set(report.graded) == expected
    assert set(sc) == expected
    assert not report.failed
