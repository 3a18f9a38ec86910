"""Chapter 6 exercises: CRM marketing: campaign funnels, A/B tests, power, uplift by
segment and lifecycle-stage targeting (第六章：CRM 营销).

``from crmlab.exercises.crm_marketing import *`` gives ``q1`` ... ``q15`` and the blank ``____``.
The lesson uses the 5,000-customer ``lab`` shop (``crmlab.setup(dataset="lab")``):
the classroom shop's campaigns are too small for a test to find anything.

====  =======================  ===========================================================
q1    TableQuestion            ``funnel``: treatment-group funnel per campaign
q2.a  ValueQuestion            ``main_test``: the A/B campaign with the most customers
q2.b  ValueQuestion            ``p_value``: two-proportion z test of its conversion
q2.c  ValueQuestion            ``ci``: (low, high) 95% interval of the difference
q3    ChoiceQuestion           what a non-significant result means
q4    ValueQuestion            ``n_needed``: customers per group to detect +2 points
q5    FunctionQuestion         ``uplift(assignments)``: treatment rate - control rate
q6    TableQuestion            ``uplift_tier``: uplift by member tier (A/B campaigns)
q7    ValueQuestion            ``n_declining``: customers in the declining stage
q8    DesignQuestion           ``test_plan``: a win-back A/B test that rules can check
q9    ReflectionQuestion       the decision memo
q10   ChoiceQuestion           a misconception about CRM marketing (认识误区)
q11   ChoiceQuestion           the step of the shopper's psychological process a live stream works on
q12   ChoiceQuestion           the level of relationship marketing (关系营销层次)
q13   ChoiceQuestion           the principle of relationship marketing (关系营销原则)
q14   MultipartQuestion        campaign design: a. ``by_kind``: funnel and revenue per cost by campaign kind;
                               b. what campaign positioning decides; c. a campaign format, not a channel
q15   ReflectionQuestion       case discussion: "the campaign raised sales by 30%"
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import (ab_test_proportions, campaign_funnel, lifecycle_stage, power_proportions,
                        sample_size_proportions, uplift_by_segment)
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind)

#: The smallest uplift of conversion worth detecting in q4 (2 percentage points).
MDE = 0.02
#: A win-back test plan must be able to detect an uplift of at most this size (q8).
MAX_MDE = 0.04
STAGES = ("new", "growing", "mature", "declining", "lost")


# -- reference computations ------------------------------------------------------------
def ab_assignments(shop) -> pd.DataFrame:
    """Assignments of the campaigns that kept a control group (the A/B tests)."""
    ab = shop.campaigns.loc[shop.campaigns["is_ab_test"].to_numpy(bool), "campaign_id"]
    ca = shop.campaign_assignments
    return ca[ca["campaign_id"].isin(ab)]


def treatment_funnel(shop, group="treatment") -> pd.DataFrame:
    """The funnel of one group (``"treatment"``, or ``"control"`` for q1's slip) of every campaign."""
    f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, by_group=True)
    f = f[f["group"] == group]
    return f[["campaign_id", "targeted", "visited", "converted", "orders"]].reset_index(drop=True)


def main_test(shop) -> int:
    sizes = ab_assignments(shop).groupby("campaign_id").size()
    return int(sizes.sort_index().idxmax())


def main_ab(shop, *, alternative="two-sided", pooled=False) -> pd.Series:
    """The A/B test of q2's campaign (``pooled=True``: of all A/B campaigns at once, q2.b's slip)."""
    ca = ab_assignments(shop)
    data = ca if pooled else ca[ca["campaign_id"] == main_test(shop)]
    return ab_test_proportions(data, alternative=alternative).iloc[0]


def control_rate(shop) -> float:
    """Pooled conversion of the control groups: what customers do without a campaign."""
    ca = ab_assignments(shop)
    return float(ca.loc[ca["group"] == "control", "converted"].mean())


def uplift(assignments: pd.DataFrame) -> float:
    t = assignments.loc[assignments["group"] == "treatment", "converted"]
    c = assignments.loc[assignments["group"] == "control", "converted"]
    return float(t.mean() - c.mean())


def uplift_cases(shop) -> list:
    """q5's test cases: each A/B campaign's assignments, and five customers by hand."""
    ca = ab_assignments(shop)
    tiny = pd.DataFrame({"campaign_id": 1, "customer_id": [1, 2, 3, 4, 5],
                         "group": ["treatment", "treatment", "control", "control", "control"],
                         "converted": [True, False, False, False, True]})
    return [(ca[ca["campaign_id"] == c],) for c in sorted(ca["campaign_id"].unique())] + [(tiny,)]


def uplift_by_tier(shop) -> pd.DataFrame:
    u = uplift_by_segment(ab_assignments(shop), segments=shop.customers[["customer_id", "member_tier"]],
                          segment_col="member_tier", by=None)
    return u[["member_tier", "n_treatment", "n_control", "uplift"]]


def stage_counts(shop) -> pd.Series:
    return lifecycle_stage(shop.orders, customers=shop.customers)["stage"].astype(str).value_counts()


def _n_campaigns(shop) -> int:
    return int(shop.campaign_assignments["campaign_id"].nunique())


def _more_rows_than(n_rows):
    def detect(answer, ctx):
        frame = _slips.as_frame(answer)
        return frame is not None and len(frame) > n_rows(ctx.shop)

    return detect


