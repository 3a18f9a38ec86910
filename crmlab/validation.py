"""Argument checks shared by crmlab's public functions: one place, one wording.

Every check takes the argument's ``name`` first and its ``value`` second, returns the
value in the form the code needs (a Python ``int`` for a whole number, a
``pandas.Timestamp`` for a date ...), and raises
:class:`~crmlab.errors.InvalidArgumentError` with a Chinese and an English message
that names the argument, shows what was passed and says what to pass instead::

    n = check_int("n_customers", n_customers, low=1, example="n_customers=500")
    start = check_date("start", start)

What the checks accept, everywhere:

- **whole numbers** (:func:`check_int`): ``int``, numpy integers, and floats with a
  whole value (``16.0``), so ``n_agents=16.0`` or ``np.int64(16)`` work and come back
  as ``16``; never ``True``/``False``, text or ``NaN``;
- **numbers** (:func:`check_float`): any real number, numpy scalars included, but not
  ``bool``, ``NaN`` or infinity;
- **dates** (:func:`check_date`): text such as ``"2024-12-31"``, ``datetime``, numpy and
  pandas dates; never ``None``, ``NaN``, ``NaT`` or a bare number;
- **tables** (:func:`check_dataframe`, :func:`check_numeric_column`,
  :func:`check_datetime_column`): a DataFrame with the named columns, of the right
  kind, with missing dates or negative amounts refused where they are meaningless;
- **randomness** (:func:`check_random_state`): ``None``, a whole number, a student id
  (text, turned into a seed by :func:`student_seed`, the seed of that student's shop)
  or a numpy ``Generator``.

The module imports neither numpy nor pandas at import time (``import crmlab`` must stay
light): numbers are recognised through :mod:`numbers`, and pandas is imported inside
the checks that need it.
"""

from __future__ import annotations

import hashlib
import math
import numbers
import os
import warnings
from pathlib import Path

from .errors import ColumnError, DataValueError, DataWarning, EmptyDataError, InvalidArgumentError

__all__ = [
    "check_int", "check_float", "check_bool", "check_choice", "check_str", "check_date",
    "check_random_state", "check_sklearn_random_state", "check_path", "check_mapping", "check_dataframe",
    "check_nonempty", "check_numeric_column", "check_datetime_column", "check_nonnegative_column", "student_seed",
]


# -- wording ------------------------------------------------------------------------------
def _shown(value) -> str:
    """``repr`` of a passed value, short enough for a message."""
    if _is_frame(value):
        return f"<{type(value).__name__} {getattr(value, 'shape', '')}>"
    try:
        text = repr(value)
    except Exception:  # noqa: BLE001 - a broken __repr__ must not hide the real message
        text = f"<{type(value).__name__}>"
    return text if len(text) <= 80 else text[:77] + "..."


def _why(value) -> tuple[str, str]:
    """A short note on a common slip behind a wrong value, in (zh, en)."""
    if isinstance(value, type):
        return "（这是类型本身，不是一个值）", " (the type itself, not a value)"
    if isinstance(value, str):
        return "（这是文字；请去掉引号）", " (that is text: drop the quotes)"
    if value is None:
        return "（空值）", " (nothing)"
    return "", ""


def _fail(zh: str, en: str, example: str | None = None):
    if example:
        zh, en = f"{zh}例如 {example}。", f"{en} For example {example}."
    raise InvalidArgumentError(zh, en)


def _range_text(low, high, low_open=False, high_open=False):
    if low is not None and high is not None:
        lo_zh = "大于" if low_open else "不小于"
        hi_zh = "小于" if high_open else "不大于"
        lo_en = "greater than" if low_open else "at least"
        hi_en = "less than" if high_open else "at most"
        return f"{lo_zh} {low} 且{hi_zh} {high}", f"{lo_en} {low} and {hi_en} {high}"
    if low is not None:
        return (f"大于 {low}", f"greater than {low}") if low_open else (f"不小于 {low}", f"at least {low}")
    return (f"小于 {high}", f"less than {high}") if high_open else (f"不大于 {high}", f"at most {high}")


