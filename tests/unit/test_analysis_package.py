"""crmlab.analysis: one namespace over the topic modules, cheap to import."""

import importlib
import subprocess
import sys

import crmlab.analysis as A


def test_public_names_are_unique_and_reachable():
    names = A.public_names()
    assert len(names) == len(set(names)), sorted({n for n in names if names.count(n) > 1})
    for name in names:
        assert getattr(A, name) is not None
    for must in ("rfm_summary", "rfm_segments", "BetaGeoModel", "association_rules", "erlang_c", "agents_needed",
                 "Questionnaire", "PointsScheme", "nps", "cronbach_alpha", "complaint_retention", "build_data_mart",
                 "kpi_table", "cohort_retention", "ab_test_proportions", "gini"):
        assert must in names, must


def test_every_topic_module_has_numpydoc_docstrings():
    for mod in A._MODULES:
        try:
            module = importlib.import_module(f"crmlab.analysis.{mod}")
        except ModuleNotFoundError:
            continue
        for name in module.__all__:
            obj = getattr(module, name)
            if callable(obj) and not isinstance(obj, dict):
                assert obj.__doc__ and len(obj.__doc__.strip()) > 20, f"{mod}.{name} needs a docstring"


def test_topic_modules_import_without_heavy_libraries():
    code = ("import sys, importlib, crmlab.analysis as A\n"
            "for m in A._MODULES:\n"
            "    try: importlib.import_module('crmlab.analysis.' + m)\n"
            "    except ModuleNotFoundError: pass\n"
            "print([m for m in ('sklearn', 'statsmodels', 'jieba', 'matplotlib', 'ipywidgets') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_star_import_gives_every_public_name():
    ns = {}
    exec("from crmlab.analysis import *", ns)
    assert set(A.public_names()) <= set(ns)
