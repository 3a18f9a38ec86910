"""Trusted checks: a lab's tests, run in the grader's own process on plain-data answers.

Each lab has one checks module, ``<course>/checks/<assignment>.py``, that only the
instructor holds (it is never released, never in the gradebook and never visible to a
grading kernel). It declares which answers each test cell needs and how to check them::

    from crmlab.grading.trusted import LabChecks

    lab = LabChecks("L9_rfm_retention", dataset="lab")

    @lab.check("test_rfm", answers=["rfm"])
    def rfm(ctx, rfm):
        expected = rfm_summary(ctx.shop.orders, as_of=ctx.shop.meta["end"])
        compare_tables(rfm, expected.reset_index(), name="rfm", key="customer_id")

While grading, the test cell's code in the student's kernel is replaced by a handoff of
the declared answers (:mod:`crmlab.grading.handoff`); the check function then runs here,
with

- ``ctx.shop``: the student's whole shop rebuilt from the course secret and the
  student id that nbgrader's gradebook holds (hidden truth included);
- the answers as keyword arguments: plain Python, numpy and pandas objects (a
  dataclass instance arrives as a :class:`~crmlab.grading.handoff.Fields` dict of its
  fields, for the check to rebuild with its own class; a file the check declares
  with ``files=`` as its ``bytes``).

A check passes by returning ``None`` (full points), gives partial credit by returning
a fraction in [0, 1] or ``ctx.partial(fraction, zh, en)``, and fails by raising
:class:`~crmlab.exercises.Incorrect` (what ``compare_values`` and
``compare_tables`` raise), :class:`CheckFailed` or ``AssertionError``. A missing or
unconvertible answer scores zero with a message that says which variable and why,
before the check is called.
"""

from __future__ import annotations

import importlib.util
import math
import sys
from dataclasses import dataclass
from pathlib import Path

from ..exercises import Incorrect, NotAttempted
from ..mistakes import diagnose
from .coursedata import ShopKey, course_secret, student_shop
from .handoff import encode

__all__ = ["LabChecks", "Check", "CheckContext", "CheckFailed", "Verdict", "load_lab_checks", "run_check",
           "course_shop_keys", "VERDICT_MIME"]

VERDICT_MIME = "application/vnd.crmlab.verdict+json"


class CheckFailed(AssertionError):
    """A failed check with a bilingual message and, optionally, the name of a known mistake."""

    def __init__(self, zh: str, en: str, *, mistake: str | None = None, score: float = 0.0):
        self.zh, self.en, self.mistake, self.score = zh, en, mistake, score
        super().__init__(en)


@dataclass
class Verdict:
    """What the grader decided for one test cell."""

    grade_id: str
    score: float
    max_score: float
    zh: str
    en: str
    mistake: str | None = None

    @property
    def passed(self) -> bool:
        return self.score >= self.max_score

    def as_json(self) -> dict:
        return {"grade_id": self.grade_id, "score": self.score, "max_score": self.max_score,
                "mistake": self.mistake, "message_zh": self.zh, "message_en": self.en}


@dataclass
class Partial:
    fraction: float
    zh: str = ""
    en: str = ""
    mistake: str | None = None


@dataclass
class Check:
    grade_id: str
    func: object
    answers: tuple = ()
    probes: object = None          # dict, or a function ctx -> dict
    optional: tuple = ()
    files: dict = None             # {key: path of a file the notebook wrote}
    mistakes: tuple = ()           # crmlab.mistakes.Mistake, tried in order when the check fails


