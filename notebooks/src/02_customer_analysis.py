# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 02 客户分析：谁是我们的客户，该重点服务谁
#
# **学习目标**
# - 区分消费者、顾客和客户；潜在、目标、现实和流失客户，以及非客户；
# - 用需求强度做客户识别：找出最值得跟进的潜在客户；
# - 用客户金字塔（VIP、主要、普通、小客户）和 ABC 分类衡量客户价值，读懂帕累托曲线和基尼系数；
# - 按地理变量、人口统计变量、消费行为属性和电商平台属性细分客户，读懂细分画像表；
# - 用 k-means 聚类细分客户，用肘部法和轮廓系数选择 k；
# - 按规则完成客户定位：选出目标客户群。
#
# **故事**：老板周明看了你（林晓）上一章交来的客户总览表，问：“这么多客户，客服只有几个人，总不能对每个人都一样用力吧？
# 谁最值钱？下一季的推广该对准哪一群人？”

# %% [markdown] tags=["en"]
# # 02 Customer analysis: who our customers are, and whom to serve first
#
# **Learning goals**
# - tell consumers, shoppers and customers apart; potential, target, current and lost customers, and non-customers;
# - identify customers by the intensity of their demand: find the potential customers most worth following up;
# - measure customer value with the customer pyramid (VIP, major, ordinary, small) and the ABC classification;
#   read the Pareto curve and the Gini coefficient;
# - segment customers by geographic, demographic, behavioural and platform variables and read segment profiles;
# - segment customers with k-means and choose k with the elbow and the silhouette;
# - target by rules: choose the target segment.
#
# **The story**: the owner, Zhou Ming, has read the customer overview you (Lin Xiao) handed in last chapter and
# asks: "We have so many customers and only a few
# service staff; we can't give everyone the same effort. Who is worth the most? Which group should next season's
# promotion aim at?"

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_analysis import *

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab import plot
from crmlab.analysis import (abc_classification, choose_k, customer_table, gini, kmeans_segments, pareto_share,
                             rfm_summary, segment_profile, value_tiers)

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
paid = shop.orders[shop.orders["payment_status"] == "paid"]

# %% [markdown] tags=["zh"]
# ## 1. 消费者、顾客与客户
# - **消费者**：购买和使用商品或服务的任何人，是最宽泛的概念。
# - **顾客**：到店里购买过的人；店铺不一定知道他是谁，一次交易就结束了。
# - **客户**：店铺掌握其信息、与之建立了持续关系、并提供个性化服务的人。CRM 的目标之一，就是把顾客变成客户。
#
# 按与店铺的关系阶段，客户又分为：
# - **潜在客户**：有需要、可能购买但还没有买的人（比如注册了还没下单）；
# - **目标客户**：店铺**选定**要重点争取和服务的人——这是店铺的决定，不是数据里现成的一列；
# - **现实客户**：正在购买的客户；
# - **流失客户**：曾经购买、但已经不再购买的客户。

# %% [markdown] tags=["en"]
# ## 1. Consumers, shoppers and customers
# - **consumer** (消费者): anyone who buys and uses products or services; the widest notion.
# - **shopper** (顾客): someone who bought at the shop; the shop may not know who they are, and the deal ends there.
# - **customer** (客户): someone the shop knows, has an ongoing relationship with, and serves individually. One aim
#   of CRM is to turn shoppers into customers.
#
# By stage of the relationship, customers are:
# - **potential**: people with a need who may buy but have not yet (e.g. registered, never ordered);
# - **target**: the people the shop **chooses** to win and serve first: a decision, not a column of the data;
# - **current**: customers who are buying;
# - **lost**: customers who bought before but no longer do.

# %%
q1

# %%
who = ____

# %% tags=["solution"] solves=["q1"]
who = "C"

# %%
q1.check()

# %% [markdown] tags=["zh"]
# 用数据给每位客户贴上阶段标签：从未有已支付订单的是潜在客户；最近 180 天买过的是现实客户；其余买过的是流失客户。

