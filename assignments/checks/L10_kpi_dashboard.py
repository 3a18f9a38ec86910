"""Trusted checks of lab L10 (the CRM team's KPI dashboard). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; ``flag`` is called in the kernel on the
grader's inputs (probes) and the chart arrives as a summary of the Figure; see
crmlab.grading.trusted and crmlab.grading.handoff.

No cascades (``CASCADES`` below): the three hand-made KPIs are three test cells, one
column each; the dashboard is checked on its own; the three worst KPIs are checked on
the student's own dashboard as well as on the right one; ``flag`` is called on the
grader's own inputs.
"""

import numpy as np
import pandas as pd

from crmlab.analysis import KPI_DEFINITIONS, kpi_status, kpi_table
from crmlab.exercises import Incorrect, compare_tables, compare_values
from crmlab.grading.handoff import FigureSummary
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L10_kpi_dashboard", dataset="lab")

CASCADES = (
    "不连锁扣分：任务 1 的三个 KPI 分成三个测试单元格，每个只看自己的一列；任务 2 的看板单独核对；任务 4 的差距最大的三个"
    " KPI 既按学生自己的看板核对，也按正确的看板核对，所以看板的错误（例如用了默认目标）只扣任务 2 的分；任务 3 的 flag "
    "由评分程序用自己的输入调用。常见错误也在学生自己的看板上诊断。",
    "No cascades: task 1's three KPIs are three test cells, each looking at its own column only; task 2's dashboard "
    "is checked on its own; task 4's three worst KPIs are checked on the student's own dashboard as well as on the "
    "right one, so a dashboard slip (the default targets, say) costs task 2's points only; task 3's flag is called on "
    "the grader's own inputs. Mistakes are diagnosed on the student's own dashboard too.",
)

# The department's targets, as the release states them (the student's copy is not trusted).
TARGETS = {"repurchase_rate": 0.15, "satisfaction": 0.75, "nps": 20.0, "complaint_rate": 0.02,
           "on_time_delivery": 0.80, "first_response_seconds": 40.0}
DASHBOARD_COLUMNS = ["period", "kpi", "value", "target", "status"]
MY_KPIS = ["repurchase_rate", "payment_rate", "on_time_delivery"]


def _kpis(shop, **kwargs):
    """The whole shop's KPI table (every table kpi_table reads)."""
    kwargs.setdefault("period", "Q")
    return kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                     service_tickets=shop.service_tickets, **kwargs)


def _by_quarter(ctx):
    """The default-target KPI values, one row per quarter, one column per KPI."""
    return ctx.cached("kpis", lambda: _kpis(ctx.shop).pivot(index="period", columns="kpi", values="value"))


def _dashboard(ctx):
    return ctx.cached("dashboard", lambda: _kpis(ctx.shop, targets=TARGETS))


def _fail_with(ctx, mistake, detail_zh="", detail_en=""):
    zh, en = mistake.message(ctx)
    raise CheckFailed(zh + (f"\n（{detail_zh}）" if detail_zh else ""), en + (f"\n({detail_en})" if detail_en else ""),
                      mistake=mistake.code)


# -- task 1: three KPIs by hand ------------------------------------------------------------------------
def _quarter(times):
    return times.dt.to_period("Q").astype(str)


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


def _repurchase(orders, *, over="quarter", base="buyers", all_customers=None):
    """Share of each quarter's buyers with 2+ paid orders in the quarter (or slips of it)."""
    o = orders.assign(period=_quarter(orders["order_time"]))
    per = o.groupby(["period", "customer_id"]).size()
    if over == "history":
        total = o.groupby("customer_id").size()
        repeat = pd.Series(total.reindex(per.index.get_level_values("customer_id")).to_numpy() >= 2, index=per.index)
    else:
        repeat = per >= 2
    if base == "customers":
        return repeat.groupby(level="period").sum() / all_customers
    return repeat.groupby(level="period").mean()


def _payment(orders, *, unpaid_flag=False):
    ok = ~orders["was_unpaid"].astype(bool) if unpaid_flag else orders["payment_status"] == "paid"
    return ok.groupby(_quarter(orders["order_time"])).mean()


