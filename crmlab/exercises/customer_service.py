"""Chapter 8 exercises: customer service management: inquiries (询单), payment
reminders (催付), delivery and reviews (差评), service levels and FAQ design
(第八章：客户服务管理).

``from crmlab.exercises.customer_service import *`` gives ``q1`` ... ``q14`` and the blank ``____``.

====  =======================  ===========================================================
q1    ValueQuestion            ``conversion``: inquiry-to-order conversion (pre-sale)
q2    ValueQuestion            ``speed_gap``: conversion ≤30 s minus conversion >300 s
q3    ValueQuestion            ``extra_paid``: orders reminders to all would recover
q4    ValueQuestion            ``bad_share_late``: share of 差评 among parcels >3 days late
q5    ChoiceQuestion           the largest cause of bad reviews
q6    FunctionQuestion         ``top_questions(tickets, n)``: the n most asked texts
q7    ChoiceQuestion           which service level a scene shows
q8    DesignQuestion           ``faq``: an FAQ that covers the most asked topics
q9    ReflectionQuestion       reply to a bad review, and fix the cause
q10   MultipartQuestion        a-c: 极致思维, 首创者 or 持续创新: which trait a scene shows
q11   ChoiceQuestion           what a service agent's qualities (客服素质) look like under pressure
q12   DesignQuestion           ``script``: a reply script (话术) to a bad review that the six reply rules pass
q13   ValueQuestion            ``wom_ratio``: people told per unhappy telling / per happy telling (口碑)
q14   ReflectionQuestion       case discussion: Ctrip's HEAT service idea
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import REPLY_RULES, bad_review_causes, check_reply
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    ValueQuestion, ____, bind, choice_question, rank_among, rank_words)

LATE_DAYS = 3
N_FAQ_TOPICS = 5
CAUSES = {"A": "logistics", "B": "quality", "C": "service", "D": "price"}


# -- reference computations ------------------------------------------------------------
def pre_sale(shop) -> pd.DataFrame:
    t = shop.service_tickets
    return t[t["stage"] == "pre_sale"]


def conversion(shop) -> float:
    return float(pre_sale(shop)["converted"].mean())


def speed_gap(shop, tickets=None) -> float:
    pre = pre_sale(shop) if tickets is None else tickets
    s = pre["first_response_seconds"]
    return float(pre.loc[s <= 30, "converted"].mean() - pre.loc[s > 300, "converted"].mean())


def extra_paid(shop, *, times="not_reminded", among="unpaid") -> float:
    """The orders reminders to all would recover; ``times``/``among`` give the usual slips (times the reminded
    or all unpaid orders, the shares among all orders)."""
    u = shop.orders[shop.orders["was_unpaid"]] if among == "unpaid" else shop.orders
    paid = u["payment_status"] == "paid"
    rem = u["reminder_sent"]
    diff = paid[rem].mean() - paid[~rem].mean()
    if times is None:
        return float(diff)
    base = {"not_reminded": (~rem).sum(), "reminded": rem.sum(), "all": len(u)}[times]
    return float(diff * base)


def reviews_with_delay(shop) -> pd.DataFrame:
    return shop.reviews.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")


def bad_share_late(shop, late_days=LATE_DAYS) -> float:
    r = reviews_with_delay(shop)
    late = r[r["delay_days"] > late_days]
    return float((late["sentiment"] == "bad").mean())


def _late_share_of_bad(shop) -> float:
    r = reviews_with_delay(shop)
    return float((r.loc[r["sentiment"] == "bad", "delay_days"] > LATE_DAYS).mean())


def top_questions(tickets: pd.DataFrame, n: int) -> list:
    counts = tickets["text"].value_counts().rename_axis("text").reset_index(name="n")
    counts = counts.sort_values(["n", "text"], ascending=[False, True], kind="stable")
    return counts["text"].head(n).tolist()


def _top_sorted(tickets, n, ascending) -> list:
    counts = tickets["text"].value_counts().rename_axis("text").reset_index(name="n")
    return counts.sort_values(["n", "text"], ascending=ascending, kind="stable")["text"].head(n).tolist()


# Small tables where the slips and the right order part: ties met before and after their alphabetical order.
_TIE_PROBES = [(pd.DataFrame({"text": ["b", "a", "b", "c", "a", "d"]}), 2),
               (pd.DataFrame({"text": ["b", "a", "b", "c", "a", "d"]}), 4),
               (pd.DataFrame({"text": ["y", "x", "z", "x", "y", "w", "z", "x"]}), 3)]


def top_topics(shop, n=N_FAQ_TOPICS) -> list:
    counts = shop.service_tickets["topic"].value_counts().rename_axis("topic").reset_index(name="n")
    return counts.sort_values(["n", "topic"], ascending=[False, True], kind="stable")["topic"].head(n).tolist()


# -- questions ---------------------------------------------------------------------------
class Conversion(ValueQuestion):
    var = "conversion"
    prompt = ("询单转化率：售前咨询（`stage == 'pre_sale'`）中后来下了单（`converted`）的比例。这里按“下单”算；"
              "平台的正式口径只算最终付了款的，实训 L11 用的就是那个口径。",
              "Inquiry-to-order conversion: the share of pre-sale inquiries (`stage == 'pre_sale'`) that led to an "
              "order (`converted`). Here an order counts; the marketplace's official measure counts only the paid "
              "ones, and lab L11 uses that one.")
    hints = [("询单转化率只看售前咨询：其中后来成交的比例。",
              "Inquiry conversion looks at pre-sale inquiries only: the share that led to an order."),
             ("先筛选 `stage == 'pre_sale'` 的工单；`converted` 是 True/False 列，它的平均值就是比例。"
              "课程的 `inquiry_conversion` 也能算。",
              "Keep the tickets with `stage == 'pre_sale'`; `converted` is a True/False column whose mean is the "
              "share. The course's `inquiry_conversion` computes it too."),
             ("例：售后工单里通过即时通讯进来的比例：`after = tickets[tickets['stage'] == 'after_sale']`，"
              "`(after['channel'] == 'im').mean()`。",
              "For example, the share of after-sale tickets that came by instant messaging: "
              "`after = tickets[tickets['stage'] == 'after_sale']`, `(after['channel'] == 'im').mean()`.")]

    mistakes = (
        Mistake("all_stages", "把售中、售后的工单也算了进来", "counted the in-sale and after-sale tickets too",
                "询单转化率只看售前咨询：先筛选 `stage == 'pre_sale'` 的工单，再求成交的比例。售后工单的客户早就下过单了。",
                "Inquiry conversion looks at pre-sale inquiries only: keep the tickets with `stage == 'pre_sale'` "
                "first, then take the share converted. After-sale customers have already ordered.",
                recompute=lambda ctx: float(ctx.shop.service_tickets["converted"].mean())),
        _slips.percent_not_share(conversion),
        _slips.count_not_share(lambda shop: int(pre_sale(shop)["converted"].sum())),
    )

    def expected(self, shop):
        return conversion(shop)


class SpeedGap(ValueQuestion):
    var = "speed_gap"
    prompt = ("首次响应 ≤ 30 秒的售前咨询，转化率比首次响应 > 300 秒的高多少（两个比例相减）？",
              "How much higher is the conversion of pre-sale inquiries answered within 30 s than of those answered "
              "after more than 300 s (difference of the two shares)?")
    hints = [("把售前咨询按首次响应时间分成快（≤ 30 秒）和慢（> 300 秒）两组，比较两组的转化率。",
              "Split the pre-sale inquiries by first response time into fast (≤ 30 s) and slow (> 300 s), and "
              "compare their conversion."),
             ("用 `first_response_seconds` 写两个条件，`.loc[条件, 'converted']` 取出每组的 `converted`，各自求平均再相减。"
              "课程的 `inquiry_conversion(shop.service_tickets, by='response_time')` 按响应时间段给出转化率，可以用来核对。",
              "Write two conditions on `first_response_seconds`, take each group's `converted` with "
              "`.loc[condition, 'converted']`, average each and subtract. The course's `inquiry_conversion(shop.service_tickets, "
              "by='response_time')` gives the conversion per response band, to check against."),
             ("例：即时通讯和电话咨询的转化率之差：`pre.loc[pre['channel'] == 'im', 'converted'].mean() - "
              "pre.loc[pre['channel'] == 'phone', 'converted'].mean()`。",
              "For example, the conversion gap between instant-messaging and phone inquiries: "
              "`pre.loc[pre['channel'] == 'im', 'converted'].mean() - pre.loc[pre['channel'] == 'phone', "
              "'converted'].mean()`.")]
    solution_text = ("客户在询单时往往同时问了几家店：回复越慢，客户越可能已经在别家下单了。",
                     "Customers often ask several shops at once: the slower the reply, the likelier they already "
                     "bought elsewhere.")

    mistakes = (
        Mistake("reversed_difference", "减反了：用慢的一组减快的一组", "subtracted the wrong way round: slow minus fast",
                "题目问快的一组比慢的一组高多少：快（≤ 30 秒）的转化率 − 慢（> 300 秒）的转化率，被减数是快的一组。",
                "The question asks how much higher the fast group is: conversion when fast (≤ 30 s) − conversion when "
                "slow (> 300 s), the fast group first.",
                recompute=lambda ctx: -speed_gap(ctx.shop)),
        Mistake("all_stages", "在全部工单上分了快慢，没有只看售前咨询", "split all the tickets by speed, not the "
                "pre-sale inquiries only",
                "转化只对询单有意义：先筛选 `stage == 'pre_sale'`，再按首次响应时间分组。",
                "Conversion means something for inquiries only: keep `stage == 'pre_sale'` first, then split by "
                "first response time.",
                recompute=lambda ctx: speed_gap(ctx.shop, ctx.shop.service_tickets)),
        _slips.percent_not_share(speed_gap),
    )

    def expected(self, shop):
        return speed_gap(shop)


class ExtraPaid(ValueQuestion):
    var = "extra_paid"
    prompt = ("催付的效果：在拍下后未付款的订单（`was_unpaid`）里，用催付过的最终付款比例减去没催付的，再乘以没催付的订单数。"
              "如果把没催付的订单也都催一遍，大约能多收回多少单？",
              "The effect of payment reminders: among orders left unpaid (`was_unpaid`), the paid share with a "
              "reminder minus the paid share without, times the number not reminded. About how many more orders "
              "would reminding all of them recover?")
    hints = [("比较催付了和没催付的未付款订单最后付款的比例；差值乘以没催付的订单数，就是“如果也催付了”能多收回的单数。",
              "Compare the share finally paid among unpaid orders with and without a reminder; the difference times "
              "the orders not reminded is what reminding them too would recover."),
             ("`u = orders[orders['was_unpaid']]`；`paid = u['payment_status'] == 'paid'`；按 `u['reminder_sent']` "
              "分成两组求平均。课程的 `reminder_effect(shop.orders)` 也给出这两个比例和它们的差。",
              "`u = orders[orders['was_unpaid']]`; `paid = u['payment_status'] == 'paid'`; average it in the two "
              "groups of `u['reminder_sent']`. The course's `reminder_effect(shop.orders)` gives both shares and "
              "their difference too."),
             ("例：催付了 60 单、最后付了 27 单（45%），没催付 40 单、付了 8 单（20%）：全部催付大约能多收回 "
              "(0.45 − 0.20) × 40 = 10 单。",
              "For example, 60 reminded of which 27 paid (45%), 40 not reminded of which 8 paid (20%): reminding "
              "all would recover about (0.45 − 0.20) × 40 = 10 orders.")]

    mistakes = (
        Mistake("share_not_orders", "只给出了两个付款比例之差，没有乘以没催付的订单数",
                "gave only the difference of the two paid shares, without multiplying by the orders not reminded",
                "比例之差是“每催付一单，多付款的可能性”；要换算成单数，还要乘以这次要去催付的订单数。",
                "The difference of shares is the extra chance that one reminded order is paid; to turn it into "
                "orders, multiply by the orders you would now remind.",
                recompute=lambda ctx: extra_paid(ctx.shop, times=None)),
        Mistake("wrong_base", "乘错了订单数：乘的是已经催付的订单数，或全部未付款订单数",
                "multiplied by the wrong orders: those already reminded, or every unpaid order",
                "已经催付过的订单，它们的效果已经在数据里了；能多收回的只是现在还没催付的那些订单：差值 × 没催付的订单数。",
                "The reminded orders' effect is already in the data; only the orders not reminded yet can add more: "
                "the difference × the orders not reminded.",
                detect=lambda answer, ctx: any(matches(answer, extra_paid(ctx.shop, times=t))
                                               for t in ("reminded", "all"))),
        Mistake("all_orders", "在全部订单里比较了催付和没催付的付款比例，没有只看未付款订单",
                "compared the paid shares with and without a reminder among all orders, not the unpaid ones only",
                "催付只发给拍下未付款的订单。没催付的订单里大多数是一下单就付款的，放在一起比，就不是催付的效果了："
                "先筛选 `was_unpaid`。",
                "Reminders go to orders left unpaid. Most orders never reminded were paid at once, so comparing with "
                "them does not measure the reminder: keep `was_unpaid` first.",
                recompute=lambda ctx: extra_paid(ctx.shop, among="all")),
    )

    def expected(self, shop):
        return extra_paid(shop)


class BadShareLate(ValueQuestion):
    var = "bad_share_late"
    prompt = (f"延误超过 {LATE_DAYS} 天（`delay_days > {LATE_DAYS}`）才送达的订单，它们的评价里差评（`sentiment == 'bad'`）"
              "占多大比例？",
              f"Among the reviews of orders delivered more than {LATE_DAYS} days late (`delay_days > {LATE_DAYS}`), "
              "what share are bad reviews (`sentiment == 'bad'`)?")
    hints = [("评价在 reviews 表里，延误天数在 shipments 表里：先按订单把两张表接起来，再只看延误超过 3 天的评价。",
              "The reviews are in one table and the delays in shipments: join them by order, then keep the reviews "
              "of parcels more than 3 days late."),
             ("`merge(..., on='order_id')` 连接；筛选 `delay_days > 3` 的行；`sentiment == 'bad'` 给出 True/False，"
              "平均值就是差评的占比。",
              "`merge(..., on='order_id')` joins them; keep the rows with `delay_days > 3`; `sentiment == 'bad'` "
              "gives True/False, whose mean is the share of bad reviews."),
             ("例：准时送达（`delay_days <= 0`）的订单里好评的占比：`ontime = r[r['delay_days'] <= 0]`，"
              "`(ontime['sentiment'] == 'good').mean()`。",
              "For example, the share of good reviews for parcels on time (`delay_days <= 0`): "
              "`ontime = r[r['delay_days'] <= 0]`, `(ontime['sentiment'] == 'good').mean()`.")]

    mistakes = (
        Mistake("any_delay", "把所有晚到的订单（`delay_days > 0`）都算了进去", "counted every late parcel "
                "(`delay_days > 0`)",
                f"题目只看严重超时：延误超过 {LATE_DAYS} 天（`delay_days > {LATE_DAYS}`）。晚一两天的包裹不在其中。",
                f"The question looks at badly late parcels only: more than {LATE_DAYS} days (`delay_days > "
                f"{LATE_DAYS}`). Parcels a day or two late are not among them.",
                recompute=lambda ctx: bad_share_late(ctx.shop, late_days=0)),
        Mistake("reversed_condition", "算反了：在差评里看超时送达的比例，而不是在超时送达的订单里看差评的比例",
                "turned it round: the share of late parcels among the bad reviews, not the share of bad reviews "
                "among late parcels",
                "先确定“在谁里面”：题目说的是超时送达的订单，所以先筛选超时的评价，再看其中差评占多少。",
                "First decide which group you look inside: the parcels delivered late. Keep their reviews, then "
                "take the share that are bad.",
                recompute=lambda ctx: _late_share_of_bad(ctx.shop)),
        Mistake("no_delay_filter", "没有筛选超时的订单：算的是全部评价里差评的比例",
                "did not keep the late parcels: this is the share of bad reviews among all reviews",
                f"连接之后先筛选 `delay_days > {LATE_DAYS}` 的行，再求差评的比例；和全部评价的差评比例对比，才看得出超时的影响。",
                f"After the join keep the rows with `delay_days > {LATE_DAYS}`, then take the share of bad reviews; "
                "set beside the share among all reviews, it shows what lateness does.",
                recompute=lambda ctx: float((reviews_with_delay(ctx.shop)["sentiment"] == "bad").mean())),
    )

    def expected(self, shop):
        return bad_share_late(shop)


class BadCause(ChoiceQuestion):
    var = "top_cause"
    prompt = ("差评最主要的原因是什么？（按评价内容归类）", "What is the main cause of bad reviews (classified from the "
              "texts)?")
    options = {"A": ("物流", "logistics"), "B": ("质量", "quality"), "C": ("服务", "service"), "D": ("价格", "price")}
    hints = [("`bad_review_causes(shop.reviews)` 按原因统计差评，第一行最多。",
              "`bad_review_causes(shop.reviews)` counts bad reviews by cause, most frequent first.")]

    def expected(self, shop):
        causes = bad_review_causes(shop.reviews)
        top = next(c for c in causes["cause"] if c in CAUSES.values())
        return {v: k for k, v in CAUSES.items()}[top]

    def explain(self, letter, shop=None):
        """The cause's own count of bad reviews and its rank among the four causes."""
        causes = bad_review_causes((self.shop() if shop is None else shop).reviews).set_index("cause")
        counts = causes["bad_reviews"].reindex(list(CAUSES.values())).fillna(0)
        cause, (zh_name, en_name) = CAUSES[letter], self.options[letter]
        if not counts[cause]:
            return (f"你的商店里没有一条差评被归为“{zh_name}”。", f"Not one bad review of your shop is about {en_name}.")
        rank, n, gap = rank_among(counts, cause)
        where_zh, where_en = rank_words(rank, n, ("原因", "causes"))
        share = float(causes.loc[cause, "share"])
        zh = f"归为“{zh_name}”的差评有 {int(counts[cause])} 条（占差评的 {share:.0%}），{where_zh}"
        en = f"{int(counts[cause])} bad reviews are about {en_name} ({share:.0%} of them); the cause {where_en}"
        if gap <= 0:
            return (zh + "，与另一个原因并列最多：`bad_review_causes` 把并列的原因按代码的字母顺序排，这道题取第一行。",
                    en + ", tied with another cause: `bad_review_causes` sorts tied causes by their code, and the "
                    "question takes the first row.")
        return zh + f"，比最多的原因少 {int(gap)} 条。", en + f", {int(gap)} fewer than the largest."


