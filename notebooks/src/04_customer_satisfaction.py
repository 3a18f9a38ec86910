# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 04 客户满意度：从问卷到“客户优越感”
#
# **学习目标**
# - 说清客户满意的层次（理念、行为、视听、产品、服务满意；物质、精神、社会层）、客户让渡价值和 CRM 三角定律；
# - 理解客户满意级度、客户感知价值和客户优越感；
# - 设计一份合格的满意度问卷（李克特量表、NPS），用规则自动检查它；
# - 计算 CSAT、带置信区间的 NPS 和 Cronbach's alpha（信度）；
# - 用五个指标（美誉度、指名度、回头率、抱怨率、销售力）建立满意度指数；
# - 用重要性-表现分析（IPA）找出最该改进的环节，并检验满意度和复购的关系。
#
# **故事**：老板周明拿着一堆差评问你（林晓）：“客户到底哪里不满意？是物流、商品还是价格？”店里每个季度都会发一份满意度问卷，
# 但从没人认真分析过。这一章你要把问卷的回答算成指标，再根据指标决定先改什么。

# %% [markdown] tags=["en"]
# # 04 Customer satisfaction: from a survey to customers who feel special
#
# **Learning goals**
# - explain the levels of satisfaction (idea, behaviour, look-and-feel, product, service; material, spiritual,
#   social), customer delivered value and the CRM triangle law;
# - understand the levels of satisfaction, customer perceived value and the sense of superiority;
# - design a sound satisfaction survey (Likert items, NPS) and check it with rules;
# - compute CSAT, the NPS with a confidence interval, and Cronbach's alpha (reliability);
# - build a satisfaction index from five indicators (reputation, nomination, return rate, complaint rate,
#   sales power);
# - find what to fix first with importance-performance analysis (IPA), and test whether satisfaction
#   brings customers back.
#
# **The story**: the owner, Zhou Ming, waves a pile of bad reviews at you (Lin Xiao): "What exactly are customers unhappy with?
# Delivery, products, prices?" The shop sends a satisfaction survey every quarter, but nobody has ever
# analysed it. In this chapter you turn the answers into measures, and use the measures to decide what to fix first.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_satisfaction import *

# %%
import matplotlib.pyplot as plt
import pandas as pd

from crmlab import plot
from crmlab.schema import label
from crmlab.analysis import (cronbach_alpha, csat, example_questionnaire, importance_performance,
                             item_total_correlations, nps, repurchase_logit, satisfaction_index,
                             satisfaction_indicators, satisfaction_repurchase)
from crmlab.widgets import questionnaire_form

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 什么是客户满意
# **客户满意**是客户把“感知到的”与“期望的”相比较后的感受。课程用 **CRM 三角定律**概括：
# **客户满意 = 客户感知 − 客户期望**。感知高于期望，客户满意；低于期望，再好的商品也会招来抱怨。
# 所以提升满意度有两条路：提高感知（把事做好），和**管理期望**（不过度承诺，如实写明发货时间）。
#
# 满意有不同**层次**：
# - 按对象：**理念满意**（认同店铺的价值观）、**行为满意**（认可店铺和员工的做法）、**视听满意**（店铺页面、包装、客服话术给人的观感）、
#   **产品满意**（质量、功能、价格）、**服务满意**（售前、售中、售后）；
# - 按深度：**物质满意层**（商品本身）→ **精神满意层**（购物过程的愉悦、被尊重）→ **社会满意层**（买了觉得有面子、符合社会价值）。
#
# 客户掂量的是**客户让渡价值** = 客户总价值（商品、服务、人员、形象）− 客户总成本（货币、时间、精力、体力）。
# 让渡价值越大，客户越满意。最高境界是**客户优越感**：客户觉得自己在这里得到的待遇比别人、比别处更好（专属客服、会员特权、惊喜）。

