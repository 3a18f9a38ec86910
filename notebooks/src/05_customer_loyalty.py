# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 05 客户忠诚度：会员体系与积分规则
#
# **学习目标**
# - 区分忠诚形成的四个阶段（认知、情感、意向、行为）和四种忠诚类型（非忠诚、惯性、潜在、绝对忠诚）；
# - 用“态度 × 行为”忠诚矩阵给客户分类，说出每类该怎么做；用忠诚衡量标准判断客户有多忠诚；
# - 画出各会员等级的客户留存（生存）曲线，读懂它的陷阱；
# - 理解会员体系（等级、成长、权益、传播政策）和积分规则（获得、兑换、过期），算出积分负债；
# - 设计一个积分方案，在预算内模拟它的成本和效果，说出怎样对它做有效评估。
#
# **故事**：上一章你（林晓）用数据检验了满意的客户会不会回来。老板周明想“搞个会员积分，把客户留住”，但财务提醒：
# 积分是要兑现的钱。
# 你的任务：弄清店里客户的忠诚状况，再设计一个花得起、又真能起作用的会员积分方案。

# %% [markdown] tags=["en"]
# # 05 Customer loyalty: a membership system and a points rule
#
# **Learning goals**
# - tell apart the four stages of loyalty (cognitive, affective, conative, behavioural) and the four types
#   (no loyalty, inertia, latent, absolute loyalty);
# - classify customers in the attitude × behaviour loyalty matrix and say what to do with each type; judge how
#   loyal customers are by the loyalty measures;
# - draw customer retention (survival) curves by member tier and see their trap;
# - understand a membership system (tiers, growth, rights, referral policy) and points rules (earning,
#   redemption, expiry), and compute the points liability;
# - design a points scheme, simulate its cost and effect within a budget, and say how to evaluate it properly.
#
# **The story**: last chapter you (Lin Xiao) tested with data whether satisfied customers come back. The owner,
# Zhou Ming, wants
# "a membership card with points to keep customers", but finance warns that points are money the shop will
# have to pay. Your job: understand how loyal the customers are, then design a points scheme the shop can
# afford and that actually works.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_loyalty import *

# %%
import matplotlib.pyplot as plt
import pandas as pd

from crmlab import plot
from crmlab.analysis import (PointsScheme, loyalty_matrix, loyalty_segments, points_ledger_summary,
                             retention_by_tier, survival_by_tier)
from crmlab.schema import label

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 什么是客户忠诚
# **客户忠诚**是客户在较长时间里反复购买、并愿意推荐的倾向。它一步步形成：
# 1. **认知性忠诚**：知道这家店的商品和价格不错；
# 2. **情感性忠诚**：喜欢它，购物感觉好；
# 3. **意向性忠诚**：打算下次还在这里买；
# 4. **行为性忠诚**：真的一次又一次地买。
#
# 只看行为会被骗：有人常买只是因为方便。把**态度**（说什么）和**行为**（做什么）放在一起，得到四种忠诚：
#
# | | 行为高（常买） | 行为低（少买） |
# |---|---|---|
# | **态度高**（喜欢） | 绝对忠诚：重点维护，请他们推荐 | 潜在忠诚：找出阻碍购买的原因（价格、品类、渠道） |
# | **态度低** | 惯性忠诚：有更好选择就走，要培养好感 | 非忠诚：别花大钱 |
#
# **忠诚的价值**：老客户买得更多、服务成本更低、对价格不那么敏感，还会介绍新客户（课程：约 60% 的新客户来自推荐）。

