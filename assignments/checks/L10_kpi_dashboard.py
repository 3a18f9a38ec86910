"""Trusted checks of lab L10 (the CRM team's KPI dashboard). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; ``flag`` is called in the kernel on the
grader's inputs (probes) and the chart arrives as a summary of the Figure; see
crmlab.grading.trusted and crmlab.grading.handoff.
"""

import numpy as np

from crmlab.analysis import kpi_status, kpi_table
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.handoff import FigureSummary
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L10_kpi_dashboard", dataset="lab")

# The department's targets, as the release states them (the student's copy is not trusted).
TARGETS = {"repurchase_rate": 0.15, "satisfaction": 0.75, "nps": 20.0, "complaint_rate": 0.02,
           "on_time_delivery": 0.80, "first_response_seconds": 40.0}
DASHBOARD_COLUMNS = ["period", "kpi", "value", "target", "status"]


def _kpis(shop, **kwargs):
    """The whole shop's KPI table (every table kpi_table reads)."""
    return kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                     service_tickets=shop.service_tickets, period="Q", **kwargs)


def _by_quarter(ctx):
    """The default-target KPI values, one row per quarter, one column per KPI."""
    return ctx.cached("kpis", lambda: _kpis(ctx.shop).pivot(index="period", columns="kpi", values="value"))


def _dashboard(ctx):
    return ctx.cached("dashboard", lambda: _kpis(ctx.shop, targets=TARGETS))


def _kpi_column(ctx, my_kpis, column):
    exp = _by_quarter(ctx)
    m = my_kpis.copy()
    m.index = m.index.astype(str)
    compare_values([round(float(x), 9) for x in m[column].reindex(exp.index)],
                   [round(float(x), 9) for x in exp[column]], name=f"my_kpis[{column!r}]", rtol=1e-6)


@lab.check("test_my_kpis_repurchase", answers=["my_kpis"])
def my_kpis_repurchase(ctx, my_kpis):
    assert "repurchase_rate" in my_kpis.columns, "缺少列 repurchase_rate / missing column repurchase_rate"
    assert my_kpis["repurchase_rate"].dropna().between(0, 1).all(), "比例在 0 和 1 之间 / shares lie between 0 and 1"
    _kpi_column(ctx, my_kpis, "repurchase_rate")


@lab.check("test_my_kpis_payment", answers=["my_kpis"])
def my_kpis_payment(ctx, my_kpis):
    assert "payment_rate" in my_kpis.columns, "缺少列 payment_rate / missing column payment_rate"
    _kpi_column(ctx, my_kpis, "payment_rate")


@lab.check("test_my_kpis_on_time", answers=["my_kpis"])
def my_kpis_on_time(ctx, my_kpis):
    assert "on_time_delivery" in my_kpis.columns, "缺少列 on_time_delivery / missing column on_time_delivery"
    _kpi_column(ctx, my_kpis, "on_time_delivery")


@lab.check("test_dashboard", answers=["dashboard"])
def dashboard(ctx, dashboard):
    assert set(DASHBOARD_COLUMNS) <= set(dashboard.columns), "缺少列 / missing columns"

    def key(d):
        return d.assign(key=d["period"].astype(str) + ":" + d["kpi"].astype(str))[["key"] + DASHBOARD_COLUMNS[2:]]

    compare_tables(key(dashboard), key(_dashboard(ctx)), name="dashboard", key="key")


# flag(value, target, direction, tolerance): the two visible cases, then the hidden ones.
VISIBLE_FLAGS = [((0.9, 0.8, "higher"), "on_track"), ((0.5, 0.8, "higher"), "off_track")]
HIDDEN_FLAGS = [(0.78, 0.8, "higher", 0.1), (0.7, 0.8, "higher", 0.2), (0.7, 0.8, "higher", 0.1),
                (0.01, 0.02, "lower", 0.1), (0.021, 0.02, "lower", 0.1), (0.03, 0.02, "lower", 0.1),
                (45.0, 40.0, "lower", 0.2), (-5.0, 20.0, "higher", 0.1), (20.0, 20.0, "higher", 0.1)]
FLAG_PROBES = {**{f"visible_{i}": ("flag", list(args), {}) for i, (args, _) in enumerate(VISIBLE_FLAGS)},
               **{f"hidden_{i}": ("flag", [v, t, d], {"tolerance": tol})
                  for i, (v, t, d, tol) in enumerate(HIDDEN_FLAGS)}}


@lab.check("test_flag", probes=FLAG_PROBES)
def flag(ctx, **got):
    for i, (args, want) in enumerate(VISIBLE_FLAGS):
        call = f"flag({', '.join(map(repr, args))})"
        assert got[f"visible_{i}"] == want, f"{call} 应该返回 {want!r} / {call} should be {want!r}"
    for i, (v, t, d, tol) in enumerate(HIDDEN_FLAGS):
        want = kpi_status(v, t, direction=d, tolerance=tol)["status"].iloc[0]
        call = f"flag({v}, {t}, {d!r}, tolerance={tol})"
        assert got[f"hidden_{i}"] == want, f"{call} 应该返回 {want!r} / {call} should be {want!r}"


@lab.check("test_worst3", answers=["worst3"])
def worst3(ctx, worst3):
    assert len(worst3) == 3, "给出三个 KPI / give three KPIs"
    d = _dashboard(ctx)
    last = d[d["period"] == d["period"].max()].dropna(subset=["value"])
    gap = np.where(last["direction"] == "higher", last["target"] - last["value"],
                   last["value"] - last["target"]) / last["target"].abs()
    compare_values(list(worst3), last.assign(gap=gap).sort_values("gap", ascending=False)["kpi"].head(3).tolist(),
                   name="worst3")


@lab.check("test_chart", answers=["fig"])
def chart(ctx, fig):
    assert isinstance(fig, FigureSummary), "fig 应该是 matplotlib 的 Figure / fig should be a matplotlib Figure"
    assert any(ax["has_data"] for ax in fig.axes), "图里没有数据 / the chart shows no data"
