"""Chapter 3 exercises: customer information management: channels, the profile card,
cleaning and deduplicating records, the customer database (第三章：客户信息管理).

``from crmlab.exercises.customer_information import *`` gives ``q1`` ... ``q11``, ``RAW_SEED`` and the
blank ``____``. The raw records of the exercises are
``messy_customer_records(shop, random_state=RAW_SEED).records``.

====  =======================  ===========================================================
q1    ChoiceQuestion           indirect channels of customer information (several)
q2    ChoiceQuestion           客户资料卡 vs 客户名册
q3    TableQuestion            ``card``: the profile card of the best customer
q4    FunctionQuestion         ``clean_phone(phones)``: standard 11-digit numbers or NA
q5.a  ValueQuestion            ``n_bad_phones``: raw phones present but unusable
q5.b  ValueQuestion            ``n_people``: customers after deduplication (vs the truth)
q6    DesignQuestion           ``schema_sql``: the customer database with keys and CHECKs
q7    TableQuestion            ``persona``: a profile (画像) of each member tier
q8    ReflectionQuestion       keeping customer information good (and lawful)
q9.a  ChoiceQuestion           ways of collecting customer information: 统计资料法
q9.b  ChoiceQuestion           ... 观察法
q9.c  ChoiceQuestion           ... 多向沟通法
q10.a ChoiceQuestion           the four kinds of 客户信息分析: 客户商业行为分析
q10.b ChoiceQuestion           ... 客户特征分析
q10.c ChoiceQuestion           ... 客户忠诚分析
q10.d ChoiceQuestion           ... 客户价值分析
q11   ReflectionQuestion       case discussion: the messy records before the member calls
====  =======================  ===========================================================
"""

from __future__ import annotations

import re
import sqlite3

import pandas as pd

from ..analysis import messy_customer_records, normalize_phone
from ..analysis._tables import paid_orders
from ..mistakes import Mistake
from . import _slips
from ._compare import compare_values
from ._core import (ChoiceQuestion, DesignQuestion, FunctionQuestion, MultipartQuestion, ReflectionQuestion, Rule,
                    TableQuestion, ValueQuestion, ____, bind)
from ._feedback import Incorrect
from ._rules import has_foreign_key, has_primary_key, has_table, not_null, schema_from_sql

RAW_SEED = 2024
DEDUP_RTOL = 0.02  # a deduplication within 2% of the true number of customers passes
CARD_COLUMNS = ["customer_id", "name", "gender", "age", "province", "city", "member_tier", "first_order",
                "last_order", "n_orders", "total_spent", "n_tickets", "n_complaints", "favourite_category"]


# -- reference computations ----------------------------------------------------------------
def raw_records(shop):
    return messy_customer_records(shop, random_state=RAW_SEED)


def profile_cards(shop, customer_ids=None) -> pd.DataFrame:
    """客户资料卡: one row per customer with what the shop knows about them."""
    paid = paid_orders(shop.orders)
    c = shop.customers
    if customer_ids is not None:
        c = c[c["customer_id"].isin(customer_ids)]
        paid = paid[paid["customer_id"].isin(customer_ids)]
    per = paid.groupby("customer_id").agg(first_order=("order_time", "min"), last_order=("order_time", "max"),
                                          n_orders=("order_id", "size"), total_spent=("amount", "sum"))
    lines = shop.order_items.merge(paid[["order_id", "customer_id"]], on="order_id").merge(
        shop.products[["product_id", "category"]], on="product_id")
    by_cat = lines.groupby(["customer_id", "category"])["line_amount"].sum().reset_index()
    fav = (by_cat.sort_values(["customer_id", "line_amount", "category"], ascending=[True, False, True])
           .drop_duplicates("customer_id").set_index("customer_id")["category"].rename("favourite_category"))
    out = (c[["customer_id", "name", "gender", "age", "province", "city", "member_tier"]]
           .merge(per, on="customer_id", how="left")
           .merge(shop.service_tickets.groupby("customer_id").size().rename("n_tickets"), on="customer_id",
                  how="left")
           .merge(shop.complaints.groupby("customer_id").size().rename("n_complaints"), on="customer_id", how="left")
           .merge(fav, on="customer_id", how="left"))
    out[["n_orders", "total_spent", "n_tickets", "n_complaints"]] = \
        out[["n_orders", "total_spent", "n_tickets", "n_complaints"]].fillna(0)
    return out[CARD_COLUMNS].reset_index(drop=True)


def best_customer(shop) -> int:
    s = paid_orders(shop.orders).groupby("customer_id")["amount"].sum()
    return int(s.idxmax())


def persona(shop, how="left", fill=True) -> pd.DataFrame:
    paid = paid_orders(shop.orders)
    per = paid.groupby("customer_id").agg(n_orders=("order_id", "size"), spend=("amount", "sum"))
    t = shop.customers.merge(per, on="customer_id", how=how)
    if fill:
        t = t.fillna({"n_orders": 0, "spend": 0.0})
    out = t.groupby("member_tier").agg(customers=("customer_id", "size"),
                                       female_share=("gender", lambda g: (g == "F").mean()),
                                       mean_age=("age", "mean"), avg_orders=("n_orders", "mean"),
                                       avg_spend=("spend", "mean"))
    return out.reset_index()


def most_orders_customer(shop) -> int:
    """The slip of q3: the customer with the most paid orders, not the highest spend."""
    return int(paid_orders(shop.orders).groupby("customer_id").size().idxmax())


def _phone_text(phones, nfkc=True):
    s = phones.astype("str")
    return (s.str.normalize("NFKC") if nfkc else s).str.replace(r"[\s\-().]", "", regex=True)


def _prefix_dropped(text):
    return text.str.replace(r"^(?:\+86|0086|86)(?=1\d{10}$)", "", regex=True)


