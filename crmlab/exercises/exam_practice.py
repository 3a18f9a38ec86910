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
import numbers

import pandas as pd

from ..analysis import rfm_scores, rfm_segments, rfm_summary
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._core import ValueQuestion, ____, bind, choice_question


def _top_share(shop, *, orders=None, ascending=False, k_of=None) -> float:
    """TopShare by hand, with the knobs a slip turns (orders kept, sort order, the base of the 20%)."""
    paid = paid_orders(shop.orders) if orders is None else orders
    spend = paid.groupby("customer_id")["amount"].sum().sort_values(ascending=ascending)
    k = math.ceil(0.2 * (len(spend) if k_of is None else k_of))
    return float(spend.iloc[:k].sum() / spend.sum())


def _responses(shop):
    return shop.surveys.loc[shop.surveys["responded"].astype(bool), "nps"].astype(float)


def _important_value(shop):
    seg = rfm_segments(rfm_scores(rfm_summary(shop.orders, as_of=shop.meta["end"])))
    return seg["segment_code"] == "important_value"


# -- chapter 1 ----------------------------------------------------------------------------
C1a = choice_question("a1", ("CRM 系统的三大功能模块是？", "What are the three functional modules of a CRM system?"),
                   {"A": ("市场营销管理、销售管理、客户服务管理", "marketing, sales and service management"),
                    "B": ("采购、库存、财务", "purchasing, inventory, finance"),
                    "C": ("供应商、仓储、物流", "suppliers, warehousing, logistics"),
                    "D": ("招聘、培训、绩效", "hiring, training, appraisal")}, "A",
                   ("CRM 系统 = 市场 + 销售 + 服务；B 是 ERP，C 是 SCM。", "CRM = marketing + sales + service; B is ERP, C is "
                    "SCM."), chapter=1,
                   explanations={"B": ("采购、库存和财务是企业内部的资源，是 ERP 管的事；CRM 系统的模块都面向客户。",
                                       "Purchasing, inventory and finance are the company's internal resources, ERP's "
                                       "job; a CRM system's modules all face the customer."),
                                 "C": ("供应商、仓储和物流是供应链（SCM）管的事；CRM 系统的模块都面向客户。",
                                       "Suppliers, warehousing and logistics are the supply chain's (SCM's) job; a CRM "
                                       "system's modules all face the customer."),
                                 "D": ("招聘、培训和绩效是人力资源管理，管的是员工，不是客户。",
                                       "Hiring, training and appraisal are human-resource management: about staff, "
                                       "not customers.")})
C1b = choice_question("a2", ("卖家在成交后不久主动打电话，询问商品是否满意并征求改进建议。这属于哪种客户关系类型？",
                             "Shortly after a sale the seller phones the customer to ask whether the product is "
                             "satisfactory "
                             "and for suggestions. Which relationship type is this?"),
                   {"A": ("基本型", "basic"), "B": ("被动型", "passive"), "C": ("负责型", "accountable"),
                    "D": ("能动型", "proactive"), "E": ("伙伴型", "partnership")}, "C",
                   ("负责型：售后不久主动询问。被动型是“有问题请找我们”，能动型是经常主动联系、提供改进信息。",
                    "Accountable: a check-in shortly after the sale. Passive = \"call us if there is a problem\"; proactive "
                    "= regular contact with improvements."), chapter=1,
                   explanations={"A": ("基本型卖出后就不再联系；这里卖家在成交后还主动打了电话。",
                                       "Basic means no contact after the sale; here the seller phones afterwards."),
                                 "B": ("被动型是“有问题请找我们”，等客户自己来联系；这里是卖家主动打电话。",
                                       "Passive is 'call us if there is a problem' and waits for the customer; here "
                                       "the seller makes the call."),
                                 "D": ("能动型是经常主动联系、不断带来改进建议或新产品信息；这里只是成交后不久的一次询问。",
                                       "Proactive means regular contact with new ideas or products; here it is one "
                                       "check-in shortly after the sale."),
                                 "E": ("伙伴型是与客户长期、持续地合作，帮助客户成功；一次售后电话还谈不上持续合作。",
                                       "Partnership is a long, continuous collaboration that helps the customer "
                                       "succeed; one call after the sale is not yet a partnership.")})
