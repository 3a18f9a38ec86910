"""The final-exam bank: load and check it, draw a paper per student, grade its objective part.

A Chinese final for this course has 名词解释, 单选, 多选, 判断, 简答 and 案例分析, and ours
adds a computation part on the student's own shop. The items live in the instructor's
course folder, ``assignments/exam_bank/`` (one YAML file per chapter, ``topics.yaml``
for the cross-chapter topics, ``reference.py`` with the reference computations and
``blueprint.yaml``, the default 双向细目表). They hold answer keys, so they never ship
in this package or to students: this module is only the code that reads them.

- :func:`load_bank` reads and validates a bank (:func:`validate_bank` lists problems
  without raising); :class:`Bank` holds the items.
- :class:`Blueprint` says how many items of which type, from which chapters, for how
  many points (:func:`load_blueprint` reads ``blueprint.yaml``).
- :func:`assemble_paper` draws a :class:`Paper` from a seed: balanced across chapters
  by syllabus hours, no item twice, options shuffled per student with the key remapped.
  :func:`build_student_paper` is the same for one student (the caller derives the seed,
  e.g. from the course secret).
- :meth:`Paper.render_student` and :meth:`Paper.render_key` give the student's paper
  and the instructor's key (with mark schemes) as Markdown; :meth:`Paper.cells` the
  cells of an nbgrader notebook as plain data.
- :func:`grade_objective` grades 单选, 多选 and 判断 from plain answers, with feedback;
  :func:`grade_computation` grades the computation part against the student's shop.

Randomness comes from SHA-256 of the seed and the item ids, not from a random number
generator, so a paper is the same on every machine and Python/NumPy version, and
adding an item to the bank does not reshuffle the options of the others.
"""

from __future__ import annotations

import hashlib
import importlib.util
import inspect
import json
import math
import re
import string
import sys
from dataclasses import dataclass, field
from fractions import Fraction
from pathlib import Path

import yaml

from ..errors import CRMLabError
from ..schema import PUBLIC_TABLES
from .trusted import CheckFailed, LabChecks

__all__ = [
    "SYLLABUS", "TYPES", "OBJECTIVE_TYPES", "MANUAL_TYPES", "DEFAULT_BANK_DIR", "ExamBankError",
    "Item", "Bank", "Section", "Blueprint", "Question", "Paper", "ItemGrade", "GradeReport",
    "load_bank", "validate_bank", "load_blueprint", "check_blueprint", "assemble_paper",
    "build_student_paper", "grade_objective", "grade_computation", "expected_values", "exam_checks",
]

#: chapter -> (syllabus hours, zh title, en title), from the course syllabus (43 hours).
SYLLABUS: dict[int, tuple[int, str, str]] = {
    1: (3, "客户关系管理与社会化客户关系管理", "CRM and social CRM"),
    2: (4, "客户分析：优质客户识别、开发与维护", "Customer analysis"),
    3: (5, "客户信息管理", "Customer information management"),
    4: (4, "客户满意度管理", "Customer satisfaction"),
    5: (4, "客户忠诚度管理", "Customer loyalty"),
    6: (8, "CRM 营销", "CRM marketing"),
    7: (3, "呼叫中心", "Call center"),
    8: (4, "客户服务管理", "Customer service management"),
    9: (4, "CRM 数据分析", "CRM data analysis"),
    10: (4, "CRM 部门组建", "The CRM department"),
}

#: type -> (zh name, en name, id code, graded automatically)
TYPES: dict[str, tuple[str, str, str, bool]] = {
    "single": ("单项选择题", "Single choice", "sc", True),
    "multiple": ("多项选择题", "Multiple choice", "mc", True),
    "truefalse": ("判断题", "True or false", "tf", True),
    "term": ("名词解释", "Term definitions", "td", False),
    "short": ("简答题", "Short answer", "sa", False),
    "case": ("案例分析题", "Case analysis", "ca", False),
    "compute": ("计算题", "Computation on your shop", "cp", True),
}
#: the types graded by :func:`grade_objective`
OBJECTIVE_TYPES = ("single", "multiple", "truefalse")
#: the types graded by hand in the formgrader, with mark schemes
MANUAL_TYPES = ("term", "short", "case")
#: where the bank lives in the instructor's course folder, relative to the project root
DEFAULT_BANK_DIR = Path("assignments") / "exam_bank"

_CODE_TO_TYPE = {v[2]: k for k, v in TYPES.items()}
# libyaml's loader when pyyaml has it (six times faster), the same documents otherwise
_YAML_LOADER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
_ID_RE = re.compile(r"^(?:ch(?P<ch>0[1-9]|10)|tp-(?P<topic>[a-z]+))-(?P<code>[a-z]{2})-(?P<num>\d{3})$")
_LETTERS = "ABCDE"
_NUMERALS = "一二三四五六七八九十"
# option texts that give the answer away or dodge the question
_BANNED_OPTIONS = re.compile(r"以上(都|全|均)|以上选项|all of the above|none of the above|both of the above", re.I)
# an explanation that names an option by its letter breaks when the options are shuffled
_LETTER_REF = re.compile(r"选项\s*[A-E](?![A-Za-z])|(?<![A-Za-z/])[A-E]\s*项|\b[Oo]ptions?\s+[A-E]\b")

_ITEM_FIELDS = {
    "common": {"id", "type", "chapter", "term", "difficulty", "points", "stem", "topic", "note"},
    "single": {"options", "key", "explain", "why_not", "shuffle"},
    "multiple": {"options", "key", "explain", "why_not", "shuffle"},
    "truefalse": {"key", "explain"},
    "term": {"scheme"},
    "short": {"scheme"},
    "case": {"title", "questions"},
    "compute": {"quantity", "tables", "reference", "params", "rtol", "atol", "explain"},
}


class ExamBankError(CRMLabError, ValueError):
    """The exam bank or a blueprint is broken; ``problems`` lists every finding.

    Each finding names the file and the item id, in Chinese and English.
    """

    def __init__(self, zh: str, en: str, problems=()):
        self.problems = list(problems)
        super().__init__(zh, en)


def _fail(problems, what_zh="题库", what_en="the exam bank"):
    shown = problems[:30]
    more = len(problems) - len(shown)
    zh = f"{what_zh}有 {len(problems)} 个问题：\n" + "\n".join(f"- {p[0]}" for p in shown)
    en = f"{what_en} has {len(problems)} problem(s):\n" + "\n".join(f"- {p[1]}" for p in shown)
    if more:
        zh += f"\n……另有 {more} 个"
        en += f"\n... and {more} more"
    raise ExamBankError(zh, en, problems)


# -- deterministic draws ---------------------------------------------------------------

def _hash_int(*parts) -> int:
    data = "\x1f".join(str(p) for p in parts).encode()
    return int.from_bytes(hashlib.sha256(data).digest()[:8], "big")


def _unit(*parts) -> float:
    """A number in (0, 1) fixed by ``parts``: the same on every machine."""
    return (_hash_int(*parts) + 0.5) / 2**64


# -- items -----------------------------------------------------------------------------

def _text(value) -> tuple[str, str]:
    return (str(value.get("zh", "")).strip(), str(value.get("en", "")).strip()) if isinstance(value, dict) else ("", "")


@dataclass(frozen=True)
class Item:
    """One item of the bank, as written in its YAML file.

    Texts are ``(zh, en)`` pairs. Only the fields of the item's type are filled:
    ``options``/``key``/``why_not`` for choice items, ``key`` (bool) for 判断,
    ``scheme`` (要点: ``(zh, en, points)``) for 名词解释 and 简答, ``questions`` for 案例分析,
    and ``quantity``/``tables``/``reference``/``params`` for computations.
    """

    id: str
    type: str
    chapter: int
    term: str
    difficulty: int
    points: float
    stem: tuple[str, str]
    file: str = ""
    topic: str | None = None
    options: dict = field(default_factory=dict)
    key: object = None
    explain: tuple[str, str] = ("", "")
    why_not: dict = field(default_factory=dict)
    shuffle: bool = True
    scheme: tuple = ()
    title: tuple[str, str] = ("", "")
    questions: tuple = ()
    quantity: tuple[str, str] = ("", "")
    tables: tuple = ()
    reference: str = ""
    params: dict = field(default_factory=dict)
    rtol: float = 1e-3
    atol: float = 0.0

    @property
    def objective(self) -> bool:
        """True for 单选, 多选 and 判断."""
        return self.type in OBJECTIVE_TYPES


def _scheme(raw, where, problems, label="scheme"):
    out = []
    if not isinstance(raw, list) or not raw:
        problems.append((f"{where}：缺少评分要点 `{label}`（列表，每条有 zh、en、points）",
                         f"{where}: missing the mark scheme `{label}` (a list of zh, en, points)"))
        return ()
    for i, p in enumerate(raw, start=1):
        zh, en = _text(p)
        pts = p.get("points") if isinstance(p, dict) else None
        if not zh or not en or not isinstance(pts, int | float) or pts <= 0:
            problems.append((f"{where}：评分要点第 {i} 条需要 zh、en 和正的 points",
                             f"{where}: point {i} of the mark scheme needs zh, en and positive points"))
            continue
        out.append((zh, en, float(pts)))
    return tuple(out)


