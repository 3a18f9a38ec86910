"""Trusted checks of lab L6 (campaign funnel, A/B test, power, uplift by tier). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted. Every figure is
built from the public ``campaigns``, ``campaign_assignments``, ``orders`` and
``customers`` tables.

Tasks 1, 2's pick and 4 (5 of the 9 autograded points) ask for the student's own pandas:
a filter, a join to the paid orders, group-bys, the uplift and its Wald interval.
"""

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmlab.analysis import ab_test_proportions, power_proportions, sample_size_proportions
from crmlab.exercises import compare_tables
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L6_campaign_ab", dataset="lab")

# The lab's constants, as the release states them (the student's copies are not trusted).
MDE = 0.02
ALPHA = 0.05
FUNNEL_COLUMNS = ["campaign_id", "targeted", "visited", "converted", "orders", "revenue"]
UPLIFT_COLUMNS = ["member_tier", "n_treatment", "n_control", "uplift", "ci_low", "ci_high"]
_Z = float(norm.ppf(1 - ALPHA / 2))

CASCADES = (
    "不连锁扣分：任务 2 的 p 值和区间、任务 3 的功效都在学生自己选出的 main_test 上核对（只要它是一个 A/B 活动），"
    "选错了活动只扣选活动的 1 分；任务 2 的 p 值与区间各占一半分数。任务 1、4 各自从原始表算起。",
    "No cascades: task 2's p-value and interval and task 3's power are checked on the student's own main_test "
    "(as long as it is an A/B campaign), so a wrong pick costs the pick's point only; task 2's p-value and interval "
    "are worth half the cell each. Tasks 1 and 4 each start from the raw tables.",
)


# -- shared helpers -----------------------------------------------------------------------------------
def _with_key(table, key):
    assert isinstance(table, pd.DataFrame), (
        f"应该是一张表（DataFrame） / it should be a table (DataFrame), not {type(table).__name__}")
    if key not in table.columns and key in [n for n in table.index.names if n is not None]:
        table = table.reset_index()
    return table


def _need_columns(table, cols, name):
    missing = [c for c in cols if c not in table.columns]
    assert not missing, f"`{name}` 缺少列 / `{name}` lacks the columns: {missing}"
    text = [c for c in cols[1:] if table[c].map(lambda v: isinstance(v, str | bytes)).any()]
    assert not text, f"`{name}` 的 {text} 应是数字，而不是文字 / {text} of `{name}` should be numbers, not text"


def _number(value, name):
    ok = isinstance(value, int | float | np.integer | np.floating) and not isinstance(value, bool | np.bool_)
    assert ok and math.isfinite(float(value)), f"`{name}` 应是一个数 / `{name}` should be a number"
    return float(value)


def _close(a, b, rtol=1e-4):
    return math.isclose(float(a), float(b), rel_tol=rtol, abs_tol=1e-9)


def _ab_ids(shop) -> pd.Series:
    return shop.campaigns.loc[shop.campaigns["is_ab_test"], "campaign_id"]


def _ab(ctx) -> dict:
    """The A/B campaigns' assignments, the main test (most customers) and the control rate."""
    def compute():
        shop = ctx.shop
        ab = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(_ab_ids(shop))]
        main = int(ab.groupby("campaign_id").size().idxmax())
        return {"ab": ab, "main": main, "p0": float(ab.loc[ab["group"] == "control", "converted"].mean())}

    return ctx.cached("ab", compute)


def _mains(ctx, main_test):
    """The A/B campaigns to check later steps on: the student's own pick (if an A/B campaign), then the right one."""
    ref = _ab(ctx)["main"]
    try:
        own = int(main_test)
        ok = float(main_test) == own and own in set(_ab_ids(ctx.shop)) and not isinstance(main_test, bool | str)
    except (TypeError, ValueError, OverflowError):
        ok = False
    return [own, ref] if ok and own != ref else [ref]


