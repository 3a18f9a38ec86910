"""Question classes: ``check()``, ``hint(n)``, ``solution()``, multi-part questions.

A question is a small class whose attributes say what to check (see the package
docstring for how to write one). Expected answers are computed at check time from
the session's shop (:func:`crmlab.session.get_shop`), so they are the student's own.
"""

from __future__ import annotations

import copy
import inspect
import sys

import pandas as pd

from ..datasets import load_dataset
from ..session import get_shop, session_info
from ..mistakes import diagnose
from ._compare import compare_tables, compare_values
from ._errors import previous_cell_note
from ._feedback import (CORRECT, INCORRECT, INFO, NOT_ATTEMPTED, UNGRADED, Feedback, Incorrect, Msg, NotAttempted,
                        show)
from ._lessons import solution_code

__all__ = ["PLACEHOLDER", "____", "Question", "ValueQuestion", "TableQuestion", "FunctionQuestion",
           "ChoiceQuestion", "DesignQuestion", "ReflectionQuestion", "MultipartQuestion", "Rule", "choice_question",
           "rank_among", "rank_words"]

_MISSING = object()


class _Placeholder:
    """The blank ``____`` in exercise cells: an answer not written yet."""

    _instance = None

    def __new__(cls):
        if cls._instance is None:
            cls._instance = super().__new__(cls)
        return cls._instance

    def __repr__(self) -> str:
        return "____"

    def __bool__(self) -> bool:
        return False

    def __call__(self, *args, **kwargs):
        return self


PLACEHOLDER = ____ = _Placeholder()


def _is_blank(value) -> bool:
    return value is None or value is Ellipsis or value is PLACEHOLDER


def _has_blank_column(table, columns) -> bool:
    """One of ``columns`` set to ``____`` (``products["margin"] = ____``): a table still being filled in."""
    if not isinstance(table, pd.DataFrame) or len(table) == 0:
        return False
    return any(c in table.columns and table[c].dtype == object and table[c].iloc[0] is PLACEHOLDER
               for c in columns)


def _t(x) -> Msg:
    """A (zh, en) pair, a Msg or a language-neutral str as a Msg."""
    if isinstance(x, Msg):
        return x
    if isinstance(x, tuple):
        return Msg(*x)
    return Msg(str(x), str(x))


