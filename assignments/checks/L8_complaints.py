"""Trusted checks of lab L8 (the complaint queue: stage times, SLA breaches, root causes, retention by speed).
Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted. Every table is
built from the public ``complaints`` and ``orders`` tables, so no hidden truth is needed.

Tasks 1-3 (6 of the 8 autograded points) ask for the student's own pandas: time
differences, a filter against the deadlines, a group-by per category.
"""

import math

import numpy as np
import pandas as pd

from crmlab.analysis import complaint_retention
from crmlab.exercises import compare_tables
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake, diagnose

# The lab's constants, as the release states them (the student's copies are not trusted).
N_CUSTOMERS = 20000
STAGES = ["judge", "analyse", "reply", "feedback", "followup"]
SLA = {"judge": 4, "analyse": 12, "reply": 24, "feedback": 48, "followup": 168}
TIMES = ["recorded_time", "judged_time", "analysed_time", "replied_time", "feedback_time", "followup_time"]
STAGE_COLUMNS = ["stage", "n", "mean_hours", "median_hours"]
BREACH_COLUMNS = ["stage", "n", "breaches", "breach_rate"]
CATEGORY_COLUMNS = ["category", "complaints", "share", "reply_breach_rate", "mean_satisfaction"]
RETENTION_COLUMNS = ["n_complaints", "reorder_rate", "retention"]
BINS = (24, 48, 96)

CASCADES = (
    "不连锁扣分：任务 2 的 worst_stage 在学生自己的 breaches 表上判断（表错了，只扣表的分）；任务 4 的 retention_fast "
    "在学生自己的 retention_table 上核对；retention_gap 只依赖评分程序重新计算的两档表。任务 1、2、3 各自从 complaints "
    "表算起，互不依赖。",
    "No cascades: task 2's worst_stage is judged on the student's own breaches table (a wrong table costs the table's "
    "points only); task 4's retention_fast is checked on the student's own retention_table; retention_gap rests only "
    "on the two-band table the grader recomputes. Tasks 1, 2 and 3 each start from the complaints table and do not "
    "depend on each other.",
)

lab = LabChecks("L8_complaints", dataset="lab", n_customers=N_CUSTOMERS)


# -- shared helpers -----------------------------------------------------------------------------------
def _with_key(table, key):
    """The student's table with ``key`` as a column (it may be the index)."""
    assert isinstance(table, pd.DataFrame), (
        f"应该是一张表（DataFrame） / it should be a table (DataFrame), not {type(table).__name__}")
    if key not in table.columns and key in [n for n in table.index.names if n is not None]:
        table = table.reset_index()
    return table


def _need_columns(table, cols, name):
    """``cols`` are there, and the numbers after the key are numbers, not text."""
    missing = [c for c in cols if c not in table.columns]
    assert not missing, f"`{name}` 缺少列 / `{name}` lacks the columns: {missing}"
    text = [c for c in cols[1:] if table[c].map(lambda v: isinstance(v, str | bytes)).any()]
    assert not text, f"`{name}` 的 {text} 应是数字，而不是文字 / {text} of `{name}` should be numbers, not text"


def _rates_are_shares(table, col, name):
    v = pd.to_numeric(table[col], errors="coerce")
    assert v.notna().all(), f"`{name}` 的 {col} 有缺失值（NaN） / {col} of `{name}` has missing values (NaN)"
    assert v.between(0, 1).all(), (
        f"`{name}` 的 {col} 应在 0 到 1 之间（比例，不是百分数） / {col} of `{name}` should lie in 0-1 (a share, not a percent)")


def _fail_with(ctx, mistake, score, detail_zh="", detail_en=""):
    zh, en = mistake.message(ctx)
    raise CheckFailed(zh + (f"\n（{detail_zh}）" if detail_zh else ""), en + (f"\n({detail_en})" if detail_en else ""),
                      mistake=mistake.code, score=score)


def _hours(c, *, basis="stage", per_hour=1.0):
    """Hours (times ``per_hour``) of each stage: since the previous step (``"stage"``) or since the record."""
    out = {}
    for j, s in enumerate(STAGES):
        start = TIMES[j] if basis == "stage" else TIMES[0]
        out[s] = (c[TIMES[j + 1]] - c[start]) / pd.Timedelta(hours=1) * per_hour
    return pd.DataFrame(out)


# -- task 1: time in each step -------------------------------------------------------------------------
def _stage_summary_of(c, *, basis="stage", per_hour=1.0, n_all=False):
    h = _hours(c, basis=basis, per_hour=per_hour)
    return pd.DataFrame({"stage": STAGES, "n": [len(c) if n_all else int(h[s].notna().sum()) for s in STAGES],
                         "mean_hours": [float(h[s].mean()) for s in STAGES],
                         "median_hours": [float(h[s].median()) for s in STAGES]})


