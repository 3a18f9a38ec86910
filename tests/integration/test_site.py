"""The JupyterLite edition: tools/build_site.py builds offline a complete site.

The browser half (the site served on 127.0.0.1, opened in headless Chromium, the
Pyodide kernel running a cell) is in tests/integration/browser/test_site_browser.py.
"""

from __future__ import annotations

import base64
import hashlib
import json
import os
import re
import subprocess
import sys
import textwrap
import zipfile
from pathlib import Path

import pytest

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402

pytest.importorskip("jupyterlite_core")
pytest.importorskip("jupyterlite_pyodide_kernel")

# Installed through PYTHONPATH into every Python process of the build (pip, jupyter lite):
# any connection or name lookup of a host other than this machine is logged and refused.
NO_NETWORK = textwrap.dedent(
    """
    import os, sys

    _LOG = os.environ["CRMLAB_NETWORK_LOG"]
    _LOCAL = {"127.0.0.1", "localhost", "::1", "", None}

    def _guard(event, args):
        host = None
        if event == "socket.connect":
            address = args[1]
            if isinstance(address, tuple):
                host = address[0]
        elif event == "socket.getaddrinfo":
            host = args[0]
        else:
            return
        if isinstance(host, bytes):
            host = host.decode()
        if host not in _LOCAL:
            with open(_LOG, "a") as f:
                f.write(f"{event} {host} from {' '.join(sys.argv)[:200]}\\n")
            raise OSError(f"network access to {host} refused by the offline-build test")

    sys.addaudithook(_guard)
    """
)


