"""Lesson notebooks: built from one source per lesson, in sync, and they run.

Every lesson runs top to bottom twice: as released (blanks get nudges, never an error)
and with the solutions filled in (every check passes).
"""

import sys
from pathlib import Path

import nbformat
import pytest

ROOT = Path(__file__).resolve().parents[1]
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
    from nbclient import NotebookClient

    NotebookClient(nb, timeout=300, kernel_name="python3", resources={"metadata": {"path": str(cwd)}}).execute()
    errors = [o for c in nb.cells if c.cell_type == "code" for o in c.get("outputs", []) if o.output_type == "error"]
    return nb, errors


def _text(nb):
    out = []
    for c in nb.cells:
        for o in c.get("outputs", []):
            out.append(o.get("text", "") + str(o.get("data", {}).get("text/markdown", "")) +
                       str(o.get("data", {}).get("text/plain", "")))
    return "\n".join(out)


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_released_notebook_runs_and_nudges(src, lang, tmp_path):
    nb, errors = _execute(build_notebook(src, lang), tmp_path)
    assert not errors, [(e.ename, e.evalue) for e in errors]
    text = _text(nb)
    assert "✏️" in text  # the blanks got a nudge
    assert "❌" not in text and "Traceback" not in text


@pytest.mark.slow
@pytest.mark.parametrize("lang", LANGS)
@pytest.mark.parametrize("src", SOURCES, ids=lambda p: p.stem)
def test_solved_notebook_passes_every_check(src, lang, tmp_path):
    nb, errors = _execute(build_notebook(src, lang, solved=True), tmp_path)
    assert not errors, [(e.ename, e.evalue) for e in errors]
    text = _text(nb)
    assert "✅" in text and "❌" not in text and "✏️" not in text
