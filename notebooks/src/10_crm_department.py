# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 10 CRM 部门：实施模式、团队与 KPI 看板
#
# **学习目标**
# - 分清 CRM 的四种实施模式：作坊型、兼职型、全职型、组织型，知道店铺在什么阶段适合哪一种；
# - 了解 CRM 部门的组织结构（营销小组、体验小组、互动小组）和主要岗位职责；
# - 会定义和计算 CRM 团队的 KPI：客户回购率、客户满意度、订单运行效率，写清统计口径；
# - 做一个 KPI 看板：目标、达标状态和跟踪；
# - 说清 CRM 与 ERP、SCM 的分工；
# - 写一份先试点、再推广、持续优化的实施计划。
#
# **故事**：你（林晓）在店里做满了一年。老板周明决定成立客户部，由陈静负责，请你来搭班子：“每个月给我一张表，告诉我哪里好、哪里不好、下个月做什么。”
# 预计学习时间：40 分钟。

# %% [markdown] tags=["en"]
# # 10 The CRM department: implementation models, teams and a KPI dashboard
#
# **Learning goals**
# - tell apart the four implementation models of CRM (workshop, part-time, full-time, organisational) and which suits
#   a shop at which stage;
# - know the structure of a CRM department (marketing, experience and interaction teams) and its main roles;
# - define and compute the CRM team's KPIs (repurchase rate, satisfaction, order efficiency) with a written definition;
# - build a KPI dashboard with targets, status and tracking;
# - explain how CRM shares the work with ERP and SCM;
# - write an implementation plan that pilots, rolls out and keeps improving.
#
# **The story**: after your (Lin Xiao's) first year, Zhou Ming, the owner, sets up a customer department under Chen
# Jing and asks you to build the team:
# "Every month give me one table: what is good, what is not, and what we do next month." About 40 minutes.

# %%
import matplotlib.pyplot as plt
import pandas as pd

import crmlab
import crmlab.plot
from crmlab.analysis import KPI_DEFINITIONS, kpi_status, kpi_table

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
crmlab.plot.set_theme(locale="{{LOCALE}}")
from crmlab.exercises.crm_department import *

# %% [markdown] tags=["zh"]
# ## 1. 四种实施模式
# | 模式 | 谁来做 | 适合 |
# |---|---|---|
# | **作坊型** | 店主或一两个人顺带做，没有专门岗位和流程 | 刚起步的小店 |
# | **兼职型** | 客服、运营在本职工作之外兼做 CRM（回访、发券、整理客户资料） | 有了稳定老客户、还请不起专人 |
# | **全职型** | 有专职 CRM 人员，负责客户数据、会员和老客营销 | 老客户贡献明显、需要持续运营 |
# | **组织型** | 独立的 CRM（客户）部门，分小组，有 KPI、预算和流程 | 规模较大、多店铺或多渠道 |
#
# 模式随店铺成长而升级：越往后，CRM 越是一个“由内而外”的组织能力，而不只是一套软件。

# %% [markdown] tags=["en"]
# ## 1. Four implementation models
# | model | who does it | suits |
# |---|---|---|
# | **workshop** | the owner or one or two people, on the side, no roles or process | a shop just starting |
# | **part-time** | service or operations staff do CRM next to their own job (follow-ups, coupons, customer records) | a shop with steady old customers that cannot yet pay a specialist |
# | **full-time** | dedicated CRM staff for customer data, membership and old-customer marketing | old customers bring much of the sales and need ongoing care |
# | **organisational** | a CRM (customer) department with teams, KPIs, a budget and processes | larger shops, several stores or channels |
#
# The model grows with the shop: the further along, the more CRM is a capability of the organisation, built from the
# inside out, and not just software.

# %% [markdown] tags=["zh"]
# **练习 1**：两家店各适合哪种模式？

# %% [markdown] tags=["en"]
# **Exercise 1**: which model fits each shop?

# %%
q1.a

# %%
model_a = ____

# %% tags=["solution"] solves=["q1.a"]
model_a = "A"

# %%
q1.a.check()

# %%
q1.b

# %%
model_b = ____

# %% tags=["solution"] solves=["q1.b"]
model_b = "D"

# %%
q1.b.check()

