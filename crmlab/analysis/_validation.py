"""Shared input checks for the analysis modules: thin names over :mod:`crmlab.validation`.

Every analysis function starts by checking its input with these helpers, so a
student who passes the wrong table or forgets a column gets one clear message, in
Chinese and English, that names the column and says how to fix it. The checks
themselves live in :mod:`crmlab.validation`, the one place for crmlab's argument
checks; these names are kept for the analysis modules that import them:

- :func:`require_frame` -- the argument is a pandas DataFrame;
- :func:`require_columns` -- the frame has the named columns;
- :func:`require_nonempty` -- the frame has at least one row;
- :func:`require_numeric` -- a column holds numbers;
- :func:`to_datetime_col` -- a column as ``datetime64`` (strings are parsed);
- :func:`to_timestamp` -- a scalar date argument as a ``pandas.Timestamp``.
"""

from __future__ import annotations

from ..validation import check_dataframe, check_date, check_datetime_column, check_nonempty, check_numeric_column

__all__: list[str] = []  # private helpers: nothing re-exported by crmlab.analysis


def require_frame(df, name: str = "data"):
    """Return ``df`` if it is a DataFrame, else raise InvalidArgumentError."""
    return check_dataframe(name, df)


def require_columns(df, cols, name: str = "orders"):
    """Check that ``df`` is a DataFrame with every column in ``cols`` (``None`` entries skipped).

    Raises ColumnError naming the missing columns and the columns that exist.
    """
    return check_dataframe(name, df, cols)


def require_nonempty(df, name: str = "orders"):
    """Raise EmptyDataError if ``df`` has no rows; return ``df`` otherwise."""
    return check_nonempty(name, df)


def require_numeric(df, col: str, name: str = "orders"):
    """Return column ``col`` as a numeric Series, or raise ColumnError."""
    return check_numeric_column(df, col, name)


def to_datetime_col(df, col: str, name: str = "orders", *, missing: str = "keep"):
    """Return column ``col`` as ``datetime64`` (timezone kept), parsing strings.

    ``missing="raise"`` refuses missing dates (NaT), ``"drop"`` warns with their
    number; see :func:`crmlab.validation.check_datetime_column`.
    """
    return check_datetime_column(df, col, name, missing=missing, stacklevel=3)


def to_timestamp(value, name: str, tz=None):
    """Turn a date argument into a Timestamp in timezone ``tz``.

    A naive value is taken to be in ``tz``; an aware value is converted to ``tz``.
    ``tz=None`` means the data are naive, and an aware value is an error.
    """
    return check_date(name, value, tz=tz)
