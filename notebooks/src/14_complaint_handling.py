# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 14 投诉处理：流程、时限与快速处理的价值
#
# **学习目标**
# - 掌握投诉处理的六步流程：记录 → 判断 → 分析 → 回复 → 反馈 → 回访；
# - 按阶段量出处理时间，用 SLA（服务时限）找出流程的瓶颈；
# - 按投诉类别找根因；
# - 用数据重新发现课程里的两个数字：投诉处理得快，约 70% 的客户会留下；不满意的客户会告诉 8-10 个人，满意的只告诉 2-3 个人。
#
# **故事**：客服主管陈静把一叠投诉单放在林晓（你）桌上：“每起投诉我们都处理了，为什么客户还是走了？”你要搞清楚：投诉卡在哪一步、为什么会有这么多投诉、
# 处理的快慢到底值多少钱。

# %% [markdown] tags=["en"]
# # 14 Complaint handling: the workflow, deadlines and what speed is worth
#
# **Learning goals**
# - know the six steps of complaint handling: record → judge → analyse → reply → feedback → follow-up;
# - measure the time in each stage and find the bottleneck with SLAs (service deadlines);
# - find root causes by complaint category;
# - rediscover two figures of the course in the data: about 70% of complainants stay when the complaint is handled
#   fast; an unhappy customer tells 8-10 people, a happy one only 2-3.
#
# **The story**: Chen Jing, the head of customer service, drops a pile of complaint forms on your (Lin Xiao's) desk: "We handled every single complaint, so why
# do the customers still leave?" Find out where complaints get stuck, why there are so many, and what handling speed
# is worth.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.complaint_handling import *

import pandas as pd
from crmlab import plot
from crmlab.analysis import complaint_retention, complaint_stage_times, sla_breaches

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
shop.complaints.head()

# %% [markdown] tags=["zh"]
# ## 1. 投诉处理的六步
#
# | 步骤 | 做什么 | 表里的时间 |
# |---|---|---|
# | 记录 | 完整记下客户、订单、问题和诉求，不打断、不争辩 | `recorded_time` |
# | 判断 | 投诉是否成立、严重程度、该谁处理 | `judged_time` |
# | 分析 | 查原因（物流？质量？服务？），拟定解决方案 | `analysed_time` |
# | 回复 | 把方案告诉客户：道歉、补偿、退换 | `replied_time` |
# | 反馈 | 确认方案已落实，客户是否接受 | `feedback_time` |
# | 回访 | 过几天再联系：问题真的解决了吗？还满意吗？ | `followup_time`（不是每起都有） |
#
# 客户感受到的是“从投诉到得到回复”的时间；内部每一步都可能让它变长。

# %% [markdown] tags=["en"]
# ## 1. The six steps of complaint handling
#
# | step | what happens | time in the table |
# |---|---|---|
# | record | note the customer, order, problem and request completely; do not interrupt or argue | `recorded_time` |
# | judge | is the complaint valid, how serious, who handles it | `judged_time` |
# | analyse | find the cause (logistics? quality? service?) and a remedy | `analysed_time` |
# | reply | tell the customer the remedy: apology, compensation, return | `replied_time` |
# | feedback | confirm the remedy was carried out and accepted | `feedback_time` |
# | follow-up | contact again a few days later: really solved? satisfied? | `followup_time` (not for all) |
#
# What the customer feels is the time from complaining to hearing back; every internal step can stretch it.

# %%
times = complaint_stage_times(shop.complaints)
times.describe().round(1)

# %%
plot.complaint_timeline(shop.complaints, by="category");

# %%
q1

# %%
median_reply = ____

# %% tags=["solution"] solves=["q1"]
c = shop.complaints
median_reply = ((c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)).median()

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ## 2. SLA：每一步的时限
# SLA（服务水平协议）是对客户或对自己的承诺，例如“24 小时内回复”。这里的时限都从记录时算起：判断 4 小时、分析 12 小时、
# 回复 24 小时、反馈 48 小时、回访 7 天。超时率最高的一步就是瓶颈。

