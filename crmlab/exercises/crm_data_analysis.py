"""Chapter 9 exercises: CRM data analysis (第九章：CRM 数据分析): metric definitions,
repeat purchase and repurchase cycles, year-over-year growth, RFM segments, data
mining tasks and SQL on a data mart.

``from crmlab.exercises.crm_data_analysis import *`` gives ``q1`` ... ``q14`` and the blank ``____``.

====  =======================  ===========================================================
q1    ValueQuestion            ``repeat_rate``: share of buyers with 2+ paid orders
q2    ChoiceQuestion           two repeat rates that disagree: a metric definition (统计口径)
q3    ValueQuestion            ``median_cycle``: median of the customers' mean repurchase cycle
q4    MultipartQuestion        a. ``yoy_nov``: YoY sales growth of November 2024;
                               b. which comparison removes the 11.11 season
q5    ValueQuestion            ``fm_corr``: Spearman correlation of frequency and monetary
q6    FunctionQuestion         ``segment_of(r_high, f_high, m_high)``: the RFM segment code
q7    TableQuestion            ``segment_counts``: customers per RFM segment
q8    MultipartQuestion        a-c: name the data-mining task of a business question
q9    DesignQuestion           ``sql``: sales by city tier on the star-schema data mart
q10   ReflectionQuestion       a retention plan for one RFM segment
q11   MultipartQuestion        a-c: the indicator family (客户消费行为 / 商品购买 / 店铺购买) of a metric
q12   ValueQuestion            ``repeat_gap``: hypothesis thinking: repeat rate after an on-time first
                               parcel minus after a late one
q13   ChoiceQuestion           the lesson's data mart: independent or dependent (独立型 / 从属型)
q14   ReflectionQuestion       case discussion: two departments, two repeat rates
====  =======================  ===========================================================
"""

from __future__ import annotations

import pandas as pd

from ..analysis import (RFM_SEGMENTS, build_data_mart, correlation, growth, repeat_purchase_rate, repurchase_cycle,
                        rfm_scores, rfm_segments, rfm_summary, run_query)
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind, choice_question)

SEGMENT_CODES = ["important_value", "important_development", "important_retention", "important_winback",
                 "general_value", "general_development", "general_retention", "general_winback"]
MINING_TASKS = {"A": ("预测（分类/回归）", "prediction (classification / regression)"),
                "B": ("关联分析", "association analysis"),
                "C": ("聚类", "clustering"),
                "D": ("概念描述", "concept description"),
                "E": ("偏差检测", "deviation detection")}


# -- reference computations ---------------------------------------------------------------
def rfm_table(shop) -> pd.DataFrame:
    """RFM of every buyer at the end of the data, with the eight segments (mean rule)."""
    rfm = rfm_summary(shop.orders, as_of=shop.meta["end"])
    return rfm_segments(rfm_scores(rfm), locale="en")


def segment_counts(shop) -> pd.DataFrame:
    seg = rfm_table(shop)
    return seg.groupby("segment_code").size().rename("customers").reset_index()


def segment_of(r_high, f_high, m_high) -> str:
    """The code of the RFM segment of a high/low pattern."""
    row = RFM_SEGMENTS[(RFM_SEGMENTS["r_high"] == bool(r_high)) & (RFM_SEGMENTS["f_high"] == bool(f_high))
                       & (RFM_SEGMENTS["m_high"] == bool(m_high))]
    return str(row["segment_code"].iloc[0])


def sales_by_city_tier(shop) -> pd.DataFrame:
    paid = paid_orders(shop.orders)
    out = (paid.merge(shop.customers[["customer_id", "city_tier"]], on="customer_id")
           .groupby("city_tier")["amount"].sum().rename("sales").reset_index())
    return out


def _segment_cases(shop) -> list:
    return [(r, f, m) for r in (True, False) for f in (True, False) for m in (True, False)]


def _repeat_by_hand(shop, *, orders=None, base=None) -> float:
    """The customer-basis repeat rate by hand, with the knobs a slip turns (orders kept, the denominator)."""
    o = paid_orders(shop.orders) if orders is None else orders
    n = o.groupby("customer_id").size()
    return float((n >= 2).sum() / (len(n) if base is None else base))


def _nov(shop, column) -> float:
    return float(growth(shop.orders, freq="M").loc[pd.Period("2024-11", "M"), column])


def _fm(shop, method):
    return float(correlation(rfm_summary(shop.orders, as_of=shop.meta["end"]), "frequency", "monetary",
                             method=method)["r"])


def _by_segment_name(answer, ctx) -> bool:
    frame = _slips.as_frame(answer)
    return frame is not None and "segment" in frame.columns and "segment_code" not in frame.columns


