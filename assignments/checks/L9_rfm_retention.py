"""Trusted checks of lab L9 (RFM segmentation and a retention plan). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader (hidden truth included: the retention
list is scored against which customers really churned); see crmlab.grading.trusted.

No cascades (``CASCADES`` below): each step is checked on the student's own earlier
table as well as on the right one. The scores (task 2) may be the scores of the
student's own ``rfm``; the segment counts (task 3) those of the student's own
``scores`` (or of the scores of the student's ``rfm``); the segment values (task 4)
those of the student's own ``segments``, provided that table holds the customers,
``monetary`` and ``recency`` of the right ``rfm`` or of the student's own. A slip of
task 1 thus costs task 1's points only. Mistakes are diagnosed on the student's own
earlier table too. The retention list is judged against the truth and only needs
customers with a paid order.
"""

import numpy as np
import pandas as pd

from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
from crmlab.analysis.rfm import RFM_SEGMENTS
from crmlab.exercises import Incorrect, compare_tables
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

lab = LabChecks("L9_rfm_retention", dataset="lab")

CASCADES = (
    "不连锁扣分：每一步都在学生自己的上一步结果上核对，也在正确结果上核对。任务 2 的打分可以是学生自己 rfm 的打分；"
    "任务 3 的各类人数可以是学生自己 scores（或由学生 rfm 打分）的分类人数；任务 4 的价值表可以按学生自己的 segments 计算"
    "（只要它的客户、monetary 和 recency 与正确的 rfm 或学生自己的 rfm 一致）。所以任务 1 的错误只扣任务 1 的分；"
    "常见错误也在学生自己的上一步表格上诊断。挽留名单对照商店的真实流失情况评分，只要求名单中的客户都有已支付订单。",
    "No cascades: each step is checked on the student's own earlier table as well as on the right one. Task 2's scores "
    "may be those of the student's own rfm; task 3's segment counts those of the student's own scores (or of the "
    "scores of the student's rfm); task 4's segment values those of the student's own segments (when that table holds "
    "the customers, monetary and recency of the right rfm or of the student's own). A slip in task 1 thus costs task "
    "1's points only, and the common mistakes are diagnosed on the student's own earlier table too. The retention "
    "list is scored against who really churned and only needs customers with a paid order.",
)

# The lab's constant, as the release states it (the student's copy is not trusted).
N_TARGET = 300
RFM_COLUMNS = ["recency", "frequency", "monetary"]
SCORE_COLUMNS = ["r_score", "f_score", "m_score"]
VALUE_COLUMNS = ["segment_code", "customers", "revenue_share", "mean_recency"]
SEGMENT_CODES = list(RFM_SEGMENTS["segment_code"])
AT_RISK = ["important_retention", "important_winback"]


# -- shared helpers ------------------------------------------------------------------------------------
def _rfm_of(orders, end):
    return rfm_summary(orders, as_of=end)


def _rfm(ctx):
    return ctx.cached("rfm", lambda: _rfm_of(ctx.shop.orders, ctx.shop.meta["end"]))


def _shifted(ctx, days):
    return _rfm_of(ctx.shop.orders, pd.Timestamp(ctx.shop.meta["end"]) + pd.Timedelta(days=days)).reset_index()


def _with_key(table):
    """The student's table with ``customer_id`` as a column (it may be the index)."""
    assert isinstance(table, pd.DataFrame), (
        f"应该是一张表（DataFrame），而不是 {type(table).__name__} / it should be a table (DataFrame), not "
        f"{type(table).__name__}")
    return table.reset_index() if "customer_id" not in table.columns else table


def _by_customer(table, cols):
    """``table``'s ``cols`` indexed by customer_id as floats, or None when it is not a usable customer table."""
    try:
        t = _with_key(table)
        if any(c not in t.columns for c in cols) or not t["customer_id"].is_unique or not len(t):
            return None
        out = t.set_index("customer_id")[cols].apply(pd.to_numeric, errors="raise").astype(float)
    except Exception:  # noqa: BLE001 - an unusable table: the right one decides
        return None
    if out.isna().any().any():
        return None
    return out


