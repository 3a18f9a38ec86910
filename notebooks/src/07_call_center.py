# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 07 呼叫中心：来电规律、排队与双十一排班
#
# **学习目标**
# - 说明呼叫中心在 CRM 中的作用、岗位与职责；说出呼叫中心的组建流程：业务规划、客户洞察、体系架构、产品支撑、应用集成；
# - 从来电记录读出来电规律（按小时、按星期），量出等待、放弃和服务水平；
# - 理解 Erlang C 排队模型，算出达到 “80/20” 服务水平所需的坐席数；
# - 设计 KPI，并为双十一高峰排一张经得起检验的班表。
#
# **故事**：去年双十一，客服热线一直占线，很多客户等不及就挂了，第二天差评和投诉一起涌来。今年店铺进了平台主会场，
# 主管陈静把排班交给你（林晓）：“人不能少，钱也不能乱花。”

# %% [markdown] tags=["en"]
# # 07 The call center: arrivals, queues and staffing 11.11
#
# **Learning goals**
# - explain the call center's role in CRM, its roles and duties, and the steps of building one: business planning,
#   customer insight, architecture, technology support, application integration;
# - read the arrival pattern from the call log (by hour, by weekday) and measure waiting, abandonment and service level;
# - understand the Erlang C queueing model and compute the agents needed for an "80/20" service level;
# - design KPIs and a staffing plan for the 11.11 peak that stands up to a check.
#
# **The story**: last 11.11 the hotline was busy all day; many callers hung up, and the next day bad reviews and
# complaints poured in. This year the shop is in the platform's main venue, and Chen Jing, the service lead, hands
# you (Lin Xiao) the roster: "Not one agent too few, and not a yuan wasted."

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.call_center import *

import numpy as np
import pandas as pd
from crmlab import plot
from crmlab.analysis import (agent_kpis, agents_needed, arrival_rates, erlang_c, erlang_table, service_level,
                             simulate_schedule)
from crmlab.schema import column_label

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
shop.calls.head()

# %% [markdown] tags=["zh"]
# ## 1. 呼叫中心在 CRM 中的位置
# 呼叫中心最早就是一条热线电话，如今是把电话、在线客服（IM）、短信、邮件接在一起的**客户联络中心**。它是客户最常碰到的
# “CRM 前台”：售前解答、售中跟单、售后处理和投诉都从这里进来，每次联络又都记录进客户数据库。
#
# - **建设**：渠道（电话 / IM）、系统（排队与分配、工单、知识库、录音质检）、人员与排班。
# - **业务流程**：来电 → 排队 → 分配给坐席 → 处理（解答 / 建工单 / 转专家）→ 记录 → 回访。
# - **岗位与职责**：坐席（接听与记录）、组长（现场调度）、质检（抽查通话质量）、培训、排班与预测（人力规划）、主管。
# - **KPI**：服务水平（如 80% 的来电 20 秒内接听）、平均应答速度、放弃率、平均处理时长（AHT）、一次解决率、占用率、满意度。
#
# ### 呼叫中心的设计与建立
# 组建一个呼叫中心，按这几步走：
# 1. **业务规划**：热线做哪些业务（售前咨询、售后处理、投诉、回访、外呼营销）、服务时间和服务目标；
# 2. **客户洞察**：从已有的来电、聊天和工单里读出客户是谁、为什么联系、什么时候联系，规划才不是拍脑袋；
# 3. **体系架构**：画出整体结构：接入渠道（电话、在线客服）→ 排队与分配 → 坐席 → 工单与知识库、录音质检 → 与 CRM 系统的接口；
# 4. **产品支撑**：为架构里的每一块挑选软硬件产品（电话系统、排队分配系统、工单系统、知识库），比较功能、价格和容量；
# 5. **应用集成**：把呼叫中心和会员、订单、物流等系统连起来：坐席接起电话，客户的资料和订单就弹到屏幕上。
#
# 最后靠开发实施能力把它们落地，再进入日常的运营和 KPI 管理。店里的来电记录能帮业务规划回答第一个问题：来电都是哪类业务？

