"""Customer service management (chapter 8): inquiries, payment reminders, delivery,
bad reviews and FAQ design.

* inquiry-to-order conversion (询单转化率), overall and by how fast the first reply came;
* the effect of payment reminders (催付) on unpaid orders;
* delivery delay against review scores;
* the causes of bad reviews (差评), read from the review texts;
* FAQ design from the customers' own questions: Chinese texts are cut into words
  with jieba, English texts into simple word tokens; frequent questions and words
  become a ranked list of FAQ candidates.
"""

from __future__ import annotations

import functools
import re

import numpy as np
import pandas as pd

from .._i18n import get_locale
from ..errors import InvalidArgumentError
from ..schema import label
from ._validation import require_columns, require_nonempty

__all__ = [
    "inquiry_conversion", "response_time_band", "reminder_effect", "rating_by_delay",
    "delay_rating_correlation", "REVIEW_CAUSE_KEYWORDS", "classify_review_causes", "bad_review_causes",
    "tokenize", "frequent_terms", "faq_candidates",
]

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


def _txt(zh, en, locale):
    return zh if (locale or get_locale()) == "zh" else en


def _check_alpha(alpha):
    if isinstance(alpha, bool) or not isinstance(alpha, int | float) or not 0 < alpha < 1:
        raise InvalidArgumentError(f"`alpha` 必须在 0 与 1 之间（例如 0.05），但传入的是 {alpha!r}。",
                                   f"`alpha` must lie between 0 and 1 (e.g. 0.05), but {alpha!r} was passed.")


def _z(alpha):
    from scipy.stats import norm

    return float(norm.ppf(1 - alpha / 2))


def _wilson(k, n, alpha):
    z = _z(alpha)
    k, n = np.asarray(k, float), np.asarray(n, float)
    with np.errstate(invalid="ignore", divide="ignore"):
        p = k / n
        centre = (p + z**2 / (2 * n)) / (1 + z**2 / n)
        half = z * np.sqrt(p * (1 - p) / n + z**2 / (4 * n**2)) / (1 + z**2 / n)
    return centre - half, centre + half


def _bands(values, edges, unit, locale, name):
    edges = np.asarray(edges, dtype=float)
    if edges.ndim != 1 or edges.size == 0 or np.any(np.diff(edges) <= 0):
        raise InvalidArgumentError(f"`{name}` 必须是递增的数字，但传入的是 {edges.tolist()!r}。",
                                   f"`{name}` must be increasing numbers, but {edges.tolist()!r} was passed.")
    u = unit[0] if (locale or get_locale()) == "zh" else unit[1]
    f = [f"{e:g}" for e in edges]
    labels = [f"≤{f[0]}{u}"] + [f"{a}-{b}{u}" for a, b in zip(f[:-1], f[1:], strict=True)] + [f">{f[-1]}{u}"]
    codes = np.searchsorted(edges, np.asarray(values, dtype=float), side="left")
    codes = np.where(np.isnan(np.asarray(values, dtype=float)), -1, codes)
    return pd.Categorical.from_codes(codes, categories=labels, ordered=True)


def response_time_band(seconds, *, bins=(30, 60, 120, 300), locale=None):
    """Label first-response times (seconds) with ordered bands, e.g. ``≤30s`` ... ``>300s``.

    Examples
    --------
    >>> from crmlab.analysis import response_time_band
    >>> list(response_time_band([10, 45, 900], locale="en"))
    ['≤30s', '30-60s', '>300s']
    """
    return _bands(seconds, bins, ("秒", "s"), locale, "bins")