# %% [markdown] tags=["zh"]
# ## 2. 组织结构与岗位
# 组织型的 CRM 部门通常有三个小组：
#
# - **营销小组**：客户细分、老客营销活动、会员日、优惠券与短信触达，目标是“卖得更多”；
# - **体验小组**：购物和收货体验——包裹、签收关怀、售后与差评处理，目标是“买得舒服”；
# - **互动小组**：与客户持续交流——社群、直播、回访、收集建议，目标是“关系更近”。
#
# 常见岗位：**CRM 主管**（定目标、管预算、对 KPI 负责）、**数据分析专员**（客户数据、RFM、看板）、**会员运营专员**（积分和权益）、
# **客服/回访专员**（回访和投诉跟进）。每个岗位要写清职责、任职资格（能力要求）和核心工作内容。

# %% [markdown] tags=["en"]
# ## 2. Structure and roles
# An organisational CRM department usually has three teams:
#
# - **marketing team**: segmentation, old-customer campaigns, member days, coupons and SMS: "sell more";
# - **experience team**: how buying and receiving feel: parcels, delivery care, after-sale service, bad reviews:
#   "buying feels good";
# - **interaction team**: ongoing conversation: communities, live streams, follow-up visits, suggestions: "a closer
#   relationship".
#
# Common roles: **CRM lead** (targets, budget, owns the KPIs), **data analyst** (customer data, RFM, dashboard),
# **membership specialist** (points and benefits), **service / follow-up specialist** (follow-ups, complaint
# follow-through). Each role needs written duties, qualifications and core tasks.

# %% [markdown] tags=["zh"]
# **练习 2**：三项工作各归哪个小组？

# %% [markdown] tags=["en"]
# **Exercise 2**: which team owns each task?

# %%
q2.a

# %%
team_a = ____

# %% tags=["solution"] solves=["q2.a"]
team_a = "A"

# %%
q2.a.check()

# %%
q2.b

# %%
team_b = ____

# %% tags=["solution"] solves=["q2.b"]
team_b = "B"

# %%
q2.b.check()

# %%
q2.c

# %%
team_c = ____

# %% tags=["solution"] solves=["q2.c"]
team_c = "C"

# %%
q2.c.check()

# %% [markdown] tags=["zh"]
# ## 3. CRM 团队的 KPI
# 课程把 CRM 团队的 KPI 分三类：**客户回购率**（留住客户）、**客户满意度**（客户感受）、**订单运行效率**（付款、发货、响应是否顺畅）。
# 每个 KPI 都要有：统计口径、方向（越高越好还是越低越好）、目标、负责的小组、跟踪频率。`KPI_DEFINITIONS` 写下了本课程使用的口径：

# %% [markdown] tags=["en"]
# ## 3. The CRM team's KPIs
# The course names three families of KPIs: **repurchase rate** (keeping customers), **satisfaction** (how customers
# feel) and **order efficiency** (payment, shipping and response running smoothly). Each KPI needs a definition, a
# direction (higher or lower is better), a target, an owning team and a tracking rhythm. `KPI_DEFINITIONS` holds the
# definitions of this course:

# %%
pd.DataFrame([(k, v[0], v[1] if "{{LOCALE}}" == "zh" else v[2], v[3]) for k, v in KPI_DEFINITIONS.items()],
             columns=["kpi", "direction", "name", "definition"])

# %% [markdown] tags=["zh"]
# **练习 3**：按 KPI 的口径，自己算出 2024 年第 4 季度的客户回购率 `repurchase_q4`（季度内 2 笔及以上已支付订单的购买客户比例）。

# %% [markdown] tags=["en"]
# **Exercise 3**: compute the 2024 Q4 repurchase rate `repurchase_q4` yourself with the KPI's definition (share of the
# quarter's buyers with two or more paid orders in the quarter).

# %%
repurchase_q4 = ____

# %% tags=["solution"] solves=["q3"]
paid = shop.orders[shop.orders["payment_status"] == "paid"]
q4_orders = paid[paid["order_time"].dt.to_period("Q") == pd.Period("2024Q4", "Q")]
repurchase_q4 = (q4_orders.groupby("customer_id").size() >= 2).mean()

# %%
q3.check()

# %% [markdown] tags=["zh"]
# **练习 4**：2024 年的满意度 KPI `csat_2024`：当年回收问卷中 `q_overall` 为 4 或 5 的比例。

# %% [markdown] tags=["en"]
# **Exercise 4**: the 2024 satisfaction KPI `csat_2024`: the share of the year's survey responses with `q_overall` 4 or
# 5.

# %%
csat_2024 = ____

# %% tags=["solution"] solves=["q4"]
sv = shop.surveys[shop.surveys["responded"]]
sv24 = sv[sv["response_time"].dt.year == 2024]
csat_2024 = float((sv24["q_overall"] >= 4).mean())

# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. KPI 看板：目标与状态
# `kpi_table` 读取订单表 `orders`，以及（给出时）问卷 `surveys`、投诉 `complaints`、物流 `shipments` 和客服工单
# `service_tickets` 四张表，按季度（或月、年）算出每个 KPI 的值，和目标比较，标出 **达标 / 有风险 / 未达标**：
# 越高越好的 KPI 达到目标为达标，低于目标但差距在目标的 10% 以内为有风险，再低为未达标；越低越好的 KPI 反过来。
# `change` 是环比变化。

# %% [markdown] tags=["en"]
# ## 4. The KPI dashboard: targets and status
# `kpi_table` reads the `orders` and, when given, the `surveys`, `complaints`, `shipments` and `service_tickets` tables;
# it computes every KPI per quarter (or month, year), sets it beside its target and marks it **on track / at risk / off
# track**: a higher-is-better KPI is on track at or above the target, at risk within 10% of the target below it, off
# track further below; lower-is-better KPIs mirror this. `change` is the change against the previous period.

# %%
quarterly = kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                      service_tickets=shop.service_tickets, period="Q")
latest = quarterly[quarterly["period"] == quarterly["period"].max()]
latest[["kpi_label", "value", "target", "change", "status_label"]].round(3)

# %%
show = ["repurchase_rate", "satisfaction", "on_time_delivery", "complaint_rate"]
colors = {"on_track": "#2e7d32", "at_risk": "#f9a825", "off_track": "#c62828", "no_data": "#9e9e9e"}
fig, axes = plt.subplots(1, 4, figsize=(14, 3.2))
for ax, code in zip(axes, show):
    d = quarterly[quarterly["kpi"] == code]
    when = crmlab.plot.date_labels(d["period"], year="all")  # "2024Q1" -> 2024年1季度 / Q1 2024
    ax.plot(when, d["value"], color="#4C72B0", marker="o")
    ax.scatter(when, d["value"], c=d["status"].map(colors), s=60, zorder=3)
    ax.axhline(d["target"].iloc[0], color="gray", ls="--", lw=1)
    ax.set_title(d["kpi_label"].iloc[0])
    ax.tick_params(axis="x", rotation=90)
fig.tight_layout()

# %% [markdown] tags=["zh"]
# 绿色达标、黄色有风险、红色未达标，灰色虚线是目标。看板的价值在于**跟踪**：每月同一张表、同一个口径，团队才能看出行动是否有效。
#
# **练习 5**：写函数 `kpi_flag(value, target, direction)`，返回 'on_track'、'at_risk' 或 'off_track'（风险带为目标的 10%）。

# %% [markdown] tags=["en"]
# Green is on track, yellow at risk, red off track; the dashed line is the target. A dashboard earns its keep by
# **tracking**: the same table with the same definitions every month shows whether the actions work.
#
# **Exercise 5**: write `kpi_flag(value, target, direction)` returning 'on_track', 'at_risk' or 'off_track' (the risk
# band is 10% of the target).

# %%
kpi_flag = ____

# %% tags=["solution"] solves=["q5"]
def kpi_flag(value, target, direction):
    band = 0.1 * abs(target)
    if direction == "higher":
        if value >= target:
            return "on_track"
        return "at_risk" if value >= target - band else "off_track"
    if value <= target:
        return "on_track"
    return "at_risk" if value <= target + band else "off_track"

# %%
q5.check()

# %% [markdown] tags=["zh"]
# **练习 6**：用年度 KPI 表，列出 2024 年未达标的 KPI 代码（按字母排序的列表）`off_track_kpis`。

# %% [markdown] tags=["en"]
# **Exercise 6**: from the yearly KPI table, list the KPI codes off track in 2024 (a sorted list) `off_track_kpis`.

# %%
yearly = kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
                   service_tickets=shop.service_tickets, period="Y")
yearly[["period", "kpi", "value", "target", "status"]].round(3)

# %%
off_track_kpis = ____

# %% tags=["solution"] solves=["q6"]
off_track_kpis = sorted(yearly.loc[(yearly["period"] == "2024") & (yearly["status"] == "off_track"), "kpi"])

# %%
q6.check()

# %% [markdown] tags=["zh"]
# ## 5. 定目标、跟踪目标
# 好的目标从**基线**（去年的实际值）出发，有挑战但可达成（跳一跳够得着），口径与看板一致，并且有负责人和检查时间。
# 目标太低没有意义，太高会让团队放弃，或者诱使人“调整口径”来达标。
#
# **练习 7**：为 2025 年定 4 个目标 `targets_2025`（规则见题目）。

