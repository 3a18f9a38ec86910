# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 06 CRM 营销：活动漏斗、A/B 测试与精准触达
#
# **学习目标**
# - 说清 CRM 营销的三要素（受众、接触点、内容）和四种方式：主动营销、关系营销、互动营销、生命周期营销；
# - 按“活动流程”和“购买决策过程”拆解一次营销活动；
# - 用漏斗看活动效果（流量、参与人数、订单、商品）；
# - 用 A/B 测试判断活动是否真的有效：p 值、置信区间、检验功效和样本量；
# - 用对照组计算各客群的**提升（uplift）**，按生命周期阶段选择目标客户。
#
# **故事**：上个季度店里做了 8 场营销活动：优惠券、短信、直播、会员日。老板问你：“钱花出去了，到底哪场有用？下一场该发给谁？”
# 有 4 场活动留了对照组（A/B 测试），这是你回答问题的底气。

# %% [markdown] tags=["en"]
# # 06 CRM marketing: campaign funnels, A/B tests and targeting
#
# **Learning goals**
# - name the three elements of CRM marketing (audience, touch points, content) and its four styles: proactive,
#   relationship, interactive and lifecycle marketing;
# - break a campaign down along the campaign process and the customer's purchase decision process;
# - read a campaign's effect from its funnel (traffic, participants, orders, products);
# - decide with an A/B test whether a campaign really worked: p-value, confidence interval, power and sample size;
# - measure the **uplift** of each segment against a control group and pick targets by lifecycle stage.
#
# **The story**: last quarter the shop ran 8 campaigns: coupons, SMS, live streams, member days. The owner asks you:
# "We spent the money, so which ones worked, and whom should the next one go to?" Four campaigns kept a control group
# (A/B tests): that is what lets you answer.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.crm_marketing import *

import pandas as pd
from crmlab import plot
from crmlab.analysis import (ab_test_proportions, campaign_funnel, lifecycle_stage, power_proportions,
                             sample_size_proportions, uplift_by_segment)
from crmlab.schema import label

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
shop.campaigns

# %% [markdown] tags=["zh"]
# 这一章用 5,000 位客户的 `lab` 商店：课堂小店的活动只有一两百人参加，什么效果都测不出来——这本身就是本章的一课。
#
# ## 1. CRM 营销是什么
# 传统营销问“怎样把商品卖给更多人”，CRM 营销问“**对哪位客户、在什么时候、通过什么接触点、说什么**”。
#
# | 要素 | 含义 | 本店的例子 |
# |---|---|---|
# | 受众 | 发给谁：按价值、行为、生命周期阶段选出的客户 | 90 天没买过的老客户 |
# | 接触点 | 在哪里接触客户 | 短信、App 推送、直播间、客服旺旺 |
# | 内容 | 说什么、给什么 | 满减券、新品试用、会员日权益 |
#
# 四种方式：
# - **主动营销**：不等客户上门，根据数据主动联系（例如给快用完的消耗品发补货提醒）；
# - **关系营销**：目标是长期关系而非一单交易（会员、积分、专属客服）；
# - **互动营销**：让客户参与（直播问答、评价晒单、投票选新品）；
# - **生命周期营销**：新客欢迎、成长期交叉销售、成熟期回馈、衰退期唤回、流失期放手或最后一次挽回。
#
# **活动流程**：目标 → 选人（受众）→ 设计内容和接触点 → 留对照组 → 执行 → 评估 → 复盘。
# **购买决策过程**：认识需要 → 搜集信息 → 比较方案 → 购买 → 购后评价；活动在哪一步推客户一把，就要在那一步测量。

# %% [markdown] tags=["en"]
# This chapter uses the 5,000-customer `lab` shop: the classroom shop's campaigns reach only a hundred or two
# customers, too few to detect anything, which is itself a lesson of this chapter.
#
# ## 1. What CRM marketing is
# Mass marketing asks "how do we sell to more people?"; CRM marketing asks "**which customer, when, at which touch
# point, with what message?**"
#
# | element | meaning | example in the shop |
# |---|---|---|
# | audience | whom: customers chosen by value, behaviour or lifecycle stage | customers who have not bought for 90 days |
# | touch point | where we meet them | SMS, app push, live-stream room, service chat |
# | content | what we say and offer | a coupon, a new product to try, member-day perks |
#
# Four styles:
# - **proactive marketing**: contact customers from the data before they come (a refill reminder for a consumable);
# - **relationship marketing**: aim at a long relationship, not one sale (membership, points, a personal agent);
# - **interactive marketing**: let customers take part (live Q&A, photo reviews, voting for new products);
# - **lifecycle marketing**: welcome the new, cross-sell to the growing, reward the mature, win back the declining,
#   let the lost go (or try one last offer).
#
# **Campaign process**: goal → choose the audience → design content and touch point → keep a control group → run →
# measure → review. **Purchase decision process**: need → information search → comparing options → purchase →
# post-purchase evaluation; measure at the step the campaign is meant to push.

