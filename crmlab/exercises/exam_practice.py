"""Final-exam practice (期末复习), paper A: twenty-one questions across chapters 1-10,
all auto-checked: fifteen multiple-choice questions on the ideas of each chapter and six
short computations on the student's own shop.

``from crmlab.exercises.exam_practice import *`` gives ``q1`` ... ``q21`` and the blank ``____``.
Each question's ``chapter`` attribute says which chapter it revises; :data:`CHAPTERS`
maps question names to chapters. Paper B is the nbgrader assignment
``assignments/source/X_exam_practice``.
"""

from __future__ import annotations

import math

import pandas as pd

from ..analysis import rfm_scores, rfm_segments, rfm_summary
from ..analysis._tables import paid_orders
from ._core import ValueQuestion, ____, bind, choice_question


# -- chapter 1 ----------------------------------------------------------------------------
C1a = choice_question("a1", ("CRM 系统的三大功能模块是？", "What are the three functional modules of a CRM system?"),
                   {"A": ("市场营销管理、销售管理、客户服务管理", "marketing, sales and service management"),
                    "B": ("采购、库存、财务", "purchasing, inventory, finance"),
                    "C": ("供应商、仓储、物流", "suppliers, warehousing, logistics"),
                    "D": ("招聘、培训、绩效", "hiring, training, appraisal")}, "A",
                   ("CRM 系统 = 市场 + 销售 + 服务；B 是 ERP，C 是 SCM。", "CRM = marketing + sales + service; B is ERP, C is "
                    "SCM."), chapter=1)
C1b = choice_question("a2", ("卖家在成交后不久主动打电话，询问商品是否满意并征求改进建议。这属于哪种客户关系类型？",
                             "Shortly after a sale the seller phones the customer to ask whether the product is "
                             "satisfactory "
                             "and for suggestions. Which relationship type is this?"),
                   {"A": ("基本型", "basic"), "B": ("被动型", "passive"), "C": ("负责型", "accountable"),
                    "D": ("能动型", "proactive"), "E": ("伙伴型", "partnership")}, "C",
                   ("负责型：售后不久主动询问。被动型是“有问题请找我们”，能动型是经常主动联系、提供改进信息。",
                    "Accountable: a check-in shortly after the sale. Passive = \"call us if there is a problem\"; proactive "
                    "= regular contact with improvements."), chapter=1)
C1c = choice_question("a3", ("课程中的数字：获取一位新客户的成本大约是保留一位老客户的几倍？",
                             "The course's figure: acquiring a new customer costs about how many times keeping one?"),
                   {"A": ("1 倍", "1x"), "B": ("2 倍", "2x"), "C": ("5 倍", "5x"), "D": ("50 倍", "50x")}, "C",
                   ("约 5 倍；向老客户推销的成功率约 50%，向新客户约 15%。", "About 5x; selling to an existing customer "
                    "succeeds about 50% of the time, to a new one about 15%."), chapter=1)


class ReferralShare(ValueQuestion):
    chapter = 1
    var = "referral_share"
    prompt = ("计算：商店客户中，获客渠道为老客推荐（`acquisition_channel == 'referral'`）的比例（0 到 1）。",
              "Compute: the share of the shop's customers acquired by referral (`acquisition_channel == "
              "'referral'`), 0 to 1.")
    hints = [("`(shop.customers['acquisition_channel'] == 'referral').mean()`",
              "`(shop.customers['acquisition_channel'] == 'referral').mean()`")]

    def expected(self, shop):
        return float((shop.customers["acquisition_channel"] == "referral").mean())


# -- chapter 2 ----------------------------------------------------------------------------
C2a = choice_question("a5", ("一位客户去年常来买，今年一次也没买，还告诉客服她已经换了别家。她属于哪类客户？",
                             "A customer bought often last year, not once this year, and told service she moved to "
                             "another "
                             "shop. Which kind of customer is she?"),
                   {"A": ("潜在客户", "potential customer"), "B": ("目标客户", "target customer"),
                    "C": ("现实客户", "current customer"), "D": ("流失客户", "lost customer")}, "D",
                   ("曾经购买、现在不再购买的是流失客户，是挽留（win-back）的对象。", "Bought before, no longer buys: a lost "
                    "customer, the object of win-back work."), chapter=2)


