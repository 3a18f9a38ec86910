"""Chapter 4 exercises: measuring customer satisfaction (第四章：客户满意度管理).

``from crmlab.exercises.customer_satisfaction import *`` gives ``q1`` ... ``q12`` and the blank ``____``.

====  =======================  ===========================================================
q1    ValueQuestion            ``csat_overall``: top-2-box share of ``q_overall``
q2.a  ValueQuestion            ``nps_score``: Net Promoter Score of the survey (points)
q2.b  ChoiceQuestion           is the NPS significantly above zero? (its 95% interval)
q3    FunctionQuestion         ``alpha(df, items)``: Cronbach's alpha
q4    DesignQuestion           ``my_survey``: a questionnaire that passes the lint rules
q5    ChoiceQuestion           the item to improve first, by importance-performance analysis
q6    ValueQuestion            ``my_index``: satisfaction index with equal weights
q7    ChoiceQuestion           the five indicators: which one falls when things go well?
q8    ReflectionQuestion       expectation management and 客户优越感 for this shop
q9    ValueQuestion            ``n_unhappy``: answers at the two lowest 满意级度 (1 or 2)
q10   ChoiceQuestion           客户感知价值: same lamp, same price, two shops
q11   ChoiceQuestion           客户优越感: which practice builds it
q12   ReflectionQuestion       case discussion: Mr Chen at the bank
====  =======================  ===========================================================
"""

from __future__ import annotations

import copy

import numpy as np
import pandas as pd

from ..analysis import Questionnaire, importance_performance, nps, satisfaction_index, satisfaction_indicators
from ..mistakes import Mistake
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion,
                    Rule, ValueQuestion, ____, bind)

ITEMS = ["q_product", "q_delivery", "q_service", "q_price"]
ALL_ITEMS = ITEMS + ["q_overall"]
EQUAL_WEIGHTS = {"reputation": 0.2, "nomination": 0.2, "return_rate": 0.2, "complaint": 0.2, "sales_power": 0.2}
MAX_SURVEY_QUESTIONS = 12


# -- reference computations ----------------------------------------------------------------
def responses(shop) -> pd.DataFrame:
    """The answered survey invitations."""
    return shop.surveys[shop.surveys["responded"]]


def csat_of(shop) -> float:
    x = responses(shop)["q_overall"].dropna().astype(float)
    return float((x >= 4).mean())


def nps_of(shop) -> pd.Series:
    return nps(responses(shop), "nps").iloc[0]


def cronbach(df: pd.DataFrame, items) -> float:
    """Cronbach's alpha on the rows that answered every item (plain pandas)."""
    x = df[list(items)].astype(float).dropna()
    k = x.shape[1]
    return float(k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1)))


def as_questionnaire(answer):
    """A Questionnaire from a Questionnaire, a dict in the YAML layout, or YAML text."""
    if isinstance(answer, Questionnaire):
        return answer
    if isinstance(answer, dict):
        return Questionnaire.from_dict(answer)
    if isinstance(answer, str):
        return Questionnaire.from_yaml(answer)
    raise TypeError(f"expected a Questionnaire, a dict or YAML text, not {type(answer).__name__}")


def nps_with(shop, promoter=9, detractor=6, points=100.0) -> float:
    """The NPS with other cut-offs or scale: the slips of q2.a."""
    x = responses(shop)["nps"].dropna().astype(float)
    return float(points * ((x >= promoter).mean() - (x <= detractor).mean()))


def _alpha_with(df, items, *, complete=True, item_ddof=1, spread="var", factor=True):
    """Cronbach's alpha computed with a slip (the right one with the defaults)."""
    x = df[list(items)].astype(float)
    x = x.dropna() if complete else x
    k = x.shape[1]
    if spread == "var":
        parts, total = x.var(ddof=item_ddof).sum(), x.sum(axis=1).var(ddof=1)
    else:
        parts, total = x.std(ddof=1).sum(), x.sum(axis=1).std(ddof=1)
    return float((k / (k - 1) if factor else 1.0) * (1 - parts / total))


def _impossible_alpha(answer, ctx):
    """Some case gives an alpha above 1 or below 0 where the right alpha lies between them."""
    if not callable(answer):
        return False
    for df, items in Alpha().cases(ctx.shop):
        right = cronbach(df, items)
        try:
            got = float(answer(copy.deepcopy(df), list(items)))
        except Exception:  # noqa: BLE001 - a function that fails is another problem
            continue
        if 0 <= right <= 1 and (got > 1 + 1e-9 or got < -1e-9):
            return True
    return False


def index_with(scores) -> float:
    """The equal-weight index of the given indicator values (the slips of q6)."""
    return float(np.mean(scores))


