"""Real-browser test: JupyterLab from the project's environment, driven by
Playwright through Debian's headless Chromium.

It starts JupyterLab on 127.0.0.1 (random free port, a token, a temporary root),
opens a notebook, runs all cells, and checks that no cell failed, that a zh chart
rendered as an image, and that the RFM explorer answers a slider moved in the
browser. Screenshots go to ``test-artifacts/``. Every wait is bounded; the server
is stopped at the end.

Chromium: ``/usr/bin/chromium``; when it is missing the set-up runs
``scripts/install_debian_packages.sh`` (apt) as root, and skips with the reason otherwise.
"""

from __future__ import annotations

import json
import os
import secrets
import shutil
import signal
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.browser, pytest.mark.slow, pytest.mark.timeout(600)]

ROOT = Path(__file__).resolve().parents[3]
HERE = Path(__file__).resolve().parent
ARTIFACTS = ROOT / "test-artifacts"
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking",
                 "--disable-component-update", "--disable-sync", "--no-first-run",
                 "--disable-dev-shm-usage"]


def _ensure_chromium() -> str:
    if CHROMIUM.exists():
        return str(CHROMIUM)
    script = ROOT / "scripts" / "install_debian_packages.sh"
    if hasattr(os, "geteuid") and os.geteuid() == 0 and script.exists():
        proc = subprocess.run(["bash", str(script)], capture_output=True, text=True, timeout=900)
        if CHROMIUM.exists():
            return str(CHROMIUM)
        pytest.skip(f"chromium could not be installed by {script.name}: {proc.stderr[-500:]}")
    pytest.skip("/usr/bin/chromium is missing and this user is not root: run "
                "`sudo scripts/install_debian_packages.sh` (apt-get install chromium) to enable the browser test")


def _free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def _widget_notebook() -> Path:
    """A lesson notebook that shows the RFM explorer, else the fixture notebook."""
    for nb in sorted((ROOT / "notebooks" / "zh").glob("*.ipynb")):
        try:
            cells = json.loads(nb.read_text(encoding="utf-8"))["cells"]
        except (OSError, ValueError, KeyError):
            continue
        src = "\n".join("".join(c.get("source", "")) for c in cells if c.get("cell_type") == "code")
        if "rfm_explorer(" in src and "set_theme" in src:
            return nb
    return HERE / "fixture_widgets.ipynb"


