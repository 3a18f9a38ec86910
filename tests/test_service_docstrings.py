"""Every public function (and model class) of the service, satisfaction and marketing modules shows a runnable
example: the Examples run as doctests."""

import dataclasses
import doctest
import importlib

import matplotlib
import pytest

matplotlib.use("Agg")

# The analysis modules of service, satisfaction and marketing.
MODULES = ("satisfaction", "questionnaire", "survey_lint", "loyalty", "survival", "campaigns", "experiments",
           "callcenter", "complaints", "service", "text", "quality")
PLOTS = ("funnel_chart", "ab_result", "complaint_timeline", "arrivals_vs_staffing", "ipa_grid")
WIDGETS = ("questionnaire_form", "rfm_explorer", "cohort_explorer", "questionnaire_designer", "points_designer",
           "staffing_calculator", "complaint_simulator")
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _run(tests):
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test)
    return runner.summarize(verbose=False)


def _public(module):
    for n in module.__all__:
        obj = getattr(module, n)
        if callable(obj) and getattr(obj, "__module__", None) == module.__name__:
            yield n, obj


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(f"crmlab.analysis.{name}")
    result = _run(doctest.DocTestFinder().find(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_examples(name):
    module = importlib.import_module(f"crmlab.analysis.{name}")
    for n, obj in _public(module):
        doc = obj.__doc__ or ""
        assert "Examples\n" in doc and ">>> " in doc and "+SKIP" not in doc, f"{name}.{n}"
        if not isinstance(obj, type):
            assert "Parameters\n" in doc and "Returns\n" in doc, f"{name}.{n}"
        elif not dataclasses.is_dataclass(obj):
            continue
        # public methods of the classes too
        for m, meth in vars(obj).items():
            if callable(meth) and not m.startswith("_") and meth.__doc__:
                mdoc = meth.__doc__
                if "Parameters\n" in mdoc or "Returns\n" in mdoc:
                    assert "Examples\n" in mdoc, f"{name}.{n}.{m}"


def test_survey_model_plot_and_widget_examples_run():
    pytest.importorskip("ipywidgets")
    from crmlab import plot, survey_model, widgets

    tests = list(doctest.DocTestFinder().find(survey_model))
    tests += [t for n in PLOTS for t in doctest.DocTestFinder().find(getattr(plot, n), n)]
    tests += [t for n in WIDGETS for t in doctest.DocTestFinder().find(getattr(widgets, n), n)]
    result = _run(tests)
    assert result.failed == 0 and result.attempted >= 40
    for n in survey_model.__all__:
        obj = getattr(survey_model, n)
        if callable(obj):
            assert "Examples\n" in (obj.__doc__ or ""), n
    for n in PLOTS:
        assert "Examples\n" in getattr(plot, n).__doc__, n
    for n in WIDGETS:
        assert "Examples\n" in getattr(widgets, n).__doc__, n