# -- questions -----------------------------------------------------------------------------
class Csat(ValueQuestion):
    var = "csat_overall"
    prompt = ("在回复了问卷的客户中，总体满意度 `q_overall` 为 4 或 5 分（“满意”及以上）的比例是多少（0 到 1）？",
              "Among customers who answered the survey, what share gave `q_overall` a 4 or 5 (satisfied or better), "
              "as a share from 0 to 1?")
    hints = [("只看回复了问卷的客户；没有回答 `q_overall` 的不计。",
              "Only customers who answered the survey; leave out missing `q_overall`."),
             ("去掉空值（`.dropna()`），`>= 4` 得到 True/False，它的平均值就是“满意及以上”的比例；课程的 `csat(r, 列名)` "
              "做同样的事。",
              "Drop the empty answers (`.dropna()`); `>= 4` gives True/False, whose mean is the share satisfied or "
              "better; the course's `csat(r, column)` does the same."),
             ("例：对物流打 1 或 2 分（不满意）的比例：`x = r['q_delivery'].dropna()`，`(x <= 2).mean()`。",
              "For example, the share rating delivery 1 or 2 (dissatisfied): `x = r['q_delivery'].dropna()`, "
              "`(x <= 2).mean()`.")]
    solution_text = ("CSAT 是“顶部两格”（top-2-box）比例：它说明多少人满意，但不说明满意到什么程度。",
                     "CSAT is the top-2-box share: it says how many are satisfied, not how much.")

    mistakes = (
        _slips.percent_not_share(csat_of),
        Mistake("wrong_denominator", "把没有回复问卷的邀请也放进了分母",
                "put the unanswered invitations in the denominator too",
                "比例的分母要和问题对上：问的是“回复了问卷的客户中”有多少满意，分母就是回答了 `q_overall` 的人数，"
                "不是发出的全部邀请。",
                "The denominator must match the question: it asks among the customers who answered, so divide by "
                "those who answered `q_overall`, not by every invitation sent.",
                recompute=lambda ctx: float((responses(ctx.shop)["q_overall"].dropna().astype(float) >= 4).sum()
                                            / len(ctx.shop.surveys))),
        Mistake("five_only", "只数了 5 分（“非常满意”），漏掉了 4 分", "counted only the 5s (very satisfied) and left out "
                "the 4s", "“满意及以上”是顶部两格：4 分“满意”和 5 分“非常满意”都算。注意 `> 4` 和 `>= 4` 的区别。",
                "'Satisfied or better' is the top two boxes: 4 (satisfied) and 5 (very satisfied) both count. Mind "
                "the difference between `> 4` and `>= 4`.",
                recompute=lambda ctx: float((responses(ctx.shop)["q_overall"].dropna().astype(float) >= 5).mean())),
        Mistake("mean_not_share", "算的是平均分，不是满意的比例", "computed the mean score, not the share satisfied",
                "平均分说明大家平均打几分；CSAT 问的是打 4 分或 5 分的人占多少：先比较得到 True/False，再求平均。",
                "The mean score says what people give on average; CSAT asks what share gave 4 or 5: compare first "
                "to get True/False, then take the mean.",
                recompute=lambda ctx: float(responses(ctx.shop)["q_overall"].dropna().astype(float).mean())),
    )

    def expected(self, shop):
        return csat_of(shop)


class NpsScore(ValueQuestion):
    var = "nps_score"
    rtol = 1e-4
    prompt = ("问卷的净推荐值 NPS 是多少（-100 到 100 分）？推荐者 9-10 分，贬损者 0-6 分。",
              "What is the survey's Net Promoter Score (-100 to 100)? Promoters answer 9-10, detractors 0-6.")
    hints = [("NPS = 100 × (推荐者比例 − 贬损者比例)，只算回答了 `nps` 的客户。",
              "NPS = 100 × (share of promoters − share of detractors), among those who answered `nps`."),
             ("课程的 `nps(r)` 返回一行结果，`nps` 列是分数（还有比例和置信区间）；取一个数用 `.iloc[0]`。自己算也行："
              "9-10 分的比例减 0-6 分的比例，再乘 100。",
              "The course's `nps(r)` returns one row of results with the score in `nps` (and the shares and the "
              "interval); read one number with `.iloc[0]`. By hand: the share of 9-10 minus the share of 0-6, "
              "times 100."),
             ("例：10 位客户打 10、10、9、8、8、7、6、5、3、10 分：推荐者 4 位（40%），贬损者 3 位（30%），"
              "NPS = 100 × (0.4 − 0.3) = 10。",
              "For example, 10 customers answering 10, 10, 9, 8, 8, 7, 6, 5, 3, 10: 4 promoters (40%), 3 detractors "
              "(30%), NPS = 100 × (0.4 − 0.3) = 10.")]

    mistakes = (
        Mistake("share_not_points", "没有乘 100：交上来的是比例之差，不是 NPS 分数",
                "did not multiply by 100: a difference of shares, not the NPS in points",
                "NPS 写成 -100 到 100 的分数：推荐者比例减贬损者比例之后再乘 100。",
                "The NPS is written in points from -100 to 100: the share of promoters minus the share of "
                "detractors, times 100.",
                recompute=lambda ctx: nps_with(ctx.shop, points=1.0)),
        Mistake("seven_as_detractor", "把 7 分也算成了贬损者", "counted the 7s as detractors too",
                "NPS 的三组是：9-10 推荐者，7-8 被动者（不计入），0-6 贬损者。7 分是被动者。",
                "The NPS has three groups: 9-10 promoters, 7-8 passives (left out), 0-6 detractors. A 7 is a "
                "passive.",
                recompute=lambda ctx: nps_with(ctx.shop, detractor=7)),
        Mistake("eight_as_promoter", "把 8 分也算成了推荐者", "counted the 8s as promoters too",
                "只有 9 分和 10 分是推荐者；7-8 分是被动者，既不加也不减。",
                "Only 9 and 10 are promoters; 7-8 are passives, neither added nor subtracted.",
                recompute=lambda ctx: nps_with(ctx.shop, promoter=8)),
    )

    def expected(self, shop):
        return float(nps_of(shop)["nps"])


