# ---
# jupyter:
#   jupytext:
#     text_representation:
#       extension: .py
#       format_name: percent
# ---

# %% [markdown] tags=["zh"]
# # 09 CRM 数据分析：从指标口径到 RFM 与数据挖掘
#
# **学习目标**
# - 写清一个指标的**统计口径**，算出重复购买率、客户回购周期和商品回购周期；
# - 分清客户消费行为指标、商品购买指标、店铺购买指标三类指标；
# - 会用对比、拆分、降维、增维、假设五种分析思维，读懂**同比**、**环比**和趋势；
# - 知道抽样调查、相关性分析和 A/B 测试各回答什么问题；
# - 用 **RFM 模型**给客户打分，分成八类，并为每类客户选一个行动；
# - 认识数据挖掘的五类任务（预测、关联、聚类、概念描述、偏差检测），以及数据仓库与数据集市（独立型、从属型），会在星型模型上写 SQL。
#
# **故事**：季度会上，老板周明拿着两份报表发火：运营报的复购率和客服报的差了一大截，“到底哪个对？钱到底该花在哪些客户身上？”
# 会后主管陈静把这件事交给你（林晓）：把指标的统计口径说清楚，用 RFM 把客户分好类，再找出值得挽留的老客户。预计学习时间：60 分钟。

# %% [markdown] tags=["en"]
# # 09 CRM data analysis: from metric definitions to RFM and data mining
#
# **Learning goals**
# - write down a metric's **definition** and compute the repeat purchase rate and the customer and product
#   repurchase cycles;
# - tell apart the three families of indicators: customer buying behaviour, product purchase and shop purchase;
# - use the five habits of analysis (compare, split, reduce and add dimensions, hypothesise) and read
#   **year-over-year** and **period-over-period** growth and trends;
# - know what sampling, correlation and A/B tests each answer;
# - score customers with the **RFM model**, put them into eight segments and pick an action for each;
# - know the five data-mining tasks (prediction, association, clustering, concept description, deviation detection),
#   data warehouses and data marts (independent and dependent), and write SQL on a star schema.
#
# **The story**: at the quarterly meeting the owner, Zhou Ming, waves two reports whose repeat rates are far apart, one
# from operations and one from customer service: "Which is right? And which customers should we spend money on?" After
# the meeting Chen Jing, the service lead, gives the job to you (Lin Xiao):
# make the definitions clear, segment the customers with RFM, and find the old customers worth keeping. About 60
# minutes.

# %%
import matplotlib.pyplot as plt
import pandas as pd

import crmlab
import crmlab.plot
from crmlab.analysis import (EXAMPLE_QUERIES, association_rules, build_data_mart, churn_dataset, cohort_retention,
                             correlation, customer_table, describe_segment, detect_deviations, fit_churn_model, growth,
                             kmeans_segments, repeat_purchase_rate, repurchase_cycle, rfm_scores, rfm_segment_summary,
                             rfm_segments, rfm_summary, run_query, sales_trend, sampling_error, compare_segments)

shop = crmlab.setup(locale="{{LOCALE}}", dataset="lab")
crmlab.plot.set_theme(locale="{{LOCALE}}")
ZH = "{{LOCALE}}" == "zh"  # chart labels in the notebook's language
from crmlab.exercises.crm_data_analysis import *

# %% [markdown] tags=["zh"]
# ## 1. 统计口径：名字相同，数却不同
# 一个指标的**统计口径**包括：分子是什么、分母是什么、统计哪段时间、哪些记录要排除（例如未付款的订单）。
# 以**重复购买率**（复购率）为例，常见两种口径：
#
# - **按客户**：购买过的客户中，购买 2 次及以上的客户所占比例；
# - **按订单**：所有订单中，不是客户第一单的订单所占比例。
#
# 还要说清时间窗口：两年里买过两次，和同一个月里买过两次，是完全不同的数。下面用同一份数据算出几种口径：
# 老板手里两份报表的差距，就藏在这几个数之间。

# %% [markdown] tags=["en"]
# ## 1. Metric definitions: the same name, different numbers
# A metric's **definition** (统计口径) says what the numerator and the denominator are, which period counts, and which
# records are left out (unpaid orders, say). The **repeat purchase rate** has two common definitions:
#
# - **customer basis**: among buyers, the share who bought twice or more;
# - **order basis**: among all orders, the share that were not the customer's first.
#
# The time window matters too: twice in two years is not twice in one month. Here are several definitions on the
# same data: the gap between the owner's two reports hides among these numbers.

