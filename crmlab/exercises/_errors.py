"""Error messages a beginner meets in pandas, explained in the notebook's language.

Python's and pandas' messages are written for programmers: ``The truth value of a
Series is ambiguous`` does not say "you wrote ``and`` where pandas needs ``&``".
:func:`explain_error` recognises the usual ones and says what went wrong and how to
fix it. Students call it after a red error (``explain_error()`` reads the last error of
the notebook); a question's ``check()`` adds the explanation by itself when the cell
run just before it failed with one of these errors.
"""

from __future__ import annotations

import re
import sys
from dataclasses import dataclass

from ._feedback import INFO, Feedback, Msg, show

__all__ = ["ErrorExplanation", "explain", "explain_error", "previous_cell_error", "EXPLANATIONS"]


@dataclass(frozen=True)
class ErrorExplanation:
    """One recognisable error: its type, a pattern of its message, what it means, the fix.

    ``code`` names the slip (tests and instructors use it); ``zh``/``en`` may use
    ``{0}``, the first group the pattern captured (e.g. the missing column's name).
    """

    code: str
    types: tuple
    pattern: str
    zh: str
    en: str

    def match(self, exc: BaseException) -> Msg | None:
        if not isinstance(exc, self.types):
            return None
        text = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
        m = re.search(self.pattern, text)
        if m is None:
            return None
        arg = next((g for g in m.groups() if g), "") if m.groups() else ""
        return Msg(self.zh.format(arg), self.en.format(arg))


EXPLANATIONS: tuple[ErrorExplanation, ...] = (
    ErrorExplanation(
        "assign_not_compare", (SyntaxError,), r"Maybe you meant '==' |perhaps you meant \"==\"",
        "你在比较的地方写了一个等号 `=`。一个 `=` 是“赋值”（把右边的值存进左边的变量），两个 `==` 才是“是否相等”。"
        "筛选时写 `orders[\"payment_status\"] == \"paid\"`。",
        "You wrote one `=` where you meant to compare. One `=` assigns (stores the right side in the name on the "
        "left); `==` asks \"is it equal?\". In a filter: `orders[\"payment_status\"] == \"paid\"`."),
    ErrorExplanation(
        "assign_not_compare", (ValueError,), r"cannot assign without a target object",
        "`query()` 的条件里写了一个等号 `=`：比较要用两个等号，例如 `orders.query(\"payment_status == 'paid'\")`。",
        "The condition inside `query()` has one `=`: compare with two, e.g. "
        "`orders.query(\"payment_status == 'paid'\")`."),
    ErrorExplanation(
        "and_not_ampersand", (ValueError,), r"truth value of a (?:Series|DataFrame) is ambiguous",
        "`and`、`or`、`not` 只能处理单个的 True/False，而筛选条件是一整列 True/False。组合条件要用 `&`（并且）、"
        "`|`（或者）、`~`（不是），并且每个条件都要加括号：`(orders[\"payment_status\"] == \"paid\") & "
        "(orders[\"amount\"] >= 300)`。（写 `if 一整列:`，或者 `a > 300 & b > 2` 这样没加括号的连写，也会出这个错。）",
        "`and`, `or` and `not` work on one True/False, but a condition on a column is a whole column of them. "
        "Combine conditions with `&` (and), `|` (or), `~` (not), and put each condition in parentheses: "
        "`(orders[\"payment_status\"] == \"paid\") & (orders[\"amount\"] >= 300)`. (`if column:` and an "
        "unbracketed `a > 300 & b > 2` give this error too.)"),
    ErrorExplanation(
        "missing_parentheses", (TypeError,),
        r"Cannot perform '(?:r?and_|r?or_|r?xor_)'|operation '(?:r?and_|r?or_)' not supported|"
        r"unsupported operand type\(s\) for [&|]",
        "组合条件时少了括号。Python 先算 `&` 和 `|`，再算 `==`、`>`，所以 `a == \"paid\" & b > 300` 会先去算 "
        "`\"paid\" & b`。给每个条件加上括号：`(a == \"paid\") & (b > 300)`。",
        "Parentheses are missing around the conditions. Python does `&` and `|` before `==` and `>`, so "
        "`a == \"paid\" & b > 300` first tries `\"paid\" & b`. Put each condition in parentheses: "
        "`(a == \"paid\") & (b > 300)`."),
    ErrorExplanation(
        "attribute_called", (TypeError,), r"'(tuple|Index|Series|DataFrame)' object is not callable",
        "`shape`、`columns`、`dtypes` 这样的是“属性”，后面不加括号：写 `df.shape`，不是 `df.shape()`。"
        "（出错的对象是 {0}。）",
        "`shape`, `columns` and `dtypes` are attributes, used without parentheses: `df.shape`, not "
        "`df.shape()`. (The object called was a {0}.)"),
    ErrorExplanation(
        "method_indexed", (TypeError,), r"'method' object is not subscriptable",
        "方法要用圆括号调用：`df.head(5)`，不是 `df.head[5]`。方括号 `[ ]` 用来取列或筛选行。",
        "Call a method with round brackets: `df.head(5)`, not `df.head[5]`. Square brackets `[ ]` pick columns "
        "or filter rows."),
    ErrorExplanation(
        "missing_column", (KeyError,), r"""^['"]*(?:Column not found: )?\[?'?([^'\]"]+)""",
        "表里没有名为 `{0}` 的列（或字典里没有这个键）。列名必须一字不差（区分大小写、下划线）：先用 `df.columns` 看看有哪些列，"
        "或查数据字典 `shop.dictionary(\"表名\")`。",
        "The table has no column named `{0}` (or the dict no such key). Column names must match exactly (case, "
        "underscores): look at `df.columns`, or the data dictionary `shop.dictionary(\"table name\")`."),
    ErrorExplanation(
        "dt_on_text", (AttributeError,), r"Can only use \.dt accessor with datetimelike values",
        "`.dt` 只能用在日期时间列上，这一列不是日期。先用 `pd.to_datetime(...)` 把它转换成日期。",
        "`.dt` works only on date-time columns, and this one is not. Convert it first with `pd.to_datetime(...)`."),
    ErrorExplanation(
        "timestamp_plus_number", (TypeError,), r"integers and integer-arrays with Timestamp",
        "日期不能直接加减一个数字：写 `END - pd.Timedelta(days=30)`，而不是 `END - 30`。",
        "A date cannot be shifted by a bare number: write `END - pd.Timedelta(days=30)`, not `END - 30`."),
    ErrorExplanation(
        "isin_needs_list", (TypeError,), r"only list-like objects are allowed to be passed to isin",
        "`isin` 需要一个列表，哪怕只有一个值：`isin([\"app\"])`，不是 `isin(\"app\")`。",
        "`isin` takes a list, even of one value: `isin([\"app\"])`, not `isin(\"app\")`."),
    ErrorExplanation(
        "sort_without_column", (TypeError,), r"sort_values\(\) missing 1 required positional argument: 'by'",
        "`sort_values` 要知道按哪一列排序：`df.sort_values(\"amount\", ascending=False)`。",
        "`sort_values` needs the column to sort by: `df.sort_values(\"amount\", ascending=False)`."),
    ErrorExplanation(
        "agg_needs_pairs", (TypeError,), r"Must provide 'func' or tuples of '\(column, aggfunc\)",
        "命名汇总的每一项都要写成“新列名=(原列名, 汇总方法)”，例如 `agg(sales=(\"amount\", \"sum\"))`。",
        "Each item of a named aggregation is `new_name=(column, how)`, e.g. `agg(sales=(\"amount\", \"sum\"))`."),
    ErrorExplanation(
        "merge_key_types", (ValueError,), r"You are trying to merge on (\S+ and \S+) columns",
        "连接的两张表里，键列的类型不一样（{0}）：一边是数字，一边是文字。先用 `astype` 把它们转成同一种类型。",
        "The key columns of the two tables have different types ({0}): numbers on one side, text on the other. "
        "Convert one with `astype` first."),
    ErrorExplanation(
        "merge_without_key", (Exception,), r"No common columns to perform merge on",
        "两张表没有同名的列可以连接：用 `on=\"customer_id\"` 写明按哪一列连接（或 `left_on=`/`right_on=`）。",
        "The two tables share no column name to join on: say which with `on=\"customer_id\"` (or "
        "`left_on=`/`right_on=`)."),
    ErrorExplanation(
        "lowercase_true", (NameError,), r"name '(true|false|none)' is not defined",
        "Python 里的真、假、空值首字母大写：`True`、`False`、`None`（你写的是 `{0}`）。",
        "Python spells them with a capital: `True`, `False`, `None` (you wrote `{0}`)."),
    ErrorExplanation(
        "undefined_name", (NameError,), r"name '(\w+)' is not defined",
        "还没有名为 `{0}` 的变量。笔记本的单元格要按顺序运行：先运行定义 `{0}` 的那个单元格（重启内核后要从头再运行），"
        "并检查拼写。",
        "There is no variable named `{0}` yet. Notebook cells run in order: run the cell that defines `{0}` first "
        "(after a kernel restart, run from the top again), and check the spelling."),
)


