"""Questionnaires you build, read, check and try on the shop: the survey-design model.

A :class:`Questionnaire` is a list of :class:`SurveyQuestion` objects (Likert, single
or multiple choice, NPS 0-10, open text) grouped in sections, with the things a good
online survey states up front: its purpose, its audience, a privacy note, an
incentive and an honest time estimate. It can be written in code or read from a
small YAML/dict file (:meth:`Questionnaire.from_yaml`); the course ships a good and a
deliberately flawed example (:func:`example_questionnaire`).

:meth:`Questionnaire.lint` checks it against the course's rules
(:mod:`crmlab.analysis.survey_lint`); :func:`crmlab.widgets.questionnaire_form`
shows it as a form to preview and answer in a notebook; and
:meth:`Questionnaire.simulate_responses` lets the shop's own customers answer it from
their real experience, with the survey response model the simulator answers the
shop's ``surveys`` table with (:mod:`crmlab.survey_model`).
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from .. import survey_model as SM
from .._i18n import get_locale, text
from ..errors import EmptyDataError, InvalidArgumentError
from ..params import ShopParams
from ..validation import check_choice, check_int, check_random_state
from ._tables import paid_orders
from ._validation import require_columns
from .survey_lint import LINT_RULES, asks_about_optional_service, asks_personal_data, lint_findings, offers_na

__all__ = [
    "SECONDS_PER_QUESTION", "SurveyQuestion", "Questionnaire", "estimate_seconds", "load_questionnaire",
    "example_questionnaire",
]

# Seconds a respondent needs per question type on a phone (reading + answering).
# Typical figures of online-survey practice: a closed item takes 5-10 s, a
# multiple-choice list longer, a free-text answer 30-60 s.
SECONDS_PER_QUESTION = {"likert": 8, "single_choice": 10, "multiple_choice": 15, "nps": 8, "open_text": 45}
SECONDS_PER_SECTION = 5  # reading a section heading
SECONDS_INTRO = 20  # reading the introduction and privacy note

#: What a question can measure: the shop's survey aspects, overall satisfaction and NPS.
DIMENSIONS = (*SM.ASPECTS, "overall", "nps")


@dataclass
class SurveyQuestion:
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

    Examples
    --------
    >>> from crmlab.analysis import SurveyQuestion
    >>> q = SurveyQuestion("q_delivery", "How satisfied are you with the delivery speed?", measures="delivery")
    >>> q.choices
    [1, 2, 3, 4, 5]
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
        """True when the question offers a "not applicable" answer (see :func:`offers_na`)."""
        return offers_na(self)

    def to_dict(self) -> dict:
        """The question's fields that are set, as in a YAML file.

        Returns
        -------
        dict

        Examples
        --------
        >>> from crmlab.analysis import SurveyQuestion
        >>> SurveyQuestion("nps", "How likely are you to recommend us?", type="nps").to_dict()["type"]
        'nps'
        """
        return {k: v for k, v in asdict(self).items() if v is not None}


def estimate_seconds(questions) -> float:
    """Time a respondent needs for ``questions`` (a Questionnaire or a list of SurveyQuestion).

    Uses :data:`SECONDS_PER_QUESTION` per type, plus 5 seconds per section and 20 for
    the introduction.

    Parameters
    ----------
    questions : Questionnaire or list of SurveyQuestion

    Returns
    -------
    float
        Seconds.

    Examples
    --------
    >>> from crmlab.analysis import SurveyQuestion, estimate_seconds
    >>> estimate_seconds([SurveyQuestion("a", "How satisfied are you with our prices?")])
    28.0
    """
    qs = questions.questions if isinstance(questions, Questionnaire) else list(questions)
    per = sum(SECONDS_PER_QUESTION.get(q.type, 10) for q in qs)
    sections = {q.section for q in qs if q.section}
    return float(SECONDS_INTRO + per + SECONDS_PER_SECTION * len(sections))


@dataclass
class Questionnaire:
    """A questionnaire: ordered questions in sections, plus what respondents are told.

    Parameters
    ----------
    title : str
    questions : list of SurveyQuestion
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
    >>> from crmlab.analysis import Questionnaire, SurveyQuestion
    >>> q = Questionnaire("售后满意度", [
    ...     SurveyQuestion("q_delivery", "您对本次物流速度的满意程度？", labels=[
    ...         "非常不满意", "不满意", "一般", "满意", "非常满意"], measures="delivery")],
    ...     purpose="了解物流体验", privacy_note="答案仅用于改进服务。", time_estimate_minutes=1)
    >>> q.lint()["rule"].tolist()  # info only: no audience stated, no incentive
    ['S020', 'S021']
    >>> q.is_clean()
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

    def __getitem__(self, qid: str) -> SurveyQuestion:
        for q in self.questions:
            if q.id == qid:
                return q
        raise KeyError(qid)

    def add(self, question: SurveyQuestion) -> Questionnaire:
        """Append a question; returns the questionnaire so calls can be chained.

        Parameters
        ----------
        question : SurveyQuestion

        Returns
        -------
        Questionnaire
            The same questionnaire.

        Examples
        --------
        >>> from crmlab.analysis import Questionnaire, SurveyQuestion
        >>> q = Questionnaire("Delivery survey").add(SurveyQuestion("q_delivery", "How fast was the delivery?"))
        >>> len(q)
        1
        """
        self.questions.append(question)
        return self

    def estimated_seconds(self) -> float:
        """Time a respondent needs, by :func:`estimate_seconds`.

        Returns
        -------
        float
            Seconds.

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire
        >>> example_questionnaire("good", locale="en").estimated_seconds()
        138.0
        """
        return estimate_seconds(self)

    def to_dict(self) -> dict:
        """A plain dict in the YAML layout (sections with their questions).

        Returns
        -------
        dict
            What :meth:`from_dict` reads back.

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire
        >>> d = example_questionnaire("good", locale="en").to_dict()
        >>> d["title"], len(d["sections"])
        ('Shopping experience survey', 3)
        """
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
        """The questionnaire as YAML text (the layout of the shipped examples).

        Returns
        -------
        str
            What :meth:`from_yaml` reads back.

        Examples
        --------
        >>> from crmlab.analysis import Questionnaire, example_questionnaire
        >>> good = example_questionnaire("good", locale="en")
        >>> good.to_yaml().splitlines()[0]
        'title: Shopping experience survey'
        >>> Questionnaire.from_yaml(good.to_yaml()) == good
        True
        """
        import yaml

        return yaml.safe_dump(self.to_dict(), allow_unicode=True, sort_keys=False)

    @classmethod
    def from_dict(cls, data) -> Questionnaire:
        """Build a questionnaire from a dict (the layout of the YAML files).

        The dict has ``title`` and either ``questions`` (a list) or ``sections`` (a
        list of ``{"title": ..., "questions": [...]}``); each question is a dict of
        :class:`SurveyQuestion` fields. Optional keys: ``purpose``, ``audience``,
        ``privacy_note``, ``incentive``, ``time_estimate_minutes``, ``language``.

        Parameters
        ----------
        data : dict

        Returns
        -------
        Questionnaire

        Raises
        ------
        InvalidArgumentError
            A missing title, unknown keys or fields, malformed questions: the
            message says which and how to fix it.

        Examples
        --------
        >>> from crmlab.analysis import Questionnaire
        >>> q = Questionnaire.from_dict({"title": "Delivery survey", "questions": [
        ...     {"id": "q_delivery", "text": "How satisfied are you with the delivery speed?", "measures": "delivery"}]})
        >>> q["q_delivery"].measures
        'delivery'
        """
        if not isinstance(data, dict):
            raise InvalidArgumentError(f"问卷文件的顶层应为键值对（title、sections……），但读到的是 {type(data).__name__}。",
                                       f"A questionnaire file must be a mapping at the top level (title, sections ...), "
                                       f"but it holds a {type(data).__name__}.")
        known = {"title", "questions", "sections", "purpose", "audience", "privacy_note", "incentive",
                 "time_estimate_minutes", "language"}
        unknown = sorted(set(data) - known)
        if unknown:
            raise InvalidArgumentError(f"问卷文件有未知的键 {unknown}；可用的键：{sorted(known)}。",
                                       f"Unknown keys {unknown} in the questionnaire; allowed keys: {sorted(known)}.")
        if not data.get("title"):
            raise InvalidArgumentError("问卷缺少标题：请加上 `title: 问卷名称`。",
                                       "The questionnaire has no title: add `title: <name>`.")
        raw = []
        if "questions" in data:
            if not isinstance(data["questions"], list):
                raise InvalidArgumentError("`questions` 应为题目列表（每题以 `- id: ...` 开头）。",
                                           "`questions` must be a list of questions (each starting with `- id: ...`).")
            raw += [(None, q) for q in data["questions"]]
        for i, sec in enumerate(data.get("sections") or []):
            if not isinstance(sec, dict) or not isinstance(sec.get("questions", []), list):
                raise InvalidArgumentError(f"第 {i + 1} 个分节格式不对：应为 `- title: 分节名` 加 `questions:` 列表。",
                                           f"Section {i + 1} is malformed: write `- title: <name>` with a `questions:` list.")
            raw += [(sec.get("title"), q) for q in sec.get("questions") or []]
        if not raw:
            raise InvalidArgumentError("问卷中没有题目：请在 `questions:` 或 `sections:` 下添加题目。",
                                       "The questionnaire has no questions: add them under `questions:` or `sections:`.")
        fields = set(SurveyQuestion.__dataclass_fields__)
        questions = []
        for n, (sec, q) in enumerate(raw, 1):
            if not isinstance(q, dict):
                raise InvalidArgumentError(f"第 {n} 题格式不对：应为键值对（id、text、type……）。",
                                           f"Question {n} is malformed: it must be a mapping (id, text, type ...).")
            missing = [k for k in ("id", "text") if k not in q]
            if missing:
                raise InvalidArgumentError(f"第 {n} 题缺少 {missing}：每题都需要 `id` 和 `text`。",
                                           f"Question {n} lacks {missing}: every question needs an `id` and a `text`.")
            bad = sorted(set(q) - fields)
            if bad:
                raise InvalidArgumentError(f"题目 {q['id']!r} 有未知的字段 {bad}；可用字段：{sorted(fields)}。",
                                           f"Question {q['id']!r} has unknown fields {bad}; allowed: {sorted(fields)}.")
            for key in ("labels", "options"):
                if key in q and q[key] is not None and not isinstance(q[key], list):
                    raise InvalidArgumentError(f"题目 {q['id']!r} 的 `{key}` 应为列表（`- 选项`）。",
                                               f"`{key}` of question {q['id']!r} must be a list (`- option`).")
            kw = dict(q)
            kw["id"] = str(kw["id"])
            kw.setdefault("section", sec)
            questions.append(SurveyQuestion(**kw))
        t = data.get("time_estimate_minutes")
        if t is not None and (isinstance(t, bool) or not isinstance(t, int | float) or t <= 0):
            raise InvalidArgumentError(f"`time_estimate_minutes` 应为正数（分钟），但读到 {t!r}。",
                                       f"`time_estimate_minutes` must be a positive number of minutes, but it is {t!r}.")
        lang = data.get("language", "zh")
        if lang not in ("zh", "en"):
            raise InvalidArgumentError(f"`language` 应为 'zh' 或 'en'，但读到 {lang!r}。",
                                       f"`language` must be 'zh' or 'en', not {lang!r}.")
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

        Returns
        -------
        Questionnaire

        Examples
        --------
        >>> from crmlab.analysis import Questionnaire
        >>> q = Questionnaire.from_yaml('''
        ... title: Delivery survey
        ... questions:
        ...   - id: q_delivery
        ...     text: How satisfied are you with the delivery speed?
        ... ''')
        >>> q.title, len(q)
        ('Delivery survey', 1)
        """
        import yaml

        if isinstance(source, Path) or (isinstance(source, str) and "\n" not in source
                                         and source.strip().lower().endswith((".yaml", ".yml"))):
            path = Path(source)
            if not path.is_file():
                raise InvalidArgumentError(f"找不到问卷文件 {str(path)!r}：请检查路径。",
                                           f"Questionnaire file {str(path)!r} not found: check the path.")
            source = path.read_text(encoding="utf-8")
        try:
            data = yaml.safe_load(source)
        except yaml.YAMLError as exc:
            where = getattr(exc, "problem_mark", None)
            line = f"第 {where.line + 1} 行" if where else ""
            line_en = f" at line {where.line + 1}" if where else ""
            raise InvalidArgumentError(f"问卷 YAML 格式错误{line}：{exc}。请检查缩进（用空格，不用 Tab）和冒号。",
                                       f"The questionnaire YAML is malformed{line_en}: {exc}. Check the indentation "
                                       f"(spaces, not tabs) and the colons.") from None
        return cls.from_dict(data)

    # ------------------------------------------------------------------ checks
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
            questionnaire passes every rule. See :data:`LINT_RULES` and
            :func:`lint_findings`.

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire
        >>> bad = example_questionnaire("bad", locale="en")
        >>> bad.lint(locale="en").loc[0, ["rule", "severity", "question_id"]].tolist()
        ['S001', 'error', 'q3']
        """
        loc = locale or get_locale()
        fs = lint_findings(self, require_midpoint=require_midpoint)
        cols = ["rule", "severity", "question_id", "title", "message", "fix", "message_zh", "message_en",
                "fix_zh", "fix_en"]
        rows = [{"rule": f.rule, "severity": f.severity, "question_id": f.question_id,
                 "title": text(LINT_RULES[f.rule][1], LINT_RULES[f.rule][2], loc),
                 "message": f.message(loc), "fix": f.fix(loc), "message_zh": f.message_zh,
                 "message_en": f.message_en, "fix_zh": f.fix_zh, "fix_en": f.fix_en} for f in fs]
        return pd.DataFrame(rows, columns=cols)

    def is_clean(self, *, level: str = "warning") -> bool:
        """True when no finding is at least as severe as ``level``.

        Parameters
        ----------
        level : {"error", "warning", "info"}, default="warning"
            ``"warning"``: no error and no warning (info findings are fine).

        Returns
        -------
        bool

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire
        >>> example_questionnaire("good").is_clean(level="info"), example_questionnaire("bad").is_clean()
        (True, False)
        """
        order = ("error", "warning", "info")
        worst = order.index(check_choice("level", level, order))
        return not any(order.index(f.severity) <= worst for f in lint_findings(self))


    # ------------------------------------------------------------------ simulation
    def simulate_responses(self, shop, n: int | None = None, *, window_days: int = 90, random_state=None,
                           reveal_nonresponse: bool = False) -> pd.DataFrame:
        """Let the shop's recent customers answer this questionnaire.

        Customers with a paid order in the last ``window_days`` of the shop (before
        its last paid order) are invited: all of them, or a random ``n``. Each
        answers from their own experience with the survey response model the
        simulator fills the shop's ``surveys`` table with (:mod:`crmlab.survey_model`):
        questions that measure ``delivery`` fall with their mean delivery delay,
        ``product`` with poor product quality and complaints, ``service`` with
        complaints handled slowly, ``price`` with their price sensitivity (read
        from the shop's tables as the share of their orders bought with a discount);
        ``overall`` and ``nps`` combine them. Questions without ``measures`` follow
        overall satisfaction.

        Non-response follows the shop: around its ``survey_base_response``,
        engaged and satisfied customers answer more often. The design matters too:
        every minute beyond 3 lowers the odds of answering by 10%, an incentive
        raises them by 20%, and personal questions without a privacy note lower
        them by 30%. Optional questions are skipped by 10% of respondents; service
        questions are answered "not applicable" by customers who never contacted
        the shop when the option exists (and at random, around the middle of the
        scale, when it does not).

        Parameters
        ----------
        shop : crmlab.Shop
            Its ``orders``, ``shipments``, ``order_items``, ``products``,
            ``complaints`` and ``service_tickets`` (the hidden truth is not used).
        n : int, optional
            Number of customers invited (default: every recent buyer).
        window_days : int, default=90
            How recent an order must be for an invitation.
        random_state : int, numpy.random.Generator or None, default=None
            Randomness of the answers: a fixed number gives the same answers.
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

        Examples
        --------
        >>> import crmlab
        >>> from crmlab.analysis import example_questionnaire
        >>> shop = crmlab.load_dataset("classroom")
        >>> trial = example_questionnaire("good").simulate_responses(shop, random_state=1)
        >>> bool(0 < trial["responded"].mean() < 1), bool(trial["q_overall"].dropna().between(1, 5).all())
        (True, True)
        """
        if not self.questions:
            raise EmptyDataError("问卷中没有题目，无法模拟作答。", "The questionnaire has no questions to answer.")
        n = check_int("n", n, low=1, allow_none=True, example="n=200")
        window_days = check_int("window_days", window_days, low=1, example="window_days=90")
        rng = check_random_state(random_state)
        exp = _experience(shop, window_days)
        if n is not None and n < len(exp):
            exp = exp.iloc[np.sort(rng.choice(len(exp), size=n, replace=False))].reset_index(drop=True)
        k = len(exp)
        # A customer's attitude to the shop is hidden from the shop: drawn from its distribution.
        person = SM.person_effect(rng.standard_normal(k), rng)
        latent = SM.latent_satisfaction(quality=exp["quality"].to_numpy(), delay=exp["delay"].to_numpy(),
                                        n_complaints=exp["n_complaints"].to_numpy(),
                                        slow_complaints=exp["slow_complaints"].to_numpy(),
                                        price_sensitivity=exp["price_sensitivity"].to_numpy(), person=person)
        base = _shop_param(shop, "survey_base_response")
        logit = SM.response_logit(base, exp["n_orders"].to_numpy(), latent["overall"]) + SM.design_logit(
            self.estimated_seconds() / 60, incentive=bool(self.incentive),
            personal_without_privacy=not self.privacy_note and any(asks_personal_data(q) for q in self.questions))
        responded = SM.responds(logit, rng)
        out = {"customer_id": exp["customer_id"].to_numpy(), "responded": responded}
        used_service = exp["n_contacts"].to_numpy() > 0
        for q in self.questions:
            dim = "overall" if q.measures in (None, "nps") else q.measures
            answered = (responded | reveal_nonresponse) & (q.required | (rng.random(k) >= 0.10))
            if q.type in ("likert", "nps"):
                if q.type == "nps":
                    a = SM.nps_answers(latent[dim], rng)
                else:
                    a = SM.likert_answers(latent[dim], rng, scale=q.scale)
                    if q.reverse:
                        a = q.scale + 1 - a
                if asks_about_optional_service(q) or dim == "service":
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
                    pos = np.clip(np.round((latent[dim] - 1) / 4 * (len(opts) - 1) + rng.normal(0, 0.5, k)),
                                  0, len(opts) - 1).astype(int)
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
                comment = SM.comments(latent, answered, rng, language=self.language)
                out[q.id] = pd.Series(comment, dtype="str")
        return pd.DataFrame(out)


