"""Trusted checks of lab L2 (segmentation and the target segment). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

No cascades: no task is graded on an answer of another task. Every task starts from the
shop (the paid spend per buyer that the first cell gives, the customers table, the orders)
and is checked against the grader's own computation from that shop, so a slip in one task
costs that task's points only.
"""

import math

import numpy as np
import pandas as pd

from crmlab.analysis import abc_classification, choose_k, customer_table, pareto_share, rfm_summary, segment_profile
from crmlab.exercises import compare_tables, compare_values
from crmlab.exercises.customer_analysis import target_stats
from crmlab.exercises.customer_analysis import tier_table as reference_tier_table
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

CASCADES = (
    "没有一个任务用另一个任务的答案评分：每个任务都从商店数据出发（第一个单元格给出的每位买家的已支付消费额、客户表、订单），"
    "并与评分程序自己从这份数据算出的结果比较，所以一个任务的错误只扣这个任务的分。",
    "No task is graded on the answer of another: every task starts from the shop (the paid spend per buyer that the "
    "first cell gives, the customers table, the orders) and is compared with the grader's own computation from it, so "
    "a slip in one task costs that task's points only.")

lab = LabChecks("L2_segmentation", dataset="classroom")

# The lab's rules, as the release states them (the student's copies are not trusted).
TOP_SHARE = 0.2                       # top20_share: the top 20% of buyers
ABC_CUTOFFS = (0.8, 0.95)             # class A: the first 80% of spend, B: the next 15%
K_RANGE = range(2, 9)                 # k = 2 ... 8
SILHOUETTE_SLACK = 0.02               # k_chosen: smallest k within 0.02 of the best silhouette
TARGET_MIN_SHARE, TARGET_MAX_SHARE, TARGET_MIN_INDEX = 0.10, 0.60, 1.05
TARGET_VARIABLES = ["region", "city_tier", "gender", "age_band", "frequency_band", "member_tier", "device",
                    "acquisition_channel"]
REGION_PROFILE_COLUMNS = ["region", "customers", "customer_share", "avg_spend", "value_share", "value_index"]


def _spend_of(shop, *, paid_only=True):
    o = shop.orders[shop.orders["payment_status"] == "paid"] if paid_only else shop.orders
    return o.groupby("customer_id")["amount"].sum()


def _spend(shop):
    return _spend_of(shop)


# -- task 1: the pyramid -------------------------------------------------------------------------------------
def _tier_table(ctx):
    return ctx.cached("tiers", lambda: reference_tier_table(ctx.shop))


TIER_MISTAKES = [
    Mistake("percent", "把 spend_share 写成了百分数", "gave spend_share as a percent",
            "spend_share 是 0 到 1 之间的比例，各层相加等于 1：不要乘 100。",
            "spend_share is a share between 0 and 1 and the tiers add up to 1: do not multiply by 100.",
            recompute=lambda ctx: _tier_table(ctx).assign(spend_share=_tier_table(ctx)["spend_share"] * 100),
            compare={"key": "tier_code"}),
    Mistake("head_share", "算成了人数占比，而不是消费额占比", "computed each tier's share of the customers, not of the spend",
            "金字塔要看的是“少数人贡献多少钱”：spend_share = 该层 spend ÷ 全部 spend，分子分母都是消费额。",
            "The pyramid shows how much the few bring: spend_share = the tier's spend ÷ all spend, money over money.",
            recompute=lambda ctx: _tier_table(ctx).assign(
                spend_share=_tier_table(ctx)["customers"] / _tier_table(ctx)["customers"].sum()),
            compare={"key": "tier_code"}),
]


@lab.check("test_tiers", answers=["tier_table"], mistakes=TIER_MISTAKES)
def tiers(ctx, tier_table):
    assert isinstance(tier_table, pd.DataFrame), "tier_table 应该是 DataFrame / tier_table should be a DataFrame"
    assert {"tier_code", "customers", "spend", "spend_share"} <= set(tier_table.columns), "列不全 / missing columns"
    assert abs(tier_table["spend_share"].sum() - 1) < 1e-6, "spend_share 之和应为 1 / spend_share should sum to 1"
    compare_tables(tier_table, _tier_table(ctx), name="tier_table", key="tier_code")


