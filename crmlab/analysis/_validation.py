"""Shared input checks for the analysis modules.

Every analysis function starts by checking its input with these helpers, so a
student who passes the wrong table or forgets a column gets one clear message, in
Chinese and English, that names the column and says how to fix it.

The API is small and stable; other modules import it:

- :func:`require_frame` -- the argument is a pandas DataFrame;
- :func:`require_columns` -- the frame has the named columns;
- :func:`require_nonempty` -- the frame has at least one row;
- :func:`require_numeric` -- a column holds numbers;
- :func:`to_datetime_col` -- a column as ``datetime64`` (strings are parsed);
- :func:`to_timestamp` -- a scalar date argument as a ``pandas.Timestamp``.
"""

from __future__ import annotations

import pandas as pd

from ..errors import ColumnError, EmptyDataError, InvalidArgumentError

__all__: list[str] = []  # private helpers: nothing re-exported by crmlab.analysis


def require_frame(df, name: str = "data") -> pd.DataFrame:
    """Return ``df`` if it is a DataFrame, else raise InvalidArgumentError."""
    if not isinstance(df, pd.DataFrame):
        raise InvalidArgumentError(
            f"`{name}` 必须是 pandas DataFrame，但传入的是 {type(df).__name__}。"
            f"请传入一张表，例如 shop.{name}。",
            f"`{name}` must be a pandas DataFrame, but a {type(df).__name__} was passed. "
            f"Pass a table, e.g. shop.{name}.",
        )
    return df


def require_columns(df, cols, name: str = "orders") -> pd.DataFrame:
    """Check that ``df`` is a DataFrame with every column in ``cols``.

    Parameters
    ----------
    df : pandas.DataFrame
    cols : str or iterable of str
        Columns the analysis needs; ``None`` entries are skipped (optional columns).
    name : str, default="orders"
        Name of the table, used in the message.

    Returns
    -------
    pandas.DataFrame
        ``df`` itself, so the call can be chained.

    Raises
    ------
    ColumnError
        Naming the missing columns and the columns that exist.
    """
    require_frame(df, name)
    if isinstance(cols, str):
        cols = [cols]
    missing = [c for c in cols if c is not None and c not in df.columns]
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
    return df


def require_nonempty(df, name: str = "orders") -> pd.DataFrame:
    """Raise EmptyDataError if ``df`` has no rows; return ``df`` otherwise."""
    if len(df) == 0:
        raise EmptyDataError(
            f"表 `{name}` 没有任何行，无法分析。请检查筛选条件（如日期范围、支付状态）是否过严。",
            f"Table `{name}` has no rows, so there is nothing to analyse. Check that your "
            f"filters (date range, payment status) are not too strict.",
        )
    return df


def require_numeric(df, col: str, name: str = "orders") -> pd.Series:
    """Return column ``col`` as a numeric Series, or raise ColumnError."""
    s = df[col]
    if not (pd.api.types.is_numeric_dtype(s) and not pd.api.types.is_bool_dtype(s)):
        raise ColumnError(
            f"表 `{name}` 的列 `{col}` 必须是数值，但它的类型是 {s.dtype}。"
            f"请先用 pd.to_numeric(df['{col}']) 转换。",
            f"Column `{col}` of table `{name}` must be numeric, but its dtype is {s.dtype}. "
            f"Convert it first with pd.to_numeric(df['{col}']).",
        )
    return s


def to_datetime_col(df, col: str, name: str = "orders") -> pd.Series:
    """Return column ``col`` as ``datetime64`` (timezone kept), parsing strings.

    Raises
    ------
    ColumnError
        If the column holds values that are not dates.
    """
    s = df[col]
    if isinstance(s.dtype, pd.DatetimeTZDtype) or pd.api.types.is_datetime64_dtype(s):
        return s
    if pd.api.types.is_numeric_dtype(s) or pd.api.types.is_bool_dtype(s):
        bad = True
    else:
        try:
            return pd.to_datetime(s)
        except (ValueError, TypeError):
            bad = True
    if bad:
        raise ColumnError(
            f"表 `{name}` 的列 `{col}` 必须是日期时间，但它的类型是 {s.dtype}，且无法解析为日期。"
            f"请先用 pd.to_datetime(df['{col}']) 转换。",
            f"Column `{col}` of table `{name}` must hold dates, but its dtype is {s.dtype} "
            f"and it cannot be parsed as dates. Convert it with pd.to_datetime(df['{col}']).",
        )


def to_timestamp(value, name: str, tz=None) -> pd.Timestamp:
    """Turn a date argument into a Timestamp in timezone ``tz``.

    A naive value is taken to be in ``tz``; an aware value is converted to ``tz``.
    ``tz=None`` means the data are naive: an aware value then loses its zone
    after conversion to UTC-free wall time is not guessed, so it is an error.
    """
    try:
        ts = pd.Timestamp(value)
    except (ValueError, TypeError):
        ts = None
    if ts is None or ts is pd.NaT:
        raise InvalidArgumentError(
            f"参数 `{name}` 必须是日期（如 '2024-12-31'），但传入的是 {value!r}。",
            f"`{name}` must be a date (e.g. '2024-12-31'), but {value!r} was passed.",
        )
    if tz is None:
        if ts.tzinfo is not None:
            raise InvalidArgumentError(
                f"参数 `{name}` 带时区（{ts.tzinfo}），但数据的时间不带时区。请传入不带时区的日期。",
                f"`{name}` has a timezone ({ts.tzinfo}) but the data's times are naive. "
                f"Pass a date without a timezone.",
            )
        return ts
    return ts.tz_localize(tz) if ts.tzinfo is None else ts.tz_convert(tz)
