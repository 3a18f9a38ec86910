"""crmlab.widgets: move the controls from Python and check that every explorer's
outputs follow the analysis functions they wrap."""

from __future__ import annotations

import matplotlib

matplotlib.use("Agg")

import numpy as np  # noqa: E402
import pandas as pd  # noqa: E402
import pytest  # noqa: E402

import crmlab  # noqa: E402
from crmlab import widgets  # noqa: E402
from crmlab.analysis import callcenter, complaints, loyalty, questionnaire, rfm, trends  # noqa: E402
from crmlab.errors import InvalidArgumentError  # noqa: E402


@pytest.fixture(scope="module")
def small_shop():
    return crmlab.simulate(1500, random_state=3)


def test_outside_notebook_returns_a_clear_bilingual_message(small_shop):
    assert not widgets.in_notebook()
    out = widgets.rfm_explorer(small_shop)
    assert isinstance(out, widgets.WidgetUnavailable)
    text = str(out)
    assert "Jupyter" in text and "交互控件" in text and "interactive widget" in text
    assert "rfm_explorer" in out._repr_markdown_()
    # the explorer is still there for scripted use
    assert isinstance(out.explorer, widgets.RFMExplorer)
    for fn, arg in ((widgets.cohort_explorer, small_shop), (widgets.questionnaire_designer, None),
                    (widgets.points_designer, small_shop), (widgets.staffing_calculator, small_shop.calls),
                    (widgets.complaint_simulator, small_shop)):
        assert isinstance(fn(arg), widgets.WidgetUnavailable)


def test_rfm_explorer_matches_rfm_segments_and_follows_sliders(small_shop):
    import ipywidgets as W

    e = widgets.RFMExplorer(small_shop, locale="zh", chart=True)
    assert isinstance(e.widget, W.VBox) and e.last_figure is not None
    ref = rfm.rfm_segments(rfm.rfm_scores(rfm.rfm_summary(small_shop.orders)), method="mean", locale="zh")
    pd.testing.assert_series_equal(e.segments["segment"], ref["segment"])
    counts = ref["segment"].value_counts().reindex(e.summary.index)
    np.testing.assert_array_equal(e.summary["customers"], counts)
    assert e.summary["customer_share"].sum() == pytest.approx(1)
    assert e.summary.loc["重要价值客户", "action"].startswith("重点维护")
    html_before = e.table.value

    # threshold rule with per-letter cuts: compare with a plain-pandas rule
    e.rule.value = "threshold"
    assert not e.r_threshold.disabled
    e.r_threshold.value, e.f_threshold.value, e.m_threshold.value = 2, 1, 4
    sc = rfm.rfm_scores(rfm.rfm_summary(small_shop.orders))
    high = (sc["r_score"] > 2).astype(int) * 4 + (sc["f_score"] > 1).astype(int) * 2 + (sc["m_score"] > 4).astype(int)
    n_important_value = int((high == 7).sum())
    assert e.summary.loc["重要价值客户", "customers"] == n_important_value
    assert e.table.value != html_before

    # fewer score levels: thresholds are clamped, scores re-cut
    e.n_scores.value = 3
    assert e.r_threshold.max == 2 and e.m_threshold.value <= 2
    assert e.segments["r_score"].max() == 3
    assert len(e.edges) == 3
    n = e.n_updates
    e.kind.value = "treemap"
    assert e.n_updates > n


def test_rfm_explorer_accepts_an_rfm_table_and_rejects_junk(small_shop):
    table = rfm.rfm_summary(small_shop.orders)
    e = widgets.RFMExplorer(table, locale="en", chart=False)
    assert "Important value" in e.summary.index
    with pytest.raises(InvalidArgumentError):
        widgets.RFMExplorer([1, 2, 3], chart=False)


def test_cohort_explorer_channel_and_frequency(small_shop):
    e = widgets.CohortExplorer(small_shop, locale="zh", chart=False)
    ref = trends.cohort_retention(small_shop.orders)
    pd.testing.assert_frame_equal(e.matrix, ref.iloc[-12:, :12])
    e.channel.value = "referral"
    ids = small_shop.customers.loc[small_shop.customers["acquisition_channel"] == "referral", "customer_id"]
    ref_ch = trends.cohort_retention(small_shop.orders[small_shop.orders["customer_id"].isin(ids)])
    pd.testing.assert_frame_equal(e.matrix, ref_ch.iloc[-12:, :12])
    e.freq.value = "Q"
    assert str(e.matrix.index.freqstr).startswith("Q")
    e.n_cohorts.value = 3
    assert len(e.matrix) == 3


def test_questionnaire_designer_lints_live():
    e = widgets.QuestionnaireDesigner(locale="zh")
    bad = questionnaire.example_questionnaire("bad", locale="zh")
    assert len(e.findings) == len(bad.lint()) and (e.findings["severity"] == "error").any()
    good = questionnaire.example_questionnaire("good", locale="zh")
    e.source.value = good.to_yaml()
    assert e.findings.empty and "通过全部检查" in e.findings_html.value
    assert e.preview.children  # the questionnaire's own form as preview
    e.source.value = "title: [unclosed"
    assert e.questionnaire is None and "无法读取问卷" in e.status.value


