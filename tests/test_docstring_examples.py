"""Every public function (and model class) of the customer-value modules shows a runnable example: the
Examples run as doctests."""

import dataclasses
import doctest
import importlib

import matplotlib
import pytest

matplotlib.use("Agg")

# The analysis modules of customer value and the shared helpers they use.
MODULES = ("rfm", "value", "segmentation", "repurchase", "trends", "lifecycle", "sampling", "correlations", "clv",
           "churn", "mining", "datamart", "kpi", "_tables")
PLOTS = ("rfm_segment_map", "cohort_heatmap", "pareto_curve", "time_series", "date_axis", "date_labels", "chart_locale")
FLAGS = doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS


def _run(tests):
    runner = doctest.DocTestRunner(optionflags=FLAGS)
    for test in tests:
        runner.run(test)
    return runner.summarize(verbose=False)


@pytest.mark.parametrize("name", MODULES)
def test_examples_run(name):
    module = importlib.import_module(f"crmlab.analysis.{name}")
    result = _run(doctest.DocTestFinder().find(module))
    assert result.failed == 0 and result.attempted > 0


@pytest.mark.parametrize("name", MODULES)
def test_every_public_function_has_examples(name):
    module = importlib.import_module(f"crmlab.analysis.{name}")
    names = module.__all__ or [n for n in vars(module) if not n.startswith("_") and callable(getattr(module, n))
                               and getattr(getattr(module, n), "__module__", None) == module.__name__]
    for n in names:
        obj = getattr(module, n)
        if callable(obj) and not dataclasses.is_dataclass(obj) and obj.__module__ == module.__name__:
            doc = obj.__doc__ or ""
            assert "Examples\n" in doc and ">>> " in doc and "+SKIP" not in doc, f"{name}.{n}"
            if not isinstance(obj, type):
                assert "Parameters\n" in doc and "Returns\n" in doc, f"{name}.{n}"


def test_plot_and_validation_examples_run():
    from crmlab import plot, validation

    tests = [t for n in PLOTS for t in doctest.DocTestFinder().find(getattr(plot, n), n)]
    tests += [t for n in ("check_random_state", "check_sklearn_random_state")
              for t in doctest.DocTestFinder().find(getattr(validation, n), n)]
    result = _run(tests)
    assert result.failed == 0 and result.attempted >= 10
