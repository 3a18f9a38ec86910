"""Labs L9 (RFM and retention), L10 (KPI dashboard) and the auto-graded exam practice
(paper B, X_exam_practice): releases are clean, the solution
earns every autograded point, the untouched release earns none, and partly wrong
submissions earn exactly the expected partial score.

L9's retention list is scored against the shop's hidden truth: a list of the
longest-silent customers (the recency baseline) must lose those points.

The checks run in the grader (assignments/checks/<lab>.py), so hostile notebooks that
beat the old in-kernel tests score exactly what their honest work deserves: a
compare_tables/compare_values patched to a no-op, the student's own copy of a lab
constant (N_TARGET, TARGETS), and str subclasses whose == always says True.
"""

from __future__ import annotations

import pytest
from support.grading import auto_scores as _scores
from support.grading import autograded_total, checks_problems, release_of, release_problems, solution_of
from support.grading import replace_in_cell as _replace
from support.grading import scratch_course as _course
from support.grading import submit_lab as _submit

pytestmark = pytest.mark.slow

L9, L10, EXAM = "L9_rfm_retention", "L10_kpi_dashboard", "X_exam_practice"
FULL = {L9: 12.0, L10: 10.0, EXAM: 21.0}


_solution, _release = solution_of, release_of


def _total(per_cell, manual=("plan", "kpi_plan")):
    return autograded_total(per_cell, manual)


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
                                                     'period="Q", targets=TARGETS)', 'period="Q")'))
    # exam: solution; untouched; three wrong letters and a growth rate without the "- 1" (17 of 21)
    _submit(course, EXAM, "sol", _solution(course, EXAM))
    _submit(course, EXAM, "untouched", _release(course, EXAM))
    nb = _solution(course, EXAM)
    for gid, old, new in [("b1", '"A"', '"B"'), ("b9", '"A"', '"b"'), ("b20", '"B"', '"D"')]:
        _replace(nb, gid, old, new)
    _submit(course, EXAM, "partial", _replace(nb, "b17", '/ monthly[pd.Period("2024-11", "M")] - 1',
                                               '/ monthly[pd.Period("2024-11", "M")]'))
    _hostile(course)
    for lab in (L9, L10, EXAM):
        report = autograde(course, lab, jobs=2, timeout=120, progress=False)
        assert not report.failed, report.failed
    return course, {lab: _scores(course, lab) for lab in (L9, L10, EXAM)}


# str subclass that says it equals anything (and keeps saying so after .strip().upper())
ALWAYS_EQUAL = """
class _AlwaysEqual(str):
    def __eq__(self, other):
        return True

    def __ne__(self, other):
        return False

    __hash__ = str.__hash__

    def strip(self, *args):
        return self

    def upper(self):
        return self
"""


def _hostile(course):
    """Notebooks that forge grades against in-kernel tests; each keeps some honest work."""
    # L9: compare_tables patched to a no-op with a wrong rfm (monetary doubled: scores, segments,
    # shares and the list do not change), and the student's own N_TARGET = 299 (a list of 299)
    nb = _replace(_solution(course, L9), "rfm", "rfm = rfm_summary(shop.orders, as_of=END)",
                  'rfm = rfm_summary(shop.orders, as_of=END)\n'
                  'import crmlab.exercises\n'
                  'crmlab.exercises.compare_tables = lambda *args, **kwargs: None\n'
                  'rfm = rfm.assign(monetary=rfm["monetary"] * 2)')
    nb = _replace(nb, "targets", "at_risk = ", "N_TARGET = 299\nat_risk = ")
    _submit(course, L9, "hostile", nb)
    # L10: compare_values patched with the repurchase rate of all orders; the dashboard with the default
    # targets and TARGETS emptied to match; a flag that always says "on_track" in a str that equals anything
    nb = _replace(_solution(course, L10), "my_kpis", "po = paid.assign(",
                  "import crmlab.exercises\ncrmlab.exercises.compare_values = lambda *args, **kwargs: None\n"
                  "po = shop.orders.assign(")
    nb = _replace(nb, "dashboard", 'period="Q", targets=TARGETS)', 'period="Q")\nTARGETS = {}')
    nb = _replace(nb, "flag", "def flag(value, target, direction, tolerance=0.1):",
                  ALWAYS_EQUAL + '\n\ndef flag(value, target, direction, tolerance=0.1):\n'
                  '    return _AlwaysEqual("on_track")\n\n\ndef _flag(value, target, direction, tolerance=0.1):')
    _submit(course, L10, "hostile", nb)
    # exam: every letter "A" in a str that equals anything (10 of the 16 keys are "A"), and
    # compare_values patched with the growth rate without the "- 1"
    nb = _replace(_solution(course, EXAM), "b1", 'b1 = "A"', ALWAYS_EQUAL + '\nb1 = _AlwaysEqual("A")')
    for q in CHOICES[1:]:
        cell_src = next(c.source for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == q)
        old = next(line for line in cell_src.splitlines() if line.startswith(f"{q} = "))
        _replace(nb, q, old, f'{q} = _AlwaysEqual("A")')
    _submit(course, EXAM, "hostile", _replace(nb, "b17", '/ monthly[pd.Period("2024-11", "M")] - 1',
                                               '/ monthly[pd.Period("2024-11", "M")]\n'
                                               'import crmlab.exercises\n'
                                               'crmlab.exercises.compare_values = lambda *args, **kwargs: None'))


CHOICES = ["b1", "b2", "b3", "b5", "b6", "b7", "b8", "b9", "b10", "b11", "b13", "b15", "b16", "b18", "b19", "b20"]


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_checks_replace_the_hidden_tests(lab):
    assert checks_problems(lab) == []


@pytest.mark.parametrize("lab", [L9, L10, EXAM])
def test_release_is_clean(lab):
    assert release_problems(lab, secrets=("churned", "kpi_status")) == []


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


def test_hostile_notebooks_score_their_honest_work(graded):
    _, sc = graded
    l9 = sc[L9]["hostile"]
    assert {k for k, v in l9.items() if v == 0 and k != "plan"} == {"test_rfm", "test_targets_format"}
    assert l9["test_targets_quality"] == 3.0  # 299 well-chosen customers still beat both baselines
    assert _total(l9) == FULL[L9] - 2 - 1
    l10 = sc[L10]["hostile"]
    assert {k for k, v in l10.items() if v == 0 and k != "kpi_plan"} == {
        "test_my_kpis_repurchase", "test_dashboard", "test_worst3", "test_flag"}
    assert _total(l10) == FULL[L10] - 1 - 2 - 2 - 2
    exam = sc[EXAM]["hostile"]
    wrong = {f"test_{q}" for q in CHOICES if q not in ("b1", "b2", "b6", "b7", "b8", "b9", "b11", "b13", "b15", "b18")}
    assert {k for k, v in exam.items() if v == 0} == wrong | {"test_b17"}
    assert _total(exam) == FULL[EXAM] - 6 - 1