# -- task 2: ABC classes and the top 20%, by the student's own pandas ---------------------------------------------
def _abc_shares(spend, *, crossing_up=True, value=False):
    """Each class's share of the buyers (or, with ``value``, of the spend), classes by the cumulative spend share."""
    s = spend.sort_values(ascending=False)
    cum = s.cumsum() / s.sum()
    before = cum - s / s.sum()
    pos = before if crossing_up else cum
    cls = np.where(pos < ABC_CUTOFFS[0] - 1e-12 if crossing_up else pos <= ABC_CUTOFFS[0], "A",
                   np.where(pos < ABC_CUTOFFS[1] - 1e-12 if crossing_up else pos <= ABC_CUTOFFS[1], "B", "C"))
    weights = s / s.sum() if value else pd.Series(1 / len(s), index=s.index)
    return {c: float(weights[cls == c].sum()) for c in "ABC"}


def _abc_reference(spend):
    classes = abc_classification(spend, cutoffs=ABC_CUTOFFS)["abc"]
    return {c: float((classes == c).mean()) for c in "ABC"}


def _top_share(spend, head=math.ceil):
    s = spend.sort_values(ascending=False)
    return float(s.iloc[:int(head(TOP_SHARE * len(s)))].sum() / s.sum())


ABC_MISTAKES = [
    Mistake("value_shares_given", "给出的是各类的消费额占比（约 80%、15%、5%），而不是人数占比",
            "gave each class's share of the spend (about 80%, 15%, 5%), not its share of the buyers",
            "ABC 的分界线按消费额划，但要回答的是“每类有多少人”：每类的人数 ÷ 买家总数。",
            "The ABC cut-offs are drawn on spend, but the question is how many people fall in each class: the class's "
            "head count ÷ all buyers.",
            recompute=lambda ctx: _abc_shares(_spend(ctx.shop), value=True), answer="abc_shares"),
    Mistake("crossing_customer_down", "把跨过 80%（或 95%）分界线的那位客户分到了下一类",
            "put the customer who crosses the 80% (or 95%) line into the lower class",
            "跨线的客户，他的消费从线内开始，属于上一类：用“排在他前面的累计占比”（累计和减去他自己）和分界线比较。",
            "The crossing customer's spend starts inside the line, so he belongs to the higher class: compare the "
            "cumulative share *before* him (the running total minus his own spend) with the cut-off.",
            recompute=lambda ctx: _abc_shares(_spend(ctx.shop), crossing_up=False), answer="abc_shares"),
    Mistake("unpaid_kept", "把取消订单的金额也算进了消费额", "counted the cancelled orders in the spend",
            "用第一个单元格的 spend（只含已支付订单）。", "Use spend from the first cell (paid orders only).",
            recompute=lambda ctx: _abc_shares(_spend_of(ctx.shop, paid_only=False)), answer="abc_shares"),
    Mistake("top_floor", "前 20% 的人数向下取整了", "rounded the head count of the top 20% down",
            "前 20% 的买家取 math.ceil(0.2 × 买家数) 位：不足一位也算一位。",
            "The top 20% of buyers is math.ceil(0.2 × buyers): a part of a customer counts as one.",
            recompute=lambda ctx: _top_share(_spend(ctx.shop), head=math.floor), answer="top20_share"),
    Mistake("top_percent", "把 top20_share 写成了百分数", "gave top20_share as a percent",
            "top20_share 是 0 到 1 之间的比例。", "top20_share is a share between 0 and 1.",
            recompute=lambda ctx: 100 * _top_share(_spend(ctx.shop)), answer="top20_share"),
]


@lab.check("test_abc", answers=["abc_shares", "top20_share"], mistakes=ABC_MISTAKES)
def abc(ctx, abc_shares, top20_share):
    assert isinstance(abc_shares, dict) and set(abc_shares) == {"A", "B", "C"}, "abc_shares 的键应为 A、B、C / keys A, B, C"
    assert all(isinstance(v, int | float) and not isinstance(v, bool) for v in abc_shares.values()), \
        "abc_shares 的值应是数 / the values of abc_shares should be numbers"
    assert abs(sum(abc_shares.values()) - 1) < 1e-6, "三类比例之和应为 1 / the shares should sum to 1"
    spend = _spend(ctx.shop)
    # tied buyers in one class (abc_classification) or split in the order of the queue: both readings are right
    try:
        compare_values(abc_shares, _abc_reference(spend), name="abc_shares")
    except Exception:  # noqa: BLE001 - the other reading decides (and its message is the one shown)
        compare_values(abc_shares, _abc_shares(spend), name="abc_shares")
    # the task's definition (the first ceil(20% of buyers)) or the interpolated Pareto curve of pareto_share
    try:
        compare_values(top20_share, _top_share(spend), name="top20_share")
    except Exception:  # noqa: BLE001 - the other reading decides (and its message is the one shown)
        compare_values(top20_share, pareto_share(spend, top=TOP_SHARE), name="top20_share")