# -- questions ---------------------------------------------------------------------------
class Funnel(TableQuestion):
    var = "funnel"
    key = "campaign_id"
    prompt = ("每个活动**实验组**的漏斗：列 campaign_id, targeted（触达人数）, visited（访问人数）, converted（下单人数）, "
              "orders（已支付订单数）。",
              "The **treatment-group** funnel of every campaign: columns campaign_id, targeted, visited, converted, "
              "orders (paid orders).")
    hints = [("数一数漏斗每一步还剩多少人：触达 → 访问 → 下单 → 付款；这里只看实验组（收到活动的那一组）。",
              "Count the people at every step of the funnel: contacted → visited → ordered → paid; only the "
              "treatment group (the one that got the campaign)."),
             ("`campaign_funnel(shop.campaign_assignments, orders=shop.orders)` 按活动和组给出漏斗，`group` 列区分两组；"
              "筛选出实验组的行，再只留题目要的五列。",
              "`campaign_funnel(shop.campaign_assignments, orders=shop.orders)` gives the funnel per campaign and group, "
              "told apart by `group`; keep the treatment rows, then only the five columns asked for."),
             ("例：对照组，只留活动编号和下单人数：`f[f['group'] == 'control'][['campaign_id', 'converted']]`。",
              "For example, the control group with the campaign and its converted customers only: "
              "`f[f['group'] == 'control'][['campaign_id', 'converted']]`.")]
    mistakes = (
        Mistake("control_group", "取成了对照组的漏斗", "took the control group's funnel",
                "实验组是收到活动的那一组（`group == \"treatment\"`）；对照组没有收到活动，只用来比较，而且只有 A/B 活动才留了对照组。",
                "The treatment group is the one that got the campaign (`group == \"treatment\"`); the control group "
                "got nothing and is only there to compare with, and only the A/B campaigns kept one.",
                recompute=lambda ctx: treatment_funnel(ctx.shop, "control"), compare={"key": "campaign_id"}),
        Mistake("both_groups", "没有只留实验组：A/B 活动各有两行（实验组和对照组）",
                "kept both groups: each A/B campaign has two rows (treatment and control)",
                "漏斗结果按活动和组各一行；用 `group` 列筛出实验组，每个活动就只剩一行。",
                "The funnel has one row per campaign and group; keep the treatment rows with the `group` column and "
                "each campaign has one row left.",
                detect=_more_rows_than(_n_campaigns), show_expected=lambda ctx: f"{_n_campaigns(ctx.shop)} 行 / rows"),
    )
    solution_text = ("漏斗的每一步都会流失一部分人：触达 → 访问 → 下单 → 付款。最大的那一步流失就是最该优化的地方。",
                     "Every step of the funnel loses people: contacted → visited → ordered → paid. The biggest drop "
                     "is where to work first.")

    def expected(self, shop):
        return treatment_funnel(shop)


class MainTest(ValueQuestion):
    var = "main_test"
    prompt = ("在留有对照组的活动（`is_ab_test`）中，哪个活动分到的客户最多？给出它的 campaign_id。",
              "Among the campaigns with a control group (`is_ab_test`), which has the most targeted customers? "
              "Give its campaign_id.")
    hints = [("先只看有对照组的活动（A/B 测试），再比较每个活动分到了多少位客户。",
              "Look only at the campaigns with a control group (the A/B tests), then compare how many customers "
              "each one has."),
             ("`shop.campaigns['is_ab_test']` 为真的活动编号，用 `.isin(...)` 留下它们在 campaign_assignments 里的行；"
              "按 `campaign_id` 数行数，`.idxmax()` 给出最大那一组的编号。",
              "Take the ids of the campaigns with `is_ab_test`, keep their rows of campaign_assignments with "
              "`.isin(...)`, count rows per `campaign_id`; `.idxmax()` gives the id of the largest."),
             ("例：人数最多的会员等级是 `shop.customers.groupby('member_tier').size().idxmax()`。",
              "For example, the member tier with the most customers is "
              "`shop.customers.groupby('member_tier').size().idxmax()`.")]

    mistakes = (
        Mistake("all_campaigns", "把没有对照组的活动也算了进来", "counted the campaigns without a control group too",
                "题目只比较有对照组的活动（A/B 测试）：先用 `campaigns` 表的 `is_ab_test` 选出这些活动，再比人数。",
                "Only the campaigns with a control group (the A/B tests) compete: pick them with `is_ab_test` of the "
                "`campaigns` table first, then compare head counts.",
                recompute=lambda ctx: int(ctx.shop.campaign_assignments.groupby("campaign_id").size().idxmax())),
        Mistake("count_not_id", "给出的是最多的客户人数，而不是那个活动的编号",
                "gave the largest number of customers, not the campaign's id",
                "`.max()` 给出最大的那个值，`.idxmax()` 给出最大值所在的索引，这里就是 campaign_id。",
                "`.max()` gives the largest value, `.idxmax()` the index where it is, here the campaign_id.",
                recompute=lambda ctx: int(ab_assignments(ctx.shop).groupby("campaign_id").size().max())),
    )

    def expected(self, shop):
        return main_test(shop)


class PValue(ValueQuestion):
    var = "p_value"
    rtol = 1e-4
    prompt = ("对这个活动做 A/B 检验：实验组和对照组的转化率（`converted`）有差别吗？给出双侧两比例 z 检验的 p 值。",
              "A/B test this campaign: does conversion (`converted`) differ between treatment and control? Give the "
              "p-value of the two-sided two-proportion z test.")
    hints = [("比较实验组和对照组的转化率：差别越难用偶然来解释，p 值就越小。只用 q2.a 找到的那个活动的客户。",
              "Compare the conversion of treatment and control: the harder chance explains the gap, the smaller the "
              "p-value. Use the customers of q2.a's campaign only."),
             ("`ab_test_proportions(data)` 需要一列 group 和一列 converted，返回一行结果，其中有 `p_value`；"
              "先筛选出那个活动的行，取一个数用 `.iloc[0]`。",
              "`ab_test_proportions(data)` needs a `group` and a `converted` column and returns one row of results, "
              "`p_value` among them; first keep that campaign's rows, then read one number with `.iloc[0]`."),
             ("例：客户最少的 A/B 活动：`small = ab.groupby('campaign_id').size().idxmin()`，"
              "`ab_test_proportions(ab[ab['campaign_id'] == small])['p_value'].iloc[0]`。",
              "For example, the A/B campaign with the fewest customers: "
              "`small = ab.groupby('campaign_id').size().idxmin()`, "
              "`ab_test_proportions(ab[ab['campaign_id'] == small])['p_value'].iloc[0]`.")]
    mistakes = (
        Mistake("one_sided", "做的是单侧检验", "ran a one-sided test",
                "题目问的是“有没有差别”，不管哪个方向：双侧检验，`alternative` 用默认的 \"two-sided\"。"
                "单侧的 p 值大约只有双侧的一半，会夸大证据。",
                "The question asks whether conversion differs, in either direction: a two-sided test, the default "
                "`alternative=\"two-sided\"`. A one-sided p-value is about half the two-sided one and overstates "
                "the evidence.",
                detect=lambda answer, ctx: any(
                    matches(answer, float(main_ab(ctx.shop, alternative=alt)["p_value"]), rtol=1e-4)
                    for alt in ("larger", "smaller"))),
        Mistake("pooled_campaigns", "把所有 A/B 活动的客户合在一起做了检验",
                "tested all A/B campaigns' customers pooled together",
                "这一问只检验 q2.a 找到的那个活动：先筛出 `campaign_id` 等于它的行，再做检验。",
                "This part tests only q2.a's campaign: keep the rows whose `campaign_id` is that one, then test.",
                recompute=lambda ctx: float(main_ab(ctx.shop, pooled=True)["p_value"]), compare={"rtol": 1e-4}),
    )
    solution_text = ("p 值是“如果活动其实没有效果，看到这么大（或更大）差异的概率”。小于 0.05 时我们说差异显著。",
                     "The p-value is the chance of a difference this large (or larger) if the campaign had no effect. "
                     "Below 0.05 we call the difference significant.")

    def expected(self, shop):
        return float(main_ab(shop)["p_value"])


