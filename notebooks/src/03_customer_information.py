# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 03 客户信息管理：从一堆乱糟糟的记录到一个客户数据库
#
# **学习目标**
# - 知道要收集哪些客户信息（个人客户、企业客户），通过哪些直接和间接渠道、用哪些方法收集（访谈法、问卷调查法、
#   统计资料法、观察法等）；
# - 理解客户信息管理的流程：收集 → 筛选 → 收录 → 整理 → 更新；区分客户资料卡、客户名册和客户数据库；
# - 为一位客户填写客户资料卡；
# - 清洗原始记录：标准化手机号和省份、检查数据质量、合并重复记录；
# - 用 SQLite 设计一个带主键、外键和约束的客户数据库；
# - 认识四种客户信息分析，并为客户群体画像。
#
# **故事**：为了准备一次会员回访，老板周明把各处收集来的客户名单交给你（林晓）：注册表单、客服记录、问卷、线下活动登记……
# “把它们整理成一份干净的客户名册，别让同一个人接到三个电话。”

# %% [markdown] tags=["en"]
# # 03 Customer information management: from messy records to a customer database
#
# **Learning goals**
# - know what customer information to collect (individual and business customers), through which direct and
#   indirect channels and by which methods (interviews, questionnaires, statistical records, observation...);
# - understand the process: collect → screen → record → organise → update; tell the profile card, the customer roll and the
#   customer database apart;
# - fill in the profile card of one customer;
# - clean raw records: standardise phones and provinces, check data quality, merge duplicates;
# - design a customer database in SQLite with primary keys, foreign keys and constraints;
# - know the four kinds of customer information analysis, and profile customer groups.
#
# **The story**: for a round of member follow-up calls, the owner, Zhou Ming, hands you (Lin Xiao) the customer
# lists collected all over
# the place: sign-up forms, service records, questionnaires, event registrations... "Turn them into one clean
# customer roll, and don't let the same person get three calls."

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.customer_information import *

# %%
import sqlite3

import matplotlib.pyplot as plt
import numpy as np
import pandas as pd

from crmlab import plot
from crmlab.analysis.quality import (consolidate_records, data_quality_report, find_duplicates,
                                     messy_customer_records, normalize_phone, normalize_province)
from crmlab.exercises import sqlite_keys

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
paid = shop.orders[shop.orders["payment_status"] == "paid"]

# %% [markdown] tags=["zh"]
# ## 1. 收集什么、从哪里收集
# **个人客户**：基本信息（姓名、性别、年龄、联系方式、地址）、生活方式与偏好（兴趣、常用终端、购物时间）、
# 交易信息（买了什么、多少钱、多久一次）、服务信息（咨询、投诉、评价）。
# **企业客户**：基本信息（名称、地址、规模、行业）、经营状况、采购负责人和决策流程、交易与信用记录。
#
# **直接渠道**：店铺和客户本人接触时得到的信息——注册表单、订单、客服聊天和通话、面谈（访谈）、问卷调查、
# 线下活动登记、会员申请。**间接渠道**：从第三方或公开资料得到——合作伙伴或行业协会的名单、公开的统计资料和
# 行业报告、媒体报道、平台提供的数据分析。
#
# **访谈法**能深入了解原因，但费时、样本小；**问卷调查法**覆盖面广、便于统计，但问题要设计好（第 4 章）。

# %% [markdown] tags=["en"]
# ## 1. What to collect, and where from
# **Individual customers**: basic facts (name, gender, age, contact, address), lifestyle and preferences
# (interests, devices, shopping times), transactions (what, how much, how often), service (inquiries, complaints,
# reviews). **Business customers**: basic facts (name, address, size, industry), business situation, the buyer and
# how decisions are made, transaction and credit history.
#
# **Direct channels**: what the shop learns in contact with the customer: sign-up forms, orders, service chats and
# calls, interviews, questionnaires, event registrations, membership applications. **Indirect channels**: third
# parties and public sources: lists from partners or trade associations, public statistics and industry reports,
# the press, analytics from the marketplace.
#
# **Interviews** dig into reasons but are slow and small; **questionnaires** reach many and are easy to count, if
# designed well (chapter 4).

# %%
q1

# %%
indirect = ____

# %% tags=["solution"] solves=["q1"]
indirect = "DE"

