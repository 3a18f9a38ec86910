"""Customer loyalty and membership (chapter 5).

* :func:`loyalty_segments` / :func:`loyalty_matrix` -- the attitudinal x behavioural
  loyalty matrix (Dick & Basu): no loyalty 非忠诚, inertia 惯性忠诚, latent 潜在忠诚,
  absolute loyalty 绝对忠诚;
* :func:`survival_by_tier`, :func:`retention_by_tier` -- how long customers of each
  member tier keep buying (Kaplan-Meier curves from :mod:`crmlab.analysis.survival`);
* :class:`PointsScheme` -- a points and tier design (earn rate, tier thresholds and
  rights, redemption value and minimum, expiry) that :meth:`PointsScheme.simulate`
  runs on the shop's real orders to give points issued, redeemed, expired,
  outstanding liability in CNY and an estimated change in purchases;
  :meth:`PointsResult.check_budget` and :meth:`PointsScheme.check_design` are checks
  an exercise can ask a design to pass;
* :func:`points_ledger_summary` -- the shop's actual points ledger over time.
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd

from .._i18n import get_locale, text
from ..errors import InvalidArgumentError
from ..schema import LABELS
from ..validation import check_float, check_int, check_random_state
from ._tables import paid_orders
from ._validation import require_columns, require_nonempty
from .survival import kaplan_meier

__all__ = [
    "LOYALTY_LABELS", "TIERS", "loyalty_segments", "loyalty_matrix", "survival_by_tier",
    "retention_by_tier", "PointsScheme", "PointsResult", "points_ledger_summary",
]

TIERS = ("regular", "silver", "gold", "diamond")
LOYALTY_LABELS = {
    "no_loyalty": ("非忠诚", "no loyalty"),
    "inertia": ("惯性忠诚", "inertia loyalty"),
    "latent": ("潜在忠诚", "latent loyalty"),
    "absolute": ("绝对忠诚", "absolute loyalty"),
}


def _paid(shop):
    o = require_columns(shop.orders, ["order_id", "customer_id", "order_time", "payment_status", "amount"], "orders")
    return require_nonempty(paid_orders(o), "orders")


# ----------------------------------------------------------------- loyalty matrix
def loyalty_segments(shop, *, responses=None, attitude: str = "nps", attitude_threshold: float | None = None,
                     window_days: int = 365, min_orders: int = 2, locale: str | None = None) -> pd.DataFrame:
    """Place each surveyed customer in the attitudinal x behavioural loyalty matrix.

    Attitude is what customers say: their latest NPS answer (promoter, 9-10) or
    overall satisfaction (4-5 on 5). Behaviour is what they do: ``min_orders`` or
    more paid orders in the last ``window_days`` of the data (repeat purchase).

    ==========  ============  ===========================================================
    attitude    behaviour     segment
    ==========  ============  ===========================================================
    high        high          ``absolute`` 绝对忠诚: likes the shop and keeps buying
    low         high          ``inertia`` 惯性忠诚: keeps buying out of habit or
                              convenience; lost to the first better offer
    high        low           ``latent`` 潜在忠诚: likes the shop but buys little
                              (price, range, access): remove the obstacle
    low         low           ``no_loyalty`` 非忠诚
    ==========  ============  ===========================================================

    Parameters
    ----------
    shop : crmlab.Shop
        Its ``orders`` (paid ones count; the window ends at the last order) and,
        without ``responses``, its ``surveys``.
    responses : pandas.DataFrame, optional
        Answers with ``customer_id`` and the attitude column (default: the shop's
        ``surveys``, latest answer per customer). Simulated answers from
        :meth:`~crmlab.analysis.Questionnaire.simulate_responses` work too.
    attitude : {"nps", "q_overall"} or str, default="nps"
        Column measuring attitude.
    attitude_threshold : float, optional
        Answers at or above it are "high" (default 9 for ``nps``, 4 otherwise).
    window_days : int, default=365
    min_orders : int, default=2
    locale : {"zh", "en"}, optional

    Returns
    -------
    pandas.DataFrame
        One row per surveyed customer: ``customer_id``, ``attitude_score``,
        ``orders_in_window``, ``attitude_high``, ``behaviour_high``, ``loyalty`` (code)
        and ``loyalty_label``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import loyalty_segments
    >>> seg = loyalty_segments(crmlab.load_dataset("classroom"), locale="en")
    >>> seg["loyalty"].value_counts().to_dict()
    {'no_loyalty': 16, 'latent': 13, 'inertia': 10, 'absolute': 9}
    """
    if responses is None:
        responses = shop.surveys
        require_columns(responses, ["customer_id", "responded", attitude], "surveys")
        responses = responses[responses["responded"]]
        if "response_time" in responses:
            responses = responses.sort_values("response_time")
    require_columns(responses, ["customer_id", attitude], "responses")
    window_days = check_int("window_days", window_days, low=1, example="window_days=365")
    min_orders = check_int("min_orders", min_orders, low=1, example="min_orders=2")
    thr = attitude_threshold if attitude_threshold is not None else (9 if attitude == "nps" else 4)
    r = responses.dropna(subset=[attitude]).drop_duplicates("customer_id", keep="last")
    r = require_nonempty(r, "responses")
    o = _paid(shop)
    end = o["order_time"].max()
    n = o[o["order_time"] > end - pd.Timedelta(days=window_days)].groupby("customer_id").size()
    out = pd.DataFrame({"customer_id": r["customer_id"].to_numpy(),
                        "attitude_score": r[attitude].astype(float).to_numpy()})
    out["orders_in_window"] = n.reindex(out["customer_id"]).fillna(0).astype(int).to_numpy()
    out["attitude_high"] = out["attitude_score"] >= thr
    out["behaviour_high"] = out["orders_in_window"] >= min_orders
    out["loyalty"] = np.select([out["attitude_high"] & out["behaviour_high"], ~out["attitude_high"] & out["behaviour_high"],
                                out["attitude_high"] & ~out["behaviour_high"]], ["absolute", "inertia", "latent"],
                               "no_loyalty")
    loc = locale or get_locale()
    out["loyalty_label"] = out["loyalty"].map({k: text(*v, loc) for k, v in LOYALTY_LABELS.items()})
    return out.sort_values("customer_id", ignore_index=True)


def loyalty_matrix(segments, *, normalize: bool = False, locale: str | None = None) -> pd.DataFrame:
    """The 2 x 2 loyalty matrix of :func:`loyalty_segments`.

    Parameters
    ----------
    segments : pandas.DataFrame
        The result of :func:`loyalty_segments` (``attitude_high``, ``behaviour_high``).
    normalize : bool, default=False
        Shares of all customers instead of counts.
    locale : {"zh", "en"}, optional
        Language of the labels.

    Returns
    -------
    pandas.DataFrame
        Rows: attitude (high / low); columns: behaviour (high / low); cells: number of
        customers (or shares with ``normalize=True``), labelled in zh/en; the cell
        names are in ``.attrs["segments"]``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import loyalty_matrix, loyalty_segments
    >>> seg = loyalty_segments(crmlab.load_dataset("classroom"))
    >>> loyalty_matrix(seg, locale="en").to_numpy().tolist()
    [[9, 13], [10, 16]]
    """
    require_columns(segments, ["attitude_high", "behaviour_high"], "segments")
    loc = locale or get_locale()
    hi, lo = text("高", "high", loc), text("低", "low", loc)
    att = pd.Categorical(np.where(segments["attitude_high"], hi, lo), categories=[hi, lo])
    beh = pd.Categorical(np.where(segments["behaviour_high"], hi, lo), categories=[hi, lo])
    m = pd.crosstab(pd.Series(att, name=text("态度", "attitude", loc)),
                    pd.Series(beh, name=text("行为", "behaviour", loc)), dropna=False)
    if normalize:
        m = m / m.to_numpy().sum()
    lab = {k: text(*v, loc) for k, v in LOYALTY_LABELS.items()}
    m.attrs["segments"] = {(hi, hi): lab["absolute"], (lo, hi): lab["inertia"], (hi, lo): lab["latent"],
                           (lo, lo): lab["no_loyalty"]}
    return m


# ----------------------------------------------------------------- survival
def _lifetimes(shop, inactivity_days, tier):
    o = _paid(shop)
    end = shop.orders["order_time"].max()
    g = o.groupby("customer_id")["order_time"]
    life = pd.DataFrame({"first": g.min(), "last": g.max()})
    lapsed = (end - life["last"]) > pd.Timedelta(days=inactivity_days)
    life["event"] = lapsed
    life["duration"] = ((life["last"].where(lapsed, end) - life["first"]).dt.total_seconds() / 86400).clip(lower=0)
    if tier is None:
        cu = require_columns(shop.customers, ["customer_id", "member_tier"], "customers")
        life["tier"] = cu.set_index("customer_id")["member_tier"].reindex(life.index)
    elif isinstance(tier, str):
        cu = require_columns(shop.customers, ["customer_id", tier], "customers")
        life["tier"] = cu.set_index("customer_id")[tier].reindex(life.index)
    else:
        life["tier"] = pd.Series(tier).reindex(life.index)
    return life


def survival_by_tier(shop, *, inactivity_days: int = 180, tier=None, locale: str | None = None) -> pd.DataFrame:
    """Kaplan-Meier curves of customer lifetime, one per member tier.

    A customer's lifetime runs from their first paid order; they count as lapsed at
    their last order when they have not bought for ``inactivity_days`` by the end of
    the data, and as still active (censored) otherwise. Note that the shop's
    ``member_tier`` is the tier at the *end*: customers who stayed longer had more
    time to climb, so higher tiers look more durable partly by construction; pass
    ``tier`` (a Series indexed by ``customer_id``, e.g. the tier after the first
    year) to avoid that.

    Parameters
    ----------
    shop : crmlab.Shop
        Its ``orders`` (paid ones count; the data end at the last order) and, without
        ``tier``, its ``customers``.
    inactivity_days : int, default=180
        Days without an order after which a customer counts as lapsed.
    tier : str or pandas.Series, optional
        A column of ``customers`` or a Series by ``customer_id`` to group by
        (default ``member_tier``).
    locale : {"zh", "en"}, optional
        Language of ``tier_label``.

    Returns
    -------
    pandas.DataFrame
        :func:`kaplan_meier` columns plus ``tier`` and ``tier_label``; the median
        lifetime per tier is in ``.attrs["median_days"]``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import survival_by_tier
    >>> km = survival_by_tier(crmlab.load_dataset("classroom"), locale="en")
    >>> km["tier"].unique().tolist(), round(km.attrs["median_days"]["regular"])
    (['regular', 'silver', 'gold'], 190)
    """
    inactivity_days = check_int("inactivity_days", inactivity_days, low=1, example="inactivity_days=180")
    life = _lifetimes(shop, inactivity_days, tier)

    loc = locale or get_locale()
    parts, medians = [], {}
    for t, g in life.groupby("tier", observed=True, sort=False):
        km = kaplan_meier(g["duration"], g["event"])
        if km.empty:  # nobody in this tier has lapsed yet: the curve stays at 1
            km = pd.DataFrame([{col: np.nan for col in km.columns}])
            km["time"], km["survival"] = 0.0, 1.0
            if "at_risk" in km:
                km["at_risk"] = len(g)
        km.insert(0, "tier", t)
        zh, en = LABELS["member_tier"].get(t, (t, t))
        km.insert(1, "tier_label", text(zh, en, loc))
        below = km.loc[km["survival"] <= 0.5, "time"]
        medians[t] = float(below.iloc[0]) if len(below) else np.inf
        parts.append(km)
    order = {t: i for i, t in enumerate(TIERS)}
    out = pd.concat(parts, ignore_index=True)
    out = out.sort_values(["tier", "time"], key=lambda s: s.map(order).fillna(99) if s.name == "tier" else s,
                          ignore_index=True)
    out.attrs["median_days"] = medians
    return out


def retention_by_tier(shop, *, period_days: int = 30, n_periods: int = 12, tier=None) -> pd.DataFrame:
    """Share of each tier's customers who buy in period k after their first order.

    Only customers observed for the whole period k count in its denominator.

    Parameters
    ----------
    shop : crmlab.Shop
        As in :func:`survival_by_tier`.
    period_days : int, default=30
        Length of a period.
    n_periods : int, default=12
        Periods after the first order to follow.
    tier : str or pandas.Series, optional
        As in :func:`survival_by_tier`.

    Returns
    -------
    pandas.DataFrame
        Rows: tiers; columns: periods 1..``n_periods`` (period 0, the first
        purchase, is 100% by definition); values: share of customers active.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import retention_by_tier
    >>> retention_by_tier(crmlab.load_dataset("classroom"), n_periods=6).shape
    (3, 6)
    """
    period_days = check_int("period_days", period_days, low=1, example="period_days=30")
    n_periods = check_int("n_periods", n_periods, low=1, example="n_periods=12")
    o = _paid(shop)
    end = shop.orders["order_time"].max()
    life = _lifetimes(shop, 10**6, tier)
    first = life["first"].reindex(o["customer_id"]).to_numpy()
    k = ((o["order_time"].to_numpy() - first) / np.timedelta64(1, "D") // period_days).astype(int)
    act = pd.DataFrame({"customer_id": o["customer_id"].to_numpy(), "k": k})
    act = act[(act["k"] >= 1) & (act["k"] <= n_periods)].drop_duplicates()
    act["tier"] = life["tier"].reindex(act["customer_id"]).to_numpy()
    active = act.groupby(["tier", "k"]).size().unstack("k").reindex(columns=range(1, n_periods + 1)).fillna(0)
    obs_days = (end - life["first"]).dt.total_seconds() / 86400
    denom = pd.DataFrame({k: (obs_days >= (k + 1) * period_days).groupby(life["tier"]).sum()
                          for k in range(1, n_periods + 1)})
    out = (active.reindex(denom.index).fillna(0) / denom.where(denom > 0))
    order = [t for t in TIERS if t in out.index] + [t for t in out.index if t not in TIERS]
    out = out.reindex(order)
    out.index.name, out.columns.name = "tier", "period"
    return out


# ----------------------------------------------------------------- points scheme
@dataclass
class PointsResult:
    """What a :class:`PointsScheme` does on a shop: see :meth:`PointsScheme.simulate`.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import PointsScheme
    >>> result = PointsScheme().simulate(crmlab.load_dataset("classroom"), random_state=0)
    >>> float(result.summary["points_issued"]), result.by_tier.index.tolist()
    (114057.0, ['regular', 'silver', 'gold'])
    """

    summary: pd.Series
    timeline: pd.DataFrame
    by_tier: pd.DataFrame
    customers: pd.DataFrame
    scheme: PointsScheme = field(repr=False)

    def check_budget(self, max_cost_share: float = 0.05) -> bool:
        """True when the scheme's cost stays within ``max_cost_share`` of revenue.

        Cost = value of redeemed points + tier discounts + the face value of points
        still outstanding (a liability the shop will owe), divided by the revenue of
        the simulated period.

        Parameters
        ----------
        max_cost_share : float, default=0.05
            The budget, as a share of revenue.

        Returns
        -------
        bool

        Examples
        --------
        >>> import crmlab
        >>> from crmlab.analysis import PointsScheme
        >>> PointsScheme().simulate(crmlab.load_dataset("classroom"), random_state=0).check_budget(0.05)
        True
        """
        max_cost_share = check_float("max_cost_share", max_cost_share, low=0, high=1, low_open=True, high_open=True,
                                     example="max_cost_share=0.05")
        return bool(self.summary["cost_share"] <= max_cost_share)

    def _repr_markdown_(self) -> str:
        s = self.summary
        return (f"**points**: issued {s['points_issued']:,.0f} · redeemed {s['points_redeemed']:,.0f} · "
                f"expired {s['points_expired']:,.0f} · outstanding {s['points_outstanding']:,.0f} "
                f"(liability ¥{s['liability_cny']:,.0f}) · cost share {s['cost_share']:.2%} · "
                f"extra orders {s['extra_orders']:,.0f}")


@dataclass
class PointsScheme:
    """A membership and points design.

    Parameters
    ----------
    earn_rate : float, default=1.0
        Points per CNY paid.
    tier_thresholds : tuple of 3 floats, default=(500, 2000, 8000)
        Cumulative spend (CNY) to reach silver, gold and diamond.
    tier_multipliers : tuple of 4 floats, default=(1.0, 1.2, 1.5, 2.0)
        Earn multiplier of regular, silver, gold, diamond members (a tier right).
    tier_discounts : tuple of 4 floats, default=(0, 0, 0.02, 0.05)
        Member price discount of each tier, as a share of the amount paid.
    point_value : float, default=0.01
        CNY a point is worth when redeemed (100 points = 1 CNY).
    min_redeem : int, default=100
        Smallest balance that can be redeemed.
    expiry_months : int or None, default=12
        Points expire this many months after they are earned (None: never).
    redeem_base : float, default=0.15
        Probability of redeeming an eligible balance at an order, plus
        ``redeem_price_weight`` times the customer's price sensitivity (as the shop's
        own ledger does).
    redeem_price_weight : float, default=0.5
    elasticity : float, default=2.0
        Behavioural assumption of the purchase lift: a customer with price
        sensitivity ``s`` facing an effective reward rate ``r`` (value of points
        they will redeem plus discount, per CNY) buys ``elasticity * s * r`` more
        often; a customer within 20% of the next tier threshold buys
        ``proximity_lift`` more often (goal gradient). Lifts are relative to no
        scheme and are an assumption to discuss, not a measurement.
    proximity_lift : float, default=0.05

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import PointsScheme
    >>> scheme = PointsScheme(tier_thresholds=(400, 1500, 6000), expiry_months=24)
    >>> bool(scheme.check_design()["ok"].all())
    True
    >>> result = scheme.simulate(crmlab.load_dataset("classroom"), random_state=0)
    >>> bool(result.summary["cost_share"] < 0.05)
    True
    """

    earn_rate: float = 1.0
    tier_thresholds: tuple = (500.0, 2000.0, 8000.0)
    tier_multipliers: tuple = (1.0, 1.2, 1.5, 2.0)
    tier_discounts: tuple = (0.0, 0.0, 0.02, 0.05)
    point_value: float = 0.01
    min_redeem: int = 100
    expiry_months: int | None = 12
    redeem_base: float = 0.15
    redeem_price_weight: float = 0.5
    elasticity: float = 2.0
    proximity_lift: float = 0.05

    def __post_init__(self):
        def nums(name, v, n):
            if not isinstance(v, tuple | list) or len(v) != n or not all(
                    isinstance(x, int | float) and not isinstance(x, bool) and x >= 0 for x in v):
                raise InvalidArgumentError(f"{name} 应为 {n} 个非负数，而不是 {v!r}。",
                                           f"{name} must be {n} non-negative numbers, not {v!r}.")
            return tuple(float(x) for x in v)

        self.tier_thresholds = nums("tier_thresholds", self.tier_thresholds, 3)
        self.tier_multipliers = nums("tier_multipliers", self.tier_multipliers, 4)
        self.tier_discounts = nums("tier_discounts", self.tier_discounts, 4)
        if list(self.tier_thresholds) != sorted(self.tier_thresholds) or self.tier_thresholds[0] <= 0:
            raise InvalidArgumentError("tier_thresholds 必须是递增的正数（银卡 < 金卡 < 钻石）。",
                                       "tier_thresholds must be increasing positive numbers (silver < gold < diamond).")
        if any(d >= 1 for d in self.tier_discounts):
            raise InvalidArgumentError("tier_discounts 是折扣比例，必须小于 1（如 0.05 表示 5%）。",
                                       "tier_discounts are shares and must be below 1 (0.05 means 5%).")
        for name in ("earn_rate", "point_value", "redeem_base", "redeem_price_weight", "elasticity", "proximity_lift"):
            check_float(name, getattr(self, name), low=0)
        if self.redeem_base + self.redeem_price_weight > 1:
            raise InvalidArgumentError("redeem_base + redeem_price_weight 不能超过 1（是概率）。",
                                       "redeem_base + redeem_price_weight must not exceed 1 (it is a probability).")
        self.min_redeem = check_int("min_redeem", self.min_redeem, low=0, example="min_redeem=100")
        self.expiry_months = check_int("expiry_months", self.expiry_months, low=1, allow_none=True,
                                       example="expiry_months=12")

    # -------------------------------------------------------------- design checks
    def check_design(self, *, locale: str | None = None) -> pd.DataFrame:
        """Rules of thumb a good scheme follows; one row per rule with ``ok`` and a message.

        Rules: multipliers and discounts do not fall with the tier; the reward rate of
        the top tier stays under 10% of spend; points live at least 6 months; the
        minimum redemption is reachable with at most 1,000 CNY of spend; tiers are
        spaced at least 2x apart so each is a real step.

        Parameters
        ----------
        locale : {"zh", "en"}, optional
            Language of ``message``.

        Returns
        -------
        pandas.DataFrame
            ``rule``, ``ok`` and ``message``, one row per rule.

        Examples
        --------
        >>> from crmlab.analysis import PointsScheme
        >>> d = PointsScheme(expiry_months=3).check_design(locale="en")
        >>> d.loc[~d["ok"], "rule"].tolist()
        ['expiry']
        """
        loc = locale or get_locale()
        top_reward = self.earn_rate * self.tier_multipliers[3] * self.point_value + self.tier_discounts[3]
        th = self.tier_thresholds
        spend_to_redeem = self.min_redeem / max(self.earn_rate * self.tier_multipliers[0], 1e-12)
        rules = [
            ("rights_increase", all(np.diff(self.tier_multipliers) >= 0) and all(np.diff(self.tier_discounts) >= 0),
             "等级越高，权益（积分倍数、折扣）不应越少。", "Higher tiers must not get fewer rights (multiplier, discount)."),
            ("reward_rate", top_reward <= 0.10,
             f"最高等级的回馈率为 {top_reward:.1%}，应不超过 10%。", f"The top tier's reward rate is {top_reward:.1%}; keep it within 10%."),
            ("expiry", self.expiry_months is None or self.expiry_months >= 6,
             "积分有效期不应短于 6 个月，否则客户来不及使用。", "Points should live at least 6 months, or customers cannot use them."),
            ("redeem_reachable", spend_to_redeem <= 1000,
             f"兑换门槛应在消费 1,000 元以内可达（普通会员现需 {spend_to_redeem:,.0f} 元）。",
             f"The minimum redemption should be reachable within 1,000 CNY of spend (a regular member now needs {spend_to_redeem:,.0f})."),
            ("tier_spacing", th[1] >= 2 * th[0] and th[2] >= 2 * th[1],
             "相邻等级门槛至少相差一倍，升级才有意义。", "Each tier threshold should be at least twice the previous one."),
        ]
        return pd.DataFrame([{"rule": r, "ok": bool(ok), "message": text(zh, en, loc)} for r, ok, zh, en in rules])

    # -------------------------------------------------------------- simulation
    def simulate(self, shop, *, random_state=None, freq: str = "M") -> PointsResult:
        """Run the scheme on the shop's real paid orders.

        Each paid order earns ``floor(amount * earn_rate * multiplier[tier])``
        points, the tier following cumulative spend before the order. At each order
        a customer whose unexpired balance reaches ``min_redeem`` redeems all of it
        with probability ``redeem_base + redeem_price_weight * price_sensitivity``
        (price sensitivity from ``shop.truth``; 0.4 for everyone without it).
        Points not redeemed expire ``expiry_months`` after they were earned;
        those neither redeemed nor expired at the end are outstanding.

        Parameters
        ----------
        shop : crmlab.Shop
            Its ``orders`` (paid ones), ``order_items`` and ``products`` (for the
            gross margin) and, when present, ``truth`` (price sensitivity).
        random_state : int, numpy.random.Generator or None, default=None
            Randomness of the redemption draws: a fixed number gives the same
            result for the same design.
        freq : str, default="M"
            pandas period frequency of ``timeline``.

        Returns
        -------
        PointsResult
            ``summary`` (points issued / redeemed / expired / outstanding,
            ``liability_cny`` = outstanding x point value, ``expected_liability_cny``
            adjusted by the share of points that end redeemed, redeemed value,
            discount cost, total ``cost`` and ``cost_share`` of revenue,
            ``extra_orders`` and ``extra_revenue`` from the behavioural assumption
            and ``extra_margin`` at the shop's gross margin); ``timeline`` per
            ``freq`` period; ``by_tier``; ``customers`` (per customer).

        Examples
        --------
        >>> import crmlab
        >>> from crmlab.analysis import PointsScheme
        >>> shop = crmlab.load_dataset("classroom")
        >>> never = PointsScheme(expiry_months=None).simulate(shop, random_state=0).summary
        >>> default = PointsScheme().simulate(shop, random_state=0).summary
        >>> bool(never["liability_cny"] > default["liability_cny"]), float(never["points_expired"])
        (True, 0.0)
        """
        rng = check_random_state(random_state)
        o = _paid(shop).sort_values(["customer_id", "order_time"], kind="stable")
        cust = o["customer_id"].to_numpy()
        t = o["order_time"].to_numpy()
        amount = np.maximum(o["amount"].to_numpy(dtype=float)
                            - (o["refund_amount"].to_numpy(dtype=float) if "refund_amount" in o else 0.0), 0)
        n = cust.size
        start = np.r_[True, cust[1:] != cust[:-1]]
        grp_start = np.maximum.accumulate(np.where(start, np.arange(n), 0))
        rank = np.arange(n) - grp_start
        cum = np.cumsum(amount)
        spend_before = cum - amount - np.r_[0, cum][grp_start]
        tier = np.searchsorted(self.tier_thresholds, spend_before, side="right")
        earn = np.floor(amount * self.earn_rate * np.array(self.tier_multipliers)[tier])
        discount = amount * np.array(self.tier_discounts)[tier]
        # Earliest order whose points are still valid at order i (same customer).
        if self.expiry_months is None:
            exp_at = np.full(n, np.datetime64("NaT"), dtype="datetime64[ns]")
            lo_valid = grp_start.copy()
        else:
            exp_at = (pd.DatetimeIndex(t) + pd.DateOffset(months=self.expiry_months)).to_numpy()
            cutoff = (pd.DatetimeIndex(t) - pd.DateOffset(months=self.expiry_months)).to_numpy()
            # Orders sorted by (customer, time): search the composite key per customer.
            key_t = t.astype("int64")
            off = np.cumsum(start) - 1
            big = np.int64(key_t.max() - key_t.min() + 2)
            composite = off * big + (key_t - key_t.min())
            lo_valid = np.searchsorted(composite, off * big + (cutoff.astype("int64") - key_t.min()), side="right")
            lo_valid = np.maximum(lo_valid, grp_start)
        cs = np.r_[0.0, np.cumsum(earn)]  # cs[j] = sum of earn[:j]
        truth = getattr(shop, "truth", None)
        if truth is not None and "price_sensitivity" in getattr(truth, "columns", []):
            ps_c = truth.set_index("customer_id")["price_sensitivity"]
            ps = ps_c.reindex(cust).fillna(0.4).to_numpy()
        else:
            ps = np.full(n, 0.4)
        p_redeem = self.redeem_base + self.redeem_price_weight * ps
        u = rng.random(n)
        # Walk order ranks (the k-th order of every customer at once); the state per
        # customer is the first order whose points are not yet redeemed.
        redeemed_pts = np.zeros(n)
        max_rank = int(rank.max()) if n else 0
        idx_by_rank = np.argsort(rank, kind="stable")
        bounds = np.searchsorted(rank[idx_by_rank], np.arange(max_rank + 2))
        cur_cut = np.arange(n)  # read at group-start positions
        redeem_row = np.zeros(n, bool)
        for k in range(1, max_rank + 1):
            rows = idx_by_rank[bounds[k]:bounds[k + 1]]
            g = grp_start[rows]
            lo = np.maximum(cur_cut[g], lo_valid[rows])
            bal = cs[rows] - cs[lo]  # valid points earned by orders lo .. row-1
            do = (bal >= max(self.min_redeem, 1)) & (u[rows] < p_redeem[rows])
            redeemed_pts[rows[do]] = bal[do]
            redeem_row[rows[do]] = True
            cur_cut[g[do]] = rows[do]
        # Fate of each order's points: the next redemption of the customer takes them
        # if still valid then; otherwise they expired; with no later redemption they
        # expire at their date or stay outstanding at the end.
        end = shop.orders["order_time"].max()
        nxt = pd.Series(np.where(redeem_row, np.arange(n), n), dtype="int64")
        nxt = nxt.shift(-1, fill_value=n).where(~np.r_[start[1:], True], n)  # strictly later, same customer
        nxt = nxt[::-1].groupby(grp_start[::-1]).cummin()[::-1].to_numpy()
        has_next = nxt < n
        lot_redeemed = has_next & (lo_valid[np.minimum(nxt, n - 1)] <= np.arange(n))
        if self.expiry_months is None:
            lot_expired = np.zeros(n, bool)
        else:
            lot_expired = (has_next & ~lot_redeemed) | (~has_next & (exp_at <= np.datetime64(end)))
        outstanding = ~lot_redeemed & ~lot_expired
        issued = earn.sum()
        n_redeemed = redeemed_pts.sum()
        n_expired = earn[lot_expired].sum()
        n_outstanding = earn[outstanding].sum()
        revenue = amount.sum()
        redeemed_value = n_redeemed * self.point_value
        discount_cost = discount.sum()
        liability = n_outstanding * self.point_value
        closed = n_redeemed + n_expired
        redeem_share = n_redeemed / closed if closed > 0 else 1.0
        cost = redeemed_value + discount_cost + liability * redeem_share
        # Behavioural assumption: purchase-rate lift per customer.
        reward_rate = (self.earn_rate * np.array(self.tier_multipliers)[tier] * self.point_value * p_redeem
                       + np.array(self.tier_discounts)[tier])
        nxt = np.array(self.tier_thresholds + (np.inf,))[tier]
        near = (tier < 3) & (nxt - (spend_before + amount) <= 0.2 * nxt)
        lift = self.elasticity * ps * reward_rate + self.proximity_lift * near
        extra_orders = lift.sum()
        extra_revenue = (lift * amount).sum()
        margin = _gross_margin(shop)
        summary = pd.Series({
            "orders": float(n), "revenue": revenue, "points_issued": issued, "points_redeemed": n_redeemed,
            "points_expired": n_expired, "points_outstanding": n_outstanding, "liability_cny": liability,
            "expected_liability_cny": liability * redeem_share, "redeemed_value_cny": redeemed_value,
            "discount_cost_cny": discount_cost, "cost": cost, "cost_share": cost / revenue if revenue else np.nan,
            "redemption_rate": redeem_share, "extra_orders": extra_orders, "extra_revenue": extra_revenue,
            "gross_margin": margin, "extra_margin": extra_revenue * margin,
            "net_effect": extra_revenue * margin - cost,
        })
        ev = pd.DataFrame({"period": pd.DatetimeIndex(t).to_period(freq), "issued": earn, "redeemed": redeemed_pts,
                           "tier": np.array(TIERS)[tier], "orders": 1, "revenue": amount, "points_issued": earn,
                           "points_redeemed": redeemed_pts, "discount_cost_cny": discount, "extra_orders": lift})
        tl = ev.groupby("period")[["issued", "redeemed"]].sum()
        tl_exp = pd.DataFrame({"period": pd.DatetimeIndex(exp_at[lot_expired]).to_period(freq),
                               "expired": earn[lot_expired]}).groupby("period")["expired"].sum()
        tl = tl.reindex(tl.index.union(tl_exp.index), fill_value=0.0)
        tl["expired"] = tl_exp.reindex(tl.index).fillna(0.0)
        tl["outstanding"] = (tl["issued"] - tl["redeemed"] - tl["expired"]).cumsum()
        tl["liability_cny"] = tl["outstanding"] * self.point_value
        tl.index.name = "period"
        bt = ev.groupby("tier")[["orders", "revenue", "points_issued", "points_redeemed", "discount_cost_cny",
                                 "extra_orders"]].sum()
        bt = bt.reindex([x for x in TIERS if x in bt.index])
        bt.index.name = "tier"
        cu = pd.DataFrame({"customer_id": cust, "earn": earn, "redeemed": redeemed_pts, "tier": tier,
                           "outstanding": np.where(outstanding, earn, 0.0), "lift": lift})
        customers = cu.groupby("customer_id").agg(points_issued=("earn", "sum"), points_redeemed=("redeemed", "sum"),
                                                  points_outstanding=("outstanding", "sum"), final_tier=("tier", "max"),
                                                  extra_orders=("lift", "sum"))
        customers["final_tier"] = np.array(TIERS)[customers["final_tier"].to_numpy()]
        return PointsResult(summary=summary, timeline=tl, by_tier=bt, customers=customers, scheme=self)

    def check_budget(self, shop, max_cost_share: float = 0.05, *, random_state=0) -> bool:
        """Simulate on ``shop`` and say whether the cost stays within ``max_cost_share`` of revenue.

        Parameters
        ----------
        shop : crmlab.Shop
            As in :meth:`simulate`.
        max_cost_share : float, default=0.05
            The budget, as a share of revenue.
        random_state : int, numpy.random.Generator or None, default=0
            As in :meth:`simulate`.

        Returns
        -------
        bool

        Examples
        --------
        >>> import crmlab
        >>> from crmlab.analysis import PointsScheme
        >>> PointsScheme(earn_rate=20).check_budget(crmlab.load_dataset("classroom"), 0.05)
        False
        """
        return self.simulate(shop, random_state=random_state).check_budget(max_cost_share)


def _gross_margin(shop) -> float:
    it, pr = getattr(shop, "order_items", None), getattr(shop, "products", None)
    if it is None or pr is None or not {"product_id", "quantity", "line_amount"} <= set(it.columns):
        return 0.3
    cost = (it["quantity"] * pr.set_index("product_id")["cost"].reindex(it["product_id"]).to_numpy()).sum()
    rev = it["line_amount"].sum()
    return float(1 - cost / rev) if rev > 0 else 0.3


def points_ledger_summary(points_ledger, *, freq: str = "M", point_value: float = 0.01) -> pd.DataFrame:
    """The shop's actual points ledger per period: issued, redeemed, expired, outstanding.

    Parameters
    ----------
    points_ledger : pandas.DataFrame
        The ``points_ledger`` table (``event_time``, ``event_type``, ``points``).
    freq : str, default="M"
        pandas period frequency.
    point_value : float, default=0.01
        CNY per point, to value the outstanding balance (the liability).

    Returns
    -------
    pandas.DataFrame
        One row per period: ``issued``, ``redeemed``, ``expired`` (all positive
        point counts), ``net``, ``outstanding`` (running balance over all members),
        ``liability_cny`` and ``redemption_rate`` (redeemed / (redeemed + expired)
        so far). A growing liability is money the shop owes its members.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import points_ledger_summary
    >>> ledger = points_ledger_summary(crmlab.load_dataset("classroom").points_ledger)
    >>> round(float(ledger["liability_cny"].iloc[-1]), 2)
    641.83
    """
    pl = require_nonempty(require_columns(points_ledger, ["event_time", "event_type", "points"], "points_ledger"),
                          "points_ledger")
    per = pl["event_time"].dt.to_period(freq)
    tab = pl["points"].abs().groupby([per, pl["event_type"]]).sum().unstack("event_type")
    tab = tab.reindex(columns=["earn", "redeem", "expire"]).fillna(0)
    tab.columns = ["issued", "redeemed", "expired"]
    tab["net"] = tab["issued"] - tab["redeemed"] - tab["expired"]
    tab["outstanding"] = tab["net"].cumsum()
    tab["liability_cny"] = tab["outstanding"] * point_value
    closed = (tab["redeemed"] + tab["expired"]).cumsum()
    tab["redemption_rate"] = tab["redeemed"].cumsum() / closed.where(closed > 0)
    tab.index.name = "period"
    return tab
