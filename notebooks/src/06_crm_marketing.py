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
# - 避开 CRM 营销的认识误区；
# - 说清 CRM 营销的三要素（受众、接触点、内容）和四种方式：主动营销、关系营销、互动营销、生命周期营销；
# - 按“活动流程”“购买决策过程”和“购物心理活动过程”拆解一次营销活动；说出关系营销的层次与原则；
# - 从活动定位、活动渠道、活动形式三方面设计一次活动；
# - 用漏斗看活动效果（流量、参与人数、订单、商品）；
# - 用 A/B 测试判断活动是否真的有效：p 值、置信区间、检验功效和样本量；
# - 用对照组计算各客群的**提升（uplift）**，按生命周期阶段选择目标客户。
#
# **故事**：过去两年店里做了 8 场营销活动：优惠券、短信、直播、会员日。老板周明问你（林晓）：“钱花出去了，到底哪场有用？下一场该发给谁？”
# 市场部又说“广告预算要翻倍”。有几场活动留了对照组（A/B 测试），这是你回答问题的底气。

# %% [markdown] tags=["en"]
# # 06 CRM marketing: campaign funnels, A/B tests and targeting
#
# **Learning goals**
# - avoid the common misconceptions about CRM marketing;
# - name the three elements of CRM marketing (audience, touch points, content) and its four styles: proactive,
#   relationship, interactive and lifecycle marketing;
# - break a campaign down along the campaign process, the customer's purchase decision process and the shopper's
#   psychological process; name the levels and principles of relationship marketing;
# - design a campaign by its positioning, channels and format;
# - read a campaign's effect from its funnel (traffic, participants, orders, products);
# - decide with an A/B test whether a campaign really worked: p-value, confidence interval, power and sample size;
# - measure the **uplift** of each segment against a control group and pick targets by lifecycle stage.
#
# **The story**: over two years the shop ran 8 campaigns: coupons, SMS, live streams, member days. Zhou Ming, the
# owner, asks you (Lin Xiao): "We spent the money, so which ones worked, and whom should the next one go to?" Marketing wants
# to double the ad budget. Some campaigns kept a control group (A/B tests): that is what lets you answer.

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
# 这一章用 5,000 位客户的 `lab` 商店。如果换成只有 500 位客户的课堂小店，每场活动只有一两百人参加，什么效果都测不出来：
# 样本量为什么这么要紧，第 4 节会讲。
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
#
# ### CRM 营销的认识误区
# 动手之前，先避开四个常见的误区：
# 1. **把 CRM 营销等同于群发短信和打折促销**：不选人、不设计内容，发得越多，打扰越多，退订也越多；
# 2. **只重拉新、不重老客户**：课程资料说开发一个新客户的成本约是维护一个老客户的 5 倍，老客户却没人管；
# 3. **以为买了软件就是做了 CRM**：系统里有数据，不等于有人用数据去选人、设计内容、跟踪效果；
# 4. **做了活动不衡量效果**：只看活动期间的销售额，不和对照组比，说不清钱花得值不值。
#
# 市场部“广告预算翻倍”的提议，就要先过一遍这四条。下面看看本店的 8 场活动里，有几场留了对照组、能衡量效果。

# %% [markdown] tags=["en"]
# This chapter uses the 5,000-customer `lab` shop. In the 500-customer classroom shop each campaign would reach only
# a hundred or two customers, too few to detect anything: section 4 shows why sample size matters so much.
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
#
# ### Misconceptions about CRM marketing
# Before starting, steer clear of four common misconceptions:
# 1. **CRM marketing is mass SMS and discounts**: no chosen audience, no designed content; the more you send, the more
#    you annoy, and the more customers unsubscribe;
# 2. **chase new customers, neglect the old**: the course material says a new customer costs about 5 times as much as
#    keeping one, yet nobody looks after the old ones;
# 3. **buying software is doing CRM**: data in a system is not people using it to choose, design and measure;
# 4. **run campaigns without measuring them**: sales during the campaign, with no control group, cannot say whether
#    the money was well spent.
#
# Marketing's plan to double the ad budget has to pass these four first. Here is how many of the shop's 8 campaigns
# kept a control group and can be measured.

