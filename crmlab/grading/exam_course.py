"""A computer-based final in nbgrader: one notebook for the class, one paper per student.

nbgrader releases the same notebook to everybody, so the exam notebook is generic and
each student's paper travels as data:

``build_exam`` (``crmlab exam build``)
    From a blueprint, writes ``source/<assignment>/<assignment>.ipynb``: a locked
    introduction (rules, time, the multiple-choice rule), a setup cell that loads the
    student's shop and paper (:mod:`crmlab.exam`), and for every answer id of the
    blueprint a read-only cell that shows the question, an answer cell and, for the
    auto-graded types, a locked test cell with a format-only check (its points from
    the blueprint); 名词解释, 简答 and 案例分析 are Markdown answer cells graded by
    hand. It also writes ``checks/<assignment>.py``, the trusted checks
    (:func:`course_exam_checks`), with the blueprint frozen in it.
``write_papers`` (``crmlab exam papers``)
    For every student, draws the paper from the course secret
    (:func:`~crmlab.grading.coursedata.exam_seed`), stores the instructor's copy
    (``exam_papers/<assignment>/<id>.json``, :meth:`Paper.to_dict`) and a Markdown key
    with the mark schemes and the reference values on the student's own shop
    (``<id>_key.md``), and writes the student's paper, questions only, next to the
    student's data file (``student_data/<id>/<assignment>.paper.json``). A stored
    paper is never drawn again, so later bank edits cannot change it.
``course_exam_checks``
    Grades every auto-graded answer against the student's *stored* paper; the
    computations on ``ctx.shop``, the student's whole shop rebuilt by the grader.

This is a separate step from ``crmlab grade student-data`` on purpose: the shops go
out at the start of term, the papers only when the exam starts.
"""

from __future__ import annotations

import json
import pprint
import re
from dataclasses import dataclass
from pathlib import Path

from ..errors import CRMLabError
from ..exam import PAPER_FORMAT, paper_file_name
from .coursedata import DATA_DIR, ShopKey, course_secret, exam_seed, student_shop, write_public_file
from .exam import (MANUAL_TYPES, TYPES, Bank, Blueprint, ExamBankError, Paper, assemble_paper, exam_checks, load_bank,
                   load_blueprint)
from .trusted import CheckFailed, load_lab_checks

__all__ = ["DEFAULT_ASSIGNMENT", "PAPERS_DIR", "ExamSetupError", "ExamSpec", "build_exam", "exam_notebook",
           "checks_source", "course_exam_checks", "exam_spec", "write_papers", "load_stored_paper",
           "stored_paper_path", "key_path", "student_paper_path", "student_key"]

DEFAULT_ASSIGNMENT = "FINAL_exam"
#: the instructor's copies of the papers and keys, per assignment, in the course folder
PAPERS_DIR = "exam_papers"
_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9_.\-]*$")


class ExamSetupError(CRMLabError, ValueError):
    """The exam cannot be built, handed out or keyed as asked (bilingual message)."""


@dataclass(frozen=True)
class ExamSpec:
    """What an exam assignment was built from (held by its checks as ``lab.exam``)."""

    assignment: str
    blueprint: object          # Blueprint
    bank_path: Path
    dataset: str = "classroom"
    n_customers: int | None = None


def _check_id(kind_zh, kind_en, value) -> str:
    value = str(value)
    if not _ID_RE.match(value):
        raise ExamSetupError(f"{kind_zh} {value!r} 只能含字母、数字、'_'、'-'、'.'。",
                             f"The {kind_en} {value!r} may only hold letters, digits, '_', '-' and '.'.")
    return value


def stored_paper_path(root, assignment: str, student_id: str) -> Path:
    """The instructor's copy of a student's paper: ``<root>/exam_papers/<assignment>/<id>.json``."""
    return Path(root) / PAPERS_DIR / assignment / f"{student_id}.json"


def key_path(root, assignment: str, student_id: str) -> Path:
    """The student's key with mark schemes: ``<root>/exam_papers/<assignment>/<id>_key.md``."""
    return Path(root) / PAPERS_DIR / assignment / f"{student_id}_key.md"


def student_paper_path(root, assignment: str, student_id: str, out=None) -> Path:
    """The student's paper file (questions only): ``<root>/student_data/<id>/<assignment>.paper.json``."""
    base = Path(out) if out is not None else Path(root) / DATA_DIR
    return base / student_id / paper_file_name(assignment)