def _on_time(shipments, *, by="delivered_time", strict=False):
    sh = shipments if by != "delivered_time" else shipments.dropna(subset=["delivered_time"])
    late = sh["delay_days"] < 0 if strict else sh["delay_days"] <= 0
    return late.groupby(_quarter(sh[by])).mean()


def _my_kpis_with(ctx, column, values):
    """The model my_kpis with one column replaced (what a mistake in that column gives)."""
    exp = _by_quarter(ctx)[MY_KPIS].copy()
    exp[column] = pd.Series(values).reindex(exp.index).to_numpy(float)
    return exp


def _column(ctx, my_kpis, column):
    """The student's ``column`` by quarter string, after the checks any student can see."""
    assert isinstance(my_kpis, pd.DataFrame), "my_kpis 应是一张表（DataFrame） / my_kpis should be a table (DataFrame)"
    assert column in my_kpis.columns, f"缺少列 {column} / missing column {column}"
    col = my_kpis[column]
    assert not col.map(lambda v: isinstance(v, str | bytes | bool)).any(), (
        f"{column} 应是数字 / {column} should be numbers")
    col = pd.Series(pd.to_numeric(col, errors="coerce").to_numpy(float), index=my_kpis.index.astype(str))
    exp = _by_quarter(ctx)
    missing = [p for p in exp.index if p not in col.index]
    assert not missing, (f"my_kpis 缺少季度 {missing[:3]}：索引应是季度字符串，如 \"2023Q1\"（.dt.to_period(\"Q\").astype(str)） / "
                         f"my_kpis lacks the quarters {missing[:3]}: the index should be quarter strings such as "
                         "\"2023Q1\" (.dt.to_period(\"Q\").astype(str))")
    return col[~col.index.duplicated()].reindex(exp.index)


def _same_values(a, b):
    a, b = np.asarray(a, float), np.asarray(b, float)
    return a.shape == b.shape and bool(np.all(np.isclose(a, b, rtol=1e-6, atol=1e-9) | (np.isnan(a) & np.isnan(b))))


def _check_column(ctx, my_kpis, column, pairs):
    got = _column(ctx, my_kpis, column)
    exp = _by_quarter(ctx)[column]
    if _same_values(got, exp):
        return None
    for mistake, fn in pairs:
        try:
            cand = pd.Series(fn(ctx)).reindex(exp.index)
        except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
            continue
        if _same_values(got, cand):
            _fail_with(ctx, mistake)
    assert got.dropna().between(0, 1).all(), (
        f"{column} 是 0 到 1 之间的比例（不是百分数） / {column} is a share between 0 and 1 (not a percent)")
    compare_values([round(float(x), 9) for x in got], [round(float(x), 9) for x in exp], name=f"my_kpis[{column!r}]",
                   rtol=1e-6)


def _kpi_mistake(code, column, zh, en, fix_zh, fix_en, fn):
    """A mistake of one my_kpis column: ``fn(ctx)`` gives that column by quarter."""
    return (Mistake(code, zh, en, fix_zh, fix_en, recompute=lambda ctx: _my_kpis_with(ctx, column, fn(ctx)),
                    compare={"rtol": 1e-6}), fn)


_PERCENT_ZH, _PERCENT_EN = "比例写成 0 到 1 之间的小数：不要乘 100。", "A share is a decimal between 0 and 1: do not multiply by 100."