class TopQuestions(FunctionQuestion):
    var = "top_questions"
    prompt = ("写函数 `top_questions(tickets, n)`：返回被问得最多的 n 条咨询内容（`text`）的列表，按次数从多到少；"
              "次数相同时按文字排序（升序）。",
              "Write `top_questions(tickets, n)`: the list of the n most asked message texts (`text`), most asked "
              "first; ties in alphabetical order of the text.")
    hints = [("先数每条咨询内容出现了几次，再按次数从多到少排；次数一样的按文字排。",
              "Count how often each text was asked, then sort by that count, most first; ties by the text."),
             ("`value_counts()` 数次数；变成两列的表之后，`sort_values([两列], ascending=[False, True])` 一次按两个键排序；"
              "取前 n 行的 text，用 `.tolist()` 变成列表。",
              "`value_counts()` counts; as a two-column table, `sort_values([both columns], ascending=[False, "
              "True])` sorts on two keys at once; take the first n texts and make a list with `.tolist()`."),
             ("例：6 条咨询 b、a、b、c、a、d：a 和 b 各 2 次，c 和 d 各 1 次；按次数降序、文字升序是 a、b、c、d，"
              "前 2 条是 `['a', 'b']`。",
              "For example, the texts b, a, b, c, a, d: a and b twice, c and d once; by count descending and text "
              "ascending that is a, b, c, d, and the first 2 are `['a', 'b']`.")]
    solution_text = ("被问得最多的问题就是 FAQ 的候选：把答案放在商品页上，客服就能省下大量重复劳动。",
                     "The most asked questions are the FAQ candidates: answer them on the product page and agents "
                     "save a lot of repeated work.")

    mistakes = (
        Mistake("ties_unsorted", "没有处理次数相同的情况：并列的咨询内容没有按文字排序",
                "left the ties as they came: texts asked equally often are not in the order of the text",
                "`value_counts()` 只按次数排；次数相同的几条，顺序并不固定。按两个键排序：先按次数从多到少，再按文字从小到大。"
                "拿第 3 个提示的 6 条咨询试一试。",
                "`value_counts()` sorts by count only; texts with the same count come in no set order. Sort on two "
                "keys: count, most first, then the text, in ascending order. Try it on hint 3's six messages.",
                detect=_slips.acts_like(lambda t, n: t["text"].value_counts().head(n).index.tolist(),
                                        lambda shop: _TIE_PROBES)),
        Mistake("ties_descending", "在次数相同时把文字按降序排了", "sorted the tied texts in descending order",
                "`sort_values` 的 `ascending=False` 会作用在每个键上；两个键方向不同时，给一个列表：次数降序、文字升序。",
                "`ascending=False` in `sort_values` applies to every key; when the keys go different ways, give a "
                "list: count descending, text ascending.",
                detect=_slips.acts_like(lambda t, n: _top_sorted(t, n, [False, False]), lambda shop: _TIE_PROBES)),
        Mistake("least_first", "按次数从少到多排了序，交上来的是问得最少的几条",
                "sorted by count smallest first, so these are the least asked texts",
                "“被问得最多”要从大到小排：次数这一键用降序。",
                "\"Most asked\" sorts largest first: descending on the count.",
                detect=_slips.acts_like(lambda t, n: _top_sorted(t, n, [True, True]), lambda shop: _TIE_PROBES)),
    )

    def reference(self, tickets, n):
        return top_questions(tickets, n)

    def cases(self, shop):
        tiny = pd.DataFrame({"text": ["b", "a", "b", "c", "a", "d"]})
        return [(shop.service_tickets, 5), (shop.service_tickets.head(200), 3), (tiny, 2), (tiny, 4)]


