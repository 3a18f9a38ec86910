"""The labs' catalogues of common mistakes: every entry is recognised and named, and the
model answers pass every check (the checks tested without running a single kernel)."""

from __future__ import annotations

import copy
import functools
from pathlib import Path

import pytest

from crmlab.grading.coursedata import student_shop
from crmlab.grading.trusted import CheckContext, run_check
from crmlab.grading.trusted import load_lab_checks as _load
from crmlab.mistakes import Mistake, diagnose, matches

COURSE = Path(__file__).resolve().parents[2] / "assignments"
LABS = sorted(p.stem for p in (COURSE / "checks").glob("*.py") if not p.stem.startswith("_"))
STUDENT = "2024001"


@functools.cache
def load_lab_checks(course, name):
    """A lab's checks, loaded once (collection asks for each lab several times)."""
    return _load(course, name)


def _labs_with(attr):
    out = []
    for name in LABS:
        lab = load_lab_checks(COURSE, name)
        if getattr(lab, attr, None):
            out.append(name)
    return out


def _on_its_shop(name, *values):
    """A test parameter run on the xdist worker of its lab's student shop, so that each shop is built once."""
    key = load_lab_checks(COURSE, name).shop_key
    return pytest.param(name, *values, marks=pytest.mark.xdist_group(f"mistakes-{key.dataset}-{key.n_customers}"))


_shops: dict = {}
_answers: dict = {}
_contexts: dict = {}


def _ctx(lab):
    """One check context per lab, as the grader has one per student: the reference tables a check caches in it
    (ctx.cached) are computed once, not once per catalogued mistake."""
    key = lab.shop_key
    if key not in _shops:
        _shops.clear()
        _answers.clear()
        _contexts.clear()
        _shops[key] = student_shop(None, STUDENT, key, secret=None)
    if lab.assignment not in _contexts:
        _contexts[lab.assignment] = CheckContext(None, STUDENT, key, secret=None, shop=_shops[key])
    return _contexts[lab.assignment]


def _reference_answers(name, lab, ctx) -> dict:
    """The lab's model answers on its shop, computed once per lab (a deep copy each time: a check must not see what
    another test did to them)."""
    if name not in _answers:
        _answers[name] = lab.reference_answers(ctx)
    return copy.deepcopy(_answers[name])


@pytest.mark.parametrize("name", [_on_its_shop(name) for name in _labs_with("reference_answers")])
def test_model_answers_pass_every_check(name):
    lab = load_lab_checks(COURSE, name)
    ctx = _ctx(lab)
    answers = _reference_answers(name, lab, ctx)
    for gid, check in lab.checks.items():
        if check.probes or check.files:
            continue  # needs a kernel: covered by the lab's grading test
        v = run_check(lab, gid, ctx, {"answers": answers, "errors": {}}, 2.0)
        assert v.score == 2.0, (gid, v.zh, v.en)


CATALOGUE = [_on_its_shop(name, gid, m.code) for name in _labs_with("reference_answers")
             for gid, m in load_lab_checks(COURSE, name).catalogue()]


@pytest.mark.parametrize("name,gid,code", CATALOGUE)
def test_every_catalogued_mistake_is_named(name, gid, code):
    lab = load_lab_checks(COURSE, name)
    check = lab.checks[gid]
    mistake = next(m for m in check.mistakes if m.code == code)
    ctx = _ctx(lab)
    answers = _reference_answers(name, lab, ctx)
    target = mistake.answer or check.answers[0]
    answers[target] = mistake.recompute(ctx)
    v = run_check(lab, gid, ctx, {"answers": answers, "errors": {}}, 2.0)
    assert v.score < 2.0, f"{code}: the mistaken answer passes the check"
    assert v.mistake == code, (code, v.mistake, v.zh)
    assert mistake.zh in v.zh and mistake.en in v.en


def test_every_lab_with_checks_is_listed():
    assert len(LABS) >= 11


def test_diagnose_and_matches_on_plain_values():
    m = Mistake("percent", "写成了百分数", "wrote a percent", "比例在 0 到 1 之间。", "A share lies in 0-1.",
                recompute=lambda ctx: ctx * 100)
    assert matches(0.25, 0.25) and not matches(0.25, 0.26)
    assert diagnose([m], {"share": 25.0}, 0.25, default_answer="share") is m
    assert diagnose([m], {"share": 3.0}, 0.25, default_answer="share") is None
    broken = Mistake("x", "", "", "", "", recompute=lambda ctx: 1 / 0)
    assert diagnose([broken, m], {"share": 25.0}, 0.25, default_answer="share") is m


def test_a_mistake_seen_in_the_answer():
    nan_left = Mistake("nan_left", "留下了 NaN", "left NaN", "补 0。", "Fill with 0.",
                       detect=lambda answer, ctx: answer != answer)
    assert nan_left.applies(float("nan"), None) and not nan_left.applies(1.0, None)
    assert diagnose([nan_left], {"x": float("nan")}, None, default_answer="x") is nan_left
    broken = Mistake("x", "", "", "", "", detect=lambda answer, ctx: 1 / 0)
    assert not broken.applies(1.0, None)
    with pytest.raises(ValueError):
        Mistake("neither", "", "", "", "")
    with pytest.raises(ValueError):
        Mistake("both", "", "", "", "", recompute=lambda ctx: 1, detect=lambda a, ctx: True)


def test_catalogue_page_is_current():
    """docs/instructor/mistakes.md is what tools/mistake_catalogue.py writes (rendered here, in this process: the
    checks and exercises are already loaded)."""
    import importlib.util

    tool = Path(__file__).resolve().parents[2] / "tools" / "mistake_catalogue.py"
    spec = importlib.util.spec_from_file_location("mistake_catalogue", tool)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.PAGE.read_text(encoding="utf-8") == module.render(), \
        "docs/instructor/mistakes.md is stale: run python tools/mistake_catalogue.py"


def test_every_lesson_question_that_computes_from_data_has_a_catalogue():
    """Every value, table and function question of the lessons names the usual mistakes (issue 17); the tests of
    each catalogue are in tests/unit/test_exercise_mistakes_*.py (and the on-ramp's in test_exercises_*)."""
    import importlib
    import pkgutil

    import crmlab.exercises as exercises
    from crmlab.exercises._core import FunctionQuestion, TableQuestion, ValueQuestion

    kinds = (ValueQuestion, TableQuestion, FunctionQuestion)
    found, bare = 0, []
    for info in pkgutil.iter_modules(exercises.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"crmlab.exercises.{info.name}")
        for name, obj in vars(module).items():
            if isinstance(obj, type) and issubclass(obj, kinds) and obj.__module__ == module.__name__:
                found += 1
                if not obj.mistakes:
                    bare.append(f"{info.name}.{name}")
    assert found > 100 and bare == []
