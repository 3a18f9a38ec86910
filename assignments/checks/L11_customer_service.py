"""Trusted checks of lab L11 (customer service management: inquiry conversion, payment reminders,
delivery care, bad-review handling, a reply script and tiered follow-ups). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the student's
whole shop rebuilt by the grader; see crmlab.grading.trusted. Every table the lab asks for
is built from public tables, so the expected answers need no hidden truth.

No cascades: a task that builds on an earlier table (the interval on the reminder table,
the test on the care table, the best action on the action table, the follow-up lift on the
follow-up table) is checked against the
student's own earlier table as well as against the right one, so an earlier slip costs
its own points only. Its mistakes are diagnosed on the student's own table too.
"""

import math

import numpy as np
import pandas as pd
from scipy.stats import norm

from crmlab.analysis import check_reply
from crmlab.exercises import Incorrect, compare_tables
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

# The lab's constants, as the release states them (the student's copies are not trusted).
N_CUSTOMERS = 20000
BAND_EDGES = [0, 15, 30, 60, 300, np.inf]
BAND_LABELS = ["≤15s", "15-30s", "30-60s", "60-300s", ">300s"]
REVISION_WINDOW_DAYS = 30
ALPHA = 0.05
MAX_CHARS = 150
ACTIONS = ["apology", "compensation", "return_replace"]
FOLLOWUP_WINDOW_DAYS = 30
STRATA = ["regular", "vip"]

INQUIRY_COLUMNS = ["band", "chats", "paid_orders", "conversion_rate"]
REMINDER_COLUMNS = ["reminder_sent", "unpaid_orders", "paid", "pay_rate"]
CARE_COLUMNS = ["care", "reviews", "bad", "bad_share"]
HANDLING_COLUMNS = ["handled", "bad_reviews", "revised", "revision_rate"]
ACTION_COLUMNS = ["action", "bad_reviews", "revised", "revision_rate"]
FOLLOWUP_KEY = ["stratum", "channel"]
FOLLOWUP_COLUMNS = [*FOLLOWUP_KEY, "followups", "repurchased", "repurchase_rate", "cost"]

lab = LabChecks("L11_customer_service", dataset="lab", n_customers=N_CUSTOMERS)

_Z = float(norm.ppf(1 - ALPHA / 2))


# -- shared helpers -----------------------------------------------------------------------------------
def _with_key(table, key):
    """The student's table with ``key`` (a column name or a list of them) as columns (they may be the index)."""
    assert isinstance(table, pd.DataFrame), f"应该是一张表（DataFrame） / it should be a table (DataFrame), not {type(table).__name__}"
    keys = [key] if isinstance(key, str) else list(key)
    if any(k not in table.columns and k in [n for n in table.index.names if n is not None] for k in keys):
        table = table.reset_index()
    return table


def _need_columns(table, cols, name, *, n_key=1):
    """``cols`` are there (the ``n_key`` key columns first), and the counts and rates after them are numbers, not text."""
    missing = [c for c in cols if c not in table.columns]
    assert not missing, f"`{name}` 缺少列 / `{name}` lacks the columns: {missing}"
    text = [c for c in cols[n_key:] if table[c].map(lambda v: isinstance(v, str | bytes)).any()]
    assert not text, f"`{name}` 的 {text} 应是数字，而不是文字 / {text} of `{name}` should be numbers, not text"


def _rates_are_shares(table, col, name):
    v = pd.to_numeric(table[col], errors="coerce")
    assert v.notna().all(), (f"`{name}` 的 {col} 有缺失值（NaN）：某一组是空的，还是除以了 0？ / {col} of `{name}` has "
                             "missing values (NaN): an empty group, or a division by 0?")
    assert v.between(0, 1).all(), (
        f"`{name}` 的 {col} 应在 0 到 1 之间（比例，不是百分数） / {col} of `{name}` should lie in 0-1 (a share, not a percent)")


def _grouped(keys, flags, key, n_col, k_col, rate_col):
    """Counts and the rate of ``flags`` per value of ``keys``."""
    t = (pd.DataFrame({key: keys, "_y": np.asarray(flags, bool)})
         .groupby(key, observed=False)["_y"].agg(**{n_col: "size", k_col: "sum"}).reset_index())
    t[k_col] = t[k_col].astype("int64")
    t[n_col] = t[n_col].astype("int64")
    t[rate_col] = t[k_col] / t[n_col]
    return t


def _percent(table, col):
    return table.assign(**{col: table[col] * 100})


def _as_pair(value, name):
    try:
        pair = [float(x) for x in list(value)]
    except (TypeError, ValueError):
        raise AssertionError(f"`{name}` 应是两个数（下限, 上限） / `{name}` should be two numbers (low, high)") from None
    assert len(pair) == 2, f"`{name}` 应是两个数（下限, 上限） / `{name}` should be two numbers (low, high)"
    return pair


def _close(actual, expected, *, rtol=1e-6, atol=1e-9):
    if isinstance(expected, list | tuple):
        try:
            actual = [float(x) for x in list(actual)]
        except (TypeError, ValueError):
            return False
        return len(actual) == len(expected) and all(_close(a, e, rtol=rtol, atol=atol)
                                                    for a, e in zip(actual, expected, strict=True))
    if isinstance(expected, bool):
        return isinstance(actual, bool | np.bool_) and bool(actual) == expected
    if isinstance(expected, str):
        return isinstance(actual, str) and actual.strip() == expected
    try:
        a = float(actual)
    except (TypeError, ValueError):
        return False
    if isinstance(actual, bool | np.bool_):
        return False
    return math.isclose(a, float(expected), rel_tol=rtol, abs_tol=atol)


def _diagnose_on_bases(ctx, pairs, answers, bases, wrong):
    """The first mistake of ``pairs`` ((Mistake, fn(base) -> value or list of values)) whose value,
    on any of ``bases`` (the student's own earlier counts first), matches a wrong answer."""
    for mistake, fn, tol in pairs:
        if mistake.answer not in wrong:
            continue
        for base in bases:
            try:
                cands = fn(base)
            except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
                continue
            for cand in (cands if isinstance(cands, _Alternatives) else [cands]):
                if _close(answers[mistake.answer], cand, **tol):
                    return mistake
    return None


class _Alternatives(list):
    """Several ways a mistake shows (any of them matches)."""


def _fail_with(ctx, mistake, score, detail_zh="", detail_en=""):
    zh, en = mistake.message(ctx)
    raise CheckFailed(zh + (f"\n（{detail_zh}）" if detail_zh else ""), en + (f"\n({detail_en})" if detail_en else ""),
                      mistake=mistake.code, score=score)


