"""Model solutions, read from the lesson they belong to: one copy of each.

A lesson's source (``notebooks/src/NN_<name>.py``, a jupytext "percent" script) holds
the model answer of each of its exercises in a cell tagged ``solution`` that names the
questions it solves::

    # %% tags=["solution"] solves=["q6.a", "q6.b", "q6.c"]
    cac = shop.customers["acquisition_cost"].mean()
    ...

The exercise module of that lesson is ``crmlab.exercises.<name>``; ``q.solution()``
shows the lesson's cell (the one of the session's language when a solution cell is
tagged ``zh`` or ``en``). The lesson sources ship inside the package
(``crmlab/_course/notebooks/src``), so this works wherever crmlab is installed; the
lesson notebooks themselves are built without these cells (``tools/authoring.py``).

The reader below understands exactly the part of the percent format that lessons use
(cell markers with ``[markdown]`` and JSON metadata), so that students need no
jupytext; ``tests/unit/test_solutions.py`` checks that it reads every lesson as jupytext does.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from .._i18n import LOCALES, get_locale
from ..workspace import course_content

__all__: list[str] = []

_MARKER = re.compile(r"^# %%(?P<rest>.*)$")
_META = re.compile(r'(\w+)=(\[[^\]]*\]|"[^"]*")')


@dataclass
class Cell:
    """One cell of a lesson source."""

    cell_type: str
    source: str
    metadata: dict = field(default_factory=dict)

    @property
    def tags(self) -> set:
        return set(self.metadata.get("tags", []))


def lessons_dir() -> Path:
    """The folder of lesson sources of this installation (packaged, or the repository's)."""
    return course_content()[0] / "src"


def read_cells(text: str) -> list[Cell]:
    """The cells of a percent-format script (the jupytext header is skipped).

    Code cells come out as jupytext reads them; Markdown cells keep their ``# `` comment
    marks (only the code of solution cells is needed here).
    """
    lines = text.split("\n")
    start = 0
    if lines and lines[0] == "# ---":
        start = lines.index("# ---", 1) + 1
    cells, current = [], None
    for line in lines[start:]:
        m = _MARKER.match(line)
        if m:
            current = (m["rest"].strip(), [])
            cells.append(current)
        elif current is not None:
            current[1].append(line)
    out = []
    for head, body in cells:
        kind = "code"
        if head.startswith("[markdown]"):
            kind, head = "markdown", head[len("[markdown]"):].strip()
        meta = {key: json.loads(value) for key, value in _META.findall(head)}
        out.append(Cell(kind, "\n".join(body).strip("\n"), meta))
    return out


def lesson_of(module: str) -> Path | None:
    """The lesson source whose exercise module is ``module`` (``crmlab.exercises.crm_and_scrm``).

    The lesson's file is the module's name after the lesson's number: ``01_crm_and_scrm.py``,
    ``00b_pandas_basics.py``.
    """
    name = module.rsplit(".", 1)[-1]
    found = sorted(p for p in lessons_dir().glob(f"*_{name}.py") if re.fullmatch(rf"\d\d[a-z]?_{name}", p.stem))
    return found[0] if found else None


@functools.lru_cache(maxsize=None)
def _solution_cells(path: str) -> tuple:
    cells = read_cells(Path(path).read_text(encoding="utf-8"))
    return tuple(c for c in cells if c.cell_type == "code" and "solution" in c.tags)


def solves(cell: Cell) -> list[str]:
    """The questions a solution cell answers (``solves=["q6.a", ...]``; ``"q6"`` means all its parts)."""
    value = cell.metadata.get("solves", [])
    return [value] if isinstance(value, str) else list(value)


def solution_code(module: str, name: str, locale: str | None = None) -> str:
    """The model solution of question ``name`` (``"q6.a"``) of exercise module ``module``.

    The lesson's solution cells that solve ``name`` (or its whole question, ``"q6"``),
    in lesson order, for ``locale`` (default: the session's); ``""`` when the lesson
    has none.
    """
    path = lesson_of(module)
    if path is None:
        return ""
    locale = locale or get_locale()
    other = set(LOCALES) - {locale}
    parent = name.split(".", 1)[0]
    parts = [c.source.replace("{{LOCALE}}", locale) for c in _solution_cells(str(path))
             if not (c.tags & other) and (name in solves(c) or parent in solves(c))]
    return "\n\n".join(parts)