class Question:
    """Base class of all questions.

    Class attributes
    ----------------
    name : str
        How the question is called in the notebook (``"q1"``; set when bound).
    var : str, optional
        Name of the notebook variable that ``check()`` reads when called without an
        argument (like learntools' ``_var``).
    prompt : (zh, en)
        One-line statement of the task.
    hints : list of (zh, en)
        Hints that teach, usually three: a nudge in words, then the method (the
        function or the steps), then a worked example on other data or other numbers;
        never the student's own answer (``tests/unit/test_exercise_hints.py`` checks that no
        hint contains the lesson's model answer). ``hint(n)`` shows the n-th.
    module : str
        The exercise module the question belongs to (set by :func:`bind`); its lesson
        holds the model solution.
    solution_text : (zh, en)
        Explanation shown with the solution.
    graded : bool
        False for questions that are not auto-checked.
    mistakes : tuple of crmlab.mistakes.Mistake
        The task's common mistakes, tried in order when an answer is wrong: the first
        that matches is named in the feedback (``Feedback.mistake`` holds its code).
        ``recompute(ctx)`` / ``detect(answer, ctx)`` get ``ctx.shop``, the student's shop.
    """

    name = "q"
    var: str | None = None
    prompt = ("", "")
    hints: list = []
    solution_text = ("", "")
    graded = True
    mistakes: tuple = ()
    module: str | None = None

    def __init__(self, name: str | None = None, *, module: str | None = None):
        if name is not None:
            self.name = name
        if module is not None:
            self.module = module

    @property
    def solution_code(self) -> str:
        """The model solution: the code of the lesson's solution cell(s) for this question.

        Written once, in the lesson the question's module serves (a cell tagged
        ``solution`` with ``solves=["q1"]``), in the session's language.
        """
        return solution_code(self.module, self.name) if self.module else ""

    # -- what students call ---------------------------------------------------------
    def check(self, answer=_MISSING):
        """Check an answer and show the feedback (Markdown in Jupyter, text in a console).

        Parameters
        ----------
        answer : object, optional
            The answer; by default the notebook variable named by ``var``.
        """
        if answer is _MISSING:
            answer = self._lookup(inspect.currentframe().f_back)
        show(self.evaluate(answer))

    def evaluate(self, answer=_MISSING) -> Feedback:
        """Check an answer and return the :class:`Feedback` without showing it."""
        if answer is _MISSING:
            answer = self._lookup(inspect.currentframe().f_back)
        try:
            if answer is _MISSING or (_is_blank(answer) and self.graded):
                raise NotAttempted()
            message = self._check(answer)
        except NotAttempted as exc:
            return Feedback(NOT_ATTEMPTED, (exc.message if str(exc.message) else self._nudge())
                            + previous_cell_note(), self.name)
        except Incorrect as exc:
            found, ctx = self._diagnosis(answer)
            message = exc.message
            if found is not None:
                zh, en = found.message(ctx)
                message = Msg(f"{zh}\n\n（{exc.message.zh}）", f"{en}\n\n({exc.message.en})")
            return Feedback(INCORRECT, message + previous_cell_note() + self._hint_pointer(), self.name,
                            mistake=found.code if found is not None else None)
        if not self.graded:
            return Feedback(UNGRADED, message if isinstance(message, Msg) else _t(self.solution_text), self.name)
        return Feedback(CORRECT, message if isinstance(message, Msg) else None, self.name)

    def diagnose(self, answer):
        """The first of ``mistakes`` that ``answer`` shows, or None (the answer is not checked)."""
        return self._diagnosis(answer)[0]

    def _diagnosis(self, answer):
        if not self.mistakes:
            return None, None
        from types import SimpleNamespace

        ctx = SimpleNamespace(shop=self.shop())
        return diagnose(self.mistakes, {"answer": answer}, ctx, default_answer="answer"), ctx

    def hint(self, n: int = 1) -> None:
        """Show hint number ``n`` (1 = a nudge, 2 = the method, 3 = a worked example on other data)."""
        show(self._hint_msg(n))

    def solution(self) -> None:
        """Show a model solution and why it works."""
        show(self._solution_msg())

    # -- helpers --------------------------------------------------------------------
    def _lookup(self, frame):
        if not self.var:
            return _MISSING
        for scope in (frame.f_locals, frame.f_globals, getattr(sys.modules.get("__main__"), "__dict__", {})):
            if self.var in scope:
                return scope[self.var]
        return _MISSING

    def _nudge(self) -> Msg:
        target = f"`{self.var}`" if self.var else Msg("答案", "your answer")
        return Msg(f"先把 {target} 中的 `____` 换成你的代码，运行后再检查。需要帮助可以用 `{self.name}.hint()`。",
                   f"Replace the `____` in {target} with your code, run it, then check again. Stuck? Try "
                   f"`{self.name}.hint()`.")

    def _hint_pointer(self) -> Msg:
        if self.hints:
            return Msg(f"\n\n需要帮助？`{self.name}.hint()`", f"\n\nNeed help? `{self.name}.hint()`")
        return Msg("", "")

    def _hint_msg(self, n: int) -> Feedback:
        if not self.hints:
            return Feedback(INFO, Msg("这道题没有提示。", "This question has no hints."), self.name)
        n = max(1, min(int(n), len(self.hints)))
        more = (Msg(f"\n\n更多提示：`{self.name}.hint({n + 1})`", f"\n\nMore help: `{self.name}.hint({n + 1})`")
                if n < len(self.hints) else Msg("", ""))
        return Feedback(INFO, Msg(f"提示 {n}/{len(self.hints)}：", f"Hint {n}/{len(self.hints)}: ") + _t(self.hints[n - 1])
                        + more, self.name)

    def _solution_msg(self, shown: set | None = None) -> Feedback:
        """The solution message; code already in ``shown`` (a part's shared cell) is not repeated."""
        text = _t(self.solution_text)
        code = self.solution_code.strip() if self.graded else ""  # a reflection's points are in solution_text
        if shown is not None:
            if code in shown:
                code = ""
            elif code:
                shown.add(code)
        block = f"\n\n```python\n{code}\n```" if code else ""
        return Feedback(INFO, Msg("参考答案：", "Solution: ") + text + Msg(block, block), self.name)

    def _check(self, answer):  # pragma: no cover - abstract
        raise NotImplementedError

    def shop(self):
        """The session's shop (the student's own data)."""
        return get_shop()

    def __repr__(self) -> str:
        return f"<{type(self).__name__} {self.name}: {_t(self.prompt)}>"

    def _repr_markdown_(self) -> str:
        return f"**{self.name}** {_t(self.prompt)}"


