# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 01 客户关系管理与社会化客户关系管理
#
# **学习目标**
# - 从三个角度理解 CRM：一种管理理念、一种商务模式、一套技术系统；
# - 区分五种客户关系（基本型、被动型、负责型、能动型、伙伴型），说出 CRM 的目标、CRM 的作用和它带来的价值收益、
#   品牌收益、关系收益；
# - 说出电子商务环境下消费者的消费心理特征；
# - 知道什么是社会化 CRM（SCRM），CRM 的四项内容，CRM 系统的三大模块和四个特点；
# - 把客户、订单、工单三张表连起来，做一张客户总览表；
# - 用店里的数据算一笔账：获取新客户和留住老客户，哪个更划算。
#
# **故事**：入职第一天，老板周明给了你（林晓）店铺后台的数据权限，只说了一句：“我们每年花很多钱打广告拉新客户，
# 可老客户一个个不见了。你先弄清楚我们到底有哪些客户，再告诉我钱该往哪儿花。”主管陈静跟你约好：下班前先把客户总览表
# 发给她看。

# %% [markdown] tags=["en"]
# # 01 Customer relationship management and social CRM
#
# **Learning goals**
# - understand CRM three ways: a management idea, a business model and a technical system;
# - tell the five types of customer relationship apart (basic, passive, accountable, proactive, partnership) and
#   name the goals of CRM, what CRM does for a firm and its value, brand and relationship gains;
# - name the psychological traits of consumers shopping online;
# - know what social CRM (SCRM) is, the four contents of CRM, the three modules of a CRM system and its four
#   features;
# - link the customers, orders and service-ticket tables into one customer overview;
# - do the sums with the shop's data: is winning a new customer or keeping an old one the better deal?
#
# **The story**: on your first day the owner, Zhou Ming, gives you (Lin Xiao) access to the shop's back office and
# says only: "We spend a lot on ads every year to win new customers, yet our old customers keep disappearing. Find out
# who our customers really are, then tell me where the money should go." Your manager, Chen Jing, asks to see the
# customer overview before the end of the day.

# %%
import crmlab

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
from crmlab.exercises.crm_and_scrm import *

# %%
import matplotlib.pyplot as plt
import pandas as pd

from crmlab import plot
from crmlab.schema import label

plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language

# %% [markdown] tags=["zh"]
# ## 1. 什么是客户关系管理（CRM）
# **客户关系管理**（customer relationship management，CRM）可以从三个层面理解：
#
# | 层面 | 含义 |
# |---|---|
# | **管理理念** | 把客户当作企业最重要的资源：以客户为中心，通过满足客户需要来获得长期利润，而不是做一锤子买卖。 |
# | **商务模式** | 围绕客户重新组织市场、销售和服务：识别有价值的客户，针对他们设计产品、服务和沟通方式。 |
# | **技术系统** | 支撑上面两点的软件和数据：客户数据库、营销自动化、销售管理、呼叫中心、数据分析。 |
#
# 三者缺一不可：只买软件而没有“以客户为中心”的理念，CRM 系统只是一个昂贵的通讯录。
#
# **CRM 的目标**：通过更好地了解客户、满足客户，**获取**新客户、**保留**老客户、**提升**客户价值（多买、买更好的、
# 推荐别人），最终提高客户满意度、忠诚度和企业利润。

# %% [markdown] tags=["en"]
# ## 1. What is CRM
# **Customer relationship management** (CRM) works on three levels:
#
# | level | meaning |
# |---|---|
# | **management idea** | customers are the firm's most important resource: put the customer at the centre and earn long-term profit by meeting customers' needs, not by one-off deals. |
# | **business model** | organise marketing, sales and service around customers: find the valuable ones and design products, service and communication for them. |
# | **technical system** | the software and data behind both: a customer database, marketing automation, sales management, a call center, analytics. |
#
# All three are needed: software without a customer-centred idea is just an expensive address book.
#
# **The goals of CRM**: by knowing and serving customers better, **win** new customers, **keep** existing ones and
# **grow** their value (buy more, buy better, recommend the shop), and so raise satisfaction, loyalty and profit.