C1c = choice_question("a3", ("课程中的数字：获取一位新客户的成本大约是保留一位老客户的几倍？",
                             "The course's figure: acquiring a new customer costs about how many times keeping one?"),
                   {"A": ("1 倍", "1x"), "B": ("2 倍", "2x"), "C": ("5 倍", "5x"), "D": ("50 倍", "50x")}, "C",
                   ("约 5 倍；向老客户推销的成功率约 50%，向新客户约 15%。", "About 5x; selling to an existing customer "
                    "succeeds about 50% of the time, to a new one about 15%."), chapter=1,
                   explanations={"A": ("如果获取和保留一样贵，CRM 就不必强调留住老客户了；课程里的数字说明获取新客户要贵得多。",
                                       "If acquiring cost the same as keeping, CRM would not stress keeping customers; "
                                       "the course's figure says acquiring costs far more."),
                                 "B": ("方向对了，但课程给的倍数比 2 倍大；回到第一章“获取 vs 保留”的那组数字。",
                                       "The right direction, but the course's multiple is larger than 2; go back to "
                                       "chapter 1's acquiring-versus-keeping figures."),
                                 "D": ("太夸张了：课程给的倍数远小于 50；回到第一章“获取 vs 保留”的那组数字。",
                                       "Far too much: the course's multiple is well below 50; go back to chapter 1's "
                                       "acquiring-versus-keeping figures.")})


class ReferralShare(ValueQuestion):
    chapter = 1
    var = "referral_share"
    prompt = ("计算：商店客户中，获客渠道为老客推荐（`acquisition_channel == 'referral'`）的比例（0 到 1）。",
              "Compute: the share of the shop's customers acquired by referral (`acquisition_channel == "
              "'referral'`), 0 to 1.")
    hints = [("比例 = 推荐来的客户数 ÷ 全部客户数；获客渠道在客户表的 `acquisition_channel` 列。",
              "The share = customers who came by referral ÷ all customers; the channel is the customers' "
              "`acquisition_channel` column."),
             ("`列 == '值'` 给出 True/False，它的平均值就是 True 的比例。",
              "`column == 'value'` gives True/False, whose mean is the share of True."),
             ("例：女性客户的比例是 `(shop.customers['gender'] == 'F').mean()`。",
              "For example, the share of female customers is `(shop.customers['gender'] == 'F').mean()`.")]

    mistakes = (
        _slips.count_not_share(lambda shop: int((shop.customers["acquisition_channel"] == "referral").sum())),
        _slips.percent_not_share(lambda shop: float((shop.customers["acquisition_channel"] == "referral").mean())),
    )

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
                    "customer, the object of win-back work."), chapter=2,
                   explanations={"A": ("潜在客户是还没有买过的人；她去年常来买。",
                                       "A potential customer has not bought yet; she bought often last year."),
                                 "B": ("目标客户是店铺打算争取的那一类人，是店铺的选择；题目说的是她自己的购买行为："
                                       "以前常买，现在不买了。",
                                       "A target customer is whom the shop chooses to win; the question is about her "
                                       "own buying: often before, not any more."),
                                 "C": ("现实客户是现在正在购买的客户；她今年一次也没买，还说换了别家。",
                                       "A current customer is buying now; she has not bought once this year and says "
                                       "she moved to another shop.")})