# -- the notebook and the checks ----------------------------------------------------------

_ANSWER_HINT = {
    "single": ("单选题：写一个选项字母", "single choice: one option letter", '"B"'),
    "multiple": ("多选题：写出全部所选字母", "multiple choice: every letter you choose", '"AC"'),
    "truefalse": ("判断题：写 True（对）或 False（错）", "true/false: True or False", "True"),
    "compute": ("计算题：用你的商店 shop 计算，结果是一个数", "computation on your shop: the result is a number",
                "round(..., 4)"),
}


def _meta(grade_id, *, grade=False, solution=False, locked=False, points=None) -> dict:
    meta = {"grade": grade, "grade_id": grade_id, "locked": locked, "schema_version": 3, "solution": solution,
            "task": False}
    if points is not None:
        meta["points"] = float(points) if float(points) != int(points) else int(points)
    return {"nbgrader": meta}


def _cell_id(grade_id: str) -> str:
    return ("exam-" + re.sub(r"[^A-Za-z0-9_-]", "-", grade_id))[:64]


def _intro(assignment, blueprint, instructions, dataset) -> str:
    zh, en = blueprint.name
    auto = "、".join(TYPES[s.type][0] for s in blueprint.sections if TYPES[s.type][3])
    manual = "、".join(TYPES[s.type][0] for s in blueprint.sections if not TYPES[s.type][3])
    auto_en = ", ".join(TYPES[s.type][1].lower() for s in blueprint.sections if TYPES[s.type][3])
    manual_en = ", ".join(TYPES[s.type][1].lower() for s in blueprint.sections if not TYPES[s.type][3])
    lines = [f"# {zh}", f"# {blueprint.name[1]}", "",
             f"**中文**：每位同学的试卷各不相同（题目、选项顺序和计算题的数据都不同），你的试卷是老师发给你的文件 "
             f"`{assignment}.paper.json`，和你的数据文件放在同一个 `crmlab-data` 文件夹里。",
             "", "考试说明：", ""]
    lines += [f"- {z}" for z, _ in instructions]
    lines += [
        "", "怎样作答：", "",
        "1. 在下面第一个代码单元格里填写你的学号并运行：它读入你的商店数据和你的试卷，显示考试说明。",
        "2. 每道题上方的灰色单元格显示题目（运行它）；在它下面的答案单元格里，把 `raise NotImplementedError()` "
        "换成你的答案，例如 `sc01 = \"B\"`。不会做的题写 `sc01 = None`（得 0 分）。",
        "3. 答案下方的测试单元格只检查格式，不告诉你对错。交卷后按你自己的试卷评分："
        f"{auto}自动评分，{manual}由老师按评分要点评阅（写在 Markdown 单元格里）。",
        "4. 计算题用你自己的数据 `shop` 写代码计算。不要修改题目和测试单元格；随时保存（Ctrl+S），按时提交。",
        "", f"**English**: every student has a different paper (items, option order, data for the computations); "
        f"yours is the file `{assignment}.paper.json` your instructor hands out, in the same `crmlab-data` folder "
        "as your data file.", "", "Instructions:", ""]
    lines += [f"- {e}" for _, e in instructions]
    lines += [
        "", "How to answer:", "",
        "1. Put your student id in the first code cell below and run it: it loads your shop and your paper and "
        "shows the instructions.",
        "2. The grey cell above each answer shows the question (run it); in the answer cell below it, replace "
        "`raise NotImplementedError()` with your answer, e.g. `sc01 = \"B\"`. To skip a question write "
        "`sc01 = None` (0 points).",
        "3. The test cell below an answer checks the format only, not whether it is right. After you submit, "
        f"your own paper is graded: {auto_en} automatically; {manual_en} by your teacher against a mark scheme "
        "(answer in the Markdown cells).",
        "4. Computations are code on your own data, `shop`. Do not edit the questions or the test cells; save "
        "often (Ctrl+S) and submit in time."]
    return "\n".join(lines)


