"""Lesson notebooks: built from one source per lesson, in sync, and they run.

Every lesson runs top to bottom twice: as released (blanks get nudges, never an error)
and with the solutions filled in (every check passes). The same runs show what a
student sees on the charts (tests/support/chart_audit.py): a Chinese notebook's charts are in
Chinese with glyphs the bundled font has, an English notebook's in English, and no
cell prints a warning. The runs use warm kernels (tests/support/warm_kernels.py): forks of a
server that has imported the scientific stack once per test worker.
"""

import re
import sys
from dataclasses import dataclass
from pathlib import Path

import nbformat
import pytest
from support import warm_kernels
from support.chart_audit import chart_problems, kernel_setup, read_records

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tools"))
from authoring import LANGS, build_notebook, read_source, sources  # noqa: E402
SOURCES = sources(ROOT / "notebooks" / "src")


def test_there_are_lessons():
    assert any(s.stem == "00_start_here" for s in SOURCES)


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_built_notebooks_are_in_sync_with_their_source(src):
    nb = read_source(src)
    for lang in LANGS:
        built = nbformat.read(ROOT / "notebooks" / lang / f"{src.stem}.ipynb", as_version=4)
        assert built == build_notebook(nb, lang), f"notebooks/{lang}/{src.stem}.ipynb is stale: run `make notebooks`"


@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_every_prose_cell_exists_in_both_languages(src):
    nb = read_source(src)
    tagged = [set(c.metadata.get("tags", [])) & set(LANGS) for c in nb.cells if c.cell_type == "markdown"]
    assert sum("zh" in t for t in tagged) == sum("en" in t for t in tagged) > 0
    assert all(t for t in tagged), "every Markdown cell must be tagged zh or en"
    zh = build_notebook(nb, "zh")
    assert any("\u4e00" <= ch <= "\u9fff" for c in zh.cells if c.cell_type == "markdown" for ch in c.source)
    en = build_notebook(nb, "en")
    title = next(c.source for c in en.cells if c.cell_type == "markdown")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in title)


def _execute(nb, cwd):
    # a warm kernel (a fork of a server that has imported the scientific stack once) where the platform has them
    warm_kernels.execute(nb, cwd, timeout=300)
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


def _text(nb):
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            out.append(o.get("text", "") + str(o.get("data", {}).get("text/markdown", "")) +
                       str(o.get("data", {}).get("text/plain", "")))
    return "\n".join(out)


@dataclass
class Run:
    """What one execution of a lesson showed: errors, the text of the outputs, what cells
    wrote to stderr (warnings), and the text drawn on every chart, per cell."""
    errors: list
    text: str
    stderr: list[str]
    charts: list[dict]


_RUNS: dict[tuple[str, str, bool], Run] = {}


def _run(src, lang, solved, tmp_path_factory) -> Run:
    """Execute a lesson once per test session: the four tests below read the same run (under xdist, on the worker of
    its group, see `_runs`)."""
    key = (src.stem, lang, solved)
    if key not in _RUNS:
        cwd = tmp_path_factory.mktemp(f"{src.stem}_{lang}_{'solved' if solved else 'released'}")
        charts = tmp_path_factory.mktemp("charts") / "charts.jsonl"
        nb = build_notebook(src, lang, solved=solved)
        nb.cells.insert(0, nbformat.v4.new_code_cell(kernel_setup(charts)))  # records the charts' text
        nb, errors = _execute(nb, cwd)
        stderr = [f"{c.source.splitlines()[0][:60]!r}: {o.text[:300]}" for c in nb.cells if c.cell_type == "code"
                  for o in c.get("outputs", []) if o.output_type == "stream" and o.name == "stderr"]
        _RUNS[key] = Run(errors, _text(nb), stderr, read_records(charts))
    return _RUNS[key]


def _runs(*variants):
    """One parameter per execution of a lesson: (lesson, language, released or solved). The tests that read the same
    execution share an xdist group, so that it runs once, on one worker."""
    return [pytest.param(src, lang, solved, id=f"{src.stem}-{lang}-{'solved' if solved else 'released'}",
                         marks=pytest.mark.xdist_group(f"lesson-{src.stem}-{lang}-{'solved' if solved else 'released'}"))
            for src in SOURCES for lang in LANGS for solved in variants]


@pytest.mark.slow
@pytest.mark.parametrize(("src", "lang", "solved"), _runs(False))
def test_released_notebook_runs_and_nudges(src, lang, solved, tmp_path_factory):
    run = _run(src, lang, solved, tmp_path_factory)
    assert not run.errors, [(e.ename, e.evalue) for e in run.errors]
    assert "✏️" in run.text  # the blanks got a nudge
    assert "❌" not in run.text and "Traceback" not in run.text


@pytest.mark.slow
@pytest.mark.parametrize(("src", "lang", "solved"), _runs(True))
def test_solved_notebook_passes_every_check(src, lang, solved, tmp_path_factory):
    run = _run(src, lang, solved, tmp_path_factory)
    assert not run.errors, [(e.ename, e.evalue) for e in run.errors]
    assert "✅" in run.text and "❌" not in run.text and "✏️" not in run.text


@pytest.mark.slow
@pytest.mark.parametrize(("src", "lang", "solved"), _runs(False, True))
def test_charts_speak_the_notebooks_language(src, lang, solved, tmp_path_factory):
    """zh: no English word (units and the field's abbreviations aside) and no glyph the bundled
    font lacks on any chart; en: no Chinese in a chart's own words."""
    run = _run(src, lang, solved, tmp_path_factory)
    assert run.charts or not _draws(src), "the lesson draws charts, but none was recorded"
    problems = chart_problems(run.charts, lang)
    assert not problems, problems


@pytest.mark.slow
@pytest.mark.parametrize(("src", "lang", "solved"), _runs(False, True))
def test_no_cell_prints_a_warning(src, lang, solved, tmp_path_factory):
    run = _run(src, lang, solved, tmp_path_factory)
    assert not run.stderr, run.stderr
    assert not warm_kernels.preload_warnings(), "importing the lessons' modules warns"


def _draws(src) -> bool:
    """Whether the lesson's code draws a chart (the theme set-up alone draws none)."""
    drawing = r"\.plot(\.\w+)?\(|plot\.(?!set_theme)\w+\(|plt\.|widgets\.\w+\("
    return re.search(drawing, src.read_text(encoding="utf-8")) is not None