class TopShare(ValueQuestion):
    chapter = 2
    var = "top20_share"
    rtol = 1e-4
    prompt = ("计算：按已支付金额排在前 20% 的购买客户（人数取 `math.ceil(0.2 × 购买客户数)`），贡献的销售额占全部已支付"
              "销售额的比例是多少（0 到 1）？",
              "Compute: what share of paid sales comes from the top 20% of buyers by paid amount (take "
              "`math.ceil(0.2 × number of buyers)` buyers), 0 to 1?")
    hints = [("把买家按已支付金额从高到低排，取前 20% 的人，看他们的金额合计占总额多少。",
              "Rank the buyers by paid amount, highest first, take the top 20% and see what share of the total "
              "they bring."),
             ("按客户加总已支付金额，`sort_values(ascending=False)` 排序；前 k 位是 `.iloc[:k]`，"
              "k = `math.ceil(0.2 * 人数)`；再除以总额。",
              "Add up each customer's paid amount and `sort_values(ascending=False)`; the first k are `.iloc[:k]` "
              "with k = `math.ceil(0.2 * buyers)`; divide by the total."),
             ("例：10 位买家的金额 50、40、30、20、20、10、10、10、5、5（合计 200）：前 20% 是 2 位，"
              "50 + 40 = 90，占 90 / 200 = 0.45。",
              "For example, 10 buyers spending 50, 40, 30, 20, 20, 10, 10, 10, 5, 5 (200 in all): the top 20% are 2 "
              "buyers, 50 + 40 = 90, a share of 90 / 200 = 0.45.")]
    solution_text = ("这就是帕累托（二八）分析，ABC 分类的基础。", "The Pareto (80/20) analysis behind ABC classification.")

    mistakes = (
        _slips.unpaid_kept(_top_share),
        Mistake("bottom_not_top", "取的是金额最小的 20%（排序是从小到大）", "took the 20% who spend least (sorted "
                "smallest first)",
                "`sort_values` 默认升序；要先排出花钱最多的买家，加 `ascending=False`，再取前面的人。",
                "`sort_values` sorts ascending by default; to rank the biggest spenders first add `ascending=False`, "
                "then take the first ones.",
                recompute=lambda ctx: _top_share(ctx.shop, ascending=True)),
        Mistake("k_from_all_customers", "用全部客户人数算了 20% 的人数（包括没买过的）",
                "took 20% of all customers (also those who never bought) as the number of top buyers",
                "题目说的是“购买客户”的前 20%：人数按买家算，即按客户加总后那张表的长度。",
                "The question takes the top 20% of buyers: count the buyers, the length of the per-customer totals.",
                recompute=lambda ctx: _top_share(ctx.shop, k_of=len(ctx.shop.customers))),
    )

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
                    "(reports, media, partners)."), chapter=3,
                   explanations={"A": ("在线对话是客服与客户本人的接触，信息直接来自客户：这是直接渠道。",
                                       "A chat is the agent's contact with the customer in person: a direct channel."),
                                 "C": ("问卷由客户本人填写（问卷调查法），信息直接来自客户：这是直接渠道。",
                                       "A questionnaire is filled in by the customer (the questionnaire method): a "
                                       "direct channel."),
                                 "D": ("上门拜访是面对面接触客户本人：这是直接渠道。",
                                       "A visit meets the customer face to face: a direct channel.")})
C3b = choice_question("a8", ("在客户数据库中，为什么订单表的 customer_id 要设为指向客户表的外键？",
                             "In a customer database, why make orders.customer_id a foreign key to the customers "
                             "table?"),
                   {"A": ("让查询更快", "to make queries faster"),
                    "B": ("保证每笔订单都属于一位真实存在的客户", "so every order belongs to a customer who exists"),
                    "C": ("让客户编号不重复", "so customer ids are unique"),
                    "D": ("为了加密客户信息", "to encrypt customer data")}, "B",
                   ("外键保证引用完整性；编号不重复靠的是主键。", "A foreign key enforces referential integrity; uniqueness "
                    "comes from the primary key."), chapter=3,
                   explanations={"A": ("外键的作用是约束数据，不是加速；查询快靠的是索引。",
                                       "A foreign key constrains the data, it does not speed anything up; fast "
                                       "queries come from indexes."),
                                 "C": ("编号不重复是主键（客户表的 customer_id）的作用；想一想外键连接哪两张表、约束的是哪一边。",
                                       "Unique ids are the primary key's job (customer_id of the customers table); "
                                       "think which two tables a foreign key links and which side it constrains."),
                                 "D": ("外键和加密无关：加密保护数据不被读到，外键约束的是表与表之间的关系。",
                                       "A foreign key has nothing to do with encryption: encryption keeps data from "
                                       "being read, a foreign key constrains how tables relate.")})

