# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 13 专题：网上市场调研——步骤、抽样与问卷质量
#
# **学习目标**
# - 说出网上市场调研的内容、方法和六个步骤；
# - 用课程的七条策略和调查方法学规则检查问卷质量，修好一份有问题的问卷；
# - 用分层抽样设计样本，比较分层抽样和简单随机抽样的精度；
# - 发现并衡量无回复偏差。
#
# **故事**：老板周明想“做个调查，看看客户怎么想”。上次有人发了一份问卷，回来的答案寥寥无几，还都是好评。
# 这一次，主管陈静把调研交给你（林晓）：从设计问卷到分析回收的答案，每一步都要做对。

# %% [markdown] tags=["en"]
# # 13 Topic: online market research: steps, sampling and questionnaire quality
#
# **Learning goals**
# - name what online market research studies, its methods and its six steps;
# - check a questionnaire against the course's seven strategies and survey-methodology rules, and repair a bad one;
# - design a stratified sample and compare its precision with a simple random sample;
# - detect and measure non-response bias.
#
# **The story**: the owner, Zhou Ming, wants "a survey to hear what customers think". Last time someone sent a questionnaire,
# few answers came back, and all were praise. This time Chen Jing, the service lead,
# gives the research to you (Lin Xiao): every step, from the questionnaire to the answers, must be done right.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.online_market_research import *

# %%
import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab import plot
from crmlab.analysis import (Questionnaire, example_questionnaire, lint_rules, nonresponse_bias, sampling_error,
                             stratified_sample, survey_experience)

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 调研的内容、方法和步骤
# **内容**：市场需求、客户的购买行为、营销因素（产品、价格、渠道、促销）、宏观环境、竞争对手。
#
# **方法**：**直接调研**自己收集一手资料——在线问卷、电子邮件调查、对访问者随机抽样、固定样本调查；
# **间接调研**利用现成的二手资料——平台数据、行业报告、竞争对手的网店。店铺自己的订单和评价也是宝贵的资料。
#
# **六个步骤**：明确问题与调研目标 → 确定调研对象 → 制订调研计划 → 收集信息 → 分析信息 → 提交调研报告。

# %% [markdown] tags=["en"]
# ## 1. What, how and in which steps
# **What**: market demand, customers' buying behaviour, marketing factors (product, price, place, promotion), the
# wider environment, competitors.
#
# **How**: **direct research** collects first-hand data: online questionnaires, e-mail surveys, random samples of
# visitors, fixed panels; **indirect research** uses existing data: platform statistics, industry reports,
# competitors' shops. The shop's own orders and reviews are valuable data too.
#
# **Six steps**: define the problem and the goal → choose the audience → make the research plan → collect →
# analyse → report.

# %% [markdown] tags=["zh"]
# ### 练习 q6：步骤的顺序

# %% [markdown] tags=["en"]
# ### Exercise q6: the order of the steps

# %%
q6

# %%
steps = ____

# %% tags=["solution"] solves=["q6"]
steps = "B"

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 2. 问卷质量：让规则来检查
# 课程的网上调研策略：(1) 通过电子邮件联系；(2) 给访问者奖励刺激；(3) 要求访问者注册；(4) 轻易不要问涉及隐私的问题；
# (5) 考虑问题的数量；(6) 考虑问题的质量；(7) 用软件检测问卷的完成情况。
# 其中能自动检查的，加上调查方法学的常见规则（双管问题、诱导措辞、量表平衡……），都写进了 `Questionnaire.lint()`：

# %% [markdown] tags=["en"]
# ## 2. Questionnaire quality: let the rules check
# The course's strategies for online research: (1) reach people by e-mail; (2) reward respondents; (3) ask visitors
# to register; (4) do not lightly ask private questions; (5) mind the number of questions; (6) mind their quality;
# (7) let software check completion. Those a program can check, plus common methodology rules (double-barrelled
# questions, leading wording, balanced scales ...), are in `Questionnaire.lint()`:

# %%
lint_rules()

# %%
bad = example_questionnaire("bad")
bad.lint()[["rule", "severity", "question_id", "message"]]

# %% [markdown] tags=["zh"]
# ### 练习 q1：有多少个 error？

# %% [markdown] tags=["en"]
# ### Exercise q1: how many errors?

# %%
n_errors = ____