def _own_rfm(ctx, rfm):
    """The student's own rfm (customer_id index, the three columns as floats), if it is a plausible one:
    one row per known customer, frequency at least 1, recency at least 0."""
    if rfm is None:
        return None
    r = _by_customer(rfm, RFM_COLUMNS)
    if r is None or not set(r.index) <= set(ctx.shop.customers["customer_id"]):
        return None
    if not ((r["frequency"] >= 1).all() and (r["recency"] >= 0).all()):
        return None
    return r


def _own_scores(ctx, scores):
    """The student's own scores table (its rfm columns and 1-5 integer scores), if plausible."""
    if scores is None:
        return None
    s = _by_customer(scores, RFM_COLUMNS + SCORE_COLUMNS)
    if s is None or _own_rfm(ctx, s[RFM_COLUMNS]) is None:
        return None
    sc = s[SCORE_COLUMNS]
    if not (sc.isin([1, 2, 3, 4, 5]).all().all()):
        return None
    return s.astype({c: "int64" for c in SCORE_COLUMNS})


def _same(a, b, cols):
    """Whether two customer tables hold the same customers and values in ``cols``."""
    if a is None or b is None or len(a) != len(b) or not a.index.sort_values().equals(b.index.sort_values()):
        return False
    return bool(np.allclose(a[cols].to_numpy(float), b.loc[a.index, cols].to_numpy(float), rtol=1e-9, atol=1e-6))


def _fail_with(ctx, mistake, detail_zh="", detail_en=""):
    zh, en = mistake.message(ctx)
    raise CheckFailed(zh + (f"\n（{detail_zh}）" if detail_zh else ""), en + (f"\n({detail_en})" if detail_en else ""),
                      mistake=mistake.code)


def _first_match(pairs, answer, bases, same):
    """The first mistake of ``pairs`` ((Mistake, fn(base) -> the answer that slip gives)) that ``answer``
    shows on any of ``bases`` (the student's own earlier tables first), by ``same(answer, candidate)``."""
    for mistake, fn in pairs:
        for base in bases:
            try:
                candidate = fn(base)
            except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
                continue
            if same(answer, candidate):
                return mistake
    return None


def _quiet(compare):
    """``compare`` as a yes/no."""
    def same(answer, candidate):
        try:
            compare(answer, candidate)
        except (Incorrect, AssertionError, KeyError, ValueError, TypeError):
            return False
        return True
    return same


# -- task 1: the RFM table -----------------------------------------------------------------------------
def _paid(ctx):
    return ctx.cached("paid", lambda: ctx.shop.orders[ctx.shop.orders["payment_status"] == "paid"])


def _first_purchase_recency(ctx):
    """Recency counted from each customer's first paid purchase instead of the last."""
    r = _rfm(ctx)
    paid = _paid(ctx)
    first = paid.groupby("customer_id")["order_time"].min().dt.normalize()
    last = paid.groupby("customer_id")["order_time"].max().dt.normalize()
    return r.assign(recency=r["recency"] + (last - first).dt.days.reindex(r.index)).reset_index()