# %%
q1.check()

# %% [markdown] tags=["zh"]
# ### 客户信息收集的方法
# 从渠道再往下一步，是具体怎么收集。课程资料列出六种方法，再加上前面说的访谈法和问卷调查法：
#
# | 方法 | 怎么做 | 在青禾生活馆 |
# |---|---|---|
# | **统计资料法** | 利用企业已有的统计报表和公开的统计资料、行业资料 | 后台的月度销售报表、统计局的居民消费数据 |
# | **观察法** | 观察客户的行为（浏览、咨询、试用、购买），不直接向客户提问 | 客户看了哪些商品、在哪一步放弃了付款 |
# | **会议现场收集法** | 在展会、订货会、推介会和活动现场登记、收集 | 线下快闪店、直播见面会的登记表 |
# | **多向沟通法** | 与客户、同事、合作伙伴等多方交流，把信息拼起来 | 问客服、快递驿站和企业客户的行政人员 |
# | **网络收集法** | 通过网站、电商平台、社交媒体收集 | 评价、问答区、小红书上的晒单 |
# | **数据库收集法** | 从企业已有的数据库和业务系统中提取 | 从订单、工单、积分流水里取出客户信息 |
#
# 同一条信息往往有几种收集方法，选哪一种看成本、准确性和客户是否同意。店里的数据表本身就是数据库收集法的结果；
# 其中有些列是“观察”来的（客户做了什么），有些是客户自己填的（问卷）。下面数一数：店里的表各记录了多少条客户的行为。

# %% [markdown] tags=["en"]
# ### Ways of collecting customer information
# Below the channels come the ways of collecting. The course material lists six, besides the interviews and
# questionnaires above:
#
# | method | how | at Qinghe Living |
# |---|---|---|
# | **statistical records method** (统计资料法) | use the firm's statistical reports and public statistics and industry data | the back office's monthly sales reports, household spending from the statistics bureau |
# | **observation method** (观察法) | watch what customers do (browse, ask, try, buy) without asking them | which products a customer viewed, where they gave up paying |
# | **collecting at meetings and events** (会议现场收集法) | register customers at fairs, order meetings, launches and events | sign-up sheets at a pop-up shop or a live-stream meet-up |
# | **multi-way communication** (多向沟通法) | talk with customers, colleagues and partners and piece it together | ask service agents, the courier's pick-up point, a business customer's office |
# | **online collection** (网络收集法) | collect from websites, marketplaces and social media | reviews, Q&A sections, photos shared on Xiaohongshu |
# | **database collection** (数据库收集法) | pull it from the firm's own databases and business systems | customer facts from orders, tickets and the points ledger |
#
# The same fact can often be collected several ways; the choice depends on cost, accuracy and the customer's
# consent. The shop's tables are themselves the result of database collection; some columns were observed (what
# customers did), others were filled in by customers (surveys). Let us count how many records of customer behaviour
# each table holds.

# %%
from crmlab.schema import get_table

records = pd.Series({name: len(getattr(shop, name)) for name in
                     ["orders", "chats", "service_tickets", "reviews", "surveys", "points_ledger"]})
records.rename(lambda name: get_table(name).zh if ZH else name)

# %%
q9

# %%
method_a = ____
method_b = ____
method_c = ____

# %% tags=["solution"] solves=["q9.a", "q9.b", "q9.c"]
method_a = "A"
method_b = "B"
method_c = "D"

# %%
q9.a.check()
q9.b.check()
q9.c.check()

# %% [markdown] tags=["zh"]
# ## 2. 筛选、收录、整理、更新；资料卡、名册与数据库
# 收集来的信息要经过**信息筛选**（去掉错误、过时、重复的信息，区分有用和无用）、**信息收录**（按统一格式录入）、
# **信息分析与整理**（分类、汇总、清洗，第 3、4 节）和**信息更新**（客户会搬家、换手机号、升级会员，信息要定期核对）。
# 信息的载体有三种：
# - **客户资料卡**：一位客户一张，记录他的详细信息和与店铺的往来；
# - **客户名册**：全部客户的清单，每人一行，列出关键信息，便于查找和联系；
# - **客户数据库**：把资料卡和名册放进数据库管理系统，用表、键和约束组织起来，可以查询、分析、共享。

