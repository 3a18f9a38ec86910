# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 00b 表格入门：用 pandas 看懂店里的数据
#
# **学习目标**
# - 会看一张表：前几行、行数列数、列名、类型、数据字典；
# - 会选列、筛选行（比较、`&`、`isin`），会排序、取前几名；
# - 会加新列，会处理日期和时间窗口；
# - 会分组汇总（`groupby` + `agg`），会把两张表连起来（`merge`），并检查行数；
# - 会画第一张图，图上的文字用中文。
#
# **故事**：入职第一周，客服主管陈静把青禾生活馆后台的数据交给你（林晓）：“以后每个决定都要用数据说话。订单、客户、评价、客服工单，
# 全都在表格里。这周先学会看表、筛选、汇总，下周例会你来汇报。”
#
# 这一课用的工具叫 **pandas**，它是 Python 里处理表格的标准工具。每一节先讲一个本领，再在一张表上做示范，
# 最后请你在**另一张表**上练一次。练习和第 00 课一样：把 `____` 换成代码，运行 `q.check()`；
# 卡住了就用 `q.hint()`（再要更多提示：`q.hint(2)`、`q.hint(3)`），最后才看 `q.solution()`。

# %% [markdown] tags=["en"]
# # 00b pandas basics: reading the shop's tables
#
# **Learning goals**
# - look at a table: its first rows, size, columns, types and data dictionary;
# - select columns and filter rows (comparisons, `&`, `isin`), sort and take the top few;
# - add new columns, work with dates and time windows;
# - group and aggregate (`groupby` + `agg`), join two tables (`merge`) and check the row counts;
# - draw a first chart with its text in the notebook's language.
#
# **The story**: in your first week, Chen Jing, the head of customer service, hands you (Lin Xiao) the back-office data of Qinghe Living: "From now on every decision
# is made with data. Orders, customers, reviews, service tickets: it's all in tables. This week, learn to read,
# filter and summarise them; at next week's meeting you present."
#
# The tool of this lesson is **pandas**, Python's standard tool for tables. Each section explains one skill, shows
# it on one table, then asks you to try it on **another table**. Exercises work as in lesson 00: replace `____`
# with code and run `q.check()`; when stuck, `q.hint()` (more with `q.hint(2)`, `q.hint(3)`), and only then
# `q.solution()`.

# %%
import crmlab
import numpy as np
import pandas as pd

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
crmlab.plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"
from crmlab.exercises.pandas_basics import *

# %% [markdown] tags=["zh"]
# ## 1. 看一张表
# 主管的第一句话：“先别急着算，看看表里有什么。”
#
# 一张表（DataFrame）由**行**和**列**组成：订单表每笔订单一行，每一列是订单的一项信息。几个最常用的“看表”工具：
#
# | 写法 | 给出什么 |
# |---|---|
# | `orders.head()` | 前 5 行（`head(10)` 给前 10 行） |
# | `orders.shape` | `(行数, 列数)`；它是**属性**，不加括号 |
# | `orders.columns` | 所有列名 |
# | `orders.dtypes` | 每列的类型：`int64` 整数、`float64` 小数、`str` 文字、`datetime64` 日期时间、`bool` 真/假 |
# | `orders.info()` | 以上信息一次看全，还有每列有多少非空值 |
# | `shop.dictionary("orders")` | 数据字典：每一列是什么意思 |

# %% [markdown] tags=["en"]
# ## 1. Looking at a table
# The lead's first words: "Don't compute yet. Look at what is in the table."
#
# A table (DataFrame) has **rows** and **columns**: the orders table has one row per order, and each column is one
# piece of information about it. The tools for looking:
#
# | code | gives |
# |---|---|
# | `orders.head()` | the first 5 rows (`head(10)`: the first 10) |
# | `orders.shape` | `(rows, columns)`; an **attribute**, used without parentheses |
# | `orders.columns` | the column names |
# | `orders.dtypes` | each column's type: `int64` whole numbers, `float64` decimals, `str` text, `datetime64` dates and times, `bool` True/False |
# | `orders.info()` | all of the above at once, with the number of non-empty values per column |
# | `shop.dictionary("orders")` | the data dictionary: what each column means |

# %%
orders = shop.orders
orders.head()