def _valid_only(text):
    return text.where(text.str.fullmatch(r"1[3-9]\d{9}").fillna(False).astype(bool))


def phones_prefix_kept(phones):
    """q4 without dropping the country code: numbers written with +86 / 0086 / 86 are lost."""
    return _valid_only(_phone_text(phones))


def phones_not_nfkc(phones):
    """q4 without turning full-width digits into half-width ones."""
    return _valid_only(_prefix_dropped(_phone_text(phones, nfkc=False)))


def phones_not_validated(phones):
    """q4 without the final check: whatever is left after removing symbols and prefixes is kept."""
    return _prefix_dropped(_phone_text(phones))


# -- questions -------------------------------------------------------------------------------
class Indirect(ChoiceQuestion):
    var = "indirect"
    multiple = True
    prompt = ("下面哪些是收集客户信息的**间接**渠道？（可多选，例如 \"AC\"）",
              "Which of these are **indirect** channels of customer information? (several, e.g. \"AC\")")
    options = {"A": ("客户在店铺注册时填写的表单", "the form a customer fills in when signing up"),
               "B": ("客服与客户的聊天和通话记录", "chats and calls between service staff and the customer"),
               "C": ("向客户发放的满意度问卷", "a satisfaction questionnaire sent to customers"),
               "D": ("合作伙伴或行业协会提供的名单", "lists from partners or trade associations"),
               "E": ("公开的统计资料、行业报告和媒体报道", "public statistics, industry reports and the press"),
               "F": ("面谈（访谈）", "interviews")}
    answer = {"D", "E"}
    hints = [("直接渠道：店铺与客户本人接触而得到的信息；间接渠道：从第三方或公开资料得到。",
              "Direct: the shop learns it from the customer in person; indirect: from third parties or public "
              "sources.")]
    explanations = {"A": ("注册表单是客户本人填给店铺的，信息直接来自客户：这是直接渠道。",
                          "The sign-up form is filled in by the customer for the shop: the information comes straight "
                          "from the customer, a direct channel."),
                    "B": ("聊天和通话是客服与客户本人的接触，信息直接来自客户：这是直接渠道。",
                          "Chats and calls are the agent's contact with the customer in person: a direct channel."),
                    "C": ("问卷发给客户本人、由客户自己回答（问卷调查法），信息直接来自客户：这是直接渠道。",
                          "A questionnaire is answered by the customer in person (the questionnaire method): a direct "
                          "channel."),
                    "F": ("面谈（访谈法）是与客户面对面交流，信息直接来自客户本人：这是直接渠道。",
                          "An interview (the interview method) is face to face with the customer: a direct "
                          "channel.")}


class CardVsRoll(ChoiceQuestion):
    var = "card_vs_roll"
    prompt = ("客户资料卡和客户名册有什么区别？", "What is the difference between a customer profile card (客户资料卡) and "
              "a customer roll (客户名册)?")
    options = {"A": ("没有区别，两者是同一张表", "none, they are the same table"),
                "B": ("资料卡是一位客户一张、记录详细信息和往来；名册是全部客户的清单，每人一行、只列关键信息",
                      "a card is one per customer with detailed information and history; the roll lists all "
                      "customers, one line each with the key facts"),
                "C": ("资料卡只记录企业客户，名册只记录个人客户", "cards are for business customers, the roll for "
                      "individuals"),
                "D": ("名册比资料卡更详细", "the roll is more detailed than the cards")}
    answer = "B"
    hints = [("想一想：一张卡片 vs 一本花名册。", "Think: one card per person vs a list of names.")]
    explanations = {"A": ("两者不是同一张表：它们覆盖的人数和记录的详细程度都不同。想一想一张卡片和一本花名册各装得下什么。",
                          "They are not the same table: they differ in how many customers they cover and how much they "
                          "record. Think what fits on a card and what fits in a roll of names."),
                    "C": ("资料卡和名册都可以用于个人客户和企业客户；区别不在客户的类型，而在一份记录写多细、覆盖多少人。",
                          "Both cards and rolls serve individual and business customers alike; the difference is not "
                          "the kind of customer but how detailed a record is and how many customers it covers."),
                    "D": ("名册要把全部客户列在一起，每人只占一行，放不下详细的往来记录；比一比两者各记录多少内容。",
                          "A roll lists all customers together, one line each, with no room for a detailed history; "
                          "compare how much each one records.")}


