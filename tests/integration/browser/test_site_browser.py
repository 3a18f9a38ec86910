"""The JupyterLite edition in a real browser (headless Chromium driven by Playwright).

The site is built with a local Pyodide and served on 127.0.0.1; every request to any
other host is refused by Chromium and recorded, so the tests also prove the offline bundle needs
no internet.

- Always (when Chromium and npm can be had): the landing page, the JupyterLab page
  listing the course, a page whose Pyodide files are missing saying so in Chinese and
  English, and the Pyodide kernel starting from a local copy of the core
  runtime (npm ``pyodide``, completed with the pure-Python wheels the kernel loads at
  start, downloaded once from PyPI into ``build/cache/``) and running a cell; crmlab
  installing from the bundled wheel, reading its shipped data, a widget rendering.
- With ``CRMLAB_PYODIDE_DIR`` pointing at a full Pyodide distribution: a whole lesson
  runs in the browser (crmlab installs from the bundled wheel, every cell runs, a
  check passes, a widget renders). Without it that test is skipped, saying why.
"""

from __future__ import annotations

import functools
import hashlib
import http.server
import json
import os
import shutil
import subprocess
import sys
import threading
import urllib.parse
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow]

ROOT = Path(__file__).resolve().parents[3]
CACHE = ROOT / "build" / "cache"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = [
    "--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
    "--disable-sync", "--no-first-run",
    # nothing but the local test server can be reached
    "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
]
# packages the kernel loads from the Pyodide distribution when it starts
KERNEL_PACKAGES = ("micropip", "ipython", "jedi")

sys.path.insert(0, str(ROOT / "tools"))
import build_site  # noqa: E402


# ------------------------------------------------------------ fixtures


def _pyodide_version() -> str:
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    return PYODIDE_VERSION


def core_runtime() -> Path:
    """npm's Pyodide core runtime plus the pure-Python wheels the kernel needs at start.

    The npm package carries only the runtime (pyodide.mjs, the wasm, the standard
    library, the lock file); the kernel also loads micropip, IPython and jedi from the
    distribution. Their pure-Python wheels come from PyPI at the versions the lock file
    names, and the lock's hashes are updated to the downloaded files.
    """
    version = _pyodide_version()
    core = CACHE / f"pyodide-core-{version}"
    if (core / ".complete").is_file():
        return core
    npm_dir = CACHE / "pyodide-npm"
    pkg = npm_dir / "node_modules" / "pyodide"
    if not (pkg / "pyodide.mjs").is_file():
        npm = shutil.which("npm")
        if npm is None:
            pytest.skip("npm is not installed: cannot fetch the Pyodide core runtime (npm install pyodide)")
        npm_dir.mkdir(parents=True, exist_ok=True)
        run = subprocess.run([npm, "install", "--no-audit", "--no-fund", "--prefix", str(npm_dir), f"pyodide@{version}"],
                             capture_output=True, text=True)
        if run.returncode != 0 or not (pkg / "pyodide.mjs").is_file():
            pytest.skip(f"npm install pyodide@{version} failed: {run.stderr[-500:]}")
    if core.exists():
        shutil.rmtree(core)
    core.mkdir(parents=True)
    for f in pkg.iterdir():
        if f.is_file() and not f.name.endswith((".map", ".d.ts", ".html", ".md")):
            shutil.copy2(f, core / f.name)
    lock = json.loads((core / "pyodide-lock.json").read_text(encoding="utf-8"))
    # "depends" and the keys spell some names differently (prompt_toolkit / prompt-toolkit)
    packages = {build_site.normalize(k): v for k, v in lock["packages"].items()}
    pins, stack = {}, list(KERNEL_PACKAGES)
    while stack:
        name = build_site.normalize(stack.pop())
        if name in pins or name not in packages:
            continue
        pins[name] = packages[name]
        stack.extend(packages[name]["depends"])
    reqs = [f"{p['name']}=={p['version']}" for p in pins.values()]
    run = subprocess.run(
        [sys.executable, "-m", "pip", "download", "--quiet", "--no-deps", "--only-binary=:all:",
         "--python-version", lock["info"]["python"].rsplit(".", 1)[0], "--dest", str(core), *reqs],
        capture_output=True, text=True,
    )
    if run.returncode != 0:
        pytest.skip(f"could not download the kernel's wheels from PyPI: {run.stderr[-500:]}")
    for p in pins.values():
        wheel = core / p["file_name"]
        assert wheel.is_file(), f"pip gave no {p['file_name']}"
        p["sha256"] = hashlib.sha256(wheel.read_bytes()).hexdigest()
    (core / "pyodide-lock.json").write_text(json.dumps(lock), encoding="utf-8")
    (core / ".complete").write_text(version, encoding="utf-8")
    return core


