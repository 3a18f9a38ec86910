"""CLV: BG/NBD and Gamma-Gamma against lifetimes and against the simulator's truth."""

import warnings

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis.clv import (BetaGeoModel, GammaGammaModel, clv_table, customer_lifetime_value,
                                 historical_clv)
from crmlab.errors import ColumnError, EmptyDataError, InvalidArgumentError

pytestmark = pytest.mark.filterwarnings("ignore:The .mode.chained_assignment. option")

END = "2024-12-31"


def _summary(orders):
    from lifetimes.utils import summary_data_from_transaction_data

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        return summary_data_from_transaction_data(orders, "customer_id", "order_time", "amount",
                                                  observation_period_end=END)


@pytest.fixture(scope="module")
def paid(shop_3k):
    return shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]


@pytest.fixture(scope="module")
def summary(paid):
    return _summary(paid)


@pytest.fixture(scope="module")
def models(summary):
    bg = BetaGeoModel().fit(summary["frequency"], summary["recency"], summary["T"])
    gg = GammaGammaModel().fit(summary)
    return bg, gg


@pytest.fixture(scope="module")
def lifetimes_models(summary):
    from lifetimes import BetaGeoFitter, GammaGammaFitter

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        lbg = BetaGeoFitter().fit(summary["frequency"], summary["recency"], summary["T"])
        rep = summary[summary["frequency"] > 0]
        lgg = GammaGammaFitter().fit(rep["frequency"], rep["monetary_value"])
    return lbg, lgg


# ------------------------------------------------------------------ against lifetimes
def test_bgnbd_params_match_lifetimes(models, lifetimes_models):
    bg, _ = models
    lbg, _ = lifetimes_models
    np.testing.assert_allclose(bg.params_[["r", "alpha", "a", "b"]], lbg.params_[["r", "alpha", "a", "b"]],
                               rtol=1e-4)


def test_bgnbd_log_likelihood_matches_lifetimes_formula(models, summary):
    from lifetimes import BetaGeoFitter

    bg, _ = models
    f, r, T = (summary[c].to_numpy() for c in ("frequency", "recency", "T"))
    ref = -BetaGeoFitter._negative_log_likelihood(np.log(bg.params_.to_numpy()), f, r, T, np.ones_like(f), 0.0)
    assert bg.log_likelihood_ == pytest.approx(ref * len(f), rel=1e-9)
    per = bg.log_likelihood(summary, per_customer=True)
    assert isinstance(per, pd.Series) and per.index.equals(summary.index)
    assert per.sum() == pytest.approx(bg.log_likelihood_)


def test_bgnbd_predictions_match_lifetimes(models, lifetimes_models, summary):
    bg, _ = models
    lbg, _ = lifetimes_models
    f, r, T = summary["frequency"], summary["recency"], summary["T"]
    for t in (30, 90.5, 365):
        np.testing.assert_allclose(bg.expected_purchases(t, f, r, T),
                                   lbg.conditional_expected_number_of_purchases_up_to_time(t, f, r, T), rtol=1e-4)
    np.testing.assert_allclose(bg.expected_purchases([10, 100, 400]),
                               lbg.expected_number_of_purchases_up_to_time(np.array([10, 100, 400])), rtol=1e-4)
    np.testing.assert_allclose(bg.probability_alive(f, r, T), lbg.conditional_probability_alive(f, r, T),
                               rtol=1e-4, atol=1e-8)
    out = bg.expected_purchases(30, summary)  # a summary frame works as well
    assert isinstance(out, pd.Series) and out.index.equals(summary.index)


def test_gamma_gamma_matches_lifetimes(models, lifetimes_models, summary):
    _, gg = models
    _, lgg = lifetimes_models
    np.testing.assert_allclose(gg.params_[["p", "q", "v"]], lgg.params_[["p", "q", "v"]], rtol=1e-4)
    np.testing.assert_allclose(gg.conditional_expected_value(summary["frequency"], summary["monetary_value"]),
                               lgg.conditional_expected_average_profit(summary["frequency"], summary["monetary_value"]),
                               rtol=1e-4)
    p, q, v = gg.params_
    assert gg.population_mean_ == pytest.approx(p * v / (q - 1))