# %% [markdown] tags=["zh"]
# ### CRM 的作用与三种收益
# **CRM 的作用**可以归成四点：提高客户满意度和忠诚度；降低企业的管理和营销成本（老客户不必一次次花钱重新拉）；
# 让企业和客户双赢（客户买到更合适的商品、得到更好的服务，企业得到长期利润）；建立竞争对手不易模仿的优势——
# 商品和价格容易被抄，店铺和客户之间的关系抄不走。
#
# 这些作用落到店铺的账上，就是 CRM 的三种收益：
#
# | 收益 | 是什么 | 在青禾生活馆看什么 |
# |---|---|---|
# | **价值收益** | 直接的经济收益：客户买得更多、更常回来，营销、销售和服务的成本更低 | 回头客贡献的销售额 |
# | **品牌收益** | 满意、忠诚的客户认同品牌、传播口碑，店铺的美誉度和指名度提高 | 好评、晒单，直接搜店名进店的人 |
# | **关系收益** | 长期稳定的关系带来信任、重复购买、推荐和更少的流失 | 老客户推荐来的新客户 |
#
# 下面的代码从店里的数据算出其中两项：已支付的销售额里有多少来自回头客（买过两次及以上的客户），
# 客户里有多少是老客户推荐来的。

# %% [markdown] tags=["en"]
# ### What CRM does, and its three gains
# **What CRM does for a firm** comes down to four points: it raises customer satisfaction and loyalty; it lowers the
# cost of management and marketing (old customers need not be won again and again); it lets the firm and its
# customers both win (better-suited products and service for the customer, long-term profit for the firm); and it
# builds an edge rivals cannot easily copy: products and prices are easy to copy, a shop's relationships with its
# customers are not.
#
# In the shop's accounts these show up as CRM's three gains:
#
# | gain | what it is | what to look at in Qinghe Living |
# |---|---|---|
# | **value gains** | direct money: customers buy more and more often; marketing, sales and service cost less | sales from repeat buyers |
# | **brand gains** | satisfied, loyal customers identify with the brand and spread the word: more reputation and nomination | good reviews, shared photos, people searching the shop by name |
# | **relationship gains** | a long, steady relationship brings trust, repeat purchases, referrals and fewer lost customers | new customers referred by old ones |
#
# The code below computes two of them from the shop's data: the share of paid sales that comes from repeat buyers
# (customers with two or more paid orders), and the share of customers referred by existing customers.

# %%
paid_orders_all = shop.orders[shop.orders["payment_status"] == "paid"]
orders_each = paid_orders_all.groupby("customer_id").size()
from_repeat = paid_orders_all["customer_id"].isin(orders_each[orders_each >= 2].index)
repeat_sales_share = paid_orders_all.loc[from_repeat, "amount"].sum() / paid_orders_all["amount"].sum()
referral_share = (shop.customers["acquisition_channel"] == "referral").mean()
print(("回头客贡献的销售额占比" if ZH else "share of sales from repeat buyers") + f": {repeat_sales_share:.1%}")
print(("老客户推荐来的客户占比" if ZH else "share of customers referred by customers") + f": {referral_share:.1%}")

# %% [markdown] tags=["zh"]
# 回头客贡献的销售额是价值收益，推荐来的新客户是关系收益（也为品牌带来口碑）。你算出的这两个比例，就是你向周明说明
# “CRM 值得做”的第一批证据。

# %% [markdown] tags=["en"]
# Sales from repeat buyers are a value gain; customers referred by others are a relationship gain (and word of mouth
# for the brand). The two shares you computed are your first evidence for Zhou Ming that CRM is worth doing.

# %%
q13

# %%
gain_a = ____
gain_b = ____
gain_c = ____

# %% tags=["solution"] solves=["q13.a", "q13.b", "q13.c"]
gain_a = "A"
gain_b = "B"
gain_c = "C"

# %%
q13.a.check()
q13.b.check()
q13.c.check()

# %%
q15

# %%
crm_role = ____

# %% tags=["solution"] solves=["q15"]
crm_role = "B"

# %%
q15.check()

# %% [markdown] tags=["zh"]
# ### 电子商务环境下的消费心理特征
# CRM 要针对客户的心理来做。在网上购物的消费者，和逛实体店的消费者相比，有几个明显的**消费心理特征**：
#
# - **追求个性化**：看惯了“猜你喜欢”，希望商品、推荐和服务都针对自己；
# - **追求方便快捷**：随时随地用手机下单，咨询几秒钟没人回就可能关掉页面；
# - **追求物美价廉，乐于比较**：比价、看评价只要几秒钟，换一家店只要点一下；
# - **乐于参与和分享**：写评价、晒单、在直播间和社群里互动，别人的评价也影响自己的选择；
# - **偏好变化快**：信息多、新品多，今天流行的东西下个季度就可能没人要。
#
# 对网店来说，这意味着：用数据做细分和个性化推荐，客服要快，认真对待每一条评价，客户资料要及时更新。
# 店里的客户表记录了每位客户常用的终端（`device`），下面看看有多少客户主要用手机（App、小程序、手机网页）购物。

