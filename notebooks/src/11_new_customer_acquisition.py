# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 11 专题：开发新客户——渠道、成本与价值
#
# **学习目标**
# - 说出电商开发新客户的四条途径（老客户介绍、广告宣传、销售人员开发、客服人员开发）和客服促成首单的技巧；
# - 算出各渠道的客户结构、获客成本和“每获得一位买家的成本”；
# - 比较各渠道客户带来的价值，理解“约 60% 的新客户来自推荐”的意义；
# - 在约束下分配获客预算。
#
# **故事**：市场部说“广告预算要翻倍”。老板周明转头问林晓（你）：钱花在哪个渠道最值？你手里有每位客户的获客渠道和获客成本。

# %% [markdown] tags=["en"]
# # 11 Topic: acquiring new customers: channels, cost and value
#
# **Learning goals**
# - name the four ways an online shop wins new customers (referrals by existing customers, advertising, sales staff,
#   service staff) and the techniques service staff use to close a first order;
# - compute each channel's share of customers, acquisition cost and cost per buying customer;
# - compare the value of customers by channel and see why "about 60% of new customers come by referral" matters;
# - split an acquisition budget under constraints.
#
# **The story**: marketing wants to double the advertising budget. The owner, Zhou Ming, turns to you (Lin Xiao): which channel gives the
# most for the money? You have every customer's acquisition channel and cost.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.new_customer_acquisition import *

# %%
import matplotlib.pyplot as plt
import pandas as pd

from crmlab import plot
from crmlab.schema import label

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 新客户从哪里来
# 课程把电商获取新客户的途径归为四条：
# 1. **老客户介绍**（referral）：商品和服务赢得了信任，老客户自发推荐；
# 2. **广告宣传**（ads）：在各种渠道发布信息、参加推广，等客户上门；
# 3. **销售人员开发**（sales_staff）：主动搜索目标客户，推送商品信息；
# 4. **客服人员开发**（service_staff）：在接待咨询时用专业和沟通促成交易。网络新客户的**第一单最难**（怀疑、不信任、怕风险），
#    客服的技巧：克服成交的心理障碍、及时主动地促成交易、不轻易亮出“王牌”、正确对待没有成交的客户。
#
# 此外还有不花钱的**自然流量**（organic）。`shop.customers` 记录了每位客户的 `acquisition_channel` 和 `acquisition_cost`。

# %% [markdown] tags=["en"]
# ## 1. Where new customers come from
# The course names four ways to win new customers online:
# 1. **referral**: products and service earned trust, and existing customers recommend the shop;
# 2. **advertising** (ads): publish on many channels, join promotions, and wait for customers to come;
# 3. **sales staff**: search for target customers actively and push product information to them;
# 4. **service staff**: turn inquiries into sales with knowledge and good communication. An online customer's
#    **first order is the hardest** (doubt, distrust, fear of risk); service staff overcome the fear of closing, close
#    promptly, keep their best offer in reserve, and treat customers who did not buy well.
#
# There is also free **organic** traffic. `shop.customers` records each customer's `acquisition_channel` and
# `acquisition_cost`.

# %%
shop.customers[["customer_id", "signup_time", "acquisition_channel", "acquisition_cost", "referrer_id"]].head()

# %% [markdown] tags=["zh"]
# ### 练习 q1：渠道结构
# a) 做表 `channel_mix`：每个渠道的客户数 `n_customers`、占比 `share`、平均获客成本 `cac`；
# b) `referral_share`：老客户推荐的客户占比。

# %% [markdown] tags=["en"]
# ### Exercise q1: the channel mix
# a) build `channel_mix`: per channel `n_customers`, their `share` and the mean acquisition cost `cac`;
# b) `referral_share`: the share of customers who came by referral.

# %%
channel_mix = ____
referral_share = ____

# %% tags=["solution"] solves=["q1.a", "q1.b"]
g = shop.customers.groupby("acquisition_channel")
channel_mix = pd.DataFrame({"n_customers": g.size(), "cac": g["acquisition_cost"].mean()}).reset_index()
channel_mix["share"] = channel_mix["n_customers"] / len(shop.customers)
referral_share = (shop.customers["acquisition_channel"] == "referral").mean()

# %%
q1.a.check()

# %%
q1.b.check()

# %% [markdown] tags=["zh"]
# ## 2. 获客成本和客户价值
# 注册不等于成交：有的客户一单都没买。所以更有用的是**每获得一位买家的成本**（cost_per_buyer = 渠道总获客成本 / 渠道买家数），
# 再看这些客户带来的销售额：**每 1 元获客成本带来多少销售额**（revenue_per_cost）。

