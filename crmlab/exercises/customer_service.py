"""Chapter 8 exercises: customer service management: inquiries (询单), payment
reminders (催付), delivery and reviews (差评), service levels and FAQ design
(第八章：客户服务管理).

``from crmlab.exercises.customer_service import *`` gives ``q1`` ... ``q9`` and the blank ``____``.

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
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import bad_review_causes
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, ReflectionQuestion, Rule, ValueQuestion, ____,
                    bind, rank_among, rank_words)

LATE_DAYS = 3
N_FAQ_TOPICS = 5
CAUSES = {"A": "logistics", "B": "quality", "C": "service", "D": "price"}


# -- reference computations ------------------------------------------------------------
def pre_sale(shop) -> pd.DataFrame:
    t = shop.service_tickets
    return t[t["stage"] == "pre_sale"]


def speed_gap(shop) -> float:
    pre = pre_sale(shop)
    s = pre["first_response_seconds"]
    return float(pre.loc[s <= 30, "converted"].mean() - pre.loc[s > 300, "converted"].mean())


def extra_paid(shop) -> float:
    u = shop.orders[shop.orders["was_unpaid"]]
    paid = u["payment_status"] == "paid"
    rem = u["reminder_sent"]
    diff = paid[rem].mean() - paid[~rem].mean()
    return float(diff * (~rem).sum())


def bad_share_late(shop) -> float:
    r = shop.reviews.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")
    late = r[r["delay_days"] > LATE_DAYS]
    return float((late["sentiment"] == "bad").mean())


def top_questions(tickets: pd.DataFrame, n: int) -> list:
    counts = tickets["text"].value_counts().rename_axis("text").reset_index(name="n")
    counts = counts.sort_values(["n", "text"], ascending=[False, True], kind="stable")
    return counts["text"].head(n).tolist()


def top_topics(shop, n=N_FAQ_TOPICS) -> list:
    counts = shop.service_tickets["topic"].value_counts().rename_axis("topic").reset_index(name="n")
    return counts.sort_values(["n", "topic"], ascending=[False, True], kind="stable")["topic"].head(n).tolist()


# -- questions ---------------------------------------------------------------------------
class Conversion(ValueQuestion):
    var = "conversion"
    prompt = ("询单转化率：售前咨询（`stage == 'pre_sale'`）中后来成交（`converted`）的比例。",
              "Inquiry-to-order conversion: the share of pre-sale inquiries (`stage == 'pre_sale'`) that led to an "
              "order (`converted`).")
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

    def expected(self, shop):
        return float(pre_sale(shop)["converted"].mean())


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

    def expected(self, shop):
        return speed_gap(shop)


class ExtraPaid(ValueQuestion):
    var = "extra_paid"
    prompt = ("催付的效果：未付款订单（`was_unpaid`）中，催付了的最终付款比例减去没催付的，再乘以没催付的订单数。"
              "如果没催付的订单也全部催付，大约能多收回多少单？",
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

    def expected(self, shop):
        return extra_paid(shop)


class BadShareLate(ValueQuestion):
    var = "bad_share_late"
    prompt = (f"超时 {LATE_DAYS} 天以上（`delay_days > {LATE_DAYS}`）送达的订单，它们的评价中差评（`sentiment == 'bad'`）占多少？",
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


__all__ = bind(globals(), [Conversion, SpeedGap, ExtraPaid, BadShareLate, BadCause, TopQuestions, ServiceLevel, Faq,
                           BadReview]) + ["____"]
