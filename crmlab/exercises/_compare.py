"""Compare a student's answer with the expected one and say *what* differs.

:func:`compare_values` and :func:`compare_tables` raise :class:`Incorrect` with a
diagnostic a beginner can act on (wrong type, wrong shape, missing column, off by a
factor of 100, unsorted, wrong value for customer X) and return ``None`` when the
answer is right. nbgrader test cells can use them too: ``Incorrect`` is an
``AssertionError``-like failure that nbgrader shows in the feedback.
"""

from __future__ import annotations

import math
import numbers

import numpy as np
import pandas as pd

from ._feedback import Incorrect, Msg

__all__ = ["compare_values", "compare_tables", "is_number"]

# Factors that betray a common slip: percent vs share, thousands, sign.
_FACTORS = [(100.0, "乘了 100（百分数还是比例？）", "multiplied by 100 (percent instead of a share?)"),
            (0.01, "除了 100（比例还是百分数？）", "divided by 100 (a share instead of percent?)"),
            (1000.0, "乘了 1000（单位？）", "multiplied by 1,000 (units?)"),
            (0.001, "除了 1000（单位？）", "divided by 1,000 (units?)"),
            (-1.0, "符号相反", "of the opposite sign")]


def is_number(x) -> bool:
    return isinstance(x, numbers.Number | np.number) and not isinstance(x, bool | np.bool_)


def _fmt(x) -> str:
    if is_number(x) and not isinstance(x, numbers.Integral | np.integer):
        return f"{float(x):,.6g}"
    return repr(x)


def _factor_hint(actual: float, expected: float, rtol: float) -> Msg | None:
    if expected == 0 or actual == 0:
        return None
    ratio = actual / expected
    for factor, zh, en in _FACTORS:
        if math.isclose(ratio, factor, rel_tol=max(rtol, 1e-6)):
            return Msg(f"你的结果正好是正确值{zh}。", f"Your result is the right value {en}.")
    if abs(ratio - 1) < 0.02:
        return Msg("已经很接近了：是不是提前四舍五入了，或者少算/多算了几行？",
                   "Very close: did you round too early, or include/exclude a few rows?")
    if ratio > 0 and abs(ratio - round(ratio)) < 1e-9 and round(ratio) >= 2:
        return Msg(f"你的结果正好是正确值的 {round(ratio)} 倍：有没有重复计数（例如连接后行数变多）？",
                   f"Your result is exactly {round(ratio)} times the right value: double counting (a join that "
                   "multiplied rows)?")
    return None


