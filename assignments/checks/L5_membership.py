"""Trusted checks of lab L5 (membership tiers and points). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The student's ``scheme`` arrives as its fields (a dataclass is handed over as
plain data) and is rebuilt here as a real ``PointsScheme``: every simulation runs
the course's code, never a method of the student's object.

``PointsScheme.simulate`` reads the customers' price sensitivity from the hidden
truth table. The student's notebook only has the public tables (the truth is empty,
so everybody counts as 0.4), so the numbers the student reports are checked against
a simulation on the public view of the same shop; the design itself must also keep
its promises on the whole shop, truth included (``test_design_budget``).
"""

import dataclasses

import pandas as pd

from crmlab.analysis import PointsScheme
from crmlab.exercises import compare_values
from crmlab.grading.handoff import Fields
from crmlab.grading.trusted import CheckFailed, LabChecks

lab = LabChecks("L5_membership", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
SEED = 0
BUDGET_SHARE = 0.015
MIN_UPPER_SHARE = 0.15
QUANTILES = [0.5, 0.75, 0.9, 0.95, 0.99]

_FIELDS = [f.name for f in dataclasses.fields(PointsScheme)]


def _scheme(value) -> PointsScheme:
    """The student's design rebuilt as a PointsScheme of the course's own code."""
    if not isinstance(value, Fields):
        raise CheckFailed("scheme 应该是 PointsScheme", "scheme should be a PointsScheme")
    missing = [n for n in _FIELDS if n not in value]
    if missing:
        raise CheckFailed(f"scheme 应该是 PointsScheme（缺少 {missing}）",
                          f"scheme should be a PointsScheme (it lacks {missing})")
    try:
        return PointsScheme(**{n: value[n] for n in _FIELDS})
    except Exception as exc:  # the student's object held values PointsScheme does not accept
        raise CheckFailed(f"scheme 的参数无效：{exc}", f"scheme has invalid settings: {exc}") from None


def _public(ctx):
    """The shop as the student's notebook sees it: the public tables, no hidden truth."""
    from crmlab.grading.coursedata import public_shop

    return ctx.cached("public_shop", lambda: public_shop(ctx.shop))


def _simulate(ctx, scheme: PointsScheme, view: str):
    """``scheme.simulate(shop, random_state=SEED)`` on the ``"public"`` or ``"whole"`` shop (cached)."""
    shop = _public(ctx) if view == "public" else ctx.shop
    return ctx.cached(("simulate", view, dataclasses.astuple(scheme)), lambda: scheme.simulate(shop, random_state=SEED))


def _upper_share(result) -> float:
    return float((result.customers["final_tier"] != "regular").mean())


@lab.check("test_spend", answers=["total_spend", "spend_quantiles"])
def spend(ctx, total_spend, spend_quantiles):
    assert isinstance(total_spend, pd.Series), "total_spend 应该是 Series / total_spend should be a Series"
    assert len(spend_quantiles) == len(QUANTILES), "每个分位数一个值 / one value per quantile"
    sp = ctx.shop.orders[ctx.shop.orders["payment_status"] == "paid"].groupby("customer_id")["amount"].sum()
    compare_values(total_spend.sort_index(), sp.sort_index(), name="total_spend")
    compare_values(list(spend_quantiles), list(sp.quantile(QUANTILES)), name="spend_quantiles")


@lab.check("test_design_rules", answers=["scheme"])
def design_rules(ctx, scheme):
    d = _scheme(scheme).check_design()
    assert d["ok"].all(), f"check_design 未通过 / check_design fails: {list(d.loc[~d['ok'], 'rule'])}"


@lab.check("test_design_budget", answers=["scheme"])
def design_budget(ctx, scheme):
    scheme = _scheme(scheme)
    r = _simulate(ctx, scheme, "public")
    assert r.summary["cost_share"] <= BUDGET_SHARE, f"成本超预算 / over budget: {r.summary['cost_share']:.2%}"
    assert _upper_share(r) >= MIN_UPPER_SHARE, "升级的买家太少 / too few buyers climb"
    assert r.summary["net_effect"] > 0, "新增毛利不足以覆盖成本 / the extra margin does not cover the cost"
    h = _simulate(ctx, scheme, "whole")
    assert h.summary["cost_share"] <= BUDGET_SHARE and h.summary["net_effect"] > 0, (
        "按客户真实的价格敏感度，方案超预算或得不偿失 / with the customers' true price sensitivity the scheme is over "
        "budget or does not pay for itself")
    assert _upper_share(h) >= MIN_UPPER_SHARE, "升级的买家太少 / too few buyers climb"


@lab.check("test_evaluate", answers=["scheme", "cost_share", "liability", "tier_share"])
def evaluate(ctx, scheme, cost_share, liability, tier_share):
    assert 0 <= cost_share <= 1, "cost_share 是比例 / cost_share is a share"
    assert abs(float(tier_share.sum()) - 1) < 1e-9, "tier_share 之和为 1 / tier_share sums to 1"
    scheme = _scheme(scheme)
    h = _simulate(ctx, scheme, "public")
    compare_values(cost_share, float(h.summary["cost_share"]), name="cost_share")
    compare_values(liability, float(h.summary["points_outstanding"] * scheme.point_value), name="liability")
    for k, v in h.customers["final_tier"].value_counts(normalize=True).items():
        compare_values(float(tier_share.get(k, 0.0)), float(v), name=f"tier_share[{k!r}]")


@lab.check("test_expiry", answers=["scheme", "liability_never", "liability_ratio"])
def expiry(ctx, scheme, liability_never, liability_ratio):
    assert liability_never >= 0, "负债不会为负 / a liability is not negative"
    scheme = _scheme(scheme)
    n = float(_simulate(ctx, dataclasses.replace(scheme, expiry_months=None), "public").summary["liability_cny"])
    li = float(_simulate(ctx, scheme, "public").summary["liability_cny"])
    compare_values(liability_never, n, name="liability_never")
    compare_values(liability_ratio, n / li, name="liability_ratio")


@lab.check("test_effect", answers=["scheme", "extra_orders", "return_on_cost"])
def effect(ctx, scheme, extra_orders, return_on_cost):
    assert extra_orders >= 0, "新增订单不为负 / extra orders are not negative"
    s = _simulate(ctx, _scheme(scheme), "public").summary
    compare_values(extra_orders, float(s["extra_orders"]), name="extra_orders")
    compare_values(return_on_cost, float(s["extra_margin"] / s["cost"]), name="return_on_cost")
