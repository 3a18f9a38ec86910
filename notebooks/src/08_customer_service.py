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
# - 区分四个服务层次：基本服务、满意服务、超值服务、难忘服务；说出电子商务客户服务管理的特点：极致思维、首创者、持续创新；
# - 用数据量出询单转化率、催付效果、物流延迟对评分的影响、差评原因；
# - 从客户的原话中设计 FAQ；知道客服素质的要求，写出通过规则检查的话术；用数据看口碑营销。
#
# **故事**：店长周明看了上个月的评价，说：“我们商品不差啊，怎么差评这么多？”主管陈静让你（林晓）把一位客户从咨询到收货的
# 整条服务链走一遍，看看客户在哪一步失望了。

# %% [markdown] tags=["en"]
# # 08 Customer service management: inquiries, reminders, delivery, bad reviews and FAQ
#
# **Learning goals**
# - split service into pre-, in- and after-sale and name the key work of each: inquiry handling, tiered service,
#   payment reminders, logistics, personalised parcels, delivery care, handling bad reviews;
# - tell apart four service levels: basic, satisfying, beyond expectations, memorable; name what marks e-commerce
#   service management: thinking in extremes, being a first mover, continuous innovation;
# - measure inquiry-to-order conversion, the effect of payment reminders, the cost of late parcels in stars, and the
#   causes of bad reviews;
# - design an FAQ from the customers' own words; know the qualities of a service agent, write a reply script that
#   passes the rules, and read word of mouth in the data.
#
# **The story**: reading last month's reviews, Zhou Ming, the owner, says: "Our products are fine, so why so many bad
# reviews?" Chen Jing, the service lead, asks you (Lin Xiao) to walk the whole service chain, from a customer's first question to
# the parcel at the door, and find where customers are let down.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_service import *