# %%
orders.shape

# %%
orders.dtypes

# %%
orders.info()

# %%
shop.dictionary("orders")

# %% [markdown] tags=["zh"]
# 每笔订单一行，14 列。注意 `amount`（实付金额）和 `gross_amount`（原价合计）不是一回事，
# `payment_status` 区分已支付和未支付关闭的订单——数据字典会帮你避开这些坑。
#
# **轮到你**：看看评价表 `shop.reviews`。

# %% [markdown] tags=["en"]
# One row per order, 14 columns. Note that `amount` (paid) and `gross_amount` (list-price total)
# are not the same, and `payment_status` tells paid orders from cancelled ones: the data dictionary saves you from
# such traps.
#
# **Your turn**: look at the reviews, `shop.reviews`.

# %%
q1.a

# %%
reviews_shape = ____

# %% tags=["solution"] solves=["q1.a"]
reviews_shape = shop.reviews.shape

# %%
q1.a.check()
# q1.a.hint()
# q1.a.solution()

# %%
q1.b

# %%
sentiment_col = ____

# %% tags=["solution"] solves=["q1.b"]
sentiment_col = "sentiment"

# %%
q1.b.check()
# q1.b.hint()
# q1.b.solution()

# %% [markdown] tags=["zh"]
# ## 2. 选列与筛行
# 主管：“老客推荐来的客户有多少？一线城市的年轻客户呢？”
#
# - **选列**：`customers[["customer_id", "city"]]`——方括号里放一个列名的**列表**（所以是两层方括号）。
# - **筛行**分两步。先写一个**条件**：`customers["acquisition_channel"] == "referral"` 给出一列 True/False（每行一个）；
#   再把条件放进表的方括号：`customers[条件]`，只留下 True 的行。条件列的 `.sum()` 就是 True 的个数。
# - **组合条件**：`&`（并且）、`|`（或者）、`~`（不是），**每个条件都加括号**。
# - **多个值之一**：`isin(["ads", "sales_staff"])`。
# - 也可以把条件写成一句话：`customers.query("city_tier == 1 and age < 30")`（可选）。

# %% [markdown] tags=["en"]
# ## 2. Selecting columns and filtering rows
# The lead: "How many customers came through referrals? And how many young customers in first-tier cities?"
#
# - **Select columns**: `customers[["customer_id", "city"]]`: a **list** of column names inside the brackets (hence
#   two pairs of brackets).
# - **Filter rows** in two steps. First a **condition**: `customers["acquisition_channel"] == "referral"` gives a
#   column of True/False (one per row); then put it inside the table's brackets: `customers[condition]` keeps the
#   True rows. `.sum()` of a condition counts its Trues.
# - **Combine conditions** with `&` (and), `|` (or), `~` (not), **each condition in parentheses**.
# - **One of several values**: `isin(["ads", "sales_staff"])`.
# - A condition can also be written as a sentence: `customers.query("city_tier == 1 and age < 30")` (optional).

# %%
customers = shop.customers
customers[["customer_id", "city", "acquisition_channel"]].head()

# %%
is_referral = customers["acquisition_channel"] == "referral"
is_referral.head()

# %%
referred = customers[is_referral]
print(len(referred), is_referral.sum())

# %%
young_tier1 = customers[(customers["city_tier"] == 1) & (customers["age"] < 30)]
len(young_tier1)

# %%
by_staff_or_ads = customers[customers["acquisition_channel"].isin(["ads", "sales_staff"])]
len(by_staff_or_ads)

# %%
customers.query("city_tier == 1 and age < 30").shape

# %% [markdown] tags=["zh"]
# **出错了怎么办？** 筛选时最常见的三个错误和你会看到的报错：
#
# | 你写的 | 你看到的报错 | 应该写 |
# |---|---|---|
# | `customers[customers["age"] = 30]` | `SyntaxError: … Maybe you meant '==' instead of '='?` | 比较用两个等号 `==` |
# | `(条件1) and (条件2)` | `ValueError: The truth value of a Series is ambiguous …` | `(条件1) & (条件2)` |
# | `a == 1 & b < 30`（没加括号） | `TypeError: Cannot perform 'rand_' …`（有时也是上面的 ValueError） | `(a == 1) & (b < 30)` |
#
# 看到红色的报错不要慌：在新单元格里运行 `explain_error()`，它会用中文解释最近一次报错；
# 报错之后直接运行 `q.check()`，它也会说明上一个单元格错在哪里。下面这个单元格“故意”写错，给你看看：