def compare_values(actual, expected, *, name="answer", rtol=1e-6, atol=1e-9) -> None:
    """Check that ``actual`` equals ``expected`` (numbers within a tolerance).

    Parameters
    ----------
    actual, expected : object
        Numbers, strings, booleans, lists/tuples/sets/dicts of them, pandas Series or
        DataFrames (delegated to :func:`compare_tables`).
    name : str, default="answer"
        The variable name used in messages.
    rtol, atol : float
        Relative and absolute tolerance for numbers.

    Raises
    ------
    Incorrect
        With a message that says what differs.
    """
    if isinstance(expected, pd.DataFrame | pd.Series):
        return compare_tables(actual, expected, name=name, rtol=rtol, atol=atol)
    if is_number(expected):
        if isinstance(actual, str):
            try:
                float(actual.replace(",", ""))
            except ValueError:
                pass
            else:
                raise Incorrect(f"`{name}` 是字符串 {actual!r}，应该是数字：去掉引号，或用 float() 转换。",
                                f"`{name}` is the string {actual!r}; it should be a number: drop the quotes or use float().")
        if isinstance(actual, pd.Series | pd.DataFrame | list | tuple | np.ndarray) and np.size(actual) == 1:
            raise Incorrect(f"`{name}` 是一个只有一个元素的 {type(actual).__name__}，应该是一个数：用 `.item()` 或 `[0]` 取出来。",
                            f"`{name}` is a {type(actual).__name__} with one element; it should be a single number: "
                            "take it out with `.item()` or `[0]`.")
        if not is_number(actual):
            raise Incorrect(f"`{name}` 应该是一个数，但它是 {type(actual).__name__}：{_fmt(actual)[:80]}。",
                            f"`{name}` should be a number, but it is a {type(actual).__name__}: {_fmt(actual)[:80]}.")
        a, e = float(actual), float(expected)
        if math.isnan(e) and math.isnan(a):
            return None
        if math.isclose(a, e, rel_tol=rtol, abs_tol=atol):
            return None
        hint = _factor_hint(a, e, rtol)
        base = Msg(f"`{name}` = {_fmt(actual)}，与你的数据算出的结果不一致。",
                   f"`{name}` = {_fmt(actual)} does not match the result computed from your data.")
        raise Incorrect(base + Msg(" ", " ") + hint if hint else base)
    if isinstance(expected, set | frozenset):
        try:
            got = set(actual)
        except TypeError:
            raise Incorrect(f"`{name}` 应该是一组值（集合或列表）。", f"`{name}` should be a collection of values.") from None
        missing, extra = expected - got, got - expected
        if missing or extra:
            raise Incorrect(
                f"`{name}` 不对：缺少 {sorted(map(str, missing))[:5]}，多出 {sorted(map(str, extra))[:5]}。",
                f"`{name}` is not right: missing {sorted(map(str, missing))[:5]}, unexpected {sorted(map(str, extra))[:5]}.")
        return None
    if isinstance(expected, list | tuple):
        if not isinstance(actual, list | tuple | np.ndarray | pd.Series):
            raise Incorrect(f"`{name}` 应该是一个列表，但它是 {type(actual).__name__}。",
                            f"`{name}` should be a list, but it is a {type(actual).__name__}.")
        actual = list(actual)
        if len(actual) != len(expected):
            raise Incorrect(f"`{name}` 有 {len(actual)} 个元素，应该有 {len(expected)} 个。",
                            f"`{name}` has {len(actual)} elements; it should have {len(expected)}.")
        for i, (a, e) in enumerate(zip(actual, expected)):
            compare_values(a, e, name=f"{name}[{i}]", rtol=rtol, atol=atol)
        return None
    if isinstance(expected, dict):
        if not isinstance(actual, dict):
            raise Incorrect(f"`{name}` 应该是一个字典。", f"`{name}` should be a dict.")
        missing = [k for k in expected if k not in actual]
        if missing:
            raise Incorrect(f"`{name}` 缺少键 {missing[:5]}。", f"`{name}` lacks the keys {missing[:5]}.")
        for k, e in expected.items():
            compare_values(actual[k], e, name=f"{name}[{k!r}]", rtol=rtol, atol=atol)
        return None
    if isinstance(expected, str) and isinstance(actual, str):
        if actual.strip() == expected.strip():
            return None
        if actual.strip().lower() == expected.strip().lower():
            raise Incorrect(f"`{name}` 只差大小写：应该是 {expected!r}。", f"`{name}` differs only in case: use {expected!r}.")
    if actual == expected or (isinstance(actual, np.generic) and actual.item() == expected):
        return None
    raise Incorrect(f"`{name}` = {_fmt(actual)[:80]} 不对。", f"`{name}` = {_fmt(actual)[:80]} is not right.")


def _as_frame(actual, expected: pd.DataFrame, name: str, key) -> pd.DataFrame:
    if isinstance(actual, pd.Series):
        frame = actual.to_frame() if actual.name is not None else actual.to_frame(name="value")
        if actual.index.name is not None:
            frame = frame.reset_index()
        if all(c in frame.columns for c in expected.columns):
            actual = frame
        else:
            raise Incorrect(f"`{name}` 是一个 Series，应该是一张表（DataFrame）：试试 `.reset_index()` 或 `.to_frame()`。",
                            f"`{name}` is a Series; it should be a table (DataFrame): try `.reset_index()` or `.to_frame()`.")
    if not isinstance(actual, pd.DataFrame):
        raise Incorrect(f"`{name}` 应该是一张表（pandas DataFrame），但它是 {type(actual).__name__}。",
                        f"`{name}` should be a table (pandas DataFrame), but it is a {type(actual).__name__}.")
    # A key kept in the index (after groupby) is as good as a key column.
    index_names = [n for n in actual.index.names if n is not None]
    if index_names and any(n in expected.columns and n not in actual.columns for n in index_names):
        actual = actual.reset_index()
    return actual


