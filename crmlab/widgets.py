"""Interactive explorers for the course notebooks (ipywidgets).

Move a slider, see the segments, the cohorts, the staffing or the complaint
queue change. Every explorer is a small class whose ``.widget`` is an ipywidgets
container; the functions (:func:`rfm_explorer`, :func:`cohort_explorer`, ...)
return that container in a notebook. Outside a notebook (no Jupyter kernel, or
no ipywidgets) they return a :class:`WidgetUnavailable` that explains, in Chinese
and English, how to use them, and still holds the explorer for scripted use.

The logic lives in the explorers' ``update`` methods and in
:mod:`crmlab.analysis`, so it can be tested without a browser: set a control's
``value`` and read the explorer's tables (``summary``, ``matrix`` ...).
"""

from __future__ import annotations

import html

import numpy as np
import pandas as pd

from ._i18n import get_locale
from .analysis import (RFM_SEGMENTS, PointsScheme, Questionnaire, agents_needed, arrival_rates, average_speed_of_answer,
                       cohort_retention, complaint_retention, complaint_stage_times, erlang_table,
                       example_questionnaire, occupancy, points_ledger_summary, rfm_scores, rfm_segments,
                       rfm_summary, service_level)
from .errors import InvalidArgumentError
from .plot import apply_fonts, cohort_heatmap, complaint_timeline, rfm_segment_map, time_series
from .schema import COMPLAINT_STAGES, label
from .validation import check_choice

__all__ = [
    "rfm_explorer", "cohort_explorer", "questionnaire_form", "questionnaire_designer", "points_designer",
    "staffing_calculator", "complaint_simulator", "WidgetUnavailable",
    "RFMExplorer", "CohortExplorer", "QuestionnaireDesigner", "PointsDesigner",
    "StaffingCalculator", "ComplaintSimulator", "in_notebook",
]


# ----------------------------------------------------------------------------- plumbing
def in_notebook() -> bool:
    """True inside a Jupyter kernel with ipywidgets installed (widgets can show)."""
    try:
        import ipywidgets  # noqa: F401
        from IPython import get_ipython
    except ImportError:
        return False
    ip = get_ipython()
    return ip is not None and getattr(ip, "kernel", None) is not None


class WidgetUnavailable:
    """What the explorer functions return outside a notebook.

    Printing it shows a bilingual message; ``.explorer`` is the explorer object,
    usable from a script (set control values, read its tables).
    """

    def __init__(self, name: str, explorer=None):
        self.name = name
        self.explorer = explorer
        self.message = (
            f"{name} 是交互控件，需要在 Jupyter（JupyterLab / Notebook）中运行才能显示。"
            f"请在 notebook 单元格中调用，例如：crmlab.widgets.{name}(shop)。\n"
            f"{name} is an interactive widget: run it in Jupyter (JupyterLab / Notebook) to see it. "
            f"Call it in a notebook cell, e.g. crmlab.widgets.{name}(shop)."
        )

    def __repr__(self) -> str:
        return self.message

    __str__ = __repr__

    def _repr_markdown_(self) -> str:
        return self.message.replace("\n", "\n\n")


def _show(explorer, name):
    if in_notebook():
        explorer.widget.explorer = explorer  # reach the logic from the container
        explorer.widget.add_class("crmlab-" + name.replace("_", "-"))  # e.g. crmlab-points-designer
        return explorer.widget
    return WidgetUnavailable(name, explorer)


def _t(zh, en, locale):
    return zh if locale == "zh" else en


def _table_html(df: pd.DataFrame, *, percent=(), digits=1, index=False) -> str:
    fmt = {c: (lambda v: "" if pd.isna(v) else f"{100 * v:.{digits}f}%") for c in percent}
    return df.to_html(index=index, formatters=fmt, float_format=lambda v: f"{v:,.{digits}f}",
                      border=0, classes="crmlab-table", na_rep="")


def _orders_of(data, name):
    """Orders from a Shop or an orders DataFrame."""
    if hasattr(data, "orders") and isinstance(getattr(data, "orders"), pd.DataFrame):
        return data.orders
    if isinstance(data, pd.DataFrame):
        return data
    raise InvalidArgumentError(
        f"`{name}` 需要一个商店（crmlab.simulate 或 load_dataset 的结果）或订单表 DataFrame，"
        f"但传入的是 {type(data).__name__}。",
        f"`{name}` needs a shop (from crmlab.simulate or load_dataset) or an orders DataFrame, "
        f"but a {type(data).__name__} was passed.",
    )


class _Explorer:
    """Shared parts: an Output for the chart, one update per control change."""

    def __init__(self, locale, chart):
        import ipywidgets as W

        self.locale = locale or get_locale()
        check_choice("locale", self.locale, ("zh", "en"))
        self.chart = in_notebook() if chart is None else bool(chart)
        self.chart_out = W.Output()
        self.last_figure = None
        self.n_updates = 0

    def _watch(self, *controls):
        for c in controls:
            c.observe(self._on_change, names="value")

    def _on_change(self, change=None):
        self.update()

    def _draw(self, make_axes):
        """Draw a chart with ``make_axes(ax)`` into the chart output."""
        if not self.chart:
            return
        import matplotlib.pyplot as plt

        fig, ax = plt.subplots(figsize=(7.5, 4.6), layout="constrained")
        make_axes(ax)
        self.last_figure = fig
        if in_notebook():
            from IPython.display import display

            self.chart_out.clear_output(wait=True)
            with self.chart_out:
                display(fig)
        plt.close(fig)

    def update(self):  # pragma: no cover - overridden
        raise NotImplementedError


