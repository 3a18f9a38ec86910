"""Trusted checks of lab L9 (RFM segmentation and a retention plan). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader (hidden truth included: the retention
list is scored against which customers really churned); see crmlab.grading.trusted.
"""

import pandas as pd

from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L9_rfm_retention", dataset="lab")

# The lab's constant, as the release states it (the student's copy is not trusted).
N_TARGET = 300
SCORE_COLUMNS = ["r_score", "f_score", "m_score"]


def _rfm_of(orders, end):
    return rfm_summary(orders, as_of=end)


def _rfm(ctx):
    return ctx.cached("rfm", lambda: _rfm_of(ctx.shop.orders, ctx.shop.meta["end"]))


def _shifted(ctx, days):
    return _rfm_of(ctx.shop.orders, pd.Timestamp(ctx.shop.meta["end"]) + pd.Timedelta(days=days)).reset_index()


# The usual slips of task 1, recomputed on the student's shop (see crmlab.mistakes).
RFM_MISTAKES = [
    Mistake("unpaid_kept", "把未付款和已取消的订单也算进去了",
            "kept the unpaid and cancelled orders",
            "只有 payment_status == \"paid\" 的订单才是销售：先筛选，再按客户汇总。",
            "Only orders with payment_status == \"paid\" are sales: filter first, then group by customer.",
            recompute=lambda ctx: _rfm_of(ctx.shop.orders.assign(payment_status="paid"),
                                          ctx.shop.meta["end"]).reset_index(),
            compare={"key": "customer_id"},
            show_expected=lambda ctx: f"{len(_rfm(ctx))} 位客户 / customers"),
    Mistake("end_one_month_late", "把观察期末算晚了一个月（比如用了“今天”或下个月初）",
            "put the end of the observation about a month late (today, or the start of the next month)",
            "recency 要从最后一次购买算到 END = shop.meta[\"end\"]，不是别的日期。",
            "recency counts from the last purchase to END = shop.meta[\"end\"], not to another date.",
            recompute=lambda ctx: _shifted(ctx, 30), compare={"key": "customer_id"}),
    Mistake("end_one_day_off", "让 recency 差了一天（观察期末多算或少算一天）",
            "are one day off in recency (the end of the observation counted one day too late or early)",
            "检查 END 当天算不算：recency = (END - 最后购买日).days。",
            "Check whether END itself counts: recency = (END - last purchase).days.",
            recompute=lambda ctx: _shifted(ctx, 1), compare={"key": "customer_id"}),
]


def _reversed_r(ctx):
    exp = rfm_scores(_rfm(ctx)).reset_index()
    exp["r_score"] = 6 - exp["r_score"]
    return exp[["customer_id"] + SCORE_COLUMNS]


SCORE_MISTAKES = [
    Mistake("r_score_reversed", "把 R 的分数方向弄反了：最久没买的客户得了高分",
            "scored R the wrong way round: the longest-silent customers got the high scores",
            "R 看的是“最近”：recency 越小（越近买过）分数越高。",
            "R rewards recent buyers: the smaller the recency, the higher the score.",
            recompute=_reversed_r, compare={"key": "customer_id"}),
]


def _segments(ctx):
    return ctx.cached("segments", lambda: rfm_segments(rfm_scores(_rfm(ctx))))


def _with_key(table):
    """The student's table with ``customer_id`` as a column (it may be the index)."""
    return table.reset_index() if "customer_id" not in table.columns else table


@lab.check("test_rfm", answers=["rfm"], mistakes=RFM_MISTAKES)
def rfm(ctx, rfm):
    assert isinstance(rfm, pd.DataFrame), "rfm 应该是 DataFrame / rfm should be a DataFrame"
    assert {"recency", "frequency", "monetary"} <= set(rfm.columns), "缺少列 / missing columns"
    assert rfm.index.is_unique, "每位客户一行 / one row per customer"
    assert (rfm["frequency"] >= 1).all(), "只包括有已支付订单的客户 / buyers only"
    compare_tables(_with_key(rfm)[["customer_id", "recency", "frequency", "monetary"]], _rfm(ctx).reset_index(),
                   name="rfm", key="customer_id")