def _parse_item(raw, file, problems, file_chapter=None, public_tables=()):  # noqa: C901 - one rule per line
    if not isinstance(raw, dict):
        problems.append((f"{file}：条目不是映射（字典）", f"{file}: an item is not a mapping"))
        return None
    iid = str(raw.get("id", "")).strip()
    where = f"{file}: {iid or '(无 id)'}"
    where_en = f"{file}: {iid or '(no id)'}"
    before = len(problems)

    def bad(zh, en):
        problems.append((f"{where}：{zh}", f"{where_en}: {en}"))

    m = _ID_RE.match(iid)
    if not iid:
        bad("缺少 `id`", "missing `id`")
    elif not m:
        bad("`id` 的格式应为 ch04-sc-007 或 tp-research-sc-001", "`id` should look like ch04-sc-007 or tp-research-sc-001")
    typ = raw.get("type")
    if typ not in TYPES:
        bad(f"未知题型 `type: {typ}`，可用：{', '.join(TYPES)}", f"unknown `type: {typ}`; known: {', '.join(TYPES)}")
        return None
    chapter = raw.get("chapter")
    if not isinstance(chapter, int) or isinstance(chapter, bool) or chapter not in SYLLABUS:
        bad(f"未知章节 `chapter: {chapter}`（应为 1–10）", f"unknown `chapter: {chapter}` (should be 1-10)")
        return None
    if file_chapter is not None and chapter != file_chapter:
        bad(f"章节 {chapter} 与文件的章节 {file_chapter} 不一致", f"chapter {chapter} differs from the file's chapter {file_chapter}")
    if m:
        if m.group("ch") and int(m.group("ch")) != chapter:
            bad(f"`id` 中的章节与 `chapter: {chapter}` 不一致", f"the chapter in `id` differs from `chapter: {chapter}`")
        if _CODE_TO_TYPE.get(m.group("code")) != typ:
            bad(f"`id` 中的题型代码应为 {TYPES[typ][2]}", f"the type code in `id` should be {TYPES[typ][2]}")
    unknown = set(raw) - _ITEM_FIELDS["common"] - _ITEM_FIELDS[typ]
    if unknown:
        bad(f"未知字段 {sorted(unknown)}", f"unknown field(s) {sorted(unknown)}")
    term = str(raw.get("term", "") or "").strip()
    if not term:
        bad("缺少考查的术语 `term`（大纲中的中文术语）", "missing `term` (the syllabus term, in Chinese)")
    diff = raw.get("difficulty")
    if diff not in (1, 2, 3) or isinstance(diff, bool):
        bad("`difficulty` 应为 1（易）、2（中）或 3（难）", "`difficulty` should be 1 (easy), 2 (medium) or 3 (hard)")
    points = raw.get("points")
    if not isinstance(points, int | float) or isinstance(points, bool) or points <= 0:
        bad("`points`（默认分值）应为正数", "`points` (default points) should be a positive number")
        points = 1
    stem = _text(raw.get("stem"))
    if not all(stem):
        bad("题干 `stem` 需要 zh 和 en", "`stem` needs zh and en")
    kw = dict(id=iid, type=typ, chapter=chapter, term=term, difficulty=diff if diff in (1, 2, 3) else 2,
              points=float(points), stem=stem, file=file, topic=raw.get("topic"))

    if typ in ("single", "multiple"):
        opts_raw = raw.get("options")
        options = {}
        if not isinstance(opts_raw, dict) or not opts_raw:
            bad("缺少选项 `options`", "missing `options`")
        else:
            letters = [str(k) for k in opts_raw]
            n = len(letters)
            lo = 4
            if letters != list(_LETTERS[:n]) or not lo <= n <= 5:
                bad("选项应为 A、B、C、D（多选可到 E），按字母顺序", "options should be A, B, C, D (up to E), in order")
            for k, v in opts_raw.items():
                zh, en = _text(v)
                if not zh or not en:
                    bad(f"选项 {k} 需要 zh 和 en", f"option {k} needs zh and en")
                if _BANNED_OPTIONS.search(zh) or _BANNED_OPTIONS.search(en):
                    bad(f"选项 {k} 是“以上都对/都不对”一类，不要用", f"option {k} is an \"all/none of the above\"; do not use one")
                options[str(k)] = (zh, en)
        key = raw.get("key")
        if typ == "single":
            if not isinstance(key, str) or key not in options:
                bad(f"答案 `key: {key}` 不是选项中的一个字母", f"the key `key: {key}` is not one of the option letters")
                key = None
        else:
            if isinstance(key, str):
                key = list(key.replace(",", "").replace(" ", ""))
            if not isinstance(key, list) or len(key) < 2 or any(k not in options for k in key) or len(set(key)) != len(key):
                bad(f"多选题答案 `key: {raw.get('key')}` 应是至少两个不重复的选项字母",
                    f"the key `key: {raw.get('key')}` of a multiple-choice item should be two or more distinct option letters")
                key = None
            elif options and len(key) == len(options):
                bad("多选题的答案不能是全部选项", "the key of a multiple-choice item cannot be every option")
            key = tuple(sorted(key)) if key else None
        explain = _text(raw.get("explain"))
        if not all(explain):
            bad("缺少答案解析 `explain`（zh 和 en）", "missing the explanation of the key `explain` (zh and en)")
        why_raw = raw.get("why_not") or {}
        why_not = {}
        keyset = set(key if isinstance(key, tuple) else [key])
        if not isinstance(why_raw, dict):
            bad("`why_not` 应是“选项字母: {zh, en}”的映射", "`why_not` should map option letters to {zh, en}")
            why_raw = {}
        for letter in options:
            if letter in keyset:
                if letter in why_raw:
                    bad(f"选项 {letter} 是正确答案，不应写在 `why_not` 中", f"option {letter} is in the key; it cannot be in `why_not`")
                continue
            zh, en = _text(why_raw.get(letter))
            if not zh or not en:
                bad(f"缺少错误选项 {letter} 的解析 `why_not.{letter}`（zh 和 en）",
                    f"missing the explanation of wrong option {letter}, `why_not.{letter}` (zh and en)")
            why_not[letter] = (zh, en)
        for letter in why_raw:
            if str(letter) not in options:
                bad(f"`why_not` 中的 {letter} 不是选项", f"`why_not` names {letter}, which is not an option")
        for zh, en in [explain, *why_not.values()]:
            if _LETTER_REF.search(zh) or _LETTER_REF.search(en):
                bad("解析里用字母指代选项；选项会打乱，请直接写选项内容",
                    "an explanation names an option by its letter; options are shuffled, so name the content")
                break
        shuffle = raw.get("shuffle", True)
        kw.update(options=options, key=key, explain=explain, why_not=why_not, shuffle=bool(shuffle))
    elif typ == "truefalse":
        key = raw.get("key")
        if not isinstance(key, bool):
            bad("判断题的答案 `key` 应为 true 或 false", "the key of a true/false item should be true or false")
        explain = _text(raw.get("explain"))
        if not all(explain):
            bad("缺少答案解析 `explain`（zh 和 en）：说明为什么对，或错在哪里",
                "missing `explain` (zh and en): why the statement is true, or what is wrong with it")
        kw.update(key=key if isinstance(key, bool) else None, explain=explain)
    elif typ in ("term", "short"):
        scheme = _scheme(raw.get("scheme"), where, problems)
        if scheme and abs(sum(p[2] for p in scheme) - float(points)) > 1e-9:
            bad(f"评分要点共 {sum(p[2] for p in scheme):g} 分，与 points: {points} 不一致",
                f"the mark scheme adds up to {sum(p[2] for p in scheme):g}, not points: {points}")
        kw.update(scheme=scheme)
    elif typ == "case":
        qs = []
        raw_qs = raw.get("questions")
        if not isinstance(raw_qs, list) or not raw_qs:
            bad("案例分析题需要小题列表 `questions`", "a case needs a list of `questions`")
        else:
            for i, q in enumerate(raw_qs, start=1):
                zh, en = _text(q)
                pts = q.get("points") if isinstance(q, dict) else None
                if not zh or not en or not isinstance(pts, int | float) or pts <= 0:
                    bad(f"第 {i} 小题需要 zh、en 和 points", f"question {i} needs zh, en and points")
                    continue
                sch = _scheme(q.get("scheme"), f"{where} ({i})", problems)
                if sch and abs(sum(p[2] for p in sch) - pts) > 1e-9:
                    bad(f"第 {i} 小题评分要点共 {sum(p[2] for p in sch):g} 分，与该小题 {pts} 分不一致",
                        f"the scheme of question {i} adds up to {sum(p[2] for p in sch):g}, not its {pts} points")
                qs.append((zh, en, float(pts), sch))
            if qs and abs(sum(q[2] for q in qs) - float(points)) > 1e-9:
                bad(f"各小题共 {sum(q[2] for q in qs):g} 分，与 points: {points} 不一致",
                    f"the questions add up to {sum(q[2] for q in qs):g}, not points: {points}")
        kw.update(questions=tuple(qs), title=_text(raw.get("title")))
    elif typ == "compute":
        quantity = _text(raw.get("quantity"))
        if not all(quantity):
            bad("计算题需要所求的量 `quantity`（zh 和 en）", "a computation needs the `quantity` it asks for (zh and en)")
        tables = raw.get("tables")
        if not isinstance(tables, list) or not tables:
            bad("计算题需要用到的表 `tables`", "a computation needs the `tables` it uses")
            tables = []
        elif public_tables:
            for t in tables:
                if t not in public_tables:
                    bad(f"表 `{t}` 不是商店的公开表", f"table `{t}` is not a public table of the shop")
        ref = raw.get("reference")
        if not isinstance(ref, str) or not ref.isidentifier():
            bad("计算题需要参考计算的函数名 `reference`（reference.py 中）",
                "a computation needs `reference`, the name of a function in reference.py")
            ref = ""
        params = raw.get("params") or {}
        if not isinstance(params, dict) or any(not isinstance(v, list) or not v for v in params.values()):
            bad("`params` 应是“参数名: [可选值……]”", "`params` should map a name to a list of values")
            params = {}
        names = {f[1] for part in stem for f in string.Formatter().parse(part) if f[1]}
        if names - set(params):
            bad(f"题干中的 {sorted(names - set(params))} 不在 `params` 中", f"{sorted(names - set(params))} in the stem are not in `params`")
        explain = _text(raw.get("explain"))
        if not all(explain):
            bad("缺少方法说明 `explain`（zh 和 en）", "missing the explanation of the method `explain` (zh and en)")
        rtol, atol = raw.get("rtol", 1e-3), raw.get("atol", 0.0)
        if not isinstance(rtol, int | float) or not isinstance(atol, int | float) or rtol < 0 or atol < 0 or rtol + atol == 0:
            bad("`rtol`/`atol` 应为非负数，且不同时为 0", "`rtol`/`atol` should be non-negative and not both 0")
            rtol, atol = 1e-3, 0.0
        kw.update(quantity=quantity, tables=tuple(tables), reference=ref, params={k: list(v) for k, v in params.items()},
                  explain=explain, rtol=float(rtol), atol=float(atol))
    if len(problems) > before:
        return None
    return Item(**kw)


class Bank:
    """The items of an exam bank, by id, with the bank's reference computations.

    Made by :func:`load_bank`. ``bank["ch04-sc-001"]`` is an :class:`Item`;
    ``len(bank)`` counts items; iterating gives items in file order.

    Attributes
    ----------
    path : pathlib.Path
        The bank's folder.
    items : dict of str to Item
    fingerprint : str
        SHA-256 of every file of the bank: a paper stored with it can tell whether
        the bank changed since.
    """

    def __init__(self, items, *, path=None, reference_module=None, fingerprint=""):
        self.items = {it.id: it for it in items}
        self.path = Path(path) if path else None
        self.reference_module = reference_module
        self.fingerprint = fingerprint

    def __len__(self):
        return len(self.items)

    def __iter__(self):
        return iter(self.items.values())

    def __getitem__(self, item_id):
        return self.items[item_id]

    def __contains__(self, item_id):
        return item_id in self.items

    def select(self, type=None, chapter=None):  # noqa: A002 - the field's name
        """Items of one type and/or chapter, in file order."""
        return [it for it in self if (type is None or it.type == type) and (chapter is None or it.chapter == chapter)]

    def reference(self, name):
        """The reference computation ``name`` of ``reference.py``: ``f(shop, **params) -> float``."""
        fn = getattr(self.reference_module, name, None)
        if not callable(fn):
            raise ExamBankError(f"题库的 reference.py 中没有函数 {name!r}。", f"The bank's reference.py has no function {name!r}.")
        return fn

    def counts(self):
        """Number of items by chapter (rows) and type (columns), with totals.

        Returns
        -------
        pandas.DataFrame
        """
        import pandas as pd

        rows = {ch: {t: 0 for t in TYPES} for ch in SYLLABUS}
        for it in self:
            rows[it.chapter][it.type] += 1
        df = pd.DataFrame.from_dict(rows, orient="index")
        df.index.name = "chapter"
        df["objective"] = df[list(OBJECTIVE_TYPES)].sum(axis=1)
        df["total"] = df[list(TYPES)].sum(axis=1)
        df.loc["total"] = df.sum()
        return df

    def __repr__(self):
        return f"<Bank {len(self)} items from {self.path}>"