# -- chapter 4 ----------------------------------------------------------------------------
C4a = choice_question("a9", ("衡量满意度的五个指标中，“客户在购买时直接点名要某个品牌”的程度叫什么？",
                             "Among the five satisfaction indicators, what is the degree to which customers ask for a "
                             "brand "
                             "by name when buying?"),
                   {"A": ("美誉度", "reputation"), "B": ("指名度", "brand nomination"), "C": ("回头率", "return rate"),
                    "D": ("抱怨率", "complaint rate"), "E": ("销售力", "sales power")}, "B",
                   ("指名度：点名购买；美誉度：对品牌的好评；回头率：再次购买；抱怨率：投诉的比例；销售力：促成购买的能力。",
                    "Nomination: asking by name; reputation: praise; return rate: buying again; complaint rate: share "
                    "complaining; sales power: ability to make people buy."), chapter=4,
                   explanations={"A": ("美誉度是客户对品牌的好评程度，说的是评价，不是购买时是否点名要它。",
                                       "Reputation is how well customers speak of the brand: praise, not asking for "
                                       "it by name when buying."),
                                 "C": ("回头率是再次购买的比例，看的是买了几次，不是购买时是否点名要这个品牌。",
                                       "The return rate is the share who buy again: how often, not whether they ask "
                                       "for the brand by name."),
                                 "D": ("抱怨率是投诉、抱怨的客户比例，说的是不满，和点名购买无关。",
                                       "The complaint rate is the share who complain: dissatisfaction, nothing to do "
                                       "with asking by name."),
                                 "E": ("销售力是品牌促成购买的能力，看的是卖不卖得动，不是客户是否主动点名要它。",
                                       "Sales power is the brand's ability to make people buy, not whether customers "
                                       "ask for it by name.")})


class Nps(ValueQuestion):
    chapter = 4
    var = "nps_value"
    rtol = 1e-4
    prompt = ("计算：全部回收问卷（`responded` 为真）的净推荐值 NPS = 推荐者（9–10 分）比例 − 贬损者（0–6 分）比例，再乘以 100（结果在 −100 到 100 之间）。",
              "Compute: the NPS of all responses (`responded` true) = share of promoters (9-10) − share of detractors "
              "(0-6), times 100 (between −100 and 100).")
    hints = [("只看回收的问卷；推荐者 9–10 分、贬损者 0–6 分，NPS 是两个比例之差，再乘 100。",
              "Answered surveys only; promoters answer 9-10, detractors 0-6; the NPS is the difference of the two "
              "shares, times 100."),
             ("筛选 `responded` 为真的行；`nps >= 9` 和 `nps <= 6` 各给出 True/False，平均值就是比例。",
              "Keep the rows with `responded` true; `nps >= 9` and `nps <= 6` each give True/False, whose means "
              "are the shares."),
             ("例：10 位客户打 10、10、9、8、8、7、6、5、3、10 分：推荐者 40%、贬损者 30%，NPS = 100 × (0.4 − 0.3) = 10。",
              "For example, 10 customers answering 10, 10, 9, 8, 8, 7, 6, 5, 3, 10: 40% promoters, 30% detractors, "
              "NPS = 100 × (0.4 − 0.3) = 10.")]

    mistakes = (
        Mistake("share_not_percent", "没有乘 100：给出的是两个比例之差，不是百分数",
                "did not multiply by 100: gave the difference of two shares, not percent",
                "NPS 习惯上写成 −100 到 100 之间的数：比例之差再乘 100。",
                "The NPS is written between −100 and 100: the difference of the shares, times 100.",
                recompute=lambda ctx: float((_responses(ctx.shop) >= 9).mean() - (_responses(ctx.shop) <= 6).mean())),
        Mistake("passives_as_promoters", "把 7–8 分的被动者也算成了推荐者", "counted the passives (7-8) as promoters",
                "推荐者只有 9 分和 10 分；7、8 分的被动者既不算推荐者也不算贬损者，但留在分母里。",
                "Promoters answer 9 or 10 only; passives (7 or 8) are neither promoters nor detractors, but they stay "
                "in the denominator.",
                recompute=lambda ctx: float(100 * ((_responses(ctx.shop) >= 7).mean()
                                                   - (_responses(ctx.shop) <= 6).mean()))),
        Mistake("mean_score", "算的是推荐意愿的平均分", "computed the mean recommendation score",
                "NPS 不是平均分：先把每个回答分成推荐者（9–10）、贬损者（0–6），再用两个比例相减。",
                "The NPS is not a mean score: sort each answer into promoters (9-10) and detractors (0-6), then "
                "subtract the two shares.",
                recompute=lambda ctx: float(_responses(ctx.shop).mean())),
    )

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
                    "a 2×2."), chapter=5,
                   explanations={"A": ("非忠诚是既不喜欢、也很少买；她每月都在店里买，重复购买是高的。",
                                       "No loyalty means no liking and little buying; she buys every month, so her "
                                       "repeat buying is high."),
                                 "C": ("潜在忠诚是态度上喜欢、但买得少；她买得多，却没有什么感情，正好相反。",
                                       "Latent loyalty likes the shop but buys little; she buys a lot without any "
                                       "attachment, the opposite."),
                                 "D": ("绝对忠诚要求态度和重复购买都高；她对店铺并没有什么感情。",
                                       "Absolute loyalty needs both attachment and repeat buying; she has no "
                                       "attachment to the shop.")})