# %%
definitions = pd.Series({
    ("按客户，两年" if ZH else "customers, 2 years"): repeat_purchase_rate(shop.orders),
    ("按订单，两年" if ZH else "orders, 2 years"): repeat_purchase_rate(shop.orders, basis="orders"),
    ("按客户，同一个月内（月平均）" if ZH else "customers, within a month (mean)"):
        repeat_purchase_rate(shop.orders, freq="M")["rate"].mean(),
})
print((f"同一份数据，最大的口径是最小的 {definitions.max() / definitions.min():.1f} 倍" if ZH else
       f"Same data: the largest definition is {definitions.max() / definitions.min():.1f} times the smallest"))
definitions.round(3)

# %% [markdown] tags=["zh"]
# **练习 1**：按“客户”口径、用两年的全部已支付订单，计算重复购买率 `repeat_rate`。

# %% [markdown] tags=["en"]
# **Exercise 1**: compute the repeat purchase rate `repeat_rate` on the customer basis over the two years of paid
# orders.

# %%
repeat_rate = ____

# %% tags=["solution"] solves=["q1"]
repeat_rate = repeat_purchase_rate(shop.orders)

# %%
q1.check()

# %% [markdown] tags=["zh"]
# **练习 2**：两份报表的复购率为什么会差这么多？把选项字母赋给 `definition_choice`。

# %% [markdown] tags=["en"]
# **Exercise 2**: why could the two reports' repeat rates both be right? Put the letter in `definition_choice`.

# %%
q2

# %%
definition_choice = ____

# %% tags=["solution"] solves=["q2"]
definition_choice = "A"

# %%
q2.check()

# %% [markdown] tags=["zh"]
# ### 三类指标
# 口径写清楚之后，还要知道一个指标在描述谁。CRM 数据分析的指标分三类：
#
# | 类别 | 描述什么 | 例子 | 谁最关心 |
# |---|---|---|---|
# | **客户消费行为指标** | 客户怎样买 | 购买客户数、人均订单数、客单价、重复购买率、客户回购周期 | CRM 专员：什么时候联系谁 |
# | **商品购买指标** | 一件商品卖得怎样 | 销量、销售额、购买人数、连带购买、商品回购周期、退货率 | 运营、采购：备什么货、怎样搭配 |
# | **店铺购买指标** | 全店经营得怎样 | 访客数、转化率、成交客户数、销售额、回头客占比 | 老板：这个月好不好 |
#
# 同一个问题要从三类里各挑几个看：全店销售额下降（店铺），可能是买家少了（客户），也可能是一两件主力商品卖不动了（商品）。
# 下面从本店数据里各算几个。

# %% [markdown] tags=["en"]
# ### Three families of indicators
# With the definition written down, know what an indicator describes. CRM data analysis has three families:
#
# | family | describes | examples | who cares most |
# |---|---|---|---|
# | **customer buying-behaviour indicators** | how customers buy | buyers, orders per buyer, order value, repeat purchase rate, customer repurchase cycle | the CRM specialist: whom to contact, when |
# | **product purchase indicators** | how one product sells | units, sales, buyers, cross-buying, product repurchase cycle, return rate | operations and buying: what to stock, what to bundle |
# | **shop purchase indicators** | how the whole shop does | visitors, conversion, buyers, sales, returning-customer share | the owner: was this a good month? |
#
# One question needs a few of each: falling shop sales (shop) may mean fewer buyers (customers) or one or two lead
# products that stopped selling (products). Here are some of each from the shop's data.

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
orders_per_buyer = paid.groupby("customer_id").size()
customer_kpis = pd.Series({("购买客户数" if ZH else "buyers"): orders_per_buyer.size,
                           ("人均订单数" if ZH else "orders per buyer"): orders_per_buyer.mean(),
                           ("客单价（元）" if ZH else "order value (CNY)"): paid["amount"].mean(),
                           ("重复购买率" if ZH else "repeat purchase rate"): (orders_per_buyer >= 2).mean()})
lines = shop.order_items.merge(paid[["order_id", "customer_id"]], on="order_id")
product_kpis = (lines.groupby("product_id").agg(buyers=("customer_id", "nunique"), units=("quantity", "sum"))
                .sort_values("buyers", ascending=False).head(5))
month = paid["order_time"].dt.to_period("M")
first_month = month.groupby(paid["customer_id"]).transform("min")
shop_kpis = pd.DataFrame({"buyers": paid.groupby(month)["customer_id"].nunique(),
                          "sales": paid.groupby(month)["amount"].sum(),
                          "returning_share": (first_month < month).groupby(month).mean()}).tail(3)