# ----------------------------------------------------------------------------- RFM
class RFMExplorer(_Explorer):
    """RFM scores and the eight segments, with the score levels and the high/low
    rule on sliders.

    Controls: ``n_scores`` (score levels, the quantile bins), ``rule`` ("mean":
    above the mean score is high; "threshold": a score above the R/F/M sliders is
    high), ``r_threshold``, ``f_threshold``, ``m_threshold``, ``kind`` (chart).
    Tables: ``segments`` (one row per customer), ``summary`` (one row per
    segment: customers, shares, mean R/F/M, suggested action), ``edges`` (value
    range of each score).
    """

    def __init__(self, data, *, locale=None, chart=None):
        import ipywidgets as W

        super().__init__(locale, chart)
        if isinstance(data, pd.DataFrame) and {"recency", "frequency", "monetary"} <= set(data.columns):
            self.rfm = data[["recency", "frequency", "monetary"]].dropna(subset=["recency"])
        else:
            self.rfm = rfm_summary(_orders_of(data, "data")).dropna(subset=["recency"])
        L = self.locale
        style = {"description_width": "initial"}
        self.n_scores = W.IntSlider(5, min=3, max=7, description=_t("评分等级数", "score levels", L), style=style)
        self.rule = W.ToggleButtons(options=[(_t("高于均值", "above mean", L), "mean"),
                                             (_t("分数阈值", "score threshold", L), "threshold")],
                                    value="mean", description=_t("高/低规则", "high/low rule", L), style=style)
        self.r_threshold = W.IntSlider(3, min=1, max=4, description=_t("R 分数 >", "R score >", L), style=style)
        self.f_threshold = W.IntSlider(3, min=1, max=4, description=_t("F 分数 >", "F score >", L), style=style)
        self.m_threshold = W.IntSlider(3, min=1, max=4, description=_t("M 分数 >", "M score >", L), style=style)
        self.kind = W.ToggleButtons(options=[(_t("气泡图", "bubbles", L), "bubble"),
                                             (_t("矩形树图", "treemap", L), "treemap")],
                                    value="bubble", description=_t("图形", "chart", L), style=style)
        self.status = W.HTML()
        self.table = W.HTML()
        self.edges_html = W.HTML()
        self._watch(self.n_scores, self.rule, self.r_threshold, self.f_threshold, self.m_threshold, self.kind)
        controls = W.VBox([self.n_scores, self.rule, W.HBox([self.r_threshold, self.f_threshold, self.m_threshold]),
                           self.kind])
        self.widget = W.VBox([W.HTML(f"<h4>{_t('RFM 客户分群探索器', 'RFM segment explorer', L)}</h4>"),
                              controls, self.status, W.HBox([self.table, self.edges_html]), self.chart_out])
        self.widget.add_class("crmlab-rfm-explorer")
        self.update()

    def update(self):
        L, n = self.locale, self.n_scores.value
        for s in (self.r_threshold, self.f_threshold, self.m_threshold):
            with s.hold_trait_notifications():
                s.value = min(s.value, n - 1)
                s.max = n - 1
            s.disabled = self.rule.value == "mean"
        scores = rfm_scores(self.rfm, n_scores=n)
        if self.rule.value == "mean":
            seg = rfm_segments(scores, method="mean", locale=L)
        else:
            # per-dimension thresholds: the same eight segments, our own cut per letter
            seg = scores.copy()
            seg["r_high"] = (scores["r_score"] > self.r_threshold.value).to_numpy(bool)
            seg["f_high"] = (scores["f_score"] > self.f_threshold.value).to_numpy(bool)
            seg["m_high"] = (scores["m_score"] > self.m_threshold.value).to_numpy(bool)
            key = seg["r_high"].astype(int) * 4 + seg["f_high"].astype(int) * 2 + seg["m_high"].astype(int)
            names = RFM_SEGMENTS["name_zh" if L == "zh" else "name_en"]
            by_key = {int(r.r_high) * 4 + int(r.f_high) * 2 + int(r.m_high): (r.segment_code, nm)
                      for r, nm in zip(RFM_SEGMENTS.itertuples(index=False), names)}
            seg["segment_code"] = key.map(lambda k: by_key[k][0])
            seg["segment"] = pd.Categorical(key.map(lambda k: by_key[k][1]), categories=list(names), ordered=True)
        self.segments = seg
        g = seg.groupby("segment", observed=False)
        summary = pd.DataFrame({
            "customers": g.size(),
            "recency": g["recency"].mean(), "frequency": g["frequency"].mean(), "monetary": g["monetary"].mean(),
            "revenue": g["monetary"].sum(),
        })
        summary["customer_share"] = summary["customers"] / summary["customers"].sum()
        summary["revenue_share"] = summary["revenue"] / summary["revenue"].sum()
        action = RFM_SEGMENTS.set_index("name_zh" if L == "zh" else "name_en")["action_zh" if L == "zh" else "action_en"]
        summary["action"] = action.reindex(summary.index).to_numpy()
        self.summary = summary
        edges = {}
        for col, sc in (("recency", "r_score"), ("frequency", "f_score"), ("monetary", "m_score")):
            rng = scores.groupby(sc)[col].agg(["min", "max"])
            edges[col] = [f"{a:,.0f}–{b:,.0f}" for a, b in zip(rng["min"], rng["max"])]
        self.edges = pd.DataFrame({k: pd.Series(v, index=range(1, len(v) + 1)) for k, v in edges.items()})
        self.edges.index.name = _t("分数", "score", L)
        shown = summary.rename(columns={
            "customers": _t("客户数", "customers", L), "customer_share": _t("客户占比", "share", L),
            "revenue_share": _t("营收占比", "revenue share", L), "recency": "R", "frequency": "F", "monetary": "M",
            "action": _t("建议", "action", L)}).drop(columns="revenue")
        shown.index.name = _t("客群", "segment", L)
        self.table.value = _table_html(shown.reset_index(), percent=(_t("客户占比", "share", L), _t("营收占比", "revenue share", L)))
        self.edges_html.value = (f"<b>{_t('各分数的取值范围', 'value range of each score', L)}</b>"
                                 + self.edges.to_html(border=0, na_rep=""))
        top = summary["customers"].idxmax()
        self.n_updates += 1
        self.status.value = _t(
            f"<b>{len(seg):,}</b> 位客户 · 最大客群：<b>{html.escape(str(top))}</b>"
            f"（{summary.loc[top, 'customer_share']:.0%}）· 重要价值客户营收占比 "
            f"<b>{summary['revenue_share'].iloc[0]:.1%}</b>",
            f"<b>{len(seg):,}</b> customers · largest segment: <b>{html.escape(str(top))}</b> "
            f"({summary.loc[top, 'customer_share']:.0%}) · revenue share of important value "
            f"<b>{summary['revenue_share'].iloc[0]:.1%}</b>", L)

        self._draw(lambda ax: rfm_segment_map(seg, kind=self.kind.value, ax=ax, locale=L))