C5b = choice_question("a12", ("一位客户非常喜欢这家店、常向朋友推荐，但因为运费高很少下单。这是哪种忠诚？",
                              "A customer loves the shop and recommends it to friends, but rarely orders because "
                              "shipping is "
                              "expensive. Which loyalty is this?"), _LOYALTY, "C",
                   ("态度依恋高、重复购买低：潜在忠诚，消除障碍（如包邮）就能转化。", "High attachment, low repeat buying: "
                    "latent loyalty; remove the barrier (free shipping) to convert it."), chapter=5,
                   explanations={"A": ("非忠诚是态度和行为都低；她非常喜欢这家店、常推荐给朋友，态度是高的。",
                                       "No loyalty is low on attitude and behaviour; she loves the shop and recommends "
                                       "it, so her attitude is high."),
                                 "B": ("惯性忠诚是出于习惯常买、却没有感情；她很少下单，却很喜欢这家店，正好相反。",
                                       "Inertia loyalty buys often out of habit without liking; she rarely orders but "
                                       "loves the shop, the opposite."),
                                 "D": ("绝对忠诚要求态度和重复购买都高；她因为运费高很少下单。",
                                       "Absolute loyalty needs both attachment and repeat buying; she rarely orders "
                                       "because shipping is expensive.")})

# -- chapter 6 ----------------------------------------------------------------------------
C6a = choice_question("a13", ("做 A/B 测试时，为什么要把客户**随机**分到 A 组和 B 组？", "Why assign customers to groups A and B "
                              "**at random** in an A/B test?"),
                   {"A": ("这样两组只在“是否收到新方案”上不同，差异才能归因于方案", "so the groups differ only in the treatment, "
                          "and a difference can be credited to it"),
                    "B": ("这样样本量更大", "to get a bigger sample"),
                    "C": ("这样转化率更高", "to raise the conversion rate"),
                    "D": ("这样不需要对照组", "so no control group is needed")}, "A",
                   ("随机化让其他因素在两组间平均分布，这是因果推断的基础。", "Randomisation balances every other factor, the "
                    "basis of causal inference."), chapter=6,
                   explanations={"B": ("随机分组不会增加人数：样本量由你抽多少人决定，和怎么分组无关。",
                                       "Random assignment adds nobody: the sample size is how many customers you take, "
                                       "whatever way you split them."),
                                 "C": ("随机分组本身不会提高转化率；它影响的是两组之间的比较是否公平。",
                                       "Random assignment does not raise conversion by itself; it decides whether the "
                                       "comparison between the groups is fair."),
                                 "D": ("A/B 测试离不开对照组；随机分组恰恰是为了让对照组可以拿来比较。",
                                       "An A/B test cannot do without its control group; randomising is what makes "
                                       "that group fit for comparison.")})