class NpsSignificant(ChoiceQuestion):
    var = "nps_verdict"
    prompt = ("看 NPS 的 95% 置信区间（`nps(r)` 的 ci_low、ci_high）：下面哪句话对？",
              "Look at the 95% confidence interval of the NPS (`ci_low`, `ci_high` of `nps(r)`): which is true?")
    options = {"A": ("NPS 显著大于 0：推荐者确实多于贬损者", "NPS is significantly above 0: promoters really outnumber "
                                                           "detractors"),
               "B": ("区间包含 0：样本太小，说不清推荐者和贬损者谁多", "the interval contains 0: the sample is too small to "
                                                            "tell whether promoters or detractors are more"),
               "C": ("NPS 显著小于 0：贬损者确实多于推荐者", "NPS is significantly below 0: detractors really outnumber "
                                                       "promoters")}
    hints = [("置信区间告诉你 NPS 在多大范围内都说得通：0 在不在这个范围里？",
              "The confidence interval gives the range of NPS values the data allow: is 0 inside it?"),
             ("区间完全在 0 以上，说明推荐者确实更多；完全在 0 以下，说明贬损者确实更多；跨过 0，就说不清。",
              "An interval entirely above 0 means promoters really are more; entirely below 0, detractors really are "
              "more; crossing 0, it cannot tell."),
             ("例：NPS 是 12，区间 [−4, 28]：下限在 0 以下，不能说推荐者一定多于贬损者；区间 [3, 21] 则可以。",
              "For example, an NPS of 12 with the interval [−4, 28]: the lower bound is below 0, so promoters are not "
              "surely more than detractors; with [3, 21] they are.")]

    def expected(self, shop):
        row = nps_of(shop)
        return "A" if row["ci_low"] > 0 else ("C" if row["ci_high"] < 0 else "B")

    def explain(self, letter, shop=None):
        """What the student's own interval says against the option."""
        row = nps_of(self.shop() if shop is None else shop)
        low, high, point = float(row["ci_low"]), float(row["ci_high"]), float(row["nps"])
        zh_ci, en_ci = f"你的 NPS 是 {point:.1f}，95% 置信区间是 [{low:.1f}, {high:.1f}]", (
            f"Your NPS is {point:.1f} with the 95% interval [{low:.1f}, {high:.1f}]")
        if letter == "A":
            return (f"{zh_ci}：下限不大于 0。只看点估计不够，“显著大于 0”要求整个区间都在 0 以上。",
                    f"{en_ci}: the lower bound is not above 0. The point estimate is not enough: 'significantly "
                    "above 0' needs the whole interval above 0.")
        if letter == "C":
            return (f"{zh_ci}：上限不小于 0。“显著小于 0”要求整个区间都在 0 以下，只看点估计不够。",
                    f"{en_ci}: the upper bound is not below 0. 'Significantly below 0' needs the whole interval "
                    "below 0; the point estimate is not enough.")
        return (f"{zh_ci}：它不包含 0。只有区间跨过 0 时，才说不清推荐者和贬损者谁多。",
                f"{en_ci}: it does not contain 0. Only an interval that crosses 0 leaves open whether promoters or "
                "detractors are more.")


class Q2(MultipartQuestion):
    prompt = ("净推荐值和它的不确定性。", "The Net Promoter Score and its uncertainty.")
    parts = {"a": NpsScore, "b": NpsSignificant}