class LabChecks:
    """The trusted checks of one lab.

    Parameters
    ----------
    assignment : str
        The nbgrader assignment id.
    dataset : str, default="classroom"
        The shipped dataset whose recipe the lab's shops follow.
    n_customers : int, optional
        The size of the students' shops when not the dataset's own.
    """

    def __init__(self, assignment: str, *, dataset: str = "classroom", n_customers=None):
        self.assignment = assignment
        self.shop_key = ShopKey(dataset, n_customers)
        self.checks: dict[str, Check] = {}
        self.reference_answers = None  # set from the checks module's `reference_answers(ctx)`, if any

    def check(self, grade_id: str, *, answers=(), probes=None, optional=(), files=None, mistakes=()):
        """Register the check of test cell ``grade_id`` (a decorator).

        Parameters
        ----------
        grade_id : str
            The nbgrader id of the test cell.
        answers : sequence of str
            Notebook variables handed to the check as keyword arguments.
        probes : dict or callable, optional
            ``{key: (function name, args, kwargs)}`` (or ``ctx -> dict``): the student's
            function is called in the kernel with these plain arguments and its
            result is passed to the check as keyword ``key``.
        optional : sequence of str
            Answers that may be missing (passed as ``None``).
        files : dict, optional
            ``{key: path}``: files the notebook wrote (relative to its folder, e.g. a
            SQLite database), read in the kernel when the test cell runs and passed
            to the check as ``bytes`` under keyword ``key``.
        mistakes : sequence of crmlab.mistakes.Mistake
            The task's common mistakes: when the check fails, the first whose
            recomputed answer matches the student's is named in the feedback.
        """
        def deco(func):
            if grade_id in self.checks:
                raise ValueError(f"{self.assignment}: two checks for {grade_id}")
            self.checks[grade_id] = Check(grade_id, func, tuple(answers), probes, tuple(optional),
                                          dict(files or {}), tuple(mistakes))
            return func
        return deco

    def catalogue(self) -> list[tuple[str, object]]:
        """Every ``(grade_id, Mistake)`` of the lab, in the order of the checks."""
        return [(gid, m) for gid, c in self.checks.items() for m in c.mistakes]

    def probe_specs(self, grade_id: str, ctx) -> dict:
        """``{key: (function name, args, kwargs)}`` of a check's probes for this student."""
        c = self.checks[grade_id]
        if not c.probes:
            return {}
        return ctx.cached(("probes", grade_id), lambda: c.probes(ctx)) if callable(c.probes) else dict(c.probes)

    def probes_for(self, grade_id: str, ctx) -> dict:
        """The probes encoded for the handoff code (arguments as tagged plain data)."""
        probes = self.probe_specs(grade_id, ctx)
        return {k: [fn, [encode(a) for a in args], {n: encode(v) for n, v in (kw or {}).items()}]
                for k, (fn, args, kw) in probes.items()}


class CheckContext:
    """What a check may use: the student's id and whole shop (lazily rebuilt), and a cache."""

    def __init__(self, root, student_id: str, shop_key, *, secret=..., shop=None):
        self.root = Path(root) if root is not None else None
        self.student_id = str(student_id)
        self.shop_key = shop_key
        self._secret = secret
        self._shop = shop
        self._cache: dict = {}

    @property
    def shop(self):
        """The student's whole shop (hidden truth included); never shown to the kernel."""
        if self._shop is None:
            self._shop = student_shop(self.root, self.student_id, self.shop_key, secret=self._secret)
        return self._shop

    @property
    def secret(self):
        """The course secret (None in open mode), read once."""
        if self._secret is ...:
            self._secret = course_secret(self.root)
        return self._secret

    def cached(self, key, compute):
        """``compute()`` once per student and key (reference tables shared by several checks)."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    @staticmethod
    def partial(fraction: float, zh: str = "", en: str = "", *, mistake: str | None = None) -> Partial:
        """Partial credit: ``fraction`` of the cell's points, with a message."""
        return Partial(float(fraction), zh, en, mistake)


_loaded: dict = {}


def checks_path(root, assignment: str) -> Path:
    return Path(root) / "checks" / f"{assignment}.py"


def load_lab_checks(root, assignment: str) -> LabChecks | None:
    """The ``LabChecks`` of ``assignment`` (from ``<root>/checks/<assignment>.py``), or None."""
    path = checks_path(root, assignment)
    if not path.is_file():
        return None
    stat = path.stat()
    key = (str(path.resolve()), stat.st_mtime_ns, stat.st_size)
    if key in _loaded:
        return _loaded[key]
    name = f"crmlab_checks_{assignment}_{abs(hash(key))}"
    spec = importlib.util.spec_from_file_location(name, path)
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module
    spec.loader.exec_module(module)
    lab = getattr(module, "lab", None)
    if not isinstance(lab, LabChecks):
        raise TypeError(f"{path} must define `lab = LabChecks(...)`")
    if lab.assignment != assignment:
        raise ValueError(f"{path} declares {lab.assignment!r}, not {assignment!r}")
    # the model answers, computed from a student's shop: for tests of the checks and of the catalogue
    lab.reference_answers = getattr(module, "reference_answers", None)
    _loaded[key] = lab
    return lab


_ERR = {
    "missing": ("评分时没有找到变量 `{n}`：它没有定义，或定义它的单元格出错了。请从头运行整个笔记本（Kernel → Restart & Run All）检查。",
                "The variable `{n}` was not there at grading time: it is not defined, or the cell defining it "
                "failed. Run the whole notebook from the top (Kernel → Restart & Run All) to check."),
    "unconvertible": ("`{n}` 不是评分程序能读取的数据（数字、文本、列表、字典或 pandas 表格）：{d}",
                      "`{n}` is not data the grader can read (numbers, text, lists, dicts or pandas tables): {d}"),
    "unreadable": ("`{n}` 的内容无法读取：{d}", "The value of `{n}` could not be read: {d}"),
    "raised": ("调用你的函数时出错：{d}", "Calling your function raised an error: {d}"),
    "nofile": ("评分时没有找到文件 `{d}`：写它的单元格没有运行或出错了。请从头运行整个笔记本（Kernel → Restart & Run All）检查。",
               "The file `{d}` was not there at grading time: the cell that writes it did not run or failed. "
               "Run the whole notebook from the top (Kernel → Restart & Run All) to check."),
    "nohandoff": ("评分时这个测试单元格没有运行到（前面的代码让笔记本停了下来，或内核崩溃了）。",
                  "This test cell did not run at grading time (earlier code stopped the notebook, or the kernel "
                  "died)."),
}