def _scalar(value):
    """A numpy 0-d array or numpy scalar as the Python value it holds (duck typed)."""
    if type(value).__module__ == "numpy" and getattr(value, "ndim", None) == 0 and hasattr(value, "item"):
        return value.item()
    return value


def _is_frame(value) -> bool:
    return type(value).__name__ == "DataFrame" and hasattr(value, "columns") and hasattr(value, "iloc")


# -- scalars ------------------------------------------------------------------------------
def check_int(name: str, value, *, low=None, high=None, allow_none: bool = False, example: str | None = None):
    """Check a whole number and return it as a Python ``int``.

    Parameters
    ----------
    name : str
        The argument's name, as the user wrote it (shown in the message).
    value : object
        What was passed. ``int``, numpy integers and whole-valued floats (``16.0``)
        are accepted; ``bool``, text, ``NaN`` and fractions are not.
    low, high : int, optional
        Inclusive bounds.
    allow_none : bool, default=False
        Let ``None`` through (returned as ``None``).
    example : str, optional
        A correct call to show, e.g. ``"n_agents=16"``.

    Returns
    -------
    int or None

    Raises
    ------
    InvalidArgumentError
        Naming the argument, the value passed and the range.

    Examples
    --------
    >>> from crmlab.validation import check_int
    >>> check_int("n_agents", 16.0)
    16
    """
    if value is None and allow_none:
        return None
    v = _scalar(value)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        extra_zh, extra_en = _why(v)
        _fail(f"参数 `{name}` 必须是整数，但传入的是 {_shown(value)}{extra_zh}。",
              f"`{name}` must be a whole number, but {_shown(value)} was passed{extra_en}.", example)
    if isinstance(v, numbers.Integral):
        out = int(v)
    else:
        f = float(v)
        if not math.isfinite(f) or not f.is_integer():
            _fail(f"参数 `{name}` 必须是整数，但传入的是 {_shown(value)}（不是整数）。",
                  f"`{name}` must be a whole number, but {_shown(value)} was passed (not a whole number).", example)
        out = int(f)
    if (low is not None and out < low) or (high is not None and out > high):
        zh, en = _range_text(low, high)
        _fail(f"参数 `{name}` 必须{zh}，但传入的是 {_shown(value)}。",
              f"`{name}` must be {en}, but {_shown(value)} was passed.", example)
    return out


def check_float(name: str, value, *, low=None, high=None, low_open: bool = False, high_open: bool = False,
                allow_none: bool = False, example: str | None = None):
    """Check a real number and return it as a Python ``float``.

    Parameters
    ----------
    name, value
        As in :func:`check_int`. Any real number is accepted, numpy scalars
        included; ``bool``, text, ``NaN`` and infinity are not.
    low, high : float, optional
        Bounds, inclusive unless ``low_open`` / ``high_open``.
    allow_none : bool, default=False
    example : str, optional

    Returns
    -------
    float or None

    Examples
    --------
    >>> from crmlab.validation import check_float
    >>> check_float("margin", 1, low=0, low_open=True, high=1)
    1.0
    """
    if value is None and allow_none:
        return None
    v = _scalar(value)
    if isinstance(v, bool) or not isinstance(v, numbers.Real):
        extra_zh, extra_en = _why(v)
        _fail(f"参数 `{name}` 必须是数字，但传入的是 {_shown(value)}{extra_zh}。",
              f"`{name}` must be a number, but {_shown(value)} was passed{extra_en}.", example)
    out = float(v)
    if not math.isfinite(out):
        _fail(f"参数 `{name}` 必须是有限的数字，但传入的是 {_shown(value)}。",
              f"`{name}` must be a finite number, but {_shown(value)} was passed.", example)
    if ((low is not None and (out <= low if low_open else out < low))
            or (high is not None and (out >= high if high_open else out > high))):
        zh, en = _range_text(low, high, low_open, high_open)
        _fail(f"参数 `{name}` 必须{zh}，但传入的是 {_shown(value)}。",
              f"`{name}` must be {en}, but {_shown(value)} was passed.", example)
    return out


def check_bool(name: str, value, *, allow_none: bool = False) -> bool | None:
    """Check ``True`` or ``False`` (numpy booleans too) and return a Python ``bool``."""
    if value is None and allow_none:
        return None
    v = _scalar(value)
    if not isinstance(v, bool):
        _fail(f"参数 `{name}` 必须是 True 或 False，但传入的是 {_shown(value)}。",
              f"`{name}` must be True or False, but {_shown(value)} was passed.")
    return v