class ValueQuestion(Question):
    """The answer is a value (number, string, list ...) computed from the shop.

    Override ``expected(self, shop)``; set ``rtol``/``atol`` for numbers.
    """

    rtol = 1e-6
    atol = 1e-9

    def expected(self, shop):  # pragma: no cover - abstract
        raise NotImplementedError

    def _check(self, answer):
        shop = self.shop()
        try:
            compare_values(answer, self.expected(shop), name=self.var or self.name, rtol=self.rtol, atol=self.atol)
        except Incorrect as exc:
            raise Incorrect(exc.message + self._other_shop_hint(answer, shop)) from None

    def _other_shop_hint(self, answer, shop) -> Msg:
        """A right answer for the shipped shop but not for the student's: say so."""
        info = session_info()
        if info["student_id"] is None:
            return Msg("", "")
        try:
            compare_values(answer, self.expected(load_dataset(info["dataset"])), rtol=self.rtol, atol=self.atol)
        except Exception:
            return Msg("", "")
        return Msg("\n\n这个结果属于课程自带的示例商店，而不是你自己的商店：请先运行 `crmlab.setup(student_id=...)`，"
                   "再用 `crmlab.get_shop()` 的数据计算。",
                   "\n\nThis is the answer for the shipped example shop, not for your own shop: run "
                   "`crmlab.setup(student_id=...)` first and compute from `crmlab.get_shop()`.")


class TableQuestion(Question):
    """The answer is a table (DataFrame) computed from the shop.

    Override ``expected(self, shop)``. Options (class attributes): ``key`` (row
    identity, e.g. ``"customer_id"``), ``sort_by``/``ascending``, ``check_column_order``,
    ``check_row_order``, ``allow_extra_columns``, ``rtol``, ``row_label``.
    """

    key = None
    sort_by = None
    ascending = False
    check_column_order = False
    check_row_order = False
    allow_extra_columns = True
    rtol = 1e-6
    atol = 1e-9
    row_label = None

    def expected(self, shop):  # pragma: no cover - abstract
        raise NotImplementedError

    def _check(self, answer):
        expected = self.expected(self.shop())
        if _has_blank_column(answer, expected.columns if isinstance(expected, pd.DataFrame) else [expected.name]):
            raise NotAttempted()
        compare_tables(answer, expected, name=self.var or self.name, key=self.key,
                       sort_by=self.sort_by, ascending=self.ascending, check_column_order=self.check_column_order,
                       check_row_order=self.check_row_order, allow_extra_columns=self.allow_extra_columns,
                       rtol=self.rtol, atol=self.atol, row_label=self.row_label)


class FunctionQuestion(Question):
    """The answer is a function; it must agree with ``reference`` on every case.

    Override ``reference(self, *args)`` (the model implementation) and
    ``cases(self, shop)`` returning a list of argument tuples. Arguments are deep
    copied, so a function that modifies its input cannot spoil the next case.
    """

    rtol = 1e-6
    atol = 1e-9

    def reference(self, *args):  # pragma: no cover - abstract
        raise NotImplementedError

    def cases(self, shop) -> list:  # pragma: no cover - abstract
        raise NotImplementedError

    def _describe_args(self, args) -> str:
        parts = []
        for a in args:
            shape = getattr(a, "shape", None)
            parts.append(f"<{type(a).__name__} {shape[0]}×{shape[1]}>" if shape is not None and len(shape) == 2
                         else repr(a)[:60])
        return ", ".join(parts)

    def _check(self, fn):
        if not callable(fn):
            raise Incorrect(f"`{self.var or self.name}` 应该是一个函数（用 def 定义），但它是 {type(fn).__name__}。",
                            f"`{self.var or self.name}` should be a function (defined with def), but it is a "
                            f"{type(fn).__name__}.")
        for args in self.cases(self.shop()):
            args = args if isinstance(args, tuple) else (args,)
            expected = self.reference(*copy.deepcopy(args))
            shown = self._describe_args(args)
            try:
                actual = fn(*copy.deepcopy(args))
            except Exception as exc:  # the student's code failed: report, do not crash
                raise Incorrect(f"调用 `{getattr(fn, '__name__', 'f')}({shown})` 时出错：{type(exc).__name__}: {exc}",
                                f"Calling `{getattr(fn, '__name__', 'f')}({shown})` raised {type(exc).__name__}: "
                                f"{exc}") from None
            if actual is None and expected is not None:
                raise Incorrect(f"`{getattr(fn, '__name__', 'f')}({shown})` 返回了 None：是不是忘了写 return？",
                                f"`{getattr(fn, '__name__', 'f')}({shown})` returned None: did you forget `return`?")
            name = f"{getattr(fn, '__name__', 'f')}({shown})"
            try:
                compare_result(actual, expected, name=name, rtol=self.rtol, atol=self.atol)
            except Incorrect as exc:
                raise Incorrect(exc.message) from None