def rfm_explorer(data, *, locale=None):
    """RFM segment explorer: score levels and high/low rules on sliders.

    Parameters
    ----------
    data : Shop, orders DataFrame, or RFM table
        A shop (``crmlab.simulate(...)``), its ``orders``, or a table with
        ``recency``, ``frequency``, ``monetary`` per customer.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        In a notebook the explorer; the live table shows how many customers each
        segment holds and what share of revenue they bring. Outside a notebook,
        the explorer is ``.explorer`` (set a control's ``value``, read ``summary``).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.widgets import rfm_explorer
    >>> w = rfm_explorer(crmlab.load_dataset("classroom"))
    >>> int(w.explorer.summary["customers"].sum()) > 0
    True
    """
    return _show(RFMExplorer(data, locale=locale), "rfm_explorer")


# ----------------------------------------------------------------------------- cohorts
class CohortExplorer(_Explorer):
    """Cohort retention by period length, acquisition channel and cohort window.

    Controls: ``freq`` (M/Q/W), ``channel`` (acquisition channel or all, when
    the shop's customers are known), ``n_cohorts`` (latest cohorts shown),
    ``n_periods``. Table: ``matrix`` (the retention shares drawn).
    """

    def __init__(self, data, *, locale=None, chart=None):
        import ipywidgets as W

        super().__init__(locale, chart)
        L = self.locale
        self.orders = _orders_of(data, "data")
        self.customers = getattr(data, "customers", None) if not isinstance(data, pd.DataFrame) else None
        style = {"description_width": "initial"}
        self.freq = W.ToggleButtons(options=[(_t("月", "month", L), "M"), (_t("季度", "quarter", L), "Q"),
                                             (_t("周", "week", L), "W")], value="M",
                                    description=_t("周期", "period", L), style=style)
        opts = [(_t("全部渠道", "all channels", L), "all")]
        if self.customers is not None and "acquisition_channel" in self.customers:
            opts += [(label("acquisition_channel", c, L), c)
                     for c in sorted(self.customers["acquisition_channel"].dropna().unique())]
        self.channel = W.Dropdown(options=opts, value="all", description=_t("获客渠道", "channel", L), style=style)
        self.n_cohorts = W.IntSlider(12, min=2, max=36, description=_t("显示同期群数", "cohorts shown", L), style=style)
        self.n_periods = W.IntSlider(12, min=2, max=36, description=_t("显示期数", "periods shown", L), style=style)
        self.status = W.HTML()
        self._watch(self.freq, self.channel, self.n_cohorts, self.n_periods)
        self.widget = W.VBox([W.HTML(f"<h4>{_t('同期群留存探索器', 'Cohort explorer', L)}</h4>"),
                              W.HBox([self.freq, self.channel]), W.HBox([self.n_cohorts, self.n_periods]),
                              self.status, self.chart_out])
        self.update()

    def update(self):
        L = self.locale
        orders = self.orders
        if self.channel.value != "all":
            ids = self.customers.loc[self.customers["acquisition_channel"] == self.channel.value, "customer_id"]
            orders = orders[orders["customer_id"].isin(ids)]
        full = cohort_retention(orders, freq=self.freq.value)
        counts = cohort_retention(orders, freq=self.freq.value, values="count")
        m = full.iloc[-self.n_cohorts.value:, : self.n_periods.value]
        self.matrix = m
        self.sizes = counts[0]
        p1 = full[1].mean() if 1 in full.columns else np.nan
        self.n_updates += 1
        self.status.value = _t(
            f"{len(full)} 个同期群 · 第 1 期平均留存 <b>{p1:.1%}</b>",
            f"{len(full)} cohorts · mean retention in period 1: <b>{p1:.1%}</b>", L)

        self._draw(lambda ax: cohort_heatmap(m, sizes=self.sizes, ax=ax, locale=L, annot=m.size <= 400))