def check_choice(name: str, value, choices):
    """Check that ``value`` is one of ``choices`` and return it.

    The message lists the choices and, for a near miss, suggests the closest one.

    Examples
    --------
    >>> from crmlab.validation import check_choice
    >>> check_choice("locale", "zh", ("zh", "en"))
    'zh'
    """
    choices = tuple(choices)
    try:
        ok = value in choices
    except TypeError:  # unhashable value against a set-like
        ok = False
    if isinstance(value, bool) and not any(c is value for c in choices):
        ok = False  # True == 1 must not select the choice 1
    if ok:
        return value
    opts = ", ".join(repr(c) for c in choices)
    hint_zh = hint_en = ""
    if isinstance(value, str):
        import difflib

        close = difflib.get_close_matches(value, [c for c in choices if isinstance(c, str)], n=1)
        if close:
            hint_zh, hint_en = f"您是不是想用 {close[0]!r}？", f" Did you mean {close[0]!r}?"
    raise InvalidArgumentError(
        f"参数 `{name}` 必须是 [{opts}] 之一，但传入的是 {_shown(value)}。{hint_zh}",
        f"`{name}` must be one of [{opts}], but {_shown(value)} was passed.{hint_en}",
    )


def check_str(name: str, value, *, allow_empty: bool = False, allow_none: bool = False,
              example: str | None = None) -> str | None:
    """Check a text argument (non-empty unless ``allow_empty``) and return it."""
    if value is None and allow_none:
        return None
    if not isinstance(value, str) or (not allow_empty and not value.strip()):
        what_zh, what_en = ("空文字", "empty text") if isinstance(value, str) else (_shown(value), _shown(value))
        _fail(f"参数 `{name}` 必须是非空的文字，但传入的是 {what_zh}。",
              f"`{name}` must be non-empty text, but {what_en} was passed.", example)
    return value


_ANY_TZ = object()


def check_date(name: str, value, *, tz=_ANY_TZ, allow_none: bool = False, example: str | None = None):
    """Check a date argument and return it as a ``pandas.Timestamp``.

    Parameters
    ----------
    name, value
        Text such as ``"2024-12-31"``, a ``datetime``/``date``, a numpy or pandas
        date. ``None``, ``NaN``, ``NaT``, bare numbers and unreadable text are refused.
    tz : str, tzinfo or None, optional
        Leave out to return the date as parsed. ``None``: the data's times are
        naive, so a date with a timezone is refused. A zone: a naive date is taken
        to be in it, an aware one converted to it.
    allow_none : bool, default=False
    example : str, optional
        A correct value to show; default ``'2024-12-31'``.

    Returns
    -------
    pandas.Timestamp or None

    Examples
    --------
    >>> from crmlab.validation import check_date
    >>> check_date("start", "2023-01-01")
    Timestamp('2023-01-01 00:00:00')
    """
    if value is None and allow_none:
        return None
    import pandas as pd

    ex = example or "'2024-12-31'"
    v = _scalar(value)
    ts = None
    if not (isinstance(v, bool) or isinstance(v, numbers.Number) or v is None):
        try:
            ts = pd.Timestamp(v)
        except (ValueError, TypeError, OverflowError):
            ts = None
    if ts is None or ts is pd.NaT:
        why_zh, why_en = "", ""
        if v is None or ts is pd.NaT or (isinstance(v, float) and math.isnan(v)):
            why_zh, why_en = "（缺失的日期）", " (a missing date)"
        elif isinstance(v, numbers.Number):
            why_zh, why_en = "（数字不是日期；请写成文字）", " (a number is not a date: write it as text)"
        raise InvalidArgumentError(
            f"参数 `{name}` 必须是日期，格式 'YYYY-MM-DD'（例如 {ex}），但传入的是 {_shown(value)}{why_zh}。",
            f"`{name}` must be a date in the 'YYYY-MM-DD' form (e.g. {ex}), but {_shown(value)} was passed{why_en}.",
        )
    if tz is _ANY_TZ:
        return ts
    if tz is None:
        if ts.tzinfo is not None:
            raise InvalidArgumentError(
                f"参数 `{name}` 带时区（{ts.tzinfo}），但数据的时间不带时区。请传入不带时区的日期。",
                f"`{name}` has a timezone ({ts.tzinfo}) but the data's times are naive. "
                f"Pass a date without a timezone.",
            )
        return ts
    return ts.tz_localize(tz) if ts.tzinfo is None else ts.tz_convert(tz)


