"""Charts for the course: a Chinese-ready seaborn theme and chart helpers.

>>> import crmlab
>>> from crmlab import plot
>>> orders = crmlab.load_dataset("classroom").orders
>>> plot.set_theme()
>>> ax = plot.pareto_curve(orders[orders["payment_status"] == "paid"], value_col="amount", by="customer_id")
>>> ax.get_title()
'帕累托曲线（基尼系数 0.48）'

``import crmlab.plot`` is cheap: matplotlib and seaborn load when a function runs.
"""

from __future__ import annotations

from ._charts import (
    ab_result,
    arrivals_vs_staffing,
    cohort_heatmap,
    complaint_timeline,
    funnel_chart,
    ipa_grid,
    pareto_curve,
    rfm_segment_map,
)
from ._theme import FONT_FAMILY, apply_fonts, chart_locale, font_families, font_path, set_theme
from ._time import date_axis, date_labels, time_series

__all__ = [
    "set_theme", "chart_locale", "font_path", "font_families", "apply_fonts", "FONT_FAMILY",
    "time_series", "date_axis", "date_labels",
    "rfm_segment_map", "cohort_heatmap", "pareto_curve", "funnel_chart", "ab_result",
    "complaint_timeline", "arrivals_vs_staffing", "ipa_grid",
]