def test_clv_matches_lifetimes_discounted(models, lifetimes_models, summary):
    bg, gg = models
    lbg, lgg = lifetimes_models
    kw = dict(frequency=summary["frequency"], recency=summary["recency"], T=summary["T"],
              monetary_value=summary["monetary_value"])
    mine = customer_lifetime_value(bg, gg, **kw, horizon=360, period=30, discount_rate=0.01)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        ref = lgg.customer_lifetime_value(lbg, summary["frequency"], summary["recency"], summary["T"],
                                          summary["monetary_value"], time=12, discount_rate=0.01, freq="D")
    np.testing.assert_allclose(mine, ref, rtol=1e-4)
    # Margin scales linearly; no discounting and one period is expected purchases times spend.
    half = customer_lifetime_value(bg, gg, **kw, horizon=360, period=30, discount_rate=0.01, margin=0.5)
    np.testing.assert_allclose(half, 0.5 * mine)
    flat = customer_lifetime_value(bg, gg, **kw, horizon=365, period=365)
    expected = bg.expected_purchases(365, summary) * gg.conditional_expected_value(summary)
    np.testing.assert_allclose(flat, expected, rtol=1e-10)
    # A horizon that is not a whole number of periods ends with a short period.
    odd = customer_lifetime_value(bg, gg, **kw, horizon=100, period=30)
    np.testing.assert_allclose(odd, bg.expected_purchases(100, summary) * gg.conditional_expected_value(summary),
                               rtol=1e-9)


def test_analytic_gradients_match_finite_differences(summary):
    from scipy.optimize import approx_fprime

    f, r, T = (summary[c].to_numpy(float) for c in ("frequency", "recency", "T"))
    args = (f, r / T.max(), T / T.max(), np.ones_like(f), 0.01)
    x0 = np.log([0.5, 0.3, 0.9, 2.0])
    g = BetaGeoModel._nll_and_grad(x0, *args)[1]
    num = approx_fprime(x0, lambda z: BetaGeoModel._nll_and_grad(z, *args)[0], 1e-7)
    np.testing.assert_allclose(g, num, rtol=1e-4, atol=1e-6)
    rep = summary[summary["frequency"] > 0]
    gargs = (rep["frequency"].to_numpy(float), rep["monetary_value"].to_numpy(float), np.ones(len(rep)), 0.0)
    y0 = np.log([2.0, 4.0, 300.0])
    g = GammaGammaModel._nll_and_grad(y0, *gargs)[1]
    num = approx_fprime(y0, lambda z: GammaGammaModel._nll_and_grad(z, *gargs)[0], 1e-7)
    np.testing.assert_allclose(g, num, rtol=1e-4, atol=1e-6)


def test_a_equal_one_is_handled(models, summary):
    bg, _ = models
    m1, m2 = BetaGeoModel(), BetaGeoModel()
    r, alpha, _, b = bg.params_
    m1.params_ = pd.Series([r, alpha, 1.0, b], index=["r", "alpha", "a", "b"])
    m2.params_ = pd.Series([r, alpha, 1.0 + 1e-5, b], index=["r", "alpha", "a", "b"])
    e1, e2 = m1.expected_purchases(180, summary), m2.expected_purchases(180, summary)
    assert np.all(np.isfinite(e1))
    np.testing.assert_allclose(e1, e2, rtol=1e-3)