def _setup_source(assignment, dataset, n_customers) -> str:
    extra = ""
    if dataset != "classroom":
        extra += f", dataset={dataset!r}"
    if n_customers is not None:
        extra += f", n_customers={int(n_customers)}"
    return ("import numpy as np\nimport pandas as pd\n\nimport crmlab\nimport crmlab.exam\n\n"
            "STUDENT_ID = None  # 填写你的学号 / your student id, e.g. \"2024001\"\n"
            f"shop = crmlab.setup(student_id=STUDENT_ID{extra})\n"
            f"paper = crmlab.exam.load_paper({assignment!r}, student_id=STUDENT_ID)\n"
            "paper.show_instructions()")


def exam_notebook(assignment: str, blueprint, instructions, *, dataset="classroom", n_customers=None):
    """The generic exam notebook (instructor's source version) for ``blueprint``.

    Parameters
    ----------
    assignment : str
    blueprint : Blueprint
    instructions : list of (str, str)
        The paper's instructions (:meth:`Paper.instructions`; the same for every paper
        of the blueprint).
    dataset, n_customers
        The shop the computation part uses.

    Returns
    -------
    nbformat.NotebookNode
    """
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook


    def md(grade_id, source, **kw):
        return new_markdown_cell(source, id=_cell_id(grade_id), metadata=_meta(grade_id, **kw))

    def code(grade_id, source, **kw):
        meta = _meta(grade_id, **kw) if grade_id else {}
        return new_code_cell(source, id=_cell_id(grade_id or "setup"), metadata=meta)

    headings = Paper(seed=0, blueprint=blueprint, sections=tuple((s, ()) for s in blueprint.sections))
    cells = [md("exam_intro", _intro(assignment, blueprint, instructions, dataset), locked=True),
             code(None, _setup_source(assignment, dataset, n_customers))]
    for i, sec in enumerate(blueprint.sections):
        cells.append(md(f"part_{sec.code}", headings._section_heading(i, sec).strip(), locked=True))
        for n in range(1, sec.count + 1):
            aid = f"{sec.code}{n:02d}"
            cells.append(code(f"{aid}_q", f"crmlab.exam.show({aid!r})", locked=True))
            if sec.type in MANUAL_TYPES:
                cells.append(md(aid, f"评分标准：按该生试卷的评分要点，见 `{PAPERS_DIR}/{assignment}/<学号>_key.md` 中的 "
                                     f"`[{aid}]`。\n\nMark scheme: per the mark scheme of the student's own paper, "
                                     f"`[{aid}]` in `{PAPERS_DIR}/{assignment}/<id>_key.md`.",
                                grade=True, solution=True, points=sec.points))
                continue
            zh, en, example = _ANSWER_HINT[sec.type]
            cells.append(code(aid, f"# {zh} / {en}, e.g. {aid} = {example}\n### BEGIN SOLUTION\n{aid} = None\n"
                                   "### END SOLUTION", solution=True))
            cells.append(code(f"test_{aid}",
                              f'"""{aid}：只检查格式；交卷后按你的试卷评分 / format check only; graded against your '
                              f'paper after you submit"""\ncrmlab.exam.check_answer({aid!r}, {aid})',
                              grade=True, locked=True, points=sec.points))
    cells.append(md("exam_end", "**交卷前**：保存笔记本（Ctrl+S）并按时提交。评分时只看你写在答案单元格里的答案。\n\n"
                                "**Before time is up**: save the notebook (Ctrl+S) and submit. Only what is in the "
                                "answer cells is graded.", locked=True))
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python",
                                                            "name": "python3"},
                                             "language_info": {"name": "python"}})
    nbformat.validate(nb)
    return nb


def checks_source(assignment: str, blueprint, *, bank: str = "exam_bank", dataset="classroom",
                  n_customers=None) -> str:
    """The text of ``checks/<assignment>.py``: :func:`course_exam_checks` with the blueprint frozen in it."""
    frozen = pprint.pformat(blueprint.to_dict(), indent=1, width=100, sort_dicts=False)
    extra = f", n_customers={int(n_customers)}" if n_customers is not None else ""
    return f'''"""Trusted checks of the exam {assignment}. Instructors only: never released.

Made by `crmlab exam build`; do not edit by hand (build again instead). Every auto-graded
answer (sc.., mc.., tf.., cp..) is graded against the student's own paper, the one
stored by `crmlab exam papers` in {PAPERS_DIR}/{assignment}/<student>.json; the
computations on the student's whole shop, rebuilt by the grader from the course secret.
The blueprint below is the one the notebook was built from: it fixes the answer ids
and their points.
"""

from pathlib import Path

from crmlab.grading.exam_course import course_exam_checks

COURSE = Path(__file__).resolve().parents[1]
BANK = {bank!r}
DATASET = {dataset!r}
BLUEPRINT = {frozen}

lab = course_exam_checks({assignment!r}, COURSE, blueprint=BLUEPRINT, bank=BANK, dataset=DATASET{extra})
'''


