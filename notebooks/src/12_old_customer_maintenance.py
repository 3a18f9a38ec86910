# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 12 专题：维护老客户——分层、数据库、回访与效果
#
# **学习目标**
# - 说出维护老客户的途径：明确需求并细分客户、建立客户数据库、深入沟通、制造离开的障碍、注重回访、培养忠实的员工；
# - 用生命周期阶段给老客户分层，为每层选择回访方式（即时聊天、电子邮件、电话、登门拜访）；
# - 用有对照组的活动衡量“触达”的真实效果，算出唤回一位客户的成本；
# - 生成唤回名单。
#
# **故事**：第 1 章你（林晓）算过“拉新还是留旧”这笔账（课程资料：获取一位新客户的成本约是保留一位老客户的 5 倍）。
# 老板周明决定把钱花在老客户身上，但要你拿出证据：发短信、发优惠券、打电话，到底有没有用？

# %% [markdown] tags=["en"]
# # 12 Topic: keeping old customers: segments, a database, follow-ups and their effect
#
# **Learning goals**
# - name the ways to keep old customers: know their needs and segment them, keep a customer database, communicate,
#   raise the barriers to leaving, follow up, and train loyal staff;
# - segment old customers by lifecycle stage and pick a follow-up channel for each (IM, e-mail, phone, visit);
# - measure the real effect of a touch with a control group, and the cost of winning a customer back;
# - build a win-back list.
#
# **The story**: in chapter 1 you (Lin Xiao) did the sums of winning new versus keeping old (course material: winning a
# new customer costs about five times as much as keeping one). The owner, Zhou Ming, will spend on old customers, but
# wants proof: do text messages, coupons and calls actually work?

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.old_customer_maintenance import *

# %%
import matplotlib.pyplot as plt
import pandas as pd

from crmlab import plot
from crmlab.analysis import ab_test_proportions, lifecycle_stage

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 维护老客户的途径
# 1. **明确需求，细分客户**：用优惠加强沟通、提供个性化服务、特殊客户特殊对待；
# 2. **建立客户数据库**：记下每位客户的基本信息、购买、咨询、投诉和偏好，才能对症下药；
# 3. **深入沟通**：需求没被满足是客户流失最关键的原因；
# 4. **制造离开的障碍**：会员等级、积分（第 5 章）让换店有代价；
# 5. **注重回访**：即时聊天工具（旺旺、QQ、微信）、电子邮件、电话、登门拜访（只对最重要的客户）；
# 6. **培养忠实的员工**：忠实的员工带来忠实的客户。

# %% [markdown] tags=["en"]
# ## 1. Ways to keep old customers
# 1. **know their needs, segment them**: offers to keep in touch, personal service, special care for special customers;
# 2. **keep a customer database**: each customer's details, purchases, inquiries, complaints and preferences, so you
#    can treat each one right;
# 3. **communicate**: unmet needs are the main reason customers leave;
# 4. **raise the barriers to leaving**: tiers and points (chapter 5) make switching cost something;
# 5. **follow up**: instant messaging (Wangwang, QQ, WeChat), e-mail, phone, and visits (for the most important
#    customers only);
# 6. **train loyal staff**: loyal staff bring loyal customers.

# %% [markdown] tags=["zh"]
# ## 2. 客户数据库：一位客户的全貌
# 店里的表通过 `customer_id` 连在一起，就是一个客户数据库。看一位老客户的“资料卡”：

# %% [markdown] tags=["en"]
# ## 2. The customer database: one customer at a glance
# The shop's tables, linked by `customer_id`, are a customer database. One old customer's profile card:

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
cid = paid["customer_id"].value_counts().index[0]
card = {
    "customer": shop.customers.loc[shop.customers["customer_id"] == cid,
                                   ["name", "city", "member_tier", "acquisition_channel"]].iloc[0].to_dict(),
    "paid orders": int((paid["customer_id"] == cid).sum()),
    "total spent": round(float(paid.loc[paid["customer_id"] == cid, "amount"].sum()), 2),
    "last order": str(paid.loc[paid["customer_id"] == cid, "order_time"].max()),
    "tickets": int((shop.service_tickets["customer_id"] == cid).sum()),
    "complaints": int((shop.complaints["customer_id"] == cid).sum()),
    "campaigns": int((shop.campaign_assignments["customer_id"] == cid).sum()),
}
card

# %% [markdown] tags=["zh"]
# ## 3. 分层：生命周期阶段
# `lifecycle_stage` 按购买的新近程度和次数把客户分为：新客期、成长期、成熟期、衰退期、流失期。每个阶段要不同的维护：
# 欢迎新客、向成长期客户交叉销售、奖励成熟期客户、唤回衰退期客户、对流失客户只做低成本的最后尝试。