# -- chapter 7 ----------------------------------------------------------------------------
C7a = choice_question("a14", ("呼叫中心的服务水平“80/20”指什么？", "What does a call-center service level of \"80/20\" mean?"),
                   {"A": ("80% 的来电在 20 秒内接通", "80% of calls answered within 20 seconds"),
                    "B": ("80% 的客服处理 20% 的来电", "80% of agents handle 20% of calls"),
                    "C": ("放弃率 20%", "an abandonment rate of 20%"),
                    "D": ("平均通话 80 秒，等待 20 秒", "80 s talk and 20 s wait on average")}, "A",
                   ("服务水平 = 在目标时间内接通的来电比例。", "Service level = the share of calls answered within the target "
                    "time."), chapter=7,
                   explanations={"B": ("这是把“80/20”当成了二八法则（帕累托）；服务水平说的是来电多快被接听，不是坐席之间怎么分工。",
                                       "That reads '80/20' as the Pareto rule; a service level is about how fast "
                                       "calls are answered, not how agents share the work."),
                                 "C": ("放弃率是挂断来电的比例，是另一个指标；“80/20”的两个数，一个是比例，一个是秒数。",
                                       "The abandonment rate is the share of callers who hang up, another KPI; of the "
                                       "two numbers in '80/20' one is a share and one is seconds."),
                                 "D": ("“80/20”不是两个平均时长：其中一个数是比例（%），另一个才是秒数。",
                                       "'80/20' is not two average times: one number is a share (%), only the other "
                                       "is seconds.")})


class TrafficLoad(ValueQuestion):
    chapter = 7
    var = "erlangs"
    prompt = ("计算：高峰时每小时 120 个来电，平均处理时长 180 秒。话务量是多少爱尔兰（Erlang）？",
              "Compute: at the peak 120 calls arrive per hour with an average handle time of 180 seconds. What is the "
              "traffic load in Erlangs?")
    hints = [("话务量（爱尔兰）是平均有几个客服同时在通话。", "The traffic in Erlangs is how many agents are on a call at the "
              "same time, on average."),
             ("话务量 = 每小时来电数 × 平均处理时长（小时）；秒换成小时要除以 3600。",
              "Load = calls per hour × handle time in hours; seconds become hours divided by 3600."),
             ("例：每小时 60 个来电、每通 240 秒：60 × 240 / 3600 = 4 爱尔兰。",
              "For example, 60 calls an hour at 240 s each: 60 × 240 / 3600 = 4 Erlangs.")]
    solution_text = ("话务量 6 爱尔兰意味着客服必须多于 6 名，否则队列会越排越长；要达到服务水平需要几名，由 Erlang C 公式给出。",
                     "6 Erlangs means more than 6 agents are needed, or the queue grows without bound; Erlang C gives "
                     "the number for a service level.")

    mistakes = (
        Mistake("seconds_not_hours", "没有把 180 秒换成小时", "did not turn the 180 seconds into hours",
                "来电数是“每小时”的，处理时长也要用小时：秒数 ÷ 3600。单位一致，乘出来才是同时在通话的人数。",
                "Calls are counted per hour, so the handle time must be in hours too: seconds ÷ 3600. With the same "
                "unit the product is the number of agents busy at once.",
                recompute=lambda ctx: 120 * 180),
        Mistake("minutes_not_hours", "把 180 秒换成了分钟（÷ 60），没有换成小时", "turned the 180 seconds into "
                "minutes (÷ 60), not hours",
                "来电数按小时计，时长也要按小时：一小时是 3600 秒，不是 60 秒。",
                "Calls are per hour, so the time must be in hours: an hour has 3600 seconds, not 60.",
                recompute=lambda ctx: 120 * 180 / 60),
    )

    def expected(self, shop):
        return 120 * 180 / 3600