class Alpha(FunctionQuestion):
    var = "alpha"
    prompt = ("写函数 `alpha(df, items)`：只用完整回答了 `items` 全部题目的行，返回 Cronbach's alpha = "
              "k/(k−1) × (1 − 各题方差之和 / 总分方差)（方差用 ddof=1）。",
              "Write `alpha(df, items)`: on the rows that answered every item in `items`, return Cronbach's alpha = "
              "k/(k−1) × (1 − sum of item variances / variance of the total score) (variances with ddof=1).")
    hints = [("只用完整回答了全部题目的行（`dropna()`）；k 是题目数。公式需要两种方差：每道题各自的方差之和，和每人总分的方差。",
              "Use only the rows that answered every item (`dropna()`); k is the number of items. The formula needs "
              "two variances: the sum of each item's variance, and the variance of each person's total."),
             ("`df[items]` 取出题目列，`.var(ddof=1)` 对每一列求方差再 `.sum()`；`.sum(axis=1)` 是每一行（每个人）的总分，"
              "再 `.var(ddof=1)`。",
              "`df[items]` takes the item columns; `.var(ddof=1)` gives each column's variance, then `.sum()`; "
              "`.sum(axis=1)` is each row's (each person's) total, then `.var(ddof=1)`."),
             ("例：3 道题、各题方差之和 2.0、总分方差 5.0：alpha = 3/2 × (1 − 2.0/5.0) = 0.9。",
              "For example, 3 items, item variances adding to 2.0, variance of the total 5.0: alpha = 3/2 × "
              "(1 − 2.0/5.0) = 0.9.")]
    solution_text = ("alpha 高说明这些题“一起涨落”，测的是同一件事；低于 0.6 时，把这些题加成一个总分就没有多大意义。",
                     "A high alpha means the items rise and fall together, measuring one thing; below 0.6 their "
                     "total means little.")

    mistakes = (
        _slips.function_slip(
            "rows_not_complete", "没有先去掉有空答案的行：各题的方差和总分用的不是同一批人",
            "did not drop the rows with an empty answer first, so the item variances and the total use different "
            "people", "方差会自动跳过空值，按行求和却把空值当 0：两者用的人不一样，公式就不成立。先 `dropna()` 只留下每道题都"
            "答了的行，再算。",
            "A variance skips empty values, a row sum counts them as 0: the two then describe different people and "
            "the formula breaks. `dropna()` first to keep the rows that answered every item.",
            lambda df, items: _alpha_with(df, items, complete=False), cronbach, lambda shop: Alpha().cases(shop)),
        _slips.function_slip(
            "ddof_mixed", "混用了总体方差和样本方差：各题方差用了 ddof=0（`np.var` 的默认），总分方差用了 ddof=1",
            "mixed population and sample variances: ddof=0 for the items (the default of `np.var`), ddof=1 for the "
            "total", "公式里的两种方差必须用同一种算法，题目规定都用 ddof=1。pandas 的 `.var()` 默认 ddof=1，numpy 的 "
            "`np.var` 默认 ddof=0：混用时分子偏小，alpha 偏大，严重时会超过 1。",
            "Both variances of the formula must be computed the same way; the question says ddof=1 for both. "
            "pandas' `.var()` defaults to ddof=1, numpy's `np.var` to ddof=0: mixed, the numerator shrinks and alpha "
            "grows, at worst above 1.",
            lambda df, items: _alpha_with(df, items, item_ddof=0), cronbach, lambda shop: Alpha().cases(shop)),
        _slips.function_slip(
            "no_k_factor", "漏掉了前面的 k/(k−1)", "left out the factor k/(k−1) in front",
            "Cronbach 系数的公式最前面还乘着 k/(k−1)（k 是题目数）：再对照一下课文里的公式。少了这个因子，题目越少，"
            "alpha 偏低得越多。",
            "Cronbach's formula starts with the factor k/(k−1) (k is the number of items): compare yours with the "
            "formula in the lesson. Without the factor, alpha comes out too low, the more so the fewer the items.",
            lambda df, items: _alpha_with(df, items, factor=False), cronbach, lambda shop: Alpha().cases(shop)),
        _slips.function_slip(
            "std_not_var", "用了标准差而不是方差，算出的 alpha 是负数",
            "used standard deviations instead of variances, which makes alpha negative",
            "alpha 不可能小于 0：各题标准差之和总是不小于总分的标准差，所以用标准差一定得到负数。公式里是方差："
            "`.var(ddof=1)`。",
            "Alpha cannot be below 0: the item standard deviations always add up to at least the total's, so "
            "standard deviations always give a negative value. The formula uses variances: `.var(ddof=1)`.",
            lambda df, items: _alpha_with(df, items, spread="std"), cronbach, lambda shop: Alpha().cases(shop)),
        Mistake("alpha_impossible", "的函数算出了大于 1 或小于 0 的 alpha，这是不可能的值",
                "wrote a function that gives an alpha above 1 or below 0, which is impossible",
                "alpha 衡量总分的方差里有多大比例来自各题共同的部分，只能在 0 和 1 之间：大于 1 等于说共同部分比全部还多，"
                "小于 0 说明各题“反着走”。常见原因：总体方差和样本方差混用（ddof 不一致）；反向题没有反向计分；"
                "分子分母放反了，或者用了标准差。对照公式逐项检查：k/(k−1) × (1 − 各题方差之和 / 总分方差)。",
                "Alpha measures what share of the total score's variance the items have in common, so it lies "
                "between 0 and 1: above 1 would mean more in common than there is in all, below 0 means the items "
                "pull against each other. The usual causes: population and sample variances mixed (different ddof), "
                "reverse-worded items not reversed, the fraction upside down, or standard deviations. Check each part "
                "against the formula: k/(k−1) × (1 − sum of item variances / variance of the total).",
                detect=_impossible_alpha),
    )

    def reference(self, df, items):
        return cronbach(df, items)

    def cases(self, shop):
        r = responses(shop)
        tiny = pd.DataFrame({"a": [1, 2, 3, 4, 5, 3], "b": [2, 2, 3, 5, 4, np.nan], "c": [1, 3, 3, 4, 5, 2]})
        return [(r, ALL_ITEMS), (r, ITEMS), (tiny, ["a", "b", "c"]), (tiny, ["a", "c"])]


def _lint_clean(answer, shop):
    lint = as_questionnaire(answer).lint()
    bad = lint[lint["severity"].isin(["error", "warning"])]
    rules = ", ".join(dict.fromkeys(bad["rule"] + " " + bad["title"]))
    return bad.empty, (f"还有 {len(bad)} 条错误/警告：{rules}；运行 `.lint()` 看每条的 fix",
                       f"{len(bad)} error(s)/warning(s) left: {rules}; run `.lint()` for the fix of each")


def _measures_all(answer, shop):
    q = as_questionnaire(answer)
    got = {x.measures for x in q.questions if x.type == "likert"}
    missing = [d for d in ("product", "delivery", "service", "price", "overall") if d not in got]
    return not missing, (f"缺少 measures：{missing}", f"missing measures: {missing}")


def _has_nps(answer, shop):
    return any(x.type == "nps" for x in as_questionnaire(answer).questions), \
        ("加一道 type: nps 的题", "add a question with type: nps")