def cohort_explorer(data, *, locale=None):
    """Cohort retention explorer: period length, channel and window on controls.

    Parameters
    ----------
    data : Shop or orders DataFrame
        With a shop, cohorts can be filtered by acquisition channel.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        Outside a notebook, the explorer is ``.explorer`` (read ``matrix``).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.widgets import cohort_explorer
    >>> w = cohort_explorer(crmlab.load_dataset("classroom"))
    >>> float(w.explorer.matrix.iloc[0, 0])
    1.0
    """
    return _show(CohortExplorer(data, locale=locale), "cohort_explorer")


# ----------------------------------------------------------------------------- survey
def questionnaire_form(questionnaire):
    """An ipywidgets form to preview and answer a questionnaire in a notebook.

    Parameters
    ----------
    questionnaire : crmlab.analysis.Questionnaire
        The questionnaire; its ``language`` sets the words of the form.

    Returns
    -------
    ipywidgets.VBox
        The form. After pressing the submit button, ``form.answers`` holds a
        dict ``{question_id: answer}`` (None for unanswered) and
        ``form.missing`` the ids of required questions left empty;
        ``form.collect()`` reads the answers without the button.

    Examples
    --------
    >>> from crmlab.analysis import example_questionnaire
    >>> from crmlab.widgets import questionnaire_form
    >>> form = questionnaire_form(example_questionnaire("good", locale="en"))
    >>> form.collect()["q_overall"] is None  # nothing answered yet
    True
    >>> "q_overall" in form.missing
    True
    """
    import ipywidgets as W

    loc = questionnaire.language
    head = [W.HTML(f"<h3>{html.escape(str(questionnaire.title))}</h3>")]
    meta = []
    if questionnaire.purpose:
        meta.append(html.escape(str(questionnaire.purpose)))
    if questionnaire.time_estimate_minutes:
        meta.append(_t(f"预计用时约 {questionnaire.time_estimate_minutes} 分钟。",
                       f"About {questionnaire.time_estimate_minutes} minutes.", loc))
    if questionnaire.incentive:
        meta.append(html.escape(str(questionnaire.incentive)))
    if questionnaire.privacy_note:
        meta.append(f"<i>{html.escape(str(questionnaire.privacy_note))}</i>")
    if meta:
        head.append(W.HTML("<br>".join(meta)))
    widgets, items = {}, []
    na_label = _t("不适用", "Not applicable", loc)
    current = object()
    for q in questionnaire.questions:
        if q.section != current and q.section:
            items.append(W.HTML(f"<h4>{html.escape(str(q.section))}</h4>"))
        current = q.section
        star = " *" if q.required else ""
        label = W.HTML(f"<b>{html.escape(str(q.text))}</b>{star}")
        if q.type == "likert":
            labels = q.labels if q.labels and len(q.labels) == q.scale else [str(i) for i in range(1, q.scale + 1)]
            opts = list(zip(labels, range(1, q.scale + 1)))
            if q.allow_na:
                opts.append((na_label, "NA"))
            w = W.RadioButtons(options=opts, value=None)
        elif q.type == "nps":
            w = W.ToggleButtons(options=[str(i) for i in range(11)], value=None,
                                style={"button_width": "32px"})
        elif q.type == "single_choice":
            w = W.RadioButtons(options=list(q.options or []) + ([na_label] if q.allow_na else []), value=None)
        elif q.type == "multiple_choice":
            w = W.VBox([W.Checkbox(description=o, value=False, indent=False) for o in (q.options or [])])
        else:
            w = W.Textarea(placeholder=_t("请输入……", "Type here ...", loc), layout={"width": "95%"})
        widgets[q.id] = (q, w)
        items += [label, w]
    status = W.HTML()
    button = W.Button(description=_t("提交", "Submit", loc), button_style="primary")
    box = W.VBox(head + items + [button, status])
    box.answers, box.missing = {}, []

    def collect(_=None):
        answers = {}
        for qid, (q, w) in widgets.items():
            if q.type == "multiple_choice":
                picked = [c.description for c in w.children if c.value]
                answers[qid] = picked or None
            elif q.type == "open_text":
                answers[qid] = w.value.strip() or None
            elif q.type == "nps":
                answers[qid] = None if w.value is None else int(w.value)
            else:
                answers[qid] = w.value
        box.answers = answers
        box.missing = [qid for qid, (q, _) in widgets.items() if q.required and answers[qid] is None]
        status.value = (_t(f"还有必答题未填：{', '.join(box.missing)}", f"Required questions left: "
                           f"{', '.join(box.missing)}", loc) if box.missing
                        else _t("已提交，谢谢！", "Submitted, thank you!", loc))
        return answers

    button.on_click(collect)
    box.collect = collect
    return box