# %% [markdown] tags=["zh"]
# ## 2. 活动漏斗：流量、参与、订单、商品
# `campaign_funnel` 把每个活动从“触达”一路跟到“付款”和“件数”。对照组没有被触达，所以它的访问和下单是“不做活动也会发生的”。

# %% [markdown] tags=["en"]
# ## 2. The campaign funnel: traffic, participants, orders, products
# `campaign_funnel` follows each campaign from the customers contacted to paid orders and units. The control group
# was not contacted: its visits and orders are what would have happened anyway.

# %%
funnel_all = campaign_funnel(shop.campaign_assignments, orders=shop.orders, order_items=shop.order_items,
                             campaigns=shop.campaigns)
funnel_all[["campaign_id", "name", "group", "targeted", "visited", "converted", "orders", "units", "revenue",
            "cost", "revenue_per_cost"]].round(2)

# %%
one = funnel_all[funnel_all["group"] == "treatment"].sort_values("targeted").iloc[-1]  # the largest campaign
steps = pd.Series([one["targeted"], one["visited"], one["converted"], one["orders"]],
                  index=(["触达", "访问活动页", "活动期内下单", "付款订单"] if ZH
                         else ["targeted", "visited", "converted", "paid orders"]))
plot.funnel_chart(steps);

# %% [markdown] tags=["zh"]
# 访问率约 35-40%，但访问后真正下单的只有五分之一左右：活动页把人吸引来了，却没能说服他们。漏斗里流失最大的一步就是最该优化的地方。
#
# **练习 1**：做一张只含实验组的漏斗表。

# %% [markdown] tags=["en"]
# About 35-40% visit, but only about one visitor in five orders: the campaign page attracts people but does not
# convince them. The biggest drop in the funnel is where to work first.
#
# **Exercise 1**: build the funnel of the treatment groups only.

# %%
q1

# %%
funnel = ____

# %% tags=["solution"] solves=["q1"]
f = campaign_funnel(shop.campaign_assignments, orders=shop.orders)
funnel = f[f["group"] == "treatment"][["campaign_id", "targeted", "visited", "converted", "orders"]]

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ## 3. A/B 测试：活动真的有效吗？
# 收入高不等于活动有效：老客户本来就会买。A/B 测试把目标客户**随机**分成两组，只给实验组发活动，
# 两组转化率的差才是活动造成的。
#
# - **p 值**：假如活动毫无效果，仅凭偶然就看到这么大（或更大）差异的概率。p < 0.05 叫“显著”。
# - **95% 置信区间**：效果“可能有多大”的范围。跨过 0，就不能排除“没有效果”。
# - **检验功效**：如果效果真的存在，测试能发现它的概率（通常要求 80%）。样本越小，功效越低。

# %% [markdown] tags=["en"]
# ## 3. A/B tests: did the campaign really work?
# High revenue does not mean a campaign worked: loyal customers buy anyway. An A/B test splits the targeted customers
# **at random** into two groups and contacts only the treatment group; the difference in conversion is what the
# campaign caused.
#
# - **p-value**: the chance of a difference this large (or larger) if the campaign had no effect at all. p < 0.05 is
#   called "significant".
# - **95% confidence interval**: how big the effect could plausibly be. If it crosses 0, "no effect" is not ruled out.
# - **power**: the chance the test finds an effect that is really there (usually 80% is asked). Small samples mean
#   low power.

# %%
ab_ids = shop.campaigns.loc[shop.campaigns["is_ab_test"], "campaign_id"]
ab = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(ab_ids)]
tests = ab_test_proportions(ab, by="campaign_id")
tests.round(4)

# %%
plot.ab_result(tests.assign(campaign=[f"#{c}" for c in tests["campaign_id"]]), estimate="difference");

# %% [markdown] tags=["zh"]
# 灰色的区间跨过了 0：这些测试“看不出效果”。但看看区间有多宽：从 -3 到 +3 个百分点，说明样本太小，而不是活动一定没用。
#
# **练习 2**：分析目标客户最多的那个 A/B 活动。