def compare_result(actual, expected, *, name="answer", rtol=1e-6, atol=1e-9) -> None:
    """Compare what a student's function returned with the model's (raises :class:`Incorrect`): a Series aligned
    with the input value by value on its index (names do not matter), anything else as :func:`compare_values`."""
    if not isinstance(expected, pd.Series):
        return compare_values(actual, expected, name=name, rtol=rtol, atol=atol)
    if not isinstance(actual, pd.Series):
        raise Incorrect(f"`{name}` 应该返回一个 Series，但返回了 {type(actual).__name__}。",
                        f"`{name}` should return a Series, but returned a {type(actual).__name__}.")
    if not actual.index.sort_values().equals(expected.index.sort_values()):
        raise Incorrect(f"`{name}` 的索引应该与输入相同（每个输入值一个结果）。",
                        f"`{name}` should have the index of its input (one result per input value).")

    def frame(s):
        return pd.DataFrame({"row": s.index.to_numpy(), "value": s.astype(object).where(s.notna(), None).to_numpy()})

    compare_tables(frame(actual), frame(expected), name=name, key="row", rtol=rtol, atol=atol)


class ChoiceQuestion(Question):
    """Multiple choice: the answer is an option letter (or a set of letters).

    Set ``options = {"A": (zh, en), ...}`` and either ``answer = "B"`` or override
    ``expected(self, shop)`` to derive the right option from the data.

    Every wrong option says why it is wrong: ``explanations = {letter: (zh, en)}``
    names the misconception each wrong letter stands for and what to look at, without
    naming the right letter. When the right option is computed from the data, so is
    the explanation: override ``explain(letter, shop)`` to give the option's own figure
    (``"渠道 X 的获客成本是 … 元，比 … 高"``).
    """

    options: dict = {}
    answer = None
    multiple = False
    explanations: dict = {}

    def expected(self, shop):
        return self.answer

    def explain(self, letter: str, shop=None):
        """Why option ``letter`` is wrong, as ``(zh, en)``; None when there is nothing specific to say.

        Parameters
        ----------
        letter : str
            A wrong option's letter.
        shop : Shop, optional
            The student's shop, for questions whose right option comes from the data.

        Returns
        -------
        tuple of str or None
            ``(zh, en)``: the misconception the option stands for and what to look at.
        """
        text = self.explanations.get(letter)
        if text is None:
            return None
        text = _t(text)
        return text.zh, text.en

    def _normalise(self, value):
        if isinstance(value, str):
            letters = [c for c in value.upper() if c.isalpha()] if self.multiple else [value.strip().upper()]
        else:
            try:
                letters = [str(v).strip().upper() for v in value]
            except TypeError:
                letters = [str(value)]
        unknown = [x for x in letters if x not in self.options]
        if unknown or not letters:
            opts = ", ".join(self.options)
            raise Incorrect(f"请从选项 {opts} 中选择（写字母，例如 \"A\"），而不是 {value!r}。",
                            f"Choose among the options {opts} (a letter, e.g. \"A\"), not {value!r}.")
        return set(letters) if self.multiple else letters[0]

    def _why_not(self, letter: str, shop) -> Msg:
        """``选项 X 不对：…`` with the option's explanation (or a plain "think again")."""
        text = self.explain(letter, shop)
        if text is None:
            return Msg(f"选项 {letter} 不对，再想想。", f"Option {letter} is not right; think again.")
        zh, en = text
        return Msg(f"选项 {letter} 不对：{zh}", f"Option {letter} is not right: {en}")

    def _check(self, answer):
        got = self._normalise(answer)
        shop = self.shop()
        want = self.expected(shop)
        if not self.multiple:
            if got == want:
                return None
            raise Incorrect(self._why_not(got, shop))
        want = set(want)
        if got == want:
            return None
        wrong, missed = sorted(got - want), len(want - got)
        message = Msg("", "")
        for letter in wrong:
            message = message + self._why_not(letter, shop) + Msg("\n\n", "\n\n")
        if missed:
            message = message + Msg(f"还有 {missed} 个该选的选项没有选。",
                                    f"{missed} right option{'s are' if missed > 1 else ' is'} still missing.")
        raise Incorrect(Msg(message.zh.strip(), message.en.strip()))

    def _repr_markdown_(self) -> str:
        lines = [f"**{self.name}** {_t(self.prompt)}", ""]
        lines += [f"- **{k}** {_t(v)}" for k, v in self.options.items()]
        return "\n".join(lines)