REPURCHASE_PAIRS = [
    _kpi_mistake("repurchase_unpaid_kept", "repurchase_rate", "把未付款（已取消）的订单也算成了购买",
                 "counted unpaid (cancelled) orders as purchases",
                 "重复购买只看已支付订单：先筛选 payment_status == \"paid\"，再数每位客户在季度内的订单数。",
                 "Repurchases count paid orders only: keep payment_status == \"paid\" first, then count each "
                 "customer's orders in the quarter.",
                 lambda ctx: _repurchase(ctx.shop.orders)),
    _kpi_mistake("repurchase_whole_history", "repurchase_rate", "数的是客户全部历史的订单数，而不是该季度内的",
                 "counted each customer's orders over the whole history, not within the quarter",
                 "口径是“该季度内已支付订单 ≥ 2 笔”：按 (季度, 客户) 两个键分组再数。",
                 "The definition is \"two or more paid orders in the quarter\": group by (quarter, customer) and count.",
                 lambda ctx: _repurchase(_paid(ctx.shop), over="history")),
    _kpi_mistake("repurchase_all_customers", "repurchase_rate", "用全部客户而不是该季度的购买客户做了分母",
                 "divided by all customers instead of the quarter's buyers",
                 "分母是该季度有已支付订单的客户：没在这个季度买东西的人不在分母里。",
                 "The denominator is the quarter's buyers (customers with a paid order in it), not every customer.",
                 lambda ctx: _repurchase(_paid(ctx.shop), base="customers", all_customers=len(ctx.shop.customers))),
    _kpi_mistake("repurchase_percent", "repurchase_rate", "把重复购买率写成了百分数", "gave the repurchase rate as a percent",
                 _PERCENT_ZH, _PERCENT_EN, lambda ctx: 100 * _by_quarter(ctx)["repurchase_rate"]),
]
PAYMENT_PAIRS = [
    _kpi_mistake("payment_was_unpaid", "payment_rate", "把 was_unpaid（下单时未付款）当成了最终没付款",
                 "took was_unpaid (not paid at checkout) as never paid",
                 "was_unpaid 只说明下单时没马上付款，很多订单后来付了：最终是否付款看 payment_status == \"paid\"。",
                 "was_unpaid only says the order was not paid at checkout, and many were paid later: whether it was "
                 "finally paid is payment_status == \"paid\".",
                 lambda ctx: _payment(ctx.shop.orders, unpaid_flag=True)),
    _kpi_mistake("payment_percent", "payment_rate", "把付款率写成了百分数", "gave the payment rate as a percent",
                 _PERCENT_ZH, _PERCENT_EN, lambda ctx: 100 * _by_quarter(ctx)["payment_rate"]),
]
ON_TIME_PAIRS = [
    _kpi_mistake("on_time_by_ship_time", "on_time_delivery", "按发货时间（ship_time）而不是签收时间分季度，未签收的包裹也算成了晚到",
                 "put parcels in the quarter they were shipped (ship_time), not signed for, counting parcels not yet "
                 "delivered as late",
                 "口径是“该季度签收的包裹”：先去掉 delivered_time 为空的包裹，再按 delivered_time 的季度分组。",
                 "The definition is \"parcels signed for in the quarter\": drop parcels without delivered_time, then "
                 "group by the quarter of delivered_time.",
                 lambda ctx: _on_time(ctx.shop.shipments, by="ship_time")),
    _kpi_mistake("on_time_strict", "on_time_delivery", "把正好准时（delay_days == 0）的包裹算成了晚到",
                 "counted parcels exactly on time (delay_days == 0) as late",
                 "准时是 delay_days <= 0：0 表示按承诺时间送达。", "On time is delay_days <= 0: 0 means delivered as promised.",
                 lambda ctx: _on_time(ctx.shop.shipments, strict=True)),
    _kpi_mistake("on_time_percent", "on_time_delivery", "把准时送达率写成了百分数", "gave on-time delivery as a percent",
                 _PERCENT_ZH, _PERCENT_EN, lambda ctx: 100 * _by_quarter(ctx)["on_time_delivery"]),
]


@lab.check("test_my_kpis_repurchase", answers=["my_kpis"], mistakes=[m for m, _ in REPURCHASE_PAIRS])
def my_kpis_repurchase(ctx, my_kpis):
    _check_column(ctx, my_kpis, "repurchase_rate", REPURCHASE_PAIRS)


@lab.check("test_my_kpis_payment", answers=["my_kpis"], mistakes=[m for m, _ in PAYMENT_PAIRS])
def my_kpis_payment(ctx, my_kpis):
    _check_column(ctx, my_kpis, "payment_rate", PAYMENT_PAIRS)


@lab.check("test_my_kpis_on_time", answers=["my_kpis"], mistakes=[m for m, _ in ON_TIME_PAIRS])
def my_kpis_on_time(ctx, my_kpis):
    _check_column(ctx, my_kpis, "on_time_delivery", ON_TIME_PAIRS)


