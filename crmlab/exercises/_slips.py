"""The usual pandas slips as :class:`crmlab.mistakes.Mistake` entries, for lesson exercises.

Each function returns one catalogue entry that a question lists in ``mistakes``. The
texts complete "看起来你…" / "It looks like you..." (see :class:`Mistake`); ``see`` adds
a pointer to the lesson section that teaches the fix, e.g. ``("00b 第 2 节", "00b
section 2")``.

A slip in one column of a table is recognised by recomputing only that column (the
candidate has the key and the slipped column, so the student's other columns do not
matter).
"""

from __future__ import annotations

import copy

import pandas as pd

from ..mistakes import Mistake, matches
from ._core import compare_result

__all__ = ["all_paid", "as_frame", "unpaid_kept", "nan_not_filled", "rows_multiplied", "inner_join",
           "sorted_ascending", "counted_not_summed", "rows_not_groups", "groupby_object", "mask_not_rows",
           "no_rows_left", "percent_not_share", "share_not_count", "count_not_share", "acts_like", "function_slip",
           "median_not_mean"]


class _AllPaid:
    """The shop as a student who forgot the paid filter sees it: every order counts."""

    def __init__(self, shop):
        self._shop = shop
        self.orders = shop.orders.assign(payment_status="paid")

    def __getattr__(self, name):
        return getattr(self._shop, name)


def all_paid(shop):
    """``shop`` with every order marked paid: ``reference(all_paid(shop))`` is the unfiltered answer."""
    return _AllPaid(shop)


def as_frame(answer) -> pd.DataFrame | None:
    """The answer as a DataFrame with its index as columns (a groupby key kept in the index counts)."""
    if isinstance(answer, pd.Series):
        answer = answer.to_frame(answer.name if answer.name is not None else "value")
    if not isinstance(answer, pd.DataFrame):
        return None
    if any(n is not None for n in answer.index.names):
        answer = answer.reset_index()
    return answer


def _see(see) -> tuple[str, str]:
    return (f"（见 {see[0]}）", f" (See {see[1]}.)") if see else ("", "")


def unpaid_kept(reference, *, see=None, **compare) -> Mistake:
    """The answer computed on every order, paid or not; ``reference(shop)`` computes the right one."""
    zh, en = _see(see)
    return Mistake("unpaid_kept", "忘了筛选已支付订单：未支付关闭（cancelled）的订单也算进去了",
                   "forgot the paid filter: the cancelled (never paid) orders are counted too",
                   "只有 payment_status == \"paid\" 的订单才算销售：先筛选，再计算。" + zh,
                   "Only orders with payment_status == \"paid\" are sales: filter first, then compute." + en,
                   recompute=lambda ctx: reference(all_paid(ctx.shop)), compare=compare)


def nan_not_filled(columns, *, see=None) -> Mistake:
    """A left join left NaN (no order, no ticket) that should have become 0."""
    zh, en = _see(see)
    cols = ", ".join(f"`{c}`" for c in columns)

    def detect(answer, ctx):
        frame = as_frame(answer)
        present = [c for c in columns if frame is not None and c in frame.columns]
        return bool(present) and bool(frame[present].isna().to_numpy().any())

    return Mistake("nan_not_filled", f"左连接之后没有补值：{cols} 里还有 NaN（空值）",
                   f"left NaN (empty values) in {cols} after the left join",
                   "左连接保留了没有订单（或工单）的客户，他们那几列是 NaN。对这些客户来说次数和金额是 0："
                   "连接之后用 `.fillna(0)` 补上。" + zh,
                   "A left join keeps the customers without orders (or tickets), and their columns are NaN. For them "
                   "the count and the amount are 0: fill them with `.fillna(0)` after the join." + en,
                   detect=detect)