class Ci(ValueQuestion):
    var = "ci"
    rtol = 1e-4
    prompt = ("给出转化率差值（实验组 - 对照组）的 95% 置信区间，写成 `(下限, 上限)`。",
              "Give the 95% confidence interval of the difference in conversion (treatment - control) as "
              "`(low, high)`.")
    hints = [("置信区间就在 q2.b 的检验结果表里：一个下限、一个上限。",
              "The interval is in q2.b's table of results: a lower and an upper bound."),
             ("结果表有 `ci_low` 和 `ci_high` 两列；各取第一行（`.iloc[0]`），转成 `float`，放进元组 `(下限, 上限)`。",
              "The table has `ci_low` and `ci_high`; take each one's first row (`.iloc[0]`), make it a `float`, and "
              "put both in a tuple `(low, high)`."),
             ("例：把两组的转化率放进一个元组："
              "`(float(result['rate_treatment'].iloc[0]), float(result['rate_control'].iloc[0]))`。",
              "For example, the two groups' conversion in one tuple: "
              "`(float(result['rate_treatment'].iloc[0]), float(result['rate_control'].iloc[0]))`.")]
    mistakes = (
        Mistake("reversed_difference", "算的是对照组减实验组，区间的正负号反了",
                "computed control minus treatment, so the interval's signs are flipped",
                "题目的差值是实验组 − 对照组：活动有正效果时差值为正。", "The difference is treatment − control: a "
                "campaign that works gives a positive difference.",
                recompute=lambda ctx: (-float(main_ab(ctx.shop)["ci_high"]), -float(main_ab(ctx.shop)["ci_low"])),
                compare={"rtol": 1e-4}),
        _slips.percent_not_share(lambda shop: (float(main_ab(shop)["ci_low"]), float(main_ab(shop)["ci_high"])),
                                 rtol=1e-4),
        Mistake("rates_not_interval", "交上来的是两组的转化率，不是差值的置信区间",
                "handed in the two groups' conversion rates, not the interval of their difference",
                "置信区间是差值（实验组 − 对照组）可能落在的范围：下限和上限在结果表的 `ci_low`、`ci_high` 两列。",
                "The interval is the range the difference (treatment − control) plausibly lies in: its bounds are "
                "the `ci_low` and `ci_high` columns of the results.",
                detect=lambda answer, ctx: any(
                    matches(answer, pair, rtol=1e-4)
                    for r in [main_ab(ctx.shop)]
                    for pair in [(float(r["rate_treatment"]), float(r["rate_control"])),
                                 (float(r["rate_control"]), float(r["rate_treatment"]))])),
    )
    solution_text = ("区间说明效果“可能有多大”：如果它跨过 0，数据就不能排除“没有效果”。",
                     "The interval says how big the effect could plausibly be: if it crosses 0 the data cannot rule "
                     "out no effect.")

    def expected(self, shop):
        r = main_ab(shop)
        return (float(r["ci_low"]), float(r["ci_high"]))


class Q2(MultipartQuestion):
    prompt = ("分析最大的 A/B 测试。", "Analyse the largest A/B test.")
    parts = {"a": MainTest, "b": PValue, "c": Ci}


class NotSignificant(ChoiceQuestion):
    var = "meaning"
    prompt = ("一个直播活动的 A/B 测试：差值 +0.1 个百分点，p = 0.93，95% 置信区间 [-2.9, +3.2] 个百分点。应该怎么说？",
              "A live-stream campaign's A/B test: difference +0.1 points, p = 0.93, 95% interval [-2.9, +3.2] points. "
              "What should you report?")
    options = {"A": ("活动已经被证明没有效果，应当停掉。", "The campaign is proven useless; stop it."),
               "B": ("数据不能区分“没有效果”和“提升约 3 个百分点”：样本太小，需要更大的测试或更长的时间。",
                     "The data cannot tell 'no effect' from 'about +3 points': the test is too small; run a bigger "
                     "or longer one."),
               "C": ("活动提升了 0.1 个百分点，可以推广到所有客户。", "The campaign raised conversion by 0.1 points; roll "
                     "it out to everyone."),
               "D": ("p 值大说明效果很大。", "A large p-value means a large effect.")}
    answer = "B"
    explanations = {"A": ("“不显著”不等于“没有效果”：区间里还包括 +3 个百分点这样有价值的提升。",
                          "'Not significant' is not 'no effect': the interval still includes a worthwhile +3 points."),
                    "C": ("0.1 个百分点完全可能是偶然：区间跨过 0。", "0.1 points may well be chance: the interval "
                          "crosses 0."),
                    "D": ("p 值衡量的是“偶然看到这个差异”的可能性，不是效果大小。", "The p-value measures how easily chance "
                          "alone gives such a difference, not the effect's size.")}
    hints = [("看置信区间的两端：它包括哪些可能的效果？", "Look at both ends of the interval: which effects does it "
              "include?")]


