"""One exercise module per lesson, named after it; each model solution written once, in the lesson.

``q.solution()`` reads the lesson's solution cells (``tags=["solution"] solves=[...]``)
with a small reader of the percent format that students can run without jupytext. These
tests keep the two from drifting: every question has its solution in its lesson, no
question carries a copy of its own, and the reader reads the lessons as jupytext does.
That the solutions are right is proved by running the solved lessons
(tests/integration/test_notebooks.py) and by the exercise tests.
"""

from __future__ import annotations

import importlib
import pkgutil
import re
import tomllib
from pathlib import Path

import jupytext
import pytest

import crmlab
import crmlab.exercises as E
from crmlab import session
from crmlab.exercises import _lessons
from crmlab.exercises._core import MultipartQuestion, Question

ROOT = Path(__file__).resolve().parents[2]
SRC = ROOT / "notebooks" / "src"
LESSONS = sorted(SRC.glob("[0-9]*.py"))  # as tools/authoring.py finds them
MODULES = sorted(m.name for m in pkgutil.iter_modules(E.__path__) if not m.name.startswith("_"))


def _imported(lesson: Path) -> list[str]:
    return re.findall(r"^from crmlab\.exercises\.(\w+) import \*$", lesson.read_text(encoding="utf-8"), flags=re.M)


def _questions(module) -> dict:
    """Every question of a module and every part, by name (``q6``, ``q6.a`` ...)."""
    out = {}
    for name in module.__all__:
        q = getattr(module, name)
        if isinstance(q, Question):
            out[q.name] = q
            if isinstance(q, MultipartQuestion):
                out.update({p.name: p for p in q._parts.values()})
    return out


@pytest.fixture(autouse=True)
def _zh():
    crmlab.set_locale("zh")
    yield
    crmlab.set_locale("zh")


def test_every_exercise_module_is_named_after_the_lesson_it_serves():
    lessons = {p.stem.split("_", 1)[1]: p for p in LESSONS}
    assert MODULES and set(MODULES) <= set(lessons), set(MODULES) - set(lessons)
    for name, lesson in lessons.items():
        imported = _imported(lesson)
        assert len(imported) <= 1, (lesson.name, imported)  # one module of exercises per lesson
        if name in MODULES:
            assert imported == [name], (lesson.name, imported)
        for module in imported:
            assert module in MODULES and _lessons.lesson_of(f"crmlab.exercises.{module}").name in {
                p.name for p in LESSONS}
    # each module knows its lesson
    for module in MODULES:
        assert _lessons.lesson_of(f"crmlab.exercises.{module}") == lessons[module]


def test_no_question_carries_its_own_copy_of_a_solution():
    core = {MultipartQuestion, *Question.__subclasses__(), Question}
    for module in MODULES:
        mod = importlib.import_module(f"crmlab.exercises.{module}")
        for q in _questions(mod).values():
            for cls in type(q).__mro__:
                if cls not in core and cls is not object:
                    assert "solution_code" not in vars(cls), f"{module}.{cls.__name__}: the lesson holds the solution"
            assert q.module == mod.__name__


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_solution_cell_solves_questions_of_its_lesson(lesson):
    cells = _lessons.read_cells(lesson.read_text(encoding="utf-8"))
    solution_cells = [c for c in cells if "solution" in c.tags]
    assert solution_cells
    (module,) = _imported(lesson)
    known = _questions(importlib.import_module(f"crmlab.exercises.{module}"))
    for cell in solution_cells:
        ids = _lessons.solves(cell)
        assert ids, f"{lesson.name}: a solution cell without solves=[...]:\n{cell.source[:200]}"
        assert set(ids) <= set(known), (lesson.name, set(ids) - set(known))


@pytest.mark.parametrize("module", MODULES)
def test_every_question_has_its_solution_in_its_lesson(module):
    mod = importlib.import_module(f"crmlab.exercises.{module}")
    for name, q in _questions(mod).items():
        if isinstance(q, MultipartQuestion):
            continue
        for locale in ("zh", "en"):
            assert _lessons.solution_code(mod.__name__, name, locale), f"{module}.{name} ({locale}) has no solution"
        assert re.search(rf"\b{q.var}\b", q.solution_code), (module, name, q.var)  # it sets what check() reads


def test_a_solution_repeated_in_another_lesson_is_the_same():
    """00_start_here shows the first exercise of lesson 01: the same code, or it would drift."""
    for lesson in LESSONS:
        (module,) = _imported(lesson)
        own = _lessons.lesson_of(f"crmlab.exercises.{module}")
        if own == lesson:
            continue
        for cell in _lessons.read_cells(lesson.read_text(encoding="utf-8")):
            if "solution" in cell.tags:
                for name in _lessons.solves(cell):
                    assert cell.source == _lessons.solution_code(f"crmlab.exercises.{module}", name), \
                        f"{lesson.name}: the solution of {name} differs from {own.name}'s"


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_the_reader_reads_lessons_as_jupytext_does(lesson):
    mine = _lessons.read_cells(lesson.read_text(encoding="utf-8"))
    theirs = jupytext.read(lesson, fmt="py:percent").cells
    assert [c.cell_type for c in mine] == [c.cell_type for c in theirs]
    for a, b in zip(mine, theirs, strict=True):
        assert a.metadata == {k: v for k, v in b.metadata.items() if k in ("tags", "solves")}
        if a.cell_type == "code":
            assert a.source == b.source


def test_solution_shows_the_lesson_cell_in_the_session_language(capsys):
    from crmlab.exercises import crm_and_scrm, customer_satisfaction

    session.reset()
    crmlab.setup()
    crm_and_scrm.q1.solution()
    assert "n_customers = len(shop.customers)" in capsys.readouterr().out
    crm_and_scrm.q6.solution()  # three parts, one cell: shown once
    assert capsys.readouterr().out.count("saving = n_lapsed * cac") == 1
    zh = customer_satisfaction.q4.solution_code
    crmlab.set_locale("en")
    en = customer_satisfaction.q4.solution_code
    assert zh != en and "language: en" in en and "language: zh" in zh
    crm_and_scrm.q8.solution()  # a reflection: the points a good answer makes, no sample text
    out = capsys.readouterr().out
    assert "cites the repeat rate" in out and "```" not in out
    session.reset()


def test_the_lesson_sources_ship_in_the_package():
    build = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["tool"]["hatch"]["build"]
    assert build["targets"]["wheel"]["force-include"]["notebooks/src"] == "crmlab/_course/notebooks/src"
    assert _lessons.lessons_dir().resolve() == SRC.resolve()  # from a checkout: the repository's sources
