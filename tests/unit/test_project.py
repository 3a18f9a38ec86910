"""Project-level promises: fast import, light core, one-way imports, conda/pip deps in sync, generated docs current."""

import ast
import functools
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest
import yaml

ROOT = Path(__file__).resolve().parents[2]


def test_import_is_fast_and_light():
    code = ("import time, sys; t = time.perf_counter(); import crmlab; dt = time.perf_counter() - t; "
            "heavy = [m for m in ('pandas', 'numpy', 'scipy', 'sklearn', 'matplotlib', 'ipywidgets', 'nbgrader') "
            "if m in sys.modules]; print(dt, heavy)")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split(" ", 1)
    assert out[1].strip() == "[]"  # nothing heavy at import time, which is what keeps it fast


def test_import_of_the_analysis_package_is_light():
    """``import crmlab.analysis`` loads no topic module: pandas and numpy come with the first name used."""
    code = ("import sys, crmlab.analysis; "
            "print([m for m in ('pandas', 'numpy', 'scipy', 'sklearn', 'matplotlib') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


def test_import_of_the_exercises_package_and_the_mistakes_is_light():
    """``crmlab.exercises`` loads its parts on use: the mistake catalogues (trusted checks) need no pandas to load."""
    code = ("import sys, crmlab.exercises, crmlab.mistakes; "
            "print([m for m in ('pandas', 'numpy', 'matplotlib', 'IPython') if m in sys.modules])")
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout
    assert out.strip() == "[]"


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


# -- imports of crmlab's own modules ---------------------------------------------------------
# Libraries whose import makes a module heavy (slow to import, or an extra a student lacks).
HEAVY = {"numpy", "pandas", "scipy", "sklearn", "statsmodels", "matplotlib", "seaborn", "ipywidgets", "IPython",
         "nbgrader", "nbformat", "nbclient", "jupyter_client", "jupytext"}


# The tests that read every module's imports share one parse: on one xdist worker, so it is made once.
READS_IMPORTS = pytest.mark.xdist_group("crmlab-imports")


@functools.cache  # five tests read the same sources
def _crmlab_imports():
    """{module: [(imported crmlab module or library, imported names, inside a function?, line)]} for crmlab/."""
    pkg = ROOT / "crmlab"
    modules = {}
    for path in sorted(pkg.rglob("*.py")):
        parts = path.relative_to(ROOT).with_suffix("").parts
        name = ".".join(parts[:-1] if parts[-1] == "__init__" else parts)
        tree = ast.parse(path.read_text(encoding="utf-8"))
        parents = {ch: node for node in ast.walk(tree) for ch in ast.iter_child_nodes(node)}

        def in_function(node):
            while node in parents:
                node = parents[node]
                if isinstance(node, ast.FunctionDef | ast.AsyncFunctionDef):
                    return True
            return False

        found = []
        for node in ast.walk(tree):
            if isinstance(node, ast.Import):
                found += [(a.name, [], in_function(node), node.lineno) for a in node.names]
            elif isinstance(node, ast.ImportFrom):
                base = node.module or ""
                if node.level:
                    anchor = name.split(".") if parts[-1] == "__init__" else name.split(".")[:-1]
                    anchor = anchor[:len(anchor) - node.level + 1]
                    base = ".".join(anchor + ([base] if base else []))
                found.append((base, [a.name for a in node.names], in_function(node), node.lineno))
        modules[name] = found
    return modules


def _resolve(modules, base, names):
    """The crmlab modules an import statement loads (``from pkg import submodule`` loads the submodule)."""
    subs = [f"{base}.{n}" for n in names if f"{base}.{n}" in modules]
    return subs or ([base] if base in modules else [])


def _packages_above(module):
    return {".".join(module.split(".")[:i]) for i in range(1, module.count(".") + 1)}


@READS_IMPORTS
def test_crmlab_has_no_import_cycles():
    """Counting the imports inside functions too: a cycle hidden by a late import is still a cycle."""
    modules = _crmlab_imports()
    graph = {}
    for m, imps in modules.items():
        loaded = {t for base, names, _, _ in imps for t in _resolve(modules, base, names)}
        # importing a module runs the __init__ of the packages above it (those above the importer are running)
        loaded |= {p for t in loaded for p in _packages_above(t) if p in modules} - _packages_above(m)
        graph[m] = loaded - {m}
    index, low, stack, on_stack, cycles = {}, {}, [], set(), []

    def visit(v):  # Tarjan's strongly connected components
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in graph[v]:
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            scc = set()
            while True:
                w = stack.pop()
                on_stack.discard(w)
                scc.add(w)
                if w == v:
                    break
            if len(scc) > 1:
                cycles.append(sorted(scc))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    assert not cycles, cycles


@READS_IMPORTS
def test_no_private_name_is_imported_from_another_module():
    """A name shared between modules is public (no leading underscore); private modules may export public names."""
    modules = _crmlab_imports()
    bad = [f"{m}:{line} imports {base}.{n}" for m, imps in modules.items() for base, names, _, line in imps
           if base in modules for n in names
           if n.startswith("_") and not n.startswith("__") and n != "____" and f"{base}.{n}" not in modules]
    assert not bad, bad


@READS_IMPORTS
def test_crmlab_modules_are_imported_at_the_top_unless_that_keeps_a_module_light():
    """An import inside a function is for a light module that needs a heavy one (pandas, matplotlib, nbgrader ...)
    only on use, so that ``import crmlab``, ``import crmlab.analysis`` and the command line stay fast."""
    modules = _crmlab_imports()
    heavy = {m for m, imps in modules.items()
             if any(not inside and base.split(".")[0] in HEAVY for base, _, inside, _ in imps)}
    changed = True
    while changed:  # heavy is whatever imports a heavy module at its top
        changed = False
        for m, imps in modules.items():
            if m not in heavy and any(not inside and set(_resolve(modules, base, names)) & heavy
                                      for base, names, inside, _ in imps):
                heavy.add(m)
                changed = True
    assert {"crmlab", "crmlab.analysis", "crmlab.errors", "crmlab.validation", "crmlab.schema"}.isdisjoint(heavy)
    late = [f"{m}:{line} imports {t} inside a function" for m, imps in modules.items()
            for base, names, inside, line in imps if inside
            for t in _resolve(modules, base, names) if m in heavy or t not in heavy]
    assert not late, late


# The layers of docs/architecture.md, bottom first: a module imports from its own layer and the layers below.
LAYERS = [
    {"crmlab", "crmlab._i18n", "crmlab.errors", "crmlab.validation", "crmlab._vocab", "crmlab._cli_util"},
    {"crmlab.schema", "crmlab.params", "crmlab.simulation", "crmlab.survey_model", "crmlab.io", "crmlab.shop",
     "crmlab.datasets",
     "crmlab.session", "crmlab.workspace", "crmlab.exam"},
    {"crmlab.analysis"},
    {"crmlab.plot"},
    {"crmlab.widgets", "crmlab.exercises", "crmlab.mistakes"},
    {"crmlab.grading"},
    {"crmlab.cli"},
]


def _layer(module):
    parts = module.split(".")
    for key in (".".join(parts[:2]), module):
        for i, layer in enumerate(LAYERS):
            if key in layer:
                return i
    return None


@READS_IMPORTS
def test_every_module_is_in_a_layer_and_imports_only_its_own_and_lower_layers():
    modules = _crmlab_imports()
    assert not [m for m in modules if _layer(m) is None], "add the module to a layer of docs/architecture.md"
    upward = [f"{m}:{line} imports {t}" for m, imps in modules.items() for base, names, _, line in imps
              for t in _resolve(modules, base, names) if _layer(t) > _layer(m)]
    assert not upward, upward