# %% [markdown] tags=["en"]
# ## 1. What loyalty is
# **Customer loyalty** is the tendency to buy again and again over a long time, and to recommend. It builds up
# in stages:
# 1. **cognitive**: knows the shop's products and prices are good;
# 2. **affective**: likes the shop, enjoys buying there;
# 3. **conative**: intends to buy there next time;
# 4. **behavioural**: actually buys there again and again.
#
# Behaviour alone can fool you: some buy often only out of convenience. Put **attitude** (what customers say)
# next to **behaviour** (what they do) and you get four types:
#
# | | behaviour high (buys often) | behaviour low |
# |---|---|---|
# | **attitude high** (likes the shop) | absolute loyalty: look after them, ask for referrals | latent loyalty: find the obstacle (price, range, access) |
# | **attitude low** | inertia loyalty: gone at the first better offer; build liking | no loyalty: do not spend much |
#
# **Loyalty pays**: loyal customers buy more, cost less to serve, mind prices less and bring new customers (the
# course: about 60% of new customers come by referral).

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
n_orders = paid.groupby("customer_id").size()
repeaters = n_orders[n_orders >= 2].index
share_rev = paid.loc[paid["customer_id"].isin(repeaters), "amount"].sum() / paid["amount"].sum()
print(("回头客占买家" if ZH else "repeat buyers, share of buyers") + f": {len(repeaters) / len(n_orders):.1%}")
print(("回头客贡献的销售额占比" if ZH else "repeat buyers, share of sales") + f": {share_rev:.1%}")

# %% [markdown] tags=["zh"]
# ### 忠诚衡量标准
# 怎样判断一位客户是否忠诚、忠诚到什么程度？课程给出六条**衡量标准**：
#
# | 衡量标准 | 越忠诚的客户 | 店里的数据 |
# |---|---|---|
# | 重复购买的次数 | 买得越多次 | 每位买家的已支付订单数 |
# | 在本店购买的比重 | 同类商品越多在本店买 | 平台才有全貌，店里看不到 |
# | 挑选时间 | 挑得越快，不再货比三家 | 从咨询到下单的时间 |
# | 对价格的敏感程度 | 越不在乎价格，不等打折才买 | 带折扣的订单占比 |
# | 对竞争产品的态度 | 越不关心别家的新品和促销 | 问卷、评价里的说法 |
# | 对质量事故的承受能力 | 出了问题也不走，愿意给店铺改正的机会 | 晚到、退货、投诉之后是否还回来 |
#
# 单看一条容易被骗：常买的人也可能只是图便宜。下面先算两条：平均每位买家的已支付订单数，以及已支付订单里带折扣的比例。
# 第三条——对质量事故的承受能力——留给你在 q8 里算。

# %% [markdown] tags=["en"]
# ### Loyalty measures
# How do you tell whether a customer is loyal, and how loyal? The course gives six **measures** (忠诚衡量标准):
#
# | measure | the more loyal the customer | the shop's data |
# |---|---|---|
# | number of repeat purchases | the more times they buy | paid orders per buyer |
# | share of their buying done here | the more of the category they buy here | only the marketplace sees the whole picture |
# | time spent choosing | the faster they choose, no more shopping around | time from a question to the order |
# | price sensitivity | the less they mind prices, not waiting for a discount | share of orders with a discount |
# | attitude to competitors' products | the less they care for rivals' launches and sales | what surveys and reviews say |
# | bearing a quality incident | they stay when something goes wrong and give the shop a chance to fix it | whether they come back after a late delivery, a return, a complaint |
#
# One measure alone can fool you: frequent buyers may only be bargain hunters. First two of them: the mean number of
# paid orders per buyer, and the share of paid orders with a discount. The third, bearing an incident, is yours to
# compute in q8.

# %%
discounted = (paid["discount"] > 0).mean()
print(("平均每位买家的已支付订单数" if ZH else "paid orders per buyer") + f": {n_orders.mean():.2f}")
print(("带折扣的已支付订单占比" if ZH else "share of paid orders with a discount") + f": {discounted:.1%}")

# %%
q8

# %%
tolerant_share = ____

# %% tags=["solution"] solves=["q8"]
late = shop.shipments.loc[shop.shipments["delay_days"] > 1, ["order_id"]].merge(
    paid[["order_id", "customer_id", "order_time"]], on="order_id")
