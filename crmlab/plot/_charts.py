"""Chart helpers the course draws again and again.

Each helper takes a plain pandas DataFrame (or Series) in a documented shape,
draws on ``ax`` (a new figure when ``ax=None``) and returns the Axes, like a
seaborn axes-level function. Words on the chart follow ``locale`` ("zh" or "en",
default: the current crmlab locale); Chinese text renders with the font crmlab
ships, with or without :func:`crmlab.plot.set_theme`.
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis.rfm import rfm_segment_summary
from ..analysis.value import gini, pareto_customer_share, pareto_share
from ..analysis.value import pareto_curve as pareto_points
from ..analysis._validation import require_columns, require_frame, require_nonempty
from ..analysis.callcenter import arrival_rates
from ..analysis.complaints import complaint_stage_times
from ..errors import ColumnError, EmptyDataError, InvalidArgumentError
from ..schema import COMPLAINT_STAGES, LABELS
from ..validation import check_choice, check_dataframe, check_float
from ._theme import apply_fonts, chart_locale, font_families
from ._time import date_labels

__all__ = [
    "rfm_segment_map",
    "cohort_heatmap",
    "pareto_curve",
    "funnel_chart",
    "ab_result",
    "complaint_timeline",
    "arrivals_vs_staffing",
    "ipa_grid",
]

_SURVEY_ITEMS = {
    "q_product": ("商品质量", "products"), "q_delivery": ("物流配送", "delivery"),
    "q_service": ("客服服务", "service"), "q_price": ("价格", "price"),
    "q_overall": ("总体满意度", "overall"),
}


# ----------------------------------------------------------------------------- helpers
def _locale(locale):
    return chart_locale(locale)


def _t(zh, en, locale):
    return zh if locale == "zh" else en


def _axes(ax, figsize):
    import matplotlib.pyplot as plt

    if ax is None:
        _, ax = plt.subplots(figsize=figsize, layout="constrained")
    return ax


def _colors(palette, n):
    import seaborn as sns

    return sns.color_palette(palette, n_colors=max(int(n), 1))


def _finish(ax, title, default_title, locale):
    ax.set_title(default_title if title is None else title)
    apply_fonts(ax, locale)
    return ax


def _pick(df, given, candidates, what, name):
    """Column ``given`` or the first of ``candidates`` present in ``df``."""
    if given is not None:
        require_columns(df, [given], name)
        return given
    for c in candidates:
        if c in df.columns:
            return c
    opts = ", ".join(candidates)
    raise ColumnError(
        f"表 `{name}` 中找不到{what}列（尝试过：{opts}）。请用参数指定列名。",
        f"Table `{name}` has no {what} column (tried: {opts}). Name it with the matching argument.",
    )


# Period lengths of cohorts (a PeriodIndex's frequency) in words.
# (zh count, zh period, en count, en period)
_PERIOD_WORDS = {"M": ("月数", "月份", "months", "month"), "Q": ("季度数", "季度", "quarters", "quarter"),
                 "W": ("周数", "周", "weeks", "week"), "Y": ("年数", "年份", "years", "year"),
                 "A": ("年数", "年份", "years", "year"), "D": ("天数", "日期", "days", "day")}


def _cohort_labels(index, locale):
    """Row labels of cohorts (2024年1月 / Jan 2024 for periods and dates) and the period
    length in words (None when the index does not say)."""
    if isinstance(index, pd.PeriodIndex):
        return date_labels(index, year="all", locale=locale), _PERIOD_WORDS.get(index.freqstr[0])
    if isinstance(index, pd.DatetimeIndex):
        return date_labels(index, year="all", locale=locale), None
    return [str(i) for i in index], None


def _code_label(column, code, locale):
    """Human label of a code in ``column`` (e.g. category "logistics" -> 物流)."""
    for kind in (column, f"complaint_{column}"):
        if kind in LABELS and code in LABELS[kind]:
            return _t(*LABELS[kind][code], locale)
    return str(code)


def _pct(x, digits=0):
    return f"{100 * x:.{digits}f}%"


def _label_points(ax, points, texts, *, fontsize, locale, pad=3.0):
    """Label each point with its text, centred on it; labels that would overlap are
    moved apart vertically, and a moved label gets a thin line to its point.

    Segments of one-time buyers sit on the same spot of an RFM map (F = 1), so their
    labels would print over each other.
    """
    fig = ax.figure
    ax.autoscale_view()
    apply_fonts(ax, locale)
    fig.draw_without_rendering()  # the layout sets the axes' final size
    renderer = fig.canvas.get_renderer()
    probes = [ax.annotate(t, p, ha="center", va="center", fontsize=fontsize) for t, p in zip(texts, points)]
    apply_fonts(ax, locale)
    boxes = [a.get_window_extent(renderer) for a in probes]
    for a in probes:
        a.remove()
    px_per_pt = fig.dpi / 72.0
    centre = [ax.transData.transform(p) for p in points]
    half_w = [b.width / 2 + pad * px_per_pt for b in boxes]
    half_h = [b.height / 2 + pad * px_per_pt for b in boxes]
    shift = [0.0] * len(points)  # vertical move of each label, in pixels
    for _ in range(200):
        order = sorted(range(len(points)), key=lambda i: (centre[i][1] + shift[i], i))
        moved = False
        for j, a in enumerate(order):
            for b in order[j + 1:]:
                dy = (centre[b][1] + shift[b]) - (centre[a][1] + shift[a])
                need = half_h[a] + half_h[b] - dy
                if need > 0.5 and abs(centre[a][0] - centre[b][0]) < half_w[a] + half_w[b]:
                    shift[a] -= need / 2  # the lower label goes down, the upper one up
                    shift[b] += need / 2
                    moved = True
        if not moved:
            break
    for text, point, dy in zip(texts, points, shift):
        moved = abs(dy) > px_per_pt
        ax.annotate(text, point, xytext=(0, dy / px_per_pt), textcoords="offset points", ha="center",
                    va="center", fontsize=fontsize,
                    arrowprops={"arrowstyle": "-", "color": "grey", "lw": 0.8, "shrinkA": 0, "shrinkB": 0}
                    if moved else None)


# ----------------------------------------------------------------------------- RFM
def _squarify(sizes, x, y, w, h):
    """Squarified treemap (Bruls et al. 2000): rectangles with areas ``sizes``.

    ``sizes`` must be sorted descending and sum to ``w * h``.
    Returns a list of (x, y, w, h).
    """
    rects = []
    sizes = list(sizes)
    while sizes:
        short = min(w, h)
        row = [sizes.pop(0)]

        def worst(r):
            s = sum(r)
            return max(max(short**2 * v / s**2, s**2 / (short**2 * v)) for v in r)

        while sizes and worst(row + [sizes[0]]) <= worst(row):
            row.append(sizes.pop(0))
        total = sum(row)
        if w >= h:  # lay the row as a column on the left
            cw = total / h
            cy = y
            for v in row:
                rects.append((x, cy, cw, v / cw))
                cy += v / cw
            x, w = x + cw, w - cw
        else:  # lay it as a row at the bottom
            rh = total / w
            cx = x
            for v in row:
                rects.append((cx, y, v / rh, rh))
                cx += v / rh
            y, h = y + rh, h - rh
    return rects


def rfm_segment_map(segments, *, segment="segment", recency="recency", frequency="frequency",
                    monetary="monetary", kind="bubble", ax=None, palette=None, title=None,
                    locale=None):
    """Map of RFM segments: how many customers each holds and what they are worth.

    Parameters
    ----------
    segments : pandas.DataFrame
        One row per customer with a segment label and the R, F, M values, e.g. the
        output of :func:`crmlab.analysis.rfm_segments` (columns ``segment``,
        ``recency`` in days, ``frequency`` in orders, ``monetary`` in CNY).
    segment, recency, frequency, monetary : str
        Column names.
    kind : {"bubble", "treemap"}, default="bubble"
        ``"bubble"``: each segment at its mean recency (x, recent on the right)
        and mean frequency (y), bubble area = number of customers.
        ``"treemap"``: rectangles with area = number of customers, darker = larger
        share of revenue.
    ax : matplotlib.axes.Axes, optional
    palette : str or list, optional
        seaborn palette name or colours.
    title : str, optional
    locale : {"zh", "en"}, optional

    Returns
    -------
    matplotlib.axes.Axes
        The chart of :func:`crmlab.analysis.rfm_segment_summary` (one row per
        segment: customers, shares, mean R and F, revenue), which gives the
        numbers. A segment with a small customer share but a large revenue
        share is the one to keep at any cost.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary
    >>> seg = rfm_segments(rfm_scores(rfm_summary(crmlab.load_dataset("classroom").orders)))
    >>> ax = crmlab.plot.rfm_segment_map(seg, kind="treemap")
    """
    locale = _locale(locale)
    check_choice("kind", kind, ("bubble", "treemap"))
    summary = rfm_segment_summary(segments, segment=segment, recency=recency, frequency=frequency,
                                  monetary=monetary)
    colors = _colors(palette, len(summary))
    ax = _axes(ax, (8, 5.5))
    if kind == "bubble":
        area = 9000 * summary["customer_share"].to_numpy() + 150
        ax.scatter(summary["recency"], summary["frequency"], s=area, c=colors[: len(summary)],
                   alpha=0.65, edgecolors="white", linewidths=1.5)
        ax.invert_xaxis()  # recent buyers on the right, like "better" on a map
        ax.set_xlabel(_t("平均最近购买间隔 R（天，越靠右越近）", "mean recency R (days; right = more recent)", locale))
        ax.set_ylabel(_t("平均购买次数 F", "mean frequency F (orders)", locale))
        ax.margins(0.15)
        ax.set_title(_t("RFM 客户分群地图", "RFM segment map", locale) if title is None else title)  # before the
        shown = summary[summary["n_customers"] > 0]  # labels are placed: the title takes room from the axes
        _label_points(ax, list(zip(shown["recency"], shown["frequency"])),
                      [f"{name}\n{row.n_customers:,.0f} · {_t('营收', 'rev.', locale)} {_pct(row.revenue_share)}"
                       for name, row in shown.iterrows()], fontsize=8.5, locale=locale)
    else:
        sizes = summary["n_customers"].to_numpy(float)
        rects = _squarify(list(sizes / sizes.sum() * 100.0), 0.0, 0.0, 10.0, 10.0)
        import matplotlib as mpl

        rs = summary["revenue_share"].to_numpy(float)
        shade = 0.35 + 0.65 * (rs / rs.max() if rs.max() > 0 else rs)
        for (name, row), (x, y, w, h), color, a in zip(summary.iterrows(), rects, colors, shade):
            ax.add_patch(mpl.patches.Rectangle((x, y), w, h, facecolor=color, alpha=float(a),
                                               edgecolor="white", linewidth=2))
            ax.text(x + w / 2, y + h / 2,
                    f"{name}\n{_t('客户', 'customers', locale)} {_pct(row.customer_share)}\n"
                    f"{_t('营收', 'revenue', locale)} {_pct(row.revenue_share)}",
                    ha="center", va="center", fontsize=8 if w * h > 6 else 6.5)
        ax.set_xlim(0, 10)
        ax.set_ylim(0, 10)
        ax.set_axis_off()
    return _finish(ax, title, _t("RFM 客户分群地图", "RFM segment map", locale), locale)


# ----------------------------------------------------------------------------- cohorts
def cohort_heatmap(retention, *, cohort="cohort", period="period", value="retention",
                   sizes=None, annot=True, fmt=".0%", cmap="Blues", ax=None, palette=None,
                   title=None, locale=None):
    """Heat map of cohort retention: which month's new customers stay longest.

    Parameters
    ----------
    retention : pandas.DataFrame
        Either the wide matrix of :func:`crmlab.analysis.cohort_retention`
        (index = cohort, e.g. the month of the first
        order; columns = period number 0, 1, 2, ...; values = share of the cohort
        still buying, 0-1) or a long table with columns ``cohort``, ``period`` and
        ``value``. Counts (values above 1) are turned into shares of period 0.
    cohort, period, value : str
        Column names of the long form.
    sizes : pandas.Series, optional
        Customers per cohort, shown in the row labels.
    annot : bool, default=True
        Write the share in each cell.
    fmt : str, default=".0%"
    cmap : str, default="Blues"
        Colour map; ``palette`` is accepted as an alias.
    ax, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        Read a row left to right for one cohort's decay; read a column top to
        bottom to see whether newer cohorts keep better than older ones.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import cohort_retention
    >>> orders = crmlab.load_dataset("classroom").orders
    >>> ax = crmlab.plot.cohort_heatmap(cohort_retention(orders, freq="Q"), locale="en")
    >>> ax.get_title()
    'Cohort retention'
    """
    import seaborn as sns

    locale = _locale(locale)
    check_dataframe("retention", retention, nonempty=True)
    if {cohort, period, value} <= set(retention.columns):
        matrix = retention.pivot_table(index=cohort, columns=period, values=value, aggfunc="mean")
    else:
        matrix = retention.copy()
    try:
        matrix = matrix.astype(float)
    except (TypeError, ValueError):
        raise ColumnError(
            "留存矩阵必须全部是数值：行是同期群，列是期数，值是留存比例。长表请给出 cohort/period/retention 列。",
            "The retention matrix must be numeric: rows = cohorts, columns = period numbers, values = shares. "
            "For a long table give cohort/period/retention columns.",
        ) from None
    if np.nanmax(matrix.to_numpy()) > 1.0 + 1e-9:  # counts: share of the cohort's first period
        matrix = matrix.div(matrix.iloc[:, 0], axis=0)
    labels, period_words = _cohort_labels(matrix.index, locale)
    if sizes is not None:
        sizes = pd.Series(sizes)
        labels = [_t(f"{lab}（{int(sizes.get(i, 0)):,} 人）", f"{lab} (n={int(sizes.get(i, 0)):,})", locale)
                  for lab, i in zip(labels, matrix.index)]
    ax = _axes(ax, (min(2 + 0.6 * matrix.shape[1], 14), min(1.5 + 0.38 * matrix.shape[0], 12)))
    import matplotlib as mpl

    # seaborn draws the canvas inside heatmap() to pick annotation colours
    with mpl.rc_context({"font.family": "sans-serif", "font.sans-serif": font_families(locale)}):
        _heatmap(sns, matrix, ax, palette or cmap, annot, fmt, labels, locale)
    if period_words is None:
        ax.set_xlabel(_t("距首次购买的期数", "periods since first purchase", locale))
        ax.set_ylabel(_t("同期群（首次购买的时期）", "cohort (period of first purchase)", locale))
    else:
        zh_count, zh_period, en_count, en_period = period_words
        ax.set_xlabel(_t(f"距首次购买的{zh_count}", f"{en_count} since first purchase", locale))
        ax.set_ylabel(_t(f"同期群（首次购买的{zh_period}）", f"cohort ({en_period} of first purchase)", locale))
    ax.tick_params(axis="y", rotation=0)
    return _finish(ax, title, _t("同期群留存率", "Cohort retention", locale), locale)


def _heatmap(sns, matrix, ax, cmap, annot, fmt, labels, locale):
    sns.heatmap(matrix.to_numpy(), ax=ax, cmap=cmap, vmin=0, vmax=1,
                annot=annot, fmt=fmt, annot_kws={"fontsize": 7.5}, linewidths=0.5,
                cbar_kws={"label": _t("留存率", "retention", locale)},
                xticklabels=[str(c) for c in matrix.columns], yticklabels=labels)


# ----------------------------------------------------------------------------- Pareto
def _customer_values(data, value_col, by):
    """Value per customer: a Series or sequence as it is, a table's ``value_col`` (summed ``by`` customer)."""
    if not isinstance(data, pd.DataFrame):
        return data
    if value_col is None:
        raise InvalidArgumentError(
            "传入的是表格，请用 value_col= 指定金额列（如 value_col='amount'）。",
            "A table was passed: name the value column with value_col= (e.g. value_col='amount').",
        )
    check_dataframe("data", data, [value_col] + ([by] if by else []))
    return data.groupby(by)[value_col].sum() if by else data[value_col]


