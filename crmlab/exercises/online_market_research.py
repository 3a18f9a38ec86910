"""Topic exercises: online market research (网上市场调研): questionnaire rules, sampling,
non-response.

``from crmlab.exercises.online_market_research import *`` gives ``q1`` ... ``q7`` and ``____``.

====  =======================  ===========================================================
q1    ValueQuestion            ``n_errors``: error-level findings in the bad example survey
q2    DesignQuestion           ``fixed_survey``: the bad example, repaired
q3    FunctionQuestion         ``allocate(sizes, n)``: proportional stratified allocation
q4    ChoiceQuestion           stratified vs simple random sample: which is more precise?
q5.a  ValueQuestion            ``response_rate``: share of invitations answered
q5.b  ValueQuestion            ``repurchase_gap``: respondents' minus non-respondents'
                               repurchase rate (non-response bias)
q6    ChoiceQuestion           the order of the research steps
q7    ReflectionQuestion       a research plan for a question of the shop
====  =======================  ===========================================================
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from ..analysis import example_questionnaire, sampling_error, survey_experience
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    ValueQuestion, ____, bind)
from .customer_satisfaction import as_questionnaire

SAMPLE_FRAC = 0.1
SEED = 0
MIN_QUESTIONS = 5


# -- reference computations ----------------------------------------------------------------
def n_errors(locale=None, severities=("error",)) -> int:
    return int(example_questionnaire("bad", locale=locale).lint()["severity"].isin(list(severities)).sum())


def allocate(sizes: pd.Series, n: int, *, rounding=np.rint, at_least=1) -> pd.Series:
    """Proportional allocation as :func:`crmlab.analysis.stratified_sample` does it (other ``rounding`` or
    ``at_least`` are the slips of q3)."""
    sizes = pd.Series(sizes)
    return np.maximum(rounding(n / sizes.sum() * sizes), at_least).astype("int64")


def buyer_spend(shop) -> pd.DataFrame:
    paid = paid_orders(shop.orders)
    spend = paid.groupby("customer_id")["amount"].sum().rename("spend").reset_index()
    return spend.merge(shop.customers[["customer_id", "member_tier"]], on="customer_id")


def sampling_table(shop) -> pd.DataFrame:
    return sampling_error(buyer_spend(shop), value_col="spend", strata="member_tier", frac=SAMPLE_FRAC,
                          random_state=SEED)


def repurchase_gap(shop, drop_empty=True) -> float:
    ex = survey_experience(shop)
    if drop_empty:
        ex = ex[ex["repurchased"].notna()]
    rate = ex["repurchased"].fillna(False).astype(float).groupby(ex["responded"]).mean()
    return float(rate.get(True, np.nan) - rate.get(False, np.nan))


# -- questions -----------------------------------------------------------------------------
class ErrorCount(ValueQuestion):
    var = "n_errors"
    prompt = ("反面示例问卷 `example_questionnaire('bad')` 里有多少条 error 级别的问题？",
              "How many error-level findings does the counter-example `example_questionnaire('bad')` have?")
    hints = [("`lint()` 把问卷的每个问题列成一行，`severity` 说明有多严重；数一数 error 有几条。",
              "`lint()` lists each problem of the questionnaire as a row, with its `severity`; count the errors."),
             ("`severity == 'error'` 给出 True/False，`.sum()` 数 True 的个数。",
              "`severity == 'error'` gives True/False, and `.sum()` counts the True values."),
             ("例：warning 占全部问题的比例：`(bad.lint()['severity'] == 'warning').mean()`。",
              "For example, the share of warnings among all problems: `(bad.lint()['severity'] == 'warning').mean()`.")]

    mistakes = (
        Mistake("all_findings", "数的是 `lint()` 的全部行，没有只数 error", "counted every row of `lint()`, not only "
                "the errors", "`lint()` 里有 error、warning、info 三种严重程度；题目只问 error：先按 `severity` 筛选，再数。",
                "`lint()` lists errors, warnings and info; the question asks for errors only: filter on `severity` "
                "first, then count.",
                recompute=lambda ctx: n_errors(severities=("error", "warning", "info"))),
        Mistake("warnings_counted", "把 warning 也算进去了", "counted the warnings too",
                "error 是必须改的错误，warning 只是提醒；题目只问 error 级别的问题。",
                "An error must be fixed, a warning is a caution; the question asks about errors only.",
                recompute=lambda ctx: n_errors(severities=("error", "warning"))),
    )

    def expected(self, shop):
        return n_errors()


def _clean(answer, shop):
    lint = as_questionnaire(answer).lint()
    bad = lint[lint["severity"].isin(["error", "warning"])]
    rules = ", ".join(dict.fromkeys(bad["rule"] + " " + bad["title"]))
    return bad.empty, (f"还剩：{rules}", f"left: {rules}")


def design_rules():
    return [Rule(("lint 没有错误和警告", "lint finds no error or warning"), _clean),
            Rule((f"至少 {MIN_QUESTIONS} 道题", f"at least {MIN_QUESTIONS} questions"),
                 lambda a, s: len(as_questionnaire(a).questions) >= MIN_QUESTIONS),
            Rule(("保留 NPS 题", "keeps an NPS question"),
                 lambda a, s: any(q.type == "nps" for q in as_questionnaire(a).questions)),
            Rule(("不再必答任何个人信息", "no required personal question"),
                 lambda a, s: not (as_questionnaire(a).lint()["rule"] == "S005").any()),
            Rule(("写明了调研对象", "states the audience"),
                 lambda a, s: bool((as_questionnaire(a).audience or "").strip()))]


class FixSurvey(DesignQuestion):
    var = "fixed_survey"
    prompt = ("修好反面问卷：`fixed_survey` 在 `example_questionnaire('bad')` 的基础上修改（可以用 `to_yaml()` 导出后改）："
              f"lint 无 error 和 warning；至少 {MIN_QUESTIONS} 道题；保留 NPS 题；个人信息不设为必答；写明调研对象。",
              "Repair the counter-example: start `fixed_survey` from `example_questionnaire('bad')` (e.g. edit its "
              f"`to_yaml()`): no lint error or warning; at least {MIN_QUESTIONS} questions; keep the NPS question; no "
              "required personal question; state the audience.")
    rules = design_rules()
    hints = [("逐条看 `bad.lint()` 的 fix 列：删掉姓名和手机号题，收入题设为选答并加隐私说明，拆开双管问题……",
              "Follow the fix column of `bad.lint()`: drop the name and phone questions, make income optional with a "
              "privacy note, split the double-barrelled question ..."),
             ("还要加 purpose、audience、incentive，并把 time_estimate_minutes 写实。",
              "Also add purpose, audience, incentive and an honest time_estimate_minutes.")]


class Allocate(FunctionQuestion):
    var = "allocate"
    prompt = ("写函数 `allocate(sizes, n)`：按比例分层抽样，每层样本量 = `np.rint(n × 该层人数 / 总人数)`，但至少 1；"
              "`sizes` 是各层人数的 Series，返回同样索引的整数 Series。",
              "Write `allocate(sizes, n)`: proportional stratified allocation, each stratum gets `np.rint(n × its size "
              "/ total size)`, at least 1; `sizes` is a Series of stratum sizes; return an integer Series with the "
              "same index.")
    hints = [("按比例分配：每层样本 = 总样本 × 这一层占总人数的比例，四舍五入成整数；很小的层至少也给 1。",
              "Proportional allocation: each stratum gets n × its share of the population, rounded to a whole "
              "number; even a tiny stratum gets at least 1."),
             ("`sizes / sizes.sum()` 是各层的比例；`np.rint(...)` 四舍五入，`np.maximum(..., 1)` 保证至少 1，"
              "`.astype('int64')` 变成整数。",
              "`sizes / sizes.sum()` gives the shares; `np.rint(...)` rounds, `np.maximum(..., 1)` keeps at least 1, "
              "`.astype('int64')` makes whole numbers."),
             ("例：三层人数 700、290、10，抽 50 人：50 × 0.7 = 35；50 × 0.29 = 14.5 → 14（`np.rint` 把 .5 取到偶数）；"
              "50 × 0.01 = 0.5 → 0 → 至少 1。结果是 35、14、1。",
              "For example, strata of 700, 290 and 10, n = 50: 50 × 0.7 = 35; 50 × 0.29 = 14.5 → 14 (`np.rint` "
              "rounds .5 to even); 50 × 0.01 = 0.5 → 0 → at least 1. The result is 35, 14, 1.")]
    solution_text = ("按比例分配让样本的结构和总体一致；很小的层至少给 1 个名额，才能被看到。",
                     "Proportional allocation keeps the population's mix; tiny strata still get one place so they are "
                     "seen.")

    mistakes = (
        _slips.function_slip(
            "truncated_not_rounded", "用 `astype(int)` 直接截掉了小数，没有四舍五入",
            "cut off the decimals with `astype(int)` instead of rounding", "`astype(int)` 只是砍掉小数部分：45.84 变成 45，"
            "各层样本加起来会少于 n。先 `np.rint(...)` 四舍五入，再转成整数。",
            "`astype(int)` just drops the decimals: 45.84 becomes 45, and the strata add up to less than n. Round "
            "with `np.rint(...)` first, then make integers.",
            lambda sizes, n: allocate(sizes, n, rounding=np.trunc), allocate, lambda shop: Allocate().cases(shop)),
        _slips.function_slip(
            "no_minimum", "没有保证每层至少 1 个：很小的层分到了 0", "did not give each stratum at least 1, so a tiny "
            "stratum got 0", "按比例算，很小的层可能四舍五入成 0，那样样本里就完全看不到这一层。四舍五入之后再和 1 取较大值。",
            "Proportionally, a tiny stratum may round to 0 and then the sample cannot see it at all. After rounding, "
            "take the larger of the result and 1.",
            lambda sizes, n: allocate(sizes, n, at_least=0), allocate, lambda shop: Allocate().cases(shop)),
    )

    def reference(self, sizes, n):
        return allocate(sizes, n)

    def cases(self, shop):
        tiers = shop.customers["member_tier"].value_counts()
        regions = shop.customers["region"].value_counts()
        return [(tiers, 50), (regions, 100), (pd.Series({"a": 900, "b": 95, "c": 5}), 20)]


class Precision(ChoiceQuestion):
    var = "more_precise"
    prompt = (f"用 `sampling_error` 估计买家的平均消费（按会员等级分层，抽样比例 {SAMPLE_FRAC}，random_state={SEED}）："
              "哪种抽样的标准误更小？",
              f"Estimate buyers' mean spend with `sampling_error` (strata: member tier, fraction {SAMPLE_FRAC}, "
              f"random_state={SEED}): which design has the smaller standard error?")
    options = {"A": ("分层抽样", "stratified sample"), "B": ("简单随机抽样", "simple random sample")}
    hints = [("比较结果表的 `standard_error` 列。", "Compare the `standard_error` column.")]

    def expected(self, shop):
        t = sampling_table(shop)["standard_error"]
        return "A" if t["stratified"] <= t["simple"] else "B"

    def explain(self, letter, shop=None):
        """Both standard errors of the student's shop, and why the chosen design lost."""
        t = sampling_table(self.shop() if shop is None else shop)["standard_error"]
        mine, other = ("stratified", "simple") if letter == "A" else ("simple", "stratified")
        zh_name, en_name = self.options[letter]
        zh = f"在你的商店里，{zh_name}的标准误是 {t[mine]:.2f}，另一种设计是 {t[other]:.2f}：标准误越小越精确。"
        en = (f"In your shop the {en_name} has a standard error of {t[mine]:.2f}, the other design "
              f"{t[other]:.2f}: the smaller the standard error, the more precise.")
        if letter == "A":
            zh += "分层只有在层内差别小、层与层之间差别大时才更精确；看看各会员等级的消费额差别大不大。"
            en += (" Stratifying only helps when strata differ from each other more than within; look at how much "
                   "spend differs between member tiers.")
        else:
            zh += "简单随机抽样可能碰巧抽到更多高消费或低消费的客户；按会员等级分层能避免这种偏差。"
            en += (" A simple sample can happen to draw too many big or small spenders; stratifying by member tier "
                   "prevents that.")
        return zh, en