def _test_of(ctx, main) -> dict:
    def compute():
        ab = _ab(ctx)["ab"]
        t = ab[ab["campaign_id"] == main]
        r = ab_test_proportions(t).iloc[0]
        n1, n0 = float(r["n_treatment"]), float(r["n_control"])
        p1, p0 = float(r["rate_treatment"]), float(r["rate_control"])
        pool = (p1 * n1 + p0 * n0) / (n1 + n0)
        se_pool = math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n0))
        return {"p": float(r["p_value"]), "lo": float(r["ci_low"]), "hi": float(r["ci_high"]), "d": p1 - p0,
                "se_pool": se_pool, "n0": int(n0), "n": int(n0 + n1),
                "p0_main": p0, "p_all_main": float(t["converted"].mean())}

    return ctx.cached(("test", main), compute)


# -- task 1: the funnel --------------------------------------------------------------------------------
def _funnel_of(shop, *, groups=("treatment",), paid_only=True):
    a = shop.campaign_assignments[shop.campaign_assignments["group"].isin(groups)]
    o = shop.orders[shop.orders["payment_status"] == "paid"] if paid_only else shop.orders
    amount = a["order_id"].map(o.set_index("order_id")["amount"])
    f = (a.assign(orders=amount.notna(), revenue=amount.fillna(0.0))
         .groupby("campaign_id").agg(targeted=("visited", "size"), visited=("visited", "sum"),
                                     converted=("converted", "sum"), orders=("orders", "sum"),
                                     revenue=("revenue", "sum"))
         .reset_index())
    return f.astype({"targeted": "int64", "visited": "int64", "converted": "int64", "orders": "int64"})[FUNNEL_COLUMNS]


def _funnel(ctx):
    return ctx.cached("funnel", lambda: _funnel_of(ctx.shop))


FUNNEL_MISTAKES = [
    Mistake("control_kept", "把对照组也算进了漏斗（对照组没有被触达）",
            "counted the control group in the funnel (the control group was never contacted)",
            "漏斗只看真正收到活动的客户：先筛选 group == \"treatment\"，再按 campaign_id 分组。",
            "The funnel follows the customers who got the campaign: filter group == \"treatment\" first, then group by "
            "campaign_id.",
            recompute=lambda ctx: _funnel_of(ctx.shop, groups=("treatment", "control")), compare={"key": "campaign_id"},
            show_expected=lambda ctx: f"实验组共 {int(_funnel(ctx)['targeted'].sum())} 人 / treatment customers in all"),
    Mistake("funnel_unpaid_kept", "把没有付款的活动订单也算成了订单和收入",
            "counted unpaid campaign orders in orders and revenue",
            "只有 payment_status == \"paid\" 的订单才算销售：用已付款订单的 order_id 和 amount 去连接。",
            "Only orders with payment_status == \"paid\" are sales: join on the paid orders' order_id and amount.",
            recompute=lambda ctx: _funnel_of(ctx.shop, paid_only=False), compare={"key": "campaign_id"}),
]


@lab.check("test_funnel", answers=["funnel"], mistakes=FUNNEL_MISTAKES)
def funnel_check(ctx, funnel):
    t = _with_key(funnel, "campaign_id")
    _need_columns(t, FUNNEL_COLUMNS, "funnel")
    t = t[FUNNEL_COLUMNS]
    assert (pd.to_numeric(t["visited"]) <= pd.to_numeric(t["targeted"])).all(), (
        "访问人数不能超过触达人数 / visited cannot exceed targeted")
    compare_tables(t, _funnel(ctx), name="funnel", key="campaign_id")


# -- task 2: the A/B test ------------------------------------------------------------------------------
def _largest_of_all(ctx):
    return int(ctx.shop.campaign_assignments.groupby("campaign_id").size().idxmax())


PICK_MISTAKES = [
    Mistake("non_ab_campaign", "在全部活动里找了人数最多的，没有先限定为有对照组的 A/B 活动",
            "took the largest of all campaigns, not of the A/B campaigns (those with a control group)",
            "先用 campaigns 的 is_ab_test 找出 A/B 活动，再在它们的 assignments 里按 campaign_id 数行数。",
            "First find the A/B campaigns with is_ab_test of campaigns, then count rows per campaign_id among their "
            "assignments.",
            recompute=_largest_of_all, compare={"rtol": 0}),
]