# -- task 3: the region profile -----------------------------------------------------------------------------------
def _region_profile_of(shop, *, paid_only=True, buyers_only=False, index_reversed=False, ascending=False):
    spend = _spend_of(shop, paid_only=paid_only)
    t = shop.customers[["customer_id", "region"]].assign(spend=shop.customers["customer_id"].map(spend))
    t = t.dropna(subset=["spend"]) if buyers_only else t.fillna({"spend": 0.0})
    e = t.groupby("region").agg(customers=("customer_id", "size"), avg_spend=("spend", "mean"), _tot=("spend", "sum"))
    e["customer_share"] = e["customers"] / e["customers"].sum()
    e["value_share"] = e["_tot"] / e["_tot"].sum()
    e["value_index"] = (e["customer_share"] / e["value_share"] if index_reversed
                        else e["value_share"] / e["customer_share"])
    return e.drop(columns="_tot").reset_index().sort_values("value_index", ascending=ascending)


def _region_profile(shop):
    return _region_profile_of(shop)


REGION_MISTAKES = [
    Mistake("unpaid_kept", "把取消订单的金额也算进了消费额", "counted the cancelled orders in the spend",
            "消费额只算已支付订单（第一个单元格的 spend）。", "Spend counts paid orders only (spend of the first cell).",
            recompute=lambda ctx: _region_profile_of(ctx.shop, paid_only=False), compare={"key": "region"}),
    Mistake("buyers_only", "只统计了买过东西的客户，没有消费的客户被丢掉了",
            "counted only the customers who bought: those without spend were dropped",
            "画像要覆盖全部客户：从客户表出发，把 spend 映射过去，没有消费的填 0（map 后 fillna(0)）。",
            "The profile covers every customer: start from the customers table, map the spend onto it and fill the "
            "customers without spend with 0 (fillna(0) after map).",
            recompute=lambda ctx: _region_profile_of(ctx.shop, buyers_only=True), compare={"key": "region"},
            show_expected=lambda ctx: f"{len(ctx.shop.customers)} 位客户 / customers"),
    Mistake("index_reversed", "把价值指数算反了（人数占比 ÷ 消费额占比）",
            "computed the value index upside down (head share ÷ spend share)",
            "价值指数 = value_share ÷ customer_share：大于 1 表示这群人贡献的钱多于他们的人数比例。",
            "The value index = value_share ÷ customer_share: above 1, the group brings more money than its head count.",
            recompute=lambda ctx: _region_profile_of(ctx.shop, index_reversed=True), compare={"key": "region"}),
    Mistake("sorted_ascending", "按 value_index 从低到高排了序", "sorted by value_index from lowest to highest",
            "题目要从高到低：sort_values(\"value_index\", ascending=False)。",
            "The task asks highest first: sort_values(\"value_index\", ascending=False).",
            recompute=lambda ctx: _region_profile_of(ctx.shop, ascending=True),
            compare={"key": "region", "sort_by": "value_index", "ascending": True}),
]


@lab.check("test_region_profile", answers=["region_profile"], mistakes=REGION_MISTAKES)
def region_profile(ctx, region_profile):
    assert isinstance(region_profile, pd.DataFrame), "region_profile 应该是 DataFrame / region_profile should be a DataFrame"
    cols = REGION_PROFILE_COLUMNS
    missing = [c for c in cols if c not in region_profile.columns]
    assert not missing, f"缺少列 / missing: {missing}"
    assert region_profile["customers"].sum() == len(ctx.shop.customers), "应包括全部客户 / all customers"
    assert region_profile["value_index"].is_monotonic_decreasing, \
        "按 value_index 降序 / sort by value_index, highest first"
    compare_tables(region_profile, _region_profile(ctx.shop), name="region_profile", key="region",
                   sort_by="value_index", ascending=False)


# -- task 4: how many segments -------------------------------------------------------------------------------------
def _silhouettes(ctx):
    return ctx.cached("silhouettes", lambda: choose_k(rfm_summary(ctx.shop.orders), k_range=K_RANGE)["silhouette"])