print("客户消费行为指标" if ZH else "Customer buying-behaviour indicators")
print(customer_kpis.round(3).to_string())
print("\n" + ("商品购买指标：购买人数最多的 5 件商品" if ZH else "Product purchase indicators: the 5 products with most buyers"))
print(product_kpis.to_string())
print("\n" + ("店铺购买指标：最近 3 个月（returning_share = 回头客订单占比）" if ZH else
              "Shop purchase indicators: the last 3 months (returning_share = share of orders by returning customers)"))
shop_kpis.round(3)

# %% [markdown] tags=["zh"]
# ## 2. 回购周期：什么时候提醒客户再来
# **客户回购周期**是一位客户相邻两次购买之间的天数；**商品回购周期**是同一位客户两次购买同一件商品之间的天数，
# 对洗护、食品这类消耗品特别有用：在周期到来之前提醒，比客户流失后再挽回便宜得多。

# %% [markdown] tags=["en"]
# ## 2. Repurchase cycles: when to remind customers
# The **customer repurchase cycle** is the number of days between a customer's consecutive purchases; the **product
# repurchase cycle** is the days between two purchases of the same product by the same customer, most useful for
# consumables: a reminder before the cycle is due costs far less than winning back a lost customer.

# %%
cycle = repurchase_cycle(shop.orders)
product_cycle = repurchase_cycle(shop.orders, level="product", order_items=shop.order_items)
top = product_cycle.join(shop.products.set_index("product_id")[["name", "is_consumable"]])
print(cycle["mean_days"].describe().round(1))
top.sort_values("purchases", ascending=False).head(8)

# %% [markdown] tags=["zh"]
# **练习 3**：每位客户的平均回购周期（`mean_days`）的中位数是多少天？存入 `median_cycle`。

# %% [markdown] tags=["en"]
# **Exercise 3**: what is the median of the customers' mean repurchase cycles (`mean_days`), in days? Store it in
# `median_cycle`.

# %%
median_cycle = ____

# %% tags=["solution"] solves=["q3"]
median_cycle = repurchase_cycle(shop.orders)["mean_days"].median()

# %%
q3.check()

# %% [markdown] tags=["zh"]
# ## 3. 分析思维：对比、拆分、降维、增维、假设；同比、环比与趋势
# - **对比**：数字要和别的数比才有意义——和目标比、和去年比、和其他渠道比。
# - **拆分**：销售额 = 购买客户数 × 人均订单数 × 客单价；哪一项变了，问题就在哪里。
# - **降维**：指标太多时，只留下和问题最相关的几个（例如把几十个字段浓缩成 R、F、M 三个）。
# - **增维**：加一个维度看得更清楚（例如把复购率按获客渠道再分一次）。
# - **假设**：先提出一个可能的原因，再用数据去验证或推翻它。比如“11 月销售额涨了，是因为回头客多了”：如果是这样，
#   下面拆分表里的购买客户数和人均订单数应该一起涨；如果只有客单价在涨，假设就被推翻，该换一个假设。假设要说得具体、
#   能被数据推翻，而不是把所有数据都翻一遍“看看能发现什么”。
#
# **同比**是和去年同期比，**环比**是和上一期比。双十一让 11 月总是很高，所以判断 11 月是否真的变好要看同比；
# 环比适合看最近的走势。**趋势分析**把序列分解成趋势、季节和随机三部分。

# %% [markdown] tags=["en"]
# ## 3. Habits of analysis: compare, split, reduce, add, hypothesise; YoY, MoM and trend
# - **Compare**: a number means something only next to another: the target, last year, another channel.
# - **Split**: sales = buyers × orders per buyer × order value; whichever factor moved is where the problem is.
# - **Reduce dimensions**: with too many metrics keep the few that matter (dozens of fields become R, F and M).
# - **Add a dimension**: one more breakdown shows more (the repeat rate by acquisition channel).
# - **Hypothesise**: state a possible cause first, then let the data confirm or refute it. "November sales rose because
#   more customers came back": if so, the buyers and orders per buyer of the split table below rise together; if only
#   the order value rose, the hypothesis falls and you try another. A hypothesis is specific and can be refuted; it
#   is not a trawl through all the data "to see what turns up".
#
# **Year over year** (同比) compares with the same period last year, **period over period** (环比) with the previous
# period. 11.11 makes November always big, so judge November by its YoY change; MoM shows the latest direction.
# **Trend analysis** splits a series into trend, season and noise.

# %%
paid = shop.orders[shop.orders["payment_status"] == "paid"]
split = paid.assign(month=paid["order_time"].dt.to_period("M")).groupby("month").agg(
    buyers=("customer_id", "nunique"), orders=("order_id", "size"), sales=("amount", "sum"))