@lab.check("test_ab_pick", answers=["main_test"], mistakes=PICK_MISTAKES)
def ab_pick(ctx, main_test):
    assert not isinstance(main_test, bool | str) and isinstance(main_test, int | float | np.integer | np.floating), (
        "main_test 应是 campaign_id（整数） / main_test should be a campaign_id (an int)")
    assert float(main_test) == int(main_test) and int(main_test) in set(_ab_ids(ctx.shop)), (
        "main_test 必须是 A/B 活动 / main_test must be an A/B campaign")
    if int(main_test) != _ab(ctx)["main"]:
        raise CheckFailed("main_test 不是目标客户最多的 A/B 活动。", "main_test is not the A/B campaign with the most "
                          "targeted customers.")


def _fail(ctx, parts, score):
    """Fail with the named mistake (if any) and what is wrong, for ``parts`` = [(ok, mistake, zh, en)]."""
    zh, en, code = [], [], None
    for ok, mistake, pzh, pen in parts:
        if ok:
            continue
        if mistake is not None:
            mzh, men = mistake.message(ctx)
            zh.append(mzh), en.append(men)
            code = code or mistake.code
        zh.append(pzh), en.append(pen)
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code, score=score)


def _first(pairs, value, bases):
    """The first mistake of ``pairs`` ((Mistake, fn(base) -> value)) whose value on a base matches ``value``."""
    for mistake, fn in pairs:
        for b in bases:
            try:
                if _close(value, fn(b)):
                    return mistake
            except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
                continue
    return None


_P_PAIRS = [
    (Mistake("one_sided", "给出了单侧的 p 值（双侧 p 值的一半）", "gave a one-sided p-value (half the two-sided one)",
             "题目要双侧检验：实验组可能更好，也可能更差。双侧 p = 2 × P(Z > |z|)。",
             "The task asks for a two-sided test: the treatment may be better or worse. Two-sided p = 2 × P(Z > |z|).",
             recompute=lambda ctx: _test_of(ctx, _ab(ctx)["main"])["p"] / 2, answer="p_value"),
     lambda b: b["p"] / 2),
]
_CI_PAIRS = [
    (Mistake("ci_reversed", "算成了“对照组减实验组”的区间，方向反了",
             "gave the interval of control minus treatment: the wrong way round",
             "差值 = 实验组转化率 - 对照组转化率，区间也是这个差值的区间。",
             "The difference is treatment rate minus control rate, and the interval is that difference's.",
             recompute=lambda ctx: -_test_of(ctx, _ab(ctx)["main"])["hi"], answer="ci_low"),
     lambda b: -b["hi"]),
    (Mistake("ci_pooled", "置信区间用了合并的标准误（那是 z 检验用的）",
             "used the pooled standard error for the interval (that one is for the z test)",
             "区间用不合并的（Wald）标准误：√( p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀ )。",
             "The interval uses the unpooled (Wald) standard error: √( p₁(1 − p₁)/n₁ + p₀(1 − p₀)/n₀ ).",
             recompute=lambda ctx: (lambda b: b["d"] - _Z * b["se_pool"])(_test_of(ctx, _ab(ctx)["main"])),
             answer="ci_low"),
     lambda b: b["d"] - _Z * b["se_pool"]),
]


@lab.check("test_ab_values", answers=["p_value", "ci_low", "ci_high", "significant", "main_test"],
           optional=["main_test"], mistakes=[m for m, _ in _P_PAIRS + _CI_PAIRS])
def ab_values(ctx, p_value, ci_low, ci_high, significant, main_test):
    """Half for the p-value and `significant`, half for the interval, on the student's own main_test."""
    p, lo, hi = _number(p_value, "p_value"), _number(ci_low, "ci_low"), _number(ci_high, "ci_high")
    assert isinstance(significant, bool | np.bool_), "significant 应是 True 或 False / significant should be True or False"
    assert 0 <= p <= 1, "p_value 必须在 0 与 1 之间 / p_value must lie between 0 and 1"
    bases = [_test_of(ctx, m) for m in _mains(ctx, main_test)]
    p_ok = any(_close(p, b["p"]) for b in bases) and bool(significant) == bool(p < ALPHA)
    ci_ok = any(_close(lo, b["lo"]) and _close(hi, b["hi"]) for b in bases)
    if p_ok and ci_ok:
        return None
    p_m = None if p_ok else _first(_P_PAIRS, p, bases)
    ci_m = None if ci_ok else _first(_CI_PAIRS, lo, bases)
    _fail(ctx, [(p_ok, p_m, "p_value 或 significant 不对（significant 应与 p < 0.05 一致）。",
                 "p_value or significant is not right (significant should agree with p < 0.05)."),
                (ci_ok, ci_m, "置信区间 (ci_low, ci_high) 不对。", "The interval (ci_low, ci_high) is not right.")],
          0.5 * p_ok + 0.5 * ci_ok)