# The usual slips of task 1, recomputed on the student's shop (see crmlab.mistakes).
RFM_MISTAKES = [
    Mistake("unpaid_kept", "把未付款和已取消的订单也算进去了",
            "kept the unpaid and cancelled orders",
            "只有 payment_status == \"paid\" 的订单才是销售：先筛选，再按客户汇总。对一对账：frequency 之和应等于已支付订单数，"
            "monetary 之和应等于已支付金额。",
            "Only orders with payment_status == \"paid\" are sales: filter first, then group by customer. Reconcile: "
            "frequency should add up to the number of paid orders, monetary to the paid total.",
            recompute=lambda ctx: _rfm_of(ctx.shop.orders.assign(payment_status="paid"),
                                          ctx.shop.meta["end"]).reset_index(),
            compare={"key": "customer_id"},
            show_expected=lambda ctx: f"{len(_rfm(ctx))} 位客户 / customers"),
    Mistake("end_one_month_late", "把观察期末算晚了一个月（比如用了“今天”或下个月初）",
            "put the end of the observation about a month late (today, or the start of the next month)",
            "recency 要从最后一次购买算到 END = shop.meta[\"end\"]，不是别的日期：最近一次购买在 END 当天的客户，recency 是 0。",
            "recency counts from the last purchase to END = shop.meta[\"end\"], not to another date: a customer who "
            "last bought on END itself has recency 0.",
            recompute=lambda ctx: _shifted(ctx, 30), compare={"key": "customer_id"},
            show_expected=lambda ctx: f"recency 最小为 / the smallest recency is {int(_rfm(ctx)['recency'].min())}"),
    Mistake("end_one_day_off", "让 recency 差了一天（观察期末多算或少算一天）",
            "are one day off in recency (the end of the observation counted one day too late or early)",
            "检查 END 当天算不算：recency = (END - 最后购买日).days，两个日期都取到“天”。",
            "Check whether END itself counts: recency = (END - last purchase).days, both dates taken to the day.",
            recompute=lambda ctx: _shifted(ctx, 1), compare={"key": "customer_id"}),
    Mistake("first_purchase", "从第一次购买而不是最后一次购买算 recency",
            "counted recency from the first purchase instead of the last",
            "R 问的是“多久没买了”：用每位客户 order_time 的最大值（max），不是最小值。",
            "R asks \"how long since the customer last bought\": take the largest order_time of each customer (max), "
            "not the smallest.",
            recompute=_first_purchase_recency, compare={"key": "customer_id"}),
    Mistake("monetary_mean", "把 monetary 算成了每单平均金额，而不是金额之和",
            "took the mean order value as monetary instead of the sum",
            "本实训的 M 是已支付金额之和（sum），平均客单价是另一个指标。",
            "In this lab M is the sum of paid amounts (sum); the mean order value is another metric.",
            recompute=lambda ctx: _rfm(ctx).assign(
                monetary=_paid(ctx).groupby("customer_id")["amount"].mean().reindex(_rfm(ctx).index)).reset_index(),
            compare={"key": "customer_id"}),
]


@lab.check("test_rfm", answers=["rfm"], mistakes=RFM_MISTAKES)
def rfm_check(ctx, rfm):
    t = _with_key(rfm)
    missing = [c for c in RFM_COLUMNS if c not in t.columns]
    assert not missing, f"rfm 缺少列 / rfm lacks the columns: {missing}"
    assert t["customer_id"].is_unique, "每位客户一行 / one row per customer"
    paid = _paid(ctx)
    n_buyers = int(paid["customer_id"].nunique())
    assert len(t) == n_buyers, (
        f"rfm 有 {len(t)} 行，有已支付订单的客户是 {n_buyers} 位：每位这样的客户一行，没有别人 / rfm has {len(t)} rows, "
        f"and {n_buyers} customers have a paid order: one row for each of them, nobody else")
    compare_tables(t[["customer_id"] + RFM_COLUMNS], _rfm(ctx).reset_index(), name="rfm", key="customer_id")


# -- task 2: RFM scores --------------------------------------------------------------------------------
def _scores_of(r, **kwargs):
    """The 1-5 scores of an rfm table (customer_id index), as int columns."""
    return rfm_scores(r, **kwargs)[SCORE_COLUMNS].astype("int64")


def _reversed_r(r):
    s = _scores_of(r)
    return s.assign(r_score=6 - s["r_score"])


def _equal_width(r):
    labels = [1, 2, 3, 4, 5]
    cut = {c: pd.cut(r[c], 5, labels=labels).astype("int64") for c in RFM_COLUMNS}
    return pd.DataFrame({"r_score": 6 - cut["recency"], "f_score": cut["frequency"], "m_score": cut["monetary"]},
                        index=r.index)


def _score_answer(scores_pair_fn):
    """A mistake's recompute: the scores table the slip gives on the right rfm (customer_id a column)."""
    return lambda ctx: _rfm(ctx).join(scores_pair_fn(_rfm(ctx))).reset_index()


