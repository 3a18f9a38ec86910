"""Lesson 03's data exercises name the usual mistakes: each slip, written as a student writes it, gets
INCORRECT and its own diagnosis on the lesson's shop; the model solutions still pass with none named."""


import numpy as np
import pandas as pd
import pytest
from support.slips import catalogue_tests

from crmlab.analysis.quality import find_duplicates, normalize_phone, normalize_province
from crmlab.exercises import customer_information as ch03

QUESTIONS = [ch03.q3, ch03.q4, ch03.q5.a, ch03.q5.b, ch03.q7]
NO_CATALOGUE: dict = {}


@pytest.fixture(scope="module")
def lesson_ns(lesson_shop):
    shop = lesson_shop
    raw = ch03.raw_records(shop).records
    return {"shop": shop, "pd": pd, "np": np, "paid": shop.orders[shop.orders["payment_status"] == "paid"],
            "raw": raw, "clean": raw.assign(phone=normalize_phone(raw["phone"]),
                                            province=normalize_province(raw["province"])),
            "normalize_phone": normalize_phone, "clean_phone": normalize_phone, "find_duplicates": find_duplicates}


@pytest.fixture
def ns(lesson_ns):
    return dict(lesson_ns)


CARD = ("mine = paid[paid['customer_id'] == best]\n"
        "lines = shop.order_items[shop.order_items['order_id'].isin(mine['order_id'])].merge("
        "shop.products[['product_id', 'category']], on='product_id')\n"
        "card = shop.customers.loc[shop.customers['customer_id'] == best, ['customer_id', 'name', 'gender', 'age', "
        "'province', 'city', 'member_tier']].assign(first_order=mine['order_time'].min(), "
        "last_order=mine['order_time'].max(), n_orders=len(mine), total_spent=mine[SPENT].sum(), "
        "n_tickets=(shop.service_tickets['customer_id'] == best).sum(), "
        "n_complaints=(shop.complaints['customer_id'] == best).sum(), "
        "favourite_category=lines.groupby('category')['line_amount'].sum().idxmax())\n")
PHONE = ("def clean_phone(phones):\n"
         "    s = phones.astype('str'){nfkc}.str.replace(r'[\\s\\-().]', '', regex=True)\n"
         "    {prefix}s = s.str.replace(r'^(\\+86|0086|86)(?=1\\d{{10}}$)', '', regex=True)\n"
         "    ok = s.str.fullmatch(r'1[3-9]\\d{{9}}').fillna(False).astype(bool)\n"
         "    return {ret}\n")
PER = "per = paid.groupby('customer_id').agg(n_orders=('order_id', 'size'), spend=('amount', 'sum'))\n"
AGG = ("persona = t.groupby('member_tier').agg(customers=('customer_id', 'size'), "
       "female_share=('gender', lambda g: (g == 'F').mean()), mean_age=('age', 'mean'), "
       "avg_orders=('n_orders', 'mean'), avg_spend=('spend', 'mean')).reset_index()\n")

SLIPS = [
    ("q3", "most_orders_not_spend", "best = paid.groupby('customer_id').size().idxmax()\n"
                                    + CARD.replace("SPENT", "'amount'")),
    ("q3", "gross_not_amount", "best = paid.groupby('customer_id')['amount'].sum().idxmax()\n"
                               + CARD.replace("SPENT", "'gross_amount'")),
    ("q4", "prefix_kept", PHONE.format(nfkc=".str.normalize('NFKC')", prefix="# ", ret="s.where(ok)")),
    ("q4", "fullwidth_kept", PHONE.format(nfkc="", prefix="", ret="s.where(ok)")),
    ("q4", "not_validated", PHONE.format(nfkc=".str.normalize('NFKC')", prefix="", ret="s")),
    ("q5.a", "missing_counted", "n_bad_phones = int(clean_phone(raw['phone']).isna().sum())"),
    ("q5.a", "share_not_count", "n_bad_phones = (raw['phone'].notna() & clean_phone(raw['phone']).isna()).mean()"),
    ("q5.b", "records_not_people", "n_people = len(raw)"),
    ("q5.b", "phone_only_key", "n_people = clean['phone'].nunique()"),
    ("q7", "inner_join", PER + "t = shop.customers.merge(per, on='customer_id')\n" + AGG),
    ("q7", "nan_skipped_in_mean", PER + "t = shop.customers.merge(per, on='customer_id', how='left')\n" + AGG),
    ("q7", "unpaid_kept", PER.replace("paid.", "shop.orders.") + "t = shop.customers.merge(per, on='customer_id', "
                          "how='left').fillna({'n_orders': 0, 'spend': 0.0})\n" + AGG),
]


(test_each_slip_gets_its_named_diagnosis, test_every_catalogued_slip_is_tested,
 test_the_model_solution_is_right_and_names_no_mistake, test_no_slip_matches_the_right_answer,
 test_messages_teach_and_give_no_code_answer) = catalogue_tests(QUESTIONS, SLIPS)