# %% [markdown] tags=["en"]
# ### Consumers' psychological traits online
# CRM has to fit how customers think. Compared with shoppers in a high street store, consumers shopping online show
# some clear **psychological traits**:
#
# - **wanting things personal**: used to "picked for you", they expect products, recommendations and service made
#   for them;
# - **wanting speed and convenience**: they order by phone anywhere, any time, and may close the page when a question
#   goes unanswered for seconds;
# - **wanting good value and comparing**: checking prices and reviews takes seconds, another shop is one click away;
# - **joining in and sharing**: they write reviews, post photos, chat in live streams and groups, and other people's
#   reviews sway their own choices;
# - **tastes changing fast**: with so much information and so many new products, what is in fashion today may be
#   unwanted next season.
#
# For an online shop this means: segment and personalise with data, answer fast, take every review seriously and
# keep customer records up to date. The customers table records each customer's main device (`device`); let us see
# how many customers shop mainly by phone (app, mini program or mobile web).

# %%
mobile_share = shop.customers["device"].isin(["app", "mini_program", "mobile_web"]).mean()
print(("主要用手机购物的客户占比" if ZH else "share of customers shopping mainly by phone") + f": {mobile_share:.1%}")

# %%
q14

# %%
psychology = ____

# %% tags=["solution"] solves=["q14"]
psychology = "D"

# %%
q14.check()

# %% [markdown] tags=["zh"]
# ## 2. 五种客户关系
# 按企业在售后主动联系客户的程度，企业与客户之间的关系可以分为五种（科特勒）：
#
# | 类型 | 企业做什么 | 适合 |
# |---|---|---|
# | 基本型 | 卖出商品后不再联系 | 客户很多、单价和利润很低 |
# | 被动型 | 卖出后鼓励客户有问题时自己来联系 | |
# | 负责型 | 售后不久主动联系，了解是否满意、征求改进建议 | |
# | 能动型 | 经常主动联系，提供改进使用的建议或新产品信息 | |
# | 伙伴型 | 与客户持续合作，帮助客户成功 | 客户少、单价和利润很高 |
#
# 客户越少、每位客户越值钱，关系就越值得做深。网店客户多、客单价不高，常从被动型做起；
# 对高价值客户，则值得走向负责型、能动型。

# %% [markdown] tags=["en"]
# ## 2. Five types of customer relationship
# By how much the firm takes the initiative after the sale, there are five types (Kotler):
#
# | type | what the firm does | suits |
# |---|---|---|
# | basic | sells, then no further contact | many customers, low price and margin |
# | passive (reactive) | invites customers to get in touch when they have problems | |
# | accountable | contacts the customer soon after the sale to check satisfaction and ask for suggestions | |
# | proactive | contacts customers again and again with ideas for better use or new products | |
# | partnership | works with the customer continuously to help them succeed | few customers, high price and margin |
#
# The fewer the customers and the more each is worth, the deeper the relationship worth building. An online shop
# with many customers and modest orders often starts passive; for its valuable customers it pays to be
# accountable or proactive.

# %%
q9

# %%
relationship = ____

# %% tags=["solution"] solves=["q9"]
relationship = "C"

# %%
q9.check()

# %% [markdown] tags=["zh"]
# ## 3. 社会化 CRM、CRM 的内容与 CRM 系统
# **社会化客户关系管理**（social CRM，SCRM）把社交媒体和社群纳入 CRM：客户不只是被动接收信息，
# 还会在微博、小红书、直播间、微信群里评论、分享、推荐。SCRM 强调与客户**互动**、让客户**参与**
# （共创内容、口碑传播），并把这些社交数据和交易数据放在一起分析。
#
# **CRM 的四项内容**（也是本课程的主线）：
# 1. **客户信息管理**：收集、整理、更新客户资料（第 2、3 章）；
# 2. **客户满意管理**：了解并提高客户满意度（第 4 章）；
# 3. **客户忠诚管理**：让客户一次次回来（第 5 章）；
# 4. **客户服务管理**：售前、售中、售后服务和投诉处理（第 7、8 章）。
#
# **CRM 系统**通常由三大模块组成：**市场管理**（客户细分、营销活动）、**销售管理**（线索、商机、订单）、
# **服务管理**（客服、投诉、回访）。它有四个特点：**整合性**（一个客户的全部信息在一处）、**针对性**
# （对不同客户区别对待）、**实时性**（信息随时更新、随时可用）和**技术性**（依靠数据库、网络和分析工具）。