# %% tags=["solution"] solves=["q1"]
n_errors = int((bad.lint()["severity"] == "error").sum())

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ### 练习 q2：修好这份问卷
# 以反面问卷为基础（`print(bad.to_yaml())` 可以看到全文），写出 `fixed_survey`：lint 无 error 和 warning；至少 5 道题；
# 保留 NPS 题；个人信息题不必答；写明调研对象。改完用 `fixed_survey.lint()` 自查。

# %% [markdown] tags=["en"]
# ### Exercise q2: repair the questionnaire
# Starting from the counter-example (`print(bad.to_yaml())` shows it all), write `fixed_survey`: no lint error or
# warning; at least 5 questions; keep the NPS question; no required personal question; state the audience. Check
# yourself with `fixed_survey.lint()`.

# %%
fixed_survey = ____

# %% tags=["zh", "solution"] solves=["q2"]
fixed_survey = Questionnaire.from_yaml("""
title: 顾客购物体验调查
language: zh
purpose: 了解客户对商品、物流、退货服务的满意度和推荐意愿，找出要改进的环节。
audience: 最近 90 天在本店有已付款订单的客户
privacy_note: 问卷匿名，收入题可以不答；答案只用于改进服务，不对外提供。
incentive: 填完即得 5 元优惠券。
time_estimate_minutes: 3
questions:
  - {id: q_product, text: 您对商品质量的满意程度如何？, labels: [非常不满意, 不满意, 一般, 满意, 非常满意], measures: product}
  - {id: q_price, text: 您对商品价格的满意程度如何？, labels: [非常不满意, 不满意, 一般, 满意, 非常满意], measures: price}
  - {id: q_delivery, text: 您对物流速度的满意程度如何？, labels: [非常不满意, 不满意, 一般, 满意, 非常满意], measures: delivery}
  - {id: q_return, text: 您对我们的退货服务满意吗？, labels: [非常不满意, 不满意, 一般, 满意, 非常满意],
     allow_na: true, required: false, measures: service}
  - {id: q_source, type: single_choice, text: 您从哪里知道本店？, options: [朋友推荐, 广告, 搜索, 其他], required: false}
  - {id: nps, type: nps, text: 您有多大可能把本店推荐给朋友？（0-10 分）, measures: nps}
  - {id: income, type: single_choice, text: 您的月收入是多少？, options: [3000 元以下, 3000-8000 元, 8000 元以上, 不愿透露],
     required: false}
  - {id: q7, type: open_text, text: 您对本店有什么建议？, required: false}
""")

# %% tags=["en", "solution"] solves=["q2"]
fixed_survey = Questionnaire.from_yaml("""
title: Customer shopping survey
language: en
purpose: Learn how satisfied customers are with products, delivery and returns, and whether they would recommend us.
audience: Customers with a paid order in the last 90 days
privacy_note: The survey is anonymous and the income question is optional; answers are used only to improve our service.
incentive: Get a 5 CNY coupon when you finish.
time_estimate_minutes: 3
questions:
  - {id: q_product, text: "How satisfied are you with the quality of our products?", measures: product,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_price, text: "How satisfied are you with our prices?", measures: price,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_delivery, text: "How satisfied are you with the delivery speed?", measures: delivery,
     labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_return, text: "How satisfied are you with our return service?", measures: service, allow_na: true,
     required: false, labels: [Very dissatisfied, Dissatisfied, Neutral, Satisfied, Very satisfied]}
  - {id: q_source, type: single_choice, text: "Where did you hear about our shop?",
     options: [A friend, Advertising, Search, Other], required: false}
  - {id: nps, type: nps, text: "How likely are you to recommend our shop to a friend? (0-10)", measures: nps}
  - {id: income, type: single_choice, text: "What is your monthly income?",
     options: [Under 3000 CNY, 3000-8000 CNY, Over 8000 CNY, Prefer not to say], required: false}
  - {id: q7, type: open_text, text: "What could we do better?", required: false}
""")

# %%
q2.check()

# %% [markdown] tags=["zh"]
# 设计会影响回复率：同样邀请近 90 天的买家，反面问卷和合格问卷各有多少人回复？

# %% [markdown] tags=["en"]
# Design changes the response rate: inviting the same recent buyers, how many answer the bad and the good
# questionnaire?

# %%
good = example_questionnaire("good")
rates = {name: q.simulate_responses(shop, random_state=2)["responded"].mean() for name, q in [("bad", bad), ("good", good)]}
pd.Series(rates).round(3)