# %% [markdown] tags=["en"]
# ## 2. Screen, record, organise, update; cards, rolls and databases
# Collected information is **screened** (drop wrong, outdated and duplicate information; keep what is useful),
# **recorded** (entered in one agreed format), **analysed and organised** (sorted, summed up and cleaned: sections 3
# and 4) and **updated** (customers move, change phones, change tiers; check regularly). It lives in three forms:
# - the **profile card** (客户资料卡): one per customer, with their details and their history with the shop;
# - the **customer roll** (客户名册): a list of all customers, one line each with the key facts, for finding and
#   contacting them;
# - the **customer database** (客户数据库): cards and roll in a database system, organised by tables, keys and
#   constraints, ready to query, analyse and share.

# %%
q2

# %%
card_vs_roll = ____

# %% tags=["solution"] solves=["q2"]
card_vs_roll = "B"

# %%
q2.check()

# %% [markdown] tags=["zh"]
# ### 练习：填写一张客户资料卡
# 为已支付消费额最高的客户填写资料卡：信息来自客户、订单、订单明细、商品、客服工单和投诉六张表。

# %% [markdown] tags=["en"]
# ### Exercise: fill in a profile card
# Fill in the card of the customer with the highest paid spend, from six tables: customers, orders, order items,
# products, service tickets and complaints.

# %%
card = ____

# %% tags=["solution"] solves=["q3"]
best = paid.groupby("customer_id")["amount"].sum().idxmax()
mine = paid[paid["customer_id"] == best]
lines = shop.order_items[shop.order_items["order_id"].isin(mine["order_id"])].merge(
    shop.products[["product_id", "category"]], on="product_id")
card = shop.customers.loc[shop.customers["customer_id"] == best,
                          ["customer_id", "name", "gender", "age", "province", "city", "member_tier"]].assign(
    first_order=mine["order_time"].min(), last_order=mine["order_time"].max(),
    n_orders=len(mine), total_spent=mine["amount"].sum(),
    n_tickets=(shop.service_tickets["customer_id"] == best).sum(),
    n_complaints=(shop.complaints["customer_id"] == best).sum(),
    favourite_category=lines.groupby("category")["line_amount"].sum().idxmax())
card.T

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ## 3. 原始记录有多乱
# `messy_customer_records` 模拟各渠道收集来的原始记录：同一个人被录入了两三次，手机号带 `+86`、空格、短横线或
# 全角数字，省份写成“广东”“广东省”“Guangdong”“粤”，还有缺失值和不可能的年龄。先用数据质量报告看一看。

# %% [markdown] tags=["en"]
# ## 3. How messy are the raw records
# `messy_customer_records` simulates the raw records from all those channels: the same person entered two or three
# times, phones with `+86`, spaces, dashes or full-width digits, provinces written 广东, 广东省, Guangdong or 粤,
# missing values and impossible ages. Start with a data-quality report.

# %%
raw = messy_customer_records(shop, random_state=RAW_SEED).records
raw.sample(8, random_state=1)

# %%
report = data_quality_report(raw)
report

# %% [markdown] tags=["zh"]
# 报告每列一行：`missing` 缺失数，`nonstandard` 填了但格式不标准，`invalid` 连标准化也救不回来。
# 能用代码修好的是 `nonstandard − invalid`；`invalid` 的要人工回访核实，或者只好放弃。

# %% [markdown] tags=["en"]
# One row per column: `missing`, `nonstandard` (filled in but not in the standard form) and `invalid` (beyond
# repair even after standardising). Code can fix `nonstandard − invalid`; the `invalid` ones need a call back, or
# must be dropped.

# %% [markdown] tags=["zh"]
# ### 练习：自己写手机号清洗函数

# %% [markdown] tags=["en"]
# ### Exercise: write the phone cleaner yourself

# %%
q4

# %%
clean_phone = ____

# %% tags=["solution"] solves=["q4"]
def clean_phone(phones):
    s = phones.astype("str").str.normalize("NFKC").str.replace(r"[\s\-().]", "", regex=True)
    s = s.str.replace(r"^(\+86|0086|86)(?=1\d{10}$)", "", regex=True)
    ok = s.str.fullmatch(r"1[3-9]\d{9}").fillna(False).astype(bool)
    return s.where(ok)