# %% [markdown] tags=["en"]
# ## 3. Social CRM, the contents of CRM and the CRM system
# **Social CRM** (SCRM) brings social media and communities into CRM: customers do not just receive messages,
# they comment, share and recommend on Weibo, Xiaohongshu, live streams and WeChat groups. SCRM stresses
# **interaction** and customer **participation** (co-created content, word of mouth), and analyses this social data
# together with transactions.
#
# **The four contents of CRM** (also the thread of this course):
# 1. **customer information management**: collect, organise and update customer information (chapters 2, 3);
# 2. **customer satisfaction management**: understand and raise satisfaction (chapter 4);
# 3. **customer loyalty management**: bring customers back again and again (chapter 5);
# 4. **customer service management**: pre-, in- and after-sale service and complaints (chapters 7, 8).
#
# A **CRM system** usually has three modules: **marketing** (segmentation, campaigns), **sales** (leads,
# opportunities, orders) and **service** (support, complaints, follow-ups). Its four features: **integrated** (all
# of a customer's information in one place), **targeted** (different customers treated differently),
# **real-time** (information updated and available at once) and **technical** (built on databases, networks and
# analytics).

# %%
q10

# %%
content = ____

# %% tags=["solution"] solves=["q10"]
content = "C"

# %%
q10.check()

# %% [markdown] tags=["zh"]
# ## 4. 店里有哪些数据
# CRM 系统的“整合性”从数据开始。店里的每张表都是一个 pandas DataFrame。`customers` 每位客户一行，
# `orders` 每笔订单一行，`service_tickets` 每次客服接触一行；它们通过 `customer_id` 连在一起。
#
# 这一节要用到第 00b 课（表格入门）的本领：看表（第 1 节）、筛选（第 2 节）、排序（第 3 节）、分组汇总（第 6 节）、
# 连接（第 7 节）。卡住时先回去看那一节的例子，提示里也会指给你；看到红色报错时，运行 `explain_error()`。

# %% [markdown] tags=["en"]
# ## 4. The shop's data
# The "integrated" feature of CRM starts with data. Each table of the shop is a pandas DataFrame: `customers` has
# one row per customer, `orders` one per order, `service_tickets` one per service contact; `customer_id` links them.
#
# This section uses the skills of lesson 00b (pandas basics): looking at a table (section 1), filtering (section 2),
# sorting (section 3), grouping (section 6), joining (section 7). When stuck, go back to that section's example;
# the hints point you there too. After a red error message, run `explain_error()`.

# %%
shop.describe()

# %%
shop.customers.head(3)

# %%
shop.service_tickets.head(3)

# %%
n_customers = ____

# %% tags=["solution"] solves=["q1"]
n_customers = len(shop.customers)

# %%
q1.check()

# %% [markdown] tags=["zh"]
# 只有 `payment_status == "paid"` 的订单才算销售；未付款就关闭的订单不算。先筛选（见 00b 第 2 节），再对 `amount` 求和
# （见 00b 第 6 节：数行数 ≠ 加金额）。

# %% [markdown] tags=["en"]
# Only orders with `payment_status == "paid"` are sales; orders closed unpaid are not. Filter first (see 00b section
# 2), then add up `amount` (see 00b section 6: counting rows is not adding amounts).

# %%
paid_sales = ____

# %% tags=["solution"] solves=["q2"]
orders = shop.orders
paid_sales = orders.loc[orders["payment_status"] == "paid", "amount"].sum()

# %%
q2.check()

# %% [markdown] tags=["zh"]
# ### 把三张表连起来
# 目标是一张**客户总览表**：每位客户一行，写着他买了几单、花了多少钱、找过几次客服。我们分四小步做：
#
# | 步 | 做什么 | 00b 里的本领 |
# |---|---|---|
# | q3.a | 每位买家下了几单 | 筛选（第 2 节）+ `groupby(...).size()`（第 6 节） |
# | q3.b1 | 每位买家的单数和消费额 | 命名汇总 `agg`（第 6 节） |
# | q3.b2 | 接到客户表上，没买过的记 0 | 左连接 `merge(how="left")` + `fillna(0)`（第 7 节） |
# | q3.b | 再接上工单数，按消费额从大到小排 | 第 6、7 节 + `sort_values(ascending=False)`（第 3 节） |
#
# 为什么用**左连接**？它保留所有客户，包括从没下过单的人——他们是“潜在客户”，同样是 CRM 的对象。

