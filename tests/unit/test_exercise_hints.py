"""Hints teach: from a nudge, to the method, to a worked example on other data, never the student's answer.

For every auto-checked question of every exercise module, no hint contains the expression the
lesson's model solution assigns to the question's variable (or returns, for a function): the
hints may show the method and the same method on other data or other numbers, not the answer.
Lesson 07's Erlang C exercise gives the formula as a worked example, not as the second hint.
"""

from __future__ import annotations

import ast
import importlib
import pkgutil
import re

import pytest

import crmlab
import crmlab.exercises
from crmlab.exercises._core import ChoiceQuestion, MultipartQuestion, ReflectionQuestion


def _questions():
    out = []
    for info in pkgutil.iter_modules(crmlab.exercises.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"crmlab.exercises.{info.name}")
        for name in module.__all__:
            q = getattr(module, name)
            parts = list(q._parts.values()) if isinstance(q, MultipartQuestion) else [q]
            out += [(info.name, p) for p in parts if not isinstance(p, (ChoiceQuestion, ReflectionQuestion))
                    and hasattr(p, "hints")]
    return out


QUESTIONS = _questions()


def _norm(text: str) -> str:
    """Code compared without spaces, brackets and quote style (`ast.unparse` adds brackets of its own)."""
    return re.sub(r"[\s()]+", "", text).replace("'", '"')


def _answers(q) -> list[str]:
    """What the model solution assigns to the question's variable, or what its function computes and returns."""
    out = []
    for node in ast.walk(ast.parse(q.solution_code)):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                base = target.value if isinstance(target, ast.Subscript) else target
                if isinstance(base, ast.Name) and base.id == q.var:
                    out.append(ast.unparse(node.value))
        if isinstance(node, ast.FunctionDef) and node.name == q.var:
            out += [ast.unparse(n.value) for n in ast.walk(node)
                    if isinstance(n, (ast.Return, ast.Assign)) and n.value is not None]
    return [a for a in map(_norm, out) if len(a) > 6]


@pytest.fixture(autouse=True)
def _zh():
    crmlab.set_locale("zh")
    yield
    crmlab.set_locale("zh")


def test_every_question_with_hints_is_walked():
    assert len(QUESTIONS) > 100
    assert sum(1 for _, q in QUESTIONS if _answers(q)) > 90, "the model solutions are found"


@pytest.mark.parametrize("mq", QUESTIONS, ids=lambda mq: f"{mq[0]}.{mq[1].name}")
def test_no_hint_gives_the_answer(mq):
    _, q = mq
    answers = _answers(q)
    for zh, en in q.hints:
        for text in (zh, en):
            hint = _norm(text)
            for answer in answers:
                assert answer not in hint, (q.name, answer, text)


def test_erlang_c_hints_go_from_traffic_to_the_method_to_a_worked_example():
    from crmlab.analysis import erlang_c
    from crmlab.exercises import call_center

    hints = call_center.q3.hints
    assert len(hints) == 3
    assert "A^N" not in hints[1][0] and "N/(N" not in hints[1][0].replace(" ", "")
    assert "4/9" in hints[2][0] and "4/9" in hints[2][1]
    assert erlang_c(40, 180, 3) == pytest.approx(4 / 9)  # the worked example: A = 40 × 180 / 3600 = 2, N = 3
