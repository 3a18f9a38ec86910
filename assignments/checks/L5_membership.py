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

Tasks 1-3 (9 of the 13 autograded points) ask for the student's own work: the paid spend
per customer and its quantiles (pandas), a design of thresholds and rules from them, and
the tiers' shares and the liability in CNY worked out from the simulation's tables.
"""

import dataclasses
import math

import numpy as np
import pandas as pd

from crmlab.analysis import PointsScheme
from crmlab.exercises import compare_values
from crmlab.grading.handoff import Fields
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L5_membership", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
SEED = 0
BUDGET_SHARE = 0.015
MIN_UPPER_SHARE = 0.15
QUANTILES = [0.5, 0.75, 0.9, 0.95, 0.99]

_FIELDS = [f.name for f in dataclasses.fields(PointsScheme)]

CASCADES = (
    "不连锁扣分：任务 1 的分位数在学生自己的 total_spend 上核对；任务 3-5 的数都在学生自己的方案上重新模拟后核对（方案没有通过"
    "任务 2 也一样）；任务 4 的 liability_ratio 可以用学生自己在任务 3 算出的 liability；每个任务里的几个数各占一部分分数。",
    "No cascades: task 1's quantiles are checked on the student's own total_spend; the numbers of tasks 3-5 are "
    "checked on a fresh simulation of the student's own scheme (even one that failed task 2); task 4's "
    "liability_ratio may use the student's own liability of task 3; each number of a task is worth its share of "
    "the task's points.",
)


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


def _spend_of(shop, *, paid_only=True):
    o = shop.orders[shop.orders["payment_status"] == "paid"] if paid_only else shop.orders
    return o.groupby("customer_id")["amount"].sum()


def _spend(ctx):
    return ctx.cached("spend", lambda: _spend_of(ctx.shop))


def _as_series(value, name):
    assert isinstance(value, pd.Series), f"{name} 应该是 Series / {name} should be a Series"
    return value


def _by_quantile(value):
    """Quantiles labelled by their levels are read by label: reordered, they are the same answer; with labels that
    don't belong to their values, they are not. Unlabelled values are read in the order of QUANTILES."""
    if not isinstance(value, pd.Series) or len(value) != len(QUANTILES):
        return value
    try:
        labels = [round(float(x), 6) for x in value.index]
    except (TypeError, ValueError):
        return value
    wanted = [round(float(q), 6) for q in QUANTILES]
    if sorted(labels) != sorted(wanted):
        return value
    return value.set_axis(labels).reindex(wanted)


def _values(value, name, n):
    try:
        v = [float(x) for x in (value.tolist() if isinstance(value, pd.Series | np.ndarray) else list(value))]
    except (TypeError, ValueError):
        raise AssertionError(f"{name} 应是 {n} 个数 / {name} should be {n} numbers") from None
    assert len(v) == n, f"{name}：每个分位数一个值 / {name}: one value per quantile"
    return v


def _close_all(a, b, rtol=1e-6):
    return len(a) == len(b) and all(math.isclose(x, y, rel_tol=rtol, abs_tol=1e-9) for x, y in zip(a, b, strict=True))


SPEND_MISTAKES = [
    Mistake("spend_unpaid_kept", "把没有付款的订单也算进了消费", "counted unpaid orders in the spend",
            "只有 payment_status == \"paid\" 的订单才算销售：先筛选，再按 customer_id 求 amount 之和。",
            "Only orders with payment_status == \"paid\" are sales: filter first, then sum amount per customer_id.",
            recompute=lambda ctx: _spend_of(ctx.shop, paid_only=False), answer="total_spend"),
    Mistake("quantiles_of_orders", "对每一笔订单的金额求了分位数，而不是对每位买家的消费总额",
            "took the quantiles of single order amounts, not of each buyer's total spend",
            "等级门槛比较的是一位客户累计花了多少：对 total_spend（每位买家一个数）求分位数。",
            "Tier thresholds compare what a customer spent in all: take the quantiles of total_spend (one number per "
            "buyer).",
            recompute=lambda ctx: list(ctx.shop.orders.loc[ctx.shop.orders["payment_status"] == "paid", "amount"]
                                       .quantile(QUANTILES)), answer="spend_quantiles"),
]