def _write_if_changed(path: Path, text: str, force: bool) -> bool:
    """Write ``text``; refuse to replace different content unless ``force``. True when written."""
    if path.exists():
        if path.read_text(encoding="utf-8") == text:
            return False
        if not force:
            raise ExamSetupError(f"{path} 已存在且内容不同。加上 --force 覆盖（已发出的考试请不要再改）。",
                                 f"{path} exists with other content. Add --force to replace it (never after the "
                                 "exam was handed out).")
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return True


def _bank_dir(root: Path, bank) -> Path:
    return Path(bank).resolve() if bank is not None else root / "exam_bank"


def build_exam(root, assignment: str = DEFAULT_ASSIGNMENT, *, blueprint=None, bank=None, dataset: str = "classroom",
               n_customers=None, force: bool = False) -> dict:
    """Write the exam notebook and its trusted checks into the course folder ``root``.

    Parameters
    ----------
    root : path
        The nbgrader course folder.
    assignment : str, default="FINAL_exam"
        The nbgrader assignment id.
    blueprint : path, optional
        Default: ``blueprint.yaml`` of the bank.
    bank : path, optional
        Default: ``<root>/exam_bank``.
    dataset, n_customers
        The shop of the computation part (default: the classroom shop).
    force : bool, default=False
        Replace an existing notebook or checks module with different content.

    Returns
    -------
    dict
        ``{"notebook": path, "checks": path, "written": [paths written]}``.

    Raises
    ------
    ExamBankError
        The bank or the blueprint is broken, or the bank is too small for the blueprint.
    ExamSetupError
        Different files exist already (without ``force``).
    """
    import nbformat



    root = Path(root).resolve()
    assignment = _check_id("作业名", "assignment id", assignment)
    ShopKey(dataset, n_customers)  # an unknown dataset fails here, not while grading
    bank_dir = _bank_dir(root, bank)
    bank_obj = load_bank(bank_dir)
    bp = load_blueprint(Path(blueprint) if blueprint is not None else bank_dir / "blueprint.yaml")
    sample = assemble_paper(bank_obj, bp, 0)  # checks that the bank can fill every paper; gives the instructions
    nb = exam_notebook(assignment, bp, sample.instructions(), dataset=dataset, n_customers=n_customers)
    try:
        bank_ref = bank_dir.relative_to(root).as_posix()
    except ValueError:
        bank_ref = str(bank_dir)
    nb_path = root / "source" / assignment / f"{assignment}.ipynb"
    checks_path = root / "checks" / f"{assignment}.py"
    written = []
    if _write_if_changed(nb_path, nbformat.writes(nb) + "\n", force):
        written.append(nb_path)
    if _write_if_changed(checks_path, checks_source(assignment, bp, bank=bank_ref, dataset=dataset,
                                                    n_customers=n_customers), force):
        written.append(checks_path)
    return {"notebook": nb_path, "checks": checks_path, "written": written}