class SampleSize(ValueQuestion):
    var = "n_needed"
    prompt = (f"下一次测试想发现转化率提升 {MDE * 100:.0f} 个百分点（从对照组的合并转化率 p0 到 p0 + {MDE}）。"
              "显著性水平 5%、检验功效 80%、两组人数相同，每组至少要多少位客户？",
              f"The next test should detect an uplift of {MDE * 100:.0f} points (from the pooled control conversion "
              f"p0 to p0 + {MDE}). With 5% significance, 80% power and equal groups, how many customers per group?")
    hints = [("样本量取决于基础转化率和想发现的提升：先求 p0，A/B 活动所有对照组客户的转化率。",
              "The sample size depends on the base rate and the uplift to detect: first find p0, the conversion of "
              "all control customers of the A/B campaigns."),
             ("`sample_size_proportions(p1, p2)` 给出从 p1 提到 p2 每组要多少人（默认 5% 显著性、80% 功效），"
              "结果里有 `n_control`。",
              "`sample_size_proportions(p1, p2)` gives the customers per group needed to detect a rise from p1 to p2 "
              "(5% significance and 80% power by default), `n_control` among the results."),
             ("例：从 10% 提到 13%：`sample_size_proportions(0.10, 0.13)['n_control']` 是 1769 人。",
              "For example, from 10% to 13%: `sample_size_proportions(0.10, 0.13)['n_control']` is 1769 "
              "customers.")]
    solution_text = ("想发现的效果越小，需要的样本越多（大致与效果的平方成反比）；转化率越接近 50%，波动越大，需要的样本也越多。"
                     "测试之前先算样本量，才能避免“做了也看不出来”的测试。",
                     "The smaller the effect, the more customers you need (about 1 / effect²); the closer conversion is "
                     "to 50%, the noisier it is and the more customers you need too. Size a test before running it, or "
                     "it may be unable to find anything.")

    mistakes = (
        Mistake("total_not_per_group", "给出的是两组加起来的总人数", "gave the total of both groups",
                "题目问的是每组要多少人：两组人数相同，总人数是它的两倍。",
                "The question asks for customers per group: the groups are equal, and the total is twice that.",
                recompute=lambda ctx: sample_size_proportions(control_rate(ctx.shop),
                                                              control_rate(ctx.shop) + MDE)["n_total"]),
        Mistake("relative_mde", "把“提升 2 个百分点”当成了相对提升 2%（p0 × 1.02）",
                "took \"+2 points\" for a relative rise of 2% (p0 × 1.02)",
                "百分点是绝对差：从 p0 提到 p0 + 0.02。相对提升 2% 只是 p0 × 1.02，效果小得多，需要的样本也就大得多。",
                "Points are an absolute difference: from p0 to p0 + 0.02. A relative rise of 2% is only p0 × 1.02, a "
                "much smaller effect that needs far more customers.",
                recompute=lambda ctx: sample_size_proportions(control_rate(ctx.shop),
                                                              control_rate(ctx.shop) * (1 + MDE))["n_control"]),
        Mistake("base_all_groups", "用实验组和对照组合在一起的转化率当作 p0",
                "took the conversion of treatment and control together as p0",
                "p0 是不做活动时的转化率：只看 A/B 活动的对照组客户。",
                "p0 is the conversion without a campaign: only the control customers of the A/B campaigns.",
                recompute=lambda ctx: sample_size_proportions(
                    float(ab_assignments(ctx.shop)["converted"].mean()),
                    float(ab_assignments(ctx.shop)["converted"].mean()) + MDE)["n_control"]),
    )

    def expected(self, shop):
        p0 = control_rate(shop)
        return sample_size_proportions(p0, p0 + MDE)["n_control"]


class Uplift(FunctionQuestion):
    var = "uplift"
    prompt = ("写函数 `uplift(assignments)`：实验组转化率减去对照组转化率（`converted` 的平均值之差）。",
              "Write `uplift(assignments)`: the treatment group's conversion minus the control group's (difference of "
              "the means of `converted`).")
    hints = [("提升 = 实验组的转化率 − 对照组的转化率；转化率就是 `converted` 的平均值。",
              "Uplift = the treatment group's conversion − the control group's; conversion is the mean of "
              "`converted`."),
             ("用 `.loc[条件, '列名']` 取出某一组的 `converted`，`.mean()` 得到转化率；两组各算一次、相减，返回 `float`。",
              "`.loc[condition, 'column']` takes one group's `converted`, `.mean()` its conversion; do it for both "
              "groups, subtract, and return a `float`."),
             ("例：两组的访问率一次算出来：`a.groupby('group')['visited'].mean()`，两个数相减就是访问率的提升。",
              "For example, both groups' visit rates at once: `a.groupby('group')['visited'].mean()`; the "
              "difference of the two is the uplift in visits.")]

    mistakes = (
        Mistake("reversed_uplift", "算的是对照组减实验组，提升的正负号反了",
                "computed control minus treatment, so the uplift has the wrong sign",
                "提升 = 实验组转化率 − 对照组转化率：活动有效时提升为正。",
                "Uplift = treatment conversion − control conversion: a campaign that works has a positive uplift.",
                detect=_slips.acts_like(lambda a: -uplift(a), uplift_cases)),
        Mistake("counts_not_rates", "相减的是两组的下单人数，而不是转化率",
                "subtracted the two groups' numbers of converted customers, not their rates",
                "两组人数不一样多，人数没法直接比：先把每组的 `converted` 取平均（转化率），再相减。",
                "The groups differ in size, so counts cannot be compared: average each group's `converted` (its "
                "conversion) first, then subtract.",
                detect=_slips.acts_like(
                    lambda a: float(a.loc[a["group"] == "treatment", "converted"].sum()
                                    - a.loc[a["group"] == "control", "converted"].sum()), uplift_cases)),
    )

    def reference(self, assignments):
        return uplift(assignments)

    def cases(self, shop):
        return uplift_cases(shop)


class UpliftTier(TableQuestion):
    var = "uplift_tier"
    key = "member_tier"
    prompt = ("把所有 A/B 活动合在一起，按会员等级（`customers.member_tier`）计算提升：列 member_tier, n_treatment, "
              "n_control, uplift。",
              "Pool all A/B campaigns and compute the uplift per member tier (`customers.member_tier`): columns "
              "member_tier, n_treatment, n_control, uplift.")
    hints = [("每个会员等级单独算提升：实验组转化率 − 对照组转化率；先要知道每位客户属于哪个等级。",
              "Compute the uplift within each member tier: treatment conversion − control conversion; first you "
              "need each customer's tier."),
             ("`uplift_by_segment(分组数据, segments=客户分群表, segment_col=列名, by=None)`：客户分群表要有 customer_id 和"
              "分群列两列；`by=None` 把所有活动合在一起。",
              "`uplift_by_segment(assignments, segments=segments, segment_col=column, by=None)`: segments has customer_id and "
              "the segment column; `by=None` pools all campaigns."),
             ("例：按城市等级算提升：`uplift_by_segment(ab, segments=shop.customers[['customer_id', 'city_tier']], "
              "segment_col='city_tier', by=None)`。",
              "For example, the uplift per city tier: `uplift_by_segment(ab, segments=shop.customers[['customer_id', "
              "'city_tier']], segment_col='city_tier', by=None)`.")]
    mistakes = (
        Mistake("reversed_uplift", "算的是对照组减实验组，`uplift` 的正负号反了",
                "computed control minus treatment, so `uplift` has the wrong sign",
                "提升 = 实验组转化率 − 对照组转化率：活动有效的等级提升为正。",
                "Uplift = treatment conversion − control conversion: a tier where the campaign works is positive.",
                recompute=lambda ctx: uplift_by_tier(ctx.shop).assign(uplift=lambda t: -t["uplift"])[
                    ["member_tier", "uplift"]], compare={"key": "member_tier"}),
        Mistake("not_pooled", "没有把活动合在一起：每个活动、每个等级各一行",
                "did not pool the campaigns: one row per campaign and tier",
                "题目要把所有 A/B 活动合在一起按等级算：`uplift_by_segment` 默认按活动分开（`by='campaign_id'`），"
                "合在一起要写 `by=None`。",
                "The question pools all A/B campaigns by tier: `uplift_by_segment` splits by campaign by default "
                "(`by='campaign_id'`); pass `by=None` to pool them.",
                detect=_more_rows_than(lambda shop: len(uplift_by_tier(shop))),
                show_expected=lambda ctx: f"{len(uplift_by_tier(ctx.shop))} 行 / rows"),
    )
    solution_text = ("对照组告诉我们“不发券也会买”的人有多少；提升高的客群才值得花营销预算。",
                     "The control group shows who would buy anyway; only segments with a real uplift are worth the "
                     "marketing budget.")

    def expected(self, shop):
        return uplift_by_tier(shop)


