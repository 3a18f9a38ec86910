"""Trusted checks of lab L1 (explore the shop). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

No cascades: the overview is checked against the right table built by the grader (not
against the student's task-1 numbers); ``top_share`` is the student's function run by the
grader on reference tables (a tiny one and the right overview), so a wrong overview costs
nothing there; in the what-if, ``n_new`` is checked on the student's own ``cac`` and
``n_back`` on the student's own ``cac`` and ``n_lapsed`` (each a quarter of the task), so a
slip in the cost or in the lapsed count costs its own quarter only.
"""

import math
import numbers

import pandas as pd

from crmlab.exercises import Incorrect, compare_tables, compare_values
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake, matches

CASCADES = (
    "总览表与评分程序自己算出的正确表比较，不依赖学生任务 1 的数字；`top_share` 由评分程序在参考表（一张小表和正确的总览表）上调用"
    "学生的函数；任务 4 中 `n_new` 用学生自己的 `cac` 检查，`n_back` 用学生自己的 `cac` 和 `n_lapsed` 检查（各占四分之一），"
    "所以获客成本或流失人数算错只扣那一部分的分。",
    "The overview is compared with the right table the grader builds, not with the student's task-1 numbers; "
    "`top_share` is the student's function called by the grader on reference tables (a tiny one and the right "
    "overview); in task 4 `n_new` is checked on the student's own `cac` and `n_back` on the student's own `cac` and "
    "`n_lapsed` (a quarter of the task each), so a slip in the cost or the lapsed count costs that quarter only.")

