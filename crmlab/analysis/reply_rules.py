"""Reply scripts (话术) checked by rules: a reply to a bad review that a service lead would sign off.

A good reply to a bad review (差评回复) on a marketplace does five things and avoids
one: it opens with a greeting, apologises, offers a concrete remedy (a refund, a
replacement, compensation ...), promises to follow up, stays short, and never uses
the phrases that blame or brush off the customer ("这不是我们的问题", "不可能",
"自己看说明"). :func:`check_reply` checks a text against these six rules, in Chinese
and in English, and says for each rule what it found or what is missing.

Every rule it reports is verified on the text itself:

- the text is normalised first (Unicode NFKC, so full-width letters count as
  letters; zero-width and other invisible format characters removed; runs of white
  space as one space), and the length is counted on that text;
- a keyword that a negation turns into its opposite does not count: "不退款",
  "无法退款", "我们不会道歉", "we cannot refund", "not sorry". The negation must stand
  right before the keyword (Chinese) or in the same clause within three words
  before it (English);
- forbidden phrases are looked for with spaces and punctuation removed, so
  "不 可 能" or "not-our-problem" are caught too.

A reply passes only when every one of the six rules was checked and passed. Rules
read words, not meaning: a reply can pass and still sound cold, so a person should
read it too. The word lists are :data:`REPLY_KEYWORDS` and
:data:`FORBIDDEN_PHRASES`; :func:`reply_rules_table` lists the rules.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

import pandas as pd

from .._i18n import get_locale, text as _text
from ..errors import InvalidArgumentError
from ..validation import check_choice, check_int, check_str

__all__ = ["REPLY_RULES", "REPLY_KEYWORDS", "FORBIDDEN_PHRASES", "MAX_REPLY_CHARS", "GREETING_WITHIN",
           "RuleResult", "ReplyCheck", "check_reply", "reply_rules_table"]

#: Default length limit of a reply (characters, after normalising).
MAX_REPLY_CHARS = 150
#: A greeting must start within this many characters of the beginning.
GREETING_WITHIN = 12

#: rule -> (zh title, en title, zh fix, en fix)
REPLY_RULES = {
    "greeting": ("开头有问候", "opens with a greeting",
                 "用问候开头，例如“亲，您好”“您好”“尊敬的顾客”。",
                 "Open with a greeting, e.g. \"Hello\", \"Hi\", \"Dear customer\"."),
    "apology": ("有致歉", "apologises",
                "对顾客的不愉快经历表示歉意，例如“非常抱歉”“给您添麻烦了”。",
                "Say sorry for the customer's experience, e.g. \"We are very sorry\"."),
    "solution": ("给出具体的解决办法", "offers a concrete remedy",
                 "写出一个具体的办法：退款、退货、换货、补发、补偿、优惠券、维修、上门取件……",
                 "Name a concrete remedy: a refund, a return, a replacement, resending, compensation, a coupon, "
                 "a repair, a pick-up ..."),
    "follow_up": ("承诺跟进", "promises to follow up",
                  "承诺之后会跟进，例如“我们会在 3 天内回访”“处理进度会及时告知您”。",
                  "Promise to follow up, e.g. \"we will follow up within 3 days\", \"we will keep you updated\"."),
    "no_forbidden": ("没有禁用语", "no forbidden phrases",
                     "删掉推卸责任或敷衍顾客的话（见 FORBIDDEN_PHRASES），换成站在顾客一边的说法。",
                     "Remove the phrases that blame or brush off the customer (see FORBIDDEN_PHRASES); say what "
                     "you will do instead."),
    "length": ("不超过长度上限", "within the length limit",
               "删掉客套和重复的话：顾客只读前几句。", "Cut pleasantries and repetition: customers read the first lines only."),
}

#: Keywords of the four content rules: zh (found anywhere, spaces and punctuation ignored) and en (whole words).
REPLY_KEYWORDS: dict[str, dict[str, list[str]]] = {
    "greeting": {"zh": ["您好", "你好", "亲爱的", "亲", "尊敬的", "早上好", "上午好", "中午好", "下午好", "晚上好"],
                 "en": ["hello", "hi", "hey", "dear", "good morning", "good afternoon", "good evening", "greetings"]},
    "apology": {"zh": ["抱歉", "对不起", "道歉", "歉意", "不好意思", "致歉"],
                "en": ["sorry", "apologise", "apologize", "apologies", "apology", "apologised", "apologized"]},
    "solution": {"zh": ["退款", "退货", "换货", "退换", "补发", "重发", "重新发货", "补寄", "换新", "补偿", "赔偿", "赔付",
                        "优惠券", "红包", "返现", "维修", "上门取件", "退差价", "补差价"],
                 "en": ["refund", "refunds", "free return", "return it", "return label", "replace", "replacement", "exchange", "resend", "re-send",
                        "reship", "compensate", "compensation", "coupon", "voucher", "repair", "pick-up", "pickup",
                        "pick up", "store credit", "partial refund", "new one"]},
    "follow_up": {"zh": ["回访", "跟进", "持续关注", "再联系", "联系您", "与您联系", "随时联系", "及时告知", "告知您", "回复您",
                         "给您回电", "跟踪"],
                  "en": ["follow up", "follow-up", "get back to you", "keep you updated", "keep you posted",
                         "keep you informed", "contact you", "check in with you", "check back with you",
                         "reach out to you", "be in touch", "update you"]},
}

#: Phrases a reply must never use (zh and en), matched with spaces and punctuation removed.
FORBIDDEN_PHRASES: tuple[str, ...] = (
    "这不是我们的问题", "不是我们的问题", "你自己的问题", "不关我们的事", "与我们无关", "跟我们没关系", "不可能", "自己看说明",
    "你自己看", "自己不会看", "爱买不买", "没办法", "不归我管", "找快递去", "别找我",
    "not our problem", "not our fault", "your own fault", "your fault", "impossible", "read the manual",
    "read the instructions yourself", "nothing we can do", "not my job", "not my problem", "deal with it",
)

# A negation right before a Chinese keyword turns it into a refusal ("不退款", "无法退款", "没必要道歉").
_NEG_ZH = ("不", "没", "无法", "无需", "无须", "未", "别", "拒绝", "没必要", "没有必要", "不必", "不用", "不予", "不支持",
           "不提供", "不能", "不会", "不可以", "不需要", "没法")
# ... and an English negation within three words before the keyword, in the same clause.
_NEG_EN = re.compile(r"^(not|no|never|cannot|can't|won't|don't|didn't|isn't|aren't|unable|refuse|refuses|without|"
                     r"neither|nor|wouldn't|shouldn't|couldn't|doesn't)$|n't$")
_CLAUSE = re.compile(r"[,.;:!?，。；：！？、\n]")
_WORD = re.compile(r"[a-z0-9']+(?:-[a-z0-9']+)*")


def _normalise(s: str) -> str:
    """NFKC, invisible format characters removed, white space collapsed."""
    t = unicodedata.normalize("NFKC", s)
    t = "".join(ch for ch in t if unicodedata.category(ch) not in ("Cf", "Cc") or ch in "\n\t")
    return re.sub(r"\s+", " ", t).strip()


def _compact(s: str) -> str:
    """Lower case without spaces, punctuation or symbols (letters, digits and CJK kept)."""
    return "".join(ch for ch in s.lower() if unicodedata.category(ch)[0] in "LN")


def _zh_hits(compact: str, words, *, negatable=True):
    """Chinese keywords found in ``compact`` that no negation turns around; and the negated ones."""
    found, negated = [], []
    for w in sorted(words, key=len, reverse=True):
        for m in re.finditer(re.escape(w), compact):
            before = compact[:m.start()]
            if negatable and before.endswith(_NEG_ZH):
                negated.append(compact[max(0, m.start() - 4):m.end()])
            else:
                found.append(w)
                break
    return found, negated


def _en_hits(low: str, words, *, negatable=True):
    """English keywords (whole words) found in ``low`` that no negation in the same clause turns around."""
    found, negated, seen = [], [], set()
    for w in words:
        pat = r"(?<![a-z0-9])" + r"[\s-]+".join(re.escape(p) for p in re.split(r"[\s-]+", w)) + r"(?![a-z0-9])"
        if pat in seen:  # "follow up" and "follow-up" are one keyword
            continue
        seen.add(pat)
        for m in re.finditer(pat, low):
            clause = _CLAUSE.split(low[:m.start()])[-1]
            prev = _WORD.findall(clause)[-3:]
            if negatable and any(_NEG_EN.search(p) for p in prev):
                negated.append(f"{' '.join(prev)} {m.group(0)}")
            else:
                found.append(w)
                break
    return found, negated


@dataclass(frozen=True)
class RuleResult:
    """One rule checked on a reply: whether it passed, what was found, and how to fix it."""

    rule: str
    passed: bool
    found: str  # the evidence: keywords found, phrases hit, or the length
    message_zh: str
    message_en: str

    @property
    def title_zh(self) -> str:
        return REPLY_RULES[self.rule][0]

    @property
    def title_en(self) -> str:
        return REPLY_RULES[self.rule][1]

    @property
    def fix_zh(self) -> str:
        return REPLY_RULES[self.rule][2]

    @property
    def fix_en(self) -> str:
        return REPLY_RULES[self.rule][3]

    def message(self, locale: str | None = None) -> str:
        return _text(self.message_zh, self.message_en, locale)


@dataclass(frozen=True, repr=False)
class ReplyCheck:
    """The verdict of :func:`check_reply` on one reply: one :class:`RuleResult` per rule."""

    text: str
    length: int
    max_chars: int
    results: tuple

    @property
    def passed(self) -> bool:
        """True only when every rule of :data:`REPLY_RULES` was checked and passed."""
        checked = [r.rule for r in self.results]
        return sorted(checked) == sorted(REPLY_RULES) and all(r.passed is True for r in self.results)

    @property
    def failed(self) -> list:
        """The rules that did not pass, in the order of :data:`REPLY_RULES`."""
        return [r.rule for r in self.results if not r.passed]

    def __getitem__(self, rule: str) -> RuleResult:
        for r in self.results:
            if r.rule == rule:
                return r
        raise KeyError(rule)

    def table(self, locale: str | None = None) -> pd.DataFrame:
        """One row per rule: ``rule``, ``title``, ``passed``, ``found`` and ``message``."""
        loc = locale or get_locale()
        return pd.DataFrame([{"rule": r.rule, "title": r.title_zh if loc == "zh" else r.title_en, "passed": r.passed,
                              "found": r.found, "message": r.message(loc)} for r in self.results])

    def summary(self, locale: str | None = None) -> str:
        """The verdict as lines of text, ✔ or ✘ per rule, the current language first."""
        head_zh = (f"✔ 回复通过全部 {len(REPLY_RULES)} 条规则（{self.length}/{self.max_chars} 字）" if self.passed
                   else f"✘ 回复没有通过：{'、'.join(REPLY_RULES[r][0] for r in self.failed)}")
        head_en = (f"✔ The reply passes all {len(REPLY_RULES)} rules ({self.length}/{self.max_chars} characters)"
                   if self.passed else f"✘ The reply fails: {', '.join(REPLY_RULES[r][1] for r in self.failed)}")
        lines = [_text(head_zh, head_en, locale)]
        for r in self.results:
            mark = "✔" if r.passed else "✘"
            zh = f"{mark} {r.title_zh}：{r.message_zh}" + ("" if r.passed else f" {r.fix_zh}")
            en = f"{mark} {r.title_en}: {r.message_en}" + ("" if r.passed else f" {r.fix_en}")
            lines.append(f"  {zh}\n    {en}" if (locale or get_locale()) == "zh" else f"  {en}\n    {zh}")
        return "\n".join(lines)

    def __str__(self) -> str:
        return self.summary()

    __repr__ = __str__

    def _repr_markdown_(self) -> str:
        rows = ["| | 规则 / rule | 检查结果 / what was found |", "|---|---|---|"]
        for r in self.results:
            note_zh = r.message_zh + ("" if r.passed else f" {r.fix_zh}")
            note_en = r.message_en + ("" if r.passed else f" {r.fix_en}")
            cell = f"{note_zh}<br>{note_en}".replace("|", "\\|")
            rows.append(f"| {'✔' if r.passed else '✘'} | {r.title_zh}<br>{r.title_en} | {cell} |")
        head = self.summary().splitlines()[0]
        return f"**{head}**\n\n" + "\n".join(rows)


_MISSING = {"apology": ("没有找到致歉的话。", "no apology found."),
            "solution": ("没有找到具体的解决办法。", "no concrete remedy found."),
            "follow_up": ("没有找到跟进的承诺。", "no promise to follow up found.")}


def _content_rule(rule, norm, compact, low):
    kw = REPLY_KEYWORDS[rule]
    zh, zh_neg = _zh_hits(compact, kw["zh"], negatable=rule != "greeting")
    en, en_neg = _en_hits(low, kw["en"], negatable=rule != "greeting")
    if rule == "greeting":  # a greeting opens the reply
        head = norm[:GREETING_WITHIN]
        zh = [w for w in zh if w in _compact(head)]
        en = [w for w in en if _en_hits(head.lower(), [w], negatable=False)[0]]
    found = zh + en
    if found:
        shown = "、".join(f"“{w}”" for w in found[:3])
        return RuleResult(rule, True, ", ".join(found[:3]), f"找到 {shown}。", f"found {', '.join(repr(w) for w in found[:3])}.")
    negated = zh_neg + en_neg
    if negated:
        return RuleResult(rule, False, "", f"只找到被否定的说法 “{negated[0]}”：它说的是不做，不算。",
                          f"only a negated phrase, {negated[0]!r}: it says what you will not do, so it does not count.")
    if rule == "greeting":
        return RuleResult(rule, False, "", f"前 {GREETING_WITHIN} 个字里没有问候语。",
                          f"no greeting in the first {GREETING_WITHIN} characters.")
    zh_msg, en_msg = _MISSING[rule]
    return RuleResult(rule, False, "", zh_msg, en_msg)


def check_reply(reply, *, max_chars: int = MAX_REPLY_CHARS, extra_forbidden=(), locale=None) -> ReplyCheck:
    """Check a reply to a bad review (差评回复话术) against the six rules of :data:`REPLY_RULES`.

    Parameters
    ----------
    reply : str
        The reply (or the template of one), in Chinese or English.
    max_chars : int, default=150
        The longest reply allowed, in characters of the normalised text (spaces
        count, runs of white space count once, invisible characters not at all).
    extra_forbidden : sequence of str, optional
        Phrases to forbid besides :data:`FORBIDDEN_PHRASES` (the shop's own list).
    locale : {"zh", "en"}, optional
        Language of the summary (each rule carries both).

    Returns
    -------
    ReplyCheck
        ``passed`` (every rule checked and passed), ``failed`` (the rules that did
        not), ``results`` (a :class:`RuleResult` per rule, with what was found),
        ``length``; ``table()`` and ``summary()`` show it. In a notebook the
        verdict shows as a table with ✔/✘ per rule.

    Raises
    ------
    InvalidArgumentError
        When ``reply`` is not a str, ``max_chars`` is not a positive whole number,
        ``extra_forbidden`` is not a list of non-empty phrases or ``locale`` is not
        "zh" or "en".

    Examples
    --------
    >>> from crmlab.analysis import check_reply
    >>> r = check_reply("亲，您好！非常抱歉给您添麻烦了。我们马上为您补发一件新的，3 天内回访确认。")
    >>> r.passed
    True
    >>> check_reply("这不是我们的问题，请自己看说明。").failed
    ['greeting', 'apology', 'solution', 'follow_up', 'no_forbidden']
    >>> check_reply("Hello! Sorry, we cannot refund this order.").failed
    ['solution', 'follow_up']
    """
    check_str("reply", reply, allow_empty=True, example='check_reply("亲，您好！……")')
    max_chars = check_int("max_chars", max_chars, low=1, example="max_chars=150")
    if isinstance(extra_forbidden, str):  # a str would forbid each of its characters
        raise InvalidArgumentError("`extra_forbidden` 必须是由非空文字组成的列表，例如 [\"亲自去问\"]。",
                                   "`extra_forbidden` must be a list of non-empty phrases, e.g. [\"ask someone else\"].")
    for phrase in extra_forbidden:
        check_str("extra_forbidden", phrase, example='extra_forbidden=["亲自去问"]')
    if locale is not None:
        check_choice("locale", locale, ("zh", "en"))
    reply = str.__str__(reply)  # a plain str: a subclass's own methods play no part
    norm = _normalise(reply)
    low, compact = norm.lower(), _compact(norm)
    results = [_content_rule(rule, norm, compact, low) for rule in ("greeting", "apology", "solution", "follow_up")]
    phrases = list(FORBIDDEN_PHRASES) + [str(p) for p in extra_forbidden]
    hits = []
    for p in phrases:
        c = _compact(_normalise(p))
        if c and c in compact and p not in hits:
            hits.append(p)
    if hits:
        shown = "、".join(f"“{p}”" for p in hits[:3])
        results.append(RuleResult("no_forbidden", False, ", ".join(hits[:3]), f"用了禁用语 {shown}。",
                                  f"uses forbidden phrases: {', '.join(repr(p) for p in hits[:3])}."))
    else:
        results.append(RuleResult("no_forbidden", True, "", f"没有 {len(phrases)} 个禁用语中的任何一个。",
                                  f"none of the {len(phrases)} forbidden phrases."))
    n = len(norm)
    ok = 0 < n <= max_chars
    results.append(RuleResult("length", ok, str(n),
                              f"{n} 个字符，上限 {max_chars}。" if n else "回复是空的。",
                              f"{n} characters, at most {max_chars}." if n else "the reply is empty."))
    return ReplyCheck(text=reply, length=n, max_chars=max_chars, results=tuple(results))


def reply_rules_table(locale: str | None = None) -> pd.DataFrame:
    """The rules :func:`check_reply` applies, in the order checked.

    Parameters
    ----------
    locale : {"zh", "en"}, optional
        Language of the titles and fixes (default: the session's language).

    Returns
    -------
    pandas.DataFrame
        One row per rule: ``rule`` (its code, as in ``ReplyCheck.failed``),
        ``title`` and ``fix`` (how to meet it).

    Examples
    --------
    >>> from crmlab.analysis import reply_rules_table
    >>> reply_rules_table("en")["rule"].tolist()
    ['greeting', 'apology', 'solution', 'follow_up', 'no_forbidden', 'length']
    """
    loc = get_locale() if locale is None else check_choice("locale", locale, ("zh", "en"))
    return pd.DataFrame([{"rule": r, "title": zh if loc == "zh" else en, "fix": fzh if loc == "zh" else fen}
                         for r, (zh, en, fzh, fen) in REPLY_RULES.items()])