# %%
measured = shop.campaigns["is_ab_test"].sum()
print((f"{len(shop.campaigns)} 场活动中，{measured} 场留了对照组，{len(shop.campaigns) - measured} 场无法衡量真实效果。" if ZH
       else f"Of {len(shop.campaigns)} campaigns, {measured} kept a control group; {len(shop.campaigns) - measured} "
            "cannot show their real effect."))
shop.campaigns[["campaign_id", "name", "kind", "is_ab_test"]]

# %% [markdown] tags=["zh"]
# ### 客户购物心理活动过程
# 购买决策过程说的是客户“做了什么”，**客户购物心理活动过程**说的是客户“心里想到哪一步”：
# **注意 → 兴趣 → 联想 → 欲望 → 比较 → 信任 → 行动 → 满足**。不同的活动作用在不同的步骤上：
#
# | 心理步骤 | 本店的做法 | 在数据里看什么 |
# |---|---|---|
# | 注意、兴趣 | 短信、App 推送、首页位置 | 触达后访问活动页的比例 |
# | 联想、欲望 | 直播里演示使用效果、买家秀 | 停留、加购 |
# | 比较、信任 | 逐项对比、真实评价、“超时必赔”的承诺 | 访问后下单的比例 |
# | 行动 | 限时券、催付 | 付款订单 |
# | 满足 | 签收关怀、会员积分 | 好评、复购 |
#
# 第 2 节的漏斗正好对应这些步骤：流失最多的那一步，就是客户心里卡住的那一步。
#
# ### 关系营销的层次与原则
# **关系营销层次**：
# - **一级：财务利益**：价格优惠、积分、会员折扣。最容易做，也最容易被对手用更低的价格抢走；
# - **二级：社交利益**：在财务利益之外加上个性化的沟通和关怀，例如专属客服记得客户的肤质、生日时的问候；
# - **三级：结构性联系**：专属服务、与客户的系统对接（如企业客户的自动补货），换一家店成本很高，最难被模仿。
#
# **关系营销原则**：**主动沟通**（不等客户来问，主动告知物流延迟、补货到货）、**承诺信任**（承诺少而实，说到做到）、
# **互惠**（双方都得到好处，例如老客推荐新客，两人都拿奖励）。
#
# 青禾生活馆的会员体系里，积分和折扣属于一级；等级越高，越要往二级、三级走。下面是各会员等级的人数：

# %% [markdown] tags=["en"]
# ### The shopper's psychological process
# The purchase decision process is what customers do; the **shopper's psychological process** is where their mind is:
# **attention → interest → association → desire → comparison → trust → action → satisfaction**. Campaigns work on
# different steps:
#
# | step | what the shop does | what to read in the data |
# |---|---|---|
# | attention, interest | SMS, app push, a homepage slot | share of contacted customers who visit |
# | association, desire | live demos, buyers' photos | time on page, add-to-cart |
# | comparison, trust | point-by-point comparisons, real reviews, a "late parcel, we pay" promise | share of visitors who order |
# | action | time-limited coupons, payment reminders | paid orders |
# | satisfaction | delivery care, member points | good reviews, repurchase |
#
# The funnel of section 2 follows these steps: the step that loses most people is where customers' minds get stuck.
#
# ### Levels and principles of relationship marketing
# **Levels of relationship marketing**:
# - **level one, financial benefits**: discounts, points, member prices. Easiest to offer, and easiest for a rival to
#   beat with a lower price;
# - **level two, social benefits**: personal contact and care on top, such as an agent who remembers a customer's skin
#   type, a birthday greeting;
# - **level three, structural bonds**: dedicated service, systems linked with the customer's (automatic reorders for a
#   business customer); switching is costly, and rivals find it hardest to copy.
#
# **Principles of relationship marketing**: **active communication** (tell customers of a late parcel or a restock
# before they ask), **commitment and trust** (promise little, keep every promise), **mutual benefit** (both sides gain,
# such as a referral that rewards both customers).
#
# In Qinghe's membership, points and discounts are level one; the higher the tier, the further towards levels two and
# three the shop should go. Here are the members per tier:

# %%
shop.customers["member_tier"].map(lambda code: label("member_tier", code)).value_counts()

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
print((f"访问率 {one['visited'] / one['targeted']:.0%}，访问后下单的比例 {one['converted'] / one['visited']:.0%}" if ZH
       else f"visit rate {one['visited'] / one['targeted']:.0%}, share of visitors who order "
            f"{one['converted'] / one['visited']:.0%}"))

# %% [markdown] tags=["zh"]
# 比一比你算出的两个比例：如果访问的人不少、访问后下单的却不多，说明活动页把人吸引来了，却没能在“比较、信任”这一步说服他们。
# 漏斗里流失最大的一步就是最该优化的地方。
#
# **练习 1**：做一张只含实验组的漏斗表。

# %% [markdown] tags=["en"]
# Compare the two shares you computed: many visitors but few orders after the visit means the page attracts people
# but fails to convince them at the comparison and trust steps. The biggest drop in the funnel is where to work first.
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
# - **95% 置信区间**：效果“可能有多大”的范围。区间包含 0，就不能排除“没有效果”。
# - **检验功效**：如果效果真的存在，测试能发现它的概率（通常要求 80%）。样本越小，功效越低。

# %% [markdown] tags=["en"]
# ## 3. A/B tests: did the campaign really work?
# High revenue does not mean a campaign worked: loyal customers buy anyway. An A/B test splits the targeted customers
# **at random** into two groups and contacts only the treatment group; the difference in conversion is what the
# campaign caused.
#
# - **p-value**: the chance of a difference this large (or larger) if the campaign had no effect at all. p < 0.05 is
#   called "significant".
# - **95% confidence interval**: how big the effect could plausibly be. If it contains 0, "no effect" is not ruled out.
# - **power**: the chance the test finds an effect that is really there (usually 80% is asked). Small samples mean
#   low power.

# %%
ab_ids = shop.campaigns.loc[shop.campaigns["is_ab_test"], "campaign_id"]
ab = shop.campaign_assignments[shop.campaign_assignments["campaign_id"].isin(ab_ids)]
tests = ab_test_proportions(ab, by="campaign_id")
tests.round(4)

# %%
plot.ab_result(tests.assign(campaign=[f"#{c}" for c in tests["campaign_id"]]), estimate="difference");
widths = (tests.set_index("campaign_id")["ci_high"] - tests.set_index("campaign_id")["ci_low"]) * 100
print(("区间宽度（百分点）：" if ZH else "interval width (points): ") + ", ".join(f"#{c}: {w:.1f}" for c, w in widths.items()))

# %% [markdown] tags=["zh"]
# 区间包含 0 的测试“看不出效果”。但看看区间有多宽（下面打印了每个测试的区间宽度）：区间很宽，说明样本太小，而不是活动一定没用。
#
# **练习 2**：分析分到客户最多的那个 A/B 活动。

# %% [markdown] tags=["en"]
# Tests whose interval contains 0 "found nothing". But look how wide the intervals are (the widths are printed below):
# a wide interval means the sample is too small, not that the campaign is useless.
#
# **Exercise 2**: analyse the A/B campaign with the most customers assigned.

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
# 要发现的效果越小，需要的样本越多（大约与效果的平方成反比）。下面这条曲线从本店对照组的转化率 p0 出发，
# 显示每组多少人才能发现 2 个百分点的提升：看看每组 500 人的测试功效有多低。

# %% [markdown] tags=["en"]
# ## 4. Size the test before running it
# The smaller the effect, the more customers you need (roughly 1 / effect²). The curve below starts from the shop's
# control conversion p0 and shows how many customers per group detect a 2-point uplift: see how little power a test of
# 500 per group has.

# %%
import numpy as np