# %% [markdown] tags=["en"]
# ## 2. SLAs: a deadline for each step
# An SLA (service level agreement) is a promise to customers or to ourselves, such as "a reply within 24 hours". Here
# every deadline counts from the record: judge 4 h, analyse 12 h, reply 24 h, feedback 48 h, follow-up 7 days. The
# stage with the highest breach rate is the bottleneck.

# %%
sla_breaches(shop.complaints).round(3)

# %%
q2

# %%
breaches = ____

# %% tags=["solution"] solves=["q2"]
breaches = sla_breaches(shop.complaints)[["stage", "n", "breaches", "breach_rate"]]

# %%
q2.check()

# %%
q3

# %%
bottleneck = ____

# %% tags=["solution"] solves=["q3"]
stage = breaches.sort_values("breach_rate", ascending=False)["stage"].iloc[0]
bottleneck = {"judge": "A", "analyse": "B", "reply": "C", "feedback": "D", "followup": "E"}[stage]

# %%
q3.check(bottleneck)

# %% [markdown] tags=["zh"]
# ## 3. 根因：投诉从哪里来？
# 处理得再好，也不如不让投诉发生。按类别看投诉数，和谁处理得最慢。`sla_breaches(..., by="category")` 也能按类别拆开。

# %% [markdown] tags=["en"]
# ## 3. Root causes: where do complaints come from?
# Handling well is good; preventing the complaint is better. Count complaints by category and see which are handled
# slowest. `sla_breaches(..., by="category")` splits the breaches the same way.

# %%
q4

# %%
by_category = ____

# %% tags=["solution"] solves=["q4"]
hours = (c["replied_time"] - c["recorded_time"]) / pd.Timedelta(hours=1)
df = c.assign(late=hours > 24)
by_category = df.groupby("category").agg(complaints=("late", "size"), reply_breach_rate=("late", "mean")).reset_index()

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. 快速处理值多少？
# 投诉的客户以后还买不买？`complaint_retention` 看投诉处理完后 180 天内有没有再下单，并和**基准**比较：没有投诉的订单之后
# 180 天内再下单的比例。**保留率 = 复购率 ÷ 基准**，也就是“本来会回来的客户里，有多少真的回来了”。

# %% [markdown] tags=["en"]
# ## 4. What is fast handling worth?
# Do complainants buy again? `complaint_retention` checks for a paid order within 180 days after the feedback and
# compares it with the **baseline**: the share of orders without a complaint followed by another order within 180 days.
# **Retention = re-order rate ÷ baseline**: of the customers who would have come back, how many did.

# %%
speed = complaint_retention(shop.complaints, orders=shop.orders)
ax = speed.plot(x="band", y="retention", kind="bar", legend=False, figsize=(6, 3), rot=0)
ax.axhline(0.7, color="grey", ls="--")
ax.set_xlabel(("从记录到回复的用时" if ZH else "time from the record to the reply"))
ax.set_ylabel(("留存率（相对基线）" if ZH else "retention (against the baseline)"));
speed.round(3)

# %% [markdown] tags=["zh"]
# 慢的几档投诉少，区间很宽；合成“24 小时内”和“超过 24 小时”两组看更稳。

# %% [markdown] tags=["en"]
# The slow bands hold few complaints and wide intervals; two groups, "within 24 h" and "later", are steadier.

# %%
q5

# %%
retention_fast = ____
retention_slow = ____

# %% tags=["solution"] solves=["q5.a", "q5.b"]
r = complaint_retention(shop.complaints, orders=shop.orders, bins=(24,))
retention_fast = float(r["retention"].iloc[0])
retention_slow = float(r["retention"].iloc[1])

# %%
q5.a.check()
q5.b.check()

# %% [markdown] tags=["zh"]
# **动手试一试：投诉处理流程模拟器。** 它用本店真实的投诉重放记录→判断→分析→回复→反馈→回访。把“回复 ×”拖到 0.5（回复快一倍），
# 看 24 小时内回复的比例和按上表留存率估计的投诉客户留存怎样变；再试试把“判断”或“分析”提速：哪一步提速最值？

# %% [markdown] tags=["en"]
# **Try it: the complaint-workflow simulator.** It replays the shop's own complaints through
# record→judge→analyse→reply→feedback→follow-up. Drag "reply ×" to 0.5 (replies twice as fast): how do the share
# replied within 24 hours and the expected retention of complainants (from the table above) change? Then speed up
# "judge" or "analyse": which stage is worth speeding up most?