def offline_env(tmp: Path) -> tuple[dict, Path]:
    guard = tmp / "guard"
    guard.mkdir(exist_ok=True)
    (guard / "sitecustomize.py").write_text(NO_NETWORK, encoding="utf-8")
    log = tmp / "network.log"
    log.write_text("", encoding="utf-8")
    env = dict(os.environ)
    env.update(
        PYTHONPATH=os.pathsep.join([str(guard), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
        CRMLAB_NETWORK_LOG=str(log),
        PIP_NO_INDEX="1",
        http_proxy="http://127.0.0.1:9", https_proxy="http://127.0.0.1:9",
        HTTP_PROXY="http://127.0.0.1:9", HTTPS_PROXY="http://127.0.0.1:9",
    )
    env.pop("PYODIDE_DIR", None)
    return env, log


def run_build(tmp: Path, *extra: str) -> tuple[subprocess.CompletedProcess, Path, str]:
    env, log = offline_env(tmp)
    out = tmp / "site"
    result = subprocess.run(
        [sys.executable, str(ROOT / "tools" / "build_site.py"), "--out", str(out), *extra],
        env=env, capture_output=True, text=True, cwd=ROOT,
    )
    return result, out, log.read_text(encoding="utf-8")


def source_notebooks() -> list[str]:
    rels = [f"{lang}/{p.name}" for lang in ("zh", "en") for p in sorted((ROOT / "notebooks" / lang).glob("*.ipynb"))]
    labs = ROOT / "assignments" / "release"
    rels += ["labs/" + p.relative_to(labs).as_posix() for p in sorted(labs.rglob("*.ipynb"))
             if not any(part.startswith(".") for part in p.relative_to(labs).parts)] if labs.is_dir() else []
    return rels


def source_path(rel: str) -> Path:
    if rel.startswith("labs/"):
        return ROOT / "assignments" / "release" / rel.removeprefix("labs/")
    return ROOT / "notebooks" / rel


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The published edition (Pyodide from the CDN), built with the network refused."""
    tmp = tmp_path_factory.mktemp("site")
    before = {rel: source_path(rel).read_bytes() for rel in source_notebooks()}
    result, out, network = run_build(tmp)
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    return {"out": out, "network": network, "before": before, "stdout": result.stdout}


def test_the_network_guard_itself_refuses_and_logs(tmp_path):
    env, log = offline_env(tmp_path)
    run = subprocess.run([sys.executable, "-c", "import socket; socket.getaddrinfo('pypi.org', 443)"],
                         env=env, capture_output=True, text=True)
    assert run.returncode != 0 and "refused by the offline-build test" in run.stderr
    assert "pypi.org" in log.read_text()


def test_build_makes_no_network_calls(site):
    assert site["network"] == ""


def test_every_notebook_is_in_the_site_with_the_installer_first(site):
    rels = source_notebooks()
    assert "zh/00_start_here.ipynb" in rels and "en/00_start_here.ipynb" in rels
    for rel in rels:
        src = json.loads(source_path(rel).read_text(encoding="utf-8"))
        copy = json.loads((site["out"] / "files" / rel).read_text(encoding="utf-8"))
        first = copy["cells"][0]
        assert first["cell_type"] == "code" and build_site.INSTALL_TAG in first["metadata"]["tags"], rel
        assert 'await piplite.install("crmlab")' in "".join(first["source"])
        assert [c["source"] for c in copy["cells"][1:]] == [c["source"] for c in src["cells"]], rel
        assert copy["metadata"]["kernelspec"]["name"] == "python"  # the Pyodide kernel's name
    # the repository's notebooks are untouched: the installer exists only in the site copies
    for rel, data in site["before"].items():
        assert source_path(rel).read_bytes() == data


def test_installer_cell_is_valid_python_and_a_no_op_outside_the_browser():
    source = (ROOT / "site" / "install_cell.py").read_text(encoding="utf-8")
    import ast
    import asyncio
    import inspect

    # top-level await, as IPython and the Pyodide kernel allow it
    code = compile(source, "install_cell", "exec", flags=ast.PyCF_ALLOW_TOP_LEVEL_AWAIT)
    namespace: dict = {}
    result = eval(code, namespace)  # sys.platform is not "emscripten" here: nothing is installed
    if inspect.iscoroutine(result):
        asyncio.run(result)
    assert "piplite" not in namespace


def _record_ok(wheel: Path) -> None:
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        record_name = next(n for n in names if n.endswith(".dist-info/RECORD"))
        rows = [line.split(",") for line in zf.read(record_name).decode().splitlines() if line]
        listed = {r[0] for r in rows}
        assert set(names) == listed, wheel.name
        for name, digest, size in rows:
            if name == record_name:
                continue
            data = zf.read(name)
            expect = "sha256=" + base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
            assert digest == expect and int(size) == len(data), (wheel.name, name)
        wheel_meta = zf.read(record_name.replace("RECORD", "WHEEL")).decode()
        assert "Root-Is-Purelib: true" in wheel_meta and "Tag: py3-none-any" in wheel_meta


def test_wheels_are_indexed_for_piplite(site):
    out = site["out"]
    index = json.loads((out / "pypi" / "all.json").read_text(encoding="utf-8"))
    for name in ("crmlab", *[build_site.normalize(n) for n in build_site.PURE_WHEELS]):
        (version, releases), = index[name]["releases"].items()
        wheel = out / "pypi" / releases[0]["filename"]
        assert wheel.is_file() and wheel.name.endswith("-py3-none-any.whl")
        assert releases[0]["digests"]["sha256"] == hashlib.sha256(wheel.read_bytes()).hexdigest()
        _record_ok(wheel)
    lite = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = lite["litePluginSettings"][build_site.KERNEL_PLUGIN]
    assert kernel["pipliteUrls"][0].startswith("./pypi/all.json")
    # published edition: Pyodide and its packages from the public CDN (the kernel's default)
    assert "pyodideUrl" not in kernel and kernel["disablePyPIFallback"] is False


def test_the_wheel_carries_the_data_and_the_site_the_files(site):
    out = site["out"]
    wheel = next((out / "pypi").glob("crmlab-*.whl"))
    with zipfile.ZipFile(wheel) as zf:
        for sqlite in sorted((ROOT / "datasets").glob("*.sqlite")):
            assert zf.read(f"crmlab/_datasets/{sqlite.name}") == sqlite.read_bytes()
            assert (out / "files" / "data" / sqlite.name).read_bytes() == sqlite.read_bytes()
    contents = json.loads((out / "api" / "contents" / "all.json").read_text(encoding="utf-8"))
    assert {"zh", "en", "data", "README.md"} <= {c["name"] for c in contents["content"]}


def test_front_end_has_widgets_and_kernel_but_no_server_only_extensions(site):
    lite = json.loads((site["out"] / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    names = {e["name"] for e in lite["federated_extensions"]}
    assert {"@jupyter-widgets/jupyterlab-manager", "@jupyterlite/pyodide-kernel-extension"} <= names
    assert not names & {"@jupyter/nbgrader", "jupyterlab-jupytext"}
    assert (site["out"] / "extensions" / "@jupyter-widgets" / "jupyterlab-manager" / "package.json").is_file()


def test_every_lite_page_first_loads_the_pyodide_watch(site):
    """When Pyodide cannot start the page says so (tests/integration/browser/test_site_browser.py sees it happen)."""
    out = site["out"]
    for app in ("lab", "notebooks", "repl"):
        page = (out / app / "index.html").read_text(encoding="utf-8")
        tag = f'<script src="../{build_site.KERNEL_WATCH}"></script>'
        assert tag in page and page.index(tag) < page.index("config-utils.js"), app  # before JupyterLab loads
    script = (out / build_site.KERNEL_WATCH).read_text(encoding="utf-8")
    assert '{"offline": false, "timeoutSeconds": 240}' in script  # the CDN edition: advice about the network
    assert "__CRMLAB_SETTINGS__" not in script
    assert "Python 运行环境（Pyodide）无法加载" in script and "could not be loaded" in script
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', script)


def test_landing_page_in_zh_and_en_links_every_lesson(site):
    page = (site["out"] / "index.html").read_text(encoding="utf-8")
    assert 'id="zh"' in page and 'id="en"' in page and "课程笔记本" in page and "Lesson notebooks" in page
    for rel in source_notebooks():
        assert f'href="lab/index.html?path={rel}"' in page, rel
    # JupyterLite's pages read their settings from the root page
    assert 'id="jupyter-config-data"' in page and 'data-jupyter-lite-root="."' in page
    # nothing loaded from elsewhere: the page must work offline
    assert not re.findall(r'(?:src|href)="(?:https?:)?//', page)
    readme = (site["out"] / "files" / "README.md").read_text(encoding="utf-8")
    assert "## 中文" in readme and "## English" in readme


def test_crmlab_from_the_wheel_loads_data_without_threads_or_processes(site, tmp_path):
    """What Pyodide allows: no threads, no subprocesses; data read from the installed package."""
    target = tmp_path / "target"
    wheel = next((site["out"] / "pypi").glob("crmlab-*.whl"))
    subprocess.run([sys.executable, "-m", "pip", "install", "--quiet", "--no-deps", "--no-index",
                    "--target", str(target), str(wheel)], check=True)
    code = textwrap.dedent(
        f"""
        import os, subprocess, threading, multiprocessing, warnings
        def forbidden(*args, **kwargs):
            raise RuntimeError("threads and processes do not exist in Pyodide")
        threading.Thread.start = forbidden
        subprocess.Popen.__init__ = forbidden
        multiprocessing.Process.start = forbidden
        os.fork = forbidden
        os.posix_spawn = forbidden
        os.chdir({str(tmp_path)!r})  # far from the checkout's datasets/
        import crmlab
        assert crmlab.__file__.startswith({str(target)!r}), crmlab.__file__
        shop = crmlab.load_dataset("classroom")
        assert len(shop.customers) == 500 and len(shop.orders) > 0
        import crmlab.datasets
        assert str(crmlab.datasets.dataset_path("classroom")).startswith({str(target)!r})
        print("ok", len(shop.orders))
        """
    )
    env = dict(os.environ, PYTHONPATH=str(target), MPLBACKEND="Agg")
    run = subprocess.run([sys.executable, "-c", code], env=env, capture_output=True, text=True)
    assert run.returncode == 0, run.stderr[-3000:]
    assert run.stdout.startswith("ok")


def test_offline_bundle_points_the_kernel_at_the_local_pyodide(tmp_path):
    """--pyodide-dir copies the runtime, sets pyodideUrl and disables the PyPI fallback, from a clean start."""
    fake = tmp_path / "pyodide"
    fake.mkdir()
    lock = {"info": {"version": "0.0-test", "python": "3.14.2"},
            "packages": {"micropip": {"name": "micropip", "version": "0.11.1", "file_name": "micropip-0.11.1-py3-none-any.whl",
                                      "depends": [], "sha256": "0" * 64}}}
    (fake / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    for name in ("pyodide.mjs", "pyodide.js", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide.asm.mjs"):
        (fake / name).write_bytes(b"// stand-in for the test\n")
    (fake / "micropip-0.11.1-py3-none-any.whl").write_bytes(b"stand-in")
    # a stale incremental state in the lite dir must not survive
    work = tmp_path / "site-src"
    (work / ".cache").mkdir(parents=True)
    (work / ".cache" / "stale").write_text("x")
    (work / ".jupyterlite.doit.db").write_text("x")
    result, out, network = run_build(tmp_path, "--pyodide-dir", str(fake))
    assert result.returncode == 0, result.stdout[-3000:] + result.stderr[-3000:]
    assert network == ""
    assert not (work / ".cache" / "stale").exists()
    lite = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))["jupyter-config-data"]
    kernel = lite["litePluginSettings"][build_site.KERNEL_PLUGIN]
    assert kernel["pyodideUrl"] == "./static/pyodide/pyodide.mjs"
    assert kernel["disablePyPIFallback"] is True
    for name in ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json",
                 "micropip-0.11.1-py3-none-any.whl"):
        assert (out / "static" / "pyodide" / name).read_bytes() == (fake / name).read_bytes()
    # the stand-in lacks numpy & co.: the builder says so instead of failing silently later
    assert "no wheels for" in result.stdout and "numpy" in result.stdout
    assert "needs no internet" in (out / "index.html").read_text(encoding="utf-8")
    assert '{"offline": true, "timeoutSeconds": 120}' in (out / build_site.KERNEL_WATCH).read_text(encoding="utf-8")


def test_a_folder_that_is_not_pyodide_is_refused(tmp_path):
    (tmp_path / "empty").mkdir()
    result, _, _ = run_build(tmp_path, "--pyodide-dir", str(tmp_path / "empty"))
    assert result.returncode != 0
    assert "is not a Pyodide distribution" in result.stderr and "pyodide.mjs" in result.stderr