lab = LabChecks("L1_explore_shop", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
BUDGET, KEEP_COST_RATIO, WINBACK_RATE, LAPSE_DAYS = 10_000.0, 1 / 5, 0.5, 180
TINY = pd.DataFrame({"customer_id": [1, 2, 3, 4, 5], "total_spent": [10.0, 50.0, 0.0, 30.0, 10.0]})
SHARES = (0.1, 0.2, 0.35)


def _paid(shop):
    return shop.orders[shop.orders["payment_status"] == "paid"]


# -- task 1: counts -------------------------------------------------------------------------------------
COUNTS_MISTAKES = [
    Mistake("unpaid_kept", "把取消的订单也算进了销售额", "counted the cancelled orders in the sales",
            "销售额只算已支付订单：先筛选 payment_status == \"paid\"，再对 amount 求和。",
            "Sales count paid orders only: filter payment_status == \"paid\" first, then sum amount.",
            recompute=lambda ctx: float(ctx.shop.orders["amount"].sum()), answer="paid_sales"),
    Mistake("orders_unpaid_kept", "数的是全部订单，包括取消的订单", "counted every order, cancelled ones included",
            "n_paid_orders 只数 payment_status == \"paid\" 的订单：先看一眼 value_counts()，有几种状态。",
            "n_paid_orders counts the orders with payment_status == \"paid\" only: look at value_counts() first to see "
            "which statuses there are.",
            recompute=lambda ctx: len(ctx.shop.orders), answer="n_paid_orders"),
    Mistake("buyers_counted", "数的是下过单的客户，而不是全部客户", "counted the customers who ordered, not all customers",
            "客户数来自客户表 customers：从没下过单的客户也是客户。",
            "The number of customers comes from the customers table: customers who never ordered are customers too.",
            recompute=lambda ctx: int(_paid(ctx.shop)["customer_id"].nunique()), answer="n_customers",
            show_expected=lambda ctx: f"{len(ctx.shop.customers)} 位客户 / customers"),
]


@lab.check("test_counts", answers=["n_customers", "n_paid_orders", "paid_sales"], mistakes=COUNTS_MISTAKES)
def counts(ctx, n_customers, n_paid_orders, paid_sales):
    paid = _paid(ctx.shop)
    compare_values(n_customers, len(ctx.shop.customers), name="n_customers")
    compare_values(n_paid_orders, len(paid), name="n_paid_orders")
    compare_values(paid_sales, float(paid["amount"].sum()), name="paid_sales")


# -- task 2: the overview -----------------------------------------------------------------------------------
def _overview_of(shop, *, orders=None, how="left", aov_zero=True, ascending=False):
    orders = _paid(shop) if orders is None else orders
    per = orders.groupby("customer_id").agg(n_orders=("order_id", "size"), total_spent=("amount", "sum"))
    exp = (shop.customers[["customer_id", "region", "acquisition_channel"]]
           .merge(per, on="customer_id", how=how)
           .merge(shop.service_tickets.groupby("customer_id").size().rename("n_tickets"), on="customer_id", how="left")
           .merge(shop.complaints.groupby("customer_id").size().rename("n_complaints"), on="customer_id", how="left")
           .fillna({"n_orders": 0, "total_spent": 0.0, "n_tickets": 0, "n_complaints": 0}))
    exp["avg_order_value"] = exp["total_spent"] / exp["n_orders"]
    if aov_zero:
        exp["avg_order_value"] = exp["avg_order_value"].where(exp["n_orders"] > 0, 0.0)
    return exp.sort_values(["total_spent", "customer_id"], ascending=[ascending, True]).reset_index(drop=True)


def _overview(ctx):
    return ctx.cached("overview", lambda: _overview_of(ctx.shop))


OVERVIEW_COLUMNS = ["customer_id", "region", "acquisition_channel", "n_orders", "total_spent", "avg_order_value",
                    "n_tickets", "n_complaints"]

OVERVIEW_SHAPE_MISTAKES = [
    Mistake("inner_join", "用了内连接（merge 默认 how=\"inner\"），没下过单的客户被丢掉了",
            "used an inner join (merge's default how=\"inner\"): the customers who never ordered were dropped",
            "从客户表出发，用 how=\"left\" 连接每位客户的汇总，再把缺失的次数和金额填成 0。",
            "Start from the customers table, join each customer's totals with how=\"left\", then fill the missing "
            "counts and amounts with 0.",
            recompute=lambda ctx: _overview_of(ctx.shop, how="inner"), compare={"key": "customer_id"},
            show_expected=lambda ctx: f"{len(ctx.shop.customers)} 行 / rows"),
]


@lab.check("test_overview_shape", answers=["overview"], mistakes=OVERVIEW_SHAPE_MISTAKES)
def overview_shape(ctx, overview):
    assert isinstance(overview, pd.DataFrame), "overview 应该是 DataFrame / overview should be a DataFrame"
    missing = [c for c in OVERVIEW_COLUMNS if c not in overview.columns]
    assert not missing, f"缺少列 {missing} / missing columns {missing}"
    assert len(overview) == len(ctx.shop.customers), "每位客户应有一行 / one row per customer"


OVERVIEW_MISTAKES = [
    Mistake("unpaid_kept", "把取消的订单也算进了订单数和消费额", "counted the cancelled orders in n_orders and total_spent",
            "先筛选已支付订单（payment_status == \"paid\"），再按 customer_id 分组。",
            "Keep the paid orders (payment_status == \"paid\") before grouping by customer_id.",
            recompute=lambda ctx: _overview_of(ctx.shop, orders=ctx.shop.orders), compare={"key": "customer_id"}),
    Mistake("aov_nan", "没下过单的客户的客单价留成了缺失值（0 除以 0）",
            "left the average order value of customers without orders missing (0 divided by 0)",
            "没有订单时客单价按题目规定记为 0：用 .where(n_orders > 0, 0.0) 或 fillna(0)。",
            "Without orders the task sets the average order value to 0: use .where(n_orders > 0, 0.0) or fillna(0).",
            recompute=lambda ctx: _overview_of(ctx.shop, aov_zero=False), compare={"key": "customer_id"}),
    Mistake("sorted_ascending", "按 total_spent 从低到高排了序", "sorted by total_spent from lowest to highest",
            "题目要从高到低：sort_values(\"total_spent\", ascending=False)，最有价值的客户在最上面。",
            "The task asks highest first: sort_values(\"total_spent\", ascending=False), the most valuable customers on "
            "top.",
            recompute=lambda ctx: _overview_of(ctx.shop, ascending=True),
            compare={"key": "customer_id", "sort_by": "total_spent", "ascending": True}),
]


@lab.check("test_overview_values", answers=["overview"], mistakes=OVERVIEW_MISTAKES)
def overview_values(ctx, overview):
    compare_tables(overview, _overview(ctx), name="overview", key="customer_id", sort_by="total_spent",
                   ascending=False)


# -- task 3: top_share, the student's function on reference tables ------------------------------------------
def _own_overview(ctx):
    return ctx.cached("own_overview", lambda: _paid(ctx.shop).groupby("customer_id")["amount"].sum()
                      .rename("total_spent").reset_index())


def _shares_input(ctx):
    ov = _own_overview(ctx)
    probes = {"tiny_02": ("top_share", [TINY, 0.2], {}), "tiny_05": ("top_share", [TINY, 0.5], {}),
              "zero": ("top_share", [TINY.assign(total_spent=0.0), 0.2], {})}
    for s in SHARES:
        probes[f"own_{s}"] = ("top_share", [ov, s], {})
    return probes


def _top_share_of(spent, share, *, ascending=False, head=math.ceil):
    spent = pd.Series(spent, dtype=float).sort_values(ascending=ascending)
    total = spent.sum()
    return 0.0 if total <= 0 else float(spent.iloc[:int(head(share * len(spent)))].sum() / total)


def _tiny(share, **how):
    return _top_share_of(TINY["total_spent"], share, **how)


TOP_SHARE_MISTAKES = [
    Mistake("floor_not_ceil", "人数向下取整了（int 或 round），而不是 math.ceil", "rounded the head count down (int or "
            "round) instead of math.ceil",
            "前 50% 的 5 位客户是 ceil(2.5) = 3 位：不足一位也算一位，用 math.ceil。",
            "The top 50% of 5 customers is ceil(2.5) = 3 customers: a part of a customer counts as one, use math.ceil.",
            recompute=lambda ctx: _tiny(0.5, head=math.floor), answer="tiny_05"),
    Mistake("bottom_not_top", "取的是消费额最低的客户（升序排序后取了前几位）",
            "took the customers who spent least (sorted ascending, then took the first ones)",
            "头部客户是消费最多的：sort_values(ascending=False) 之后再取前 k 位。",
            "The top customers spent most: sort_values(ascending=False) before taking the first k.",
            recompute=lambda ctx: _tiny(0.5, ascending=True), answer="tiny_05"),
    Mistake("percent", "返回了百分数", "returned a percent",
            "top_share 返回 0 到 1 之间的比例：不要乘 100。", "top_share returns a share between 0 and 1: do not multiply "
            "by 100.",
            recompute=lambda ctx: 100 * _tiny(0.2), answer="tiny_02"),
]


@lab.check("test_top_share", probes=_shares_input, mistakes=TOP_SHARE_MISTAKES)
def top_share(ctx, tiny_02, tiny_05, zero, **own):
    compare_values(tiny_02, 0.5, name="top_share(tiny, 0.2)")
    compare_values(tiny_05, 0.9, name="top_share(tiny, 0.5)")
    spent = _own_overview(ctx)["total_spent"]
    for s in SHARES:
        compare_values(own[f"own_{s}"], _top_share_of(spent, s), name=f"top_share(overview, {s})")
    assert zero == 0.0, "销售额为 0 时返回 0.0 / return 0.0 without sales"


# -- task 4: new or old customers, each part on the student's own inputs ----------------------------------------
def _lapsed_of(shop, *, orders=None, never_buyers=False):
    orders = _paid(shop) if orders is None else orders
    last = orders.groupby("customer_id")["order_time"].max()
    n = int((last < pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1 - LAPSE_DAYS)).sum())
    return n + (len(shop.customers) - len(last) if never_buyers else 0)


