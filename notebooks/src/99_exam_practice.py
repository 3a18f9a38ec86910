# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 99 期末复习：练习卷 A（第 1–10 章）
#
# 期末考试占总成绩的 **50%**。这份练习卷有 21 道题，覆盖全部十章：选择题考概念，计算题用**你自己的商店**数据算。
# 每题都能立即检查；最后 `score()` 按章给出正确率，告诉你该复习哪一章。另一份练习卷 B 是实训作业 `X_exam_practice`（自动评分）。
#
# **怎么用**：先不看笔记独立做完，再用 `qN.hint()` 和 `qN.solution()` 查漏补缺；错的题回到对应章节的笔记本复习。
# 选择题写字母，例如 `a1 = "B"`。建议用时：40 分钟。
#
# **故事**：客户部成立后，陈静给你（林晓）出了一份练习卷：“这一年你在店里解决了十个问题，每章挑几道题，看看哪里还不熟。”
# 做完后，把按章的成绩单交给她。

# %% [markdown] tags=["en"]
# # 99 Final-exam practice: paper A (chapters 1-10)
#
# The final exam is **50%** of the course grade. This paper has 21 questions across all ten chapters: multiple choice
# on the ideas, and computations on **your own shop**. Every question checks at once; at the end `score()` gives your
# share correct by chapter, so you know which chapter to revise. Paper B is the auto-graded assignment
# `X_exam_practice`.
#
# **How to use it**: first answer without your notes, then use `qN.hint()` and `qN.solution()` for the gaps, and go
# back to the chapter's notebook for every miss. Multiple choice takes a letter, e.g. `a1 = "B"`. About 40 minutes.
#
# **The story**: once the customer department is set up, Chen Jing gives you (Lin Xiao) a practice paper: "This year you
# solved ten of the shop's problems. Here are a few questions from each chapter: see what you still don't know well."
# When you are done, hand her the score sheet by chapter.

# %%
import math

import pandas as pd

import crmlab
from crmlab.analysis import rfm_scores, rfm_segments, rfm_summary

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
crmlab.plot.set_theme(locale="{{LOCALE}}")  # charts that show Chinese text
from crmlab.exercises.exam_practice import *

# %% [markdown] tags=["zh"]
# ## 第 1 章 CRM 与社会化 CRM

# %% [markdown] tags=["en"]
# ## Chapter 1: CRM and social CRM

# %%
q1

# %%
a1 = ____

# %% tags=["solution"] solves=["q1"]
a1 = "A"

# %%
q1.check()

# %%
q2

# %%
a2 = ____

# %% tags=["solution"] solves=["q2"]
a2 = "C"

# %%
q2.check()

# %%
q3

# %%
a3 = ____

# %% tags=["solution"] solves=["q3"]
a3 = "C"

# %%
q3.check()

# %%
q4

# %%
referral_share = ____

# %% tags=["solution"] solves=["q4"]
referral_share = (shop.customers['acquisition_channel'] == 'referral').mean()

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 第 2 章 客户分析

# %% [markdown] tags=["en"]
# ## Chapter 2: Customer analysis

# %%
q5

# %%
a5 = ____

# %% tags=["solution"] solves=["q5"]
a5 = "D"

# %%
q5.check()

# %%
q6

# %%
top20_share = ____

# %% tags=["solution"] solves=["q6"]
paid = shop.orders[shop.orders['payment_status'] == 'paid']
spend = paid.groupby('customer_id')['amount'].sum().sort_values(ascending=False)
top20_share = spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum()

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 第 3 章 客户信息管理

# %% [markdown] tags=["en"]
# ## Chapter 3: Customer information management

# %%
q7

# %%
a7 = ____

# %% tags=["solution"] solves=["q7"]
a7 = "B"

# %%
q7.check()

# %%
q8

# %%
a8 = ____

# %% tags=["solution"] solves=["q8"]
a8 = "B"

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 第 4 章 客户满意度

# %% [markdown] tags=["en"]
# ## Chapter 4: Customer satisfaction

# %%
q9

# %%
a9 = ____

# %% tags=["solution"] solves=["q9"]
a9 = "B"

# %%
q9.check()

# %%
q10

# %%
nps_value = ____

# %% tags=["solution"] solves=["q10"]
sv = shop.surveys[shop.surveys['responded']]
nps_value = 100 * ((sv['nps'] >= 9).mean() - (sv['nps'] <= 6).mean())

# %%
q10.check()

# %% [markdown] tags=["zh"]
# ## 第 5 章 客户忠诚度

# %% [markdown] tags=["en"]
# ## Chapter 5: Customer loyalty

# %%
q11

# %%
a11 = ____

# %% tags=["solution"] solves=["q11"]
a11 = "B"

# %%
q11.check()

# %%
q12

# %%
a12 = ____

# %% tags=["solution"] solves=["q12"]
a12 = "C"

# %%
q12.check()

# %% [markdown] tags=["zh"]
# ## 第 6 章 CRM 营销

# %% [markdown] tags=["en"]
# ## Chapter 6: CRM marketing

# %%
q13

# %%
a13 = ____

# %% tags=["solution"] solves=["q13"]
a13 = "A"

# %%
q13.check()

# %% [markdown] tags=["zh"]
# ## 第 7 章 呼叫中心