def explain(exc: BaseException | None) -> tuple[str, Msg] | None:
    """``(code, explanation)`` for a recognised error, or None."""
    if exc is None:
        return None
    for e in EXPLANATIONS:
        text = e.match(exc)
        if text is not None:
            return e.code, text
    return None


def _headline(exc: BaseException) -> str:
    text = exc.msg if isinstance(exc, SyntaxError) and exc.msg else str(exc)
    return f"{type(exc).__name__}: {text}"[:200]


def previous_cell_error() -> BaseException | None:
    """The error of the cell run just before the current one (IPython), or None."""
    try:
        from IPython import get_ipython
    except ImportError:
        return None
    ip = get_ipython()
    result = getattr(ip, "last_execution_result", None) if ip is not None else None
    if result is None or getattr(result, "success", True):
        return None
    return getattr(result, "error_before_exec", None) or getattr(result, "error_in_exec", None)


def previous_cell_note() -> Msg:
    """A note for a check's feedback when the cell before it failed with a known error."""
    exc = previous_cell_error()
    found = explain(exc)
    if found is None:
        return Msg("", "")
    head = _headline(exc)
    return (Msg(f"\n\n上一个单元格报错了（`{head}`）：", f"\n\nThe cell before this one failed (`{head}`): ")
            + found[1])


def explain_error(exc: BaseException | None = None) -> None:
    """Explain an error in plain words: by default the notebook's last error.

    Run ``explain_error()`` in a new cell after a cell shows a red error message.
    """
    if exc is None:
        exc = getattr(sys, "last_value", None)
    if exc is None:
        show(Feedback(INFO, Msg("还没有出现过错误。", "There has been no error yet."), "explain_error"))
        return
    found = explain(exc)
    head = _headline(exc)
    if found is None:
        body = Msg(f"`{head}`\n\n这个错误不在常见错误表里。看报错信息的最后一行：它说出了错误的类型和原因；"
                   "向上找带箭头 `---->` 的那一行，就是出错的代码。",
                   f"`{head}`\n\nThis one is not among the usual errors. Read the last line of the message: it "
                   "names the kind of error and why; the line marked with an arrow `---->` above it is the code "
                   "that failed.")
    else:
        body = Msg(f"`{head}`\n\n", f"`{head}`\n\n") + found[1]
    show(Feedback(INFO, body, "explain_error"))