# -- questions ----------------------------------------------------------------------------
class RepeatRate(ValueQuestion):
    var = "repeat_rate"
    prompt = ("按“客户”口径计算重复购买率：有过已支付订单的客户中，已支付订单 ≥ 2 笔的客户占多少（0 到 1）？",
              "Repeat purchase rate on the customer basis: among customers with a paid order, what share has two "
              "or more paid orders (0 to 1)?")
    hints = [("只数 `payment_status == 'paid'` 的订单；分母是购买过的客户，不是全部客户。",
              "Count only paid orders; the denominator is the buyers, not all customers."),
             ("课程的 `repeat_purchase_rate` 用的正是这个口径；自己算的话：按客户数已支付订单的笔数，再看其中 ≥ 2 笔的比例。",
              "The course's `repeat_purchase_rate` uses exactly this definition; by hand: count each buyer's paid "
              "orders, then the share with 2 or more."),
             ("工单上的例子：开过 2 张及以上工单的客户比例是 "
              "`(shop.service_tickets.groupby('customer_id').size() >= 2).mean()`。",
              "An example on the tickets: the share of customers with 2 or more tickets is "
              "`(shop.service_tickets.groupby('customer_id').size() >= 2).mean()`.")]
    solution_text = ("重复购买率低，说明店铺主要靠新客户撑销量，做留存的空间很大。",
                     "A low repeat rate means the shop lives on new customers: retention has room to grow.")

    mistakes = (
        _slips.unpaid_kept(lambda shop: _repeat_by_hand(shop)),
        Mistake("all_customers_denominator", "用全部客户人数作了分母（包括从没买过的）",
                "divided by all customers (also those who never bought)",
                "按客户口径，分母是统计期内买过的客户：没买过的人谈不上“重复”购买。",
                "On the customer basis the denominator is the customers who bought: someone who never bought cannot "
                "buy again.",
                recompute=lambda ctx: _repeat_by_hand(ctx.shop, base=len(ctx.shop.customers))),
        Mistake("orders_basis", "用了订单口径（`basis='orders'`）：算的是非首单的订单所占比例",
                "used the orders basis (`basis='orders'`): the share of orders that are not a customer's first",
                "题目要按“客户”口径：每位客户只算一次，看买了 2 次及以上的人占多少。这正是统计口径要写清楚的原因。",
                "The question asks for the customer basis: each customer once, the share who bought twice or more. "
                "This is why a metric needs its definition written down.",
                recompute=lambda ctx: float(repeat_purchase_rate(ctx.shop.orders, basis="orders"))),
    )

    def expected(self, shop):
        return repeat_purchase_rate(shop.orders)


class MetricDefinition(ChoiceQuestion):
    var = "definition_choice"
    prompt = ("运营报的复购率和客服报的差了一大截，可两人都没有算错。最可能的原因是什么？",
              "Operations and customer service report very different repeat rates, and neither made a mistake. What "
              "is the most likely reason?")
    options = {"A": ("两人的统计口径不同（按客户还是按订单、统计的时间段、是否只算已支付订单）",
                     "they used different metric definitions (customers or orders basis, time window, paid only)"),
               "B": ("数据库里的数据被改过", "somebody changed the data in the database"),
               "C": ("复购率本来就是随机的", "the repeat rate is random by nature"),
               "D": ("其中一人用了 Excel", "one of them used Excel")}
    answer = "A"
    hints = [("同一个指标名，分子、分母或时间范围不同，结果就不同。", "The same metric name with a different numerator, "
              "denominator or time window gives a different number.")]
    explanations = {"B": ("题目说两人都没有算错；同一份数据得出两个数，更常见的原因是两人算的不是同一个东西，而不是数据被改。"
                          "比一比两人的分子、分母和时间范围。",
                          "Neither made a mistake; two numbers from the same data usually mean the two did not compute "
                          "the same thing, not that the data changed. Compare their numerators, denominators and time "
                          "windows."),
                    "C": ("复购率是从订单数据算出来的：同样的数据、同样的算法，每次都得到同一个数，没有随机性。"
                          "差别只能来自算法本身。",
                          "A repeat rate is computed from the orders: the same data and the same recipe always give "
                          "the same number, nothing is random. The gap must come from the recipes."),
                    "D": ("工具不改变结果：Excel 和 Python 按同样的算法算同样的数据，得到同一个数。要比的是两人的算法："
                          "分子、分母、时间范围。",
                          "The tool does not change the result: Excel and Python give the same number for the same "
                          "recipe on the same data. Compare the recipes: numerator, denominator, time window.")}
    solution_text = ("所以每个指标都要写清楚统计口径：分子、分母、时间范围和过滤条件。",
                     "So every metric needs a written definition: numerator, denominator, time window, filters.")


class MedianCycle(ValueQuestion):
    var = "median_cycle"
    rtol = 1e-4
    prompt = ("客户回购周期：先用 `repurchase_cycle(shop.orders)` 得到每位客户两次购买之间的平均天数（`mean_days`），"
              "再求这些客户平均周期的中位数（天）。",
              "Customer repurchase cycle: `repurchase_cycle(shop.orders)` gives each customer's mean days between "
              "purchases (`mean_days`); what is the median of these means (days)?")
    hints = [("`repurchase_cycle` 每位客户一行，`mean_days` 是他两次购买之间的平均天数；题目要这一列的中位数。",
              "`repurchase_cycle` has one row per customer, and `mean_days` is their mean days between purchases; "
              "the question asks for the median of that column."),
             ("取出 `mean_days` 列再 `.median()`；只在一天买过的客户没有周期（NaN），`.median()` 会自动跳过。",
              "Take the `mean_days` column and `.median()` it; customers who bought on one day only have no cycle "
              "(NaN), and `.median()` skips them."),
             ("例：商品回购周期（天）的中位数是 `shop.products['repurchase_cycle_days'].median()`。",
              "For example, the median product repurchase cycle (days) is "
              "`shop.products['repurchase_cycle_days'].median()`.")]
    solution_text = ("回购周期告诉你什么时候提醒客户再次购买：在周期到来之前触达，而不是等客户流失之后。",
                     "The cycle says when to remind customers to buy again: before it is due, not after they left.")

    mistakes = (
        Mistake("mean_not_median", "算的是平均值，题目要的是中位数", "took the mean where the median was asked",
                "少数隔很久才回来的客户会把平均值拉高；中位数是排在正中间的那位客户的周期，`.median()`。",
                "A few customers who return after a very long time pull the mean up; the median is the middle "
                "customer's cycle: `.median()`.",
                recompute=lambda ctx: float(repurchase_cycle(ctx.shop.orders)["mean_days"].mean())),
        Mistake("nan_as_zero", "把没有周期的客户（NaN）当成了 0 天", "counted the customers without a cycle (NaN) as 0 "
                "days",
                "只在一天买过的客户还没有“两次购买之间”的间隔，不是间隔 0 天；让 `.median()` 跳过 NaN，不要先 `fillna(0)`。",
                "A customer who bought on one day only has no gap between purchases yet, not a gap of 0 days; let "
                "`.median()` skip the NaN instead of `fillna(0)` first.",
                recompute=lambda ctx: float(repurchase_cycle(ctx.shop.orders)["mean_days"].fillna(0).median())),
    )

    def expected(self, shop):
        return float(repurchase_cycle(shop.orders)["mean_days"].median())