# %% [markdown] tags=["en"]
# The grey intervals cross 0: these tests "found nothing". But look how wide they are: from about -3 to +3 points.
# The samples are too small; that does not prove the campaigns useless.
#
# **Exercise 2**: analyse the A/B campaign with the most targeted customers.

# %%
q2.a

# %%
main_test = ____

# %% tags=["solution"] solves=["q2.a"]
main_test = int(ab.groupby("campaign_id").size().idxmax())

# %%
q2.a.check()

# %%
p_value = ____
ci = ____

# %% tags=["solution"] solves=["q2.b", "q2.c"]
result = ab_test_proportions(ab[ab["campaign_id"] == main_test])
p_value = float(result["p_value"].iloc[0])
ci = (float(result["ci_low"].iloc[0]), float(result["ci_high"].iloc[0]))

# %%
q2.b.check()
q2.c.check()

# %% [markdown] tags=["zh"]
# **练习 3**：怎样解读一个不显著的结果？

# %% [markdown] tags=["en"]
# **Exercise 3**: how do you read a result that is not significant?

# %%
q3

# %%
meaning = ____

# %% tags=["solution"] solves=["q3"]
meaning = "B"

# %%
q3.check(meaning)

# %% [markdown] tags=["zh"]
# ## 4. 测试之前先算样本量
# 要发现的效果越小，需要的样本越多（大约与效果的平方成反比）。下面这条曲线显示：对照组转化率约 6% 时，每组 500 人的测试
# 几乎发现不了 2 个百分点的提升。

# %% [markdown] tags=["en"]
# ## 4. Size the test before running it
# The smaller the effect, the more customers you need (roughly 1 / effect²). The curve below shows that with a control
# conversion near 6%, a test of 500 per group almost never detects a 2-point uplift.

# %%
import numpy as np

p0 = ab.loc[ab["group"] == "control", "converted"].mean()
sizes = np.arange(100, 6001, 100)
ax = pd.Series([power_proportions(p0, p0 + 0.02, n) for n in sizes], index=sizes).plot(figsize=(7, 3))
ax.axhline(0.8, color="grey", ls="--")
ax.set_xlabel(("每组样本量" if ZH else "sample size per group"))
ax.set_ylabel(("检验功效" if ZH else "power"));

# %%
q4

# %%
n_needed = ____

# %% tags=["solution"] solves=["q4"]
n_needed = sample_size_proportions(p0, p0 + 0.02)["n_control"]

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 5. 提升（uplift）：发给谁最值？
# 同一个活动对不同客户的作用不同：有的人不发券也会买（发了只是白送优惠），有的人只有收到券才会买。
# **提升 = 实验组转化率 - 对照组转化率**，要在每个客群里分别算。
#
# **练习 5**：先自己写这个函数。

# %% [markdown] tags=["en"]
# ## 5. Uplift: who is worth targeting?
# A campaign works differently on different customers: some buy anyway (a coupon only gives away margin), others buy
# only when they get one. **Uplift = treatment conversion - control conversion**, computed within each segment.
#
# **Exercise 5**: write that function yourself first.

# %%
q5

# %%
# def uplift(assignments): ...
uplift = ____

# %% tags=["solution"] solves=["q5"]
def uplift(assignments):
    t = assignments.loc[assignments["group"] == "treatment", "converted"].mean()
    c = assignments.loc[assignments["group"] == "control", "converted"].mean()
    return float(t - c)

# %%
q5.check()

# %% [markdown] tags=["zh"]
# 会员等级是店里看得见的客群。老师手里还有模拟器的“真相”：每位客户真实所属的客群，以及活动对每个客群的真实提升。
# 下面先按会员等级算，**练习 6** 请你交出这张表。

# %% [markdown] tags=["en"]
# Member tiers are segments the shop can see. The instructor also holds the simulator's truth: each customer's real
# segment and the real uplift of each campaign in it. First the member tiers; **exercise 6** asks for this table.

# %%
q6

# %%
uplift_tier = ____

# %% tags=["solution"] solves=["q6"]
uplift_tier = uplift_by_segment(ab, segments=shop.customers[["customer_id", "member_tier"]], segment_col="member_tier",
                                by=None)

# %%
q6.check()