# %% [markdown] tags=["en"]
# Label each customer's stage from the data: never a paid order = potential; bought in the last 180 days = current;
# the other buyers = lost.

# %%
n_potential = ____
n_current = ____
n_lost = ____

# %% tags=["solution"] solves=["q2.a", "q2.b", "q2.c"]
n_potential = int((~shop.customers["customer_id"].isin(paid["customer_id"])).sum())
last = paid.groupby("customer_id")["order_time"].max()
cutoff = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1) - pd.Timedelta(days=180)
n_current = int((last >= cutoff).sum())
n_lost = int((last < cutoff).sum())

# %%
q2.a.check()
q2.b.check()
q2.c.check()

# %% [markdown] tags=["zh"]
# ### 非客户、客户识别与需求强度
# 并不是每个人都值得争取。**非客户**是没有这种需要、或者根本不可能购买店铺商品和服务的人：比如店铺不发货地区的人、
# 与店里的十个品类毫无关系的人。在非客户身上花推广费，钱就白花了。
#
# **客户识别**是从众多消费者中认出潜在客户、目标客户和优质客户，好区别对待；在客服工作中，它还指一眼认出来咨询的
# 是新客户、老客户还是 VIP 客户。识别的一个重要依据是**需求强度**：客户对商品或服务需要的迫切程度和数量。
# 需求越强、又有购买能力的人，越可能成为现实客户。
#
# 网店里，需求强度会留下痕迹：下单后没付款、在千牛上咨询“什么时候发货”、反复浏览同一件商品。
# 林晓手上的 `shop.chats` 记录了每个千牛会话处在售前、售中还是售后（`stage`）。先看看各阶段各有多少会话：

# %% [markdown] tags=["en"]
# ### Non-customers, customer identification and intensity of demand
# Not everyone is worth winning. **Non-customers** (非客户) have no such need or no way at all to buy the shop's
# products and services: people where the shop does not ship, or whose lives have nothing to do with its ten
# categories. Promotion spent on non-customers is money wasted.
#
# **Customer identification** (客户识别) picks potential, target and high-quality customers out of all consumers,
# so that they can be treated differently; in customer service it also means recognising at once whether the person
# asking is a new customer, an old one or a VIP. One key to it is the **intensity of demand** (需求强度): how
# pressing and how large a customer's need is. The stronger the need, given the means to pay, the more likely the
# person becomes a current customer.
#
# Online, the intensity of demand leaves traces: an order left unpaid, a chat asking "when will it ship?", the same
# product viewed again and again. Lin Xiao's `shop.chats` records whether each chat session was pre-sale, in-sale or
# after-sale (`stage`). First, the number of sessions at each stage:

# %%
shop.chats["stage"].value_counts()

# %%
q10

# %%
non_customer = ____

# %% tags=["solution"] solves=["q10"]
non_customer = "D"

# %%
q10.check()

# %% [markdown] tags=["zh"]
# 潜在客户里，谁的需求更强？在售前主动来问过的人，比只注册过的人更接近下单。把他们识别出来，就是客服下一步要跟进的名单。

# %% [markdown] tags=["en"]
# Among the potential customers, whose need is stronger? People who asked before buying are closer to an order than
# those who only registered. Identifying them gives service its follow-up list.

# %%
q11

# %%
n_inquired = ____

# %% tags=["solution"] solves=["q11"]
never_paid = shop.customers.loc[~shop.customers["customer_id"].isin(paid["customer_id"]), "customer_id"]
pre_sale = shop.chats[shop.chats["stage"] == "pre_sale"]
n_inquired = int(pre_sale.loc[pre_sale["customer_id"].isin(never_paid), "customer_id"].nunique())

# %%
q11.check()

# %%
q12

# %%
strongest = ____

# %% tags=["solution"] solves=["q12"]
strongest = "B"

# %%
q12.check()