def _bank_files(path: Path):
    chapter_files = sorted(path.glob("ch[0-9][0-9].yaml"))
    topics = path / "topics.yaml"
    return chapter_files + ([topics] if topics.exists() else [])


def _load_reference(path: Path, problems):
    ref = path / "reference.py"
    if not ref.exists():
        return None
    name = "crmlab_exam_reference_" + hashlib.sha256(str(ref.resolve()).encode()).hexdigest()[:12]
    spec = importlib.util.spec_from_file_location(name, ref)
    module = importlib.util.module_from_spec(spec)
    try:
        spec.loader.exec_module(module)
    except Exception as exc:  # noqa: BLE001 - reported as a bank problem
        problems.append((f"reference.py 无法导入：{exc!r}", f"reference.py does not import: {exc!r}"))
        return None
    sys.modules[name] = module
    return module


def _read_bank(path):
    path = Path(path if path is not None else DEFAULT_BANK_DIR)
    problems = []
    if not path.is_dir():
        raise ExamBankError(
            f"没有找到题库文件夹 {path}。题库只在教师的课程目录 assignments/exam_bank/ 中，不随 crmlab 安装。",
            f"No exam bank folder at {path}. The bank lives only in the instructor's course folder "
            "assignments/exam_bank/ and is not installed with crmlab.")
    files = _bank_files(path)
    if not files:
        problems.append((f"{path} 中没有 chNN.yaml 题目文件", f"{path} has no chNN.yaml item files"))
    items, seen = [], {}
    digest = hashlib.sha256()
    for f in files:
        raw_text = f.read_text(encoding="utf-8")
        digest.update(f.name.encode() + b"\0" + raw_text.encode())
        try:
            data = yaml.load(raw_text, Loader=_YAML_LOADER)
        except yaml.YAMLError as exc:
            problems.append((f"{f.name}：YAML 格式错误：{exc}", f"{f.name}: not valid YAML: {exc}"))
            continue
        if not isinstance(data, dict) or not isinstance(data.get("items"), list):
            problems.append((f"{f.name}：顶层应有 `items:` 列表", f"{f.name}: the top level needs an `items:` list"))
            continue
        file_chapter = None
        if f.name.startswith("ch"):
            file_chapter = int(f.name[2:4])
            if data.get("chapter") != file_chapter:
                problems.append((f"{f.name}：顶层 `chapter:` 应为 {file_chapter}", f"{f.name}: top-level `chapter:` should be {file_chapter}"))
        for raw in data["items"]:
            it = _parse_item(raw, f.name, problems, file_chapter=file_chapter, public_tables=PUBLIC_TABLES)
            rid = str(raw.get("id", "")) if isinstance(raw, dict) else ""
            if rid and rid in seen:
                problems.append((f"{f.name}: {rid}：id 重复（{seen[rid]} 中已有）", f"{f.name}: {rid}: duplicate id (already in {seen[rid]})"))
                continue
            if rid:
                seen[rid] = f.name
            if it is not None:
                items.append(it)
    ref_path = path / "reference.py"
    if ref_path.exists():
        digest.update(b"reference.py\0" + ref_path.read_text(encoding="utf-8").encode())
    module = _load_reference(path, problems)
    for it in items:
        if it.type != "compute":
            continue
        fn = getattr(module, it.reference, None) if module else None
        if not callable(fn):
            problems.append((f"{it.file}: {it.id}：reference.py 中没有参考计算函数 {it.reference!r}",
                             f"{it.file}: {it.id}: reference.py has no reference function {it.reference!r}"))
            continue
        try:
            inspect.signature(fn).bind(None, **{k: v[0] for k, v in it.params.items()})
        except TypeError:
            problems.append((f"{it.file}: {it.id}：{it.reference}(shop, ...) 不接受参数 {sorted(it.params)}",
                             f"{it.file}: {it.id}: {it.reference}(shop, ...) does not take the params {sorted(it.params)}"))
    return Bank(items, path=path, reference_module=module, fingerprint=digest.hexdigest()), problems


def validate_bank(path=None) -> list[tuple[str, str]]:
    """Every problem of a bank, as ``(zh, en)`` messages naming the file and item id.

    Parameters
    ----------
    path : str or Path, optional
        The bank's folder (default ``assignments/exam_bank``).

    Returns
    -------
    list of (str, str)
        Empty when the bank is sound.

    Examples
    --------
    >>> from crmlab.grading.exam import validate_bank
    >>> validate_bank("assignments/exam_bank")
    []
    """
    return _read_bank(path)[1]


def load_bank(path=None) -> Bank:
    """Read and validate an exam bank.

    The folder holds ``ch01.yaml`` ... ``ch10.yaml`` (items of one chapter each),
    optionally ``topics.yaml`` (cross-chapter topics; every item still names its
    chapter) and ``reference.py`` (reference computations of the computation items).
    The format is described in docs/instructor.md.

    Parameters
    ----------
    path : str or Path, optional
        The bank's folder (default ``assignments/exam_bank``, from the project root).

    Returns
    -------
    Bank

    Raises
    ------
    ExamBankError
        With every problem found (duplicate ids, a missing key, a key that is not an
        option, an unknown chapter or type, a missing explanation ...), each naming
        the file and the item id, in Chinese and English.

    Examples
    --------
    >>> from crmlab.grading.exam import load_bank
    >>> bank = load_bank("assignments/exam_bank")
    >>> bank["ch04-sc-001"].term
    '指名度'
    """
    bank, problems = _read_bank(path)
    if problems:
        _fail(problems)
    return bank


# -- blueprints ------------------------------------------------------------------------

def _int_keys(value):
    """``{"1": 3}`` (as JSON stores it) -> ``{1: 3}``; anything else unchanged."""
    if not isinstance(value, dict):
        return value
    out = {}
    for k, v in value.items():
        try:
            out[int(k)] = v
        except (TypeError, ValueError):
            out[k] = v
    return out


@dataclass(frozen=True)
class Section:
    """One part of a paper: ``count`` items of ``type`` worth ``points`` each.

    ``chapters`` is ``"hours"`` (spread over every chapter in proportion to its
    syllabus hours), a list of chapters (spread over those, by hours) or a mapping
    ``{chapter: count}`` (exact counts). ``difficulty`` overrides the blueprint's
    target mix of difficulty for this section's draws.
    """

    type: str
    count: int
    points: float
    chapters: object = "hours"
    difficulty: dict | None = None

    @property
    def total(self) -> float:
        return self.count * self.points

    @property
    def code(self) -> str:
        return TYPES[self.type][2]


@dataclass(frozen=True)
class Blueprint:
    """What a paper holds: sections of types x chapters x points (a 双向细目表).

    Attributes
    ----------
    name : (str, str)
        Title of the paper, zh and en.
    minutes : int
        Time allowed.
    sections : tuple of Section
        In the paper's order.
    multiple_partial : float
        Share of a 多选 item's points for a correct proper subset of the key (少选);
        any wrong option scores zero. Default 0.5.
    difficulty : dict, optional
        Target shares of the paper's points by difficulty, e.g. ``{1: 3, 2: 5, 3: 2}``
        (易:中:难 = 3:5:2, normalised). Within each chapter the draw takes items of the
        difficulty furthest below its target, so a paper lands near the mix when the
        bank allows; it is a target, not a guarantee (a chapter may have only one
        case, of one difficulty).
    total : float, optional
        The declared total; :func:`load_blueprint` checks that the sections add up to it.
    """

    name: tuple[str, str]
    sections: tuple
    minutes: int = 120
    multiple_partial: float = 0.5
    difficulty: dict | None = None
    total: float | None = None

    @property
    def total_points(self) -> float:
        return float(sum(s.total for s in self.sections))

    @classmethod
    def from_dict(cls, data, *, source="blueprint") -> Blueprint:
        """Make a blueprint from plain data (what ``blueprint.yaml`` holds); raises ExamBankError."""
        problems = []

        def bad(zh, en):
            problems.append((f"{source}：{zh}", f"{source}: {en}"))

        if not isinstance(data, dict):
            _fail([(f"{source}：应为映射", f"{source}: should be a mapping")], "试卷蓝图", "the blueprint")
        name = _text(data.get("name")) if isinstance(data.get("name"), dict) else ("期末考试", "Final exam")
        diff = _int_keys(data.get("difficulty"))
        if diff is not None and (not isinstance(diff, dict) or any(k not in (1, 2, 3) or not isinstance(v, int | float)
                                                                   or v < 0 for k, v in diff.items())):
            bad("`difficulty` 应为 {1: 权重, 2: 权重, 3: 权重}", "`difficulty` should be {1: weight, 2: weight, 3: weight}")
            diff = None
        partial = data.get("multiple_partial", 0.5)
        if not isinstance(partial, int | float) or not 0 <= partial < 1:
            bad("`multiple_partial` 应在 [0, 1) 之间", "`multiple_partial` should be in [0, 1)")
            partial = 0.5
        sections = []
        raw_sections = data.get("sections")
        if not isinstance(raw_sections, list) or not raw_sections:
            bad("缺少 `sections` 列表", "missing the `sections` list")
            raw_sections = []
        seen_types = set()
        for i, s in enumerate(raw_sections, start=1):
            if not isinstance(s, dict):
                bad(f"第 {i} 部分应为映射", f"section {i} should be a mapping")
                continue
            typ, count, pts = s.get("type"), s.get("count"), s.get("points")
            if typ not in TYPES:
                bad(f"第 {i} 部分：未知题型 {typ!r}，可用：{', '.join(TYPES)}", f"section {i}: unknown type {typ!r}; known: {', '.join(TYPES)}")
                continue
            if typ in seen_types:
                bad(f"题型 {typ} 出现了两次", f"type {typ} appears twice")
            seen_types.add(typ)
            if not isinstance(count, int) or isinstance(count, bool) or count < 1:
                bad(f"第 {i} 部分（{typ}）：`count` 应为正整数", f"section {i} ({typ}): `count` should be a positive integer")
                continue
            if not isinstance(pts, int | float) or isinstance(pts, bool) or pts <= 0:
                bad(f"第 {i} 部分（{typ}）：`points` 应为正数", f"section {i} ({typ}): `points` should be positive")
                continue
            chapters = _int_keys(s.get("chapters", "hours"))
            if isinstance(chapters, dict):
                if any(c not in SYLLABUS or not isinstance(n, int) or n < 0 for c, n in chapters.items()):
                    bad(f"第 {i} 部分（{typ}）：`chapters` 的章节应为 1–10，题数为非负整数",
                        f"section {i} ({typ}): `chapters` needs chapters 1-10 and non-negative counts")
                elif sum(chapters.values()) != count:
                    bad(f"第 {i} 部分（{typ}）：各章题数之和 {sum(chapters.values())} 不等于 count {count}",
                        f"section {i} ({typ}): the chapter counts add up to {sum(chapters.values())}, not count {count}")
                chapters = {int(c): int(n) for c, n in chapters.items() if n}
            elif isinstance(chapters, list):
                if not chapters or any(c not in SYLLABUS for c in chapters):
                    bad(f"第 {i} 部分（{typ}）：`chapters` 列表应为 1–10 中的章节", f"section {i} ({typ}): the `chapters` list needs chapters 1-10")
                chapters = tuple(sorted(set(chapters)))
            elif chapters != "hours":
                bad(f"第 {i} 部分（{typ}）：`chapters` 应为 hours、章节列表或 {{章节: 题数}}",
                    f"section {i} ({typ}): `chapters` should be hours, a list of chapters or {{chapter: count}}")
            sdiff = _int_keys(s.get("difficulty"))
            if sdiff is not None and (not isinstance(sdiff, dict) or any(k not in (1, 2, 3) for k in sdiff)):
                bad(f"第 {i} 部分（{typ}）：`difficulty` 应为 {{1: 权重, 2: 权重, 3: 权重}}",
                    f"section {i} ({typ}): `difficulty` should be {{1: weight, 2: weight, 3: weight}}")
                sdiff = None
            sections.append(Section(typ, count, float(pts), chapters, sdiff))
        total = data.get("total")
        bp = cls(name=name, sections=tuple(sections), minutes=int(data.get("minutes", 120)), multiple_partial=float(partial),
                 difficulty=diff, total=total)
        if total is not None and abs(bp.total_points - float(total)) > 1e-9:
            bad(f"各部分共 {bp.total_points:g} 分，与 total: {total} 不一致",
                f"the sections add up to {bp.total_points:g} points, not total: {total}")
        if problems:
            _fail(problems, "试卷蓝图", "the blueprint")
        return bp

    def to_dict(self) -> dict:
        """Plain data, the inverse of :meth:`from_dict`."""
        def chapters(c):
            return dict(c) if isinstance(c, dict) else (list(c) if isinstance(c, tuple) else c)
        return {"name": {"zh": self.name[0], "en": self.name[1]}, "minutes": self.minutes, "total": self.total,
                "multiple_partial": self.multiple_partial, "difficulty": self.difficulty,
                "sections": [{"type": s.type, "count": s.count, "points": s.points, "chapters": chapters(s.chapters),
                              "difficulty": s.difficulty} for s in self.sections]}