def _short(answer, shop):
    n = len(as_questionnaire(answer).questions)
    return n <= MAX_SURVEY_QUESTIONS, (f"现在有 {n} 道题", f"it has {n} questions")


def _na_service(answer, shop):
    qs = [x for x in as_questionnaire(answer).questions if x.measures == "service"]
    return bool(qs) and all(x.has_na for x in qs), ("客服题加上 allow_na: true", "give the service item allow_na: true")


class Survey(DesignQuestion):
    var = "my_survey"
    prompt = ("设计一份售后满意度问卷 `my_survey`（`Questionnaire` 对象、字典或 YAML 文本）：lint 无错误和警告；"
              "李克特题覆盖 product、delivery、service、price、overall 五个 measures；有一道 NPS 题；"
              f"客服题有“不适用”选项；不超过 {MAX_SURVEY_QUESTIONS} 题。",
              "Design an after-sale satisfaction questionnaire `my_survey` (a `Questionnaire`, a dict or YAML text): "
              "no lint errors or warnings; Likert items measuring product, delivery, service, price and overall; one "
              f"NPS question; a 'not applicable' option on the service item; at most {MAX_SURVEY_QUESTIONS} questions.")
    rules = [Rule(("lint 没有错误和警告", "lint finds no error or warning"), _lint_clean),
             Rule(("李克特题覆盖五个 measures", "Likert items measure all five aspects"), _measures_all),
             Rule(("有 NPS 题（0-10）", "has an NPS question (0-10)"), _has_nps),
             Rule(("客服题可选“不适用”", "the service item offers 'not applicable'"), _na_service),
             Rule((f"不超过 {MAX_SURVEY_QUESTIONS} 题", f"at most {MAX_SURVEY_QUESTIONS} questions"), _short)]
    hints = [("先运行 `my_survey.lint()`，按 fix 列逐条修改。", "Run `my_survey.lint()` and apply the `fix` column row "
                                                             "by row."),
             ("从 `example_questionnaire('good')` 出发看看合格的写法；写明 purpose、audience、privacy_note、incentive、"
              "time_estimate_minutes。",
              "Look at `example_questionnaire('good')`; state purpose, audience, privacy_note, incentive and "
              "time_estimate_minutes.")]


class FixFirst(ChoiceQuestion):
    var = "fix_first"
    prompt = ("用重要性-表现分析（`importance_performance(r)`，相关法）：店铺应该最先改进哪一项？",
              "By importance-performance analysis (`importance_performance(r)`, correlation method), which aspect "
              "should the shop improve first?")
    options = {"A": ("商品质量 q_product", "product quality q_product"), "B": ("物流 q_delivery", "delivery q_delivery"),
               "C": ("客服 q_service", "service q_service"), "D": ("价格 q_price", "price q_price")}
    hints = [("结果表已按“先改哪个”排好序：第一行就是。", "The table is sorted with the item to fix first on top."),
             ("“重点改进”象限：重要性高于平均、表现低于平均。", "'Concentrate here': importance above average, "
                                                     "performance below average.")]

    def expected(self, shop):
        first = importance_performance(responses(shop)).index[0]
        return {"q_product": "A", "q_delivery": "B", "q_service": "C", "q_price": "D"}[first]

    def explain(self, letter, shop=None):
        """The item's own importance, performance and quadrant."""
        ipa = importance_performance(responses(self.shop() if shop is None else shop))
        item = ITEMS[ord(letter) - ord("A")]
        zh_name, en_name = (x.split(" q_")[0] for x in self.options[letter])
        row = ipa.loc[item]
        zh = (f"{zh_name}（{item}）的重要性是 {row['importance']:.2f}（各项平均 {ipa['importance'].mean():.2f}），"
              f"表现是 {row['performance']:.2f} 分（平均 {ipa['performance'].mean():.2f}）：")
        en = (f"{en_name[0].upper() + en_name[1:]} ({item}) has importance {row['importance']:.2f} (mean of the "
              f"items {ipa['importance'].mean():.2f}) and performance {row['performance']:.2f} (mean "
              f"{ipa['performance'].mean():.2f}). ")
        why = {"keep_up": ("它重要，但表现已经高于平均，属于“继续保持”，不是最该改进的。",
                           "It matters, but it already performs above average: keep up the good work, it is not the "
                           "first to fix."),
               "low_priority": ("它的表现确实低于平均，但重要性也低于平均，属于“低优先级”：只看分数低会选错。",
                                "It does perform below average, but it matters less than average too: low priority. "
                                "Looking at low scores alone picks the wrong item."),
               "possible_overkill": ("它重要性低、表现却高，属于“可能过度投入”，反而可以少花些力气。",
                                     "It matters little and performs well: possible overkill, if anything spend less "
                                     "on it."),
               "concentrate": ("它也在“重点改进”象限，但还有一项比它更重要（重要性更高）。",
                               "It is in the concentrate-here quadrant too, but another item matters more (higher "
                               "importance).")}[row["quadrant"]]
        return zh + why[0], en + why[1]