class YoyNov(ValueQuestion):
    var = "yoy_nov"
    rtol = 1e-4
    prompt = ("2024 年 11 月已支付销售额的同比增长率是多少（写成比例，0.1 表示增长 10%）？",
              "What is the year-over-year growth of paid sales in November 2024 (a share, 0.1 = +10%)?")
    hints = [("同比 = 本期 / 去年同期 − 1。", "YoY = this period / the same period last year − 1."),
             ("`growth(shop.orders, freq='M')` 每月一行，有 `yoy` 列；行索引是月份（`pd.Period`），"
              "用 `.loc[月份, 列名]` 取一个格子。",
              "`growth(shop.orders, freq='M')` has one row per month and a `yoy` column; the index holds months "
              "(`pd.Period`), and `.loc[month, column]` reads one cell."),
             ("例：2024 年 6 月（618）的环比是 `growth(shop.orders, freq='M').loc[pd.Period('2024-06', 'M'), 'mom']`。",
              "For example, the month-on-month growth of June 2024 (618) is "
              "`growth(shop.orders, freq='M').loc[pd.Period('2024-06', 'M'), 'mom']`.")]

    mistakes = (
        Mistake("mom_not_yoy", "读的是 `mom`（环比，和 10 月比），不是 `yoy`（同比）",
                "read `mom` (month on month, against October), not `yoy` (year over year)",
                "同比是和去年的同一个月比：2024 年 11 月对 2023 年 11 月，这一列叫 `yoy`。",
                "Year over year compares with the same month last year: November 2024 against November 2023, the "
                "`yoy` column.",
                recompute=lambda ctx: _nov(ctx.shop, "mom")),
        Mistake("ratio_not_growth", "算的是本期 ÷ 去年同期，忘了减 1", "computed this period ÷ last year's, and forgot "
                "to subtract 1",
                "增长率 = 本期 ÷ 去年同期 − 1：比值 1.2 表示增长了 0.2（20%）。",
                "Growth = this period ÷ last year's − 1: a ratio of 1.2 means a growth of 0.2 (20%).",
                recompute=lambda ctx: _nov(ctx.shop, "yoy") + 1),
        _slips.percent_not_share(lambda shop: _nov(shop, "yoy")),
    )

    def expected(self, shop):
        return float(growth(shop.orders, freq="M").loc[pd.Period("2024-11", "M"), "yoy"])


class SeasonChoice(ChoiceQuestion):
    var = "season_choice"
    prompt = ("11 月（双十一）销售额总是特别高。想知道 11 月的生意是否真的变好了，应该看哪个比较？",
              "November (11.11) is always big. To know whether November business really improved, which comparison "
              "should you read?")
    options = {"A": ("环比：和 10 月比", "period over period: against October"),
               "B": ("同比：和去年 11 月比", "year over year: against last November"),
               "C": ("和全年月平均比", "against the mean month of the year")}
    answer = "B"
    explanations = {"A": ("环比会把季节性高峰当成增长：11 月和 10 月比总是大涨。",
                          "Month on month mistakes the seasonal peak for growth: November always beats October."),
                    "C": ("全年平均同样包含了季节差异。", "The mean month mixes the seasons too.")}
    hints = [("哪个比较的两个时期处在季节里的同一位置？", "Which comparison puts both periods at the same place in the season?")]


class Q4(MultipartQuestion):
    prompt = ("同比与环比。", "Year over year and period over period.")
    parts = {"a": YoyNov, "b": SeasonChoice}


class SegmentOf(FunctionQuestion):
    var = "segment_of"
    prompt = ("写函数 `segment_of(r_high, f_high, m_high)`：给出 R、F、M 的高/低（True/False），返回八类 RFM 客户之一的代码，"
              "例如 `segment_of(True, True, True) == 'important_value'`。代码见 `SEGMENT_CODES`。",
              "Write `segment_of(r_high, f_high, m_high)`: given whether R, F and M are high (True/False), return the "
              "code of one of the eight RFM segments, e.g. `segment_of(True, True, True) == 'important_value'`. "
              "The codes are in `SEGMENT_CODES`.")
    hints = [("M 高 → “重要”（important），M 低 → “一般”（general）。", "M high → important, M low → general."),
             ("R 高 F 高 → 价值（value）；R 高 F 低 → 发展（development）；R 低 F 高 → 保持（retention）；R 低 F 低 → 挽留（winback）。",
              "R high F high → value; R high F low → development; R low F high → retention; R low F low → winback."),
             ("例：`segment_of(False, True, False)`：M 低 → general；R 低、F 高 → retention；拼起来是 "
              "`'general_retention'`。用 `if ... else ...` 按这两步写，再用 f-string 拼接。",
              "For example, `segment_of(False, True, False)`: M low → general; R low, F high → retention; together "
              "`'general_retention'`. Write the two steps with `if ... else ...` and join them with an f-string.")]

    def reference(self, r_high, f_high, m_high):
        return segment_of(r_high, f_high, m_high)

    mistakes = (
        _slips.function_slip(
            "r_f_swapped", "把 R 和 F 的作用弄反了：“发展”和“保持”对调了", "mixed up what R and F decide: "
            "\"development\" and \"retention\" are swapped",
            "R 说的是“最近买没买”，F 说的是“买得多不多”。最近买过、但买得少的客户要发展（development）；"
            "很久没来、但以前常买的客户要保持（retention）。",
            "R says whether they bought recently, F how often they buy. Recent but infrequent buyers are to be "
            "developed (development); frequent buyers not seen for a while are to be retained (retention).",
            lambda r_high, f_high, m_high: segment_of(f_high, r_high, m_high), segment_of,
            _segment_cases),
        _slips.function_slip(
            "m_reversed", "把 M 的高低弄反了：M 低的客户被叫作“重要”", "reversed M: customers with low M are "
            "called important",
            "“重要”还是“一般”只看 M（消费金额）：花得多（M 高）才是重要客户。",
            "Important or general depends on M (monetary) only: those who spend much (M high) are important.",
            lambda r_high, f_high, m_high: segment_of(r_high, f_high, not m_high), segment_of,
            _segment_cases),
    )

    def cases(self, shop):
        return _segment_cases(shop)