def compare_tables(actual, expected, *, name="answer", key=None, sort_by=None, ascending=False,
                   check_column_order=False, check_row_order=False, allow_extra_columns=True,
                   rtol=1e-6, atol=1e-9, row_label=None) -> None:
    """Check a table against the expected one and report the first thing that differs.

    Parameters
    ----------
    actual : DataFrame or Series
        The student's table; a key held in the index is accepted.
    expected : DataFrame or Series
        The right table.
    name : str, default="answer"
        Variable name for messages.
    key : str or list of str, optional
        Columns that identify a row (e.g. ``"customer_id"``); rows are matched on
        them, so row order does not matter and messages name the row ("customer
        C000123"). Without a key rows are compared by position.
    sort_by : str, optional
        The table must be sorted by this column (``ascending`` sets the direction).
    check_column_order, check_row_order : bool, default=False
        Whether the order of columns / rows must match exactly.
    allow_extra_columns : bool, default=True
        Extra columns in the answer are ignored.
    rtol, atol : float
        Tolerances for numeric columns.
    row_label : str, optional
        How a row is named in messages, e.g. "客户/customer"; default: the key name.

    Raises
    ------
    Incorrect
    """
    if isinstance(expected, pd.Series) and isinstance(actual, pd.Series):
        # A Series' own name and its index's name are not part of the answer: compare labels and values.
        actual = actual.rename(expected.name)
        if actual.index.name is None:
            actual = actual.rename_axis(expected.index.name)
    if isinstance(expected, pd.Series):
        expected = expected.to_frame() if expected.name is not None else expected.to_frame(name="value")
        if expected.index.name is not None:
            expected = expected.reset_index()
    keys = [key] if isinstance(key, str) else list(key or [])
    actual = _as_frame(actual, expected, name, keys)
    missing = [c for c in expected.columns if c not in actual.columns]
    if missing:
        raise Incorrect(
            f"`{name}` 缺少列 {missing}。现在的列是 {list(actual.columns)}；检查列名拼写（区分大小写）。",
            f"`{name}` lacks the column(s) {missing}. Its columns are {list(actual.columns)}; check the spelling "
            "(case matters).")
    extra = [c for c in actual.columns if c not in expected.columns]
    if extra and not allow_extra_columns:
        raise Incorrect(f"`{name}` 多了列 {extra}：只保留 {list(expected.columns)}。",
                        f"`{name}` has extra column(s) {extra}: keep only {list(expected.columns)}.")
    if check_column_order and list(actual.columns[: len(expected.columns)]) != list(expected.columns):
        raise Incorrect(f"`{name}` 的列顺序应该是 {list(expected.columns)}。",
                        f"The columns of `{name}` should be in the order {list(expected.columns)}.")
    if len(actual) != len(expected):
        more = len(actual) > len(expected)
        why = (Msg("行太多：是否有重复行，或连接（merge）时一行变成了多行？", "Too many rows: duplicates, or a merge that "
                   "multiplied rows?") if more else
               Msg("行太少：是否漏掉了某些行（例如没有订单的客户需要左连接 how='left'），或多筛选了？",
                   "Too few rows: some rows are missing (customers without orders need a left join, how='left'), or "
                   "a filter is too strict?"))
        raise Incorrect(Msg(f"`{name}` 有 {len(actual)} 行，应该有 {len(expected)} 行。",
                            f"`{name}` has {len(actual)} rows; it should have {len(expected)}. ") + why)
    if sort_by is not None:
        col = actual[sort_by]
        ok = col.is_monotonic_increasing if ascending else col.is_monotonic_decreasing
        if not ok:
            order_zh, order_en = ("升序", "ascending") if ascending else ("降序", "descending")
            raise Incorrect(
                f"`{name}` 还没有按 `{sort_by}` {order_zh}排序：用 `.sort_values('{sort_by}', ascending={ascending})`。",
                f"`{name}` is not sorted by `{sort_by}` ({order_en}): use `.sort_values('{sort_by}', "
                f"ascending={ascending})`.")
    label = row_label or (keys[0] if keys else None)
    if keys:
        dup = actual[keys].duplicated()
        if dup.any():
            k = actual.loc[dup, keys].iloc[0].tolist()
            raise Incorrect(f"`{name}` 里 {label} {k[0] if len(k) == 1 else k} 出现了不止一次：每个 {label} 应只有一行。",
                            f"In `{name}`, {label} {k[0] if len(k) == 1 else k} appears more than once: one row per "
                            f"{label}.")
        a = actual.set_index(keys)
        e = expected.set_index(keys)
        missing_rows = e.index.difference(a.index)
        if len(missing_rows):
            raise Incorrect(
                f"`{name}` 缺少 {len(missing_rows)} 个 {label}，例如 {missing_rows[0]}；多出了 "
                f"{len(a.index.difference(e.index))} 个。是不是用错了数据（先运行 crmlab.setup），或筛选条件不对？",
                f"`{name}` lacks {len(missing_rows)} {label}(s), e.g. {missing_rows[0]}, and has "
                f"{len(a.index.difference(e.index))} unexpected ones. Wrong data (run crmlab.setup first) or a wrong "
                "filter?")
        a = a.reindex(e.index)  # by label: a boolean key (True/False rows) is not a mask
        if check_row_order and not actual[keys].reset_index(drop=True).equals(expected[keys].reset_index(drop=True)):
            raise Incorrect(f"`{name}` 的行顺序不对。", f"The rows of `{name}` are not in the expected order.")
    else:
        a = actual.reset_index(drop=True)
        e = expected.reset_index(drop=True)
    for col in [c for c in e.columns]:
        ac, ec = a[col], e[col]
        if pd.api.types.is_numeric_dtype(ec) and not pd.api.types.is_bool_dtype(ec):
            if not pd.api.types.is_numeric_dtype(ac) or pd.api.types.is_bool_dtype(ac):
                raise Incorrect(f"`{name}` 的列 `{col}` 应该是数值，但它的类型是 {ac.dtype}。",
                                f"Column `{col}` of `{name}` should be numeric, but its dtype is {ac.dtype}.")
            av = ac.to_numpy(dtype=float, na_value=np.nan)
            ev = ec.to_numpy(dtype=float, na_value=np.nan)
            bad = ~(np.isclose(av, ev, rtol=rtol, atol=atol) | (np.isnan(av) & np.isnan(ev)))
        else:
            av, ev = ac.to_numpy(dtype=object), ec.to_numpy(dtype=object)
            bad = np.array([not (x == y or (pd.isna(x) and pd.isna(y))) if not isinstance(x, list | np.ndarray)
                            else True for x, y in zip(av, ev)], dtype=bool)
        if bad.any():
            i = int(np.flatnonzero(bad)[0])
            where_zh = f"{label} {e.index[i]}" if keys else f"第 {i} 行"
            where_en = f"{label} {e.index[i]}" if keys else f"row {i}"
            m = Msg(f"`{name}` 的列 `{col}` 有 {int(bad.sum())} 行不对，例如 {where_zh}：你的值是 {_fmt(av[i])}，"
                    "与你的数据算出的结果不一致。",
                    f"Column `{col}` of `{name}` is wrong in {int(bad.sum())} row(s), e.g. {where_en}: your value is "
                    f"{_fmt(av[i])}, which does not match your data.")
            if av.dtype == float:
                ok = ~np.isnan(ev) & (ev != 0) & ~np.isnan(av)
                if ok.any():
                    ratios = av[ok] / ev[ok]
                    r = float(ratios[0])
                    if np.allclose(ratios, r, rtol=1e-6) and not math.isclose(r, 1.0, rel_tol=rtol):
                        m = m + Msg(f" 整列都正好是正确值的 {r:g} 倍（单位、百分数或重复计数？）。",
                                    f" The whole column is exactly {r:g} times the right values (units, percent, "
                                    "or double counting?).")
            raise Incorrect(m)
    return None