class ServiceLevel(ChoiceQuestion):
    var = "level"
    prompt = ("一位客户买了婴儿用品。签收第二天，客服发来手写卡片的照片，卡片上写着宝宝的名字，还附赠了一份按宝宝月龄挑选的小礼物。"
              "这属于哪个服务层次？",
              "A customer bought baby products. The day after delivery the agent sends a photo of a handwritten card "
              "with the baby's name, and a small gift chosen for the baby's age is in the parcel. Which service level "
              "is this?")
    options = {"A": ("基本服务：满足客户的基本需求", "basic: meets the basic need"),
               "B": ("满意服务：态度友好、让客户满意", "satisfying: friendly and pleasing"),
               "C": ("超值服务：超出客户的预期", "beyond expectations"),
               "D": ("难忘服务：个性化、带来情感体验，让客户记住并传播", "memorable: personal and emotional, remembered "
                     "and retold")}
    answer = "D"
    explanations = {"C": ("赠品确实超出预期，但写着宝宝名字的手写卡片是为这一位客户专门做的、带情感的体验：更进一层。",
                          "The gift is beyond expectations, but a handwritten card with the baby's name is a personal, "
                          "emotional experience made for this one customer: one level higher."),
                    "A": ("基本服务只满足客户的基本需求，把商品按时送到；写着宝宝名字的卡片和按月龄挑选的礼物远不止于此。",
                          "Basic service meets the basic need, the goods delivered on time; a card with the baby's "
                          "name and a gift chosen for the baby's age go far beyond that."),
                    "B": ("满意服务是态度友好、让客户满意；这里不只是态度好，而是专门为这一位客户做了东西。",
                          "Satisfying service is friendly and pleasing; here it is more than friendliness: something "
                          "was made for this one customer.")}
    hints = [("四个层次：基本 → 满意 → 超值 → 难忘。哪一层是“为这一位客户专门做的、有情感的”？",
              "Four levels: basic → satisfying → beyond → memorable. Which one is personal and emotional?")]