class _Handler(http.server.SimpleHTTPRequestHandler):
    extensions_map = {
        **http.server.SimpleHTTPRequestHandler.extensions_map,
        ".wasm": "application/wasm", ".mjs": "text/javascript", ".js": "text/javascript",
        ".json": "application/json", ".whl": "application/octet-stream", ".ipynb": "application/json",
    }

    def log_message(self, *args):  # keep the test output quiet
        pass


def serve(directory: Path):
    handler = functools.partial(_Handler, directory=str(directory))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    return server, f"http://127.0.0.1:{server.server_address[1]}"


@pytest.fixture(scope="module")
def browser():
    if not CHROMIUM.exists():
        script = ROOT / "scripts" / "install_debian_packages.sh"
        if script.exists():
            subprocess.run(["bash", str(script)], capture_output=True)
    if not CHROMIUM.exists():
        pytest.skip("Chromium is not installed (/usr/bin/chromium; scripts/install_debian_packages.sh installs it)")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=str(CHROMIUM), headless=True, args=CHROMIUM_ARGS)
        yield b
        b.close()


def _build(tmp_path_factory, name: str, pyodide_dir: Path) -> Path:
    out = tmp_path_factory.mktemp(name) / "site"
    build_site.build(out, out.with_name("site-src"), pyodide_dir)
    return out


@pytest.fixture(scope="module")
def core_build(tmp_path_factory, browser):
    return _build(tmp_path_factory, "core", core_runtime())


@pytest.fixture(scope="module")
def core_site(core_build):
    server, url = serve(core_build)
    yield url
    server.shutdown()


@pytest.fixture(scope="module")
def site_without_pyodide(core_build, tmp_path_factory):
    """The same site with its Pyodide files gone, as on a server where they were not copied."""
    out = tmp_path_factory.mktemp("no_pyodide") / "site"
    shutil.copytree(core_build, out, ignore=lambda folder, names: names if folder.endswith("static/pyodide") else [])
    assert not any((out / "static" / "pyodide").iterdir())
    server, url = serve(out)
    yield url
    server.shutdown()


def new_page(browser, base_url):
    """A page whose requests to hosts other than the local server are recorded.

    Chromium itself cannot reach them: it is launched with every host name but
    127.0.0.1 resolving to nothing (``--host-resolver-rules``). Playwright's request
    routing is not used: it stops JupyterLite from starting.
    """
    context = browser.new_context()
    outside: list[str] = []
    context.on("request", lambda r: outside.append(r.url)
               if not r.url.startswith((base_url, "data:", "blob:")) else None)
    page = context.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda e: errors.append(str(e)))
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    return context, page, outside, errors


# ------------------------------------------------------------ tests


def test_landing_page_in_zh_and_en(browser, core_site):
    context, page, outside, _ = new_page(browser, core_site)
    page.goto(core_site + "/index.html")
    assert "课程笔记本" in page.inner_text("#zh")
    assert "Lesson notebooks" in page.inner_text("#en")
    links = page.eval_on_selector_all("a", "els => els.map(e => e.getAttribute('href'))")
    assert "lab/index.html?path=zh/00_start_here.ipynb" in links
    assert "lab/index.html?path=en/00_start_here.ipynb" in links
    assert outside == []
    context.close()