# %% [markdown] tags=["zh"]
# ## 2. 客户价值：金字塔、ABC 与帕累托
# 客户对店铺的价值差别很大。**客户金字塔**按消费额把客户排序分层：最顶端约 1% 是 **VIP 客户**，接下来 4% 是
# **主要客户**，再 15% 是**普通客户**，其余 80% 是**小客户**。**ABC 分类**则按累计消费占比划线：
# 从最好的客户往下数，贡献前 80% 消费的是 A 类，接下来 15% 是 B 类，最后 5% 是 C 类。
#
# 两种分法都在回答同一个问题：**少数客户带来了多少价值？**“二八法则”说前 20% 的客户带来 80% 的利润；
# 真实比例要用数据算。

# %% [markdown] tags=["en"]
# ## 2. Customer value: the pyramid, ABC and Pareto
# Customers differ greatly in value. The **customer pyramid** ranks customers by spend: the top 1% are **VIP**, the
# next 4% **major**, the next 15% **ordinary**, the remaining 80% **small** customers. The **ABC classification**
# draws lines on cumulative spend: going down from the best customer, those who bring the first 80% of spend are A,
# the next 15% B, the last 5% C.
#
# Both answer one question: **how much value do the few best customers bring?** The "80/20 rule" says the top 20%
# bring 80% of profit; the real share has to be computed.

# %%
spend = paid.groupby("customer_id")["amount"].sum()
tiers = value_tiers(spend)
tiers.head()

# %%
tier_table = ____

# %% tags=["solution"] solves=["q3"]
tier_table = tiers.groupby("tier_code").agg(customers=("value", "size"), spend=("value", "sum")).reset_index()
tier_table["spend_share"] = tier_table["spend"] / tier_table["spend"].sum()

# %%
q3.check()

# %% [markdown] tags=["zh"]
# 帕累托曲线把客户从高到低排好，画出“前 x% 的客户带来了多少比例的消费”。曲线越向左上方鼓，店铺越依赖少数客户；
# 基尼系数把这种不平均压缩成一个 0 到 1 的数。

# %% [markdown] tags=["en"]
# The Pareto curve ranks customers from best to worst and plots the share of spend that the top x% bring. The more
# the curve bows to the top left, the more the shop lives on a few customers; the Gini coefficient squeezes that
# inequality into one number between 0 and 1.

# %%
ax = plot.pareto_curve(spend, locale="{{LOCALE}}")

# %%
share_a = ____
top20_share = ____
gini_spend = ____

# %% tags=["solution"] solves=["q4.a", "q4.b", "q4.c"]
share_a = float((abc_classification(spend)["abc"] == "A").mean())
top20_share = pareto_share(spend, top=0.2)
gini_spend = gini(spend)

# %%
q4.a.check()
q4.b.check()
q4.c.check()

# %% [markdown] tags=["zh"]
# ### 练习：自己写 ABC 分类
# 库函数很方便，但你应该知道它在做什么。写函数 `abc_class(spend)`（规则见下面的题目）。

# %% [markdown] tags=["en"]
# ### Exercise: the ABC classification by hand
# Library functions are handy, but you should know what they do. Write `abc_class(spend)` (rules in the prompt).

# %%
q5

# %%
abc_class = ____

# %% tags=["solution"] solves=["q5"]
def abc_class(spend):
    s = spend.sort_values(ascending=False)
    before = s.cumsum().shift(fill_value=0) / s.sum()
    cls = pd.Series(np.where(before < 0.8, "A", np.where(before < 0.95, "B", "C")), index=s.index)
    return cls.reindex(spend.index)


# %%
q5.check()

