"""L9's retention list can't be passed by a shortcut.

The list is scored against who really churned in the student's shop. On five student
shops, the lists a student gets without thinking (one RFM column alone, the most
recent buyers, a random pick, the model answer built on reversed R scores) all lose the
task's points, while the model answer and other reasoned lists (low R score with high
spend or frequency, a rank product of recency and spend) earn them.
"""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest
from support.checks import check_context, run_on_answers

from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
from crmlab.grading.trusted import load_lab_checks

COURSE = Path(__file__).resolve().parents[2] / "assignments"  # not support.grading: it imports nbformat (seconds)

LAB = "L9_rfm_retention"
STUDENTS = ["2024001", "2024002", "2024003", "2024004", "2024005"]
AT_RISK = ["important_retention", "important_winback"]
N_TARGET = 300  # the lab's list size


@pytest.fixture(scope="module")
def lab():
    return load_lab_checks(COURSE, LAB)


@pytest.fixture(scope="module", params=STUDENTS)
def ctx(request, lab):
    return check_context(lab, request.param)


def _score(lab, ctx, targets):
    return run_on_answers(lab, "test_targets_quality", ctx, {"targets": [int(t) for t in targets]}, 4.0)


def _lists(ctx):
    r = rfm_summary(ctx.shop.orders, as_of=ctx.shop.meta["end"])
    scores = rfm_scores(r)
    segments = rfm_segments(scores)
    reversed_r = rfm_segments(scores.assign(r_score=6 - scores["r_score"]))
    top = lambda frame, col, asc=False: frame.sort_values(col, ascending=asc).index[:N_TARGET].tolist()  # noqa: E731
    shortcuts = {
        "longest_silent": top(r, "recency"),
        "biggest_spenders": top(r, "monetary"),
        "most_frequent": top(r, "frequency"),
        "most_recent": top(r, "recency", asc=True),
        "random": np.random.default_rng(0).choice(r.index, N_TARGET, replace=False).tolist(),
        "reversed_r_segments": top(reversed_r[reversed_r["segment_code"].isin(AT_RISK)], "monetary"),
    }
    low_r = scores[scores["r_score"] <= 2]
    reasoned = {
        "model": top(segments[segments["segment_code"].isin(AT_RISK)], "monetary"),
        "low_r_high_m": top(low_r, "monetary"),
        "low_r_high_f": top(low_r, "frequency"),
        "rank_product": (r["recency"].rank(pct=True) * r["monetary"].rank(pct=True))
        .sort_values(ascending=False).index[:N_TARGET].tolist(),
    }
    return shortcuts, reasoned


def test_shortcuts_lose_the_points_and_are_told_why(lab, ctx):
    shortcuts, _ = _lists(ctx)
    for name, targets in shortcuts.items():
        verdict = _score(lab, ctx, targets)
        assert verdict.score == 0.0, (ctx.student_id, name, verdict.en)
        assert "shortcut" in verdict.en or "ranking on one column alone" in verdict.en, verdict.en
    # the three one-column rankings are named as the shortcut they are
    for name in ("longest_silent", "biggest_spenders", "most_frequent"):
        verdict = _score(lab, ctx, shortcuts[name])
        assert verdict.mistake is None or verdict.mistake.startswith("shortcut_"), verdict.mistake


def test_reasoned_lists_earn_the_points(lab, ctx):
    _, reasoned = _lists(ctx)
    for name, targets in reasoned.items():
        verdict = _score(lab, ctx, targets)
        assert verdict.score == 4.0, (ctx.student_id, name, verdict.en)