class Declining(ValueQuestion):
    var = "n_declining"
    prompt = ("按生命周期阶段（`lifecycle_stage`，默认规则）划分客户，处于衰退期（declining）的客户有多少位？",
              "Place the customers in lifecycle stages (`lifecycle_stage`, default rules). How many are in the "
              "declining stage?")
    hints = [("`lifecycle_stage` 给每位客户一个阶段；数一数阶段是衰退期的有多少人。",
              "`lifecycle_stage` gives each customer a stage; count those in the declining stage."),
             ("`lifecycle_stage(shop.orders, customers=shop.customers)` 每位客户一行，列 `stage`；"
              "`stage == 'declining'` 给出 True/False，`.sum()` 数 True 的个数。",
              "`lifecycle_stage(shop.orders, customers=shop.customers)` has one row per customer and a `stage` "
              "column; `stage == 'declining'` gives True/False, and `.sum()` counts the True values."),
             ("例：金卡会员有多少位：`(shop.customers['member_tier'] == 'gold').sum()`。",
              "For example, how many customers are gold members: `(shop.customers['member_tier'] == 'gold').sum()`.")]
    solution_text = ("衰退期客户还没有流失，但已经 90 天以上没有购买：这正是唤回活动的目标。",
                     "Declining customers have not left yet but have not bought for over 90 days: the target of a "
                     "win-back campaign.")

    mistakes = (
        Mistake("lost_included", "把流失期（lost）的客户也算进了衰退期",
                "counted the lost customers as declining too",
                "衰退期是 90 天以上没有购买、但还没到流失的那一段；180 天以上没买的已经在流失期，唤回的办法和成本都不一样。",
                "Declining is the stretch after 90 days without an order but before the customer is lost; after "
                "180 days they are in the lost stage, which needs other means and costs more to win back.",
                recompute=lambda ctx: int(stage_counts(ctx.shop).get("declining", 0)
                                          + stage_counts(ctx.shop).get("lost", 0))),
        _slips.share_not_count(lambda shop: float(stage_counts(shop).get("declining", 0) / stage_counts(shop).sum())),
    )

    def expected(self, shop):
        return int(stage_counts(shop).get("declining", 0))


def _plan(answer):
    if not isinstance(answer, dict):
        raise TypeError("test_plan must be a dict")
    return answer


def _stages_ok(answer, shop):
    st = list(_plan(answer).get("stages", []))
    bad = [s for s in st if s not in STAGES]
    return (not bad and len(st) > 0), (f"未知阶段 {bad}；可选 {list(STAGES)}", f"unknown stages {bad}; use {list(STAGES)}")


def _enough_customers(answer, shop):
    plan = _plan(answer)
    counts = stage_counts(shop)
    pool = int(sum(counts.get(s, 0) for s in plan.get("stages", [])))
    n = plan.get("n_per_group", 0)
    return 2 * n <= pool, (f"两组共需 {2 * n} 人，所选阶段只有 {pool} 人", f"two groups need {2 * n} customers, the "
                           f"chosen stages hold {pool}")


def _power(answer, shop):
    plan = _plan(answer)
    p0 = control_rate(shop)
    pw = power_proportions(p0, min(p0 + float(plan["mde"]), 0.999), float(plan["n_per_group"]))
    return pw >= 0.8, (f"功效只有 {pw:.0%}（p0 = {p0:.3f}）", f"power is only {pw:.0%} (p0 = {p0:.3f})")


class WinBackPlan(DesignQuestion):
    var = "test_plan"
    prompt = ("设计一次唤回（win-back）优惠券的 A/B 测试：字典 `test_plan = {'stages': [...], 'n_per_group': 整数, "
              f"'mde': 比例}}`。规则：目标阶段包含 declining、不包含 lost；两组人数合计不超过所选阶段的客户数；"
              f"能发现的最小提升 mde 不超过 {MAX_MDE}；以对照组的合并转化率为基础，检验功效至少 80%。",
              "Design a win-back coupon A/B test: a dict `test_plan = {'stages': [...], 'n_per_group': int, 'mde': "
              f"share}}`. Rules: target the declining stage, not the lost one; both groups fit in the chosen stages; "
              f"the smallest uplift to detect, mde, is at most {MAX_MDE}; power at least 80% at the pooled control "
              "conversion.")
    rules = [
        Rule(("阶段名称有效", "stage names are valid"), _stages_ok),
        Rule(("包含衰退期 declining", "targets the declining stage"),
             lambda a, shop: "declining" in _plan(a).get("stages", [])),
        Rule(("不包含流失期 lost（唤回成本高、效果差）", "leaves out the lost stage (costly, little effect)"),
             lambda a, shop: "lost" not in _plan(a).get("stages", [])),
        Rule(("两组人数不超过所选阶段的客户数", "both groups fit in the chosen stages"), _enough_customers),
        Rule((f"mde 在 0 与 {MAX_MDE} 之间", f"mde lies between 0 and {MAX_MDE}"),
             lambda a, shop: 0 < float(_plan(a)["mde"]) <= MAX_MDE),
        Rule(("检验功效至少 80%", "power at least 80%"), _power),
    ]
    hints = [("先用 `sample_size_proportions(p0, p0 + mde)` 算每组人数，再看所选阶段有没有这么多人。",
              "Compute the group size with `sample_size_proportions(p0, p0 + mde)`, then check the chosen stages "
              "hold that many customers."),
             ("衰退期人数不够时，可以加上 growing 或 mature 阶段，或者把 mde 放宽到 0.04。",
              "If the declining stage is too small, add the growing or mature stage, or relax mde to 0.04.")]


