# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 00 从这里开始：欢迎来到 crmlab 实训平台
#
# **学习目标**
# - 了解这门课怎么学：课程笔记本、即时反馈的练习、十个实战训练；
# - 会运行单元格，认识模拟网店的数据表；
# - 会用 `q.check()`、`q.hint()`、`q.solution()` 检查自己的答案；
# - 知道数据放在哪里、怎样切换中英文。
#
# **故事**：你是林晓，刚毕业，入职**青禾生活馆**：一家开在大型综合电商平台上的生活百货网店（美妆、服饰、食品、家居等
# 十个品类），在客服部做 CRM 专员，直接上级是客服主管陈静。老板周明对你说：“投入越来越多，可满意度在下降，
# 忠诚度不高，投诉不断。”接下来的每一章，你都要用店里的数据解决一个问题，把结果交给陈静或周明。

# %% [markdown] tags=["en"]
# # 00 Start here: welcome to the crmlab workbench
#
# **Learning goals**
# - how this course works: lesson notebooks, exercises with instant feedback, ten practical trainings;
# - run cells and meet the simulated shop's tables;
# - check your answers with `q.check()`, `q.hint()`, `q.solution()`;
# - know where the data lives and how to switch between Chinese and English.
#
# **The story**: you are Lin Xiao, just graduated and just hired by **Qinghe Living**, a general-goods
# shop on a large marketplace (beauty, apparel, food, home and six more categories), as the CRM specialist of its
# customer service team; your manager is Chen Jing, the head of customer service. The owner, Zhou Ming, tells you:
# "We invest more and more, yet satisfaction is falling, loyalty is low and complaints keep coming." In every
# chapter you will solve one of the shop's problems with its own data and hand the result to Chen Jing or Zhou Ming.

# %% [markdown] tags=["zh"]
# ## 1. 运行单元格
# 选中下面的代码单元格，按 **Shift + Enter** 运行。`crmlab.setup(..., dataset="lab")` 载入课程的默认商店（青禾生活馆，5,000 位客户、两年的记录），并设置语言。所有课程笔记本都用这家店，前面算出的数后面还能接着用。

# %% [markdown] tags=["en"]
# ## 1. Running cells
# Select the code cell below and press **Shift + Enter**. `crmlab.setup(..., dataset="lab")` loads the course's
# default shop (Qinghe Living: 5,000 customers, two years of records) and sets the language. Every lesson uses this
# shop, so a figure you compute in one lesson is the same in the next.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
crmlab.plot.set_theme(locale="{{LOCALE}}")  # charts that show Chinese text
shop

# %% [markdown] tags=["zh"]
# ## 2. 商店里有哪些数据
# 商店的每张表都是一个 pandas DataFrame，用 `shop.表名` 取出。`shop.describe()` 列出所有表及行数；
# 每一列的含义见 `docs/data_dictionary.md`（数据字典）。

# %% [markdown] tags=["en"]
# ## 2. What data the shop has
# Every table of the shop is a pandas DataFrame: `shop.<table name>`. `shop.describe()` lists the tables and
# their sizes; the meaning of every column is in `docs/data_dictionary.md` (the data dictionary).

# %%
shop.describe()

# %%
shop.orders.head()

# %% [markdown] tags=["zh"]
# 几张最常用的表：`customers`（客户）、`orders`（订单）、`order_items`（订单明细）、`reviews`（评价）、
# `service_tickets`（客服工单）、`complaints`（投诉）、`surveys`（满意度调查）。它们通过 `customer_id`、`order_id` 连在一起。

# %% [markdown] tags=["en"]
# The tables you will use most: `customers`, `orders`, `order_items`, `reviews`, `service_tickets`,
# `complaints`, `surveys`. They are linked by `customer_id` and `order_id`.

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
monthly = paid.set_index("order_time")["amount"].resample("MS").sum()
crmlab.plot.time_series(monthly, kind="bar", color="#4C72B0");

# %% [markdown] tags=["zh"]
# 看到 11 月那根特别高的柱子了吗？那就是“双十一”。这个商店是模拟出来的，但它的规律（节日高峰、老客推荐、投诉流失……）
# 都来自课程材料和真实电商的经验。

# %% [markdown] tags=["en"]
# See the tall bar in November? That is Singles' Day (11.11). The shop is simulated, but its patterns
# (festival peaks, referrals, customers lost after complaints ...) come from the course material and from real
# e-commerce.

# %% [markdown] tags=["zh"]
# ## 3. 练习怎么做
# 每章的练习用一行导入。把 `____` 换成你的代码，然后运行 `q1.check()`。不会做？`q1.hint()` 给提示，`q1.hint(2)` 给更多提示，
# `q1.solution()` 给参考答案。答案是用**你自己的数据**算的：照抄同学的数字是通不过的。

# %% [markdown] tags=["en"]
# ## 3. How exercises work
# Each chapter's exercises come in one import. Replace `____` with your code, then run `q1.check()`. Stuck?
# `q1.hint()` gives a hint, `q1.hint(2)` a bigger one, `q1.solution()` a model answer. Answers are computed from
# **your own data**: a number copied from a classmate will not pass.

# %%
from crmlab.exercises.crm_and_scrm import *

# %%
n_customers = ____

# %% tags=["solution"] solves=["q1"]
n_customers = len(shop.customers)