# %% [markdown] tags=["zh"]
# ## 3. 客户细分
# **客户细分**把客户分成内部相似、彼此不同的群体，以便区别对待。常用的细分变量有四类：
#
# | 类别 | 例子（本店数据中的列） |
# |---|---|
# | 地理变量 | 地区 `region`、城市等级 `city_tier` |
# | 人口统计变量 | 性别 `gender`、年龄段 `age_band` |
# | 消费行为属性 | 购买次数 `frequency_band`、会员等级 `member_tier` |
# | 电商平台属性 | 常用终端 `device`、获客渠道 `acquisition_channel` |
#
# `customer_table` 把客户属性和 RFM（最近一次购买、购买次数、消费额）放进一张表，`segment_profile` 为每个变量的
# 每个取值做一行画像。最有用的一列是 **value_index（价值指数）= 消费额占比 ÷ 人数占比**：大于 1，说明这群人
# “人少钱多”，贡献的消费额占比高于他们在人数上的占比。

# %% [markdown] tags=["en"]
# ## 3. Customer segmentation
# **Segmentation** splits customers into groups that are alike inside and different from each other, so they can be
# treated differently. Four kinds of variables are common:
#
# | kind | examples (columns of the shop's data) |
# |---|---|
# | geographic | `region`, `city_tier` |
# | demographic | `gender`, `age_band` |
# | behavioural | `frequency_band` (number of purchases), `member_tier` |
# | platform | `device`, `acquisition_channel` |
#
# `customer_table` puts customer attributes and RFM (recency, frequency, monetary) in one table; `segment_profile`
# makes one profile row for each level of each variable. The most useful column is **value_index = share of spend ÷
# share of customers**: above 1, the group brings more value than its head count.

# %%
table = customer_table(shop.customers, orders=shop.orders)
segment_profile(table, "platform").round(3)

# %%
geo = segment_profile(table, ["region"]).sort_values("value_index")
ax = geo.plot.barh(x="level", y="value_index", legend=False, figsize=(6, 3), color="#4C72B0")
ax.axvline(1, color="grey", linestyle="--")
ax.set_xlabel(("价值指数（消费额占比 ÷ 人数占比）" if ZH else "value index (spend share ÷ head share)"))
ax.set_ylabel("");

# %%
q6

# %%
best_region = ____

# %% tags=["solution"] solves=["q6"]
profile = segment_profile(table, ["region"])
best = profile.loc[profile["value_index"].idxmax(), "level"]
best_region = {"华东": "A", "华南": "B", "华北": "C", "华中": "D", "西南": "E", "西北": "F", "东北": "G"}[best]

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 4. 让数据自己分群：k-means
# 按一个变量细分简单直观，但客户的差别往往是几个维度一起的。**k-means 聚类**在（标准化后的）R、F、M 三个维度上
# 把客户分成 k 群，使每群内部尽量接近。k 由我们决定：
# - **肘部法**：画出不同 k 的组内平方和（inertia），找曲线“拐弯”的地方；
# - **轮廓系数**（silhouette）：每位客户离本群多近、离最近的别群多远，越高越好。
#
# 两种方法不一致时，选业务上讲得通、能分别制定策略的 k。

# %% [markdown] tags=["en"]
# ## 4. Let the data form the groups: k-means
# One variable at a time is simple, but customers usually differ on several dimensions together. **k-means**
# clustering splits customers into k groups on (scaled) recency, frequency and monetary value, keeping each group as
# tight as possible. We choose k:
# - the **elbow**: plot the within-cluster sum of squares (inertia) for each k and look for the bend;
# - the **silhouette**: how close each customer is to their own group versus the nearest other one; higher is
#   better.
#
# When they disagree, pick the k the business can act on: one strategy per group.

# %%
rfm = rfm_summary(shop.orders)
scores = choose_k(rfm, k_range=range(2, 7))
fig, axes = plt.subplots(1, 2, figsize=(9, 3))
scores["inertia"].plot(ax=axes[0], marker="o", title=("肘部法：组内平方和" if ZH else "elbow: inertia"))
scores["silhouette"].plot(ax=axes[1], marker="o", color="#DD8452",
                          title=("轮廓系数" if ZH else "silhouette"))
plt.tight_layout()
scores

# %%
best_k = ____