split["orders_per_buyer"] = split["orders"] / split["buyers"]
split["order_value"] = split["sales"] / split["orders"]
monthly = growth(shop.orders, freq="M")
monthly.join(split[["buyers", "orders_per_buyer", "order_value"]]).tail(6).round(3)

# %%
trend = sales_trend(shop.orders, freq="W", period=4)
crmlab.plot.time_series(trend[["observed", "trend"]], palette=["#9ecae1", "#08519c"],
                        labels=({"observed": "每周实际", "trend": "趋势"} if ZH else
                                {"observed": "observed", "trend": "trend"}),
                        ylabel=("销售额（元/周）" if ZH else "sales (CNY per week)"));

# %% [markdown] tags=["zh"]
# **练习 4**：a) 2024 年 11 月销售额的同比增长率 `yoy_nov`（比例）；b) 判断 11 月生意是否变好，看哪个比较？

# %% [markdown] tags=["en"]
# **Exercise 4**: a) the YoY growth of sales in November 2024, `yoy_nov` (a share); b) which comparison tells whether
# November business improved?

# %%
yoy_nov = ____

# %% tags=["solution"] solves=["q4.a"]
yoy_nov = growth(shop.orders, freq="M").loc[pd.Period("2024-11", "M"), "yoy"]

# %%
q4.a.check()

# %%
q4.b

# %%
season_choice = ____

# %% tags=["solution"] solves=["q4.b"]
season_choice = "B"

# %%
q4.b.check()

# %% [markdown] tags=["zh"]
# ## 4. 抽样、相关与 A/B 测试
# - **抽样调查**：不可能问遍所有客户时，问一个样本。**分层抽样**让每个层（如会员等级）按比例入样，同样的样本量误差更小。
# - **相关性分析**：两个量是否一起变化（r 从 −1 到 1）。相关不等于因果。
# - **A/B 测试**：随机分成两组，只有一组接受新做法，比较结果——这是证明因果最可靠的办法（第 6 章详细讲）。

# %% [markdown] tags=["en"]
# ## 4. Sampling, correlation and A/B tests
# - **Sample surveys**: when you cannot ask everyone, ask a sample. A **stratified** sample takes each stratum (member
#   tier, say) in proportion and gives a smaller error for the same size.
# - **Correlation**: do two quantities move together (r from −1 to 1)? Correlation is not causation.
# - **A/B tests**: split customers at random, give only one group the new treatment, compare. The surest way to show
#   cause and effect (chapter 6 has the details).

# %%
table = customer_table(shop.customers, orders=shop.orders)
sampling_error(table, value_col="monetary", strata="member_tier", frac=0.2, random_state=1).round(2)

# %%
rfm = rfm_summary(shop.orders, as_of=shop.meta["end"])
correlation(rfm, "recency", "monetary", method="spearman").round(3)

# %% [markdown] tags=["zh"]
# **练习 5**：求 `rfm` 中 frequency 与 monetary 的 Spearman 相关系数 `fm_corr`。

# %% [markdown] tags=["en"]
# **Exercise 5**: the Spearman correlation `fm_corr` of frequency and monetary in `rfm`.

# %%
fm_corr = ____

# %% tags=["solution"] solves=["q5"]
fm_corr = correlation(rfm, "frequency", "monetary", method="spearman")["r"]

# %%
q5.check()

# %% [markdown] tags=["zh"]
# ## 5. RFM 模型与八类客户
# - **R（Recency，最近一次消费）**：距今多少天，越小越好；
# - **F（Frequency，消费频率）**：买了几次；
# - **M（Monetary，消费金额）**：一共花了多少钱。
#
# 每项打 1–5 分，再和平均分比较分“高/低”，2×2×2 = 8 类客户：
#
# | R | F | M | 客户类型 | 行动 |
# |---|---|---|---|---|
# | 高 | 高 | 高 | 重要价值客户 | 重点维护，VIP 服务 |
# | 高 | 低 | 高 | 重要发展客户 | 提高购买频次 |
# | 低 | 高 | 高 | 重要保持客户 | 主动联系，唤回 |
# | 低 | 低 | 高 | 重要挽留客户 | 了解流失原因，重点挽留 |
# | 高 | 高 | 低 | 一般价值客户 | 提高客单价 |
# | 高 | 低 | 低 | 一般发展客户 | 培养购买习惯 |
# | 低 | 高 | 低 | 一般保持客户 | 低成本保持联系 |
# | 低 | 低 | 低 | 一般挽留客户 | 低成本唤醒或少投入 |