def load_blueprint(path=None) -> Blueprint:
    """Read a blueprint from YAML (default ``assignments/exam_bank/blueprint.yaml``).

    Examples
    --------
    >>> from crmlab.grading.exam import load_blueprint
    >>> bp = load_blueprint("assignments/exam_bank/blueprint.yaml")
    >>> [(s.type, s.count, s.points) for s in bp.sections][:2]
    [('single', 15, 1.0), ('multiple', 5, 2.0)]
    >>> bp.total_points
    100.0
    """
    path = Path(path if path is not None else DEFAULT_BANK_DIR / "blueprint.yaml")
    if not path.exists():
        raise ExamBankError(f"没有找到试卷蓝图 {path}。", f"No blueprint at {path}.")
    try:
        data = yaml.load(path.read_text(encoding="utf-8"), Loader=_YAML_LOADER)
    except yaml.YAMLError as exc:
        raise ExamBankError(f"{path.name}：YAML 格式错误：{exc}", f"{path.name}: not valid YAML: {exc}") from exc
    return Blueprint.from_dict(data, source=path.name)


def _quotas(section: Section, bank_chapters) -> dict[int, Fraction]:
    """Expected items per chapter of a section spread by hours."""
    chapters = section.chapters if isinstance(section.chapters, tuple) else tuple(SYLLABUS)
    chapters = [c for c in chapters if c in bank_chapters]
    hours = sum(SYLLABUS[c][0] for c in chapters)
    return {c: Fraction(section.count * SYLLABUS[c][0], hours) for c in chapters} if hours else {}


def _chapter_counts(section: Section, index: int, seed, bank_chapters) -> dict[int, int]:
    """Items per chapter: exact counts, or systematic sampling by syllabus hours.

    Systematic sampling gives every chapter the floor or the ceiling of its share of
    the hours; which chapters get the ceiling is drawn from the seed, so over a class
    every chapter is examined in proportion to its hours.
    """
    if isinstance(section.chapters, dict):
        return dict(section.chapters)
    quotas = _quotas(section, bank_chapters)
    order = sorted(quotas, key=lambda c: _unit(seed, "chapters", index, section.type, c))
    u = Fraction(2 * _hash_int(seed, "offset", index, section.type) + 1, 2**65)  # in (0, 1)
    counts, cum = {}, Fraction(0)
    for c in order:
        lo, cum = cum, cum + quotas[c]
        counts[c] = math.ceil(cum - u) - math.ceil(lo - u)
    return {c: n for c, n in sorted(counts.items()) if n}


def check_blueprint(bank: Bank, blueprint: Blueprint) -> list[tuple[str, str]]:
    """Whether ``bank`` has enough items for every paper ``blueprint`` can draw.

    Returns
    -------
    list of (str, str)
        Problems in Chinese and English; empty when every chapter of every section
        has at least as many items as the most a paper can ask of it.
    """
    problems = []
    for sec in blueprint.sections:
        have = {}
        for it in bank.select(type=sec.type):
            have[it.chapter] = have.get(it.chapter, 0) + 1
        if isinstance(sec.chapters, dict):
            need = dict(sec.chapters)
        else:
            need = {c: math.ceil(q) for c, q in _quotas(sec, set(have)).items()}
            if not need:
                need = {0: sec.count}
        for c, n in need.items():
            if have.get(c, 0) < n:
                name = TYPES[sec.type]
                problems.append((f"{name[0]}：第 {c} 章最多需要 {n} 题，题库只有 {have.get(c, 0)} 题",
                                 f"{name[1]}: chapter {c} may need {n} items, the bank has {have.get(c, 0)}"))
    return problems


# -- papers ----------------------------------------------------------------------------

@dataclass(frozen=True)
class Question:
    """An item as it stands on one student's paper.

    Attributes
    ----------
    answer_id : str
        The answer's name on the paper and in the notebook, e.g. ``"sc03"``; also the
        nbgrader ``grade_id`` of the answer cell.
    number : int
        Number within its section (1, 2, ...).
    item : Item
    points : float
        Points on this paper (the blueprint's, not the item's default).
    order : tuple of str
        For choice items, the bank's letters in the order shown: ``order[0]`` is shown
        as A, ``order[1]`` as B ...
    key : object
        The key in the letters shown (``"C"``, ``("A", "D")``), or a bool for 判断.
    params : dict
        The values drawn for a computation's parameters.
    """

    answer_id: str
    number: int
    item: Item
    points: float
    order: tuple = ()
    key: object = None
    params: dict = field(default_factory=dict)

    @property
    def type(self) -> str:
        return self.item.type

    def shown(self, bank_letter: str) -> str:
        """The letter a bank option is shown under on this paper."""
        return _LETTERS[self.order.index(bank_letter)]

    def original(self, shown_letter: str) -> str:
        """The bank letter of the option shown under ``shown_letter``."""
        return self.order[_LETTERS.index(shown_letter)]

    def options(self):
        """``[(shown letter, (zh, en)), ...]`` in the order shown."""
        return [(_LETTERS[i], self.item.options[b]) for i, b in enumerate(self.order)]

    def stem(self) -> tuple[str, str]:
        """The stem with the computation's parameters filled in."""
        zh, en = self.item.stem
        if self.params:
            zh, en = zh.format(**self.params), en.format(**self.params)
        return zh, en


def _pick(pool, n, seed, points, target, tally, used_terms, avoid):
    """Take ``n`` items from ``pool``: not avoided, new term, the difficulty furthest below target, then the draw."""
    chosen = []
    cands = list(pool)
    for _ in range(n):
        total = sum(tally.values()) + points

        def rank(it):
            gap = target.get(it.difficulty, 0.0) * total - tally[it.difficulty] if target else 0.0
            return (it.id in avoid, it.term in used_terms, -round(gap, 9), _unit(seed, "item", it.id), it.id)
        best = min(cands, key=rank)
        cands.remove(best)
        chosen.append(best)
        used_terms.add(best.term)
        tally[best.difficulty] += points
    return chosen