# -- task 1: inquiry conversion (询单转化) ------------------------------------------------------------
def _inquiry_of(shop, *, stages=("pre_sale",), outcome="paid", edges=None, right=True):
    c = shop.chats if stages is None else shop.chats[shop.chats["stage"].isin(stages)]
    if outcome == "paid":
        paid_ids = shop.orders.loc[shop.orders["payment_status"] == "paid", "order_id"]
        y = c["order_id"].isin(paid_ids).to_numpy(bool)
    else:
        y = c["converted"].to_numpy(bool)
    edges = BAND_EDGES if edges is None else edges
    labels = BAND_LABELS[:len(edges) - 1]
    band = pd.cut(c["first_response_seconds"], bins=edges, labels=labels, right=right)
    t = _grouped(band, y, "band", "chats", "paid_orders", "conversion_rate")
    t["band"] = t["band"].astype(str)
    return t


def _inquiry(ctx):
    return ctx.cached("inquiry", lambda: _inquiry_of(ctx.shop))


INQUIRY_MISTAKES = [
    Mistake("unpaid_kept", "把下了单但最终没有付款的聊天也算成了成交（直接用了 converted 列）",
            "counted chats whose order was never paid as conversions (the converted column as it is)",
            "询单转化率的分子是“询单后付款”：把聊天的 order_id 和 orders 连起来，只数 payment_status == \"paid\" 的。",
            "The numerator of inquiry conversion is \"asked, then paid\": join the chat's order_id to orders and count "
            "payment_status == \"paid\" only.",
            recompute=lambda ctx: _inquiry_of(ctx.shop, outcome="converted"), compare={"key": "band"}),
    Mistake("all_stages", "把售中、售后的聊天也算进了询单（分母错了）",
            "kept the in-sale and after-sale chats (the wrong denominator)",
            "询单只指售前咨询：先筛选 stage == \"pre_sale\"，售后聊天本来就有已付款的订单，会把转化率抬高。",
            "Inquiries are pre-sale chats only: filter stage == \"pre_sale\" first; after-sale chats come with paid "
            "orders and inflate the rate.",
            recompute=lambda ctx: _inquiry_of(ctx.shop, stages=None), compare={"key": "band"},
            show_expected=lambda ctx: f"{int(_inquiry(ctx)['chats'].sum())} 条售前聊天 / pre-sale chats"),
    Mistake("open_band_dropped", "漏掉了最后一个区间（>300 秒），这些聊天没有被统计",
            "left out the last band (over 300 s): those chats were not counted",
            "pd.cut 的 bins 要以 np.inf 结尾（用 BAND_EDGES），否则超过最后一个边界的值会变成缺失值、被 groupby 丢掉。",
            "The bins of pd.cut must end with np.inf (use BAND_EDGES), or values past the last edge become missing and "
            "groupby drops them.",
            recompute=lambda ctx: _inquiry_of(ctx.shop, edges=BAND_EDGES[:-1]), compare={"key": "band"}),
    Mistake("left_closed", "把区间边界放错了一侧：正好 15、30、60、300 秒的聊天被分到了下一个区间",
            "put the band edges on the wrong side: chats at exactly 15, 30, 60 or 300 s went to the next band",
            "“≤15s”包括 15 秒本身：区间是左开右闭 (0, 15]，pd.cut 默认 right=True，不要改成 right=False。",
            "\"≤15s\" includes 15 s itself: the bands are (0, 15], pd.cut's default right=True; do not set right=False.",
            recompute=lambda ctx: _inquiry_of(ctx.shop, right=False), compare={"key": "band"}),
    Mistake("percent", "把转化率写成了百分数", "gave the conversion rate as a percent",
            "conversion_rate 是 0 到 1 之间的比例：不要乘 100。", "conversion_rate is a share between 0 and 1: do not "
            "multiply by 100.",
            recompute=lambda ctx: _percent(_inquiry(ctx), "conversion_rate"), compare={"key": "band"}),
]


@lab.check("test_inquiry", answers=["inquiry"], mistakes=INQUIRY_MISTAKES)
def inquiry_check(ctx, inquiry):
    t = _with_key(inquiry, "band")
    _need_columns(t, INQUIRY_COLUMNS, "inquiry")
    t = t[INQUIRY_COLUMNS].assign(band=t["band"].astype(str))
    n_pre = int((ctx.shop.chats["stage"] == "pre_sale").sum())
    assert int(t["chats"].sum()) == n_pre, (
        f"各区间 chats 之和是 {int(t['chats'].sum())}，应等于售前聊天数 {n_pre}：检查筛选和区间 / "
        f"the bands' chats add up to {int(t['chats'].sum())}, not to the {n_pre} pre-sale chats: check the filter and "
        "the bands")
    unknown = sorted(set(t["band"]) - set(BAND_LABELS))
    assert not unknown, (f"band 应使用 BAND_LABELS 的标签，而不是 {unknown[:3]} / band should use the labels of "
                         f"BAND_LABELS, not {unknown[:3]}")
    _rates_are_shares(t, "conversion_rate", "inquiry")
    compare_tables(t, _inquiry(ctx), name="inquiry", key="band")


# -- task 2: payment reminders (催付) -----------------------------------------------------------------
def _reminder_table_of(orders, *, unpaid_only=True):
    o = orders[orders["was_unpaid"].to_numpy(bool)] if unpaid_only else orders
    return _grouped(o["reminder_sent"].to_numpy(bool), o["payment_status"].to_numpy() == "paid",
                    "reminder_sent", "unpaid_orders", "paid", "pay_rate")


def _reminder_table(ctx):
    return ctx.cached("reminder_table", lambda: _reminder_table_of(ctx.shop.orders))


REMINDER_TABLE_MISTAKES = [
    Mistake("all_orders", "在全部订单上比较了催付和未催付，而不是只看下单后未付款的订单",
            "compared reminders on all orders instead of the orders left unpaid",
            "催付只发给未付款的订单：先筛选 was_unpaid == True，否则“未催付”组里全是本来就付了款的订单。",
            "Reminders go to unpaid orders only: filter was_unpaid == True first, or the no-reminder group is full of "
            "orders that were paid anyway.",
            recompute=lambda ctx: _reminder_table_of(ctx.shop.orders, unpaid_only=False),
            compare={"key": "reminder_sent"},
            show_expected=lambda ctx: f"{int(_reminder_table(ctx)['unpaid_orders'].sum())} 笔未付款订单 / unpaid orders"),
    Mistake("percent", "把付款率写成了百分数", "gave the pay rate as a percent",
            "pay_rate 是 0 到 1 之间的比例。", "pay_rate is a share between 0 and 1.",
            recompute=lambda ctx: _percent(_reminder_table(ctx), "pay_rate"), compare={"key": "reminder_sent"}),
]


