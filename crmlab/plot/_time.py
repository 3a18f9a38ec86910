"""Dates on charts in the chart's language: 2024年1月 / Jan 2024.

matplotlib's and pandas' date labels are English month names (``Jan``, ``Apr``)
whatever the notebook's language, and a bar chart of monthly values labels its
bars by position, so hand-set labels can land on the wrong bar.
:func:`time_series` draws values over time with every bar or point at its own
date, and :func:`date_axis` gives any date axis labels in the chart's language.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..errors import ColumnError, InvalidArgumentError
from ..schema import column_label
from ..validation import check_choice, check_int
from ._theme import apply_fonts, chart_locale, font_families

__all__ = ["time_series", "date_axis", "date_labels"]

_UNITS = ("year", "quarter", "month", "day")
_MONTHS_EN = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")


def _unit_of(stamps: pd.DatetimeIndex) -> str:
    """The coarsest unit that tells the dates apart: year, month or day (quarters are
    named only when the data are quarterly, see :func:`_index_unit`)."""
    if len(stamps) == 0 or (stamps.normalize() != stamps).any() or (stamps.day != 1).any():
        return "day"
    if (stamps.month == 1).all():
        return "year"
    return "month"


def _index_unit(index) -> str | None:
    """The unit of a regular index of periods or dates (quarterly data say "quarter")."""
    if isinstance(index, pd.PeriodIndex):
        freq = index.freqstr
    else:
        freq = index.freqstr or (pd.infer_freq(index) if len(index) >= 3 else None)
    freq = (freq or "").upper().lstrip("B")
    for prefix, unit in (("Q", "quarter"), ("Y", "year"), ("A", "year"), ("M", "month"), ("D", "day")):
        if freq.startswith(prefix):
            return unit
    return None


def _one_label(ts: pd.Timestamp, unit: str, with_year: bool, locale: str) -> str:
    y, m, d = ts.year, ts.month, ts.day
    if locale == "zh":
        body = {"year": "", "quarter": f"{(m - 1) // 3 + 1}季度", "month": f"{m}月", "day": f"{m}月{d}日"}[unit]
        return f"{y}年{body}" if (with_year or unit == "year") else body
    body = {"year": "", "quarter": f"Q{(m - 1) // 3 + 1}", "month": _MONTHS_EN[m - 1],
            "day": f"{d} {_MONTHS_EN[m - 1]}"}[unit]
    return (f"{body} {y}".strip() if (with_year or unit == "year") else body)


def date_labels(dates, *, unit=None, year="first", locale=None) -> list[str]:
    """Labels for a sequence of dates in the chart's language.

    The year is written on the first date and wherever it changes, as a reader
    of a calendar expects: ``2023年11月, 12月, 2024年1月`` / ``Nov 2023, Dec, Jan 2024``.

    Parameters
    ----------
    dates : sequence of dates or periods
        Dates, a ``PeriodIndex``, or period text such as ``"2023Q1"``; a period
        stands for its first day and keeps its unit (quarters are named as such).
    unit : {"year", "quarter", "month", "day"}, optional
        Default: the coarsest unit that tells the dates apart.
    year : {"first", "all"}, default="first"
        Write the year on the first label and where it changes, or on every
        label (labels that must be unique, e.g. the categories of ``ax.plot``).
    locale : {"zh", "en"}, optional
        Default: :func:`crmlab.plot.chart_locale`.

    Returns
    -------
    list of str

    Examples
    --------
    >>> from crmlab.plot import date_labels
    >>> date_labels(["2023-12-01", "2024-01-01", "2024-02-01"], locale="zh")
    ['2023年12月', '2024年1月', '2月']
    >>> date_labels(["2023-12-01", "2024-01-01"], locale="en")
    ['Dec 2023', 'Jan 2024']
    >>> date_labels(["2023Q4", "2024Q1", "2024Q2"], locale="zh")
    ['2023年4季度', '2024年1季度', '2季度']
    >>> date_labels(["2023Q4", "2024Q1", "2024Q2"], year="all", locale="en")
    ['Q4 2023', 'Q1 2024', 'Q2 2024']
    """
    locale = chart_locale(locale)
    stamps, period_unit = _as_stamps(dates)
    if unit is None:
        unit = period_unit if period_unit in _UNITS else _unit_of(stamps)
    check_choice("unit", unit, _UNITS)
    check_choice("year", year, ("first", "all"))
    out, last_year = [], None
    for ts in stamps:
        out.append(_one_label(ts, unit, year == "all" or ts.year != last_year, locale))
        last_year = ts.year
    return out


def _as_stamps(dates) -> tuple[pd.DatetimeIndex, str | None]:
    """The dates as timestamps (a period stands for its first day), and the unit of
    periods ("quarter" for ``2023Q1``), None for plain dates."""
    if isinstance(dates, pd.Series):
        dates = dates.to_numpy()
    idx = dates if isinstance(dates, pd.Index) else pd.Index(dates)
    if not isinstance(idx, pd.PeriodIndex | pd.DatetimeIndex) and idx.dtype.kind in "OUT":
        try:  # text such as "2023Q1" or "2023-01" names periods; "2023-01-05" is a date
            periods = pd.PeriodIndex([pd.Period(str(x)) for x in idx])
        except (ValueError, TypeError):
            periods = None
        if periods is not None and _index_unit(periods) in ("year", "quarter", "month"):
            idx = periods
    if isinstance(idx, pd.PeriodIndex):
        return idx.to_timestamp(how="start"), _index_unit(idx)
    return pd.DatetimeIndex(pd.to_datetime(idx)), None


def _date_formatter(locale):
    """A matplotlib Formatter writing date ticks in ``locale`` (matplotlib loads lazily)."""
    from matplotlib.dates import num2date
    from matplotlib.ticker import Formatter

    def stamp(x):
        return pd.Timestamp(num2date(x)).tz_localize(None)

    class LocalDateFormatter(Formatter):
        def format_ticks(self, values):
            return date_labels(pd.DatetimeIndex([stamp(v) for v in values]), locale=locale)

        def __call__(self, x, pos=None):
            return date_labels([stamp(x)], unit="day", locale=locale)[0]

    return LocalDateFormatter()


def date_axis(ax, *, axis="x", locale=None):
    """Give a date axis (from ``ax.plot`` with dates) labels in the chart's language.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
    axis : {"x", "y"}, default="x"
    locale : {"zh", "en"}, optional
        Default: :func:`crmlab.plot.chart_locale`.

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> import pandas as pd
    >>> from crmlab import plot
    >>> fig, ax = plt.subplots()
    >>> days = pd.date_range("2023-11-01", "2024-03-01", freq="D")
    >>> _ = ax.plot(days, range(len(days)))
    >>> ax = plot.date_axis(ax, locale="zh")
    >>> fig.canvas.draw()
    >>> [t.get_text() for t in ax.get_xticklabels()][:2]
    ['2023年11月', '12月']
    """
    from matplotlib.dates import AutoDateLocator

    check_choice("axis", axis, ("x", "y"))
    locale = chart_locale(locale)
    target = ax.xaxis if axis == "x" else ax.yaxis
    locator = AutoDateLocator(minticks=3, maxticks=9)
    target.set_major_locator(locator)
    target.set_major_formatter(_date_formatter(locale))
    ax.tick_params(axis=axis, labelfontfamily=font_families(locale))  # ticks made at draw time too
    return ax


def time_series(data, *, kind="line", labels=None, xlabel=None, ylabel=None, title=None, ax=None,
                palette=None, max_labels=16, locale=None, **kwargs):
    """Values over time, each at its own date, with dates in the chart's language.

    Parameters
    ----------
    data : pandas.Series or pandas.DataFrame
        Indexed by dates (``DatetimeIndex``) or periods (``PeriodIndex``, e.g.
        from ``resample`` or ``to_period``); one line (or bar) per column.
    kind : {"line", "bar"}, default="line"
        ``"bar"`` draws one bar per date (bars side by side for several
        columns) and labels every bar, or every n-th when there are more than
        ``max_labels``.
    labels : dict, optional
        Legend text per column, e.g. ``{"issued": "发放"}``. Default: the column's
        name in the shop's schema (:func:`crmlab.schema.column_label`), else the
        column as it is.
    xlabel, ylabel, title : str, optional
        Default x label: none (the dates speak for themselves); default y
        label for a Series: its name in the schema.
    ax : matplotlib.axes.Axes, optional
        Draw here (e.g. ``ax.twinx()`` for a second scale); default: a new figure.
    palette : str or list, optional
    max_labels : int, default=16
    locale : {"zh", "en"}, optional
        Default: :func:`crmlab.plot.chart_locale`.
    **kwargs
        Passed to ``ax.plot`` or ``ax.bar`` (``color``, ``ls``, ``marker`` ...).

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import crmlab
    >>> from crmlab import plot
    >>> orders = crmlab.load_dataset("classroom").orders
    >>> paid = orders[orders["payment_status"] == "paid"]
    >>> monthly = paid.set_index("order_time")["amount"].resample("MS").sum()
    >>> ax = plot.time_series(monthly, kind="bar", locale="zh")
    >>> ax.get_xticklabels()[0].get_text(), ax.get_ylabel()
    ('2023年1月', '实付金额（元）')
    """
    import matplotlib.pyplot as plt
    import seaborn as sns

    locale = chart_locale(locale)
    check_choice("kind", kind, ("line", "bar"))
    max_labels = check_int("max_labels", max_labels, low=2)
    if not isinstance(data, pd.Series | pd.DataFrame):
        raise InvalidArgumentError(
            f"data 需要按日期排列的 Series 或 DataFrame，但传入的是 {type(data).__name__}。",
            f"data must be a Series or DataFrame indexed by dates, but a {type(data).__name__} was passed.")
    if not isinstance(data.index, pd.DatetimeIndex | pd.PeriodIndex):
        raise InvalidArgumentError(
            "data 的索引必须是日期（DatetimeIndex）或时期（PeriodIndex），例如 resample(\"MS\") 的结果。"
            f"现在是 {type(data.index).__name__}：先用 set_index('日期列') 或 pd.to_datetime。",
            "The index of data must be dates (DatetimeIndex) or periods (PeriodIndex), e.g. from resample(\"MS\"). "
            f"It is a {type(data.index).__name__}: set_index('date column') or pd.to_datetime first.")
    frame = data.to_frame() if isinstance(data, pd.Series) else data
    stamps, _ = _as_stamps(data.index)

    def legend_text(col):
        if labels and col in labels:
            return labels[col]
        try:
            return column_label(str(col), locale)
        except ColumnError:  # not a column of the schema: the name as it is
            return str(col)

    if ax is None:
        _, ax = plt.subplots(figsize=(9, 3.2), layout="constrained")
    colors = sns.color_palette(palette, n_colors=frame.shape[1])
    n_cols = frame.shape[1]
    unit = _index_unit(data.index)
    if kind == "line":
        for j, col in enumerate(frame.columns):
            opts = {"color": colors[j], **kwargs}
            ax.plot(stamps, frame[col].to_numpy(float), label=legend_text(col), **opts)
        if unit in ("quarter", "year") and len(stamps) <= max_labels:  # a label at each point
            ax.set_xticks(stamps, date_labels(stamps, unit=unit, locale=locale))
            ax.tick_params(axis="x", labelfontfamily=font_families(locale))
        else:
            date_axis(ax, locale=locale)
    else:
        pos = np.arange(len(frame))
        width = 0.8 / n_cols
        for j, col in enumerate(frame.columns):
            opts = {"color": colors[j], **kwargs}
            ax.bar(pos + (j - (n_cols - 1) / 2) * width, frame[col].to_numpy(float), width=width,
                   label=legend_text(col), **opts)
        step = int(np.ceil(len(pos) / max_labels)) if len(pos) else 1
        unit = unit if unit in _UNITS else None
        texts = date_labels(stamps, unit=unit, locale=locale)
        if step > 1:  # label every step-th bar; the year goes on the first label of each year
            texts = date_labels(stamps[::step], unit=unit, locale=locale)
            pos = pos[::step]
        slanted = {"rotation": 45, "ha": "right", "rotation_mode": "anchor"} if len(pos) > 8 else {}
        ax.set_xticks(pos, texts, **slanted)
        ax.set_xlim(-0.6, len(frame) - 0.4)
        ax.grid(axis="x", visible=False)
    if n_cols > 3:  # many lines: the legend beside the chart, off the data
        ax.legend(loc="upper left", bbox_to_anchor=(1.01, 1.0), frameon=False)
    elif n_cols > 1 or (labels and isinstance(data, pd.Series)):
        ax.legend()
    if xlabel is not None:
        ax.set_xlabel(xlabel)
    if ylabel is not None:
        ax.set_ylabel(ylabel)
    elif isinstance(data, pd.Series) and data.name is not None and not labels:
        try:
            ax.set_ylabel(column_label(str(data.name), locale))
        except ColumnError:
            pass
    if title is not None:
        ax.set_title(title)
    apply_fonts(ax, locale)
    return ax