# %%
q4.check()

# %% [markdown] tags=["zh"]
# ## 4. 清洗与去重
# 库里的 `normalize_phone` 和你的函数做同样的事；`normalize_province` 把各种写法统一成标准省名。
# 然后 `find_duplicates` 找出属于同一个人的记录：手机号相同，或者姓名 + 省份相同，就算同一个人。
# 最后 `consolidate_records` 把每个人的记录合并成一行，每个字段取**最近一次**的非缺失值——这就是“更新”。

# %% [markdown] tags=["en"]
# ## 4. Cleaning and deduplicating
# The library's `normalize_phone` does what your function does; `normalize_province` maps every spelling to the
# standard name. Then `find_duplicates` finds the records of one person: the same phone, or the same name and
# province. Finally `consolidate_records` merges each person's records into one row, taking the **latest**
# non-missing value of each field: that is "updating".

# %%
clean = raw.assign(phone=normalize_phone(raw["phone"]), province=normalize_province(raw["province"]))
top = clean["province"].mode()[0]  # the most common province: how was it written in the raw records?
raw.loc[clean["province"] == top, "province"].value_counts()

# %%
n_bad_phones = ____
n_people = ____

# %% tags=["solution"] solves=["q5.a", "q5.b"]
n_bad_phones = int((raw["phone"].notna() & clean_phone(raw["phone"]).isna()).sum())
person = find_duplicates(clean)
n_people = person.nunique()

# %%
q5.a.check()
q5.b.check()

# %%
person = find_duplicates(clean)
roll = consolidate_records(clean, person=person)
counts = pd.Series({("原始记录" if ZH else "raw records"): len(raw),
                    ("只按原始手机号去重" if ZH else "dedup on raw phones"):
                        find_duplicates(raw, rules=[["phone"]]).nunique(),
                    ("清洗后去重" if ZH else "clean + dedup"): len(roll)})
ax = counts.plot.barh(figsize=(6, 2.4), color=["#C44E52", "#DD8452", "#55A868"])
ax.set_xlabel(("人数 / 记录数" if ZH else "people / records"))
roll.head()

# %% [markdown] tags=["zh"]
# 不先标准化，“+86 138…”和“138…”会被当成两个人，名册里就会多出很多“人”，同一位客户会接到好几个回访电话。

# %% [markdown] tags=["en"]
# Without standardising, "+86 138..." and "138..." count as two people: the roll gets many extra "people" and
# one customer gets several follow-up calls.

# %% [markdown] tags=["zh"]
# ## 5. 设计客户数据库
# 名册放进数据库之后，要靠**键**和**约束**守住数据质量：
# - **主键**（PRIMARY KEY）：每行唯一的编号，如 `customer_id`；
# - **外键**（REFERENCES）：订单的 `customer_id` 必须是已有的客户；
# - **NOT NULL**：必须填写的字段；**UNIQUE**：不能重复的字段（如手机号）；**CHECK**：取值范围（如年龄 0–120）。
#
# SQLite 只有在 `PRAGMA foreign_keys = ON` 时才检查外键。

# %% [markdown] tags=["en"]
# ## 5. Designing the customer database
# Once the roll is in a database, **keys** and **constraints** guard its quality:
# - **primary key**: a unique id per row, e.g. `customer_id`;
# - **foreign key** (REFERENCES): an order's `customer_id` must be an existing customer;
# - **NOT NULL**: required fields; **UNIQUE**: no repeats (e.g. phone); **CHECK**: allowed values (e.g. age 0-120).
#
# SQLite checks foreign keys only with `PRAGMA foreign_keys = ON`.

# %%
q6

# %%
schema_sql = ____

# %% tags=["solution"] solves=["q6"]
schema_sql = """
CREATE TABLE customers (
    customer_id INTEGER PRIMARY KEY,
    name        TEXT NOT NULL,
    phone       TEXT UNIQUE CHECK (length(phone) = 11),
    province    TEXT,
    age         INTEGER CHECK (age BETWEEN 0 AND 120)
);
CREATE TABLE orders (
    order_id    INTEGER PRIMARY KEY,
    customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
    order_time  TEXT NOT NULL,
    amount      REAL NOT NULL CHECK (amount >= 0)
);
CREATE TABLE contacts (
    contact_id   INTEGER PRIMARY KEY,
    customer_id  INTEGER NOT NULL REFERENCES customers(customer_id),
    contact_time TEXT NOT NULL,
    channel      TEXT CHECK (channel IN ('im', 'phone', 'email', 'visit'))
);
"""

