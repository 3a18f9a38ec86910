"""Chapter 6 exercises: CRM marketing: campaign funnels, A/B tests, power, uplift by
segment and lifecycle-stage targeting (第六章：CRM 营销).

``from crmlab.exercises.crm_marketing import *`` gives ``q1`` ... ``q9`` and the blank ``____``.
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
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import (ab_test_proportions, campaign_funnel, lifecycle_stage, power_proportions,
                        sample_size_proportions, uplift_by_segment)
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


def treatment_funnel(shop) -> pd.DataFrame:
    f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, by_group=True)
    f = f[f["group"] == "treatment"]
    return f[["campaign_id", "targeted", "visited", "converted", "orders"]].reset_index(drop=True)


def main_test(shop) -> int:
    sizes = ab_assignments(shop).groupby("campaign_id").size()
    return int(sizes.sort_index().idxmax())


def main_ab(shop) -> pd.Series:
    ca = ab_assignments(shop)
    return ab_test_proportions(ca[ca["campaign_id"] == main_test(shop)]).iloc[0]


def control_rate(shop) -> float:
    """Pooled conversion of the control groups: what customers do without a campaign."""
    ca = ab_assignments(shop)
    return float(ca.loc[ca["group"] == "control", "converted"].mean())


def uplift(assignments: pd.DataFrame) -> float:
    t = assignments.loc[assignments["group"] == "treatment", "converted"]
    c = assignments.loc[assignments["group"] == "control", "converted"]
    return float(t.mean() - c.mean())


def uplift_by_tier(shop) -> pd.DataFrame:
    u = uplift_by_segment(ab_assignments(shop), segments=shop.customers[["customer_id", "member_tier"]],
                          segment_col="member_tier", by=None)
    return u[["member_tier", "n_treatment", "n_control", "uplift"]]


def stage_counts(shop) -> pd.Series:
    return lifecycle_stage(shop.orders, customers=shop.customers)["stage"].astype(str).value_counts()


# -- questions ---------------------------------------------------------------------------
class Funnel(TableQuestion):
    var = "funnel"
    key = "campaign_id"
    prompt = ("每个活动的**实验组**漏斗：列 campaign_id, targeted（触达人数）, visited（访问）, converted（下单）, "
              "orders（已支付订单）。",
              "The **treatment-group** funnel of every campaign: columns campaign_id, targeted, visited, converted, "
              "orders (paid orders).")
    hints = [("漏斗的每一步数一数人数：触达 → 访问 → 下单 → 付款；这里只要实验组（收到活动的那一组）。",
              "Count the people at every step of the funnel: contacted → visited → ordered → paid; only the "
              "treatment group (the one that got the campaign)."),
             ("`campaign_funnel(shop.campaign_assignments, orders=shop.orders)` 按活动和组给出漏斗，`group` 列区分两组；"
              "筛选出实验组的行，再只留题目要的五列。",
              "`campaign_funnel(shop.campaign_assignments, orders=shop.orders)` gives the funnel per campaign and group, "
              "told apart by `group`; keep the treatment rows, then only the five columns asked for."),
             ("例：对照组，只留活动编号和下单人数：`f[f['group'] == 'control'][['campaign_id', 'converted']]`。",
              "For example, the control group with the campaign and its converted customers only: "
              "`f[f['group'] == 'control'][['campaign_id', 'converted']]`.")]
    solution_text = ("漏斗的每一步都会流失一部分人：触达 → 访问 → 下单 → 付款。最大的那一步流失就是最该优化的地方。",
                     "Every step of the funnel loses people: contacted → visited → ordered → paid. The biggest drop "
                     "is where to work first.")

    def expected(self, shop):
        return treatment_funnel(shop)


class MainTest(ValueQuestion):
    var = "main_test"
    prompt = ("有对照组的活动（`is_ab_test`）中，哪个活动的目标客户最多？给出它的 campaign_id。",
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

    def expected(self, shop):
        return main_test(shop)


class PValue(ValueQuestion):
    var = "p_value"
    rtol = 1e-4
    prompt = ("对这个活动做 A/B 检验：实验组和对照组的转化率（`converted`）有差别吗？给出双侧两比例 z 检验的 p 值。",
              "A/B test this campaign: does conversion (`converted`) differ between treatment and control? Give the "
              "p-value of the two-sided two-proportion z test.")
    hints = [("比较实验组和对照组的转化率：差别大到偶然很难解释时，p 值就小。只用 q2.a 那个活动的客户。",
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
    solution_text = ("想发现的效果越小、基础转化率越低，需要的样本越多（大致与效果的平方成反比）。测试之前先算样本量，"
                     "才能避免“做了也看不出来”的测试。",
                     "The smaller the effect and the base rate, the more customers you need (about 1 / effect²). Size a "
                     "test before running it, or it may be unable to find anything.")

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

    def reference(self, assignments):
        return uplift(assignments)

    def cases(self, shop):
        ca = ab_assignments(shop)
        tiny = pd.DataFrame({"campaign_id": 1, "customer_id": [1, 2, 3, 4, 5],
                             "group": ["treatment", "treatment", "control", "control", "control"],
                             "converted": [True, False, False, False, True]})
        return [(ca[ca["campaign_id"] == c],) for c in sorted(ca["campaign_id"].unique())] + [(tiny,)]


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
              f"'mde': 比例}}`。规则：目标阶段包含 declining、不包含 lost；两组人数不超过所选阶段的客户数；"
              f"能发现的最小提升 mde 不超过 {MAX_MDE}；在对照组合并转化率下，功效至少 80%。",
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
    prompt = ("给店长写一份 100-200 字的决策备忘：下一次活动发给谁、用什么内容、在哪个接触点，怎样测量效果？引用你算出的数字。",
              "Write the owner a 80-150 word decision memo: whom should the next campaign target, with what content, "
              "at which touch point, and how will you measure it? Quote your numbers.")
    solution_text = ("好的备忘：点出提升最高（且区间不跨 0）的客群；指出不显著的测试需要更大样本（引用 n_needed）；"
                     "建议保留对照组；把活动放在客户生命周期的合适阶段（如衰退期唤回）；说明用漏斗各步转化来跟踪。",
                     "A good memo names the segment with the highest uplift (interval above 0); notes that a "
                     "non-significant test needs more customers (quote n_needed); keeps a control group; fits the "
                     "campaign to a lifecycle stage (e.g. win back the declining); tracks every funnel step.")


__all__ = bind(globals(), [Funnel, Q2, NotSignificant, SampleSize, Uplift, UpliftTier, Declining, WinBackPlan,
                           Memo]) + ["____"]