@lab.check("test_scores", answers=["scores"], mistakes=SCORE_MISTAKES)
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


# The shortcuts a list must clearly beat: each ranks on one RFM column alone.
SHORTCUTS = {
    "longest_silent": (("最久没买的 300 人", "the 300 longest-silent customers"),
                       lambda r: r.sort_values(["recency", "monetary"], ascending=[False, False])),
    "biggest_spenders": (("花钱最多的 300 人", "the 300 biggest spenders"),
                         lambda r: r.sort_values(["monetary", "recency"], ascending=[False, False])),
    "most_frequent": (("买得最勤的 300 人", "the 300 most frequent buyers"),
                      lambda r: r.sort_values(["frequency", "monetary"], ascending=[False, False])),
}
MARGIN = 1.10  # a list must hold 10% more than the best shortcut


def _truly_lost(ctx):
    """Valuable customers (spend at or above the median) who really churned: the list's target."""
    r = _rfm(ctx)
    churned = ctx.shop.truth.set_index("customer_id")["churned"].reindex(r.index).fillna(False).astype(bool)
    return churned & (r["monetary"] >= r["monetary"].median())


def shortcut_hits(ctx) -> dict:
    """Hits of each shortcut list on the student's shop, and of a random pick (its expectation)."""
    r, truly = _rfm(ctx), _truly_lost(ctx)
    hits = {code: int(truly.loc[rank(r).index[:N_TARGET]].sum()) for code, (_, rank) in SHORTCUTS.items()}
    hits["random"] = float(truly.mean()) * N_TARGET
    return hits


@lab.check("test_targets_quality", answers=["targets"])
def targets_quality(ctx, targets):
    truly = _truly_lost(ctx)
    hits = int(truly.reindex(list(targets)).fillna(False).sum())
    base = shortcut_hits(ctx)
    best = max(SHORTCUTS, key=lambda code: base[code])
    bar = int(-(-MARGIN * base[best] // 1))  # rounded up
    if hits < bar:
        (zh_name, en_name), _ = SHORTCUTS[best]
        return ctx.partial(
            0.0,
            f"名单命中 {hits} 位流失的高价值客户，要至少 {bar} 位：只按一个指标排序的“{zh_name}”就能命中 {base[best]} 位，"
            f"你的名单要明显更好（多 10%）。只看 R 会挑到本来就不值钱的人，只看 M 或 F 会挑到还很活跃、不必挽留的人："
            f"把“价值高”和“很久没买”结合起来（例如 RFM 分类中的重要保持客户、重要挽留客户）。",
            f"the list holds {hits} valuable customers who really left; {bar} are needed: ranking on one column alone, "
            f"{en_name} hold {base[best]}, and the list must clearly beat that (by 10%). R alone picks customers "
            f"who were never worth much, M or F alone picks customers still active who need no win-back: combine "
            f"\"valuable\" with \"silent for long\" (e.g. the RFM segments important_retention and important_winback).",
            mistake=f"shortcut_{best}" if hits <= base[best] else None)
    return ctx.partial(1.0, f"✔ 正确：命中 {hits} 位；单指标捷径最多 {base[best]} 位，随机挑选约 {base['random']:.1f} 位",
                       f"✔ Correct: {hits} hits; the best one-column shortcut {base[best]}, a random pick about "
                       f"{base['random']:.1f}")


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    rfm = _rfm(ctx)
    scores = rfm_scores(rfm)
    seg = _segments(ctx)
    value = (seg.groupby("segment_code", observed=True)
             .agg(customers=("monetary", "size"), revenue=("monetary", "sum"), mean_recency=("recency", "mean"))
             .reset_index())
    value["revenue_share"] = value["revenue"] / seg["monetary"].sum()
    value = value.sort_values("revenue_share", ascending=False).reset_index(drop=True)
    at_risk = seg[seg["segment_code"].isin(["important_retention", "important_winback"])]
    targets = at_risk.sort_values("monetary", ascending=False).index[:N_TARGET].tolist()
    return {"rfm": rfm, "scores": scores, "segment_counts": seg["segment_code"].value_counts(),
            "segment_value": value, "targets": targets}