# -- inquiries -------------------------------------------------------------------------
def inquiry_conversion(tickets, *, by=None, bins=(30, 60, 120, 300), alpha=0.05, locale=None):
    """Inquiry-to-order conversion (询单转化率) of pre-sale inquiries.

    Parameters
    ----------
    tickets : pandas.DataFrame
        The ``service_tickets`` table (``stage``, ``converted``, and
        ``first_response_seconds`` for the response-time view). Only pre-sale
        tickets count.
    by : str, optional
        ``None`` for the overall rate; ``"response_time"`` for bands of the first
        response time; or any column, e.g. ``"channel"``, ``"agent_id"``, ``"topic"``.
    bins : sequence of float, default=(30, 60, 120, 300)
        Upper edges (seconds) of the response-time bands.
    alpha : float, default=0.05
        For the ``1 - alpha`` Wilson confidence interval.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        ``inquiries``, ``orders``, ``conversion_rate`` with ``ci_low`` and
        ``ci_high``, per group. Conversion falling from the fast bands to the slow
        ones is the case for answering pre-sale questions quickly.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import inquiry_conversion
    >>> shop = crmlab.simulate(500, random_state=1)
    >>> r = inquiry_conversion(shop.service_tickets, by="response_time")
    >>> len(r)
    5
    """
    _check_alpha(alpha)
    require_columns(tickets, ["stage", "converted"], "service_tickets")
    pre = tickets[tickets["stage"].to_numpy() == "pre_sale"]
    require_nonempty(pre, "service_tickets (pre_sale)")
    conv = pre["converted"].to_numpy(bool)
    if by is None:
        key = pd.Series(np.zeros(len(pre), int), name="all")
    elif by == "response_time":
        require_columns(pre, ["first_response_seconds"], "service_tickets")
        key = pd.Series(response_time_band(pre["first_response_seconds"], bins=bins, locale=locale),
                        name="response_band")
    else:
        require_columns(pre, [by], "service_tickets")
        key = pd.Series(pre[by].to_numpy(), name=by)
    g = pd.Series(conv).groupby(key, observed=False)
    out = pd.DataFrame({"inquiries": g.size(), "orders": g.sum().astype(int)})
    out["conversion_rate"] = out["orders"] / out["inquiries"]
    out["ci_low"], out["ci_high"] = _wilson(out["orders"], out["inquiries"], alpha)
    out = out.reset_index()
    return out.drop(columns="all") if by is None else out


# -- payment reminders ----------------------------------------------------------------
def reminder_effect(orders, *, alpha=0.05, locale=None):
    """How many unpaid orders a payment reminder (催付) recovers.

    Among orders left unpaid at checkout, compares the share finally paid with and
    without a reminder, with Wilson intervals per group and, for the difference,
    the unpooled (Wald) interval and the two-proportion z test.

    Parameters
    ----------
    orders : pandas.DataFrame
        The ``orders`` table (``was_unpaid``, ``reminder_sent``, ``payment_status``,
        ``amount``).
    alpha : float, default=0.05

    Returns
    -------
    pandas.DataFrame
        Rows ``reminder``, ``no_reminder`` and ``difference`` (``group``,
        ``group_label``): ``unpaid_orders``, ``recovered``, ``recovery_rate``
        (the difference row holds the difference), ``ci_low``, ``ci_high``,
        ``recovered_amount`` and ``p_value`` (difference row). The difference
        times the unpaid orders without a reminder is what sending reminders to
        all of them would recover.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import reminder_effect
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> r = reminder_effect(shop.orders)
    >>> r["group"].tolist()
    ['reminder', 'no_reminder', 'difference']
    """
    from scipy.stats import norm

    _check_alpha(alpha)
    require_columns(orders, ["was_unpaid", "reminder_sent", "payment_status", "amount"], "orders")
    u = orders[orders["was_unpaid"].to_numpy(bool)]
    require_nonempty(u, "orders (was_unpaid)")
    rem = u["reminder_sent"].to_numpy(bool)
    paid = u["payment_status"].to_numpy() == "paid"
    amt = u["amount"].to_numpy(float)
    n = np.array([rem.sum(), (~rem).sum()], float)
    k = np.array([(paid & rem).sum(), (paid & ~rem).sum()], float)
    if (n == 0).any():
        raise InvalidArgumentError("未付款订单中缺少“催付”或“未催付”的一组，无法比较。",
                                   "The unpaid orders lack either reminded or not-reminded ones, so there is nothing to compare.")
    p = k / n
    lo, hi = _wilson(k, n, alpha)
    diff = p[0] - p[1]
    se = np.sqrt(p[0] * (1 - p[0]) / n[0] + p[1] * (1 - p[1]) / n[1])
    pool = k.sum() / n.sum()
    se0 = np.sqrt(pool * (1 - pool) * (1 / n[0] + 1 / n[1]))
    z = diff / se0 if se0 > 0 else np.nan
    pval = float(2 * norm.sf(abs(z))) if np.isfinite(z) else np.nan
    zc = _z(alpha)
    return pd.DataFrame({
        "group": ["reminder", "no_reminder", "difference"],
        "group_label": [_txt("催付", "reminder sent", locale), _txt("未催付", "no reminder", locale),
                        _txt("差值（催付 - 未催付）", "difference (reminder - none)", locale)],
        "unpaid_orders": [int(n[0]), int(n[1]), int(n.sum())],
        "recovered": [int(k[0]), int(k[1]), int(k[0] - k[1])],
        "recovery_rate": [p[0], p[1], diff],
        "ci_low": [lo[0], lo[1], diff - zc * se], "ci_high": [hi[0], hi[1], diff + zc * se],
        "recovered_amount": [amt[paid & rem].sum(), amt[paid & ~rem].sum(), np.nan],
        "p_value": [np.nan, np.nan, pval],
    })