@lab.check("test_spend", answers=["total_spend", "spend_quantiles"], mistakes=SPEND_MISTAKES)
def spend(ctx, total_spend, spend_quantiles):
    """Half for total_spend, half for the quantiles (of the student's own total_spend, or of the right one)."""
    ts = _as_series(total_spend, "total_spend")
    q = _values(_by_quantile(spend_quantiles), "spend_quantiles", len(QUANTILES))
    sp = _spend(ctx)
    try:
        compare_values(ts.sort_index(), sp.sort_index(), name="total_spend")
        ts_ok, why = True, None
    except Exception as exc:  # noqa: BLE001 - a wrong total_spend: the message says why
        ts_ok, why = False, exc
    bases = [list(sp.quantile(QUANTILES))]
    try:
        bases.append(list(pd.to_numeric(ts).quantile(QUANTILES)))
    except Exception:  # noqa: BLE001 - an unusable total_spend: the right one decides
        pass
    q_ok = any(_close_all(q, b) for b in bases)
    if ts_ok and q_ok:
        return None
    zh, en, code = [], [], None
    for ok, m, value in ((ts_ok, SPEND_MISTAKES[0], ts), (q_ok, SPEND_MISTAKES[1], q)):
        if not ok:
            try:
                named = m.applies(value, ctx)
            except Exception:  # noqa: BLE001
                named = False
            if named:
                mzh, men = m.message(ctx)
                zh.append(mzh), en.append(men)
                code = code or m.code
    if not ts_ok:
        msg = getattr(why, "message", None)
        zh.append(msg.zh if msg else "total_spend 不对。"), en.append(msg.en if msg else "total_spend is not right.")
    if not q_ok:
        zh.append("spend_quantiles 不是你的 total_spend 的分位数。")
        en.append("spend_quantiles are not the quantiles of your total_spend.")
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=0.5 * ts_ok + 0.5 * q_ok)


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


def _result(ctx, scheme):
    return _simulate(ctx, _scheme(scheme), "public")


def _num(value, name):
    ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | np.bool_)
    assert ok and math.isfinite(float(value)), f"`{name}` 应是一个数 / `{name}` should be a number"
    return float(value)


def _close(a, b, rtol=1e-6):
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=1e-9)


def _ref_scheme(ctx):
    """The lab's model design on this shop (for the catalogue's recomputed mistakes)."""
    def compute():
        ts = _spend_of(_public(ctx))
        for q in (0.8, 0.75, 0.7, 0.65, 0.6, 0.55, 0.5):
            t1 = float(round(ts.quantile(q), -1))
            scheme = PointsScheme(tier_thresholds=(t1, 2.5 * t1, 6.25 * t1))
            r = _simulate(ctx, scheme, "public")
            if ((r.customers["final_tier"] != "regular").mean() >= MIN_UPPER_SHARE + 0.03
                    and r.summary["cost_share"] <= BUDGET_SHARE and r.summary["net_effect"] > 0):
                break
        return scheme

    return ctx.cached("ref_scheme", compute)


def _ref_result(ctx):
    return _simulate(ctx, _ref_scheme(ctx), "public")


EVALUATE_MISTAKES = [
    Mistake("liability_points", "给出了欠着的积分数，而不是折成人民币的负债",
            "gave the points still owed, not the liability in CNY",
            "负债以元计：期末未兑换的积分 × 每分的价值（point_value）。",
            "The liability is in CNY: the points outstanding at the end × the value of a point (point_value).",
            recompute=lambda ctx: float(_ref_result(ctx).summary["points_outstanding"]), answer="liability"),
    Mistake("tier_counts", "给出了各等级的人数，而不是比例", "gave the number of buyers per tier, not the share",
            "value_counts(normalize=True) 给出比例，各等级之和为 1。", "value_counts(normalize=True) gives shares that add "
            "up to 1.",
            recompute=lambda ctx: _ref_result(ctx).customers["final_tier"].value_counts(), answer="tier_share"),
    Mistake("cost_share_percent", "把成本占比写成了百分数", "gave the cost share as a percent",
            "cost_share 是 0 到 1 之间的比例（0.012 表示 1.2%）。", "cost_share is a share in 0-1 (0.012 means 1.2%).",
            recompute=lambda ctx: 100 * float(_ref_result(ctx).summary["cost_share"]), answer="cost_share"),
]


