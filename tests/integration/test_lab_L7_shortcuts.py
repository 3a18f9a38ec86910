"""L7's roster can't be passed by a shortcut (issue 17): on five students' shops, the obvious rosters (the same
staff all day sized to the average hour, sized to the peak hour, or only office hours staffed) lose points, while
the reasoned roster (shifts that cover each hour's need at the lowest cost) gets them all. The checks run without
a kernel, on the answers as the grader receives them."""

from __future__ import annotations

import math
from pathlib import Path

import pytest
from support.checks import check_context, run_on_answers

from crmlab.grading.trusted import load_lab_checks

COURSE = Path(__file__).resolve().parents[2] / "assignments"
LAB = "L7_staffing"
STUDENTS = ["2024001", "2024002", "2024003", "2024004", "2024005"]
ROSTER_TESTS = ("test_shifts_service", "test_shifts_cost")


@pytest.fixture(scope="module")
def lab():
    return load_lab_checks(COURSE, LAB)


@pytest.fixture(scope="module", params=STUDENTS)
def reasoned(request, lab):
    ctx = check_context(lab, request.param)
    return ctx, lab.reference_answers(ctx)


def _score(lab, ctx, ref, shifts) -> float:
    answers = {"shifts": shifts, "forecast": ref["forecast"], "aht": ref["aht"]}
    return sum(run_on_answers(lab, gid, ctx, answers, 2.0).score for gid in ROSTER_TESTS)


def _shortcuts(need) -> dict:
    mean, peak = math.ceil(sum(need) / 24), max(need)
    return {"flat_average": {0: mean, 8: mean, 16: mean},
            "flat_peak": {0: peak, 8: peak, 16: peak},
            "office_hours_at_peak": {9: peak}}


def test_the_reasoned_roster_gets_every_point(lab, reasoned):
    ctx, ref = reasoned
    assert _score(lab, ctx, ref, ref["shifts"]) == 4.0


@pytest.mark.parametrize("shortcut", ["flat_average", "flat_peak", "office_hours_at_peak"])
def test_a_shortcut_roster_loses_points(lab, reasoned, shortcut):
    ctx, ref = reasoned
    assert _score(lab, ctx, ref, _shortcuts(ref["min_agents"])[shortcut]) <= 2.0, shortcut