def pareto_curve(data, *, value_col=None, by=None, top_share=0.2, value_share=0.8, ax=None,
                 palette=None, title=None, locale=None):
    """Pareto curve of customer value with the 80/20 marks and the Gini coefficient.

    Draws :func:`crmlab.analysis.pareto_curve` (customers from the most
    valuable down, against their cumulative share of value) and reads it with
    :func:`crmlab.analysis.pareto_share`,
    :func:`crmlab.analysis.pareto_customer_share` and
    :func:`crmlab.analysis.gini`: call those for the numbers.

    Parameters
    ----------
    data : pandas.Series, sequence of numbers or pandas.DataFrame
        Non-negative value per customer (e.g. revenue). With a DataFrame give
        ``value_col`` and, for a table of orders, ``by="customer_id"`` to sum
        per customer first.
    value_col, by : str, optional
        The value column and the column to sum it by, for a DataFrame.
    top_share : float, default=0.2
        Mark what the best ``top_share`` of customers bring.
    value_share : float, default=0.8
        Mark which share of customers brings ``value_share`` of the value.
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        The further the curve bows above the diagonal, the more the shop lives
        on a few customers.

    Examples
    --------
    >>> import crmlab
    >>> orders = crmlab.load_dataset("classroom").orders
    >>> paid = orders[orders["payment_status"] == "paid"]
    >>> ax = crmlab.plot.pareto_curve(paid, value_col="amount", by="customer_id", locale="en")
    >>> ax.get_title().startswith("Pareto curve (Gini")
    True
    """
    locale = _locale(locale)
    top_share = check_float("top_share", top_share, low=0, high=1, low_open=True, high_open=True,
                            example="top_share=0.2")
    value_share = check_float("value_share", value_share, low=0, high=1, low_open=True, high_open=True,
                              example="value_share=0.8")
    values = _customer_values(data, value_col, by)
    curve = pareto_points(values)
    g = gini(values)
    top_val = pareto_share(values, top=top_share)
    cust_for = pareto_customer_share(values, value_share=value_share)
    c = _colors(palette, 3)
    ax = _axes(ax, (6.5, 5.5))
    ax.plot(curve["customer_share"], curve["value_share"], color=c[0], lw=2.2,
            label=_t("累计销售额占比", "cumulative share of value", locale))
    ax.plot([0, 1], [0, 1], ls="--", color="grey", lw=1, label=_t("完全平均", "perfect equality", locale))
    ax.fill_between(curve["customer_share"], curve["value_share"], curve["customer_share"], color=c[0], alpha=0.08)
    ax.plot([top_share, top_share, 0], [0, top_val, top_val], ls=":", color=c[1], lw=1.5)
    ax.annotate(_t(f"前 {_pct(top_share)} 客户贡献 {_pct(top_val, 1)}", f"top {_pct(top_share)} of customers bring {_pct(top_val, 1)}", locale),
                (top_share, top_val), xytext=(top_share + 0.06, top_val - 0.12), fontsize=9,
                arrowprops={"arrowstyle": "->", "color": c[1]})
    ax.plot([0, cust_for, cust_for], [value_share, value_share, 0], ls=":", color=c[2], lw=1.5)
    ax.annotate(_t(f"{_pct(value_share)} 销售额来自 {_pct(cust_for, 1)} 客户", f"{_pct(value_share)} of value from {_pct(cust_for, 1)} of customers", locale),
                (cust_for, value_share), xytext=(cust_for + 0.1, value_share - 0.3), fontsize=9,
                arrowprops={"arrowstyle": "->", "color": c[2]})
    ax.set_xlim(0, 1)
    ax.set_ylim(0, 1.02)
    from matplotlib.ticker import PercentFormatter

    ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.yaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(_t("客户累计占比（按价值从高到低）", "cumulative share of customers (best first)", locale))
    ax.set_ylabel(_t("销售额累计占比", "cumulative share of value", locale))
    ax.legend(loc="lower right")
    return _finish(ax, title, _t(f"帕累托曲线（基尼系数 {g:.2f}）", f"Pareto curve (Gini {g:.2f})", locale), locale)