def student_seed(student_id: str) -> int:
    """A stable seed derived from a student id, the same on every machine.

    Parameters
    ----------
    student_id : str
        Any identifier, e.g. the student number nbgrader knows.

    Returns
    -------
    int
        A seed in ``[0, 2**32)``.

    Examples
    --------
    >>> from crmlab import student_seed
    >>> student_seed("2024001") == student_seed("2024001")
    True
    """
    if not isinstance(student_id, str | int) or str(student_id).strip() == "":
        raise InvalidArgumentError("学号不能为空，请传入字符串，例如 student_seed('2024001')。",
                                   "The student id must be a non-empty string, e.g. student_seed('2024001').")
    digest = hashlib.sha256(f"crmlab:{str(student_id).strip()}".encode()).digest()
    return int.from_bytes(digest[:4], "little")


def check_random_state(random_state):
    """Turn a ``random_state`` argument into a ``numpy.random.Generator``.

    Every crmlab function with randomness takes ``random_state`` and starts with
    ``rng = check_random_state(random_state)``, so the same values mean the same
    thing everywhere (scikit-learn's convention, with numpy's new generators).

    Parameters
    ----------
    random_state : None, int, str or numpy.random.Generator
        ``None``: fresh, unpredictable randomness. A non-negative whole number:
        a repeatable stream (``numpy.random.default_rng(random_state)``). A text:
        a student id, turned into a number with :func:`crmlab.student_seed` (the
        same id gives the same stream on every machine). A ``Generator`` is
        returned as it is, so a caller can pass its own stream on.

    Returns
    -------
    numpy.random.Generator

    Raises
    ------
    InvalidArgumentError
        For anything else (negative or fractional numbers, ``True``, empty text,
        a legacy ``numpy.random.RandomState``...).

    Examples
    --------
    >>> from crmlab.validation import check_random_state
    >>> a = check_random_state(42).integers(1000, size=3)
    >>> b = check_random_state(42).integers(1000, size=3)
    >>> bool((a == b).all())
    True
    >>> rng = check_random_state(0)
    >>> check_random_state(rng) is rng
    True
    """
    import numpy as np

    if random_state is None or isinstance(random_state, np.random.Generator):
        return np.random.default_rng(random_state) if random_state is None else random_state
    if isinstance(random_state, str):
        if not random_state.strip():
            _fail("参数 `random_state` 不能是空文字。请传入整数或学号，例如 random_state=42 或 random_state='2024001'。",
                  "`random_state` cannot be empty text. Pass a whole number or a student id, e.g. random_state=42 "
                  "or random_state='2024001'.")
        return np.random.default_rng(student_seed(random_state))
    v = _scalar(random_state)
    if isinstance(v, bool) or not isinstance(v, numbers.Real) or not math.isfinite(float(v)) \
            or not float(v).is_integer() or v < 0:
        _fail(f"参数 `random_state` 必须是 None、非负整数、学号（文字）或 numpy 随机数生成器，"
              f"但传入的是 {_shown(random_state)}。",
              f"`random_state` must be None, a non-negative whole number, a student id (text) or a numpy "
              f"random Generator, but {_shown(random_state)} was passed.", "random_state=0")
    return np.random.default_rng(int(v))