# -- delivery and reviews -------------------------------------------------------------
def _reviews_with_delay(reviews, shipments):
    require_columns(reviews, ["order_id", "rating"], "reviews")
    require_columns(shipments, ["order_id", "delay_days"], "shipments")
    require_nonempty(reviews, "reviews")
    d = shipments.drop_duplicates("order_id").set_index("order_id")["delay_days"]
    delay = d.reindex(reviews["order_id"].to_numpy()).to_numpy(float)
    out = pd.DataFrame({"delay_days": delay, "rating": reviews["rating"].to_numpy(float)})
    if "sentiment" in reviews:
        out["bad"] = reviews["sentiment"].to_numpy() == "bad"
    else:
        out["bad"] = out["rating"] <= 2
    out = out[~np.isnan(out["delay_days"].to_numpy())]
    require_nonempty(out, "reviews x shipments")
    return out


def rating_by_delay(reviews, shipments, *, bins=(0, 1, 3), alpha=0.05, locale=None):
    """Average review score and share of bad reviews by delivery delay.

    Parameters
    ----------
    reviews : pandas.DataFrame
        The ``reviews`` table (``order_id``, ``rating``, ``sentiment``).
    shipments : pandas.DataFrame
        The ``shipments`` table (``order_id``, ``delay_days``).
    bins : sequence of float, default=(0, 1, 3)
        Upper edges of the delay bands in days; the first band ``≤0`` is on time.
    alpha : float, default=0.05
        For the normal-approximation interval of the mean rating.

    Returns
    -------
    pandas.DataFrame
        One row per delay band: ``reviews``, ``mean_rating``, ``ci_low``,
        ``ci_high``, ``bad_share`` (share of 差评).

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import rating_by_delay
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> r = rating_by_delay(shop.reviews, shop.shipments)
    >>> bool(r["mean_rating"].iloc[0] > r["mean_rating"].iloc[-1])
    True
    """
    _check_alpha(alpha)
    df = _reviews_with_delay(reviews, shipments)
    band = _bands(df["delay_days"], bins, ("天", "d"), locale, "bins")
    g = df.groupby(band, observed=False)
    out = pd.DataFrame({"reviews": g.size(), "mean_rating": g["rating"].mean(), "sd": g["rating"].std(),
                        "bad_share": g["bad"].mean()})
    half = _z(alpha) * out["sd"] / np.sqrt(out["reviews"])
    out["ci_low"], out["ci_high"] = out["mean_rating"] - half, out["mean_rating"] + half
    out.index.name = "delay_band"
    return out.drop(columns="sd")[["reviews", "mean_rating", "ci_low", "ci_high", "bad_share"]].reset_index()


