"""Complaint-handling exercises: the workflow 记录→判断→分析→回复→反馈→回访, SLAs by
stage, root causes, and what fast handling is worth (投诉处理).

``from crmlab.exercises.complaint_handling import *`` gives ``q1`` ... ``q8`` and ``____``.
The lesson uses the ``lab`` shop (a few hundred complaints).

====  =======================  ===========================================================
q1    ValueQuestion            ``median_reply``: median hours from record to reply
q2    TableQuestion            ``breaches``: SLA breaches per stage (default targets)
q3    ChoiceQuestion           the bottleneck stage (highest breach rate)
q4    TableQuestion            ``by_category``: complaints and reply-breach rate per category
q5.a  ValueQuestion            ``retention_fast``: retention when replied within 24 h
q5.b  ValueQuestion            ``retention_slow``: retention when replied later
q6.a  ValueQuestion            ``told_bad``: people told by unhappy complainants (x9)
q6.b  ValueQuestion            ``told_good``: people told by happy ones (x2.5)
q7    DesignQuestion           ``sla``: SLA targets per stage, checked on the history
q8    ReflectionQuestion       three proposals for the complaint process
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import complaint_retention, complaint_stage_times, sla_breaches
from ._core import (ChoiceQuestion, DesignQuestion, MultipartQuestion, ReflectionQuestion, Rule, TableQuestion,
                    ValueQuestion, ____, bind, rank_among, rank_words)

#: Course figures: an unhappy customer tells 8-10 people, a happy one 2-3 (the midpoints).
TELL_UNHAPPY = 9.0
TELL_HAPPY = 2.5
FAST_HOURS = 24
STAGE_CODES = ("judge", "analyse", "reply", "feedback", "followup")
MAX_BREACH = 0.4


# -- reference computations ------------------------------------------------------------
def breaches(shop) -> pd.DataFrame:
    return sla_breaches(shop.complaints)[["stage", "n", "breaches", "breach_rate"]]


def by_category(shop) -> pd.DataFrame:
    t = complaint_stage_times(shop.complaints)
    df = pd.DataFrame({"category": shop.complaints["category"].to_numpy(),
                       "late": t["time_to_reply"].to_numpy() > FAST_HOURS})
    g = df.groupby("category")
    return pd.DataFrame({"complaints": g.size(), "reply_breach_rate": g["late"].mean()}).reset_index()


def retention(shop) -> pd.DataFrame:
    return complaint_retention(shop.complaints, orders=shop.orders, bins=(FAST_HOURS,))


def unhappy_mask(shop):
    """Unhappy complainants: the complaint was not resolved."""
    return ~shop.complaints["resolved"].to_numpy(bool)


# -- questions ---------------------------------------------------------------------------
class MedianReply(ValueQuestion):
    var = "median_reply"
    prompt = ("从记录（`recorded_time`）到回复（`replied_time`），中位数是多少小时？",
              "What is the median time, in hours, from record (`recorded_time`) to reply (`replied_time`)?")
    hints = [("每起投诉算一个时长：从记录到回复；再取这些时长的中位数。",
              "Each complaint has one duration, from record to reply; take the median of these durations."),
             ("两个时间列相减得到 Timedelta，除以 `pd.Timedelta(hours=1)` 变成小时数，再 `.median()`。",
              "Subtracting two time columns gives Timedeltas; divide by `pd.Timedelta(hours=1)` for hours, then "
              "`.median()`."),
             ("例：包裹从发货到签收的中位天数是 `((s['delivered_time'] - s['ship_time']) / pd.Timedelta(days=1))"
              ".median()`，`s = shop.shipments`。",
              "For example, the median days from shipping to delivery are `((s['delivered_time'] - s['ship_time']) / "
              "pd.Timedelta(days=1)).median()` with `s = shop.shipments`.")]
    solution_text = ("客户感受到的是“从投诉到得到回复”的时间，而不是内部某一步的时间。",
                     "What customers feel is the time from complaining to hearing back, not any internal step.")

    def expected(self, shop):
        c = shop.complaints
        return float(((c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)).median())


class Breaches(TableQuestion):
    var = "breaches"
    key = "stage"
    prompt = ("按默认 SLA（自记录起：判断 4 小时、分析 12 小时、回复 24 小时、反馈 48 小时、回访 7 天），每个阶段超时多少起？"
              "列 stage, n（到达该阶段的投诉数）, breaches, breach_rate。",
              "With the default SLA (from the record: judge 4 h, analyse 12 h, reply 24 h, feedback 48 h, follow-up "
              "7 days), how many complaints breach each stage? Columns stage, n (complaints that reached the stage), "
              "breaches, breach_rate.")
    hints = [("每个阶段：到达这一阶段的投诉里，用时超过目标的有几起、占多少；所有目标都从记录时刻算起。",
              "For each stage: among the complaints that reached it, how many took longer than the target, and what "
              "share; every target counts from the record."),
             ("课程的 `sla_breaches` 按阶段做这个统计，默认目标就是题目里的 SLA；看它返回哪些列，只留下题目要的四列。"
              "没有回访的投诉（followup_time 为空）不计入回访阶段。",
              "The course's `sla_breaches` counts this per stage, and its default targets are the SLA of the "
              "question; look at the columns it returns and keep the four asked for. Complaints without a follow-up "
              "(empty followup_time) do not count at the follow-up stage."),
             ("例：更严的目标下的超时情况是 `sla_breaches(shop.complaints, targets={'judge': 2, 'analyse': 8, "
              "'reply': 12, 'feedback': 36, 'followup': 120})`。",
              "For example, the breaches under stricter targets are `sla_breaches(shop.complaints, targets={'judge': "
              "2, 'analyse': 8, 'reply': 12, 'feedback': 36, 'followup': 120})`.")]

    def expected(self, shop):
        return breaches(shop)


class Bottleneck(ChoiceQuestion):
    var = "bottleneck"
    prompt = ("哪个阶段的超时率（breach_rate）最高？", "Which stage has the highest breach rate?")
    options = {"A": ("判断", "judge"), "B": ("分析", "analyse"), "C": ("回复", "reply"), "D": ("反馈", "feedback"),
               "E": ("回访", "follow-up")}
    hints = [("看上一题表里 `breach_rate` 最大的一行。", "Look for the largest `breach_rate` in the previous table.")]

    def expected(self, shop):
        b = breaches(shop)
        stage = b.loc[b["breach_rate"].idxmax(), "stage"]
        return "ABCDE"[STAGE_CODES.index(stage)]

    def explain(self, letter, shop=None):
        """The stage's own breach rate and rank; a note when it has the most breaches but not the highest rate."""
        b = breaches(self.shop() if shop is None else shop).set_index("stage")
        stage, (zh_name, en_name) = STAGE_CODES["ABCDE".index(letter)], self.options[letter]
        if stage not in b.index or not b.loc[stage, "n"]:
            return (f"没有投诉到达“{zh_name}”阶段，它没有超时率。", f"No complaint reached the {en_name} stage: it has "
                    "no breach rate.")
        row = b.loc[stage]
        rank, n, gap = rank_among(b["breach_rate"], stage)
        where_zh, where_en = rank_words(rank, n, ("阶段", "stages"))
        zh = (f"“{zh_name}”阶段的超时率是 {row['breach_rate']:.1%}（{int(row['n'])} 起中超时 {int(row['breaches'])} 起），"
              f"{where_zh}")
        en = (f"The {en_name} stage breaches {row['breach_rate']:.1%} ({int(row['breaches'])} of {int(row['n'])}); it "
              f"{where_en}")
        if gap <= 0:
            zh += "，与另一个阶段并列最高：两者都是瓶颈，这道题取流程中靠前的那一个（`idxmax` 取第一个最大值）。"
            en += (", tied with another stage: both are bottlenecks, and the question takes the earlier one in the "
                   "workflow (`idxmax` takes the first maximum).")
        else:
            zh += f"，比最高的低 {gap * 100:.1f} 个百分点。"
            en += f", {gap * 100:.1f} points below the highest."
        if b["breaches"].idxmax() == stage and gap > 0:
            zh = f"“{zh_name}”超时的起数最多，但瓶颈看的是比例（breach_rate），不是起数。" + zh
            en = (f"The {en_name} stage has the most breaches, but the bottleneck is about the rate, not the count. "
                  + en)
        return zh, en