class TopShare(ValueQuestion):
    chapter = 2
    var = "top20_share"
    rtol = 1e-4
    prompt = ("计算：按已支付金额排名前 20% 的购买客户（人数取 `math.ceil(0.2 × 购买客户数)`）贡献了全部已支付销售额的多少（0 到 1）？",
              "Compute: what share of paid sales comes from the top 20% of buyers by paid amount (take "
              "`math.ceil(0.2 × number of buyers)` buyers), 0 to 1?")
    hints = [("`spend = paid.groupby('customer_id')['amount'].sum().sort_values(ascending=False)`",
              "`spend = paid.groupby('customer_id')['amount'].sum().sort_values(ascending=False)`"),
             ("`spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum()`",
              "`spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum()`")]
    solution_text = ("这就是帕累托（二八）分析，ABC 分类的基础。", "The Pareto (80/20) analysis behind ABC classification.")

    def expected(self, shop):
        spend = paid_orders(shop.orders).groupby("customer_id")["amount"].sum().sort_values(ascending=False)
        return float(spend.iloc[:math.ceil(0.2 * len(spend))].sum() / spend.sum())


# -- chapter 3 ----------------------------------------------------------------------------
C3a = choice_question("a7", ("下列哪一项是收集客户信息的**间接**渠道？", "Which is an **indirect** channel for collecting "
                             "customer information?"),
                   {"A": ("客服与客户的在线对话", "service chats with customers"),
                    "B": ("向调查公司购买的行业报告", "an industry report bought from a research firm"),
                    "C": ("客户填写的问卷", "questionnaires customers fill in"),
                    "D": ("上门拜访客户", "visiting the customer")}, "B",
                   ("直接渠道是与客户本人接触（对话、问卷、拜访）；间接渠道来自第三方（报告、媒体、合作伙伴）。",
                    "Direct channels touch the customer (chats, surveys, visits); indirect ones come from third "
                    "parties "
                    "(reports, media, partners)."), chapter=3)
C3b = choice_question("a8", ("在客户数据库中，为什么订单表的 customer_id 要设为指向客户表的外键？",
                             "In a customer database, why make orders.customer_id a foreign key to the customers "
                             "table?"),
                   {"A": ("让查询更快", "to make queries faster"),
                    "B": ("保证每笔订单都属于一位真实存在的客户", "so every order belongs to a customer who exists"),
                    "C": ("让客户编号不重复", "so customer ids are unique"),
                    "D": ("为了加密客户信息", "to encrypt customer data")}, "B",
                   ("外键保证引用完整性；编号不重复靠的是主键。", "A foreign key enforces referential integrity; uniqueness "
                    "comes from the primary key."), chapter=3)

# -- chapter 4 ----------------------------------------------------------------------------
C4a = choice_question("a9", ("衡量满意度的五个指标中，“客户在购买时直接点名要某个品牌”的程度叫什么？",
                             "Among the five satisfaction indicators, what is the degree to which customers ask for a "
                             "brand "
                             "by name when buying?"),
                   {"A": ("美誉度", "reputation"), "B": ("指名度", "brand nomination"), "C": ("回头率", "return rate"),
                    "D": ("抱怨率", "complaint rate"), "E": ("销售力", "sales power")}, "B",
                   ("指名度：点名购买；美誉度：对品牌的好评；回头率：再次购买；抱怨率：投诉的比例；销售力：促成购买的能力。",
                    "Nomination: asking by name; reputation: praise; return rate: buying again; complaint rate: share "
                    "complaining; sales power: ability to make people buy."), chapter=4)


class Nps(ValueQuestion):
    chapter = 4
    var = "nps_value"
    rtol = 1e-4
    prompt = ("计算：全部回收问卷（`responded` 为真）的净推荐值 NPS = 推荐者（9–10 分）比例 − 贬损者（0–6 分）比例，用百分数表示（−100 到 100）。",
              "Compute: the NPS of all responses (`responded` true) = % promoters (9-10) − % detractors (0-6), in "
              "percent (−100 to 100).")
    hints = [("`sv = shop.surveys[shop.surveys['responded']]`；`nps = sv['nps']`。",
              "`sv = shop.surveys[shop.surveys['responded']]`; `nps = sv['nps']`."),
             ("`100 * ((nps >= 9).mean() - (nps <= 6).mean())`", "`100 * ((nps >= 9).mean() - (nps <= 6).mean())`")]

    def expected(self, shop):
        n = shop.surveys.loc[shop.surveys["responded"].astype(bool), "nps"].astype(float)
        return float(100 * ((n >= 9).mean() - (n <= 6).mean()))


# -- chapter 5 ----------------------------------------------------------------------------
_LOYALTY = {"A": ("非忠诚", "no loyalty"), "B": ("惯性忠诚", "inertia loyalty"), "C": ("潜在忠诚", "latent loyalty"),
            "D": ("绝对忠诚", "absolute loyalty")}