@pytest.fixture(scope="module")
def lab(tmp_path_factory):
    """A JupyterLab server on loopback; yields (base url, token, root dir)."""
    _ensure_chromium()
    pytest.importorskip("playwright.sync_api")
    pytest.importorskip("jupyterlab")
    root = tmp_path_factory.mktemp("lab_root")
    home = tmp_path_factory.mktemp("lab_home")
    port, token = _free_port(), secrets.token_hex(16)
    env = {k: v for k, v in os.environ.items() if k != "MPLBACKEND"}  # the kernel draws inline
    env.update({
        "JUPYTER_RUNTIME_DIR": str(home / "runtime"),
        "JUPYTER_CONFIG_DIR": str(home / "config"),
        "JUPYTERLAB_SETTINGS_DIR": str(home / "settings"),
        "JUPYTERLAB_WORKSPACES_DIR": str(home / "workspaces"),
        "IPYTHONDIR": str(home / "ipython"),
        "MPLCONFIGDIR": str(home / "mpl"),
        "PYTHONPATH": os.pathsep.join([str(ROOT), env.get("PYTHONPATH", "")]).rstrip(os.pathsep),
    })
    # no announcement or update checks reaching the network
    settings = home / "settings" / "@jupyterlab" / "apputils-extension"
    settings.mkdir(parents=True)
    (settings / "notification.jupyterlab-settings").write_text(
        json.dumps({"fetchNews": "false", "checkForUpdates": False}))
    # render every cell (no windowing), so every prompt and output is in the page
    nb_settings = home / "settings" / "@jupyterlab" / "notebook-extension"
    nb_settings.mkdir(parents=True)
    (nb_settings / "tracker.jupyterlab-settings").write_text(json.dumps({"windowingMode": "none"}))
    log = (ARTIFACTS / "jupyterlab.log")
    ARTIFACTS.mkdir(exist_ok=True)
    cmd = [sys.executable, "-m", "jupyterlab", "--no-browser", f"--ServerApp.port={port}",
           "--ServerApp.ip=127.0.0.1", "--ServerApp.port_retries=0", f"--IdentityProvider.token={token}",
           f"--ServerApp.root_dir={root}", "--ServerApp.allow_root=True",
           "--LabApp.news_url=", "--ServerApp.terminals_enabled=False"]
    with open(log, "wb") as out:
        proc = subprocess.Popen(cmd, cwd=root, env=env, stdout=out, stderr=subprocess.STDOUT,
                                start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 90
        while True:
            if proc.poll() is not None:
                pytest.fail(f"JupyterLab exited with {proc.returncode}; see {log}")
            try:
                with urllib.request.urlopen(f"{base}/api/status?token={token}", timeout=5) as r:
                    if r.status == 200:
                        break
            except OSError:
                pass
            if time.monotonic() > deadline:
                pytest.fail(f"JupyterLab did not answer within 90 s; see {log}")
            time.sleep(0.5)
        yield base, token, root
    finally:
        try:
            os.killpg(proc.pid, signal.SIGTERM)
            proc.wait(timeout=20)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            try:
                os.killpg(proc.pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
            proc.wait(timeout=10)


@pytest.fixture(scope="module")
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        b = p.chromium.launch(executable_path=_ensure_chromium(), headless=True, args=CHROMIUM_ARGS)
        try:
            yield b
        finally:
            b.close()


def _prompts_done(page) -> bool:
    """No cell queued or running, at least one ran, and the kernel is idle."""
    prompts = page.locator(".jp-NotebookPanel:visible .jp-CodeCell .jp-InputPrompt").all_inner_texts()
    ran = any(any(ch.isdigit() for ch in p) for p in prompts)
    status = page.locator(".jp-StatusBar-Widget, #jp-main-statusbar").first.inner_text()
    return ran and not any("*" in p for p in prompts) and "Idle" in status


def _run_all(page, base, token, root, nb: Path, shot: str) -> list[str]:
    """Open ``nb`` in JupyterLab, run all cells, wait for the end; return stderr outputs."""
    shutil.copy(nb, root / nb.name)
    # a fresh workspace per notebook, so an earlier notebook's tab is not restored
    page.goto(f"{base}/lab/workspaces/{shot}/tree/{nb.name}?token={token}&reset", wait_until="domcontentloaded")
    page.wait_for_selector(".jp-NotebookPanel .jp-Notebook .jp-Cell", timeout=90_000)
    # wait until the kernel is up (the status bar says Idle)
    page.wait_for_function("() => document.body.innerText.includes('Idle')", timeout=90_000)
    page.locator(".lm-MenuBar-itemLabel", has_text="Run").first.click()
    page.locator(".lm-Menu-itemLabel", has_text="Run All Cells").first.click()
    deadline = time.monotonic() + 240
    time.sleep(2)
    while not (_prompts_done(page) and (time.sleep(1.5) or _prompts_done(page))):
        if time.monotonic() > deadline:
            page.screenshot(path=str(ARTIFACTS / f"{shot}_timeout.png"))
            pytest.fail(f"{nb.name} did not finish running within 240 s")
        time.sleep(1)
    page.screenshot(path=str(ARTIFACTS / f"{shot}_after_run.png"))
    panel = page.locator(".jp-NotebookPanel:visible").first
    errors = panel.locator(".jp-OutputArea-output[data-mime-type='application/vnd.jupyter.stderr']").all_inner_texts()
    bad = [e for e in errors if "Traceback" in e or "Error" in e]
    assert not bad, f"{nb.name}: {bad[:2]}"
    body = panel.locator(".jp-Notebook").first.inner_text()
    assert "Error displaying widget" not in body and "Failed to load" not in body
    return errors


def test_lesson_notebook_runs_without_errors(lab, browser):
    lessons = sorted((ROOT / "notebooks" / "zh").glob("*.ipynb"))
    if not lessons:
        pytest.skip("no lesson notebook in notebooks/zh yet")
    base, token, root = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        _run_all(page, base, token, root, lessons[0], "lesson")
    finally:
        page.close()


def test_notebook_runs_renders_zh_chart_and_widget_responds(lab, browser):
    base, token, root = lab
    nb = _widget_notebook()
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    try:
        errors = _run_all(page, base, token, root, nb, "widgets")
        page.wait_for_selector(".crmlab-rfm-explorer", timeout=60_000)

        # the zh chart rendered: an image output, and no missing-glyph warning
        images = page.locator(".jp-OutputArea-output img")
        assert images.count() >= 1
        first = images.first
        first.scroll_into_view_if_needed()
        assert first.evaluate("img => img.naturalWidth") > 200
        assert not any("missing from font" in e for e in errors)
        first.screenshot(path=str(ARTIFACTS / "zh_chart.png"))

        # the widget answers a slider moved in the browser
        explorer = page.locator(".crmlab-rfm-explorer").first
        explorer.scroll_into_view_if_needed()
        explorer.screenshot(path=str(ARTIFACTS / "rfm_explorer_before.png"))
        table = explorer.locator("table.crmlab-table").first
        before = table.inner_text()
        slider = explorer.locator(".widget-slider, .widget-hslider").first
        readout_before = slider.locator(".widget-readout").inner_text()
        handle = slider.locator(".noUi-handle").first
        handle.focus()
        handle.press("ArrowLeft")
        handle.press("ArrowLeft")
        page.wait_for_function(
            "([el, before]) => el.innerText !== before",
            arg=[table.element_handle(), before], timeout=30_000)
        assert table.inner_text() != before
        assert slider.locator(".widget-readout").inner_text() != readout_before
        explorer.screenshot(path=str(ARTIFACTS / "rfm_explorer_after.png"))
    finally:
        try:
            page.screenshot(path=str(ARTIFACTS / "jupyterlab_final.png"))
        finally:
            page.close()


# ----------------------------------------------------------------------------- the lessons' widgets
LESSON_WIDGETS = HERE / "fixture_lesson_widgets.ipynb"


@pytest.fixture(scope="module")
def widgets_page(lab, browser):
    """The lessons' widgets, each called as in its lesson, run once in JupyterLab."""
    base, token, root = lab
    page = browser.new_page(viewport={"width": 1400, "height": 1000})
    page.set_default_timeout(60_000)
    _run_all(page, base, token, root, LESSON_WIDGETS, "lesson_widgets")
    yield page
    page.close()


def _widget(page, css: str):
    box = page.locator(f".{css}").first
    box.wait_for(timeout=60_000)
    box.scroll_into_view_if_needed()
    return box


def _slider(box, label: str):
    return box.locator(".widget-slider").filter(has=box.page.locator(".widget-label", has_text=label)).first


def _press(slider, key: str, times: int):
    handle = slider.locator(".noUi-handle").first
    handle.focus()
    for _ in range(times):
        handle.press(key)


def _chart(box) -> str:
    """The chart as the browser shows it (the PNG's data URL)."""
    img = box.locator("img").first
    img.wait_for(timeout=60_000)
    assert img.evaluate("i => i.naturalWidth") > 300
    return img.get_attribute("src")


def _wait_changed(page, box, before_text: str, before_chart: str | None, what: str):
    """Both the numbers (the status line) and the chart are redrawn after a control moved."""
    status = box.locator(".widget-html").filter(has_text=what).first
    page.wait_for_function("([el, before]) => el.innerText !== before",
                           arg=[status.element_handle(), before_text], timeout=30_000)
    if before_chart is not None:
        page.wait_for_function(
            "([box, before]) => { const img = box.querySelector('img'); return img && img.src !== before; }",
            arg=[box.element_handle(), before_chart], timeout=30_000)
    return status.inner_text()


def _status(box, what: str) -> str:
    return box.locator(".widget-html").filter(has_text=what).first.inner_text()


def test_rfm_explorer_in_the_browser(widgets_page):
    box = _widget(widgets_page, "crmlab-rfm-explorer")
    before, chart = _status(box, "位客户"), _chart(box)
    table = box.locator("table.crmlab-table").first.inner_text()
    _press(_slider(box, "评分等级数"), "ArrowLeft", 2)  # 5 -> 3 score levels
    _wait_changed(widgets_page, box, before, chart, "位客户")
    assert box.locator("table.crmlab-table").first.inner_text() != table
    assert _slider(box, "评分等级数").locator(".widget-readout").inner_text() == "3"
    box.screenshot(path=str(ARTIFACTS / "widget_rfm_explorer.png"))


def test_points_designer_in_the_browser(widgets_page):
    box = _widget(widgets_page, "crmlab-points-designer")
    before, chart = _status(box, "成本占销售额"), _chart(box)
    assert "符合" in box.inner_text() and "✅" not in box.inner_text()
    _press(_slider(box, "每元积分"), "ArrowRight", 10)  # 1.0 -> 2.0 points per CNY
    after = _wait_changed(widgets_page, box, before, chart, "成本占销售额")
    share = [float(t.split("%")[0]) for t in (before.split("成本占销售额")[1], after.split("成本占销售额")[1])]
    assert share[1] > share[0]  # twice the points, a higher cost
    box.screenshot(path=str(ARTIFACTS / "widget_points_designer.png"))


def test_staffing_calculator_in_the_browser(widgets_page):
    box = _widget(widgets_page, "crmlab-staffing-calculator")
    before, chart = _status(box, "话务量"), _chart(box)
    _press(_slider(box, "坐席数"), "ArrowRight", 3)  # 5 -> 8 agents
    _wait_changed(widgets_page, box, before, chart, "话务量")
    status = box.locator(".widget-html").filter(has_text="话务量").first
    widgets_page.wait_for_function("el => el.innerText.includes('8 个坐席')", arg=status.element_handle(),
                                   timeout=30_000)
    assert "5 个坐席" in before
    box.screenshot(path=str(ARTIFACTS / "widget_staffing_calculator.png"))


def test_complaint_simulator_in_the_browser(widgets_page):
    box = _widget(widgets_page, "crmlab-complaint-simulator")
    before, chart = _status(box, "平均回复用时"), _chart(box)
    _press(_slider(box, "回复 ×"), "ArrowLeft", 10)  # replies twice as fast
    after = _wait_changed(widgets_page, box, before, chart, "平均回复用时")

    def hours(text):
        return float(text.split("平均回复用时")[1].split("小时")[0])

    assert hours(after) < hours(before)
    box.screenshot(path=str(ARTIFACTS / "widget_complaint_simulator.png"))


def test_survey_form_in_the_browser(widgets_page):
    form = widgets_page.locator(".jp-OutputArea-output .widget-vbox").filter(
        has=widgets_page.locator(".widget-button", has_text="提交")).last
    form.wait_for(timeout=60_000)
    form.scroll_into_view_if_needed()
    submit = form.locator(".widget-button", has_text="提交").first
    submit.click()
    status = form.locator(".widget-html").last
    widgets_page.wait_for_function("el => el.innerText.includes('必答题')", arg=status.element_handle(),
                                   timeout=30_000)
    missing_before = status.inner_text()
    form.locator(".widget-radio-box label").first.click()  # answer the first question
    submit.click()
    widgets_page.wait_for_function("([el, before]) => el.innerText !== before",
                                   arg=[status.element_handle(), missing_before], timeout=30_000)
    assert len(status.inner_text()) < len(missing_before)  # one required question fewer
    form.screenshot(path=str(ARTIFACTS / "widget_survey_form.png"))