def _entries(answer):
    if not isinstance(answer, list) or not all(isinstance(e, dict) for e in answer):
        raise TypeError("faq must be a list of dicts")
    return answer


def _covers(answer, shop):
    topics = {str(e.get("topic")) for e in _entries(answer)}
    missing = [t for t in top_topics(shop) if t not in topics]
    return not missing, (f"还没覆盖这些常问主题：{missing}", f"these most asked topics are missing: {missing}")


def _answers_long(answer, shop):
    short = [e.get("question") for e in _entries(answer) if len(str(e.get("answer", "")).strip()) < 15]
    return not short, (f"这些问题的回答太短（少于 15 个字符）：{short[:3]}", f"answers too short (< 15 characters): "
                       f"{short[:3]}")


def _no_dup(answer, shop):
    topics = [str(e.get("topic")) for e in _entries(answer)]
    return len(topics) == len(set(topics)), ("同一主题出现了两次", "a topic appears twice")


class Faq(DesignQuestion):
    var = "faq"
    prompt = (f"设计 FAQ：一个列表，每条是字典 `{{'topic': 主题代码, 'question': 问题, 'answer': 回答}}`。规则：至少 "
              f"{N_FAQ_TOPICS} 条；覆盖工单里被问得最多的 {N_FAQ_TOPICS} 个主题（`service_tickets.topic`）；每个回答至少 15 个字符；"
              "主题不重复。",
              "Design an FAQ: a list of dicts `{'topic': topic code, 'question': ..., 'answer': ...}`. Rules: at "
              f"least {N_FAQ_TOPICS} entries; cover the {N_FAQ_TOPICS} most asked topics of the tickets "
              "(`service_tickets.topic`); every answer at least 15 characters; no topic twice.")
    rules = [
        Rule((f"至少 {N_FAQ_TOPICS} 条", f"at least {N_FAQ_TOPICS} entries"),
             lambda a, shop: len(_entries(a)) >= N_FAQ_TOPICS),
        Rule((f"覆盖最常问的 {N_FAQ_TOPICS} 个主题", f"covers the {N_FAQ_TOPICS} most asked topics"), _covers),
        Rule(("每个回答至少 15 个字符", "every answer has at least 15 characters"), _answers_long),
        Rule(("主题不重复", "no topic twice"), _no_dup),
    ]
    hints = [("`shop.service_tickets['topic'].value_counts().head(5)` 给出最常问的主题；`faq_candidates` 给出每个主题的典型问法。",
              "`shop.service_tickets['topic'].value_counts().head(5)` gives the most asked topics; `faq_candidates` "
              "gives their typical wording.")]