SCORE_PAIRS = [
    (Mistake("r_score_reversed", "把 R 的分数方向弄反了：最久没买的客户得了高分",
             "scored R the wrong way round: the longest-silent customers got the high scores",
             "R 看的是“最近”：recency 越小（越近买过）分数越高；F、M 才是越大越高。",
             "R rewards recent buyers: the smaller the recency, the higher the score; F and M go the other way.",
             recompute=_score_answer(_reversed_r), compare={"key": "customer_id"}), _reversed_r),
    (Mistake("quartiles", "分成了四档（1–4 分），而不是五档", "made four score bands (1-4) instead of five",
             "按五分位打分：每个指标分成 5 档，得分 1–5。", "Score by quintiles: five bands per measure, scores 1 to 5.",
             recompute=_score_answer(lambda r: _scores_of(r, n_scores=4)), compare={"key": "customer_id"}),
     lambda r: _scores_of(r, n_scores=4)),
    (Mistake("equal_width", "按等宽区间（pd.cut）而不是按五分位（排名）打分",
             "cut the values into equal-width bands (pd.cut) instead of quintiles (ranks)",
             "五分位是按排名分成人数大致相等的五组：金额的分布很偏，等宽区间会把几乎所有人放进最低一档。",
             "Quintiles split the ranks into five groups of about equal size: spending is skewed, so equal-width bands "
             "put nearly everybody in the lowest band.",
             recompute=_score_answer(_equal_width), compare={"key": "customer_id"}), _equal_width),
]


def _same_scores(answer, candidate):
    if answer is None or len(answer) != len(candidate) or not set(answer.index) == set(candidate.index):
        return False
    return bool((answer[SCORE_COLUMNS].to_numpy() == candidate.loc[answer.index, SCORE_COLUMNS].to_numpy()).all())


def _rfm_bases(ctx, rfm):
    """The rfm tables a later step may build on: the student's own first (if plausible), then the right one."""
    own = _own_rfm(ctx, rfm)
    ref = _rfm(ctx).astype(float)
    return [own, ref] if own is not None and not _same(own, ref, RFM_COLUMNS) else [ref]


@lab.check("test_scores", answers=["scores", "rfm"], optional=["rfm"], mistakes=[m for m, _ in SCORE_PAIRS])
def scores_check(ctx, scores, rfm):
    t = _with_key(scores)
    missing = [c for c in SCORE_COLUMNS if c not in t.columns]
    assert not missing, f"scores 缺少打分列 / scores lacks the score columns: {missing}"
    assert t["customer_id"].is_unique, "每位客户一行 / one row per customer"
    s = t.set_index("customer_id")[SCORE_COLUMNS].apply(pd.to_numeric, errors="coerce")
    assert s.isin([1, 2, 3, 4, 5]).all().all(), (
        "每个分数都是 1 到 5 的整数 / every score is a whole number from 1 to 5")
    s = s.astype("int64")
    bases = _rfm_bases(ctx, rfm)
    if any(_same_scores(s, _scores_of(b)) for b in bases):
        return None
    found = _first_match(SCORE_PAIRS, s, bases, _same_scores)
    if found is not None:
        _fail_with(ctx, found)
    base = next((b for b in bases if set(b.index) == set(s.index)), bases[-1])
    compare_tables(s.reset_index(), _scores_of(base).reset_index(), name="scores", key="customer_id")


# -- task 3: the eight segments ------------------------------------------------------------------------
def _codes(s, rule="mean"):
    """The segment code of every customer of a scores table, by the mean rule or a slip of it."""
    if rule in ("mean", "threshold"):
        return rfm_segments(s, method=rule)["segment_code"]
    if rule == "raw":
        return rfm_segments(s[RFM_COLUMNS])["segment_code"]
    v = s[SCORE_COLUMNS].astype(float)
    high = v > v.median()
    pattern = high["r_score"].astype(int) * 4 + high["f_score"].astype(int) * 2 + high["m_score"].astype(int)
    code_of = {int(r.r_high) * 4 + int(r.f_high) * 2 + int(r.m_high): r.segment_code
               for r in RFM_SEGMENTS.itertuples(index=False)}
    return pattern.map(code_of)


def _counts_of(codes):
    return {str(k): int(v) for k, v in pd.Series(codes).value_counts().items() if v}


def _as_counts(segment_counts):
    if isinstance(segment_counts, pd.DataFrame) and segment_counts.shape[1] == 1:
        segment_counts = segment_counts.iloc[:, 0]
    assert isinstance(segment_counts, pd.Series | dict), (
        "segment_counts 应是一个 Series：索引是 segment_code，值是人数 / segment_counts should be a Series: indexed by "
        "segment_code, holding the counts")
    items = dict(segment_counts.items())
    assert all(not isinstance(v, bool | str) and float(v) == int(float(v)) and float(v) >= 0 for v in items.values()), (
        "segment_counts 的值应是人数（非负整数） / the values of segment_counts should be counts (whole numbers >= 0)")
    return {str(k): int(float(v)) for k, v in items.items() if float(v)}