# %%
crmlab.widgets.complaint_simulator(shop)

# %% [markdown] tags=["zh"]
# ## 5. 口碑的账
# 不满意的客户会告诉 8-10 个人，满意的只告诉 2-3 个人。一起没处理好的投诉，传出去的坏消息要三四起处理好的投诉才能抵消。

# %% [markdown] tags=["en"]
# ## 5. Word of mouth in numbers
# An unhappy customer tells 8-10 people, a happy one 2-3. One badly handled complaint spreads as much bad news as three
# or four well handled ones spread good news.

# %%
q6

# %%
told_bad = ____
told_good = ____

# %% tags=["solution"] solves=["q6.a", "q6.b"]
told_bad = (~shop.complaints["resolved"]).sum() * 9
told_good = shop.complaints["resolved"].sum() * 2.5

# %%
q6.a.check()
q6.b.check()

# %% [markdown] tags=["zh"]
# **练习 7（按规则检查的设计题）**：为投诉流程设定 SLA。

# %% [markdown] tags=["en"]
# **Exercise 7 (a design checked by rules)**: set the SLA of the complaint workflow.

# %%
q7

# %%
sla = ____

# %% tags=["solution"] solves=["q7"]
sla = {"judge": 6, "analyse": 16, "reply": 24, "feedback": 60, "followup": 168}

# %%
q7.check()

# %%
q8

# %%
proposals = ____

# %% tags=["solution"] solves=["q8"]
proposals = """1. Analyse stage: add a logistics specialist so analysis takes < 12 h (track the breach rate).
2. Logistics complaints: switch carrier on slow routes (track complaints per 1,000 orders).
3. Reply within 24 h for all severe complaints (track retention of complainants)."""

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给陈静**：林晓交给陈静一份投诉处理的诊断：最常超时的一步（瓶颈）、投诉最多的类别（根因）、处理快慢对客户去留的影响（用你算出的保留率），
# 以及缩短处理时间的建议。
#
# - 投诉处理六步：记录 → 判断 → 分析 → 回复 → 反馈 → 回访；每一步都要有时限（SLA）。
# - 超时率最高的阶段是瓶颈；投诉最多的类别是根因。
# - 课程资料说：24 小时内处理好，约七成客户会留下；处理拖得越久，留下的越少。你在 q5 算出的保留率就是检验这句话的数据。
# - 不满意的客户告诉 8-10 人，满意的告诉 2-3 人：投诉处理是口碑管理。
#
# | 中文 | English |
# |---|---|
# | 投诉处理 | complaint handling |
# | 记录 / 判断 / 分析 / 回复 / 反馈 / 回访 | record / judge / analyse / reply / feedback / follow-up |
# | 服务水平协议（SLA） | service level agreement |
# | 超时率 | breach rate |
# | 瓶颈 | bottleneck |
# | 根因 | root cause |
# | 保留率 | retention |
# | 口碑 | word of mouth |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Chen Jing**: Lin Xiao gives Chen Jing a diagnosis of complaint handling: the step that breaches its
# deadline most (the bottleneck), the largest category (the root cause), what handling speed does to whether
# customers stay (the retention you computed), and proposals to handle complaints faster.
#
# - Six steps: record → judge → analyse → reply → feedback → follow-up; each needs a deadline (SLA).
# - The stage with the highest breach rate is the bottleneck; the largest category is the root cause.
# - The course material says: handled within 24 hours, about seven in ten complainants stay, and the longer it
#   takes, the fewer stay. The retention rates you computed in q5 are the data that test it.
# - Unhappy customers tell 8-10 people, happy ones 2-3: complaint handling is word-of-mouth management.
#
# | English | 中文 |
# |---|---|
# | complaint handling | 投诉处理 |
# | record / judge / analyse / reply / feedback / follow-up | 记录 / 判断 / 分析 / 回复 / 反馈 / 回访 |
# | service level agreement (SLA) | 服务水平协议 |
# | breach rate | 超时率 |
# | bottleneck | 瓶颈 |
# | root cause | 根因 |
# | retention | 保留率 |
# | word of mouth | 口碑 |