def assemble_paper(bank: Bank, blueprint: Blueprint, seed: int, *, avoid=(), student_id=None, title=None) -> Paper:
    """Draw a paper from the bank, the same for the same seed on every machine.

    Each section of the blueprint takes its items chapter by chapter (exact counts, or
    spread by syllabus hours with the floor or ceiling of each chapter's share), with
    no item twice, preferring items whose syllabus term is not yet on the paper and
    then the difficulty furthest below the blueprint's target mix; among equals the
    seed decides. Choice options are shuffled per
    paper and the key remapped (items with ``shuffle: false`` keep their order);
    computation parameters are drawn.

    Parameters
    ----------
    bank : Bank
    blueprint : Blueprint
    seed : int
        The paper's seed. For a student, derive it from the course secret and the
        student id (the caller's job); the same seed gives the same paper.
    avoid : iterable of str, optional
        Item ids to use only when a chapter has nothing else, e.g. the items of paper
        A when drawing paper B (A/B papers should share few items).
    student_id : str, optional
        Printed on the paper.
    title : (str, str), optional
        Replaces the blueprint's name, e.g. ``("模拟卷 A", "mock paper A")``.

    Returns
    -------
    Paper

    Raises
    ------
    ExamBankError
        When a chapter has fewer items than the blueprint asks of it.

    Examples
    --------
    >>> from crmlab.grading.exam import load_bank, load_blueprint, assemble_paper
    >>> bank = load_bank("assignments/exam_bank")
    >>> bp = load_blueprint("assignments/exam_bank/blueprint.yaml")
    >>> paper = assemble_paper(bank, bp, seed=7)
    >>> paper.total_points
    100.0
    >>> assemble_paper(bank, bp, seed=7).item_ids() == paper.item_ids()
    True
    """
    if isinstance(seed, bool) or not isinstance(seed, int):
        raise ExamBankError(f"`seed` 应为整数，但传入的是 {seed!r}。", f"`seed` should be an int, but {seed!r} was passed.")
    problems = check_blueprint(bank, blueprint)
    if problems:
        _fail(problems, "题库不够这份蓝图", "the bank is too small for the blueprint")
    avoid = set(avoid)
    used_ids, used_terms = set(), set()
    tally = {1: 0.0, 2: 0.0, 3: 0.0}  # points on the paper by difficulty
    sections = []
    for index, sec in enumerate(blueprint.sections):
        pool = [it for it in bank.select(type=sec.type)]
        chapters_with_items = {it.chapter for it in pool}
        counts = _chapter_counts(sec, index, seed, chapters_with_items)
        raw = sec.difficulty or blueprint.difficulty
        target = {int(k): float(v) / sum(raw.values()) for k, v in raw.items()} if raw and sum(raw.values()) else None
        picked = []
        # chapters in a seeded order, so that no chapter always picks first
        for ch in sorted(counts, key=lambda c: _unit(seed, "pick-order", index, c)):
            cands = [it for it in pool if it.chapter == ch and it.id not in used_ids]
            picked += _pick(cands, counts[ch], seed, sec.points, target, tally, used_terms, avoid)
        used_ids.update(it.id for it in picked)
        picked.sort(key=lambda it: (it.chapter, _unit(seed, "position", it.id)))
        questions = []
        for n, it in enumerate(picked, start=1):
            aid = f"{sec.code}{n:02d}"
            order, key, params = (), it.key, {}
            if it.type in ("single", "multiple"):
                letters = list(it.options)
                order = tuple(sorted(letters, key=lambda L: _unit(seed, "options", it.id, L)) if it.shuffle else letters)
                if it.type == "single":
                    key = _LETTERS[order.index(it.key)]
                else:
                    key = tuple(sorted(_LETTERS[order.index(k)] for k in it.key))
            elif it.type == "compute":
                params = {k: v[int(_unit(seed, "param", it.id, k) * len(v))] for k, v in sorted(it.params.items())}
            questions.append(Question(aid, n, it, sec.points, order, key, params))
        sections.append((sec, tuple(questions)))
    return Paper(seed=seed, blueprint=blueprint, sections=tuple(sections), student_id=student_id,
                 title=title, bank_fingerprint=bank.fingerprint, bank=bank)


def build_student_paper(seed: int, *, bank=None, blueprint=None, student_id=None, title=None) -> Paper:
    """One student's paper: :func:`assemble_paper` with the course's bank and blueprint.

    Parameters
    ----------
    seed : int
        The student's paper seed. Derive it on the instructor's side from the course
        secret and the student id, never from anything the student can set.
    bank : Bank or path, optional
        Default: ``assignments/exam_bank``.
    blueprint : Blueprint or path, optional
        Default: ``blueprint.yaml`` in the bank's folder.
    student_id : str, optional
        Printed on the paper; the computation part uses that student's own shop.
    title : (str, str), optional

    Returns
    -------
    Paper
        Render it with :meth:`Paper.render_student` / :meth:`Paper.render_key`, turn it
        into notebook cells with :meth:`Paper.cells`, store it with
        :meth:`Paper.to_dict`, grade it with :func:`grade_objective` and
        :func:`grade_computation`.

    Examples
    --------
    >>> from crmlab.grading.exam import build_student_paper
    >>> paper = build_student_paper(12345, bank="assignments/exam_bank", student_id="2024001")
    >>> [s.type for s, _ in paper.sections]
    ['single', 'multiple', 'truefalse', 'term', 'short', 'compute', 'case']
    >>> paper.answer_ids()[:3]
    ['sc01', 'sc02', 'sc03']
    """
    if not isinstance(bank, Bank):
        bank = load_bank(bank)
    if not isinstance(blueprint, Blueprint):
        blueprint = load_blueprint(blueprint if blueprint is not None else bank.path / "blueprint.yaml")
    return assemble_paper(bank, blueprint, seed, student_id=student_id, title=title)


def _fmt(x) -> str:
    return f"{x:g}"


def _pts(x) -> str:
    """``1 point``, ``2 points``, ``1.5 points``."""
    return f"{x:g} point" + ("" if x == 1 else "s")


def _paragraphs(text: str) -> str:
    """Markdown paragraphs from a block of lines: every line its own paragraph, tables kept whole."""
    lines = [ln.rstrip() for ln in text.strip().splitlines()]
    out = []
    for ln in lines:
        if not ln:
            continue
        if out and ln.startswith("|") and out[-1].startswith("|"):
            out[-1] += "\n" + ln
        else:
            out.append(ln)
    return "\n\n".join(out)


def _en_list(words) -> str:
    words = [w.lower() for w in words]
    return words[0] if len(words) == 1 else ", ".join(words[:-1]) + " and " + words[-1]


def _scaled(scheme, factor):
    return [(zh, en, p * factor) for zh, en, p in scheme]