@lab.check("test_reminder_table", answers=["reminder_table"], mistakes=REMINDER_TABLE_MISTAKES)
def reminder_table_check(ctx, reminder_table):
    t = _with_key(reminder_table, "reminder_sent")
    _need_columns(t, REMINDER_COLUMNS, "reminder_table")
    assert len(t) == 2, "两行：催付（True）和未催付（False） / two rows: reminded (True) and not (False)"
    n_unpaid = int(ctx.shop.orders["was_unpaid"].sum())
    assert int(t["unpaid_orders"].sum()) == n_unpaid, (
        f"两组订单数之和应等于未付款订单数 {n_unpaid} / the two groups should add up to the {n_unpaid} unpaid orders")
    _rates_are_shares(t, "pay_rate", "reminder_table")
    compare_tables(t[REMINDER_COLUMNS], _reminder_table(ctx), name="reminder_table", key="reminder_sent")


def _two_groups(table, key, n_col, k_col):
    """``(n1, k1, n0, k0)`` of the True and False rows of a student's two-group table, or None."""
    try:
        t = _with_key(table, key)
        rows = {}
        for _, r in t.iterrows():
            flag = r[key]
            if isinstance(flag, bool | np.bool_) or flag in (0, 1):
                rows[bool(flag)] = (float(r[n_col]), float(r[k_col]))
        (n1, k1), (n0, k0) = rows[True], rows[False]
    except Exception:  # noqa: BLE001 - an unusable table: the check falls back on the right counts
        return None
    if not (n1 > 0 and n0 > 0 and 0 <= k1 <= n1 and 0 <= k0 <= n0):
        return None
    return n1, k1, n0, k0


def _bases(table, ref, key, n_col, k_col):
    """The counts to check a later step on: the student's own table's first, then the right ones."""
    own = _two_groups(table, key, n_col, k_col) if table is not None else None
    out = [own] if own is not None else []
    if ref is not None and ref != own:
        out.append(ref)
    return out


_counts = _two_groups


def _diff(b):
    n1, k1, n0, k0 = b
    return k1 / n1 - k0 / n0


def _wald(b, z=_Z):
    n1, k1, n0, k0 = b
    p1, p0 = k1 / n1, k0 / n0
    se = math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)
    return [p1 - p0 - z * se, p1 - p0 + z * se]


def _pooled_se(b):
    n1, k1, n0, k0 = b
    pool = (k1 + k0) / (n1 + n0)
    return math.sqrt(pool * (1 - pool) * (1 / n1 + 1 / n0))


def _unpooled_se(b):
    n1, k1, n0, k0 = b
    p1, p0 = k1 / n1, k0 / n0
    return math.sqrt(p1 * (1 - p1) / n1 + p0 * (1 - p0) / n0)


def _pooled_ci(b):
    return [_diff(b) - _Z * _pooled_se(b), _diff(b) + _Z * _pooled_se(b)]


def _group_ci(b):
    """The 95% interval of the first group's own rate: Wald and Wilson (crmlab's reminder_effect rows)."""
    n1, k1, _, _ = b
    p = k1 / n1
    half = _Z * math.sqrt(p * (1 - p) / n1)
    centre = (p + _Z**2 / (2 * n1)) / (1 + _Z**2 / n1)
    w = _Z * math.sqrt(p * (1 - p) / n1 + _Z**2 / (4 * n1**2)) / (1 + _Z**2 / n1)
    return _Alternatives([[p - half, p + half], [centre - w, centre + w]])


def _ref_reminder_base(ctx):
    return _counts(_reminder_table(ctx), "reminder_sent", "unpaid_orders", "paid")


_TOL = {}
REMINDER_EFFECT_PAIRS = [
    (Mistake("lift_reversed", "算成了“未催付减催付”，方向反了", "took no reminder minus reminder: the wrong way round",
             "效果 = 催付组的付款率 - 未催付组的付款率：催付有用时它是正数。",
             "The effect = the reminded group's pay rate minus the others': positive when reminders help.",
             recompute=lambda ctx: -_diff(_ref_reminder_base(ctx)), answer="reminder_lift"),
     lambda b: -_diff(b), _TOL),
    (Mistake("lift_percent", "把付款率之差写成了百分点数（乘了 100）", "gave the difference in percentage points (times 100)",
             "reminder_lift 用比例表示：0.25 表示 25 个百分点。", "reminder_lift is a share: 0.25 means 25 percentage points.",
             recompute=lambda ctx: 100 * _diff(_ref_reminder_base(ctx)), answer="reminder_lift"),
     lambda b: 100 * _diff(b), _TOL),
    (Mistake("ci_reversed", "给出的是“未催付减催付”的区间，方向反了", "gave the interval of no reminder minus reminder",
             "区间和点估计要用同一个方向：催付组减未催付组。", "The interval goes the same way as the estimate: reminded minus not.",
             recompute=lambda ctx: [-x for x in _wald(_ref_reminder_base(ctx))[::-1]], answer="reminder_ci"),
     lambda b: [-x for x in _wald(b)[::-1]], _TOL),
    (Mistake("ci_pooled", "区间用了合并标准误（那是 z 检验用的）", "built the interval on the pooled standard error (that is the z test's)",
             "差值的置信区间用不合并的标准误：sqrt(p1(1-p1)/n1 + p0(1-p0)/n0)，ab_test_proportions 的 ci_low/ci_high 就是。",
             "The interval of a difference uses the unpooled standard error, sqrt(p1(1-p1)/n1 + p0(1-p0)/n0), as the "
             "ci_low/ci_high of ab_test_proportions do.",
             recompute=lambda ctx: _pooled_ci(_ref_reminder_base(ctx)), answer="reminder_ci"),
     _pooled_ci, _TOL),
    (Mistake("ci_90", "用了 1.645（90% 区间）而不是 1.96", "used 1.645 (a 90% interval) instead of 1.96",
             "95% 置信区间：差值 ± 1.96 × 标准误。", "A 95% interval is the difference ± 1.96 standard errors.",
             recompute=lambda ctx: _wald(_ref_reminder_base(ctx), z=float(norm.ppf(0.95))), answer="reminder_ci"),
     lambda b: _wald(b, z=float(norm.ppf(0.95))), _TOL),
    (Mistake("ci_of_one_group", "给出的是催付组自己付款率的区间，而不是两组之差的区间",
             "gave the interval of the reminded group's own pay rate, not of the difference",
             "问题问的是“催付带来多少”：要的是两组付款率之差的区间。",
             "The question is what reminders add: the interval of the difference between the two groups' rates.",
             recompute=lambda ctx: _group_ci(_ref_reminder_base(ctx))[0], answer="reminder_ci"),
     _group_ci, _TOL),
    (Mistake("ci_percent", "把区间写成了百分点数（乘了 100）", "gave the interval in percentage points (times 100)",
             "区间和 reminder_lift 一样用比例表示。", "The interval is a share, like reminder_lift.",
             recompute=lambda ctx: [100 * x for x in _wald(_ref_reminder_base(ctx))], answer="reminder_ci"),
     lambda b: [100 * x for x in _wald(b)], _TOL),
]