# %% [markdown] tags=["en"]
# ## 2. Acquisition cost and customer value
# Signing up is not buying: some customers never order. More useful is the **cost per buying customer**
# (cost_per_buyer = the channel's total acquisition cost / its buyers), and then the sales these customers bring:
# **revenue per CNY of acquisition cost** (revenue_per_cost).

# %% [markdown] tags=["zh"]
# ### 练习 q2：渠道价值表
# 做表 `channel_value`：每个渠道的 `n_customers`、`n_buyers`、`cost`、`revenue`、`cost_per_buyer`、`revenue_per_cost`。

# %% [markdown] tags=["en"]
# ### Exercise q2: the channel value table
# Build `channel_value`: per channel `n_customers`, `n_buyers`, `cost`, `revenue`, `cost_per_buyer`,
# `revenue_per_cost`.

# %%
channel_value = ____

# %% tags=["solution"] solves=["q2"]
paid = shop.orders[shop.orders["payment_status"] == "paid"]
spent = paid.groupby("customer_id")["amount"].sum()
x = shop.customers.assign(revenue=shop.customers["customer_id"].map(spent).fillna(0),
                          buyer=shop.customers["customer_id"].isin(spent.index))
g = x.groupby("acquisition_channel")
channel_value = pd.DataFrame({"n_customers": g.size(), "n_buyers": g["buyer"].sum(),
                              "cost": g["acquisition_cost"].sum(), "revenue": g["revenue"].sum()}).reset_index()
channel_value["cost_per_buyer"] = channel_value["cost"] / channel_value["n_buyers"]
channel_value["revenue_per_cost"] = channel_value["revenue"] / channel_value["cost"]

# %%
q2.check()

# %%
from crmlab.exercises.new_customer_acquisition import channel_value as reference_channel_value

cv = reference_channel_value(shop).set_index("acquisition_channel")
cv = cv.rename(index=lambda code: label("acquisition_channel", code))  # codes -> names
fig, axes = plt.subplots(1, 2, figsize=(11, 3.5))
cv["cost_per_buyer"].sort_values().plot(kind="barh", ax=axes[0], color="#C44E52",
                                        title=("每位买家的获客成本（元）" if ZH else "cost per buyer (CNY)"))
cv["revenue_per_cost"].sort_values().plot(kind="barh", ax=axes[1], color="#55A868",
                                          title=("每元成本带来的销售额（元）" if ZH else "revenue per CNY of cost"))
for ax in axes:
    ax.set_ylabel("")
plt.tight_layout();

# %% [markdown] tags=["zh"]
# 销售额只是一部分价值。各渠道客户注册后**前 180 天**的人均消费（只看注册满 180 天的客户，保证比较公平）：

# %% [markdown] tags=["en"]
# Sales are only part of the value. Mean spend in each channel's customers' **first 180 days** after sign-up (only
# customers signed up at least 180 days before the end, so the comparison is fair):

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
end = shop.orders["order_time"].max()
cust = shop.customers[shop.customers["signup_time"] <= end - pd.Timedelta(days=180)]
o = paid.merge(cust[["customer_id", "signup_time", "acquisition_channel"]], on="customer_id")
early = o[o["order_time"] <= o["signup_time"] + pd.Timedelta(days=180)]
spend180 = early.groupby("customer_id")["amount"].sum().reindex(cust["customer_id"], fill_value=0)
spend180.groupby(cust.set_index("customer_id")["acquisition_channel"]).agg(["mean", "count"]).round(1)

# %% [markdown] tags=["zh"]
# ### 练习 q3：哪个付费渠道最划算？

# %% [markdown] tags=["en"]
# ### Exercise q3: which paid channel gives the most?

# %%
q3

# %%
best_channel = ____

# %% tags=["solution"] solves=["q3"]
best = channel_value.set_index("acquisition_channel").drop("organic")["revenue_per_cost"].idxmax()
best_channel = {"referral": "A", "ads": "B", "sales_staff": "C", "service_staff": "D"}[best]

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ## 3. 推荐大使
# 推荐来的客户都有 `referrer_id`（推荐人）。少数老客户推荐了很多人：他们是店铺的“推荐大使”，值得专门维护（第 5 章的会员权益、
# 第 12 专题的回访）。

# %% [markdown] tags=["en"]
# ## 3. Referral ambassadors
# Referred customers carry a `referrer_id`. A few existing customers refer many: they are the shop's ambassadors,
# worth special care (chapter 5's member rights, topic 12's follow-ups).

# %%
shop.customers["referrer_id"].dropna().value_counts().value_counts().sort_index().rename("n_referrers")

# %% [markdown] tags=["zh"]
# ### 练习 q4：推荐最多的老客户
# 写函数 `top_referrers(customers, n)`，返回推荐人数最多的 n 位客户编号（次数相同时编号小的在前）。