# %% [markdown] tags=["en"]
# ## 1. What satisfaction is
# **Customer satisfaction** is how customers feel when they compare what they *perceive* with what they
# *expected*. The course sums it up in the **CRM triangle law**: **satisfaction = perception − expectation**.
# Above expectations, customers are satisfied; below, even a good product earns complaints. So there are two
# levers: raise perception (do things well) and **manage expectations** (do not over-promise; state real
# delivery times).
#
# Satisfaction has **levels**:
# - by object: **idea** (customers share the shop's values), **behaviour** (they approve of how the shop and its
#   staff act), **look-and-feel** (pages, packaging, the tone of service), **product** (quality, function,
#   price) and **service** (before, during and after the sale);
# - by depth: **material** (the goods) → **spiritual** (a pleasant, respectful experience) → **social** (buying
#   here feels good in the eyes of others).
#
# Customers weigh the **customer delivered value** = total customer value (product, service, people, image)
# − total customer cost (money, time, effort, energy). The bigger it is, the more satisfied they are. The
# summit is a **sense of superiority** (客户优越感): customers feel treated better here than elsewhere
# (a dedicated service line, member privileges, surprises).

# %% [markdown] tags=["zh"]
# ### 客户满意级度与客户感知价值
# “满意”要能量化，先得有刻度。**客户满意级度**把客户满意的程度分成几级，最常用的是五级：非常不满意、不满意、一般、
# 满意、非常满意（问卷里记作 1–5 分）。有了级度，才能数每一级有多少人、算满意度得分、比较不同季度。
#
# 客户打几分，取决于他的**客户感知价值**：客户在购买和使用中实际感受到的价值，是“得到的”（商品、服务、人员、形象）和
# “付出的”（钱、时间、精力、体力）之间的权衡。同样 199 元的台灯，第二天送到、客服秒回的店，感知价值就比等了六天、
# 问了没人回的店高。感知价值达到或超过期望，客户才满意（CRM 三角定律）。
#
# 店里问卷的总体满意度 `q_overall` 就是五级刻度。下面数一数每一级各有多少份回答：

# %% [markdown] tags=["en"]
# ### Levels of satisfaction and customer perceived value
# To measure satisfaction you first need a scale. The **levels of satisfaction** (客户满意级度) split how satisfied
# a customer is into grades, most often five: very dissatisfied, dissatisfied, neutral, satisfied, very satisfied
# (1-5 in a survey). With levels you can count how many customers sit at each, compute a score and compare quarters.
#
# Which level a customer picks depends on their **customer perceived value** (客户感知价值): the value they actually
# feel in buying and using, weighing what they get (product, service, people, image) against what they give (money,
# time, effort, energy). The same 199-yuan lamp delivered next day with instant replies is worth more to the
# customer than one that took six days with questions left unanswered. Only when perceived value meets or beats
# expectations is the customer satisfied (the CRM triangle law).
#
# The survey's overall satisfaction `q_overall` is a five-level scale. Let us count the answers at each level:

# %%
answered = shop.surveys[shop.surveys["responded"]]
level_names = {1: ("非常不满意", "very dissatisfied"), 2: ("不满意", "dissatisfied"), 3: ("一般", "neutral"),
               4: ("满意", "satisfied"), 5: ("非常满意", "very satisfied")}
levels = answered["q_overall"].dropna().astype(int).value_counts().reindex(range(1, 6), fill_value=0)
levels.rename(lambda k: level_names[k][0 if ZH else 1])

# %%
q9

# %%
n_unhappy = ____

# %% tags=["solution"] solves=["q9"]
r = shop.surveys[shop.surveys["responded"]]
n_unhappy = int(r["q_overall"].dropna().isin([1, 2]).sum())

# %%
q9.check()

# %%
q10

# %%
perceived = ____

# %% tags=["solution"] solves=["q10"]
perceived = "B"

# %%
q10.check()

# %% [markdown] tags=["zh"]
# ## 2. 设计问卷：先让规则挑毛病
# 好问卷的规则（课程的网上调研策略 + 调查方法学）：写明目的和对象；给奖励；不轻易问隐私；题目数量适当、说明用时；
# 每题只问一件事（不要“双管问题”）；措辞中立（不诱导）；量表正负对称；没用过的服务要有“不适用”。
# `Questionnaire.lint()` 自动检查这些规则。先看一份反面教材：

# %% [markdown] tags=["en"]
# ## 2. Designing the survey: let the rules find the faults
# A good questionnaire (the course's online-research rules plus survey methodology): states its purpose and
# audience; rewards respondents; does not ask for private data lightly; keeps the number of questions and the
# stated time honest; asks one thing per question (no double-barrelled questions); uses neutral wording (no
# leading); balances its scales; offers "not applicable" for services not everyone used.
# `Questionnaire.lint()` checks these rules. First, a counter-example:

# %%
bad = example_questionnaire("bad")
findings = bad.lint()
findings[["rule", "severity", "question_id", "title", "fix"]].head(12)

# %%
findings["severity"].value_counts()

# %% [markdown] tags=["zh"]
# 一份合格的问卷长什么样？下面这份能通过全部检查。`questionnaire_form(good)` 可以把它显示成一张可填写的表单，自己试着填一遍，感受一下用时。

# %% [markdown] tags=["en"]
# What does a sound questionnaire look like? This one passes every check. `questionnaire_form(good)` shows it as a
# form you can fill in: try it and feel how long it takes.

# %%
good = example_questionnaire("good")
print(good.to_yaml())
print("lint findings:", len(good.lint()), "| estimated seconds:", good.estimated_seconds())

# %%
questionnaire_form(good)

# %% [markdown] tags=["zh"]
# ### 练习 q4：设计你的问卷
# 写一份你自己的售后满意度问卷 `my_survey`（可以用 YAML 文本 + `Questionnaire.from_yaml`，也可以写字典）。
# 要求：lint 没有错误和警告；李克特题覆盖 `measures` 的 product、delivery、service、price、overall；一道 NPS 题；
# 客服题可选“不适用”（`allow_na: true`）；不超过 12 题。不确定时先运行 `my_survey.lint()`。

# %% [markdown] tags=["en"]
# ### Exercise q4: design your questionnaire
# Write your own after-sale questionnaire `my_survey` (YAML text with `Questionnaire.from_yaml`, or a dict).
# Rules: no lint errors or warnings; Likert items whose `measures` cover product, delivery, service, price and
# overall; one NPS question; "not applicable" on the service item (`allow_na: true`); at most 12 questions.
# When unsure, run `my_survey.lint()` first.

# %%
from crmlab.analysis import Questionnaire

my_survey = ____

# %% tags=["zh", "solution"] solves=["q4"]
my_survey = Questionnaire.from_yaml("""
title: 售后体验调查
language: zh
purpose: 了解客户对商品、物流、客服和价格的满意度，决定下季度先改进哪一项。
audience: 最近 90 天在本店有已付款订单的客户
privacy_note: 问卷匿名，答案只用于改进服务，不对外提供。
incentive: 填完即得 5 元优惠券。
time_estimate_minutes: 2
questions:
  - {id: q_product, text: 您对商品质量的满意程度如何？, measures: product,
     labels: [非常不满意, 不满意, 一般, 满意, 非常满意]}
  - {id: q_delivery, text: 您对物流速度的满意程度如何？, measures: delivery,
     labels: [非常不满意, 不满意, 一般, 满意, 非常满意]}
  - {id: q_service, text: 您对客服回复速度的满意程度如何？, measures: service, allow_na: true, required: false,
     labels: [非常不满意, 不满意, 一般, 满意, 非常满意]}
  - {id: q_price, text: 您对商品价格的满意程度如何？, measures: price,
     labels: [非常不满意, 不满意, 一般, 满意, 非常满意]}
  - {id: q_overall, text: 总体来说，您对本店的满意程度如何？, measures: overall,
     labels: [非常不满意, 不满意, 一般, 满意, 非常满意]}
  - {id: nps, type: nps, text: 您有多大可能把本店推荐给朋友？（0-10 分）, measures: nps}
""")

# %% tags=["en", "solution"] solves=["q4"]
my_survey = Questionnaire.from_yaml("""
title: After-sale experience survey
language: en
purpose: Learn how satisfied customers are with products, delivery, service and prices, to decide what to fix next quarter.
audience: Customers with a paid order in the last 90 days
privacy_note: The survey is anonymous; answers are used only to improve our service and never shared.
incentive: Get a 5 CNY coupon when you finish.
time_estimate_minutes: 2
questions:
  - {id: q_product, text: "How satisfied are you with the quality of the products?", measures: product,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_delivery, text: "How satisfied are you with the delivery speed?", measures: delivery,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_service, text: "How satisfied are you with how fast customer service replied?", measures: service,
     allow_na: true, required: false, labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_price, text: "How satisfied are you with our prices?", measures: price,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_overall, text: "Overall, how satisfied are you with our shop?", measures: overall,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: nps, type: nps, text: "How likely are you to recommend our shop to a friend? (0-10)", measures: nps}
""")