# %% tags=["solution"] solves=["q7"]
best_k = int(scores["silhouette"].idxmax())

# %%
q7.check()

# %%
seg = kmeans_segments(rfm, k=int(scores["silhouette"].idxmax()))  # the k with the best silhouette
seg.profiles.round(2)

# %% [markdown] tags=["zh"]
# 每一群都有一个名字（如“重要价值客户”）：它来自这群客户的 R、F、M 相对全体是高还是低。第 9 章会详细讲 RFM 模型。

# %% [markdown] tags=["en"]
# Each group gets a name (such as "important value customers") from whether its R, F and M are above or below all
# customers'. Chapter 9 covers the RFM model in depth.

# %% [markdown] tags=["zh"]
# ## 5. 客户定位：选出目标客户
# **客户定位**就是在细分的基础上，决定店铺要重点争取和服务哪一群客户，再为他们设计产品、价格、渠道和沟通方式。
# 好的目标客户群要**够大**（值得投入）、**够有价值**（价值指数高）、**够清楚**（能找到、能触达）。
#
# 下面的设计题把这些要求写成了规则。用一个细分变量选出你的目标客户群。

# %% [markdown] tags=["en"]
# ## 5. Targeting: choose the target customers
# **Customer targeting** (客户定位) decides, on top of the segments, which group the shop will win and serve first,
# then designs products, prices, channels and communication for it. A good target is **big enough** (worth the
# effort), **valuable enough** (a high value index) and **clear enough** (can be found and reached).
#
# The design exercise below turns these demands into rules. Choose your target segment with one segmentation
# variable.

# %%
q8

# %%
target = ____

# %% tags=["solution"] solves=["q8"]
p = segment_profile(table, ["region", "city_tier", "age_band", "device", "acquisition_channel"])
p = p[p["customer_share"].between(0.10, 0.60)]
best = p.loc[p["value_index"].idxmax()]
target = {"variable": best["variable"], "levels": [best["level"]]}
target

# %%
q8.check()

# %%
q9

# %%
reflection = ____

# %% tags=["solution"] solves=["q9"]
reflection = ("我选择人数占比在一到六成之间、价值指数最高的客户群作为目标客户：他们的消费额占比明显高于人数占比。"
              "VIP 客户配专属客服和优先发货，小客户用自动化的低成本服务。")

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ## 6. 案例讨论：预算全部给 VIP 吗？
# 周明看完林晓的分析，说：“既然少数客户带来了大部分销售额，下一季的推广预算就全部投给 VIP 客户，小客户不管了。”
#
# 1. 你算出的头部 20% 客户贡献了多少销售额？小客户有多少人？
# 2. 只服务 VIP 客户的风险是什么？潜在客户、目标客户会不会变成流失客户？
# 3. 用哪些细分变量来定位目标客户最合适？
#
# 把你的要点写进 `case_notes`，课堂讨论之后用 `q13.solution()` 对照讨论要点。

# %% [markdown] tags=["en"]
# ## 6. Case discussion: the whole budget to the VIP customers?
# Having read Lin Xiao's analysis, Zhou Ming says: "If a few customers bring most of the sales, next season's whole
# promotion budget goes to the VIP customers, and we forget the small ones."
#
# 1. What share of sales did you find for the top 20% of customers? How many small customers are there?
# 2. What is the risk of serving only the VIP customers? Could potential and target customers become lost customers?
# 3. Which segmentation variables suit targeting best?
#
# Write your points in `case_notes`; after the class discussion, compare them with `q13.solution()`.

# %%
q13

# %%
case_notes = ____

# %% tags=["solution"] solves=["q13"]
case_notes = ("头部客户贡献了大部分销售额，资源可以向他们倾斜，但不能放弃小客户：潜在客户和小客户里有未来的优质客户，"
              "没人跟进就会流失。小客户用 FAQ、自助服务和群发关怀，目标客户用消费行为和平台属性来定位。")