# ----------------------------------------------------------------------------- funnel
def funnel_chart(data, *, stage="stage", count="count", ax=None, palette=None, title=None,
                 locale=None):
    """Conversion funnel: how many people reach each step, and where they drop.

    Parameters
    ----------
    data : pandas.Series, dict or pandas.DataFrame
        Counts in funnel order: a Series/dict ``{step label: count}``, or a table
        with columns ``stage`` and ``count``.
    stage, count : str
        Column names of the table form.
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        Each bar says the count, its share of the first step and the conversion
        from the step before; the biggest drop is where to act first.

    Examples
    --------
    >>> import crmlab
    >>> ax = crmlab.plot.funnel_chart({"contacted": 1000, "visited": 300, "ordered": 60}, locale="en")
    >>> [t.get_text() for t in ax.get_yticklabels()]  # the first step on top
    ['contacted', 'visited', 'ordered']
    """
    locale = _locale(locale)
    if isinstance(data, pd.DataFrame):
        require_columns(data, [stage, count], "data")
        s = pd.Series(data[count].to_numpy(), index=data[stage].astype(str))
    else:
        s = pd.Series(data)
    if len(s) == 0:
        raise EmptyDataError("漏斗没有任何步骤。", "The funnel has no steps.")
    s = pd.to_numeric(s, errors="coerce").astype(float)
    if s.isna().any() or (s < 0).any():
        raise InvalidArgumentError("漏斗各步骤的人数必须是非负数。", "Funnel counts must be non-negative numbers.")
    n = len(s)
    colors = _colors(palette or "Blues_r", n + 2)[:n]
    ax = _axes(ax, (8, 0.8 + 0.75 * n))
    top = s.iloc[0] if s.iloc[0] > 0 else 1.0
    widths = s.to_numpy() / top
    y = np.arange(n)[::-1]
    ax.barh(y, widths, left=(1 - widths) / 2, color=colors, height=0.8)
    for i, (lab, v) in enumerate(s.items()):
        prev = s.iloc[i - 1] if i else v
        conv = v / prev if prev else 0.0
        txt = f"{v:,.0f}  ({_pct(v / top, 1)})"
        if i:
            txt += _t(f"  ← 上一步转化 {_pct(conv, 1)}", f"  ← {_pct(conv, 1)} of previous", locale)
        ax.text(0.5, y[i], txt, ha="center", va="center", fontsize=9,
                color="white" if widths[i] > 0.55 else "black")
    ax.set_yticks(y, [str(i) for i in s.index])
    ax.set_xlim(0, 1)
    ax.set_xticks([])
    ax.grid(False)
    for side in ("top", "right", "bottom"):
        ax.spines[side].set_visible(False)
    return _finish(ax, title, _t("转化漏斗", "Conversion funnel", locale), locale)