# ------------------------------------------------------------------ against the truth
def test_bgnbd_recovers_simulated_population(shop_3k, paid):
    """Fitted on paid non-campaign orders, the population is close to the simulator's.

    Campaign orders and complaint churn are outside BG/NBD, and seasonality makes the
    clock uneven, so the tolerance is loose for single parameters (within a factor
    of 2 on 3,000 customers: a and b trade off against each other) and tighter for
    the well-identified mean purchase rate r/alpha and mean dropout a/(a+b).
    """
    truth = shop_3k.meta["params"]
    s = _summary(paid[paid["campaign_id"].isna()])
    p = BetaGeoModel().fit(s).params_
    for name in ("r", "alpha", "a", "b"):
        assert 0.5 < p[name] / truth[f"bgnbd_{name}"] < 2.0, name
    assert p["r"] / p["alpha"] == pytest.approx(truth["bgnbd_r"] / truth["bgnbd_alpha"], rel=0.2)
    assert p["a"] / (p["a"] + p["b"]) == pytest.approx(
        truth["bgnbd_a"] / (truth["bgnbd_a"] + truth["bgnbd_b"]), rel=0.25)


def test_probability_alive_beats_chance(shop_3k, models, summary):
    from sklearn.metrics import roc_auc_score

    bg, _ = models
    truth = shop_3k.truth.set_index("customer_id").loc[summary.index]
    p_alive = bg.probability_alive(summary)
    assert roc_auc_score(~truth["churned"], p_alive) > 0.75
    rep = summary["frequency"].to_numpy() > 0  # the hard part: repeat buyers
    assert roc_auc_score(~truth["churned"][rep], p_alive[rep]) > 0.65


def test_clv_ranking_follows_true_clv(shop_3k, summary):
    from scipy.stats import spearmanr

    table = clv_table(summary, horizon=365)
    truth = shop_3k.truth.set_index("customer_id").loc[table.index, "clv_true"]
    rho, pval = spearmanr(table["clv"], truth)
    assert rho > 0.25 and pval < 1e-20
    # Better than ranking by money spent to date.
    hist = historical_clv(shop_3k.orders).reindex(table.index)["historical_clv"]
    assert rho > spearmanr(hist, truth)[0]


def test_clv_table_layout(summary):
    table = clv_table(summary, discount_rate=0.01, margin=0.3)
    for col in ("frequency", "recency", "T", "monetary_value", "p_alive", "expected_purchases",
                "expected_order_value", "clv"):
        assert col in table.columns
    assert table["clv"].is_monotonic_decreasing
    assert set(table.index) == set(summary.index)
    assert table["p_alive"].between(0, 1).all() and (table["clv"] >= 0).all()
    assert isinstance(table.attrs["models"]["bgnbd"], BetaGeoModel)


# ------------------------------------------------------------------ historical CLV
def test_historical_clv_matches_plain_pandas(shop_3k):
    o = shop_3k.orders
    h = historical_clv(o, refund_col="refund_amount", margin=0.4)
    p = o[o["payment_status"] == "paid"]
    ref = p.groupby("customer_id").agg(n=("order_id", "size"), rev=("amount", "sum"), ref=("refund_amount", "sum"))
    ref = ref.loc[h.index]
    np.testing.assert_array_equal(h["n_orders"], ref["n"])
    np.testing.assert_allclose(h["revenue"], ref["rev"])
    np.testing.assert_allclose(h["historical_clv"], 0.4 * (ref["rev"] - ref["ref"]))
    assert h["historical_clv"].is_monotonic_decreasing
    # Cancelled orders never count; counting every row is an explicit choice.
    assert historical_clv(o.drop(columns="payment_status"))["n_orders"].sum() == len(o)


def test_historical_clv_end_date_and_timezones(shop_3k):
    o = shop_3k.orders
    cut = historical_clv(o, as_of="2023-12-31")
    assert cut["last_order"].max() <= pd.Timestamp("2023-12-31")
    aware = o.assign(order_time=o["order_time"].dt.tz_localize("Asia/Shanghai"))
    cut2 = historical_clv(aware, as_of="2023-12-31")
    np.testing.assert_allclose(cut2["revenue"].sort_index(), cut["revenue"].sort_index())
    with pytest.raises(InvalidArgumentError, match="as_of"):
        historical_clv(o, as_of="2010-01-01")


