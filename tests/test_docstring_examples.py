"""Every public function (and model class) of the customer-value modules shows a runnable example.

The Examples themselves run as doctests with the rest of the package's (`make doctest`: pytest
--doctest-modules crmlab, part of `make test`); this test makes sure they are there.
"""

import dataclasses
import importlib

import pytest

# The analysis modules of customer value and the shared helpers they use.
MODULES = ("rfm", "value", "segmentation", "repurchase", "trends", "lifecycle", "sampling", "correlations", "clv",
           "churn", "mining", "datamart", "kpi", "_tables")


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


def test_no_example_is_skipped():
    """A skipped example is an example nobody runs: the package has none."""
    from pathlib import Path

    root = Path(__file__).resolve().parents[1] / "crmlab"
    skipped = [f"{p.relative_to(root)}:{i}" for p in sorted(root.rglob("*.py"))
               for i, line in enumerate(p.read_text(encoding="utf-8").splitlines(), 1)
               if "doctest:" in line and "+SKIP" in line]
    assert not skipped, skipped