first_late = late.groupby("customer_id")["order_time"].min()
last_paid = paid.groupby("customer_id")["order_time"].max()
tolerant_share = float((last_paid.reindex(first_late.index) > first_late).mean())

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 2. 忠诚矩阵
# `loyalty_segments` 用问卷里的推荐意愿（NPS 9-10 分为“态度高”）和最近一年的购买（2 单及以上为“行为高”）给每位回复过问卷的客户分类。

# %% [markdown] tags=["en"]
# ## 2. The loyalty matrix
# `loyalty_segments` uses the survey's likelihood to recommend (NPS 9-10 = attitude high) and the last year's
# purchases (2+ orders = behaviour high) to classify every surveyed customer.

# %%
seg = loyalty_segments(shop)
seg.head()

# %%
loyalty_matrix(seg)

# %% [markdown] tags=["zh"]
# ### 练习 q1：每种忠诚类型有多少人？
# 做一张表 `loyalty_counts`，列为 `loyalty` 和 `n_customers`。

# %% [markdown] tags=["en"]
# ### Exercise q1: how many customers of each loyalty type?
# Build a table `loyalty_counts` with columns `loyalty` and `n_customers`.

# %%
loyalty_counts = ____

# %% tags=["solution"] solves=["q1"]
loyalty_counts = seg.groupby("loyalty").size().rename("n_customers").reset_index()

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ### 练习 q2 和 q3：判断类型和阶段

# %% [markdown] tags=["en"]
# ### Exercises q2 and q3: name the type and the stage

# %%
q2

# %%
habit_type = ____

# %% tags=["solution"] solves=["q2"]
habit_type = "B"

# %%
q2.check()

# %%
q3

# %%
loyalty_stage = ____

# %% tags=["solution"] solves=["q3"]
loyalty_stage = "C"

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ## 3. 客户能留多久？各等级的生存曲线
# 把每位买家从第一次购买算起，到最后一次购买为止；如果数据结束前已有 180 天没买，就算“流失”，否则算“仍活跃”（删失）。
# **Kaplan-Meier 曲线**给出“第 t 天仍在购买的客户比例”，它正确处理了还没流失的客户。
#
# **陷阱**：`member_tier` 是期末的等级。留得久的客户有更多时间升级，所以高等级的曲线“天生”更好看——
# 这不能证明会员等级**让**客户留下。要回答因果问题，需要实验（第 6 章的 A/B 测试）。

# %% [markdown] tags=["en"]
# ## 3. How long do customers stay? Survival curves by tier
# Follow each buyer from the first purchase to the last; a buyer with no order in the last 180 days of the
# data has lapsed, the others are still active (censored). The **Kaplan-Meier curve** gives the share of
# customers still buying on day t, handling the customers who have not lapsed yet correctly.
#
# **The trap**: `member_tier` is the tier at the end. Customers who stayed longer had more time to climb, so
# higher tiers look better by construction: this does not prove that tiers *make* customers stay. A causal
# answer needs an experiment (chapter 6's A/B tests).

# %%
km = survival_by_tier(shop)
fig, ax = plt.subplots(figsize=(8, 4))
for tier, g in km.groupby("tier_label", sort=False):
    ax.step(g["time"], g["survival"], where="post", label=tier)
ax.set_xlabel(("距首次购买的天数" if ZH else "days since first purchase"))
ax.set_ylabel(("仍在购买的客户比例" if ZH else "share still buying"))
ax.legend();

# %%
km.attrs["median_days"]

# %%
retention_by_tier(shop, n_periods=6).round(2)

# %% [markdown] tags=["zh"]
# ### 练习 q4：全体客户的寿命中位数
# 不分等级，把所有买家当作一组：客户寿命的 Kaplan-Meier 中位数是多少天？写进 `median_lifetime`。