def course_exam_checks(assignment: str, course, *, blueprint, bank="exam_bank", dataset: str = "classroom",
                       n_customers=None):
    """The trusted checks of a course exam: every answer graded against the student's stored paper.

    Used by the ``checks/<assignment>.py`` that :func:`build_exam` writes.

    Parameters
    ----------
    assignment : str
    course : path
        The course folder (where ``exam_papers/`` and, by default, the bank are).
    blueprint : dict or Blueprint
        The blueprint the notebook was built from.
    bank : path, default="exam_bank"
        The bank, relative to ``course`` unless absolute; read on the first check.
    dataset, n_customers
        The shop of the computation part.

    Returns
    -------
    crmlab.grading.trusted.LabChecks
        With ``lab.exam``, an :class:`ExamSpec`.
    """
    course = Path(course)
    bank_path = Path(bank) if Path(bank).is_absolute() else course / bank
    bp = blueprint if isinstance(blueprint, Blueprint) else Blueprint.from_dict(blueprint)
    cache: dict = {}

    def paper_of(ctx):
        root = ctx.root if ctx.root is not None else course
        path = stored_paper_path(root, assignment, ctx.student_id)
        if not path.is_file():
            raise CheckFailed(f"没有保存学号 {ctx.student_id} 的试卷（{PAPERS_DIR}/{assignment}/）：发卷时没有为你生成试卷，"
                              "请联系老师（crmlab exam papers）。",
                              f"No paper is stored for student {ctx.student_id} ({PAPERS_DIR}/{assignment}/): none "
                              "was made for you when the exam was handed out; ask your teacher (crmlab exam papers).",
                              mistake="no_paper")
        try:
            data = json.loads(path.read_text(encoding="utf-8"))
            if str(data.get("student_id")) != ctx.student_id:
                raise ExamBankError(f"{path.name} 属于学号 {data.get('student_id')}", f"{path.name} belongs to "
                                    f"student {data.get('student_id')}")
            if "bank" not in cache:
                cache["bank"] = load_bank(bank_path)
            return Paper.from_dict(data, cache["bank"])
        except (OSError, ValueError, KeyError, ExamBankError) as exc:
            raise CheckFailed(f"评分程序无法读取你保存的试卷，请联系老师：{exc}",
                              f"The grader cannot read your stored paper; ask your teacher: {exc}",
                              mistake="paper_unreadable") from exc

    lab = exam_checks(assignment, blueprint=bp, dataset=dataset, n_customers=n_customers, paper_of=paper_of)
    lab.exam = ExamSpec(assignment, bp, bank_path, dataset, n_customers)
    return lab


def exam_spec(root, assignment: str = DEFAULT_ASSIGNMENT) -> ExamSpec:
    """What ``checks/<assignment>.py`` says the exam was built from; raises if it was not built."""
    lab = load_lab_checks(Path(root), assignment)
    spec = getattr(lab, "exam", None) if lab is not None else None
    if not isinstance(spec, ExamSpec):
        raise ExamSetupError(f"{assignment} 不是用 crmlab exam build 生成的考试（没有 checks/{assignment}.py 或不是考试的检查）。"
                             f"先运行 crmlab exam build --assignment {assignment}。",
                             f"{assignment} is not an exam made by crmlab exam build (no checks/{assignment}.py, or "
                             f"not an exam's checks). Run crmlab exam build --assignment {assignment} first.")
    return spec


def load_stored_paper(root, assignment: str, student_id: str, bank=None):
    """The stored paper of ``student_id`` (a :class:`~crmlab.grading.exam.Paper`), rebuilt from the bank.

    Raises
    ------
    ExamSetupError
        No paper is stored for this student.
    """
    path = stored_paper_path(root, assignment, student_id)
    if not path.is_file():
        raise ExamSetupError(f"没有学号 {student_id} 的试卷：{path}。先运行 crmlab exam papers。",
                             f"No paper for student {student_id}: {path}. Run crmlab exam papers first.")
    if not isinstance(bank, Bank):
        bank = load_bank(bank if bank is not None else exam_spec(root, assignment).bank_path)
    return Paper.from_dict(json.loads(path.read_text(encoding="utf-8")), bank)


def _key_markdown(paper, assignment, student_id, shop) -> str:
    manual = ", ".join(f"`{q.answer_id}`" for q in paper.questions if q.type in MANUAL_TYPES)
    note = (f"学号 / student: **{student_id}** · 作业 / assignment: `{assignment}`\n\n"
            f"在 Formgrader 中按下面的评分要点人工评分的单元格：{manual}；案例分析的各小题写在同一个答案单元格里。"
            f"自动评分的题按这份试卷评分。\n\n"
            f"Cells graded by hand in the formgrader against the mark schemes below: {manual}; the sub-questions of "
            "a case are answered in one cell. The auto-graded questions are graded against this paper.")
    key = paper.render_key(shop, shop_name=f"学号 {student_id} 的商店 / student {student_id}'s shop")
    marker = "> 仅供教师使用，不得发给学生。 / For instructors only; never give to students.\n"
    return key.replace(marker, marker + "\n" + note + "\n", 1) if marker in key else note + "\n\n" + key