def rows_multiplied(n_rows, what_zh: str, what_en: str, *, see=None) -> Mistake:
    """More rows than the table's grain allows: a merge with a table of several rows per key."""
    zh, en = _see(see)

    def detect(answer, ctx):
        frame = as_frame(answer)
        return frame is not None and len(frame) > n_rows(ctx.shop)

    return Mistake("rows_multiplied", f"连接（merge）之后行数变多了：每{what_zh}应该只有一行",
                   f"made a merge that multiplied rows: there should be one row per {what_en}",
                   "右边的表里一个键有好几行（例如一位客户有好几笔订单）时，连接会把左边的行复制好几份。"
                   "先用 groupby 汇总成每个键一行，再连接；连接前后用 `len(...)` 比一比行数。" + zh,
                   "When the right table has several rows per key (a customer with several orders), the merge copies "
                   "the left rows. Summarise with groupby to one row per key first, then merge; compare `len(...)` "
                   "before and after." + en,
                   detect=detect, show_expected=lambda ctx: f"{n_rows(ctx.shop)} 行 / rows")


def inner_join(reference_inner, *, see=None, **compare) -> Mistake:
    """An inner join (merge's default) dropped the rows without a match."""
    zh, en = _see(see)
    return Mistake("inner_join", "用了内连接：没有订单的客户被丢掉了",
                   "used an inner join, which drops the customers without orders",
                   "`merge` 默认只保留两边都有的键。要保留左表的每一行，写 `how=\"left\"`。" + zh,
                   "`merge` keeps only keys found on both sides by default. To keep every row of the left table, "
                   "write `how=\"left\"`." + en,
                   recompute=lambda ctx: reference_inner(ctx.shop), compare=compare)


def sorted_ascending(column: str, *, see=None) -> Mistake:
    """Sorted smallest first where largest first was asked."""
    zh, en = _see(see)

    def detect(answer, ctx):
        frame = as_frame(answer)
        if frame is None or column not in frame.columns or len(frame) < 2:
            return False
        col = frame[column]
        return bool(col.is_monotonic_increasing and not col.is_monotonic_decreasing)

    return Mistake("sorted_ascending", f"按 `{column}` 从小到大（升序）排了序，题目要的是从大到小",
                   f"sorted by `{column}` smallest first (ascending), but largest first was asked",
                   "`sort_values` 默认升序；要从大到小，加上 `ascending=False`。" + zh,
                   "`sort_values` sorts ascending by default; for largest first add `ascending=False`." + en,
                   detect=detect)


def counted_not_summed(column: str, candidate, *, see=None, **compare) -> Mistake:
    """Rows counted where amounts were to be added: ``candidate(shop)`` is the count (a number, or the
    table with counts in ``column``)."""
    zh, en = _see(see)
    return Mistake("counted_not_summed", f"在 `{column}` 里数了行数（订单笔数），而不是把金额加起来",
                   f"counted rows (orders) in `{column}` instead of adding up the amounts",
                   "`size`/`count` 数的是有几行；销售额要对金额列求和：`(\"amount\", \"sum\")` 或 `[\"amount\"].sum()`。" + zh,
                   "`size`/`count` count rows; sales add up the amount column: `(\"amount\", \"sum\")` or "
                   "`[\"amount\"].sum()`." + en,
                   recompute=lambda ctx: candidate(ctx.shop), compare=compare)


def rows_not_groups(n_rows, what_zh: str, what_en: str, *, see=None) -> Mistake:
    """The number of rows where the number of groups (distinct keys) was asked."""
    zh, en = _see(see)
    return Mistake("rows_not_groups", f"数的是行数（{what_zh}），而题目问的是组数",
                   f"counted rows ({what_en}) where the number of groups was asked",
                   "`len(表)` 数行数；分组后 `len(表.groupby(列))` 或 `表[列].nunique()` 才是组数（不同的值有几个）。" + zh,
                   "`len(table)` counts rows; `len(table.groupby(column))` or `table[column].nunique()` counts groups "
                   "(distinct values)." + en,
                   recompute=lambda ctx: n_rows(ctx.shop))


