"""Survey design: questionnaires you build, check, preview and try on the shop.

A :class:`Questionnaire` is a list of :class:`Question` objects (Likert, single or
multiple choice, NPS 0-10, open text) grouped in sections, with the things a good
online survey states up front: its purpose, its audience, a privacy note, an
incentive and an honest time estimate. It can be written in code or read from a
small YAML/dict file (:meth:`Questionnaire.from_yaml`).

:meth:`Questionnaire.lint` checks the course's questionnaire rules for online market
research (seed 004, 网上市场调研: state the goal and the audience; reward respondents;
don't ask for private data lightly; mind the number and the quality of questions;
let software check completion) and common survey-methodology rules (double-barrelled
and leading wording in Chinese and English, balanced Likert scales, a "not
applicable" option for services a respondent may not have used). Every finding
carries a severity and a fix in both languages; :data:`LINT_RULES` lists them all.

:meth:`Questionnaire.form` renders an ipywidgets form for previewing and answering,
and :meth:`Questionnaire.simulate_responses` lets the shop's own customers answer
from their real experience (delays, product quality, complaints, price
sensitivity), with the same non-response bias as the shop's ``surveys`` table.
"""

from __future__ import annotations

import re
from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import _vocab as V
from .._i18n import get_locale, text
from ..errors import EmptyDataError, InvalidArgumentError
from ._validation import require_columns

__all__ = [
    "QUESTION_TYPES", "SECONDS_PER_QUESTION", "LINT_RULES", "Question", "Questionnaire", "Finding",
    "estimate_seconds", "lint_rules", "load_questionnaire", "example_questionnaire",
]

QUESTION_TYPES = ("likert", "single_choice", "multiple_choice", "nps", "open_text")

# Seconds a respondent needs per question type on a phone (reading + answering).
# Typical figures of online-survey practice: a closed item takes 5-10 s, a
# multiple-choice list longer, a free-text answer 30-60 s.
SECONDS_PER_QUESTION = {"likert": 8, "single_choice": 10, "multiple_choice": 15, "nps": 8, "open_text": 45}
SECONDS_PER_SECTION = 5  # reading a section heading
SECONDS_INTRO = 20  # reading the introduction and privacy note
MAX_QUESTIONS = 25  # beyond this, online completion rates fall sharply
MAX_MINUTES = 10
MAX_OPEN_TEXT = 2  # more free-text questions than this drive break-off
MAX_ZH_CHARS, MAX_EN_WORDS = 40, 25  # a question read at a glance

DIMENSIONS = ("product", "delivery", "service", "price", "overall", "nps")

# rule id -> (severity, zh title, en title, source)
LINT_RULES = {
    "S001": ("error", "题目编号重复", "duplicate question id", "methodology"),
    "S002": ("error", "题目文字为空", "empty question text", "methodology"),
    "S003": ("error", "选项为空或重复", "empty or duplicate options", "methodology"),
    "S004": ("error", "询问个人信息却没有隐私说明", "personal data asked without a privacy note", "course 004 (4)"),
    "S005": ("warning", "必答的个人信息题", "personal data question is required", "course 004 (4)"),
    "S006": ("warning", "题目数量或用时超过承诺的时间", "more questions than the stated time allows", "course 004 (5)"),
    "S007": ("warning", "没有说明预计用时", "no stated time estimate", "course 004 (5)"),
    "S008": ("warning", "题目太多", "too many questions", "course 004 (5)"),
    "S009": ("warning", "一题多问（双管问题）", "double-barrelled question", "course 004 (6)"),
    "S010": ("warning", "诱导性或倾向性措辞", "leading or loaded wording", "course 004 (6)"),
    "S011": ("warning", "李克特量表正负选项不平衡", "unbalanced Likert scale", "course 004 (6)"),
    "S012": ("error", "量表标签数与量表点数不符", "Likert labels do not match the scale points", "methodology"),
    "S013": ("warning", "量表没有中间点", "Likert scale without a midpoint", "methodology"),
    "S014": ("warning", "缺少“不适用”选项", "no 'not applicable' option", "course 004 (6)"),
    "S015": ("info", "绝对化措辞", "absolute wording", "course 004 (6)"),
    "S016": ("info", "题目太长", "question too long", "course 004 (6)"),
    "S017": ("warning", "开放题太多", "too many open questions", "course 004 (5)(7)"),
    "S018": ("warning", "没有必答题，无法检测问卷完成情况", "no required question: completion cannot be checked", "course 004 (7)"),
    "S019": ("warning", "没有说明调研目的", "no stated purpose", "course 004 steps 1"),
    "S020": ("info", "没有说明调研对象", "no stated audience", "course 004 steps 2"),
    "S021": ("info", "没有奖励刺激", "no incentive for respondents", "course 004 (2)"),
    "S022": ("error", "NPS 题的量表不是 0-10", "NPS question not on a 0-10 scale", "methodology"),
    "S023": ("error", "未知的题型", "unknown question type", "methodology"),
}
_SEVERITY_ORDER = {"error": 0, "warning": 1, "info": 2}

# --- word lists (zh + en). Kept short and explicit so students can read them. ---
PERSONAL_PATTERNS = [
    r"手机|电话|联系方式|身份证|证件号|住址|地址|姓名|名字|真实姓名|收入|工资|月薪|年薪|薪水|存款|邮箱|微信号|QQ号|银行卡|出生日期|生日",
    r"\bphone\b|\bmobile\b|telephone|\bid number\b|identity card|passport|\baddress\b|\bname\b|\bincome\b|salary|"
    r"\bwage|e-?mail|bank|date of birth|birthday|wechat id",
]
_ZH_CONNECTORS = r"以及|并且|而且|和|及|与|还有|跟"
# Common words that contain a connector character but join nothing.
_ZH_CONNECTOR_WORDS = ("及时", "及格", "来得及", "来不及", "涉及", "普及", "波及", "和谐", "温和", "总和", "平和",
                       "和蔼", "缓和", "柔和", "与其", "参与", "给与", "和平", "跟踪", "跟进")
_EN_CONNECTOR = r"\b(and|or)\b"
_EN_CONNECTOR_PHRASES = ("more or less", "and so on", "terms and conditions", "either or", "and/or", "or not",
                         "pros and cons", "up and running", "yes or no", "friend or colleague",
                         "friends or colleagues", "friends and family", "friends or family")
