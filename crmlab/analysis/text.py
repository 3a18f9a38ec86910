"""Text: cut customers' words into terms, count them, read causes and FAQ candidates.

Chinese texts are cut into words with jieba (with the shop's own words added, so
双十一 stays one word), English texts into lower-case word tokens; stop words of both
languages are dropped. On these words:

* :func:`tokenize` and :func:`frequent_terms` -- the words of each text and the words
  that appear in the most texts;
* :func:`classify_review_causes` -- which cause (logistics, quality, service, price)
  a review speaks of, by keywords (:data:`REVIEW_CAUSE_KEYWORDS`);
* :func:`faq_candidates` -- customers' questions grouped by their content words and
  ranked by how often they are asked: what an FAQ page should answer first.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import InvalidArgumentError
from ..schema import label
from ..validation import check_int
from ._validation import require_columns, require_nonempty

__all__ = ["REVIEW_CAUSE_KEYWORDS", "tokenize", "frequent_terms", "classify_review_causes", "faq_candidates"]

_CJK = re.compile(r"[\u3400-\u9fff]")
_EN_TOKEN = re.compile(r"[a-z0-9]+(?:'[a-z]+)?")
# Words that carry no topic: function words of both languages and the shop's small talk.
STOPWORDS_ZH = frozenset(
    "的 了 吗 呢 吧 啊 么 我 你 他 她 它 我们 是 在 有 和 就 也 都 还 又 很 太 这 那 这个 那个 这款 什么 怎么 "
    "怎么办 一下 一个 能 会 要 想 给 帮 帮我 麻烦 请问 请 了吗 么 啦 呀 哦 后 前 个 对 把 被 让 如果 可以 没 不".split())
STOPWORDS_EN = frozenset(
    "a an the i me my you your we our it its is are was were be been am do does did can could will would "
    "should shall may might to of in on at for with and or but if my this that these those what when how "
    "which who why there here please any some so as by from up out about after before into than then "
    "hasn't hasn't isn't don't doesn't didn't won't can't it's i'm".split())

#: Bad-review causes and the words that point to them (zh substrings, en whole words).
REVIEW_CAUSE_KEYWORDS: dict[str, dict[str, list[str]]] = {
    "logistics": {
        "zh": ["物流", "快递", "太慢", "慢", "等了", "到货", "发货", "送达", "拖了", "更新", "超时", "丢件", "三天到"],
        "en": ["delivery", "delivered", "slow", "tracking", "arrive", "arrived", "shipping", "shipped",
               "late", "week", "came", "parcel", "courier", "updated"],
    },
    "quality": {
        "zh": ["质量", "坏了", "做工", "异味", "图片", "破损", "次品", "粗糙", "不一样", "假货"],
        "en": ["quality", "broke", "broken", "shoddy", "photos", "smells", "smell", "damaged", "defective",
               "fake", "cheap"],
    },
    "service": {
        "zh": ["客服", "态度", "回复", "退货", "售后", "没解决", "麻烦", "不理"],
        "en": ["service", "replied", "reply", "rude", "return", "returning", "hassle", "solve", "ignored"],
    },
    "price": {
        "zh": ["贵", "价格", "降价", "优惠", "性价比低"],
        "en": ["price", "pricey", "expensive", "overpriced", "coupon"],
    },
}
_CAUSE_LABELS = {"logistics": ("物流", "logistics"), "quality": ("质量", "quality"),
                 "service": ("服务", "service"), "price": ("价格", "price"), "other": ("其他", "other")}


def _texts(texts, name="texts"):
    if isinstance(texts, str):
        texts = [texts]
    s = pd.Series(texts, dtype=object) if not isinstance(texts, pd.Series) else texts.astype(object)
    return s.where(s.notna(), "").astype(str)


# Shop words jieba's general dictionary would split (双十一 -> 双十 / 一).
_SHOP_WORDS = ("双十一", "双11", "六一八", "优惠券", "退换货", "退货", "换货", "敏感肌", "尺码", "收货地址",
               "发票", "到账", "补差价", "赠品", "丢件", "催付", "包邮", "客服", "物流", "现货")


@functools.lru_cache(maxsize=1)
def _jieba():
    """One jieba tokenizer with the shop's words, built on first use (about a second)."""
    import logging

    import jieba

    logging.getLogger("jieba").setLevel(logging.WARNING)  # no dictionary-loading chatter in notebooks
    tk = jieba.Tokenizer()
    for w in _SHOP_WORDS:
        tk.add_word(w, freq=200000)
    return tk