p0 = ab.loc[ab["group"] == "control", "converted"].mean()
sizes = np.arange(100, 6001, 100)
ax = pd.Series([power_proportions(p0, p0 + 0.02, n) for n in sizes], index=sizes).plot(figsize=(7, 3))
ax.axhline(0.8, color="grey", ls="--")
ax.set_xlabel(("每组样本量" if ZH else "sample size per group"))
ax.set_ylabel(("检验功效" if ZH else "power"));
print((f"p0 = {p0:.1%}；每组 500 人时功效 {power_proportions(p0, p0 + 0.02, 500):.0%}" if ZH
       else f"p0 = {p0:.1%}; power with 500 per group: {power_proportions(p0, p0 + 0.02, 500):.0%}"))

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
# 区间越窄，结论越可靠；人数少的等级（例如金卡、钻石卡）区间很宽。把预算投向提升高、且区间不包含 0 的客群。
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
# ## 7. 营销活动设计：活动定位、活动渠道、活动形式
# 设计下一场活动，按三步走：
# - **活动定位**：为谁、为什么做——目标客户（例如衰退期老客户）、活动目标（拉新、促活、唤回）和主题。它决定后面两步；
# - **活动渠道**：通过哪里触达客户——短信、App 推送、直播间、社群、客服旺旺。要选目标客户真正在用的渠道，并算每次触达的成本；
# - **活动形式**：给客户什么、让客户怎样参与——优惠券、满减、会员日、直播专享价、互动游戏。
#
# 本店 8 场活动的类型（`kind`）混合了渠道和形式：短信、直播是渠道，优惠券、会员日是形式。下面是每场活动的每次触达成本和优惠面额；
# 练习 14 请你按类型汇总它们的效果。

# %% [markdown] tags=["en"]
# ## 7. Campaign design: positioning, channels and format
# Design the next campaign in three steps:
# - **campaign positioning**: for whom and why: the target customers (say, declining customers), the goal (acquire,
#   activate, win back) and the theme. It decides the other two steps;
# - **campaign channels**: where the customer is reached: SMS, app push, the live-stream room, community groups, the
#   service chat. Pick the channels the target customers really use, and count the cost of each contact;
# - **campaign format**: what the customer gets or how they take part: coupons, spend-and-save offers, member days,
#   live-stream prices, games.
#
# The shop's 8 campaign kinds (`kind`) mix channels and formats: SMS and live streams are channels, coupons and member
# days are formats. Below are each campaign's cost per contact and offer value; exercise 14 asks you to sum their
# effect by kind.

# %%
shop.campaigns[["campaign_id", "name", "kind", "cost_per_contact", "offer_value"]]

# %% [markdown] tags=["zh"]
# ## 8. 概念自测
# **练习 10-13**：认识误区、购物心理活动过程、关系营销的层次与原则。

# %% [markdown] tags=["en"]
# ## 8. Concept check
# **Exercises 10-13**: misconceptions, the shopper's psychological process, the levels and principles of relationship
# marketing.

# %%
q10

# %%
misconception = ____

# %% tags=["solution"] solves=["q10"]
misconception = "B"

# %%
q10.check()

# %%
q11

# %%
mind_step = ____

# %% tags=["solution"] solves=["q11"]
mind_step = "B"

# %%
q11.check()

# %%
q12

# %%
rm_level = ____

# %% tags=["solution"] solves=["q12"]
rm_level = "C"

# %%
q12.check()

# %%
q13

# %%
rm_principle = ____

# %% tags=["solution"] solves=["q13"]
rm_principle = "B"

# %%
q13.check()

# %% [markdown] tags=["zh"]
# **练习 14**：营销活动设计。a) 按活动类型汇总实验组的效果；b) 活动定位先定什么；c) 哪一项是活动形式。

# %% [markdown] tags=["en"]
# **Exercise 14**: campaign design. a) the treatment groups' effect by campaign kind; b) what positioning decides
# first; c) which one is a format.

# %%
q14.a

# %%
by_kind = ____

# %% tags=["solution"] solves=["q14.a"]
f = campaign_funnel(shop.campaign_assignments, orders=shop.orders, campaigns=shop.campaigns)
f = f[f["group"] == "treatment"]
by_kind = f.groupby("kind")[["targeted", "converted", "revenue", "cost"]].sum().reset_index()
by_kind["conversion"] = by_kind["converted"] / by_kind["targeted"]
by_kind["revenue_per_cost"] = by_kind["revenue"] / by_kind["cost"]

# %%
q14.a.check()

# %%
q14.b

# %%
positioning = ____

# %% tags=["solution"] solves=["q14.b"]
positioning = "A"

# %%
q14.b.check()

# %%
q14.c

# %%
campaign_format = ____

# %% tags=["solution"] solves=["q14.c"]
campaign_format = "C"

# %%
q14.c.check()