# %% [markdown] tags=["en"]
# ## 3. Segments: lifecycle stages
# `lifecycle_stage` sorts customers by how recently and how often they bought: new, growing, mature, declining,
# lost. Each stage needs its own care: welcome the new, cross-sell to the growing, reward the mature, win back the
# declining, and make only a cheap last try with the lost.

# %%
stages = lifecycle_stage(shop.orders, customers=shop.customers)
ax = stages["stage_label"].value_counts().plot(kind="bar", color="#4C72B0", figsize=(7, 3))
ax.set_xlabel("")
ax.set_ylabel(("客户数" if ZH else "customers"));

# %% [markdown] tags=["zh"]
# ### 练习 q1：各阶段人数
# 做表 `stage_counts`，列为 `stage`（阶段代码）和 `n_customers`。

# %% [markdown] tags=["en"]
# ### Exercise q1: customers per stage
# Build `stage_counts` with columns `stage` (the stage code) and `n_customers`.

# %%
stage_counts = ____

# %% tags=["solution"] solves=["q1"]
stage_counts = stages["stage"].astype(str).value_counts().rename_axis("stage").rename("n_customers").reset_index()

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ## 4. 触达有没有用？用对照组衡量
# 店里的营销活动（`shop.campaigns`）就是对老客户的“触达”：优惠券、短信唤醒、直播专享、会员日。
# 有些活动是 **A/B 测试**：随机留一部分目标客户不触达（对照组）。只有这样才能回答“触达**多带来**了多少订单”。

# %% [markdown] tags=["en"]
# ## 4. Do touches work? Measure with a control group
# The shop's campaigns (`shop.campaigns`) are its touches on old customers: coupons, SMS win-backs, live-stream
# offers, member days. Some are **A/B tests**: a random part of the targets is left untouched (the control group).
# Only then can you answer how many orders a touch *added*.

# %%
shop.campaigns[["campaign_id", "name", "kind", "is_ab_test", "cost_per_contact", "offer_value"]]

# %% [markdown] tags=["zh"]
# ### 练习 q2：有对照组的触达效果
# 做表 `touch_effect`：每种活动类型 `kind` 的实验组转化率 `treatment`、对照组转化率 `control` 和提升 `uplift`（只看 A/B 活动）。

# %% [markdown] tags=["en"]
# ### Exercise q2: the effect of touches with a control group
# Build `touch_effect`: per campaign `kind`, the conversion rate of the `treatment` and `control` groups and the
# `uplift` (A/B campaigns only).

# %%
touch_effect = ____

# %% tags=["solution"] solves=["q2"]
ca = shop.campaign_assignments.merge(shop.campaigns, on="campaign_id")
ca = ca[ca["is_ab_test"]]
touch_effect = ca.groupby(["kind", "group"])["converted"].mean().unstack("group").reset_index()
touch_effect["uplift"] = touch_effect["treatment"] - touch_effect["control"]

# %%
q2.check()

# %% [markdown] tags=["zh"]
# 提升有多可靠？看置信区间（第 6 章会细讲 A/B 测试）：

# %% [markdown] tags=["en"]
# How sure is the uplift? Look at the confidence intervals (chapter 6 covers A/B tests in depth):

# %%
ab = shop.campaign_assignments.merge(shop.campaigns[["campaign_id", "kind", "is_ab_test"]], on="campaign_id")
tests = ab_test_proportions(ab[ab["is_ab_test"]], by="kind")
tests

# %%
plot.ab_result(tests, locale="{{LOCALE}}");

# %% [markdown] tags=["zh"]
# ### 练习 q3：短信唤醒的成本
# 短信活动的成本 = 每位被触达客户的 `cost_per_contact` + 每位转化客户的 `offer_value`。每转化一位客户花了多少元（`cost_per_win`）？

# %% [markdown] tags=["en"]
# ### Exercise q3: the cost of SMS win-backs
# An SMS campaign costs `cost_per_contact` per customer contacted plus `offer_value` per customer who converted.
# What did each converted customer cost (`cost_per_win`)?

# %%
cost_per_win = ____

# %% tags=["solution"] solves=["q3"]
sms = shop.campaign_assignments.merge(shop.campaigns, on="campaign_id")
sms = sms[(sms["kind"] == "sms") & (sms["group"] == "treatment")]
cost_per_win = (sms["cost_per_contact"] + sms["offer_value"] * sms["converted"]).sum() / sms["converted"].sum()

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ### 练习 q4：没有对照组时能说什么？

# %% [markdown] tags=["en"]
# ### Exercise q4: what can you say without a control group?

# %%
q4

# %%
sms_verdict = ____