# %% [markdown] tags=["en"]
# ### Exercise q4: the median lifetime of all customers
# Treat all buyers as one group: what is the Kaplan-Meier median lifetime in days? Put it in `median_lifetime`.

# %%
median_lifetime = ____

# %% tags=["solution"] solves=["q4"]
everyone = pd.Series("all", index=shop.customers["customer_id"])
median_lifetime = survival_by_tier(shop, inactivity_days=180, tier=everyone).attrs["median_days"]["all"]

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. 会员体系和积分
# 一个**会员体系**包括：
# - **会员等级**：如普通、银卡、金卡、钻石，按累计消费（成长值）升级；
# - **成长模式**：怎样升级、怎样保级（例如一年内消费不够就降级）；
# - **会员权益**：积分倍数、会员折扣，还有专属客服、优先发货、生日礼等非金钱权益；
# - **会员传播政策**：老带新的奖励。
#
# **积分规则**：每消费 1 元得几分（生成规则），多少分可以兑换（门槛），1 分值多少钱，积分多久过期。
# 没兑换、没过期的积分是店铺欠会员的钱——**积分负债**。先看店里真实的积分流水：

# %% [markdown] tags=["en"]
# ## 4. Membership and points
# A **membership system** has:
# - **tiers**: e.g. regular, silver, gold, diamond, reached by cumulative spend (growth value);
# - a **growth model**: how to climb and how to keep a tier (e.g. drop a tier without enough spend in a year);
# - **rights**: points multipliers and member prices, and non-monetary ones: a dedicated service line,
#   priority shipping, a birthday gift;
# - a **referral policy**: rewards for bringing friends.
#
# **Points rules**: points per CNY spent (earning rule), the minimum to redeem, what a point is worth, when
# points expire. Points neither redeemed nor expired are money the shop owes: the **points liability**. The
# shop's real ledger first:

# %%
shop.customers["member_tier"].value_counts()

# %%
ledger = points_ledger_summary(shop.points_ledger)
events = {"issued": label("event_type", "earn"), "redeemed": label("event_type", "redeem"),
          "expired": label("event_type", "expire")}  # the ledger's event names, in the notebook's language
ax = plot.time_series(ledger[list(events)], labels=events, ylabel=("积分（每月）" if ZH else "points per month"))
ax2 = ax.twinx()  # a second scale on the right: the liability in CNY
plot.time_series(ledger["liability_cny"], ax=ax2, color="black", ls="--",
                 ylabel=("积分负债（元，虚线）" if ZH else "points liability (CNY, dashed)"))
ax2.grid(False);

# %% [markdown] tags=["zh"]
# ### 会员传播政策
# **会员传播政策**是鼓励会员把店铺推荐给别人的规则，最常见的是“老带新”：会员推荐好友注册、完成首单，双方都得到积分或优惠券。
# 它把忠诚客户变成店铺的推广渠道——课程资料说约 60% 的新客户来自推荐，而推荐来的客户获客成本低、信任度高。
# 政策要写清：谁能推荐、被推荐人做到什么才算（注册还是首单）、奖励给谁、给多少、有没有上限（防止刷单）。
#
# 客户表的 `referrer_id` 记录了每位被推荐客户的推荐人。下面按推荐人的会员等级，数一数每个等级的会员平均推荐来几位新客户：

# %% [markdown] tags=["en"]
# ### The member referral policy
# The **member referral policy** (会员传播政策) is the set of rules that get members to recommend the shop, most often
# "bring a friend": when a member's friend signs up and pays a first order, both get points or a coupon. It turns
# loyal customers into a promotion channel: the course material says about 60% of new customers come by referral,
# and referred customers cost little to win and trust the shop more. The policy must say who may refer, what the
# friend must do (sign up or pay a first order), who is rewarded, how much, and whether there is a cap (against
# fake orders).
#
# The customers table's `referrer_id` records who referred each referred customer. Below, by the referrer's member
# tier, the mean number of new customers each member of the tier brought in:

# %%
tiers = shop.customers.set_index("customer_id")["member_tier"]
referred = shop.customers["referrer_id"].dropna().astype(int)
per_member = (referred.map(tiers).value_counts() / tiers.value_counts()).reindex(
    ["regular", "silver", "gold", "diamond"])
per_member.rename(index=lambda code: label("member_tier", code)).round(3)

# %%
q9

# %%
referral_rule = ____

# %% tags=["solution"] solves=["q9"]
referral_rule = "B"

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ### 练习 q5：积分负债
# a) 店铺真实流水中，期末的积分负债 `liability_now` 是多少元？
# b) 如果默认方案的积分永不过期，模拟出的负债 `liability_no_expiry` 是多少元？（`random_state=0`）

# %% [markdown] tags=["en"]
# ### Exercise q5: points liability
# a) From the shop's real ledger, what is the liability `liability_now` at the end (CNY)?
# b) If the default scheme's points never expired, what liability `liability_no_expiry` does the simulation give
#    (`random_state=0`)?

# %%
liability_now = ____
liability_no_expiry = ____

# %% tags=["solution"] solves=["q5.a", "q5.b"]
liability_now = ledger["liability_cny"].iloc[-1]
liability_no_expiry = PointsScheme(expiry_months=None).simulate(shop, random_state=0).summary["liability_cny"]

# %%
q5.a.check()

# %%
q5.b.check()

# %% [markdown] tags=["zh"]
# ## 5. 设计一个积分方案并模拟
# `PointsScheme` 描述一个方案；`check_design()` 检查经验规则（等级越高权益不减、最高回馈率不超过 10%、积分至少存活 6 个月、
# 兑换门槛在 1,000 元消费内可达、等级门槛至少相差一倍）。`simulate(shop)` 把方案放到店里**真实的订单**上跑一遍：
# 发了多少分、兑了多少、过期多少、期末负债、总成本占销售额的比例，以及按行为假设估计的新增订单和毛利。
#
# 注意：新增订单来自两个**假设**——价格敏感的客户对回馈有反应（`elasticity`），快升级的客户会多买（`proximity_lift`）。
# 它们是讨论的起点，不是测量结果。

# %% [markdown] tags=["en"]
# ## 5. Design a points scheme and simulate it
# `PointsScheme` describes a scheme; `check_design()` checks rules of thumb (rights do not fall with the tier,
# the top reward rate stays within 10%, points live at least 6 months, the minimum redemption is reachable within
# 1,000 CNY of spend, thresholds at least double). `simulate(shop)` runs the scheme on the shop's **real orders**:
# points issued, redeemed, expired, the liability at the end, the total cost as a share of revenue, and the extra
# orders and margin under a behavioural assumption.
#
# Mind that the extra orders come from two **assumptions**: price-sensitive customers react to rewards
# (`elasticity`), customers close to the next tier buy more (`proximity_lift`). They start a discussion; they are
# not measurements.

# %%
default = PointsScheme()
default.check_design()

# %%
res = default.simulate(shop, random_state=0)
res.summary.round(4)

# %%
res.customers["final_tier"].value_counts(normalize=True).round(3)

# %% [markdown] tags=["zh"]
# 默认门槛下，上面的比例里有多少人升到了银卡或以上？要回答门槛定得合不合适，先看这家店买家的累计消费有多少：

# %% [markdown] tags=["en"]
# Under the default thresholds, how many of the shares above reached silver or higher? Whether the thresholds fit
# depends on how much this shop's buyers spend in total:

# %%
paid.groupby("customer_id")["amount"].sum().quantile([0.5, 0.75, 0.85, 0.9, 0.95, 0.99]).round(0)