# %% [markdown] tags=["en"]
# ## 1. Where the call center sits in CRM
# The call center began as a hotline; today it is a **contact center** joining phone, instant messaging (IM), SMS and
# e-mail. It is the "front desk" of CRM that customers meet most often: pre-sale questions, order follow-up,
# after-sale service and complaints all come in here, and every contact is written into the customer database.
#
# - **Set-up**: channels (phone / IM), systems (queueing and routing, tickets, knowledge base, recording and quality
#   checks), people and rosters.
# - **Business flow**: call → queue → routed to an agent → handled (answer / ticket / transfer) → recorded → follow-up.
# - **Roles and duties**: agents (answer and record), team leads (real-time control), quality checkers (call audits),
#   trainers, workforce planners (forecasting and rosters), the manager.
# - **KPIs**: service level (e.g. 80% of calls answered within 20 s), average speed of answer, abandonment rate,
#   average handling time (AHT), first-contact resolution, occupancy, satisfaction.
#
# ### Designing and building a call center
# Building a call center goes in steps:
# 1. **business planning**: which business the hotline does (pre-sale questions, after-sale problems, complaints,
#    follow-ups, outbound marketing), its hours and its targets;
# 2. **customer insight**: read who the customers are, why and when they get in touch, from the calls, chats and
#    tickets already there, so the plan is not a guess;
# 3. **architecture**: draw the whole: entry channels (phone, chat) → queueing and routing → agents → tickets and
#    knowledge base, recording and quality checks → the link to the CRM system;
# 4. **technology support**: choose a product for each block of the architecture (telephony, routing, tickets,
#    knowledge base), comparing features, prices and capacity;
# 5. **application integration**: link the center with the membership, order and delivery systems, so that the
#    caller's profile and orders appear on the agent's screen when the call is answered.
#
# The ability to develop and implement turns this into a working center, run day to day with its KPIs. The shop's
# call log answers business planning's first question: which business do the calls bring?

# %%
by_queue = shop.calls.groupby("queue").agg(calls=("call_id", "size"), abandoned=("abandoned", "mean"),
                                           aht_seconds=("handle_seconds", "mean"))
by_queue.round(3)

# %% [markdown] tags=["zh"]
# ## 2. 来电规律
# 一天之中来电并不均匀。看下图：来电从几点开始多起来？高峰在几点（下班后购物的人多）？凌晨还有多少？排班必须跟着这条曲线走。

# %% [markdown] tags=["en"]
# ## 2. The arrival pattern
# Calls do not arrive evenly. Read the chart: when do calls pick up, at what hour do they peak (people shop after
# work), and how many come at night? A roster has to follow this curve.

# %%
by_hour = arrival_rates(shop.calls)
by_weekday = arrival_rates(shop.calls, by="weekday")
plot.arrivals_vs_staffing(shop.calls, staffing=shop.staffing);
peak = by_hour.loc[by_hour["rate_per_hour"].idxmax()]
print((f"来电最多的是 {int(peak['hour'])} 点，平均每小时 {peak['rate_per_hour']:.2f} 通" if ZH else
       f"The busiest hour is {int(peak['hour'])}:00, with {peak['rate_per_hour']:.2f} calls per hour on average"))

# %%
by_weekday[["weekday_label", "rate_per_hour"]].round(3)

# %% [markdown] tags=["zh"]
# **练习 1**：每小时平均来电量表。

# %% [markdown] tags=["en"]
# **Exercise 1**: the table of mean calls per hour.

# %%
q1

# %%
rates = ____

# %% tags=["solution"] solves=["q1"]
rates = arrival_rates(shop.calls)[["hour", "rate_per_hour"]]

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ## 3. 等待与放弃
# 客户的耐心有限：等得越久，越可能挂断。**服务水平**（service level）= 在目标时间内（这里 20 秒）被接听的来电 ÷ 全部来电；
# 放弃的来电算作没有接到。

# %% [markdown] tags=["en"]
# ## 3. Waiting and abandonment
# Callers' patience is limited: the longer they wait, the likelier they hang up. **Service level** = calls answered
# within the target time (here 20 s) ÷ all calls; abandoned calls count as not answered.