def test_jupyterlab_lists_the_course(browser, core_site):
    context, page, outside, errors = new_page(browser, core_site)
    page.goto(core_site + "/lab/index.html")
    listing = page.locator(".jp-DirListing-itemText")
    listing.filter(has_text="README.md").first.wait_for(timeout=60_000)
    names = set(listing.all_inner_texts())
    assert {"zh", "en", "labs", "data", "README.md"} <= names, names
    page.goto(core_site + "/lab/index.html?path=zh/00_start_here.ipynb")
    # the site copy of a lesson starts with the cell that installs crmlab from the bundled wheel
    page.locator(".jp-Notebook .jp-Cell").first.filter(has_text="piplite.install").wait_for(timeout=60_000)
    assert outside == [], outside
    context.close()


def test_pyodide_kernel_runs_a_cell_from_the_local_core_runtime(browser, core_site):
    context, page, outside, errors = new_page(browser, core_site)
    requested: list[str] = []
    page.on("request", lambda r: requested.append(r.url))
    page.goto(core_site + "/repl/index.html?kernel=python&toolbar=1&code=print(40%20%2B%202)")
    out = page.locator(".jp-OutputArea-output").filter(has_text="42")
    try:
        out.first.wait_for(timeout=150_000)
    except Exception:
        raise AssertionError(f"no output from the kernel; outside requests={outside}; console errors={errors[-10:]}")
    assert any(u.endswith("/static/pyodide/pyodide.asm.wasm") for u in requested)
    assert page.locator("#crmlab-kernel-problem").count() == 0  # a kernel that starts raises no alarm
    assert outside == [], outside
    context.close()


def test_a_site_whose_pyodide_cannot_load_says_so_in_zh_and_en(browser, site_without_pyodide):
    """Instead of a first cell at [*] forever: the page says that Python cannot start, and what to do."""
    context, page, outside, errors = new_page(browser, site_without_pyodide)
    page.goto(site_without_pyodide + "/lab/index.html?path=zh/00_start_here.ipynb")
    box = page.locator("#crmlab-kernel-problem")
    try:
        box.wait_for(timeout=120_000)
    except Exception:
        raise AssertionError(f"no message about Pyodide; console errors={errors[-10:]}")
    assert box.get_attribute("data-kind") == "failed"
    text = box.inner_text()
    assert "Python 运行环境（Pyodide）无法加载" in text and "could not be loaded" in text
    assert "static/pyodide" in text and "make site" in text  # the bundle is broken: who fixes it, and how
    assert "crmlab lab" in text  # the way out: the course on the student's own computer
    assert "pyodide.mjs" in text  # the error itself, for the teacher
    page.locator("#crmlab-kernel-problem .crmlab-reload").wait_for()
    assert outside == [], outside
    context.close()