# -- task 2: the dashboard -----------------------------------------------------------------------------
def _keyed(d):
    return (d.assign(key=d["period"].astype(str) + ":" + d["kpi"].astype(str))[["key"] + DASHBOARD_COLUMNS[2:]]
            .assign(status=lambda x: x["status"].astype(str)))


def _same_dashboard(a, b):
    try:
        compare_tables(_keyed(a), _keyed(b), key="key")
    except (Incorrect, KeyError, ValueError, TypeError):
        return False
    return True


DASHBOARD_MISTAKES = [
    Mistake("default_targets", "没有用部门的目标 TARGETS，看板用的是默认目标",
            "left out the department's TARGETS: the dashboard has the default targets",
            "把 targets=TARGETS 传给 kpi_table；再看一眼看板的 target 列，它应和 TARGETS 里的数一致。",
            "Pass targets=TARGETS to kpi_table; then look at the dashboard's target column: it should hold the "
            "numbers of TARGETS.",
            recompute=lambda ctx: _kpis(ctx.shop)),
    Mistake("monthly", "按月而不是按季度做了看板", "made a monthly dashboard instead of a quarterly one",
            "看板按季度：period=\"Q\"。", "The dashboard is quarterly: period=\"Q\".",
            recompute=lambda ctx: _kpis(ctx.shop, period="M", targets=TARGETS)),
    Mistake("orders_only", "只把订单表交给了 kpi_table，满意度、投诉、物流和客服的 KPI 都没有算",
            "gave kpi_table the orders only, so the satisfaction, complaint, delivery and service KPIs are missing",
            "把问卷、投诉、物流和客服工单表也传进去：surveys=、complaints=、shipments=、service_tickets=。",
            "Pass the surveys, complaints, shipments and service tickets too: surveys=, complaints=, shipments=, "
            "service_tickets=.",
            recompute=lambda ctx: kpi_table(ctx.shop.orders, period="Q", targets=TARGETS)),
]


@lab.check("test_dashboard", answers=["dashboard"], mistakes=DASHBOARD_MISTAKES)
def dashboard(ctx, dashboard):
    assert isinstance(dashboard, pd.DataFrame), "dashboard 应是一张表（DataFrame） / dashboard should be a table"
    missing = [c for c in DASHBOARD_COLUMNS if c not in dashboard.columns]
    assert not missing, f"dashboard 缺少列 / dashboard lacks the columns: {missing}"
    if _same_dashboard(dashboard, _dashboard(ctx)):
        return None
    for m in DASHBOARD_MISTAKES:
        try:
            if _same_dashboard(dashboard, m.recompute(ctx)):
                _fail_with(ctx, m)
        except CheckFailed:
            raise
        except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
            continue
    compare_tables(_keyed(dashboard), _keyed(_dashboard(ctx)), name="dashboard", key="key")


# -- task 3: flag ----------------------------------------------------------------------------------------
# flag(value, target, direction, tolerance): the two visible cases, then the hidden ones.
VISIBLE_FLAGS = [((0.9, 0.8, "higher"), "on_track"), ((0.5, 0.8, "higher"), "off_track")]
HIDDEN_FLAGS = [(0.78, 0.8, "higher", 0.1), (0.7, 0.8, "higher", 0.2), (0.7, 0.8, "higher", 0.1),
                (0.01, 0.02, "lower", 0.1), (0.021, 0.02, "lower", 0.1), (0.03, 0.02, "lower", 0.1),
                (45.0, 40.0, "lower", 0.2), (-5.0, 20.0, "higher", 0.1), (20.0, 20.0, "higher", 0.1)]
FLAG_PROBES = {**{f"visible_{i}": ("flag", list(args), {}) for i, (args, _) in enumerate(VISIBLE_FLAGS)},
               **{f"hidden_{i}": ("flag", [v, t, d], {"tolerance": tol})
                  for i, (v, t, d, tol) in enumerate(HIDDEN_FLAGS)}}


def _right_flag(i):
    v, t, d, tol = HIDDEN_FLAGS[i]
    return str(kpi_status(v, t, direction=d, tolerance=tol)["status"].iloc[0])


def _flag_answers():
    """What a right flag returns on every probe."""
    return {**{f"visible_{i}": want for i, (_, want) in enumerate(VISIBLE_FLAGS)},
            **{f"hidden_{i}": _right_flag(i) for i in range(len(HIDDEN_FLAGS))}}