# %% [markdown] tags=["en"]
# ### Linking three tables
# The goal is a **customer overview**: one row per customer with how many orders they placed, how much they spent
# and how often they contacted service. Four small steps:
#
# | step | what | skill from 00b |
# |---|---|---|
# | q3.a | orders per buyer | filter (section 2) + `groupby(...).size()` (section 6) |
# | q3.b1 | each buyer's orders and spending | named aggregation `agg` (section 6) |
# | q3.b2 | attach to the customers, 0 for those who never bought | left join `merge(how="left")` + `fillna(0)` (section 7) |
# | q3.b | attach the tickets too, sort by spending, largest first | sections 6, 7 + `sort_values(ascending=False)` (section 3) |
#
# Why a **left join**? It keeps every customer, also those who never ordered. They are potential customers, and CRM
# cares about them too.

# %%
q3.a

# %%
orders_per_customer = ____

# %% tags=["solution"] solves=["q3.a"]
paid = shop.orders[shop.orders["payment_status"] == "paid"]
orders_per_customer = paid.groupby("customer_id").size().rename("n_orders").reset_index()

# %%
q3.a.check()

# %%
q3.b1

# %%
order_summary = ____

# %% tags=["solution"] solves=["q3.b1"]
order_summary = (paid.groupby("customer_id")
                 .agg(n_orders=("order_id", "size"), total_spent=("amount", "sum"))
                 .reset_index())

# %%
q3.b1.check()

# %%
q3.b2

# %%
with_orders = ____

# %% tags=["solution"] solves=["q3.b2"]
with_orders = (shop.customers[["customer_id", "acquisition_channel"]]
               .merge(order_summary, on="customer_id", how="left")
               .fillna({"n_orders": 0, "total_spent": 0}))
len(shop.customers), len(with_orders)

# %%
q3.b2.check()

# %%
q3.b

# %%
overview = ____

# %% tags=["solution"] solves=["q3.b"]
tickets = shop.service_tickets.groupby("customer_id").size().rename("n_tickets")
overview = (with_orders
            .merge(tickets, on="customer_id", how="left")
            .fillna({"n_tickets": 0})
            .sort_values("total_spent", ascending=False))

# %%
q3.b.check()

# %% [markdown] tags=["zh"]
# ### 复购率
# 客户会不会回来？第一个指标是**复购率**：有过已支付订单的客户中，已支付订单不少于 2 笔的比例。
# 把它写成一个函数，以后任何一张订单表都能用。

# %% [markdown] tags=["en"]
# ### Repeat rate
# Do customers come back? The first measure is the **repeat rate**: among the customers with a paid order, the share
# with two or more paid orders. Write it as a function, so that it works on any orders table.

# %%
q4

# %%
# def repeat_rate(orders):
#     return ...
repeat_rate = ____

# %% tags=["solution"] solves=["q4"]
def repeat_rate(orders):
    paid = orders[orders["payment_status"] == "paid"]
    counts = paid.groupby("customer_id").size()
    return float((counts >= 2).mean()) if len(counts) else 0.0


# %%
q4.check()

# %% [markdown] tags=["zh"]
# ### 客户数据库
# 在 CRM 系统里，这三张表是一个数据库：每张表有一个**主键**（唯一标识一行，例如客户表的 `customer_id`），
# 订单表和工单表用**外键** `customer_id` 指向客户表。用 SQL 写出这个最小的客户数据库（第 3 章会细讲数据库设计）。

# %% [markdown] tags=["en"]
# ### The customer database
# In a CRM system these three tables are one database: each table has a **primary key** (one value per row, such as
# the customers' `customer_id`), and the orders and tickets point to the customers through the **foreign key**
# `customer_id`. Write this smallest customer database in SQL (chapter 3 covers database design in depth).

# %%
q7

# %%
schema_sql = ____

# %% tags=["solution"] solves=["q7"]
schema_sql = """
CREATE TABLE customers (customer_id INTEGER PRIMARY KEY, name TEXT NOT NULL);
CREATE TABLE orders (order_id INTEGER PRIMARY KEY,
                     customer_id INTEGER NOT NULL REFERENCES customers(customer_id),
                     amount REAL);
CREATE TABLE service_tickets (ticket_id INTEGER PRIMARY KEY,
                              customer_id INTEGER REFERENCES customers(customer_id));
"""

# %%
q7.check()

# %% [markdown] tags=["zh"]
# ## 5. 钱花在哪里：获客渠道
# 每位客户都有获客渠道（`acquisition_channel`）和获客成本（`acquisition_cost`）。下图比较各渠道的客户数和平均获客成本。