# -- task 3: power and sample size --------------------------------------------------------------------
def _power(p0, n):
    return float(power_proportions(p0, p0 + MDE, n))


def _n_needed(p0):
    return float(sample_size_proportions(p0, p0 + MDE)["n_control"])


_POWER_PAIRS = [
    (Mistake("n_both_groups", "用了 main_test 两组的总人数作每组人数",
             "used main_test's two groups together as the size of each group",
             "power_proportions 的 n 是一组的人数：用 main_test 对照组的人数。",
             "The n of power_proportions is the size of one group: take main_test's control group.",
             recompute=lambda ctx: _power(_ab(ctx)["p0"], _test_of(ctx, _ab(ctx)["main"])["n"]), answer="power_now"),
     lambda ctx, b: _power(_ab(ctx)["p0"], b["n"])),
    (Mistake("p0_main_only_power", "只用 main_test 的对照组算 p0", "took p0 from main_test's control group only",
             "p0 是所有 A/B 活动对照组的转化率：先筛选全部 A/B 活动的对照组，再求 converted 的平均。",
             "p0 is the conversion of the control groups of all A/B campaigns: filter every A/B campaign's control "
             "group, then take the mean of converted.",
             recompute=lambda ctx: (lambda b: _power(b["p0_main"], b["n0"]))(_test_of(ctx, _ab(ctx)["main"])),
             answer="power_now"),
     lambda ctx, b: _power(b["p0_main"], b["n0"])),
]
_N_PAIRS = [
    (Mistake("p0_main_only", "只用 main_test 的对照组算 p0", "took p0 from main_test's control group only",
             "p0 是所有 A/B 活动对照组的转化率：先筛选全部 A/B 活动的对照组，再求 converted 的平均。",
             "p0 is the conversion of the control groups of all A/B campaigns: filter every A/B campaign's control "
             "group, then take the mean of converted.",
             recompute=lambda ctx: _n_needed(_test_of(ctx, _ab(ctx)["main"])["p0_main"]), answer="n_needed"),
     lambda ctx, b: _n_needed(b["p0_main"])),
    (Mistake("p0_both_groups", "把实验组也算进了 p0", "counted the treatment groups in p0",
             "p0 是“不做活动时”的转化率：只看对照组（group == \"control\"）。",
             "p0 is the conversion without a campaign: the control groups only (group == \"control\").",
             recompute=lambda ctx: _n_needed(float(_ab(ctx)["ab"]["converted"].mean())), answer="n_needed"),
     lambda ctx, b: _n_needed(float(_ab(ctx)["ab"]["converted"].mean()))),
]


@lab.check("test_power", answers=["power_now", "n_needed", "main_test"], optional=["main_test"],
           mistakes=[m for m, _ in _POWER_PAIRS + _N_PAIRS])
def power(ctx, power_now, n_needed, main_test):
    """Half for power_now (on the student's own main_test), half for n_needed."""
    pw, nn = _number(power_now, "power_now"), _number(n_needed, "n_needed")
    assert 0 < pw < 1, "功效在 0 与 1 之间 / power lies between 0 and 1"
    p0 = _ab(ctx)["p0"]
    bases = [_test_of(ctx, m) for m in _mains(ctx, main_test)]
    pw_ok = any(_close(pw, _power(p0, b["n0"])) for b in bases)
    n_ok = math.isclose(nn, _n_needed(p0), rel_tol=0, abs_tol=0.5)
    if pw_ok and n_ok:
        return None

    def named(pairs, value):
        for mistake, fn in pairs:
            if any(_close(value, fn(ctx, b)) for b in bases):
                return mistake
        return None

    _fail(ctx, [(pw_ok, None if pw_ok else named(_POWER_PAIRS, pw), "power_now 不对。", "power_now is not right."),
                (n_ok, None if n_ok else named(_N_PAIRS, nn), "n_needed 不对（每组的人数）。",
                 "n_needed is not right (customers per group).")],
          0.5 * pw_ok + 0.5 * n_ok)