class Paper:
    """One drawn paper: sections of :class:`Question`, renderable for students and instructors.

    Attributes
    ----------
    seed : int
    blueprint : Blueprint
    sections : tuple of (Section, tuple of Question)
    student_id : str or None
    bank_fingerprint : str
        The bank's fingerprint when the paper was drawn.
    """

    def __init__(self, *, seed, blueprint, sections, student_id=None, title=None, bank_fingerprint="", bank=None):
        self.seed = seed
        self.blueprint = blueprint
        self.sections = sections
        self.student_id = student_id
        self.title = tuple(title) if title else None
        self.bank_fingerprint = bank_fingerprint
        self.bank = bank

    # -- access --------------------------------------------------------------------
    @property
    def questions(self) -> list[Question]:
        """Every question, in paper order."""
        return [q for _, qs in self.sections for q in qs]

    def __getitem__(self, answer_id) -> Question:
        for q in self.questions:
            if q.answer_id == answer_id:
                return q
        raise KeyError(answer_id)

    def answer_ids(self) -> list[str]:
        return [q.answer_id for q in self.questions]

    def item_ids(self) -> list[str]:
        return [q.item.id for q in self.questions]

    @property
    def total_points(self) -> float:
        return float(sum(q.points for q in self.questions))

    def key(self) -> dict:
        """The objective key as plain data: ``{answer_id: "C" | ["A", "D"] | True}``."""
        out = {}
        for q in self.questions:
            if q.type == "multiple":
                out[q.answer_id] = list(q.key)
            elif q.type in OBJECTIVE_TYPES:
                out[q.answer_id] = q.key
        return out

    # -- storage -------------------------------------------------------------------
    def to_dict(self) -> dict:
        """Plain JSON-able data: enough to rebuild the paper from the same bank.

        Store it per student when the exam is released, and grade against it
        (:meth:`from_dict`), so later edits of the bank cannot change a paper.
        """
        return {"seed": self.seed, "student_id": self.student_id, "bank_fingerprint": self.bank_fingerprint,
                "title": list(self.title) if self.title else None, "blueprint": self.blueprint.to_dict(),
                "questions": [{"answer_id": q.answer_id, "item": q.item.id, "number": q.number, "points": q.points,
                               "order": list(q.order), "params": q.params} for q in self.questions]}

    @classmethod
    def from_dict(cls, data, bank: Bank) -> Paper:
        """Rebuild a stored paper (:meth:`to_dict`) from the bank it was drawn from.

        Raises ExamBankError when an item is gone or its options changed.
        """
        bp = Blueprint.from_dict(data["blueprint"])
        qs = {}
        for d in data["questions"]:
            if d["item"] not in bank:
                raise ExamBankError(f"试卷中的题目 {d['item']} 已不在题库中。", f"Item {d['item']} of the paper is no longer in the bank.")
            it = bank[d["item"]]
            order = tuple(d["order"])
            if it.type in ("single", "multiple") and sorted(order) != sorted(it.options):
                raise ExamBankError(f"题目 {it.id} 的选项已改变。", f"The options of item {it.id} changed.")
            key = it.key
            if it.type == "single":
                key = _LETTERS[order.index(it.key)]
            elif it.type == "multiple":
                key = tuple(sorted(_LETTERS[order.index(k)] for k in it.key))
            qs[d["answer_id"]] = Question(d["answer_id"], d["number"], it, float(d["points"]), order, key, dict(d["params"]))
        sections = []
        for sec in bp.sections:
            sections.append((sec, tuple(q for aid, q in qs.items() if aid.startswith(sec.code))))
        return cls(seed=data["seed"], blueprint=bp, sections=tuple(sections), student_id=data.get("student_id"),
                   title=data.get("title"), bank_fingerprint=data.get("bank_fingerprint", ""), bank=bank)

    def to_json(self) -> str:
        return json.dumps(self.to_dict(), ensure_ascii=False, indent=1, sort_keys=True)

    # -- the 双向细目表 ---------------------------------------------------------------
    def spec_table(self):
        """Points by chapter (rows) and type (columns): the paper's 双向细目表.

        Returns
        -------
        table : pandas.DataFrame
            Points by chapter and type, with a ``total`` column and row.
        difficulty : dict
            Points by difficulty, ``{1: easy, 2: medium, 3: hard}``.

        Examples
        --------
        >>> from crmlab.grading.exam import build_student_paper
        >>> paper = build_student_paper(12345, bank="assignments/exam_bank", student_id="2024001")
        >>> table, difficulty = paper.spec_table()
        >>> float(table.loc["total", "total"])
        100.0
        """
        import pandas as pd

        types = [s.type for s, _ in self.sections]
        df = pd.DataFrame(0.0, index=list(SYLLABUS), columns=types)
        diff = {1: 0.0, 2: 0.0, 3: 0.0}
        for q in self.questions:
            df.loc[q.item.chapter, q.type] += q.points
            diff[q.item.difficulty] += q.points
        df["total"] = df.sum(axis=1)
        df.loc["total"] = df.sum()
        df.index.name = "chapter"
        return df, diff

    # -- rendering -----------------------------------------------------------------
    def _title(self):
        name = self.blueprint.name
        if self.title:
            return f"{name[0]}（{self.title[0]}）", f"{name[1]} ({self.title[1]})"
        return name

    def _section_heading(self, i, sec):
        zh, en = TYPES[sec.type][:2]
        if sec.count == 1:
            return f"## {_NUMERALS[i]}、{zh}（共 {_fmt(sec.total)} 分）\n\n**Part {i + 1}. {en}** ({_pts(sec.total)})\n"
        return (f"## {_NUMERALS[i]}、{zh}（每小题 {_fmt(sec.points)} 分，共 {_fmt(sec.total)} 分）\n\n"
                f"**Part {i + 1}. {en}** ({_pts(sec.points)} each, {_pts(sec.total)})\n")

    def instructions(self) -> list[tuple[str, str]]:
        """The paper's instructions (考试说明), zh and en, including the 多选 rule."""
        bp = self.blueprint
        out = [(f"本试卷共 {len(self.sections)} 大题，满分 {_fmt(self.total_points)} 分，考试时间 {bp.minutes} 分钟。",
                f"{len(self.sections)} parts, {_fmt(self.total_points)} points, {bp.minutes} minutes.")]
        types = {s.type: s for s, _ in self.sections}
        if any(t in types for t in OBJECTIVE_TYPES):
            out.append(("单选题、多选题和判断题由系统自动评分：单选题写一个字母，如 `\"B\"`；多选题写出全部所选字母，"
                        "如 `\"AC\"` 或 `[\"A\", \"C\"]`；判断题写 `True`（对）或 `False`（错）。每题的答案写在题号后方括号中的变量里。",
                        "Single choice, multiple choice and true/false are graded automatically: a single choice is one "
                        "letter, e.g. `\"B\"`; a multiple choice is every letter you choose, e.g. `\"AC\"` or `[\"A\", \"C\"]`; "
                        "true/false is `True` or `False`. Each answer goes in the variable in brackets after the number."))
        if "multiple" in types:
            s = types["multiple"]
            half = s.points * bp.multiple_partial
            out.append((f"多选题评分规则：每小题有两个或两个以上正确选项。全部选对得 {_fmt(s.points)} 分；少选（所选选项都正确但不全）"
                        f"得 {_fmt(half)} 分；多选、错选或不选不得分。",
                        f"Multiple choice: every item has two or more correct options. All of them and nothing else: "
                        f"{_fmt(s.points)} points; some of them and no wrong one: {_fmt(half)}; any wrong option, or none: 0."))
        if "compute" in types:
            out.append(("计算题用你自己的商店数据计算（`shop = crmlab.setup(student_id=你的学号)`），答案写成一个数，比例写成 0 到 1 "
                        "之间的小数，保留至少 4 位有效数字；与按你的数据算出的标准答案相对误差在 0.1% 以内即得分。",
                        "Computations use your own shop (`shop = crmlab.setup(student_id=your id)`); the answer is a number, "
                        "shares as decimals between 0 and 1, with at least 4 significant digits; within 0.1% of the value "
                        "computed from your data scores."))
        manual = [TYPES[t][0] for t in MANUAL_TYPES if t in types]
        if manual:
            out.append((f"{'、'.join(manual)}由教师按评分要点评阅，请用中文（或英文）分点作答。",
                        f"{_en_list([TYPES[t][1] for t in MANUAL_TYPES if t in types]).capitalize()} are marked by the "
                        "teacher against a mark scheme; answer point by point, in Chinese (or English)."))
        return out

    def render_student(self) -> str:
        """The student's paper as Markdown: questions only, Chinese first, then English."""
        zh, en = self._title()
        lines = [f"# {zh}", "", f"**{en}**", ""]
        sid = self.student_id or "____________"
        lines += [f"学号 / Student id：{sid}　　姓名 / Name：____________", ""]
        lines += ["### 考试说明 / Instructions", ""]
        for z, e in self.instructions():
            lines += [f"- {z}", f"  {e}"]
        lines += ["", self._score_table(), ""]
        for i, (sec, qs) in enumerate(self.sections):
            lines += [self._section_heading(i, sec)]
            for q in qs:
                lines += [self._render_question(q), ""]
        return "\n".join(lines).rstrip() + "\n"

    def student_view(self) -> dict:
        """The student's paper as plain JSON-able data: questions only.

        What a student may hold during the exam: the title, instructions, the paper as
        Markdown (:meth:`render_student`) and each question's Markdown by answer id,
        with its type, points and the option letters shown. No key, explanation, mark
        scheme, item id, seed or reference computation.

        Returns
        -------
        dict
            ``title`` (zh, en), ``student_id``, ``minutes``, ``total``, ``instructions``
            (list of (zh, en)), ``parts`` (heading Markdown, type, points each, answer
            ids), ``questions`` (``answer_id``, ``type``, ``part``, ``number``, ``points``,
            ``letters``, ``markdown``) and ``markdown`` (the whole paper).
        """
        parts, questions = [], []
        for i, (sec, qs) in enumerate(self.sections):
            parts.append({"heading": self._section_heading(i, sec).strip(), "type": sec.type, "points": sec.points,
                          "answer_ids": [q.answer_id for q in qs]})
            for q in qs:
                questions.append({"answer_id": q.answer_id, "type": q.type, "part": i, "number": q.number,
                                  "points": q.points, "letters": "".join(_LETTERS[:len(q.order)]),
                                  "markdown": self._render_question(q)})
        return {"title": list(self._title()), "student_id": self.student_id, "minutes": self.blueprint.minutes,
                "total": self.total_points, "instructions": [list(t) for t in self.instructions()],
                "score_table": self._score_table(), "parts": parts, "questions": questions,
                "markdown": self.render_student()}

    def _score_table(self):
        heads = [_NUMERALS[i] for i in range(len(self.sections))]
        return ("| 题号 / Part | " + " | ".join(heads) + " | 总分 / Total |\n"
                "|---|" + "---|" * (len(heads) + 1) + "\n"
                "| 满分 / Points | " + " | ".join(_fmt(s.total) for s, _ in self.sections)
                + f" | {_fmt(self.total_points)} |\n"
                "| 得分 / Score | " + " | ".join(" " for _ in heads) + " |   |")

    def _render_question(self, q: Question) -> str:
        it = q.item
        zh, en = q.stem()
        head = f"**{q.number}.** `[{q.answer_id}]` "
        if it.type == "term":
            return f"{head}{zh}　{en}"
        if it.type in ("single", "multiple"):
            opts = "\n".join(f"- {L}. {oz}　/ {oe}" for L, (oz, oe) in q.options())
            return f"{head}{zh}\n\n{en}\n\n{opts}"
        if it.type == "truefalse":
            return f"{head}{zh}（　）\n\n{en}"
        if it.type == "short":
            return f"{head}{zh}\n\n{en}"
        if it.type == "compute":
            tables = "、".join(f"`{t}`" for t in it.tables)
            return (f"{head}{zh}\n\n{en}\n\n"
                    f"用到的表 / tables: {tables}。答案 / answer: `{q.answer_id} = ` 一个数 / a number.")
        # case
        tz, te = it.title
        title = f"**{tz} / {te}**\n\n" if tz else ""
        f = self._case_factor(q)
        subs = "\n\n".join(f"({j}) {sz}（{_fmt(f * p)} 分）  \n{se} ({_pts(f * p)})"
                             for j, (sz, se, p, _) in enumerate(it.questions, start=1))
        return f"{head}{title}{_paragraphs(zh)}\n\n{_paragraphs(en)}\n\n{subs}"

    @staticmethod
    def _case_factor(q):
        return q.points / q.item.points if q.item.points else 1.0

    def render_key(self, shop=None, *, shop_name=None) -> str:
        """The instructor's answer key as Markdown: keys, explanations, mark schemes.

        Parameters
        ----------
        shop : Shop, optional
            When given, each computation shows its reference value on this shop (the
            student's own value comes from their shop).
        shop_name : str, optional
            How to name that shop in the key, e.g. ``'load_dataset("classroom")'``.
        """
        zh, en = self._title()
        lines = [f"# {zh}：参考答案与评分标准", "", f"**{en}: answer key and mark schemes**", "",
                 "> 仅供教师使用，不得发给学生。 / For instructors only; never give to students.", "",
                 f"种子 / seed: `{self.seed}`；题库指纹 / bank fingerprint: `{self.bank_fingerprint[:12]}`", ""]
        lines += ["## 双向细目表 / Specification table (points by chapter and type)", "", self._spec_markdown(), ""]
        for i, (sec, qs) in enumerate(self.sections):
            lines += [self._section_heading(i, sec)]
            for q in qs:
                lines += [self._key_question(q, shop, shop_name), ""]
        return "\n".join(lines).rstrip() + "\n"

    def _spec_markdown(self):
        df, diff = self.spec_table()
        types = [c for c in df.columns if c != "total"]
        head = "| 章 / Chapter | " + " | ".join(TYPES[t][0] for t in types) + " | 合计 / Total |"
        rows = [head, "|---|" + "---|" * (len(types) + 1)]
        for ch in df.index:
            label = "合计 / Total" if ch == "total" else f"{ch} {SYLLABUS[ch][1]}"
            rows.append(f"| {label} | " + " | ".join(_fmt(df.loc[ch, t]) if df.loc[ch, t] else "" for t in types)
                        + f" | {_fmt(df.loc[ch, 'total'])} |")
        total = sum(diff.values()) or 1
        rows.append("")
        rows.append("难度（按分值）/ Difficulty by points: " + "，".join(
            f"{name} {_fmt(diff[d])} 分（{diff[d] / total:.0%}）" for d, name in ((1, "易 easy"), (2, "中 medium"), (3, "难 hard"))))
        return "\n".join(rows)

    def _key_question(self, q: Question, shop, shop_name) -> str:
        it = q.item
        meta = (f"**{q.number}.** `[{q.answer_id}]` · `{it.id}` · 第 {it.chapter} 章 / ch. {it.chapter} · "
                f"术语 / term: {it.term} · 难度 / difficulty {it.difficulty} · {_fmt(q.points)} 分 / {_pts(q.points)}")
        out = [meta, ""]
        if it.type in ("single", "multiple", "truefalse"):
            zh, en = q.stem()
            out += [f"> {zh}", ">", f"> {en}", ""]
        if it.type == "single":
            oz, oe = it.options[it.key]
            out += [f"答案 / Key: **{q.key}**（{oz} / {oe}）", "", f"解析：{it.explain[0]}", "", f"Why: {it.explain[1]}", ""]
            out += self._why_not_lines(q)
        elif it.type == "multiple":
            half = q.points * self.blueprint.multiple_partial
            keys = "".join(q.key)
            out += [f"答案 / Key: **{keys}**（少选得 {_fmt(half)} 分，有错选不得分 / a correct proper subset scores "
                    f"{_fmt(half)}, any wrong option 0）", "",
                    "正确选项 / correct: " + "；".join(f"{q.shown(b)} {it.options[b][0]}" for b in it.key), "",
                    f"解析：{it.explain[0]}", "", f"Why: {it.explain[1]}", ""]
            out += self._why_not_lines(q)
        elif it.type == "truefalse":
            out += [f"答案 / Key: **{'对 / True' if it.key else '错 / False'}**", "", f"解析：{it.explain[0]}", "",
                    f"Why: {it.explain[1]}"]
        elif it.type in ("term", "short"):
            if it.type == "short":
                out += [f"> {it.stem[0]}", ">", f"> {it.stem[1]}", ""]
            else:
                out += [f"> {it.stem[0]}　{it.stem[1]}", ""]
            out += ["评分要点 / Mark scheme:", ""]
            out += self._scheme_lines(_scaled(it.scheme, q.points / it.points))
        elif it.type == "case":
            factor = self._case_factor(q)
            out += [f"案例 / Case: {it.title[0]} / {it.title[1]}", ""]
            for j, (sz, se, p, sch) in enumerate(it.questions, start=1):
                out += [f"({j}) {sz} / {se}（{_fmt(p * factor)} 分 / {_pts(p * factor)}）", ""]
                out += self._scheme_lines(_scaled(sch, factor))
                out.append("")
        elif it.type == "compute":
            zh, en = q.stem()
            out += [f"> {zh}", ">", f"> {en}", "",
                    f"所求 / Quantity: {it.quantity[0]} / {it.quantity[1]}；表 / tables: {', '.join(it.tables)}；"
                    f"容差 / tolerance: rtol={it.rtol:g}, atol={it.atol:g}", "",
                    f"参考计算 / Reference: `{it.reference}(shop{''.join(f', {k}={v!r}' for k, v in q.params.items())})`"
                    " (reference.py)", ""]
            fn = self.bank.reference(it.reference) if self.bank is not None else None
            if fn is not None:
                out += ["```python", inspect.getsource(fn).rstrip(), "```", ""]
            if shop is not None and fn is not None:
                value = float(fn(shop, **q.params))
                out += [f"该商店上的参考值 / value on {shop_name or 'this shop'}: **{value:.6g}**"
                        "（每位学生的标准答案由其本人的商店算出 / each student's value comes from their own shop）", ""]
            out += [f"方法：{it.explain[0]}", "", f"Method: {it.explain[1]}"]
        return "\n".join(out).rstrip()

    def _why_not_lines(self, q):
        it = q.item
        lines = []
        for shown, b in sorted((q.shown(b), b) for b in it.why_not):
            wz, we = it.why_not[b]
            oz, _ = it.options[b]
            lines.append(f"- {shown}（{oz}）：{wz} / {we}")
        return lines

    @staticmethod
    def _scheme_lines(scheme):
        return [f"{k}. （{_fmt(p)} 分）{zh}  \n   ({_pts(p)}) {en}" for k, (zh, en, p) in enumerate(scheme, start=1)]

    # -- notebook cells ------------------------------------------------------------
    def cells(self, *, solutions=False) -> list[dict]:
        """The paper as notebook cells, in plain data for the nbgrader wiring.

        Parameters
        ----------
        solutions : bool, default=False
            Fill the instructor's version: the key in answer cells, the mark scheme in
            manual cells, the reference computation in computation cells.

        Returns
        -------
        list of dict
            Each cell has ``kind`` (``"markdown"``: locked text; ``"answer"``: an
            auto-graded code cell whose variable ``grade_id`` holds plain data;
            ``"manual"``: a free-text cell graded by hand in the formgrader),
            ``grade_id``, ``points`` (0 for text) and ``source``. Case questions have
            one manual cell per sub-question (``ca01_1``, ``ca01_2`` ...).

        Examples
        --------
        >>> from crmlab.grading.exam import build_student_paper
        >>> paper = build_student_paper(12345, bank="assignments/exam_bank", student_id="2024001")
        >>> cells = paper.cells()
        >>> [c["kind"] for c in cells if c["grade_id"] == "sc01"]
        ['answer']
        """
        zh, en = self._title()
        intro = [f"# {zh}", "", f"**{en}**", ""] + [f"- {z}\n  {e}" for z, e in self.instructions()]
        out = [{"kind": "markdown", "grade_id": "exam_intro", "points": 0, "source": "\n".join(intro)}]
        for i, (sec, qs) in enumerate(self.sections):
            out.append({"kind": "markdown", "grade_id": f"part_{sec.code}", "points": 0,
                        "source": self._section_heading(i, sec).strip()})
            for q in qs:
                out.append({"kind": "markdown", "grade_id": f"{q.answer_id}_q", "points": 0, "source": self._render_question(q)})
                out += self._answer_cells(q, solutions)
        return out

    def _answer_cells(self, q, solutions):
        it = q.item
        aid = q.answer_id
        if it.type in OBJECTIVE_TYPES:
            hint = {"single": '"B"', "multiple": '"AC"', "truefalse": "True"}[it.type]
            if solutions:
                val = repr("".join(q.key)) if it.type == "multiple" else repr(q.key)
                src = f"{aid} = {val}"
            else:
                src = f"{aid} = None  # 例如 / e.g. {hint}"
            return [{"kind": "answer", "grade_id": aid, "points": q.points, "source": src}]
        if it.type == "compute":
            if solutions:
                fn = self.bank.reference(it.reference)
                call = f"{it.reference}(shop{''.join(f', {k}={v!r}' for k, v in q.params.items())})"
                src = inspect.getsource(fn).rstrip() + f"\n\n{aid} = {call}"
            else:
                src = f"{aid} = None  # 一个数 / a number"
            return [{"kind": "answer", "grade_id": aid, "points": q.points, "source": src}]
        if it.type in ("term", "short"):
            src = ("评分要点 / Mark scheme:\n\n" + "\n".join(self._scheme_lines(_scaled(it.scheme, q.points / it.points)))
                   if solutions else "（在此作答 / answer here）")
            return [{"kind": "manual", "grade_id": aid, "points": q.points, "source": src}]
        factor = self._case_factor(q)
        cells = []
        for j, (sz, se, p, sch) in enumerate(it.questions, start=1):
            src = (f"({j}) 评分要点 / Mark scheme:\n\n" + "\n".join(self._scheme_lines(_scaled(sch, factor)))
                   if solutions else f"({j}) （在此作答 / answer here）")
            cells.append({"kind": "manual", "grade_id": f"{aid}_{j}", "points": p * factor, "source": src})
        return cells