# %%
waited = shop.calls[shop.calls["wait_seconds"] > 0]
ax = waited["wait_seconds"].plot(kind="hist", bins=30, figsize=(7, 3))
ax.set_xlabel(column_label("wait_seconds"))  # the column's name in the data dictionary
ax.set_ylabel(("来电数" if ZH else "calls"));

# %%
q2

# %%
aht = ____
abandon_rate = ____
sl_measured = ____

# %% tags=["solution"] solves=["q2.a", "q2.b", "q2.c"]
aht = shop.calls["handle_seconds"].mean()
abandon_rate = shop.calls["abandoned"].mean()
calls = shop.calls
sl_measured = ((~calls["abandoned"]) & (calls["wait_seconds"] <= 20)).mean()

# %%
q2.a.check()
q2.b.check()
q2.c.check()

# %% [markdown] tags=["zh"]
# ## 4. Erlang C：要几个人？
# 把一个小时看成排队系统：来电随机到达（每小时 λ 通），每通平均处理 AHT 秒，N 个坐席轮流接听。
#
# - **话务量** A = λ × AHT / 3600（单位：爱尔兰），意思是“平均有几个坐席同时在通话”。N 必须大于 A，否则队伍越排越长。
# - **Erlang C** 给出来电需要排队的概率 C(N, A)；服务水平 SL = 1 - C × e^{-(N - A) × T / AHT}，T 是目标时间（20 秒）。
#
# 例子（呼叫中心教材里的经典数字）：每小时 200 通、AHT 180 秒，A = 10 爱尔兰。

# %% [markdown] tags=["en"]
# ## 4. Erlang C: how many agents?
# Treat an hour as a queue: calls arrive at random (λ per hour), each takes AHT seconds on average, and N agents answer
# in turn.
#
# - **Traffic** A = λ × AHT / 3600 (in Erlangs): how many agents are busy on average. N must exceed A, or the queue
#   grows without end.
# - **Erlang C** gives the probability C(N, A) that a caller waits; the service level is
#   SL = 1 - C × e^{-(N - A) × T / AHT} with the target time T (20 s).
#
# The textbook example: 200 calls per hour, AHT 180 s, so A = 10 Erlangs.

# %%
erlang_table(200, 180).round(3)

# %% [markdown] tags=["zh"]
# 11 个人时，68% 的来电要排队，服务水平只有 39%；12 人 64%，13 人 80%，14 人 89%。第 12、13 个人带来的改善最大：
# 人手刚好不够的时候，多排一个人，效果最明显；人够了以后再加人，改善就越来越小。
#
# **练习 3**：自己写 Erlang C 的公式。

# %% [markdown] tags=["en"]
# With 11 agents 68% of callers wait and the service level is only 39%; 12 agents give 64%, 13 give 80%, 14 give 89%.
# Agents 12 and 13 bring the biggest gains: near the edge of the queue every extra agent counts; beyond it the gains
# shrink.
#
# **Exercise 3**: write the Erlang C formula yourself.

# %%
q3

# %%
# def erlang_c_prob(arrival_rate, handle_time, agents): ...
erlang_c_prob = ____

# %% tags=["solution"] solves=["q3"]
import math


def erlang_c_prob(arrival_rate, handle_time, agents):
    a = arrival_rate * handle_time / 3600
    n = agents
    if a >= n:
        return 1.0
    top = a**n / math.factorial(n) * n / (n - a)
    bottom = sum(a**k / math.factorial(k) for k in range(n)) + top
    return top / bottom

# %%
q3.check()

# %% [markdown] tags=["zh"]
# **动手试一试：Erlang C 排班计算器。** 把“来电量”设为每小时 200 通、“平均处理时长”设为 180 秒（上面的教材例子），再把
# “坐席数”从 10 个逐个加到 14 个：看服务水平、平均等待和占用率怎样变，图上橙色的点在哪里越过 80% 的目标线。然后把处理时长
# 缩短 30 秒，看至少需要的坐席少了几个。