def _cac(ctx):
    return float(ctx.shop.customers["acquisition_cost"].mean())


def _n_back(cac, n_lapsed, *, cap=True, rate=WINBACK_RATE):
    affordable = BUDGET / (cac * KEEP_COST_RATIO)
    return rate * (min(n_lapsed, affordable) if cap else affordable)


WHATIF_MISTAKES = [
    Mistake("cac_median", "用了获客成本的中位数，而不是平均数", "took the median acquisition cost, not the mean",
            "预算是按人头花的：总成本 = 人数 × 平均成本，所以这里要平均数 mean()；中位数不受少数昂贵客户影响，说的是另一件事。",
            "A budget is spent per head: total cost = head count × mean cost, so the mean() is needed here; the median "
            "ignores the few expensive customers and answers another question.",
            recompute=lambda ctx: float(ctx.shop.customers["acquisition_cost"].median()), answer="cac"),
    Mistake("lapsed_unpaid_kept", "判断流失时把取消的订单也当成了购买", "counted cancelled orders as purchases when "
            "judging who lapsed",
            "最后一次购买只看已支付订单：一位只下了取消订单的客户，并没有回来买东西。",
            "The last purchase is the last paid order: a customer whose recent order was cancelled did not buy again.",
            recompute=lambda ctx: _lapsed_of(ctx.shop, orders=ctx.shop.orders), answer="n_lapsed"),
    Mistake("never_buyers_lapsed", "把从没买过东西的客户也算成了流失客户", "counted the customers who never bought as lapsed",
            "流失是“买过、后来不买了”：只看有已支付订单的客户（按 customer_id 分组后的最后一次购买时间）。",
            "Lapsed means \"bought, then stopped\": only customers with a paid order count (the last purchase time after "
            "grouping by customer_id).",
            recompute=lambda ctx: _lapsed_of(ctx.shop, never_buyers=True), answer="n_lapsed"),
    Mistake("no_cap", "没有考虑最多只能联系 n_lapsed 位流失客户", "forgot that at most n_lapsed lapsed customers can "
            "be contacted",
            "预算够联系的人数可能多于流失客户数：联系人数取 min(n_lapsed, 预算能联系的人数)。",
            "The budget may pay for more contacts than there are lapsed customers: contact min(n_lapsed, the contacts "
            "the budget pays for).",
            recompute=lambda ctx: _n_back(_cac(ctx), _lapsed_of(ctx.shop), cap=False), answer="n_back"),
    Mistake("no_winback_rate", "算的是联系的人数，没有乘成功率", "gave the number contacted, not times the success rate",
            "唤回的客户 = 联系的人数 × WINBACK_RATE：不是每一位被联系的客户都会回来。",
            "Customers won back = contacts × WINBACK_RATE: not every customer contacted comes back.",
            recompute=lambda ctx: _n_back(_cac(ctx), _lapsed_of(ctx.shop), rate=1.0), answer="n_back"),
]
_WHATIF_BY_ANSWER = {name: [m for m in WHATIF_MISTAKES if m.answer == name] for name in ("cac", "n_lapsed", "n_back")}