class Card(TableQuestion):
    var = "card"
    key = "customer_id"
    row_label = "customer_id"
    prompt = ("为已支付消费额最高的客户填写客户资料卡：一行，列 " + ", ".join(CARD_COLUMNS) +
              "（first_order/last_order：首次/最近一次已支付订单时间；favourite_category：该客户已支付订单中"
              "`line_amount` 合计最高的品类）。",
              "Fill the profile card of the customer with the highest paid spend: one row with the columns " +
              ", ".join(CARD_COLUMNS) + " (first_order/last_order: first/last paid order time; "
              "favourite_category: the category with the highest total `line_amount` in their paid orders).")
    hints = [("资料卡上的信息分散在几张表里：先认出是哪一位客户，再从客户表、已支付订单、工单、投诉和商品表里逐项取来。",
              "The card's facts are spread over several tables: first find which customer it is, then take each "
              "fact from the customers, the paid orders, the tickets, the complaints and the products."),
             ("找客户：按客户对已支付订单的 `amount` 求和，`.idxmax()` 给出最大值的编号。订单汇总用这位客户订单的 "
              "`order_time` 的 `min()`/`max()`、`len(...)` 和 `amount` 的 `sum()`；工单数和投诉数：比较 customer_id "
              "得到 True/False 再 `.sum()`；品类：`shop.order_items` 接上 `shop.products` 的 category，按品类对 "
              "`line_amount` 求和，取最大的那个。",
              "Finding the customer: add up `amount` of the paid orders per customer; `.idxmax()` gives the id of the "
              "largest. The order summary: `min()`/`max()` of this customer's `order_time`, `len(...)` and the "
              "`sum()` of `amount`; tickets and complaints: compare customer_id to get True/False, then `.sum()`; "
              "the category: join `shop.order_items` with `shop.products`' category, add up `line_amount` per "
              "category and take the largest."),
             ("同样的做法用在工单上：工单最多的客户是 `shop.service_tickets.groupby('customer_id').size().idxmax()`；"
              "他的工单里处理时间最长的渠道：`t = shop.service_tickets[shop.service_tickets['customer_id'] == who]`，"
              "`t.groupby('channel')['handle_minutes'].sum().idxmax()`。",
              "The same on the tickets: the customer with the most tickets is "
              "`shop.service_tickets.groupby('customer_id').size().idxmax()`; the channel with the longest handling "
              "time among their tickets: `t = shop.service_tickets[shop.service_tickets['customer_id'] == who]`, "
              "`t.groupby('channel')['handle_minutes'].sum().idxmax()`.")]
    solution_text = ("资料卡把分散在客户、订单、客服和投诉表里的信息放到一处：接待这位客户的任何同事都能马上看到他是谁、"
                     "买什么、遇到过什么问题。",
                     "The card brings together what was spread over the customers, orders, service and complaint "
                     "tables: any colleague who serves this customer sees at once who they are, what they buy and "
                     "what went wrong before.")

    mistakes = (
        Mistake("most_orders_not_spend", "选的是已支付订单最多的客户，不是已支付消费额最高的客户",
                "picked the customer with the most paid orders, not the one with the highest paid spend",
                "“消费额最高”比的是每位客户 `amount` 的合计，不是下单的次数：买得勤的客户不一定花得多。",
                "'Highest spend' compares each customer's total `amount`, not how often they ordered: a frequent "
                "buyer need not spend the most.",
                recompute=lambda ctx: profile_cards(ctx.shop, [most_orders_customer(ctx.shop)]),
                compare={"key": "customer_id"}),
        Mistake("gross_not_amount", "的 total_spent 加的是 `gross_amount`（原价合计），不是实付金额 `amount`",
                "added up `gross_amount` (the list-price total) in total_spent, not the amount paid, `amount`",
                "消费额是客户实际付的钱，折扣已经扣掉：看一看数据字典 `shop.dictionary(\"orders\")` 里两列的含义。",
                "Spend is what the customer actually paid, after discounts: look up both columns in the data "
                "dictionary `shop.dictionary(\"orders\")`.",
                recompute=lambda ctx: pd.DataFrame(
                    {"customer_id": [best_customer(ctx.shop)],
                     "total_spent": [float(paid_orders(ctx.shop.orders).groupby("customer_id")["gross_amount"].sum()
                                           .loc[best_customer(ctx.shop)])]}),
                compare={"key": "customer_id"}),
    )

    def expected(self, shop):
        return profile_cards(shop, [best_customer(shop)])


class CleanPhone(FunctionQuestion):
    var = "clean_phone"
    prompt = ("写函数 `clean_phone(phones)`：输入是手机号组成的 Series，返回索引相同的 Series：能用的号码变成 11 位数字"
              "（去掉空格、短横线、括号、点；全角数字转半角；13 位且以 86 开头、或带 +86 / 0086 前缀的去掉前缀），"
              "其余（长度不对、含字母、缺失）变成缺失值。合格的号码：1 开头、第二位 3-9、共 11 位。",
              "Write `clean_phone(phones)`: take a Series of phone numbers and return a Series with the same index: "
              "usable numbers as 11 digits (drop spaces, dashes, brackets and dots; full-width digits to half-width; "
              "drop a +86 / 0086 prefix, or 86 in front of 11 digits), everything else (wrong length, letters, "
              "missing) missing. A valid number: starts with 1, second digit 3-9, 11 digits.")
    hints = [("分三步：先统一写法（全角变半角，去掉空格和符号），再去掉国家代码前缀，最后检查是不是合格的 11 位手机号，"
              "不合格的变成缺失值。",
              "Three steps: make the writing uniform (full-width to half-width, no spaces or symbols), drop a "
              "country-code prefix, then check for a valid 11-digit mobile number and blank the rest."),
             ("`.str.normalize('NFKC')` 把全角变半角；`.str.replace(正则, '', regex=True)` 删掉字符；"
              "`.str.fullmatch(正则)` 检查整串是否合规；`.where(ok)` 把不合格的变成缺失。前缀只在后面正好跟着 11 位号码时"
              "才去掉。",
              "`.str.normalize('NFKC')` turns full-width into half-width; `.str.replace(pattern, '', regex=True)` "
              "deletes characters; `.str.fullmatch(pattern)` checks the whole string; `.where(ok)` blanks the "
              "invalid ones. Drop a prefix only when exactly an 11-digit number follows it."),
             ("例：`'１３８-0013 8000'` → NFKC 之后 `'138-0013 8000'` → 去掉空格和短横线 `'13800138000'` → 1 开头、第二位 8、"
              "共 11 位，合格。正则里 `[\\s\\-]` 表示“空白或短横线”，`^` 表示开头，`\\d{9}` 表示 9 个数字。",
              "For example, `'１３８-0013 8000'` → after NFKC `'138-0013 8000'` → without spaces and dashes "
              "`'13800138000'` → starts with 1, second digit 8, 11 digits: valid. In a pattern `[\\s\\-]` means "
              "'a space or a dash', `^` the start, `\\d{9}` nine digits.")]

    mistakes = (
        _slips.function_slip(
            "prefix_kept", "没有去掉国家代码：带 +86、0086 或 86 前缀的号码都被当成了无效号码",
            "did not drop the country code: every number written with +86, 0086 or 86 in front became missing",
            "+86 138 1234 5678 是一个能打通的号码，只是前面多了国家代码。先去掉前缀，再检查是不是 11 位；前缀只在后面正好跟着 "
            "11 位号码时才去掉。",
            "+86 138 1234 5678 is a number you can call, with a country code in front. Drop the prefix first, then "
            "check for 11 digits; drop it only when exactly an 11-digit number follows.",
            phones_prefix_kept, normalize_phone, lambda shop: CleanPhone().cases(shop)),
        _slips.function_slip(
            "fullwidth_kept", "没有把全角数字转成半角：用全角输入的号码都被当成了无效号码",
            "did not turn full-width digits into half-width ones: numbers typed in full width became missing",
            "“１３８”和“138”看起来一样，在计算机里却是不同的字符。先把全角字符统一成半角（Unicode 规范化），再去掉符号。",
            "'１３８' and '138' look alike but are different characters to a computer. Turn full-width characters "
            "into half-width ones first (Unicode normalisation), then remove the symbols.",
            phones_not_nfkc, normalize_phone, lambda shop: CleanPhone().cases(shop)),
        _slips.function_slip(
            "not_validated", "去掉符号和前缀之后没有检查号码是否合格：位数不对或含字母的号码也留下来了",
            "did not check the numbers after removing symbols and prefixes: numbers of the wrong length or with "
            "letters stayed in",
            "清洗的最后一步是检查：剩下的是不是 1 开头、第二位 3-9、共 11 位的数字？不合格的号码打不通，应该变成缺失值。",
            "The last step of cleaning is the check: is what is left 11 digits, starting with 1 and then 3-9? A "
            "number that fails cannot be called and should become missing.",
            phones_not_validated, normalize_phone, lambda shop: CleanPhone().cases(shop)),
    )

    def reference(self, phones):
        return normalize_phone(phones)

    def cases(self, shop):
        tiny = pd.Series(["+86 138-1234-5678", "１３８１２３４５６７８", "8613812345678", "(138)1234.5678", "1381234567",
                          "138O2345678", None, "13812345678"], index=[10, 11, 12, 13, 14, 15, 16, 17], dtype="str")
        return [(tiny,), (raw_records(shop).records["phone"],)]