@lab.check("test_reminder_effect", answers=["reminder_lift", "reminder_ci", "reminder_table"],
           optional=["reminder_table"], mistakes=[m for m, _, _ in REMINDER_EFFECT_PAIRS])
def reminder_effect_check(ctx, reminder_lift, reminder_ci, reminder_table):
    assert not isinstance(reminder_lift, bool | str), "reminder_lift 应是一个数 / reminder_lift should be a number"
    lo, hi = _as_pair(reminder_ci, "reminder_ci")
    bases = _bases(reminder_table, _ref_reminder_base(ctx), "reminder_sent", "unpaid_orders", "paid")
    lift_ok = any(_close(reminder_lift, _diff(b)) for b in bases)
    ci_ok = any(_close([lo, hi], _wald(b)) for b in bases)
    if lift_ok and ci_ok:
        return None
    score = 0.5 * lift_ok + 0.5 * ci_ok
    wrong = ([] if lift_ok else ["reminder_lift"]) + ([] if ci_ok else ["reminder_ci"])
    answers = {"reminder_lift": reminder_lift, "reminder_ci": [lo, hi]}
    found = _diagnose_on_bases(ctx, REMINDER_EFFECT_PAIRS, answers, bases, wrong)
    zh = "；".join(x for x, ok in (("reminder_lift 与你的两组算出的差值不一致", lift_ok),
                                  ("reminder_ci 不是两组之差的 95% 置信区间", ci_ok)) if not ok)
    en = "; ".join(x for x, ok in (("reminder_lift does not match the difference of your two groups", lift_ok),
                                  ("reminder_ci is not the 95% interval of the difference", ci_ok)) if not ok)
    if found is not None:
        _fail_with(ctx, found, score, zh, en)
    raise CheckFailed(f"{zh}（用你自己的 reminder_table 的两组计算）。",
                      f"{en} (computed from the two groups of your own reminder_table).", score=score)


# -- task 3: delivery care (签收关怀) ----------------------------------------------------------------
def _care_table_of(shop, *, per="review", bad=("bad",)):
    cared = shop.care_messages["order_id"]
    if per == "review":
        r = shop.reviews
        return _grouped(r["order_id"].isin(cared).to_numpy(), r["sentiment"].isin(bad).to_numpy(),
                        "care", "reviews", "bad", "bad_share")
    o = shop.orders
    bad_orders = shop.reviews.loc[shop.reviews["sentiment"].isin(bad), "order_id"]
    return _grouped(o["order_id"].isin(cared).to_numpy(), o["order_id"].isin(bad_orders).to_numpy(),
                    "care", "reviews", "bad", "bad_share")


def _care_table(ctx):
    return ctx.cached("care_table", lambda: _care_table_of(ctx.shop))


CARE_TABLE_MISTAKES = [
    Mistake("orders_as_denominator", "用全部订单（没评价、没签收、没付款的也算）当分母，而不是有评价的订单",
            "divided by all orders (unreviewed, undelivered and unpaid ones included) instead of the reviewed ones",
            "差评率 = 差评数 / 评价数；关怀只发给已签收的订单，没有评价的订单既不是好评也不是差评，不能放进分母。",
            "The bad-review share = bad reviews / reviews; care goes to delivered orders only, and an order without a "
            "review is neither good nor bad, so it stays out of the denominator.",
            recompute=lambda ctx: _care_table_of(ctx.shop, per="order"), compare={"key": "care"},
            show_expected=lambda ctx: f"{int(_care_table(ctx)['reviews'].sum())} 条评价 / reviews"),
    Mistake("neutral_as_bad", "把中评也算成了差评", "counted neutral reviews (中评) as bad",
            "差评只指 sentiment == \"bad\"（1-2 星）；中评（3 星）单独是一类。",
            "A bad review is sentiment == \"bad\" (1-2 stars); neutral (3 stars) is a class of its own.",
            recompute=lambda ctx: _care_table_of(ctx.shop, bad=("bad", "neutral")), compare={"key": "care"}),
    Mistake("percent", "把差评率写成了百分数", "gave the bad-review share as a percent",
            "bad_share 是 0 到 1 之间的比例。", "bad_share is a share between 0 and 1.",
            recompute=lambda ctx: _percent(_care_table(ctx), "bad_share"), compare={"key": "care"}),
]


@lab.check("test_care_table", answers=["care_table"], mistakes=CARE_TABLE_MISTAKES)
def care_table_check(ctx, care_table):
    t = _with_key(care_table, "care")
    _need_columns(t, CARE_COLUMNS, "care_table")
    assert len(t) == 2, "两行：有关怀（True）和没有关怀（False） / two rows: with care (True) and without (False)"
    n_reviews = len(ctx.shop.reviews)
    n_bad = int((ctx.shop.reviews["sentiment"] == "bad").sum())
    assert int(t["reviews"].sum()) == n_reviews, (
        f"两组 reviews 之和应等于评价数 {n_reviews} / the two groups' reviews should add up to the {n_reviews} reviews")
    assert int(t["bad"].sum()) == n_bad, (
        f"两组 bad 之和应等于差评数 {n_bad} / the two groups' bad should add up to the {n_bad} bad reviews")
    _rates_are_shares(t, "bad_share", "care_table")
    compare_tables(t[CARE_COLUMNS], _care_table(ctx), name="care_table", key="care")


def _ref_care_base(ctx):
    return _counts(_care_table(ctx), "care", "reviews", "bad")


def _p_value(b, *, pooled=True, sides=2):
    se = _pooled_se(b) if pooled else _unpooled_se(b)
    z = _diff(b) / se
    return float(sides * norm.sf(abs(z))) if sides == 2 else float(norm.sf(abs(z)))