# ----------------------------------------------------------------------------- A/B
def ab_result(data, *, label=None, estimate=None, lower=None, upper=None, reference=0.0,
              percent=True, ax=None, palette=None, title=None, locale=None):
    """Estimates with confidence intervals: A/B arms, uplifts or segments.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per estimate, e.g. the result of
        :func:`crmlab.analysis.ab_test_proportions` or
        :func:`crmlab.analysis.uplift_by_segment`. Columns (found by name when not given):
        ``label`` (group, segment or arm; default: the index),
        ``estimate`` (estimate / uplift / diff / rate / conversion_rate),
        ``lower`` (ci_lower / ci_low / lower / low) and
        ``upper`` (ci_upper / ci_high / upper / high).
    reference : float or None, default=0.0
        Vertical reference line (0 for uplifts; None for none). An interval that
        does not cross it is drawn in colour: a difference you can act on.
    percent : bool, default=True
        Show values as percentages.
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes

    Examples
    --------
    >>> import pandas as pd
    >>> import crmlab
    >>> r = pd.DataFrame({"segment": ["new", "loyal"], "uplift": [0.04, 0.01], "ci_low": [0.01, -0.02],
    ...                   "ci_high": [0.07, 0.04]})
    >>> ax = crmlab.plot.ab_result(r, locale="en")
    >>> ax.get_title()
    'A/B test result'
    """
    locale = _locale(locale)
    require_frame(data, "data")
    require_nonempty(data, "data")
    est = _pick(data, estimate, ("estimate", "uplift", "diff", "difference", "effect", "lift",
                                    "rate", "conversion_rate", "mean"), _t("估计值", "estimate", locale), "data")
    lo = _pick(data, lower, ("ci_lower", "ci_low", "lower", "low", "ci_lo"), _t("置信下限", "lower bound", locale), "data")
    hi = _pick(data, upper, ("ci_upper", "ci_high", "upper", "high", "ci_hi"), _t("置信上限", "upper bound", locale), "data")
    if label is not None:
        require_columns(data, [label], "data")
        labels = data[label].astype(str).to_numpy()
    else:
        for cand in ("label", "group", "segment", "arm", "variant", "campaign"):
            if cand in data.columns:
                labels = data[cand].astype(str).to_numpy()
                break
        else:
            labels = data.index.astype(str).to_numpy()
    e, lo_v, hi_v = (data[c].to_numpy(float) for c in (est, lo, hi))
    if np.any(lo_v > e + 1e-12) or np.any(hi_v < e - 1e-12):
        raise InvalidArgumentError(
            "置信区间必须包含估计值（下限 ≤ 估计值 ≤ 上限），请检查列是否对应正确。",
            "Each interval must contain its estimate (lower <= estimate <= upper); check which column is which.",
        )
    n = len(e)
    c = _colors(palette, 2)
    ax = _axes(ax, (7, 1 + 0.6 * n))
    y = np.arange(n)[::-1]
    sig = np.zeros(n, bool) if reference is None else (lo_v > reference) | (hi_v < reference)
    for i in range(n):
        color = c[0] if sig[i] else "grey"
        ax.errorbar(e[i], y[i], xerr=[[e[i] - lo_v[i]], [hi_v[i] - e[i]]], fmt="o", color=color,
                    ecolor=color, elinewidth=2.5, capsize=5, markersize=7)
        fmt = (lambda v: f"{100 * v:.1f}%") if percent else (lambda v: f"{v:,.3g}")
        ax.annotate(f"{fmt(e[i])}  [{fmt(lo_v[i])}, {fmt(hi_v[i])}]", (e[i], y[i]),
                    xytext=(0, 9), textcoords="offset points", ha="center", fontsize=8.5)
    if reference is not None:
        ax.axvline(reference, color="black", lw=1, ls="--")
    ax.set_yticks(y, list(labels))
    ax.set_ylim(-0.7, n - 0.3)
    if percent:
        from matplotlib.ticker import PercentFormatter

        ax.xaxis.set_major_formatter(PercentFormatter(1.0))
    ax.set_xlabel(_t("估计值与 95% 置信区间", "estimate with 95% confidence interval", locale))
    return _finish(ax, title, _t("A/B 测试结果", "A/B test result", locale), locale)