# %% [markdown] tags=["zh"]
# ## 案例讨论：“活动让销售额涨了 30%”
# 周会上，店长周明说：“双十一预热活动让销售额涨了 30%，明年预算翻倍！”市场部很高兴，主管陈静让林晓先把账算清楚再表态。
#
# 1. “涨了 30%”和谁比？没有对照组时，这个数字能说明活动有效吗？
# 2. 从流量、参与客户、订单、活动商品四个角度，你会怎么分析这次活动？
# 3. 样本量不够时，A/B 测试“不显著”意味着活动无效吗？
#
# **练习 15（讨论准备，人工评阅）**：把你的要点写在 `case_notes` 里，课堂讨论时用。

# %% [markdown] tags=["en"]
# ## Case discussion: "the campaign raised sales by 30%"
# At the weekly meeting Zhou Ming says: "The pre-11.11 campaign raised sales by 30%, let's double next year's budget!"
# Marketing is delighted; Chen Jing asks Lin Xiao to check the numbers before anyone agrees.
#
# 1. Up 30% against what? Without a control group, does the figure show the campaign worked?
# 2. How would you analyse the campaign from its traffic, participants, orders and products?
# 3. With too small a sample, does a "not significant" A/B test mean the campaign had no effect?
#
# **Exercise 15 (preparing the discussion, read by your teacher)**: write your points in `case_notes` for the class.

# %%
q15

# %%
case_notes = ____

# %% tags=["solution"] solves=["q15"]
case_notes = ("1) Against the week before, which rises before 11.11 anyway; only a control group shows the effect. "
              "2) Traffic, who took part, their orders and the products sold. 3) Not significant with a small sample "
              "means no conclusion yet: size the next test first.")

# %%
q15.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一份决策备忘：哪些活动有对照组证明有效，哪些样本不足、还不能下结论，下一场活动按提升发给谁，
# 下一次测试需要多少人。广告预算要不要翻倍，先看这份备忘。
#
# - CRM 营销 = 合适的受众 × 合适的接触点 × 合适的内容；主动、关系、互动、生命周期四种方式。
# - 漏斗看每一步流失；只有对照组能说明“活动造成了多少”。
# - A/B 测试看 p 值和置信区间；不显著 ≠ 没效果；先用功效和样本量设计测试。
# - 提升要分客群看，把预算投向提升高的人；按生命周期阶段选择内容。
# - 避开四个认识误区；活动作用在购物心理活动过程的某一步，就在那一步测量。
# - 关系营销三个层次：财务利益、社交利益、结构性联系；三条原则：主动沟通、承诺信任、互惠。
# - 营销活动设计：先定位（为谁、为什么），再选渠道（在哪里触达），最后定形式（给什么）。
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
# | 认识误区 | misconceptions about CRM marketing |
# | 客户购物心理活动过程 | shoppers' psychological process |
# | 关系营销层次 / 关系营销原则 | levels / principles of relationship marketing |
# | 活动定位 / 活动渠道 / 活动形式 | campaign positioning / channels / format |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a decision memo: which campaigns a control group shows to
# work, which are too small to judge yet, whom the next campaign should go to by uplift, and how many people the
# next test needs. Whether to double the ad budget waits for this memo.
#
# - CRM marketing = the right audience × the right touch point × the right content; proactive, relationship,
#   interactive and lifecycle styles.
# - The funnel shows where people drop; only a control group shows what the campaign caused.
# - Read an A/B test by its p-value and interval; not significant ≠ no effect; design tests with power and sample size.
# - Uplift differs by segment: spend where it is high; choose content by lifecycle stage.
# - Avoid the four misconceptions; measure a campaign at the step of the shopper's psychological process it works on.
# - Three levels of relationship marketing (financial, social, structural) and three principles (active
#   communication, commitment and trust, mutual benefit).
# - Campaign design: positioning first (for whom, why), then channels (where), then format (what).
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
# | misconceptions about CRM marketing | 认识误区 |
# | shoppers' psychological process | 客户购物心理活动过程 |
# | levels / principles of relationship marketing | 关系营销层次 / 关系营销原则 |
# | campaign positioning / channels / format | 活动定位 / 活动渠道 / 活动形式 |