# %% [markdown] tags=["en"]
# ## 5. The RFM model and its eight segments
# - **R (recency)**: days since the last purchase, smaller is better;
# - **F (frequency)**: how many purchases;
# - **M (monetary)**: how much money in all.
#
# Each gets a score from 1 to 5, compared with the mean score as "high" or "low": 2×2×2 = 8 segments. M high makes a
# customer "important"; R and F say value (both high), develop (R high, F low), retain (R low, F high) or win back
# (both low). `RFM_SEGMENTS` lists the names and a suggested action for each.

# %%
scores = rfm_scores(rfm)
seg = rfm_segments(scores)
seg.head()

# %%
ax = crmlab.plot.rfm_segment_map(seg, kind="treemap")
rfm_segment_summary(seg).round(2)

# %% [markdown] tags=["zh"]
# **动手试一试：RFM 探索器。** 它把上面的打分和分群放到滑块上。把“评分等级数”从 5 改成 3，再切换到“分数阈值”规则、拖动
# R、F、M 的门槛：看表格里各类客户的人数和营收占比、气泡图上各类客户的位置怎样变。哪一类客户对规则最敏感？

# %% [markdown] tags=["en"]
# **Try it: the RFM explorer.** It puts the scoring and the segments above on sliders. Change the score levels from 5
# to 3, then switch to the score-threshold rule and move the R, F and M thresholds: watch the customer counts and
# revenue shares in the table and the segments' places on the bubble chart. Which segment is most sensitive to the
# rule?

# %%
crmlab.widgets.rfm_explorer(shop)

# %% [markdown] tags=["zh"]
# **练习 6**：写函数 `segment_of(r_high, f_high, m_high)`，返回八类客户之一的代码（见 `SEGMENT_CODES`）。

# %% [markdown] tags=["en"]
# **Exercise 6**: write `segment_of(r_high, f_high, m_high)` returning the code of one of the eight segments (see
# `SEGMENT_CODES`).

# %%
SEGMENT_CODES

# %%
segment_of = ____

# %% tags=["solution"] solves=["q6"]
def segment_of(r_high, f_high, m_high):
    kind = "important" if m_high else "general"
    if r_high:
        task = "value" if f_high else "development"
    else:
        task = "retention" if f_high else "winback"
    return f"{kind}_{task}"

# %%
q6.check()

# %% [markdown] tags=["zh"]
# **练习 7**：每类客户各有多少人？做一张表 `segment_counts`（列 segment_code, customers）。

# %% [markdown] tags=["en"]
# **Exercise 7**: how many customers does each segment hold? Build `segment_counts` (columns segment_code, customers).

# %%
segment_counts = ____

# %% tags=["solution"] solves=["q7"]
segment_counts = seg.groupby("segment_code").size().rename("customers").reset_index()

# %%
q7.check()

# %% [markdown] tags=["zh"]
# ## 6. 同期群留存：新客户留得住吗
# 按首次购买的季度把客户分成同期群（cohort），看每一群在之后各季度还有多少人购买。横着读是一群客户的流失过程，竖着读比较新老客户群。

# %% [markdown] tags=["en"]
# ## 6. Cohort retention: do new customers stay?
# Group customers by the quarter of their first purchase (a cohort) and follow the share still buying in later
# quarters. Read a row for one cohort's decay, a column to compare newer cohorts with older ones.

# %%
retention = cohort_retention(shop.orders, freq="Q")
crmlab.plot.cohort_heatmap(retention);

# %% [markdown] tags=["zh"]
# ## 7. 数据挖掘的五类任务
# 数据挖掘是从大量、不完整、有噪声的数据中，找出事先不知道、但有用的知识。五类任务：
#
# 1. **预测**：用过去估计未知，例如流失预测；
# 2. **关联分析**：什么和什么一起出现，例如“买了 A 的也买 B”；
# 3. **聚类**：没有标签时，把相似的客户分成一组；
# 4. **概念描述**：概括一类客户与其他客户有什么不同；
# 5. **偏差检测**：找出异常的订单或客户。
#
# 下面每类各跑一个小例子。

# %% [markdown] tags=["en"]
# ## 7. The five data-mining tasks
# Data mining finds unknown but useful knowledge in large, incomplete, noisy data. Five tasks:
#
# 1. **prediction**: estimate the unknown from the past, e.g. churn;
# 2. **association**: what occurs together, "who buys A also buys B";
# 3. **clustering**: group similar customers without labels;
# 4. **concept description**: what marks a group of customers off from the rest;
# 5. **deviation detection**: find unusual orders or customers.
#
# One small example of each follows.

# %%
# association: product pairs bought together more often than chance (lift > 1)
rules = association_rules(shop.order_items, min_support=0.005, min_lift=1.0, min_count=3, products=shop.products)
rules[["antecedent_name", "consequent_name", "count", "support", "confidence", "lift"]].head(5).round(3)