# %% [markdown] tags=["en"]
# **Try it: the Erlang C staffing calculator.** Set "calls per hour" to 200 and "handle time" to 180 seconds (the
# textbook example above), then add agents one by one from 10 to 14: watch the service level, the mean wait and the
# occupancy, and where the orange dot crosses the 80% target line. Then cut the handle time by 30 seconds: how many
# fewer agents does the target need?

# %%
crmlab.widgets.staffing_calculator()

# %% [markdown] tags=["zh"]
# ## 5. 双十一的来电预测
# 平常这家店来电不多。预测双十一：先看历年 11 月 11 日的订单是平常一天的几倍（`peak_factor`），再乘上今年进主会场带来的增长
# `GROWTH`（计划部门给的数字），最后乘到每小时的平常来电率上。

# %% [markdown] tags=["en"]
# ## 5. Forecasting 11.11
# On ordinary days the shop gets few calls. The forecast: how many times an ordinary day's orders did 11 November bring
# (`peak_factor`), times this year's growth from the main-venue slot `GROWTH` (the planners' figure), applied to each
# hour's ordinary call rate.

# %%
GROWTH

# %%
q4

# %%
peak_factor = ____
forecast = ____
min_agents = ____

# %% tags=["solution"] solves=["q4.a", "q4.b", "q4.c"]
paid = shop.orders[shop.orders["payment_status"] == "paid"]
days = pd.date_range(shop.meta["start"], shop.meta["end"], freq="D")
per_day = paid["order_time"].dt.normalize().value_counts().reindex(days, fill_value=0)
is1111 = (per_day.index.month == 11) & (per_day.index.day == 11)
peak_factor = per_day[is1111].mean() / per_day.mean()
forecast = rates.assign(rate_per_hour=rates["rate_per_hour"] * peak_factor * GROWTH)
min_agents = agents_needed(forecast["rate_per_hour"].to_numpy(), aht, 0.8, 20).tolist()

# %%
q4.a.check()
q4.b.check()
q4.c.check()

# %% [markdown] tags=["zh"]
# ## 6. 排一张班表，让它接受检验
# `simulate_schedule` 按小时检验一张班表：每小时的服务水平、平均应答时间、占用率，以及还差几个人（gap）。
# 下面先检验一张“平均主义”的班表：全天每小时 4 人。

# %% [markdown] tags=["en"]
# ## 6. Draw up a roster and put it to the test
# `simulate_schedule` checks a roster hour by hour: service level, average speed of answer, occupancy and the agents
# still missing (gap). First an "equal" roster: 4 agents every hour of the day.

# %%
from crmlab.exercises.call_center import forecast as _forecast, aht as _aht  # the model forecast, for the worked example

fc = _forecast(shop)
flat = simulate_schedule([4] * 24, arrivals=fc, handle_time=_aht(shop))
ax = flat.plot(x="hour", y="service_level", kind="bar", figsize=(9, 3), legend=False)
ax.axhline(0.8, color="red", ls="--")
ax.set_xlabel(("小时" if ZH else "hour of day"))
ax.set_ylabel(("服务水平（20 秒内接听）" if ZH else "service level (answered in 20 s)"));
print("agent-hours:", flat["agents"].sum(), " hours below 80/20:", int((~flat["meets_target"]).sum()))

# %% [markdown] tags=["zh"]
# 同样的人时，夜里的人闲着，晚高峰却严重不足。好的班表跟着来电曲线走。除了服务水平，还要看**占用率**（坐席在岗时间中用于通话的比例）：
# 长期超过 85% 的团队会疲惫、出错、离职。
#
# **练习 5（按规则检查的设计题）**：为双十一排班。

# %% [markdown] tags=["en"]
# With the same agent-hours, the night shift sits idle while the evening peak is badly short. A good roster follows the
# arrival curve. Besides the service level, watch **occupancy** (the share of time on duty spent on calls): a team
# kept above 85% tires, makes mistakes and quits.
#
# **Exercise 5 (a design checked by rules)**: staff 11.11.

# %%
q5

# %%
schedule = ____

# %% tags=["solution"] solves=["q5"]
need = agents_needed(forecast["rate_per_hour"].to_numpy(), aht, 0.8, 20, max_occupancy=0.85)
schedule = [max(1, int(n)) for n in need]