# %% [markdown] tags=["zh"]
# ### 练习 q6：设计你的方案
# 写一个 `scheme = PointsScheme(...)`：通过 `check_design`；模拟成本不超过销售额的 2%；至少 15% 的买家升到银卡或以上；
# 预计新增毛利大于成本（`net_effect > 0`）。先试，再看 `scheme.simulate(shop, random_state=0).summary`。

# %% [markdown] tags=["en"]
# ### Exercise q6: design your scheme
# Write `scheme = PointsScheme(...)`: it passes `check_design`; its simulated cost is at most 2% of revenue; at
# least 15% of buyers reach silver or above; the expected extra margin exceeds the cost (`net_effect > 0`). Try,
# then look at `scheme.simulate(shop, random_state=0).summary`.

# %%
scheme = ____

# %% tags=["solution"] solves=["q6"]
scheme = PointsScheme(tier_thresholds=(200, 500, 1500))

# %%
q6.check()

# %%
mine = PointsScheme(tier_thresholds=(200, 500, 1500)).simulate(shop, random_state=0)
both = pd.DataFrame({"mine": mine.timeline["liability_cny"], "default": res.timeline["liability_cny"]})
plot.time_series(both, labels={"mine": ("你的方案 (200, 500, 1500)" if ZH else "your scheme (200, 500, 1500)"),
                               "default": ("默认方案" if ZH else "default scheme")},
                 ylabel=("积分负债（元）" if ZH else "points liability (CNY)"));

# %% [markdown] tags=["zh"]
# **动手试一试：积分方案设计器。** 下面把同一个模拟放到滑块上，每动一次都在本店真实订单上重算。先把“每元积分”从 1 拖到 3，
# 看成本占销售额和积分负债涨了多少、图中“本方案：获得”离灰色虚线（本店现行方案的真实积分流水）有多远；再把“有效期（月）”
# 缩到 3 个月，看“过期”曲线和经验规则表里哪一条变成“不符合”。

# %% [markdown] tags=["en"]
# **Try it: the points-scheme designer.** The same simulation on sliders, rerun on the shop's real orders at every
# move. Drag "points per CNY" from 1 to 3: how much do the cost share and the liability grow, and how far does
# "this design: earned" rise above the grey dashed line (the shop's real points ledger under its current scheme)?
# Then cut "expiry (months)" to 3: watch the "expired" line and which rule of thumb turns to "fails".

# %%
crmlab.widgets.points_designer(shop)

# %% [markdown] tags=["zh"]
# ### 有效评估
# 会员体系和积分方案上线之后，要做**有效评估**：用数据检验它值不值。看四样东西：
# - **成本**：发出的积分、会员折扣和礼品花了多少钱，占销售额多少；
# - **积分负债**：没兑换、没过期的积分是店铺欠会员的钱；
# - **效果**：升级的人数、复购率、客单价、新增毛利——而且要和**对照组**比（上线时随机留一组会员不参加），
#   否则分不清是方案带来的，还是大促、新品或客户本来就会买；
# - **净效果**：新增毛利减去成本，为正才值得继续。
#
# 你在上面的模拟里已经看到了成本、负债和按假设估计的新增毛利；上线后，这些假设要由对照实验来检验（第 6 章的 A/B 测试）。

# %% [markdown] tags=["en"]
# ### Evaluating the scheme
# Once the membership system and the points scheme are live, they need **proper evaluation** (有效评估): data that
# shows whether they are worth it. Look at four things:
# - **cost**: what points, member discounts and gifts cost, as a share of sales;
# - **points liability**: points neither redeemed nor expired are money the shop owes;
# - **effect**: members climbing tiers, repurchase, order value, extra margin, compared with a **control group** (a
#   random group of members kept out at launch); otherwise you cannot tell the scheme's effect from a big sale, new
#   products or customers who would have bought anyway;
# - **net effect**: extra margin minus cost; only a positive one is worth keeping.
#
# The simulation above showed you the cost, the liability and the extra margin under assumptions; after launch, a
# controlled experiment must test those assumptions (the A/B tests of chapter 6).