# %% [markdown] tags=["en"]
# ## 5. Setting and tracking targets
# A good target starts from the **baseline** (last year's actual), stretches but stays reachable, uses the dashboard's
# definition, and has an owner and review dates. Too low means nothing; too high makes the team give up, or tempts
# people to "adjust the definition" to meet it.
#
# **Exercise 7**: set four targets for 2025 in `targets_2025` (rules in the question).

# %%
q7

# %%
targets_2025 = ____

# %% tags=["solution"] solves=["q7"]
now = yearly[yearly["period"] == "2024"].set_index("kpi")["value"]
targets_2025 = {"repurchase_rate": now["repurchase_rate"] + 0.03,
                "satisfaction": min(now["satisfaction"] + 0.05, 1.0),
                "complaint_rate": now["complaint_rate"] * 0.8,
                "on_time_delivery": min(now["on_time_delivery"] + 0.05, 1.0)}

# %%
q7.check()

# %% [markdown] tags=["zh"]
# 有了新目标，同一个函数就能给出新的状态，看板随之更新：

# %% [markdown] tags=["en"]
# With new targets, the same function gives the new status, and the dashboard follows:

# %%
example_targets = {"satisfaction": 0.85, "on_time_delivery": 0.9}
kpi_table(shop.orders, surveys=shop.surveys, complaints=shop.complaints, shipments=shop.shipments,
          service_tickets=shop.service_tickets, period="Y", targets=example_targets).query(
    "kpi in @example_targets")[["period", "kpi", "value", "target", "status_label"]].round(3)

# %% [markdown] tags=["zh"]
# ## 6. CRM 与 ERP、SCM
# - **CRM（客户关系管理）**：面向客户的“前台”——客户资料、营销、销售与服务；
# - **ERP（企业资源计划）**：面向企业内部的“后台”——采购、库存、财务、生产；
# - **SCM（供应链管理）**：面向上下游伙伴——供应商、仓储、物流。
#
# 三者共享数据：CRM 预测的促销需求交给 ERP 备货，SCM 保证准时送达，准时送达又回到 CRM 的满意度和复购。

# %% [markdown] tags=["en"]
# ## 6. CRM beside ERP and SCM
# - **CRM** (customer relationship management): the front office facing customers: profiles, marketing, sales,
#   service;
# - **ERP** (enterprise resource planning): the back office inside the company: purchasing, inventory, finance,
#   production;
# - **SCM** (supply chain management): the partners up and down the chain: suppliers, warehouses, carriers.
#
# They share data: the campaign demand CRM expects goes to ERP for stock, SCM gets parcels there on time, and on-time
# delivery comes back to CRM as satisfaction and repurchase.

# %% [markdown] tags=["zh"]
# **练习 8**：三项工作分别属于哪个系统？

# %% [markdown] tags=["en"]
# **Exercise 8**: which system does each job belong to?

# %%
q8.a

# %%
system_a = ____

# %% tags=["solution"] solves=["q8.a"]
system_a = "B"

# %%
q8.a.check()

# %%
q8.b

# %%
system_b = ____

# %% tags=["solution"] solves=["q8.b"]
system_b = "C"

# %%
q8.b.check()

# %%
q8.c

# %%
system_c = ____

# %% tags=["solution"] solves=["q8.c"]
system_c = "A"

# %%
q8.c.check()

# %% [markdown] tags=["zh"]
# **练习 9（思考题）**：写出 CRM 团队的 KPI 计划 `kpi_plan`。

# %% [markdown] tags=["en"]
# **Exercise 9 (reflection)**: write the CRM team's KPI plan in `kpi_plan`.

# %%
kpi_plan = ____

