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
# - 说明呼叫中心在 CRM 中的作用、建设与业务流程、岗位与职责；
# - 从来电记录读出来电规律（按小时、按星期），量出等待、放弃和服务水平；
# - 理解 Erlang C 排队模型，算出达到 “80/20” 服务水平所需的坐席数；
# - 设计 KPI，并为双十一高峰排一张经得起检验的班表。
#
# **故事**：去年双十一，客服热线一直占线，很多客户等不及就挂了，第二天差评和投诉一起涌来。今年店铺进了平台主会场，
# 主管把排班交给你：“人不能少，钱也不能乱花。”

# %% [markdown] tags=["en"]
# # 07 The call center: arrivals, queues and staffing 11.11
#
# **Learning goals**
# - explain the call center's role in CRM, how it is set up, its business flow, roles and duties;
# - read the arrival pattern from the call log (by hour, by weekday) and measure waiting, abandonment and service level;
# - understand the Erlang C queueing model and compute the agents needed for an "80/20" service level;
# - design KPIs and a staffing plan for the 11.11 peak that stands up to a check.
#
# **The story**: last 11.11 the hotline was busy all day; many callers hung up, and the next day bad reviews and
# complaints poured in. This year the shop is in the platform's main venue, and the manager hands you the roster:
# "Not one agent too few, and not a yuan wasted."

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

# %% [markdown] tags=["zh"]
# ## 2. 来电规律
# 一天之中来电并不均匀：上午十点后升高，晚上八九点是高峰（下班后购物的人多），凌晨几乎没有。排班必须跟着这条曲线走。

# %% [markdown] tags=["en"]
# ## 2. The arrival pattern
# Calls do not arrive evenly: they rise after 10 a.m. and peak at 8-9 p.m. (people shop after work); the night is
# almost silent. A roster has to follow this curve.

# %%
by_hour = arrival_rates(shop.calls)
by_weekday = arrival_rates(shop.calls, by="weekday")
plot.arrivals_vs_staffing(shop.calls, staffing=shop.staffing);

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
# 11 个人时，68% 的来电要排队，服务水平只有 39%；12 人 64%，13 人 80%，14 人 89%。第 12、13 个人带来的改善最大——
# 在排队的边缘，每多一个人都很值钱；再往后加人，改善越来越小。
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
# `agent_kpis` 给出每位坐席的接听量、平均处理时长、通话小时和占用率。这家店平时来电少，在岗的坐席也少；
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
# ## 小结
# - 呼叫中心是 CRM 的前台：建设（渠道、系统、人员）、流程（排队→分配→处理→记录→回访）、岗位与 KPI。
# - 来电按小时、按星期有规律；排班跟着来电曲线走。
# - 话务量 A = λ × AHT / 3600；Erlang C 给出排队概率和服务水平；坐席数必须大于 A。
# - 最后几个坐席最值钱；大团队更高效（规模效应）；占用率太高会过劳。
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

# %% [markdown] tags=["en"]
# ## Summary
# - The call center is CRM's front desk: set-up (channels, systems, people), flow (queue → route → handle → record →
#   follow-up), roles and KPIs.
# - Calls follow patterns by hour and weekday; a roster follows the arrival curve.
# - Traffic A = λ × AHT / 3600; Erlang C gives the chance to wait and the service level; agents must exceed A.
# - The last few agents are worth the most; bigger teams are more efficient (economies of scale); too high an
#   occupancy burns people out.
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