def write_papers(root, students, assignment: str = DEFAULT_ASSIGNMENT, *, out=None, redraw: bool = False,
                 progress: bool = True) -> dict:
    """Draw, store and hand out every student's paper of an exam built by :func:`build_exam`.

    For each student: the paper is drawn with the seed
    :func:`~crmlab.grading.coursedata.exam_seed` (course secret, student id,
    assignment), stored as ``exam_papers/<assignment>/<id>.json`` (kept: running again
    never changes a stored paper unless ``redraw``), keyed in
    ``exam_papers/<assignment>/<id>_key.md`` (keys, explanations, mark schemes, the
    reference values on the student's own shop; written again on every run, so a
    corrected key in the bank shows), and written for the student, questions only, as
    ``<out>/<id>/<assignment>.paper.json`` next to the student's data file (which is
    written too when missing).

    Parameters
    ----------
    root : path
        The course folder; it must have the course secret (``crmlab grade student-data``).
    students : iterable of str
    assignment : str, default="FINAL_exam"
    out : path, optional
        Default ``<root>/student_data``.
    redraw : bool, default=False
        Draw the papers again from the current bank (only before they are handed out).
    progress : bool, default=True

    Returns
    -------
    dict
        ``{student_id: {"paper": path, "stored": path, "key": path, "new": bool}}``.
    """
    root = Path(root).resolve()
    assignment = _check_id("作业名", "assignment id", assignment)
    spec = exam_spec(root, assignment)
    secret = course_secret(root)
    if secret is None:
        raise ExamSetupError("课程还没有密钥：先运行 crmlab grade student-data（创建课程密钥和学生的数据文件），再生成试卷。",
                             "The course has no secret yet: run crmlab grade student-data first (it creates the course "
                             "secret and the students' data files), then make the papers.")
    students = [_check_id("学号", "student id", s) for s in students]
    bank = load_bank(spec.bank_path)
    key = ShopKey(spec.dataset, spec.n_customers)
    out_dir = Path(out) if out is not None else None
    done = {}
    bar = None
    if progress:
        from tqdm.auto import tqdm

        bar = tqdm(total=len(students), unit="paper", desc="exam papers / 试卷")
    try:
        for sid in students:
            stored = stored_paper_path(root, assignment, sid)
            new = redraw or not stored.is_file()
            if new:
                paper = assemble_paper(bank, spec.blueprint, exam_seed(secret, sid, assignment), student_id=sid)
                data = {"assignment": assignment, **paper.to_dict()}
                stored.parent.mkdir(parents=True, exist_ok=True)
                stored.write_text(json.dumps(data, ensure_ascii=False, indent=1, sort_keys=True) + "\n",
                                  encoding="utf-8")
            else:
                paper = load_stored_paper(root, assignment, sid, bank)
            shop = student_shop(root, sid, key, secret=secret)
            view = {"format": PAPER_FORMAT, "assignment": assignment, **paper.student_view()}
            target = student_paper_path(root, assignment, sid, out_dir)
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(json.dumps(view, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
            shop_file = target.parent / f"{key.name}.sqlite"
            if not shop_file.exists():
                write_public_file(shop, shop_file)
            kp = key_path(root, assignment, sid)
            kp.write_text(_key_markdown(paper, assignment, sid, shop), encoding="utf-8")
            done[sid] = {"paper": target, "stored": stored, "key": kp, "new": new}
            if bar is not None:
                bar.update(1)
    finally:
        if bar is not None:
            bar.close()
    return done


def student_key(root, student_id: str, assignment: str = DEFAULT_ASSIGNMENT) -> Path:
    """The path of a student's key (``<id>_key.md``), written from the stored paper when missing."""
    root = Path(root).resolve()
    student_id = _check_id("学号", "student id", student_id)
    path = key_path(root, assignment, student_id)
    if path.is_file():
        return path
    spec = exam_spec(root, assignment)
    paper = load_stored_paper(root, assignment, student_id, spec.bank_path)
    shop = student_shop(root, student_id, ShopKey(spec.dataset, spec.n_customers), secret=course_secret(root))
    path.write_text(_key_markdown(paper, assignment, student_id, shop), encoding="utf-8")
    return path