class SegmentCounts(TableQuestion):
    var = "segment_counts"
    key = "segment_code"
    row_label = "segment_code"
    prompt = ("以数据期末 `shop.meta['end']` 为观察终点，用 `rfm_summary` → `rfm_scores` → `rfm_segments`（默认的均值规则），"
              "数一数每类 RFM 客户有多少人。列：segment_code, customers。",
              "With the end of the data `shop.meta['end']` as the end of the observation, run `rfm_summary` → "
              "`rfm_scores` → `rfm_segments` (the default mean rule) and count the customers of each RFM segment. "
              "Columns: segment_code, customers.")
    hints = [("三步：算每位买家截至期末的 R、F、M，打高/低分，分成八类；最后按类别数人数。",
              "Three steps: each buyer's R, F, M at the end of the data, high/low scores, the eight segments; then "
              "count the customers per segment."),
             ("函数依次是 `rfm_summary(..., as_of=...)`、`rfm_scores(...)`、`rfm_segments(...)`，每一步的输出是下一步的输入；"
              "数人数用 `groupby(...).size()`，再用 `.rename(...)` 和 `.reset_index()` 变成两列。",
              "The functions are `rfm_summary(..., as_of=...)`, `rfm_scores(...)` and `rfm_segments(...)`, each "
              "feeding the next; count with `groupby(...).size()`, then `.rename(...)` and `.reset_index()` for two "
              "columns."),
             ("例：每个会员等级有多少位客户：`shop.customers.groupby('member_tier').size().rename('customers')"
              ".reset_index()`。",
              "For example, customers per member tier: `shop.customers.groupby('member_tier').size()"
              ".rename('customers').reset_index()`.")]

    mistakes = (
        _slips.groupby_object(),
        Mistake("segment_name_not_code", "按 `segment`（类别的中文名称）分了组，题目要按代码 `segment_code`",
                "grouped by `segment` (the segments' names), but the codes `segment_code` were asked",
                "两列说的是同一件事，但检查按代码对：分组用 `segment_code`，结果的列名是 segment_code 和 customers。",
                "Both columns say the same, but the check matches the codes: group by `segment_code`, and name the "
                "columns segment_code and customers.",
                detect=_by_segment_name),
        Mistake("scores_skipped", "跳过了 `rfm_scores`：直接用 R、F、M 的原始值分类", "skipped `rfm_scores`: the "
                "segments come straight from the raw R, F and M values",
                "题目的三步缺一不可：`rfm_summary` 的结果先交给 `rfm_scores` 打 1–5 分，再把分数交给 `rfm_segments`。",
                "All three steps are needed: the output of `rfm_summary` goes to `rfm_scores` for 1-5 scores, and the "
                "scores go to `rfm_segments`.",
                recompute=lambda ctx: rfm_segments(rfm_summary(ctx.shop.orders, as_of=ctx.shop.meta["end"]),
                                                   locale="en").groupby("segment_code").size().rename("customers")
                .reset_index(), compare={"key": "segment_code"}),
    )

    def expected(self, shop):
        return segment_counts(shop)


class FmCorrelation(ValueQuestion):
    var = "fm_corr"
    rtol = 1e-4
    prompt = ("买得越频繁的客户花得越多吗？求 RFM 表中 frequency 与 monetary 的 Spearman 相关系数 r。",
              "Do customers who buy more often spend more? Find the Spearman correlation r of frequency and monetary "
              "in the RFM table.")
    hints = [("Spearman 相关看的是排名：购买次数排在前面的客户，花的钱是否也排在前面？需要每位买家的 frequency 和 monetary。",
              "Spearman's correlation compares ranks: do the customers who buy most often also rank high on spend? "
              "You need each buyer's frequency and monetary."),
             ("RFM 表来自 `rfm_summary(shop.orders, as_of=shop.meta['end'])`；`correlation(表, 列1, 列2, method=...)` "
              "返回一个 Series，相关系数在 `'r'` 里。",
              "The RFM table comes from `rfm_summary(shop.orders, as_of=shop.meta['end'])`; `correlation(table, "
              "column1, column2, method=...)` returns a Series with the coefficient in `'r'`."),
             ("例：最近一次购买距今的天数和消费额的 Pearson 相关是 "
              "`correlation(rfm, 'recency', 'monetary', method='pearson')['r']`。",
              "For example, the Pearson correlation of days since the last purchase and spend is "
              "`correlation(rfm, 'recency', 'monetary', method='pearson')['r']`.")]
    solution_text = ("相关很强，但这不等于因果：高消费既可能来自多次购买，也可能来自客单价高。",
                     "A strong correlation, but not a cause: high spend may come from many orders or from big baskets.")

    mistakes = (
        Mistake("pearson_not_spearman", "算的是 Pearson 相关，题目要 Spearman", "computed Pearson's correlation, but "
                "Spearman's was asked",
                "`correlation` 默认是 Pearson（看数值的直线关系）；Spearman 看排名，要写 `method='spearman'`。",
                "`correlation` computes Pearson's (a straight-line relation of the values) by default; Spearman's "
                "compares ranks: write `method='spearman'`.",
                recompute=lambda ctx: _fm(ctx.shop, "pearson")),
        Mistake("series_not_number", "交上来的是 `correlation` 返回的整个 Series，不是相关系数这一个数",
                "handed in the whole Series `correlation` returns, not the one coefficient",
                "这个 Series 里还有 p 值、样本数和置信区间；相关系数在 `'r'` 这一项里：`[...]['r']`。",
                "The Series also holds the p-value, the count and the confidence interval; the coefficient is its "
                "`'r'` entry: `[...]['r']`.",
                detect=lambda answer, ctx: isinstance(answer, pd.Series) and "r" in answer.index),
    )

    def expected(self, shop):
        rfm = rfm_summary(shop.orders, as_of=shop.meta["end"])
        return float(correlation(rfm, "frequency", "monetary", method="spearman")["r"])