_P_TOL = {"rtol": 1e-3, "atol": 1e-14}  # p-values: relative, down to what 1 - cdf can resolve
CARE_TEST_PAIRS = [
    (Mistake("diff_reversed", "算成了“无关怀减有关怀”，方向反了", "took without care minus with care: the wrong way round",
             "care_diff = 有关怀组的差评率 - 没有关怀组的差评率：关怀有用时它是负数。",
             "care_diff = the share with care minus the share without: negative when care helps.",
             recompute=lambda ctx: -_diff(_ref_care_base(ctx)), answer="care_diff"),
     lambda b: -_diff(b), _TOL),
    (Mistake("diff_percent", "把差评率之差写成了百分点数（乘了 100）", "gave the difference in percentage points (times 100)",
             "care_diff 用比例表示：-0.015 表示少了 1.5 个百分点。", "care_diff is a share: -0.015 means 1.5 points fewer.",
             recompute=lambda ctx: 100 * _diff(_ref_care_base(ctx)), answer="care_diff"),
     lambda b: 100 * _diff(b), _TOL),
    (Mistake("p_one_sided", "给出的是单侧 p 值", "gave a one-sided p-value",
             "问的是“有没有差别”（双侧）：p 值 = 2 × P(Z > |z|)，ab_test_proportions 默认就是双侧。",
             "The question is whether there is a difference (two-sided): p = 2 × P(Z > |z|), as ab_test_proportions "
             "gives by default.",
             recompute=lambda ctx: _p_value(_ref_care_base(ctx), sides=1), answer="care_p_value"),
     lambda b: _p_value(b, sides=1), _P_TOL),
    (Mistake("p_unpooled", "z 检验用了不合并的标准误", "used the unpooled standard error in the z test",
             "检验“两组相同”时，标准误用两组合并的比例：sqrt(p(1-p)(1/n1 + 1/n0))。",
             "Testing \"the groups are the same\" uses the pooled share: sqrt(p(1-p)(1/n1 + 1/n0)).",
             recompute=lambda ctx: _p_value(_ref_care_base(ctx), pooled=False), answer="care_p_value"),
     lambda b: _p_value(b, pooled=False), _P_TOL),
    (Mistake("significance_reversed", "把显著性说反了", "read significance the wrong way round",
             f"p 值小于 {ALPHA} 才说差别显著（不太可能只是偶然）。",
             f"A difference is significant when the p-value is below {ALPHA} (unlikely to be chance).",
             recompute=lambda ctx: not (_p_value(_ref_care_base(ctx)) < ALPHA), answer="care_significant"),
     lambda b: not (_p_value(b) < ALPHA), _TOL),
]


@lab.check("test_care_test", answers=["care_diff", "care_p_value", "care_significant", "care_table"],
           optional=["care_table"], mistakes=[m for m, _, _ in CARE_TEST_PAIRS])
def care_test_check(ctx, care_diff, care_p_value, care_significant, care_table):
    assert not isinstance(care_diff, bool | str), "care_diff 应是一个数 / care_diff should be a number"
    assert isinstance(care_p_value, int | float) and 0 <= care_p_value <= 1, \
        "care_p_value 应是 0 到 1 之间的数 / care_p_value should be a number between 0 and 1"
    assert isinstance(care_significant, bool), "care_significant 应是 True 或 False / care_significant should be True or False"
    bases = _bases(care_table, _ref_care_base(ctx), "care", "reviews", "bad")
    answers = {"care_diff": care_diff, "care_p_value": care_p_value, "care_significant": care_significant}
    for b in bases:
        if (_close(care_diff, _diff(b)) and _close(care_p_value, _p_value(b), **_P_TOL)
                and care_significant == bool(_p_value(b) < ALPHA)):
            return None
    wrong = [n for n, ok in (("care_diff", any(_close(care_diff, _diff(b)) for b in bases)),
                             ("care_p_value", any(_close(care_p_value, _p_value(b), **_P_TOL) for b in bases)),
                             ("care_significant", any(care_significant == bool(_p_value(b) < ALPHA) for b in bases)))
             if not ok]
    found = _diagnose_on_bases(ctx, CARE_TEST_PAIRS, answers, bases, wrong or list(answers))
    names = ", ".join(wrong) or "care_diff, care_p_value, care_significant"
    if found is not None:
        _fail_with(ctx, found, 0.0, f"不对的：{names}", f"not right: {names}")
    raise CheckFailed(f"{names} 与你的 care_table 两组算出的结果不一致（双侧、合并标准误的两比例 z 检验，α = {ALPHA}）。",
                      f"{names} do not match what the two groups of your care_table give (two-sided two-proportion z "
                      f"test with the pooled standard error, alpha = {ALPHA}).")


# -- task 4: handling bad reviews (差评处理) -------------------------------------------------------------
def _cutoff(shop):
    return pd.Timestamp(shop.meta["end"]) - pd.Timedelta(days=REVISION_WINDOW_DAYS)


def _handling_of(shop, *, window="old"):
    rh = shop.review_handling.merge(shop.reviews[["review_id", "review_time"]], on="review_id", how="left")
    cut = _cutoff(shop)
    if window == "old":
        rh = rh[rh["review_time"] <= cut]
    elif window == "recent":
        rh = rh[rh["review_time"] > cut]
    handling = _grouped(rh["handled"].to_numpy(bool), rh["revised"].to_numpy(bool), "handled", "bad_reviews", "revised",
                        "revision_rate")
    h = rh[rh["handled"].to_numpy(bool)]
    actions = _grouped(h["action"].astype(str).to_numpy(), h["revised"].to_numpy(bool), "action", "bad_reviews",
                       "revised", "revision_rate")
    return handling, actions


def _handling(ctx):
    return ctx.cached("handling", lambda: _handling_of(ctx.shop))


HANDLING_MISTAKES = [
    Mistake("recent_kept", "把最近 30 天的差评也算了进去：这些顾客还没来得及改评",
            "kept the bad reviews of the last 30 days: those reviewers have not had the time to revise",
            "改评要时间：只看 review_time <= CUTOFF 的差评（review_handling 没有评价时间，先按 review_id 连接 reviews）。",
            "A revision takes time: keep the bad reviews with review_time <= CUTOFF (review_handling has no review time: "
            "join reviews on review_id first).",
            recompute=lambda ctx: _handling_of(ctx.shop, window="all")[0], compare={"key": "handled"},
            answer="handling_table"),
    Mistake("window_reversed", "把筛选条件写反了：只留下了最近 30 天的差评",
            "turned the filter round: kept only the bad reviews of the last 30 days",
            "要的是“足够早”的差评：review_time <= CUTOFF。", "Keep the reviews old enough: review_time <= CUTOFF.",
            recompute=lambda ctx: _handling_of(ctx.shop, window="recent")[0], compare={"key": "handled"},
            answer="handling_table"),
    Mistake("percent", "把改评率写成了百分数", "gave the revision rate as a percent",
            "revision_rate 是 0 到 1 之间的比例。", "revision_rate is a share between 0 and 1.",
            recompute=lambda ctx: _percent(_handling(ctx)[0], "revision_rate"), compare={"key": "handled"},
            answer="handling_table"),
    Mistake("actions_recent_kept", "比较处理方式时把最近 30 天的差评也算了进去",
            "kept the bad reviews of the last 30 days when comparing the actions",
            "两张表用同一个口径：review_time <= CUTOFF 的已处理差评。",
            "Both tables use the same definition: handled bad reviews with review_time <= CUTOFF.",
            recompute=lambda ctx: _handling_of(ctx.shop, window="all")[1], compare={"key": "action"},
            answer="action_table"),
    Mistake("actions_percent", "把各处理方式的改评率写成了百分数", "gave the actions' revision rates as percents",
            "revision_rate 是 0 到 1 之间的比例。", "revision_rate is a share between 0 and 1.",
            recompute=lambda ctx: _percent(_handling(ctx)[1], "revision_rate"), compare={"key": "action"},
            answer="action_table"),
]