def groupby_object(*, see=None) -> Mistake:
    """A GroupBy object handed in as the answer: a plan, not a result."""
    zh, en = _see(see)

    def detect(answer, ctx):
        from pandas.api.typing import DataFrameGroupBy, SeriesGroupBy

        return isinstance(answer, DataFrameGroupBy | SeriesGroupBy)

    return Mistake("groupby_object", "交上来的是一个分组对象（GroupBy），它还不是结果",
                   "handed in a GroupBy object, which is not a result yet",
                   "`groupby` 只是把行分好组；后面要接 `.size()`、`.agg(...)` 之类才算出结果，或者用 `len(...)` 数组数。" + zh,
                   "`groupby` only sorts rows into groups; add `.size()`, `.agg(...)` and the like to compute, or "
                   "`len(...)` to count the groups." + en,
                   detect=detect)


def mask_not_rows(*, see=None) -> Mistake:
    """The True/False mask handed in instead of the rows it selects."""
    zh, en = _see(see)

    def detect(answer, ctx):
        return isinstance(answer, pd.Series) and pd.api.types.is_bool_dtype(answer)

    return Mistake("mask_not_rows", "交上来的是一列 True/False（筛选条件），不是筛选出来的行",
                   "handed in the column of True/False (the condition), not the rows it selects",
                   "把条件放进表的方括号里才会留下行：`表[条件]`。" + zh,
                   "Put the condition inside the table's square brackets to keep the rows: `table[condition]`." + en,
                   detect=detect)


def no_rows_left(*, see=None) -> Mistake:
    """A filter that matched nothing: usually the value's spelling or case."""
    zh, en = _see(see)

    def detect(answer, ctx):
        frame = as_frame(answer)
        return frame is not None and len(frame) == 0

    return Mistake("no_rows_left", "的筛选条件一行也没选中",
                   "wrote a filter that matched no row at all",
                   "比较的值必须一字不差：店里的代码是小写英文，例如 `\"paid\"`（中文商店也一样）。"
                   "先用 `表[列].unique()` 看看这一列有哪些值。" + zh,
                   "The value must match exactly: the shop's codes are lowercase English, e.g. `\"paid\"` (in the "
                   "Chinese shop too). Look at `table[column].unique()` to see the values." + en,
                   detect=detect)


# -- shares, counts and written functions -----------------------------------------------------------------------------
def _keys(compare) -> list:
    key = compare.get("key")
    return [] if key is None else [key] if isinstance(key, str) else list(key)


def _times_100(value, keys):
    if isinstance(value, pd.DataFrame):
        return value.assign(**{c: value[c] * 100 for c in value.columns if c not in keys})
    if isinstance(value, tuple | list):
        return type(value)(v * 100 for v in value)
    return float(value) * 100


def percent_not_share(reference, *, column=None, see=None, **compare) -> Mistake:
    """A share (0 to 1) handed in as a percentage (x100). ``reference(shop)`` is the right share: a number, a pair,
    or a table whose non-key columns are shares (give ``key=``); with ``column``, only that column of the table is
    a share (the candidate is the key and that column)."""
    zh, en = _see(see)

    def recompute(ctx):
        right = reference(ctx.shop)
        if column is None:
            return _times_100(right, _keys(compare))
        return right.assign(**{column: right[column] * 100})[_keys(compare) + [column]]

    where_zh, where_en = (f" `{column}` 里的", f"in `{column}` ") if column else ("", "")
    return Mistake("percent_not_share", f"把{where_zh}比例乘了 100，写成了百分数",
                   f"multiplied the share {where_en}by 100, making it a percentage",
                   "题目要的是小数形式的比例（0.25 就是 25%），不用再乘 100；想看百分数，打印时用 `:.1%` 这样的格式就行。"
                   + zh,
                   "The question wants the share as a decimal fraction (0.25 means 25%): do not multiply it by 100; "
                   "to see a percentage, format it when you print (`:.1%`)." + en,
                   recompute=recompute, compare=compare)