def _cut_one(text, stop_zh, stop_en, min_len):
    if _CJK.search(text):
        toks = [w.strip().lower() for w in _jieba().lcut(text)]
        stop = stop_zh | stop_en
    else:
        toks = _EN_TOKEN.findall(text.lower())
        stop = stop_en
    return [w for w in toks if w and len(w) >= min_len and w not in stop and not w.isdigit()
            and (_CJK.search(w) or _EN_TOKEN.fullmatch(w))]


def tokenize(texts, *, stopwords=None, min_length=1):
    """Cut texts into words: jieba for Chinese, lower-case word tokens for English.

    Each text is cut by its own script (a text with Chinese characters goes to
    jieba), so a mixed column works. Punctuation, numbers-only noise and stop
    words (function words of both languages) are dropped. Identical texts are cut
    once, so a column of many repeated questions is fast.

    Parameters
    ----------
    texts : str, list of str or pandas.Series
    stopwords : iterable of str, optional
        Extra words to drop.
    min_length : int, default=1

    Returns
    -------
    list of list of str
        The words of each text, in order.

    Examples
    --------
    >>> from crmlab.analysis import tokenize
    >>> tokenize(["When will my order ship?"])
    [['order', 'ship']]
    """
    s = _texts(texts)
    extra = frozenset(w.lower() for w in (stopwords or ()))
    stop_zh, stop_en = STOPWORDS_ZH | extra, STOPWORDS_EN | extra
    codes, uniques = pd.factorize(s)
    cut = [_cut_one(t, stop_zh, stop_en, min_length) for t in uniques]  # loop over distinct texts only
    return [list(cut[c]) if c >= 0 else [] for c in codes]


def frequent_terms(texts, *, top=20, stopwords=None, min_length=2):
    """The words that appear in the most texts (document frequency).

    Parameters
    ----------
    texts : str, list of str or pandas.Series
    top : int, default=20
    stopwords : iterable of str, optional
    min_length : int, default=2
        Shortest word kept (2 drops single characters such as 我 or 了).

    Returns
    -------
    pandas.DataFrame
        ``term``, ``documents`` (texts containing it), ``share`` of texts, most
        frequent first.

    Examples
    --------
    >>> from crmlab.analysis import frequent_terms
    >>> frequent_terms(["refund please", "refund late", "late parcel"], top=2)["term"].tolist()
    ['late', 'refund']
    """
    top = check_int("top", top, low=1, example="top=20")
    toks = tokenize(texts, stopwords=stopwords, min_length=min_length)
    if not toks:
        return pd.DataFrame({"term": [], "documents": [], "share": []})
    doc = pd.Series([t for ws in toks for t in set(ws)], dtype=object)
    counts = doc.value_counts()
    out = counts.rename_axis("term").reset_index(name="documents")
    out = out.sort_values(["documents", "term"], ascending=[False, True], kind="stable").head(top)
    out["share"] = out["documents"] / len(toks)
    return out.reset_index(drop=True)


def classify_review_causes(texts, *, keywords=None, locale=None):
    """Which cause (logistics, quality, service, price) a review text speaks of.

    Each cause scores the number of its keywords found in the text (Chinese
    keywords as substrings, English ones as whole words, case-insensitive); the
    cause with the highest score wins, ties going to the order logistics,
    quality, service, price; a text with no keyword is ``other``.

    Parameters
    ----------
    texts : str, list of str or pandas.Series
    keywords : dict, optional
        ``{cause: {"zh": [...], "en": [...]}}`` replacing
        :data:`REVIEW_CAUSE_KEYWORDS`, to add causes or words.
    locale : {"zh", "en"}, optional
        Language of ``cause_label``.

    Returns
    -------
    pandas.DataFrame
        A ``<cause>_hits`` column per cause, ``cause`` and ``cause_label``.

    Examples
    --------
    >>> from crmlab.analysis import classify_review_causes
    >>> classify_review_causes(["物流太慢了", "Poor quality, broke after two days."])["cause"].tolist()
    ['logistics', 'quality']
    """
    kw = REVIEW_CAUSE_KEYWORDS if keywords is None else keywords
    if not isinstance(kw, dict) or not kw:
        raise InvalidArgumentError("`keywords` 必须是 {原因: {'zh': [...], 'en': [...]}} 形式的字典。",
                                   "`keywords` must be a dict {cause: {'zh': [...], 'en': [...]}}.")
    s = _texts(texts)
    low = s.str.lower()
    out = pd.DataFrame(index=range(len(s)))
    for cause, words in kw.items():
        hits = np.zeros(len(s), int)
        for w in words.get("zh", []):
            hits += low.str.contains(w, regex=False).to_numpy()
        for w in words.get("en", []):
            hits += low.str.contains(rf"\b{re.escape(w.lower())}\b", regex=True).to_numpy()
        out[f"{cause}_hits"] = hits
    scores = out.to_numpy()
    causes = np.array(list(kw), dtype=object)
    best = np.where(scores.max(axis=1) > 0, causes[scores.argmax(axis=1)] if len(s) else causes[:0], "other")
    out["cause"] = best
    loc = locale or get_locale()
    out["cause_label"] = [(_CAUSE_LABELS.get(c, (c, c))[0 if loc == "zh" else 1]) for c in best]
    return out