# %% [markdown] tags=["en"]
# **When it goes wrong**: the three usual filtering slips and the error you see:
#
# | you wrote | the error you see | write instead |
# |---|---|---|
# | `customers[customers["age"] = 30]` | `SyntaxError: ... Maybe you meant '==' instead of '='?` | compare with `==` |
# | `(condition1) and (condition2)` | `ValueError: The truth value of a Series is ambiguous ...` | `(condition1) & (condition2)` |
# | `a == 1 & b < 30` (no parentheses) | `TypeError: Cannot perform 'rand_' ...` (sometimes the ValueError above) | `(a == 1) & (b < 30)` |
#
# Don't panic at a red error: run `explain_error()` in a new cell and it explains the last error in plain words;
# run `q.check()` right after the error and it tells you what went wrong in the cell before. The cell below makes
# the `and` slip on purpose, to show you:

# %%
try:
    customers[(customers["city_tier"] == 1) and (customers["age"] < 30)]
except ValueError as exc:
    explain_error(exc)

# %% [markdown] tags=["zh"]
# **轮到你**：订单表。老板问：“真正付了钱的订单有多少？300 元以上的大单呢？”

# %% [markdown] tags=["en"]
# **Your turn**: the orders. The owner asks: "How many orders were really paid? And how many big ones, 300 yuan and
# up?"

# %%
q2.a

# %%
orders = shop.orders
paid_orders = ____

# %% tags=["solution"] solves=["q2.a"]
paid_orders = orders[orders["payment_status"] == "paid"]

# %%
q2.a.check()
# q2.a.hint()
# q2.a.solution()

# %%
q2.b

# %%
big_paid = ____

# %% tags=["solution"] solves=["q2.b"]
big_paid = orders[(orders["payment_status"] == "paid") & (orders["amount"] >= 300)]

# %%
q2.b.check()
# q2.b.hint()
# q2.b.solution()

# %% [markdown] tags=["zh"]
# 记住：**只有 `payment_status == "paid"` 的订单才算销售**。后面每一章算销售额、买家、复购，都要先做这一步筛选。
#
# ## 3. 排序，取前几名
# 主管：“店里最贵的商品是哪几个？”
#
# `sort_values("列名")` 按一列排序，**默认从小到大**（升序）；从大到小要加 `ascending=False`。再用 `.head(n)` 取前 n 行。
# `nlargest(n, "列名")` 一步做完。按两列排序时，两个列名和两个方向都写成列表。

# %% [markdown] tags=["en"]
# Remember: **only orders with `payment_status == "paid"` are sales**. Every later chapter that counts sales, buyers
# or repeat purchases starts with this filter.
#
# ## 3. Sorting, taking the top few
# The lead: "Which are our most expensive products?"
#
# `sort_values("column")` sorts by a column, **smallest first by default** (ascending); largest first needs
# `ascending=False`. `.head(n)` then keeps the first n rows; `nlargest(n, "column")` does both at once. To sort by
# two columns, give lists of both the columns and the directions.

# %%
shop.products.sort_values("price", ascending=False).head(5)

# %%
shop.products.nlargest(5, "price")

# %%
shop.products.sort_values(["category", "price"], ascending=[True, False]).head(8)

# %% [markdown] tags=["zh"]
# **轮到你**：老板想给最大的几笔订单的买家寄一张感谢卡。

# %% [markdown] tags=["en"]
# **Your turn**: the owner wants to send a thank-you card to the buyers of the largest orders.

# %%
q3

# %%
top_paid = ____

# %% tags=["solution"] solves=["q3"]
paid = orders[orders["payment_status"] == "paid"]
top_paid = paid.sort_values("amount", ascending=False).head(10)

# %%
q3.check()
# q3.hint()
# q3.solution()