def _stage_summary(ctx):
    return ctx.cached("stage_summary", lambda: _stage_summary_of(ctx.shop.complaints))


STAGE_MISTAKES = [
    Mistake("since_record", "把每一步的时间都从“记录时”算起（这是累计时间，不是这一步停留的时间）",
            "measured every step from the record (the time elapsed so far, not the time spent in the step)",
            "停留时间 = 这一步的完成时间 - 上一步的完成时间：判断减记录、分析减判断……每一列都减它前面那一列。",
            "Time in a step = its completion time minus the previous step's: judged minus recorded, analysed minus "
            "judged ... each column minus the one before it.",
            recompute=lambda ctx: _stage_summary_of(ctx.shop.complaints, basis="record"), compare={"key": "stage"}),
    Mistake("stage_days", "用“天”而不是“小时”作单位", "gave the times in days, not hours",
            "两个时间相减得到 Timedelta：除以 pd.Timedelta(hours=1) 才是小时数（.dt.days 只取整天）。",
            "Subtracting two times gives a Timedelta: divide by pd.Timedelta(hours=1) for hours (.dt.days keeps whole "
            "days only).",
            recompute=lambda ctx: _stage_summary_of(ctx.shop.complaints, per_hour=1 / 24), compare={"key": "stage"}),
    Mistake("stage_minutes", "用“分钟”而不是“小时”作单位", "gave the times in minutes, not hours",
            "除以 pd.Timedelta(hours=1)，而不是 pd.Timedelta(minutes=1)。",
            "Divide by pd.Timedelta(hours=1), not by pd.Timedelta(minutes=1).",
            recompute=lambda ctx: _stage_summary_of(ctx.shop.complaints, per_hour=60), compare={"key": "stage"}),
    Mistake("n_all_complaints", "把没有回访的投诉也算进了回访这一步的 n",
            "counted the complaints without a follow-up in the n of the follow-up step",
            "n 是到达这一步的投诉数：数时间不为空的行（Series.count() 或 notna().sum()），而不是 len()。",
            "n is the complaints that reached the step: count the non-missing times (Series.count() or "
            "notna().sum()), not len().",
            recompute=lambda ctx: _stage_summary_of(ctx.shop.complaints, n_all=True), compare={"key": "stage"},
            show_expected=lambda ctx: f"回访 n = {int(ctx.shop.complaints['followup_time'].notna().sum())} / follow-up n"),
]


@lab.check("test_stage_summary", answers=["stage_summary"], mistakes=STAGE_MISTAKES)
def stage_summary_check(ctx, stage_summary):
    t = _with_key(stage_summary, "stage")
    _need_columns(t, STAGE_COLUMNS, "stage_summary")
    t = t[STAGE_COLUMNS].assign(stage=t["stage"].astype(str))
    assert sorted(t["stage"]) == sorted(STAGES), (
        f"每步一行，stage 用 {STAGES} / one row per step, stage one of {STAGES}")
    compare_tables(t, _stage_summary(ctx), name="stage_summary", key="stage")


# -- task 2: SLA breaches ------------------------------------------------------------------------------
def _breaches_of(c, *, basis="record", n_all=False, per_cent=False):
    h = _hours(c, basis=basis)
    rows = []
    for s in STAGES:
        n = len(c) if n_all else int(h[s].notna().sum())
        k = int((h[s] > SLA[s]).sum())
        rows.append({"stage": s, "n": n, "breaches": k, "breach_rate": k / n * (100 if per_cent else 1)})
    return pd.DataFrame(rows)


def _breaches(ctx):
    return ctx.cached("breaches", lambda: _breaches_of(ctx.shop.complaints))


def _worst(table):
    t = _with_key(table, "stage")
    t = t.assign(stage=t["stage"].astype(str), breach_rate=pd.to_numeric(t["breach_rate"]))
    return str(t.sort_values(["breach_rate", "stage"], ascending=[False, True])["stage"].iloc[0])