class ByCategory(TableQuestion):
    var = "by_category"
    key = "category"
    prompt = (f"按投诉类别：投诉数和回复超时率（记录到回复超过 {FAST_HOURS} 小时的比例）。列 category, complaints, "
              "reply_breach_rate。",
              f"By complaint category: the number of complaints and the reply breach rate (share replied after more "
              f"than {FAST_HOURS} h from the record). Columns category, complaints, reply_breach_rate.")
    hints = [("先给每起投诉打一个标记：从记录到回复是否超过 24 小时；再按类别数投诉、算标记为“超时”的比例。",
              "First mark each complaint: did the reply take more than 24 h from the record? Then count the "
              "complaints per category and the share marked late."),
             ("`late = hours > 24` 是 True/False 列，它的平均值就是超时率；命名汇总 `.agg(新列=(列, 方法))` 一次算出"
              "两列：数行数用 `'size'`，比例用 `'mean'`；最后 `.reset_index()`。",
              "`late = hours > 24` is a True/False column whose mean is the breach rate; named aggregation "
              "`.agg(new=(column, how))` gives both columns at once: `'size'` counts rows, `'mean'` gives the share; "
              "finish with `.reset_index()`."),
             ("例：按严重程度数投诉、算已解决的比例："
              "`shop.complaints.groupby('severity').agg(n=('resolved', 'size'), solved=('resolved', 'mean'))`。",
              "For example, complaints and the resolved share per severity: "
              "`shop.complaints.groupby('severity').agg(n=('resolved', 'size'), solved=('resolved', 'mean'))`.")]
    solution_text = ("投诉最多的类别说明问题出在哪里（根因）；超时率最高的类别说明哪类投诉最难处理。",
                     "The category with the most complaints shows where the problem is (the root cause); the one with "
                     "the highest breach rate shows which complaints are hardest to handle.")

    def expected(self, shop):
        return by_category(shop)