# %% [markdown] tags=["zh"]
# ## 4. 新列
# 主管：“实付金额里还要扣掉退款；打折打了几成？”
#
# - **算术**：`orders["net"] = orders["amount"] - orders["refund_amount"]`——整列一次算完，不用循环。
# - **二选一**：`np.where(条件, 成立时的值, 不成立时的值)`；只想保留一部分值、其余换掉，用 pandas 的
#   `列.where(条件, 其他值)`（条件成立的保留）。
# - **代码换名称**：`列.map({"paid": "已支付", …})` 按字典一一替换。
#
# 先用 `.copy()` 复制一份再加列：新列只加在你的副本上，商店的原表不变。

# %% [markdown] tags=["en"]
# ## 4. New columns
# The lead: "Take the refunds off the amount paid. And how deep were the discounts?"
#
# - **Arithmetic**: `orders["net"] = orders["amount"] - orders["refund_amount"]`: the whole column at once, no loop.
# - **One of two values**: `np.where(condition, value_if_true, value_if_false)`; to keep some values and replace the
#   others, pandas' `column.where(condition, other)` (keeps where the condition holds).
# - **Codes to names**: `column.map({"cancelled": "never paid", ...})` replaces value by value from a dict.
#
# `.copy()` first, then add columns: they go on your copy, and the shop's own table stays as it was.

# %%
orders = shop.orders.copy()
orders["net"] = orders["amount"] - orders["refund_amount"]
orders["discount_rate"] = orders["discount"] / orders["gross_amount"]
orders[["order_id", "amount", "refund_amount", "net", "discount_rate"]].head()

# %%
orders["basket"] = np.where(orders["items"] >= 3, "big", "small")
orders["paid_amount"] = orders["amount"].where(orders["payment_status"] == "paid", 0)
orders[["order_id", "items", "basket", "payment_status", "amount", "paid_amount"]].head()

# %%
status_names = ({"paid": "已支付", "cancelled": "未支付关闭"} if ZH
                else {"paid": "paid", "cancelled": "cancelled (never paid)"})
orders["status_name"] = orders["payment_status"].map(status_names)
orders["status_name"].value_counts()

# %% [markdown] tags=["zh"]
# **轮到你**：商品表。采购经理想知道每个商品赚多少钱，并把商品分成高价和平价两档。

# %% [markdown] tags=["en"]
# **Your turn**: the products. The buyer wants to know what each product earns, and to split them into high- and
# low-priced.

# %%
q4.a

# %%
products = shop.products.copy()
products["margin"] = ____
products["margin_rate"] = ____

# %% tags=["solution"] solves=["q4.a"]
products = shop.products.copy()
products["margin"] = products["price"] - products["cost"]
products["margin_rate"] = products["margin"] / products["price"]

# %%
q4.a.check()
# q4.a.hint()
# q4.a.solution()

# %%
q4.b

# %%
products["price_band"] = ____

# %% tags=["solution"] solves=["q4.b"]
products["price_band"] = np.where(products["price"] >= 200, "high", "low")

# %%
q4.b.check()
# q4.b.hint()
# q4.b.solution()

# %% [markdown] tags=["zh"]
# ## 5. 日期
# 主管：“双十一那个月客服忙不忙？最近一个月呢？”
#
# - 日期时间列的类型是 `datetime64`。文字写的日期用 `pd.to_datetime("2024-11-11")` 或 `pd.Timestamp(...)` 变成日期。
# - `.dt.year`、`.dt.month`、`.dt.day` 取出年、月、日；`.dt.to_period("M")` 变成“月份”（例如 `2024-11`），方便按月汇总。
# - 日期加减用 `pd.Timedelta(days=30)`，不能直接加减数字。
#
# **时间窗口**。数据的最后一天是 `shop.meta["end"]`（课程商店是 2024-12-31）。`END = pd.Timestamp(shop.meta["end"])`
# 是那一天的 **0 点**，那天白天的订单都在它之后。所以“最后 7 天”这样写：终点 `stop = END + 1 天`（不含），
# 起点 `stop − 7 天`，条件是 `(t >= 起点) & (t < stop)`：
#
# ```
#   12-24 │ 12-25  12-26  12-27  12-28  12-29  12-30  12-31 │ 01-01
#         ↑ 起点 = stop − 7 天                              ↑ stop = END + 1 天（不含）
# ```
#
# 写成 `t >= END - 7 天` 会多出一天（8 天），写成 `t <= END` 会丢掉最后一天 0 点以后的全部记录：这是最常见的“差一天”。