def _counts_series(codes):
    return pd.Series(codes).value_counts()


SEGMENT_PAIRS = [
    (Mistake("threshold_rule", "用“高于 3 分”的阈值规则而不是均值规则分了类",
             "split high and low at a score of 3 (the threshold rule) instead of the mean rule",
             "题目用均值规则：某个分数高于全体客户该分数的平均值才算“高”。rfm_segments 的默认 method=\"mean\" 就是它。",
             "The task uses the mean rule: a score is high when it is above the mean of that score over all customers; "
             "it is rfm_segments' default, method=\"mean\".",
             recompute=lambda ctx: _counts_series(_codes(_ref_scores(ctx), "threshold"))),
     lambda s: _codes(s, "threshold")),
    (Mistake("raw_values", "把 rfm（原始的天数、次数、金额）而不是 scores 交给了分类",
             "segmented rfm (the raw days, counts and money) instead of scores",
             "均值规则比较的是 1–5 的分数：rfm_segments(scores)。原始金额很偏，少数大客户把平均值拉得很高。",
             "The mean rule compares the 1-5 scores: rfm_segments(scores). Raw money is skewed: a few big spenders "
             "pull its mean far up.",
             recompute=lambda ctx: _counts_series(_codes(_ref_scores(ctx), "raw"))),
     lambda s: _codes(s, "raw")),
    (Mistake("median_rule", "用中位数而不是平均值来分高低", "split high and low at the median instead of the mean",
             "均值规则比较的是平均值（mean）：分数的分布不对称时，中位数和平均值不一样。",
             "The mean rule compares with the mean: when scores are skewed, the median and the mean differ.",
             recompute=lambda ctx: _counts_series(_codes(_ref_scores(ctx), "median"))),
     lambda s: _codes(s, "median")),
]


def _ref_scores(ctx):
    return ctx.cached("scores", lambda: rfm_scores(_rfm(ctx)))


def _score_bases(ctx, rfm, scores):
    """The scores tables task 3 may build on: the student's own, the scores of the student's rfm, the right ones."""
    out = []
    own = _own_scores(ctx, scores)
    if own is not None:
        out.append(own)
    own_rfm = _own_rfm(ctx, rfm)
    if own_rfm is not None:
        out.append(own_rfm.join(_scores_of(own_rfm)))
    out.append(_ref_scores(ctx))
    return out


@lab.check("test_segments", answers=["segment_counts", "rfm", "scores"], optional=["rfm", "scores"],
           mistakes=[m for m, _ in SEGMENT_PAIRS])
def segments_check(ctx, segment_counts, rfm, scores):
    counts = _as_counts(segment_counts)
    unknown = sorted(set(counts) - set(SEGMENT_CODES))
    assert not unknown, (f"segment_counts 的索引应是 segment_code，如 \"important_value\"，而不是 {unknown[:3]} / "
                         f"segment_counts should be indexed by segment_code such as \"important_value\", not {unknown[:3]}")
    bases = _score_bases(ctx, rfm, scores)
    if any(counts == _counts_of(_codes(b)) for b in bases):
        return None
    found = _first_match(SEGMENT_PAIRS, counts, bases, lambda a, c: a == _counts_of(c))
    if found is not None:
        _fail_with(ctx, found)
    sizes = sorted({len(b) for b in bases})
    assert sum(counts.values()) in sizes, (
        f"各类人数之和是 {sum(counts.values())}，应等于你打分的客户数 {sizes[0]}：每位客户恰好属于一类 / the counts add up "
        f"to {sum(counts.values())}, not to the {sizes[0]} customers you scored: every customer is in exactly one segment")
    wrong = sorted(c for c in SEGMENT_CODES if counts.get(c, 0) != _counts_of(_codes(bases[0])).get(c, 0))
    raise CheckFailed(f"这几类的人数与你的 scores 按均值规则分出的不一致：{wrong}",
                      f"The counts of these segments differ from the mean rule applied to your scores: {wrong}")


# -- task 4: what each segment is worth ----------------------------------------------------------------
def _segments(ctx):
    return ctx.cached("segments", lambda: rfm_segments(_ref_scores(ctx)))