LEADING_PATTERNS = [
    r"难道|您不觉得|你不觉得|是不是很|是不是非常|非常好的|大家都|众所周知|显然|一定很|肯定很|难道不|不认为.*很好|多么|如此优秀",
    r"don'?t you (agree|think|feel)|wouldn'?t you|isn'?t it|aren'?t (they|we|you)|most people|everyone (knows|agrees)|"
    r"obviously|clearly|surely|how (great|good|much do you love)|excellent service",
]
ABSOLUTE_PATTERNS = [r"总是|从不|从来|所有|每次都|永远", r"\balways\b|\bnever\b|\bevery time\b|\ball the time\b|\bevery single\b"]
OPTIONAL_SERVICE_PATTERNS = [
    r"客服|退货|退换|退款|售后|投诉|维修|安装|直播|积分|会员|优惠券|换货",
    r"customer service|\bservice staff|\breturn|refund|after-?sale|complain|repair|install|live ?stream|points|"
    r"membership|coupon|exchange",
]
NA_PATTERNS = r"不适用|未使用|没有使用|没用过|未接触|不清楚|not applicable|\bn/?a\b|haven'?t used|did not use|didn'?t use|does not apply"
_NEUTRAL = r"一般|中立|中等|说不清|不确定|无所谓|既不|neutral|neither|average|unsure|not sure|undecided|ok\b|so-so"
_NEGATIVE = r"不|没|差|低|未|否|难|失望|糟|反对|unsatisf|dissatisf|disagree|not\b|poor|bad|unlikely|never|terrible|" \
            r"low|worse|unhappy|awful"
_POSITIVE = r"满意|同意|好|喜欢|可能|高|优|棒|支持|satisf|agree|good|great|excellent|likely|happy|high|better|love|very"


def _rx(pattern):
    return re.compile(pattern, re.IGNORECASE)


def _any(patterns, s):
    return any(_rx(p).search(s) for p in patterns)


@dataclass
class Question:
    """One survey question.

    Parameters
    ----------
    id : str
        Short identifier, used as the column name of the answers (``"q_delivery"``).
    text : str
        The wording shown to the respondent.
    type : {"likert", "single_choice", "multiple_choice", "nps", "open_text"}, default="likert"
    scale : int, default=5
        Number of points of a Likert item (ignored by other types; NPS is always 0-10).
    labels : list of str, optional
        Labels of the Likert points, lowest first (e.g. ``["非常不满意", ..., "非常满意"]``).
    options : list of str, optional
        Choices of a single- or multiple-choice question.
    required : bool, default=True
        Whether an answer is needed to submit the form.
    section : str, optional
        Title of the section the question belongs to.
    reverse : bool, default=False
        A reverse-worded item (agreeing means *less* satisfied); scoring flips it.
    allow_na : bool, default=False
        Offer a "not applicable" answer besides the scale or options.
    measures : {"product", "delivery", "service", "price", "overall", "nps"}, optional
        Which experience the question measures; :meth:`Questionnaire.simulate_responses`
        uses it to answer from the customers' real experience.
    personal : bool, optional
        Force (True) or silence (False) the personal-data rule; by default the
        wording decides.
    """

    id: str
    text: str
    type: str = "likert"
    scale: int = 5
    labels: list | None = None
    options: list | None = None
    required: bool = True
    section: str | None = None
    reverse: bool = False
    allow_na: bool = False
    measures: str | None = None
    personal: bool | None = None

    def __post_init__(self):
        if self.labels is not None:
            self.labels = [str(x) if x is not None else "" for x in self.labels]
        if self.options is not None:
            self.options = [str(x) if x is not None else "" for x in self.options]
        if self.measures is not None and self.measures not in DIMENSIONS:
            raise InvalidArgumentError(
                f"题目 {self.id!r} 的 measures={self.measures!r} 无效，应为 {list(DIMENSIONS)} 之一。",
                f"Question {self.id!r} has measures={self.measures!r}; use one of {list(DIMENSIONS)}.",
            )
        if self.type == "likert" and (not isinstance(self.scale, int | np.integer) or isinstance(self.scale, bool)
                                      or not 2 <= self.scale <= 11):
            raise InvalidArgumentError(
                f"题目 {self.id!r} 的量表点数 scale={self.scale!r} 无效，应为 2 到 11 之间的整数（常用 5 或 7）。",
                f"Question {self.id!r} has scale={self.scale!r}; use a whole number from 2 to 11 (5 or 7 are usual).",
            )

    @property
    def choices(self) -> list:
        """The answers a respondent can pick (scale points, options or 0-10)."""
        if self.type == "likert":
            return list(range(1, self.scale + 1))
        if self.type == "nps":
            return list(range(11))
        return list(self.options or [])

    @property
    def has_na(self) -> bool:
        """True when the question offers a "not applicable" answer."""
        texts = (self.labels or []) + (self.options or [])
        return self.allow_na or any(_rx(NA_PATTERNS).search(t) for t in texts)

    def to_dict(self) -> dict:
        return {k: v for k, v in asdict(self).items() if v is not None}


@dataclass(frozen=True)
class Finding:
    """One problem :meth:`Questionnaire.lint` found, with its fix in zh and en."""

    rule: str
    severity: str
    question_id: str | None
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str

    def message(self, locale: str | None = None) -> str:
        return text(self.message_zh, self.message_en, locale)

    def fix(self, locale: str | None = None) -> str:
        return text(self.fix_zh, self.fix_en, locale)


def estimate_seconds(questions) -> float:
    """Time a respondent needs for ``questions`` (a Questionnaire or a list of Question).

    Uses :data:`SECONDS_PER_QUESTION` per type, plus :data:`SECONDS_PER_SECTION` per
    section and :data:`SECONDS_INTRO` for the introduction.
    """
    qs = questions.questions if isinstance(questions, Questionnaire) else list(questions)
    per = sum(SECONDS_PER_QUESTION.get(q.type, 10) for q in qs)
    sections = {q.section for q in qs if q.section}
    return float(SECONDS_INTRO + per + SECONDS_PER_SECTION * len(sections))


