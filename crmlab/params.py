"""Parameters of the simulated shop: every default documented, with its source.

``crmlab.simulate(..., referral_share=0.4)`` overrides one parameter; a
:class:`ShopParams` object can be passed as ``params=`` to reuse a set. Unknown
names and out-of-range values raise :class:`~crmlab.errors.InvalidArgumentError`.
Figures quoted from the course material are marked "course"; the others are
realistic values for a mid-sized shop on a Chinese marketplace.
"""

from __future__ import annotations

import dataclasses
import difflib
from dataclasses import dataclass, field

from .errors import InvalidArgumentError
from .validation import check_float, check_int


def P(default, low, high, zh, en, source="typical"):  # noqa: N802 - field DSL
    """A documented parameter with its admissible range [low, high]."""
    return field(default=default, metadata={"low": low, "high": high, "zh": zh, "en": en, "source": source})


@dataclass(frozen=True)
class ShopParams:
    """All knobs of the causal shop model (see ``docs/simulation.md``)."""

    # Acquisition
    referral_share: float = P(0.60, 0.0, 1.0, "老客推荐带来的新客占比", "share of new customers who come by referral",
                              "course: ~60% of new customers come from referrals (001)")
    acquisition_growth: float = P(0.8, 0.0, 10.0, "获客量在观察期内的增长（末期相对初期）", "growth of sign-ups over the period (end vs start)")
    # Purchase behaviour (BG/NBD: rate ~ Gamma(r, alpha) per day, dropout ~ Beta(a, b))
    bgnbd_r: float = P(0.45, 0.01, 50.0, "BG/NBD 购买率 Gamma 分布形状参数 r", "BG/NBD shape r of the purchase-rate Gamma")
    bgnbd_alpha: float = P(100.0, 0.1, 10_000.0, "BG/NBD 购买率 Gamma 分布尺度参数 alpha（天）", "BG/NBD scale alpha of the purchase-rate Gamma (days)")
    bgnbd_a: float = P(1.0, 0.01, 100.0, "BG/NBD 流失概率 Beta 分布参数 a", "BG/NBD dropout Beta parameter a")
    bgnbd_b: float = P(2.2, 0.01, 100.0, "BG/NBD 流失概率 Beta 分布参数 b", "BG/NBD dropout Beta parameter b")
    # Spend (Gamma-Gamma: order value ~ Gamma(p, nu), nu ~ Gamma(q, gamma))
    gg_p: float = P(6.0, 0.1, 100.0, "Gamma-Gamma 客单价形状参数 p", "Gamma-Gamma order-value shape p")
    gg_q: float = P(4.0, 1.01, 100.0, "Gamma-Gamma 参数 q", "Gamma-Gamma q")
    gg_gamma: float = P(60.0, 0.1, 100_000.0, "Gamma-Gamma 参数 gamma（决定平均客单价约 p*gamma/(q-1) 元）",
                        "Gamma-Gamma gamma (mean order value about p*gamma/(q-1) CNY)")
    # Seasonality
    double11_boost: float = P(6.0, 1.0, 50.0, "双十一当天的订单倍数", "order multiplier on 11.11 (Singles' Day)")
    six18_boost: float = P(2.5, 1.0, 50.0, "6.18 当天的订单倍数", "order multiplier on 6.18")
    spring_festival_dip: float = P(0.5, 0.05, 1.0, "春节假期的订单倍数", "order multiplier during the Spring Festival holiday")
    # Payment
    unpaid_rate: float = P(0.10, 0.0, 0.9, "下单后未付款的订单比例", "share of orders left unpaid at checkout")
    reminder_rate: float = P(0.60, 0.0, 1.0, "未付款订单中发送催付的比例", "share of unpaid orders sent a payment reminder (催付)")
    pay_after_reminder: float = P(0.45, 0.0, 1.0, "催付后付款的概率", "probability an unpaid order is paid after a reminder")
    pay_without_reminder: float = P(0.20, 0.0, 1.0, "未催付自行付款的概率", "probability an unpaid order is paid without a reminder")
    # Delivery, reviews, complaints
    late_rate: float = P(0.12, 0.0, 1.0, "平日物流超时的比例", "share of late deliveries on ordinary days")
    review_rate: float = P(0.45, 0.0, 1.0, "签收后留下评价的比例", "share of delivered orders that get a review")
    complaint_base_rate: float = P(0.006, 0.0, 0.5, "准时送达且质量正常时的投诉率", "complaint rate of an on-time order of good quality")
    complaint_fast_hours: float = P(24.0, 1.0, 720.0, "“快速处理”投诉的回复时限（小时）", "reply time limit of a fast complaint handling (hours)")
    complaint_retention_fast: float = P(0.70, 0.0, 1.0, "快速处理的投诉客户留存率", "share of complainants kept when handled fast",
                                        "course: ~70% of complainants stay when the complaint is handled fast (001)")
    complaint_retention_slow: float = P(0.25, 0.0, 1.0, "处理很慢（超过 3 倍时限）的投诉客户留存率", "share of complainants kept when handling is very slow (over 3x the limit)")
    experience_churn: float = P(0.25, 0.0, 1.0, "糟糕体验（严重超时或劣质商品）后悄悄流失的概率上限",
                                "highest probability of quietly leaving after a bad experience (very late parcel, poor product)",
                                "course: unhappy customers leave or go to competitors (001: 94% turn to a rival after poor service)")
    # Service
    inquiry_share: float = P(0.30, 0.0, 1.0, "下单前有售前咨询的订单比例", "share of orders preceded by a pre-sale inquiry")
    inquiry_conversion: float = P(0.45, 0.05, 0.95, "售前咨询平均转化率（询单转化率）", "average inquiry-to-order conversion")
    n_agents: int = P(16, 1, 1000, "客服人数", "number of service agents")
    # Surveys
    survey_waves_per_year: int = P(4, 0, 12, "每年满意度调查轮数", "satisfaction survey waves per year")
    survey_invite_share: float = P(0.30, 0.0, 1.0, "每轮邀请的近期客户比例", "share of recent customers invited each wave")
    survey_base_response: float = P(0.20, 0.0, 1.0, "基础回复率", "base response rate")
    # Campaigns
    n_campaigns: int = P(8, 0, 200, "营销活动数量", "number of campaigns")
    campaign_target_share: float = P(0.35, 0.01, 1.0, "每个活动覆盖的老客比例", "share of existing customers each campaign targets")
    control_share: float = P(0.5, 0.05, 0.95, "A/B 测试中对照组比例", "share of the control group in an A/B test")
    # Membership and points
    points_per_yuan: float = P(1.0, 0.0, 100.0, "每消费 1 元获得积分", "points earned per CNY spent")
    tier_thresholds: tuple = P((500.0, 2000.0, 8000.0), None, None, "银卡/金卡/钻石会员的累计消费门槛（元）",
                               "cumulative spend for silver / gold / diamond (CNY)")
    # Call center
    calls_per_order: float = P(0.5, 0.0, 10.0, "每笔订单带来的来电数", "inbound calls per order")
    call_handle_seconds: float = P(240.0, 10.0, 7200.0, "平均通话处理时长（秒）", "mean handling time of a call (seconds)")
    call_patience_seconds: float = P(120.0, 1.0, 3600.0, "来电者平均耐心（秒）", "mean patience of a caller (seconds)")
    # Size of the catalogue and of the CLV horizon
    n_products: int = P(240, 20, 100_000, "商品数量（SKU）", "number of products (SKUs)")
    clv_horizon_days: int = P(365, 1, 3650, "真实 CLV 的预测期（天）", "horizon of the true CLV (days)")
    # Marketplace service (chapter 8): chats, refunds, delivery care, bad reviews, follow-ups, word of mouth
    chat_inquiry_rate: float = P(0.8, 0.0, 1.0, "每笔订单对应的售前聊天数（询单量/订单量）",
                                 "pre-sale chats per order placed (inquiries per order)",
                                 "typical: 30-60% of marketplace buyers ask before buying; chapter 8 询单 (003)")
    chat_conversion: float = P(0.55, 0.05, 0.95, "30 秒内首次响应的售前聊天的成交率（询单转化率）",
                               "conversion of a pre-sale chat first answered in 30 seconds (询单转化)",
                               "typical: marketplace 询单转化率 40-60%")
    chat_response_effect: float = P(0.35, 0.0, 3.0, "首次响应时间每翻一倍，成交对数几率下降多少",
                                    "fall in the log-odds of conversion per doubling of the first-response time",
                                    "typical: slow replies lose buyers to other shops")
    chat_max_concurrency: int = P(5, 1, 30, "每位客服同时接待的聊天上限（千牛）",
                                  "most chats one agent handles at once (千牛 workbench)",
                                  "typical: marketplace agents hold 3-8 chats at once")
    chat_staffing_concurrency: float = P(2.5, 0.5, 30.0, "排班按每位客服平均同时接待几个聊天来计划",
                                         "open chats per agent the shop plans for when it staffs an ordinary hour")
    chat_response_base_seconds: float = P(15.0, 1.0, 600.0, "客服空闲时的首次响应时间（秒）",
                                          "first-response time of an agent with no other open chat (seconds)",
                                          "typical: marketplace first-response targets are 15-30 s")
    chat_seconds_per_chat: float = P(8.0, 0.0, 300.0, "客服每多一个同时进行的聊天，首次响应增加的秒数",
                                     "seconds added to the first response per other chat the agent has open")
    chat_resolution_minutes: float = P(8.0, 0.5, 240.0, "只接待一个聊天时的平均解决时长（分钟）",
                                       "mean time to resolve a chat when the agent has no other (minutes)")
    refund_base_rate: float = P(0.04, 0.0, 0.5, "准时送达、质量正常时的退款/退货申请率（按品类加权，服饰最高）",
                                "refund or return request rate of an on-time order of good quality (weighted by category, apparel highest)",
                                "typical; 7-day no-reason returns for online purchases (PRC Consumer Rights Protection Law, art. 25)")
    refund_late_rate: float = P(0.03, 0.0, 0.5, "每超时一天增加的退款申请率（最多计 5 天）",
                                "extra refund request rate per day late (up to 5 days)")
    refund_quality_rate: float = P(0.12, 0.0, 1.0, "劣质商品（质量 < 0.55）增加的退款申请率",
                                   "extra refund request rate for a poor product (quality < 0.55)")
    refund_reject_rate: float = P(0.10, 0.0, 1.0, "退款申请被商家拒绝的比例", "share of refund requests the shop rejects")
    refund_complaint_rate: float = P(0.45, 0.0, 1.0, "退款被拒后投诉的概率", "probability of a complaint after a rejected refund")
    care_message_share: float = P(0.7, 0.0, 1.0, "签收后发送关怀消息的订单比例（其余随机不发，便于估计效果）",
                                  "share of delivered orders sent a delivery-care message (the rest, at random, get none)",
                                  "course: 签收关怀 delivery care (003, chapter 8)")
    care_rating_effect: float = P(0.4, -2.0, 3.0, "签收关怀使评价潜在分数提高多少星", "rise of the latent review score from a care message (stars)")
    bad_review_handling_rate: float = P(0.8, 0.0, 1.0, "商家联系处理的差评比例（其余随机不处理）",
                                        "share of bad reviews the shop contacts the reviewer about (the rest, at random, not)",
                                        "course: 差评处理 handling bad reviews (003, chapter 8)")
    bad_review_revise_rate: float = P(0.35, 0.01, 0.99, "12 小时内以道歉解释处理的差评被改为好评的概率",
                                      "probability a bad review handled within 12 hours with an apology is revised to good")
    bad_review_revise_decay: float = P(0.4, 0.0, 3.0, "处理时间每翻一倍，改评对数几率下降多少",
                                       "fall in the log-odds of a revision per doubling of the handling time")
    followup_share: float = P(0.2, 0.0, 1.0, "每月回访抽取的近 180 天有购买的老客比例",
                              "share of customers who bought in the last 180 days drawn for each monthly follow-up wave",
                              "course: old-customer maintenance by follow-up visits (000)")
    followup_window_days: int = P(30, 1, 365, "衡量回访效果的复购窗口（天）", "window after a follow-up in which its effect on repurchase lands (days)")
    followup_uplift_im: float = P(0.03, 0.0, 1.0, "即时聊天工具（旺旺/千牛、微信）回访带来额外订单的概率",
                                  "probability an IM follow-up (旺旺/千牛, WeChat) brings an extra order",
                                  "course: 即时聊天工具回访 (000)")
    followup_uplift_sms: float = P(0.015, 0.0, 1.0, "短信回访带来额外订单的概率", "probability an SMS follow-up brings an extra order")
    followup_uplift_email: float = P(0.01, 0.0, 1.0, "电子邮件回访带来额外订单的概率", "probability an e-mail follow-up brings an extra order",
                                     "course: 电子邮件回访 (000)")
    followup_uplift_phone: float = P(0.06, 0.0, 1.0, "电话回访带来额外订单的概率", "probability a phone follow-up brings an extra order",
                                     "course: 电话回访 makes customers feel valued (000)")
    followup_uplift_visit: float = P(0.15, 0.0, 1.0, "登门拜访（仅重要老客）带来额外订单的概率",
                                     "probability a visit (important customers only) brings an extra order", "course: 登门拜访 (000)")
    followup_cost_im: float = P(0.5, 0.0, 10_000.0, "每次即时聊天回访成本（元，客服时间）", "cost of an IM follow-up (CNY, agent time)")
    followup_cost_sms: float = P(0.05, 0.0, 10_000.0, "每条短信成本（元）", "cost of an SMS (CNY)")
    followup_cost_email: float = P(0.02, 0.0, 10_000.0, "每封邮件成本（元）", "cost of an e-mail (CNY)")
    followup_cost_phone: float = P(3.0, 0.0, 10_000.0, "每通回访电话成本（元，客服时间）", "cost of a follow-up call (CNY, agent time)")
    followup_cost_visit: float = P(80.0, 0.0, 10_000.0, "每次登门拜访成本（元）", "cost of a visit (CNY)")
    wom_tell_happy: float = P(0.15, 0.0, 1.0, "满意的购物经历被讲给别人的概率", "probability a happy experience is told to others")
    wom_tell_unhappy: float = P(0.5, 0.0, 1.0, "不满意的购物经历被讲给别人的概率", "probability an unhappy experience is told to others")
    wom_people_happy: float = P(2.5, 1.0, 50.0, "满意客户平均告诉几个人", "people a happy customer tells, on average",
                                "course: happy customers tell 2-3 people (001)")
    wom_people_unhappy: float = P(9.0, 1.0, 100.0, "不满客户平均告诉几个人", "people an unhappy customer tells, on average",
                                  "course: unhappy customers tell 8-10 people (001)")

    def __post_init__(self):
        for f in dataclasses.fields(self):
            value = getattr(self, f.name)
            low, high = f.metadata["low"], f.metadata["high"]
            if f.name == "tier_thresholds":
                ok = (not isinstance(value, str | bytes | dict) and hasattr(value, "__iter__")
                      and hasattr(value, "__len__") and len(value) == 3)  # a tuple, list or numpy array
                if ok:
                    try:
                        value = tuple(check_float(f.name, v, low=0, low_open=True) for v in value)
                    except InvalidArgumentError:
                        ok = False
                if not ok or list(value) != sorted(value):
                    raise InvalidArgumentError(
                        f"tier_thresholds 必须是三个递增的正数（银卡、金卡、钻石），但传入的是 {value!r}。"
                        "例如 tier_thresholds=(500, 2000, 8000)。",
                        f"tier_thresholds must be three increasing positive numbers (silver, gold, diamond), but "
                        f"{value!r} was passed. For example tier_thresholds=(500, 2000, 8000).",
                    )
                object.__setattr__(self, f.name, value)
                continue
            # Whole numbers may come as 16.0 or numpy scalars; store plain int / float.
            check = check_int if f.type == "int" else check_float
            value = check(f.name, value, example=f"{f.name}={f.default!r}")
            if not (low <= value <= high):
                raise InvalidArgumentError(
                    f"参数 {f.name}={value!r} 超出范围：应在 {low} 到 {high} 之间（{f.metadata['zh']}）。",
                    f"Parameter {f.name}={value!r} is out of range: it must lie between {low} and {high} ({f.metadata['en']}).",
                )
            object.__setattr__(self, f.name, value)

    @classmethod
    def from_kwargs(cls, base: ShopParams | dict | None = None, **overrides) -> ShopParams:
        """Build parameters from ``base`` (a ShopParams, a dict of them, or the defaults) and keyword overrides."""
        if base is not None and not isinstance(base, ShopParams):
            from collections.abc import Mapping

            if not isinstance(base, Mapping):
                why = "（这是类型本身，不是一个值）" if isinstance(base, type) else ""
                why_en = " (the type itself, not a value)" if isinstance(base, type) else ""
                raise InvalidArgumentError(
                    f"参数 `params` 必须是 crmlab.ShopParams 或参数字典，但传入的是 {base!r}{why}。"
                    "例如 params=crmlab.ShopParams(referral_share=0.4) 或 params={'referral_share': 0.4}。",
                    f"`params` must be a crmlab.ShopParams or a dict of parameters, but {base!r} was passed{why_en}. "
                    "For example params=crmlab.ShopParams(referral_share=0.4) or params={'referral_share': 0.4}.",
                )
            bad = [k for k in base if not isinstance(k, str)]
            if bad:
                raise InvalidArgumentError(f"参数字典的键必须是参数名（文字），但有 {bad[0]!r}。",
                                           f"The keys of a parameter dict must be parameter names (text), not {bad[0]!r}.")
            overrides = {**{k: (tuple(v) if isinstance(v, list) else v) for k, v in base.items()}, **overrides}
            base = None
        names = [f.name for f in dataclasses.fields(cls)]
        for key in overrides:
            if key not in names:
                close = difflib.get_close_matches(key, names, n=1)
                zh_hint = f"您是不是想用 {close[0]!r}？" if close else ""
                en_hint = f" Did you mean {close[0]!r}?" if close else ""
                raise InvalidArgumentError(
                    f"未知的模拟参数 {key!r}。{zh_hint}可用参数见 crmlab.ShopParams 或 docs/simulation.md。",
                    f"Unknown simulation parameter {key!r}.{en_hint} See crmlab.ShopParams or docs/simulation.md for the list.",
                )
        return dataclasses.replace(base or cls(), **overrides)

    def to_dict(self) -> dict:
        return {f.name: (list(v) if isinstance(v := getattr(self, f.name), tuple) else v)
                for f in dataclasses.fields(self)}

    @classmethod
    def from_dict(cls, d: dict) -> ShopParams:
        d = {k: (tuple(v) if isinstance(v, list) else v) for k, v in d.items()}
        return cls.from_kwargs(**d)

    @classmethod
    def describe(cls) -> str:
        """A Markdown table of every parameter, its default, range and source."""
        rows = ["| parameter | default | range | 说明 | meaning | source |", "|---|---|---|---|---|---|"]
        for f in dataclasses.fields(cls):
            m = f.metadata
            rng = "" if m["low"] is None else f"{m['low']} – {m['high']}"
            rows.append(f"| `{f.name}` | {f.default!r} | {rng} | {m['zh']} | {m['en']} | {m['source']} |")
        return "\n".join(rows)