class QuestionnaireDesigner(_Explorer):
    """Edit a questionnaire as YAML; see its lint findings and a preview live.

    ``source`` is the Textarea (YAML of :meth:`Questionnaire.to_yaml`);
    ``findings`` the lint table; ``questionnaire`` the parsed questionnaire, or
    None with ``error`` set when the YAML cannot be read.
    """

    def __init__(self, questionnaire=None, *, locale=None, chart=False):
        import ipywidgets as W

        super().__init__(locale, chart)
        L = self.locale
        if questionnaire is None:
            questionnaire = example_questionnaire("bad", locale=L)
        elif isinstance(questionnaire, str):
            questionnaire = Questionnaire.from_yaml(questionnaire)
        self.source = W.Textarea(questionnaire.to_yaml(), continuous_update=False,
                                 layout=W.Layout(width="48%", height="520px"))
        self.midpoint = W.Checkbox(False, description=_t("要求量表有中间选项", "require a Likert midpoint", L))
        self.status = W.HTML()
        self.findings_html = W.HTML()
        self.preview = W.Box(layout=W.Layout(width="50%"))
        self._watch(self.source, self.midpoint)
        self.widget = W.VBox([W.HTML(f"<h4>{_t('问卷设计器', 'Questionnaire designer', L)}</h4>"),
                              self.midpoint, self.status, self.findings_html,
                              W.HBox([self.source, self.preview])])
        self.update()

    def update(self):
        L = self.locale
        self.n_updates += 1
        try:
            q = Questionnaire.from_yaml(self.source.value)
        except Exception as exc:  # bad YAML or a bad question: show it, do not crash
            self.questionnaire, self.error = None, str(exc)
            self.findings = None
            self.status.value = (f"<span style='color:#b00'>{_t('无法读取问卷：', 'Cannot read the questionnaire: ', L)}"
                                 f"{html.escape(str(exc))}</span>")
            return
        self.questionnaire, self.error = q, None
        self.findings = q.lint(require_midpoint=self.midpoint.value, locale=L)
        counts = self.findings["severity"].value_counts()
        self.status.value = _t(
            f"{len(q)} 道题 · 预计 {q.estimated_seconds() / 60:.1f} 分钟 · "
            f"错误 <b>{counts.get('error', 0)}</b> · 警告 <b>{counts.get('warning', 0)}</b> · 提示 {counts.get('info', 0)}",
            f"{len(q)} questions · about {q.estimated_seconds() / 60:.1f} min · "
            f"errors <b>{counts.get('error', 0)}</b> · warnings <b>{counts.get('warning', 0)}</b> · info {counts.get('info', 0)}", L)
        if self.findings.empty:
            self.findings_html.value = _t("✅ 问卷通过全部检查。", "✅ The questionnaire passes every check.", L)
        else:
            cols = ["severity", "question_id", "title", "message", "fix"]
            self.findings_html.value = _table_html(self.findings[cols])
        try:
            self.preview.children = [questionnaire_form(q)]
        except Exception as exc:  # the preview must never take the designer down
            import ipywidgets as W

            self.preview.children = [W.HTML(html.escape(str(exc)))]


def questionnaire_designer(questionnaire=None, *, locale=None):
    """Questionnaire designer: edit, lint and preview a survey live.

    Parameters
    ----------
    questionnaire : Questionnaire or str, optional
        Starting point (a questionnaire or its YAML); default: the course's
        deliberately flawed example, to fix until every check passes.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        Outside a notebook, the designer is ``.explorer`` (set ``source.value``,
        read ``findings``).

    Examples
    --------
    >>> from crmlab.widgets import questionnaire_designer
    >>> w = questionnaire_designer(locale="en")  # starts from the flawed example
    >>> bool((w.explorer.findings["severity"] == "error").any())
    True
    """
    return _show(QuestionnaireDesigner(questionnaire, locale=locale), "questionnaire_designer")