def _shop_param(shop, name):
    """A simulation parameter of ``shop`` (its ``meta``), or the simulator's default."""
    params = (getattr(shop, "meta", None) or {}).get("params") or {}
    return params.get(name, getattr(ShopParams(), name))


def _experience(shop, window_days: int) -> pd.DataFrame:
    """Per recent buyer: orders, mean delay, product quality, complaints, price sensitivity, contacts."""
    for table, cols in (("orders", ["order_id", "customer_id", "order_time", "payment_status", "discount"]),
                        ("shipments", ["order_id", "delay_days"]),
                        ("order_items", ["order_id", "product_id", "line_amount"]),
                        ("products", ["product_id", "quality"])):
        require_columns(getattr(shop, table, None), cols, table)
    o = paid_orders(shop.orders)
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
        slow = (c["replied_time"] - c["recorded_time"]).dt.total_seconds() / 3600 > _shop_param(
            shop, "complaint_fast_hours")
        exp["n_complaints"] = c.groupby("customer_id").size()
        exp["slow_complaints"] = slow.groupby(c["customer_id"]).sum()
    else:
        exp["n_complaints"] = exp["slow_complaints"] = 0
    contacts = exp["n_complaints"].fillna(0).copy()
    tickets = getattr(shop, "service_tickets", None)
    if tickets is not None and len(tickets):
        contacts = contacts.add(tickets[tickets["customer_id"].isin(recent)].groupby("customer_id").size(), fill_value=0)
    exp["n_contacts"] = contacts
    # Price sensitivity as the shop sees it: the share of a customer's orders bought with a discount.
    exp["price_sensitivity"] = pd.Series((o["discount"].to_numpy() > 0).astype(float),
                                         index=o.index).groupby(o["customer_id"]).mean()
    exp = exp.fillna({"delay": 0.0, "quality": 0.7, "n_complaints": 0, "slow_complaints": 0, "n_contacts": 0,
                      "price_sensitivity": 0.0})
    return exp.reset_index()


