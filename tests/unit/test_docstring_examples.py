"""Every public function (and model class) of the analysis modules, the survey model, the plots and the widgets
shows a runnable example.

The Examples themselves run as doctests with the rest of the package's (`make doctest`: pytest
--doctest-modules crmlab, part of `make test`); this test makes sure they are there.
"""

import dataclasses
import importlib

import pytest

# The analysis modules of customer value and the shared helpers they use.
MODULES = ("rfm", "value", "segmentation", "repurchase", "trends", "lifecycle", "sampling", "correlations", "clv",
           "churn", "mining", "datamart", "kpi", "_tables",
           # service, satisfaction and marketing
           "satisfaction", "questionnaire", "survey_lint", "loyalty", "survival", "campaigns", "experiments",
           "callcenter", "complaints", "service", "text", "quality")
PLOTS = ("funnel_chart", "ab_result", "complaint_timeline", "arrivals_vs_staffing", "ipa_grid", "rfm_segment_map",
         "cohort_heatmap", "pareto_curve", "time_series", "date_axis", "date_labels", "chart_locale")
WIDGETS = ("questionnaire_form", "rfm_explorer", "cohort_explorer", "questionnaire_designer", "points_designer",
           "staffing_calculator", "complaint_simulator")


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_examples(name):
    module = importlib.import_module(f"crmlab.analysis.{name}")
    names = module.__all__ or [n for n in vars(module) if not n.startswith("_") and callable(getattr(module, n))
                               and getattr(getattr(module, n), "__module__", None) == module.__name__]
    assert names, name
    for n in names:
        obj = getattr(module, n)
        if callable(obj) and not dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
            doc = obj.__doc__ or ""
            assert "Examples\n" in doc and ">>> " in doc and "+SKIP" not in doc, f"{name}.{n}"
            if not isinstance(obj, type):
                assert "Parameters\n" in doc and "Returns\n" in doc, f"{name}.{n}"
        if dataclasses.is_dataclass(obj) and getattr(obj, "__module__", None) == module.__name__:
            # the public methods of model classes that document their arguments show an example too
            for m, meth in vars(obj).items():
                mdoc = getattr(meth, "__doc__", None) or ""
                if callable(meth) and not m.startswith("_") and ("Parameters\n" in mdoc or "Returns\n" in mdoc):
                    assert "Examples\n" in mdoc, f"{name}.{n}.{m}"


def test_survey_model_plots_and_widgets_have_examples():
    pytest.importorskip("ipywidgets")
    from crmlab import plot, survey_model, widgets

    for n in survey_model.__all__:
        if callable(getattr(survey_model, n)):
            assert "Examples\n" in (getattr(survey_model, n).__doc__ or ""), n
    for n in PLOTS:
        assert "Examples\n" in getattr(plot, n).__doc__, n
    for n in WIDGETS:
        assert "Examples\n" in getattr(widgets, n).__doc__, n


def test_no_example_is_skipped():
    """A skipped example is an example nobody runs: the package has none."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[2] / "crmlab"
    skipped = [f"{p.relative_to(root)}:{i}" for p in sorted(root.rglob("*.py"))
               for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if "doctest:" in line and "+SKIP" in line]
    assert not skipped, skipped