BREACH_MISTAKES = [
    Mistake("stage_basis", "拿“这一步停留的时间”和时限比较，而时限是从记录时算起的",
            "compared the time spent in the step with the deadline, but the deadlines count from the record",
            "SLA 写的是“自记录起多少小时内完成这一步”：用这一步的完成时间减 recorded_time，再和时限比较。",
            "The SLA says \"done within so many hours of the record\": take the step's completion time minus "
            "recorded_time, then compare with the deadline.",
            recompute=lambda ctx: _breaches_of(ctx.shop.complaints, basis="stage"), answer="breaches",
            compare={"key": "stage"}),
    Mistake("breach_all_complaints", "用全部投诉数作分母，连没有到达回访这一步的投诉也算上了",
            "divided by all complaints, including those that never reached the follow-up step",
            "breach_rate 的分母是到达这一步的投诉（时间不为空的行）；没有回访的投诉不可能回访超时。",
            "The denominator of breach_rate is the complaints that reached the step (non-missing times); a complaint "
            "without a follow-up cannot be late for it.",
            recompute=lambda ctx: _breaches_of(ctx.shop.complaints, n_all=True), answer="breaches",
            compare={"key": "stage"}),
    Mistake("breach_percent", "把超时率写成了百分数", "gave the breach rate as a percent",
            "breach_rate 是 0 到 1 之间的比例：不要乘 100。", "breach_rate is a share between 0 and 1: do not multiply "
            "by 100.",
            recompute=lambda ctx: _breaches_of(ctx.shop.complaints, per_cent=True), answer="breaches",
            compare={"key": "stage"}),
    Mistake("worst_row_number", "给出了行号（idxmax 返回的是索引），而不是这一步的代码",
            "gave the row number (idxmax returns an index label), not the step's code",
            "idxmax() 给出最大值所在行的索引；用它去取那一行的 stage：breaches.loc[breaches[\"breach_rate\"].idxmax(), \"stage\"]。",
            "idxmax() gives the index of the row with the largest value; use it to take that row's stage: "
            "breaches.loc[breaches[\"breach_rate\"].idxmax(), \"stage\"].",
            recompute=lambda ctx: int(_breaches(ctx)["breach_rate"].to_numpy().argmax()), answer="worst_stage"),
]
_TABLE_MISTAKES = [m for m in BREACH_MISTAKES if m.answer == "breaches"]
_WORST_MISTAKES = [m for m in BREACH_MISTAKES if m.answer == "worst_stage"]


@lab.check("test_breaches", answers=["breaches", "worst_stage"], mistakes=BREACH_MISTAKES)
def breaches_check(ctx, breaches, worst_stage):
    """Half for the table, half for worst_stage judged on the student's own table (or the right one)."""
    worst_stage = worst_stage.strip() if isinstance(worst_stage, str) else worst_stage
    ref = _breaches(ctx)
    table_zh = table_en = ""
    table_mistake = own = None
    try:
        t = _with_key(breaches, "stage")
        _need_columns(t, BREACH_COLUMNS, "breaches")
        t = t[BREACH_COLUMNS].assign(stage=t["stage"].astype(str))
        own = t if sorted(t["stage"]) == sorted(STAGES) else None
        compare_tables(t, ref, name="breaches", key="stage")
        table_ok = True
    except Exception as exc:  # noqa: BLE001 - a wrong or unusable table: the message says why
        table_ok = False
        table_zh, table_en = (exc.message.zh, exc.message.en) if hasattr(exc, "message") else (str(exc), str(exc))
        table_mistake = diagnose(_TABLE_MISTAKES, {"breaches": breaches}, ctx)
    tables = [ref] if own is None else [own, ref]
    worst_ok = isinstance(worst_stage, str) and any(worst_stage == _worst(x) for x in tables)
    worst_mistake = None if worst_ok else diagnose(_WORST_MISTAKES, {"worst_stage": worst_stage}, ctx)
    score = 0.5 * table_ok + 0.5 * worst_ok
    if score == 1.0:
        return None
    zh, en = [], []
    if table_mistake is not None:
        mzh, men = table_mistake.message(ctx)
        zh.append(mzh), en.append(men)
    if not table_ok:
        zh.append(f"breaches：{table_zh}"), en.append(f"breaches: {table_en}")
    if worst_mistake is not None:
        mzh, men = worst_mistake.message(ctx)
        zh.append(mzh), en.append(men)
    if not worst_ok and not (isinstance(worst_stage, str) and worst_stage in STAGES):
        zh.append(f"worst_stage 应是 {STAGES} 中的一个代码。")
        en.append(f"worst_stage should be one of the codes {STAGES}.")
    elif not worst_ok:
        zh.append("worst_stage 不是你的 breaches 表中超时率最高的一步。")
        en.append("worst_stage is not the step with the highest breach rate in your breaches table.")
    found = table_mistake or worst_mistake
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=found.code if found else None, score=score)