C5a = choice_question("a11", ("一位客户每月都在店里买，只因为离得近、懒得换；她对店铺并没有什么感情。这是哪种忠诚？",
                              "A customer buys every month only because it is convenient; she has no attachment to the "
                              "shop. "
                              "Which loyalty is this?"), _LOYALTY, "B",
                   ("重复购买高、态度依恋低：惯性忠诚，竞争者一出现就可能流失。", "High repeat buying, low attachment: inertia "
                    "loyalty, easily lost to a competitor."),
                   ("忠诚 = 态度（喜欢）× 行为（重复购买）的 2×2。", "Loyalty = attitude (liking) × behaviour (repeat buying), "
                    "a 2×2."), chapter=5)
C5b = choice_question("a12", ("一位客户非常喜欢这家店、常向朋友推荐，但因为运费高很少下单。这是哪种忠诚？",
                              "A customer loves the shop and recommends it to friends, but rarely orders because "
                              "shipping is "
                              "expensive. Which loyalty is this?"), _LOYALTY, "C",
                   ("态度依恋高、重复购买低：潜在忠诚，消除障碍（如包邮）就能转化。", "High attachment, low repeat buying: "
                    "latent loyalty; remove the barrier (free shipping) to convert it."), chapter=5)

# -- chapter 6 ----------------------------------------------------------------------------
C6a = choice_question("a13", ("做 A/B 测试时，为什么要把客户**随机**分到 A 组和 B 组？", "Why assign customers to groups A and B "
                              "**at random** in an A/B test?"),
                   {"A": ("这样两组只在“是否收到新方案”上不同，差异才能归因于方案", "so the groups differ only in the treatment, "
                          "and a difference can be credited to it"),
                    "B": ("这样样本量更大", "to get a bigger sample"),
                    "C": ("这样转化率更高", "to raise the conversion rate"),
                    "D": ("这样不需要对照组", "so no control group is needed")}, "A",
                   ("随机化让其他因素在两组间平均分布，这是因果推断的基础。", "Randomisation balances every other factor, the "
                    "basis of causal inference."), chapter=6)

# -- chapter 7 ----------------------------------------------------------------------------
C7a = choice_question("a14", ("呼叫中心的服务水平“80/20”指什么？", "What does a call-center service level of \"80/20\" mean?"),
                   {"A": ("80% 的来电在 20 秒内接通", "80% of calls answered within 20 seconds"),
                    "B": ("80% 的客服处理 20% 的来电", "80% of agents handle 20% of calls"),
                    "C": ("放弃率 20%", "an abandonment rate of 20%"),
                    "D": ("平均通话 80 秒，等待 20 秒", "80 s talk and 20 s wait on average")}, "A",
                   ("服务水平 = 在目标时间内接通的来电比例。", "Service level = the share of calls answered within the target "
                    "time."), chapter=7)


class TrafficLoad(ValueQuestion):
    chapter = 7
    var = "erlangs"
    prompt = ("计算：高峰时每小时 120 个来电，平均处理时长 180 秒。话务量是多少爱尔兰（Erlang）？",
              "Compute: at the peak 120 calls arrive per hour with an average handle time of 180 seconds. What is the "
              "traffic load in Erlangs?")
    hints = [("话务量 = 每小时来电数 × 平均处理时长（小时）。", "Load = calls per hour × handle time in hours."),
             ("`120 * 180 / 3600`", "`120 * 180 / 3600`")]
    solution_text = ("6 Erlang 意味着至少需要 6 名以上的客服，否则队列会无限变长；Erlang C 给出达到服务水平需要的人数。",
                     "6 Erlangs means more than 6 agents are needed, or the queue grows without bound; Erlang C gives "
                     "the number for a service level.")

    def expected(self, shop):
        return 120 * 180 / 3600


# -- chapter 8 ----------------------------------------------------------------------------
C8a = choice_question("a16", ("投诉处理流程：记录 → 判断 → 分析 → ？ → 反馈 → 回访。空白处是哪一步？",
                              "Complaint workflow: record → judge → analyse → ? → feedback → follow-up. What is the "
                              "missing "
                              "step?"),
                   {"A": ("回复（提出处理方案）", "reply (propose a solution)"), "B": ("赔偿", "compensate"),
                    "C": ("结案", "close"), "D": ("升级给主管", "escalate to the lead")}, "A",
                   ("记录、判断、分析、回复、反馈、回访六步。", "Six steps: record, judge, analyse, reply, feedback, follow-up."), chapter=8)
C8b = choice_question("a17", ("课程材料说：投诉如果得到快速处理，大约多少比例的投诉客户会留下来？",
                              "The course material says: when a complaint is handled fast, about what share of "
                              "complainants "
                              "stay?"),
                   {"A": ("约 10%", "about 10%"), "B": ("约 30%", "about 30%"), "C": ("约 70%", "about 70%"),
                    "D": ("100%", "100%")}, "C",
                   ("约 70%；而不满意的客户会告诉 8–10 个人。", "About 70%; while an unhappy customer tells 8-10 people."), chapter=8)