def _judge_handling_table(table, expected):
    h = _with_key(table, "handled")
    _need_columns(h, HANDLING_COLUMNS, "handling_table")
    assert len(h) == 2, "handling_table 两行：已处理（True）和未处理（False） / two rows: handled (True) and not (False)"
    _rates_are_shares(h, "revision_rate", "handling_table")
    compare_tables(h[HANDLING_COLUMNS], expected, name="handling_table", key="handled")


def _judge_action_table(table, expected):
    a = _with_key(table, "action")
    _need_columns(a, ACTION_COLUMNS, "action_table")
    assert sorted(map(str, a["action"])) == ACTIONS, f"action_table 每种处理方式一行：{ACTIONS} / one row per action"
    _rates_are_shares(a, "revision_rate", "action_table")
    compare_tables(a[ACTION_COLUMNS].assign(action=a["action"].astype(str)), expected, name="action_table",
                   key="action")


@lab.check("test_handling", answers=["handling_table", "action_table"], mistakes=HANDLING_MISTAKES)
def handling_check(ctx, handling_table, action_table):
    """Half the points per table: a slip in one table costs that table only."""
    exp_h, exp_a = _handling(ctx)
    zh, en, score = [], [], 0.0
    for judge, table, expected in ((_judge_handling_table, handling_table, exp_h),
                                   (_judge_action_table, action_table, exp_a)):
        try:
            judge(table, expected)
        except Incorrect as exc:  # its message says what differs
            zh.append(exc.message.zh)
            en.append(exc.message.en)
        except AssertionError as exc:
            z, _, e = str(exc).partition(" / ")
            zh.append(z)
            en.append(e or z)
        except Exception as exc:  # noqa: BLE001 - a table of a shape the task does not ask for
            detail = f"{type(exc).__name__}: {str(exc)[:200]}"
            zh.append(f"无法检查这张表（格式不符合题目要求）：{detail}")
            en.append(f"This table could not be checked (it does not have the shape the task asks for): {detail}")
        else:
            score += 0.5
    if score == 1.0:
        return None
    raise CheckFailed("\n".join(zh), "\n".join(en), score=score)


def _best(table):
    t = _with_key(table, "action")
    t = t.assign(action=t["action"].astype(str), revision_rate=pd.to_numeric(t["revision_rate"]))
    return str(t.sort_values(["revision_rate", "action"], ascending=[False, True])["action"].iloc[0])


def _most_used(table):
    t = _with_key(table, "action")
    t = t.assign(action=t["action"].astype(str), bad_reviews=pd.to_numeric(t["bad_reviews"]))
    return str(t.sort_values(["bad_reviews", "action"], ascending=[False, True])["action"].iloc[0])


BEST_ACTION_PAIRS = [
    (Mistake("most_used", "选了用得最多的处理方式，而不是改评率最高的",
             "picked the action used most often, not the one with the highest revision rate",
             "“最有效”看的是 revision_rate（改评的比例），不是 bad_reviews（用了多少次）。",
             "\"Works best\" is about revision_rate (the share revised), not bad_reviews (how often it was used).",
             recompute=lambda ctx: _most_used(_handling(ctx)[1]), answer="best_action"),
     _most_used, _TOL),
]


@lab.check("test_best_action", answers=["best_action", "action_table"], optional=["action_table"],
           mistakes=[m for m, _, _ in BEST_ACTION_PAIRS])
def best_action_check(ctx, best_action, action_table):
    assert isinstance(best_action, str) and best_action.strip() in ACTIONS, (
        f"best_action 应是 {ACTIONS} 之一 / best_action should be one of {ACTIONS}")
    tables = [_handling(ctx)[1]]
    try:
        _need_columns(_with_key(action_table, "action"), ["action", "bad_reviews", "revision_rate"], "action_table")
        _best(action_table)
        tables.insert(0, action_table)
    except Exception:  # noqa: BLE001 - an unusable action_table: the right one decides
        pass
    if any(best_action.strip() == _best(t) for t in tables):
        return None
    found = _diagnose_on_bases(ctx, BEST_ACTION_PAIRS, {"best_action": best_action}, tables, ["best_action"])
    if found is not None:
        _fail_with(ctx, found, 0.0)
    raise CheckFailed("best_action 不是你的 action_table 中改评率最高的处理方式。",
                      "best_action is not the action with the highest revision rate in your action_table.")


# -- task 5: the reply script (话术) -------------------------------------------------------------------
REFERENCE_REPLY = ("亲，您好！非常抱歉这次的购物体验让您失望了。我们已为您安排补发一件新的，运费由我们承担；"
                   "如果您更希望退款，也可以马上为您办理。我们会在 3 天内回访，确认问题已经解决。")