@lab.check("test_evaluate", answers=["scheme", "cost_share", "liability", "tier_share"], mistakes=EVALUATE_MISTAKES)
def evaluate(ctx, scheme, cost_share, liability, tier_share):
    """A third each for cost_share, liability (CNY) and tier_share, on the student's own scheme."""
    h = _result(ctx, scheme)
    sch = _scheme(scheme)
    ok = {}
    try:
        ok["cost_share"] = _close(_num(cost_share, "cost_share"), h.summary["cost_share"])
    except AssertionError:
        ok["cost_share"] = False
    try:
        ok["liability"] = _close(_num(liability, "liability"), h.summary["points_outstanding"] * sch.point_value)
    except AssertionError:
        ok["liability"] = False
    try:
        ts = _as_series(tier_share, "tier_share")
        want = h.customers["final_tier"].value_counts(normalize=True)
        got = {str(k): float(v) for k, v in ts.items()}
        ok["tier_share"] = (set(got) <= set(want.index) | {"regular", "silver", "gold", "diamond"}
                            and all(_close(got.get(k, 0.0), v) for k, v in want.items())
                            and abs(sum(got.values()) - 1) < 1e-9)
    except Exception:  # noqa: BLE001 - not a Series of shares
        ok["tier_share"] = False
    score = sum(ok.values()) / 3
    if score == 1.0:
        return None
    zh, en, code = [], [], None
    own = {"cost_share": 100 * float(h.summary["cost_share"]), "liability": float(h.summary["points_outstanding"]),
           "tier_share": h.customers["final_tier"].value_counts()}
    given = {"cost_share": cost_share, "liability": liability, "tier_share": tier_share}
    for m in EVALUATE_MISTAKES:
        if not ok[m.answer]:
            from crmlab.mistakes import matches

            if matches(given[m.answer], own[m.answer]) or m.applies(given[m.answer], ctx):
                mzh, men = m.message(ctx)
                zh.append(mzh), en.append(men)
                code = code or m.code
    bad = [k for k, v in ok.items() if not v]
    zh.append(f"不对的是：{bad}（按你的方案模拟核对）"), en.append(f"Not right: {bad} (checked on a simulation of your scheme)")
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=score)


EXPIRY_MISTAKES = [
    Mistake("ratio_reversed", "算成了“有过期 ÷ 永不过期”，比值倒过来了",
            "took the liability with expiry ÷ the one without: the ratio upside down",
            "liability_ratio = 永不过期的负债 ÷ 你的方案的负债：过期让负债变小，所以它大于等于 1。",
            "liability_ratio = the never-expiring liability ÷ your scheme's: expiry makes the liability smaller, so it "
            "is at least 1.",
            recompute=lambda ctx: (float(_ref_result(ctx).summary["liability_cny"])
                                   / float(_simulate(ctx, dataclasses.replace(_ref_scheme(ctx), expiry_months=None),
                                                     "public").summary["liability_cny"])),
            answer="liability_ratio"),
]


@lab.check("test_expiry", answers=["scheme", "liability_never", "liability_ratio", "liability"], optional=["liability"],
           mistakes=EXPIRY_MISTAKES)
def expiry(ctx, scheme, liability_never, liability_ratio, liability):
    """Half for liability_never, half for the ratio (on the right liability or the student's own task-3 one)."""
    lnever, ratio = _num(liability_never, "liability_never"), _num(liability_ratio, "liability_ratio")
    assert lnever >= 0, "负债不会为负 / a liability is not negative"
    sch = _scheme(scheme)
    n = float(_simulate(ctx, dataclasses.replace(sch, expiry_months=None), "public").summary["liability_cny"])
    li = float(_simulate(ctx, sch, "public").summary["liability_cny"])
    n_ok = _close(lnever, n)
    dens = [li]
    try:
        own = _num(liability, "liability")
        if own > 0:
            dens.append(own)
    except AssertionError:
        pass
    r_ok = any(_close(ratio, num / d) for num in {n, lnever} for d in dens if d)
    if n_ok and r_ok:
        return None
    zh, en, code = [], [], None
    if not r_ok and any(_close(ratio, d / num) for num in {n, lnever} if num for d in dens):
        mzh, men = EXPIRY_MISTAKES[0].message(ctx)
        zh.append(mzh), en.append(men)
        code = EXPIRY_MISTAKES[0].code
    if not n_ok:
        zh.append("liability_never 不对：把方案改成永不过期后，用同样的 random_state 模拟，取 liability_cny。")
        en.append("liability_never is not right: make the scheme never expire, simulate with the same random_state, "
                  "take liability_cny.")
    if not r_ok:
        zh.append("liability_ratio 不对。"), en.append("liability_ratio is not right.")
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=0.5 * n_ok + 0.5 * r_ok)


