"""Trusted checks of lab L1 (explore the shop). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.
"""

import math

import pandas as pd

from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.trusted import LabChecks

lab = LabChecks("L1_explore_shop", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
BUDGET, KEEP_COST_RATIO, WINBACK_RATE, LAPSE_DAYS = 10_000.0, 1 / 5, 0.5, 180
TINY = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "total_spent": [10.0, 50.0, 0.0, 30.0, 10.0]})


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


def _overview(shop):
    paid = _paid(shop)
    per = paid.groupby("customer_id").agg(n_orders=("order_id", "size"), total_spent=("amount", "sum"))
    exp = (shop.customers[["customer_id", "region", "acquisition_channel"]]
           .merge(per, on="customer_id", how="left")
           .merge(shop.service_tickets.groupby("customer_id").size().rename("n_tickets"), on="customer_id", how="left")
           .merge(shop.complaints.groupby("customer_id").size().rename("n_complaints"), on="customer_id", how="left")
           .fillna({"n_orders": 0, "total_spent": 0.0, "n_tickets": 0, "n_complaints": 0}))
    exp["avg_order_value"] = (exp["total_spent"] / exp["n_orders"]).where(exp["n_orders"] > 0, 0.0)
    return exp


@lab.check("test_counts", answers=["n_customers", "n_paid_orders", "paid_sales"])
def counts(ctx, n_customers, n_paid_orders, paid_sales):
    paid = _paid(ctx.shop)
    compare_values(n_customers, len(ctx.shop.customers), name="n_customers")
    compare_values(n_paid_orders, len(paid), name="n_paid_orders")
    compare_values(paid_sales, float(paid["amount"].sum()), name="paid_sales")


OVERVIEW_COLUMNS = ["customer_id", "region", "acquisition_channel", "n_orders", "total_spent", "avg_order_value",
                    "n_tickets", "n_complaints"]


@lab.check("test_overview_shape", answers=["overview"])
def overview_shape(ctx, overview):
    assert isinstance(overview, pd.DataFrame), "overview 应该是 DataFrame / overview should be a DataFrame"
    missing = [c for c in OVERVIEW_COLUMNS if c not in overview.columns]
    assert not missing, f"缺少列 {missing} / missing columns {missing}"
    assert len(overview) == len(ctx.shop.customers), "每位客户应有一行 / one row per customer"


@lab.check("test_overview_values", answers=["overview"])
def overview_values(ctx, overview):
    compare_tables(overview, _overview(ctx.shop), name="overview", key="customer_id", sort_by="total_spent",
                   ascending=False)


def _shares_input(ctx):
    ov = _paid(ctx.shop).groupby("customer_id")["amount"].sum().rename("total_spent").reset_index()
    probes = {"tiny_02": ("top_share", [TINY, 0.2], {}), "tiny_05": ("top_share", [TINY, 0.5], {}),
              "zero": ("top_share", [TINY.assign(total_spent=0.0), 0.2], {})}
    for s in (0.1, 0.2, 0.35):
        probes[f"own_{s}"] = ("top_share", [ov, s], {})
    return probes


@lab.check("test_top_share", probes=_shares_input)
def top_share(ctx, tiny_02, tiny_05, zero, **own):
    compare_values(tiny_02, 0.5, name="top_share(tiny, 0.2)")
    compare_values(tiny_05, 0.9, name="top_share(tiny, 0.5)")
    spent = _paid(ctx.shop).groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    for s in (0.1, 0.2, 0.35):
        compare_values(own[f"own_{s}"], float(spent.iloc[:math.ceil(s * len(spent))].sum() / spent.sum()),
                       name=f"top_share(overview, {s})")
    assert zero == 0.0, "销售额为 0 时返回 0.0 / return 0.0 without sales"


@lab.check("test_whatif", answers=["cac", "n_lapsed", "n_back", "n_new"])
def whatif(ctx, cac, n_lapsed, n_back, n_new):
    shop = ctx.shop
    exp_cac = float(shop.customers["acquisition_cost"].mean())
    last = _paid(shop).groupby("customer_id")["order_time"].max()
    lapsed = int((last < pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1 - LAPSE_DAYS)).sum())
    compare_values(cac, exp_cac, name="cac")
    compare_values(n_new, BUDGET / exp_cac, name="n_new")
    compare_values(n_lapsed, lapsed, name="n_lapsed")
    compare_values(n_back, WINBACK_RATE * min(lapsed, BUDGET / (exp_cac * KEEP_COST_RATIO)), name="n_back")