# %%
# clustering: k-means on RFM, and how well it matches the shop's hidden segments (ARI: 0 = chance, 1 = same)
km = kmeans_segments(rfm, k=4)
print(compare_segments(km.labels, shop.truth))
km.profiles

# %%
# prediction: churn model; a model worth having beats recency alone
X, y = churn_dataset(shop)
model = fit_churn_model(X, y, model="logistic", n_repeats=3)
model

# %%
# concept description: how loyal customers (3+ orders) differ from the rest
t = table.reset_index()
describe_segment(t[["frequency_band", "member_tier", "device", "acquisition_channel", "age_band"]],
                 (t["frequency"] >= 3).to_numpy())[["feature", "category", "effect", "description"]].head(4)

# %%
# deviation detection: unusual paid orders (amount, items, discount on a log scale)
dev = detect_deviations(paid, columns=["amount", "items", "discount"], log=True)
paid[dev["is_outlier"]].assign(reason=dev["reason"]).head()

# %% [markdown] tags=["zh"]
# **练习 8**：下面三个业务问题各属于哪类数据挖掘任务？

# %% [markdown] tags=["en"]
# **Exercise 8**: which data-mining task answers each of these business questions?

# %%
q8.a

# %%
task_a = ____

# %% tags=["solution"] solves=["q8.a"]
task_a = "B"

# %%
q8.a.check()

# %%
q8.b

# %%
task_b = ____

# %% tags=["solution"] solves=["q8.b"]
task_b = "A"

# %%
q8.b.check()

# %%
q8.c

# %%
task_c = ____

# %% tags=["solution"] solves=["q8.c"]
task_c = "E"

# %%
q8.c.check()

# %% [markdown] tags=["zh"]
# ## 8. 数据仓库与数据集市
# **数据仓库**是面向主题、集成、相对稳定、反映历史变化的数据集合，用来支持决策，而不是处理日常交易。
# **数据集市**是数据仓库的一个子集（“小数据仓库”），面向一个部门或主题，例如销售数据集市。按数据从哪里来，数据集市分两种：
#
# - **独立型数据集市**：直接从操作型环境（订单、会员、客服这些业务系统）取数，上手快、成本低；部门各建各的，口径容易对不上；
# - **从属型数据集市**：从企业级数据仓库取数，各部门的集市共用同一份集成好的数据和同一套口径。
#
# 青禾生活馆现在没有企业级数据仓库，下面的 `build_data_mart` 直接用店里的业务表建一个销售集市。
#
# 常见的结构是**星型模型**：中间一张事实表（每行一笔订单明细，存金额、数量），四周是维度表（客户、商品、日期），
# “按某个维度看某个指标”就是一次连接加一次 GROUP BY。

# %% [markdown] tags=["en"]
# ## 8. Data warehouses and data marts
# A **data warehouse** is a subject-oriented, integrated, non-volatile, time-variant collection of data that supports
# decisions rather than daily transactions. A **data mart** is a subset of it ("a small warehouse") for one department
# or subject, such as sales. By where its data comes from, a data mart is one of two kinds:
#
# - an **independent data mart** takes its data straight from the operational environment (the order, membership and
#   service systems): quick and cheap, but marts built department by department drift apart in their definitions;
# - a **dependent data mart** takes its data from the enterprise data warehouse, so every department's mart shares one
#   integrated copy of the data and one set of definitions.
#
# Qinghe has no enterprise warehouse yet: `build_data_mart` below builds a sales mart straight from the shop's tables.
#
# The usual design is a **star schema**: a fact table in the middle (one row per order line, with amounts and
# quantities) and dimension tables around it (customer, product, date); "a measure by an attribute" is one join and
# one GROUP BY.

# %%
mart = build_data_mart(shop)
print(EXAMPLE_QUERIES["sales_by_region"]["sql"])
run_query(mart, "sales_by_region")

# %% [markdown] tags=["zh"]
# **练习 9**：写一条 SQL `sql`：每个城市等级（city_tier）的已支付销售额（列名 sales）。

# %% [markdown] tags=["en"]
# **Exercise 9**: write SQL `sql` giving paid sales (column sales) per city tier (city_tier).

# %%
sql = ____

# %% tags=["solution"] solves=["q9"]
sql = """
SELECT c.city_tier, SUM(f.net_amount) AS sales
FROM fact_orders f JOIN dim_customer c ON f.customer_key = c.customer_key
WHERE f.payment_status = 'paid'
GROUP BY c.city_tier ORDER BY c.city_tier"""

# %%
q9.check()

# %% [markdown] tags=["zh"]
# **练习 10（思考题）**：为一类 RFM 客户写一个留存行动，写在 `plan` 里。