# -- task 3: root causes by category -------------------------------------------------------------------
def _by_category_of(c, *, sat_zero=False, count_late=False, per_cent=False):
    hours = (c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)
    sat = c["satisfaction"].astype(float)
    df = pd.DataFrame({"category": c["category"].astype(str), "late": hours > 24,
                       "sat": sat.fillna(0) if sat_zero else sat})
    e = df.groupby("category").agg(complaints=("late", "size"), reply_breach_rate=("late", "sum" if count_late else "mean"),
                                   mean_satisfaction=("sat", "mean")).reset_index()
    e["share"] = e["complaints"] / len(c) * (100 if per_cent else 1)
    return e.sort_values("complaints", ascending=False).reset_index(drop=True)[CATEGORY_COLUMNS]


def _by_category(ctx):
    return ctx.cached("by_category", lambda: _by_category_of(ctx.shop.complaints))


CATEGORY_MISTAKES = [
    Mistake("satisfaction_nan_as_zero", "把没有填满意度的投诉当成了 0 分，平均满意度被拉低了",
            "took missing satisfaction as 0, pulling the mean down",
            "没有回答不是 0 分：直接对 satisfaction 求 mean()（pandas 会跳过空值），不要先 fillna(0)。",
            "No answer is not a score of 0: take mean() of satisfaction as it is (pandas skips missing values); do "
            "not fillna(0) first.",
            recompute=lambda ctx: _by_category_of(ctx.shop.complaints, sat_zero=True), compare={"key": "category"}),
    Mistake("late_counted", "把超时的投诉数当成了超时率", "gave the number of late replies instead of the late share",
            "对 True/False 列求 mean() 得到比例，求 sum() 得到个数：这里要比例。",
            "The mean() of a True/False column is a share, its sum() a count: a share is wanted here.",
            recompute=lambda ctx: _by_category_of(ctx.shop.complaints, count_late=True), compare={"key": "category"}),
    Mistake("share_percent", "把占比写成了百分数", "gave the share as a percent",
            "share 是 0 到 1 之间的比例，各类别之和为 1。", "share is between 0 and 1, and the categories add up to 1.",
            recompute=lambda ctx: _by_category_of(ctx.shop.complaints, per_cent=True), compare={"key": "category"}),
]


@lab.check("test_by_category", answers=["by_category"], mistakes=CATEGORY_MISTAKES)
def by_category_check(ctx, by_category):
    t = _with_key(by_category, "category")
    _need_columns(t, CATEGORY_COLUMNS, "by_category")
    t = t[CATEGORY_COLUMNS].assign(category=t["category"].astype(str))
    n = len(ctx.shop.complaints)
    assert int(pd.to_numeric(t["complaints"]).sum()) == n, (
        f"各类别 complaints 之和应等于投诉数 {n} / the categories' complaints should add up to the {n} complaints")
    _rates_are_shares(t, "share", "by_category")
    _rates_are_shares(t, "reply_breach_rate", "by_category")
    assert pd.to_numeric(t["complaints"]).is_monotonic_decreasing, (
        "按 complaints 降序 / sort by complaints, largest first")
    compare_tables(t, _by_category(ctx), name="by_category", key="category")


# -- task 4: handling speed and retention --------------------------------------------------------------
def _retention(ctx, bins):
    return ctx.cached(("retention", bins),
                      lambda: complaint_retention(ctx.shop.complaints, orders=ctx.shop.orders, bins=bins))


RETENTION_TABLE_MISTAKES = [
    Mistake("bins_in_days", "把分档的边界写成了天数（1、2、4），而 bins 的单位是小时",
            "gave the bands' edges in days (1, 2, 4), but bins are in hours",
            "complaint_retention 的 bins 是“记录到回复”的小时数：24 小时、48 小时、96 小时。",
            "The bins of complaint_retention are hours from record to reply: 24, 48 and 96 hours.",
            recompute=lambda ctx: _retention(ctx, (1, 2, 4))[RETENTION_COLUMNS]),
]


@lab.check("test_retention_table", answers=["retention_table"], mistakes=RETENTION_TABLE_MISTAKES)
def retention_table_check(ctx, retention_table):
    assert isinstance(retention_table, pd.DataFrame), "retention_table 应是一张表 / retention_table should be a table"
    assert len(retention_table) == 4, "四档 / four bands"
    _need_columns(retention_table, ["band", *RETENTION_COLUMNS], "retention_table")
    compare_tables(retention_table.reset_index(drop=True)[RETENTION_COLUMNS],
                   _retention(ctx, BINS)[RETENTION_COLUMNS], name="retention_table")