# -- grading ---------------------------------------------------------------------------

@dataclass(frozen=True)
class ItemGrade:
    """The grade of one auto-graded question.

    Attributes
    ----------
    answer_id, item_id : str
    points, max_points : float
    status : str
        ``"correct"``, ``"partial"`` (多选 少选), ``"wrong"``, ``"blank"`` or
        ``"unreadable"`` (an answer the grader cannot read as the question asks).
    feedback : (str, str)
        The message for the student, zh and en: what was right or wrong and why.
    """

    answer_id: str
    item_id: str
    points: float
    max_points: float
    status: str
    feedback: tuple[str, str]

    @property
    def message(self) -> str:
        return f"{self.feedback[0]}\n{self.feedback[1]}"


@dataclass(frozen=True)
class GradeReport:
    """Grades of the auto-graded questions of one paper."""

    items: tuple

    @property
    def points(self) -> float:
        return float(sum(g.points for g in self.items))

    @property
    def max_points(self) -> float:
        return float(sum(g.max_points for g in self.items))

    def __iter__(self):
        return iter(self.items)

    def __getitem__(self, answer_id) -> ItemGrade:
        for g in self.items:
            if g.answer_id == answer_id:
                return g
        raise KeyError(answer_id)

    def to_frame(self):
        """One row per question: ``answer_id``, ``item_id``, ``points``, ``max_points``, ``status``."""
        import pandas as pd

        return pd.DataFrame([(g.answer_id, g.item_id, g.points, g.max_points, g.status) for g in self.items],
                            columns=["answer_id", "item_id", "points", "max_points", "status"])

    def feedback_markdown(self) -> str:
        """Every message, one bullet per question, for the student's feedback."""
        return "\n".join(f"- **{g.answer_id}** ({_fmt(g.points)}/{_fmt(g.max_points)}): {g.feedback[0]}  \n  {g.feedback[1]}"
                         for g in self.items)


_TRUE = {"TRUE", "T", "对", "正确", "√", "✓", "✔", "Y", "YES", "是", "1"}
_FALSE = {"FALSE", "F", "错", "错误", "×", "✗", "✘", "X", "N", "NO", "否", "0"}


def _letters(answer, allowed):
    """A set of upper-case letters from "AC", "a, c", "A、C", ["A", "C"] ...; None if unreadable."""
    if isinstance(answer, str):
        parts = list(re.sub(r"[\s,，、;；/|.。+&]+|和|and", "", answer.upper()))
    elif isinstance(answer, list | tuple | set | frozenset):
        parts = []
        for a in answer:
            if not isinstance(a, str):
                return None
            parts += list(re.sub(r"[\s,，、;；.。]+", "", a.upper()))
    else:
        return None
    if not parts or any(p not in allowed for p in parts):
        return None
    return set(parts)


def _bool(answer):
    if isinstance(answer, bool):
        return answer
    try:  # numpy.bool_ and friends
        import numpy as np

        if isinstance(answer, np.bool_):
            return bool(answer)
    except ImportError:  # pragma: no cover
        pass
    if isinstance(answer, int) and answer in (0, 1):
        return bool(answer)
    if isinstance(answer, str):
        a = answer.strip().upper()
        if a in _TRUE:
            return True
        if a in _FALSE:
            return False
    return None


def _blank(answer):
    return answer is None or (isinstance(answer, str) and not answer.strip()) or (
        isinstance(answer, list | tuple | set) and not answer)


