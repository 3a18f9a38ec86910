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
from ..mistakes import Mistake, matches
from . import _slips
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


def reply_hours(shop) -> pd.Series:
    c = shop.complaints
    return (c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)


def median_reply(shop) -> float:
    return float(reply_hours(shop).median())


# -- the usual slips, recomputed -----------------------------------------------------------
def _in_another_unit(answer, ctx) -> bool:
    """The median in minutes, seconds or days instead of hours."""
    right = median_reply(ctx.shop)
    return any(matches(answer, right * f) for f in (60, 3600, 1 / 24))


def _breaches_not_reached_counted(shop) -> pd.DataFrame:
    """Every complaint counted at every stage: a follow-up that never happened is in ``n``."""
    b = breaches(shop)
    n = len(shop.complaints)
    return b.assign(n=n, breach_rate=b["breaches"] / n)[["stage", "n", "breach_rate"]]


def _by_category_late(shop, how) -> pd.DataFrame:
    late = (reply_hours(shop) > FAST_HOURS).groupby(shop.complaints["category"].to_numpy())
    value = late.sum() / len(shop.complaints) if how == "all" else late.sum()
    return value.rename_axis("category").rename("reply_breach_rate").reset_index()


def _retention_cell(shop, column, row) -> float:
    return float(retention(shop)[column].iloc[row])


def _told(shop, *, resolved: bool, per_person: float) -> float:
    mask = ~unhappy_mask(shop) if resolved else unhappy_mask(shop)
    return float(mask.sum() * per_person)


def _rows_swapped(row):
    return Mistake("rows_swapped", "取错了行：拿的是另一组（回复慢/快）的那一行",
                   "took the wrong row: the other group's (slow/fast replies)",
                   f"`complaint_retention(..., bins=({FAST_HOURS},))` 的第一行是 {FAST_HOURS} 小时内回复的一组，第二行是更慢的一组；"
                   "看一看 `band` 列再取。",
                   f"The first row of `complaint_retention(..., bins=({FAST_HOURS},))` is the group replied to within "
                   f"{FAST_HOURS} h, the second the slower one; read the `band` column before you pick.",
                   recompute=lambda ctx: _retention_cell(ctx.shop, "retention", row))


def _reorder_not_retention(row):
    return Mistake("reorder_not_retention", "取的是复购率 `reorder_rate`，不是保留率 `retention`",
                   "took the re-order rate `reorder_rate`, not the retention `retention`",
                   "就算没有投诉，很多客户在这段时间里本来也不会再买：保留率 = 复购率 ÷ 没有投诉时的基准复购率，"
                   "说的是“本来会回来的客户里，有多少真的回来了”。",
                   "Many customers would not buy again in the window even without a complaint: retention = re-order "
                   "rate ÷ the baseline without a complaint, the share of those who would have come back that did.",
                   recompute=lambda ctx: _retention_cell(ctx.shop, "reorder_rate", row))