class RetentionFast(ValueQuestion):
    var = "retention_fast"
    rtol = 1e-6
    prompt = (f"{FAST_HOURS} 小时内回复的投诉客户，保留率是多少？用 `complaint_retention(..., bins=({FAST_HOURS},))` "
              "的 `retention` 列（复购率 ÷ 没有投诉时的基准复购率）。",
              f"What is the retention of complainants replied to within {FAST_HOURS} h? Use the `retention` column "
              f"of `complaint_retention(..., bins=({FAST_HOURS},))` (re-order rate ÷ the baseline without a "
              "complaint).")
    hints = [("把投诉客户按回复快慢分成两组，比一比他们后来还买不买（和没有投诉的客户比）。",
              "Split the complainants into fast and slow replies and compare how many bought again (against "
              "customers without a complaint)."),
             ("`complaint_retention(投诉表, orders=订单表, bins=(小时数,))` 按回复时长分组，每组一行；`retention` 列是题目要的"
              "比值，第一行是快的那一组。",
              "`complaint_retention(complaints, orders=orders, bins=(hours,))` groups by time to reply, one row per group; "
              "the `retention` column is the ratio asked for, the first row the fast group."),
             ("例：按 12 小时和 48 小时分成三组是 `complaint_retention(shop.complaints, orders=shop.orders, bins=(12, 48))`，"
              "取某一行某一列用 `r['列名'].iloc[行号]`。",
              "For example, three groups split at 12 h and 48 h are `complaint_retention(shop.complaints, "
              "orders=shop.orders, bins=(12, 48))`; one cell is `r['column'].iloc[row]`.")]
    solution_text = ("课程里说：投诉处理得快，约 70% 的客户会留下来。你的数据离这个数近吗？",
                     "The course says about 70% of complainants stay when the complaint is handled fast. How close is "
                     "your figure?")

    def expected(self, shop):
        return float(retention(shop)["retention"].iloc[0])