def test_points_designer_simulates_the_scheme(small_shop):
    e = widgets.PointsDesigner(small_shop, locale="zh", chart=False)
    ref = loyalty.PointsScheme(tier_discounts=(0.0, 0.0, 0.02, 0.05)).simulate(small_shop, random_state=0)
    assert e.result.summary["cost_share"] == pytest.approx(ref.summary["cost_share"])
    before = e.result.summary["points_issued"]
    e.earn_rate.value = 2.0
    assert e.result.summary["points_issued"] > 1.8 * before  # twice the earn rate, about twice the points
    e.gold.value = 300  # below silver: the scheme is invalid, the message says why
    assert e.result is None and "tier_thresholds" in e.status.value or "递增" in e.status.value


def test_points_designer_draws_the_design_against_the_shops_ledger(small_shop):
    e = widgets.PointsDesigner(small_shop, locale="zh", chart=True)

    def lines():
        return {ln.get_label(): ln.get_ydata() for ln in e.last_figure.axes[0].get_lines()}

    first = lines()
    assert {"本方案：获得", "本方案：兑换", "本方案：过期", "现行方案：获得（积分流水）"} <= set(first)
    np.testing.assert_allclose(first["本方案：获得"], e.result.timeline["issued"])
    np.testing.assert_allclose(first["现行方案：获得（积分流水）"],  # the shop's real points_ledger
                               loyalty.points_ledger_summary(small_shop.points_ledger)["issued"])
    assert first["本方案：获得"].sum() > 0
    e.earn_rate.value = 2.0
    assert lines()["本方案：获得"].sum() > 1.8 * first["本方案：获得"].sum()
    np.testing.assert_allclose(lines()["现行方案：获得（积分流水）"], first["现行方案：获得（积分流水）"])
    # the rule checks in words: emoji are missing from many fonts
    assert "符合" in e.design_html.value and not {"✅", "❌"} & set(e.design_html.value)
    e.expiry_months.value = 3
    assert "不符合" in e.design_html.value


def test_staffing_calculator_follows_erlang_c(small_shop):
    e = widgets.StaffingCalculator(locale="en", chart=False)
    e.arrival_rate.value, e.handle_time.value, e.target_answer_time.value = 120.0, 180.0, 20
    e.target_service_level.value = 0.8
    assert e.needed == callcenter.agents_needed(120.0, 180.0, 0.8, 20.0)
    e.agents.value = e.needed
    assert e.service_level == pytest.approx(callcenter.service_level(120.0, 180.0, e.needed, 20.0))
    assert e.service_level >= 0.8
    e.agents.value = e.needed - 1
    assert e.service_level < 0.8
    e.agents.value = 5  # traffic is 6 Erlang: unstable
    assert e.service_level == 0.0 and "cannot keep up" in e.status.value
    # with the shop's calls, an hour's rate comes from arrival_rates
    e2 = widgets.StaffingCalculator(small_shop.calls, chart=False)
    rates = callcenter.arrival_rates(small_shop.calls)
    e2.hour.value = 10
    assert e2.arrival_rate.value == pytest.approx(max(rates.loc[10, "rate_per_hour"], 0.1), abs=0.05)


def test_complaint_simulator_speeds_up_stages(small_shop):
    e = widgets.ComplaintSimulator(small_shop, locale="zh", chart=False)
    base = complaints.complaint_stage_times(small_shop.complaints)
    t_reply = base[["judge", "analyse", "reply"]].sum(axis=1, min_count=3).dropna()
    assert e.reply_within_target == pytest.approx((t_reply <= 24).mean())
    within_before = e.reply_within_target
    for s in ("judge", "analyse", "reply"):
        e.factors[s].value = 0.5
    np.testing.assert_allclose(e.durations["reply"], base["reply"] * 0.5)
    assert e.reply_within_target == pytest.approx((t_reply * 0.5 <= 24).mean())
    assert e.reply_within_target > within_before
    # expected retention = the shop's measured retention of each speed band,
    # averaged over the simulated complaints (ratio to the baseline: may pass 1 on small shops)
    bands = complaints.complaint_retention(small_shop.complaints, orders=small_shop.orders, bins=(24, 48, 96))
    rate = bands["retention"].to_numpy(float)[np.searchsorted([24, 48, 96], (t_reply * 0.5).to_numpy())]
    assert e.expected_retention == pytest.approx(np.nanmean(rate))
    assert e.expected_retention > 0


def test_every_widget_of_the_lessons_is_driven_in_the_browser_test():
    """tests/integration/browser/test_jupyterlab.py moves a control of each widget the lessons show, in JupyterLab."""
    import json
    import re
    from pathlib import Path

    root = Path(__file__).resolve().parents[2]

    def calls(path):
        cells = json.loads(path.read_text(encoding="utf-8"))["cells"]
        code = "\n".join("".join(c["source"]) for c in cells if c["cell_type"] == "code")
        return set(re.findall(r"(?:widgets\.)?(\w+_(?:explorer|designer|calculator|simulator|form))\(", code))

    in_lessons = set().union(*(calls(p) for p in (root / "notebooks" / "zh").glob("*.ipynb")))
    assert {"rfm_explorer", "points_designer", "staffing_calculator", "complaint_simulator", "questionnaire_form"} <= in_lessons
    assert in_lessons <= calls(root / "tests" / "integration" / "browser" / "fixture_lesson_widgets.ipynb")