def rank_among(values: pd.Series, key) -> tuple[int, int, float]:
    """Where ``values[key]`` stands among ``values``: for the explanations of data-dependent options.

    Parameters
    ----------
    values : pandas.Series
        One figure per option (missing ones are left out).
    key : object
        The index label of the option to place.

    Returns
    -------
    tuple
        ``(rank, n, gap)``: 1 for the largest (ties share the better rank), the number of
        figures, and how far ``values[key]`` is below the largest.

    Examples
    --------
    >>> import pandas as pd
    >>> rank_among(pd.Series({"a": 3.0, "b": 5.0, "c": 4.0}), "c")
    (2, 3, 1.0)
    """
    v = values.dropna().astype(float)
    x = float(v[key])
    return int((v > x).sum()) + 1, len(v), float(v.max() - x)


def rank_words(rank: int, n: int, things: tuple) -> tuple[str, str]:
    """``("在 5 个渠道中排第 3", "ranks 3rd of the 5 channels")`` for ``things = ("渠道", "channels")``.

    Examples
    --------
    >>> rank_words(2, 7, ("地区", "regions"))
    ('在 7 个地区中排第 2', 'ranks 2nd of the 7 regions')
    """
    suffix = "th" if 10 <= rank % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(rank % 10, "th")
    return f"在 {n} 个{things[0]}中排第 {rank}", f"ranks {rank}{suffix} of the {n} {things[1]}"


def choice_question(var: str, prompt, options: dict, answer: str, why, hint=None, *, explanations=None,
                    **attrs) -> type:
    """A :class:`ChoiceQuestion` class from its parts: for short scenario questions.

    Parameters
    ----------
    var : str
        The notebook variable that holds the student's letter.
    prompt : (zh, en)
        The scenario or question.
    options : dict
        ``{"A": (zh, en), ...}``.
    answer : str
        The right letter.
    why : (zh, en)
        Why it is right (shown with the solution).
    hint : (zh, en), optional
        The one hint.
    explanations : dict, optional
        ``{wrong letter: (zh, en)}``: why each wrong option is wrong (see :class:`ChoiceQuestion`).
    **attrs
        Further class attributes (``hints`` for several hints, ``chapter`` ...).

    Returns
    -------
    type
        A ChoiceQuestion subclass, to bind with :func:`bind`.

    Examples
    --------
    >>> from crmlab.exercises import choice_question
    >>> Kind = choice_question("kind", ("哪一种？", "Which kind?"), {"A": ("甲", "one"), "B": ("乙", "two")}, "B",
    ...                        ("因为……", "Because ..."), explanations={"A": ("甲只有一个。", "One is alone.")})
    >>> Kind().evaluate("B").correct
    True
    >>> Kind().evaluate("A").message.en
    'Option A is not right: One is alone.'
    """
    body = {"var": var, "prompt": prompt, "options": options, "answer": answer, "hints": [hint] if hint else [],
            "solution_text": why, "explanations": dict(explanations or {}), **attrs}
    return type(f"Choice_{var}", (ChoiceQuestion,), body)


class Rule:
    """One rule of a design question.

    Parameters
    ----------
    label : (zh, en)
        What the rule demands, shown with ✔/✘.
    func : callable
        ``func(answer, shop)`` returns True/False, or ``(ok, detail)`` where detail is a
        (zh, en) pair or str explaining a failure.
    """

    def __init__(self, label, func):
        self.label, self.func = label, func

    def evaluate(self, answer, shop):
        try:
            out = self.func(answer, shop)
        except Exception as exc:  # a design that breaks a rule's check fails that rule
            return False, Msg(f"检查出错：{type(exc).__name__}: {exc}", f"check failed: {type(exc).__name__}: {exc}")
        if isinstance(out, tuple):
            ok, detail = out
            return bool(ok), (_t(detail) if detail else None)
        return bool(out), None


