"""Analysis tools of the course, a module per topic; public names are importable
from ``crmlab.analysis`` directly (``from crmlab.analysis import rfm_summary``).

Modules load on first use, so that importing the package stays fast.
"""

from __future__ import annotations

import importlib

# Topic modules, in the order of the course.
_MODULES = (
    "rfm", "value", "segmentation", "repurchase", "trends", "lifecycle", "sampling", "correlations", "clv", "churn",
    "mining", "datamart",
    "questionnaire", "survey_lint", "satisfaction", "loyalty", "survival", "campaigns", "experiments", "service",
    "text", "reply_rules", "complaints", "callcenter", "kpi", "quality",
)


def _find(name):
    for mod in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{mod}":
                continue  # topic not written yet
            raise
        if name in getattr(module, "__all__", ()):
            return getattr(module, name)
    raise AttributeError(f"crmlab.analysis has no attribute {name!r}")


def __getattr__(name):
    if name == "__all__":  # `from crmlab.analysis import *` loads every topic
        return public_names()
    if name.startswith("__"):
        raise AttributeError(name)
    value = _find(name)
    globals()[name] = value
    return value


def public_names() -> list[str]:
    """Every public name of every topic module (imports them all)."""
    names = []
    for mod in _MODULES:
        try:
            module = importlib.import_module(f"{__name__}.{mod}")
        except ModuleNotFoundError as exc:
            if exc.name == f"{__name__}.{mod}":
                continue
            raise
        names += list(getattr(module, "__all__", ()))
    return names


def __dir__():
    return sorted(set(globals()) | set(public_names()))