# ----------------------------------------------------------------------------- points
class PointsDesigner(_Explorer):
    """Points-scheme designer: the rules on sliders, the cost simulated on the shop.

    Controls: ``earn_rate``, ``point_value``, ``min_redeem``, ``expiry_months``,
    ``silver``/``gold``/``diamond`` thresholds, ``top_discount``. ``result`` is
    the :class:`~crmlab.analysis.loyalty.PointsResult`; ``design`` the rule checks.
    """

    def __init__(self, shop, *, random_state=0, locale=None, chart=None):
        import ipywidgets as W

        super().__init__(locale, chart)
        L = self.locale
        self.shop, self.random_state = shop, random_state
        # the shop's real points_ledger, month by month: what its current scheme issues
        self.ledger = points_ledger_summary(shop.points_ledger) if len(getattr(shop, "points_ledger", ())) else None
        style = {"description_width": "initial"}
        self.earn_rate = W.FloatSlider(1.0, min=0.1, max=5, step=0.1, description=_t("每元积分", "points per CNY", L), style=style)
        self.point_value = W.FloatSlider(0.01, min=0.001, max=0.05, step=0.001, readout_format=".3f",
                                         description=_t("每分价值（元）", "CNY per point", L), style=style)
        self.min_redeem = W.IntSlider(100, min=0, max=5000, step=50, description=_t("兑换门槛", "min. redemption", L), style=style)
        self.expiry_months = W.IntSlider(12, min=1, max=36, description=_t("有效期（月）", "expiry (months)", L), style=style)
        self.silver = W.IntSlider(500, min=100, max=5000, step=100, description=_t("银卡门槛", "silver at", L), style=style)
        self.gold = W.IntSlider(2000, min=200, max=20000, step=100, description=_t("金卡门槛", "gold at", L), style=style)
        self.diamond = W.IntSlider(8000, min=500, max=50000, step=500, description=_t("钻石门槛", "diamond at", L), style=style)
        self.top_discount = W.FloatSlider(0.05, min=0, max=0.2, step=0.01, description=_t("钻石折扣", "diamond discount", L), style=style)
        self.status = W.HTML()
        self.design_html = W.HTML()
        self._watch(self.earn_rate, self.point_value, self.min_redeem, self.expiry_months,
                    self.silver, self.gold, self.diamond, self.top_discount)
        self.widget = W.VBox([
            W.HTML(f"<h4>{_t('积分方案设计器', 'Points-scheme designer', L)}</h4>"),
            W.HBox([W.VBox([self.earn_rate, self.point_value, self.min_redeem, self.expiry_months]),
                    W.VBox([self.silver, self.gold, self.diamond, self.top_discount])]),
            self.status, self.design_html, self.chart_out])
        self.update()

    def scheme(self):
        return PointsScheme(
            earn_rate=self.earn_rate.value, point_value=self.point_value.value, min_redeem=int(self.min_redeem.value),
            expiry_months=int(self.expiry_months.value),
            tier_thresholds=(self.silver.value, self.gold.value, self.diamond.value),
            tier_discounts=(0.0, 0.0, min(0.02, self.top_discount.value), self.top_discount.value))

    def update(self):
        L = self.locale
        self.n_updates += 1
        try:
            scheme = self.scheme()
        except InvalidArgumentError as exc:
            self.result = None
            self.status.value = f"<span style='color:#b00'>{html.escape(exc.zh if L == 'zh' else exc.en)}</span>"
            return
        self.design = scheme.check_design(locale=L)
        self.result = scheme.simulate(self.shop, random_state=self.random_state)
        s = self.result.summary
        self.status.value = _t(
            f"成本占销售额 <b>{s['cost_share']:.2%}</b> · 未兑换积分负债 ¥{s['liability_cny']:,.0f} · "
            f"兑换率 {s['redemption_rate']:.1%} · 预计新增订单 {s['extra_orders']:,.0f} · 净效果 ¥{s['net_effect']:,.0f}",
            f"cost <b>{s['cost_share']:.2%}</b> of revenue · liability ¥{s['liability_cny']:,.0f} · "
            f"redemption rate {s['redemption_rate']:.1%} · extra orders {s['extra_orders']:,.0f} · net effect ¥{s['net_effect']:,.0f}", L)
        # words, not ✅/❌: emoji are missing from many fonts and show as empty boxes
        verdict = {True: _t("符合", "ok", L), False: _t("不符合", "fails", L)}
        d = pd.DataFrame({_t("检查结果", "check", L): self.design["ok"].map(verdict),
                          _t("经验规则", "rule of thumb", L): self.design["message"]})
        self.design_html.value = _table_html(d)

        def draw(ax):
            # the design simulated on the shop's orders, month by month ...
            events = {"issued": label("event_type", "earn", L), "redeemed": label("event_type", "redeem", L),
                      "expired": label("event_type", "expire", L)}
            events = {k: _t(f"本方案：{v}", f"this design: {v}", L) for k, v in events.items()}
            time_series(self.result.timeline[list(events)], ax=ax, labels=events, locale=L)
            # ... against what the shop's real ledger shows its current scheme issues
            if self.ledger is not None:
                time_series(self.ledger["issued"], ax=ax, color="grey", ls="--", locale=L,
                            labels={"issued": _t("现行方案：获得（积分流水）", "current scheme: earned (ledger)", L)})
            ax.legend(fontsize=8.5, loc="upper left")
            ax.set_ylabel(_t("积分（每月）", "points per month", L))
            ax.set_title(_t("积分获得、兑换与过期：本方案与本店现行方案", "Points earned, redeemed and expired: "
                            "this design and the shop's current scheme", L))

        self._draw(draw)


def points_designer(shop, *, random_state=0, locale=None):
    """Points-scheme designer: tiers, earn rate, expiry on sliders; cost on the shop.

    Parameters
    ----------
    shop : Shop
    random_state : int, numpy.random.Generator or None, default=0
        Randomness of the redemption draws: a fixed number gives the same cost
        for the same design.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        Outside a notebook, the designer is ``.explorer`` (set a slider's
        ``value``, read ``result``).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.widgets import points_designer
    >>> w = points_designer(crmlab.load_dataset("classroom"))
    >>> bool(w.explorer.result.summary["cost_share"] < 0.05)
    True
    """
    return _show(PointsDesigner(shop, random_state=random_state, locale=locale), "points_designer")


