"""Trusted checks of lab L6 (campaign funnel, A/B test, power, uplift by tier). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.
"""

import pandas as pd

from crmlab.analysis import (ab_test_proportions, campaign_funnel, power_proportions, sample_size_proportions,
                             uplift_by_segment)
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L6_campaign_ab", dataset="lab")

# The lab's constants, as the release states them (the student's copies are not trusted).
MDE = 0.02
FUNNEL_COLUMNS = ["campaign_id", "targeted", "visited", "converted", "orders", "revenue"]
UPLIFT_COLUMNS = ["member_tier", "n_treatment", "n_control", "uplift", "ci_low", "ci_high"]


def _ab_ids(shop) -> pd.Series:
    return shop.campaigns.loc[shop.campaigns["is_ab_test"], "campaign_id"]


def _ab(ctx) -> dict:
    """The A/B campaigns' assignments, the main test (most customers), its result and the control rate."""
    def compute():
        shop = ctx.shop
        ab = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(_ab_ids(shop))]
        main = int(ab.groupby("campaign_id").size().idxmax())
        return {"ab": ab, "main": main, "res": ab_test_proportions(ab[ab["campaign_id"] == main]).iloc[0],
                "p0": float(ab.loc[ab["group"] == "control", "converted"].mean())}

    return ctx.cached("ab", compute)


@lab.check("test_funnel", answers=["funnel"])
def funnel_check(ctx, funnel):
    assert isinstance(funnel, pd.DataFrame), "funnel 应该是 DataFrame / funnel should be a DataFrame"
    missing = [c for c in FUNNEL_COLUMNS if c not in funnel.columns]
    assert not missing, f"缺少列 / missing columns: {missing}"
    assert (funnel["visited"] <= funnel["targeted"]).all(), "访问人数不能超过触达人数 / visited cannot exceed targeted"
    f = campaign_funnel(ctx.shop.campaign_assignments, orders=ctx.shop.orders)
    compare_tables(funnel, f[f["group"] == "treatment"][FUNNEL_COLUMNS], name="funnel", key="campaign_id")


@lab.check("test_ab_pick", answers=["main_test"])
def ab_pick(ctx, main_test):
    assert int(main_test) in set(_ab_ids(ctx.shop)), "main_test 必须是 A/B 活动 / main_test must be an A/B campaign"
    compare_values(int(main_test), _ab(ctx)["main"], name="main_test")


@lab.check("test_ab_values", answers=["p_value", "ci_low", "ci_high", "significant"])
def ab_values(ctx, p_value, ci_low, ci_high, significant):
    assert 0 <= p_value <= 1, "p_value 必须在 0 与 1 之间 / p_value must lie between 0 and 1"
    assert ci_low < ci_high, "ci_low 应小于 ci_high / ci_low should be below ci_high"
    res = _ab(ctx)["res"]
    compare_values(p_value, float(res["p_value"]), name="p_value", rtol=1e-4)
    compare_values(ci_low, float(res["ci_low"]), name="ci_low", rtol=1e-4)
    compare_values(ci_high, float(res["ci_high"]), name="ci_high", rtol=1e-4)
    assert bool(significant) == bool(res["p_value"] < 0.05), \
        "significant 与 p 值不一致 / significant contradicts the p-value"


@lab.check("test_power", answers=["power_now", "n_needed"])
def power(ctx, power_now, n_needed):
    assert 0 < power_now < 1, "功效在 0 与 1 之间 / power lies between 0 and 1"
    assert n_needed > 100, "n_needed 太小 / n_needed is too small"
    a = _ab(ctx)
    ab, p0 = a["ab"], a["p0"]
    n = int(((ab["campaign_id"] == a["main"]) & (ab["group"] == "control")).sum())
    compare_values(power_now, power_proportions(p0, p0 + MDE, n), name="power_now", rtol=1e-4)
    compare_values(n_needed, sample_size_proportions(p0, p0 + MDE)["n_control"], name="n_needed")


@lab.check("test_uplift", answers=["uplift_tier"])
def uplift(ctx, uplift_tier):
    missing = [c for c in UPLIFT_COLUMNS if c not in uplift_tier.columns]
    assert not missing, f"缺少列 / missing columns: {missing}"
    u = uplift_by_segment(_ab(ctx)["ab"], segments=ctx.shop.customers[["customer_id", "member_tier"]],
                          segment_col="member_tier", by=None)[UPLIFT_COLUMNS]
    compare_tables(uplift_tier, u, name="uplift_tier", key="member_tier", rtol=1e-4)