class ResponseRate(ValueQuestion):
    var = "response_rate"
    prompt = ("店里的满意度问卷 `shop.surveys`：回复率（回复了的邀请 ÷ 全部邀请）是多少？",
              "The shop's survey `shop.surveys`: what is the response rate (answered invitations / all invitations)?")
    hints = [("回复率 = 回复了的邀请 ÷ 全部邀请；问卷表里每次邀请一行。",
              "The response rate = invitations answered ÷ all invitations; the survey table has one row per "
              "invitation."),
             ("`responded` 是 True/False 列，它的平均值就是回复的比例。",
              "`responded` is a True/False column whose mean is the share answered."),
             ("例：回复了的问卷里留了文字意见的比例：`r = shop.surveys[shop.surveys['responded']]`，"
              "`r['comment'].notna().mean()`。",
              "For example, the share of answers with a written comment: "
              "`r = shop.surveys[shop.surveys['responded']]`, `r['comment'].notna().mean()`.")]

    mistakes = (
        _slips.percent_not_share(lambda shop: float(shop.surveys["responded"].mean())),
        Mistake("count_not_share", "交上来的是回复的份数，不是回复率", "gave the number of answers, not the response "
                "rate", "回复率是比例：回复了的邀请 ÷ 全部邀请。True/False 列求 `.mean()` 得到比例，`.sum()` 得到个数。",
                "The response rate is a share: invitations answered ÷ all invitations. `.mean()` of a True/False "
                "column gives the share, `.sum()` the count.",
                recompute=lambda ctx: int(ctx.shop.surveys["responded"].sum())),
        Mistake("wrong_denominator", "用回复的份数除以了没回复的份数", "divided the answered invitations by the "
                "unanswered ones", "分母是全部邀请（回复的加上没回复的），不是没回复的那些。",
                "The denominator is every invitation (answered and unanswered), not just the unanswered ones.",
                recompute=lambda ctx: float(ctx.shop.surveys["responded"].sum()
                                            / (~ctx.shop.surveys["responded"]).sum())),
    )

    def expected(self, shop):
        return float(shop.surveys["responded"].mean())