def _number(value):
    if isinstance(value, bool) or not isinstance(value, numbers.Real) or not math.isfinite(float(value)):
        return None
    return float(value)


@lab.check("test_whatif", answers=["cac", "n_lapsed", "n_back", "n_new"], mistakes=WHATIF_MISTAKES)
def whatif(ctx, cac, n_lapsed, n_back, n_new):
    shop = ctx.shop
    costs = shop.customers["acquisition_cost"]
    own_cac, own_lapsed = _number(cac), _number(n_lapsed)
    # the student's own inputs carry the later parts when they are plausible values of their kind
    own_cac = own_cac if own_cac is not None and costs.min() <= own_cac <= costs.max() and own_cac > 0 else _cac(ctx)
    own_lapsed = (own_lapsed if own_lapsed is not None and 0 <= own_lapsed <= len(shop.customers)
                  else _lapsed_of(shop))
    parts = {"cac": (cac, _cac(ctx)), "n_lapsed": (n_lapsed, _lapsed_of(shop)), "n_new": (n_new, BUDGET / own_cac),
             "n_back": (n_back, _n_back(own_cac, own_lapsed))}
    zh, en, code, right = [], [], None, 0
    for name, (answer, expected) in parts.items():
        try:
            if _number(answer) is None:
                raise Incorrect(f"`{name}` 应是一个数。", f"`{name}` should be a number.")
            compare_values(answer, expected, name=name)
            right += 1
            continue
        except Incorrect as exc:
            detail_zh, detail_en = exc.message.zh, exc.message.en
        found = None
        for m in _WHATIF_BY_ANSWER.get(name, []):
            cand = _n_back(own_cac, own_lapsed, cap=m.code != "no_cap", rate=1.0 if m.code == "no_winback_rate"
                           else WINBACK_RATE) if name == "n_back" else m.recompute(ctx)
            if matches(answer, cand):
                found = m
                break
        if found is not None:
            mz, me = found.message(ctx)
            zh.append(f"{mz}（{detail_zh}）")
            en.append(f"{me} ({detail_en})")
            code = code or found.code
        else:
            zh.append(detail_zh)
            en.append(detail_en)
    if right == len(parts):
        return None
    if right == 0:
        raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code)
    return ctx.partial(right / len(parts), "\n".join(zh), "\n".join(en), mistake=code)


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    shop, paid = ctx.shop, _paid(ctx.shop)
    spent = _own_overview(ctx)["total_spent"]
    cac, lapsed = _cac(ctx), _lapsed_of(shop)
    return {"n_customers": len(shop.customers), "n_paid_orders": len(paid), "paid_sales": float(paid["amount"].sum()),
            "overview": _overview(ctx), "tiny_02": 0.5, "tiny_05": 0.9, "zero": 0.0,
            **{f"own_{s}": _top_share_of(spent, s) for s in SHARES},
            "cac": cac, "n_lapsed": lapsed, "n_new": BUDGET / cac, "n_back": _n_back(cac, lapsed)}