class BadPhones(ValueQuestion):
    var = "n_bad_phones"
    prompt = ("原始记录（`raw`）里有多少个手机号**填了但用不了**（清洗后变成缺失）？",
              "How many phones in the raw records (`raw`) are **filled in but unusable** (missing after cleaning)?")
    hints = [("“填了但用不了”要两个条件同时成立：原始手机号不是空的，清洗之后却是空的。",
              "'Filled in but unusable' needs both: the raw phone is not empty, and the cleaned one is."),
             ("`.notna()` 和 `.isna()` 各给出一个 True/False 的 Series，用 `&` 连起来，`.sum()` 数个数；清洗用 q4 的 "
              "`clean_phone`。",
              "`.notna()` and `.isna()` each give a True/False Series; join them with `&` and count with `.sum()`; "
              "clean with q4's `clean_phone`."),
             ("例：年龄填了、但不在 0–120 之间的记录数：`(raw['age'].notna() & ~raw['age'].between(0, 120)).sum()`。",
              "For example, the records with an age filled in but outside 0-120: "
              "`(raw['age'].notna() & ~raw['age'].between(0, 120)).sum()`.")]

    mistakes = (
        Mistake("missing_counted", "把原本就没填的手机号也算进去了（数的是清洗后所有的缺失值）",
                "counted the phones that were never filled in too (all the missing values after cleaning)",
                "“填了但用不了”有两个条件：原始记录里有号码，清洗之后却没有了。原本就空着的号码不是“用不了”，而是“没填”。",
                "'Filled in but unusable' has two conditions: the raw record has a phone, and cleaning removed it. "
                "A phone that was never filled in is missing, not unusable.",
                recompute=lambda ctx: int(normalize_phone(raw_records(ctx.shop).records["phone"]).isna().sum())),
        Mistake("share_not_count", "算的是比例，不是个数", "computed a share, not a count",
                "题目问有多少个号码：True/False 用 `.sum()` 数个数，`.mean()` 得到的是比例。",
                "The question asks how many phones: `.sum()` counts the True values, `.mean()` gives a share.",
                recompute=lambda ctx: float((raw_records(ctx.shop).records["phone"].notna()
                                             & normalize_phone(raw_records(ctx.shop).records["phone"]).isna())
                                            .mean())),
    )

    def expected(self, shop):
        raw = raw_records(shop).records
        return int((raw["phone"].notna() & normalize_phone(raw["phone"]).isna()).sum())