class Gap(ValueQuestion):
    var = "repurchase_gap"
    prompt = ("无回复偏差：用 `survey_experience(shop)`（180 天窗口，`repurchased` 为空的行不算），回复者的复购率减去未回复者的复购率是多少？",
              "Non-response bias: with `survey_experience(shop)` (180-day window, leave out rows with an empty "
              "`repurchased`), what is the respondents' repurchase rate minus the non-respondents'?")
    hints = [("比较两组人后来的复购率：回复了问卷的和没回复的；相差越大，只看回复者的结论就越偏。",
              "Compare how many bought again among those who answered and those who did not; the bigger the gap, "
              "the more biased a conclusion from respondents alone."),
             ("先去掉 `repurchased` 为空的行，再按 `responded` 分组求 `repurchased` 的平均；结果以 True/False 为索引，"
              "两者相减。",
              "Drop the rows with an empty `repurchased`, then average `repurchased` grouped by `responded`; the "
              "result is indexed by True/False: subtract the two."),
             ("例：回复者和未回复者此前的平均订单数之差：`a = ex.groupby('responded')['orders_before'].mean()`，"
              "`a[True] - a[False]`。",
              "For example, the gap in earlier orders between respondents and non-respondents: "
              "`a = ex.groupby('responded')['orders_before'].mean()`, `a[True] - a[False]`.")]
    solution_text = ("差值不为 0 说明回复者和不回复者本来就不同：只用回复者的答案代表全体客户会有偏差。",
                     "A gap means respondents differ from non-respondents: their answers do not speak for every "
                     "customer.")

    mistakes = (
        Mistake("gap_reversed", "减反了：算的是未回复者的复购率减去回复者的", "subtracted the wrong way round: "
                "non-respondents minus respondents", "题目问的是“回复者的复购率减去未回复者的复购率”：回复者在前。"
                "正负号说明谁复购得多，不能随手调换。",
                "The question asks for respondents minus non-respondents: respondents first. The sign says who buys "
                "again more, so the order matters.",
                recompute=lambda ctx: -repurchase_gap(ctx.shop)),
        Mistake("empty_as_no", "没有去掉 `repurchased` 为空的行，而是把它们当成了“没复购”",
                "kept the rows with an empty `repurchased` and counted them as 'did not buy again'",
                "`repurchased` 为空说明 180 天的观察窗口还没走完，还不知道他会不会回来，不能当成没复购。先去掉这些行，再求平均。",
                "An empty `repurchased` means the 180-day window has not passed yet: nobody knows whether they will "
                "come back, so it is not a 'no'. Drop those rows first, then average.",
                recompute=lambda ctx: repurchase_gap(ctx.shop, drop_empty=False)),
        Mistake("percent_points", "把差值乘了 100", "multiplied the gap by 100",
                "两个复购率都是 0 到 1 之间的比例，题目要的就是它们的差，不用换成百分点。",
                "Both repurchase rates are shares from 0 to 1, and the question asks for their plain difference, "
                "not percentage points.",
                recompute=lambda ctx: 100 * repurchase_gap(ctx.shop)),
    )

    def expected(self, shop):
        return repurchase_gap(shop)