def delay_rating_correlation(reviews, shipments):
    """Correlation between delivery delay (days) and review rating, with p-values.

    Returns
    -------
    pandas.DataFrame
        Rows ``pearson`` and ``spearman``: ``r``, ``p_value``, ``n``. A negative
        ``r`` with a small p-value says late parcels cost stars.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import delay_rating_correlation
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> bool(delay_rating_correlation(shop.reviews, shop.shipments)["r"].lt(0).all())
    True
    """
    from scipy.stats import pearsonr, spearmanr

    df = _reviews_with_delay(reviews, shipments)
    x, y = df["delay_days"].to_numpy(), df["rating"].to_numpy()
    if len(df) < 3 or np.ptp(x) == 0 or np.ptp(y) == 0:
        raise InvalidArgumentError("延迟或评分没有变化（或少于 3 条评价），无法计算相关系数。",
                                   "Delay or rating does not vary (or fewer than 3 reviews): no correlation can be computed.")
    p, s = pearsonr(x, y), spearmanr(x, y)
    return pd.DataFrame({"method": ["pearson", "spearman"], "r": [float(p[0]), float(s[0])],
                         "p_value": [float(p[1]), float(s[1])], "n": len(df)})


# -- texts -------------------------------------------------------------------------------
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
    _check_top(top)
    toks = tokenize(texts, stopwords=stopwords, min_length=min_length)
    if not toks:
        return pd.DataFrame({"term": [], "documents": [], "share": []})
    doc = pd.Series([t for ws in toks for t in set(ws)], dtype=object)
    counts = doc.value_counts()
    out = counts.rename_axis("term").reset_index(name="documents")
    out = out.sort_values(["documents", "term"], ascending=[False, True], kind="stable").head(top)
    out["share"] = out["documents"] / len(toks)
    return out.reset_index(drop=True)


def _check_top(top):
    if isinstance(top, bool) or not isinstance(top, int | np.integer) or top < 1:
        raise InvalidArgumentError(f"`top` 必须是正整数，但传入的是 {top!r}。",
                                   f"`top` must be a positive whole number, but {top!r} was passed.")


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


def bad_review_causes(reviews, *, keywords=None, top_terms=5, locale=None):
    """Why customers leave bad reviews (差评): causes counted from the texts.

    Parameters
    ----------
    reviews : pandas.DataFrame
        The ``reviews`` table (``text`` and ``sentiment``, or ``rating`` 1-2 as bad).
    keywords : dict, optional
        See :func:`classify_review_causes`.
    top_terms : int, default=5
        Most frequent words of each cause's reviews, to read what is said.
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        One row per cause, most frequent first: ``cause``, ``cause_label``,
        ``bad_reviews``, ``share`` and ``top_terms``. The largest cause is where
        fixing the process saves the most stars.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import bad_review_causes
    >>> shop = crmlab.simulate(3000, random_state=7)
    >>> int(bad_review_causes(shop.reviews)["bad_reviews"].sum()) == int((shop.reviews["sentiment"] == "bad").sum())
    True
    """
    require_columns(reviews, ["text"], "reviews")
    if "sentiment" in reviews:
        bad = reviews[reviews["sentiment"].to_numpy() == "bad"]
    else:
        require_columns(reviews, ["rating"], "reviews")
        bad = reviews[reviews["rating"].to_numpy() <= 2]
    require_nonempty(bad, "reviews (bad)")
    cls = classify_review_causes(bad["text"], keywords=keywords, locale=locale)
    counts = cls.groupby(["cause", "cause_label"]).size().rename("bad_reviews").reset_index()
    counts = counts.sort_values(["bad_reviews", "cause"], ascending=[False, True], kind="stable")
    counts["share"] = counts["bad_reviews"] / len(bad)
    texts = bad["text"].reset_index(drop=True)
    counts["top_terms"] = [
        ", ".join(frequent_terms(texts[cls["cause"].to_numpy() == c], top=top_terms)["term"]) for c in counts["cause"]
    ]
    return counts.reset_index(drop=True)


def faq_candidates(tickets, *, top=10, text_col="text", stopwords=None, locale=None):
    """A ranked list of FAQ candidates from customers' questions.

    Questions that use the same content words (after word segmentation and stop
    words) are one question asked in different words; they are grouped and
    ranked by how often they are asked. The total handling time they cost shows
    what answering them in an FAQ would save.

    Parameters
    ----------
    tickets : pandas.DataFrame
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
    _check_top(top)
    require_columns(tickets, [text_col], "service_tickets")
    require_nonempty(tickets, "service_tickets")
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