# %% [markdown] tags=["zh"]
# ## 3. 抽样：问谁？
# 不可能问每一位客户。**简单随机抽样**人人机会相等；**分层抽样**先按某个特征（会员等级、地区）分层，每层按比例抽，
# 样本的结构就和总体一致。如果各层差别大（金卡客户比普通客户花得多得多），分层抽样用同样的样本量能估得更准。

# %% [markdown] tags=["en"]
# ## 3. Sampling: whom to ask?
# You cannot ask every customer. A **simple random sample** gives everyone the same chance; a **stratified sample**
# first splits by a trait (member tier, region) and samples each stratum in proportion, so the sample has the
# population's mix. When strata differ a lot (gold members spend far more than regular ones), stratification
# estimates more precisely with the same sample size.

# %%
sample = stratified_sample(shop.customers, strata="member_tier", frac=0.1, random_state=0)
pd.DataFrame({"population": shop.customers["member_tier"].value_counts(normalize=True),
              "stratified sample": sample["member_tier"].value_counts(normalize=True)}).round(3)

# %% [markdown] tags=["zh"]
# ### 练习 q3：按比例分配样本
# 写函数 `allocate(sizes, n)`：各层样本量 = `np.rint(n × 该层人数 / 总人数)`，至少 1。

# %% [markdown] tags=["en"]
# ### Exercise q3: proportional allocation
# Write `allocate(sizes, n)`: each stratum gets `np.rint(n × its size / total)`, at least 1.

# %%
allocate = ____

# %% tags=["solution"] solves=["q3"]
def allocate(sizes, n):
    return np.maximum(np.rint(n * sizes / sizes.sum()), 1).astype("int64")

# %%
q3.check()

# %% [markdown] tags=["zh"]
# `sampling_error` 用两种抽样估计买家的平均消费，给出估计值、真实值和标准误：

# %% [markdown] tags=["en"]
# `sampling_error` estimates buyers' mean spend with both designs and reports the estimate, the true value and the
# standard error:

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
spend = (paid.groupby("customer_id")["amount"].sum().rename("spend").reset_index()
         .merge(shop.customers[["customer_id", "member_tier"]], on="customer_id"))
sampling_error(spend, value_col="spend", strata="member_tier", frac=0.1, random_state=0)

# %% [markdown] tags=["zh"]
# 一次抽样说明不了太多。重复 200 次，看两种抽样的估计值分布：

# %% [markdown] tags=["en"]
# One draw says little. Repeat it 200 times and compare the spread of the estimates:

# %%
runs = pd.concat([sampling_error(spend, value_col="spend", strata="member_tier", frac=0.1, random_state=s)["estimate"]
                  for s in range(200)], axis=1).T
designs = ({"simple": "简单随机抽样", "stratified": "分层抽样"} if ZH
           else {"simple": "simple random", "stratified": "stratified"})
ax = runs.rename(columns=designs).plot(kind="hist", bins=30, alpha=0.6, figsize=(8, 3))
ax.axvline(spend["spend"].mean(), color="black", ls="--")
ax.legend(title=("抽样方式" if ZH else "sampling design"))
ax.set_xlabel(("估计的人均消费（元）" if ZH else "estimated mean spend (CNY)"))
ax.set_ylabel(("次数（共 200 次）" if ZH else "draws (of 200)"));

# %% [markdown] tags=["zh"]
# ### 练习 q4：哪种抽样更准？

# %% [markdown] tags=["en"]
# ### Exercise q4: which design is more precise?

# %%
q4

# %%
more_precise = ____

# %% tags=["solution"] solves=["q4"]
se = sampling_error(spend, value_col="spend", strata="member_tier", frac=0.1, random_state=0)["standard_error"]
more_precise = "A" if se["stratified"] <= se["simple"] else "B"

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. 无回复偏差：谁没有回答？
# 回复的客户往往不同于不回复的客户（更活跃、更满意，或者恰恰相反）。只看回复者，就会把他们的意见当成全体的意见。
# 好在店里有所有受邀客户的订单数据，可以比较两组。

# %% [markdown] tags=["en"]
# ## 4. Non-response bias: who did not answer?
# Customers who answer often differ from those who do not (more active, happier, or the opposite). Looking only at
# respondents takes their view for everyone's. Luckily the shop has order data on every invitee, so the two groups
# can be compared.