def check_sklearn_random_state(random_state):
    """A ``random_state`` for scikit-learn, which takes a number: checked by :func:`check_random_state`.

    Whole numbers and ``None`` are passed on as they are, so ``random_state=0``
    gives the same model as scikit-learn's own ``random_state=0``; a student id
    becomes its :func:`crmlab.student_seed`; a ``Generator`` gives a number drawn
    from it (advancing it).

    Parameters
    ----------
    random_state : None, int, str or numpy.random.Generator

    Returns
    -------
    int or None

    Examples
    --------
    >>> from crmlab.validation import check_sklearn_random_state
    >>> check_sklearn_random_state(7)
    7
    >>> check_sklearn_random_state(None) is None
    True
    """
    rng = check_random_state(random_state)
    if random_state is None:
        return None
    if isinstance(random_state, str):
        return student_seed(random_state)
    if type(random_state).__name__ == "Generator":
        return int(rng.integers(2**31 - 1))
    return int(_scalar(random_state))


def check_path(name: str, value) -> Path:
    """Check a file or folder path (``str`` or path-like) and return it as a ``Path`` (``~`` expanded)."""
    if isinstance(value, bytes):
        value = os.fsdecode(value)
    if not isinstance(value, str | os.PathLike) or (isinstance(value, str) and not value.strip()):
        zh, en = ("空文字", "empty text") if isinstance(value, str) else (_shown(value), _shown(value))
        _fail(f"参数 `{name}` 必须是文件或目录路径（文字或 pathlib.Path），但传入的是 {zh}。",
              f"`{name}` must be a file or folder path (text or a pathlib.Path), but {en} was passed.",
              f"{name}='shop.sqlite'")
    return Path(value).expanduser()


def check_mapping(name: str, value, *, example: str | None = None) -> dict:
    """Check a dict-like argument and return a plain ``dict`` copy."""
    from collections.abc import Mapping

    if not isinstance(value, Mapping):
        why_zh, why_en = _why(value)
        _fail(f"参数 `{name}` 必须是字典（键: 值），但传入的是 {_shown(value)}{why_zh}。",
              f"`{name}` must be a dict (key: value), but {_shown(value)} was passed{why_en}.", example)
    return dict(value)


# -- tables -------------------------------------------------------------------------------
def check_dataframe(name: str, df, columns=(), *, nonempty: bool = False):
    """Check that ``df`` is a DataFrame with every column in ``columns``; return it.

    Parameters
    ----------
    name : str
        The table's name as the user knows it (``"orders"``), shown in messages.
    df : object
        What was passed.
    columns : str or iterable of str, optional
        Columns the caller needs; ``None`` entries are skipped (optional columns).
    nonempty : bool, default=False
        Also refuse a table without rows.

    Raises
    ------
    InvalidArgumentError
        ``df`` is not a DataFrame.
    ColumnError
        Columns are missing; the message lists them and the columns there are.
    EmptyDataError
        ``nonempty`` and the table has no rows.
    """
    import pandas as pd

    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(
            f"`{name}` 必须是 pandas DataFrame，但传入的是 {type(df).__name__}。"
            f"请传入一张表，例如 shop.{name}。",
            f"`{name}` must be a pandas DataFrame, but a {type(df).__name__} was passed. "
            f"Pass a table, e.g. shop.{name}.",
        )
    if isinstance(columns, str):
        columns = [columns]
    missing = [c for c in columns if c is not None and c not in df.columns]
    if missing:
        have = ", ".join(map(str, list(df.columns)[:20]))
        miss = ", ".join(map(str, missing))
        raise ColumnError(
            f"表 `{name}` 缺少列：{miss}。现有的列：{have}。"
            f"请检查列名，或用对应参数（如 customer_id_col=...）指定列名。",
            f"Table `{name}` lacks column(s): {miss}. Its columns are: {have}. "
            f"Check the names, or name the columns with the matching argument "
            f"(e.g. customer_id_col=...).",
        )
    if nonempty:
        check_nonempty(name, df)
    return df


def check_nonempty(name: str, df):
    """Raise EmptyDataError if the table ``df`` has no rows; return it otherwise."""
    if len(df) == 0:
        raise EmptyDataError(
            f"表 `{name}` 没有任何行，无法分析。请检查筛选条件（如日期范围、支付状态）是否过严。",
            f"Table `{name}` has no rows, so there is nothing to analyse. Check that your "
            f"filters (date range, payment status) are not too strict.",
        )
    return df


