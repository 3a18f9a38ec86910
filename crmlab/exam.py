"""The student's side of a computer-based exam: show my paper, check my answers' format.

Every student of a class gets the same exam notebook (``crmlab exam build``), but a
paper of their own: the instructor hands out ``<assignment>.paper.json`` with the data
files (``crmlab exam papers``). It holds the questions only, no key. This module reads
it from the same folders as :func:`crmlab.setup` (``$CRMLAB_DATA_DIR``, ``crmlab-data/``
next to the notebook or above it, ``~/crmlab-data/``, directly or in a sub-folder named
after the student id) and shows it, Chinese first, then English::

    import crmlab, crmlab.exam
    shop = crmlab.setup(student_id="2024001")
    paper = crmlab.exam.load_paper("FINAL_exam", student_id="2024001")
    paper.show_instructions()
    crmlab.exam.show("sc01")                # one question, above its answer cell
    crmlab.exam.check_answer("sc01", "B")   # the format only; grading uses your paper

Nothing here grades: answers are graded after submission, on the instructor's side,
against the paper stored when it was handed out.
"""

from __future__ import annotations

import json
import math
import os
from pathlib import Path

from .errors import CRMLabError
from .session import current_session, data_dirs

__all__ = ["ExamPaper", "ExamPaperError", "load_paper", "show", "check_answer", "find_paper", "paper_file_name",
           "PAPER_FORMAT"]

PAPER_FORMAT = "crmlab-exam-paper/1"
_LETTERS = "ABCDE"
_state: dict = {"paper": None}
_TYPE_BY_CODE = {"sc": "single", "mc": "multiple", "tf": "truefalse", "cp": "compute", "td": "term", "sa": "short",
                 "ca": "case"}


class ExamPaperError(CRMLabError, FileNotFoundError):
    """The student's exam paper is missing, unreadable or someone else's."""


def paper_file_name(assignment: str) -> str:
    """The file name of a student's paper of ``assignment``: ``<assignment>.paper.json``."""
    return f"{assignment}.paper.json"


def _grading() -> bool:
    return os.environ.get("CRMLAB_GRADING") == "1"


def _read(path: Path) -> dict | None:
    try:
        data = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None
    return data if isinstance(data, dict) and data.get("format") == PAPER_FORMAT else None


def find_paper(assignment: str, student_id=None) -> Path | None:
    """The paper file of ``student_id`` (or of the only student found) for ``assignment``, or None.

    Raises
    ------
    ExamPaperError
        When the papers found belong to another student, or to several students and
        no id was given.
    """
    name = paper_file_name(assignment)
    found = []
    for d in data_dirs():
        candidates = [d / name]
        if student_id is not None:
            candidates.append(d / str(student_id) / name)
        elif d.is_dir():
            candidates += sorted(d.glob(f"*/{name}"))
        for p in candidates:
            if p.is_file() and p not in found:
                found.append(p)
    if not found:
        return None
    owners = {p: (_read(p) or {}).get("student_id") for p in found}
    if student_id is not None:
        for p, owner in owners.items():
            if owner is not None and str(owner) == str(student_id):
                return p
        others = sorted({str(o) for o in owners.values() if o is not None})
        raise ExamPaperError(
            f"找到的试卷属于学号 {', '.join(others) or '（未知）'}，不是 {student_id}：{found[0]}。请检查学号，或向老师要你自己的试卷文件。",
            f"The paper found belongs to {', '.join(others) or '(unknown)'}, not to {student_id}: {found[0]}. "
            "Check your student id, or ask your instructor for your own paper file.")
    students = sorted({str(o) for o in owners.values() if o is not None})
    if len(students) == 1:
        return next(p for p, o in owners.items() if o is not None and str(o) == students[0])
    raise ExamPaperError(
        f"找到了多位学生的试卷（{', '.join(students[:5])}）：请在 load_paper(..., student_id=...) 里写上你的学号。",
        f"Papers of several students were found ({', '.join(students[:5])}): put your id in "
        "load_paper(..., student_id=...).")


def _display_markdown(text: str) -> None:
    try:
        from IPython import get_ipython
        from IPython.display import Markdown, display
    except ImportError:  # pragma: no cover - IPython comes with every notebook
        print(text)
        return
    if get_ipython() is None:
        print(text)
    else:
        display(Markdown(text))


