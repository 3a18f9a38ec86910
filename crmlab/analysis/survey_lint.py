"""Questionnaire linting: the course's rules for online survey questions, checked by code.

:func:`lint_findings` checks a :class:`~crmlab.analysis.Questionnaire` against the
course's questionnaire rules for online market research (seed 004, 网上市场调研: state
the goal and the audience; reward respondents; don't ask for private data lightly;
mind the number and the quality of questions; let software check completion) and
common survey-methodology rules (double-barrelled and leading wording in Chinese and
English, balanced Likert scales, a "not applicable" option for services a respondent
may not have used). Every :class:`Finding` carries a severity and a fix in both
languages; :data:`LINT_RULES` (and :func:`lint_rules`) lists them all. A
questionnaire shows its findings as a table with
:meth:`Questionnaire.lint() <crmlab.analysis.Questionnaire.lint>`.

The word lists that recognise personal data, "not applicable" answers and services
not every customer uses are short and explicit, so students can read them; the
questionnaire model asks :func:`asks_personal_data`, :func:`offers_na` and
:func:`asks_about_optional_service` too.
"""

from __future__ import annotations

import math
import re
from dataclasses import dataclass

import pandas as pd

from .._i18n import get_locale, text

__all__ = [
    "QUESTION_TYPES", "LINT_RULES", "Finding", "lint_rules", "lint_findings", "asks_personal_data", "offers_na",
    "asks_about_optional_service",
]

#: The question types a questionnaire can use (anything else is rule S023).
QUESTION_TYPES = ("likert", "single_choice", "multiple_choice", "nps", "open_text")
MAX_QUESTIONS = 25  # beyond this, online completion rates fall sharply
MAX_MINUTES = 10
MAX_OPEN_TEXT = 2  # more free-text questions than this drive break-off
MAX_ZH_CHARS, MAX_EN_WORDS = 40, 25  # a question read at a glance

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


def asks_personal_data(question) -> bool:
    """True when a question asks for personal data (name, phone, income ...).

    The wording decides (Chinese and English word lists), unless the question's
    ``personal`` field says otherwise.

    Parameters
    ----------
    question : SurveyQuestion

    Returns
    -------
    bool

    Examples
    --------
    >>> from crmlab.analysis import SurveyQuestion, asks_personal_data
    >>> asks_personal_data(SurveyQuestion("p", "请留下您的手机号码", type="open_text"))
    True
    >>> asks_personal_data(SurveyQuestion("q", "How satisfied are you with delivery?"))
    False
    """
    if question.personal is not None:
        return bool(question.personal)
    return _any(PERSONAL_PATTERNS, question.text or "")


def offers_na(question) -> bool:
    """True when a question offers a "not applicable" answer (``allow_na`` or such a label).

    Parameters
    ----------
    question : SurveyQuestion

    Returns
    -------
    bool

    Examples
    --------
    >>> from crmlab.analysis import SurveyQuestion, offers_na
    >>> offers_na(SurveyQuestion("s", "您对客服满意吗？", type="single_choice", options=["满意", "不满意", "没用过"]))
    True
    """
    texts = (question.labels or []) + (question.options or [])
    return bool(question.allow_na) or any(_rx(NA_PATTERNS).search(t) for t in texts)


def asks_about_optional_service(question) -> bool:
    """True when a question asks about a service not every customer uses (returns, service desk ...).

    Parameters
    ----------
    question : SurveyQuestion

    Returns
    -------
    bool

    Examples
    --------
    >>> from crmlab.analysis import SurveyQuestion, asks_about_optional_service
    >>> asks_about_optional_service(SurveyQuestion("r", "How satisfied are you with our refund process?"))
    True
    """
    return _any(OPTIONAL_SERVICE_PATTERNS, question.text or "")


@dataclass(frozen=True)
class Finding:
    """One problem :func:`lint_findings` found, with its fix in zh and en.

    Examples
    --------
    >>> from crmlab.analysis import Finding
    >>> f = Finding("S002", "error", "q1", "题目没有文字。", "The question has no text.", "写出要问的问题。",
    ...             "Write the question.")
    >>> f.message("en")
    'The question has no text.'
    """

    rule: str
    severity: str
    question_id: str | None
    message_zh: str
    message_en: str
    fix_zh: str
    fix_en: str

    def message(self, locale: str | None = None) -> str:
        """The message in ``locale``.

        Parameters
        ----------
        locale : {"zh", "en"}, optional
            Default: the current locale.

        Returns
        -------
        str

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire, lint_findings
        >>> lint_findings(example_questionnaire("bad", locale="en"))[0].message("en")
        "Question id 'q3' is used 2 times."
        """
        return text(self.message_zh, self.message_en, locale)

    def fix(self, locale: str | None = None) -> str:
        """How to fix the problem, in ``locale``.

        Parameters
        ----------
        locale : {"zh", "en"}, optional
            Default: the current locale.

        Returns
        -------
        str

        Examples
        --------
        >>> from crmlab.analysis import example_questionnaire, lint_findings
        >>> lint_findings(example_questionnaire("bad", locale="en"))[0].fix("zh")
        '给每道题一个唯一的编号。'
        """
        return text(self.fix_zh, self.fix_en, locale)


