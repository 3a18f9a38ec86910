"""Chapter 5 exercises: customer loyalty, membership and points (第五章：客户忠诚度管理).

``from crmlab.exercises.customer_loyalty import *`` gives ``q1`` ... ``q11`` and the blank ``____``.

====  =======================  ===========================================================
q1    TableQuestion            ``loyalty_counts``: surveyed customers per loyalty type
q2    ChoiceQuestion           which loyalty type is a habitual, indifferent buyer?
q3    ChoiceQuestion           cognitive / affective / conative / behavioural loyalty
q4    ValueQuestion            ``median_lifetime``: Kaplan-Meier median customer lifetime
q5.a  ValueQuestion            ``liability_now``: the shop's points liability at the end
q5.b  ValueQuestion            ``liability_no_expiry``: liability if points never expired
q6    DesignQuestion           ``scheme``: a points scheme within budget that pays off
q7    ReflectionQuestion       membership rights and the assumptions behind the effect
q8    ValueQuestion            ``tolerant_share``: 忠诚衡量标准, bearing a late delivery: buyers who
                               bought again after their first delivery late by more than a day
q9    ChoiceQuestion           会员传播政策: which rule of a membership system it is
q10   ChoiceQuestion           有效评估: how to judge a points scheme
q11   ReflectionQuestion       case discussion: the Oriental Hotel in Bangkok
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import PointsScheme, loyalty_segments, points_ledger_summary, survival_by_tier
from ..analysis._tables import paid_orders
from ..mistakes import Mistake, matches
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, MultipartQuestion, ReflectionQuestion, Rule, TableQuestion,
                    ValueQuestion, ____, bind)
from ._rules import within

INACTIVITY_DAYS = 180
MAX_COST_SHARE = 0.02  # the scheme may cost at most 2% of revenue
MIN_UPPER_TIER_SHARE = 0.15  # at least 15% of buyers should reach silver or above
SEED = 0


# -- reference computations ----------------------------------------------------------------
def loyalty_counts(shop) -> pd.DataFrame:
    seg = loyalty_segments(shop)
    return seg.groupby("loyalty").size().rename("n_customers").reset_index()


def lifetime_curve(shop) -> pd.DataFrame:
    """The Kaplan-Meier curve of all buyers as one group."""
    everyone = pd.Series("all", index=shop.customers["customer_id"])
    return survival_by_tier(shop, inactivity_days=INACTIVITY_DAYS, tier=everyone)


def median_lifetime(shop) -> float:
    return float(lifetime_curve(shop).attrs["median_days"]["all"])


def _one_tier(answer, ctx) -> bool:
    """q4's slip: one member tier's median (the lesson's curves by tier) instead of all buyers'."""
    medians = survival_by_tier(ctx.shop, inactivity_days=INACTIVITY_DAYS).attrs["median_days"]
    return any(matches(answer, float(m)) for m in medians.values() if pd.notna(m) and m != float("inf"))


def monthly_ledger(shop) -> pd.DataFrame:
    return points_ledger_summary(shop.points_ledger)


def simulate(scheme, shop):
    """The scheme's result on ``shop`` with the exercises' fixed seed (cached per object)."""
    key = (id(shop), shop.meta.get("seed"), repr(scheme))
    cache = simulate.__dict__.setdefault("_cache", {})
    if key not in cache:
        cache.clear()
        cache[key] = scheme.simulate(shop, random_state=SEED)
    return cache[key]


def _scheme(answer):
    if isinstance(answer, PointsScheme):
        return answer
    if isinstance(answer, dict):
        return PointsScheme(**answer)
    raise TypeError(f"expected a PointsScheme (or a dict of its arguments), not {type(answer).__name__}")


# -- questions -----------------------------------------------------------------------------
class LoyaltyCounts(TableQuestion):
    var = "loyalty_counts"
    key = "loyalty"
    row_label = "loyalty"
    prompt = ("用 `loyalty_segments(shop)` 把回复过问卷的客户放进忠诚矩阵，数一数每种忠诚类型有多少人。列：loyalty, n_customers。",
              "Place the surveyed customers in the loyalty matrix with `loyalty_segments(shop)` and count each loyalty "
              "type. Columns: loyalty, n_customers.")
    hints = [("`loyalty_segments(shop)` 给每位回复过问卷的客户一个忠诚类型；数一数每种类型有多少人。",
              "`loyalty_segments(shop)` gives each customer who answered the survey a loyalty type; count the "
              "customers of each type."),
             ("按 `loyalty` 列分组，`.size()` 数每组的行数，`.rename(...)` 给这一列起名，`.reset_index()` 变成两列。",
              "Group by the `loyalty` column, `.size()` counts each group's rows, `.rename(...)` names the column, "
              "`.reset_index()` makes two columns."),
             ("例：每个会员等级的人数：`shop.customers.groupby('member_tier').size().rename('n').reset_index()`。",
              "For example, the customers per member tier: "
              "`shop.customers.groupby('member_tier').size().rename('n').reset_index()`.")]

    mistakes = (
        _slips.groupby_object(),
        _slips.share_not_count(lambda shop: loyalty_counts(shop).assign(
            n_customers=lambda t: t["n_customers"] / t["n_customers"].sum()), key="loyalty"),
    )

    def expected(self, shop):
        return loyalty_counts(shop)


class Inertia(ChoiceQuestion):
    var = "habit_type"
    prompt = ("一位客户每周都在本店买纸巾，因为“下单方便、懒得换”，但问卷里推荐意愿只给 5 分。他属于哪种忠诚？",
              "A customer buys tissues here every week because it is convenient and switching is a bother, but gives "
              "only 5 out of 10 for recommending the shop. Which kind of loyalty is this?")
    options = {"A": ("绝对忠诚", "absolute loyalty"), "B": ("惯性忠诚", "inertia loyalty"),
               "C": ("潜在忠诚", "latent loyalty"), "D": ("非忠诚", "no loyalty")}
    answer = "B"
    hints = [("行为上常买（高），态度上不喜欢（低）。", "Behaviour high, attitude low.")]
    explanations = {"C": ("潜在忠诚是态度高、行为低：喜欢但买得少。", "Latent loyalty is the opposite: likes the shop but "
                                                             "buys little."),
                    "A": ("绝对忠诚要求态度和行为都高。", "Absolute loyalty needs both attitude and behaviour high."),
                    "D": ("非忠诚是态度低、行为也低：既不喜欢，也很少买；他每周都在这里买，行为上是高的。",
                          "No loyalty is low attitude and low behaviour: no liking and little buying; he buys here "
                          "every week, so his behaviour is high.")}
    solution_text = ("惯性忠诚的客户一遇到更方便或更便宜的选择就会离开：要把习惯变成好感（情感投入、会员权益）。",
                     "Inertia-loyal customers leave at the first easier or cheaper option: turn the habit into "
                     "liking (care, member rights).")


class Stage(ChoiceQuestion):
    var = "loyalty_stage"
    prompt = ("“新款一上市我就准备在这家店买，已经加进购物车了。”这体现的是忠诚形成的哪个阶段？",
              "\"I will buy the new model from this shop as soon as it is out; it is already in my cart.\" Which "
              "stage of loyalty is this?")
    options = {"A": ("认知性忠诚", "cognitive loyalty"), "B": ("情感性忠诚", "affective loyalty"),
               "C": ("意向性忠诚", "conative loyalty"), "D": ("行为性忠诚", "behavioural loyalty")}
    answer = "C"
    hints = [("认知 = 知道它好；情感 = 喜欢它；意向 = 打算买；行为 = 一再地买。",
              "Cognitive = knows it is good; affective = likes it; conative = intends to buy; behavioural = buys "
              "again and again.")]
    explanations = {"D": ("还没有买，只是打算买。", "Nothing is bought yet: it is an intention."),
                    "A": ("认知性忠诚停留在“知道它好”；这位客户已经决定要在这家店买，还加进了购物车，走得更远。",
                          "Cognitive loyalty stops at knowing it is good; this customer has already decided to buy "
                          "here and put it in the cart: further along."),
                    "B": ("情感性忠诚是喜欢、有好感；这里不只是喜欢，客户已经打算购买并加进了购物车。",
                          "Affective loyalty is liking the shop; here it is more than liking: the customer has "
                          "decided to buy and put it in the cart.")}


class MedianLifetime(ValueQuestion):
    var = "median_lifetime"
    rtol = 1e-6
    prompt = (f"把所有买家当作一组（不分等级），客户寿命的 Kaplan-Meier 中位数是多少天？（连续 {INACTIVITY_DAYS} 天没有购买算作流失）",
              f"Treating all buyers as one group (no tiers), what is the Kaplan-Meier median customer lifetime in days? "
              f"({INACTIVITY_DAYS} days without an order counts as lapsed.)")
    hints = [("Kaplan-Meier 中位数是“一半客户已经流失”的那一天；这里所有买家算作同一组。",
              "The Kaplan-Meier median is the day by which half the customers have lapsed; here all buyers form one "
              "group."),
             ("`survival_by_tier` 的 `tier` 参数可以是一个按 customer_id 索引的 Series：给所有人同一个值，就只有一组；"
              "各组的中位数在结果的 `.attrs['median_days']` 里（一个字典，键是组名）。",
              "`survival_by_tier` takes `tier` as a Series indexed by customer_id: give everyone the same value and "
              "there is one group; each group's median is in `.attrs['median_days']` of the result (a dict keyed by "
              "group)."),
             ("例：按会员等级分组：`t = shop.customers.set_index('customer_id')['member_tier']`，"
              "`survival_by_tier(shop, inactivity_days=180, tier=t).attrs['median_days']['regular']` 是普通会员的中位数。",
              "For example, by member tier: `t = shop.customers.set_index('customer_id')['member_tier']`, and "
              "`survival_by_tier(shop, inactivity_days=180, tier=t).attrs['median_days']['regular']` is the regular "
              "members' median.")]

    mistakes = (
        Mistake("one_tier", "取的是某一个会员等级的中位数，而不是全部买家合成一组的中位数",
                "took one member tier's median, not the median of all buyers as one group",
                "`survival_by_tier(shop)` 默认按会员等级分组，每个等级一条曲线；把所有人放进同一组（给每位客户同一个 `tier` 值），"
                "才得到全部买家的中位数。",
                "`survival_by_tier(shop)` groups by member tier by default, one curve per tier; put everyone in one "
                "group (the same `tier` value for every customer) to get the median of all buyers.",
                detect=_one_tier),
        Mistake("time_column_median", "取了生存曲线表里 `time` 这一列的中位数",
                "took the median of the curve's `time` column",
                "`time` 列只是曲线往下走的那些时间点，它们的中位数没有意义；Kaplan-Meier 中位数是生存率第一次降到 0.5 "
                "或以下的那一天，结果的 `.attrs['median_days']` 里已经算好了。",
                "The `time` column only lists the times where the curve steps down, and their median means nothing; "
                "the Kaplan-Meier median is the first day survival falls to 0.5 or below, already in the result's "
                "`.attrs['median_days']`.",
                recompute=lambda ctx: float(lifetime_curve(ctx.shop)["time"].median())),
    )

    def expected(self, shop):
        return median_lifetime(shop)


class LiabilityNow(ValueQuestion):
    var = "liability_now"
    prompt = ("根据店铺真实的积分流水（1 积分 = 0.01 元），数据期末的积分负债是多少元？（只算还没兑换、也没过期的积分）",
              "From the shop's real points ledger (1 point = 0.01 CNY), what is the points liability at the end of the "
              "data, in CNY? (Only the points neither redeemed nor expired count.)")
    hints = [("积分负债 = 还没兑换、也没过期的积分值多少钱；要的是数据期末那一刻的数。",
              "The points liability is what the points neither redeemed nor expired are worth; the question wants "
              "it at the end of the data."),
             ("`points_ledger_summary(shop.points_ledger)` 每月一行、按时间排序，`liability_cny` 是当月底的负债（元）；"
              "取最后一行用 `.iloc[-1]`。",
              "`points_ledger_summary(shop.points_ledger)` has one row per month in time order, `liability_cny` the liability at "
              "the month's end (CNY); the last row is `.iloc[-1]`."),
             ("例：第一个月发出了多少积分：`points_ledger_summary(shop.points_ledger)['issued'].iloc[0]`。",
              "For example, the points issued in the first month: `points_ledger_summary(shop.points_ledger)['issued'].iloc[0]`.")]

    mistakes = (
        Mistake("points_not_cny", "给出的是积分数，不是折合的金额（元）", "gave the number of points, not their value "
                "in CNY",
                "1 积分 = 0.01 元：积分负债按元算，用 `liability_cny` 列（或者把积分数乘以 0.01）。",
                "1 point = 0.01 CNY: the liability is in CNY, the `liability_cny` column (or the points times 0.01).",
                recompute=lambda ctx: float(monthly_ledger(ctx.shop)["outstanding"].iloc[-1])),
        Mistake("summed_stock", "把每个月底的负债加在了一起", "added up the liabilities at the end of every month",
                "负债是某一时刻的存量（像银行余额），不是每月的流量：各月底的余额不能相加，期末的负债就是最后一个月底的那个数。",
                "The liability is a stock at a moment (like a bank balance), not a monthly flow: month-end balances "
                "do not add up; the liability at the end is the last month's figure.",
                recompute=lambda ctx: float(monthly_ledger(ctx.shop)["liability_cny"].sum())),
        Mistake("issued_not_outstanding", "算的是发出的全部积分的价值，没有减去已兑换和已过期的",
                "valued every point ever issued, without taking off those redeemed or expired",
                "已经兑换的积分店铺已经付过了，过期的积分不用再付：负债只算还没兑换、也没过期的积分。",
                "Redeemed points are paid for, expired ones never will be: the liability counts only the points "
                "neither redeemed nor expired.",
                recompute=lambda ctx: float(monthly_ledger(ctx.shop)["issued"].sum() * 0.01)),
    )

    def expected(self, shop):
        return float(monthly_ledger(shop)["liability_cny"].iloc[-1])


class LiabilityNoExpiry(ValueQuestion):
    var = "liability_no_expiry"
    prompt = (f"用默认方案 `PointsScheme()`，但积分永不过期（`expiry_months=None`），在本店模拟（`random_state={SEED}`）："
              "期末的积分负债 `liability_cny` 是多少元？",
              f"Take the default `PointsScheme()` but let points never expire (`expiry_months=None`) and simulate it "
              f"on the shop (`random_state={SEED}`): what is the liability `liability_cny` at the end?")
    hints = [("改一个参数再模拟一次：积分不过期时，期末欠会员的积分会更多还是更少？",
              "Change one setting and simulate again: with no expiry, do members hold more or fewer points at the "
              "end?"),
             ("`PointsScheme(参数=值)` 建一个方案，`.simulate(shop, random_state=0)` 在本店模拟，结果的 `.summary` 里有 "
              "`liability_cny`。",
              "`PointsScheme(setting=value)` builds a scheme, `.simulate(shop, random_state=0)` runs it on the shop, and "
              "the result's `.summary` holds `liability_cny`."),
             ("例：积分 24 个月过期时的兑换率："
              "`PointsScheme(expiry_months=24).simulate(shop, random_state=0).summary['redemption_rate']`。",
              "For example, the redemption rate when points expire after 24 months: "
              "`PointsScheme(expiry_months=24).simulate(shop, random_state=0).summary['redemption_rate']`.")]
    solution_text = ("不过期的积分会一直堆在账上：负债越滚越大，这是会员积分的隐性成本。",
                     "Points that never expire pile up: the liability keeps growing, a hidden cost of points.")

    mistakes = (
        Mistake("default_scheme", "模拟的是默认方案，积分还是会过期", "simulated the default scheme, where points "
                "still expire",
                "这一问只改一个参数：建方案时写上 `expiry_months=None`，积分就永不过期。",
                "This part changes one setting: build the scheme with `expiry_months=None` so points never expire.",
                recompute=lambda ctx: float(simulate(PointsScheme(), ctx.shop).summary["liability_cny"])),
        Mistake("points_not_cny", "给出的是积分数，不是折合的金额（元）", "gave the number of points, not their value "
                "in CNY",
                "结果的 `summary` 里既有积分数（`points_outstanding`），也有折合的金额；题目要的是 `liability_cny`（元）。",
                "The result's `summary` has both the points (`points_outstanding`) and their value; the question "
                "asks for `liability_cny` (CNY).",
                recompute=lambda ctx: float(simulate(PointsScheme(expiry_months=None), ctx.shop)
                                            .summary["points_outstanding"])),
        Mistake("real_ledger", "给出的是店铺真实积分流水的负债（q5.a），没有做模拟",
                "gave the real ledger's liability (q5.a) instead of simulating",
                "真实流水只反映现在的规则；“如果积分永不过期”要用 `PointsScheme(...).simulate(shop, random_state=0)` 模拟出来。",
                "The real ledger only shows today's rules; \"if points never expired\" has to be simulated with "
                "`PointsScheme(...).simulate(shop, random_state=0)`.",
                recompute=lambda ctx: float(monthly_ledger(ctx.shop)["liability_cny"].iloc[-1])),
    )

    def expected(self, shop):
        return float(simulate(PointsScheme(expiry_months=None), shop).summary["liability_cny"])


class Q5(MultipartQuestion):
    prompt = ("积分负债：店铺欠会员的钱。", "Points liability: money the shop owes its members.")
    parts = {"a": LiabilityNow, "b": LiabilityNoExpiry}


def _design_ok(answer, shop):
    d = _scheme(answer).check_design()
    failed = d.loc[~d["ok"], "message"].tolist()
    return not failed, ("；".join(failed), "; ".join(failed))


def _cost_share(answer, shop):
    return float(simulate(_scheme(answer), shop).summary["cost_share"])


def _upper_share(answer, shop):
    return float((simulate(_scheme(answer), shop).customers["final_tier"] != "regular").mean())


def _net_effect(answer, shop):
    return float(simulate(_scheme(answer), shop).summary["net_effect"])


def design_rules():
    return [Rule(("通过 check_design 的全部规则", "passes every rule of check_design"), _design_ok),
            within((f"成本不超过销售额的 {MAX_COST_SHARE:.0%}", f"cost at most {MAX_COST_SHARE:.0%} of revenue"),
                   _cost_share, high=MAX_COST_SHARE),
            within((f"至少 {MIN_UPPER_TIER_SHARE:.0%} 的买家升到银卡或以上", f"at least {MIN_UPPER_TIER_SHARE:.0%} of "
                    "buyers reach silver or above"), _upper_share, low=MIN_UPPER_TIER_SHARE),
            within(("预计新增毛利大于方案成本（net_effect > 0）", "expected extra margin exceeds the cost (net_effect > 0)"),
                   _net_effect, low=1e-9)]


class Scheme(DesignQuestion):
    var = "scheme"
    prompt = (f"设计会员积分方案 `scheme`（`PointsScheme(...)`）：通过 `check_design`；在本店模拟（random_state={SEED}）成本不超过销售额的 "
              f"{MAX_COST_SHARE:.0%}；至少 {MIN_UPPER_TIER_SHARE:.0%} 的买家升到银卡或以上；预计新增毛利大于成本。",
              f"Design a points scheme `scheme` (`PointsScheme(...)`): it passes `check_design`; simulated on the shop "
              f"(random_state={SEED}) it costs at most {MAX_COST_SHARE:.0%} of revenue; at least {MIN_UPPER_TIER_SHARE:.0%} of "
              "buyers reach silver or above; the expected extra margin exceeds its cost.")
    rules = design_rules()
    hints = [("默认门槛（500/2000/8000 元）对这家店太高：先看买家累计消费的分位数。",
              "The default thresholds (500/2,000/8,000 CNY) are too high for this shop: look at quantiles of the "
              "buyers' total spend first."),
             ("把 `tier_thresholds` 放在买家消费的分位数附近（例如让 15%–30% 的买家够得着银卡），"
              "再用 `.simulate(shop, random_state=0).summary` 看成本占比和新增毛利，用 `check_design()` 检查设计。",
              "Put `tier_thresholds` near quantiles of the buyers' spend (so that 15-30% of buyers reach silver), "
              "then check the cost share and extra margin with `.simulate(shop, random_state=0).summary` and the design "
              "with `check_design()`."),
             ("例：从上面买家累计消费的分位数表里挑门槛，先试 `PointsScheme(tier_thresholds=(300, 900, 3000))`："
              "`q6.check(...)` 会列出哪条规则没通过（比如升到银卡的买家太少），再相应地调低或调高门槛。",
              "For example, pick thresholds from the table of quantiles of the buyers' total spend above and try "
              "`PointsScheme(tier_thresholds=(300, 900, 3000))` first: `q6.check(...)` lists the rules it misses "
              "(too few buyers reaching silver, say); then move the thresholds down or up.")]


class Rights(ReflectionQuestion):
    var = "reflection"
    prompt = ("为你的方案写出每个等级的会员权益（除了积分倍数和折扣，还有什么？）和成长路径；"
              "再说明方案的“效果”依赖哪些假设（elasticity、proximity_lift），上线后怎样用 A/B 测试检验。",
              "Write the rights of each tier of your scheme (besides multipliers and discounts, what else?) and the "
              "growth path; then say which assumptions the estimated effect rests on (elasticity, proximity_lift) "
              "and how an A/B test after launch would check them.")
    solution_text = ("好的回答：各等级的非金钱权益（专属客服、优先发货、生日礼、新品试用）；升级门槛和保级规则；"
                     "指出新增订单来自假设而非测量，建议一部分会员先不开放积分（对照组）比较复购率；提到负债和过期规则。",
                     "A good answer lists non-monetary rights per tier (a dedicated line, priority shipping, birthday "
                     "gifts, trials); thresholds and how to keep a tier; notes the extra orders are an assumption, not "
                     "a measurement, and proposes a control group without the scheme to compare repurchase; mentions "
                     "the liability and expiry.")



# -- 忠诚衡量标准, 会员传播政策, 有效评估, the case ---------------------------------------------------------
LATE_DAYS = 1.0


def tolerant_share(shop, *, late_days=LATE_DAYS, all_buyers=False) -> float:
    """Share of buyers who placed a paid order after their first delivery late by more than ``late_days``.

    ``all_buyers=True`` takes every buyer as the denominator (a slip: those never let down cannot show tolerance).
    """
    paid = paid_orders(shop.orders)
    late = shop.shipments.loc[shop.shipments["delay_days"] > late_days, ["order_id"]].merge(
        paid[["order_id", "customer_id", "order_time"]], on="order_id")
    first_late = late.groupby("customer_id")["order_time"].min()
    last = paid.groupby("customer_id")["order_time"].max()
    again = last.reindex(first_late.index) > first_late
    if all_buyers:
        return float(again.sum() / paid["customer_id"].nunique())
    return float(again.mean()) if len(again) else 0.0


class Tolerance(ValueQuestion):
    var = "tolerant_share"
    prompt = ("忠诚衡量标准之一是客户对质量事故的承受能力。把“比承诺晚到 1 天以上”（`shop.shipments` 的 `delay_days > 1`）"
              "当作一次事故：在遇到过这种事故的买家中，有多少比例在**第一次**事故的订单之后又下了已支付订单（0 到 1）？",
              "One loyalty measure is how well customers bear an incident. Take a delivery more than 1 day later than "
              "promised (`delay_days > 1` in `shop.shipments`) as an incident: among buyers who met one, what share "
              "placed another paid order after the order of their **first** incident (0 to 1)?")
    hints = [("三步：找出晚到超过 1 天的已支付订单和它们的客户；每位客户取第一次事故的下单时间；看他最后一次已支付订单是否更晚。",
              "Three steps: the paid orders delivered more than a day late and their customers; each customer's "
              "first such order time; whether their last paid order is later."),
             ("`shipments` 和已支付订单用 `order_id` 连接（`merge`）；`groupby('customer_id')['order_time'].min()` 和 "
              "`.max()` 分别给出第一次和最后一次；两列对齐后比较，True 的平均值就是比例。分母只是遇到过事故的买家。",
              "Join `shipments` to the paid orders on `order_id` (`merge`); `groupby('customer_id')['order_time']` "
              "with `.min()` and `.max()` give the first and last times; align and compare, and the mean of True is "
              "the share. The denominator is only the buyers who met an incident."),
             ("例：收到过优惠券后又买过的客户比例——先取每位客户第一次用券下单的时间 `first = 券订单.groupby('customer_id')"
              "['order_time'].min()`，再取最后一次下单时间 `last`，`(last.reindex(first.index) > first).mean()`。",
              "For example, the share of customers who bought again after their first coupon order: `first = "
              "coupon_orders.groupby('customer_id')['order_time'].min()`, `last` their last order time, then "
              "`(last.reindex(first.index) > first).mean()`.")]
    mistakes = (
        Mistake("any_delay", "把所有晚到（`delay_days > 0`）都算成了事故", "counted every late delivery "
                "(`delay_days > 0`) as an incident",
                "题目的事故是比承诺晚到 1 天以上：`delay_days > 1`。", "The incident is more than 1 day late: "
                "`delay_days > 1`.",
                recompute=lambda ctx: tolerant_share(ctx.shop, late_days=0.0)),
        Mistake("all_buyers", "用全部买家做分母", "divided by every buyer",
                "没遇到过事故的人谈不上“承受”事故；分母只是遇到过事故的买家。",
                "Those never let down cannot show how they bear it; the denominator is only the buyers who met an "
                "incident.",
                recompute=lambda ctx: tolerant_share(ctx.shop, all_buyers=True)),
    )
    solution_text = ("愿意在出了问题之后再来，是比“买了几次”更硬的忠诚证据；把它和没遇到事故的买家比一比，看事故让多少人离开。",
                     "Coming back after something went wrong is harder evidence of loyalty than a count of orders; "
                     "compare it with buyers who met no incident to see how many an incident drives away.")

    def expected(self, shop):
        return tolerant_share(shop)


class ReferralPolicy(ChoiceQuestion):
    var = "referral_rule"
    prompt = ("青禾生活馆的会员体系有下面四条规则。哪一条属于**会员传播政策**？",
              "Qinghe Living's membership system has the four rules below. Which one is a **member referral "
              "policy**?")
    options = {"A": ("金卡会员购物享受 95 折", "gold members get 5% off"),
               "B": ("会员推荐好友注册并完成首单，双方各得 200 积分", "when a member's friend signs up and pays a first "
                     "order, both get 200 points"),
               "C": ("一年内累计消费满 2,000 元升为金卡", "2,000 yuan of spend within a year makes a member gold"),
               "D": ("每消费 1 元得 1 积分", "1 point for every yuan spent")}
    answer = "B"
    explanations = {
        "A": ("这是会员权益：会员凭等级得到的待遇，它奖励的是会员自己买，不鼓励他把店铺介绍给别人。",
              "That is a member right: what a tier entitles a member to. It rewards members' own buying, not telling "
              "others about the shop."),
        "C": ("这是会员成长模式：怎样升级、保级。它和会员有没有把店铺推荐给别人无关。",
              "That is the growth model: how to climb and keep a tier. It has nothing to do with recommending the "
              "shop to others."),
        "D": ("这是积分的生成规则：消费多少得多少分，奖励的是会员自己的消费。",
              "That is the points earning rule: points for one's own spending."),
    }
    hints = [("会员体系有四部分：等级、成长模式、权益、传播政策。哪一条是让会员把店铺介绍给别人的？",
              "A membership system has four parts: tiers, growth model, rights and the referral policy. Which rule "
              "makes members tell others about the shop?")]


class Evaluation(ChoiceQuestion):
    var = "evaluation"
    prompt = ("新的积分方案上线三个月了。怎样才算对它做了**有效评估**？",
              "The new points scheme has run for three months. What counts as **evaluating it properly**?")
    options = {"A": ("数一数发出了多少积分：发得越多，方案越成功", "count the points issued: the more, the better the "
                     "scheme"),
               "B": ("比较会员这三个月和去年同期的总销售额，涨了就说明方案有效", "compare members' sales in these three "
                     "months with the same months last year: growth proves the scheme works"),
               "C": ("上线时随机留一组会员不参加，比较两组的复购和毛利，再减去积分成本和期末积分负债",
                     "at launch keep a random group of members out, compare both groups' repurchase and margin, then "
                     "subtract the points' cost and the liability at the end"),
               "D": ("发问卷问会员喜不喜欢新方案，大多数人说喜欢就算成功", "survey members on whether they like the "
                     "scheme: success if most say yes")}
    answer = "C"
    explanations = {
        "A": ("发出的积分是成本，也是将来要兑现的负债；发得多只说明花得多，不说明客户因此多买了。",
              "Points issued are a cost and a future liability; issuing many shows spending, not that customers "
              "bought more because of it."),
        "B": ("销售额涨了可能是因为大促、新品或客户本来就会买；没有对照组，就分不清哪些是方案带来的。",
              "Sales may have grown from a big sale, new products or customers who would have bought anyway; without "
              "a control group you cannot tell what the scheme caused."),
        "D": ("喜欢是态度，不等于多买；而且方案再受欢迎，成本超过新增毛利也是亏的。",
              "Liking is attitude, not extra buying; and a popular scheme still loses money if it costs more than "
              "the margin it adds."),
    }
    hints = [("有效评估要回答两个问题：方案让客户多买了多少（和什么比）？多赚的钱够不够付积分的成本？",
              "A proper evaluation answers two questions: how much more did the scheme make customers buy (compared "
              "with what)? Does the extra margin pay for the points?")]


class CaseHotel(ReflectionQuestion):
    var = "case_notes"
    prompt = ("案例讨论：泰国东方饭店。写下你对讨论问题 1–3 的要点。",
              "Case discussion: the Oriental Hotel in Bangkok. Write your points on discussion questions 1-3.")
    solution_text = ("讨论要点：（1）饭店记下了 A 先生的姓名、座位、菜单和生日，靠的是客户数据库，更靠每个员工都会用它、"
                     "愿意用它。（2）叫得出名字、记得老菜单，让 A 先生喜欢这里，是情感性忠诚；三年没来仍惦记着，是潜在忠诚"
                     "（态度高、行为低）。（3）三年没来的客户按行为算是流失客户，但态度还在，值得唤回；网店可以按最近购买时间"
                     "找出这些人，用记得他们喜好的关怀而不是群发广告去唤回。结论：CRM 不只是一套软件，而是全员的服务意识；"
                     "情感性忠诚比积分更难被模仿；唤回要有数据支持，也要尊重客户的意愿和隐私。",
                     "Points: (1) the hotel recorded Mr A's name, seat, menu and birthday: a customer database, but above "
                     "all staff who use it and want to. (2) Being greeted by name and offered the old menu makes Mr A "
                     "like the place: affective loyalty; still attached after three years away: latent loyalty "
                     "(attitude high, behaviour low). (3) By behaviour, three years away is a lost customer, but the "
                     "attitude remains and is worth winning back; a shop can find such customers by their last "
                     "purchase and win them back with care that remembers their tastes, not a mass advert. "
                     "Conclusion: CRM is not just software but everyone's service attitude; affective loyalty is harder "
                     "to copy than points; win-back needs data and respect for customers' wishes and privacy.")


__all__ = bind(globals(), [LoyaltyCounts, Inertia, Stage, MedianLifetime, Q5, Scheme, Rights, Tolerance, ReferralPolicy,
                           Evaluation, CaseHotel]) + ["____"]