class BadReview(ReflectionQuestion):
    var = "reply"
    prompt = ("挑一条真实的差评（`shop.reviews`），写一段回复（差评处理），再说明店里应该改什么流程，避免同样的差评。",
              "Pick a real bad review (`shop.reviews`), write the shop's reply to it, and say which process the shop "
              "should change so the same complaint does not come back.")
    solution_text = ("好的回复：及时、先道歉、不争辩、给出具体补救（补发、退款、优惠券）、留下联系方式；流程改进要对准原因"
                     "（例如物流超时 → 换快递或提前发货并主动告知），并用数字（差评中物流占比）说明。",
                     "A good reply is prompt, apologises first, does not argue, offers a concrete remedy (resend, "
                     "refund, coupon) and a contact; the process fix targets the cause (late parcels → another carrier "
                     "or earlier dispatch with a proactive notice) and is backed by numbers (logistics' share of bad "
                     "reviews).")


TRAITS = {"A": ("极致思维", "thinking in extremes"), "B": ("首创者", "first mover"), "C": ("持续创新", "continuous innovation"),
          "D": ("体验服务", "experience service")}
TRAIT_HINTS = [("极致思维：把一件事做到超出预期；首创者：第一个做；持续创新：一直在改进。体验服务说的是服务的整体定位，不是某个做法的特点。",
                "Thinking in extremes: one thing done beyond expectation; first mover: the first to do it; continuous "
                "innovation: always improving. Experience service is the overall aim of service, not the mark of one "
                "practice.")]