class RetentionSlow(ValueQuestion):
    var = "retention_slow"
    prompt = (f"超过 {FAST_HOURS} 小时才回复的呢？", f"And for those replied to after more than {FAST_HOURS} h?")
    hints = [("同一张表的第二行。", "The second row of the same table.")]

    def expected(self, shop):
        return float(retention(shop)["retention"].iloc[1])


class Q5(MultipartQuestion):
    prompt = ("处理速度值多少？", "What is fast handling worth?")
    parts = {"a": RetentionFast, "b": RetentionSlow}


class ToldBad(ValueQuestion):
    var = "told_bad"
    prompt = (f"不满意的客户会告诉 8-10 人（按 {TELL_UNHAPPY:g} 算）。投诉没有解决（`resolved == False`）的客户一共会告诉多少人？",
              f"An unhappy customer tells 8-10 people (use {TELL_UNHAPPY:g}). How many people will the complainants "
              "whose complaint was not resolved (`resolved == False`) tell?")
    hints = [("先数有多少位投诉客户没有被解决，再乘以每人会告诉的人数。",
              "Count the complainants whose complaint was not resolved, then multiply by the people each one tells."),
             ("`resolved` 是 True/False 列：`~` 把它反过来（没解决为 True），`.sum()` 数 True 的个数。",
              "`resolved` is a True/False column: `~` flips it (unresolved becomes True), `.sum()` counts the True "
              "values."),
             ("例：一星、二星评价（`rating <= 2`）的人如果每人告诉 5 个人：`(shop.reviews['rating'] <= 2).sum() * 5`。",
              "For example, if every 1- or 2-star reviewer (`rating <= 2`) told 5 people: "
              "`(shop.reviews['rating'] <= 2).sum() * 5`.")]

    def expected(self, shop):
        return float(unhappy_mask(shop).sum() * TELL_UNHAPPY)


class ToldGood(ValueQuestion):
    var = "told_good"
    prompt = (f"满意的客户只告诉 2-3 人（按 {TELL_HAPPY:g} 算）。投诉已解决的客户一共会告诉多少人？",
              f"A happy customer tells only 2-3 people (use {TELL_HAPPY:g}). How many people will the complainants "
              "whose complaint was resolved tell?")
    hints = [("先数有多少位投诉客户被解决了，再乘以每人会告诉的人数。",
              "Count the complainants whose complaint was resolved, then multiply by the people each one tells."),
             ("`resolved` 是 True/False 列，`.sum()` 数 True 的个数（True 算 1）。",
              "`resolved` is a True/False column; `.sum()` counts the True values (True counts as 1)."),
             ("例：五星评价的人如果每人告诉 3 个人：`(shop.reviews['rating'] == 5).sum() * 3`。",
              "For example, if every 5-star reviewer told 3 people: `(shop.reviews['rating'] == 5).sum() * 3`.")]

    def expected(self, shop):
        return float((~unhappy_mask(shop)).sum() * TELL_HAPPY)


class Q6(MultipartQuestion):
    prompt = ("口碑的账。", "Word of mouth in numbers.")
    parts = {"a": ToldBad, "b": ToldGood}


def _sla(answer):
    if not isinstance(answer, dict):
        raise TypeError("sla must be a dict {stage: hours}")
    return answer


def _all_stages(answer, shop):
    missing = [s for s in STAGE_CODES if s not in _sla(answer)]
    ok = not missing and all(float(_sla(answer)[s]) > 0 for s in STAGE_CODES)
    return ok, (f"缺少阶段 {missing}，或有非正数", f"missing stages {missing}, or a target that is not positive")


