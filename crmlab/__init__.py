"""crmlab: a Jupyter workbench for e-commerce customer relationship management.

>>> import crmlab
>>> shop = crmlab.load_dataset("classroom")       # a shipped 500-customer shop
>>> shop = crmlab.simulate(2000, random_state=42)         # or a shop of your own

Heavy modules (pandas, numpy, the analysis tools) load on first use, so that
``import crmlab`` stays fast.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

_LAZY = {
    "simulate": "crmlab.simulation",
    "student_seed": "crmlab.validation",
    "Shop": "crmlab.shop",
    "ShopParams": "crmlab.params",
    "load_shop": "crmlab.shop",
    "load_dataset": "crmlab.datasets",
    "get_dataset_names": "crmlab.datasets",
    "setup": "crmlab.session",
    "get_shop": "crmlab.session",
    "set_locale": "crmlab.session",
    "get_locale": "crmlab._i18n",
}
# Submodules reachable as attributes, e.g. crmlab.plot.set_theme(), crmlab.analysis.rfm_summary.
_SUBMODULES = ("schema", "errors", "analysis", "plot", "widgets", "exercises")
__all__ = sorted(_LAZY) + list(_SUBMODULES)


def __getattr__(name):
    if name in _SUBMODULES:
        value = importlib.import_module(f"crmlab.{name}")
    elif name in _LAZY:
        value = getattr(importlib.import_module(_LAZY[name]), name)
    else:
        raise AttributeError(f"module 'crmlab' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY) | set(_SUBMODULES))