_NOT_EXPERIENCE = ("体验服务是整个客户服务的目标（让客户在每个环节都有好的体验），每个场景都为它服务；题目问的是这个做法本身的特点。",
                   "Experience service is the aim of all service (a good experience at every step), which every scene "
                   "serves; the question asks what marks this practice itself.")

TraitA = choice_question(
    "trait_a", ("客户只问了一句尺码，客服按他以往的购买记录提醒“这款偏小，建议大一码”，又在包裹里放了一张按面料写的洗涤说明卡。",
                "A customer only asks about the size; the agent checks their past orders and says \"this one runs "
                "small, take one size up\", and puts a washing card written for the fabric in the parcel."),
    TRAITS, "A", ("把一次普通的询单做到超出客户预期的程度，这是极致思维。",
                  "An ordinary inquiry handled beyond what the customer expected: thinking in extremes."),
    hints=TRAIT_HINTS,
    explanations={"B": ("提醒尺码、附洗涤卡并不是谁都没做过的新服务；这里的特点是把一次普通询单的细节做到了极致。",
                        "Size advice and a washing card are not a service nobody offered before; what marks the scene "
                        "is an ordinary inquiry carried to the extreme in its details."),
                  "C": ("持续创新说的是一段时间里不断改进、推出新做法；这个场景是一次服务，没有“不断改进”的过程。",
                        "Continuous innovation is improving and adding practices over time; this is one act of "
                        "service, with no process of improvement."),
                  "D": _NOT_EXPERIENCE})
TraitB = choice_question(
    "trait_b", ("青禾生活馆是平台上第一家推出“敏感肌试用装，先用后买”的美妆店，很多客户记住了它，并主动分享给朋友。",
                "Qinghe is the first beauty shop on the marketplace to offer \"trial sizes for sensitive skin, pay after "
                "you try\"; many customers remember it and tell their friends."),
    TRAITS, "B", ("率先推出别人没有的服务，抢先赢得注意和口碑：首创者。",
                  "The first to offer a service nobody else has, winning attention and word of mouth first: a first "
                  "mover."),
    hints=TRAIT_HINTS,
    explanations={"A": ("极致思维是把已有的服务做到超出预期；这里的关键是“第一家”：别人还没有这项服务。",
                        "Thinking in extremes carries an existing service beyond expectation; the key word here is "
                        "\"first\": nobody else offers the service yet."),
                  "C": ("只推出一次新服务还不是持续创新；持续创新要不断改进，否则“第一家”的优势很快被模仿掉。",
                        "Launching one new service is not yet continuous innovation, which keeps improving; without it "
                        "the lead of being first is soon copied."),
                  "D": _NOT_EXPERIENCE})
TraitC = choice_question(
    "trait_c", ("客服部每个季度从差评和询单记录里找出一个新问题，改一条服务规则，再跟踪改进后差评率有没有下降。",
                "Every quarter the service team picks a new problem from the bad reviews and inquiries, changes one "
                "service rule, and tracks whether the bad-review share falls afterwards."),
    TRAITS, "C", ("一轮接一轮地发现问题、改进、检验：持续创新，服务才不会落后于客户的期望。",
                  "Round after round of finding, fixing and checking: continuous innovation keeps service ahead of "
                  "customers' expectations."),
    hints=TRAIT_HINTS,
    explanations={"A": ("极致思维说的是把一件事做到极致；这里的特点是每个季度都在改，是一个不停的过程。",
                        "Thinking in extremes is one thing done to the utmost; what marks this scene is a change every "
                        "quarter, a process that never stops."),
                  "B": ("首创者是第一个推出某项服务；这里改的是店里自己的规则，也不在乎是不是第一家，重在不断改进。",
                        "A first mover is the first to launch a service; here the shop changes its own rules, first or "
                        "not: the point is to keep improving."),
                  "D": _NOT_EXPERIENCE})


class Q10(MultipartQuestion):
    prompt = ("电子商务客户服务管理的特点：每个场景体现的是哪一个？", "What marks e-commerce service management: which trait "
              "does each scene show?")
    parts = {"a": TraitA, "b": TraitB, "c": TraitC}