# -- questions ---------------------------------------------------------------------------
class MedianReply(ValueQuestion):
    var = "median_reply"
    prompt = ("从记录投诉（`recorded_time`）到回复客户（`replied_time`），用时的中位数是多少小时？",
              "What is the median time, in hours, from recording a complaint (`recorded_time`) to replying to the "
              "customer (`replied_time`)?")
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

    mistakes = (
        Mistake("mean_not_median", "求的是平均数", "took the mean",
                "回复时长里有少数拖得特别久的投诉，它们会把平均数拉高；题目问的是中位数：一半的投诉在这个时间内得到了回复。",
                "A few complaints wait very long and pull the mean up; the question asks for the median: half of "
                "the complaints were replied to within it.",
                recompute=lambda ctx: float(reply_hours(ctx.shop).mean())),
        Mistake("wrong_unit", "的单位不是小时（分钟、秒或天）", "gave it in another unit than hours (minutes, seconds "
                "or days)",
                "两个时间相减得到的是时间差（Timedelta）；除以 `pd.Timedelta(hours=1)` 才是小时数。",
                "Subtracting two times gives a Timedelta; dividing it by `pd.Timedelta(hours=1)` gives hours.",
                detect=_in_another_unit),
        Mistake("reversed_order", "减反了：用记录时间减回复时间，得到的是负数",
                "subtracted the wrong way round: record minus reply is negative",
                "时长 = 后发生的时间 − 先发生的时间：回复在记录之后，所以是回复时间减记录时间。",
                "A duration is the later time minus the earlier one: the reply comes after the record.",
                recompute=lambda ctx: -median_reply(ctx.shop)),
    )

    def expected(self, shop):
        return median_reply(shop)


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
             ("例：目标更严时的超时情况：`sla_breaches(shop.complaints, targets={'judge': 2, 'analyse': 8, "
              "'reply': 12, 'feedback': 36, 'followup': 120})`。",
              "For example, the breaches under stricter targets are `sla_breaches(shop.complaints, targets={'judge': "
              "2, 'analyse': 8, 'reply': 12, 'feedback': 36, 'followup': 120})`.")]

    mistakes = (
        Mistake("stage_not_elapsed", "按每个阶段自己花的时间算了超时，而不是从记录时刻算起",
                "timed each stage on its own instead of from the record",
                "这里的 SLA 都是“自记录起”的承诺：例如回复要在记录后 24 小时内，不论前面的判断、分析用了多久。"
                "每个阶段的用时 = 这个阶段的时间 − 记录时间。",
                "These SLA targets all count from the record: a reply is due 24 h after the record, however long "
                "judging and analysing took. Each stage's time = that stage's time − the record time.",
                recompute=lambda ctx: sla_breaches(ctx.shop.complaints, basis="stage")[
                    ["stage", "n", "breaches", "breach_rate"]], compare={"key": "stage"}),
        Mistake("not_reached_counted", "把没有到达某个阶段的投诉也算进了这个阶段（例如没有回访的投诉也算在回访里）",
                "counted complaints at stages they never reached (those without a follow-up at the follow-up stage)",
                "n 是“到达这一阶段的投诉数”：`followup_time` 为空的投诉没有回访，不能算在回访阶段，既不算超时，也不进分母。",
                "n is the complaints that reached the stage: a complaint with an empty `followup_time` had no "
                "follow-up, so it is neither a breach nor in the denominator there.",
                recompute=lambda ctx: _breaches_not_reached_counted(ctx.shop), compare={"key": "stage"}),
        _slips.percent_not_share(breaches, column="breach_rate", key="stage"),
    )

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
    prompt = (f"按投诉类别统计投诉数和回复超时率（从记录到回复超过 {FAST_HOURS} 小时的投诉所占的比例）。列 category、"
              "complaints、reply_breach_rate。",
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

    mistakes = (
        _slips.count_not_share(lambda shop: _by_category_late(shop, "count"), column="reply_breach_rate",
                               key="category"),
        Mistake("all_complaints_denominator", "把每个类别的超时投诉数除以了全部投诉数，而不是这个类别自己的投诉数",
                "divided each category's late complaints by all complaints, not by the category's own",
                "某个类别的超时率 = 这个类别里超时的投诉 ÷ 这个类别的投诉数；按类别分组之后再求比例，每组用自己的分母。",
                "A category's breach rate = its late complaints ÷ its own complaints; take the share within each "
                "group after grouping, each with its own denominator.",
                recompute=lambda ctx: _by_category_late(ctx.shop, "all"), compare={"key": "category"}),
        _slips.percent_not_share(by_category, column="reply_breach_rate", key="category"),
    )

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

    mistakes = (_reorder_not_retention(0), _rows_swapped(1),
                _slips.percent_not_share(lambda shop: _retention_cell(shop, "retention", 0)))

    def expected(self, shop):
        return float(retention(shop)["retention"].iloc[0])


class RetentionSlow(ValueQuestion):
    var = "retention_slow"
    prompt = (f"超过 {FAST_HOURS} 小时才回复的呢？", f"And for those replied to after more than {FAST_HOURS} h?")
    hints = [("同一张表的第二行。", "The second row of the same table.")]

    mistakes = (_reorder_not_retention(1), _rows_swapped(0))

    def expected(self, shop):
        return float(retention(shop)["retention"].iloc[1])


class Q5(MultipartQuestion):
    prompt = ("处理速度值多少？", "What is fast handling worth?")
    parts = {"a": RetentionFast, "b": RetentionSlow}


def _told_mistakes(*, resolved: bool, per_person: float, other: tuple) -> tuple:
    """The slips of the word-of-mouth count: the other group, every complainant, another number of people."""
    group_zh, group_en = ("已解决", "resolved") if resolved else ("没有解决", "unresolved")
    other_zh, other_en = ("没有解决", "unresolved") if resolved else ("已解决", "resolved")
    return (
        Mistake("group_reversed", f"数的是投诉{other_zh}的客户（条件反了）",
                f"counted the complainants whose complaint was {other_en} (the condition is reversed)",
                f"题目问的是投诉{group_zh}的客户；`resolved` 为 True 表示已解决，`~` 把它反过来。",
                f"The question asks about the {group_en} complaints; `resolved` is True when resolved, and `~` "
                "flips it.",
                recompute=lambda ctx: _told(ctx.shop, resolved=not resolved, per_person=per_person)),
        Mistake("all_complainants", "把所有投诉客户都算了进去，没有按是否解决分开",
                "counted every complainant, resolved or not",
                f"只有投诉{group_zh}的客户才按每人 {per_person:g} 人算：先按 `resolved` 筛选，再数人数。",
                f"Only the {group_en} complainants tell {per_person:g} people each: filter on `resolved` first, "
                "then count.",
                recompute=lambda ctx: float(len(ctx.shop.complaints) * per_person)),
        Mistake("wrong_multiplier", f"乘的不是题目给的 {per_person:g} 人", f"multiplied by another number than "
                f"the {per_person:g} people the question gives",
                f"课程资料给的是一个范围，题目取了中间值：每位投诉{group_zh}的客户按 {per_person:g} 人算。",
                f"The course material gives a range and the question takes its midpoint: {per_person:g} people per "
                f"{group_en} complainant.",
                detect=lambda answer, ctx: any(matches(answer, _told(ctx.shop, resolved=resolved, per_person=f))
                                               for f in other)),
    )


class ToldBad(ValueQuestion):
    var = "told_bad"
    prompt = (f"不满意的客户会告诉 8-10 人（按 {TELL_UNHAPPY:g} 算）。投诉没有解决（`resolved == False`）的客户一共会告诉多少人？"
              "（每起投诉算一位客户）",
              f"An unhappy customer tells 8-10 people (use {TELL_UNHAPPY:g}). How many people will the complainants "
              "whose complaint was not resolved (`resolved == False`) tell? (Each complaint counts as one customer.)")
    hints = [("先数有多少起投诉没有解决，再乘以每位客户会告诉的人数。",
              "Count the complaints not resolved, then multiply by the people each customer tells."),
             ("`resolved` 是 True/False 列：`~` 把它反过来（没解决为 True），`.sum()` 数 True 的个数。",
              "`resolved` is a True/False column: `~` flips it (unresolved becomes True), `.sum()` counts the True "
              "values."),
             ("例：假如打一星、二星（`rating <= 2`）的客户每人告诉 5 个人，一共是 `(shop.reviews['rating'] <= 2).sum() * 5` 人。",
              "For example, if every 1- or 2-star reviewer (`rating <= 2`) told 5 people: "
              "`(shop.reviews['rating'] <= 2).sum() * 5`.")]

    mistakes = _told_mistakes(resolved=False, per_person=TELL_UNHAPPY, other=(8, 10, TELL_HAPPY))

    def expected(self, shop):
        return float(unhappy_mask(shop).sum() * TELL_UNHAPPY)


class ToldGood(ValueQuestion):
    var = "told_good"
    prompt = (f"满意的客户只告诉 2-3 人（按 {TELL_HAPPY:g} 算）。投诉已解决的客户一共会告诉多少人？（每起投诉算一位客户）",
              f"A happy customer tells only 2-3 people (use {TELL_HAPPY:g}). How many people will the complainants "
              "whose complaint was resolved tell? (Each complaint counts as one customer.)")
    hints = [("先数有多少起投诉已经解决，再乘以每位客户会告诉的人数。",
              "Count the complaints resolved, then multiply by the people each customer tells."),
             ("`resolved` 是 True/False 列，`.sum()` 数 True 的个数（True 算 1）。",
              "`resolved` is a True/False column; `.sum()` counts the True values (True counts as 1)."),
             ("例：假如打五星的客户每人告诉 3 个人，一共是 `(shop.reviews['rating'] == 5).sum() * 3` 人。",
              "For example, if every 5-star reviewer told 3 people: `(shop.reviews['rating'] == 5).sum() * 3`.")]

    mistakes = _told_mistakes(resolved=True, per_person=TELL_HAPPY, other=(2, 3, TELL_UNHAPPY))

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
    prompt = ("给客服主管陈静写三条改进投诉处理的建议：每条说清是哪个阶段或哪类投诉、要改什么、用哪个数字来跟踪效果。",
              "Write the service manager, Chen Jing, three proposals to improve complaint handling: for each, which stage or "
              "category, what to change, and which figure will track it.")
    solution_text = ("好的建议针对瓶颈阶段（超时率最高的那一步）和投诉最多的类别（根因，如物流），用保留率的差距说明快速处理"
                     "的价值（快速约 70%，慢速低得多），并用口碑的账说明不满意客户的代价；每条都有可跟踪的指标。",
                     "Good proposals target the bottleneck stage (highest breach rate) and the largest category (root "
                     "cause, e.g. logistics), use the retention gap (about 70% when fast, far lower when slow) and the "
                     "word-of-mouth count to show what is at stake, and name a figure to track each one.")


__all__ = bind(globals(), [MedianReply, Breaches, Bottleneck, ByCategory, Q5, Q6, Sla, Proposals]) + ["____"]
