"""Loyalty: the loyalty matrix, survival by tier, the points scheme and the ledger."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import loyalty as L
from crmlab.analysis.survival import kaplan_meier
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError


def test_loyalty_segments_definition(shop_3k):
    seg = L.loyalty_segments(shop_3k, locale="en")
    sv = shop_3k.surveys[shop_3k.surveys["responded"]]
    assert len(seg) == sv["customer_id"].nunique()
    exp = np.select([seg["attitude_high"] & seg["behaviour_high"], ~seg["attitude_high"] & seg["behaviour_high"],
                     seg["attitude_high"] & ~seg["behaviour_high"]], ["absolute", "inertia", "latent"], "no_loyalty")
    assert (seg["loyalty"] == exp).all()
    assert (seg["attitude_high"] == (seg["attitude_score"] >= 9)).all()
    # orders_in_window against plain pandas for one customer
    o = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    end = o["order_time"].max()
    cid = seg.loc[seg["orders_in_window"].idxmax(), "customer_id"]
    n = ((o["customer_id"] == cid) & (o["order_time"] > end - pd.Timedelta(days=365))).sum()
    assert seg.loc[seg["customer_id"] == cid, "orders_in_window"].item() == n
    assert set(seg["loyalty_label"]) <= {v[1] for v in L.LOYALTY_LABELS.values()}


def test_loyalty_matches_hidden_purchase_rates(shop_20k):
    seg = L.loyalty_segments(shop_20k, attitude="q_overall")
    rate = shop_20k.truth.set_index("customer_id")["purchase_rate"].reindex(seg["customer_id"]).to_numpy()
    m = pd.Series(rate).groupby(seg["loyalty"].to_numpy()).mean()
    # Behaviourally loyal customers have higher true purchase rates.
    assert min(m["absolute"], m["inertia"]) > 1.5 * max(m["latent"], m["no_loyalty"])


def test_loyalty_matrix_counts(shop_3k):
    seg = L.loyalty_segments(shop_3k)
    m = L.loyalty_matrix(seg, locale="en")
    assert m.to_numpy().sum() == len(seg)
    assert m.loc["high", "high"] == (seg["loyalty"] == "absolute").sum()
    assert m.loc["low", "high"] == (seg["loyalty"] == "inertia").sum()
    assert L.loyalty_matrix(seg, normalize=True).to_numpy().sum() == pytest.approx(1)
    with pytest.raises(ColumnError):
        L.loyalty_segments(shop_3k, attitude="no_such_item")


def test_kaplan_meier_against_statsmodels_and_textbook():
    from statsmodels.duration.survfunc import SurvfuncRight

    rng = np.random.default_rng(0)
    t = np.round(rng.exponential(100, 500))
    e = rng.random(500) < 0.7
    km = kaplan_meier(t, e)
    ref = SurvfuncRight(t, e.astype(int))
    np.testing.assert_allclose(km["time"], ref.surv_times)
    np.testing.assert_allclose(km["survival"], ref.surv_prob)
    np.testing.assert_allclose(km["se"], ref.surv_prob_se)
    np.testing.assert_array_equal(km["at_risk"], ref.n_risk)
    # Textbook: times 1,2,2,3+,4 -> S = 0.8, 0.4, 0.4*0.5 = 0.2
    small = kaplan_meier([1, 2, 2, 3, 4], [1, 1, 1, 0, 1])
    np.testing.assert_allclose(small["survival"], [0.8, 0.4, 0.0])
    with pytest.raises(InvalidArgumentError):
        kaplan_meier([1, -2], [1, 1])
    with pytest.raises(EmptyDataError):
        kaplan_meier([], [])


def test_survival_by_tier(shop_3k):
    sv = L.survival_by_tier(shop_3k, locale="en")
    assert list(dict.fromkeys(sv["tier"])) == [t for t in L.TIERS if t in set(shop_3k.customers["member_tier"])]
    last = sv.groupby("tier")["survival"].last()
    assert last["silver"] > last["regular"]
    med = sv.attrs["median_days"]
    assert med["silver"] > med["regular"]
    # Lapse by inactivity agrees with the hidden churn flag more often than not.
    life = L._lifetimes(shop_3k, 180, None)
    churned = shop_3k.truth.set_index("customer_id")["churned"].reindex(life.index)
    assert life.loc[churned, "event"].mean() > life.loc[~churned, "event"].mean() + 0.1
    with pytest.raises(InvalidArgumentError):
        L.survival_by_tier(shop_3k, inactivity_days=0)


def test_retention_by_tier(shop_3k):
    r = L.retention_by_tier(shop_3k, n_periods=6)
    assert r.shape[1] == 6 and ((r >= 0) & (r <= 1)).all().all()
    assert (r.loc["silver"] > r.loc["regular"]).all()


@pytest.fixture(scope="module")
def result(shop_3k):
    return L.PointsScheme().simulate(shop_3k, random_state=0)


def test_points_issued_match_the_shop_ledger(shop_3k):
    # The shop earns 1 point per CNY with multipliers 1/1.2/1.5/2 at 500/2000/8000: the default scheme.
    issued = L.PointsScheme().simulate(shop_3k, random_state=0).summary["points_issued"]
    ledger = shop_3k.points_ledger
    assert issued == pytest.approx(ledger.loc[ledger["event_type"] == "earn", "points"].sum(), rel=1e-3)


def test_points_conservation_and_costs(result):
    s = result.summary
    assert s["points_issued"] == pytest.approx(s["points_redeemed"] + s["points_expired"] + s["points_outstanding"])
    assert result.timeline["outstanding"].iloc[-1] == pytest.approx(s["points_outstanding"])
    assert s["liability_cny"] == pytest.approx(s["points_outstanding"] * 0.01)
    assert s["cost"] == pytest.approx(s["redeemed_value_cny"] + s["discount_cost_cny"] + s["expected_liability_cny"])
    assert s["cost_share"] == pytest.approx(s["cost"] / s["revenue"])
    assert result.by_tier["orders"].sum() == s["orders"]
    assert result.customers["points_issued"].sum() == pytest.approx(s["points_issued"])


def test_points_scheme_levers(shop_3k, result):
    base = result.summary
    never = L.PointsScheme(expiry_months=None).simulate(shop_3k, random_state=0).summary
    assert never["points_expired"] == 0 and never["liability_cny"] > base["liability_cny"]
    rich = L.PointsScheme(earn_rate=5).simulate(shop_3k, random_state=0).summary
    assert rich["points_issued"] > 4.9 * base["points_issued"]
    assert rich["extra_orders"] > base["extra_orders"] and rich["cost"] > base["cost"]
    hard = L.PointsScheme(min_redeem=100_000).simulate(shop_3k, random_state=0).summary
    assert hard["points_redeemed"] == 0
    # Price-sensitive customers respond to rewards: zero elasticity and proximity = no lift.
    none = L.PointsScheme(elasticity=0, proximity_lift=0).simulate(shop_3k, random_state=0).summary
    assert none["extra_orders"] == 0


def test_budget_and_design_checks(shop_3k, result):
    assert result.check_budget(0.05)
    assert not L.PointsScheme(earn_rate=10, point_value=0.05).check_budget(shop_3k, 0.05)
    d = L.PointsScheme().check_design(locale="en")
    assert d["ok"].all()
    bad = L.PointsScheme(tier_multipliers=(1, 2, 1.5, 3), expiry_months=3, min_redeem=5000,
                         tier_thresholds=(500, 600, 700)).check_design()
    assert set(bad.loc[~bad["ok"], "rule"]) == {"rights_increase", "expiry", "redeem_reachable", "tier_spacing"}
    with pytest.raises(InvalidArgumentError):
        result.check_budget(2)


@pytest.mark.parametrize("kw", [dict(tier_thresholds=(2000, 500, 8000)), dict(tier_discounts=(0, 0, 0, 1.5)),
                                dict(earn_rate=-1), dict(expiry_months=0), dict(min_redeem=1.5),
                                dict(tier_multipliers=(1, 2)), dict(redeem_base=0.8, redeem_price_weight=0.5)])
def test_points_scheme_bad_arguments(kw):
    with pytest.raises(InvalidArgumentError):
        L.PointsScheme(**kw)


def test_points_ledger_summary(shop_3k):
    tab = L.points_ledger_summary(shop_3k.points_ledger)
    pl = shop_3k.points_ledger
    assert tab["issued"].sum() == pl.loc[pl["event_type"] == "earn", "points"].sum()
    assert tab["expired"].sum() == -pl.loc[pl["event_type"] == "expire", "points"].sum()
    # The running balance equals the sum of every member's final balance.
    final = pl.sort_values(["customer_id", "event_time", "entry_id"]).groupby("customer_id")["balance_after"].last()
    assert tab["outstanding"].iloc[-1] == final.sum()
    assert tab["liability_cny"].iloc[-1] == pytest.approx(final.sum() * 0.01)