# %%
q5.check()

# %% [markdown] tags=["zh"]
# ## 7. 坐席 KPI
# `agent_kpis` 给出每位坐席的接听量、平均处理时长、通话小时和占用率。平时来电不多，在岗的坐席也少；
# 到了双十一，你的班表会让好几个人同时在岗，这张表就是组长每天要看的。

# %% [markdown] tags=["en"]
# ## 7. Agent KPIs
# `agent_kpis` gives each agent's calls handled, average handling time, talk hours and occupancy. On ordinary days the
# shop gets few calls and has few agents on duty; on 11.11 your roster puts several agents on duty at once, and this
# is the table a team lead reads every day.

# %%
agent_kpis(shop.calls, staffing=shop.staffing).round(3)

# %%
q6

# %%
kpi_choice = ____

# %% tags=["solution"] solves=["q6"]
kpi_choice = "B"

# %%
q6.check(kpi_choice)

# %%
q7

# %%
pooling = ____

# %% tags=["solution"] solves=["q7"]
pooling = "B"

# %%
q7.check(pooling)

# %% [markdown] tags=["zh"]
# **练习 8（反思，人工评阅）**：双十一团队的岗位、职责与 KPI。

# %% [markdown] tags=["en"]
# **Exercise 8 (reflection, read by your teacher)**: roles, duties and KPIs of the 11.11 team.

# %%
q8

# %%
roles = ____

# %% tags=["solution"] solves=["q8"]
roles = """Agents watch AHT and first-contact resolution; the team lead watches the service level and abandonment
hour by hour and moves people to the evening peak; the planner compares the forecast with real calls."""

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 8. 概念自测：呼叫中心的设计与建立
# **练习 9**：用来电数据做业务规划和应用集成的准备。a) 售后队列的来电占多少？b) 有多少来电能认出是哪位客户？

# %% [markdown] tags=["en"]
# ## 8. Concept check: designing and building the call center
# **Exercise 9**: prepare business planning and application integration with the call data. a) What share of calls is
# after-sale? b) How many calls come from a recognised customer?

# %%
q9.a

# %%
after_sale_share = ____

# %% tags=["solution"] solves=["q9.a"]
after_sale_share = (shop.calls["queue"] == "after_sale").mean()

# %%
q9.a.check()

# %%
q9.b

# %%
identified_share = ____

# %% tags=["solution"] solves=["q9.b"]
identified_share = shop.calls["customer_id"].notna().mean()

# %%
q9.b.check()

# %% [markdown] tags=["zh"]
# **练习 10**：组建呼叫中心时，下面每个场景是哪一步？

# %% [markdown] tags=["en"]
# **Exercise 10**: in building the call center, which step is each scene?

# %%
q10.a

# %%
step_a = ____

# %% tags=["solution"] solves=["q10.a"]
step_a = "B"

# %%
q10.a.check()

# %%
q10.b

# %%
step_b = ____

# %% tags=["solution"] solves=["q10.b"]
step_b = "C"

# %%
q10.b.check()

# %%
q10.c

# %%
step_c = ____

# %% tags=["solution"] solves=["q10.c"]
step_c = "A"

# %%
q10.c.check()

# %%
q10.d

# %%
step_d = ____

# %% tags=["solution"] solves=["q10.d"]
step_d = "D"

# %%
q10.d.check()

# %%
q10.e

# %%
step_e = ____

# %% tags=["solution"] solves=["q10.e"]
step_e = "E"

# %%
q10.e.check()

# %% [markdown] tags=["zh"]
# ## 案例讨论：双十一热线全天占线
# 去年双十一，青禾生活馆的热线从早到晚占线，很多客户等不及就挂了，第二天差评和投诉一起涌来。当时的排班是用“平均每小时来电 ÷
# 每人每小时能接的电话”算出来的。
#
# 1. 服务水平、放弃率、平均处理时长、占用率之间有什么关系？
# 2. 为什么“平均来电 ÷ 每人处理量”算出的人数不够？
# 3. 班表怎样既满足高峰，又保证坐席的休息？
#
# **练习 11（讨论准备，人工评阅）**：把你的要点写在 `case_notes` 里，课堂讨论时用。