class Memo(ReflectionQuestion):
    var = "memo"
    prompt = ("给店长周明写一份 100-200 字的决策备忘：下一次活动发给谁、用什么内容、在哪个接触点，怎样测量效果？引用你算出的数字。",
              "Write the owner, Zhou Ming, an 80-150 word decision memo: whom should the next campaign target, with what content, "
              "at which touch point, and how will you measure it? Quote your numbers.")
    solution_text = ("好的备忘：点出提升最高（且区间不跨 0）的客群；指出不显著的测试需要更大样本（引用 n_needed）；"
                     "建议保留对照组；把活动放在客户生命周期的合适阶段（如衰退期唤回）；说明用漏斗各步转化来跟踪。",
                     "A good memo names the segment with the highest uplift (interval above 0); notes that a "
                     "non-significant test needs more customers (quote n_needed); keeps a control group; fits the "
                     "campaign to a lifecycle stage (e.g. win back the declining); tracks every funnel step.")


class Misconception(ChoiceQuestion):
    var = "misconception"
    prompt = ("店长周明说：“我们花钱买了 CRM 软件，会员数据全在里面，CRM 营销就算做起来了。”这句话属于哪种认识误区？",
              "Zhou Ming, the owner, says: \"We bought CRM software and all the member data is in it, so our CRM "
              "marketing is up and running.\" Which misconception is this?")
    options = {"A": ("把 CRM 营销等同于群发短信和打折促销", "taking CRM marketing for mass SMS and discounts"),
               "B": ("以为买了软件就是做了 CRM", "thinking that buying software is doing CRM"),
               "C": ("只重拉新、不重老客户", "chasing new customers and neglecting the old"),
               "D": ("这不是误区：有了系统和数据，CRM 营销就有了", "no misconception: with the system and the data, CRM "
                     "marketing is there")}
    answer = "B"
    explanations = {"A": ("这个误区说的是把营销做成群发和打折；店长的话里没有提发什么、怎么发，他把“有了软件和数据”当成了“做了营销”。",
                          "That misconception turns marketing into blasts and discounts; the owner says nothing of "
                          "what to send, he takes having software and data for doing the marketing."),
                    "C": ("这个误区说的是预算只投拉新；店长说的是系统，并没有比较新客户和老客户。",
                          "That misconception puts the whole budget on new customers; the owner speaks of a system, "
                          "not of new against old customers."),
                    "D": ("软件和数据只是工具：没有选人（受众）、接触点、内容和效果衡量，系统里的会员数据不会自己带来一单生意。",
                          "Software and data are tools: without an audience, touch points, content and measurement, the "
                          "member data in the system brings in no order by itself.")}
    hints = [("CRM 营销的三要素是受众、接触点和内容，再加上衡量效果；店长的话里缺了哪些？",
              "CRM marketing needs an audience, touch points and content, plus measurement; which of them does the "
              "owner's sentence lack?")]
    solution_text = ("CRM 是管理理念、商务模式和技术系统三者合一；只有技术系统，营销并没有开始。",
                     "CRM is an idea, a business model and a technical system at once; with the system alone, no "
                     "marketing has started.")


class MindStep(ChoiceQuestion):
    var = "mind_step"
    prompt = ("直播间里，主播把本店面膜和另外两家的成分、价格逐项对比，再念出老买家的真实评价。这主要作用于客户购物心理活动过程的哪一步？",
              "In the live stream the host compares the shop's face mask with two rivals' ingredient by ingredient "
              "and price by price, then reads out real reviews of past buyers. Which step of the shopper's "
              "psychological process does this work on most?")
    options = {"A": ("注意：让客户第一次看到商品", "attention: the customer first notices the product"),
               "B": ("比较与信任：帮客户比较、打消疑虑", "comparison and trust: help the customer compare and settle "
                     "doubts"),
               "C": ("满足：买到后的满意", "satisfaction: being pleased after buying"),
               "D": ("联想：想象用上之后的样子", "association: imagining life with the product")}
    answer = "B"
    explanations = {"A": ("逐项对比成分和价格时，客户早已注意到、也感兴趣了，正在几家之间比较；“注意”靠的是推送、广告、首页位置。",
                          "When ingredients and prices are compared one by one, the customer has long noticed the "
                          "product and is weighing shops; attention is won by pushes, ads and homepage slots."),
                    "C": ("满足发生在买到、用过之后（签收关怀、好评返图在这一步）；直播对比发生在下单之前。",
                          "Satisfaction comes after buying and using (delivery care and photo reviews work there); "
                          "the comparison happens before the order."),
                    "D": ("联想靠场景和使用效果的展示（“敷完第二天的皮肤”）；逐项对比和买家评价是在帮客户比较和建立信任。",
                          "Association is built by showing the product in use (\"your skin the next morning\"); a "
                          "point-by-point comparison and buyers' reviews help the customer compare and trust.")}
    hints = [("购物心理活动过程：注意 → 兴趣 → 联想 → 欲望 → 比较 → 信任 → 行动 → 满足。对比和买家评价回答的是客户的哪个问题？",
              "The process: attention → interest → association → desire → comparison → trust → action → "
              "satisfaction. Which of the customer's questions do a comparison and buyers' reviews answer?")]
    solution_text = ("活动要在客户所处的那一步推他一把，也要在那一步测量：比较与信任这一步，看的是访问之后的下单率。",
                     "A campaign pushes at the step the customer is in and is measured there: for comparison and trust, "
                     "the order rate after a visit.")


class RelationshipLevel(ChoiceQuestion):
    var = "rm_level"
    prompt = ("青禾生活馆为几家长期采购的企业客户开了专属账号：专属客服对接，库存低时系统自动补货下单。这属于关系营销的哪个层次？",
              "Qinghe opens dedicated accounts for a few business customers who buy regularly: a personal agent, and "
              "automatic reorders placed by the system when their stock runs low. Which level of relationship "
              "marketing is this?")
    options = {"A": ("一级：财务利益（价格优惠、积分）", "level one: financial benefits (discounts, points)"),
               "B": ("二级：社交利益（个性化沟通和关怀）", "level two: social benefits (personal contact and care)"),
               "C": ("三级：结构性联系（专属服务、系统对接）", "level three: structural bonds (dedicated service, linked "
                     "systems)"),
               "D": ("这不是关系营销，只是销售", "not relationship marketing, just selling")}
    answer = "C"
    explanations = {"A": ("这里没有给折扣或积分；客户留下来，是因为双方的流程和系统连在了一起，不是因为便宜。",
                          "No discount or points here; the customers stay because the two sides' processes and systems "
                          "are joined, not because it is cheap."),
                    "B": ("专属客服带来社交利益，但自动补货把双方的系统连在一起，换一家店就要重新对接：这已经超出了个性化沟通。",
                          "A personal agent is a social benefit, but automatic reorders join the two systems, and "
                          "switching shops means rebuilding the link: more than personal contact."),
                    "D": ("目标是长期合作而不是一单买卖，正是关系营销；而且是最难被对手模仿的一层。",
                          "The aim is a long partnership, not one sale: that is relationship marketing, and its hardest "
                          "level for rivals to copy.")}
    hints = [("三个层次：靠价格（财务）、靠人与人的关系（社交）、靠双方结构上的联系（结构性）。换一家店，客户要放弃的是什么？",
              "Three levels: price (financial), people (social), structural links between the two sides. What would "
              "the customer give up by switching shops?")]
    solution_text = ("层次越高越难被模仿：打折人人都会，系统对接和专属服务却要长期投入。",
                     "The higher the level, the harder to copy: anyone can give a discount, linked systems and "
                     "dedicated service take long investment.")


