"""Project-level promises: fast import, light core, conda/pip deps in sync, generated docs current."""

import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[1]


def test_import_is_fast_and_light():
    code = ("import time, sys; t = time.perf_counter(); import crmlab; dt = time.perf_counter() - t; "
            "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'sklearn', 'matplotlib', 'ipywidgets', 'nbgrader') "
            "if m in sys.modules]; print(dt, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert out[1].strip() == "[]"  # nothing heavy at import time, which is what keeps it fast


def test_core_modules_import_no_jupyter_package():
    code = ("import sys, crmlab, crmlab.simulation, crmlab.io, crmlab.schema, crmlab.datasets; "
            "print([m for m in ('ipywidgets', 'nbgrader', 'jupyterlab', 'IPython', 'matplotlib', 'sklearn') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def _norm(req: str) -> str:
    return re.split(r"[<>=!~ \[;]", req, maxsplit=1)[0].lower().replace("_", "-")


def test_environment_yml_matches_pyproject():
    """environment.yml is the student's conda environment: the core and the `lab` extra."""
    project = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    wanted = {_norm(r) for r in project["dependencies"]} | {_norm(r) for r in project["optional-dependencies"]["lab"]}
    env = yaml.safe_load((ROOT / "environment.yml").read_text())
    have = set()
    for dep in env["dependencies"]:
        if isinstance(dep, dict):
            have |= {_norm(r) for r in dep.get("pip", []) if not r.startswith("-")}
        elif not dep.startswith(("python", "pip")):
            have.add(_norm(dep))
    assert have == wanted, f"only in environment.yml: {have - wanted}; only in pyproject.toml: {wanted - have}"


def test_data_dictionary_is_current():
    from crmlab.schema import data_dictionary

    assert (ROOT / "docs" / "data_dictionary.md").read_text(encoding="utf-8") == data_dictionary(), \
        "docs/data_dictionary.md is stale: run `make docs`"


def test_one_tables_dictionary_in_a_notebook():
    import crmlab
    from crmlab.errors import CRMLabError
    from crmlab.schema import get_table, table_dictionary

    zh = table_dictionary("orders", "zh")
    assert list(zh.columns) == ["column", "type", "meaning", "references"]
    assert list(zh["column"]) == get_table("orders").column_names
    row = zh.set_index("column").loc["customer_id"]
    assert row["references"] == "customers.customer_id" and row["meaning"] == "客户编号"
    shop = crmlab.load_dataset("classroom")
    assert shop.dictionary("orders", "en").set_index("column").loc["amount", "meaning"] == "amount paid (CNY)"
    with pytest.raises(CRMLabError):
        table_dictionary("order")
    with pytest.raises(ValueError):
        table_dictionary("orders", "fr")


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    ci = (ROOT / ".ci" / "run").read_text()
    assert "make test" in readme and "make lab" in readme
    assert "make test" in ci


def test_simulation_doc_lists_every_parameter():
    from crmlab.params import ShopParams

    doc = (ROOT / "docs" / "simulation.md").read_text(encoding="utf-8")
    assert ShopParams.describe() in doc, "docs/simulation.md parameter table is stale"