MINING_HINTS = [("预测：估计未知的结果；关联：什么和什么一起出现；聚类：没有标签时分组；概念描述：概括一类对象的特征；"
                 "偏差检测：找出异常。",
                 "Prediction: estimate an unknown outcome; association: what occurs together; clustering: groups "
                 "without labels; concept description: summarise what marks a group; deviation detection: find "
                 "the unusual.")]


def _task_question(var_, scenario, right, why, explanations):
    return choice_question(var_, scenario, MINING_TASKS, right, why, hints=MINING_HINTS, explanations=explanations)


TaskA = _task_question("task_a", ("“买了面膜的顾客，还经常买什么？”——用来设计搭配套餐。",
                                  "\"What else do customers who buy face masks often buy?\" — to design bundles."),
                       "B", ("这是购物篮分析（关联规则：支持度、置信度、提升度）。",
                             "Market-basket analysis: association rules with support, confidence and lift."),
                       {"A": ("预测要估计一个未知的结果（会不会流失、下个月买多少）；这里没有要估计的结果，"
                              "问的是哪些商品常常出现在同一笔订单里。",
                              "Prediction estimates an unknown outcome (will they churn, how much next month); there "
                              "is no outcome here, the question is which products turn up in the same order."),
                        "C": ("聚类是把客户或商品分成相似的几组；这里不是给谁分组，而是找“买了这个还买那个”的搭配规律。",
                              "Clustering sorts customers or products into similar groups; here nobody is grouped, "
                              "you look for a 'bought this, also bought that' pattern."),
                        "D": ("概念描述是概括一类对象的特征（例如某类客户是什么样的）；这里要的是商品与商品之间的搭配规律。",
                              "Concept description summarises what marks a group (what some customers are like); "
                              "here you want a pattern between products."),
                        "E": ("偏差检测找与众不同的少数记录；这里要找的是常见的搭配，正好相反。",
                              "Deviation detection looks for the few unusual records; here you look for a common "
                              "pattern, the opposite.")})
TaskB = _task_question("task_b", ("“下个月哪些客户可能不再购买？”——用过去的行为给每位客户打一个流失风险分。",
                                  "\"Which customers will stop buying next month?\" — a churn-risk score from past "
                                  "behaviour."),
                       "A", ("有明确的目标（是否流失）要估计：这是预测（分类）。",
                             "There is a known outcome to estimate (churn or not): prediction (classification)."),
                       {"B": ("关联分析找哪些东西常常一起出现；这里要为每位客户估计一个还没发生的结果。",
                              "Association analysis finds what occurs together; here each customer needs an estimate "
                              "of something that has not happened yet."),
                        "C": ("聚类在没有目标时把客户分组；这里有明确的目标（流失或不流失），要用过去的行为去估计它。",
                              "Clustering groups customers when there is no outcome to aim at; here there is one "
                              "(churn or not), estimated from past behaviour."),
                        "D": ("概念描述是总结已经流失的客户有什么共同特征；题目要的是给每位客户打一个关于“将来”的分数。",
                              "Concept description would summarise what lapsed customers have in common; the question "
                              "wants a score about the future for every customer."),
                        "E": ("偏差检测只挑出少数异常记录；流失风险要给每一位客户都算出来，而且大多数客户并不异常。",
                              "Deviation detection picks out a few unusual records; a churn risk is needed for every "
                              "customer, and most of them are not unusual.")})
TaskC = _task_question("task_c", ("“有一笔订单金额是平时的 50 倍，还用了大额优惠券。”——想把这类订单自动找出来。",
                                  "\"One order is 50 times the usual amount, with a huge coupon.\" — find such orders "
                                  "automatically."),
                       "E", ("找出与大多数不同的记录：偏差（异常）检测。",
                             "Finding records unlike the rest: deviation (anomaly) detection."),
                       {"A": ("预测需要一个要估计的目标和带标签的历史例子；这里没有标签，只想找出和平时不一样的订单。",
                              "Prediction needs an outcome to estimate and labelled past examples; there are no labels "
                              "here, only orders unlike the usual ones to find."),
                        "B": ("关联分析找常常一起出现的东西；一笔金额是平时 50 倍的订单恰恰很罕见。",
                              "Association analysis finds what often occurs together; an order 50 times the usual "
                              "amount is exactly what is rare."),
                        "C": ("聚类关心的是大多数记录怎样分成几组；这里要的是孤零零的少数几笔订单。",
                              "Clustering is about how most records fall into groups; here you want the odd few "
                              "orders."),
                        "D": ("概念描述概括一类对象的共同特征；这里不是描述一类订单，而是把个别不寻常的订单挑出来。",
                              "Concept description summarises what a group has in common; here you do not describe a "
                              "group of orders, you pick out the odd ones.")})