# ----------------------------------------------------------------------------- complaints
def complaint_timeline(complaints, *, kind="average", by=None, n=15, unit="hours", ax=None,
                       palette=None, title=None, locale=None):
    """Where complaint handling spends its time: 记录→判断→分析→回复→反馈→回访.

    Parameters
    ----------
    complaints : pandas.DataFrame
        The ``complaints`` table, or a table of stage durations with columns
        ``judge, analyse, reply, feedback, followup`` (as from
        :func:`crmlab.analysis.complaint_stage_times`, in ``unit``).
    kind : {"average", "complaints"}, default="average"
        ``"average"``: one stacked bar of the mean duration of each stage (one bar
        per value of ``by``). ``"complaints"``: a Gantt-like timeline of the first
        ``n`` complaints (needs the timestamps).
    by : str, optional
        Column to compare, e.g. ``"category"`` or ``"severity"``.
    n : int, default=15
    unit : {"hours", "days", "minutes"}, default="hours"
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        The longest segment is the bottleneck of the workflow. The durations are
        those of :func:`crmlab.analysis.complaint_stage_times`.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.load_dataset("classroom")
    >>> ax = crmlab.plot.complaint_timeline(shop.complaints, by="category", locale="en")
    >>> ax.get_title()
    'Complaint handling time by stage: record → judge → analyse → reply → feedback → follow-up'
    """
    locale = _locale(locale)
    check_choice("kind", kind, ("average", "complaints"))
    check_choice("unit", unit, ("hours", "days", "minutes"))
    require_frame(complaints, "complaints")
    require_nonempty(complaints, "complaints")
    stages = list(COMPLAINT_STAGES)[1:]  # "record" starts a complaint: the stages after it take time
    unit_lbl = {"hours": _t("小时", "hours", locale), "days": _t("天", "days", locale),
                "minutes": _t("分钟", "minutes", locale)}[unit]
    if set(stages) <= set(complaints.columns):
        dur = complaints[stages].astype(float)
    else:
        dur = complaint_stage_times(complaints, unit=unit)[stages].set_axis(complaints.index)
    colors = _colors(palette, len(stages))
    names = [_t(*COMPLAINT_STAGES[s][1:], locale) for s in stages]
    if kind == "average":
        if by is not None:
            require_columns(complaints, [by], "complaints")
            means = dur.groupby(complaints[by], observed=True).mean()
            labels = [_code_label(by, i, locale) for i in means.index]
        else:
            means = dur.mean().to_frame().T
            labels = [_t("全部投诉", "all complaints", locale)]
        ax = _axes(ax, (9, 1.6 + 0.55 * len(means)))
        y = np.arange(len(means))[::-1]
        left = np.zeros(len(means))
        for j, (s, name) in enumerate(zip(stages, names)):
            w = means[s].fillna(0).to_numpy()
            ax.barh(y, w, left=left, color=colors[j], label=name, height=0.6)
            for yi, li, wi in zip(y, left, w):
                if wi > 0.06 * max(means.sum(axis=1).max(), 1e-9):
                    ax.text(li + wi / 2, yi, f"{wi:.1f}", ha="center", va="center", fontsize=8, color="white")
            left += w
        ax.set_yticks(y, labels)
        ax.set_xlabel(_t(f"平均耗时（{unit_lbl}，从记录开始）", f"mean time ({unit_lbl}, from the record)", locale))
        ax.legend(ncols=len(stages), loc="upper center", bbox_to_anchor=(0.5, -0.25 if len(means) < 3 else -0.12),
                  frameon=False, fontsize=8.5)
    else:
        if "recorded_time" not in complaints.columns:
            raise ColumnError("kind='complaints' 需要投诉表的时间戳列（recorded_time 等）。",
                              "kind='complaints' needs the complaints table's timestamps (recorded_time ...).")
        order = pd.to_datetime(complaints["recorded_time"]).sort_values().index[: int(n)]
        sub = dur.loc[order]
        ids = complaints.loc[order, "complaint_id"] if "complaint_id" in complaints.columns else order
        ax = _axes(ax, (9, 1.2 + 0.35 * len(sub)))
        y = np.arange(len(sub))[::-1]
        left = np.zeros(len(sub))
        for j, (s, name) in enumerate(zip(stages, names)):
            w = sub[s].to_numpy()
            ax.barh(y, np.nan_to_num(w), left=left, color=colors[j], label=name, height=0.7)
            left += np.nan_to_num(w)
        ax.set_yticks(y, [f"#{i}" for i in ids])
        ax.set_xlabel(_t(f"记录后经过的时间（{unit_lbl}）", f"time since the record ({unit_lbl})", locale))
        ax.set_ylabel(_t("投诉编号", "complaint", locale))
        ax.legend(ncols=len(stages), loc="lower right", fontsize=8)
    ax.grid(axis="y", visible=False)
    arrow = " → ".join([_t(*COMPLAINT_STAGES["record"][1:], locale)] + names)
    return _finish(ax, title, _t(f"投诉处理各环节耗时：{arrow}", f"Complaint handling time by stage: {arrow}", locale), locale)