class Qualities(ChoiceQuestion):
    var = "qualities"
    prompt = ("双十一当天，一位客户第三次来问包裹在哪里，言辞激烈。下面哪种做法最能体现客服素质？",
              "On 11.11 a customer asks for the third time where the parcel is, angrily. Which response shows a "
              "service agent's qualities best?")
    options = {"A": ("复制上一次的回复发过去，节省时间接待别的客户", "paste the previous reply to save time for other "
                     "customers"),
               "B": ("情绪稳定，先致歉并理解客户的着急，查清物流后告诉他确切的进展，并承诺有变化主动告知",
                     "stay calm, apologise and acknowledge the worry, check the tracking, give the real status and "
                     "promise to update the customer"),
               "C": ("告诉客户物流是快递公司的事，请他直接联系快递", "tell the customer delivery is the carrier's "
                     "business and to call the carrier"),
               "D": ("为了让客户平静下来，保证包裹明天一定送到", "to calm the customer, guarantee the parcel arrives "
                     "tomorrow")}
    answer = "B"
    explanations = {"A": ("同一句话第三次发给一位着急的客户，只会让他更生气；客服素质包括服务意识：看见这位客户，而不只是处理一条消息。",
                          "The same words a third time make an anxious customer angrier; service-mindedness means "
                          "seeing this customer, not just clearing a message."),
                    "C": ("把客户推给快递是推卸责任，也是差评回复的禁用语之一；客户是在本店买的，物流问题也是本店的服务。",
                          "Sending the customer to the carrier shifts the blame (one of the forbidden phrases of a "
                          "reply); the customer bought from the shop, and delivery is part of its service."),
                    "D": ("承诺做不到的事，明天没送到时客户会更失望；客服素质要求专业和诚信：只承诺能兑现的。",
                          "Promising what you cannot deliver makes tomorrow's disappointment worse; an agent's "
                          "qualities include professionalism and honesty: promise only what can be kept.")}
    hints = [("客服素质：服务意识、专业知识、沟通能力、情绪管理、抗压能力。哪个做法同时做到了这几条？",
              "An agent's qualities: service-mindedness, product knowledge, communication, emotional control, "
              "resilience. Which response shows them all?")]
    solution_text = ("高峰期最考验客服素质：情绪稳定、先处理情绪再处理问题、只承诺能兑现的、主动跟进。",
                     "Peaks test an agent's qualities most: stay calm, handle the feelings then the problem, promise "
                     "only what can be kept, follow up unasked.")


def _reply_rule(code):
    def rule(answer, shop):
        if not isinstance(answer, str):
            return False, ("`script` 应当是一段文字（str）", "`script` must be a text (str)")
        result = next(r for r in check_reply(answer).results if r.rule == code)
        return result.passed, (result.message_zh, result.message_en)
    zh, en = REPLY_RULES[code][:2]
    return Rule((zh, en), rule)


class Script(DesignQuestion):
    var = "script"
    prompt = ("写一段回复差评的话术 `script`（一段文字），差评是：“物流太慢了，等了整整一周，再也不买了！”"
              "六条规则（`check_reply`）：开头有问候、有致歉、给出具体的解决办法、承诺跟进、没有禁用语、不超过 150 个字符。",
              "Write a reply script `script` (a text) to the bad review \"Delivery was so slow, a whole week, never "
              "again!\" Six rules (`check_reply`): opens with a greeting, apologises, offers a concrete remedy, "
              "promises to follow up, no forbidden phrase, at most 150 characters.")
    rules = [_reply_rule(code) for code in REPLY_RULES]
    hints = [("先想一位生气的客户想听到什么：有人在乎、有人道歉、有具体的补救、之后有人跟进。",
              "Think what an angry customer wants to hear: someone cares, someone apologises, a concrete remedy, and "
              "someone who follows up."),
             ("按规则的顺序写四句：问候 → 致歉 → 办法（补偿、优惠券、退款……）→ 跟进（“我们会……回访”）。写完用 `check_reply(文字)` "
              "自己检查，它会逐条告诉你哪条没通过。",
              "Write four sentences in the rules' order: greeting → apology → remedy (compensation, a coupon, a "
              "refund ...) → follow-up (\"we will check back ...\"). Check it yourself with `check_reply(text)`, which "
              "says rule by rule what is missing."),
             ("例：回复“商品有划痕”的差评：“亲，您好！商品有划痕真的非常抱歉。我们马上为您换货，换好后客服会联系您确认。”"
              "你的回复要针对物流慢，办法也要对得上。",
              "For example, a reply to \"the item was scratched\": \"Hello! We are very sorry the item was "
              "scratched. We will send a replacement right away and contact you once it arrives.\" Yours answers the "
              "slow delivery, with a remedy that fits it.")]
    solution_text = ("规则只检查字面：通过了规则，还要读一遍是否真诚、是否针对这位客户的问题。话术是起点，不能机械照搬。",
                     "The rules read words only: a reply that passes still needs reading for sincerity and for this "
                     "customer's problem. A script is a starting point, not something to paste blindly.")


def wom_by_sentiment(shop) -> pd.DataFrame:
    w = shop.word_of_mouth
    return w.groupby("sentiment").agg(mentions=("mention_id", "size"), people_told=("people_told", "mean"),
                                      referrals=("referrals", "sum")).reset_index()


def wom_ratio(shop) -> float:
    t = wom_by_sentiment(shop).set_index("sentiment")["people_told"]
    return float(t["negative"] / t["positive"])