# %%
q10

# %%
evaluation = ____

# %% tags=["solution"] solves=["q10"]
evaluation = "C"

# %%
q10.check()

# %% [markdown] tags=["zh"]
# ### 练习 q7：思考题
# 为你的方案写出每个等级的权益和成长路径；说明“效果”依赖哪些假设，上线后怎样用 A/B 测试检验。

# %% [markdown] tags=["en"]
# ### Exercise q7: reflection
# Write each tier's rights and the growth path of your scheme; say which assumptions the effect rests on and how
# an A/B test after launch would check them.

# %%
reflection = ____

# %% tags=["zh", "solution"] solves=["q7"]
reflection = ("银卡：1.2 倍积分、优先发货；金卡：再加 2% 会员价和专属客服；钻石：5% 会员价、生日礼、新品试用。"
              "一年内消费不到门槛就降一级。新增订单来自 elasticity 和 proximity_lift 两个假设；上线时留 20% 会员做对照组，"
              "三个月后比较复购率和客单价，同时监控积分负债。")

# %% tags=["en", "solution"] solves=["q7"]
reflection = ("Silver: 1.2x points, priority shipping; gold: also 2% member price and a dedicated line; diamond: 5%, "
              "a birthday gift, product trials. Drop a tier without enough spend in a year. The extra orders rest on "
              "the elasticity and proximity_lift assumptions; keep 20% of members as a control group and compare "
              "repurchase after three months, watching the liability.")

# %%
q7.check()

# %% [markdown] tags=["zh"]
# ## 6. 案例讨论：泰国东方饭店
# 财务提醒林晓：“积分是要兑现的钱。”陈静却给她讲了一个不花积分的故事（课程教案）：企业家 A 先生第二次入住泰国东方饭店，
# 楼层服务生叫得出他的名字，餐厅服务员问“还要老位子吗？”“老菜单？一个三明治，一杯咖啡，一个鸡蛋？”——上一次已是一年前。
# 此后三年 A 先生没再去泰国，生日那天却收到饭店的贺卡：“您已经三年没有来过我们这里了，我们全体人员都非常想念您。”
#
# 1. 饭店记录了 A 先生哪些信息？靠的是软件，还是每个员工？
# 2. A 先生的忠诚属于认知性、情感性、意向性还是行为性忠诚？按忠诚矩阵，他是哪一类？
# 3. 三年没来的客户，算流失客户吗？饭店的做法对青禾生活馆唤回老客户有什么启发？
#
# 把你的要点写进 `case_notes`，课堂讨论之后用 `q11.solution()` 对照讨论要点。

# %% [markdown] tags=["en"]
# ## 6. Case discussion: the Oriental Hotel in Bangkok
# Finance reminds Lin Xiao: "Points are money we will have to pay." Chen Jing tells her a story without any points
# (from the course's lesson plans): on his second stay at the Oriental Hotel in Bangkok, the businessman Mr A is
# greeted by name on his floor, and the waiter asks: "Your usual seat? The usual breakfast: a sandwich, a coffee, an
# egg?" His last stay was a year before. For the next three years Mr A does not go back to Thailand, yet on his
# birthday a card arrives from the hotel: "You have not been with us for three years; all of us miss you very
# much."
#
# 1. What did the hotel record about Mr A? Was it the software, or every member of staff?
# 2. Is Mr A's loyalty cognitive, affective, conative or behavioural? Which type of the loyalty matrix is he?
# 3. Is a customer who has not come for three years a lost customer? What does the hotel teach Qinghe Living about
#    winning old customers back?
#
# Write your points in `case_notes`; after the class discussion, compare them with `q11.solution()`.

# %%
q11

# %%
case_notes = ____

# %% tags=["solution"] solves=["q11"]
case_notes = ("饭店记下了姓名、座位、菜单和生日，靠数据库，更靠每个员工都用它。叫得出名字让 A 先生喜欢这里，是情感性忠诚，"
              "三年没来仍有好感，属于潜在忠诚。网店可以按最近购买时间找出这样的老客户，用记得他们喜好的关怀唤回。")