# ----------------------------------------------------------------------------- Erlang C
class StaffingCalculator(_Explorer):
    """Erlang C staffing calculator.

    Controls: ``arrival_rate`` (calls per hour), ``handle_time`` (seconds),
    ``target_answer_time`` (s), ``target_service_level``, ``agents``. With a
    ``calls`` table, ``hour`` picks the shop's mean rate of that hour of day.
    Outputs: ``needed`` (fewest agents that reach the target) and ``table``
    (:func:`crmlab.analysis.erlang_table`).
    """

    def __init__(self, calls=None, *, locale=None, chart=None):
        import ipywidgets as W

        super().__init__(locale, chart)
        L = self.locale
        style = {"description_width": "initial"}
        self.rates = None
        rate0, aht0 = 60.0, 240.0
        if calls is not None:
            self.rates = arrival_rates(calls)
            peak = int(self.rates["rate_per_hour"].idxmax())
            rate0 = float(self.rates.loc[peak, "rate_per_hour"])
            if "handle_seconds" in calls:
                aht0 = float(pd.to_numeric(calls["handle_seconds"], errors="coerce").mean())
        self.hour = W.Dropdown(options=[(_t("手动输入", "manual", L), -1)] + [(f"{h}:00", h) for h in range(24)],
                               value=-1, description=_t("按小时取来电量", "rate of hour", L), style=style,
                               disabled=self.rates is None)
        self.arrival_rate = W.FloatSlider(round(max(rate0, 0.1), 1), min=0.1, max=max(300.0, rate0 * 2), step=0.1,
                                          description=_t("来电量（通/小时）", "calls per hour", L), style=style)
        self.handle_time = W.FloatSlider(round(aht0), min=10, max=1800, step=5,
                                         description=_t("平均处理时长（秒）", "handle time (s)", L), style=style)
        self.target_answer_time = W.IntSlider(20, min=5, max=120, description=_t("目标接听时间（秒）", "answer within (s)", L), style=style)
        self.target_service_level = W.FloatSlider(0.8, min=0.5, max=0.99, step=0.01,
                                                  description=_t("目标服务水平", "target service level", L), style=style)
        self.agents = W.IntSlider(5, min=1, max=200, description=_t("坐席数", "agents", L), style=style)
        self.status = W.HTML()
        self.table_html = W.HTML()
        self.hour.observe(self._pick_hour, names="value")
        self._watch(self.arrival_rate, self.handle_time, self.target_answer_time, self.target_service_level, self.agents)
        self.widget = W.VBox([W.HTML(f"<h4>{_t('Erlang C 排班计算器', 'Erlang C staffing calculator', L)}</h4>"),
                              self.hour, self.arrival_rate, self.handle_time,
                              W.HBox([self.target_answer_time, self.target_service_level]), self.agents,
                              self.status, W.HBox([self.table_html, self.chart_out])])
        self.update()

    def _pick_hour(self, change):
        if change["new"] >= 0 and self.rates is not None:
            self.arrival_rate.value = max(float(self.rates.loc[change["new"], "rate_per_hour"]), 0.1)

    def update(self):
        L = self.locale
        lam, aht = self.arrival_rate.value, self.handle_time.value
        target, goal, n = self.target_answer_time.value, self.target_service_level.value, self.agents.value
        self.n_updates += 1
        self.needed = int(agents_needed(lam, aht, goal, target))
        self.table = erlang_table(lam, aht, target_answer_time=target, locale=L)
        traffic = lam * aht / 3600.0
        if n <= traffic:
            self.service_level = 0.0
            self.status.value = _t(
                f"话务量 {traffic:.1f} Erlang：{n} 个坐席接不过来，队列会无限增长。至少需要 <b>{self.needed}</b> 个坐席。",
                f"Traffic {traffic:.1f} Erlang: {n} agents cannot keep up; the queue grows without end. "
                f"You need at least <b>{self.needed}</b> agents.", L)
        else:
            self.service_level = float(service_level(lam, aht, n, target))
            asa = float(average_speed_of_answer(lam, aht, n))
            occ = float(occupancy(lam, aht, n))
            self.status.value = _t(
                f"话务量 {traffic:.1f} Erlang · {n} 个坐席：服务水平 <b>{self.service_level:.1%}</b>"
                f"（{target} 秒内接听）· 平均等待 {asa:.0f} 秒 · 占用率 {occ:.0%} · "
                f"达到 {goal:.0%} 目标至少需要 <b>{self.needed}</b> 个坐席",
                f"traffic {traffic:.1f} Erlang · {n} agents: service level <b>{self.service_level:.1%}</b> "
                f"(answered within {target} s) · mean wait {asa:.0f} s · occupancy {occ:.0%} · "
                f"<b>{self.needed}</b> agents reach the {goal:.0%} target", L)
        self.table_html.value = _table_html(self.table.head(12), digits=3)

        def draw(ax):
            t = self.table
            ax.plot(t["agents"], t["service_level"], marker="o")
            ax.axhline(goal, ls="--", color="grey")
            ax.axvline(self.needed, ls=":", color="tab:red")
            if t["agents"].min() <= n <= t["agents"].max():  # where the agents on the slider stand
                ax.plot([n], [self.service_level], marker="o", markersize=12, color="tab:orange", zorder=3,
                        label=_t(f"{n} 个坐席：{self.service_level:.0%}", f"{n} agents: {self.service_level:.0%}", L))
                ax.legend(loc="lower right")
            ax.set_xlabel(_t("坐席数", "agents", L))
            ax.set_ylabel(_t(f"{target} 秒内接听比例", f"share answered within {target} s", L))
            ax.set_title(_t("坐席数与服务水平", "Agents and service level", L))

            apply_fonts(ax, L)

        self._draw(draw)