# Each slip shows on one hidden case (the one it gets wrong and the others of the list get right).
FLAG_MISTAKES = [
    Mistake("flag_strict", "把正好等于目标的值判成了“有风险”（用了 > 而不是 >=）",
            "judged a value equal to its target at risk (> instead of >=)",
            "达标是 value >= target（越低越好时 value <= target）：等于目标就是达标。",
            "On track is value >= target (value <= target when lower is better): meeting the target is on track.",
            recompute=lambda ctx: "at_risk", answer="hidden_8"),
    Mistake("flag_lower_not_mirrored", "没有处理“越低越好”的指标：它们也按“越高越好”判断了",
            "did not mirror the rule for \"lower is better\" KPIs: they were judged as if higher were better",
            "direction == \"lower\" 时把不等号反过来：value <= target 达标，value <= target + 容差 有风险。",
            "With direction == \"lower\" turn the inequalities round: on track when value <= target, at risk when "
            "value <= target + the band.",
            recompute=lambda ctx: "off_track", answer="hidden_3"),
    Mistake("flag_tolerance_ignored", "没有用传入的 tolerance（一直按 0.1 算）",
            "ignored the tolerance passed in (always 0.1)",
            "容差带是 tolerance × |target|，tolerance 是函数的参数：别把 0.1 写死在函数里。",
            "The band is tolerance × |target|, and tolerance is the function's argument: do not hard-code 0.1.",
            recompute=lambda ctx: "off_track", answer="hidden_1"),
    Mistake("flag_band_not_scaled", "把 tolerance 直接当成了容差带，没有乘 |target|",
            "used tolerance itself as the band, not tolerance × |target|",
            "容差是目标的一个比例：band = tolerance * abs(target)。目标是 0.8 时，10% 的容差是 0.08。",
            "The tolerance is a share of the target: band = tolerance * abs(target). With a target of 0.8, a 10% "
            "tolerance is 0.08.",
            recompute=lambda ctx: "at_risk", answer="hidden_2"),
]


@lab.check("test_flag", probes=FLAG_PROBES, mistakes=FLAG_MISTAKES)
def flag(ctx, **got):
    for i, (args, want) in enumerate(VISIBLE_FLAGS):
        call = f"flag({', '.join(map(repr, args))})"
        assert got[f"visible_{i}"] == want, f"{call} 应该返回 {want!r} / {call} should be {want!r}"
    for i, (v, t, d, tol) in enumerate(HIDDEN_FLAGS):
        want = _right_flag(i)
        call = f"flag({v}, {t}, {d!r}, tolerance={tol})"
        assert got[f"hidden_{i}"] == want, f"{call} 应该返回 {want!r} / {call} should be {want!r}"


# -- task 4: the three worst KPIs ------------------------------------------------------------------------
def _worst3_of(d, *, latest=True, relative=True, mirrored=True, worst=True):
    """The three KPIs furthest from target (or a slip of it) in a dashboard; directions from KPI_DEFINITIONS."""
    d = d.assign(period=d["period"].astype(str), kpi=d["kpi"].astype(str),
                 value=pd.to_numeric(d["value"], errors="coerce"), target=pd.to_numeric(d["target"], errors="coerce"))
    last = d[d["period"] == (d["period"].max() if latest else d["period"].min())].dropna(subset=["value"])
    higher = last["kpi"].map(lambda k: KPI_DEFINITIONS[k][0] == "higher") if mirrored else True
    gap = np.where(higher, last["target"] - last["value"], last["value"] - last["target"])
    if relative:
        gap = gap / last["target"].abs()
    return last.assign(gap=gap).sort_values("gap", ascending=not worst)["kpi"].head(3).tolist()


def _own_dashboard(dashboard):
    """The student's dashboard if worst3 can be worked out on it (known KPIs, numeric values and targets)."""
    try:
        d = dashboard[["period", "kpi", "value", "target"]]
        if not len(d) or not d["kpi"].astype(str).isin(list(KPI_DEFINITIONS)).all():
            return None
        pd.to_numeric(d["value"], errors="raise")
        pd.to_numeric(d["target"], errors="raise")
        _worst3_of(d)
    except Exception:  # noqa: BLE001 - an unusable dashboard: the right one decides
        return None
    return d