# %% [markdown] tags=["en"]
# ## 5. Where the money goes: acquisition channels
# Every customer has an acquisition channel (`acquisition_channel`) and an acquisition cost (`acquisition_cost`).
# The chart compares the channels' customer counts and mean acquisition costs.

# %%
by_channel = shop.customers.groupby("acquisition_channel").agg(
    customers=("customer_id", "size"), mean_cost=("acquisition_cost", "mean")).sort_values("customers")
shown = by_channel.rename(index=lambda code: label("acquisition_channel", code))  # codes -> names
fig, axes = plt.subplots(1, 2, figsize=(10, 3.2))
shown["customers"].plot.barh(ax=axes[0], color="#4C72B0")
shown["mean_cost"].plot.barh(ax=axes[1], color="#DD8452")
axes[0].set_title(("客户数" if ZH else "customers"))
axes[1].set_title(("平均获客成本（元）" if ZH else "mean acquisition cost (CNY)"))
for ax in axes:
    ax.set_ylabel("")
plt.tight_layout()
by_channel

# %% [markdown] tags=["zh"]
# 看你画出的两张图：哪个渠道带来的客户最多？哪个渠道的平均获客成本最低，哪个最高？课程资料说约 60% 的新客户来自
# 老客户推荐，和你的数据比一比。不过，客户多、成本低还不够：哪个渠道的客户最“值钱”？

# %% [markdown] tags=["en"]
# Look at your two charts: which channel brings the most customers? Which has the lowest mean acquisition cost, and
# which the highest? The course material puts referrals at about 60% of new customers: compare it with your data.
# Many cheap customers are not enough, though: which channel's customers are worth the most?

# %%
q5

# %%
best_channel = ____

# %% tags=["solution"] solves=["q5"]
best = overview.groupby("acquisition_channel")["total_spent"].mean().idxmax()
best_channel = {"referral": "A", "ads": "B", "sales_staff": "C", "service_staff": "D", "organic": "E"}[best]

# %%
q5.check()

# %% [markdown] tags=["zh"]
# ## 6. 拉新还是留旧：算一笔账
# 课程里有三个常被引用的数字：
# - 获取一位新客户的成本，大约是保留一位老客户的 **5 倍**；
# - 向老客户推销的成功率约 **50%**，向新客户只有约 **15%**；
# - 客户保留率提高 **5 个百分点**，利润可提高 **25%–85%**。
#
# 下面用店里的数据把它们变成具体的钱。先算平均获客成本和“流失迹象”客户数（180 天没有购买）。
# 180 天的时间窗口怎么定，见 00b 第 5 节：最后一天全天都算，窗口的终点是 `END + 1 天`。

# %% [markdown] tags=["en"]
# ## 6. Win new or keep old: the sums
# Three figures from the course are quoted often:
# - acquiring a new customer costs about **5 times** as much as keeping one;
# - selling to an existing customer succeeds about **50%** of the time, to a new one about **15%**;
# - **5 points** more retention can raise profit by **25%–85%**.
#
# Let us turn them into money with the shop's data. First the mean acquisition cost and the number of customers
# showing signs of lapsing (no purchase for 180 days). For the 180-day window see 00b section 5: the whole last day
# counts, so the window stops at `END + 1 day`.

# %%
cac = ____
n_lapsed = ____
saving = ____

# %% tags=["solution"] solves=["q6.a", "q6.b", "q6.c"]
cac = shop.customers["acquisition_cost"].mean()
last = paid.groupby("customer_id")["order_time"].max()
cutoff = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1) - pd.Timedelta(days=180)
n_lapsed = int((last < cutoff).sum())
saving = n_lapsed * cac * (1 - 1 / 5)

# %%
q6.a.check()
q6.b.check()
q6.c.check()

# %% [markdown] tags=["zh"]
# 再看 15% 与 50%：同样联系 200 个人，老客户能多带来多少销售额？

# %% [markdown] tags=["en"]
# Now 15% versus 50%: with the same 200 contacts, how much more do existing customers buy?

# %%
aov = ____
extra_sales = ____

# %% tags=["solution"] solves=["q11.a", "q11.b"]
aov = paid["amount"].mean()
extra_sales = 200 * (0.50 - 0.15) * aov

# %%
q11.a.check()
q11.b.check()

# %% [markdown] tags=["zh"]
# 最后是保留率。一位客户每年带来毛利 m，每年留下来的概率是 r，那么他 5 年里的期望毛利是
# m × (1 + r + r² + r³ + r⁴)。先写这个函数，再用店里两年的数据估计 r。