# ---------------------------------------------------------------------- examples
_DATA = Path(__file__).resolve().parent.parent / "data" / "questionnaires"


def load_questionnaire(name: str) -> Questionnaire:
    """Load a questionnaire shipped with crmlab (``good_zh``, ``good_en``, ``bad_zh``, ``bad_en``) or a YAML file.

    Parameters
    ----------
    name : str or path-like
        The name of a shipped example, or the path of a ``.yaml``/``.yml`` file.

    Returns
    -------
    Questionnaire

    Examples
    --------
    >>> from crmlab.analysis import load_questionnaire
    >>> len(load_questionnaire("good_en"))
    8
    """
    p = Path(name)
    if p.suffix in (".yaml", ".yml") and p.is_file():
        return Questionnaire.from_yaml(p)
    path = _DATA / f"{name}.yaml"
    if not path.is_file():
        names = sorted(f.stem for f in _DATA.glob("*.yaml"))
        raise InvalidArgumentError(f"没有名为 {name!r} 的示例问卷；可用：{names}。",
                                   f"No example questionnaire {name!r}; available: {names}.")
    return Questionnaire.from_yaml(path)


def example_questionnaire(kind: str = "good", locale: str | None = None) -> Questionnaire:
    """The shipped example: ``kind="good"`` lints clean, ``kind="bad"`` breaks many rules.

    Parameters
    ----------
    kind : {"good", "bad"}, default="good"
    locale : {"zh", "en"}, optional
        Language of the questionnaire (default: the current one).

    Returns
    -------
    Questionnaire

    Examples
    --------
    >>> from crmlab.analysis import example_questionnaire
    >>> example_questionnaire("good", locale="en").lint().empty
    True
    >>> example_questionnaire("bad", locale="en").is_clean()
    False
    """
    check_choice("kind", kind, ("good", "bad"))
    locale = check_choice("locale", locale or get_locale(), ("zh", "en"))
    return load_questionnaire(f"{kind}_{locale}")