class People(ValueQuestion):
    var = "n_people"
    rtol = DEDUP_RTOL
    prompt = ("清洗并去重之后，原始记录里一共有多少位不同的客户？（与真实人数相差 2% 以内即通过）",
              "After cleaning and deduplication, how many different customers do the raw records describe? "
              "(within 2% of the true number passes)")
    hints = [("同一个人可能有好几条记录（手机号、省份写法不同）：先统一写法，再认出哪些记录是同一个人。",
              "One person may have several records (phones and provinces written differently): make the writing "
              "uniform first, then recognise which records are the same person."),
             ("先标准化手机号和省份得到 `clean`，再用 `find_duplicates(clean)` 给每条记录一个人员编号；不同的编号有几个"
              "（`.nunique()`），就是几个人。只用原始手机号去重会把同一个人算成几个人（写法不同的号码看起来不一样）。",
              "Standardise the phones and provinces into `clean`, then `find_duplicates(clean)` gives each record a "
              "person number; the number of distinct numbers (`.nunique()`) is the number of people. Deduplicating "
              "on the raw phones counts one person several times (the same number written differently looks "
              "different)."),
             ("例：5 条记录的人员编号是 0、0、1、2、2：3 个不同的编号，就是 3 个人。",
              "For example, 5 records with the person numbers 0, 0, 1, 2, 2: three distinct numbers, three "
              "people.")]
    solution_text = ("去重永远是权衡：规则太松会把同名的两个人合并，太严又会把同一个人算两次。",
                     "Deduplication is a trade-off: loose rules merge two namesakes, strict rules count one person "
                     "twice.")

    mistakes = (
        Mistake("records_not_people", "数的是原始记录的条数，不是人数", "counted the raw records, not the people",
                "同一位客户可能有好几条记录（从不同渠道录入、写法不同）。要数的是去重之后有几个不同的人。",
                "One customer may have several records (entered through several channels, written differently). "
                "Count how many different people remain after deduplication.",
                recompute=lambda ctx: len(raw_records(ctx.shop).records)),
        Mistake("phone_only_key", "只按清洗后的手机号去重：没有可用手机号的记录全被漏掉了",
                "deduplicated on the cleaned phone alone: every record without a usable phone was left out",
                "手机号缺失或无效的记录也是客户，不能丢掉；认人要同时看姓名、手机号、省份等几项信息，"
                "`find_duplicates` 就是这样比对的。",
                "Records without a usable phone are customers too and must not be dropped; recognising a person takes "
                "several fields together (name, phone, province), which is how `find_duplicates` compares records.",
                recompute=lambda ctx: int(normalize_phone(raw_records(ctx.shop).records["phone"]).nunique()),
                compare={"atol": 1}),
    )

    def expected(self, shop):
        return int(raw_records(shop).truth["customer_id"].nunique())

    def _check(self, answer):
        try:
            compare_values(answer, self.expected(self.shop()), name=self.var, rtol=self.rtol)
        except Incorrect:
            raise Incorrect(f"`n_people` = {answer} 离真实客户数还差得远（要求误差在 2% 以内）：手机号和省份先标准化了吗？"
                            "只按原样的手机号去重会漏掉写法不同的重复记录。",
                            f"`n_people` = {answer} is too far from the true number of customers (within 2% is "
                            "needed): did you standardise phones and provinces first? Raw phones miss the duplicates "
                            "written differently.") from None


class Q5(MultipartQuestion):
    prompt = ("清洗和去重原始客户记录。", "Clean and deduplicate the raw customer records.")
    parts = {"a": BadPhones, "b": People}


def _sqlite_reason(exc) -> tuple[str, str]:
    """SQLite's error in the student's terms (zh, en): what is missing, not an internal message."""
    text = str(exc)
    if m := re.search(r"table (\w+) has no column named (\w+)", text):
        return (f"表 {m[1]} 没有列 {m[2]}", f"table {m[1]} has no column {m[2]}")
    if m := re.search(r"no such table: (\w+)", text):
        return (f"没有表 {m[1]}", f"there is no table {m[1]}")
    if m := re.search(r"NOT NULL constraint failed: ([\w.]+)", text):
        return (f"{m[1]} 不允许为空，但测试数据没有给它值", f"{m[1]} is NOT NULL but the test row gives it no value")
    if m := re.search(r"(UNIQUE|CHECK|FOREIGN KEY) constraint failed", text):
        return (f"{m[1]} 约束拒绝了它", f"the {m[1]} constraint refused it")
    return (f"SQLite 报错：{text}", f"SQLite says: {text}")


def _rejects(sql_setup, statement, constraint):
    """A rule body: after the schema and ``sql_setup``, ``statement`` must be refused by ``constraint``.

    Refused for another reason (a missing column, another constraint) is not the rule
    working: the rule is only ticked when the constraint it names did the refusing.
    """
    def check(answer, shop):
        conn = schema_from_sql(answer)
        conn.execute("PRAGMA foreign_keys = ON")
        try:
            for s in sql_setup:
                conn.execute(s)
        except sqlite3.Error as exc:
            zh, en = _sqlite_reason(exc)
            return False, (f"没法检验：一行正常的测试数据就插不进去（{zh}）。先让上面的表和列的规则通过。",
                           f"can't be tested: a valid test row is refused ({en}). Make the rules on tables and "
                           "columns above pass first.")
        try:
            conn.execute(statement)
        except sqlite3.Error as exc:
            if f"{constraint} constraint failed" in str(exc):
                return True
            zh, en = _sqlite_reason(exc)
            return False, (f"这条语句被拒绝了，但不是因为 {constraint} 约束（{zh}）：`{statement}`",
                           f"this statement was refused, but not by a {constraint} constraint ({en}): `{statement}`")
        return False, (f"这条语句没有被拒绝：`{statement}`", f"this statement was accepted: `{statement}`")
    return check


_CUSTOMER = ("INSERT INTO customers (customer_id, name, phone, province, age) "
             "VALUES (1, '张三', '13800000001', '浙江', 30)")


