"""crmlab: a Jupyter workbench for e-commerce customer relationship management.

>>> import crmlab
>>> shop = crmlab.load_dataset("classroom")       # a shipped 500-customer shop
>>> shop = crmlab.simulate(2000, seed=42)         # or a shop of your own

Heavy modules (pandas, numpy, the analysis tools) load on first use, so that
``import crmlab`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "simulate": "crmlab.simulation",
    "student_seed": "crmlab.simulation",
    "Shop": "crmlab.shop",
    "ShopParams": "crmlab.params",
    "load_shop": "crmlab.io",
    "load_dataset": "crmlab.datasets",
    "get_dataset_names": "crmlab.datasets",
    "setup": "crmlab.session",
    "get_shop": "crmlab.session",
    "set_locale": "crmlab._i18n",
    "get_locale": "crmlab._i18n",
    "schema": "crmlab.schema",
    "errors": "crmlab.errors",
}
__all__ = sorted(_LAZY)


def __getattr__(name):
    if name in _LAZY:
        module = importlib.import_module(_LAZY[name])
        value = module if module.__name__.endswith("." + name) and name in ("schema", "errors") else getattr(module, name)
        globals()[name] = value
        return value
    raise AttributeError(f"module 'crmlab' has no attribute {name!r}")


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