class WomRatio(ValueQuestion):
    var = "wom_ratio"
    rtol = 1e-4
    prompt = ("口碑传播表 `shop.word_of_mouth`：不满的客户每次讲述平均告诉几个人，是满意的客户的几倍？"
              "给出：不满（negative）讲述的平均 people_told ÷ 满意（positive）讲述的平均 people_told。",
              "The word-of-mouth table `shop.word_of_mouth`: how many times as many people does an unhappy telling "
              "reach as a happy one? Give the mean people_told of negative mentions ÷ that of positive mentions.")
    hints = [("每一行是一次讲述，`people_told` 是这次告诉了几个人；按 `sentiment` 分成两组，比较两组的平均值。",
              "Each row is one telling and `people_told` is how many heard it; split by `sentiment` and compare the "
              "two means."),
             ("`groupby('sentiment')['people_told'].mean()` 给出两个平均数，用 `['negative']` 和 `['positive']` 取出来相除。",
              "`groupby('sentiment')['people_told'].mean()` gives both means; read them with `['negative']` and "
              "`['positive']` and divide."),
             ("例：满意的讲述平均带来几位推荐注册的新客户："
              "`shop.word_of_mouth.groupby('sentiment')['referrals'].mean()['positive']`。",
              "For example, the mean referrals per happy telling is "
              "`shop.word_of_mouth.groupby('sentiment')['referrals'].mean()['positive']`.")]
    solution_text = ("课程资料说不满的客户会告诉 8-10 个人，满意的只告诉 2-3 个人：坏口碑传得更远。口碑营销先要把产品和服务做好，"
                     "再鼓励满意的客户分享（意见领袖、口碑话题、奖励计划），而坏口碑要靠快速的差评处理和投诉处理止住。",
                     "The course material says unhappy customers tell 8-10 people, happy ones 2-3: bad news travels "
                     "further. Word-of-mouth marketing starts with good products and service, then helps happy "
                     "customers share (opinion leaders, topics, rewards), while fast handling of bad reviews and "
                     "complaints stops the bad word.")

    mistakes = (
        Mistake("ratio_inverted", "除反了：满意的除以不满的", "divided the wrong way round: happy over unhappy",
                "“不满的是满意的几倍”：不满（negative）的平均数在分子，满意（positive）的在分母。",
                "\"How many times as many\": the negative mean on top, the positive mean below.",
                recompute=lambda ctx: 1 / wom_ratio(ctx.shop)),
        Mistake("sum_not_mean", "比的是两组 people_told 的总和，不是平均数", "compared the totals of people_told, "
                "not the means",
                "满意的讲述次数比不满的多得多，总和会被次数左右；题目问的是“每次讲述平均告诉几个人”，要比平均数。",
                "Happy tellings are far more numerous, so the totals follow the number of tellings; the question "
                "asks how many people one telling reaches: compare the means.",
                recompute=lambda ctx: float(ctx.shop.word_of_mouth.groupby("sentiment")["people_told"].sum()
                                            .pipe(lambda t: t["negative"] / t["positive"]))),
        Mistake("difference_not_ratio", "算的是两个平均数之差，不是倍数", "took the difference of the two means, not "
                "the ratio",
                "“是几倍”问的是比值：一个平均数除以另一个。",
                "\"How many times\" asks for a ratio: one mean divided by the other.",
                recompute=lambda ctx: float(wom_by_sentiment(ctx.shop).set_index("sentiment")["people_told"]
                                            .pipe(lambda t: t["negative"] - t["positive"]))),
    )

    def expected(self, shop):
        return wom_ratio(shop)


class CaseHeat(ReflectionQuestion):
    var = "case_notes"
    min_chars = 60
    prompt = ("案例讨论“携程的 HEAT 服务理念”：写下你对三个讨论问题的要点（HEAT 落到售前、售中、售后的哪些做法；"
              "投诉处理最常被省略的一步；要求客户删差评算不算好的差评处理）。",
              "Case discussion \"Ctrip's HEAT service idea\": write your points on the three questions (HEAT in "
              "pre-, in- and after-sale practice; the complaint step most often skipped; is asking customers to "
              "delete bad reviews good handling).")
    solution_text = ("讨论要点（供教师参考）：1）暖心——签收关怀、个性化包裹；简单——FAQ、一次说清、催付话术简短；主动——"
                     "物流延迟主动告知、主动回访；信任——说到做到、不隐瞒问题；2）最常被省略的是最后的回访（反馈之后不再联系客户）；"
                     "在 L8 数据里找出最常超时的一步；快速处理投诉能留住大部分投诉客户（课程资料：约 70%，用数据检验）；"
                     "3）要求删评不是差评处理：目标是解决问题，而不是消灭评价；诱导或施压删评还违反平台规则，"
                     "精益求精的服务细节才是客服的工匠精神。",
                     "Points for the instructor: 1) heart: delivery care, personal parcels; easy: FAQ, one clear answer, "
                     "short reminders; active: tell customers of delays, call back unasked; trust: keep promises, hide "
                     "no problem; 2) the step most often skipped is the final follow-up; find the step that breaches "
                     "its deadline most in the L8 data; fast handling keeps most complainants (course material: about "
                     "70%, test it on the data); 3) asking for deletion is not handling: solve the problem, never "
                     "suppress the review (pressure to delete breaks the marketplace's rules); care for details is the "
                     "agent's craftsmanship.")


__all__ = bind(globals(), [Conversion, SpeedGap, ExtraPaid, BadShareLate, BadCause, TopQuestions, ServiceLevel, Faq,
                           BadReview, Q10, Qualities, Script, WomRatio, CaseHeat]) + ["____"]