# %% [markdown] tags=["en"]
# **Exercise 10 (reflection)**: write a retention action for one RFM segment in `plan`.

# %%
plan = ____

# %% tags=["solution"] solves=["q10"]
plan = ("Important-to-retain customers: 65 people who spent a lot but have not bought for months. Send an IM message "
        "with a personal coupon 10 days before their usual repurchase cycle ends; keep 20% as a random control "
        "group and compare the 60-day repeat rate (paid orders, customer basis).")

# %%
q10.check()

# %% [markdown] tags=["zh"]
# ## 9. 概念自测：三类指标、假设思维与数据集市
# **练习 11**：下面三个数各属于哪一类指标？

# %% [markdown] tags=["en"]
# ## 9. Concept check: indicator families, hypothesis thinking and data marts
# **Exercise 11**: which family of indicators does each number belong to?

# %%
q11.a

# %%
family_a = ____

# %% tags=["solution"] solves=["q11.a"]
family_a = "A"

# %%
q11.a.check()

# %%
q11.b

# %%
family_b = ____

# %% tags=["solution"] solves=["q11.b"]
family_b = "B"

# %%
q11.b.check()

# %%
q11.c

# %%
family_c = ____

# %% tags=["solution"] solves=["q11.c"]
family_c = "C"

# %%
q11.c.check()

# %% [markdown] tags=["zh"]
# **练习 12（假设思维）**：客服主管陈静的假设是“第一单物流超时的客户，不太会回来再买”。用数据检验它：求第一单准时的买家
# 与第一单超时的买家之间重复购买率的差 `repeat_gap`。算出来之后想一想：差距大不大？还有没有别的解释？

# %% [markdown] tags=["en"]
# **Exercise 12 (hypothesis thinking)**: Chen Jing, the service lead, supposes that "customers whose first parcel was
# late rarely come back". Test it: the repeat purchase rate of buyers whose first parcel was on time minus that of
# buyers whose first parcel was late, `repeat_gap`. Then think: is the gap large? Could something else explain it?

# %%
q12

# %%
repeat_gap = ____

# %% tags=["solution"] solves=["q12"]
paid = shop.orders[shop.orders["payment_status"] == "paid"].sort_values(["order_time", "order_id"])
first = paid.drop_duplicates("customer_id")[["customer_id", "order_id"]].merge(
    shop.shipments[["order_id", "delay_days"]], on="order_id")
first["late"] = first["delay_days"] > 0
first["repeat"] = first["customer_id"].map(paid.groupby("customer_id").size()) >= 2
by_late = first.groupby("late")["repeat"].mean()
repeat_gap = by_late[False] - by_late[True]

# %%
q12.check()

# %% [markdown] tags=["zh"]
# **练习 13**：本课的销售集市属于哪一种数据集市？

# %% [markdown] tags=["en"]
# **Exercise 13**: which kind of data mart is the lesson's sales mart?

# %%
q13

# %%
mart_kind = ____

# %% tags=["solution"] solves=["q13"]
mart_kind = "A"

# %%
q13.check()

# %% [markdown] tags=["zh"]
# ## 案例讨论：两个部门的复购率不一样
# 季度会后，运营和客服各自坚持自己的复购率“没算错”。老板周明让林晓下周在部门会上把这件事讲清楚。
#
# 1. 两份报表分别可能用了什么统计口径（时间窗口、是否含未支付订单、按人还是按订单）？用你在第 1 节算出的几种口径说明。
# 2. 团队应当怎样统一口径？写在哪里？
# 3. RFM 八类客户中，挽留预算应该先给哪一类？为什么要留随机对照组？
#
# **练习 14（讨论准备，人工评阅）**：把你的要点写在 `case_notes` 里，课堂讨论时用。

# %% [markdown] tags=["en"]
# ## Case discussion: two departments, two repeat rates
# After the quarterly meeting, operations and customer service both insist their repeat rate is "not wrong". The owner,
# Zhou Ming, asks Lin Xiao to sort it out at next week's department meeting.
#
# 1. Which definitions might each report have used (time window, unpaid orders or not, customers or orders)? Use the
#    definitions you computed in section 1.
# 2. How should the team agree on one definition, and where is it written down?
# 3. Which of the eight RFM segments gets the retention budget first? Why keep a random control group?
#
# **Exercise 14 (preparing the discussion, read by your teacher)**: write your points in `case_notes` for the class.

# %%
q14

# %%
case_notes = ____

# %% tags=["solution"] solves=["q14"]
case_notes = ("1) Operations counts customers over a quarter, service counts orders over two years: the definitions "
              "of section 1 differ several times over. 2) Write one definition (numerator, denominator, window, paid "
              "only) into the dashboard and the data mart. 3) Important-to-retain customers first, with a 20% random "
              "control group to measure the effect.")

