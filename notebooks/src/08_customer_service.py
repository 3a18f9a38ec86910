# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 08 客户服务管理：询单、催付、物流、差评与 FAQ
#
# **学习目标**
# - 把服务分成售前、售中、售后三段，说出每段的关键工作：询单、分层服务、催付、物流跟踪、个性化包裹、签收关怀、差评处理；
# - 区分四个服务层次：基本服务、满意服务、超值服务、难忘服务；
# - 用数据量出询单转化率、催付效果、物流延迟对评分的影响、差评原因；
# - 从客户的原话中设计 FAQ。
#
# **故事**：店长看了上个月的评价，说：“我们商品不差啊，怎么差评这么多？”你决定把一位客户从咨询到收货的整条服务链走一遍，
# 看看客户在哪一步失望了。

# %% [markdown] tags=["en"]
# # 08 Customer service management: inquiries, reminders, delivery, bad reviews and FAQ
#
# **Learning goals**
# - split service into pre-, in- and after-sale and name the key work of each: inquiry handling, tiered service,
#   payment reminders, logistics, personalised parcels, delivery care, handling bad reviews;
# - tell apart four service levels: basic, satisfying, beyond expectations, memorable;
# - measure inquiry-to-order conversion, the effect of payment reminders, the cost of late parcels in stars, and the
#   causes of bad reviews;
# - design an FAQ from the customers' own words.
#
# **The story**: reading last month's reviews, the owner says: "Our products are fine, so why so many bad reviews?"
# You decide to walk the whole service chain, from a customer's first question to the parcel at the door, and find
# where customers are let down.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_service import *

import pandas as pd
from crmlab import plot
from crmlab.analysis import (bad_review_causes, faq_candidates, inquiry_conversion, rating_by_delay,
                             reminder_effect)

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
shop.service_tickets.groupby("stage").size()

# %% [markdown] tags=["zh"]
# ## 1. 服务链：售前、售中、售后
#
# | 阶段 | 关键工作 | 数据里看什么 |
# |---|---|---|
# | 售前 | **询单**：回答尺码、库存、优惠等问题，促成下单；**分层服务**：VIP 客户优先接待、专属客服 | 询单转化率、首次响应时间 |
# | 售中 | **催付**：提醒拍下未付款的客户；物流跟踪；**个性化包裹**（手写卡片、小样） | 催付后的付款率、发货时长 |
# | 售后 | **签收关怀**：签收后问候、告知使用方法；退换货；**差评处理**；投诉处理（见投诉笔记本） | 延迟与评分、差评原因 |
#
# **四个服务层次**：
# 1. **基本服务**：满足客户的基本需求（商品对、发货准）；
# 2. **满意服务**：态度友好、回复及时，让客户满意；
# 3. **超值服务**：超出客户的预期（主动告知延迟并补偿、赠送实用小礼物）；
# 4. **难忘服务**：为这一位客户专门设计、带来情感体验，客户会记住并主动传播。

# %% [markdown] tags=["en"]
# ## 1. The service chain: pre-, in- and after-sale
#
# | stage | key work | what to look at in the data |
# |---|---|---|
# | pre-sale | **inquiry handling** (询单): answer size, stock and price questions and win the order; **tiered service** (分层服务): VIPs first, a personal agent | inquiry-to-order conversion, first response time |
# | in-sale | **payment reminders** (催付) for orders placed but not paid; logistics tracking; **personalised parcels** (a handwritten card, samples) | paid share after a reminder, time to ship |
# | after-sale | **delivery care** (签收关怀): a greeting and usage tips after delivery; returns; **handling bad reviews** (差评处理); complaints (see the complaint notebook) | delay vs rating, causes of bad reviews |
#
# **Four service levels**:
# 1. **basic**: meets the basic need (the right product, shipped on time);
# 2. **satisfying**: friendly and prompt, the customer is pleased;
# 3. **beyond expectations**: more than the customer expected (a proactive delay notice with compensation, a useful
#    small gift);
# 4. **memorable**: designed for this one customer, an emotional experience they remember and retell.

# %% [markdown] tags=["zh"]
# ## 2. 询单：回复快一点，成交多一点
# 售前咨询的客户往往同时问了好几家店。`inquiry_conversion` 按首次响应时间分段，算出每段的转化率和置信区间。

# %% [markdown] tags=["en"]
# ## 2. Inquiries: answer faster, sell more
# Customers asking before they buy are often asking several shops at once. `inquiry_conversion` splits inquiries by
# first response time and gives each band's conversion with a confidence interval.

