"""The usual mistakes of chapter 7's data exercises (the call center) are named: each slip, written as a
student would write it, gets INCORRECT and its own diagnosis; the model solutions get CORRECT and no
diagnosis."""


import math

import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests, lesson_session, questions_of

from crmlab.analysis import agents_needed, arrival_rates
from crmlab.exercises import call_center as ch07


QUESTIONS = questions_of(ch07)
CATALOGUED = [q for q in QUESTIONS.values() if q.mistakes]


@pytest.fixture(scope="module")
def lesson_shop():
    yield from lesson_session("en")


@pytest.fixture(scope="module")
def solved(lesson_shop):
    """The lesson's namespace after the model solutions of q1, q2 and q4 (what later cells build on)."""
    ns = {"shop": lesson_shop, "pd": pd, "np": np, "math": math, "GROWTH": ch07.GROWTH,
          "agents_needed": agents_needed, "arrival_rates": arrival_rates}
    for name in ("q1", "q2.a", "q4.a"):
        exec(QUESTIONS[name].solution_code, ns)
    return ns


@pytest.fixture
def ns(solved):
    return dict(solved)


def _erlang(body):
    return ("def erlang_c_prob(arrival_rate, handle_time, agents):\n"
            + "".join(f"    {line}\n" for line in body.splitlines()))


PAID_PER_DAY = ("days = pd.date_range(shop.meta['start'], shop.meta['end'], freq='D')\n"
                "per_day = {orders}['order_time'].dt.normalize().value_counts(){fill}\n"
                "is1111 = (per_day.index.month == 11) & (per_day.index.day == 11)\n")
PAID = "shop.orders[shop.orders['payment_status'] == 'paid']"
FILL = ".reindex(days, fill_value=0)"