def lint_rules(locale: str | None = None) -> pd.DataFrame:
    """Every lint rule: id, severity, title and source (course seed 004 or methodology)."""
    loc = locale or get_locale()
    return pd.DataFrame([{"rule": r, "severity": s, "title": zh if loc == "zh" else en, "source": src}
                         for r, (s, zh, en, src) in LINT_RULES.items()])


def _bad(zh, en):
    return InvalidArgumentError(zh, en)


@dataclass
class Questionnaire:
    """A questionnaire: ordered questions in sections, plus what respondents are told.

    Parameters
    ----------
    title : str
    questions : list of Question
    purpose : str, optional
        What the survey wants to learn (the course's first research step, 明确调研目标).
    audience : str, optional
        Who is asked (确定调研对象), e.g. "customers with an order in the last 90 days".
    privacy_note : str, optional
        How answers and personal data are used and protected.
    incentive : str, optional
        The reward for answering (course: 给予访问者奖励刺激), e.g. a coupon.
    time_estimate_minutes : float, optional
        The time you promise respondents; :meth:`lint` compares it with
        :func:`estimate_seconds`.
    language : {"zh", "en"}, default="zh"

    Examples
    --------
    >>> from crmlab.analysis.survey import Question, Questionnaire
    >>> q = Questionnaire("售后满意度", [
    ...     Question("q_delivery", "您对本次物流速度的满意程度？", labels=[
    ...         "非常不满意", "不满意", "一般", "满意", "非常满意"], measures="delivery")],
    ...     purpose="了解物流体验", audience="近 30 天签收过包裹的客户", incentive="5 元优惠券",
    ...     privacy_note="答案仅用于改进服务。", time_estimate_minutes=1)
    >>> q.lint().empty
    True
    """

    title: str
    questions: list = field(default_factory=list)
    purpose: str | None = None
    audience: str | None = None
    privacy_note: str | None = None
    incentive: str | None = None
    time_estimate_minutes: float | None = None
    language: str = "zh"

    # ------------------------------------------------------------------ building
    @property
    def sections(self) -> list:
        """Section titles in order of first appearance (None for unsectioned questions)."""
        return list(dict.fromkeys(q.section for q in self.questions))

    def __len__(self) -> int:
        return len(self.questions)

    def __getitem__(self, qid: str) -> Question:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def add(self, question: Question) -> Questionnaire:
        """Append a question; returns the questionnaire so calls can be chained."""
        self.questions.append(question)
        return self

    def estimated_seconds(self) -> float:
        """Time a respondent needs, by :func:`estimate_seconds`."""
        return estimate_seconds(self)

    def to_dict(self) -> dict:
        """A plain dict in the YAML layout (sections with their questions)."""
        d = {k: v for k, v in dict(title=self.title, language=self.language, purpose=self.purpose,
                                      audience=self.audience, privacy_note=self.privacy_note,
                                      incentive=self.incentive,
                                      time_estimate_minutes=self.time_estimate_minutes).items() if v is not None}
        sections = []
        for s in self.sections:
            qs = [{k: v for k, v in q.to_dict().items() if k != "section"} for q in self.questions if q.section == s]
            sections.append({"title": s, "questions": qs} if s is not None else {"questions": qs})
        d["sections"] = sections
        return d

    def to_yaml(self) -> str:
        import yaml

        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    @classmethod
    def from_dict(cls, data) -> Questionnaire:
        """Build a questionnaire from a dict (the layout of the YAML files).

        The dict has ``title`` and either ``questions`` (a list) or ``sections`` (a
        list of ``{"title": ..., "questions": [...]}``); each question is a dict of
        :class:`Question` fields. Optional keys: ``purpose``, ``audience``,
        ``privacy_note``, ``incentive``, ``time_estimate_minutes``, ``language``.
        """
        if not isinstance(data, dict):
            raise _bad(f"问卷文件的顶层应为键值对（title、sections……），但读到的是 {type(data).__name__}。",
                       f"A questionnaire file must be a mapping at the top level (title, sections ...), "
                       f"but it holds a {type(data).__name__}.")
        known = {"title", "questions", "sections", "purpose", "audience", "privacy_note", "incentive",
                 "time_estimate_minutes", "language"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise _bad(f"问卷文件有未知的键 {unknown}；可用的键：{sorted(known)}。",
                       f"Unknown keys {unknown} in the questionnaire; allowed keys: {sorted(known)}.")
        if not data.get("title"):
            raise _bad("问卷缺少标题：请加上 `title: 问卷名称`。", "The questionnaire has no title: add `title: <name>`.")
        raw = []
        if "questions" in data:
            if not isinstance(data["questions"], list):
                raise _bad("`questions` 应为题目列表（每题以 `- id: ...` 开头）。",
                           "`questions` must be a list of questions (each starting with `- id: ...`).")
            raw += [(None, q) for q in data["questions"]]
        for i, sec in enumerate(data.get("sections") or []):
            if not isinstance(sec, dict) or not isinstance(sec.get("questions", []), list):
                raise _bad(f"第 {i + 1} 个分节格式不对：应为 `- title: 分节名` 加 `questions:` 列表。",
                           f"Section {i + 1} is malformed: write `- title: <name>` with a `questions:` list.")
            raw += [(sec.get("title"), q) for q in sec.get("questions") or []]
        if not raw:
            raise _bad("问卷中没有题目：请在 `questions:` 或 `sections:` 下添加题目。",
                       "The questionnaire has no questions: add them under `questions:` or `sections:`.")
        fields = set(Question.__dataclass_fields__)
        questions = []
        for n, (sec, q) in enumerate(raw, 1):
            if not isinstance(q, dict):
                raise _bad(f"第 {n} 题格式不对：应为键值对（id、text、type……）。",
                           f"Question {n} is malformed: it must be a mapping (id, text, type ...).")
            missing = [k for k in ("id", "text") if k not in q]
            if missing:
                raise _bad(f"第 {n} 题缺少 {missing}：每题都需要 `id` 和 `text`。",
                           f"Question {n} lacks {missing}: every question needs an `id` and a `text`.")
            bad = sorted(set(q) - fields)
            if bad:
                raise _bad(f"题目 {q['id']!r} 有未知的字段 {bad}；可用字段：{sorted(fields)}。",
                           f"Question {q['id']!r} has unknown fields {bad}; allowed: {sorted(fields)}.")
            for key in ("labels", "options"):
                if key in q and q[key] is not None and not isinstance(q[key], list):
                    raise _bad(f"题目 {q['id']!r} 的 `{key}` 应为列表（`- 选项`）。",
                               f"`{key}` of question {q['id']!r} must be a list (`- option`).")
            kw = dict(q)
            kw["id"] = str(kw["id"])
            kw.setdefault("section", sec)
            questions.append(Question(**kw))
        t = data.get("time_estimate_minutes")
        if t is not None and (isinstance(t, bool) or not isinstance(t, int | float) or t <= 0):
            raise _bad(f"`time_estimate_minutes` 应为正数（分钟），但读到 {t!r}。",
                       f"`time_estimate_minutes` must be a positive number of minutes, but it is {t!r}.")
        lang = data.get("language", "zh")
        if lang not in ("zh", "en"):
            raise _bad(f"`language` 应为 'zh' 或 'en'，但读到 {lang!r}。", f"`language` must be 'zh' or 'en', not {lang!r}.")
        return cls(title=str(data["title"]), questions=questions, purpose=data.get("purpose"),
                   audience=data.get("audience"), privacy_note=data.get("privacy_note"),
                   incentive=data.get("incentive"), time_estimate_minutes=t, language=lang)

    @classmethod
    def from_yaml(cls, source) -> Questionnaire:
        """Read a questionnaire from a YAML file path or from YAML text.

        Parameters
        ----------
        source : str or path-like
            A path to a ``.yaml``/``.yml`` file, or the YAML text itself.
        """
        import yaml

        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                         and source.strip().lower().endswith((".yaml", ".yml"))):
            path = Path(source)
            if not path.is_file():
                raise _bad(f"找不到问卷文件 {str(path)!r}：请检查路径。",
                           f"Questionnaire file {str(path)!r} not found: check the path.")
            source = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f"第 {where.line + 1} 行" if where else ""
            line_en = f" at line {where.line + 1}" if where else ""
            raise _bad(f"问卷 YAML 格式错误{line}：{exc}。请检查缩进（用空格，不用 Tab）和冒号。",
                       f"The questionnaire YAML is malformed{line_en}: {exc}. Check the indentation "
                       f"(spaces, not tabs) and the colons.") from None
        return cls.from_dict(data)

    # ------------------------------------------------------------------ linting
    def findings(self, *, require_midpoint: bool = False) -> list:
        """All problems as a list of :class:`Finding` (see :meth:`lint`)."""
        out = []

        def add(rule, qid, mzh, men, fzh, fen):
            out.append(Finding(rule, LINT_RULES[rule][0], qid, mzh, men, fzh, fen))

        qs = self.questions
        # Structure
        ids = [q.id for q in qs]
        for qid in sorted({i for i in ids if ids.count(i) > 1}):
            add("S001", qid, f"题目编号 {qid!r} 出现了 {ids.count(qid)} 次。", f"Question id {qid!r} is used {ids.count(qid)} times.",
                "给每道题一个唯一的编号。", "Give every question a unique id.")
        for q in qs:
            if q.type not in QUESTION_TYPES:
                add("S023", q.id, f"题型 {q.type!r} 未知。", f"Unknown question type {q.type!r}.",
                    f"题型应为 {list(QUESTION_TYPES)} 之一。", f"Use one of {list(QUESTION_TYPES)}.")
            if not str(q.text or "").strip():
                add("S002", q.id, "题目没有文字。", "The question has no text.", "写出要问的问题。", "Write the question.")
            if q.type in ("single_choice", "multiple_choice"):
                opts = q.options or []
                blanks = [o for o in opts if not o.strip()]
                dups = sorted({o for o in opts if opts.count(o) > 1})
                if len(opts) < 2 or blanks or dups:
                    add("S003", q.id, f"选项有问题：{len(opts)} 个选项，{len(blanks)} 个空选项，重复：{dups or '无'}。",
                        f"Options are broken: {len(opts)} options, {len(blanks)} empty, duplicates: {dups or 'none'}.",
                        "至少给出两个不同的非空选项，并保证选项互斥、完整（必要时加“其他”）。",
                        "Give at least two distinct, non-empty options that are exclusive and complete "
                        "(add 'other' if needed).")
            if q.type == "likert" and q.labels is not None and any(not lab.strip() for lab in q.labels):
                add("S003", q.id, "量表标签中有空白。", "A Likert label is empty.", "给每个量表点写上标签。",
                    "Label every scale point.")
            if q.type == "nps" and q.labels is not None and len(q.labels) not in (0, 2, 11):
                add("S022", q.id, f"NPS 题有 {len(q.labels)} 个标签，NPS 必须是 0-10 共 11 点。",
                    f"The NPS question has {len(q.labels)} labels; NPS is an 11-point 0-10 scale.",
                    "NPS 用 0-10 分，只标注两端（如“完全不可能”“非常可能”）。",
                    "Use 0-10 and label only the ends (e.g. 'not at all likely', 'extremely likely').")
        # Privacy (course 004 (4): don't lightly ask private questions)
        personal = [q for q in qs if (q.personal if q.personal is not None
                                      else _any(PERSONAL_PATTERNS, q.text or ""))]
        has_privacy = bool(self.privacy_note and str(self.privacy_note).strip())
        for q in personal:
            if not has_privacy:
                add("S004", q.id, f"题目 {q.id!r} 询问个人信息，但问卷没有隐私说明。",
                    f"Question {q.id!r} asks for personal data but the questionnaire has no privacy note.",
                    "删去不必要的个人信息题；确需收集时加上隐私说明（用途、保存期限、不对外提供）。",
                    "Drop personal questions you do not need; if you must ask, add a privacy note "
                    "(purpose, retention, no sharing).")
            if q.required:
                add("S005", q.id, f"个人信息题 {q.id!r} 被设为必答。", f"Personal-data question {q.id!r} is required.",
                    "把个人信息题设为选答（required: false），并放在问卷末尾。",
                    "Make personal questions optional (required: false) and put them at the end.")
        # Length (course 004 (5): mind the number of questions)
        est = self.estimated_seconds()
        if self.time_estimate_minutes is None:
            add("S007", None, f"问卷没有告诉受访者大约需要多久；按题型估计约 {est / 60:.1f} 分钟。",
                f"Respondents are not told how long it takes; by question type it needs about {est / 60:.1f} min.",
                f"加上 time_estimate_minutes（约 {int(np.ceil(est / 60))} 分钟）。",
                f"Add time_estimate_minutes (about {int(np.ceil(est / 60))} min).")
        elif est > 60 * self.time_estimate_minutes:
            add("S006", None, f"按题型估计需要 {est / 60:.1f} 分钟，超过承诺的 {self.time_estimate_minutes} 分钟。",
                f"By question type it needs {est / 60:.1f} min, more than the stated {self.time_estimate_minutes} min.",
                "删减题目（尤其是开放题），或如实写明所需时间。",
                "Cut questions (open ones first) or state the real time.")
        if len(qs) > MAX_QUESTIONS or est > 60 * MAX_MINUTES:
            add("S008", None, f"共 {len(qs)} 道题、约 {est / 60:.1f} 分钟：网上问卷超过 {MAX_QUESTIONS} 题或 {MAX_MINUTES} 分钟时中途放弃明显增多。",
                f"{len(qs)} questions, about {est / 60:.1f} min: online break-off rises sharply beyond "
                f"{MAX_QUESTIONS} questions or {MAX_MINUTES} min.",
                "只保留与调研目的直接相关的题目。", "Keep only questions that serve the purpose.")
        n_open = sum(q.type == "open_text" for q in qs)
        if n_open > MAX_OPEN_TEXT:
            add("S017", None, f"有 {n_open} 道开放题，填写费时，完成率会下降。",
                f"{n_open} open questions take long to answer and lower completion.",
                f"开放题不超过 {MAX_OPEN_TEXT} 道，其余改为选择题。", f"Keep at most {MAX_OPEN_TEXT} open questions; turn the rest into closed ones.")
        if qs and not any(q.required for q in qs):
            add("S018", None, "没有必答题，系统无法判断问卷是否填写完整。",
                "No question is required, so software cannot tell a complete response from an empty one.",
                "把核心题（总体满意度、NPS）设为必答。", "Make the core questions (overall satisfaction, NPS) required.")
        # Wording (course 004 (6): quality of the questions)
        for q in qs:
            t = str(q.text or "")
            if q.type != "open_text" and _double_barrelled(t):
                add("S009", q.id, f"题目 {q.id!r} 用连接词把两件事放进一题：“{t}”。",
                    f"Question {q.id!r} joins two things in one question: \"{t}\".",
                    "拆成两道题，每题只问一件事。", "Split it into two questions that ask one thing each.")
            if _any(LEADING_PATTERNS, t):
                add("S010", q.id, f"题目 {q.id!r} 的措辞暗示了答案：“{t}”。",
                    f"The wording of {q.id!r} suggests the answer: \"{t}\".",
                    "用中性措辞，例如“您对……的满意程度如何？”。",
                    "Use neutral wording, e.g. 'How satisfied are you with ...?'.")
            if _any(ABSOLUTE_PATTERNS, t) and q.type != "open_text":
                add("S015", q.id, f"题目 {q.id!r} 使用了“总是/从不”等绝对化词语。",
                    f"Question {q.id!r} uses absolute words such as 'always'/'never'.",
                    "改为询问频率或程度。", "Ask about frequency or degree instead.")
            if len(re.findall(r"[\u4e00-\u9fff]", t)) > MAX_ZH_CHARS or len(re.findall(r"[A-Za-z]+", t)) > MAX_EN_WORDS:
                add("S016", q.id, f"题目 {q.id!r} 太长，受访者容易看漏。", f"Question {q.id!r} is too long to read at a glance.",
                    "一题控制在 30 个汉字（或 20 个英文单词）以内。", "Keep a question within about 20 words (30 Chinese characters).")
            if q.type in ("likert", "single_choice", "nps") and not q.has_na \
                    and _any(OPTIONAL_SERVICE_PATTERNS, t):
                add("S014", q.id, f"题目 {q.id!r} 问的服务不是每位受访者都用过，却没有“不适用”选项。",
                    f"Question {q.id!r} asks about a service not every respondent has used, with no "
                    f"'not applicable' option.",
                    "加上“不适用/没有用过”选项（allow_na: true），否则没用过的人会随意作答。",
                    "Add a 'not applicable / haven't used it' option (allow_na: true), or non-users answer at random.")
            if q.type == "likert":
                labels = q.labels or []
                if labels and len(labels) != q.scale:
                    add("S012", q.id, f"量表有 {q.scale} 个点却有 {len(labels)} 个标签。",
                        f"The scale has {q.scale} points but {len(labels)} labels.",
                        "让标签数等于量表点数（不适用选项用 allow_na 单独设置）。",
                        "Give as many labels as scale points (use allow_na for 'not applicable').")
                scale_labels = [lab for lab in labels if not _rx(NA_PATTERNS).search(lab)]
                if scale_labels:
                    pos, neg, neu = _polarity(scale_labels)
                    if pos != neg:
                        add("S011", q.id, f"量表有 {pos} 个正面选项、{neg} 个负面选项：{scale_labels}。",
                            f"The scale has {pos} positive and {neg} negative labels: {scale_labels}.",
                            "让正负选项对称，例如 非常不满意/不满意/一般/满意/非常满意。",
                            "Make it symmetric, e.g. very dissatisfied / dissatisfied / neutral / satisfied / very satisfied.")
                    elif require_midpoint and neu == 0:
                        add("S013", q.id, "量表没有中间选项。", "The scale has no midpoint.",
                            "用奇数点量表并加上“一般”。", "Use an odd number of points with a neutral middle.")
                elif require_midpoint and q.scale % 2 == 0:
                    add("S013", q.id, f"{q.scale} 点量表没有中间点。", f"A {q.scale}-point scale has no midpoint.",
                        "用 5 点或 7 点量表。", "Use a 5- or 7-point scale.")
        # Research plan (course 004 steps and (2))
        if not (self.purpose and str(self.purpose).strip()):
            add("S019", None, "问卷没有写明调研目的。", "The questionnaire states no purpose.",
                "用一句话写明要了解什么、结果用来做什么（purpose）。",
                "Say in one sentence what you want to learn and what for (purpose).")
        if not (self.audience and str(self.audience).strip()):
            add("S020", None, "没有写明调研对象。", "No audience is stated.",
                "写明邀请谁填写（audience），例如“近 90 天有购买的客户”。",
                "State who is invited (audience), e.g. 'customers with an order in the last 90 days'.")
        if not (self.incentive and str(self.incentive).strip()):
            add("S021", None, "没有给受访者任何奖励。", "Respondents get no incentive.",
                "考虑给予小额奖励（优惠券、积分）以提高回复率。",
                "Consider a small reward (coupon, points) to raise the response rate.")
        return sorted(out, key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule))

    def lint(self, *, require_midpoint: bool = False, locale: str | None = None) -> pd.DataFrame:
        """Check the questionnaire against the course's and methodology's quality rules.

        Parameters
        ----------
        require_midpoint : bool, default=False
            Also flag Likert scales without a neutral middle point.
        locale : {"zh", "en"}, optional
            Language of ``message`` and ``fix`` (default: the current locale).

        Returns
        -------
        pandas.DataFrame
            One row per finding, errors first: ``rule``, ``severity`` (error /
            warning / info), ``question_id`` (None for the whole questionnaire),
            ``title``, ``message``, ``fix`` and both languages in ``message_zh``,
            ``message_en``, ``fix_zh``, ``fix_en``. An empty frame means the
            questionnaire passes every rule. See :data:`LINT_RULES`.
        """
        loc = locale or get_locale()
        fs = self.findings(require_midpoint=require_midpoint)
        cols = ["rule", "severity", "question_id", "title", "message", "fix", "message_zh", "message_en",
                "fix_zh", "fix_en"]
        rows = [{"rule": f.rule, "severity": f.severity, "question_id": f.question_id,
                 "title": text(LINT_RULES[f.rule][1], LINT_RULES[f.rule][2], loc),
                 "message": f.message(loc), "fix": f.fix(loc), "message_zh": f.message_zh,
                 "message_en": f.message_en, "fix_zh": f.fix_zh, "fix_en": f.fix_en} for f in fs]
        return pd.DataFrame(rows, columns=cols)

    def is_clean(self, *, level: str = "warning") -> bool:
        """True when no finding is at least as severe as ``level`` ("error", "warning" or "info")."""
        if level not in _SEVERITY_ORDER:
            raise _bad(f"level 应为 error、warning 或 info，而不是 {level!r}。",
                       f"level must be 'error', 'warning' or 'info', not {level!r}.")
        return not any(_SEVERITY_ORDER[f.severity] <= _SEVERITY_ORDER[level] for f in self.findings())

    # ------------------------------------------------------------------ form
    def form(self):
        """An ipywidgets form to preview and answer the questionnaire in a notebook.

        Returns
        -------
        ipywidgets.VBox
            The form. After pressing the submit button, ``form.answers`` holds a
            dict ``{question_id: answer}`` (None for unanswered) and
            ``form.missing`` the ids of required questions left empty.
        """
        import ipywidgets as W

        loc = self.language
        head = [W.HTML(f"<h3>{_esc(self.title)}</h3>")]
        meta = []
        if self.purpose:
            meta.append(_esc(self.purpose))
        if self.time_estimate_minutes:
            meta.append(text(f"预计用时约 {self.time_estimate_minutes} 分钟。",
                             f"About {self.time_estimate_minutes} minutes.", loc))
        if self.incentive:
            meta.append(_esc(self.incentive))
        if self.privacy_note:
            meta.append(f"<i>{_esc(self.privacy_note)}</i>")
        if meta:
            head.append(W.HTML("<br>".join(meta)))
        widgets, items = {}, []
        na_label = text("不适用", "Not applicable", loc)
        current = object()
        for q in self.questions:
            if q.section != current and q.section:
                items.append(W.HTML(f"<h4>{_esc(q.section)}</h4>"))
            current = q.section
            star = " *" if q.required else ""
            label = W.HTML(f"<b>{_esc(q.text)}</b>{star}")
            if q.type == "likert":
                labels = q.labels if q.labels and len(q.labels) == q.scale else [str(i) for i in range(1, q.scale + 1)]
                opts = list(zip(labels, range(1, q.scale + 1)))
                if q.allow_na:
                    opts.append((na_label, "NA"))
                w = W.RadioButtons(options=opts, value=None)
            elif q.type == "nps":
                w = W.ToggleButtons(options=[str(i) for i in range(11)], value=None,
                                    style={"button_width": "32px"})
            elif q.type == "single_choice":
                w = W.RadioButtons(options=list(q.options or []) + ([na_label] if q.allow_na else []), value=None)
            elif q.type == "multiple_choice":
                w = W.VBox([W.Checkbox(description=o, value=False, indent=False) for o in (q.options or [])])
            else:
                w = W.Textarea(placeholder=text("请输入……", "Type here ...", loc), layout={"width": "95%"})
            widgets[q.id] = (q, w)
            items += [label, w]
        status = W.HTML()
        button = W.Button(description=text("提交", "Submit", loc), button_style="primary")
        box = W.VBox(head + items + [button, status])
        box.answers, box.missing = {}, []

        def collect(_=None):
            answers = {}
            for qid, (q, w) in widgets.items():
                if q.type == "multiple_choice":
                    picked = [c.description for c in w.children if c.value]
                    answers[qid] = picked or None
                elif q.type == "open_text":
                    answers[qid] = w.value.strip() or None
                elif q.type == "nps":
                    answers[qid] = None if w.value is None else int(w.value)
                else:
                    answers[qid] = w.value
            box.answers = answers
            box.missing = [qid for qid, (q, _) in widgets.items() if q.required and answers[qid] is None]
            status.value = (text(f"还有必答题未填：{', '.join(box.missing)}", f"Required questions left: "
                                 f"{', '.join(box.missing)}", loc) if box.missing
                            else text("已提交，谢谢！", "Submitted, thank you!", loc))
            return answers

        button.on_click(collect)
        box.collect = collect
        return box

    # ------------------------------------------------------------------ simulation
    def simulate_responses(self, shop, n: int | None = None, *, window_days: int = 90,
                           seed: int | None = None, reveal_nonresponse: bool = False) -> pd.DataFrame:
        """Let the shop's recent customers answer this questionnaire.

        Customers with a paid order in the last ``window_days`` of the shop are
        invited (all of them, or a random ``n``). Each answers from their own
        experience, as in the shop's ``surveys`` table: questions that measure
        ``delivery`` fall with their mean delivery delay, ``product`` with poor
        product quality and complaints, ``service`` with complaints handled slowly,
        ``price`` with their price sensitivity; ``overall`` and ``nps`` combine
        them. Questions without ``measures`` follow overall satisfaction.

        Non-response follows the shop: engaged and satisfied customers answer more
        often. The design matters too: every minute beyond 3 lowers the odds of
        answering by 10%, an incentive raises them by 20%, and personal questions
        without a privacy note lower them by 30%. Optional questions are skipped by
        10% of respondents; service questions are answered "not applicable" by
        customers who never contacted the shop when the option exists (and at
        random, around the middle of the scale, when it does not).

        Parameters
        ----------
        shop : crmlab.Shop
        n : int, optional
            Number of customers invited (default: every recent buyer).
        window_days : int, default=90
            How recent an order must be for an invitation.
        seed : int, optional
            Seed of the random answers.
        reveal_nonresponse : bool, default=False
            Also fill in the answers non-respondents *would* have given (hidden in
            a real survey): compare them with the respondents' to see the
            non-response bias.

        Returns
        -------
        pandas.DataFrame
            One row per invited customer: ``customer_id``, ``responded`` and one
            column per question (Int64 for Likert and NPS, ``<NA>`` for "not
            applicable" or no answer; text for choices; choices of a multiple-choice
            question joined by ``;``).
        """
        if not self.questions:
            raise EmptyDataError("问卷中没有题目，无法模拟作答。", "The questionnaire has no questions to answer.")
        if n is not None and (isinstance(n, bool) or not isinstance(n, int | np.integer) or n < 1):
            raise _bad(f"n 应为正整数（邀请人数），而不是 {n!r}。", f"n must be a positive whole number of invitees, not {n!r}.")
        rng = np.random.default_rng(seed)
        exp = _experience(shop, window_days)
        if n is not None and n < len(exp):
            exp = exp.iloc[np.sort(rng.choice(len(exp), size=n, replace=False))].reset_index(drop=True)
        k = len(exp)
        person = rng.normal(0, 0.35, k)
        latent = {
            "product": 3.3 + 3.0 * (exp["quality"].to_numpy() - 0.7) - 0.3 * exp["n_complaints"].to_numpy(),
            "delivery": 4.3 - 0.6 * np.minimum(exp["delay"].to_numpy(), 4),
            "service": 4.1 - 0.9 * exp["slow_complaints"].to_numpy() - 0.25 * exp["n_complaints"].to_numpy(),
            "price": 3.9 - 1.4 * exp["price_sensitivity"].to_numpy(),
        }
        latent = {d: v + person for d, v in latent.items()}
        overall = 0.35 * latent["product"] + 0.3 * latent["delivery"] + 0.2 * latent["service"] \
            + 0.15 * latent["price"] + 0.2
        latent["overall"] = overall
        # Response propensity: the shop's own model, then the questionnaire's design.
        minutes = self.estimated_seconds() / 60
        logit = np.log(0.2 / 0.8) + 0.25 * np.log1p(exp["n_orders"].to_numpy()) + 0.45 * (overall - 3.8) \
            + np.log(0.9) * max(minutes - 3, 0) + (np.log(1.2) if self.incentive else 0.0) \
            + (np.log(0.7) if (not self.privacy_note and any(
                q.personal or (q.personal is None and _any(PERSONAL_PATTERNS, q.text or "")) for q in self.questions))
               else 0.0)
        responded = rng.random(k) < 1 / (1 + np.exp(-logit))
        out = {"customer_id": exp["customer_id"].to_numpy(), "responded": responded}
        used_service = exp["n_contacts"].to_numpy() > 0
        for q in self.questions:
            dim = q.measures or "overall"
            answered = (responded | reveal_nonresponse) & (q.required | (rng.random(k) >= 0.10))
            if q.type in ("likert", "nps"):
                base = latent["overall"] if dim == "nps" else latent[dim]
                if q.type == "nps":
                    a = np.clip(np.round(2.4 * base - 1.8 + rng.normal(0, 1.2, k)), 0, 10)
                else:
                    z = np.clip(base + rng.normal(0, 0.55, k), 1, 5)  # on the shop's 1-5 scale
                    a = np.clip(np.round(1 + (z - 1) * (q.scale - 1) / 4), 1, q.scale)
                    if q.reverse:
                        a = q.scale + 1 - a
                if _any(OPTIONAL_SERVICE_PATTERNS, q.text or "") or dim == "service":
                    if q.has_na:
                        answered &= used_service
                    elif q.type == "likert":  # non-users guess around the middle
                        guess = rng.integers(max(1, q.scale // 2), q.scale // 2 + 2, k)
                        a = np.where(used_service, a, guess)
                col = pd.array(np.where(answered, a, 0).astype(int), dtype="Int64")
                col[~answered] = pd.NA
                out[q.id] = col
            elif q.type == "single_choice":
                opts = list(q.options or [])
                if not opts:
                    out[q.id] = pd.Series([None] * k, dtype="str")
                    continue
                # Options are taken as ordered from worst to best when the question measures something.
                if q.measures:
                    pos = np.clip(np.round((latent[dim if dim != "nps" else "overall"] - 1) / 4 * (len(opts) - 1)
                                           + rng.normal(0, 0.5, k)), 0, len(opts) - 1).astype(int)
                else:
                    pos = rng.integers(0, len(opts), k)
                vals = np.array(opts, dtype=object)[pos]
                out[q.id] = pd.Series(np.where(answered, vals, None), dtype="str")
            elif q.type == "multiple_choice":
                opts = np.array(list(q.options or []), dtype=object)
                if opts.size == 0:
                    out[q.id] = pd.Series([None] * k, dtype="str")
                    continue
                pick = rng.random((k, opts.size)) < 0.35
                joined = [";".join(opts[row]) or None for row in pick]
                out[q.id] = pd.Series(np.where(answered, np.array(joined, dtype=object), None), dtype="str")
            else:
                lowest = np.array(["q_product", "q_delivery", "q_service", "q_price"])[
                    np.argmin(np.column_stack([latent[d] for d in ("product", "delivery", "service", "price")]), axis=1)]
                key = np.where(overall >= 4.0, "q_overall", lowest)
                li = 0 if self.language == "zh" else 1
                comment = np.full(k, None, dtype=object)
                for kk, opts in V.SURVEY_COMMENTS.items():
                    m = key == kk
                    comment[m] = np.array([t[li] for t in opts], dtype=object)[rng.integers(0, len(opts), m.sum())]
                writes = answered & (rng.random(k) < 0.4)
                out[q.id] = pd.Series(np.where(writes, comment, None), dtype="str")
        return pd.DataFrame(out)


def _esc(s) -> str:
    import html

    return html.escape(str(s))


def _double_barrelled(t: str) -> bool:
    zh = t
    for w in _ZH_CONNECTOR_WORDS:
        zh = zh.replace(w, "")
    if re.search(r"[\u4e00-\u9fff]", zh) and re.search(rf"[\u4e00-\u9fff]({_ZH_CONNECTORS})[\u4e00-\u9fff]", zh):
        return True
    en = t.lower()
    for p in _EN_CONNECTOR_PHRASES:
        en = en.replace(p, "")
    return bool(re.search(_EN_CONNECTOR, en))


def _polarity(labels):
    """Count positive, negative and neutral labels of a Likert scale."""
    pos = neg = neu = 0
    for lab in labels:
        if _rx(_NEUTRAL).search(lab):
            neu += 1
        elif _rx(_NEGATIVE).search(lab):
            neg += 1
        elif _rx(_POSITIVE).search(lab):
            pos += 1
        else:
            neu += 1  # unknown words count as neither side
    return pos, neg, neu


def _experience(shop, window_days: int) -> pd.DataFrame:
    """Per recent buyer: orders, mean delay, product quality, complaints, price sensitivity."""
    for table, cols in (("orders", ["order_id", "customer_id", "order_time", "payment_status"]),
                        ("shipments", ["order_id", "delay_days"]),
                        ("order_items", ["order_id", "product_id", "line_amount"]),
                        ("products", ["product_id", "quality"])):
        require_columns(getattr(shop, table, None), cols, table)
    if not isinstance(window_days, int | np.integer) or window_days < 1:
        raise _bad(f"window_days 应为正整数，而不是 {window_days!r}。", f"window_days must be a positive whole number, not {window_days!r}.")
    o = shop.orders[shop.orders["payment_status"] == "paid"]
    if o.empty:
        raise EmptyDataError("商店没有已付款订单，无法邀请客户。", "The shop has no paid orders, so no one can be invited.")
    end = o["order_time"].max()
    recent = np.sort(o.loc[o["order_time"] > end - pd.Timedelta(days=window_days), "customer_id"].unique())
    o = o[o["customer_id"].isin(recent)]
    delay = o[["order_id", "customer_id"]].merge(shop.shipments[["order_id", "delay_days"]], on="order_id", how="left")
    # Quality of the main (largest) line of each order, as the simulator does.
    it = shop.order_items[shop.order_items["order_id"].isin(o["order_id"])]
    main = it.sort_values(["order_id", "line_amount"], ascending=[True, False]).drop_duplicates("order_id")
    main = main.merge(shop.products[["product_id", "quality"]], on="product_id", how="left")
    q = main.merge(o[["order_id", "customer_id"]], on="order_id").groupby("customer_id")["quality"].mean()
    exp = pd.DataFrame({"customer_id": recent}).set_index("customer_id")
    exp["n_orders"] = o.groupby("customer_id").size()
    exp["delay"] = delay.groupby("customer_id")["delay_days"].mean()
    exp["quality"] = q
    comp = getattr(shop, "complaints", None)
    if comp is not None and len(comp):
        c = comp[comp["customer_id"].isin(recent)]
        fast_h = (shop.meta.get("params", {}) or {}).get("complaint_fast_hours", 24.0) if hasattr(shop, "meta") else 24.0
        slow = (c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600 > fast_h
        exp["n_complaints"] = c.groupby("customer_id").size()
        exp["slow_complaints"] = slow.groupby(c["customer_id"]).sum()
    else:
        exp["n_complaints"] = exp["slow_complaints"] = 0
    contacts = exp["n_complaints"].fillna(0).copy()
    tickets = getattr(shop, "service_tickets", None)
    if tickets is not None and len(tickets):
        contacts = contacts.add(tickets[tickets["customer_id"].isin(recent)].groupby("customer_id").size(), fill_value=0)
    exp["n_contacts"] = contacts
    truth = getattr(shop, "truth", None)
    if truth is not None and "price_sensitivity" in getattr(truth, "columns", []):
        exp["price_sensitivity"] = truth.set_index("customer_id")["price_sensitivity"]
    else:  # without the hidden truth: the share of discount in what they paid
        disc = o.groupby("customer_id")[["discount", "gross_amount"]].sum()
        exp["price_sensitivity"] = (disc["discount"] / disc["gross_amount"].where(disc["gross_amount"] > 0)).clip(0, 1) * 3
    exp = exp.fillna({"delay": 0.0, "quality": 0.7, "n_complaints": 0, "slow_complaints": 0, "n_contacts": 0,
                      "price_sensitivity": 0.5})
    return exp.reset_index()


# ---------------------------------------------------------------------- examples
_DATA = Path(__file__).resolve().parent.parent / "data" / "questionnaires"


def load_questionnaire(name: str) -> Questionnaire:
    """Load a questionnaire shipped with crmlab (``good_zh``, ``good_en``, ``bad_zh``, ``bad_en``) or a path."""
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return Questionnaire.from_yaml(p)
    path = _DATA / f"{name}.yaml"
    if not path.is_file():
        names = sorted(f.stem for f in _DATA.glob("*.yaml"))
        raise _bad(f"没有名为 {name!r} 的示例问卷；可用：{names}。", f"No example questionnaire {name!r}; available: {names}.")
    return Questionnaire.from_yaml(path)


def example_questionnaire(kind: str = "good", locale: str | None = None) -> Questionnaire:
    """The shipped example: ``kind="good"`` lints clean, ``kind="bad"`` breaks many rules."""
    if kind not in ("good", "bad"):
        raise _bad(f"kind 应为 'good' 或 'bad'，而不是 {kind!r}。", f"kind must be 'good' or 'bad', not {kind!r}.")
    return load_questionnaire(f"{kind}_{locale or get_locale()}")