# %%
conv = inquiry_conversion(shop.service_tickets, by="response_time")
title = {"zh": "询单转化率与首次响应时间", "en": "Conversion by first response time"}["{{LOCALE}}"]
plot.ab_result(conv.rename(columns={"response_band": "label"}), estimate="conversion_rate", reference=None, title=title);
conv.round(3)

# %%
q1

# %%
conversion = ____

# %% tags=["solution"] solves=["q1"]
tickets = shop.service_tickets
pre = tickets[tickets["stage"] == "pre_sale"]
conversion = pre["converted"].mean()

# %%
q1.check()

# %%
q2

# %%
speed_gap = ____

# %% tags=["solution"] solves=["q2"]
s = pre["first_response_seconds"]
speed_gap = pre.loc[s <= 30, "converted"].mean() - pre.loc[s > 300, "converted"].mean()

# %%
q2.check()

# %% [markdown] tags=["zh"]
# 这就是**分层服务**的依据：客服人手有限时，先保证高价值客户和正在询单的客户得到最快的回复。
#
# ## 3. 催付：拍下没付款的订单
# 约一成订单拍下后没有马上付款。店里给其中一部分发了催付消息。`reminder_effect` 比较两组最终付款的比例。

# %% [markdown] tags=["en"]
# This is the case for **tiered service**: when agents are scarce, the fastest replies go to high-value customers and
# to customers asking before they buy.
#
# ## 3. Payment reminders: orders placed but not paid
# About one order in ten sits unpaid after checkout. The shop reminded some of them. `reminder_effect` compares how many
# were finally paid in each group.

# %%
reminder_effect(shop.orders).round(3)

# %%
q3

# %%
extra_paid = ____

# %% tags=["solution"] solves=["q3"]
orders = shop.orders
u = orders[orders["was_unpaid"]]
paid = u["payment_status"] == "paid"
rem = u["reminder_sent"]
extra_paid = (paid[rem].mean() - paid[~rem].mean()) * (~rem).sum()

# %%
q3.check()

# %% [markdown] tags=["zh"]
# 催付要讲方法：下单后一两个小时内、语气友好、说明库存或优惠即将结束；不要半夜发，也不要连发。
#
# ## 4. 物流与评价：晚到一天，少几颗星？

# %% [markdown] tags=["en"]
# Remind with care: within an hour or two of the order, in a friendly tone, mentioning stock or an offer that ends;
# never at night, never several times.
#
# ## 4. Delivery and reviews: how many stars does a late day cost?

# %%
delay = rating_by_delay(shop.reviews, shipments=shop.shipments)
ax = delay.plot(x="delay_band", y="mean_rating", kind="bar", yerr=(delay["mean_rating"] - delay["ci_low"]),
                legend=False, figsize=(6, 3), rot=0)
ax.set_xlabel(("超时天数" if ZH else "days late"))
ax.set_ylabel(("平均评分（1-5 星）" if ZH else "mean rating (1-5 stars)"));
delay.round(3)

# %%
q4

# %%
bad_share_late = ____

# %% tags=["solution"] solves=["q4"]
r = shop.reviews.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")
late = r[r["delay_days"] > 3]
bad_share_late = (late["sentiment"] == "bad").mean()

# %%
q4.check()

# %% [markdown] tags=["zh"]
# 准时的包裹几乎没有差评，晚到三天以上的一半是差评。**签收关怀**和主动告知延迟，是把“超时”变成“超值服务”的机会。
#
# ## 5. 差评处理：先找原因
# `bad_review_causes` 读差评的文字，按关键词归入物流、质量、服务、价格几类，并列出每类最常出现的词。

# %% [markdown] tags=["en"]
# On-time parcels get almost no bad reviews; half of those more than three days late do. **Delivery care** and a
# proactive delay notice turn a late parcel into a chance for service beyond expectations.
#
# ## 5. Handling bad reviews: find the cause first
# `bad_review_causes` reads the bad reviews' texts, files them under logistics, quality, service or price by keywords,
# and lists each cause's most frequent words.

# %%
causes = bad_review_causes(shop.reviews)
causes

# %%
q5

# %%
top_cause = ____

# %% tags=["solution"] solves=["q5"]
top_cause = {"logistics": "A", "quality": "B", "service": "C", "price": "D"}[causes["cause"].iloc[0]]

# %%
q5.check()

