"""Build the Chinese and English lesson notebooks from one source each.

A lesson's single source is a jupytext "percent" script in ``notebooks/src/``. Cells
are shared by both languages unless tagged:

* ``zh`` / ``en``: the cell belongs to that language only (Markdown prose, or a code
  cell whose comments or labels differ);
* ``solution``: a model answer, left out of the student notebooks and kept in the
  *solved* build that CI executes to prove every check passes. It names the questions
  it answers, ``# %% tags=["solution"] solves=["q6.a", "q6.b"]``: this cell is the one
  copy of their model solution, which ``q.solution()`` shows (see
  :mod:`crmlab.exercises._lessons`);
* ``{{LOCALE}}`` in any cell is replaced by ``zh`` or ``en``.

``python tools/authoring.py [lesson-name-prefix ...]`` (``make notebooks``) writes
``notebooks/zh/*.ipynb`` and ``notebooks/en/*.ipynb``; tests/integration/test_notebooks.py fails
when they drift from the sources. Nobody edits the ``.ipynb`` files by hand. This is an
authoring tool (it needs jupytext, an instructor's extra), not part of the package.
"""

from __future__ import annotations

import sys
from pathlib import Path

import jupytext
import nbformat

from crmlab.validation import check_choice

LANGS = ("zh", "en")
ROOT = Path(__file__).resolve().parents[1]
SRC = ROOT / "notebooks" / "src"
KERNELSPEC = {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}


def read_source(path):
    """Read a percent-format source into a notebook (jupytext)."""
    return jupytext.read(path, fmt="py:percent")


def build_notebook(source, lang: str, *, solved: bool = False):
    """One language's notebook from a source notebook (or a path to one).

    Parameters
    ----------
    source : str, Path or NotebookNode
        The percent-format source, or a notebook already read.
    lang : {"zh", "en"}
        The language to keep.
    solved : bool, default=False
        Keep the ``solution`` cells (for CI), instead of leaving them out.

    Returns
    -------
    nbformat.NotebookNode
        A clean notebook: no outputs, no execution counts, stable cell ids.
    """
    check_choice("lang", lang, LANGS)
    nb = read_source(source) if isinstance(source, str | Path) else source
    other = "en" if lang == "zh" else "zh"
    cells = []
    for cell in nb.cells:
        tags = set(cell.metadata.get("tags", []))
        if other in tags or ("solution" in tags and not solved):
            continue
        text = cell.source.replace("{{LOCALE}}", lang)
        meta = {"tags": sorted(tags - set(LANGS))} if tags - set(LANGS) else {}
        if cell.cell_type == "markdown":
            new = nbformat.v4.new_markdown_cell(text, metadata=meta)
        else:
            new = nbformat.v4.new_code_cell(text, metadata=meta)
        new.id = f"c{len(cells):03d}"
        cells.append(new)
    out = nbformat.v4.new_notebook(cells=cells)
    out.metadata = {"kernelspec": KERNELSPEC, "language_info": {"name": "python"},
                    "crmlab": {"lang": lang, "solved": solved}}
    return out


def sources(src_dir: Path = SRC) -> list[Path]:
    return sorted(Path(src_dir).glob("[0-9]*.py"))


def build_all(src_dir: Path = SRC, out_dir: Path | None = None, *, solved: bool = False,
              only: list[str] | None = None) -> list[Path]:
    """Write every lesson (or those whose names start with one of ``only``) in both
    languages; returns the written paths."""
    out_dir = Path(out_dir or Path(src_dir).parent)
    written = []
    for src in sources(src_dir):
        if only and not any(src.stem.startswith(o) for o in only):
            continue
        nb = read_source(src)
        for lang in LANGS:
            target = out_dir / lang / f"{src.stem}.ipynb"
            target.parent.mkdir(parents=True, exist_ok=True)
            nbformat.write(build_notebook(nb, lang, solved=solved), target)
            written.append(target)
    return written


if __name__ == "__main__":  # python tools/authoring.py [lesson-name-prefix ...]
    for path in build_all(only=sys.argv[1:] or None):
        print(path.relative_to(ROOT) if path.is_relative_to(ROOT) else path, file=sys.stdout)