# %% tags=["solution"] solves=["q9"]
kpi_plan = ("1) On-time delivery (experience team): 2024 was off track; target +5 points; tracked monthly; first action: "
            "warn customers of late parcels and move the slowest routes to another carrier. 2) Satisfaction "
            "(experience team): target +5 points, quarterly survey. 3) Repurchase rate (marketing team): +3 points, "
            "monthly; remind customers before their repurchase cycle is due.")

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ## 7. 实施计划：先试点、再推广、持续优化
# 有了部门、KPI 和看板，还要一份**实施计划**，把“要做什么”变成“谁、在什么时候、做到什么程度”：
#
# | 要素 | 写什么 | 青禾生活馆的例子 |
# |---|---|---|
# | 目标 | 哪个 KPI，从基线到目标值 | 准时送达率从看板上的 2024 年值提高几个百分点 |
# | 步骤 | 先试点、再推广、持续优化 | 先在一条快递线路上试用新的延迟预警，两个月后推广到全店 |
# | 时间表 | 每一步的起止时间 | 试点 1-2 月，推广 3-6 月，之后每季度复盘 |
# | 负责人 | 哪个小组、哪个人 | 体验小组 |
# | 资源与预算 | 人、系统、钱 | 短信费用、补偿券预算 |
# | 检查与调整 | 多久看一次看板，没达标怎么办 | 每月看板检查，偏离目标就调整做法 |
#
# 先试点，是因为一个做法在小范围里失败，代价小、教训大；试点证明有效，再推广才有底气。下面是四个目标 KPI 在 2024 年的实际值，
# 也就是实施计划的基线：

# %% [markdown] tags=["en"]
# ## 7. The implementation plan: pilot, roll out, keep improving
# With a department, KPIs and a dashboard, an **implementation plan** turns "what to do" into "who, by when, how far":
#
# | element | what it says | at Qinghe |
# |---|---|---|
# | goal | which KPI, from its baseline to a target | on-time delivery a few points above its 2024 value on the dashboard |
# | steps | pilot, then roll out, then keep improving | try a new delay warning on one carrier route first, the whole shop two months later |
# | timetable | when each step starts and ends | pilot in January-February, roll-out March-June, a quarterly review after |
# | owner | which team, which person | the experience team |
# | resources and budget | people, systems, money | SMS costs, a budget for compensation coupons |
# | checks and adjustments | how often the dashboard is read, what happens off target | a monthly dashboard check; change course when off target |
#
# Pilot first because a practice that fails on a small scale costs little and teaches much; once the pilot works, the
# roll-out rests on evidence. Here are the four target KPIs' 2024 values, the plan's baselines:

# %%
baselines = yearly[(yearly["period"] == "2024") & yearly["kpi"].isin(TARGET_KPIS)]
baselines[["kpi", "value", "target", "status"]].round(4)

# %% [markdown] tags=["zh"]
# **练习 10**：哪一份实施计划最完整？

# %% [markdown] tags=["en"]
# **Exercise 10**: which implementation plan is the most complete?

# %%
q10

# %%
plan_choice = ____

# %% tags=["solution"] solves=["q10"]
plan_choice = "B"

# %%
q10.check()

# %% [markdown] tags=["zh"]
# **练习 11（按规则检查的设计题）**：为青禾生活馆写一个试点的实施计划 `pilot_plan`。

# %% [markdown] tags=["en"]
# **Exercise 11 (a design checked by rules)**: write the implementation plan of a pilot at Qinghe, `pilot_plan`.

# %%
q11

# %%
pilot_plan = ____

# %% tags=["solution"] solves=["q11"]
base = float(yearly.loc[(yearly["period"] == "2024") & (yearly["kpi"] == "on_time_delivery"), "value"].iloc[0])
pilot_plan = {"kpi": "on_time_delivery", "owner": "experience", "baseline": base, "target": min(base + 0.05, 1.0),
              "phases": ["pilot", "rollout", "optimise"], "review": "monthly"}

# %%
q11.check()

# %% [markdown] tags=["zh"]
# ## 案例讨论：上海大众的 CRM
# 上海大众把 CRM 看成由产品导向向用户导向转变的商业策略，而不只是一套软件：它自主开发系统，从小规模试点开始，
# 在实践中不断调整，再全面推行。客户部成立的第一周，陈静把这个案例发给了林晓。
#
# 1. 作坊型、兼职型、全职型、组织型四种实施模式，上海大众属于哪种？青禾生活馆现在适合哪种？
# 2. 为什么要先试点？用你在练习 11 写的计划说说试点的目标（指标、基线、目标值、负责人）。
# 3. CRM 部门与 ERP、SCM 的关系是什么？
#
# **练习 12（讨论准备，人工评阅）**：把你的要点写在 `case_notes` 里，课堂讨论时用。

# %% [markdown] tags=["en"]
# ## Case discussion: Shanghai Volkswagen's CRM
# Shanghai Volkswagen treated CRM as a business strategy, a shift from product-led to customer-led, not just software:
# it built its own system, started with a small pilot, adjusted in practice and then rolled it out. In the customer
# department's first week, Chen Jing sends the case to Lin Xiao.
#
# 1. Which of the four implementation models (workshop, part-time, full-time, organisational) is Shanghai Volkswagen?
#    Which suits Qinghe now?
# 2. Why pilot first? State your pilot's target from exercise 11 (KPI, baseline, target, owner).
# 3. How does the CRM department relate to ERP and SCM?
#
# **Exercise 12 (preparing the discussion, read by your teacher)**: write your points in `case_notes` for the class.