class Database(DesignQuestion):
    var = "schema_sql"
    prompt = ("设计客户数据库（SQLite）：customers(customer_id, name, phone, province, age)、"
              "orders(order_id, customer_id, order_time, amount)、contacts(contact_id, customer_id, contact_time, "
              "channel)（回访记录）。要有主键和外键；姓名不能为空；同一个手机号不能出现两次；年龄只能在 0–120 之间；"
              "金额不能为负。",
              "Design the customer database (SQLite): customers(customer_id, name, phone, province, age), "
              "orders(order_id, customer_id, order_time, amount), contacts(contact_id, customer_id, contact_time, "
              "channel) (follow-ups). With primary and foreign keys; the name is required; a phone number may "
              "appear only once; age between 0 and 120; amounts not negative.")
    rules = [has_table("customers", ["customer_id", "name", "phone", "province", "age"]),
             has_table("orders", ["order_id", "customer_id", "order_time", "amount"]),
             has_table("contacts", ["contact_id", "customer_id", "contact_time", "channel"]),
             has_primary_key("customers", "customer_id"), has_primary_key("orders", "order_id"),
             has_primary_key("contacts", "contact_id"),
             has_foreign_key("orders", "customer_id", "customers", "customer_id"),
             has_foreign_key("contacts", "customer_id", "customers", "customer_id"),
             not_null("customers", "name"),
             Rule(("同一个手机号不能出现两次（UNIQUE）", "a phone number appears at most once (UNIQUE)"),
                  _rejects([_CUSTOMER], "INSERT INTO customers (customer_id, name, phone, province, age) "
                                        "VALUES (2, '李四', '13800000001', '浙江', 30)", "UNIQUE")),
             Rule(("年龄超出 0–120 被拒绝（CHECK）", "an age outside 0-120 is rejected (CHECK)"),
                  _rejects([], "INSERT INTO customers (customer_id, name, phone, province, age) "
                               "VALUES (3, '王五', '13800000003', '浙江', 200)", "CHECK")),
             Rule(("负的金额被拒绝（CHECK）", "a negative amount is rejected (CHECK)"),
                  _rejects([_CUSTOMER], "INSERT INTO orders (order_id, customer_id, order_time, amount) "
                                        "VALUES (1, 1, '2024-01-01', -5)", "CHECK")),
             Rule(("不存在的客户不能有订单（外键生效）", "an order for an unknown customer is rejected (foreign key)"),
                  _rejects([], "INSERT INTO orders (order_id, customer_id, order_time, amount) "
                               "VALUES (2, 999, '2024-01-01', 5)", "FOREIGN KEY"))]
    hints = [("唯一：`phone TEXT UNIQUE`；检查：`age INTEGER CHECK (age BETWEEN 0 AND 120)`。",
              "Unique: `phone TEXT UNIQUE`; check: `age INTEGER CHECK (age BETWEEN 0 AND 120)`."),
             ("外键：`customer_id INTEGER NOT NULL REFERENCES customers(customer_id)`。",
              "Foreign key: `customer_id INTEGER NOT NULL REFERENCES customers(customer_id)`.")]
    solution_text = ("约束让数据库自己守住数据质量：坏数据在写入的那一刻就被拒绝，而不是等到分析时才发现。",
                     "Constraints let the database guard data quality itself: bad data is refused when it is "
                     "written, not discovered later in an analysis.")


class Persona(TableQuestion):
    var = "persona"
    key = "member_tier"
    row_label = "member_tier"
    prompt = ("会员等级画像：每个 member_tier 一行，列 customers（人数）、female_share（女性比例）、mean_age（平均年龄）、"
              "avg_orders（人均已支付订单数）、avg_spend（人均已支付消费额）。没有订单的客户按 0 计。",
              "A persona of each member tier: one row per member_tier with customers (head count), female_share, "
              "mean_age, avg_orders (paid orders per customer) and avg_spend (paid spend per customer). Customers "
              "without orders count as 0.")
    hints = [("画像是“每个等级一行”的汇总：先算出每位客户的已支付订单数和消费额，接到客户表上（没买过的记 0），"
              "再按 member_tier 分组。",
              "A persona summarises one row per tier: first each customer's paid orders and spend, attached to the "
              "customers (0 for those who never bought), then group by member_tier."),
             ("每位客户：`paid.groupby('customer_id').agg(...)`；左连接 `how='left'` 之后 `.fillna(0)`；分组后用命名汇总 "
              "`.agg(新列名=(列, 方法), ...)`，人数用 `'size'`，平均用 `'mean'`；女性比例是 `gender == 'F'` 的 True/False "
              "的平均值，可以写成一个 `lambda`。",
              "Per customer: `paid.groupby('customer_id').agg(...)`; a left join `how='left'`, then `.fillna(0)`; "
              "after grouping, named aggregation `.agg(new_name=(column, how), ...)`, `'size'` for head counts, "
              "`'mean'` for means; the female share is the mean of the True/False of `gender == 'F'`, written as a "
              "`lambda`."),
             ("例：按性别做的画像：`shop.customers.groupby('gender').agg(customers=('customer_id', 'size'), "
              "mean_age=('age', 'mean'), gold_share=('member_tier', lambda t: (t == 'gold').mean()))`。",
              "For example, a persona by gender: `shop.customers.groupby('gender').agg(customers=('customer_id', "
              "'size'), mean_age=('age', 'mean'), gold_share=('member_tier', lambda t: (t == 'gold').mean()))`.")]
    mistakes = (
        _slips.inner_join(lambda shop: persona(shop, how="inner"), key="member_tier"),
        Mistake("nan_skipped_in_mean", "左连接之后没有把缺失值补成 0：求平均时没有订单的客户被跳过了",
                "did not fill the missing values with 0 after the left join, so the means skipped the customers "
                "without orders",
                "`mean()` 会跳过 NaN：没补 0 的话，avg_orders 和 avg_spend 只是买过东西的客户的平均。题目说没有订单的客户按 0 计，"
                "连接之后先 `.fillna(0)` 再分组。",
                "`mean()` skips NaN: without filling 0, avg_orders and avg_spend average the buyers only. The "
                "question counts customers without orders as 0: `.fillna(0)` after the join, then group.",
                recompute=lambda ctx: persona(ctx.shop, fill=False)[["member_tier", "avg_orders", "avg_spend"]],
                compare={"key": "member_tier"}),
        _slips.unpaid_kept(persona, key="member_tier"),
    )

    def expected(self, shop):
        return persona(shop)


