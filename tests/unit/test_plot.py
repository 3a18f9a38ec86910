"""crmlab.plot: Chinese text renders with the bundled font, and every chart
helper draws what its data says (checked against plain pandas/numpy and the
analysis modules)."""

from __future__ import annotations

import subprocess
import sys
import warnings

import matplotlib

matplotlib.use("Agg")

import matplotlib as mpl  # noqa: E402
import matplotlib.pyplot as plt  # noqa: E402
import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402
from fontTools.ttLib import TTFont  # noqa: E402
from matplotlib import font_manager  # noqa: E402
from matplotlib.text import Text  # noqa: E402

import crmlab  # noqa: E402
from crmlab import plot  # noqa: E402
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError  # noqa: E402


@pytest.fixture(autouse=True)
def _clean_rc():
    """Each test starts from matplotlib's defaults and closes its figures."""
    from crmlab.plot import _theme

    with mpl.rc_context():
        mpl.rcdefaults()
        _theme._THEME["locale"] = None
        yield
    _theme._THEME["locale"] = None
    plt.close("all")


def _gb2312():
    chars = set()
    for hi in range(0xA1, 0xF8):
        for lo in range(0xA1, 0xFF):
            try:
                chars.add(bytes((hi, lo)).decode("gb2312"))
            except UnicodeDecodeError:
                pass
    return chars


def _cmap_of(family):
    path = font_manager.findfont(font_manager.FontProperties(family=[family]), fallback_to_default=False)
    return path, set(TTFont(path, fontNumber=0).getBestCmap())