def _value_of(seg, *, share="revenue", recency="mean", scale=1.0):
    """The segment value table of a per-customer table with segment_code, monetary and recency."""
    g = seg.groupby("segment_code", observed=True)
    out = g.agg(customers=("monetary", "size"), revenue=("monetary", "sum"),
                mean_recency=("recency", recency)).reset_index()
    out["customers"] = out["customers"].astype("int64")
    total = out["customers"].sum() if share == "customers" else seg["monetary"].sum()
    out["revenue_share"] = scale * out["customers" if share == "customers" else "revenue"] / total
    return (out[["segment_code", "customers", "revenue_share", "mean_recency"]]
            .sort_values("revenue_share", ascending=False).reset_index(drop=True))


VALUE_PAIRS = [
    (Mistake("customer_share", "把人数占比当成了收入占比", "took the share of customers as the revenue share",
             "revenue_share 是该类客户 monetary 之和 ÷ 全部客户 monetary 之和：人数多的类不一定钱多。",
             "revenue_share is the segment's sum of monetary over the sum of all monetary: a big segment need not "
             "bring much money.",
             recompute=lambda ctx: _value_of(_segments(ctx), share="customers")),
     lambda seg: _value_of(seg, share="customers")),
    (Mistake("percent", "把收入占比写成了百分数", "gave the revenue share as a percent",
             "revenue_share 是 0 到 1 之间的比例，各类加起来是 1：不要乘 100。",
             "revenue_share is a share between 0 and 1, adding up to 1 over the segments: do not multiply by 100.",
             recompute=lambda ctx: _value_of(_segments(ctx), scale=100.0)),
     lambda seg: _value_of(seg, scale=100.0)),
    (Mistake("median_recency", "用中位数而不是平均值算了 mean_recency", "took the median recency instead of the mean",
             "mean_recency 是平均值：agg 里用 \"mean\"。", "mean_recency is the mean: use \"mean\" in agg.",
             recompute=lambda ctx: _value_of(_segments(ctx), recency="median")),
     lambda seg: _value_of(seg, recency="median")),
]


def _value_key(t):
    t = t.reset_index() if "segment_code" not in t.columns else t
    return t.assign(segment_code=t["segment_code"].astype(str))


def _same_value(answer, candidate):
    try:
        compare_tables(answer, candidate, key="segment_code")
    except (Incorrect, KeyError, ValueError, TypeError):
        return False
    return True


def _own_segments(ctx, segments, rfm):
    """The student's own segments (customer_id index; segment_code, monetary, recency), if it holds the customers,
    monetary and recency of the right rfm or of the student's own, and known segment codes."""
    if segments is None:
        return None
    try:
        t = _with_key(segments)
        codes = t.set_index("customer_id")["segment_code"].astype(str)
    except Exception:  # noqa: BLE001 - an unusable table: the right one decides
        return None
    num = _by_customer(t, ["monetary", "recency"])
    if num is None or not codes.isin(SEGMENT_CODES).all():
        return None
    if not any(_same(num, b, ["monetary", "recency"]) for b in _rfm_bases(ctx, rfm)):
        return None
    return num.assign(segment_code=codes.reindex(num.index))


@lab.check("test_segment_value", answers=["segment_value", "segments", "rfm"], optional=["segments", "rfm"],
           mistakes=[m for m, _ in VALUE_PAIRS])
def segment_value_check(ctx, segment_value, segments, rfm):
    assert isinstance(segment_value, pd.DataFrame), "segment_value 应是一张表（DataFrame） / segment_value should be a table"
    t = _value_key(segment_value)
    missing = [c for c in VALUE_COLUMNS if c not in t.columns]
    assert not missing, f"segment_value 缺少列 / segment_value lacks the columns: {missing}"
    text = [c for c in VALUE_COLUMNS[1:] if t[c].map(lambda v: isinstance(v, str | bytes)).any()]
    assert not text, f"segment_value 的 {text} 应是数字 / {text} of segment_value should be numbers"
    t = t[VALUE_COLUMNS]
    bases = [b for b in (_own_segments(ctx, segments, rfm), _segments(ctx)) if b is not None]
    expected = [_value_of(b) for b in bases]
    if any(_same_value(t, e) for e in expected):
        compare_tables(t, t, name="segment_value", key="segment_code", sort_by="revenue_share", ascending=False)
        return None
    found = _first_match(VALUE_PAIRS, t, bases, _same_value)
    if found is not None:
        _fail_with(ctx, found)
    share = pd.to_numeric(t["revenue_share"], errors="coerce")
    assert abs(share.sum() - 1) < 1e-6, (
        f"revenue_share 之和是 {share.sum():.4g}，应为 1：每类的 monetary 之和除以全部客户的 monetary 之和 / the "
        f"revenue shares add up to {share.sum():.4g}, not 1: each segment's monetary over all customers' monetary")
    compare_tables(t, expected[0], name="segment_value", key="segment_code")