def _k_rule(sil, *, pick=min):
    return int(pick(sil.index[sil >= sil.max() - SILHOUETTE_SLACK]))


KMEANS_MISTAKES = [
    Mistake("largest_k", "在轮廓系数够高的 k 里选了最大的", "picked the largest of the k whose silhouette is high enough",
            "规则要的是够好的 k 中最小的那个：群越少，越容易给每一群定策略。先筛出 silhouette >= 最高值 - 0.02 的 k，再取 min()。",
            "The rule asks for the smallest good-enough k: fewer segments are easier to act on. Keep the k with "
            "silhouette >= best - 0.02, then take min().",
            recompute=lambda ctx: _k_rule(_silhouettes(ctx), pick=max)),
]


@lab.check("test_kmeans", answers=["k_chosen"], mistakes=KMEANS_MISTAKES)
def kmeans(ctx, k_chosen):
    assert isinstance(k_chosen, int | np.integer) and not isinstance(k_chosen, bool), \
        "k_chosen 应是一个整数 / k_chosen should be an integer"
    assert K_RANGE.start <= k_chosen <= K_RANGE.stop - 1, "k_chosen 应在 2 到 8 之间 / k_chosen should be between 2 and 8"
    compare_values(k_chosen, _k_rule(_silhouettes(ctx)), name="k_chosen")


# -- task 5: the target segment --------------------------------------------------------------------------------------
def _profiles(ctx):
    return ctx.cached("profiles", lambda: segment_profile(customer_table(ctx.shop.customers, orders=ctx.shop.orders),
                                                          TARGET_VARIABLES))


def _best_level(ctx, *, rule=True):
    p = _profiles(ctx)
    if rule:
        p = p[p["customer_share"].between(TARGET_MIN_SHARE, TARGET_MAX_SHARE)]
    best = p.loc[p["value_index"].idxmax()]
    return {"variable": str(best["variable"]), "levels": [str(best["level"])]}


TARGET_MISTAKES = [
    Mistake("too_small", "只看价值指数最高，没有检查人数占比：这一群太小，撑不起一次推广",
            "went for the highest value index without checking the head share: the group is too small for a campaign",
            f"两条规则都要满足：先筛出人数占比在 {TARGET_MIN_SHARE:.0%}–{TARGET_MAX_SHARE:.0%} 之间的取值，再在其中比价值指数。",
            f"Both rules must hold: first keep the levels with a head share of {TARGET_MIN_SHARE:.0%}–"
            f"{TARGET_MAX_SHARE:.0%}, then compare value indexes among them.",
            recompute=lambda ctx: _best_level(ctx, rule=False)),
]


@lab.check("test_target", answers=["target"], mistakes=TARGET_MISTAKES)
def target(ctx, target):
    assert isinstance(target, dict) and {"variable", "levels"} <= set(target), \
        "target = {'variable': ..., 'levels': [...]}"
    assert isinstance(target["variable"], str) and target["variable"] in TARGET_VARIABLES, \
        f"variable 应为 {TARGET_VARIABLES} 之一 / variable must be one of {TARGET_VARIABLES}"
    assert isinstance(target["levels"], list | tuple) and target["levels"], "levels 应是非空列表 / levels: a non-empty list"
    st = target_stats(target, ctx.shop)
    assert all(str(x) in st["known"] for x in target["levels"]), "取值不存在 / unknown levels"
    if st["customer_share"] < TARGET_MIN_SHARE:
        zh, en = TARGET_MISTAKES[0].message(ctx)
        raise CheckFailed(f"{zh}（人数占比 {st['customer_share']:.1%}）", f"{en} (head share {st['customer_share']:.1%})",
                          mistake=TARGET_MISTAKES[0].code)
    assert st["customer_share"] <= TARGET_MAX_SHARE, f"人数占比 / head share {st['customer_share']:.1%}"
    assert st["value_index"] >= TARGET_MIN_INDEX, f"价值指数 / value index {st['value_index']:.2f}"


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    spend = _spend(ctx.shop)
    return {"tier_table": _tier_table(ctx), "abc_shares": _abc_reference(spend), "top20_share": _top_share(spend),
            "region_profile": _region_profile(ctx.shop), "k_chosen": _k_rule(_silhouettes(ctx)),
            "target": _best_level(ctx)}