class Q5(MultipartQuestion):
    prompt = ("谁回复了问卷？", "Who answered the survey?")
    parts = {"a": ResponseRate, "b": Gap}


class Steps(ChoiceQuestion):
    var = "steps"
    prompt = ("网上市场调研的步骤，哪个顺序是对的？", "Which is the right order of the steps of online market research?")
    options = {"A": ("确定调研对象 → 明确问题与目标 → 收集信息 → 制订计划 → 分析信息 → 提交报告",
                     "audience → problem and goal → collect → plan → analyse → report"),
               "B": ("明确问题与目标 → 确定调研对象 → 制订调研计划 → 收集信息 → 分析信息 → 提交报告",
                     "problem and goal → audience → plan → collect → analyse → report"),
               "C": ("制订调研计划 → 收集信息 → 明确问题与目标 → 分析信息 → 确定调研对象 → 提交报告",
                     "plan → collect → problem and goal → analyse → audience → report")}
    answer = "B"
    hints = [("先知道要解决什么问题，才知道该问谁、怎么问。", "You must know the problem before you know whom to ask and "
                                                            "how.")]
    explanations = {"A": ("还没明确要解决什么问题，就先定了调研对象，而且没有计划就开始收集信息：有两处先后颠倒了。",
                          "It picks the audience before the problem is clear, and collects before there is a plan: "
                          "two steps out of order."),
                    "C": ("先制订计划、收集信息，之后才明确问题：不知道问题和目标，就不知道要计划什么、收集什么；"
                          "调研对象也要在收集之前定下来。",
                          "It plans and collects before the problem is clear: without the problem and goal you do not "
                          "know what to plan or collect; the audience, too, must be fixed before collecting.")}


class Plan(ReflectionQuestion):
    var = "reflection"
    prompt = ("为店铺的一个真实问题（例如“为什么新客户不回购？”）写一个网上调研计划：目标、对象、抽样方式和样本量、问卷要点、"
              "怎样提高回复率、怎样检查无回复偏差。",
              "Write an online research plan for one of the shop's real questions (e.g. \"why don't new customers buy "
              "again?\"): goal, audience, sampling and sample size, key questions, how to raise the response rate, how "
              "to check non-response bias.")
    solution_text = ("好的回答：按课程六步；对象是首单后 60-120 天未回购的客户；按渠道或地区分层抽样并算样本量；"
                     "问卷遵守 lint 规则（少而精、中立、不问隐私）；用优惠券提高回复率；用订单数据比较回复者与未回复者。",
                     "A good answer follows the six steps; targets customers 60-120 days after a first order without a "
                     "second; stratifies by channel or region with a sample size; keeps the questionnaire short, "
                     "neutral and private (lint rules); offers a coupon; compares respondents with non-respondents on "
                     "order data.")


__all__ = bind(globals(), [ErrorCount, FixSurvey, Allocate, Precision, Q5, Steps, Plan]) + ["____"]