# %%
nonresponse_bias(shop).round(3)

# %% [markdown] tags=["zh"]
# ### 练习 q5：回复率和无回复偏差
# a) `response_rate`：`shop.surveys` 的回复率；b) `repurchase_gap`：用 `survey_experience(shop)`，去掉 `repurchased` 为空的行，
# 回复者复购率减未回复者复购率。

# %% [markdown] tags=["en"]
# ### Exercise q5: response rate and non-response bias
# a) `response_rate` of `shop.surveys`; b) `repurchase_gap`: with `survey_experience(shop)`, without the rows whose
# `repurchased` is empty, the respondents' repurchase rate minus the non-respondents'.

# %%
response_rate = ____
repurchase_gap = ____

# %% tags=["solution"] solves=["q5.a", "q5.b"]
response_rate = shop.surveys["responded"].mean()
ex = survey_experience(shop)
ex = ex[ex["repurchased"].notna()]
rate = ex["repurchased"].astype(float).groupby(ex["responded"]).mean()
repurchase_gap = rate[True] - rate[False]

# %%
q5.a.check()

# %%
q5.b.check()

# %% [markdown] tags=["zh"]
# ### 练习 q7：写一份调研计划

# %% [markdown] tags=["en"]
# ### Exercise q7: write a research plan

# %%
q7

# %%
reflection = ____

# %% tags=["zh", "solution"] solves=["q7"]
reflection = ("问题：首单客户为什么不回购？对象：首单后 60-120 天没有第二单的客户。按获客渠道分层抽 200 人。"
              "问卷 6 题，匿名、送 5 元券，先过 lint。回收后用订单数据比较回复者与未回复者，必要时加权。")

# %% tags=["en", "solution"] solves=["q7"]
reflection = ("Problem: why do first-time buyers not return? Audience: customers 60-120 days after a first order "
              "without a second. Stratify by acquisition channel, 200 people. Six anonymous questions with a 5 CNY "
              "coupon, checked by lint. Compare respondents with non-respondents on order data and reweight.")

# %%
q7.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：林晓交给周明一份通过规则检查的问卷、一个抽样方案，以及一份无回复偏差的说明：哪些客户没有回答，调研结论因此要打几分折扣。
#
# - 调研六步：明确问题与目标 → 确定对象 → 制订计划 → 收集 → 分析 → 报告。
# - 问卷质量有规则可查：目的和对象、奖励、隐私、题量与用时、一题一问、中立措辞、平衡量表、“不适用”选项。
# - 分层抽样让样本结构与总体一致，各层差异大时更准。
# - 回复者不等于全体：用已有数据比较回复者与未回复者，检查无回复偏差。
#
# | 中文 | English |
# |---|---|
# | 网上市场调研 | online market research |
# | 直接调研 / 间接调研 | direct (primary) / indirect (secondary) research |
# | 调研目标 / 调研对象 / 调研计划 | research goal / audience / research plan |
# | 抽样调查 | sample survey |
# | 简单随机抽样 / 分层抽样 | simple random sampling / stratified sampling |
# | 标准误 | standard error |
# | 回复率 | response rate |
# | 无回复偏差 | non-response bias |
# | 双管问题 / 诱导性问题 | double-barrelled question / leading question |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming a questionnaire that passes the rules, a sampling plan, and a
# note on non-response bias: which customers did not answer, and how much that should temper the conclusions.
#
# - Six steps: problem and goal → audience → plan → collect → analyse → report.
# - Questionnaire quality can be checked by rules: purpose and audience, incentive, privacy, length and time, one
#   question at a time, neutral wording, balanced scales, a "not applicable" option.
# - Stratified sampling keeps the population's mix and is more precise when strata differ.
# - Respondents are not everyone: compare them with non-respondents on data you already have.
#
# | English | 中文 |
# |---|---|
# | online market research | 网上市场调研 |
# | direct (primary) / indirect (secondary) research | 直接调研 / 间接调研 |
# | research goal / audience / research plan | 调研目标 / 调研对象 / 调研计划 |
# | sample survey | 抽样调查 |
# | simple random sampling / stratified sampling | 简单随机抽样 / 分层抽样 |
# | standard error | 标准误 |
# | response rate | 回复率 |
# | non-response bias | 无回复偏差 |
# | double-barrelled question / leading question | 双管问题 / 诱导性问题 |