class RelationshipPrinciple(ChoiceQuestion):
    var = "rm_principle"
    prompt = ("会员日前，店里公开承诺“缺货必补、超时必赔”，活动中两单物流超时，客服第二天就主动把赔付发给了客户。这首先体现了关系营销的哪条原则？",
              "Before member day the shop promises \"out of stock, we restock; late parcel, we compensate\". Two "
              "parcels arrive late, and the next day the service team pays the compensation without being asked. "
              "Which principle of relationship marketing does this show first?")
    options = {"A": ("主动沟通原则", "the principle of active communication"),
               "B": ("承诺信任原则", "the principle of commitment and trust"),
               "C": ("互惠原则", "the principle of mutual benefit"),
               "D": ("低价优先原则", "the principle of lowest price first")}
    answer = "B"
    explanations = {"A": ("客服确实主动联系了客户，但这件事的核心是“说到做到”：先许下承诺，再兑现承诺，信任由此建立。",
                          "The team did reach out, but the heart of it is keeping one's word: a promise made, then "
                          "kept, and trust follows."),
                    "C": ("互惠讲的是双方都得到好处（例如老客推荐新客、双方都拿奖励）；这里讲的是兑现事先许下的承诺。",
                          "Mutual benefit means both sides gain (a referral that rewards both); this is about keeping "
                          "a promise made beforehand."),
                    "D": ("关系营销的三条原则是主动沟通、承诺信任和互惠；低价不是其中之一，只靠低价留下的客户也最容易被更低的价格抢走。",
                          "The three principles are active communication, commitment and trust, and mutual benefit; low "
                          "price is not one of them, and customers kept by price leave for a lower one.")}
    hints = [("关系营销的三条原则：主动沟通、承诺信任、互惠。先有承诺，再兑现，靠的是哪一条？",
              "The three principles: active communication, commitment and trust, mutual benefit. A promise made and "
              "then kept rests on which?")]
    solution_text = ("承诺要少而实，一旦许下就要兑现；兑现一次承诺，比发一张券更能建立长期关系。",
                     "Promise little and keep it: one promise kept builds more of a relationship than one more coupon.")


def kind_summary(shop, *, groups=("treatment",)) -> pd.DataFrame:
    """Treatment-group funnel, revenue and cost per campaign kind (活动渠道与形式); ``groups`` for q14.a's slip."""
    f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, campaigns=shop.campaigns, by_group=True)
    f = f[f["group"].isin(groups)]
    out = f.groupby("kind")[["targeted", "converted", "revenue", "cost"]].sum().reset_index()
    out["conversion"] = out["converted"] / out["targeted"]
    out["revenue_per_cost"] = out["revenue"] / out["cost"]
    return out[["kind", "targeted", "converted", "conversion", "revenue", "cost", "revenue_per_cost"]]


def _mean_of_ratios(answer, ctx) -> bool:
    """q14.a's slip: a kind's conversion or revenue per cost as the mean of its campaigns' ratios."""
    f = campaign_funnel(ctx.shop.campaign_assignments, orders=ctx.shop.orders, campaigns=ctx.shop.campaigns)
    f = f[f["group"] == "treatment"].assign(conversion=lambda t: t["converted"] / t["targeted"],
                                            revenue_per_cost=lambda t: t["revenue"] / t["cost"])
    means = f.groupby("kind")[["conversion", "revenue_per_cost"]].mean().reset_index()
    return any(matches(answer, means[["kind", col]], key="kind") for col in ("conversion", "revenue_per_cost"))


class ByKind(TableQuestion):
    var = "by_kind"
    key = "kind"
    prompt = ("按活动类型（`campaigns.kind`：优惠券、短信、直播、会员日）汇总所有活动的**实验组**：列 kind, targeted, converted, "
              "conversion（converted / targeted）, revenue, cost, revenue_per_cost（revenue / cost）。",
              "Sum the **treatment groups** of all campaigns by campaign kind (`campaigns.kind`: coupon, SMS, live "
              "stream, member day): columns kind, targeted, converted, conversion (converted / targeted), revenue, "
              "cost, revenue_per_cost (revenue / cost).")
    hints = [("每个活动的漏斗里已经有触达、下单、收入和成本；只留实验组，按活动类型加总，比率最后再算。",
              "Each campaign's funnel already has contacts, orders, revenue and cost; keep the treatment groups, sum "
              "by kind, and compute the ratios last."),
             ("`campaign_funnel(shop.campaign_assignments, orders=shop.orders, campaigns=shop.campaigns)` 带上了 "
              "`kind` 和 `cost` 两列；只留实验组的行，`groupby('kind')[[...]].sum().reset_index()`；比率用加总后的列相除，"
              "不要把每个活动的比率取平均。",
              "`campaign_funnel(shop.campaign_assignments, orders=shop.orders, campaigns=shop.campaigns)` brings the "
              "`kind` and `cost` columns; keep the treatment rows, `groupby('kind')[[...]].sum().reset_index()`; "
              "divide the summed columns for the ratios, do not average each campaign's ratio."),
             ("例：对照组按类型的访问率：`g = f[f['group'] == 'control'].groupby('kind')[['targeted', 'visited']]"
              ".sum()`，再 `g['visited'] / g['targeted']`。",
              "For example, the control groups' visit rate by kind: `g = f[f['group'] == 'control']"
              ".groupby('kind')[['targeted', 'visited']].sum()`, then `g['visited'] / g['targeted']`.")]
    mistakes = (
        Mistake("mean_of_ratios", "把每个活动的比率取了平均，而不是用加总后的列相除",
                "averaged each campaign's ratio instead of dividing the summed columns",
                "大活动和小活动的比率分量不同，直接平均会让小活动说了算：先按类型把人数、收入和成本加总，最后再相除。",
                "Big and small campaigns do not weigh the same, and a plain mean lets the small ones count as much: "
                "sum the head counts, revenue and cost by kind first, and divide last.",
                detect=_mean_of_ratios),
        Mistake("control_kept", "没有只留实验组：对照组的人数和收入也加了进去",
                "kept the control groups: their customers and revenue were added in too",
                "对照组没有收到活动，也不花活动成本；汇总活动效果时先筛出 `group == \"treatment\"` 的行。",
                "The control groups got no campaign and cost nothing; keep the rows with `group == \"treatment\"` "
                "before summing.",
                recompute=lambda ctx: kind_summary(ctx.shop, groups=("treatment", "control")),
                compare={"key": "kind"}),
    )
    solution_text = ("活动渠道和活动形式要按效果和成本来选：每元成本带来的收入最高的类型，下次可以多用；但收入里包含“不做活动也会买”"
                     "的部分，真正的效果还要和对照组比（第 3、5 节）。",
                     "Choose channels and formats by effect and cost: the kind with the most revenue per yuan deserves "
                     "more use, but revenue includes what customers would have bought anyway, so compare with the "
                     "control groups for the real effect (sections 3 and 5).")

    def expected(self, shop):
        return kind_summary(shop)