# %%
q12

# %%
case_notes = ____

# %% tags=["solution"] solves=["q12"]
case_notes = ("Shanghai Volkswagen is organisational; Qinghe moves from full-time to organisational. A pilot tests the "
              "practice cheaply: on-time delivery from its 2024 baseline, owned by the experience team, checked "
              "monthly. CRM faces customers, ERP the inside, SCM the supply chain.")

# %%
q12.check()

# %% [markdown] tags=["zh"]
# ## 小结与术语
# **交给周明**：客户部成立的第一个月，林晓和陈静交给周明一张 KPI 看板（每项指标都有基线、目标、负责人和状态）、一张趋势图和一份先试点、
# 再推广的实施计划。以后每个月，周明都会收到这样一张表。
#
# - 实施模式随店铺成长：作坊型 → 兼职型 → 全职型 → 组织型。
# - 组织型 CRM 部门：营销小组、体验小组、互动小组；岗位要有职责、任职资格和核心工作内容。
# - KPI：客户回购率、客户满意度、订单运行效率；每个 KPI 有口径、方向、目标、负责人和跟踪频率。
# - 看板 = 值 + 目标 + 状态 + 变化；同一口径按月跟踪。
# - CRM 面向客户，ERP 面向内部资源，SCM 面向供应链伙伴。
# - 实施计划：目标、步骤、时间表、负责人、资源与预算、检查与调整；先试点、再推广、持续优化。
#
# | 中文 | English |
# |---|---|
# | 实施模式 | implementation model |
# | 作坊型 / 兼职型 / 全职型 / 组织型 | workshop / part-time / full-time / organisational |
# | 组织架构 | organisational structure |
# | 营销小组 / 体验小组 / 互动小组 | marketing / experience / interaction team |
# | 岗位职责 / 任职资格 | duties / qualifications |
# | 关键绩效指标（KPI） | key performance indicator (KPI) |
# | 客户回购率 | customer repurchase rate |
# | 客户满意度 | customer satisfaction |
# | 订单运行效率 | order efficiency |
# | 目标 / 基线 / 达标 | target / baseline / on track |
# | 看板 | dashboard |
# | 企业资源计划（ERP） | enterprise resource planning (ERP) |
# | 供应链管理（SCM） | supply chain management (SCM) |
# | 实施计划 / 试点 | implementation plan / pilot |

# %% [markdown] tags=["en"]
# ## Summary and terms
# **Handed to Zhou Ming**: in the customer department's first month, Lin Xiao and Chen Jing give Zhou Ming a KPI
# dashboard (each indicator with its baseline, target, owner and status), a trend chart and an implementation
# plan: pilot first, then roll out. From now on he gets such a table every month.
#
# - The model grows with the shop: workshop → part-time → full-time → organisational.
# - An organisational CRM department has marketing, experience and interaction teams; each role has duties,
#   qualifications and core tasks.
# - KPIs: repurchase rate, satisfaction, order efficiency; each has a definition, a direction, a target, an owner and a
#   tracking rhythm.
# - A dashboard = value + target + status + change, tracked monthly with the same definitions.
# - CRM faces customers, ERP the company's own resources, SCM the partners of the supply chain.
# - An implementation plan: goal, steps, timetable, owner, resources and budget, checks; pilot, roll out, improve.
#
# | English | 中文 |
# |---|---|
# | implementation model | 实施模式 |
# | workshop / part-time / full-time / organisational | 作坊型 / 兼职型 / 全职型 / 组织型 |
# | organisational structure | 组织架构 |
# | marketing / experience / interaction team | 营销小组 / 体验小组 / 互动小组 |
# | duties / qualifications | 岗位职责 / 任职资格 |
# | key performance indicator (KPI) | 关键绩效指标 |
# | customer repurchase rate | 客户回购率 |
# | customer satisfaction | 客户满意度 |
# | order efficiency | 订单运行效率 |
# | target / baseline / on track | 目标 / 基线 / 达标 |
# | dashboard | 看板 |
# | enterprise resource planning (ERP) | 企业资源计划 |
# | supply chain management (SCM) | 供应链管理 |
# | implementation plan / pilot | 实施计划 / 试点 |