# %%
q4.check()

# %% [markdown] tags=["zh"]
# 问卷合格之后，可以先让商店里的客户“试填”：`simulate_responses` 让近 90 天的买家按自己真实的经历作答（物流慢的给物流低分），
# 回复率也会受问卷长度、奖励和隐私说明影响。这是发出问卷前的一次“彩排”。

# %% [markdown] tags=["en"]
# Once the questionnaire is sound, let the shop's customers try it: `simulate_responses` has recent buyers
# answer from their real experience (late deliveries give low delivery scores), and the response rate reacts to
# length, incentive and privacy note. A dress rehearsal before the real send-out.

# %%
trial = good.simulate_responses(shop, random_state=1)
print("invited:", len(trial), "| response rate:", round(trial["responded"].mean(), 3))
trial[trial["responded"]].head()

# %% [markdown] tags=["zh"]
# ## 3. 给问卷打分：CSAT 和 NPS
# 店里真实的问卷结果在 `shop.surveys`：每次邀请一行，没回复的行答案为空。五道 1-5 分的李克特题
# （`q_product`、`q_delivery`、`q_service`、`q_price`、`q_overall`）和一道 0-10 分的推荐意愿题 `nps`。
#
# - **CSAT**（客户满意度得分）：回答“满意”或“非常满意”（4、5 分，即“顶部两格”）的比例。
# - **NPS**（净推荐值）：推荐者（9-10 分）比例 − 贬损者（0-6 分）比例，乘以 100，范围 −100 到 100。
#   样本小时 NPS 波动很大，所以要看它的**置信区间**。

# %% [markdown] tags=["en"]
# ## 3. Scoring the survey: CSAT and NPS
# The shop's real survey results are in `shop.surveys`: one row per invitation, empty answers when nobody
# replied. Five Likert items on 1-5 (`q_product`, `q_delivery`, `q_service`, `q_price`, `q_overall`) and a
# 0-10 likelihood to recommend, `nps`.
#
# - **CSAT** (customer satisfaction score): the share answering "satisfied" or "very satisfied" (4 or 5, the
#   top two boxes).
# - **NPS** (Net Promoter Score): share of promoters (9-10) minus share of detractors (0-6), times 100, from
#   −100 to 100. With a small sample the NPS jumps around: look at its **confidence interval**.

# %%
r = shop.surveys[shop.surveys["responded"]]
print("invitations:", len(shop.surveys), "| responses:", len(r))
r[["q_product", "q_delivery", "q_service", "q_price", "q_overall", "nps"]].describe().round(2)

# %%
ax = r["nps"].value_counts().reindex(range(11), fill_value=0).plot(
    kind="bar", color=["#C44E52"] * 7 + ["#BBBBBB"] * 2 + ["#55A868"] * 2, figsize=(8, 3))
ax.set_xlabel(("推荐意愿 NPS（0-10 分）" if ZH else "likelihood to recommend, NPS (0-10)"))
ax.set_ylabel(("人数" if ZH else "respondents"));

# %% [markdown] tags=["zh"]
# ### 练习 q1：CSAT
# 在回复了问卷的客户中，`q_overall` 为 4 或 5 分的比例是多少？（提示：`csat`）

# %% [markdown] tags=["en"]
# ### Exercise q1: CSAT
# Among respondents, what share gave `q_overall` a 4 or 5? (Hint: `csat`.)

# %%
csat_overall = ____

# %% tags=["solution"] solves=["q1"]
csat_overall = csat(r, "q_overall")

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ### 练习 q2：NPS 和它的置信区间
# a) 计算 `nps_score`；b) 看 `nps(r)` 的 `ci_low`、`ci_high`，判断 NPS 是否显著大于 0，把选项字母写进 `nps_verdict`。

# %% [markdown] tags=["en"]
# ### Exercise q2: the NPS and its confidence interval
# a) compute `nps_score`; b) look at `ci_low` and `ci_high` of `nps(r)`, decide whether the NPS is significantly
# above 0, and put the option's letter in `nps_verdict`.

# %%
nps(r)

# %%
nps_score = ____
nps_verdict = ____