# %% [markdown] tags=["en"]
# ## Chapter 7: Call center

# %%
q14

# %%
a14 = ____

# %% tags=["solution"] solves=["q14"]
a14 = "A"

# %%
q14.check()

# %%
q15

# %%
erlangs = ____

# %% tags=["solution"] solves=["q15"]
erlangs = 120 * 180 / 3600

# %%
q15.check()

# %% [markdown] tags=["zh"]
# ## 第 8 章 客户服务管理

# %% [markdown] tags=["en"]
# ## Chapter 8: Customer service management

# %%
q16

# %%
a16 = ____

# %% tags=["solution"] solves=["q16"]
a16 = "A"

# %%
q16.check()

# %%
q17

# %%
a17 = ____

# %% tags=["solution"] solves=["q17"]
a17 = "C"

# %%
q17.check()

# %% [markdown] tags=["zh"]
# ## 第 9 章 CRM 数据分析

# %% [markdown] tags=["en"]
# ## Chapter 9: CRM data analysis

# %%
q18

# %%
a18 = ____

# %% tags=["solution"] solves=["q18"]
a18 = "B"

# %%
q18.check()

# %%
q19

# %%
n_important_value = ____

# %% tags=["solution"] solves=["q19"]
seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta['end'])))
n_important_value = int((seg['segment_code'] == 'important_value').sum())

# %%
q19.check()

# %% [markdown] tags=["zh"]
# ## 第 10 章 CRM 部门

# %% [markdown] tags=["en"]
# ## Chapter 10: The CRM department

# %%
q20

# %%
payment_rate = ____

# %% tags=["solution"] solves=["q20"]
payment_rate = (shop.orders['payment_status'] == 'paid').mean()

# %%
q20.check()

# %%
q21

# %%
a21 = ____

# %% tags=["solution"] solves=["q21"]
a21 = "A"

# %%
q21.check()

# %% [markdown] tags=["zh"]
# ## 成绩单：按章的正确率
# `score()` 检查全部题目。正确率最低的章节，就是考前最该复习的章节。

# %% [markdown] tags=["en"]
# ## Score sheet: share correct by chapter
# `score()` checks every question. The chapters with the lowest share are the ones to revise first.

# %%
sheet = score()
sheet

# %%
import matplotlib.pyplot as plt

ax = sheet["share"].plot(kind="bar", figsize=(8, 3), color="#4C72B0", ylim=(0, 1), rot=0)
ax.set_xlabel(("章" if "{{LOCALE}}" == "zh" else "chapter"))
ax.set_ylabel(("答对比例" if "{{LOCALE}}" == "zh" else "share correct"));

# %% [markdown] tags=["zh"]
# ## 考前清单与术语
# **交给陈静**：把按章的成绩单交给陈静。正确率最低的一章，考前回到那一章的笔记本再做一遍。
#
# - 第 1 章：CRM 三大模块（市场、销售、服务）；五种客户关系；获客成本约为保留成本的 5 倍（课程资料）。
# - 第 2 章：潜在/目标/现实/流失客户；二八法则与 ABC 分类。
# - 第 3 章：收集客户信息的直接渠道与间接渠道；主键与外键。
# - 第 4 章：美誉度、指名度、回头率、抱怨率、销售力；NPS。
# - 第 5 章：态度 × 行为：非忠诚、惯性忠诚、潜在忠诚、绝对忠诚。
# - 第 6 章：随机分组的 A/B 测试。第 7 章：服务水平 80/20、话务量（Erlang）。
# - 第 8 章：投诉六步：记录→判断→分析→回复→反馈→回访；快速处理留住约 70%。
# - 第 9 章：RFM 八类客户；同比与环比；五类数据挖掘任务。第 10 章：四种实施模式；三类 KPI；CRM/ERP/SCM。
#
# | 中文 | English |
# |---|---|
# | 期末考试 | final exam |
# | 练习卷 | practice paper |
# | 正确率 | share correct |
# | 查漏补缺 | find and fill the gaps |

# %% [markdown] tags=["en"]
# ## Checklist before the exam, and terms
# **Handed to Chen Jing**: give Chen Jing your score sheet by chapter, and before the exam work through the
# notebook of your weakest chapter again.
#
# - Ch. 1: CRM's three modules (marketing, sales, service); five relationship types; acquiring costs about 5x keeping.
# - Ch. 2: potential / target / current / lost customers; the 80/20 rule and ABC classification.
# - Ch. 3: direct and indirect collection channels; primary and foreign keys.
# - Ch. 4: reputation, nomination, return rate, complaint rate, sales power; NPS.
# - Ch. 5: attitude × behaviour: no, inertia, latent, absolute loyalty.
# - Ch. 6: randomised A/B tests. Ch. 7: service level 80/20, traffic load in Erlangs.
# - Ch. 8: the six complaint steps record → judge → analyse → reply → feedback → follow-up; fast handling keeps ~70%.
# - Ch. 9: the eight RFM segments; YoY and MoM; five data-mining tasks. Ch. 10: four implementation models; three KPI
#   families; CRM / ERP / SCM.
#
# | English | 中文 |
# |---|---|
# | final exam | 期末考试 |
# | practice paper | 练习卷 |
# | share correct | 正确率 |
# | find and fill the gaps | 查漏补缺 |