class Q8(MultipartQuestion):
    prompt = ("数据挖掘的五类任务：每个业务问题属于哪一类？", "The five data-mining tasks: which one answers each "
              "business question?")
    parts = {"a": TaskA, "b": TaskB, "c": TaskC}


def _run_sql(sql, shop):
    con = build_data_mart(shop)
    try:
        return run_query(con, sql)
    finally:
        con.close()


def _sql_columns(sql, shop):
    got = _run_sql(sql, shop)
    missing = [c for c in ("city_tier", "sales") if c not in got.columns]
    return not missing, (f"结果的列是 {list(got.columns)}，缺少 {missing}", f"the result has columns "
                         f"{list(got.columns)}; missing {missing}")


def _sql_values(sql, shop):
    got = _run_sql(sql, shop)
    want = sales_by_city_tier(shop)
    got = got[["city_tier", "sales"]].astype(float).sort_values("city_tier").reset_index(drop=True)
    want = want.astype(float).sort_values("city_tier").reset_index(drop=True)
    if len(got) != len(want):
        return False, (f"应有 {len(want)} 行（每个城市等级一行），实际 {len(got)} 行",
                       f"expected {len(want)} rows (one per city tier), got {len(got)}")
    ok = bool(((got - want).abs() <= 1e-6 * want.abs().clip(lower=1)).all().all())
    return ok, ("销售额与 pandas 算出的不一致：是不是忘了只算已支付订单（payment_status = 'paid'）？",
                "sales differ from pandas: did you keep only paid orders (payment_status = 'paid')?")


class SqlMart(DesignQuestion):
    var = "sql"
    prompt = ("在星型数据集市（`build_data_mart(shop)`：事实表 fact_orders，维度表 dim_customer、dim_product、dim_date）上"
              "写一条 SQL：每个城市等级（city_tier）的已支付销售额（列名 sales，用 net_amount 求和）。",
              "Write SQL on the star-schema data mart (`build_data_mart(shop)`: fact table fact_orders, dimensions "
              "dim_customer, dim_product, dim_date): paid sales (sum of net_amount, named sales) per city tier "
              "(city_tier).")
    rules = [Rule(("SQL 能在数据集市上运行", "the SQL runs on the data mart"),
                  lambda sql, shop: (isinstance(_run_sql(sql, shop), pd.DataFrame), None)),
             Rule(("结果有 city_tier 和 sales 两列", "the result has columns city_tier and sales"), _sql_columns),
             Rule(("每个城市等级的销售额都正确", "the sales of every city tier are right"), _sql_values)]
    hints = [("事实表和客户维度表通过 customer_key 连接：`JOIN dim_customer c ON f.customer_key = c.customer_key`。",
              "Join the facts with the customer dimension on customer_key: "
              "`JOIN dim_customer c ON f.customer_key = c.customer_key`."),
             ("别忘了 `WHERE f.payment_status = 'paid'` 和 `GROUP BY c.city_tier`。",
              "Do not forget `WHERE f.payment_status = 'paid'` and `GROUP BY c.city_tier`."),
             ("参考 `EXAMPLE_QUERIES['sales_by_region']['sql']`。", "Look at `EXAMPLE_QUERIES['sales_by_region']['sql']`.")]


class RetentionPlan(ReflectionQuestion):
    var = "plan"
    prompt = ("选一类 RFM 客户（例如“重要保持客户”），写一个留存行动：目标人群和人数、触达渠道与时机（参考回购周期）、"
              "内容或优惠、用哪个指标和怎样的 A/B 测试来判断它是否有效。",
              "Pick one RFM segment (e.g. \"important to retain\") and write a retention action: who and how many, "
              "channel and timing (use the repurchase cycle), content or offer, and which metric and what A/B test "
              "will show whether it works.")
    solution_text = ("好的回答会：引用该类客户的人数和消费额；按回购周期选择触达时机（在周期到期前）；说明渠道（旺旺/短信/电话）"
                     "和成本；设计对照组（随机留出一部分客户不触达），用重复购买率或唤回率衡量，并写清统计口径。",
                     "A good answer cites the segment's size and spend; times the contact by the repurchase cycle "
                     "(before it is due); names the channel (IM / SMS / phone) and its cost; keeps a random control "
                     "group that gets no contact, and measures the repeat or win-back rate with a written definition.")


INDICATOR_FAMILIES = {"A": ("客户消费行为指标", "customer buying-behaviour indicators"),
                      "B": ("商品购买指标", "product purchase indicators"),
                      "C": ("店铺购买指标", "shop purchase indicators")}
FAMILY_HINTS = [("问自己：这个数描述的是一位（一类）客户怎样买、一件商品卖得怎样，还是整个店铺经营得怎样？",
                 "Ask what the number describes: how a customer (or a group of customers) buys, how one product "
                 "sells, or how the whole shop does.")]


def _family_question(var_, metric, right, why, explanations):
    return choice_question(var_, metric, INDICATOR_FAMILIES, right, why, hints=FAMILY_HINTS,
                           explanations=explanations)