# %%
by_tier = uplift_by_segment(ab, segments=shop.customers[["customer_id", "member_tier"]], segment_col="member_tier", by=None)
by_tier["segment"] = by_tier["member_tier"].map(lambda code: label("member_tier", code))  # codes -> names
plot.ab_result(by_tier, estimate="uplift");

# %% [markdown] tags=["zh"]
# 区间越窄，结论越可靠；人数少的等级（例如金卡、钻石卡）区间很宽。把预算投向提升高、且区间不跨 0 的客群。
#
# ## 6. 生命周期营销
# `lifecycle_stage` 用“成为客户多久、多久没买、买了几次”把客户放进五个阶段：新客期、成长期、成熟期、衰退期、流失期。

# %% [markdown] tags=["en"]
# The narrower the interval, the firmer the conclusion; small tiers (gold, diamond) have wide intervals. Put the
# budget on segments with a high uplift whose interval stays above 0.
#
# ## 6. Lifecycle marketing
# `lifecycle_stage` places customers in five stages from tenure, recency and frequency: new, growing, mature,
# declining and lost.

# %%
stages = lifecycle_stage(shop.orders, customers=shop.customers)
ax = stages.groupby("stage_label", sort=False).size().plot(kind="bar", figsize=(6, 3), rot=0)
ax.set_xlabel("")
ax.set_ylabel(("客户数" if ZH else "customers"));

# %%
q7

# %%
n_declining = ____

# %% tags=["solution"] solves=["q7"]
n_declining = int((stages["stage"] == "declining").sum())

# %%
q7.check()

# %% [markdown] tags=["zh"]
# **练习 8（按规则检查的设计题）**：为衰退期客户设计一次唤回优惠券的 A/B 测试。

# %% [markdown] tags=["en"]
# **Exercise 8 (a design checked by rules)**: design a win-back coupon A/B test for declining customers.

# %%
q8

# %%
test_plan = ____

# %% tags=["solution"] solves=["q8"]
n = sample_size_proportions(p0, p0 + 0.04)["n_control"]
test_plan = {"stages": ["declining", "growing", "mature"], "n_per_group": n, "mde": 0.04}

# %%
q8.check()

# %% [markdown] tags=["zh"]
# **练习 9（反思，人工评阅）**：写决策备忘。

# %% [markdown] tags=["en"]
# **Exercise 9 (reflection, read by your teacher)**: write the decision memo.

# %%
q9

# %%
memo = ____

# %% tags=["solution"] solves=["q9"]
memo = """Campaign 7 (live stream) raised conversion significantly; the coupon tests were too small to tell.
Target regular members and declining customers, keep a 50% control group of at least n_needed per group."""

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ## 小结
# - CRM 营销 = 合适的受众 × 合适的接触点 × 合适的内容；主动、关系、互动、生命周期四种方式。
# - 漏斗看每一步流失；只有对照组能说明“活动造成了多少”。
# - A/B 测试看 p 值和置信区间；不显著 ≠ 没效果；先用功效和样本量设计测试。
# - 提升要分客群看，把预算投向提升高的人；按生命周期阶段选择内容。
#
# | 中文 | English |
# |---|---|
# | 主动营销 | proactive marketing |
# | 关系营销 | relationship marketing |
# | 互动营销 | interactive marketing |
# | 生命周期营销 | lifecycle marketing |
# | 接触点 | touch point |
# | 转化漏斗 | conversion funnel |
# | 实验组 / 对照组 | treatment group / control group |
# | 显著性、p 值 | significance, p-value |
# | 置信区间 | confidence interval |
# | 检验功效、样本量 | power, sample size |
# | 提升 | uplift |

# %% [markdown] tags=["en"]
# ## Summary
# - CRM marketing = the right audience × the right touch point × the right content; proactive, relationship,
#   interactive and lifecycle styles.
# - The funnel shows where people drop; only a control group shows what the campaign caused.
# - Read an A/B test by its p-value and interval; not significant ≠ no effect; design tests with power and sample size.
# - Uplift differs by segment: spend where it is high; choose content by lifecycle stage.
#
# | English | 中文 |
# |---|---|
# | proactive marketing | 主动营销 |
# | relationship marketing | 关系营销 |
# | interactive marketing | 互动营销 |
# | lifecycle marketing | 生命周期营销 |
# | touch point | 接触点 |
# | conversion funnel | 转化漏斗 |
# | treatment group / control group | 实验组 / 对照组 |
# | significance, p-value | 显著性、p 值 |
# | confidence interval | 置信区间 |
# | power, sample size | 检验功效、样本量 |
# | uplift | 提升 |