import pandas as pd
from crmlab import plot
from crmlab.analysis import (bad_review_causes, check_reply, faq_candidates, inquiry_conversion, rating_by_delay,
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
#
# **电子商务客户服务管理的特点**：网店的客户不见面、可以随时比较别家，**客户期望**被最好的那家店拉高；店铺的运营模式和服务模式
# 都要以客户为中心，打造**体验服务**。做到这一点，有三种思维：
# - **极致思维**：把一件普通的事做到超出客户预期，例如客户只问尺码，客服却按他以往的订单提醒“这款偏小，建议大一码”；
# - **首创者**：率先推出别人还没有的服务（例如平台上第一家“先试后买”），抢先赢得客户的注意和口碑；
# - **持续创新**：首创的服务很快会被模仿，要不断从差评、询单和投诉里找问题、改做法，服务才不会落后于客户期望。

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
#
# **What marks e-commerce service management**: online customers never meet the shop and can compare rivals at any
# moment, so the best shop sets their **expectations**; the shop's operating and service models must put the customer
# at the centre and build an **experience service**. Three ways of thinking get there:
# - **thinking in extremes**: carry an ordinary task beyond what the customer expects: asked only about the size, the
#   agent checks the customer's past orders and says "this one runs small, take one size up";
# - **first mover**: be the first with a service nobody else offers (the marketplace's first "try before you pay"), and
#   win attention and word of mouth first;
# - **continuous innovation**: a first is soon copied, so keep finding problems in bad reviews, inquiries and
#   complaints and changing the practice, to stay ahead of customers' expectations.

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
# 有一部分订单拍下后没有马上付款（下面打印了它们的比例）。店里给其中一部分发了催付消息。`reminder_effect` 比较两组最终付款的比例。

# %% [markdown] tags=["en"]
# This is the case for **tiered service**: when agents are scarce, the fastest replies go to high-value customers and
# to customers asking before they buy.
#
# ## 3. Payment reminders: orders placed but not paid
# Some orders sit unpaid after checkout (their share is printed below). The shop reminded some of them.
# `reminder_effect` compares how many were finally paid in each group.

# %%
print((f"拍下后没有马上付款的订单占 {shop.orders['was_unpaid'].mean():.1%}" if ZH else
       f"Orders left unpaid after checkout: {shop.orders['was_unpaid'].mean():.1%}"))
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

# %%
reviewed = shop.reviews.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")
on_time = reviewed["delay_days"] == 0
very_late = reviewed["delay_days"] > 3
print((f"准时包裹的差评比例 {(reviewed.loc[on_time, 'sentiment'] == 'bad').mean():.1%}，"
       f"晚到三天以上的 {(reviewed.loc[very_late, 'sentiment'] == 'bad').mean():.1%}" if ZH else
       f"bad-review share of on-time parcels {(reviewed.loc[on_time, 'sentiment'] == 'bad').mean():.1%}, "
       f"of parcels more than three days late {(reviewed.loc[very_late, 'sentiment'] == 'bad').mean():.1%}"))

# %% [markdown] tags=["zh"]
# 比一比上面两个比例：晚到的包裹，差评是不是多得多？**签收关怀**和主动告知延迟，是把“超时”变成“超值服务”的机会。
#
# ## 5. 差评处理：先找原因
# `bad_review_causes` 读差评的文字，按关键词归入物流、质量、服务、价格几类，并列出每类最常出现的词。

# %% [markdown] tags=["en"]
# Compare the two shares above: do late parcels draw far more bad reviews? **Delivery care** and a proactive delay notice
# turn a late parcel into a chance for service beyond expectations.
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
# 改进流程，避免再犯。公开的回复，其实是写给以后每一位看评价的客户的。
#
# ### 客服素质与话术
# 这些步骤要靠人来做。**客服素质**是客服人员应具备的职业素质：服务意识（心里装着客户，而不是只想把消息回完）、专业知识（商品、物流、
# 平台规则）、沟通能力、情绪管理和抗压能力——双十一一个人同时接待好几位着急的客户时，最见功夫。
#
# **话术**是客服在常见情境下的规范表达：欢迎语、催付语、致歉语、差评回复……好的话术让新人也能答得又快又稳，但要真诚，
# 不能机械照搬。差评回复的话术可以用规则检查：`check_reply` 查六条：开头有问候、有致歉、给出具体办法、承诺跟进、
# 没有禁用语（如“不是我们的问题”“找快递去”）、不超过 150 个字符。下面是一段不合格的回复：

# %% [markdown] tags=["en"]
# Handling a bad review: reply **promptly** (within 24 h) → apologise first, never argue → explain the cause and the
# remedy (resend, refund, coupon) → offer a private contact → fix the process so it does not happen again. A public
# reply is written for every future reader of the reviews.
#
# ### A service agent's qualities and reply scripts
# People do these steps. A **service agent's qualities** are the professional ones: service-mindedness (keeping the
# customer in mind, not just clearing messages), knowledge (products, delivery, the marketplace's rules), communication, emotional
# control and resilience, tested most on 11.11 when one agent serves several anxious customers at once.
#
# **Service scripts** (话术) are the standard wording for common situations: greetings, payment reminders, apologies,
# replies to bad reviews. Good scripts let a newcomer answer fast and steadily, but they must sound sincere, not
# pasted. A reply to a bad review can be checked by rules: `check_reply` checks six: a greeting at the start, an
# apology, a concrete remedy, a promise to follow up, no forbidden phrase ("not our problem", "ask the carrier"), at
# most 150 characters. Here is a reply that fails:

# %%
check_reply("这不是我们的问题，快递慢请找快递去。" if ZH else "Not our problem: the carrier was slow, ask them.")

# %% [markdown] tags=["zh"]
# ## 6. FAQ：从客户的原话里找
# 大量咨询是同一个问题的不同问法。`faq_candidates` 用结巴分词（jieba）把中文句子切成词，去掉“的、吗”这类虚词，
# 把用词相同的问题归为一类，按被问的次数排序，并算出它们一共占用了客服多少小时。

# %% [markdown] tags=["en"]
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
# ## 7. 口碑营销：满意的客户替你说话
# **口碑营销**是让客户满意、并主动向别人推荐来传播店铺和商品。它的基本要素是产品与服务优质、讲究道德与诚信、信息简单有趣；
# 常用的方法有寻找意见领袖、制造口碑话题、实施奖励计划（例如老客推荐新客，两人都得券）、倾听消费者心声、关注每个细节。
#
# 口碑有两面：课程资料说，不满意的客户会告诉 8-10 个人，满意的客户只告诉 2-3 个人。本店的 `word_of_mouth` 表记下了客户
# 每一次向别人讲述购物经历：是好话还是坏话、通过什么方式、告诉了几个人、带来了几个推荐注册的新客户。先看讲述的方式：

# %% [markdown] tags=["en"]
# ## 7. Word-of-mouth marketing: happy customers speak for you
# **Word-of-mouth marketing** spreads the shop and its products through satisfied customers who recommend them. Its
# basic elements are good products and service, ethics and honesty, and a simple, interesting message; its methods
# include finding opinion leaders, creating topics worth talking about, reward schemes (a referral that gives both
# customers a coupon), listening to customers and caring for every detail.
#
# Word of mouth cuts both ways: the course material says an unhappy customer tells 8-10 people, a happy one 2-3. The
# shop's `word_of_mouth` table records every time a customer told others about an order: good or bad, how, to how many
# people, and how many new customers signed up by referral. First, how they told:

# %%
wom = shop.word_of_mouth
pd.crosstab(wom["channel"], wom["sentiment"], margins=True)

# %%
print((f"满意客户的讲述一共带来了 {wom.loc[wom['sentiment'] == 'positive', 'referrals'].sum()} 位推荐注册的新客户" if ZH
       else f"Happy tellings brought {wom.loc[wom['sentiment'] == 'positive', 'referrals'].sum()} new customers by "
            "referral"))

# %% [markdown] tags=["zh"]
# ## 8. 概念自测
# **练习 10**：电子商务客户服务管理的特点：每个场景体现的是哪一个？

# %% [markdown] tags=["en"]
# ## 8. Concept check
# **Exercise 10**: what marks e-commerce service management: which trait does each scene show?

# %%
q10.a

# %%
trait_a = ____

# %% tags=["solution"] solves=["q10.a"]
trait_a = "A"

# %%
q10.a.check()

# %%
q10.b

# %%
trait_b = ____

# %% tags=["solution"] solves=["q10.b"]
trait_b = "B"

# %%
q10.b.check()

# %%
q10.c

# %%
trait_c = ____

# %% tags=["solution"] solves=["q10.c"]
trait_c = "C"

# %%
q10.c.check()

# %% [markdown] tags=["zh"]
# **练习 11**：客服素质。

# %% [markdown] tags=["en"]
# **Exercise 11**: a service agent's qualities.

# %%
q11

# %%
qualities = ____

# %% tags=["solution"] solves=["q11"]
qualities = "B"

# %%
q11.check()

# %% [markdown] tags=["zh"]
# **练习 12（按规则检查的话术）**：回复一条说物流太慢的差评。写好后可以先用 `check_reply(script)` 自己检查。

# %% [markdown] tags=["en"]
# **Exercise 12 (a script checked by rules)**: reply to a bad review about slow delivery. Check it yourself first with
# `check_reply(script)`.

# %%
q12

# %%
script = ____

# %% tags=["solution"] solves=["q12"]
script = ("亲，您好！让您等了一周，真的非常抱歉。我们已为您补偿 10 元无门槛优惠券，并更换了这条线路的快递；"
          "下一单发货后客服会主动跟进物流，有变化及时告知您。")

# %%
q12.check()

# %% [markdown] tags=["zh"]
# **练习 13（口碑）**：不满的客户每次讲述告诉的人数，是满意的客户的几倍？和课程资料的“8-10 比 2-3”比一比。

# %% [markdown] tags=["en"]
# **Exercise 13 (word of mouth)**: how many times as many people does an unhappy telling reach as a happy one? Compare
# with the course material's "8-10 against 2-3".

# %%
q13

# %%
wom_ratio = ____

# %% tags=["solution"] solves=["q13"]
told = shop.word_of_mouth.groupby("sentiment")["people_told"].mean()
wom_ratio = told["negative"] / told["positive"]

# %%
q13.check()

# %% [markdown] tags=["zh"]
# ## 案例讨论：携程的 HEAT 服务理念
# 陈静在部门会上介绍了携程的服务理念 HEAT——暖心、简单、主动、信任，又讲了一个反面案例：一家网店忽视客户需求、服务体验差，
# 老客户一个个流失。她问林晓：“我们店该学哪一条？”
#
# 1. “暖心、简单、主动、信任”分别对应售前、售中、售后的哪些做法？
# 2. 投诉处理的六步中，哪一步最常被省略？
# 3. 收到差评时，打电话要求客户删评算不算好的差评处理？
#
# **练习 14（讨论准备，人工评阅）**：把你的要点写在 `case_notes` 里，课堂讨论时用。

# %% [markdown] tags=["en"]
# ## Case discussion: Ctrip's HEAT service idea
# At the team meeting Chen Jing presents Ctrip's service idea HEAT (heart, easy, active, trust) and a failure: an
# online shop that ignored its customers' needs, served them badly and lost its old customers one by one. She asks Lin
# Xiao: "Which of these should our shop learn?"
#
# 1. Which pre-, in- and after-sale practices does each of heart, easy, active and trust stand for?
# 2. Which of the six complaint-handling steps is most often skipped?
# 3. When a bad review comes in, is phoning the customer to ask them to delete it good handling?
#
# **Exercise 14 (preparing the discussion, read by your teacher)**: write your points in `case_notes` for the class.

# %%
q14

# %%
case_notes = ____

# %% tags=["solution"] solves=["q14"]
case_notes = ("Heart: delivery care and personal parcels; easy: a clear FAQ; active: tell customers of delays first; "
              "trust: keep promises. The final follow-up is skipped most. Asking for deletion hides the problem.")

# %%
q14.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给陈静**：林晓交给陈静一份服务链诊断：询单、催付、物流、差评处理中，客户最常在哪一步失望；一份从客户原话整理出的常见问题解答；
# 以及几条改进建议。陈静把它转给了周明。
#
# - 服务链：售前（询单、分层服务）、售中（催付、物流、个性化包裹）、售后（签收关怀、退换货、差评与投诉处理）。
# - 服务四层次：基本 → 满意 → 超值 → 难忘。
# - 回复越快，询单转化越高；催付能收回一部分未付款订单；用数据找出差评的第一大原因，再对准它改进。
# - 电子商务客户服务管理的特点：极致思维、首创者、持续创新。
# - 客服素质决定服务的下限；话术要规范、真诚，差评回复可以用规则检查。
# - 口碑营销：坏口碑传得比好口碑远，先把服务做好，再鼓励满意的客户分享。
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
# | 极致思维 / 首创者 / 持续创新 | thinking in extremes / first mover / continuous innovation |
# | 客服素质 | service staff's qualities |
# | 话术 | service scripts |
# | 口碑营销 | word-of-mouth marketing |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Chen Jing**: Lin Xiao gives Chen Jing a diagnosis of the service chain: at which of inquiries,
# payment reminders, delivery and bad-review handling customers are let down most; an FAQ drawn from the
# customers' own words; and a few fixes. Chen Jing passes it on to Zhou Ming.
#
# - The service chain: pre-sale (inquiries, tiered service), in-sale (reminders, logistics, personalised parcels),
#   after-sale (delivery care, returns, bad reviews and complaints).
# - Four service levels: basic → satisfying → beyond expectations → memorable.
# - Faster replies convert more inquiries; reminders recover part of the unpaid orders; find the first cause of bad
#   reviews in the data and fix that first.
# - An FAQ comes from the customers' own words: segment, group, rank by frequency and time cost.
# - What marks e-commerce service management: thinking in extremes, being a first mover, continuous innovation.
# - An agent's qualities set the floor of service; scripts are standard and sincere, and replies to bad reviews can be
#   checked by rules.
# - Word-of-mouth marketing: bad news travels further than good; serve well first, then help happy customers share.
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
# | thinking in extremes / first mover / continuous innovation | 极致思维 / 首创者 / 持续创新 |
# | service staff's qualities | 客服素质 |
# | service scripts | 话术 |
# | word-of-mouth marketing | 口碑营销 |