# %% [markdown] tags=["en"]
# Last, retention. A customer brings a margin m a year and stays each year with probability r, so over 5 years
# they are expected to bring m × (1 + r + r² + r³ + r⁴). Write that function, then estimate r from the shop's two
# years of data.

# %%
# def lifetime_profit(margin, retention, years=5):
#     return ...
lifetime_profit = ____

# %% tags=["solution"] solves=["q12.a"]
def lifetime_profit(margin, retention, years=5):
    return margin * sum(retention ** t for t in range(years))


# %%
q12.a.check()

# %%
retention = ____
profit_uplift = ____

# %% tags=["solution"] solves=["q12.b", "q12.c"]
year = paid["order_time"].dt.year
y1 = set(paid.loc[year == 2023, "customer_id"])
y2 = set(paid.loc[year == 2024, "customer_id"])
retention = len(y1 & y2) / len(y1)
profit_uplift = lifetime_profit(1, retention + 0.05) / lifetime_profit(1, retention) - 1

# %%
q12.b.check()
q12.c.check()

# %% [markdown] tags=["zh"]
# 下面的图画出保留率从 30% 到 90% 时，一位客户 5 年的期望毛利（以每年毛利为 1）。保留率越高，曲线越陡：
# 客户本来就很忠诚时，保留率再提高一点，期望毛利就会多出一大截。

# %% [markdown] tags=["en"]
# The chart shows a customer's expected 5-year profit (with a yearly margin of 1) as retention goes from 30% to
# 90%. The curve gets steeper: when customers are already loyal, a little more retention adds a lot of expected
# profit.

# %%
import numpy as np

r = np.linspace(0.3, 0.9, 61)
value = sum(r ** t for t in range(5))
ax = plt.figure(figsize=(6, 3)).gca()
ax.plot(r, value, color="#4C72B0")
ax.set_xlabel(("年保留率" if ZH else "yearly retention"))
ax.set_ylabel(("5 年期望毛利（倍）" if ZH else "5-year profit (× yearly margin)"));

# %% [markdown] tags=["zh"]
# ## 7. 你的判断
# 这家店和客户之间现在是哪种关系？该往哪个方向走？

# %% [markdown] tags=["en"]
# ## 7. Your judgement
# What relationship does the shop have with its customers now, and where should it go?

# %%
q8

# %%
reflection = ____

# %% tags=["solution"] solves=["q8"]
reflection = ("店里的客户大多是自己来找客服（被动型），q6.b 算出的不少买家已经 180 天没有购买。留住一位老客户的成本只有拉新的五分之一，"
              "成功率也高得多，所以应该对高价值客户建立负责型关系：签收后回访，流失前主动联系。")

# %%
q8.check()

# %% [markdown] tags=["zh"]
# ## 8. 案例讨论：100 万美元买一个亏损的网站
# 下班前，老板周明转给林晓一篇旧闻：一个连年亏损的网站以 100 万美元成交，买方看中的是它的 100 万注册用户——
# “一个客户资料只要一美元”。周明问：“我们店的客户资料，是不是也值这么多钱？”
#
# 1. 买方买到的到底是什么？一个注册用户等于一个客户吗？
# 2. 要判断这些用户值不值这个价，需要哪些数据？用你在本课做的客户总览表说说：青禾生活馆的客户里，哪些是资产？
# 3. 这些用户资料能不能随网站一起“卖”？
#
# 把你的要点写进 `case_notes`，课堂讨论之后用 `q16.solution()` 对照讨论要点。

# %% [markdown] tags=["en"]
# ## 8. Case discussion: a loss-making website bought for 1 million dollars
# Before the end of the day, the owner Zhou Ming forwards Lin Xiao an old news story: a website that lost money year
# after year sold for 1 million dollars; the buyer wanted its 1 million registered users ("a customer record for one
# dollar"). Zhou Ming asks: "Are our shop's customer records worth that much too?"
#
# 1. What did the buyer actually buy? Is a registered user a customer?
# 2. What data would tell whether these users are worth the price? Use the customer overview you built in this
#    lesson: which of Qinghe Living's customers are assets?
# 3. Can the user data be "sold" along with the website?
#
# Write your points in `case_notes`; after the class discussion, compare them with `q16.solution()`.

# %%
q16

# %%
case_notes = ____

# %% tags=["solution"] solves=["q16"]
case_notes = ("注册用户不等于客户：买方买到的只是建立关系的机会。要看活跃的、会再买的客户有多少、值多少钱，"
              "就像客户总览表里买过多次、消费多的客户；用户资料受个人信息保护法约束，不能随便转卖。")