SLIPS = [
    ("q1", "quiet_days_skipped", "t = shop.calls['arrival_time']\n"
                                 "rates = (t.dt.hour.value_counts() / t.dt.normalize().nunique()).sort_index()"
                                 ".rename_axis('hour').rename('rate_per_hour').reset_index()"),
    ("q1", "quiet_days_skipped", "t = shop.calls['arrival_time']\n"
                                 "rates = t.groupby([t.dt.date, t.dt.hour.rename('hour')]).size().groupby('hour')"
                                 ".mean().rename('rate_per_hour').reset_index()"),
    ("q1", "total_not_mean", "rates = shop.calls['arrival_time'].dt.hour.value_counts().rename_axis('hour')"
                             ".rename('rate_per_hour').reset_index()"),
    ("q1", "days_off_by_one", "t = shop.calls['arrival_time']\n"
                              "n_days = (t.max().normalize() - t.min().normalize()).days\n"
                              "rates = (t.dt.hour.value_counts() / n_days).rename_axis('hour')"
                              ".rename('rate_per_hour').reset_index()"),
    ("q2.a", "abandoned_as_zero", "aht = shop.calls['handle_seconds'].fillna(0).mean()"),
    ("q2.a", "minutes_not_seconds", "aht = shop.calls['handle_seconds'].mean() / 60"),
    ("q2.a", "median_not_mean", "aht = shop.calls['handle_seconds'].median()"),
    ("q2.b", "percent_not_share", "abandon_rate = shop.calls['abandoned'].mean() * 100"),
    ("q2.b", "count_not_share", "abandon_rate = shop.calls['abandoned'].sum()"),
    ("q2.b", "answered_denominator", "c = shop.calls\nabandon_rate = c['abandoned'].sum() / (~c['abandoned']).sum()"),
    ("q2.c", "abandoned_counted", "sl_measured = (shop.calls['wait_seconds'] <= 20).mean()"),
    ("q2.c", "answered_only", "answered = shop.calls[~shop.calls['abandoned']]\n"
                              "sl_measured = (answered['wait_seconds'] <= 20).mean()"),
    ("q2.c", "percent_not_share", "c = shop.calls\n"
                                  "sl_measured = ((~c['abandoned']) & (c['wait_seconds'] <= 20)).mean() * 100"),
    ("q3", "traffic_unit", _erlang("a = arrival_rate * handle_time / 60\nif a >= agents:\n    return 1.0\n"
                                   "top = a**agents / math.factorial(agents) * agents / (agents - a)\n"
                                   "return top / (sum(a**k / math.factorial(k) for k in range(agents)) + top)")),
    ("q3", "queue_factor_missing", _erlang("a = arrival_rate * handle_time / 3600\nif a >= agents:\n    return 1.0\n"
                                           "top = a**agents / math.factorial(agents)\n"
                                           "return top / (sum(a**k / math.factorial(k) for k in range(agents)) + top)")),
    ("q3", "all_busy_twice", _erlang("a = arrival_rate * handle_time / 3600\nif a >= agents:\n    return 1.0\n"
                                     "top = a**agents / math.factorial(agents) * agents / (agents - a)\n"
                                     "s = sum(a**k / math.factorial(k) for k in range(agents + 1))\n"
                                     "return top / (s + top)")),
    ("q3", "overload_not_guarded", _erlang("a = arrival_rate * handle_time / 3600\n"
                                           "top = a**agents / math.factorial(agents) * agents / (agents - a)\n"
                                           "return top / (sum(a**k / math.factorial(k) for k in range(agents)) + top)")),
    ("q4.a", "unpaid_kept", PAID_PER_DAY.format(orders="shop.orders", fill=FILL)
     + "peak_factor = per_day[is1111].mean() / per_day.mean()"),
    ("q4.a", "1111_summed", PAID_PER_DAY.format(orders=PAID, fill=FILL)
     + "peak_factor = per_day[is1111].sum() / per_day.mean()"),
    ("q4.a", "quiet_days_skipped", PAID_PER_DAY.format(orders=PAID, fill="")
     + "peak_factor = per_day[is1111].mean() / per_day.mean()"),
    ("q4.b", "growth_forgotten", "forecast = rates.assign(rate_per_hour=rates['rate_per_hour'] * peak_factor)"),
    ("q4.b", "peak_forgotten", "forecast = rates.assign(rate_per_hour=rates['rate_per_hour'] * GROWTH)"),
    ("q4.b", "unpaid_kept", PAID_PER_DAY.format(orders="shop.orders", fill=FILL)
     + "pf = per_day[is1111].mean() / per_day.mean()\n"
       "forecast = rates.assign(rate_per_hour=rates['rate_per_hour'] * pf * GROWTH)"),
    ("q4.c", "everyday_rates", "min_agents = agents_needed(rates['rate_per_hour'].to_numpy(), aht, 0.8, 20).tolist()"),
    ("q4.c", "average_staffing", "min_agents = np.ceil(forecast['rate_per_hour'] * aht / 3600).astype(int).tolist()"),
    ("q9.a", "percent_not_share", "after_sale_share = (shop.calls['queue'] == 'after_sale').mean() * 100"),
    ("q9.a", "count_not_share", "after_sale_share = (shop.calls['queue'] == 'after_sale').sum()"),
    ("q9.a", "other_queue", "after_sale_share = (shop.calls['queue'] == 'pre_sale').mean()"),
    ("q9.b", "missing_share", "identified_share = shop.calls['customer_id'].isna().mean()"),
    ("q9.b", "percent_not_share", "identified_share = shop.calls['customer_id'].notna().mean() * 100"),
    ("q9.b", "count_not_share", "identified_share = shop.calls['customer_id'].notna().sum()"),
]


def test_every_data_question_has_a_catalogue():
    assert {q.name for q in CATALOGUED} == {"q1", "q2.a", "q2.b", "q2.c", "q3", "q4.a", "q4.b", "q4.c", "q9.a", "q9.b"}


def test_erlang_slips_part_from_the_right_formula_on_their_probes():
    """Each slipped formula differs from Erlang C on at least one probe, so no slip can match a right function."""
    right = ch07.erlang_c_prob
    for kw in ({"unit": 60}, {"queue_factor": False}, {"busy_twice": True}):
        slipped = ch07._erlang_c_slipped(**kw)
        assert any(not math.isclose(slipped(*a), right(*a), rel_tol=1e-6) for a in ch07._ERLANG_PROBES), kw


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
