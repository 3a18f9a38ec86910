"""Common mistakes, named: recompute an answer the way a student slipped, and see if it matches.

A wrong answer is most useful to a student when the feedback names the slip: "you
kept the unpaid orders", "your end date is 30 days late", "those are population
variances, not sample ones". A :class:`Mistake` says how to compute the answer *with*
the slip; :func:`diagnose` tries each mistake of a task against the student's answer
and returns the first one that matches, with its explanation and the line of
thinking that fixes it.

The same catalogue serves the trusted lab checks (:mod:`crmlab.grading.trusted`, in
the grader's process) and the lessons' self-checked exercises (in the student's
kernel). Keep one catalogue per lab, next to its checks, and one per lesson exercise
(``mistakes = (...)`` of a :class:`crmlab.exercises.Question`).

Some slips are easier to recognise in the answer than to redo: a table with NaN left
after a left join, more rows than there are customers, a groupby object where a number
was asked for. Such a mistake gives ``detect(answer, ctx)`` instead of ``recompute``.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

from .exercises._feedback import Incorrect

__all__ = ["Mistake", "diagnose", "matches"]


@dataclass(frozen=True)
class Mistake:
    """One common mistake of a task.

    Parameters
    ----------
    code : str
        A short stable name, e.g. ``"unpaid_kept"`` (reports count mistakes by it).
    zh, en : str
        What the student did, completing "看起来你…" / "It looks like you...".
    fix_zh, fix_en : str
        The line of thinking that fixes it (not the answer).
    recompute : callable, optional
        ``recompute(ctx)`` returns the answer the mistake gives (``ctx`` is the
        check's context: ``ctx.shop`` is the student's shop).
    detect : callable, optional
        ``detect(answer, ctx)`` says whether the answer shows the slip, for slips
        that are easier to see than to redo. Give ``recompute`` or ``detect``.
    answer : str, optional
        Which answer of the task it concerns (default: the task's first answer).
    compare : dict
        Keyword arguments for the comparison (``key=``, ``rtol=`` ... of
        :func:`crmlab.exercises.compare_tables` / ``compare_values``).
    show_expected : callable, optional
        ``show_expected(ctx)`` gives the right value as text, for mistakes where
        saying it gives nothing away (e.g. a count of rows).
    """

    code: str
    zh: str
    en: str
    fix_zh: str
    fix_en: str
    recompute: Callable[[Any], Any] | None = None
    answer: str | None = None
    compare: dict = field(default_factory=dict)
    show_expected: Callable[[Any], str] | None = None
    detect: Callable[[Any, Any], bool] | None = None

    def __post_init__(self):
        if (self.recompute is None) == (self.detect is None):
            raise ValueError(f"mistake {self.code!r}: give recompute or detect (one of them)")

    def applies(self, answer, ctx) -> bool:
        """Whether ``answer`` shows this mistake (a mistake that cannot be checked here does not apply)."""
        try:
            if self.detect is not None:
                return bool(self.detect(answer, ctx))
            candidate = self.recompute(ctx)
        except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
            return False
        return matches(answer, candidate, **self.compare)

    def message(self, ctx=None) -> tuple[str, str]:
        """The feedback for a student who made this mistake (zh, en)."""
        zh = f"看起来你{self.zh}。{self.fix_zh}"
        en = f"It looks like you {self.en}. {self.fix_en}"
        if self.show_expected is not None and ctx is not None:
            try:
                shown = self.show_expected(ctx)
            except Exception:  # noqa: BLE001 - a hint that cannot be computed is left out
                shown = None
            if shown:
                zh += f"（正确的应为 {shown}。）"
                en += f" (The right value is {shown}.)"
        return zh, en


def matches(answer, candidate, **compare) -> bool:
    """Whether ``answer`` equals ``candidate`` by the course's comparison (tables or values)."""
    import pandas as pd

    from .exercises._compare import compare_tables, compare_values  # pandas: loaded when a mistake is matched

    try:
        if isinstance(candidate, pd.DataFrame | pd.Series):
            compare_tables(answer, candidate, **compare)
        else:
            compare_values(answer, candidate, **compare)
    except Incorrect:
        return False
    except Exception:  # noqa: BLE001 - an answer of another shape is not this mistake
        return False
    return True


def diagnose(mistakes, answers: dict, ctx, *, default_answer: str | None = None) -> Mistake | None:
    """The first mistake whose recomputed answer matches the student's, or None.

    Parameters
    ----------
    mistakes : iterable of Mistake
    answers : dict
        The student's answers by name.
    ctx : object
        Passed to each mistake's ``recompute`` (a check context, or anything with ``shop``).
    default_answer : str, optional
        The answer a mistake concerns when it names none.
    """
    for m in mistakes:
        name = m.answer or default_answer
        if name in answers and m.applies(answers[name], ctx):
            return m
    return None