_REMEDY = "我们已为您安排补发一件新的，运费由我们承担；如果您更希望退款，也可以马上为您办理。"
_BROKEN = {
    "greeting": REFERENCE_REPLY.replace("亲，您好！", ""),
    "apology": REFERENCE_REPLY.replace("非常抱歉这次的购物体验让您失望了。", "这次的购物体验让您失望了。"),
    "solution": REFERENCE_REPLY.replace(_REMEDY, "我们已经收到您的反馈。"),
    "follow_up": REFERENCE_REPLY.replace("我们会在 3 天内回访，确认问题已经解决。", ""),
    "no_forbidden": REFERENCE_REPLY + "不过快递慢不是我们的问题。",
    "length": REFERENCE_REPLY + "再次感谢您一直以来对本店的支持和厚爱，" * 6 + "祝您生活愉快！",
}
REPLY_MISTAKES = {
    "greeting": Mistake("reply_no_greeting", "写的回复开头没有问候", "opened the reply without a greeting",
                        "第一句先问候（“亲，您好”“您好”），再说事情。", "Greet first (\"Hello\", \"Dear customer\"), then the matter.",
                        recompute=lambda ctx: _BROKEN["greeting"], answer="reply_template"),
    "apology": Mistake("reply_no_apology", "写的回复没有致歉", "did not apologise in the reply",
                       "先道歉、不争辩：顾客要先感到被理解。", "Apologise first, never argue: the customer must feel understood first.",
                       recompute=lambda ctx: _BROKEN["apology"], answer="reply_template"),
    "solution": Mistake("reply_no_solution", "写的回复没有给出具体的解决办法（或者说的是不做什么）",
                        "gave no concrete remedy in the reply (or said what you will not do)",
                        "写出一个具体的补救：补发、退款、换货、补偿、优惠券……，不要说“无法退款”。",
                        "Name a concrete remedy: resend, refund, replace, compensate, a coupon ...; never \"we cannot refund\".",
                        recompute=lambda ctx: _BROKEN["solution"], answer="reply_template"),
    "follow_up": Mistake("reply_no_follow_up", "写的回复没有承诺跟进", "made no promise to follow up",
                         "承诺何时、怎样跟进（“3 天内回访”）：这是投诉处理的最后一步“回访”。",
                         "Promise when and how you will follow up (\"we will check back in 3 days\"): the last step of "
                         "complaint handling.",
                         recompute=lambda ctx: _BROKEN["follow_up"], answer="reply_template"),
    "no_forbidden": Mistake("reply_forbidden_phrase", "写的回复用了禁用语", "used a forbidden phrase in the reply",
                            "推卸责任、否定顾客的话一句也不能有：站在顾客一边说“我们来解决”。",
                            "No phrase that shifts the blame or brushes the customer off: say \"we will fix it\".",
                            recompute=lambda ctx: _BROKEN["no_forbidden"], answer="reply_template"),
    "length": Mistake("reply_too_long", "写的回复超过了长度上限", "wrote a reply over the length limit",
                      f"不超过 {MAX_CHARS} 个字符：删掉重复的客套话，顾客只读前几句。",
                      f"At most {MAX_CHARS} characters: cut repeated pleasantries; customers read the first lines only.",
                      recompute=lambda ctx: _BROKEN["length"], answer="reply_template"),
}


@lab.check("test_reply", answers=["reply_template"], mistakes=list(REPLY_MISTAKES.values()))
def reply_check(ctx, reply_template):
    assert isinstance(reply_template, str), "reply_template 应是一段文字（str） / reply_template should be text (a str)"
    res = check_reply(reply_template, max_chars=MAX_CHARS)
    if res.passed:
        return ctx.partial(1.0, "✔ 正确：" + res.summary("zh"), "✔ Correct: " + res.summary("en"))
    m = REPLY_MISTAKES[res.failed[0]]
    _fail_with(ctx, m, 0.0, res.summary("zh"), res.summary("en"))


# -- task 6: tiered follow-ups (分层回访) ------------------------------------------------------------------
def _followups_of(shop, *, paid_only=True, window=FOLLOWUP_WINDOW_DAYS, per_order=False):
    """``shop.followups`` with ``repurchased``: a paid order in the window after the contact (1/0 per follow-up;
    with ``per_order`` the number of such orders)."""
    f = shop.followups
    o = shop.orders[shop.orders["payment_status"] == "paid"] if paid_only else shop.orders
    m = f[["followup_id", "customer_id", "contact_time"]].merge(o[["customer_id", "order_time"]], on="customer_id",
                                                                how="left")
    hit = m["order_time"] > m["contact_time"]
    if window is not None:
        hit &= m["order_time"] <= m["contact_time"] + pd.Timedelta(days=window)
    per = hit.groupby(m["followup_id"]).sum() if per_order else hit.groupby(m["followup_id"]).any()
    return f.assign(repurchased=f["followup_id"].map(per).astype("int64"))


def _followup_table_of(f):
    t = (f.groupby(FOLLOWUP_KEY).agg(followups=("repurchased", "size"), repurchased=("repurchased", "sum"),
                                     cost=("cost", "sum")).reset_index())
    t = t.assign(**{k: t[k].astype(str) for k in FOLLOWUP_KEY}, followups=t["followups"].astype("int64"),
                 repurchased=t["repurchased"].astype("int64"))
    t["repurchase_rate"] = t["repurchased"] / t["followups"]
    return t[FOLLOWUP_COLUMNS]


def _followup_table(ctx):
    return ctx.cached("followup_table", lambda: _followup_table_of(_followups_of(ctx.shop)))


FOLLOWUP_TABLE_MISTAKES = [
    Mistake("orders_counted", "把窗口里的订单数当成了带来复购的回访数（连接后一次回访变成了好几行，直接求和了）",
            "counted the orders in the window instead of the follow-ups that brought one (after the join a follow-up "
            "has a row per order, and those rows were summed)",
            "连接以后先按 followup_id 合并：groupby(\"followup_id\")[\"hit\"].any()，每次回访只留一个“是/否”，再按层和方式分组。",
            "Collapse by followup_id after the join, groupby(\"followup_id\")[\"hit\"].any(), so each follow-up keeps one "
            "yes/no, then group by tier and channel.",
            recompute=lambda ctx: _followup_table_of(_followups_of(ctx.shop, per_order=True)),
            compare={"key": FOLLOWUP_KEY}),
    Mistake("followup_unpaid_kept", "把没有付款的订单也算成了复购", "counted unpaid orders as repurchases",
            "复购只看已付款的订单：先筛选 payment_status == \"paid\"，再和回访连接。",
            "A repurchase is a paid order: keep payment_status == \"paid\" before the join.",
            recompute=lambda ctx: _followup_table_of(_followups_of(ctx.shop, paid_only=False)),
            compare={"key": FOLLOWUP_KEY}),
    Mistake("no_window", f"把回访之后的所有订单都算了，没有限定 {FOLLOWUP_WINDOW_DAYS} 天的窗口",
            f"counted every later order, not only those within {FOLLOWUP_WINDOW_DAYS} days",
            "窗口有两头：order_time > contact_time，并且 order_time <= contact_time + pd.Timedelta(days=FOLLOWUP_WINDOW_DAYS)。",
            "The window has two ends: order_time > contact_time and order_time <= contact_time + "
            "pd.Timedelta(days=FOLLOWUP_WINDOW_DAYS).",
            recompute=lambda ctx: _followup_table_of(_followups_of(ctx.shop, window=None)),
            compare={"key": FOLLOWUP_KEY}),
    Mistake("percent", "把复购率写成了百分数", "gave the repurchase rate as a percent",
            "repurchase_rate 是 0 到 1 之间的比例。", "repurchase_rate is a share between 0 and 1.",
            recompute=lambda ctx: _percent(_followup_table(ctx), "repurchase_rate"), compare={"key": FOLLOWUP_KEY}),
]