FamilyA = _family_question(
    "family_a", ("客户回购周期：一位客户平均隔多少天再买一次。", "The customer repurchase cycle: how many days a customer "
                 "waits, on average, before buying again."),
    "A", ("它描述客户怎样买（多久买一次），是客户消费行为指标，和购买频次、重复购买率是一类。",
          "It describes how customers buy (how often): a customer buying-behaviour indicator, like purchase frequency "
          "and the repeat purchase rate."),
    {"B": ("名字里有“回购”，但主语是客户：算的是每位客户两次购买之间的天数。讲一件商品多久被买回一次的是“商品回购周期”。",
           "It speaks of repurchase, but its subject is the customer: days between one customer's purchases. How "
           "soon a product is bought again is the product repurchase cycle."),
     "C": ("店铺购买指标看全店的总量（访客、转化、成交客户、销售额）；回购周期是按客户一个个算出来、描述客户习惯的数。",
           "Shop indicators are totals of the whole shop (visitors, conversion, buyers, sales); the cycle is "
           "computed customer by customer and describes their habit.")})
FamilyB = _family_question(
    "family_b", ("面膜的购买人数，以及买面膜的订单里同时买了别的商品的比例（连带购买）。",
                 "How many customers bought the face mask, and the share of face-mask orders with another product in "
                 "them (cross-buying)."),
    "B", ("主语是一件商品：卖给了多少人、带动了多少别的商品，这是商品购买指标。",
          "The subject is one product: how many bought it and what it pulls along: a product purchase indicator."),
    {"A": ("数的虽然是人，但问题是“这件商品卖得怎样”，答案因商品而异；客户消费行为指标描述的是客户的习惯，不属于某一件商品。",
           "It counts people, but it answers how one product sells, and it differs from product to product; "
           "customer indicators describe customers' habits, not one product."),
     "C": ("店铺购买指标是全店的总量；这里只看面膜这一件商品。",
           "Shop indicators are totals of the whole shop; this looks at one product only.")})
FamilyC = _family_question(
    "family_c", ("本月全店的成交客户数，以及其中回头客所占的比例。",
                 "This month's buyers in the whole shop, and the share of them who are returning customers."),
    "C", ("这是全店一个月的经营结果：店铺购买指标，老板的周报、月报先看它们。",
          "The whole shop's result for a month: shop purchase indicators, the first lines of the owner's reports."),
    {"A": ("回头客是客户行为的结果，但这里把全店所有客户加总成一个月的一个数，描述的是店铺，不是某位或某类客户的习惯。",
           "Returning customers come from customer behaviour, but here all the shop's customers are summed into one "
           "number per month: it describes the shop, not a customer's habit."),
     "B": ("这里没有哪一件商品：成交客户数和回头客占比是全店的。",
           "No single product is involved: buyers and the returning share are the whole shop's.")})


class Q11(MultipartQuestion):
    prompt = ("三类指标：每个数属于哪一类？", "The three families of indicators: where does each number belong?")
    parts = {"a": FamilyA, "b": FamilyB, "c": FamilyC}


def first_parcel_repeat(shop) -> pd.DataFrame:
    """Repeat purchase rate (customer basis) of buyers whose first paid order arrived on time or late."""
    paid = paid_orders(shop.orders).sort_values(["order_time", "order_id"])
    first = paid.drop_duplicates("customer_id")[["customer_id", "order_id"]]
    first = first.merge(shop.shipments[["order_id", "delay_days"]], on="order_id")
    n = paid.groupby("customer_id").size()
    first["late"] = first["delay_days"] > 0
    first["repeat"] = first["customer_id"].map(n).ge(2)
    return first.groupby("late")["repeat"].agg(customers="size", repeat_rate="mean").reset_index()


def repeat_gap(shop) -> float:
    t = first_parcel_repeat(shop).set_index("late")["repeat_rate"]
    return float(t.get(False, float("nan")) - t.get(True, float("nan")))


class RepeatGap(ValueQuestion):
    var = "repeat_gap"
    rtol = 1e-4
    prompt = ("检验假设“第一单物流超时（`delay_days > 0`）的客户，更少回来复购”：按每位买家的第一笔已支付订单是否超时分成两组，"
              "求两组的重复购买率（按客户口径，已支付订单 ≥ 2 笔的比例），给出两组之差：准时组 − 超时组（比例）。",
              "Test the hypothesis \"customers whose first parcel was late (`delay_days > 0`) come back less\": split "
              "the buyers by whether their first paid order was late, compute each group's repeat purchase rate "
              "(customer basis: share with 2 or more paid orders), and give on-time minus late (a share).")
    hints = [("先找每位买家的第一笔已支付订单，看它在物流表里是否超时；再看这位客户一共有几笔已支付订单。",
              "First find each buyer's first paid order and whether the shipments table shows it late; then count "
              "the customer's paid orders."),
             ("已支付订单按 `order_time` 排序后 `drop_duplicates('customer_id')` 留下每人的第一单；用 `merge` 接上 "
              "`shop.shipments` 的 `delay_days`；每人的订单数 `groupby('customer_id').size()`，`.map(...)` 回到第一单表；"
              "按“是否超时”分组求 `(订单数 >= 2)` 的平均值，两组相减。",
              "Sort the paid orders by `order_time` and `drop_duplicates('customer_id')` keeps each buyer's first; "
              "`merge` in `delay_days` from `shop.shipments`; count each buyer's orders with "
              "`groupby('customer_id').size()` and `.map(...)` them onto the first orders; group by late or not, "
              "average `(orders >= 2)`, subtract."),
             ("例：同样的做法检验“第一单用了优惠的客户更常回来”：`first['coupon'] = first['discount'] > 0`，"
              "`first.groupby('coupon')['repeat'].mean()`，再用 True 组减 False 组。",
              "For example, the same recipe tests \"customers whose first order had a discount come back more\": "
              "`first['coupon'] = first['discount'] > 0`, `first.groupby('coupon')['repeat'].mean()`, then the True "
              "group minus the False group.")]
    solution_text = ("假设思维：先提出可以被数据推翻的假设，再算。差距明显为正，说明假设得到支持（但还要排除其他解释，例如超时多发生在"
                     "大促期间、而大促新客本来就少复购）；差距接近 0，假设就被推翻，应当换一个假设，而不是换一个口径。",
                     "Hypothesis thinking: state a hypothesis the data could refute, then compute. A clearly positive "
                     "gap supports it (other explanations still need ruling out: late parcels cluster in festivals, "
                     "whose new customers return less anyway); a gap near 0 refutes it: change the hypothesis, not "
                     "the definition.")

    mistakes = (
        Mistake("reversed_difference", "减反了：算的是 超时组 − 准时组", "subtracted the wrong way round: late minus "
                "on time",
                "题目要 准时组 − 超时组：假设成立时这个差是正的。`by_late[False]` 是准时组，`by_late[True]` 是超时组。",
                "The question asks on time minus late, positive when the hypothesis holds. `by_late[False]` is the "
                "on-time group, `by_late[True]` the late one.",
                recompute=lambda ctx: -repeat_gap(ctx.shop)),
        _slips.percent_not_share(repeat_gap),
        _slips.unpaid_kept(repeat_gap),
    )

    def expected(self, shop):
        return repeat_gap(shop)