def _increasing(answer, shop):
    v = [float(_sla(answer)[s]) for s in STAGE_CODES]
    return all(a < b for a, b in zip(v[:-1], v[1:])), ("目标应随流程递增（都从记录时算起）",
                                                        "targets must grow along the workflow (all count from the record)")


def _realistic(answer, shop):
    b = sla_breaches(shop.complaints, targets={s: float(_sla(answer)[s]) for s in STAGE_CODES})
    bad = b.loc[b["breach_rate"] > MAX_BREACH, "stage"].tolist()
    return not bad, (f"按历史数据，这些阶段超时率会超过 {MAX_BREACH:.0%}：{bad}",
                     f"on the history these stages would breach more than {MAX_BREACH:.0%}: {bad}")


class Sla(DesignQuestion):
    var = "sla"
    prompt = ("为投诉流程设定 SLA：字典 `{阶段: 自记录起的小时数}`，阶段为 judge, analyse, reply, feedback, followup。"
              f"规则：五个阶段都有正的目标；目标随流程递增；回复不超过 {FAST_HOURS} 小时（快速处理）；回访不超过 7 天；"
              f"按店里的历史数据，每个阶段的超时率不超过 {MAX_BREACH:.0%}（目标要可达）。",
              "Set the complaint SLA: a dict `{stage: hours since the record}` for judge, analyse, reply, feedback, "
              f"followup. Rules: a positive target for all five; targets grow along the workflow; reply within "
              f"{FAST_HOURS} h (fast handling); follow-up within 7 days; on the shop's history no stage breaches more "
              f"than {MAX_BREACH:.0%} (targets must be reachable).")
    rules = [
        Rule(("五个阶段都有正的目标", "a positive target for each of the five stages"), _all_stages),
        Rule(("目标随流程递增", "targets grow along the workflow"), _increasing),
        Rule((f"回复 ≤ {FAST_HOURS} 小时", f"reply ≤ {FAST_HOURS} h"),
             lambda a, shop: float(_sla(a)["reply"]) <= FAST_HOURS),
        Rule(("回访 ≤ 168 小时", "follow-up ≤ 168 h"), lambda a, shop: float(_sla(a)["followup"]) <= 168),
        Rule((f"每个阶段历史超时率 ≤ {MAX_BREACH:.0%}", f"historical breach rate ≤ {MAX_BREACH:.0%} at every stage"),
             _realistic),
    ]
    hints = [("用 `sla_breaches(shop.complaints, targets=sla)` 看你的目标在历史数据上的超时率。",
              "Check your targets on the history with `sla_breaches(shop.complaints, targets=sla)`."),
             ("每个阶段的 `p90_hours`（90% 分位数）附近的目标，超时率约 10%。",
              "A target near a stage's `p90_hours` (90th percentile) breaches about 10%.")]


class Proposals(ReflectionQuestion):
    var = "proposals"
    prompt = ("给客服主管写三条改进投诉处理的建议：每条说清是哪个阶段或哪类投诉、要改什么、用哪个数字来跟踪效果。",
              "Write the service manager three proposals to improve complaint handling: for each, which stage or "
              "category, what to change, and which figure will track it.")
    solution_text = ("好的建议针对瓶颈阶段（超时率最高的那一步）和投诉最多的类别（根因，如物流），用保留率的差距说明快速处理"
                     "的价值（快速约 70%，慢速低得多），并用口碑的账说明不满意客户的代价；每条都有可跟踪的指标。",
                     "Good proposals target the bottleneck stage (highest breach rate) and the largest category (root "
                     "cause, e.g. logistics), use the retention gap (about 70% when fast, far lower when slow) and the "
                     "word-of-mouth count to show what is at stake, and name a figure to track each one.")


__all__ = bind(globals(), [MedianReply, Breaches, Bottleneck, ByCategory, Q5, Q6, Sla, Proposals]) + ["____"]