# ----------------------------------------------------------------------------- call center
def _hourly(calls, staffing, aht_seconds):
    """Mean calls, agents and capacity per hour of day (index 0-23)."""
    cols = set(calls.columns)
    if "hour" in cols and ({"rate_per_hour", "calls_per_hour"} & cols or "arrival_time" not in cols):
        rate = _pick(calls, None, ("rate_per_hour", "calls_per_hour", "calls"), "calls per hour", "calls")
        out = pd.DataFrame({"calls": calls[rate].to_numpy(float)}, index=calls["hour"].to_numpy())
        for src in ("agents", "mean_agents"):
            if src in cols:
                out["agents"] = calls[src].to_numpy(float)
                break
        if "capacity" in cols:
            out["capacity"] = calls["capacity"].to_numpy(float)
    else:
        rates = arrival_rates(calls, by="hour")
        out = pd.DataFrame({"calls": rates["rate_per_hour"].to_numpy(float)}, index=rates["hour"].to_numpy())
        if aht_seconds is None and "handle_seconds" in cols:
            aht_seconds = float(pd.to_numeric(calls["handle_seconds"], errors="coerce").mean())
    out.index.name = "hour"
    if staffing is not None:
        require_columns(staffing, ["hour", "agents"], "staffing")
        out["agents"] = staffing.groupby("hour")["agents"].mean().reindex(out.index).to_numpy()
    if "agents" in out.columns and "capacity" not in out.columns and aht_seconds:
        out["capacity"] = out["agents"] * 3600.0 / aht_seconds
    return out.sort_index()