# %% tags=["solution"] solves=["q2.a", "q2.b"]
nps_score = float(nps(r)["nps"].iloc[0])
row = nps(r).iloc[0]
nps_verdict = "A" if row["ci_low"] > 0 else ("C" if row["ci_high"] < 0 else "B")

# %%
q2.a.check()
q2.b

# %%
q2.b.check()

# %% [markdown] tags=["zh"]
# ## 4. 信度：这些题测的是同一件事吗？
# 把几道题加总成“满意度得分”之前，要确认它们**一致**：**Cronbach's alpha** 在 0.7 以上通常算可靠，低于 0.6 时总分没有意义。
# `item_total_correlations` 显示每道题和其他题总和的相关，以及删掉它之后的 alpha：删掉后 alpha 反而升高的题，测的是别的东西。

# %% [markdown] tags=["en"]
# ## 4. Reliability: do the items measure one thing?
# Before adding items up into a satisfaction score, check they are **consistent**: **Cronbach's alpha** above
# 0.7 is usually taken as reliable; below 0.6 the total means little. `item_total_correlations` shows each
# item's correlation with the sum of the others and alpha without it: an item whose removal *raises* alpha
# measures something else.

# %%
print("alpha =", round(cronbach_alpha(r), 3))
item_total_correlations(r).round(3)

# %% [markdown] tags=["zh"]
# ### 练习 q3：自己实现 alpha
# 写函数 `alpha(df, items)`：只用把 `items` 全部答完的行，返回 k/(k−1) × (1 − 各题方差之和 / 总分方差)。

# %% [markdown] tags=["en"]
# ### Exercise q3: implement alpha yourself
# Write `alpha(df, items)`: on rows that answered every item, return k/(k−1) × (1 − sum of item variances /
# variance of the total).

# %%
alpha = ____