def course_shop_keys(root) -> list:
    """The shops the course's labs use (:class:`~crmlab.grading.coursedata.ShopKey`), read from their checks.

    Parameters
    ----------
    root : path
        The course folder (its ``checks/*.py``).

    Returns
    -------
    list of ShopKey
        One per distinct shop, in the order of the checks' file names.
    """
    keys = []
    for path in sorted((Path(root) / "checks").glob("*.py")):
        if path.name.startswith("_"):
            continue
        lab = load_lab_checks(root, path.stem)
        if lab is not None and lab.shop_key not in keys:
            keys.append(lab.shop_key)
    return keys

def _missing_verdict(grade_id, max_score, code, name="", detail="") -> Verdict:
    zh, en = _ERR.get(code, _ERR["unconvertible"])
    return Verdict(grade_id, 0.0, max_score, zh.format(n=name, d=detail), en.format(n=name, d=detail),
                   mistake=f"answer_{code}")


def run_check(lab: LabChecks, grade_id: str, ctx: CheckContext, handoff: dict | None, max_score: float) -> Verdict:
    """Check one test cell's answers; never raises for anything the student did.

    Parameters
    ----------
    handoff : dict or None
        What :func:`crmlab.grading.handoff.decode_output` read from the cell's output,
        or None when the kernel produced none.
    """
    check = lab.checks[grade_id]
    if handoff is None:
        return _missing_verdict(grade_id, max_score, "nohandoff")
    answers, errors = handoff["answers"], handoff["errors"]
    probe_keys = list(lab.probe_specs(grade_id, ctx))
    kwargs = {}
    for name in list(check.answers) + probe_keys + list(check.files or {}):
        if name in answers:
            kwargs[name] = answers[name]
        elif name in check.optional:
            kwargs[name] = None
        else:
            err = errors.get(name, {"code": "missing", "detail": ""})
            return _missing_verdict(grade_id, max_score, err["code"], name, err["detail"])
    verdict = _judge(check, grade_id, ctx, kwargs, max_score)
    if verdict.score < max_score and check.mistakes and verdict.mistake is None:
        found = diagnose(check.mistakes, kwargs, ctx, default_answer=(check.answers or (None,))[0])
        if found is not None:
            zh, en = found.message(ctx)
            verdict = Verdict(grade_id, verdict.score, max_score, f"{zh}\n（{verdict.zh}）", f"{en}\n({verdict.en})",
                              found.code)
    return verdict


def _judge(check, grade_id: str, ctx, kwargs: dict, max_score: float) -> Verdict:
    """Run one check function and turn whatever it says into a verdict."""
    ok_zh, ok_en = "✔ 正确", "✔ Correct"
    try:
        result = check.func(ctx, **kwargs)
    except CheckFailed as exc:
        score = max(0.0, min(1.0, float(exc.score))) * max_score
        return Verdict(grade_id, score, max_score, exc.zh, exc.en, exc.mistake)
    except (Incorrect, NotAttempted) as exc:
        return Verdict(grade_id, 0.0, max_score, exc.message.zh, exc.message.en, getattr(exc, "mistake", None))
    except AssertionError as exc:
        text = str(exc) or "答案不正确 / the answer is not right"
        zh, _, en = text.partition(" / ")
        return Verdict(grade_id, 0.0, max_score, zh, en or zh)
    except Exception as exc:  # the check met an answer of a shape it did not expect
        detail = f"{type(exc).__name__}: {str(exc)[:200]}"
        return Verdict(grade_id, 0.0, max_score, f"无法检查你的答案（格式不符合题目要求）：{detail}",
                       f"Your answer could not be checked (it does not have the shape the task asks for): {detail}",
                       mistake="answer_shape")
    if isinstance(result, Partial):
        frac = result.fraction
        zh, en, mistake = result.zh, result.en, result.mistake
    elif result is None or result is True:
        frac, zh, en, mistake = 1.0, ok_zh, ok_en, None
    else:
        frac, zh, en, mistake = float(result), "", "", None
    if not math.isfinite(frac):
        frac = 0.0
    frac = max(0.0, min(1.0, frac))
    if frac >= 1.0 and not zh:
        zh, en = ok_zh, ok_en
    elif not zh:
        zh, en = f"部分正确：{frac:.0%}", f"Partly right: {frac:.0%}"
    return Verdict(grade_id, round(frac * max_score, 6), max_score, zh, en, mistake)
