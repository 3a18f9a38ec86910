"""The tests every lesson exercise's mistake catalogue gets (tests/unit/test_exercise_mistakes_*.py).

A catalogue test module names its questions and its SLIPS, ``(question name, mistake code, the student's code)``,
and uses two fixtures: ``lesson_shop`` (the shop the lesson runs on, set up as the lesson does: tests/unit/conftest.py
gives the lessons' own, a module may define another) and ``ns`` (a fresh copy of the lesson's namespace before the
exercise: its imports and the tables earlier cells built). Then::

    (test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
     test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
     test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)

gives the module these tests: each slip, run as a student would write it, is INCORRECT and names its mistake (in
both languages); every catalogued mistake is exercised by a slip, and every question has a catalogue; each model
solution is CORRECT and names no mistake; no mistake matches the right answer on the lesson's shop (else it
could not be told apart from it); and every message reads "看起来你…" / "It looks like you..." with a Chinese fix
that does not hand out the answer's code.
"""

from __future__ import annotations

from types import SimpleNamespace

import pytest

import crmlab
from crmlab import session
from crmlab.exercises import CORRECT, INCORRECT
from crmlab.exercises._core import MultipartQuestion


def questions_of(module) -> dict:
    """Every question of a lesson's exercise module that can carry a catalogue, by name (parts of a multipart
    question under their own names, e.g. ``q2.a``)."""
    out = {}
    for name in module.__all__:
        q = getattr(module, name)
        for part in (q._parts.values() if isinstance(q, MultipartQuestion) else [q]):
            if getattr(part, "mistakes", None) is not None and hasattr(part, "evaluate"):
                out[part.name] = part
    return out


def lesson_session(locale: str = "zh"):
    """For a module fixture: the lesson's shop (the shipped ``lab`` shop) in a fresh session, as the lesson's first
    cell sets it up; the session is reset afterwards."""
    session.reset()
    crmlab.set_locale(locale)
    shop = crmlab.setup(locale=locale, dataset="lab")
    yield shop
    crmlab.set_locale("zh")
    session.reset()


def catalogue_tests(questions, slips):
    """The five tests of a catalogue test module (see the module's docstring). ``questions``: a dict by name (as
    :func:`questions_of` gives) or a list of questions; ``slips``: ``[(question name, code, snippet)]``."""
    if not isinstance(questions, dict):
        questions = {q.name: q for q in questions}
    catalogued = [q for q in questions.values() if q.mistakes]

    @pytest.mark.parametrize("name,code,snippet", slips, ids=[f"{n}-{c}-{i}" for i, (n, c, _) in enumerate(slips)])
    def test_each_slip_gets_its_named_diagnosis(name, code, snippet, ns):
        q = questions[name]
        exec(snippet, ns)
        fb = q.evaluate(ns[q.var])
        assert fb.status == INCORRECT, (name, code, fb.text())
        assert fb.mistake == code, (name, code, fb.mistake, fb.text())
        zh, en = next(m for m in q.mistakes if m.code == code).message()
        assert zh in fb.text("zh") and en in fb.text("en")

    def test_every_catalogued_slip_is_tested():
        assert {(q.name, m.code) for q in catalogued for m in q.mistakes} == {(n, c) for n, c, _ in slips}
        assert {n for n, _, _ in slips} <= set(questions)

    @pytest.mark.parametrize("q", catalogued, ids=lambda q: q.name)
    def test_the_model_solution_is_right_and_names_no_mistake(q, ns):
        exec(q.solution_code, ns)
        fb = q.evaluate(ns[q.var])
        assert fb.status == CORRECT and fb.mistake is None, (q.name, fb.text())

    def test_no_slip_matches_the_right_answer(lesson_shop):
        ctx = SimpleNamespace(shop=lesson_shop)
        for q in catalogued:
            right = q.reference if hasattr(q, "reference") else q.expected(lesson_shop)
            for m in q.mistakes:
                assert not m.applies(right, ctx), (q.name, m.code)

    def test_messages_teach_and_give_no_code_answer():
        for q in catalogued:
            for m in q.mistakes:
                zh, en = m.message()
                assert zh.startswith("看起来你") and en.startswith("It looks like you"), (q.name, m.code)
                assert any("\u4e00" <= ch <= "\u9fff" for ch in m.fix_zh), (q.name, m.code)
                assert q.var is None or f"{q.var} =" not in m.fix_zh + m.fix_en, (q.name, m.code)

    return (test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
            test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
            test_messages_teach_and_give_no_code_answer)