# %% [markdown] tags=["en"]
# ### Exercise q4: the top referrers
# Write `top_referrers(customers, n)` returning the n customer ids who referred the most (ties: smaller id first).

# %%
top_referrers = ____

# %% tags=["solution"] solves=["q4"]
def top_referrers(customers, n):
    k = customers["referrer_id"].dropna().astype("int64").value_counts().rename("k").reset_index()
    k = k.sort_values(["k", "referrer_id"], ascending=[False, True])
    return [int(x) for x in k["referrer_id"].head(n)]

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. 分配获客预算
# 预算有限，又不能把鸡蛋放在一个篮子里。用各渠道的 `cost_per_buyer` 估算一个方案能带来多少新买家。
#
# ### 练习 q5：预算方案
# 把 20,000 元分给能花钱的渠道（referral、ads、sales_staff、service_staff），写成字典 `plan`：总额正好 20,000；
# 任一渠道不超过 60%；预计新买家数至少达到满足这些条件的最好方案的 90%。

# %% [markdown] tags=["en"]
# ## 4. Splitting the acquisition budget
# The budget is limited, and all eggs in one basket is risky. Estimate what a plan brings with each channel's
# `cost_per_buyer`.
#
# ### Exercise q5: a budget plan
# Split 20,000 CNY across the channels money can buy (referral, ads, sales_staff, service_staff) as a dict `plan`:
# it adds up to 20,000; no channel above 60%; the expected new buyers reach at least 90% of the best plan under
# that cap.

# %%
plan = ____

# %% tags=["solution"] solves=["q5"]
cpb = channel_value.set_index("acquisition_channel")["cost_per_buyer"].drop("organic").sort_values()
plan = {cpb.index[0]: 0.6 * 20_000, cpb.index[1]: 0.4 * 20_000}

# %%
q5.check()

# %% [markdown] tags=["zh"]
# ### 练习 q6：思考题

# %% [markdown] tags=["en"]
# ### Exercise q6: reflection

# %%
q6

# %%
reflection = ____

# %% tags=["zh", "solution"] solves=["q6"]
reflection = ("推荐渠道每位买家的成本最低、每元销售额最高，但它依赖老客户满意；广告贵且回报低。预算六成给推荐（奖励推荐人），"
              "四成给客服开发，客服要主动促成首单。还要跟踪各渠道客户的复购，而不只看首单。")

# %% tags=["en", "solution"] solves=["q6"]
reflection = ("Referral has the lowest cost per buyer and the most revenue per CNY, but it rests on satisfied "
              "customers; ads are costly. Put 60% into referral rewards and 40% into service staff closing first "
              "orders, and track each channel's repeat purchases, not only first orders.")

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一份获客预算的分配方案：各渠道每位买家的成本、每元成本带来的销售额和客户后续的价值（都用你算出的数），
# 以及广告预算该不该翻倍的回答。
#
# - 四条获客途径：老客户介绍、广告宣传、销售人员开发、客服人员开发；首单最难，客服要主动促成。
# - 看渠道要看“每位买家的成本”和“每元成本带来的销售额”，再看客户后续的价值。
# - 推荐是最便宜的渠道，而推荐来自满意和忠诚的老客户：开发新客户和维护老客户是一回事的两面。
#
# | 中文 | English |
# |---|---|
# | 开发新客户 | new-customer acquisition |
# | 老客户介绍 / 转介绍 | referral |
# | 广告宣传 | advertising |
# | 销售人员开发 / 客服人员开发 | acquisition by sales staff / service staff |
# | 获客成本 | customer acquisition cost (CAC) |
# | 每位买家的获客成本 | cost per acquired (buying) customer |
# | 渠道结构 | channel mix |
# | 促成交易 | closing a sale |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a split of the acquisition budget: each channel's cost per
# buying customer, revenue per CNY of cost and the customers' later value (the figures you computed), and an
# answer to whether the ad budget should double.
#
# - Four ways to win customers: referral, advertising, sales staff, service staff; the first order is the hardest,
#   and service staff must help close it.
# - Judge a channel by its cost per buying customer and its revenue per CNY of cost, then by the customers' later
#   value.
# - Referral is the cheapest channel, and referrals come from satisfied, loyal customers: winning new customers and
#   keeping old ones are two sides of one coin.
#
# | English | 中文 |
# |---|---|
# | new-customer acquisition | 开发新客户 |
# | referral | 老客户介绍 / 转介绍 |
# | advertising | 广告宣传 |
# | acquisition by sales staff / service staff | 销售人员开发 / 客服人员开发 |
# | customer acquisition cost (CAC) | 获客成本 |
# | cost per acquired (buying) customer | 每位买家的获客成本 |
# | channel mix | 渠道结构 |
# | closing a sale | 促成交易 |