class EqualIndex(ValueQuestion):
    var = "my_index"
    rtol = 1e-6
    prompt = ("把五个指标（美誉度、指名度、回头率、抱怨率、销售力）的 0-100 得分等权平均（各 0.2），满意度指数 `my_index` 是多少？",
              "Average the 0-100 scores of the five indicators (reputation, nomination, return rate, complaint rate, "
              "sales power) with equal weights (0.2 each): what is the satisfaction index `my_index`?")
    hints = [("满意度指数是五个指标得分的加权平均；等权就是每个 0.2。",
              "The satisfaction index is a weighted mean of the five indicator scores; equal weights are 0.2 each."),
             ("`satisfaction_index(satisfaction_indicators(shop), weights={指标: 权重, ...})` 返回一行结果，指数在 `index` 列；权重的键是 "
              "reputation、nomination、return_rate、complaint、sales_power。",
              "`satisfaction_index(satisfaction_indicators(shop), weights={indicator: weight, ...})` returns one row with the index in "
              "`index`; the weight keys are reputation, nomination, return_rate, complaint and sales_power."),
             ("例：更看重美誉度的指数：`satisfaction_index(satisfaction_indicators(shop), weights={'reputation': 0.4, 'nomination': 0.1, "
              "'return_rate': 0.2, 'complaint': 0.2, 'sales_power': 0.1})['index'].iloc[0]`。",
              "For example, an index that weighs reputation more: `satisfaction_index(satisfaction_indicators(shop), weights={'reputation': "
              "0.4, 'nomination': 0.1, 'return_rate': 0.2, 'complaint': 0.2, 'sales_power': 0.1})['index']"
              ".iloc[0]`.")]

    mistakes = (
        Mistake("default_weights", "没有传入等权的权重，用的是 `satisfaction_index` 的默认权重",
                "passed no equal weights, so `satisfaction_index` used its default weights",
                "默认权重并不相等（美誉度占得多）。题目要求五个指标各 0.2：把权重字典传给 `weights=`。",
                "The default weights are not equal (reputation counts more). The question wants 0.2 for each of "
                "the five indicators: pass the weights dict as `weights=`.",
                recompute=lambda ctx: float(satisfaction_index(satisfaction_indicators(ctx.shop))["index"].iloc[0])),
        Mistake("rates_not_scores", "平均的是五个指标的原始比率（0 到 1），不是 0-100 的得分",
                "averaged the five indicators' raw rates (0 to 1), not their 0-100 scores",
                "指数要把各指标先换成 0-100 的得分再加权：比率的量纲不同，抱怨率还是越低越好。用 `score_` 开头的列。",
                "The index weighs the indicators' 0-100 scores, not the raw rates: the rates differ in scale, and "
                "for complaints lower is better. Use the columns starting with `score_`.",
                recompute=lambda ctx: index_with(satisfaction_indicators(ctx.shop)[list(EQUAL_WEIGHTS)]
                                                 .iloc[0].astype(float))),
        Mistake("complaint_not_reversed", "把抱怨率直接乘 100 当成了得分：抱怨越多，指数反而越高",
                "took 100 × the complaint rate as its score, so more complaints raise the index",
                "抱怨率是反向指标：抱怨越少越满意。它的得分是 100 × (1 − 抱怨率)，表里的 `score_complaint` 已经反过来了。",
                "The complaint rate is a reverse indicator: fewer complaints, more satisfaction. Its score is "
                "100 × (1 − rate), as `score_complaint` in the table already is.",
                recompute=lambda ctx: index_with([
                    100 * float(satisfaction_indicators(ctx.shop)["complaint"].iloc[0]) if k == "complaint"
                    else float(satisfaction_indicators(ctx.shop)[f"score_{k}"].iloc[0]) for k in EQUAL_WEIGHTS])),
    )

    def expected(self, shop):
        ind = satisfaction_indicators(shop)
        return float(ind[[f"score_{k}" for k in EQUAL_WEIGHTS]].iloc[0].mean())


class FallingIndicator(ChoiceQuestion):
    var = "falling"
    prompt = ("五个指标里，客户越满意，哪一个的数值越“低”？", "Of the five indicators, which one gets *lower* as customers "
                                                            "get more satisfied?")
    options = {"A": ("美誉度", "reputation"), "B": ("指名度", "nomination"), "C": ("回头率", "return rate"),
               "D": ("抱怨率", "complaint rate"), "E": ("销售力", "sales power")}
    answer = "D"
    hints = [("哪个指标数的是“坏事”？", "Which indicator counts bad events?")]
    explanations = {"A": ("美誉度是客户对品牌的好评程度；客户越满意，好评越多，它越高。",
                          "Reputation is how well customers speak of the brand; the more satisfied they are, the "
                          "higher it gets."),
                    "B": ("指名度是客户购买时点名要这个品牌的程度；越满意越会点名要它，它越高。",
                          "Nomination is how often customers ask for the brand by name; satisfied customers do so "
                          "more, so it rises."),
                    "C": ("回头率是再次购买的比例；满意的客户更愿意回来，它越高。",
                          "The return rate is the share who buy again; satisfied customers come back more, so it "
                          "rises."),
                    "E": ("销售力是品牌促成购买的能力；客户越满意，越容易买，它越高。",
                          "Sales power is the brand's ability to make people buy; with more satisfied customers it "
                          "rises.")}
    solution_text = ("抱怨率越低越好，所以指数里用 100 × (1 − 抱怨率 / 上限) 把它翻转成“越高越好”。",
                     "The complaint rate is better when lower, so the index flips it: 100 × (1 − rate / ceiling).")