def staffing_calculator(calls=None, *, locale=None):
    """Erlang C staffing calculator: calls, handle time and targets on sliders.

    Parameters
    ----------
    calls : pandas.DataFrame, optional
        The shop's ``calls`` table: the calculator then starts from the busiest
        hour's rate and the mean handle time, and can take any hour's rate.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        Outside a notebook, the calculator is ``.explorer`` (set a slider's
        ``value``, read ``needed`` and ``table``).

    Examples
    --------
    >>> from crmlab.widgets import staffing_calculator
    >>> w = staffing_calculator()
    >>> w.explorer.arrival_rate.value = 200.0
    >>> w.explorer.handle_time.value = 180
    >>> w.explorer.needed
    14
    """
    return _show(StaffingCalculator(calls, locale=locale), "staffing_calculator")


# ----------------------------------------------------------------------------- complaints
_STAGES = tuple(COMPLAINT_STAGES)[1:]  # the stages after "record" take time


class ComplaintSimulator(_Explorer):
    """What if a complaint-handling stage went faster? Replays the shop's own
    complaints with each stage's time scaled by a slider.

    Controls: one speed factor per stage (``judge`` ... ``followup``; 0.5 =
    twice as fast) and ``target_hours`` (reply promise). Outputs: ``durations``
    (simulated time per stage), ``reply_within_target`` (share of complaints
    replied within the promise), ``expected_retention`` (the shop's measured
    retention of each speed band, from :func:`crmlab.analysis.complaint_retention`,
    weighted by the simulated speeds).
    """

    def __init__(self, shop, *, locale=None, chart=None):
        import ipywidgets as W

        super().__init__(locale, chart)
        L = self.locale

        self.base = complaint_stage_times(shop.complaints)
        self.bins = (24, 48, 96)
        self.retention = complaint_retention(shop.complaints, orders=shop.orders, bins=self.bins, locale=L)
        style = {"description_width": "initial"}
        self.factors = {s: W.FloatSlider(1.0, min=0.1, max=2.0, step=0.05,
                                         description=f"{label('complaint_stage', s, L)} ×", style=style)
                        for s in _STAGES}
        self.target_hours = W.IntSlider(24, min=1, max=120, description=_t("回复承诺（小时）", "reply promise (h)", L), style=style)
        self.status = W.HTML()
        self._watch(*self.factors.values(), self.target_hours)
        self.widget = W.VBox([W.HTML(f"<h4>{_t('投诉处理流程模拟器', 'Complaint-workflow simulator', L)}</h4>"),
                              W.HTML(_t("记录→判断→分析→回复→反馈→回访：拖动滑块，把某一环节变快（<1）或变慢（>1）。",
                                        "record→judge→analyse→reply→feedback→follow-up: make a stage faster (<1) or slower (>1).", L)),
                              W.HBox([W.VBox(list(self.factors.values())[:3]),
                                      W.VBox(list(self.factors.values())[3:] + [self.target_hours])]),
                              self.status, self.chart_out])
        self.update()

    def update(self):
        L = self.locale
        self.n_updates += 1
        f = pd.Series({s: self.factors[s].value for s in _STAGES})
        dur = self.base[list(_STAGES)] * f
        self.durations = dur
        to_reply = dur[["judge", "analyse", "reply"]].sum(axis=1, min_count=3)
        valid = to_reply.dropna()
        self.reply_within_target = float((valid <= self.target_hours.value).mean()) if len(valid) else np.nan
        band = np.searchsorted(np.asarray(self.bins, float), valid.to_numpy(), side="left")
        rate = self.retention["retention"].to_numpy(float)
        known = ~np.isnan(rate[band])
        self.expected_retention = float(rate[band][known].mean()) if known.any() else np.nan
        base_reply = self.base[["judge", "analyse", "reply"]].sum(axis=1, min_count=3).dropna()
        self.status.value = _t(
            f"平均回复用时 <b>{valid.mean():.1f}</b> 小时（原 {base_reply.mean():.1f}）· "
            f"{self.target_hours.value} 小时内回复 <b>{self.reply_within_target:.0%}</b> · "
            f"按本店各时效段的留存率估计，投诉客户留存 <b>{self.expected_retention:.0%}</b>",
            f"mean time to reply <b>{valid.mean():.1f}</b> h (was {base_reply.mean():.1f}) · "
            f"replied within {self.target_hours.value} h: <b>{self.reply_within_target:.0%}</b> · "
            f"expected retention of complainants (the shop's rate per speed band): <b>{self.expected_retention:.0%}</b>", L)

        both = pd.concat([self.base[list(_STAGES)].assign(version=_t("现状", "now", L)),
                          dur.assign(version=_t("模拟", "simulated", L))], ignore_index=True)
        self._draw(lambda ax: complaint_timeline(both, by="version", ax=ax, locale=L))


def complaint_simulator(shop, *, locale=None):
    """Complaint-workflow simulator: speed up a stage, see replies and retention.

    Parameters
    ----------
    shop : Shop
        Its complaints are replayed; its orders give retention by handling speed.
    locale : {"zh", "en"}, optional

    Returns
    -------
    ipywidgets.VBox or WidgetUnavailable
        Outside a notebook, the simulator is ``.explorer`` (set a stage's factor,
        read ``reply_within_target``).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.widgets import complaint_simulator
    >>> w = complaint_simulator(crmlab.load_dataset("classroom"))
    >>> before = w.explorer.reply_within_target
    >>> w.explorer.factors["reply"].value = 0.5  # replies twice as fast
    >>> w.explorer.reply_within_target > before
    True
    """
    return _show(ComplaintSimulator(shop, locale=locale), "complaint_simulator")