# %% [markdown] tags=["en"]
# ## 5. Dates
# The lead: "How busy was customer service in the month of Singles' Day? And over the last month?"
#
# - Date-time columns have the type `datetime64`. Turn a date written as text into a date with
#   `pd.to_datetime("2024-11-11")` or `pd.Timestamp(...)`.
# - `.dt.year`, `.dt.month`, `.dt.day` give the year, month, day; `.dt.to_period("M")` gives the month (e.g.
#   `2024-11`), handy for monthly totals.
# - Shift dates with `pd.Timedelta(days=30)`, never with a bare number.
#
# **Time windows**. The data's last day is `shop.meta["end"]` (2024-12-31 in the course shop).
# `END = pd.Timestamp(shop.meta["end"])` is **midnight at the start** of that day, and the day's orders come after
# it. So "the last 7 days" is: stop at `stop = END + 1 day` (excluded), start at `stop - 7 days`, and the condition
# is `(t >= start) & (t < stop)`:
#
# ```
#   12-24 │ 12-25  12-26  12-27  12-28  12-29  12-30  12-31 │ 01-01
#         ↑ start = stop - 7 days                           ↑ stop = END + 1 day (excluded)
# ```
#
# `t >= END - 7 days` takes one day too many (8 days), and `t <= END` loses everything after midnight of the last
# day: the usual "one day off".

# %%
orders = shop.orders
orders["order_time"].dtype, pd.to_datetime("2024-11-11")

# %%
t = orders["order_time"]
pd.DataFrame({"order_time": t, "year": t.dt.year, "month": t.dt.month, "period": t.dt.to_period("M")}).head()

# %%
t.dt.to_period("M").value_counts().sort_index().tail(6)

# %%
END = pd.Timestamp(shop.meta["end"])
stop = END + pd.Timedelta(days=1)
start = stop - pd.Timedelta(days=7)
last_week = orders[(t >= start) & (t < stop)]
print(start, stop, len(last_week))
print(last_week["order_time"].min(), last_week["order_time"].max())

# %% [markdown] tags=["zh"]
# **轮到你**：客服工单表 `shop.service_tickets`，时间在 `created_time` 列。

# %% [markdown] tags=["en"]
# **Your turn**: the service tickets, `shop.service_tickets`; the time is in `created_time`.

# %%
q5.a

# %%
n_nov_tickets = ____

# %% tags=["solution"] solves=["q5.a"]
t = shop.service_tickets["created_time"]
n_nov_tickets = ((t.dt.year == 2024) & (t.dt.month == 11)).sum()

# %%
q5.a.check()
# q5.a.hint()
# q5.a.solution()

# %%
q5.b

# %%
n_recent_tickets = ____

# %% tags=["solution"] solves=["q5.b"]
t = shop.service_tickets["created_time"]
n_recent_tickets = ((t >= stop - pd.Timedelta(days=30)) & (t < stop)).sum()

# %%
q5.b.check()
# q5.b.hint()
# q5.b.solution()

# %% [markdown] tags=["zh"]
# ## 6. 分组汇总：groupby 与 agg
# 主管：“客服的三个渠道，各接了多少工单？平均处理多久？”
#
# `表.groupby("列")` 把行按这一列的值分成几组；它本身还不是结果，后面要接“怎么汇总”：
# - `.size()`：每组**有几行**；
# - `.agg(新列名=("原列", "方法"), …)`：**命名汇总**，一次算几个数。方法有 `"size"`（行数）、`"sum"`（求和）、
#   `"mean"`（平均）、`"max"`、`"min"`、`"nunique"`（不同值的个数）……
#
# 两个常见的混淆：
# - **数行数 ≠ 加金额**：`"size"` 数的是有几笔，`"sum"` 加的是金额；销售额要 `("amount", "sum")`。
# - **行数 ≠ 组数**：`len(表)` 是行数（例如工单张数），`len(表.groupby("customer_id"))` 或
#   `表["customer_id"].nunique()` 是组数（有几位不同的客户）。