class Expectations(ReflectionQuestion):
    var = "reflection"
    prompt = ("CRM 三角定律：满意 = 感知 − 期望。结合你的 IPA 结果和 NPS，为这家店提出一项“管理期望”和一项“打造客户优越感”的做法，"
              "并说明用哪个指标检验效果。",
              "The CRM triangle law: satisfaction = perception − expectation. Using your IPA and NPS results, propose "
              "one way to manage expectations and one way to give customers a sense of superiority (客户优越感), and "
              "say which indicator would show the effect.")
    solution_text = ("好的回答：点名 IPA 中“重点改进”的一项；管理期望（如如实写发货时间，不夸大宣传）；"
                     "客户优越感（如老客户专属客服、会员专享）；用 CSAT/NPS 或回头率、抱怨率检验，并注意样本小、置信区间宽。",
                     "A good answer names the IPA item to fix; manages expectations (honest delivery times, no "
                     "over-promising); builds superiority (a dedicated line for loyal customers, member-only perks); "
                     "checks it with CSAT/NPS or return and complaint rates, minding the small sample and wide "
                     "interval.")


# -- 客户满意级度, 客户感知价值, 客户优越感, the case ------------------------------------------------------
LEVELS = {1: ("非常不满意", "very dissatisfied"), 2: ("不满意", "dissatisfied"), 3: ("一般", "neutral"),
          4: ("满意", "satisfied"), 5: ("非常满意", "very satisfied")}


def n_at_levels(shop, levels) -> int:
    """Answers of ``q_overall`` at the given levels of satisfaction (respondents only)."""
    x = responses(shop)["q_overall"].dropna().astype(int)
    return int(x.isin(list(levels)).sum())


class Unhappy(ValueQuestion):
    var = "n_unhappy"
    prompt = ("客户满意级度：问卷的总体满意度 `q_overall` 用五级刻度（1 非常不满意、2 不满意、3 一般、4 满意、5 非常满意）。"
              "有多少份回答落在最低的两级（不满意、非常不满意）？这些客户是林晓要逐个回访的人。",
              "Levels of satisfaction: the survey's overall satisfaction `q_overall` has five levels (1 very "
              "dissatisfied, 2 dissatisfied, 3 neutral, 4 satisfied, 5 very satisfied). How many answers fall on the "
              "two lowest levels (dissatisfied, very dissatisfied)? These are the customers Lin Xiao will call one "
              "by one.")
    hints = [("只看回复了问卷、回答了 `q_overall` 的那些行；“最低的两级”是 1 分和 2 分，3 分“一般”不算。",
              "Only the rows that answered `q_overall`; the two lowest levels are 1 and 2, and 3 (neutral) does not "
              "count."),
             ("比较得到 True/False，`.sum()` 数 True 的个数（数份数，不是求比例）。",
              "A comparison gives True/False, and `.sum()` counts the True values (a count, not a share)."),
             ("例：物流打了满分（5 分，非常满意）的回答有几份：`(r['q_delivery'] == 5).sum()`。",
              "For example, how many answers gave delivery full marks (5, very satisfied): "
              "`(r['q_delivery'] == 5).sum()`.")]
    mistakes = (
        Mistake("neutral_counted", "把 3 分“一般”也算成了不满意", "counted 3 (neutral) as dissatisfied too",
                "五级刻度的中间一级是“一般”，既不满意也不算不满意；最低的两级只有 1 分和 2 分。",
                "The middle of the five levels is neutral, neither satisfied nor dissatisfied; the two lowest "
                "levels are only 1 and 2.",
                recompute=lambda ctx: n_at_levels(ctx.shop, (1, 2, 3))),
        Mistake("lowest_only", "只数了 1 分“非常不满意”", "counted only 1 (very dissatisfied)",
                "“最低的两级”包括 1 分和 2 分。", "The two lowest levels are 1 and 2.",
                recompute=lambda ctx: n_at_levels(ctx.shop, (1,))),
        Mistake("share_not_count", "算的是比例，不是份数", "computed a share, not a count",
                "题目要的是回答的份数（要回访的人数），用 `.sum()` 而不是 `.mean()`。",
                "The question asks how many answers (how many people to call): `.sum()`, not `.mean()`.",
                detect=lambda answer, ctx: isinstance(answer, float) and 0 < answer < 1),
    )
    solution_text = ("满意级度把“满意”分成刻度，才能量化：数每一级有多少人、算满意度得分、看趋势。最低两级的客户要尽快回访。",
                     "Levels turn satisfaction into a scale that can be counted: how many at each level, the CSAT, the "
                     "trend. Customers on the lowest two levels deserve a call soon.")

    def expected(self, shop):
        return n_at_levels(shop, (1, 2))