# -- chapter 9 ----------------------------------------------------------------------------
C9a = choice_question("a18", ("RFM 模型中，R 高、F 低、M 高的客户属于哪一类？", "In the RFM model, which segment has R high, F "
                              "low, M high?"),
                   {"A": ("重要价值客户", "important value"), "B": ("重要发展客户", "important to develop"),
                    "C": ("重要保持客户", "important to retain"), "D": ("一般发展客户", "general to develop")}, "B",
                   ("M 高 → 重要；R 高 F 低 → 发展：最近买过、金额高，但次数少，要提高购买频次。",
                    "M high → important; R high F low → develop: recent and big but infrequent; raise the "
                    "frequency."), chapter=9)


class ImportantValue(ValueQuestion):
    chapter = 9
    var = "n_important_value"
    prompt = ("计算：以 `shop.meta['end']` 为观察期末，用 `rfm_summary` → `rfm_scores` → `rfm_segments`（均值规则），"
              "“重要价值客户”（important_value）有多少人？",
              "Compute: with `shop.meta['end']` as the end of the observation and `rfm_summary` → `rfm_scores` → "
              "`rfm_segments` (mean rule), how many customers are \"important value\"?")
    hints = [("`seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta['end'])))`",
              "`seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta['end'])))`"),
             ("`(seg['segment_code'] == 'important_value').sum()`", "`(seg['segment_code'] == 'important_value').sum()`")]

    def expected(self, shop):
        seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta["end"])))
        return int((seg["segment_code"] == "important_value").sum())


# -- chapter 10 ---------------------------------------------------------------------------
C10a = choice_question("a21", ("课程把 CRM 团队的 KPI 分为哪三类？", "Which three families of KPIs does the course give the CRM "
                                "team?"),
                    {"A": ("客户回购率、客户满意度、订单运行效率", "repurchase rate, satisfaction, order efficiency"),
                     "B": ("毛利率、库存周转率、应收账款", "gross margin, inventory turnover, receivables"),
                     "C": ("员工人数、工资、加班时长", "headcount, wages, overtime"),
                     "D": ("页面浏览量、跳出率、停留时长", "page views, bounce rate, time on page")}, "A",
                    ("B 是财务和 ERP 的指标；D 是流量指标。", "B are finance/ERP metrics; D are traffic metrics."), chapter=10)


class PaymentRate(ValueQuestion):
    chapter = 10
    var = "payment_rate"
    prompt = ("计算：订单运行效率指标“付款率”——全部订单中已支付订单的比例（0 到 1）。",
              "Compute the order-efficiency KPI \"payment rate\": the share of all orders that were paid (0 to 1).")
    hints = [("`(shop.orders['payment_status'] == 'paid').mean()`", "`(shop.orders['payment_status'] == 'paid').mean()`")]
    solution_text = ("付款率低说明下单后流失多：催付（payment reminder）能提高它。",
                     "A low payment rate means orders lost after checkout: payment reminders raise it.")

    def expected(self, shop):
        return float((shop.orders["payment_status"] == "paid").mean())


QUESTIONS = [C1a, C1b, C1c, ReferralShare, C2a, TopShare, C3a, C3b, C4a, Nps, C5a, C5b, C6a, C7a, TrafficLoad, C8a, C8b,
             C9a, ImportantValue, PaymentRate, C10a]
# choice answers are named after their question: q1 reads a1, ..., q21 reads a21
__all__ = bind(globals(), QUESTIONS) + ["____", "CHAPTERS", "score"]
#: question name -> chapter it revises
CHAPTERS = {f"q{i}": cls.chapter for i, cls in enumerate(QUESTIONS, start=1)}


def score(namespace=None) -> pd.DataFrame:
    """Check every question at once and return a score table by chapter.

    Parameters
    ----------
    namespace : dict, optional
        Where the answers live (default: the notebook's globals).

    Returns
    -------
    pandas.DataFrame
        One row per chapter: ``questions``, ``correct`` and ``share``; the chapters with the lowest share are the
        ones to revise before the exam.
    """
    import sys

    ns = namespace if namespace is not None else getattr(sys.modules.get("__main__"), "__dict__", {})
    g = globals()
    rows = []
    for name, chapter in CHAPTERS.items():
        q = g[name]
        ok = q.evaluate(ns.get(q.var, ____)).correct if q.var in ns else False
        rows.append((chapter, name, bool(ok)))
    df = pd.DataFrame(rows, columns=["chapter", "question", "correct"])
    out = df.groupby("chapter").agg(questions=("question", "size"), correct=("correct", "sum"))
    out["share"] = out["correct"] / out["questions"]
    return out