class ExamPaper:
    """One student's exam paper, questions only (what ``<assignment>.paper.json`` holds).

    Attributes
    ----------
    assignment : str
    student_id : str or None
    path : Path or None
        The file it was read from (None for the placeholder used while grading).
    """

    def __init__(self, data: dict, *, assignment: str, path=None):
        self.data = data
        self.assignment = assignment
        self.student_id = data.get("student_id")
        self.path = Path(path) if path is not None else None
        self._questions = {q["answer_id"]: q for q in data.get("questions", [])}

    @property
    def placeholder(self) -> bool:
        """True while grading when no paper is at hand: nothing is shown, nothing is needed."""
        return self.path is None

    @property
    def answer_ids(self) -> list[str]:
        """The answer ids of the paper, in order (``sc01``, ..., ``ca01``)."""
        return list(self._questions)

    def question(self, answer_id: str) -> dict:
        """One question: ``answer_id``, ``type``, ``number``, ``points``, ``letters`` and ``markdown``."""
        try:
            return self._questions[answer_id]
        except KeyError:
            raise ExamPaperError(f"你的试卷上没有 {answer_id!r} 这道题。",
                                 f"Your paper has no question {answer_id!r}.") from None

    def markdown(self) -> str:
        """The whole paper as Markdown (Chinese first, then English)."""
        return self.data.get("markdown", "")

    def instructions_markdown(self) -> str:
        """Title, student id, instructions and the score table, as Markdown."""
        title = self.data.get("title") or ["", ""]
        lines = [f"# {title[0]}", "", f"**{title[1]}**", "",
                 f"学号 / Student id：{self.student_id}", "", "### 考试说明 / Instructions", ""]
        for zh, en in self.data.get("instructions", []):
            lines += [f"- {zh}", f"  {en}"]
        if self.data.get("score_table"):
            lines += ["", self.data["score_table"]]
        return "\n".join(lines)

    def show_instructions(self) -> None:
        """Display the title and the instructions of the paper."""
        if self.placeholder:
            print("评分中：不显示试卷 / grading: the paper is not shown")
            return
        _display_markdown(self.instructions_markdown())

    def show(self, answer_id: str | None = None) -> None:
        """Display one question (by answer id), or the whole paper."""
        if self.placeholder:
            return
        if answer_id is None:
            _display_markdown(self.markdown())
            return
        _display_markdown(self.question(answer_id)["markdown"])

    def _repr_markdown_(self):
        return self.markdown() if not self.placeholder else "（评分中 / grading）"

    def __repr__(self):
        return f"<ExamPaper {self.assignment} of {self.student_id}: {len(self._questions)} questions>"


def load_paper(assignment: str, student_id=None) -> ExamPaper:
    """Read my paper of ``assignment`` from the data folders and make it the current one.

    Parameters
    ----------
    assignment : str
        The exam's assignment id, e.g. ``"FINAL_exam"``.
    student_id : str, optional
        My student id; default: the id of the shop :func:`crmlab.setup` loaded, or
        the only paper found.

    Returns
    -------
    ExamPaper

    Raises
    ------
    ExamPaperError
        When no paper (or only someone else's) is found. While the notebook is graded
        no paper is needed: a placeholder that shows nothing is returned.
    """
    if student_id is None:
        info = current_session() or {}
        student_id = info.get("student_id") if info.get("source") == "course" else None
    if student_id is not None:
        student_id = str(student_id).strip() or None
    grading = _grading()
    try:
        path = find_paper(assignment, None if grading else student_id)
    except ExamPaperError:
        if not grading:
            raise
        path = None
    data = _read(path) if path is not None else None
    if path is not None and data is None and not grading:
        raise ExamPaperError(f"试卷文件 {path} 无法读取（已损坏或不是 crmlab 的试卷）。请向老师重新要一份。",
                             f"The paper file {path} cannot be read (damaged, or not a crmlab paper). Ask your "
                             "instructor for a new copy.")
    if data is None:
        if not grading:
            where = ", ".join(str(d) for d in data_dirs()[:3])
            name = paper_file_name(assignment)
            raise ExamPaperError(
                f"没有找到你的试卷 {name}。考试开始时老师会发给你这个文件（和你的数据文件一起）：把它放进 crmlab-data "
                f"文件夹（和笔记本同一个文件夹，或你的主目录下），然后重新运行。查找过：{where}",
                f"Your paper {name} was not found. Your instructor hands it out when the exam starts (with your "
                f"data file): put it into a crmlab-data folder (next to the notebook, or in your home folder) and "
                f"run again. Looked in: {where}")
        paper = ExamPaper({"student_id": student_id, "questions": []}, assignment=assignment, path=None)
    else:
        paper = ExamPaper(data, assignment=assignment, path=path)
    _state["paper"] = paper
    return paper


