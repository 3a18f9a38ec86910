"""Trusted checks of lab L8 (the complaint queue: stage times, SLA breaches, root causes, retention by speed).
Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.
"""

import pandas as pd

from crmlab.analysis import complaint_retention, complaint_stage_times, sla_breaches
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks

# The lab's constants, as the release states them (the student's copies are not trusted).
N_CUSTOMERS = 20000
STAGES = ["judge", "analyse", "reply", "feedback", "followup"]
SLA = {"judge": 4, "analyse": 12, "reply": 24, "feedback": 48, "followup": 168}
RETENTION_COLUMNS = ["n_complaints", "reorder_rate", "retention"]

lab = LabChecks("L8_complaints", dataset="lab", n_customers=N_CUSTOMERS)


def _retention(ctx, bins):
    return ctx.cached(("retention", bins),
                      lambda: complaint_retention(ctx.shop.complaints, orders=ctx.shop.orders, bins=bins))


@lab.check("test_stage_summary", answers=["stage_summary"])
def stage_summary_check(ctx, stage_summary):
    cols = ["stage", "n", "mean_hours", "median_hours"]
    missing = [c for c in cols if c not in stage_summary.columns]
    assert not missing, f"缺少列 / missing columns: {missing}"
    assert set(stage_summary["stage"]) == set(STAGES), "每步一行 / one row per step"
    t = complaint_stage_times(ctx.shop.complaints)
    exp = pd.DataFrame({"stage": STAGES, "n": [int(t[s].notna().sum()) for s in STAGES],
                        "mean_hours": [t[s].mean() for s in STAGES], "median_hours": [t[s].median() for s in STAGES]})
    compare_tables(stage_summary, exp, name="stage_summary", key="stage")


@lab.check("test_breaches", answers=["breaches", "worst_stage"])
def breaches_check(ctx, breaches, worst_stage):
    assert worst_stage in STAGES, "worst_stage 应是 STAGES 中的代码 / worst_stage should be a code of STAGES"
    b = sla_breaches(ctx.shop.complaints, targets=SLA)[["stage", "n", "breaches", "breach_rate"]]
    compare_tables(breaches, b, name="breaches", key="stage")
    compare_values(worst_stage, b.loc[b["breach_rate"].idxmax(), "stage"], name="worst_stage")


@lab.check("test_by_category", answers=["by_category"])
def by_category_check(ctx, by_category):
    assert abs(by_category["share"].sum() - 1) < 1e-6, "share 之和应为 1 / the shares should add up to 1"
    assert by_category["complaints"].is_monotonic_decreasing, "按 complaints 降序 / sort by complaints, largest first"
    c = ctx.shop.complaints
    hours = (c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)
    df = pd.DataFrame({"category": c["category"], "late": hours > 24, "sat": c["satisfaction"].astype(float)})
    e = df.groupby("category").agg(complaints=("late", "size"), reply_breach_rate=("late", "mean"),
                                   mean_satisfaction=("sat", "mean")).reset_index()
    e["share"] = e["complaints"] / len(c)
    compare_tables(by_category, e, name="by_category", key="category", sort_by="complaints", ascending=False)


@lab.check("test_retention_table", answers=["retention_table"])
def retention_table_check(ctx, retention_table):
    assert len(retention_table) == 4, "四档 / four bands"
    compare_tables(retention_table.reset_index(drop=True)[RETENTION_COLUMNS],
                   _retention(ctx, (24, 48, 96))[RETENTION_COLUMNS], name="retention_table")


@lab.check("test_retention_values", answers=["retention_fast", "retention_gap"])
def retention_values(ctx, retention_fast, retention_gap):
    assert 0 < retention_fast < 1.5, "retention_fast 是一个比例 / retention_fast is a ratio"
    r, two = _retention(ctx, (24, 48, 96)), _retention(ctx, (24,))
    compare_values(retention_fast, float(r["retention"].iloc[0]), name="retention_fast")
    compare_values(retention_gap, float(two["retention"].iloc[0] - two["retention"].iloc[1]), name="retention_gap")