def test_crmlab_installs_from_the_bundled_wheel_and_reads_its_data(browser, core_site):
    """In real Pyodide: the installer cell's call resolves crmlab and the dependencies the
    distribution lacks from the site's own wheels (the PyPI fallback is off), the shipped
    shop is read from the installed package with the standard library's sqlite3, and an
    ipywidgets slider renders.
    (numpy & co. are not in the core runtime, so they are missing here, and only here.)"""
    context, page, outside, errors = new_page(browser, core_site)
    code = "\n".join([
        "import piplite, micropip, sqlite3",
        'await piplite.install("crmlab")',
        "import crmlab, crmlab.datasets",
        'path = crmlab.datasets.dataset_path("classroom")',
        "con = sqlite3.connect(path)",
        'n = con.execute("select count(*) from customers").fetchone()[0]',
        "have = sorted(micropip.list())",
        'print("RESULT", crmlab.__version__, n, str(path).startswith("/lib/python3"), have)',
        "import ipywidgets",
        "ipywidgets.IntSlider(value=3)",
    ])
    page.goto(core_site + "/repl/index.html?kernel=python&code=" + urllib.parse.quote(code))
    out = page.locator(".jp-OutputArea-output").filter(has_text="RESULT")
    try:
        out.first.wait_for(timeout=150_000)
    except Exception:
        raise AssertionError(f"no result; outside requests={outside}; console errors={errors[-10:]}")
    text = out.first.text_content()
    assert "RESULT 0.1.0 500 True" in text, text
    for name in ("crmlab", "jieba", "seaborn", "ipywidgets", "jupyterlab-widgets", "comm"):
        assert f"'{name}'" in text, (name, text)
    # the bundled ipywidgets talk to the site's widget front end: a slider is drawn
    page.locator(".jp-OutputArea-output .widget-slider").first.wait_for(timeout=60_000)
    assert outside == [], outside
    context.close()


def test_a_whole_lesson_runs_in_the_browser(browser, tmp_path_factory):
    full = os.environ.get("CRMLAB_PYODIDE_DIR")
    if not full:
        pytest.skip("CRMLAB_PYODIDE_DIR is not set: running a whole lesson needs the full Pyodide distribution "
                    "(numpy, pandas, matplotlib, scikit-learn), which neither npm nor PyPI carries")
    from authoring import build_all

    # the solved build of the lessons, so that every check has an answer to pass
    solved = tmp_path_factory.mktemp("solved")
    build_all(out_dir=solved, solved=True)
    out = tmp_path_factory.mktemp("full") / "site"
    build_site.build(out, out.with_name("site-src"), Path(full), notebooks=solved)
    server, url = serve(out)
    try:
        context, page, outside, errors = new_page(browser, url)
        page.goto(url + "/lab/index.html?path=en/00_start_here.ipynb")
        page.locator(".jp-Notebook .jp-Cell").first.filter(has_text="piplite.install").wait_for(timeout=120_000)
        page.locator(".jp-Notebook").first.click()
        page.get_by_role("menuitem", name="Run", exact=True).click()
        page.get_by_text("Run All Cells", exact=True).click()
        # the run is over when no cell shows [*] any more and the last code cell has a count,
        # or a cell failed (the Pyodide kernel sends tracebacks on stderr). textContent, not
        # innerText: JupyterLab hides the cells outside the view.
        page.wait_for_function(
            """() => {
                const prompts = [...document.querySelectorAll('.jp-CodeCell .jp-InputArea-prompt')]
                    .map(e => e.textContent);
                const failed = [...document.querySelectorAll('.jp-OutputArea-output')]
                    .some(e => e.textContent.includes('Traceback'));
                return prompts.length > 0 && !prompts.some(t => t.includes('*'))
                       && (failed || /\\[\\d+\\]/.test(prompts[prompts.length - 1]));
            }""",
            timeout=900_000,
        )
        outputs = page.evaluate(
            "[...document.querySelectorAll('.jp-OutputArea-output')].map(e => e.textContent)")
        assert not [o for o in outputs if "Traceback" in o], [o for o in outputs if "Traceback" in o][:2]
        assert "Correct" in page.locator(".jp-Notebook").first.text_content()
        # a widget renders: the same kernel set-up in the console
        page.goto(url + "/repl/index.html?kernel=python&code=" + urllib.parse.quote(
            'import piplite\nawait piplite.install("crmlab")\nimport ipywidgets\nipywidgets.IntSlider(value=3)'))
        page.locator(".jp-OutputArea-output .widget-slider, .jp-OutputArea-output .jupyter-widgets").first.wait_for(
            timeout=600_000)
        assert outside == [], outside
        context.close()
    finally:
        server.shutdown()