def lint_rules(locale: str | None = None) -> pd.DataFrame:
    """Every lint rule: id, severity, title and source (course seed 004 or methodology).

    Parameters
    ----------
    locale : {"zh", "en"}, optional
        Language of ``title`` (default: the current one).

    Returns
    -------
    pandas.DataFrame
        One row per rule of :data:`LINT_RULES`.

    Examples
    --------
    >>> from crmlab.analysis import lint_rules
    >>> lint_rules("en").iloc[0].tolist()
    ['S001', 'error', 'duplicate question id', 'methodology']
    """
    loc = locale or get_locale()
    return pd.DataFrame([{"rule": r, "severity": s, "title": zh if loc == "zh" else en, "source": src}
                         for r, (s, zh, en, src) in LINT_RULES.items()])


def lint_findings(questionnaire, *, require_midpoint: bool = False) -> list:
    """Every problem of a questionnaire, as :class:`Finding` objects, errors first.

    :meth:`Questionnaire.lint() <crmlab.analysis.Questionnaire.lint>` shows the
    same findings as a table; :data:`LINT_RULES` lists the rules.

    Parameters
    ----------
    questionnaire : Questionnaire
        The questionnaire to check.
    require_midpoint : bool, default=False
        Also flag Likert scales without a neutral middle point (S013).

    Returns
    -------
    list of Finding
        Sorted by severity (error, warning, info), then by rule.

    Examples
    --------
    >>> from crmlab.analysis import example_questionnaire, lint_findings
    >>> found = lint_findings(example_questionnaire("bad", locale="en"))
    >>> found[0].severity, found[0].rule
    ('error', 'S001')
    >>> lint_findings(example_questionnaire("good", locale="en"))
    []
    """
    out = []

    def add(rule, qid, mzh, men, fzh, fen):
        out.append(Finding(rule, LINT_RULES[rule][0], qid, mzh, men, fzh, fen))

    qs = questionnaire.questions
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
    personal = [q for q in qs if asks_personal_data(q)]
    has_privacy = bool(questionnaire.privacy_note and str(questionnaire.privacy_note).strip())
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
    est = questionnaire.estimated_seconds()
    if questionnaire.time_estimate_minutes is None:
        add("S007", None, f"问卷没有告诉受访者大约需要多久；按题型估计约 {est / 60:.1f} 分钟。",
            f"Respondents are not told how long it takes; by question type it needs about {est / 60:.1f} min.",
            f"加上 time_estimate_minutes（约 {math.ceil(est / 60)} 分钟）。",
            f"Add time_estimate_minutes (about {math.ceil(est / 60)} min).")
    elif est > 60 * questionnaire.time_estimate_minutes:
        add("S006", None, f"按题型估计需要 {est / 60:.1f} 分钟，超过承诺的 {questionnaire.time_estimate_minutes} 分钟。",
            f"By question type it needs {est / 60:.1f} min, more than the stated {questionnaire.time_estimate_minutes} min.",
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
        if q.type in ("likert", "single_choice", "nps") and not offers_na(q) \
                and asks_about_optional_service(q):
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
    if not (questionnaire.purpose and str(questionnaire.purpose).strip()):
        add("S019", None, "问卷没有写明调研目的。", "The questionnaire states no purpose.",
            "用一句话写明要了解什么、结果用来做什么（purpose）。",
            "Say in one sentence what you want to learn and what for (purpose).")
    if not (questionnaire.audience and str(questionnaire.audience).strip()):
        add("S020", None, "没有写明调研对象。", "No audience is stated.",
            "写明邀请谁填写（audience），例如“近 90 天有购买的客户”。",
            "State who is invited (audience), e.g. 'customers with an order in the last 90 days'.")
    if not (questionnaire.incentive and str(questionnaire.incentive).strip()):
        add("S021", None, "没有给受访者任何奖励。", "Respondents get no incentive.",
            "考虑给予小额奖励（优惠券、积分）以提高回复率。",
            "Consider a small reward (coupon, points) to raise the response rate.")
    return sorted(out, key=lambda f: (_SEVERITY_ORDER[f.severity], f.rule))


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