# %% [markdown] tags=["en"]
# ## Case discussion: the hotline busy all day on 11.11
# Last 11.11 Qinghe's hotline was busy from morning to night; many callers hung up, and bad reviews and complaints
# poured in the next day. The roster had been computed as "mean calls per hour ÷ calls one agent takes per hour".
#
# 1. How do the service level, abandonment, average handling time and occupancy relate?
# 2. Why does "mean calls ÷ calls per agent" give too few agents?
# 3. How can a roster cover the peak and still protect the agents' rest?
#
# **Exercise 11 (preparing the discussion, read by your teacher)**: write your points in `case_notes` for the class.

# %%
q11

# %%
case_notes = ____

# %% tags=["solution"] solves=["q11"]
case_notes = ("Fewer agents mean higher occupancy, longer waits and more hang-ups. Staffing to the mean runs occupancy "
              "near 100%, so queues explode: use Erlang C hour by hour. Follow the curve, cap occupancy, stagger "
              "breaks.")

# %%
q11.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给陈静**：林晓交给陈静一张双十一班表，它经过了逐小时的模拟检验（服务水平、放弃率、占用率），并附一段说明：高峰时段为什么要多排人，
# 坐席的休息怎样保证。
#
# - 呼叫中心是 CRM 的前台：建设（渠道、系统、人员）、流程（排队→分配→处理→记录→回访）、岗位与 KPI。
# - 来电按小时、按星期有规律；排班跟着来电曲线走。
# - 话务量 A = λ × AHT / 3600；Erlang C 给出排队概率和服务水平；坐席数必须大于 A。
# - 最后几个坐席最值钱；大团队更高效（规模效应）；占用率太高会过劳。
# - 组建呼叫中心：业务规划 → 客户洞察 → 体系架构 → 产品支撑 → 应用集成，再靠开发实施能力落地。
#
# | 中文 | English |
# |---|---|
# | 呼叫中心 / 客户联络中心 | call center / contact center |
# | 坐席 | agent |
# | 服务水平（80/20） | service level (80/20) |
# | 平均应答速度 | average speed of answer (ASA) |
# | 平均处理时长 | average handling time (AHT) |
# | 放弃率 | abandonment rate |
# | 话务量（爱尔兰） | traffic (Erlangs) |
# | 占用率 | occupancy |
# | 排班 | roster, staffing plan |
# | 业务规划 / 客户洞察 | business planning / customer insight |
# | 体系架构 / 产品支撑 / 应用集成 | architecture / technology support / application integration |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Chen Jing**: Lin Xiao gives Chen Jing an 11.11 roster that has passed an hour-by-hour simulation
# (service level, abandonment, occupancy), with a note on why the peak hours need more agents and how the agents'
# breaks are kept.
#
# - The call center is CRM's front desk: set-up (channels, systems, people), flow (queue → route → handle → record →
#   follow-up), roles and KPIs.
# - Calls follow patterns by hour and weekday; a roster follows the arrival curve.
# - Traffic A = λ × AHT / 3600; Erlang C gives the chance to wait and the service level; agents must exceed A.
# - The last few agents are worth the most; bigger teams are more efficient (economies of scale); too high an
#   occupancy burns people out.
# - Building a call center: business planning → customer insight → architecture → technology support → application
#   integration, made real by the ability to develop and implement.
#
# | English | 中文 |
# |---|---|
# | call center / contact center | 呼叫中心 / 客户联络中心 |
# | agent | 坐席 |
# | service level (80/20) | 服务水平（80/20） |
# | average speed of answer (ASA) | 平均应答速度 |
# | average handling time (AHT) | 平均处理时长 |
# | abandonment rate | 放弃率 |
# | traffic (Erlangs) | 话务量（爱尔兰） |
# | occupancy | 占用率 |
# | roster, staffing plan | 排班 |
# | business planning / customer insight | 业务规划 / 客户洞察 |
# | architecture / technology support / application integration | 体系架构 / 产品支撑 / 应用集成 |