def share_not_count(reference, *, see=None, **compare) -> Mistake:
    """A share (a mean, ``normalize=True``) where a number of customers was asked; ``reference(shop)`` gives it."""
    zh, en = _see(see)
    return Mistake("share_not_count", "给出的是比例（占多少），题目问的是有多少位客户",
                   "gave a share where the number of customers was asked",
                   "True/False 的 `.mean()`、`value_counts(normalize=True)` 得到的是比例；数人数要用 `.sum()`、`.size()` "
                   "或 `value_counts()`。" + zh,
                   "`.mean()` of True/False and `value_counts(normalize=True)` give shares; to count customers use "
                   "`.sum()`, `.size()` or `value_counts()`." + en,
                   recompute=lambda ctx: reference(ctx.shop), compare=compare)


def count_not_share(count, *, column=None, see=None, **compare) -> Mistake:
    """A count handed in where a share was asked: ``count(shop)`` is the number of rows that meet the
    condition (or the table with those counts in ``column``)."""
    zh, en = _see(see)
    where_zh, where_en = (f"在 `{column}` 里", f"in `{column}` ") if column else ("", "")
    return Mistake("count_not_share", f"{where_zh}给出的是满足条件的个数，而题目要的是比例",
                   f"gave {where_en}the number of rows that meet the condition, where a share was asked",
                   "比例还要除以全体的个数。对 True/False 列，`.sum()` 数的是 True 有几个，`.mean()` 才是 True 占的比例。" + zh,
                   "A share divides by the size of the whole. On a True/False column `.sum()` counts the True values, "
                   "while `.mean()` gives their share." + en,
                   recompute=lambda ctx: count(ctx.shop), compare=compare)


def acts_like(slipped, probes, *, rtol=1e-6, atol=1e-9):
    """A ``detect`` for a function answer: the student's function gives what ``slipped`` gives on every
    probe (``probes(shop)`` is a list of argument tuples; choose probes on which the slip and the right
    function differ)."""
    def detect(answer, ctx):
        if not callable(answer):
            return False
        cases = probes(ctx.shop)
        return bool(cases) and all(matches(answer(*copy.deepcopy(args)), slipped(*copy.deepcopy(args)),
                                           rtol=rtol, atol=atol) for args in cases)

    return detect


def _same_result(got, want) -> bool:
    """Whether a function's result equals ``want`` as :class:`FunctionQuestion` compares them."""
    try:
        compare_result(got, want)
    except Exception:  # noqa: BLE001 - Incorrect, or a result of another shape: not the same
        return False
    return True


def function_slip(code: str, zh: str, en: str, fix_zh: str, fix_en: str, slipped, reference, cases) -> Mistake:
    """A function question's slip as a whole entry: the student's function agrees with ``slipped(*args)`` on
    every case of ``cases(shop)`` (usually the question's own cases), and the slip changes at least one of them
    (``reference(*args)`` is the right function), so it can never name a right answer. Series results are
    compared value by value on their index, as :class:`FunctionQuestion` does. Unlike :func:`acts_like`, no
    probes need choosing."""
    def detect(answer, ctx):
        if not callable(answer):
            return False
        differs = False
        for args in cases(ctx.shop):
            args = args if isinstance(args, tuple) else (args,)
            want = slipped(*copy.deepcopy(args))
            differs = differs or not _same_result(want, reference(*copy.deepcopy(args)))
            if not _same_result(answer(*copy.deepcopy(args)), want):
                return False
        return differs

    return Mistake(code, zh, en, fix_zh, fix_en, detect=detect)


# -- the mean asked (lesson 01: q6.a and q11.a) ------------------------------------------------------------------------
def median_not_mean(column_of, *, see=None) -> Mistake:
    """The median where the mean (the average) was asked; ``column_of(shop)`` is the Series to average."""
    zh, en = _see(see)
    return Mistake("median_not_mean", "算的是中位数，题目要的是平均值", "took the median where the mean was asked",
                   "平均值是总和除以个数（`.mean()`）；中位数是排在正中间的那个数，遇到少数很大的值时两者会差得很远。" + zh,
                   "The mean is the total divided by the count (`.mean()`); the median is the middle value, and a few "
                   "large values pull the two far apart." + en,
                   recompute=lambda ctx: float(column_of(ctx.shop).median()))