def _grade_one(q: Question, answer, partial: float) -> ItemGrade:
    it = q.item
    ez, ee = it.explain
    full = q.points
    if it.type == "truefalse":
        key_zh, key_en = ("对", "true") if it.key else ("错", "false")
        if _blank(answer):
            return ItemGrade(q.answer_id, it.id, 0.0, full, "blank",
                             (f"未作答。正确答案：{key_zh}。{ez}", f"No answer. The statement is {key_en}. {ee}"))
        b = _bool(answer)
        if b is None:
            return ItemGrade(q.answer_id, it.id, 0.0, full, "unreadable",
                             (f"无法识别答案 {answer!r}：判断题请写 True 或 False。正确答案：{key_zh}。{ez}",
                              f"Cannot read {answer!r}: write True or False. The statement is {key_en}. {ee}"))
        if b == it.key:
            return ItemGrade(q.answer_id, it.id, full, full, "correct", (f"正确。{ez}", f"Correct. {ee}"))
        return ItemGrade(q.answer_id, it.id, 0.0, full, "wrong",
                         (f"错误。正确答案：{key_zh}。{ez}", f"Wrong: the statement is {key_en}. {ee}"))

    allowed = set(_LETTERS[:len(q.order)])
    if it.type == "single":
        kz, ke = it.options[it.key]
        key_txt = (f"正确答案：{q.key}（{kz}）。{ez}", f"The answer is {q.key} ({ke}). {ee}")
        if _blank(answer):
            return ItemGrade(q.answer_id, it.id, 0.0, full, "blank", ("未作答。" + key_txt[0], "No answer. " + key_txt[1]))
        got = _letters(answer, allowed)
        if got is None or len(got) != 1:
            return ItemGrade(q.answer_id, it.id, 0.0, full, "unreadable",
                             (f"无法识别答案 {answer!r}：单选题请写一个选项字母（{'、'.join(sorted(allowed))}）。" + key_txt[0],
                              f"Cannot read {answer!r}: a single choice is one option letter ({', '.join(sorted(allowed))}). "
                              + key_txt[1]))
        (letter,) = got
        if letter == q.key:
            return ItemGrade(q.answer_id, it.id, full, full, "correct", (f"正确。{ez}", f"Correct. {ee}"))
        wz, we = it.why_not[q.original(letter)]
        return ItemGrade(q.answer_id, it.id, 0.0, full, "wrong",
                         (f"你选了 {letter}：{wz} {key_txt[0]}", f"You chose {letter}: {we} {key_txt[1]}"))

    # multiple
    key = set(q.key)
    kz = "".join(sorted(key))
    if _blank(answer):
        return ItemGrade(q.answer_id, it.id, 0.0, full, "blank",
                         (f"未作答。正确答案：{kz}。{ez}", f"No answer. The answer is {kz}. {ee}"))
    got = _letters(answer, allowed)
    if got is None:
        return ItemGrade(q.answer_id, it.id, 0.0, full, "unreadable",
                         (f"无法识别答案 {answer!r}：多选题请写出所选字母，如 \"AC\"。正确答案：{kz}。{ez}",
                          f"Cannot read {answer!r}: write the letters you choose, e.g. \"AC\". The answer is {kz}. {ee}"))
    wrong = sorted(got - key)
    if got == key:
        return ItemGrade(q.answer_id, it.id, full, full, "correct", (f"全部正确。{ez}", f"All correct. {ee}"))
    if wrong:
        why_zh = " ".join(f"{L}：{it.why_not[q.original(L)][0]}" for L in wrong)
        why_en = " ".join(f"{L}: {it.why_not[q.original(L)][1]}" for L in wrong)
        return ItemGrade(q.answer_id, it.id, 0.0, full, "wrong",
                         (f"有错选（{''.join(wrong)}），不得分。{why_zh} 正确答案：{kz}。{ez}",
                          f"Wrong option(s) chosen ({''.join(wrong)}), so no points. {why_en} The answer is {kz}. {ee}"))
    missed = "".join(sorted(key - got))
    pts = full * partial
    return ItemGrade(q.answer_id, it.id, pts, full, "partial",
                     (f"少选（漏了 {missed}），得 {_fmt(pts)} 分。正确答案：{kz}。{ez}",
                      f"Some options missing ({missed}): {_fmt(pts)} points. The answer is {kz}. {ee}"))


def grade_objective(paper: Paper, answers: dict) -> GradeReport:
    """Grade the 单选, 多选 and 判断 questions of a paper from plain answers.

    Rules: a single choice scores when its one letter is the key. A multiple choice
    scores full points when the chosen letters are exactly the key, the blueprint's
    ``multiple_partial`` share (default half) for a non-empty proper subset of the key
    (少选), and zero with any wrong letter (错选/多选) or none. A true/false scores when
    it matches. The paper's instructions state the same rule.

    Parameters
    ----------
    paper : Paper
    answers : dict
        ``{answer_id: answer}`` as plain data. Letters are read case- and
        space-insensitively: ``"b"``, ``" B "``; ``"AC"``, ``"A,C"``, ``"A、C"`` and
        ``["A", "C"]`` are the same. True/false accepts ``True``/``False``, ``"对"``/
        ``"错"``, ``"T"``/``"F"``, ``"√"``/``"×"``, 1/0. A missing id is a blank answer.

    Returns
    -------
    GradeReport
        Per question: points, maximum, status and feedback (zh, en) that explains the
        key and why each chosen wrong option is wrong.

    Examples
    --------
    >>> from crmlab.grading.exam import build_student_paper, grade_objective
    >>> paper = build_student_paper(12345, bank="assignments/exam_bank", student_id="2024001")
    >>> report = grade_objective(paper, paper.key())
    >>> report.points == report.max_points
    True
    """
    partial = paper.blueprint.multiple_partial
    grades = [_grade_one(q, answers.get(q.answer_id), partial) for q in paper.questions if q.type in OBJECTIVE_TYPES]
    return GradeReport(tuple(grades))


def expected_values(paper: Paper, shop) -> dict:
    """The computation answers of ``paper`` on ``shop``: ``{answer_id: float}``.

    The grader calls this with the student's own shop (rebuilt on the instructor's
    side), never with anything from the student's kernel.
    """
    return {q.answer_id: float(paper.bank.reference(q.item.reference)(shop, **q.params))
            for q in paper.questions if q.type == "compute"}


def grade_computation(paper: Paper, answers: dict, shop) -> GradeReport:
    """Grade the computation questions against the values computed from ``shop``.

    An answer scores full points when ``|answer - expected| <= atol + rtol * |expected|``
    (the item's tolerances; default rtol 0.1%), else zero.

    Parameters
    ----------
    paper : Paper
    answers : dict
        ``{answer_id: number}``; strings such as ``"0.35"`` are read as numbers.
    shop : Shop
        The student's own shop, built on the grader's side.

    Returns
    -------
    GradeReport
    """
    expected = expected_values(paper, shop)
    grades = []
    for q in paper.questions:
        if q.type != "compute":
            continue
        it, want, ans = q.item, expected[q.answer_id], answers.get(q.answer_id)
        mz, me = it.explain
        if _blank(ans):
            grades.append(ItemGrade(q.answer_id, it.id, 0.0, q.points, "blank", (f"未作答。方法：{mz}", f"No answer. Method: {me}")))
            continue
        try:
            got = float(ans)
        except (TypeError, ValueError):
            grades.append(ItemGrade(q.answer_id, it.id, 0.0, q.points, "unreadable",
                                    (f"无法识别答案 {ans!r}：请写一个数。方法：{mz}", f"Cannot read {ans!r}: write a number. Method: {me}")))
            continue
        if math.isfinite(got) and abs(got - want) <= it.atol + it.rtol * abs(want):
            grades.append(ItemGrade(q.answer_id, it.id, q.points, q.points, "correct",
                                    (f"正确（{want:.6g}）。", f"Correct ({want:.6g}).")))
        else:
            grades.append(ItemGrade(q.answer_id, it.id, 0.0, q.points, "wrong",
                                    (f"不正确：你的答案 {got:.6g}，按你的数据应为 {want:.6g}。方法：{mz}",
                                     f"Not right: you wrote {got:.6g}, your data give {want:.6g}. Method: {me}")))
    return GradeReport(tuple(grades))


def exam_checks(assignment: str, seed_of=None, *, bank=None, blueprint=None, dataset: str = "classroom",
                n_customers=None, paper_of=None):
    """Trusted checks of an exam assignment: one check per auto-graded answer.

    The answer ids of a blueprint are the same on every paper (``sc01`` ... ``cp04``),
    so one checks module serves the whole class: each check rebuilds the student's
    paper from ``seed_of(ctx)`` and grades that one answer with :func:`grade_objective`
    (or :func:`grade_computation` on ``ctx.shop``, the student's shop rebuilt by the
    grader). A test cell ``test_<answer id>`` is expected for each; 名词解释, 简答 and
    案例分析 have no check (graded by hand).

    Parameters
    ----------
    assignment : str
        The nbgrader assignment id.
    seed_of : callable
        ``ctx -> int``: the student's paper seed, derived on the grader's side (e.g.
        from the course secret and ``ctx.student_id``); the same function must have
        made the paper the student was given.
    bank : Bank or path, optional
        Default: ``assignments/exam_bank``. Not read when ``paper_of`` is given.
    blueprint : Blueprint or path, optional
        Default: ``blueprint.yaml`` in the bank's folder. It fixes the answer ids.
    dataset, n_customers
        The shop the computation part uses, as for :class:`~crmlab.grading.trusted.LabChecks`.
    paper_of : callable, optional
        ``ctx -> Paper``: the student's paper by other means than a seed, e.g. the
        paper stored when it was handed out (:mod:`crmlab.grading.exam_course`);
        replaces ``seed_of``. It may raise
        :class:`~crmlab.grading.trusted.CheckFailed` (no paper for this student).

    Returns
    -------
    crmlab.grading.trusted.LabChecks
        Each check scores the cell's points times the answer's share (多选 少选: the
        blueprint's ``multiple_partial``) and reports the bilingual feedback.

    Examples
    --------
    ``assignments/checks/Final_exam.py`` (instructors only)::

        from pathlib import Path
        from crmlab.grading.coursedata import course_secret, course_seed
        from crmlab.grading.exam import exam_checks

        lab = exam_checks(
            "Final_exam",
            lambda ctx: course_seed(course_secret(ctx.root), ctx.student_id, "final-exam"),
            bank=Path(__file__).resolve().parents[1] / "exam_bank")
    """
    if (seed_of is None) == (paper_of is None):
        raise TypeError("exam_checks needs one of seed_of and paper_of")
    if paper_of is None and not isinstance(bank, Bank):
        bank = load_bank(bank)
    if isinstance(blueprint, dict):
        blueprint = Blueprint.from_dict(blueprint)
    elif not isinstance(blueprint, Blueprint):
        if blueprint is None and not isinstance(bank, Bank):
            bank = load_bank(bank)
        blueprint = load_blueprint(blueprint if blueprint is not None else bank.path / "blueprint.yaml")
    lab = LabChecks(assignment, dataset=dataset, n_customers=n_customers)
    draw = paper_of

    def paper_of(ctx):
        if draw is not None:
            return ctx.cached(("exam_paper", assignment), lambda: draw(ctx))
        return ctx.cached(("exam_paper", assignment),
                          lambda: assemble_paper(bank, blueprint, int(seed_of(ctx)), student_id=ctx.student_id))

    def make(answer_id, typ):
        def check(ctx, **answers):
            paper = paper_of(ctx)
            given = {answer_id: answers.get(answer_id)}
            if answer_id not in paper.answer_ids():
                raise CheckFailed(f"你的试卷上没有 {answer_id}（试卷与考试笔记本不一致），请联系老师。",
                                  f"Your paper has no {answer_id} (the paper does not match the exam notebook); ask "
                                  "your teacher.", mistake="not_on_paper")
            report = grade_computation(paper, given, ctx.shop) if typ == "compute" else grade_objective(paper, given)
            g = report[answer_id]
            share = g.points / g.max_points if g.max_points else 0.0
            return ctx.partial(share, *g.feedback, mistake=None if g.status == "correct" else g.status)
        check.__name__ = f"exam_{answer_id}"
        return check

    for sec in blueprint.sections:
        if sec.type in OBJECTIVE_TYPES or sec.type == "compute":
            for n in range(1, sec.count + 1):
                aid = f"{sec.code}{n:02d}"
                lab.check(f"test_{aid}", answers=[aid], optional=[aid])(make(aid, sec.type))
    return lab