# %% [markdown] tags=["en"]
# ## 6. Group and aggregate: groupby and agg
# The lead: "How many tickets did each of the three service channels take, and how long did they take on average?"
#
# `table.groupby("column")` sorts the rows into groups by that column's values; it is not a result yet, it needs to
# be told how to summarise:
# - `.size()`: **how many rows** each group has;
# - `.agg(new_name=("column", "how"), ...)`: **named aggregation**, several numbers at once. `how` is `"size"` (rows),
#   `"sum"`, `"mean"`, `"max"`, `"min"`, `"nunique"` (distinct values) ...
#
# Two usual mix-ups:
# - **counting rows is not adding amounts**: `"size"` counts orders, `"sum"` adds amounts; sales are
#   `("amount", "sum")`.
# - **rows are not groups**: `len(table)` counts rows (e.g. tickets), `len(table.groupby("customer_id"))` or
#   `table["customer_id"].nunique()` counts groups (distinct customers).

# %%
tickets = shop.service_tickets
tickets.groupby("channel").size()

# %%
tickets.groupby("channel").agg(n_tickets=("ticket_id", "size"), mean_minutes=("handle_minutes", "mean"))

# %%
tickets.groupby("stage").agg(n_tickets=("ticket_id", "size"), minutes=("handle_minutes", "sum"))

# %%
len(tickets), len(tickets.groupby("customer_id")), tickets["customer_id"].nunique()

# %% [markdown] tags=["zh"]
# **轮到你**：回到订单表。老板问：“我们到底有多少买家？哪个下单渠道卖得最多？”

# %% [markdown] tags=["en"]
# **Your turn**: back to the orders. The owner asks: "How many buyers do we really have? Which ordering channel sells
# the most?"

# %%
q6.a

# %%
n_buyers = ____

# %% tags=["solution"] solves=["q6.a"]
paid = shop.orders[shop.orders["payment_status"] == "paid"]
n_buyers = paid["customer_id"].nunique()

# %%
q6.a.check()
# q6.a.hint()
# q6.a.solution()

# %%
q6.b

# %%
channel_sales = ____

# %% tags=["solution"] solves=["q6.b"]
channel_sales = (paid.groupby("channel")
                 .agg(n_orders=("order_id", "size"), sales=("amount", "sum"))
                 .sort_values("sales", ascending=False)
                 .reset_index())

# %%
q6.b.check()
# q6.b.hint()
# q6.b.solution()

# %% [markdown] tags=["zh"]
# ## 7. 连接两张表：merge
# 主管：“评价表只有商品编号，我想按品类看评价。”
#
# `左表.merge(右表, on="键", how="left")` 按键把右表的列接到左表上。`how="left"` 是**左连接**：保留左表的每一行，
# 右表里找不到的，那几列是 NaN（空值）。`merge` 默认是内连接（`how="inner"`），只留两边都有的键。
#
# **连接前后，一定比一比行数。** 右表里一个键只有一行（一个商品一行）时，行数不变；一个键有好几行（一位客户好几条评价）时，
# 左表的行会被复制好几份。想要“每位客户一行”，就先 `groupby` 汇总成每位客户一行，再连接；连接后没有记录的客户是 NaN，
# 用 `.fillna(0)` 补成 0。

# %% [markdown] tags=["en"]
# ## 7. Joining two tables: merge
# The lead: "The reviews only have a product id. I want the reviews by category."
#
# `left.merge(right, on="key", how="left")` attaches the right table's columns to the left one by key.
# `how="left"` is a **left join**: every row of the left table stays, and where the right table has no match the new
# columns are NaN (empty). By default `merge` is an inner join (`how="inner"`): only keys found on both sides stay.
#
# **Always compare the row counts before and after.** When the right table has one row per key (one per product),
# the count stays; when it has several (several reviews per customer), the left rows are copied. For one row per
# customer, first summarise with `groupby` to one row per customer, then join; customers without records get NaN,
# which `.fillna(0)` turns into 0.

# %%
reviews = shop.reviews
with_category = reviews.merge(shop.products[["product_id", "category"]], on="product_id", how="left")
len(reviews), len(with_category)

# %%
with_category.groupby("category").agg(n_reviews=("review_id", "size"), rating=("rating", "mean")).head()

# %%
too_many = shop.customers.merge(reviews, on="customer_id", how="left")
len(shop.customers), len(too_many)