def faq_candidates(service_tickets, *, top=10, text_col="text", stopwords=None, locale=None):
    """A ranked list of FAQ candidates from customers' questions.

    Questions that use the same content words (after word segmentation and stop
    words) are one question asked in different words; they are grouped and
    ranked by how often they are asked. The total handling time they cost shows
    what answering them in an FAQ would save.

    Parameters
    ----------
    service_tickets : pandas.DataFrame
        The ``service_tickets`` table (``text``; ``stage``, ``topic`` and
        ``handle_minutes`` are used when present).
    top : int, default=10
    text_col : str, default="text"
    stopwords : iterable of str, optional
    locale : {"zh", "en"}, optional
        Language of ``stage_label``.

    Returns
    -------
    pandas.DataFrame
        ``rank``, ``question`` (the most common wording), ``asked``, ``share``,
        ``keywords``, and when available ``stage``, ``stage_label``, ``topic`` and
        ``handle_hours``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import faq_candidates
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> faq_candidates(shop.service_tickets, top=3)["rank"].tolist()
    [1, 2, 3]
    """
    top = check_int("top", top, low=1, example="top=10")
    tickets = require_nonempty(require_columns(service_tickets, [text_col], "service_tickets"), "service_tickets")
    texts = _texts(tickets[text_col]).reset_index(drop=True)
    toks = tokenize(texts, stopwords=stopwords)
    key = pd.Series([" ".join(sorted(set(t))) if t else txt.strip().lower() for t, txt in zip(toks, texts, strict=True)])
    df = pd.DataFrame({"key": key, "text": texts})
    extra = [c for c in ("stage", "topic") if c in tickets]
    for c in extra:
        df[c] = tickets[c].to_numpy()
    if "handle_minutes" in tickets:
        df["handle"] = pd.to_numeric(tickets["handle_minutes"], errors="coerce").to_numpy(float)
    df = df[df["key"] != ""]
    g = df.groupby("key", sort=False)
    out = pd.DataFrame({"asked": g.size()})
    # The most common wording of each group stands for the question.
    wording = df.groupby(["key", "text"], sort=False).size().rename("n").reset_index()
    wording = wording.sort_values(["key", "n", "text"], ascending=[True, False, True], kind="stable")
    out["question"] = wording.drop_duplicates("key").set_index("key")["text"]
    for c in extra:
        out[c] = g[c].agg(lambda s: s.mode().iloc[0])  # one call per question group, few groups
    if "handle" in df:
        out["handle_hours"] = g["handle"].sum() / 60.0
    out["share"] = out["asked"] / len(df)
    out["keywords"] = out.index.str.replace(" ", ", ")
    out = out.sort_values(["asked", "question"], ascending=[False, True], kind="stable").head(top).reset_index(drop=True)
    out.insert(0, "rank", np.arange(1, len(out) + 1))
    if "stage" in out:
        out.insert(out.columns.get_loc("stage") + 1, "stage_label",
                   [label("stage", s, locale or get_locale()) for s in out["stage"]])
    cols = ["rank", "question", "asked", "share", "keywords", *[c for c in ("stage", "stage_label", "topic",
                                                                          "handle_hours") if c in out]]
    return out[cols]
