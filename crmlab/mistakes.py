"""Common mistakes, named: recompute an answer the way a student slipped, and see if it matches.

A wrong answer is most useful to a student when the feedback names the slip: "you
kept the unpaid orders", "your end date is 30 days late", "those are population
variances, not sample ones". A :class:`Mistake` says how to compute the answer *with*
the slip; :func:`diagnose` tries each mistake of a task against the student's answer
and returns the first one that matches, with its explanation and the line of
thinking that fixes it.

The same catalogue serves the trusted lab checks (:mod:`crmlab.grading.trusted`, in
the grader's process) and the lessons' self-checked exercises (in the student's
kernel). Keep one catalogue per lab, next to its checks.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any, Callable

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
    recompute : callable
        ``recompute(ctx)`` returns the answer the mistake gives (``ctx`` is the
        check's context: ``ctx.shop`` is the student's shop).
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
    recompute: Callable[[Any], Any]
    answer: str | None = None
    compare: dict = field(default_factory=dict)
    show_expected: Callable[[Any], str] | None = None

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

    from .exercises._compare import compare_tables, compare_values
    from .exercises._feedback import Incorrect

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
        if name not in answers:
            continue
        try:
            candidate = m.recompute(ctx)
        except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
            continue
        if matches(answers[name], candidate, **m.compare):
            return m
    return None