WORST3_PAIRS = [
    (Mistake("worst3_best", "排反了：给出的是离目标最远的“好”指标（差距最小的三个）",
             "sorted the wrong way: gave the three KPIs best placed against target (the smallest gaps)",
             "差距按“坏”的方向算，越大越差：sort_values(\"gap\", ascending=False) 后取前三个。",
             "The gap is measured in the bad direction, the larger the worse: sort_values(\"gap\", ascending=False), "
             "then the first three.",
             recompute=lambda ctx: _worst3_of(_dashboard(ctx), worst=False)),
     lambda d: _worst3_of(d, worst=False)),
    (Mistake("worst3_absolute_gap", "用了绝对差距，没有除以 |target|", "used the absolute gap, not divided by |target|",
             "各 KPI 单位不同（比例、NPS 分数、秒）：除以 |target| 才能放在一起比。",
             "The KPIs have different units (shares, NPS points, seconds): divide by |target| to compare them.",
             recompute=lambda ctx: _worst3_of(_dashboard(ctx), relative=False)),
     lambda d: _worst3_of(d, relative=False)),
    (Mistake("worst3_direction_ignored", "所有 KPI 都按“越高越好”算了差距", "measured every gap as if higher were better",
             "抱怨率、首次响应时间是越低越好：它们的差距是 (value - target) / |target|。",
             "The complaint rate and the first response time are better lower: their gap is (value - target) / |target|.",
             recompute=lambda ctx: _worst3_of(_dashboard(ctx), mirrored=False)),
     lambda d: _worst3_of(d, mirrored=False)),
    (Mistake("worst3_first_quarter", "用了最早的季度而不是最近的季度", "used the first quarter instead of the latest",
             "看板比的是最近一个季度：period 等于 period.max() 的行。",
             "The dashboard is read at the latest quarter: the rows whose period equals period.max().",
             recompute=lambda ctx: _worst3_of(_dashboard(ctx), latest=False)),
     lambda d: _worst3_of(d, latest=False)),
]


@lab.check("test_worst3", answers=["worst3", "dashboard"], optional=["dashboard"],
           mistakes=[m for m, _ in WORST3_PAIRS])
def worst3(ctx, worst3, dashboard):
    assert isinstance(worst3, list | tuple) and all(isinstance(k, str) for k in worst3), (
        "worst3 应是 KPI 代码的列表，如 [\"nps\", ...] / worst3 should be a list of KPI codes such as [\"nps\", ...]")
    got = [k.strip() for k in worst3]
    assert len(got) == 3, "给出三个 KPI / give three KPIs"
    unknown = [k for k in got if k not in KPI_DEFINITIONS]
    assert not unknown, f"不是 KPI 代码 / not KPI codes: {unknown}"
    bases = [b for b in (_own_dashboard(dashboard) if dashboard is not None else None, _dashboard(ctx))
             if b is not None]
    if any(got == _worst3_of(b) for b in bases):
        return None
    for mistake, fn in WORST3_PAIRS:
        for b in bases:
            try:
                if got == fn(b):
                    _fail_with(ctx, mistake)
            except CheckFailed:
                raise
            except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
                continue
    raise CheckFailed("worst3 不是你看板最近一个季度中相对差距最大的三个 KPI（从大到小）。",
                      "worst3 is not the three KPIs with the largest relative gaps in the latest quarter of your "
                      "dashboard (largest first).")


@lab.check("test_chart", answers=["fig"])
def chart(ctx, fig):
    assert isinstance(fig, FigureSummary), "fig 应该是 matplotlib 的 Figure / fig should be a matplotlib Figure"
    assert any(ax["has_data"] for ax in fig.axes), "图里没有数据 / the chart shows no data"


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue); the
    probes of ``flag`` as a right function answers them."""
    d = _dashboard(ctx)
    return {"my_kpis": _by_quarter(ctx)[MY_KPIS].copy(), "dashboard": d, "worst3": _worst3_of(d),
            "fig": FigureSummary(({"has_data": True, "title": "repurchase_rate", "xlabel": "", "ylabel": ""},)),
            **_flag_answers()}