class KeepItGood(ReflectionQuestion):
    var = "reflection"
    prompt = ("你清洗的原始记录里，哪种质量问题最多？它们是在哪个环节产生的？提出两条办法，让新的客户信息一开始就是干净的，"
              "并说一说收集和保存客户信息时要注意的隐私问题。",
              "Which quality problem was most common in the raw records, and where did it arise? Propose two ways to "
              "keep new customer information clean from the start, and say what privacy duties come with "
              "collecting and keeping it.")
    solution_text = ("好的回答：用数据质量报告的数字说明问题（如手机号不规范的条数、重复记录数）；指出来源（手工录入、多渠道、"
                     "没有统一格式）；办法如录入时校验格式、下拉框选择省份、数据库 UNIQUE/CHECK 约束、定期更新和去重；"
                     "隐私：只收集需要的信息、告知并取得同意、脱敏展示（138****5678）、限制访问。",
                     "A good answer quotes the quality report (e.g. non-standard phones, duplicate records); names "
                     "the causes (manual entry, many channels, no common format); proposes validation at entry, "
                     "drop-down provinces, UNIQUE/CHECK constraints, regular updates and deduplication; and on "
                     "privacy: collect only what is needed, inform and get consent, show masked numbers "
                     "(138****5678), restrict access.")


# -- the ways of collecting customer information, the four kinds of analysis, the case -------------
METHODS = {"A": ("统计资料法", "statistical records method"), "B": ("观察法", "observation method"),
           "C": ("会议现场收集法", "collecting at meetings and events"), "D": ("多向沟通法", "multi-way communication"),
           "E": ("网络收集法", "online collection"), "F": ("数据库收集法", "database collection")}
_METHOD_IS = {
    "A": ("统计资料法用的是已有的统计报表和公开的统计、行业资料；",
          "The statistical records method uses existing statistical reports and public statistics and industry "
          "data; "),
    "B": ("观察法是看客户怎么做（浏览、试用、购买），不向客户提问；",
          "The observation method watches what customers do (browse, try, buy) without asking them; "),
    "C": ("会议现场收集法是在展会、推介会、活动现场登记客户信息；",
          "Collecting at meetings and events means registering customers at fairs, launches and events; "),
    "D": ("多向沟通法是和客户、同事、合作伙伴等多方交流，拼出客户的信息；",
          "Multi-way communication pieces customer information together by talking with customers, colleagues and "
          "partners; "),
    "E": ("网络收集法从网站、电商平台和社交媒体上收集客户信息；",
          "Online collection gathers customer information from websites, marketplaces and social media; "),
    "F": ("数据库收集法从企业自己的数据库和业务系统里提取客户信息；",
          "Database collection pulls customer information out of the firm's own databases and business systems; "),
}
ANALYSES = {"A": ("客户商业行为分析", "analysis of customers' business behaviour"),
            "B": ("客户特征分析", "customer characteristics analysis"),
            "C": ("客户忠诚分析", "customer loyalty analysis"),
            "D": ("客户价值分析", "customer value analysis")}
_ANALYSIS_IS = {
    "A": ("商业行为分析看客户的购买、付款等行为：买什么、买多少、通过什么渠道；",
          "Business behaviour analysis looks at purchases and payments: what, how much, through which channel; "),
    "B": ("特征分析看客户的静态特征和偏好（年龄、性别、地区），为客户画像；",
          "Characteristics analysis looks at static traits and preferences (age, gender, region) to draw "
          "personas; "),
    "C": ("忠诚分析看客户是否重复购买、对店铺的态度和流失的风险；",
          "Loyalty analysis looks at repeat buying, attitude to the shop and the risk of leaving; "),
    "D": ("价值分析看每位客户带来的收益和它在全体中的分量；",
          "Value analysis looks at what each customer brings in and how much of the total that is; "),
}


def _matching(var, options, defs, prompt, right, tail, hint):
    """A choice among named methods or analyses; each wrong one says what it is and what the case lacks."""
    class Matching(ChoiceQuestion):
        pass
    Matching.var, Matching.prompt, Matching.options, Matching.answer = var, prompt, options, right
    Matching.explanations = {k: (defs[k][0] + tail[0], defs[k][1] + tail[1]) for k in options if k != right}
    Matching.hints = [hint]
    return Matching


_METHOD_HINT = ("先问：信息是从谁那里、用什么方式得到的？问了客户本人吗？用的是已有的资料吗？",
                "First ask: from whom and how is the information obtained? Was the customer asked? Were existing "
                "records used?")
MethodRecords = _matching(
    "method_a", METHODS, _METHOD_IS,
    ("林晓想知道店里各省客户的消费水平，她没有联系任何客户，而是翻出店铺后台的月度销售报表和统计局公布的各省居民消费数据。"
     "这是哪种客户信息收集方法？",
     "Lin Xiao wants to know how much customers spend in each province. She contacts no customer; she takes the "
     "back office's monthly sales reports and the statistics bureau's published household spending by province. "
     "Which way of collecting customer information is this?"),
    "A", ("这里林晓既没有接触客户，也没有和谁交流，用的是已经做好的报表和公开的统计数字。",
          "here Lin Xiao neither meets customers nor talks to anyone: she uses reports already made and published "
          "statistics."), _METHOD_HINT)
MethodObservation = _matching(
    "method_b", METHODS, _METHOD_IS,
    ("在一场线下快闪活动上，店员不向顾客提问，只记下每位顾客拿起、试用、又放下了哪些商品。这是哪种客户信息收集方法？",
     "At a pop-up event, the staff ask visitors nothing; they only note which products each visitor picks up, "
     "tries and puts back. Which way of collecting customer information is this?"),
    "B", ("这里店员不登记、不提问、不查资料，只是看着顾客怎么做并记下来。",
          "here the staff register nobody, ask nothing and look nothing up: they watch what visitors do and note "
          "it."), _METHOD_HINT)
