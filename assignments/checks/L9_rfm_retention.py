"""Trusted checks of lab L9 (RFM segmentation and a retention plan). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader (hidden truth included: the retention
list is scored against which customers really churned); see crmlab.grading.trusted.
"""

import pandas as pd

from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L9_rfm_retention", dataset="lab")

# The lab's constant, as the release states it (the student's copy is not trusted).
N_TARGET = 300
SCORE_COLUMNS = ["r_score", "f_score", "m_score"]


def _rfm(ctx):
    return ctx.cached("rfm", lambda: rfm_summary(ctx.shop.orders, observation_period_end=ctx.shop.meta["end"]))


def _segments(ctx):
    return ctx.cached("segments", lambda: rfm_segments(rfm_scores(_rfm(ctx))))


def _with_key(table):
    """The student's table with ``customer_id`` as a column (it may be the index)."""
    return table.reset_index() if "customer_id" not in table.columns else table


@lab.check("test_rfm", answers=["rfm"])
def rfm(ctx, rfm):
    assert isinstance(rfm, pd.DataFrame), "rfm 应该是 DataFrame / rfm should be a DataFrame"
    assert {"recency", "frequency", "monetary"} <= set(rfm.columns), "缺少列 / missing columns"
    assert rfm.index.is_unique, "每位客户一行 / one row per customer"
    assert (rfm["frequency"] >= 1).all(), "只包括有已支付订单的客户 / buyers only"
    compare_tables(_with_key(rfm)[["customer_id", "recency", "frequency", "monetary"]], _rfm(ctx).reset_index(),
                   name="rfm", key="customer_id")


@lab.check("test_scores", answers=["scores"])
def scores(ctx, scores):
    assert {"r_score", "f_score", "m_score"} <= set(scores.columns), "缺少打分列 / missing score columns"
    assert scores["r_score"].between(1, 5).all(), "分数在 1 到 5 之间 / scores lie between 1 and 5"
    exp = rfm_scores(_rfm(ctx))
    as_int = {c: "int64" for c in SCORE_COLUMNS}
    compare_tables(_with_key(scores)[["customer_id"] + SCORE_COLUMNS].astype(as_int),
                   exp.reset_index()[["customer_id"] + SCORE_COLUMNS].astype(as_int), name="scores",
                   key="customer_id")


@lab.check("test_segments", answers=["segment_counts", "rfm"])
def segments(ctx, segment_counts, rfm):
    assert int(segment_counts.sum()) == len(rfm), "每位客户恰好属于一类 / every customer is in exactly one segment"
    exp = _segments(ctx)["segment_code"].value_counts()
    compare_values({str(k): int(v) for k, v in segment_counts.items() if v}, {str(k): int(v) for k, v in exp.items()},
                   name="segment_counts")


@lab.check("test_segment_value", answers=["segment_value"])
def segment_value(ctx, segment_value):
    assert {"segment_code", "customers", "revenue_share", "mean_recency"} <= set(segment_value.columns), \
        "缺少列 / missing columns"
    assert abs(segment_value["revenue_share"].sum() - 1) < 1e-6, "占比之和应为 1 / the shares should add up to 1"
    seg = _segments(ctx)
    exp = (seg.groupby("segment_code", observed=True)
           .agg(customers=("monetary", "size"), revenue_share=("monetary", "sum"), mean_recency=("recency", "mean"))
           .reset_index())
    exp["revenue_share"] = exp["revenue_share"] / seg["monetary"].sum()
    compare_tables(segment_value[["segment_code", "customers", "revenue_share", "mean_recency"]], exp,
                   name="segment_value", key="segment_code", sort_by="revenue_share", ascending=False)


@lab.check("test_targets_format", answers=["targets", "rfm"])
def targets_format(ctx, targets, rfm):
    t = list(targets)
    assert len(t) == N_TARGET, f"名单应有 {N_TARGET} 人，现在是 {len(t)} / the list needs {N_TARGET} customers, not {len(t)}"
    assert len(set(t)) == N_TARGET, "名单里有重复的客户 / the list repeats customers"
    assert set(t) <= set(rfm.index), "名单里有没有已支付订单的客户 / some customers on the list never paid for an order"


@lab.check("test_targets_quality", answers=["targets"])
def targets_quality(ctx, targets):
    r = _rfm(ctx)
    churned = ctx.shop.truth.set_index("customer_id")["churned"].reindex(r.index).fillna(False).astype(bool)
    truly = churned & (r["monetary"] >= r["monetary"].median())
    hits = int(truly.reindex(list(targets)).fillna(False).sum())
    by_recency = r.sort_values(["recency", "monetary"], ascending=[False, False]).index[:N_TARGET]
    baseline = int(truly.loc[by_recency].sum())
    random = float(truly.mean()) * N_TARGET
    assert hits > baseline, (f"名单只命中 {hits} 位，不如“最久没买”基准（{baseline} 位） / "
                             f"{hits} hits do not beat the longest-silent baseline ({baseline})")
    assert hits >= 1.5 * random, (f"名单命中 {hits} 位，不到随机挑选（{random:.0f} 位）的 1.5 倍 / "
                                  f"{hits} hits are less than 1.5 times a random pick ({random:.0f})")
    return ctx.partial(1.0, f"✔ 正确：命中 {hits} 位，“最久没买”基准 {baseline} 位，随机挑选约 {random:.1f} 位",
                       f"✔ Correct: {hits} hits, longest-silent baseline {baseline}, random pick {random:.1f}")