# %% tags=["solution"] solves=["q3"]
def alpha(df, items):
    x = df[list(items)].astype(float).dropna()
    k = x.shape[1]
    return k / (k - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ## 5. 先改哪一项？重要性-表现分析（IPA）
# **表现**是某项的平均分；**重要性**是它和总体满意度的相关程度（它一动，总体满意度跟着动多少）。
# 以平均值为界分成四个象限：重要但表现差的在左上角——**重点改进**。

# %% [markdown] tags=["en"]
# ## 5. What to fix first? Importance-performance analysis (IPA)
# **Performance** is an item's mean score; **importance** is how strongly it moves overall satisfaction (its
# correlation with `q_overall`). Split at the means: the top-left quadrant, important but performing poorly, is
# where to **concentrate**.

# %%
ipa = importance_performance(r)
ipa.round(3)

# %%
plot.ipa_grid(ipa, locale="{{LOCALE}}");

# %% [markdown] tags=["zh"]
# ### 练习 q5：最先改进哪一项？
# 按 IPA 的结果，把选项字母写进 `fix_first`。

# %% [markdown] tags=["en"]
# ### Exercise q5: fix what first?
# By the IPA result, put the option's letter in `fix_first`.

# %%
q5

# %%
fix_first = ____

# %% tags=["solution"] solves=["q5"]
fix_first = {"q_product": "A", "q_delivery": "B", "q_service": "C", "q_price": "D"}[ipa.index[0]]

# %%
q5.check()

# %% [markdown] tags=["zh"]
# ## 6. 满意度指标体系：五个指标和满意度指数
# 问卷只代表回复的人。课程用五个**行为指标**衡量满意度，它们来自店里所有客户的数据：
#
# | 指标 | 含义 | 在本店的计算 |
# |---|---|---|
# | 美誉度 | 客户对店铺的称赞程度 | 好评占评价的比例 |
# | 指名度 | 客户指名要买、向别人推荐 | 问卷中推荐者（NPS 9-10 分）的比例 |
# | 回头率 | 买了还再来买 | 当期买家中下了 2 单及以上的比例 |
# | 抱怨率 | 客户抱怨的多少 | 投诉数 / 已支付订单数（越低越好） |
# | 销售力 | 满意带来的销售能力 | 售前咨询的成交率（询单转化率） |
#
# 每个指标换算成 0-100 分，加权平均就是**满意度指数**。默认权重让“做了什么”（评价、回购）比“说了什么”更重。
# 按季度算（`freq="Q"`）就能看到趋势。

# %% [markdown] tags=["en"]
# ## 6. An index system: five indicators and a satisfaction index
# A survey speaks only for those who answer. The course measures satisfaction with five **behavioural
# indicators**, from the data of every customer:
#
# | indicator | meaning | measured here as |
# |---|---|---|
# | reputation (美誉度) | how much customers praise the shop | share of good reviews |
# | nomination (指名度) | customers ask for the shop by name and recommend it | share of promoters (NPS 9-10) |
# | return rate (回头率) | customers come back | share of the period's buyers with 2+ orders |
# | complaint rate (抱怨率) | how much customers complain | complaints per paid order (lower is better) |
# | sales power (销售力) | the selling power satisfaction gives | conversion of pre-sale inquiries |
#
# Each becomes a 0-100 score; their weighted mean is the **satisfaction index**. The default weights count
# what customers *do* (reviews, returns) more than what they *say*. With `freq="Q"` you see the trend.

# %%
ind = satisfaction_index(satisfaction_indicators(shop))
ind.T.round(3)

# %%
quarterly = satisfaction_index(satisfaction_indicators(shop, freq="Q"))
names = {f"score_{k}": name for k, name in quarterly.attrs["labels"].items()}  # the indicators' names
names["index"] = ("满意度指数" if ZH else "satisfaction index")
plot.time_series(quarterly[list(names)], labels=names, marker="o", ylabel=("得分（0-100）" if ZH else "score (0-100)"));

# %% [markdown] tags=["zh"]
# ### 练习 q6：等权指数
# 如果五个指标一样重要（权重都是 0.2），满意度指数 `my_index` 是多少？

# %% [markdown] tags=["en"]
# ### Exercise q6: an equal-weight index
# If the five indicators weigh the same (0.2 each), what is the satisfaction index `my_index`?

# %%
my_index = ____

# %% tags=["solution"] solves=["q6"]
weights = {"reputation": 0.2, "nomination": 0.2, "return_rate": 0.2, "complaint": 0.2, "sales_power": 0.2}
my_index = float(satisfaction_index(satisfaction_indicators(shop), weights=weights)["index"].iloc[0])

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ### 练习 q7：哪个指标越低越好？

# %% [markdown] tags=["en"]
# ### Exercise q7: which indicator is better when lower?

# %%
q7

# %%
falling = ____

# %% tags=["solution"] solves=["q7"]
falling = "D"

# %%
q7.check()

# %% [markdown] tags=["zh"]
# ## 7. 满意的客户真的会回来吗？
# `satisfaction_repurchase` 把每位受邀客户的回答和他**之后 180 天**有没有再下单连起来。如果满意度重要，复购率应随分数上升。
# 注意两点：打 1、2 分的回答很少，这几组的比例波动很大，先看每组有多少人；没回复的客户也有自己的复购率——回复者和不回复者可能本来就不一样（无回复偏差）。
# `repurchase_logit` 用逻辑回归估计每多 1 分，复购的几率（odds）变成几倍，并控制了历史订单数。

# %% [markdown] tags=["en"]
# ## 7. Do satisfied customers come back?
# `satisfaction_repurchase` links each invitee's answer to whether they ordered again **within 180 days**. If
# satisfaction matters, the repurchase rate rises with the score. Two cautions: few answers give 1 or 2, so those
# groups' rates jump around (look at each group's size first); and non-respondents have a rate of their own: those who answer may differ from
# those who do not (non-response bias). `repurchase_logit` estimates how the odds of rebuying change per
# point, controlling for past orders.

# %%
rep = satisfaction_repurchase(shop)
rep

# %%
ax = rep.set_index("label")["repurchase_rate"].plot(kind="bar", color="#4C72B0", figsize=(6, 3), rot=0)
ax.set_xlabel(("总体满意度" if ZH else "overall satisfaction"))
ax.set_ylabel(("180 天内复购率" if ZH else "repurchase rate within 180 days"));

# %%
repurchase_logit(shop).round(3)

# %% [markdown] tags=["zh"]
# ### 客户优越感
# 满意的最高境界是**客户优越感**：客户觉得自己在这里得到的待遇比别人更好、比别处更好。它不是来自人人都有的折扣，
# 而是来自“只给他、专门为他”的东西：专属客服、会员特权、记得他的喜好、生日的一张贺卡、意料之外的小惊喜。
# 这也是课程第 4 章标题的意思——从客户满意度到“客户优越感”：满意的客户可能被别家更低的价格拉走，
# 有优越感的客户舍不得离开。
#
# 青禾生活馆的会员等级就是打造优越感的工具。下面按会员等级看问卷里对服务（`q_service`）的平均打分和回答的份数：
# 等级越高的会员，是不是觉得受到的服务越好？

# %% [markdown] tags=["en"]
# ### A sense of superiority
# The summit of satisfaction is a **sense of superiority** (客户优越感): customers feel treated better here than
# others are, and better than elsewhere. It does not come from a discount everyone gets but from what is "just for
# them, made for them": a dedicated agent, member privileges, remembering their tastes, a birthday card, a small
# surprise. That is the meaning of the chapter's title, from satisfaction to a sense of superiority: a satisfied
# customer may be lured away by a lower price, a customer who feels special does not want to leave.
#
# Qinghe Living's member tiers are a tool to build it. Below, by member tier, the mean rating of service
# (`q_service`) in the survey and the number of answers: do higher tiers feel better served?

# %%
by_tier = (answered.merge(shop.customers[["customer_id", "member_tier"]], on="customer_id")
           .groupby("member_tier")["q_service"].agg(["mean", "count"])
           .reindex(["regular", "silver", "gold", "diamond"]))
by_tier.rename(index=lambda code: label("member_tier", code)).round(2)

# %%
q11

# %%
superiority = ____

# %% tags=["solution"] solves=["q11"]
superiority = "B"

# %%
q11.check()

# %% [markdown] tags=["zh"]
# ### 练习 q8：思考题
# 用你的 IPA 和 NPS 结果，为这家店提出一项“管理期望”和一项“打造客户优越感”的做法，并说明用哪个指标检验效果。

# %% [markdown] tags=["en"]
# ### Exercise q8: reflection
# Using your IPA and NPS results, propose one way to manage expectations and one way to make customers feel
# special (客户优越感), and say which indicator would show the effect.

# %%
reflection = ____

# %% tags=["zh", "solution"] solves=["q8"]
reflection = ("先改 IPA 中落在“重点改进”象限的那一项（q5）。管理期望：商品页如实写明材质和发货时间，不夸大。"
              "客户优越感：给回头客专属客服和生日券。用季度满意度指数里的回头率和抱怨率检验；NPS 的区间若很宽，就要更多样本。")

# %% tags=["en", "solution"] solves=["q8"]
reflection = ("Fix first the item IPA puts in 'concentrate here' (q5). Manage expectations: describe materials and "
              "delivery times honestly. Make loyal customers feel special: a dedicated service line and a birthday "
              "coupon. Check the return and complaint rates in the quarterly index; if the NPS interval is wide, "
              "collect more answers.")

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 8. 案例讨论：银行里的陈先生
# 陈静给林晓讲了一个课件里的例子：陈先生每个月到银行存钱。柜员小李微笑着接过现款和存折，存好，并祝他愉快——
# 这是满意的服务。如果小李还记得陈先生的习惯，主动提醒一件对他有用的事，服务就超出了期望。
# “我们店的客户，每次收到的是哪一种服务？”
#
# 1. 基本的、满意的、超值的、难忘的服务，区别在哪里？在青禾生活馆里各举一例。
# 2. 用哪些指标衡量满意度？店里的数据能算哪些？
# 3. 为什么要管理客户期望？期望越高越好吗？（CRM 三角定律）
#
# 把你的要点写进 `case_notes`，课堂讨论之后用 `q12.solution()` 对照讨论要点。

# %% [markdown] tags=["en"]
# ## 8. Case discussion: Mr Chen at the bank
# Chen Jing tells Lin Xiao an example from the course slides: every month Mr Chen deposits money at his bank. The
# teller, Xiao Li, takes the cash and the passbook with a smile, makes the deposit and wishes him a good day: a
# satisfying service. If Xiao Li also remembered Mr Chen's habits and pointed out something useful to him, the
# service would go beyond expectations. "Which kind of service do our customers get each time?"
#
# 1. What separates basic, satisfying, beyond-expectation and memorable service? Give an example of each at Qinghe
#    Living.
# 2. Which indicators measure satisfaction? Which can the shop's data compute?
# 3. Why manage customer expectations? Are higher expectations better? (the CRM triangle law)
#
# Write your points in `case_notes`; after the class discussion, compare them with `q12.solution()`.

# %%
q12

# %%
case_notes = ____

# %% tags=["solution"] solves=["q12"]
case_notes = ("按时发货、回复及时是满意的服务；签收后发使用提示、记得老客户的尺码和生日是超出期望，让客户有优越感。"
              "满意度用满意级度、CSAT、NPS 和五个指标量化；期望不是越高越好，过度承诺会让同样的服务变成不满意。")

# %%
q12.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一份满意度分析：问卷合格、信度够用；满意度指数里哪个指标最拖后腿，重要性-表现分析说先改哪一项，
# 以后用哪个指标检验改进的效果。
#
# - 满意 = 感知 − 期望（CRM 三角定律）：既要把事做好，也要管理期望；最高境界是让客户有优越感。
# - 客户满意级度是测评满意度的刻度（常用五级）；客户打几分取决于客户感知价值：所得与付出的权衡。
# - 客户优越感来自“只给他、专门为他”的待遇，而不是人人都有的折扣。
# - 问卷先过规则检查（`lint`），再发出；用 CSAT、带置信区间的 NPS 打分，用 alpha 检查信度。
# - 五个行为指标 + 权重 = 满意度指数，按季度看趋势；IPA 告诉你先改哪一项。
# - 满意度和复购的关系要用数据检验，注意样本量和无回复偏差。
#
# | 中文 | English |
# |---|---|
# | 客户满意度 | customer satisfaction |
# | 理念 / 行为 / 视听 / 产品 / 服务满意 | idea / behaviour / look-and-feel / product / service satisfaction |
# | 物质 / 精神 / 社会满意层 | material / spiritual / social level |
# | 客户让渡价值 | customer delivered value |
# | CRM 三角定律 | CRM triangle law |
# | 客户期望管理 | expectation management |
# | 客户优越感 | sense of superiority |
# | 客户满意级度 | levels of satisfaction |
# | 客户感知价值 | customer perceived value |
# | 美誉度 / 指名度 / 回头率 / 抱怨率 / 销售力 | reputation / nomination / return rate / complaint rate / sales power |
# | 李克特量表 | Likert scale |
# | 净推荐值 | Net Promoter Score (NPS) |
# | 信度 | reliability (Cronbach's alpha) |
# | 重要性-表现分析 | importance-performance analysis (IPA) |
# | 问卷 | questionnaire |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a satisfaction analysis: a sound questionnaire with adequate
# reliability, the indicator that drags the index down most, the item the importance-performance analysis says to
# fix first, and the measure that will show whether the fix worked.
#
# - Satisfaction = perception − expectation (the CRM triangle law): do things well *and* manage expectations;
#   at best, make customers feel special.
# - Levels of satisfaction are the scale satisfaction is measured on (often five); the level a customer picks
#   depends on the perceived value: what they get against what they give.
# - A sense of superiority comes from treatment "just for them", not from a discount everyone gets.
# - Check a questionnaire against the rules (`lint`) before sending it; score it with CSAT and an NPS with its
#   interval; check reliability with alpha.
# - Five behavioural indicators + weights = a satisfaction index, followed per quarter; IPA says what to fix first.
# - Test the link between satisfaction and repurchase with data, minding sample size and non-response bias.
#
# | English | 中文 |
# |---|---|
# | customer satisfaction | 客户满意度 |
# | idea / behaviour / look-and-feel / product / service satisfaction | 理念 / 行为 / 视听 / 产品 / 服务满意 |
# | material / spiritual / social level | 物质 / 精神 / 社会满意层 |
# | customer delivered value | 客户让渡价值 |
# | CRM triangle law | CRM 三角定律 |
# | expectation management | 客户期望管理 |
# | sense of superiority | 客户优越感 |
# | levels of satisfaction | 客户满意级度 |
# | customer perceived value | 客户感知价值 |
# | reputation / nomination / return rate / complaint rate / sales power | 美誉度 / 指名度 / 回头率 / 抱怨率 / 销售力 |
# | Likert scale | 李克特量表 |
# | Net Promoter Score (NPS) | 净推荐值 |
# | reliability (Cronbach's alpha) | 信度 |
# | importance-performance analysis (IPA) | 重要性-表现分析 |
# | questionnaire | 问卷 |