def show(answer_id: str | None = None) -> None:
    """Display one question of the current paper (the one :func:`load_paper` read), or all of it."""
    paper = _state["paper"]
    if paper is None:
        if _grading():
            return
        raise ExamPaperError("还没有读入试卷：请先运行笔记本的第一个代码单元格（填好学号）。",
                             "No paper is loaded yet: run the notebook's first code cell (with your student id) first.")
    paper.show(answer_id)


def _fail(zh: str, en: str):
    raise AssertionError(f"{zh}\n{en}")


def check_answer(answer_id: str, value) -> None:
    """Check the *format* of an answer (not whether it is right); raise AssertionError if wrong.

    A single choice is one option letter (``"B"``), a multiple choice two or more
    letters (``"AC"`` or ``["A", "C"]``), a true/false ``True`` or ``False``, a
    computation a finite number. ``None`` means "not answered" (scores 0) and passes
    with a note. Grading, after submission, compares with the key of *your* paper.
    """
    typ = _TYPE_BY_CODE.get(answer_id[:2])
    paper = _state["paper"]
    letters = _LETTERS
    if paper is not None and not paper.placeholder and answer_id in paper.answer_ids:
        letters = paper.question(answer_id).get("letters") or _LETTERS
    if value is None or (isinstance(value, str) and not value.strip()):
        print(f"{answer_id}：未作答（得 0 分）/ not answered (0 points)")
        return
    if typ in ("single", "multiple"):
        if isinstance(value, str):
            chosen = [c for c in value.upper() if c not in " ,，、;；/"]
        elif isinstance(value, list | tuple | set) and all(isinstance(v, str) for v in value):
            chosen = [c for v in value for c in v.upper().strip()]
        else:
            _fail(f"{answer_id} 应写成带引号的选项字母，例如 \"B\"，却是 {type(value).__name__} 类型。",
                  f"{answer_id} should be option letters in quotes, e.g. \"B\", not of type {type(value).__name__}.")
        bad = sorted({c for c in chosen if c not in letters})
        if bad:
            _fail(f"{answer_id}：{''.join(bad)} 不是本题的选项字母（{'、'.join(letters)}）。",
                  f"{answer_id}: {''.join(bad)} is not an option letter of this question ({', '.join(letters)}).")
        if typ == "single" and len(set(chosen)) != 1:
            _fail(f"{answer_id} 是单选题：只写一个字母。", f"{answer_id} is a single choice: write one letter.")
        if typ == "multiple" and len(set(chosen)) < 2:
            print(f"{answer_id}：多选题通常有两个或以上正确选项；只选一个最多得部分分 / a multiple choice has two or more "
                  "right options; one letter scores partial credit at most")
    elif typ == "truefalse":
        ok = isinstance(value, bool) or (isinstance(value, int) and value in (0, 1)) or (
            isinstance(value, str) and value.strip().upper() in {"TRUE", "FALSE", "T", "F", "对", "错", "正确", "错误",
                                                                 "√", "×", "1", "0"})
        if not ok:
            _fail(f"{answer_id} 是判断题：写 True（对）或 False（错）。",
                  f"{answer_id} is a true/false question: write True or False.")
    elif typ == "compute":
        try:
            number = float(value)
        except (TypeError, ValueError):
            _fail(f"{answer_id} 应是一个数，却是 {type(value).__name__} 类型（{value!r:.60}）。",
                  f"{answer_id} should be a number, not of type {type(value).__name__} ({value!r:.60}).")
        if not math.isfinite(number):
            _fail(f"{answer_id} 不是有限的数：{number}。", f"{answer_id} is not a finite number: {number}.")
    print(f"{answer_id}：格式正确；交卷后按你的试卷评分 / format OK; graded against your paper after you submit")
