"""The rules the service, satisfaction and marketing functions share: one paid-order rule, one randomness check,
one survey response model (the simulator's, without the hidden truth), complaint stages defined once."""

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab import plot, survey_model
from crmlab.analysis import (PointsScheme, campaign_funnel, complaint_retention, complaint_stage_times,
                             example_questionnaire, messy_customer_records, nps, reminder_effect)
from crmlab.errors import InvalidArgumentError
from crmlab.schema import COMPLAINT_STAGES, LABELS
from crmlab.shop import Shop


@pytest.fixture(scope="module")
def classroom():
    return crmlab.load_dataset("classroom")


def _with(shop, **tables):
    """A copy of ``shop`` with some tables replaced (same metadata)."""
    return Shop({name: tables.get(name, getattr(shop, name)) for name in shop.tables}, meta=dict(shop.meta),
                validate=False)


# -- paid orders ------------------------------------------------------------------------------------------------
def test_functions_that_count_sales_use_paid_orders_only(classroom):
    orders = classroom.orders
    paid = orders[orders["payment_status"] == "paid"]
    assert len(paid) < len(orders)
    pd.testing.assert_frame_equal(campaign_funnel(classroom.campaign_assignments, orders=orders),
                                  campaign_funnel(classroom.campaign_assignments, orders=paid))
    pd.testing.assert_frame_equal(complaint_retention(classroom.complaints, orders=orders),
                                  complaint_retention(classroom.complaints, orders=paid))
    q = example_questionnaire("good")
    pd.testing.assert_frame_equal(q.simulate_responses(classroom, random_state=3),
                                  q.simulate_responses(_with(classroom, orders=paid), random_state=3))


def test_payment_reminders_read_every_order_as_documented(classroom):
    assert "every" in reminder_effect.__doc__
    r = reminder_effect(classroom.orders).set_index("group")
    assert r.loc["reminder", "unpaid_orders"] + r.loc["no_reminder", "unpaid_orders"] == \
        int(classroom.orders["was_unpaid"].sum())


# -- randomness -------------------------------------------------------------------------------------------------
@pytest.mark.parametrize("call", [
    lambda shop, rs: nps(shop.surveys, method="bootstrap", n_boot=500, random_state=rs),
    lambda shop, rs: PointsScheme().simulate(shop, random_state=rs).summary,
    lambda shop, rs: messy_customer_records(shop, random_state=rs).records,
    lambda shop, rs: example_questionnaire("good").simulate_responses(shop, random_state=rs),
], ids=["nps", "PointsScheme.simulate", "messy_customer_records", "simulate_responses"])
def test_random_state_means_the_same_everywhere(classroom, call):
    same = [call(classroom, 7), call(classroom, np.int64(7)), call(classroom, np.random.default_rng(7))]
    for other in same[1:]:
        (pd.testing.assert_frame_equal if isinstance(other, pd.DataFrame) else pd.testing.assert_series_equal)(
            same[0], other)
    a, b = call(classroom, "2024001"), call(classroom, "2024001")  # a student id
    (pd.testing.assert_frame_equal if isinstance(a, pd.DataFrame) else pd.testing.assert_series_equal)(a, b)
    for bad in (-1, 2.5, True, "", np.random.RandomState(0)):
        with pytest.raises(InvalidArgumentError, match="random_state"):
            call(classroom, bad)


def test_simulate_takes_random_state_and_records_the_seed():
    a = crmlab.simulate(60, random_state=5)
    assert a.meta["seed"] == 5 and a == crmlab.simulate(60, random_state=np.int64(5))
    b = crmlab.simulate(60, random_state="2024001")
    assert b.meta["seed"] == crmlab.student_seed("2024001")
    c = crmlab.simulate(60, random_state=np.random.default_rng(1))
    assert c == crmlab.simulate(60, random_state=c.meta["seed"])  # the recorded seed rebuilds the shop
    with pytest.raises(InvalidArgumentError, match="seed"):
        crmlab.simulate(60, seed=1)  # the old name is gone, no alias


# -- one survey response model ----------------------------------------------------------------------------------
def test_questionnaire_answers_without_the_hidden_truth(classroom):
    from crmlab.grading.coursedata import public_shop

    q = example_questionnaire("good")
    pd.testing.assert_frame_equal(q.simulate_responses(classroom, random_state=1),
                                  q.simulate_responses(public_shop(classroom), random_state=1))


def test_questionnaire_uses_the_shops_survey_base_response(classroom):
    q = example_questionnaire("good")
    low = _with(classroom)
    low.meta["params"] = dict(classroom.meta["params"], survey_base_response=0.05)
    high = _with(classroom)
    high.meta["params"] = dict(classroom.meta["params"], survey_base_response=0.6)
    rates = [q.simulate_responses(s, random_state=2)["responded"].mean() for s in (low, classroom, high)]
    assert rates[0] < rates[1] < rates[2]


def test_simulator_and_questionnaire_share_the_response_model(classroom, monkeypatch):
    monkeypatch.setattr(survey_model, "responds", lambda logit, rng: np.ones(np.size(logit), bool))
    shop = crmlab.simulate(300, random_state=4)
    assert shop.surveys["responded"].mean() > 0.95  # all but answers that would come after the data end
    assert example_questionnaire("good").simulate_responses(classroom, random_state=1)["responded"].all()


# -- complaint stages, once -------------------------------------------------------------------------------------
def test_complaint_stages_are_defined_once(classroom):
    assert LABELS["complaint_stage"] == {code: (zh, en) for code, (_, zh, en) in COMPLAINT_STAGES.items()}
    columns = [column for column, _, _ in COMPLAINT_STAGES.values()]
    assert set(columns) <= set(classroom.complaints.columns)
    assert list(complaint_stage_times(classroom.complaints).columns[1:6]) == list(COMPLAINT_STAGES)[1:]
    ax = plot.complaint_timeline(classroom.complaints, locale="en")
    assert " → ".join(en for _, _, en in COMPLAINT_STAGES.values()) in ax.get_title()
    assert not hasattr(crmlab.analysis, "COMPLAINT_STAGES") and not hasattr(plot, "COMPLAINT_STAGES")