# %% tags=["solution"] solves=["q4"]
sms_verdict = "B"

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 5. 唤回名单
# 最值得回访的是“快要流失”的客户：已经有一段时间没买，但还没走远。
#
# ### 练习 q5：唤回名单函数
# 写 `winback_list(orders, as_of)`：截至 `as_of`，最后一次已支付订单距 `as_of` 超过 90 天、不超过 365 天的客户编号（升序列表）。

# %% [markdown] tags=["en"]
# ## 5. The win-back list
# The customers most worth a call are those drifting away: no order for a while, but not gone for good.
#
# ### Exercise q5: a win-back list function
# Write `winback_list(orders, as_of)`: the sorted ids of customers whose last paid order up to `as_of` is more than
# 90 and at most 365 days before it.

# %%
winback_list = ____

# %% tags=["solution"] solves=["q5"]
def winback_list(orders, as_of):
    as_of = pd.Timestamp(as_of)
    o = orders[(orders["payment_status"] == "paid") & (orders["order_time"] <= as_of)]
    last = o.groupby("customer_id")["order_time"].max()
    days = (as_of - last).dt.total_seconds() / 86400
    return sorted(int(c) for c in last.index[(days > 90) & (days <= 365)])

# %%
q5.check()

# %% [markdown] tags=["zh"]
# 名单上的客户处在哪个阶段、是什么会员？这决定用哪种方式回访：

# %% [markdown] tags=["en"]
# Which stage and tier are the listed customers in? That decides how to follow up:

# %%
from crmlab.exercises.old_customer_maintenance import winback_list as reference_winback

ids = reference_winback(shop.orders, shop.orders["order_time"].max())
listed = stages[stages["customer_id"].isin(ids)].merge(shop.customers[["customer_id", "member_tier"]])
pd.crosstab(listed["stage_label"], listed["member_tier"])

# %% [markdown] tags=["zh"]
# ### 练习 q6：思考题

# %% [markdown] tags=["en"]
# ### Exercise q6: reflection

# %%
q6

# %%
reflection = ____

# %% tags=["zh", "solution"] solves=["q6"]
reflection = ("成熟期的高价值客户用电话回访，金卡以上可登门拜访；成长期用即时聊天推荐搭配商品；衰退期发优惠券短信；"
              "流失期只发低成本邮件。每次回访记入客户数据库。随机留 20% 做对照组，比较 90 天复购率，算每唤回一位客户的成本。")

# %% tags=["en", "solution"] solves=["q6"]
reflection = ("Phone calls for valuable mature customers, visits for gold and above; IM with product suggestions for "
              "growing ones; a coupon SMS for declining ones; cheap e-mail for the lost. Log every contact in the "
              "database. Keep a random 20% as control, compare 90-day repurchase and the cost per customer won back.")

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一张用对照组衡量的触达效果表（哪种触达真的带来了复购）和一份唤回名单，钱先花在最可能回来、
# 也最值得挽回的老客户身上。
#
# - 维护老客户：细分、数据库、沟通、离开障碍、回访、忠实员工。
# - 按生命周期阶段分层，选择回访方式：即时聊天、电子邮件、电话、登门拜访。
# - 触达的效果 = 实验组 − 对照组；没有对照组就只能看到转化率，说不清因果。
# - 唤回要算账：每唤回一位客户的成本要低于他未来带来的毛利。
#
# | 中文 | English |
# |---|---|
# | 维护老客户 | keeping old customers (retention) |
# | 客户数据库 | customer database |
# | 回访 | follow-up visit |
# | 即时聊天工具回访 / 电子邮件回访 / 电话回访 / 登门拜访 | follow-up by IM / e-mail / phone / visit |
# | 生命周期阶段 | lifecycle stage |
# | 唤回 | win-back |
# | 对照组 / 实验组 | control group / treatment group |
# | 提升 | uplift |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a table of what each kind of touch achieved against a control
# group (which ones really brought repeat purchases) and a win-back list, so the money goes first to the old
# customers most likely to return and most worth winning back.
#
# - Keeping old customers: segments, a database, communication, barriers to leaving, follow-ups, loyal staff.
# - Segment by lifecycle stage and pick the follow-up: IM, e-mail, phone, visit.
# - A touch's effect = treatment − control; without a control group you see a conversion rate, not a cause.
# - Win-backs must pay: the cost per customer won back must stay below the margin they will bring.
#
# | English | 中文 |
# |---|---|
# | keeping old customers (retention) | 维护老客户 |
# | customer database | 客户数据库 |
# | follow-up visit | 回访 |
# | follow-up by IM / e-mail / phone / visit | 即时聊天工具回访 / 电子邮件回访 / 电话回访 / 登门拜访 |
# | lifecycle stage | 生命周期阶段 |
# | win-back | 唤回 |
# | control group / treatment group | 对照组 / 实验组 |
# | uplift | 提升 |