# %% [markdown] tags=["zh"]
# 处理一条差评的步骤：**及时**回复（24 小时内）→ 先道歉、不争辩 → 说明原因与补救（补发、退款、优惠券）→ 留下联系方式私下解决 →
# 改进流程，避免再犯。公开的回复是写给以后所有看评价的客户看的。
#
# ## 6. FAQ：从客户的原话里找
# 大量咨询是同一个问题的不同问法。`faq_candidates` 用结巴分词（jieba）把中文句子切成词，去掉“的、吗”这类虚词，
# 把用词相同的问题归为一类，按被问的次数排序，并算出它们一共占用了客服多少小时。

# %% [markdown] tags=["en"]
# Handling a bad review: reply **promptly** (within 24 h) → apologise first, never argue → explain the cause and the
# remedy (resend, refund, coupon) → offer a private contact → fix the process so it does not happen again. A public
# reply is written for every future reader of the reviews.
#
# ## 6. FAQ: find it in the customers' own words
# Many inquiries are one question asked in different words. `faq_candidates` cuts Chinese sentences into words with
# jieba, drops function words, groups questions that use the same words, ranks them by how often they are asked, and
# adds up the agent hours they cost.

# %%
faq_candidates(shop.service_tickets, top=8)

# %%
q6

# %%
# def top_questions(tickets, n): ...
top_questions = ____

# %% tags=["solution"] solves=["q6"]
def top_questions(tickets, n):
    counts = tickets["text"].value_counts().rename_axis("text").reset_index(name="n")
    counts = counts.sort_values(["n", "text"], ascending=[False, True])
    return counts["text"].head(n).tolist()

# %%
q6.check()

# %%
q7

# %%
level = ____

# %% tags=["solution"] solves=["q7"]
level = "D"

# %%
q7.check(level)

# %% [markdown] tags=["zh"]
# **练习 8（按规则检查的设计题）**：设计本店的 FAQ。

# %% [markdown] tags=["en"]
# **Exercise 8 (a design checked by rules)**: design the shop's FAQ.

# %%
q8

# %%
faq = ____

# %% tags=["solution"] solves=["q8"]
top = shop.service_tickets["topic"].value_counts().head(5).index
examples = shop.service_tickets.drop_duplicates("topic").set_index("topic")["text"]
faq = [{"topic": t, "question": examples[t],
        "answer": "请看商品页的说明（尺码表 / 库存 / 优惠），客服 30 秒内回复。See the product page; we reply within 30 s."}
       for t in top]

# %%
q8.check()

# %%
q9

# %%
reply = ____

# %% tags=["solution"] solves=["q9"]
reply = """Reply: We are sorry the parcel took a week; we have refunded the shipping fee and sent a coupon.
Fix: switch the carrier on the slow routes and send a delay notice when a parcel is late."""

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ## 小结
# - 服务链：售前（询单、分层服务）、售中（催付、物流、个性化包裹）、售后（签收关怀、退换货、差评与投诉处理）。
# - 服务四层次：基本 → 满意 → 超值 → 难忘。
# - 回复越快，询单转化越高；催付能收回一部分未付款订单；物流延迟是差评的第一大原因。
# - FAQ 来自客户的原话：分词、归类、按频次和耗时排序。
#
# | 中文 | English |
# |---|---|
# | 售前 / 售中 / 售后服务 | pre- / in- / after-sale service |
# | 询单、询单转化率 | pre-sale inquiry, inquiry-to-order conversion |
# | 分层服务 | tiered service |
# | 催付 | payment reminder |
# | 签收关怀 | delivery care |
# | 差评处理 | handling bad reviews |
# | 基本 / 满意 / 超值 / 难忘服务 | basic / satisfying / beyond-expectations / memorable service |
# | 常见问题解答 | FAQ |
# | 分词 | word segmentation |

# %% [markdown] tags=["en"]
# ## Summary
# - The service chain: pre-sale (inquiries, tiered service), in-sale (reminders, logistics, personalised parcels),
#   after-sale (delivery care, returns, bad reviews and complaints).
# - Four service levels: basic → satisfying → beyond expectations → memorable.
# - Faster replies convert more inquiries; reminders recover part of the unpaid orders; late delivery is the first
#   cause of bad reviews.
# - An FAQ comes from the customers' own words: segment, group, rank by frequency and time cost.
#
# | English | 中文 |
# |---|---|
# | pre- / in- / after-sale service | 售前 / 售中 / 售后服务 |
# | pre-sale inquiry, inquiry-to-order conversion | 询单、询单转化率 |
# | tiered service | 分层服务 |
# | payment reminder | 催付 |
# | delivery care | 签收关怀 |
# | handling bad reviews | 差评处理 |
# | basic / satisfying / beyond-expectations / memorable service | 基本 / 满意 / 超值 / 难忘服务 |
# | FAQ | 常见问题解答 |
# | word segmentation | 分词 |