def _draw_and_collect(fig):
    """Draw ``fig``; return (glyph warnings, all text drawn)."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        fig.canvas.draw()
    missing = [str(w.message) for w in caught if "missing from font" in str(w.message)]
    texts = "".join(t.get_text() for t in fig.findobj(Text) if t.get_visible())
    return missing, texts


def _assert_zh_renders(ax):
    fig = ax.figure
    missing, texts = _draw_and_collect(fig)
    assert not missing, missing[:3]
    han = {c for c in texts if "\u4e00" <= c <= "\u9fff"}
    assert han, "the chart should carry Chinese text"
    # every Chinese character drawn is in the bundled font, the first of the list
    path, cmap = _cmap_of(plot.FONT_FAMILY)
    assert path == str(plot.font_path())
    assert {ord(c) for c in han} <= cmap
    for t in fig.findobj(Text):
        if any("\u4e00" <= c <= "\u9fff" for c in t.get_text()):
            assert t.get_fontfamily()[0] == plot.FONT_FAMILY
    return texts


# ----------------------------------------------------------------------------- font
def test_bundled_font_covers_gb2312_and_every_label():
    from crmlab.analysis.rfm import RFM_SEGMENTS
    from crmlab.schema import LABELS

    path = plot.font_path()
    assert path.exists() and path.stat().st_size < 4_000_000  # the wheel stays small
    assert (path.parent / "OFL.txt").exists()
    font = TTFont(path)
    cmap = set(font.getBestCmap())
    assert font["name"].getDebugName(1) == "CRMLab Sans SC"
    assert {ord(c) for c in _gb2312()} <= cmap  # all 6,763 hanzi and 682 symbols
    assert set(range(0x20, 0x7F)) <= cmap
    words = [w for kind in LABELS.values() for pair in kind.values() for w in pair]
    words += list(RFM_SEGMENTS["name_zh"]) + ["记录→判断→分析→回复→反馈→回访", "（）：，。、“”％"]
    assert {ord(c) for w in words for c in w} <= cmap


def test_set_theme_zh_puts_bundled_font_first():
    plot.set_theme(locale="zh")
    assert mpl.rcParams["font.sans-serif"][0] == plot.FONT_FAMILY
    assert mpl.rcParams["axes.unicode_minus"] is False
    found = font_manager.findfont(font_manager.FontProperties(family=["sans-serif"]))
    assert found == str(plot.font_path())
    # the seaborn part of the theme is applied too
    assert mpl.rcParams["axes.grid"] is True and mpl.rcParams["axes.facecolor"] == "white"  # whitegrid
    fig, ax = plt.subplots()
    ax.set_title("客户满意度 −0.5 月度 趋势")
    ax.set_xlabel("距首次购买的期数（月）")
    ax.plot([-1, 1])
    missing, _ = _draw_and_collect(fig)
    assert missing == []


def test_without_theme_default_font_misses_glyphs_and_theme_fixes_it():
    # the problem set_theme solves: DejaVu Sans has no hanzi
    fig, ax = plt.subplots()
    ax.set_title("客户关系管理")
    missing, _ = _draw_and_collect(fig)
    assert missing and "DejaVu Sans" in missing[0]
    plot.set_theme("zh")
    fig, ax = plt.subplots()
    ax.set_title("客户关系管理")
    assert _draw_and_collect(fig)[0] == []


def test_set_theme_en_and_rc_last():
    plot.set_theme("en", rc={"axes.titlesize": 21})
    fams = mpl.rcParams["font.sans-serif"]
    assert fams[0] == "DejaVu Sans" and plot.FONT_FAMILY in fams  # Chinese names still render
    assert mpl.rcParams["axes.titlesize"] == 21
    with pytest.raises(InvalidArgumentError):
        plot.set_theme("fr")


def test_set_theme_en_draws_chinese_names_from_the_next_font():
    # matplotlib falls back along an explicit font list only, not within "sans-serif"
    plot.set_theme("en")
    fig, ax = plt.subplots()
    ax.set_title("Region 华东 East")
    assert _draw_and_collect(fig)[0] == []


def test_set_theme_sets_the_charts_language():
    assert plot.chart_locale() == crmlab.get_locale()
    plot.set_theme("en")
    assert plot.chart_locale() == "en" and plot.chart_locale("zh") == "zh"
    assert plot.cohort_heatmap(pd.DataFrame([[1.0, 0.5]], index=pd.PeriodIndex(["2024-01"], freq="M"))).get_title() \
        == "Cohort retention"
    plot.set_theme("zh")
    assert plot.chart_locale() == "zh"


def test_import_is_cheap():
    code = "import sys, crmlab.plot; print('matplotlib' in sys.modules, 'seaborn' in sys.modules)"
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["False", "False"]


# ----------------------------------------------------------------------------- RFM
@pytest.fixture(scope="module")
def rfm_table(shop_3k):
    from crmlab.analysis.rfm import rfm_scores, rfm_segments, rfm_summary

    return rfm_segments(rfm_scores(rfm_summary(shop_3k.orders)), locale="zh")


@pytest.mark.parametrize("kind", ["bubble", "treemap"])
def test_rfm_segment_map(rfm_table, kind):
    from crmlab.analysis import rfm_segment_summary

    ax = plot.rfm_segment_map(rfm_table, kind=kind, locale="zh")
    assert isinstance(ax, mpl.axes.Axes) and not hasattr(ax, "segment_summary")  # the numbers: the analysis
    texts = _assert_zh_renders(ax)
    ref = rfm_table.groupby("segment", observed=True).agg(
        n=("recency", "size"), r=("recency", "mean"), f=("frequency", "mean"), m=("monetary", "sum"))
    summary = rfm_segment_summary(rfm_table)
    got = summary.loc[ref.index]
    np.testing.assert_array_equal(got["n_customers"], ref["n"])
    np.testing.assert_allclose(got["recency"], ref["r"])
    np.testing.assert_allclose(got["frequency"], ref["f"])
    np.testing.assert_allclose(got["revenue_share"], ref["m"] / ref["m"].sum())
    for name in ref.index:
        assert name in texts
    if kind == "bubble":
        offsets = ax.collections[0].get_offsets()
        np.testing.assert_allclose(offsets[:, 0], summary["recency"])
        assert ax.xaxis_inverted()  # recent buyers on the right
    else:
        areas = np.array([p.get_width() * p.get_height() for p in ax.patches])
        shares = summary["customer_share"].to_numpy()
        np.testing.assert_allclose(areas / 100.0, shares, rtol=1e-9)


def test_squarify_tiles_the_square():
    from crmlab.plot._charts import _squarify

    sizes = [40.0, 25.0, 15.0, 10.0, 6.0, 4.0]
    rects = _squarify(sizes, 0, 0, 10, 10)
    np.testing.assert_allclose([w * h for _, _, w, h in rects], sizes)
    for x, y, w, h in rects:
        assert x >= -1e-9 and y >= -1e-9 and x + w <= 10 + 1e-9 and y + h <= 10 + 1e-9
    # no two rectangles overlap
    for i, (x1, y1, w1, h1) in enumerate(rects):
        for x2, y2, w2, h2 in rects[i + 1:]:
            ox = min(x1 + w1, x2 + w2) - max(x1, x2)
            oy = min(y1 + h1, y2 + h2) - max(y1, y2)
            assert ox <= 1e-9 or oy <= 1e-9


@pytest.mark.parametrize("dataset", ["classroom", "lab"])
def test_rfm_bubble_labels_do_not_overlap(dataset):
    """One-time buyers sit on one spot (F = 1): their segments' labels are moved apart,
    each with a line to its bubble."""
    from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary

    seg = rfm_segments(rfm_scores(rfm_summary(crmlab.load_dataset(dataset).orders)))
    for size in ((8, 5.5), (7.5, 4.6)):  # the chart's own size and the RFM explorer's
        fig, ax = plt.subplots(figsize=size, layout="constrained")
        with warnings.catch_warnings():
            warnings.simplefilter("error")  # no glyph warning while the labels are placed
            plot.rfm_segment_map(seg, ax=ax, locale="zh")
            fig.canvas.draw()
        boxes = [Text.get_window_extent(t) for t in ax.texts]  # the text, without the line to the bubble
        assert len(boxes) == int((seg["segment"].value_counts() > 0).sum())
        overlaps = [(ax.texts[i].get_text(), ax.texts[j].get_text()) for i in range(len(boxes))
                    for j in range(i + 1, len(boxes)) if boxes[i].overlaps(boxes[j])]
        assert not overlaps, overlaps
        assert any(t.arrow_patch is not None for t in ax.texts)  # labels were moved off a shared spot


def test_rfm_segment_map_errors(rfm_table):
    with pytest.raises(ColumnError, match="monetary"):
        plot.rfm_segment_map(rfm_table.drop(columns="monetary"))
    with pytest.raises(EmptyDataError):
        plot.rfm_segment_map(rfm_table.iloc[:0])
    with pytest.raises(InvalidArgumentError, match="kind"):
        plot.rfm_segment_map(rfm_table, kind="pie")


# ----------------------------------------------------------------------------- cohorts
def test_cohort_heatmap_matrix_long_and_counts():
    counts = pd.DataFrame([[100, 40, 30], [80, 20, np.nan]],
                          index=pd.PeriodIndex(["2024-01", "2024-02"], freq="M"), columns=[0, 1, 2])
    share = counts.div(counts[0], axis=0)
    ax = plot.cohort_heatmap(share, sizes=counts[0], locale="zh")
    texts = _assert_zh_renders(ax)
    assert "40%" in texts and "25%" in texts and "2024年1月（100 人）" in texts
    assert ax.get_xlabel() == "距首次购买的月数" and ax.get_ylabel() == "同期群（首次购买的月份）"
    np.testing.assert_allclose(ax.collections[0].get_array().compressed(),
                               share.to_numpy().ravel()[~np.isnan(share.to_numpy().ravel())])
    # counts are turned into shares of period 0
    ax2 = plot.cohort_heatmap(counts, locale="en")
    assert [t.get_text() for t in ax2.get_yticklabels()] == ["Jan 2024", "Feb 2024"]
    assert ax2.get_xlabel() == "months since first purchase"
    np.testing.assert_allclose(ax2.collections[0].get_array().compressed(), ax.collections[0].get_array().compressed())
    # the long form pivots to the same matrix
    long = share.stack().rename("retention").rename_axis(["cohort", "period"]).reset_index()
    ax3 = plot.cohort_heatmap(long)
    np.testing.assert_allclose(ax3.collections[0].get_array().compressed(), ax.collections[0].get_array().compressed())
    with pytest.raises(ColumnError):
        plot.cohort_heatmap(pd.DataFrame({"a": ["x", "y"]}))


# ----------------------------------------------------------------------------- Pareto
def _gini_reference(x):
    """Mean absolute difference form: sum |xi - xj| / (2 n^2 mean)."""
    x = np.asarray(x, float)
    return np.abs(x[:, None] - x[None, :]).sum() / (2 * len(x) ** 2 * x.mean())


def test_pareto_curve_on_shop(shop_3k):
    from crmlab.analysis import gini, pareto_customer_share, pareto_share

    paid = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    ax = plot.pareto_curve(paid, value_col="amount", by="customer_id", locale="zh")
    assert isinstance(ax, mpl.axes.Axes) and not hasattr(ax, "pareto")  # the numbers: the analysis
    texts = _assert_zh_renders(ax)
    per_customer = paid.groupby("customer_id")["amount"].sum().sort_values(ascending=False)
    share = per_customer.cumsum() / per_customer.sum()
    n = len(per_customer)
    # the curve drawn: the best customers first, one equal step per customer
    x, y = ax.lines[0].get_data()
    np.testing.assert_allclose(x, np.arange(n + 1) / n)
    np.testing.assert_allclose(y, np.r_[0.0, share.to_numpy()])
    # what the top 20% bring (interpolated between customer k and k+1)
    k = 0.2 * n
    lo = share.iloc[int(np.floor(k)) - 1]
    hi = share.iloc[int(np.floor(k))]
    top20 = lo + (k - np.floor(k)) * (hi - lo)
    assert pareto_share(per_customer, top=0.2) == pytest.approx(top20, rel=1e-9)
    assert pareto_customer_share(per_customer, value_share=0.8) == pytest.approx(
        (np.argmax(share.to_numpy() >= 0.8) + 1) / n)
    g = gini(per_customer)
    assert g == pytest.approx(_gini_reference(per_customer.to_numpy()), rel=1e-9)
    assert f"{g:.2f}" in ax.get_title() and "基尼系数" in ax.get_title()
    # shop customers are heterogeneous: value is concentrated
    assert 0.3 < g < 0.9 and top20 > 0.4
    assert f"前 20% 客户贡献 {100 * top20:.1f}%" in texts
    # the marks read the same curve: the 80% line stands at the analysis' customer share
    assert ax.lines[3].get_data()[0][1] == pytest.approx(pareto_customer_share(per_customer))
    # a Series of values per customer draws the same chart
    ax2 = plot.pareto_curve(per_customer, locale="en")
    np.testing.assert_allclose(ax2.lines[0].get_data()[1], y)


def test_pareto_curve_errors():
    with pytest.raises(InvalidArgumentError, match="value_col"):
        plot.pareto_curve(pd.DataFrame({"amount": [1.0]}))
    with pytest.raises(InvalidArgumentError):
        plot.pareto_curve([1.0, -2.0])
    with pytest.raises(InvalidArgumentError, match="top_share"):
        plot.pareto_curve([1.0, 2.0], top_share=1.5)
    with pytest.raises(EmptyDataError):
        plot.pareto_curve([])


# ----------------------------------------------------------------------------- funnel, A/B
def test_funnel_chart():
    steps = {"浏览": 10000, "加购": 3000, "下单": 1200, "支付": 1000}
    ax = plot.funnel_chart(steps, locale="zh")
    texts = _assert_zh_renders(ax)
    widths = [p.get_width() for p in ax.patches]
    np.testing.assert_allclose(widths, [1.0, 0.3, 0.12, 0.1])
    assert "上一步转化 83.3%" in texts and "40.0%" in texts
    frame = pd.DataFrame({"stage": list(steps), "count": list(steps.values())})
    ax2 = plot.funnel_chart(frame, locale="en")
    np.testing.assert_allclose([p.get_width() for p in ax2.patches], widths)
    with pytest.raises(InvalidArgumentError):
        plot.funnel_chart({"a": 5, "b": -1})


def test_ab_result_marks_significant_intervals():
    res = pd.DataFrame({"segment": ["忠诚高价值", "价格敏感型"], "uplift": [0.01, 0.08],
                        "ci_low": [-0.02, 0.05], "ci_high": [0.04, 0.11]})
    ax = plot.ab_result(res, locale="zh")
    texts = _assert_zh_renders(ax)
    assert "8.0%  [5.0%, 11.0%]" in texts
    colors = [tuple(line.get_color()) if not isinstance(line.get_color(), str) else line.get_color()
              for line in ax.lines if line.get_marker() == "o"]
    assert colors[0] == "grey" and colors[1] != "grey"  # only the second excludes 0
    with pytest.raises(InvalidArgumentError):
        plot.ab_result(res.assign(ci_low=[0.02, 0.09]))
    with pytest.raises(ColumnError):
        plot.ab_result(res.drop(columns="ci_high"))


# ----------------------------------------------------------------------------- complaints
def test_complaint_timeline_matches_stage_times(shop_3k):
    from crmlab.analysis.complaints import complaint_stage_times

    ax = plot.complaint_timeline(shop_3k.complaints, by="category", locale="zh")
    texts = _assert_zh_renders(ax)
    assert "记录 → 判断 → 分析 → 回复 → 反馈 → 回访" in ax.get_title()
    assert "物流" in texts  # category codes shown with their labels
    stages = ["judge", "analyse", "reply", "feedback", "followup"]
    ref = complaint_stage_times(shop_3k.complaints)[stages].groupby(
        shop_3k.complaints["category"].to_numpy()).mean().fillna(0)
    bars = ax.containers
    assert len(bars) == 5
    for stage, container in zip(stages, bars):
        np.testing.assert_allclose(sorted(p.get_width() for p in container), sorted(ref[stage]), rtol=1e-9)
    ax2 = plot.complaint_timeline(shop_3k.complaints, kind="complaints", n=10, unit="days", locale="en")
    assert len(ax2.get_yticks()) == 10
    with pytest.raises(InvalidArgumentError):
        plot.complaint_timeline(shop_3k.complaints, kind="gantt")


# ----------------------------------------------------------------------------- call center
def test_arrivals_vs_staffing(shop_3k):
    from crmlab.analysis.callcenter import arrival_rates

    ax = plot.arrivals_vs_staffing(shop_3k.calls, staffing=shop_3k.staffing, locale="zh")
    _assert_zh_renders(ax)
    # the Axes only: the drawn bars, capacity step and agents line are the analysis' numbers
    assert not hasattr(ax, "hourly")
    np.testing.assert_allclose([p.get_height() for p in ax.patches[:24]], arrival_rates(shop_3k.calls)["rate_per_hour"])
    agents = shop_3k.staffing.groupby("hour")["agents"].mean().to_numpy()
    twin = next(a for a in ax.figure.axes if a is not ax)
    np.testing.assert_allclose(twin.lines[0].get_ydata(), agents)
    aht = shop_3k.calls["handle_seconds"].mean()
    np.testing.assert_allclose(ax.lines[0].get_ydata(), agents * 3600 / aht)
    # a pre-aggregated table; hours over capacity get the warning colour
    agg = pd.DataFrame({"hour": range(24), "rate_per_hour": [5.0] * 12 + [30.0] * 12, "agents": 2.0})
    ax2 = plot.arrivals_vs_staffing(agg, aht_seconds=360, locale="en")
    faces = [p.get_facecolor() for p in ax2.patches[:24]]
    assert faces[0] != faces[23] and faces[12] == faces[23]
    np.testing.assert_allclose(ax2.lines[0].get_ydata(), 20.0)


# ----------------------------------------------------------------------------- IPA
def test_ipa_grid_on_importance_performance(shop_3k):
    from crmlab.analysis.satisfaction import importance_performance

    ipa = importance_performance(shop_3k.surveys)
    ax = plot.ipa_grid(ipa, locale="zh")
    texts = _assert_zh_renders(ax)
    for word in ("重点改进", "继续保持", "低优先级", "可能过度投入", "物流配送"):
        assert word in texts
    offsets = ax.collections[0].get_offsets()
    np.testing.assert_allclose(offsets[:, 0], ipa["performance"])
    np.testing.assert_allclose(offsets[:, 1], ipa["importance"])
    # the cross sits at the means, where importance_performance cuts its quadrants
    assert ax.lines[0].get_xdata()[0] == pytest.approx(ipa["performance"].mean())
    assert ax.lines[1].get_ydata()[0] == pytest.approx(ipa["importance"].mean())
    with pytest.raises(ColumnError):
        plot.ipa_grid(ipa.drop(columns="importance"))


def test_charts_accept_ax_title_palette(shop_3k):
    fig, axes = plt.subplots(1, 2)
    out = plot.funnel_chart({"a": 3, "b": 1}, ax=axes[1], title="自定义标题", palette="rocket", locale="zh")
    assert out is axes[1] and out.get_title() == "自定义标题"


# ----------------------------------------------------------------------------- dates
def test_date_labels_in_both_languages():
    months = pd.date_range("2023-11-01", periods=4, freq="MS")
    assert plot.date_labels(months, locale="zh") == ["2023年11月", "12月", "2024年1月", "2月"]
    assert plot.date_labels(months, locale="en") == ["Nov 2023", "Dec", "Jan 2024", "Feb"]
    assert plot.date_labels(months.to_period("M"), year="all", locale="zh")[1] == "2023年12月"
    assert plot.date_labels(pd.PeriodIndex(["2024Q1", "2024Q2"], freq="Q"), locale="zh") == ["2024年1季度", "2季度"]
    assert plot.date_labels(["2024-03-05", "2024-03-06"], locale="zh") == ["2024年3月5日", "3月6日"]
    assert plot.date_labels(["2023-01-01", "2024-01-01"], locale="en") == ["2023", "2024"]
    with pytest.raises(InvalidArgumentError):
        plot.date_labels(months, unit="decade")


def test_time_series_bars_each_labelled_at_its_own_month():
    """The lesson-00 chart: pandas' bar plot put hand-set "2023-01"... labels by tick
    position, so January 2024 read "2023-02"; here each label sits under its bar."""
    monthly = pd.Series(np.arange(1.0, 25.0), index=pd.date_range("2023-01-01", periods=24, freq="MS"),
                        name="amount")
    plot.set_theme("zh")
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        ax = plot.time_series(monthly, kind="bar")
        ax.figure.canvas.draw()
    ticks = {round(t): lab.get_text() for t, lab in zip(ax.get_xticks(), ax.get_xticklabels())}
    assert ticks[0] == "2023年1月" and ticks[12] == "2024年1月"  # 24 bars, every 2nd labelled
    bars = ax.patches
    assert len(bars) == 24 and bars[12].get_height() == 13.0  # the 13th bar is January 2024
    assert bars[12].get_x() + bars[12].get_width() / 2 == pytest.approx(12)
    assert ax.get_ylabel() == "实付金额（元）"  # the column's name in the schema
    _assert_zh_renders(ax)


def test_time_series_lines_with_dates_in_the_charts_language():
    ledger = pd.DataFrame({"issued": [5.0, 6, 7, 8], "redeemed": [1.0, 2, 2, 3]},
                          index=pd.period_range("2023-11", periods=4, freq="M"))
    ax = plot.time_series(ledger, labels={"issued": "获得", "redeemed": "兑换"}, locale="zh")
    ax.figure.canvas.draw()
    ticks = [t.get_text() for t in ax.get_xticklabels() if t.get_text()]
    assert ticks[0] == "2023年11月" and "2024年1月" in ticks
    assert not any(m in " ".join(ticks) for m in ("Nov", "Dec", "Jan"))
    assert [t.get_text() for t in ax.get_legend().get_texts()] == ["获得", "兑换"]
    _assert_zh_renders(ax)
    # quarterly data: a label at each quarter; in English, English dates
    q = pd.Series([70.0, 72, 75], index=pd.PeriodIndex(["2023Q4", "2024Q1", "2024Q2"], freq="Q"))
    ax = plot.time_series(q, locale="en")
    ax.figure.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()] == ["Q4 2023", "Q1 2024", "Q2"]
    # a matplotlib date axis of days
    fig, ax = plt.subplots()
    days = pd.date_range("2024-01-01", "2024-06-30", freq="D")
    ax.plot(days, np.arange(len(days)))
    plot.date_axis(ax, locale="zh")
    fig.canvas.draw()
    assert [t.get_text() for t in ax.get_xticklabels()][:2] == ["2024年1月", "2月"]


def test_time_series_refuses_what_is_not_over_time():
    with pytest.raises(InvalidArgumentError, match="DatetimeIndex"):
        plot.time_series(pd.Series([1.0, 2.0]))
    with pytest.raises(InvalidArgumentError):
        plot.time_series([1, 2])
    with pytest.raises(InvalidArgumentError):
        plot.time_series(pd.Series([1.0], index=pd.DatetimeIndex(["2024-01-01"])), kind="pie")


def test_column_label_names_a_column_for_people():
    from crmlab.schema import column_label

    assert column_label("order_time", "zh") == "下单时间"
    assert column_label("amount", "zh") == "实付金额（元）" and column_label("amount", "en") == "amount paid (CNY)"
    assert column_label("acquisition_channel", "zh") == "获客渠道"  # the list of codes is left out
    assert column_label("channel", "en", table="service_tickets") == "channel"
    with pytest.raises(ColumnError, match="amount_paid"):
        column_label("amount_paid")