# %%
q1.check()

# %%
q1.hint()

# %% [markdown] tags=["zh"]
# ## 4. 数据在哪里、怎样切换语言
# - 课程商店：`crmlab.load_dataset("lab")`（青禾生活馆，5,000 位客户）；另有演示用的小店 `"classroom"`（500 位客户）和英文版 `"classroom_en"`。
# - 同一个商店也是一个真正的 SQLite 数据库（`crmlab.datasets.dataset_path("lab")` 给出它的位置），可以用 SQL 查询。
# - 实战训练里，`crmlab.setup(student_id="你的学号")` 会生成只属于你的商店。
# - 切换语言：`crmlab.setup(locale="en")` 或 `crmlab.set_locale("en")`；英文版笔记本在 `notebooks/en/`。

# %% [markdown] tags=["en"]
# ## 4. Where the data lives, switching language
# - The course shop: `crmlab.load_dataset("lab")` (Qinghe Living, 5,000 customers); a small demo shop `"classroom"`
#   (500 customers) and its English edition `"classroom_en"` are shipped too.
# - The same shop is a real SQLite database (`crmlab.datasets.dataset_path("lab")` says where), ready for SQL.
# - In the labs, `crmlab.setup(student_id="your id")` makes a shop of your own.
# - Switch language with `crmlab.setup(locale="zh")` or `crmlab.set_locale("zh")`; the Chinese notebooks are in
#   `notebooks/zh/`.

# %%
import sqlite3

from crmlab.datasets import dataset_path

con = sqlite3.connect(dataset_path("lab"))
import pandas as pd

pd.read_sql_query("SELECT acquisition_channel, COUNT(*) AS customers FROM customers GROUP BY 1 ORDER BY 2 DESC", con)

# %% [markdown] tags=["zh"]
# ## 5. 课程地图
# | 章 | 主题 | 实战训练 |
# |---|---|---|
# | 1 | CRM 与社会化 CRM | L1 认识商店：客户总览表 |
# | 2 | 客户分析 | L2 客户细分与目标客户 |
# | 3 | 客户信息管理 | L3 建立客户数据库 |
# | 4 | 客户满意度 | L4 问卷设计与分析 |
# | 5 | 客户忠诚度 | L5 会员与积分方案 |
# | 6 | CRM 营销 | L6 活动与 A/B 测试分析 |
# | 7 | 呼叫中心 | L7 双十一客服排班 |
# | 8 | 客户服务管理 | L8 投诉处理 |
# | 9 | CRM 数据分析 | L9 RFM 细分与挽留计划 |
# | 10 | CRM 部门 | L10 CRM KPI 看板 |
#
# 学第 1 章之前，先做 00b 表格入门（pandas 基础）。
# 专题笔记本：11 新客户开发、12 老客户维护、13 网上市场调研与问卷设计、14 投诉处理；99 期末复习自测。
#
# 成绩：期末考试 50%，十次实战训练 40%，考勤 10%。

# %% [markdown] tags=["en"]
# ## 5. Course map
# | # | chapter | practical training |
# |---|---|---|
# | 1 | CRM and social CRM | L1 explore the shop: customer overview |
# | 2 | Customer analysis | L2 segment the customers, pick the target |
# | 3 | Customer information management | L3 build the customer database |
# | 4 | Customer satisfaction | L4 survey design and analysis |
# | 5 | Customer loyalty | L5 membership and points scheme |
# | 6 | CRM marketing | L6 campaign and A/B test analysis |
# | 7 | Call center | L7 staffing for the 11.11 peak |
# | 8 | Customer service management | L8 complaint handling |
# | 9 | CRM data analysis | L9 RFM segmentation and retention plan |
# | 10 | The CRM department | L10 CRM KPI dashboard |
#
# Before chapter 1, do 00b pandas basics.
# Topic notebooks: 11 new-customer acquisition, 12 old-customer maintenance, 13 online market research and
# survey design, 14 complaint handling; 99 exam practice.
#
# Grade: final exam 50%, the ten practical trainings 40%, attendance 10%.

# %% [markdown] tags=["zh"]
# ## 小结与术语
# - 运行单元格：Shift + Enter；`crmlab.setup()` 载入商店。
# - 练习：`q.check()` / `q.hint()` / `q.solution()`。
# - **下一步**：`00b_pandas_basics`（表格入门）——学会用 pandas 看表、筛选、排序、汇总、连接和画图，第 01 课就要用到。
#
# | 中文 | English |
# |---|---|
# | 客户关系管理 | customer relationship management (CRM) |
# | 订单 | order |
# | 客服工单 | service ticket |
# | 投诉 | complaint |
# | 数据字典 | data dictionary |

# %% [markdown] tags=["en"]
# ## Summary and terms
# - Run a cell: Shift + Enter; `crmlab.setup()` loads the shop.
# - Exercises: `q.check()` / `q.hint()` / `q.solution()`.
# - **Next**: `00b_pandas_basics`: reading, filtering, sorting, summarising, joining and charting tables with pandas,
#   the skills lesson 01 needs.
#
# | English | 中文 |
# |---|---|
# | customer relationship management (CRM) | 客户关系管理 |
# | order | 订单 |
# | service ticket | 客服工单 |
# | complaint | 投诉 |
# | data dictionary | 数据字典 |