class MartKind(ChoiceQuestion):
    var = "mart_kind"
    prompt = ("本课的 `build_data_mart(shop)` 直接从商店的订单、客户、商品等业务表建出一个面向销售主题的星型集市，"
              "中间没有企业级数据仓库。它是哪一种？",
              "The lesson's `build_data_mart(shop)` builds a star schema for the sales subject straight from the shop's "
              "operational tables (orders, customers, products), with no enterprise data warehouse in between. "
              "What is it?")
    options = {"A": ("独立型数据集市", "an independent data mart"),
               "B": ("从属型数据集市", "a dependent data mart"),
               "C": ("企业级数据仓库", "an enterprise data warehouse"),
               "D": ("操作型数据库（业务系统）", "an operational database (a transaction system)")}
    answer = "A"
    explanations = {"B": ("从属型数据集市的数据来自企业级数据仓库；这里中间没有仓库，数据是直接从业务表取的。",
                          "A dependent data mart takes its data from the enterprise warehouse; there is no warehouse "
                          "here, the data comes straight from the operational tables."),
                    "C": ("企业级数据仓库集成全企业的各个主题（销售、库存、财务……）；这个集市只服务销售分析一个主题，是“小数据仓库”。",
                          "An enterprise warehouse integrates every subject of the firm (sales, stock, finance...); "
                          "this mart serves one subject, sales analysis: a 'small warehouse'."),
                    "D": ("操作型数据库是下单、付款时实时写入的业务系统；集市是从它取数、整理成事实表和维度表的分析库，不处理日常交易。",
                          "The operational database is the system orders and payments are written to as they happen; "
                          "the mart is an analysis copy reshaped into facts and dimensions, not used for daily "
                          "transactions.")}
    hints = [("看集市的数据从哪里来：直接从业务系统（操作型环境），还是从企业级数据仓库？",
              "Look at where the mart's data comes from: straight from the operational systems, or from an "
              "enterprise data warehouse?")]
    solution_text = ("独立型数据集市上手快、成本低，适合小店先做起来；部门多了以后，各自的独立集市口径容易对不上，"
                     "这时先建企业级数据仓库、再切出从属型数据集市，大家用的就是同一份数据和同一套口径。",
                     "An independent mart is quick and cheap, right for a small shop starting out; with many "
                     "departments, independent marts drift apart in their definitions, and a warehouse with dependent "
                     "marts cut from it gives everyone one copy of the data and one set of definitions.")


class CaseRepeatRates(ReflectionQuestion):
    var = "case_notes"
    min_chars = 60
    prompt = ("案例讨论“两个部门的复购率不一样”：写下你对三个讨论问题的要点（口径的差别、怎样统一口径、挽留预算先给哪类客户）。",
              "Case discussion \"two departments, two repeat rates\": write your points on the three questions (how the "
              "definitions differ, how to agree on one, which customers get the retention budget first).")
    solution_text = ("讨论要点（供教师参考）：1）两份报表可能一份按客户、一份按订单，时间窗口不同（季度内与两年内），"
                     "一份含未支付订单：你在第 1 节算出的几种口径就相差很大，两个数都“没算错”；2）团队把口径写成文档"
                     "（分子、分母、时间窗口、过滤条件），放进 KPI 看板和数据集市，每份报告注明口径，不挑对自己有利的口径；"
                     "3）挽留预算先给重要保持、重要挽留客户（消费高、最近没买），并随机留出对照组，用写明口径的复购率检验效果。",
                     "Points for the instructor: 1) one report may count customers and the other orders, over different "
                     "windows (a quarter, two years), one with unpaid orders: the definitions you computed in section 1 "
                     "differ widely and neither number is 'wrong'; 2) write the definition down (numerator, "
                     "denominator, window, filters), put it in the KPI dashboard and the data mart, state it in every "
                     "report, and never pick the flattering one; 3) give the budget first to the important-to-retain "
                     "and important-to-win-back customers (high spend, recently silent), keep a random control group, "
                     "and test with a repeat rate whose definition is written down.")


__all__ = bind(globals(), [RepeatRate, MetricDefinition, MedianCycle, Q4, FmCorrelation, SegmentOf, SegmentCounts,
                           Q8, SqlMart, RetentionPlan, Q11, RepeatGap, MartKind, CaseRepeatRates]) + \
    ["____", "SEGMENT_CODES"]