# %%
q13.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓把下一季推广的目标客户群交给周明，并写明选它的理由：它在客户金字塔里的位置、人数和销售额占比（都用你算出的数），
# 以及为什么小客户也不能放弃。
#
# - 客户 ≠ 顾客：客户是店铺认识、有关系、能个性化服务的人。潜在、目标、现实、流失客户描述关系的阶段；
#   目标客户是店铺的选择；非客户没有需要或不可能购买，不必争取。
# - 客户识别看需求强度：在售前主动咨询、下单未付款的潜在客户需求更强，最值得跟进。
# - 客户价值高度集中：金字塔、ABC 分类、帕累托曲线和基尼系数从不同角度量化“少数客户带来多数价值”。
# - 细分变量分地理变量、人口统计变量、消费行为属性、电商平台属性四类；价值指数 > 1 的群体值得重点关注。
# - k-means 让数据自己分群，用肘部法和轮廓系数选 k；客户定位按规则选出够大、够有价值、够清楚的目标客户群。
#
# | 中文 | English |
# |---|---|
# | 消费者 / 顾客 / 客户 | consumer / shopper / customer |
# | 潜在 / 目标 / 现实 / 流失客户 | potential / target / current / lost customers |
# | 非客户 | non-customer |
# | 客户识别 / 需求强度 | customer identification / intensity of demand |
# | VIP 客户 / 主要客户 / 普通客户 / 小客户 | VIP / major / ordinary / small customers |
# | 客户金字塔 | customer pyramid |
# | ABC 分类 | ABC classification |
# | 帕累托曲线 / 二八法则 | Pareto curve / 80/20 rule |
# | 基尼系数 | Gini coefficient |
# | 客户细分 | customer segmentation |
# | 地理变量 / 人口统计变量 / 消费行为属性 / 电商平台属性 | geographic / demographic / behavioural / platform variables |
# | 聚类 / 肘部法 / 轮廓系数 | clustering / elbow method / silhouette |
# | 客户定位 | customer targeting |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming the target segment for next season's promotion with the
# reasons: its place in the customer pyramid, its head count and its share of sales (the figures you computed),
# and why the small customers are not dropped.
#
# - A customer is not just a shopper: the shop knows them, has a relationship and serves them individually.
#   Potential, target, current and lost describe the stage of the relationship; the target is the shop's choice;
#   non-customers have no need or no way to buy and are not worth chasing.
# - Customer identification looks at the intensity of demand: potential customers who asked before buying or left
#   an order unpaid have a stronger need and are the first to follow up.
# - Customer value is concentrated: the pyramid, the ABC classification, the Pareto curve and the Gini coefficient
#   measure "few customers bring most of the value" from different angles.
# - Segmentation variables are geographic, demographic, behavioural and platform; groups with a value index above 1
#   deserve attention.
# - k-means lets the data form groups, with the elbow and the silhouette to choose k; targeting picks, by rules, a
#   segment that is big, valuable and clear enough.
#
# | English | 中文 |
# |---|---|
# | consumer / shopper / customer | 消费者 / 顾客 / 客户 |
# | potential / target / current / lost customers | 潜在 / 目标 / 现实 / 流失客户 |
# | non-customer | 非客户 |
# | customer identification / intensity of demand | 客户识别 / 需求强度 |
# | VIP / major / ordinary / small customers | VIP 客户 / 主要客户 / 普通客户 / 小客户 |
# | customer pyramid | 客户金字塔 |
# | ABC classification | ABC 分类 |
# | Pareto curve / 80/20 rule | 帕累托曲线 / 二八法则 |
# | Gini coefficient | 基尼系数 |
# | customer segmentation | 客户细分 |
# | geographic / demographic / behavioural / platform variables | 地理变量 / 人口统计变量 / 消费行为属性 / 电商平台属性 |
# | clustering / elbow method / silhouette | 聚类 / 肘部法 / 轮廓系数 |
# | customer targeting | 客户定位 |