# %%
q6.check()

# %% [markdown] tags=["zh"]
# 下面用一个示范结构把清洗后的名册写进一个内存里的 SQLite 数据库，看看约束怎样拦住坏数据。

# %% [markdown] tags=["en"]
# Below, a demonstration schema receives the cleaned roll in an in-memory SQLite database; watch the constraints
# stop bad data.

# %%
demo_sql = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL, phone TEXT UNIQUE,
                        province TEXT, age INTEGER CHECK (age BETWEEN 0 AND 120));
"""
con = sqlite3.connect(":memory:")
con.executescript(demo_sql)
rows = roll.reset_index()[["person", "name", "phone", "province", "age"]].copy()
rows["name"] = rows["name"].str.replace(r"\s+", "", regex=True)
rows["age"] = rows["age"].where(rows["age"].between(0, 120))  # impossible ages become unknown
con.executemany("INSERT INTO customers VALUES (?, ?, ?, ?, ?)",
                rows.astype(object).where(rows.notna(), None).itertuples(index=False, name=None))
try:
    con.execute("INSERT INTO customers VALUES (99999, '测试', NULL, '广东', 200)")
except sqlite3.IntegrityError as exc:
    print("rejected:", exc)
print(sqlite_keys(con)["customers"])
pd.read_sql_query("SELECT province, COUNT(*) AS customers FROM customers GROUP BY province "
                  "ORDER BY customers DESC LIMIT 5", con)

# %% [markdown] tags=["zh"]
# ## 6. 客户信息分析与客户画像
# 信息收集、整理好了，还要分析才能发挥作用：把客户的静态资料（年龄、地区）、行为（购买记录、付款记录）和他们带来的
# 收益放在一起，区分不同的客户群，作为分配营销、销售和服务资源的基础。**客户信息分析**分四种：
#
# | 分析 | 回答的问题 | 店里的数据 |
# |---|---|---|
# | **客户商业行为分析** | 客户买什么、买多少、多久买一次、通过什么渠道买？ | 订单、订单明细 |
# | **客户特征分析** | 客户是什么样的人（年龄、性别、地区、偏好）？ | 客户表；下面的画像 |
# | **客户忠诚分析** | 客户会不会回来？对店铺的态度如何？有多少人可能流失？ | 重复购买、问卷（第 5 章） |
# | **客户价值分析** | 每位客户或每群客户带来多少收益？ | ABC 分类（第 2 章）、RFM（第 9 章） |
#
# 下面的代码从店里的数据各算一个数，每种分析一个。

# %% [markdown] tags=["en"]
# ## 6. Customer information analysis and personas
# Collected and cleaned information pays off only when analysed: customers' static facts (age, region), behaviour
# (purchases, payments) and what they bring in, put together, tell customer groups apart and guide how marketing,
# sales and service resources are shared out. **Customer information analysis** comes in four kinds:
#
# | analysis | the question it answers | the shop's data |
# |---|---|---|
# | **business behaviour** (客户商业行为分析) | what do customers buy, how much, how often, through which channel? | orders, order items |
# | **characteristics** (客户特征分析) | who are the customers (age, gender, region, tastes)? | customers; the personas below |
# | **loyalty** (客户忠诚分析) | do customers come back, what do they think of the shop, how many may leave? | repeat purchases, surveys (chapter 5) |
# | **value** (客户价值分析) | how much does each customer or group bring in? | ABC classification (chapter 2), RFM (chapter 9) |
#
# The code below computes one figure from the shop's data for each kind.

# %%
per_buyer = paid.groupby("customer_id")["amount"].agg(["size", "sum"])
top = per_buyer["sum"].sort_values(ascending=False)
four = pd.Series({
    "商业行为：买家平均下单数" if ZH else "behaviour: mean paid orders per buyer": per_buyer["size"].mean(),
    "特征：客户平均年龄" if ZH else "characteristics: customers' mean age": shop.customers["age"].mean(),
    "忠诚：买过两次及以上的买家占比" if ZH else "loyalty: share of buyers with 2+ orders": (per_buyer["size"] >= 2).mean(),
    "价值：消费额前 20% 买家的销售额占比" if ZH else "value: sales share of the top 20% of buyers":
        top.head(int(round(0.2 * len(top)))).sum() / top.sum(),
})
four.round(2)

# %%
q10

# %%
analysis_a = ____
analysis_b = ____
analysis_c = ____
analysis_d = ____

# %% tags=["solution"] solves=["q10.a", "q10.b", "q10.c", "q10.d"]
analysis_a = "A"
analysis_b = "B"
analysis_c = "C"
analysis_d = "D"

# %%
q10.a.check()
q10.b.check()
q10.c.check()
q10.d.check()

# %% [markdown] tags=["zh"]
# ### 客户画像
# **客户画像**把一群客户的共同特征概括出来：他们是谁（性别、年龄、地区）、怎么买（频次、金额、终端）。
# 画像让营销和服务“对着人”设计，而不是对着平均数。

# %% [markdown] tags=["en"]
# ### Customer personas
# A **persona** (客户画像) sums up what a group of customers has in common: who they are (gender, age, region) and
# how they buy (frequency, spend, device). Personas let marketing and service be designed for people, not for an
# average.

# %%
persona = ____

# %% tags=["solution"] solves=["q7"]
per = paid.groupby("customer_id").agg(n_orders=("order_id", "size"), spend=("amount", "sum"))
t = shop.customers.merge(per, on="customer_id", how="left").fillna({"n_orders": 0, "spend": 0.0})
persona = t.groupby("member_tier").agg(customers=("customer_id", "size"),
                                       female_share=("gender", lambda g: (g == "F").mean()),
                                       mean_age=("age", "mean"), avg_orders=("n_orders", "mean"),
                                       avg_spend=("spend", "mean")).reset_index()
persona

# %%
q7.check()

# %%
q8

# %%
reflection = ____

# %% tags=["solution"] solves=["q8"]
reflection = ("最多的问题是手机号格式不统一和重复记录，来自多个渠道手工录入。办法：录入时校验格式、省份用下拉框、"
              "数据库加 UNIQUE 和 CHECK 约束。隐私：只收集需要的信息，取得同意，脱敏展示。")

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 7. 案例讨论：会员回访前的一堆乱记录
# 林晓打开老板交来的名单：同一个人出现了三次，手机号有的带空格、有的只有 10 位，省份写法五花八门，还有一位客户
# 年龄 150 岁。陈静提醒她：“回访之前，先想清楚这些问题是怎么来的，不然下个月还会这样。”
#
# 1. 这些问题分别是在哪个环节（收集、筛选、收录、更新）产生的？
# 2. 客户资料卡应当有哪些字段？哪些字段“有用但不该收集”？
# 3. 数据库约束能防住哪些问题，哪些只能靠流程？
#
# 把你的要点写进 `case_notes`，课堂讨论之后用 `q11.solution()` 对照讨论要点。

# %% [markdown] tags=["en"]
# ## 7. Case discussion: the messy records before the member calls
# Lin Xiao opens the lists from the owner: one person appears three times, some phone numbers have spaces and some
# only 10 digits, provinces are written every which way, and one customer is 150 years old. Chen Jing warns her:
# "Before the calls, work out how these problems came about, or next month will be the same."
#
# 1. At which step (collecting, screening, recording, updating) did each problem arise?
# 2. Which fields should the profile card have? Which are "useful but not to be collected"?
# 3. Which problems can database constraints stop, and which only a process can?
#
# Write your points in `case_notes`; after the class discussion, compare them with `q11.solution()`.

# %%
q11

# %%
case_notes = ____

# %% tags=["solution"] solves=["q11"]
case_notes = ("重复记录来自多个渠道各自录入、没有统一编号；手机号和省份混乱是收集时没有统一格式和校验；150 岁是收录时没有检查。"
              "主键、UNIQUE 和 CHECK 约束能挡住一部分，换号、写错名字要靠录入校验和定期更新。")

# %%
q11.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给陈静**：回访开始前，林晓把干净的客户数据库交给陈静：去重后的客户名册、带约束的表结构，以及一份说明：每类问题是在哪个环节产生的，
# 以后怎样在收集时就把它挡住。
#
# - 客户信息包括基本信息、偏好、交易和服务信息；企业客户还要了解经营状况和决策人。
# - 直接渠道来自与客户本人的接触，间接渠道来自第三方和公开资料；访谈法深入，问卷调查法覆盖广。
# - 收集方法还有统计资料法、观察法、会议现场收集法、多向沟通法、网络收集法和数据库收集法。
# - 客户信息分析分四种：客户商业行为分析、客户特征分析、客户忠诚分析和客户价值分析。
# - 流程：收集 → 筛选 → 收录 → 整理 → 更新。资料卡一人一张，名册一人一行，数据库用表、键和约束组织。
# - 清洗：先标准化（手机号、省份），再去重、合并（取最新的非缺失值）；用数据质量报告检查前后变化。
# - 约束（主键、外键、NOT NULL、UNIQUE、CHECK）让坏数据进不了数据库；画像概括客户群体的特征。
#
# | 中文 | English |
# |---|---|
# | 客户信息管理 | customer information management |
# | 直接渠道 / 间接渠道 | direct / indirect channels |
# | 访谈法 / 问卷调查法 | interview / questionnaire survey method |
# | 统计资料法 / 观察法 | statistical records / observation method |
# | 会议现场收集法 / 多向沟通法 | collecting at meetings and events / multi-way communication |
# | 网络收集法 / 数据库收集法 | online collection / database collection |
# | 客户信息分析 | customer information analysis |
# | 客户商业行为分析 / 客户特征分析 | business behaviour / characteristics analysis |
# | 客户忠诚分析 / 客户价值分析 | loyalty / value analysis |
# | 信息筛选 / 信息收录 / 信息分析与整理 / 信息更新 | screening / recording / organising / updating |
# | 客户资料卡 | customer profile card |
# | 客户名册 | customer roll |
# | 客户数据库 | customer database |
# | 数据质量 / 数据清洗 / 去重 | data quality / data cleaning / deduplication |
# | 主键 / 外键 / 约束 | primary key / foreign key / constraint |
# | 客户画像 | customer persona / profile |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Chen Jing**: before the calls start, Lin Xiao gives Chen Jing the clean customer database: the
# deduplicated customer roll, tables with constraints, and a note on which step each problem comes from and how to
# stop it at collection next time.
#
# - Customer information covers basic facts, preferences, transactions and service; for business customers also
#   the business situation and the decision makers.
# - Direct channels come from contact with the customer, indirect ones from third parties and public sources;
#   interviews go deep, questionnaires go wide.
# - Further ways of collecting: statistical records, observation, meetings and events, multi-way communication,
#   online collection and database collection.
# - Customer information analysis comes in four kinds: business behaviour, characteristics, loyalty and value.
# - The process: collect → screen → record → organise → update. One card per customer, one roll line per customer, and a
#   database organised by tables, keys and constraints.
# - Cleaning: standardise first (phones, provinces), then deduplicate and merge (latest non-missing value); compare
#   data-quality reports before and after.
# - Constraints (primary and foreign keys, NOT NULL, UNIQUE, CHECK) keep bad data out; personas sum up customer
#   groups.
#
# | English | 中文 |
# |---|---|
# | customer information management | 客户信息管理 |
# | direct / indirect channels | 直接渠道 / 间接渠道 |
# | interview / questionnaire survey method | 访谈法 / 问卷调查法 |
# | statistical records / observation method | 统计资料法 / 观察法 |
# | collecting at meetings and events / multi-way communication | 会议现场收集法 / 多向沟通法 |
# | online collection / database collection | 网络收集法 / 数据库收集法 |
# | customer information analysis | 客户信息分析 |
# | business behaviour / characteristics analysis | 客户商业行为分析 / 客户特征分析 |
# | loyalty / value analysis | 客户忠诚分析 / 客户价值分析 |
# | screening / recording / organising / updating | 信息筛选 / 信息收录 / 信息分析与整理 / 信息更新 |
# | customer profile card | 客户资料卡 |
# | customer roll | 客户名册 |
# | customer database | 客户数据库 |
# | data quality / data cleaning / deduplication | 数据质量 / 数据清洗 / 去重 |
# | primary key / foreign key / constraint | 主键 / 外键 / 约束 |
# | customer persona / profile | 客户画像 |