# %%
q16.check()

# %% [markdown] tags=["zh"]
# ## 小结
# **交给周明**：下班前，林晓把客户总览表发给陈静，再把“拉新还是留旧”的那笔账交给周明：有多少客户、卖了多少钱、钱该先花在哪里。
# 每个数都由代码算出，周明重新运行就能看到同样的结果。
#
# - CRM 既是理念，也是商务模式和技术系统；目标是获取、保留客户并提升客户价值。
# - CRM 的作用：提高满意度和忠诚度、降低管理和营销成本、企业与客户双赢、形成对手不易模仿的优势；
#   它带来价值收益、品牌收益和关系收益。
# - 网上的消费者追求个性化、方便快捷和物美价廉，乐于比较、参与和分享，偏好变化快。
# - 五种客户关系从基本型到伙伴型，企业的主动程度越来越高；客户越值钱，关系越值得做深。
# - SCRM 把社交互动纳入 CRM；CRM 的四项内容是客户信息、满意、忠诚和服务管理；CRM 系统 = 市场 + 销售 + 服务管理，
#   特点是整合、针对、实时、技术性。
# - 用数据算账：留住老客户比获取新客户便宜得多，成功率也高得多。
#
# | 中文 | English |
# |---|---|
# | 客户关系管理 | customer relationship management (CRM) |
# | 社会化客户关系管理 | social CRM (SCRM) |
# | CRM 的作用 | what CRM does for a firm |
# | 价值收益 / 品牌收益 / 关系收益 | value / brand / relationship gains |
# | 消费心理特征 | consumers' psychological traits |
# | 基本型 / 被动型 / 负责型 / 能动型 / 伙伴型 | basic / passive / accountable / proactive / partnership |
# | 客户信息管理 | customer information management |
# | 客户满意管理 | customer satisfaction management |
# | 客户忠诚管理 | customer loyalty management |
# | 客户服务管理 | customer service management |
# | 市场管理 / 销售管理 / 服务管理 | marketing / sales / service management |
# | 整合性 / 针对性 / 实时性 / 技术性 | integrated / targeted / real-time / technical |
# | 获客成本 | customer acquisition cost |
# | 客户保留率 | customer retention rate |
# | 左连接 | left join |

# %% [markdown] tags=["en"]
# ## Summary
# **Handed to Zhou Ming**: before the end of the day Lin Xiao sends Chen Jing the customer overview and gives Zhou
# Ming the sums of winning new versus keeping old: how many customers, how much they bought, where the money
# should go first. Every figure is computed by the code, so Zhou Ming can rerun it and see the same.
#
# - CRM is an idea, a business model and a technical system; its goals are to win and keep customers and grow
#   their value.
# - What CRM does: more satisfaction and loyalty, lower management and marketing costs, a win for firm and customer,
#   an edge rivals cannot easily copy; it brings value gains, brand gains and relationship gains.
# - Online consumers want things personal, fast, convenient and good value; they compare, join in and share, and
#   their tastes change fast.
# - The five relationship types, from basic to partnership, take more and more initiative; the more a customer is
#   worth, the deeper the relationship worth building.
# - SCRM brings social interaction into CRM; CRM's four contents are customer information, satisfaction, loyalty and
#   service management; a CRM system = marketing + sales + service management, integrated, targeted, real-time and
#   technical.
# - Doing the sums: keeping customers is far cheaper than winning new ones, and selling to them succeeds far more
#   often.
#
# | English | 中文 |
# |---|---|
# | customer relationship management (CRM) | 客户关系管理 |
# | social CRM (SCRM) | 社会化客户关系管理 |
# | what CRM does for a firm | CRM 的作用 |
# | value / brand / relationship gains | 价值收益 / 品牌收益 / 关系收益 |
# | consumers' psychological traits | 消费心理特征 |
# | basic / passive / accountable / proactive / partnership | 基本型 / 被动型 / 负责型 / 能动型 / 伙伴型 |
# | customer information management | 客户信息管理 |
# | customer satisfaction management | 客户满意管理 |
# | customer loyalty management | 客户忠诚管理 |
# | customer service management | 客户服务管理 |
# | marketing / sales / service management | 市场管理 / 销售管理 / 服务管理 |
# | integrated / targeted / real-time / technical | 整合性 / 针对性 / 实时性 / 技术性 |
# | customer acquisition cost | 获客成本 |
# | customer retention rate | 客户保留率 |
# | left join | 左连接 |