# -- chapter 8 ----------------------------------------------------------------------------
C8a = choice_question("a16", ("投诉处理流程：记录 → 判断 → 分析 → ？ → 反馈 → 回访。空白处是哪一步？",
                              "Complaint workflow: record → judge → analyse → ? → feedback → follow-up. What is the "
                              "missing "
                              "step?"),
                   {"A": ("回复（提出处理方案）", "reply (propose a solution)"), "B": ("赔偿", "compensate"),
                    "C": ("结案", "close"), "D": ("升级给主管", "escalate to the lead")}, "A",
                   ("记录、判断、分析、回复、反馈、回访六步。", "Six steps: record, judge, analyse, reply, feedback, follow-up."),
                   chapter=8,
                   explanations={"B": ("赔偿只是某些投诉的处理结果之一，不是每起投诉都要经过的步骤；想一想分析之后、反馈之前，"
                                       "店铺要先对客户做什么。",
                                       "Compensation is one possible outcome for some complaints, not a step every "
                                       "complaint goes through; think what the shop owes the customer after the "
                                       "analysis and before the feedback."),
                                 "C": ("结案在流程的最后，回访之后才谈得上；空白处在分析和反馈之间。",
                                       "Closing comes at the very end, after the follow-up; the gap is between the "
                                       "analysis and the feedback."),
                                 "D": ("升级给主管只在一线处理不了时才需要，不是每起投诉都有的步骤；想一想分析完原因后，"
                                       "店铺要先告诉客户什么。",
                                       "Escalation is only needed when the front line cannot handle a case, not a "
                                       "step of every complaint; think what the shop tells the customer once the "
                                       "cause is analysed.")})
C8b = choice_question("a17", ("课程材料说：投诉如果得到快速处理，大约多少比例的投诉客户会留下来？",
                              "The course material says: when a complaint is handled fast, about what share of "
                              "complainants "
                              "stay?"),
                   {"A": ("约 10%", "about 10%"), "B": ("约 30%", "about 30%"), "C": ("约 70%", "about 70%"),
                    "D": ("100%", "100%")}, "C",
                   ("约 70%；而不满意的客户会告诉 8–10 个人。", "About 70%; while an unhappy customer tells 8-10 people."), chapter=8,
                   explanations={"A": ("太低了：课程的数字说明，快速处理能留住大多数投诉客户；回到投诉处理的那组数字。",
                                       "Far too low: the course's figure says fast handling keeps most complainants; "
                                       "go back to the complaint-handling figures."),
                                 "B": ("偏低：课程的数字说明，快速处理能留住的是大多数投诉客户，不是少数。",
                                       "Too low: the course's figure says fast handling keeps most complainants, not a "
                                       "minority."),
                                 "D": ("没有哪种处理能留住所有客户；课程给出的是大多数、但不是全部。",
                                       "No handling keeps every customer; the course's figure is most of them, not "
                                       "all.")})

# -- chapter 9 ----------------------------------------------------------------------------
C9a = choice_question("a18", ("RFM 模型中，R 高、F 低、M 高的客户属于哪一类？", "In the RFM model, which segment has R high, F "
                              "low, M high?"),
                   {"A": ("重要价值客户", "important value"), "B": ("重要发展客户", "important to develop"),
                    "C": ("重要保持客户", "important to retain"), "D": ("一般发展客户", "general to develop")}, "B",
                   ("M 高 → 重要；R 高 F 低 → 发展：最近买过、金额高，但次数少，要提高购买频次。",
                    "M high → important; R high F low → develop: recent and big but infrequent; raise the "
                    "frequency."), chapter=9,
                   explanations={"A": ("重要价值客户是 R、F、M 都高；这位客户 F 低。",
                                       "Important value is R, F and M all high; this customer's F is low."),
                                 "C": ("重要保持客户是 R 低、F 高（很久没来，但以前常买）；这位客户正好相反，R 高、F 低。",
                                       "Important to retain is R low, F high (not seen for long, but bought often); "
                                       "this customer is the opposite, R high and F low."),
                                 "D": ("“一般”几类客户的 M 低；这位客户 M 高。",
                                       "The 'general' segments have M low; this customer's M is high.")})