# %%
per = reviews.groupby("customer_id").agg(n_reviews=("review_id", "size"))
review_counts = shop.customers[["customer_id"]].merge(per, on="customer_id", how="left")
print(len(shop.customers), len(review_counts), review_counts["n_reviews"].isna().sum())

# %%
review_counts = review_counts.fillna({"n_reviews": 0})
review_counts["n_reviews"].value_counts().sort_index()

# %% [markdown] tags=["zh"]
# **轮到你**：给每位客户算出已支付订单数和消费额——没买过的客户也要在表里，记 0。这张表就是第 01 课“客户总览表”的雏形。

# %% [markdown] tags=["en"]
# **Your turn**: every customer's paid orders and spending, with the customers who never bought in the table too,
# at 0. This table is the seed of lesson 01's customer overview.

# %%
q7

# %%
customer_sales = ____

# %% tags=["solution"] solves=["q7"]
per = paid.groupby("customer_id").agg(n_orders=("order_id", "size"), sales=("amount", "sum"))
customer_sales = (shop.customers[["customer_id", "member_tier"]]
                  .merge(per, on="customer_id", how="left")
                  .fillna({"n_orders": 0, "sales": 0}))
len(shop.customers), len(customer_sales)

# %%
q7.check()
# q7.hint()
# q7.solution()

# %% [markdown] tags=["zh"]
# ## 8. 第一张图
# 主管：“例会上不要念数字，给我一张图。”
#
# 汇总好的一列数（Series）可以直接画：`数据.plot.bar()` 画竖的柱状图，`.plot.barh()` 画横的；它们返回画图区 `ax`，
# 再用 `ax.set_title(...)`、`ax.set_ylabel(...)` 写标题和坐标轴名称。开头运行过的 `crmlab.plot.set_theme()` 让图能显示中文。
#
# 图上的**每一个字**都要用报告的语言：渠道代码（`app`、`referral`……）用 `label("种类", 代码)` 换成名称。

# %% [markdown] tags=["en"]
# ## 8. A first chart
# The lead: "Don't read numbers out at the meeting. Show me a chart."
#
# A summarised column of numbers (a Series) plots directly: `data.plot.bar()` draws vertical bars, `.plot.barh()`
# horizontal ones; both return the drawing area `ax`, and `ax.set_title(...)`, `ax.set_ylabel(...)` write the title
# and the axis name. `crmlab.plot.set_theme()`, run at the top, lets charts show Chinese too.
#
# **Every word** on the chart is in the report's language: turn codes (`app`, `referral` ...) into names with
# `label("kind", code)`.

# %%
from crmlab.schema import label

paid = shop.orders[shop.orders["payment_status"] == "paid"]
sales = paid.groupby("channel")["amount"].sum().sort_values(ascending=False)
sales = sales.rename(index=lambda c: label("device", c))
ax = sales.plot.bar(color="#4C72B0", figsize=(6, 3))
ax.set_title("各下单渠道的销售额" if ZH else "sales by ordering channel")
ax.set_xlabel("")
ax.set_ylabel("销售额（元）" if ZH else "sales (CNY)")
ax.tick_params(axis="x", rotation=0)

# %% [markdown] tags=["zh"]
# **轮到你**：为例会画一张“各获客渠道的客户数”柱状图（客户表的 `acquisition_channel`）。

# %% [markdown] tags=["en"]
# **Your turn**: for the meeting, a bar chart of the customers per acquisition channel (`acquisition_channel` of the
# customers).

# %%
q8

# %%
ax = ____

# %% tags=["solution"] solves=["q8"]
counts = shop.customers["acquisition_channel"].value_counts()
counts = counts.rename(index=lambda c: label("acquisition_channel", c))
ax = counts.plot.bar(color="#4C72B0", figsize=(6, 3))
ax.set_title("各获客渠道的客户数" if ZH else "customers per acquisition channel")
ax.set_xlabel("")
ax.set_ylabel("客户数" if ZH else "customers")
ax.tick_params(axis="x", rotation=0)

# %%
q8.check()
# q8.hint()
# q8.solution()