MethodMultiway = _matching(
    "method_c", METHODS, _METHOD_IS,
    ("为了了解一位企业团购客户，林晓分别问了负责接待的客服、快递公司的驿站和客户公司的行政人员，把几方说法拼在一起。"
     "这是哪种客户信息收集方法？",
     "To learn about a business customer buying in bulk, Lin Xiao asks the service agent who handles it, the "
     "courier's pick-up point and the customer's office staff, and pieces their accounts together. Which way of "
     "collecting customer information is this?"),
    "D", ("这里信息来自和好几方的交谈：店里的同事、合作伙伴和客户那边的人。",
          "here the information comes from talking with several parties: colleagues, partners and people on the "
          "customer's side."), _METHOD_HINT)


class Q9(MultipartQuestion):
    prompt = ("客户信息收集的方法", "Ways of collecting customer information")
    parts = {"a": MethodRecords, "b": MethodObservation, "c": MethodMultiway}


_ANALYSIS_HINT = ("这张表回答的是什么问题：客户做了什么、客户是什么样的人、客户会不会回来，还是客户值多少？",
                  "What does the table answer: what customers did, who they are, whether they come back, or what they "
                  "are worth?")
AnalysisBehaviour = _matching(
    "analysis_a", ANALYSES, _ANALYSIS_IS,
    ("林晓按月统计每位客户买了哪些品类、每单多少钱、用什么终端下单。这属于哪一种客户信息分析？",
     "Lin Xiao counts, month by month, which categories each customer bought, how much per order and from which "
     "device. Which kind of customer information analysis is this?"),
    "A", ("这张表记的是客户的购买记录本身：买了什么、花多少、从哪里下单。",
          "this table records the purchases themselves: what was bought, for how much, from where."), _ANALYSIS_HINT)
AnalysisTraits = _matching(
    "analysis_b", ANALYSES, _ANALYSIS_IS,
    ("林晓按年龄段、性别和地区概括各等级会员的样子，写成“金卡会员多是 30 岁上下、住在一二线城市的女性”这样的句子。"
     "这属于哪一种客户信息分析？",
     "Lin Xiao sums up each member tier by age band, gender and region, in sentences such as 'gold members are "
     "mostly women around 30 in first- and second-tier cities'. Which kind of customer information analysis is "
     "this?"),
    "B", ("这里描述的是客户是什么样的人：年龄、性别、住在哪里。",
          "this describes who the customers are: age, gender, where they live."), _ANALYSIS_HINT)
AnalysisLoyalty = _matching(
    "analysis_c", ANALYSES, _ANALYSIS_IS,
    ("林晓统计客户隔多久回来买一次、有多少人一年没有回来。这属于哪一种客户信息分析？",
     "Lin Xiao counts how long customers take to come back and how many have not returned for a year. Which kind "
     "of customer information analysis is this?"),
    "C", ("这里关心的是客户会不会再回来、有多少人可能要走了。",
          "the question here is whether customers come back and how many may be leaving."), _ANALYSIS_HINT)
AnalysisValue = _matching(
    "analysis_d", ANALYSES, _ANALYSIS_IS,
    ("林晓用 ABC 分类算出每位客户的累计消费占比，把客户分成 A、B、C 三类，作为分配服务资源的依据。"
     "这属于哪一种客户信息分析？",
     "Lin Xiao computes each customer's cumulative share of spend with the ABC classification and splits customers "
     "into classes A, B and C to share out service resources. Which kind of customer information analysis is "
     "this?"),
    "D", ("这里比较的是每位客户贡献了多少钱、在全体中排第几。",
          "this compares how much money each customer brings and where they rank among all."), _ANALYSIS_HINT)


class Q10(MultipartQuestion):
    prompt = ("客户信息分析的四种类型", "The four kinds of customer information analysis")
    parts = {"a": AnalysisBehaviour, "b": AnalysisTraits, "c": AnalysisLoyalty, "d": AnalysisValue}


class CaseMessyRecords(ReflectionQuestion):
    var = "case_notes"
    prompt = ("案例讨论：会员回访前的一堆乱记录。写下你对讨论问题 1–3 的要点。",
              "Case discussion: the messy records before the member calls. Write your points on discussion "
              "questions 1-3.")
    solution_text = ("讨论要点：（1）重复记录产生在收集和收录（多个渠道各录各的，没有统一的客户编号）；手机号、省份写法混乱产生在"
                     "收集（没有统一格式和校验）；150 岁的年龄产生在收录（没有检查）和更新（资料从没核对过）。"
                     "（2）资料卡要有编号、姓名、联系方式、地区、会员等级、购买和服务记录；身份证号、收入、家庭住址的门牌号等"
                     "“有用但不该收集”，因为回访用不上。（3）主键和 UNIQUE 防重复，CHECK 防 150 岁，NOT NULL 防缺失；"
                     "同一个人换了手机号、写错了名字，只能靠流程（录入校验、定期更新和去重）。结论：信息质量取决于收集环节，"
                     "数据库约束是最后一道关；收集遵循合法、正当、必要和最小必要原则。",
                     "Points: (1) duplicates arise in collection and recording (each channel records its own, no "
                     "common customer id); messy phones and provinces arise in collection (no common format, no "
                     "validation); an age of 150 arises in recording (no check) and updating (never verified). (2) The "
                     "card needs an id, name, contact, region, member tier, purchases and service history; ID-card "
                     "numbers, income or a full home address are useful but should not be collected, since the calls "
                     "do not need them. (3) Primary keys and UNIQUE stop duplicates, CHECK stops an age of 150, NOT "
                     "NULL stops gaps; a changed phone or a misspelt name only a process can catch (validation at "
                     "entry, regular updates and deduplication). Conclusion: quality is decided at collection, "
                     "constraints are the last gate; collect lawfully, fairly, only what is necessary.")


__all__ = bind(globals(), [Indirect, CardVsRoll, Card, CleanPhone, Q5, Database, Persona, KeepItGood, Q9, Q10,
                           CaseMessyRecords]) + \
    ["____", "RAW_SEED"]