EFFECT_MISTAKES = [
    Mistake("roc_reversed", "算成了“成本 ÷ 新增毛利”，比值倒过来了", "took cost ÷ extra margin: upside down",
            "return_on_cost = 新增毛利 ÷ 成本：每花 1 元带回多少毛利，大于 1 才划算。",
            "return_on_cost = extra margin ÷ cost: the margin each CNY of cost brings back; above 1 it pays.",
            recompute=lambda ctx: float(_ref_result(ctx).summary["cost"] / _ref_result(ctx).summary["extra_margin"]),
            answer="return_on_cost"),
    Mistake("roc_revenue", "用了新增收入，而不是新增毛利", "used the extra revenue, not the extra margin",
            "收入里还有商品成本：回报要看毛利（extra_margin = extra_revenue × 毛利率）。",
            "Revenue still carries the cost of the goods: the return is about margin (extra_margin = extra_revenue × "
            "gross margin).",
            recompute=lambda ctx: float(_ref_result(ctx).summary["extra_revenue"] / _ref_result(ctx).summary["cost"]),
            answer="return_on_cost"),
]


@lab.check("test_effect", answers=["scheme", "extra_orders", "return_on_cost"], mistakes=EFFECT_MISTAKES)
def effect(ctx, scheme, extra_orders, return_on_cost):
    """Half for extra_orders, half for return_on_cost, on the student's own scheme."""
    eo, roc = _num(extra_orders, "extra_orders"), _num(return_on_cost, "return_on_cost")
    assert eo >= 0, "新增订单不为负 / extra orders are not negative"
    s = _result(ctx, scheme).summary
    eo_ok = _close(eo, s["extra_orders"])
    roc_ok = _close(roc, s["extra_margin"] / s["cost"])
    if eo_ok and roc_ok:
        return None
    zh, en, code = [], [], None
    if not roc_ok:
        for m, own in zip(EFFECT_MISTAKES, (s["cost"] / s["extra_margin"], s["extra_revenue"] / s["cost"]), strict=True):
            if _close(roc, own) or m.applies(roc, ctx):
                mzh, men = m.message(ctx)
                zh.append(mzh), en.append(men)
                code = m.code
                break
        zh.append("return_on_cost 不对。"), en.append("return_on_cost is not right.")
    if not eo_ok:
        zh.append("extra_orders 不对：取模拟结果 summary 的 extra_orders。")
        en.append("extra_orders is not right: take extra_orders of the simulation's summary.")
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=0.5 * eo_ok + 0.5 * roc_ok)


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    from crmlab.grading.handoff import Fields

    sp = _spend(ctx)
    sch = _ref_scheme(ctx)
    r = _ref_result(ctx)
    never = _simulate(ctx, dataclasses.replace(sch, expiry_months=None), "public")
    liability = float(r.summary["liability_cny"])
    return {"total_spend": sp, "spend_quantiles": sp.quantile(QUANTILES),
            "scheme": Fields("PointsScheme", {f.name: getattr(sch, f.name) for f in dataclasses.fields(PointsScheme)}),
            "cost_share": float(r.summary["cost_share"]), "liability": liability,
            "tier_share": r.customers["final_tier"].value_counts(normalize=True),
            "liability_never": float(never.summary["liability_cny"]),
            "liability_ratio": float(never.summary["liability_cny"]) / liability,
            "extra_orders": float(r.summary["extra_orders"]),
            "return_on_cost": float(r.summary["extra_margin"] / r.summary["cost"])}