# %% [markdown] tags=["zh"]
# ## 小结
# | 节 | 本领 | 写法 |
# |---|---|---|
# | 1 | 看表 | `head()`、`shape`、`columns`、`dtypes`、`info()`、`shop.dictionary("表名")` |
# | 2 | 选列、筛行 | `表[["列1", "列2"]]`、`表[表["列"] == 值]`、`(条件1) & (条件2)`、`isin([...])`、`query("...")` |
# | 3 | 排序 | `sort_values("列", ascending=False).head(n)`、`nlargest(n, "列")` |
# | 4 | 新列 | `表["新列"] = 表["列1"] - 表["列2"]`、`np.where(...)`、`列.where(...)`、`列.map({...})` |
# | 5 | 日期 | `pd.to_datetime(...)`、`.dt.month`、`.dt.to_period("M")`、`END + pd.Timedelta(days=1)` 作窗口终点 |
# | 6 | 分组汇总 | `groupby("列").size()`、`.agg(新列=("列", "sum"))`、`nunique()` |
# | 7 | 连接 | `merge(..., on="键", how="left")`，连接前后比行数，`.fillna(0)` |
# | 8 | 画图 | `数据.plot.bar()`、`ax.set_title(...)`、`label(种类, 代码)` |
#
# 五条规矩：只算已支付订单；比较用 `==`，组合用 `&` 和括号；从大到小要 `ascending=False`；时间窗口的终点不含；
# 连接前后比行数、左连接后补 0。报错时运行 `explain_error()`。
#
# **下一步**：第 01 课用这些本领做一张“客户总览表”：筛选已支付订单（第 2 节）、按客户汇总（第 6 节）、
# 接到客户表上并补 0（第 7 节）、排序（第 3 节）。
#
# | 中文 | English |
# |---|---|
# | 表（数据框） | table (DataFrame) |
# | 行 / 列 | row / column |
# | 数据字典 | data dictionary |
# | 筛选 | filter |
# | 条件 | condition (mask) |
# | 排序（升序 / 降序） | sort (ascending / descending) |
# | 分组汇总 | group and aggregate |
# | 左连接 | left join |
# | 空值 | missing value (NaN) |
# | 时间窗口 | time window |
# | 柱状图 | bar chart |

# %% [markdown] tags=["en"]
# ## Summary
# | § | skill | code |
# |---|---|---|
# | 1 | look | `head()`, `shape`, `columns`, `dtypes`, `info()`, `shop.dictionary("table")` |
# | 2 | select, filter | `table[["col1", "col2"]]`, `table[table["col"] == value]`, `(cond1) & (cond2)`, `isin([...])`, `query("...")` |
# | 3 | sort | `sort_values("col", ascending=False).head(n)`, `nlargest(n, "col")` |
# | 4 | new columns | `table["new"] = table["col1"] - table["col2"]`, `np.where(...)`, `col.where(...)`, `col.map({...})` |
# | 5 | dates | `pd.to_datetime(...)`, `.dt.month`, `.dt.to_period("M")`, `END + pd.Timedelta(days=1)` as a window's stop |
# | 6 | group and aggregate | `groupby("col").size()`, `.agg(new=("col", "sum"))`, `nunique()` |
# | 7 | join | `merge(..., on="key", how="left")`, row counts before and after, `.fillna(0)` |
# | 8 | chart | `data.plot.bar()`, `ax.set_title(...)`, `label(kind, code)` |
#
# Five rules: only paid orders count; compare with `==`, combine with `&` and parentheses; largest first needs
# `ascending=False`; a time window's stop is excluded; compare row counts around a join, and fill 0 after a left
# join. After an error, run `explain_error()`.
#
# **Next**: lesson 01 uses these skills to build a customer overview: filter the paid orders (section 2), summarise
# per customer (section 6), join to the customers and fill 0 (section 7), sort (section 3).
#
# | English | 中文 |
# |---|---|
# | table (DataFrame) | 表（数据框） |
# | row / column | 行 / 列 |
# | data dictionary | 数据字典 |
# | filter | 筛选 |
# | condition (mask) | 条件 |
# | sort (ascending / descending) | 排序（升序 / 降序） |
# | group and aggregate | 分组汇总 |
# | left join | 左连接 |
# | missing value (NaN) | 空值 |
# | time window | 时间窗口 |
# | bar chart | 柱状图 |