# -- task 5: the retention list ------------------------------------------------------------------------
@lab.check("test_targets_format", answers=["targets"])
def targets_format(ctx, targets):
    assert isinstance(targets, list | tuple | pd.Series | pd.Index | np.ndarray), (
        "targets 应是一个 customer_id 的列表 / targets should be a list of customer_ids")
    t = list(targets)
    assert len(t) == N_TARGET, f"名单应有 {N_TARGET} 人，现在是 {len(t)} / the list needs {N_TARGET} customers, not {len(t)}"
    assert len(set(t)) == N_TARGET, "名单里有重复的客户 / the list repeats customers"
    assert set(t) <= set(_rfm(ctx).index), (
        "名单里有没有已支付订单的客户 / some customers on the list never paid for an order")


# The shortcuts a list must clearly beat: each ranks on one RFM column alone.
SHORTCUTS = {
    "longest_silent": (("最久没买的 300 人", "the 300 longest-silent customers"),
                       lambda r: r.sort_values(["recency", "monetary"], ascending=[False, False])),
    "biggest_spenders": (("花钱最多的 300 人", "the 300 biggest spenders"),
                         lambda r: r.sort_values(["monetary", "recency"], ascending=[False, False])),
    "most_frequent": (("买得最勤的 300 人", "the 300 most frequent buyers"),
                      lambda r: r.sort_values(["frequency", "monetary"], ascending=[False, False])),
}
MARGIN = 1.10  # a list must hold 10% more than the best shortcut
OVERLAP = 0.8  # a list sharing this much with a naive list is named after it


def _top(frame, col, ascending=False):
    return frame.sort_values(col, ascending=ascending).index[:N_TARGET].tolist()


def _reversed_r_list(ctx):
    s = _ref_scores(ctx)
    seg = rfm_segments(s.assign(r_score=6 - s["r_score"]))
    return _top(seg[seg["segment_code"].isin(AT_RISK)], "monetary")


TARGET_MISTAKES = [
    Mistake("shortcut_longest_silent", "只按 recency 挑了最久没买的人", "picked the longest-silent customers, on recency alone",
            "很久没买的人里有大量只买过一次的小客户，挽留他们不值得：把“很久没买”和“价值高”（M、F）结合起来。",
            "Many long-silent customers bought once and little, and are not worth winning back: combine \"silent for "
            "long\" with \"valuable\" (M, F).",
            recompute=lambda ctx: _top(_rfm(ctx), "recency")),
    Mistake("shortcut_biggest_spenders", "只按 monetary 挑了花钱最多的人", "picked the biggest spenders, on monetary alone",
            "花钱多的人大多还很活跃，不需要挽留：在高价值客户里找已经很久没买、正在流失的人（R 低）。",
            "Most big spenders are still active and need no win-back: among the valuable customers, look for those "
            "silent for long (low R).",
            recompute=lambda ctx: _top(_rfm(ctx), "monetary")),
    Mistake("shortcut_most_frequent", "只按 frequency 挑了买得最勤的人", "picked the most frequent buyers, on frequency alone",
            "买得勤的人大多还在买：挽留的对象是价值高、但最近不来了的客户。",
            "Frequent buyers are mostly still buying: win-back is for valuable customers who stopped coming.",
            recompute=lambda ctx: _top(_rfm(ctx), "frequency")),
    Mistake("shortcut_most_recent", "挑了最近刚买过的人", "picked the most recent buyers",
            "刚买过的客户并没有流失：方向反了，挽留要找 recency 大（很久没买）而价值高的人。",
            "Recent buyers have not left: the other way round; win-back looks for high recency (long silence) and "
            "high value.",
            recompute=lambda ctx: _top(_rfm(ctx), "recency", ascending=True)),
    Mistake("targets_r_reversed", "用 R 分数反了的分类挑人：选中的“重要保持/挽留客户”其实是最近刚买过的",
            "picked from segments built on reversed R scores: the \"at-risk\" segments were the recent buyers",
            "先检查 r_score：recency 越小分数越高。分数反了，“重要挽留客户”就成了最活跃的客户。",
            "Check r_score first: the smaller the recency, the higher the score. Reversed, the \"win back\" segments "
            "become the most active customers.",
            recompute=_reversed_r_list),
]


