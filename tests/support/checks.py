"""Running a lab's trusted checks without a kernel: on a student's shop, with the answers handed over as the grader
receives them (plain data through crmlab.grading.handoff). Light to import (no nbformat), for the unit tier too."""

from __future__ import annotations

import json

from crmlab.grading.coursedata import student_shop
from crmlab.grading.handoff import decode, encode
from crmlab.grading.trusted import CheckContext, run_check


def check_context(lab, student: str) -> CheckContext:
    """The context ``lab``'s checks run in for ``student``: their shop, outside a course (no secret)."""
    return CheckContext(None, student, lab.shop_key, secret=None,
                        shop=student_shop(None, student, lab.shop_key, secret=None))


def run_on_answers(lab, grade_id: str, ctx, answers: dict, points: float, *, others: dict | None = None):
    """The verdict of test cell ``grade_id`` on ``answers``, each converted as the kernel's handoff converts it; an
    answer the handoff cannot convert is reported as the grader reports it (``unconvertible``). ``others`` (e.g. the
    model answers of the other tasks) are passed as they are, under the converted ones."""
    given, errors = dict(others or {}), {}
    for name, value in answers.items():
        try:
            given[name] = decode(json.loads(json.dumps(encode(value))))
        except Exception as exc:  # noqa: BLE001 - as the kernel's handoff reports it
            given.pop(name, None)
            errors[name] = {"code": "unconvertible", "detail": f"{type(exc).__name__}: {str(exc)[:300]}"}
    return run_check(lab, grade_id, ctx, {"answers": given, "errors": errors}, points)
