"""Every choice question explains every wrong option.

Walks every choice question of every exercise module (the parts of multi-part questions
too): each wrong option has its own explanation, in Chinese and in English, that is not
the generic "think again" and does not name the right letter or repeat the right option.
Questions whose right option is computed from the shop (``expected(shop)``) compute
their explanations too, with the option's own figures: checked on two student shops.
"""

from __future__ import annotations

import doctest
import importlib
import pkgutil
import re

import pytest

import crmlab
import crmlab.exercises
from crmlab import session
from crmlab.exercises import INCORRECT, _core
from crmlab.exercises._core import ChoiceQuestion, MultipartQuestion

STUDENTS = ("2024001", "2024002")
GENERIC = ("再想想", "think again")
HAN = re.compile(r"[\u4e00-\u9fff]")


def _choice_questions():
    out = []
    for info in pkgutil.iter_modules(crmlab.exercises.__path__):
        if info.name.startswith("_"):
            continue
        module = importlib.import_module(f"crmlab.exercises.{info.name}")
        for name in module.__all__:
            q = getattr(module, name)
            parts = list(q._parts.values()) if isinstance(q, MultipartQuestion) else [q]
            out += [(info.name, p) for p in parts if isinstance(p, ChoiceQuestion)]
    return out


QUESTIONS = _choice_questions()
DATA = [(m, q) for m, q in QUESTIONS if type(q).expected is not ChoiceQuestion.expected]
FIXED = [(m, q) for m, q in QUESTIONS if type(q).expected is ChoiceQuestion.expected]
ID = lambda mq: f"{mq[0]}.{mq[1].name}"  # noqa: E731


@pytest.fixture(scope="module")
def shops():
    session.reset()
    out = [crmlab.setup(student_id=s) for s in STUDENTS]
    yield out
    session.reset()


@pytest.fixture(autouse=True)
def _zh():
    crmlab.set_locale("zh")
    yield
    crmlab.set_locale("zh")


def _right(q, shop) -> set:
    want = q.expected(shop)
    return set(want) if q.multiple else {want}


def _names_letter(text: str, letter: str) -> bool:
    """Does ``text`` name option ``letter``? Not the article "A" opening a sentence, nor "A/B" or "Q&A"."""
    text = text.replace("A/B", "")
    for m in re.finditer(rf"(?<![A-Za-z0-9_/&]){letter}(?![A-Za-z0-9_/&])", text):
        before, after = text[:m.start()].rstrip(), text[m.end():]
        article = letter == "A" and (not before or before[-1] in ".:;!?") and re.match(r" [a-z]", after)
        if not article:
            return True
    return False


def _assert_specific(q, letter, text, right):
    assert text is not None, f"{q.name}: option {letter} has no explanation"
    zh, en = text
    where = f"{q.name} option {letter}"
    assert len(zh) >= 8 and HAN.search(zh), where
    assert len(en) >= 20 and not HAN.search(en), where
    for generic in GENERIC:
        assert generic not in zh and generic not in en, where
    for good in right:
        assert not _names_letter(zh, good) and not _names_letter(en, good), (where, good, zh, en)
        good_zh, good_en = q.options[good]
        assert good_zh not in zh and good_en not in en, (where, "repeats the right option", zh, en)


def test_the_walk_finds_every_choice_question():
    assert len(QUESTIONS) >= 50
    assert {ID(mq) for mq in DATA} >= {"crm_and_scrm.q5", "customer_analysis.q6", "new_customer_acquisition.q3",
                                        "customer_service.q5", "complaint_handling.q3", "customer_satisfaction.q5",
                                        "customer_satisfaction.q2.b", "online_market_research.q4"}