class DesignQuestion(Question):
    """A design (a survey, a points rule, a staffing plan, a schema) checked by rules.

    Set ``rules = [Rule((zh, en), func), ...]``; the answer passes when every rule
    passes, and the feedback lists each rule with ✔ or ✘.
    """

    rules: list = []

    def _check(self, answer):
        shop = self.shop()
        lines_zh, lines_en, failed = [], [], 0
        for rule in self.rules:
            ok, detail = rule.evaluate(answer, shop)
            failed += not ok
            mark = "✔" if ok else "✘"
            label = _t(rule.label)
            lines_zh.append(f"- {mark} {label.zh}" + (f"：{detail.zh}" if detail and not ok else ""))
            lines_en.append(f"- {mark} {label.en}" + (f": {detail.en}" if detail and not ok else ""))
        report = Msg("\n".join(lines_zh), "\n".join(lines_en))
        if failed:
            raise Incorrect(Msg(f"{failed} 条规则没有通过：\n\n", f"{failed} rule(s) not met:\n\n") + report)
        return Msg("所有规则都通过了：\n\n", "All rules are met:\n\n") + report


class ReflectionQuestion(Question):
    """A free-text question: not auto-checked; ``check()`` gives pointers to think about.

    ``min_chars`` nudges very short answers; ``solution_text`` holds what a good
    answer discusses.
    """

    graded = False
    min_chars = 30

    def _check(self, answer):
        if _is_blank(answer) or (isinstance(answer, str) and len(answer.strip()) < self.min_chars):
            raise NotAttempted(
                f"写几句你的想法（至少 {self.min_chars} 个字），再运行 `{self.name}.check()`。",
                f"Write a few sentences (at least {self.min_chars} characters), then run `{self.name}.check()`.")
        return Msg("这道题不自动评分；可以对照下面的要点检查你的回答：\n\n", "This one is not auto-checked; compare your "
                   "answer with these points:\n\n") + _t(self.solution_text)


class MultipartQuestion(Question):
    """A question with parts ``a``, ``b`` ...: ``q3.a.check()``.

    Set ``parts = {"a": PartA, "b": PartB}`` (Question classes).
    """

    parts: dict = {}

    def __init__(self, name: str | None = None, *, module: str | None = None):
        super().__init__(name, module=module)
        self._parts = {}
        for letter, cls in self.parts.items():
            part = cls(f"{self.name}.{letter}", module=self.module)
            self._parts[letter] = part
            setattr(self, letter, part)

    def evaluate(self, answer=_MISSING) -> Feedback:
        letters = ", ".join(f"`{self.name}.{k}.check()`" for k in self._parts)
        return Feedback(NOT_ATTEMPTED, Msg(f"这道题分为几个小问：请分别使用 {letters}。",
                                           f"This question has parts: use {letters}."), self.name)

    def check(self, answer=_MISSING):
        show(self.evaluate())

    def hint(self, n: int = 1) -> None:
        show(self.evaluate())

    def solution(self) -> None:
        shown: set = set()  # a cell that solves several parts is shown once
        for part in self._parts.values():
            before = len(shown)
            msg = part._solution_msg(shown)
            if len(shown) > before or str(_t(part.solution_text)):  # nothing new to say: skip the part
                show(msg)

    @property
    def solution_code(self) -> str:
        """The model solutions of the parts (a cell shared by several parts once)."""
        codes = []
        for part in self._parts.values():
            if part.solution_code and part.solution_code not in codes:
                codes.append(part.solution_code)
        return "\n\n".join(codes)


def bind(namespace: dict, questions, *, start: int = 1) -> list[str]:
    """Instantiate question classes as ``q1, q2, ...`` in ``namespace``.

    Parameters
    ----------
    namespace : dict
        Usually an exercise module's ``globals()``.
    questions : list of Question subclasses
        In order; the i-th becomes ``q{start + i}``.

    Returns
    -------
    list of str
        The names bound, for the module's ``__all__``.
    """
    names = []
    for i, cls in enumerate(questions, start=start):
        name = f"q{i}"
        cls.name = name
        namespace[name] = cls(name, module=namespace.get("__name__"))
        names.append(name)
    return names


# Statuses re-exported for tests and graders.
STATUSES = (CORRECT, INCORRECT, NOT_ATTEMPTED, UNGRADED)
