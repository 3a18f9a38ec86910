"""Trusted checks of lab L2 (segmentation and the target segment). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.
"""

import pandas as pd

from crmlab.analysis import abc_classification, choose_k, pareto_share, rfm_summary
from crmlab.exercises import compare_tables, compare_values
from crmlab.exercises.customer_analysis import target_stats
from crmlab.exercises.customer_analysis import tier_table as reference_tier_table
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L2_segmentation", dataset="classroom")

# The lab's rules, as the release states them (the student's copies are not trusted).
TOP_SHARE = 0.2                       # top20_share: the top 20% of buyers
K_RANGE = range(2, 9)                 # k = 2 ... 8
SILHOUETTE_SLACK = 0.02               # k_chosen: smallest k within 0.02 of the best silhouette
TARGET_MIN_SHARE, TARGET_MAX_SHARE, TARGET_MIN_INDEX = 0.10, 0.60, 1.05
REGION_PROFILE_COLUMNS = ["region", "customers", "customer_share", "avg_spend", "value_share", "value_index"]


def _spend(shop):
    paid = shop.orders[shop.orders["payment_status"] == "paid"]
    return paid.groupby("customer_id")["amount"].sum()


@lab.check("test_tiers", answers=["tier_table"])
def tiers(ctx, tier_table):
    assert isinstance(tier_table, pd.DataFrame), "tier_table 应该是 DataFrame / tier_table should be a DataFrame"
    assert {"tier_code", "customers", "spend", "spend_share"} <= set(tier_table.columns), "列不全 / missing columns"
    assert abs(tier_table["spend_share"].sum() - 1) < 1e-6, "spend_share 之和应为 1 / spend_share should sum to 1"
    compare_tables(tier_table, reference_tier_table(ctx.shop), name="tier_table", key="tier_code")


@lab.check("test_abc", answers=["abc_shares", "top20_share"])
def abc(ctx, abc_shares, top20_share):
    assert set(abc_shares) == {"A", "B", "C"}, "abc_shares 的键应为 A、B、C / keys A, B, C"
    assert abs(sum(abc_shares.values()) - 1) < 1e-6, "三类比例之和应为 1 / the shares should sum to 1"
    assert abc_shares["A"] < 0.8, "A 类客户的人数比例应远小于 80% / class A is a minority of customers"
    spend = _spend(ctx.shop)
    classes = abc_classification(spend)["abc"]
    compare_values(abc_shares, {c: float((classes == c).mean()) for c in "ABC"}, name="abc_shares")
    compare_values(top20_share, pareto_share(spend, top=TOP_SHARE), name="top20_share")


def _region_profile(shop):
    t = shop.customers[["customer_id", "region"]].assign(
        spend=shop.customers["customer_id"].map(_spend(shop)).fillna(0.0))
    e = t.groupby("region").agg(customers=("customer_id", "size"), avg_spend=("spend", "mean"), _tot=("spend", "sum"))
    e["customer_share"] = e["customers"] / e["customers"].sum()
    e["value_share"] = e["_tot"] / e["_tot"].sum()
    e["value_index"] = e["value_share"] / e["customer_share"]
    return e.drop(columns="_tot").reset_index()


@lab.check("test_region_profile", answers=["region_profile"])
def region_profile(ctx, region_profile):
    cols = REGION_PROFILE_COLUMNS
    missing = [c for c in cols if c not in region_profile.columns]
    assert not missing, f"缺少列 / missing: {missing}"
    assert region_profile["customers"].sum() == len(ctx.shop.customers), "应包括全部客户 / all customers"
    assert region_profile["value_index"].is_monotonic_decreasing, \
        "按 value_index 降序 / sort by value_index, highest first"
    compare_tables(region_profile, _region_profile(ctx.shop), name="region_profile", key="region",
                   sort_by="value_index", ascending=False)


@lab.check("test_kmeans", answers=["k_chosen"])
def kmeans(ctx, k_chosen):
    assert K_RANGE.start <= k_chosen <= K_RANGE.stop - 1, "k_chosen 应在 2 到 8 之间 / k_chosen should be between 2 and 8"
    scores = choose_k(rfm_summary(ctx.shop.orders), k_range=K_RANGE)
    best = int(scores.index[scores["silhouette"] >= scores["silhouette"].max() - SILHOUETTE_SLACK].min())
    compare_values(k_chosen, best, name="k_chosen")


@lab.check("test_target", answers=["target"])
def target(ctx, target):
    assert isinstance(target, dict) and {"variable", "levels"} <= set(target), \
        "target = {'variable': ..., 'levels': [...]}"
    st = target_stats(target, ctx.shop)
    assert all(str(x) in st["known"] for x in target["levels"]), "取值不存在 / unknown levels"
    assert TARGET_MIN_SHARE <= st["customer_share"] <= TARGET_MAX_SHARE, \
        f"人数占比 / head share {st['customer_share']:.1%}"
    assert st["value_index"] >= TARGET_MIN_INDEX, f"价值指数 / value index {st['value_index']:.2f}"