@pytest.mark.parametrize("mq", FIXED, ids=ID)
def test_every_wrong_option_of_a_fixed_question_is_explained(mq, shops):
    _, q = mq
    right = _right(q, shops[0])
    texts = {}
    for letter in q.options:
        if letter not in right:
            texts[letter] = q.explain(letter, shops[0])
            _assert_specific(q, letter, texts[letter], right)
    assert len({zh for zh, _ in texts.values()}) == len(texts), f"{q.name}: each wrong option has its own text"
    assert len({en for _, en in texts.values()}) == len(texts), f"{q.name}: each wrong option has its own text"


@pytest.mark.parametrize("mq", DATA, ids=ID)
def test_every_wrong_option_of_a_data_question_is_explained_with_its_figures(mq, shops):
    _, q = mq
    for shop in shops:
        right = _right(q, shop)
        for letter in q.options:
            if letter in right:
                continue
            text = q.explain(letter, shop)
            _assert_specific(q, letter, text, right)
            assert re.search(r"\d", text[0]) or "没有" in text[0], (q.name, letter, "the option's own figure")


@pytest.mark.parametrize("mq", QUESTIONS, ids=ID)
def test_a_wrong_answer_shows_its_explanation_in_both_languages(mq, shops):
    _, q = mq
    shop = shops[-1]
    if crmlab.get_shop() is not shop:
        session.reset()
        shop = crmlab.setup(student_id=STUDENTS[-1])
    right = _right(q, shop)
    letter = next(k for k in q.options if k not in right)
    answer = "".join(sorted(right | {letter})) if q.multiple else letter
    fb = q.evaluate(answer)
    assert fb.status == INCORRECT
    zh, en = q.explain(letter, shop)
    assert f"选项 {letter} 不对：{zh}" in fb.text("zh") and f"Option {letter} is not right: {en}" in fb.text("en")
    assert not any(g in fb.text("zh") or g in fb.text("en") for g in GENERIC)


def test_a_multiple_choice_names_each_wrong_pick_and_counts_the_missing(shops):
    from crmlab.exercises import customer_information as ch03

    q = ch03.q1
    fb = q.evaluate("AD")
    assert fb.status == INCORRECT
    text = fb.text("zh")
    assert "选项 A 不对" in text and "还有 1 个该选的选项没有选" in text and "选项 D" not in text
    assert "right option is still missing" in fb.text("en")
    assert q.evaluate("DE").correct and q.evaluate("ED").correct


def test_an_option_without_explanation_falls_back_to_think_again():
    Kind = _core.choice_question("kind", ("哪一种？", "Which kind?"), {"A": ("甲", "one"), "B": ("乙", "two"),
                                                                      "C": ("丙", "three")}, "B", ("因为", "Because"),
                                 explanations={"A": ("甲只有一个。", "One is alone.")})
    assert Kind().explain("C") is None and Kind().explain("A") == ("甲只有一个。", "One is alone.")
    assert "think again" in Kind().evaluate("C").text("en")


def test_a_tie_at_the_top_is_explained_not_ranked_below(monkeypatch):
    """A stage that ties the bottleneck is told so (the question takes the first maximum)."""
    import pandas as pd

    from crmlab.exercises import complaint_handling as ch

    table = pd.DataFrame({"stage": list(ch.STAGE_CODES), "n": [10] * 5, "breaches": [1, 4, 4, 2, 0],
                          "breach_rate": [0.1, 0.4, 0.4, 0.2, 0.0]})
    monkeypatch.setattr(ch, "breaches", lambda shop: table)
    q = ch.q3
    assert q.expected(None) == "B"
    zh, en = q.explain("C", None)
    assert "并列" in zh and "tied" in en
    zh, en = q.explain("A", None)
    assert "排第 4" in zh and "30.0 个百分点" in zh and "ranks 4th" in en


def test_the_choice_helpers_examples_run():
    finder, runner = doctest.DocTestFinder(), doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    for obj in (_core.choice_question, _core.rank_among, _core.rank_words):
        for test in finder.find(obj, obj.__name__, globs=vars(_core)):
            runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.attempted >= 5 and result.failed == 0