def check_numeric_column(df, col: str, table: str = "orders"):
    """Return column ``col`` of ``df`` if it holds numbers (not booleans), else raise ColumnError."""
    import pandas as pd

    s = df[col]
    if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
        raise ColumnError(
            f"表 `{table}` 的列 `{col}` 必须是数值，但它的类型是 {s.dtype}。"
            f"请先用 pd.to_numeric(df['{col}']) 转换。",
            f"Column `{col}` of table `{table}` must be numeric, but its dtype is {s.dtype}. "
            f"Convert it first with pd.to_numeric(df['{col}']).",
        )
    return s


def check_nonnegative_column(values, col: str, table: str, *, fix_zh: str = "", fix_en: str = ""):
    """Refuse negative (or missing) numbers in a column where they are meaningless.

    ``values`` is the column (a Series or array). Raises DataValueError naming the
    column and how many rows are wrong; returns ``values`` otherwise.
    """
    import numpy as np

    arr = np.asarray(values, dtype=float)
    n_neg, n_nan = int((arr < 0).sum()), int(np.isnan(arr).sum())
    if n_neg or n_nan:
        parts_zh = [f"{n_neg} 行为负数" if n_neg else "", f"{n_nan} 行缺失" if n_nan else ""]
        parts_en = [f"{n_neg} negative" if n_neg else "", f"{n_nan} missing" if n_nan else ""]
        raise DataValueError(
            f"表 `{table}` 的列 `{col}` 有 {'、'.join(p for p in parts_zh if p)}（共 {len(arr)} 行），"
            f"这里不能为负数或缺失。{fix_zh or '请先删除或更正这些行。'}",
            f"Column `{col}` of `{table}` has {' and '.join(p for p in parts_en if p)} values (of {len(arr)} rows), "
            f"which are meaningless here. {fix_en or 'Drop or correct those rows first.'}",
        )
    return values


def check_datetime_column(df, col: str, table: str = "orders", *, missing: str = "keep", stacklevel: int = 2):
    """Return column ``col`` as ``datetime64`` (timezone kept), parsing text.

    Parameters
    ----------
    df : pandas.DataFrame
    col, table : str
        The column and the table's name, for messages.
    missing : {"keep", "raise", "drop"}, default="keep"
        What to do with missing dates (``NaT``): keep them; refuse them with a
        :class:`~crmlab.errors.DataValueError` that gives their number; or warn
        (:class:`~crmlab.errors.DataWarning`, with the number) so that the caller
        leaves those rows out (the returned Series still holds the ``NaT``).
    stacklevel : int, default=2
        Of the warning, counted from the caller of this function.

    Raises
    ------
    ColumnError
        If the column holds values that are not dates.
    """
    import pandas as pd

    s = df[col]
    if not (isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(s)):
        parsed = None
        if not (pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s)):
            try:
                parsed = pd.to_datetime(s)
            except (ValueError, TypeError):
                parsed = None
        if parsed is None:
            raise ColumnError(
                f"表 `{table}` 的列 `{col}` 必须是日期时间，但它的类型是 {s.dtype}，且无法解析为日期。"
                f"请先用 pd.to_datetime(df['{col}']) 转换。",
                f"Column `{col}` of table `{table}` must hold dates, but its dtype is {s.dtype} "
                f"and it cannot be parsed as dates. Convert it with pd.to_datetime(df['{col}']).",
            )
        s = parsed
    if missing != "keep":
        n = int(s.isna().sum())
        if n and missing == "raise":
            raise DataValueError(
                f"表 `{table}` 的列 `{col}` 有 {n} 行日期缺失（NaT，共 {len(s)} 行），无法计算。"
                f"请先删除或补全这些行，例如 {table} = {table}.dropna(subset=['{col}'])。",
                f"Column `{col}` of `{table}` has {n} missing dates (NaT) out of {len(s)} rows, so the result "
                f"would silently leave them out. Drop or fill them first, e.g. "
                f"{table} = {table}.dropna(subset=['{col}']).",
            )
        if n and missing == "drop":
            warnings.warn(DataWarning(
                f"表 `{table}` 的列 `{col}` 有 {n} 行日期缺失（NaT，共 {len(s)} 行），这些行已被忽略。",
                f"{n} of the {len(s)} rows of `{table}` have no `{col}` (NaT) and were left out.",
            ), stacklevel=stacklevel + 1)
    return s