def arrivals_vs_staffing(calls, *, staffing=None, aht_seconds=None, ax=None, palette=None,
                         title=None, locale=None):
    """Mean calls per hour of day against the agents on duty and what they can answer.

    Parameters
    ----------
    calls : pandas.DataFrame
        The ``calls`` table (``arrival_time``, optional ``handle_seconds``;
        rates from :func:`crmlab.analysis.arrival_rates`), or a table by hour:
        ``hour`` and ``rate_per_hour`` (or ``calls`` = mean calls per hour),
        optionally ``agents``/``mean_agents`` and ``capacity`` (calls per hour
        the agents can answer), e.g. the output of ``arrival_rates`` or
        ``service_level_by_hour``.
    staffing : pandas.DataFrame, optional
        The ``staffing`` table (``date, hour, agents``); mean agents per hour.
    aht_seconds : float, optional
        Average handle time; default: the mean ``handle_seconds`` of ``calls``.
        Capacity = agents x 3600 / AHT calls per hour (at 100% occupancy).
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        Bars in red are hours where calls arrive faster than the agents can
        answer them: queues and abandoned calls. The rates are those of
        :func:`crmlab.analysis.arrival_rates` (and the measured service level by
        hour, :func:`crmlab.analysis.service_level_by_hour`): call them for the
        numbers.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.load_dataset("classroom")
    >>> ax = crmlab.plot.arrivals_vs_staffing(shop.calls, staffing=shop.staffing, locale="en")
    >>> ax.get_title()
    'Call arrivals vs staffing'
    """
    locale = _locale(locale)
    require_frame(calls, "calls")
    require_nonempty(calls, "calls")
    hourly = _hourly(calls, staffing, aht_seconds)
    c = _colors(palette, 4)
    ax = _axes(ax, (9, 4.8))
    over = (hourly["calls"] > hourly["capacity"]).to_numpy() if "capacity" in hourly else np.zeros(len(hourly), bool)
    ax.bar(hourly.index, hourly["calls"], color=[c[3] if o else c[0] for o in over], alpha=0.85,
           label=_t("平均来电量（通/小时）", "mean calls per hour", locale))
    if "capacity" in hourly:
        ax.step(hourly.index, hourly["capacity"], where="mid", color=c[2], lw=2,
                label=_t("接听能力（通/小时）", "answering capacity (calls/hour)", locale))
    handles, labels = ax.get_legend_handles_labels()
    if "agents" in hourly:
        ax2 = ax.twinx()
        ax2.plot(hourly.index, hourly["agents"], color=c[1], marker="o", lw=1.5,
                 label=_t("在岗坐席（右轴）", "agents on duty (right axis)", locale))
        ax2.set_ylabel(_t("坐席数", "agents", locale))
        ax2.set_ylim(0, max(float(hourly["agents"].max()) * 1.25, 1))
        ax2.grid(False)
        h2, l2 = ax2.get_legend_handles_labels()
        handles, labels = handles + h2, labels + l2
    ax.legend(handles, labels, loc="upper left", fontsize=8.5)
    ax.set_xticks(range(0, 24, 2))
    ax.set_xlabel(_t("小时", "hour of day", locale))
    ax.set_ylabel(_t("来电量（通/小时）", "calls per hour", locale))
    return _finish(ax, title, _t("来电量与排班", "Call arrivals vs staffing", locale), locale)