def _gap(two):
    return float(two["retention"].iloc[0] - two["retention"].iloc[1])


RETENTION_VALUE_MISTAKES = [
    Mistake("gap_reversed", "算成了“慢的减快的”，方向反了", "took the slow band minus the fast one: the wrong way round",
            "retention_gap = 24 小时内回复的 retention - 超过 24 小时的 retention：快速处理有用时它是正数。",
            "retention_gap = the retention within 24 h minus the retention after 24 h: positive when speed helps.",
            recompute=lambda ctx: -_gap(_retention(ctx, (24,))), answer="retention_gap"),
    Mistake("gap_from_four_bands", "用四档表的前两档（≤24h 与 24-48h）相减，而不是“24 小时以内”对“超过 24 小时”",
            "took the first two bands of the four-band table (≤24h and 24-48h), not within 24 h against after 24 h",
            "“超过 24 小时”包括 24-48、48-96 和 96 小时以上：用 bins=(24,) 重新分两档。",
            "\"After 24 h\" covers 24-48, 48-96 and over 96 hours: make two bands again with bins=(24,).",
            recompute=lambda ctx: _gap(_retention(ctx, BINS)), answer="retention_gap"),
    Mistake("reorder_not_retention", "取了复购率（reorder_rate），而不是保留率（retention = 复购率 ÷ 基准）",
            "took the re-order rate, not the retention (re-order rate ÷ baseline)",
            "retention 已经除以了没有投诉时的基准复购率：取 retention 列。",
            "retention is already divided by the baseline re-order rate without a complaint: take the retention "
            "column.",
            recompute=lambda ctx: float(_retention(ctx, BINS)["reorder_rate"].iloc[0]), answer="retention_fast"),
]


def _number(value, name):
    assert not isinstance(value, bool | str) and isinstance(value, int | float | np.number), (
        f"`{name}` 应是一个数 / `{name}` should be a number")
    v = float(value)
    assert math.isfinite(v), f"`{name}` 不是有限的数 / `{name}` is not a finite number"
    return v


@lab.check("test_retention_values", answers=["retention_fast", "retention_gap", "retention_table"],
           optional=["retention_table"], mistakes=RETENTION_VALUE_MISTAKES)
def retention_values(ctx, retention_fast, retention_gap, retention_table):
    """retention_fast on the student's own four-band table (or the right one); retention_gap on the two bands."""
    fast, gap = _number(retention_fast, "retention_fast"), _number(retention_gap, "retention_gap")
    assert 0 < fast < 1.5, "retention_fast 是一个比例 / retention_fast is a ratio"
    candidates = [float(_retention(ctx, BINS)["retention"].iloc[0])]
    try:
        if isinstance(retention_table, pd.DataFrame) and len(retention_table) == 4:
            candidates.append(float(pd.to_numeric(retention_table.reset_index(drop=True)["retention"]).iloc[0]))
    except Exception:  # noqa: BLE001 - an unusable table: the right one decides
        pass
    fast_ok = any(math.isclose(fast, c, rel_tol=1e-6, abs_tol=1e-9) for c in candidates)
    gap_ok = math.isclose(gap, _gap(_retention(ctx, (24,))), rel_tol=1e-6, abs_tol=1e-9)
    score = 0.5 * fast_ok + 0.5 * gap_ok
    if score == 1.0:
        return None
    answers = {"retention_fast": fast, "retention_gap": gap}
    wrong = [m for m in RETENTION_VALUE_MISTAKES if not (fast_ok if m.answer == "retention_fast" else gap_ok)]
    found = diagnose(wrong, answers, ctx)
    zh, en = [], []
    if found is not None:
        mzh, men = found.message(ctx)
        zh.append(mzh), en.append(men)
    if not fast_ok:
        zh.append("retention_fast 不是你的 retention_table 中 ≤24 小时那一档的 retention。")
        en.append("retention_fast is not the retention of the within-24 h band of your retention_table.")
    if not gap_ok:
        zh.append("retention_gap 与两档（bins=(24,)）的 retention 之差不一致。")
        en.append("retention_gap does not match the difference of the two bands' retention (bins=(24,)).")
    raise CheckFailed("\n".join(zh), "\n".join(en), mistake=found.code if found else None, score=score)


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    table = _retention(ctx, BINS)
    return {"stage_summary": _stage_summary(ctx), "breaches": _breaches(ctx), "worst_stage": _worst(_breaches(ctx)),
            "by_category": _by_category(ctx), "retention_table": table,
            "retention_fast": float(table["retention"].iloc[0]), "retention_gap": _gap(_retention(ctx, (24,)))}