# %%
q14.check()

# %% [markdown] tags=["zh"]
# ## 小结与术语
# **交给周明**：林晓交给周明两样东西：一份写明统计口径的复购率说明，讲清两份报表为什么对不上；一份按 RFM 分类、留了随机对照组的老客户挽留名单。
#
# - 先写统计口径，再算指标；名字相同的指标，口径不同，数就不同。
# - 回购周期告诉你什么时候触达；同比去掉季节，环比看最近走势。
# - RFM 用三个数把客户分成八类，每类有不同的行动；M 高的是“重要”客户。
# - 指标分三类：客户消费行为指标、商品购买指标、店铺购买指标；一个问题要从三类里各挑几个看。
# - 五种分析思维：对比、拆分、降维、增维、假设；假设要具体、能被数据推翻。
# - 数据挖掘五类任务：预测、关联、聚类、概念描述、偏差检测；星型模型让“按维度看指标”变成一条 SQL。
# - 独立型数据集市直接从业务系统取数，从属型数据集市从企业级数据仓库取数。
#
# | 中文 | English |
# |---|---|
# | 统计口径 | metric definition |
# | 重复购买率（复购率） | repeat purchase rate |
# | 客户回购周期 / 商品回购周期 | customer / product repurchase cycle |
# | 客户消费行为指标 / 商品购买指标 / 店铺购买指标 | customer buying-behaviour / product purchase / shop purchase indicators |
# | 对比、拆分、降维、增维、假设思维 | compare, split, reduce and add dimensions, hypothesis thinking |
# | 同比 / 环比 | year over year / period over period |
# | 趋势分析 | trend analysis |
# | 抽样调查 / 分层抽样 | sample survey / stratified sampling |
# | 相关性分析 | correlation analysis |
# | A/B 测试 | A/B test |
# | RFM 模型 | RFM model (recency, frequency, monetary) |
# | 同期群 | cohort |
# | 数据挖掘 | data mining |
# | 预测、关联分析、聚类、概念描述、偏差检测 | prediction, association, clustering, concept description, deviation detection |
# | 数据仓库 / 数据集市 | data warehouse / data mart |
# | 独立型数据集市 / 从属型数据集市 | independent / dependent data mart |
# | 星型模型、事实表、维度表 | star schema, fact table, dimension table |

# %% [markdown] tags=["en"]
# ## Summary and terms
# **Handed to Zhou Ming**: Lin Xiao gives Zhou Ming two things: a note on the repurchase rate that writes its
# definition down and explains why the two reports disagree, and a retention list of old customers chosen by RFM
# segment, with a random control group kept aside.
#
# - Write the definition first, then compute; one name can carry different numbers.
# - The repurchase cycle says when to reach out; YoY removes the season, MoM shows the latest direction.
# - RFM puts customers in eight segments with three numbers, each with its own action; M high means "important".
# - Five data-mining tasks: prediction, association, clustering, concept description, deviation detection; a star
#   schema turns "a measure by an attribute" into one SQL query.
# - Three families of indicators: customer buying behaviour, product purchase, shop purchase; read a few of each.
# - Five habits of analysis: compare, split, reduce, add, hypothesise; a hypothesis is specific and refutable.
# - An independent data mart takes data straight from the operational systems, a dependent one from the enterprise
#   data warehouse.
#
# | English | 中文 |
# |---|---|
# | metric definition | 统计口径 |
# | repeat purchase rate | 重复购买率（复购率） |
# | customer / product repurchase cycle | 客户回购周期 / 商品回购周期 |
# | customer buying-behaviour / product purchase / shop purchase indicators | 客户消费行为指标 / 商品购买指标 / 店铺购买指标 |
# | compare, split, reduce and add dimensions, hypothesis thinking | 对比、拆分、降维、增维、假设思维 |
# | year over year / period over period | 同比 / 环比 |
# | trend analysis | 趋势分析 |
# | sample survey / stratified sampling | 抽样调查 / 分层抽样 |
# | correlation analysis | 相关性分析 |
# | A/B test | A/B 测试 |
# | RFM model | RFM 模型 |
# | cohort | 同期群 |
# | data mining | 数据挖掘 |
# | prediction, association, clustering, concept description, deviation detection | 预测、关联分析、聚类、概念描述、偏差检测 |
# | data warehouse / data mart | 数据仓库 / 数据集市 |
# | independent / dependent data mart | 独立型数据集市 / 从属型数据集市 |
# | star schema, fact table, dimension table | 星型模型、事实表、维度表 |