def _truly_lost(ctx):
    """Valuable customers (spend at or above the median) who really churned: the list's target."""
    r = _rfm(ctx)
    churned = ctx.shop.truth.set_index("customer_id")["churned"].reindex(r.index).fillna(False).astype(bool)
    return churned & (r["monetary"] >= r["monetary"].median())


def shortcut_hits(ctx) -> dict:
    """Hits of each shortcut list on the student's shop, and of a random pick (its expectation)."""
    r, truly = _rfm(ctx), _truly_lost(ctx)
    hits = {code: int(truly.loc[rank(r).index[:N_TARGET]].sum()) for code, (_, rank) in SHORTCUTS.items()}
    hits["random"] = float(truly.mean()) * N_TARGET
    return hits


def _naive_list(ctx, targets):
    """The catalogued naive list ``targets`` mostly is (sharing OVERLAP of it), or None."""
    mine = set(targets)
    for m in TARGET_MISTAKES:
        try:
            theirs = set(m.recompute(ctx))
        except Exception:  # noqa: BLE001 - a list that cannot be made here does not apply
            continue
        if len(mine & theirs) >= OVERLAP * N_TARGET:
            return m
    return None


@lab.check("test_targets_quality", answers=["targets"], mistakes=TARGET_MISTAKES)
def targets_quality(ctx, targets):
    truly = _truly_lost(ctx)
    targets = list(targets)
    hits = int(truly.reindex(targets).fillna(False).sum())
    base = shortcut_hits(ctx)
    best = max(SHORTCUTS, key=lambda code: base[code])
    bar = int(-(-MARGIN * base[best] // 1))  # rounded up
    if hits >= bar:
        return ctx.partial(1.0, f"✔ 正确：命中 {hits} 位；单指标捷径最多 {base[best]} 位，随机挑选约 {base['random']:.1f} 位",
                           f"✔ Correct: {hits} hits; the best one-column shortcut {base[best]}, a random pick about "
                           f"{base['random']:.1f}")
    (zh_name, en_name), _ = SHORTCUTS[best]
    detail_zh = (f"名单命中 {hits} 位流失的高价值客户，要至少 {bar} 位：只按一个指标排序的“{zh_name}”就能命中 {base[best]} 位，"
                 f"你的名单要明显更好（多 10%）。只看 R 会挑到本来就不值钱的人，只看 M 或 F 会挑到还很活跃、不必挽留的人："
                 f"把“价值高”和“很久没买”结合起来（例如 RFM 分类中的重要保持客户、重要挽留客户）。")
    detail_en = (f"the list holds {hits} valuable customers who really left; {bar} are needed: ranking on one column "
                 f"alone, {en_name} hold {base[best]}, and the list must clearly beat that (by 10%). R alone picks "
                 f"customers who were never worth much, M or F alone picks customers still active who need no win-back: "
                 f"combine \"valuable\" with \"silent for long\" (e.g. the RFM segments important_retention and "
                 f"important_winback).")
    naive = _naive_list(ctx, targets)
    if naive is not None:
        _fail_with(ctx, naive, detail_zh, detail_en)
    return ctx.partial(0.0, detail_zh, detail_en, mistake=f"shortcut_{best}" if hits <= base[best] else None)


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    rfm = _rfm(ctx)
    scores = _ref_scores(ctx)
    seg = _segments(ctx)
    value = _value_of(seg)
    at_risk = seg[seg["segment_code"].isin(AT_RISK)]
    targets = at_risk.sort_values("monetary", ascending=False).index[:N_TARGET].tolist()
    return {"rfm": rfm, "scores": scores, "segments": seg, "segment_counts": seg["segment_code"].value_counts(),
            "segment_value": value, "targets": targets}