def test_one_order_customers_and_refunds():
    o = pd.DataFrame({"customer_id": [1, 2, 2], "order_time": pd.to_datetime(["2024-01-01", "2024-01-02", "2024-02-01"]),
                      "amount": [50.0, 20.0, -5.0], "refund_amount": [50.0, 0.0, 0.0]})
    h = historical_clv(o, refund_col="refund_amount")
    assert h.loc[1, "net_revenue"] == 0.0 and h.loc[2, "revenue"] == 15.0
    assert h.loc[1, "n_orders"] == 1


# ------------------------------------------------------------------ bad input
def test_bad_inputs(summary):
    f, r, T = summary["frequency"], summary["recency"], summary["T"]
    with pytest.raises(InvalidArgumentError, match="recency"):
        BetaGeoModel().fit(f, T + 5, T)
    with pytest.raises(InvalidArgumentError, match="frequency"):
        BetaGeoModel().fit(-f - 1, r, T)
    with pytest.raises(InvalidArgumentError, match="length"):
        BetaGeoModel().fit(f, r[:-1], T)
    with pytest.raises(EmptyDataError):
        BetaGeoModel().fit(f[:0], r[:0], T[:0])
    with pytest.raises(InvalidArgumentError, match="missing"):
        BetaGeoModel().fit(f.where(f > 3), r, T)
    with pytest.raises(ColumnError, match="recency"):
        BetaGeoModel().fit(summary.drop(columns="recency"))
    with pytest.raises(InvalidArgumentError, match="fit"):
        BetaGeoModel().probability_alive(f, r, T)
    with pytest.raises(InvalidArgumentError, match="frequency > 0"):
        GammaGammaModel().fit(f, summary["monetary_value"])
    with pytest.raises(InvalidArgumentError, match="fit"):
        GammaGammaModel().conditional_expected_value(f, summary["monetary_value"])


def test_bad_clv_arguments(models, summary):
    bg, gg = models
    kw = dict(frequency=summary["frequency"], recency=summary["recency"], T=summary["T"],
              monetary_value=summary["monetary_value"])
    with pytest.raises(InvalidArgumentError, match="horizon"):
        customer_lifetime_value(bg, gg, **kw, horizon=0)
    with pytest.raises(InvalidArgumentError, match="discount_rate"):
        customer_lifetime_value(bg, gg, **kw, discount_rate=5)
    with pytest.raises(InvalidArgumentError, match="margin"):
        customer_lifetime_value(bg, gg, **kw, margin=30)
    with pytest.raises(InvalidArgumentError):
        clv_table([1, 2, 3])


def test_historical_clv_bad_input(shop_3k):
    with pytest.raises(ColumnError, match="amount"):
        historical_clv(shop_3k.orders.drop(columns="amount"))
    with pytest.raises(ColumnError, match="amount"):
        historical_clv(shop_3k.orders.assign(amount="x"))
    with pytest.raises(EmptyDataError):
        historical_clv(shop_3k.orders.iloc[:0])
    with pytest.raises(EmptyDataError):
        historical_clv(shop_3k.orders.assign(payment_status="unpaid"))
    with pytest.raises(InvalidArgumentError, match="margin"):
        historical_clv(shop_3k.orders, margin=1.5)
    with pytest.raises(InvalidArgumentError):
        historical_clv("orders")


def test_works_on_crmlab_rfm_summary(shop_3k, models):
    from crmlab.analysis import rfm_summary

    s = rfm_summary(shop_3k.orders, as_of=END, form="lifetimes")
    bg = BetaGeoModel().fit(s)
    np.testing.assert_allclose(bg.params_, models[0].params_, rtol=1e-6)
    table = clv_table(s)
    assert table.index.name == "customer_id" and table["clv"].notna().all()


def test_public_names():
    import crmlab.analysis as ca

    assert ca.BetaGeoModel is BetaGeoModel and ca.historical_clv is historical_clv