# ----------------------------------------------------------------------------- IPA
def ipa_grid(data, *, attribute=None, importance="importance", performance="performance",
             cross="mean", ax=None, palette=None, title=None, locale=None):
    """Importance-performance analysis: which satisfaction drivers to fix first.

    Parameters
    ----------
    data : pandas.DataFrame
        One row per attribute with ``importance`` (e.g. correlation of the item
        with overall satisfaction) and ``performance`` (e.g. its mean score);
        ``attribute`` names the rows (default: a column named attribute / item /
        dimension, else the index). Survey item codes (``q_delivery`` ...) are
        shown with their names.
    importance, performance : str
    cross : {"mean", "median"} or (float, float), default="mean"
        Where the quadrant lines cross.
    ax, palette, title, locale : optional

    Returns
    -------
    matplotlib.axes.Axes
        Top-left quadrant (important, performing poorly) = "concentrate here".

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import importance_performance
    >>> ipa = importance_performance(crmlab.load_dataset("classroom").surveys)
    >>> ax = crmlab.plot.ipa_grid(ipa, locale="en")
    >>> sorted(t.get_text() for t in ax.texts)[:2]
    ['Concentrate here', 'Keep up the good work']
    """
    locale = _locale(locale)
    require_columns(data, [importance, performance], "data")
    require_nonempty(data, "data")
    if attribute is None:
        attribute = next((c for c in ("attribute", "item", "dimension", "driver") if c in data.columns), None)
    names = (data[attribute] if attribute is not None else pd.Series(data.index, index=data.index)).astype(str)
    names = [(_t(*_SURVEY_ITEMS[n], locale) if n in _SURVEY_ITEMS else n) for n in names]
    x = data[performance].to_numpy(float)
    y = data[importance].to_numpy(float)
    if isinstance(cross, str):
        check_choice("cross", cross, ("mean", "median"))
        cx, cy = (np.mean(x), np.mean(y)) if cross == "mean" else (np.median(x), np.median(y))
    else:
        cx, cy = map(float, cross)
    c = _colors(palette, len(x))
    ax = _axes(ax, (7, 6))
    ax.scatter(x, y, s=90, c=c[: len(x)], zorder=3, edgecolors="white")
    for xi, yi, nm in zip(x, y, names):
        ax.annotate(nm, (xi, yi), xytext=(6, 5), textcoords="offset points", fontsize=9.5)
    ax.axvline(cx, color="grey", lw=1, ls="--")
    ax.axhline(cy, color="grey", lw=1, ls="--")
    quads = [
        (0.02, 0.98, "left", "top", _t("重点改进", "Concentrate here", locale)),
        (0.98, 0.98, "right", "top", _t("继续保持", "Keep up the good work", locale)),
        (0.02, 0.02, "left", "bottom", _t("低优先级", "Low priority", locale)),
        (0.98, 0.02, "right", "bottom", _t("可能过度投入", "Possible overkill", locale)),
    ]
    for qx, qy, ha, va, txt in quads:
        ax.text(qx, qy, txt, transform=ax.transAxes, ha=ha, va=va, fontsize=10, color="dimgrey",
                bbox={"boxstyle": "round", "fc": "white", "ec": "lightgrey", "alpha": 0.8})
    ax.margins(0.2)
    ax.set_xlabel(_t("表现（满意度得分）", "performance (satisfaction score)", locale))
    ax.set_ylabel(_t("重要性", "importance", locale))
    return _finish(ax, title, _t("重要性-表现分析（IPA）", "Importance-performance analysis", locale), locale)