@lab.check("test_followup_table", answers=["followup_table"], mistakes=FOLLOWUP_TABLE_MISTAKES)
def followup_table_check(ctx, followup_table):
    t = _with_key(followup_table, FOLLOWUP_KEY)
    _need_columns(t, FOLLOWUP_COLUMNS, "followup_table", n_key=len(FOLLOWUP_KEY))
    t = t[FOLLOWUP_COLUMNS].assign(**{k: t[k].astype(str) for k in FOLLOWUP_KEY})
    n = len(ctx.shop.followups)
    assert int(t["followups"].sum()) == n, (
        f"各组 followups 之和是 {int(t['followups'].sum())}，应等于回访数 {n} / the groups' follow-ups add up to "
        f"{int(t['followups'].sum())}, not to the {n} follow-ups")
    _rates_are_shares(t, "repurchase_rate", "followup_table")
    compare_tables(t, _followup_table(ctx), name="followup_table", key=FOLLOWUP_KEY)


def _lifts(table):
    """``[regular, vip]``: the contacted's repurchase rate minus the control's, in each tier, from a follow-up table."""
    t = _with_key(table, FOLLOWUP_KEY)
    t = t.assign(stratum=t["stratum"].astype(str), contacted=t["channel"].astype(str) != "none",
                 followups=pd.to_numeric(t["followups"]), repurchased=pd.to_numeric(t["repurchased"]))
    out = []
    for s in STRATA:
        g = t[t["stratum"] == s].groupby("contacted")[["followups", "repurchased"]].sum()
        out.append(float(g.loc[True, "repurchased"] / g.loc[True, "followups"]
                         - g.loc[False, "repurchased"] / g.loc[False, "followups"]))
    return out


def _pooled_lift(table):
    t = _with_key(table, FOLLOWUP_KEY)
    g = (t.assign(contacted=t["channel"].astype(str) != "none", followups=pd.to_numeric(t["followups"]),
                  repurchased=pd.to_numeric(t["repurchased"]))
         .groupby("contacted")[["followups", "repurchased"]].sum())
    d = float(g.loc[True, "repurchased"] / g.loc[True, "followups"] - g.loc[False, "repurchased"] / g.loc[False, "followups"])
    return [d, d]


def _as_lift_dict(values):
    return dict(zip(STRATA, values, strict=True))


FOLLOWUP_LIFT_PAIRS = [
    (Mistake("followup_lift_reversed", "算成了“对照组减回访组”，方向反了", "took the control minus the contacted: the wrong way round",
             "提升 = 回访过的复购率 - 同一层对照组的复购率：回访有用时它是正数。",
             "The lift = the contacted's repurchase rate minus the same tier's control rate: positive when follow-ups help.",
             recompute=lambda ctx: _as_lift_dict([-x for x in _lifts(_followup_table(ctx))]), answer="followup_lift"),
     lambda t: [-x for x in _lifts(t)], _TOL),
    (Mistake("followup_lift_pooled", "把两层合在一起比较，两层得到了同一个数",
             "pooled the two tiers, giving both the same number",
             "在每一层里分别比较：两层的对照组比例不同，VIP 本来就更常回购，合在一起比会把层的差别算进回访的效果。",
             "Compare within each tier: the tiers' control shares differ and VIPs come back more often anyway, so pooling "
             "mixes the tiers' difference into the follow-ups' effect.",
             recompute=lambda ctx: _as_lift_dict(_pooled_lift(_followup_table(ctx))), answer="followup_lift"),
     _pooled_lift, _TOL),
    (Mistake("followup_lift_percent", "把复购率之差写成了百分点数（乘了 100）",
             "gave the differences in percentage points (times 100)",
             "followup_lift 用比例表示：0.02 表示 2 个百分点。", "followup_lift is a share: 0.02 means 2 percentage points.",
             recompute=lambda ctx: _as_lift_dict([100 * x for x in _lifts(_followup_table(ctx))]), answer="followup_lift"),
     lambda t: [100 * x for x in _lifts(t)], _TOL),
]


@lab.check("test_followup_lift", answers=["followup_lift", "followup_table"], optional=["followup_table"],
           mistakes=[m for m, _, _ in FOLLOWUP_LIFT_PAIRS])
def followup_lift_check(ctx, followup_lift, followup_table):
    assert isinstance(followup_lift, dict) and sorted(map(str, followup_lift)) == STRATA, (
        "followup_lift 应是两个键的字典：{\"regular\": ..., \"vip\": ...} / followup_lift should be a dict with two keys: "
        "{\"regular\": ..., \"vip\": ...}")
    by_key = {str(k): v for k, v in followup_lift.items()}
    assert not any(isinstance(v, bool | str) for v in by_key.values()), (
        "followup_lift 的值应是数 / the values of followup_lift should be numbers")
    values = [by_key[s] for s in STRATA]
    tables = [_followup_table(ctx)]
    try:
        _lifts(followup_table)
        tables.insert(0, followup_table)
    except Exception:  # noqa: BLE001 - an unusable followup_table: the right one decides
        pass
    if any(_close(values, _lifts(t)) for t in tables):
        return None
    found = _diagnose_on_bases(ctx, FOLLOWUP_LIFT_PAIRS, {"followup_lift": values}, tables, ["followup_lift"])
    if found is not None:
        _fail_with(ctx, found, 0.0)
    raise CheckFailed("followup_lift 与你的 followup_table 算出的提升不一致（每一层：回访过的复购率 - 同层对照组的复购率）。",
                      "followup_lift does not match the lifts of your followup_table (in each tier: the contacted's "
                      "repurchase rate minus the same tier's control rate).")


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    reminder_table = _reminder_table(ctx)
    rb = _ref_reminder_base(ctx)
    care_table = _care_table(ctx)
    cb = _ref_care_base(ctx)
    handling_table, action_table = _handling(ctx)
    return {"inquiry": _inquiry(ctx), "reminder_table": reminder_table, "reminder_lift": _diff(rb),
            "reminder_ci": tuple(_wald(rb)), "care_table": care_table, "care_diff": _diff(cb),
            "care_p_value": _p_value(cb), "care_significant": bool(_p_value(cb) < ALPHA),
            "handling_table": handling_table, "action_table": action_table, "best_action": _best(action_table),
            "reply_template": REFERENCE_REPLY, "followup_table": _followup_table(ctx),
            "followup_lift": _as_lift_dict(_lifts(_followup_table(ctx)))}