# %%
q11.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一个会员与积分方案：会员层级和积分规则，以及它在店里真实订单上的模拟结果：要发出多少积分、
# 积分负债有多大、是否在财务的预算之内。
#
# - 忠诚 = 态度 + 行为；四阶段：认知 → 情感 → 意向 → 行为；四类型：非忠诚、惯性、潜在、绝对忠诚。
# - 生存曲线展示客户能留多久；按期末等级分组会高估高等级的作用。
# - 忠诚要用衡量标准来判断：重复购买次数、在本店购买的比重、挑选时间、价格敏感度、对竞争产品的态度、对质量事故的承受能力。
# - 会员体系 = 等级 + 成长 + 权益 + 传播政策（老带新）；积分规则 = 生成 + 兑换 + 过期；未兑换的积分是负债。
# - 有效评估：成本、负债、和对照组比较的效果，新增毛利减去成本为正才值得继续。
# - 方案先过经验规则，再在真实订单上模拟成本；效果估计依赖假设，要用实验验证。
#
# | 中文 | English |
# |---|---|
# | 客户忠诚度 | customer loyalty |
# | 认知性 / 情感性 / 意向性 / 行为性忠诚 | cognitive / affective / conative / behavioural loyalty |
# | 非忠诚 / 惯性忠诚 / 潜在忠诚 / 绝对忠诚 | no loyalty / inertia / latent / absolute loyalty |
# | 忠诚价值 | loyalty value |
# | 忠诚衡量标准 | loyalty measures |
# | 会员传播政策 | member referral policy |
# | 有效评估 | evaluating the membership scheme |
# | 会员体系 / 会员等级 / 会员权益 | membership system / member tier / member rights |
# | 成长模式 | growth model |
# | 会员积分 / 积分兑换 | member points / points redemption |
# | 积分负债 | points liability |
# | 生存曲线 | survival curve (Kaplan-Meier) |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a membership and points scheme: the tiers and the points
# rules, and what it does on the shop's real orders: the points issued, the points liability, and whether it stays
# within finance's budget.
#
# - Loyalty = attitude + behaviour; four stages: cognitive → affective → conative → behavioural; four types: no,
#   inertia, latent, absolute loyalty.
# - Survival curves show how long customers stay; grouping by the tier at the end flatters the higher tiers.
# - Judge loyalty by its measures: repeat purchases, share of buying done here, time spent choosing, price
#   sensitivity, attitude to competitors, bearing a quality incident.
# - Membership = tiers + growth + rights + referral policy (bring a friend); points rules = earning + redemption +
#   expiry; unredeemed points are a liability.
# - Proper evaluation: cost, liability, the effect against a control group; keep a scheme only if extra margin
#   beats its cost.
# - Check a scheme against rules of thumb, then simulate its cost on real orders; its effect rests on assumptions
#   an experiment must test.
#
# | English | 中文 |
# |---|---|
# | customer loyalty | 客户忠诚度 |
# | cognitive / affective / conative / behavioural loyalty | 认知性 / 情感性 / 意向性 / 行为性忠诚 |
# | no loyalty / inertia / latent / absolute loyalty | 非忠诚 / 惯性忠诚 / 潜在忠诚 / 绝对忠诚 |
# | loyalty value | 忠诚价值 |
# | loyalty measures | 忠诚衡量标准 |
# | member referral policy | 会员传播政策 |
# | evaluating the membership scheme | 有效评估 |
# | membership system / member tier / member rights | 会员体系 / 会员等级 / 会员权益 |
# | growth model | 成长模式 |
# | member points / points redemption | 会员积分 / 积分兑换 |
# | points liability | 积分负债 |
# | survival curve (Kaplan-Meier) | 生存曲线 |