class ImportantValue(ValueQuestion):
    chapter = 9
    var = "n_important_value"
    prompt = ("计算：以 `shop.meta['end']` 为观察期末，用 `rfm_summary` → `rfm_scores` → `rfm_segments`（均值规则），"
              "“重要价值客户”（important_value）有多少人？",
              "Compute: with `shop.meta['end']` as the end of the observation and `rfm_summary` → `rfm_scores` → "
              "`rfm_segments` (mean rule), how many customers are \"important value\"?")
    hints = [("三步：截至期末算每位买家的 R、F、M，打高/低分，分成八类；再数“重要价值客户”有几位。",
              "Three steps: each buyer's R, F, M at the end of the data, high/low scores, the eight segments; then "
              "count the important-value customers."),
             ("函数依次是 `rfm_summary(..., as_of=...)`、`rfm_scores(...)`、`rfm_segments(...)`，每一步的输出是下一步的"
              "输入；`segment_code` 和代码比较得到 True/False，`.sum()` 数个数。",
              "The functions are `rfm_summary(..., as_of=...)`, `rfm_scores(...)` and `rfm_segments(...)`, each "
              "feeding the next; comparing `segment_code` with a code gives True/False, and `.sum()` counts."),
             ("例：男性客户有几位：`(shop.customers['gender'] == 'M').sum()`。",
              "For example, how many customers are male: `(shop.customers['gender'] == 'M').sum()`.")]

    mistakes = (
        Mistake("code_misspelt", "的筛选一个客户也没选中（得到 0）", "wrote a filter that matched no customer (0)",
                "比较的值必须和表里的一字不差：`segment_code` 列里是英文代码 `'important_value'`（中文名称在 `segment` "
                "列）。先用 `seg['segment_code'].unique()` 看看有哪些值。",
                "The value must match the table exactly: `segment_code` holds the English code `'important_value'` "
                "(the Chinese name is in `segment`). Look at `seg['segment_code'].unique()` first.",
                detect=lambda answer, ctx: isinstance(answer, numbers.Real) and not isinstance(answer, bool)
                and answer == 0 and bool(_important_value(ctx.shop).any())),
        _slips.share_not_count(lambda shop: float(_important_value(shop).mean())),
    )

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
                    ("B 是财务和 ERP 的指标；D 是流量指标。", "B are finance/ERP metrics; D are traffic metrics."), chapter=10,
                    explanations={"B": ("毛利率、库存周转率和应收账款是财务和 ERP 的指标，不衡量 CRM 团队与客户的关系。",
                                        "Gross margin, inventory turnover and receivables are finance and ERP metrics; "
                                        "they do not measure the CRM team's relationship with customers."),
                                  "C": ("员工人数、工资和加班时长是人力资源的指标，衡量的是员工，不是客户关系。",
                                        "Headcount, wages and overtime are human-resource metrics: about staff, not "
                                        "customer relationships."),
                                  "D": ("页面浏览量、跳出率和停留时长是网站流量指标，说的是访问，不是 CRM 团队对客户关系的成果。",
                                        "Page views, bounce rate and time on page are traffic metrics: about visits, "
                                        "not what the CRM team achieves with customers.")})


class PaymentRate(ValueQuestion):
    chapter = 10
    var = "payment_rate"
    prompt = ("计算：订单运行效率指标“付款率”——全部订单中已支付订单的比例（0 到 1）。",
              "Compute the order-efficiency KPI \"payment rate\": the share of all orders that were paid (0 to 1).")
    hints = [("付款率 = 已支付订单数 ÷ 全部订单数（包括没付款的）。", "The payment rate = paid orders ÷ all orders (the "
              "unpaid ones too)."),
             ("`payment_status == 'paid'` 给出 True/False，它的平均值就是比例。",
              "`payment_status == 'paid'` gives True/False, whose mean is the share."),
             ("例：被催付过的订单的比例是 `shop.orders['reminder_sent'].mean()`。",
              "For example, the share of orders that got a payment reminder is `shop.orders['reminder_sent'].mean()`.")]
    solution_text = ("付款率低说明下单后流失多：催付（payment reminder）能提高它。",
                     "A low payment rate means orders lost after checkout: payment reminders raise it.")

    mistakes = (
        Mistake("cancelled_share", "算的是未支付（cancelled）订单的比例", "computed the share of cancelled (unpaid) "
                "orders",
                "付款率数的是付了款的订单：条件写 `payment_status == 'paid'`；未付款的比例是 1 − 付款率。",
                "The payment rate counts the orders that were paid: the condition is `payment_status == 'paid'`; the "
                "unpaid share is 1 − the payment rate.",
                recompute=lambda ctx: float((ctx.shop.orders["payment_status"] != "paid").mean())),
        _slips.count_not_share(lambda shop: int((shop.orders["payment_status"] == "paid").sum())),
        _slips.percent_not_share(lambda shop: float((shop.orders["payment_status"] == "paid").mean())),
    )

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