class Positioning(ChoiceQuestion):
    var = "positioning"
    prompt = ("为下个月的活动做**活动定位**，要先回答的是哪一项？",
              "What does **campaign positioning** for next month's campaign decide first?")
    options = {"A": ("发给谁、为什么做、主题是什么：目标客户、活动目标（拉新、促活、唤回）和主题",
                     "for whom, why and on what theme: the target customers, the goal (acquire, activate, win back) "
                     "and the theme"),
               "B": ("用短信还是 App 推送发出去", "whether to send it by SMS or app push"),
               "C": ("发满减券还是做直播专享价", "a spend-and-save coupon or a live-stream price"),
               "D": ("预算越多越好，先把钱要到", "the bigger the budget the better: get the money first")}
    answer = "A"
    explanations = {"B": ("用什么发出去是活动渠道，要在定位之后选：先知道发给谁，才知道他们在哪个渠道。",
                          "How it is sent is the campaign channel, chosen after positioning: know whom you target "
                          "before choosing where to reach them."),
                    "C": ("满减还是专享价是活动形式，也在定位之后：同样的形式，对新客和衰退期老客效果完全不同。",
                          "Coupon or special price is the campaign format, also after positioning: the same format "
                          "works very differently on new and on declining customers."),
                    "D": ("预算来自目标：先定下要多少人在哪一步改变行为，再算要花多少钱；没有定位的预算无法衡量。",
                          "The budget follows from the goal: decide whose behaviour should change at which step, then "
                          "cost it; a budget without positioning cannot be measured.")}
    hints = [("营销活动设计分三步：活动定位、活动渠道、活动形式。后两步都要以第一步为前提。",
              "Campaign design has three steps: positioning, channel, format. The last two rest on the first.")]


class Format(ChoiceQuestion):
    var = "campaign_format"
    prompt = ("下面哪一项是**活动形式**，而不是活动渠道？", "Which of these is a **campaign format**, not a channel?")
    options = {"A": ("短信", "SMS"), "B": ("App 推送", "app push"), "C": ("满 199 减 30 的满减券", "a 30-off-199 "
               "coupon"), "D": ("客服旺旺消息", "a message from the service chat")}
    answer = "C"
    explanations = {"A": ("短信是把活动送到客户面前的渠道；同一条短信里可以装满减、会员日或新品试用等不同形式。",
                          "SMS is a channel that carries the campaign to the customer; one SMS may carry a coupon, "
                          "a member day or a free trial."),
                    "B": ("App 推送也是渠道：决定客户在哪里看到活动，而不是活动给客户什么。",
                          "An app push is a channel too: it decides where the customer sees the campaign, not what "
                          "the campaign offers."),
                    "D": ("旺旺消息是一对一的接触渠道；活动形式是里面的内容，例如优惠券或专享价。",
                          "A service-chat message is a one-to-one channel; the format is what it carries, such as a "
                          "coupon or a special price.")}
    hints = [("渠道回答“在哪里触达客户”，形式回答“给客户什么、让客户怎样参与”。",
              "A channel answers where the customer is reached; a format answers what the customer is offered or "
              "how they take part.")]


class Q14(MultipartQuestion):
    prompt = ("营销活动设计：活动定位、活动渠道与活动形式。", "Campaign design: positioning, channels and formats.")
    parts = {"a": ByKind, "b": Positioning, "c": Format}


class CaseThirtyPercent(ReflectionQuestion):
    var = "case_notes"
    min_chars = 60
    prompt = ("案例讨论“活动让销售额涨了 30%”：写下你对三个讨论问题的要点（和谁比、从四个角度怎么分析、“不显著”是否等于无效）。",
              "Case discussion \"the campaign raised sales by 30%\": write your points on the three questions "
              "(compared with what, the four views of the analysis, does \"not significant\" mean \"no effect\").")
    solution_text = ("讨论要点（供教师参考）：1）“涨了 30%”多半是和活动前一周比，双十一预热期本来就会涨；没有对照组，"
                     "这个数说明不了活动有效，要和随机留出的对照组比；2）流量变化（访问人数）、参与客户特点（哪些客群参加）、"
                     "参与客户订单（下单率、客单价）、活动商品（哪些商品卖出、有没有挤掉原价销售）四个角度都要看；"
                     "3）样本量不够时“不显著”只说明不能下结论，要先算样本量再测试；按提升而不是按购买概率选人；"
                     "营销信息要真实，推送要尊重客户的选择（可以退订）。",
                     "Points for the instructor: 1) \"+30%\" is likely against the week before, and the pre-11.11 "
                     "weeks rise anyway; without a control group the figure proves nothing, compare with a random "
                     "control group; 2) read traffic (visits), participants (which segments joined), their orders "
                     "(order rate, order value) and the campaign's products (what sold, and whether it displaced "
                     "full-price sales); 3) with too small a sample, \"not significant\" only means no conclusion: "
                     "size the test first; target by uplift, not by the chance to buy; keep the messages truthful and "
                     "let customers opt out.")


__all__ = bind(globals(), [Funnel, Q2, NotSignificant, SampleSize, Uplift, UpliftTier, Declining, WinBackPlan,
                           Memo, Misconception, MindStep, RelationshipLevel, RelationshipPrinciple, Q14,
                           CaseThirtyPercent]) + ["____"]
