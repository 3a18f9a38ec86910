"""Labs L9 (RFM and retention), L10 (KPI dashboard) and the auto-graded exam practice
(paper B, X_exam_practice): releases are clean, the solution
earns every autograded point, the untouched release earns none, and partly wrong
submissions earn exactly the expected partial score.

L9's retention list is scored against the shop's hidden truth: a list of the
longest-silent customers (the recency baseline) must lose those points.
"""

from __future__ import annotations

import nbformat
import pytest
from test_grading_support import COURSE
from test_grading_support import auto_scores as _scores
from test_grading_support import replace_in_cell as _replace
from test_grading_support import scratch_course as _course
from test_grading_support import submit_lab as _submit

from crmlab.grading.course import check_labs, check_release, solution_submission

pytestmark = pytest.mark.slow

L9, L10, EXAM = "L9_rfm_retention", "L10_kpi_dashboard", "X_exam_practice"
FULL = {L9: 12.0, L10: 10.0, EXAM: 21.0}


def _solution(course, lab):
    tmp = course / "_solution" / lab
    if not tmp.exists():
        solution_submission(course, lab, tmp)
    return nbformat.read(str(tmp / f"{lab}.ipynb"), as_version=4)


def _release(course, lab):
    return nbformat.read(str(course / "release" / lab / f"{lab}.ipynb"), as_version=4)


def _total(per_cell, manual=("plan", "kpi_plan")):
    return sum(v or 0.0 for k, v in per_cell.items() if k not in manual)


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    from crmlab.grading.autograde import autograde

    course = _course(tmp_path_factory.mktemp("labs9") / "course", [L9, L10, EXAM])
    # L9: solution; untouched; the recency baseline as the retention list (loses the truth check, 3 points);
    # segment counts of the threshold rule (loses task 3, 2 points)
    _submit(course, L9, "sol", _solution(course, L9))
    _submit(course, L9, "untouched", _release(course, L9))
    nb = _replace(_solution(course, L9), "targets",
                  'at_risk = segments[segments["segment_code"].isin(["important_retention", "important_winback"])]\n'
                  'targets = at_risk.sort_values("monetary", ascending=False).index[:N_TARGET].tolist()',
                  'targets = rfm.sort_values("recency", ascending=False).index[:N_TARGET].tolist()')
    _submit(course, L9, "recency", nb)
    nb = _replace(_solution(course, L9), "segments", "segments = rfm_segments(scores)",
                  'segments = rfm_segments(scores)\n'
                  'segment_counts_wrong = rfm_segments(scores, method="threshold")')
    nb = _replace(nb, "segments", 'segment_counts = segments["segment_code"].value_counts()',
                  'segment_counts = segment_counts_wrong["segment_code"].value_counts()')
    _submit(course, L9, "threshold", nb)
    # L10: solution; untouched; repurchase rate over all orders, paid or not (loses 1 point);
    # the dashboard with the default targets (loses the dashboard and worst-3 tests, 4 points)
    _submit(course, L10, "sol", _solution(course, L10))
    _submit(course, L10, "untouched", _release(course, L10))
    _submit(course, L10, "unpaid", _replace(_solution(course, L10), "my_kpis", "po = paid.assign(",
                                            "po = shop.orders.assign("))
    _submit(course, L10, "default_targets", _replace(_solution(course, L10), "dashboard",
                                                     'kpi_table(shop, period="Q", targets=TARGETS)',
                                                     'kpi_table(shop, period="Q")'))
    # exam: solution; untouched; three wrong letters and a growth rate without the "- 1" (17 of 21)
    _submit(course, EXAM, "sol", _solution(course, EXAM))
    _submit(course, EXAM, "untouched", _release(course, EXAM))
    nb = _solution(course, EXAM)
    for gid, old, new in [("b1", '"A"', '"B"'), ("b9", '"A"', '"b"'), ("b20", '"B"', '"D"')]:
        _replace(nb, gid, old, new)
    _submit(course, EXAM, "partial", _replace(nb, "b17", '/ monthly[pd.Period("2024-11", "M")] - 1',
                                               '/ monthly[pd.Period("2024-11", "M")]'))
    for lab in (L9, L10, EXAM):
        report = autograde(course, lab, jobs=2, timeout=120, progress=False)
        assert not report.failed, report.failed
    return course, {lab: _scores(course, lab) for lab in (L9, L10, EXAM)}


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_release_is_clean_and_in_sync(lab):
    assert check_release(COURSE, lab) == []
    assert check_labs(COURSE, lab) == []
    text = (COURSE / "release" / lab / f"{lab}.ipynb").read_text()
    for secret in ("BEGIN SOLUTION", "HIDDEN TESTS", "MARK SCHEME", "graded_shop", "churned", "kpi_status"):
        assert secret not in text, secret


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_solution_full_marks_release_zero(graded, lab):
    _, sc = graded
    assert _total(sc[lab]["sol"]) == FULL[lab]
    assert _total(sc[lab]["untouched"]) == 0.0


def test_l9_retention_list_is_checked_against_the_truth(graded):
    _, sc = graded
    rec = sc[L9]["recency"]
    assert rec["test_targets_quality"] == 0.0 and rec["test_targets_format"] == 1.0
    assert _total(rec) == FULL[L9] - 3
    thr = sc[L9]["threshold"]
    assert thr["test_segments"] == 0.0 and _total(thr) == FULL[L9] - 2


def test_l10_partial_scores(graded):
    _, sc = graded
    unpaid = sc[L10]["unpaid"]
    assert unpaid["test_my_kpis_repurchase"] == 0.0 and _total(unpaid) == FULL[L10] - 1
    dflt = sc[L10]["default_targets"]
    assert dflt["test_dashboard"] == 0.0 and dflt["test_worst3"] == 0.0 and _total(dflt) == FULL[L10] - 4


def test_exam_partial_score(graded):
    _, sc = graded
    part = sc[EXAM]["partial"]
    assert {k for k, v in part.items() if v == 0} == {"test_b1", "test_b9", "test_b20", "test_b17"}
    assert _total(part) == FULL[EXAM] - 4