class PerceivedValue(ChoiceQuestion):
    var = "perceived"
    prompt = ("同一款台灯，两家店都卖 199 元。青禾生活馆第二天送到，附了安装说明，客服一分钟内回复；另一家店六天后才到，"
              "咨询半天没人回。关于客户感知价值，哪句话对？",
              "The same desk lamp sells for 199 yuan in two shops. Qinghe Living delivers next day with assembly "
              "instructions and answers chats within a minute; the other shop takes six days and leaves questions "
              "unanswered for hours. Which statement about customer perceived value is right?")
    options = {"A": ("两家的感知价值一样，因为商品和价格都一样", "the perceived value is the same in both shops, "
                     "since product and price are the same"),
               "B": ("青禾生活馆的感知价值更高：客户得到的更多，付出的时间和精力更少", "it is higher at Qinghe Living: "
                     "the customer gets more and spends less time and effort"),
               "C": ("感知价值只由商品质量决定，送货和客服与它无关", "perceived value depends only on product quality; "
                     "delivery and service have nothing to do with it"),
               "D": ("感知价值越高，客户一定越满意，不必再管客户期望", "the higher the perceived value, the more "
                     "satisfied the customer, whatever they expected")}
    answer = "B"
    explanations = {
        "A": ("感知价值是客户感受到的所得与付出之间的权衡，不只是标价：等六天、问了没人回，都是客户付出的时间和精力。",
              "Perceived value weighs what the customer gets against all they give, not just the price tag: six days "
              "of waiting and unanswered questions are time and effort the customer pays."),
        "C": ("客户得到的价值包括商品、服务、人员和形象；送货快、有说明、回复及时都在里面。",
              "What the customer gets includes product, service, people and image; fast delivery, instructions and "
              "quick replies are all part of it."),
        "D": ("满意取决于感知是否达到期望（CRM 三角定律）；期望被抬得太高，感知价值再高也可能不满意。",
              "Satisfaction depends on whether perception meets expectation (the CRM triangle law); raise "
              "expectations too high and even a high perceived value may disappoint."),
    }
    hints = [("感知价值 = 客户感受到的所得与付出之比。客户为这盏台灯只付出了 199 元吗？",
              "Perceived value weighs what customers feel they get against what they give. Did they give only 199 "
              "yuan for the lamp?")]


class Superiority(ChoiceQuestion):
    var = "superiority"
    prompt = ("林晓想让老客户产生“客户优越感”。下面哪种做法最对路？",
              "Lin Xiao wants old customers to feel a sense of superiority. Which practice fits best?")
    options = {"A": ("全场九折，所有客户一样", "10% off everything, the same for every customer"),
               "B": ("钻石会员有专属客服，生日时收到写着名字的贺卡和一份小礼物", "diamond members get a dedicated "
                     "agent and, on their birthday, a card with their name and a small gift"),
               "C": ("在商品页写上“全网最低价”", "write 'lowest price online' on the product pages"),
               "D": ("新客户的价格比老客户低，好把新客户拉进来", "give new customers lower prices than old ones to "
                     "pull them in")}
    answer = "B"
    explanations = {
        "A": ("人人都有的折扣谈不上“比别人更好”的待遇，客户只会觉得便宜了一点。",
              "A discount everyone gets is no better treatment than others get; customers only feel it is a bit "
              "cheaper."),
        "C": ("这句话抬高了客户期望，一旦发现别处更便宜，反而更不满意；它和被特别对待无关。",
              "This raises expectations, and a cheaper price elsewhere then disappoints even more; it has nothing to "
              "do with being treated specially."),
        "D": ("这让老客户觉得自己比新客户吃亏，是“杀熟”的感觉，和优越感正相反。",
              "This makes old customers feel worse off than new ones, the feeling of being exploited for loyalty: "
              "the opposite of superiority."),
    }
    hints = [("客户优越感：客户觉得自己在这里得到的待遇比别人、比别处更好。哪一种做法是“只给他、专门为他”的？",
              "A sense of superiority: customers feel treated better here than others are, and than elsewhere. "
              "Which practice is 'just for them, made for them'?")]


class CaseBank(ReflectionQuestion):
    var = "case_notes"
    prompt = ("案例讨论：银行里的陈先生。写下你对讨论问题 1–3 的要点。",
              "Case discussion: Mr Chen at the bank. Write your points on discussion questions 1-3.")
    solution_text = ("讨论要点：（1）微笑、存好钱、道别是满意的服务，达到期望；记得陈先生的习惯、主动提醒对他有用的事，"
                     "超出了期望，让他有被记住、被尊重的优越感。网店里：按时发货是基本，签收关怀和使用提示是超出期望，"
                     "记得老客户的尺码和喜好、生日送上专属礼物是优越感。（2）满意度要量化：满意级度、CSAT、NPS，"
                     "美誉度、指名度、回头率、抱怨率、销售力组成指标体系；网店的评价、订单、投诉和问卷都能算。"
                     "（3）满意 = 感知 − 期望：期望不是越高越好，过度承诺会让同样的服务变成不满意，要如实描述、管理期望。",
                     "Points: (1) a smile, the deposit done and a goodbye is satisfying service that meets expectations; "
                     "remembering Mr Chen's habits and pointing out something useful goes beyond them and makes him "
                     "feel remembered and respected, a sense of superiority. Online: shipping on time is the basis, "
                     "delivery care and usage tips go beyond, remembering a regular's size and tastes and a birthday "
                     "gift build superiority. (2) Satisfaction must be measured: levels, CSAT, NPS, and the index "
                     "system of reputation, nomination, return rate, complaint rate and sales power, all computable "
                     "from reviews, orders, complaints and surveys. (3) Satisfaction = perception − expectation: higher "
                     "expectations are not better, over-promising turns the same service into disappointment; describe "
                     "honestly and manage expectations.")


__all__ = bind(globals(), [Csat, Q2, Alpha, Survey, FixFirst, EqualIndex, FallingIndicator, Expectations, Unhappy,
                           PerceivedValue, Superiority, CaseBank]) + ["____"]