# -- task 4: uplift by member tier ---------------------------------------------------------------------
def _uplift_of(assignments, customers, *, reverse=False):
    tier = assignments["customer_id"].map(customers.set_index("customer_id")["member_tier"])
    g = (assignments.assign(member_tier=tier.astype(str), y=assignments["converted"].astype(float))
         .groupby(["member_tier", "group"])["y"].agg(["size", "mean"]).unstack("group").dropna())
    n1, n0 = g[("size", "treatment")], g[("size", "control")]
    p1, p0 = g[("mean", "treatment")], g[("mean", "control")]
    d = (p0 - p1) if reverse else (p1 - p0)
    se = np.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    out = pd.DataFrame({"member_tier": g.index.astype(str), "n_treatment": n1.astype("int64").to_numpy(),
                        "n_control": n0.astype("int64").to_numpy(), "uplift": d.to_numpy(),
                        "ci_low": (d - _Z * se).to_numpy(), "ci_high": (d + _Z * se).to_numpy()})
    return out.reset_index(drop=True)


def _uplift(ctx):
    return ctx.cached("uplift", lambda: _uplift_of(_ab(ctx)["ab"], ctx.shop.customers))


def _uplift_all_campaigns(ctx):
    """Every campaign's assignments pooled: the treatment rows of campaigns without a control group kept."""
    return _uplift_of(ctx.shop.campaign_assignments, ctx.shop.customers)


UPLIFT_MISTAKES = [
    Mistake("uplift_reversed", "算成了“对照组减实验组”，方向反了", "took control minus treatment: the wrong way round",
            "提升 = 实验组转化率 - 对照组转化率：活动有用时它是正数；区间也跟着这个方向。",
            "The uplift = treatment rate minus control rate: positive when the campaign works; the interval goes the "
            "same way.",
            recompute=lambda ctx: _uplift_of(_ab(ctx)["ab"], ctx.shop.customers, reverse=True),
            compare={"key": "member_tier", "rtol": 1e-4}),
    Mistake("uplift_non_ab_kept", "把没有对照组的活动也合了进来", "pooled in the campaigns without a control group",
            "没有对照组的活动只有实验组，会抬高实验组的转化率：先筛选 is_ab_test 的活动。",
            "Campaigns without a control group add treatment rows only and bias the treatment rate: keep the "
            "is_ab_test campaigns first.",
            recompute=_uplift_all_campaigns, compare={"key": "member_tier", "rtol": 1e-4}),
    Mistake("uplift_main_only", "只用了 main_test 一个活动，而不是把所有 A/B 活动合在一起",
            "used main_test alone instead of pooling every A/B campaign",
            "题目要把所有 A/B 活动合在一起：筛选 is_ab_test 的全部活动，不要只留 main_test。",
            "The task pools every A/B campaign: keep all the is_ab_test campaigns, not main_test alone.",
            recompute=lambda ctx: _uplift_of(_ab(ctx)["ab"][_ab(ctx)["ab"]["campaign_id"] == _ab(ctx)["main"]],
                                             ctx.shop.customers),
            compare={"key": "member_tier", "rtol": 1e-4}),
]


@lab.check("test_uplift", answers=["uplift_tier"], mistakes=UPLIFT_MISTAKES)
def uplift(ctx, uplift_tier):
    t = _with_key(uplift_tier, "member_tier")
    _need_columns(t, UPLIFT_COLUMNS, "uplift_tier")
    t = t[UPLIFT_COLUMNS].assign(member_tier=t["member_tier"].astype(str))
    compare_tables(t, _uplift(ctx), name="uplift_tier", key="member_tier", rtol=1e-4)


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    a = _ab(ctx)
    b = _test_of(ctx, a["main"])
    return {"funnel": _funnel(ctx), "main_test": a["main"], "p_value": b["p"], "ci_low": b["lo"], "ci_high": b["hi"],
            "significant": bool(b["p"] < ALPHA), "power_now": _power(a["p0"], b["n0"]),
            "n_needed": _n_needed(a["p0"]), "uplift_tier": _uplift(ctx)}
