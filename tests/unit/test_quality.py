"""Data quality helpers (chapter 3): messy records, normalisers, deduplication, report.

Checked against plain-Python reference implementations and against the hidden truth
that messy_customer_records returns (which customer each raw record belongs to).
"""

from __future__ import annotations

import re
import unicodedata

import numpy as np
import pandas as pd
import pytest

import crmlab
from crmlab.analysis.quality import (PROVINCE_NAMES, consolidate_records, data_quality_report, find_duplicates,
                                     messy_customer_records, normalize_phone, normalize_province)
from crmlab.errors import ColumnError, CRMLabError, EmptyDataError, InvalidArgumentError


@pytest.fixture(scope="module")
def messy(shop_3k):
    return messy_customer_records(shop_3k, random_state=3)


@pytest.fixture(scope="module")
def cleaned(messy):
    raw, _ = messy
    return raw.assign(phone=normalize_phone(raw["phone"]), province=normalize_province(raw["province"]))


def _ref_phone(x):
    """Plain-Python reference: one value at a time."""
    if x is None or (isinstance(x, float) and np.isnan(x)) or x is pd.NA:
        return None
    s = unicodedata.normalize("NFKC", str(x))
    s = re.sub(r"[\s\-().·]", "", s)
    for pre in ("+86", "0086", "86"):
        if s.startswith(pre) and len(s) == len(pre) + 11:
            s = s[len(pre):]
            break
    return s if re.fullmatch(r"1[3-9]\d{9}", s) else None


def test_records_cover_every_customer_once_or_more(shop_3k, messy):
    raw, truth = messy
    assert list(raw.columns) == ["record_id", "source", "recorded_at", "name", "gender", "age", "province", "city",
                                 "phone"]
    assert raw["record_id"].is_unique and (truth["record_id"] == raw["record_id"]).all()
    assert set(truth["customer_id"]) == set(shop_3k.customers["customer_id"])
    counts = truth["customer_id"].value_counts()
    assert counts.max() == 3 and 0.10 < (counts > 1).mean() < 0.20  # duplicate_rate=0.15
    # the first record of every customer is a sign-up; later ones come through other doors
    assert (raw["source"] == "signup").sum() == len(shop_3k.customers)
    # truth phones are complete numbers, unique per customer, consistent with the masked ones
    per = truth.drop_duplicates("customer_id").set_index("customer_id")
    assert per["phone"].is_unique and per["phone"].str.fullmatch(r"1[3-9]\d{9}").all()
    masked = shop_3k.customers.set_index("customer_id")["phone"]
    assert (per["phone"].str[:3] + "****" + per["phone"].str[-4:] == masked.loc[per.index]).all()


def test_records_are_deterministic(shop_3k):
    a = messy_customer_records(shop_3k, random_state=11)
    b = messy_customer_records(shop_3k, random_state=11)
    pd.testing.assert_frame_equal(a.records, b.records)
    assert not a.records.equals(messy_customer_records(shop_3k, random_state=12).records)


def test_normalize_phone_matches_reference_and_truth(messy, cleaned):
    raw, truth = messy
    ref = raw["phone"].map(_ref_phone)
    got = cleaned["phone"]
    assert (got.isna() == ref.isna()).all()
    assert (got[got.notna()] == ref[ref.notna()]).all()
    # every number that survives is the customer's real number
    ok = got.notna()
    assert (got[ok] == truth["phone"][ok]).all()
    # bad_phone_rate=0.2 (30% unusable) and missing_rate=0.05: about 89% usable
    assert 0.85 < ok.mean() < 0.93
    assert (raw["phone"] != got).sum() > 0.1 * len(raw)  # many were non-standard


def test_normalize_phone_cases():
    got = normalize_phone(pd.Series(["+86 138-1234-5678", "１３８１２３４５６７８", "8613812345678",
                                     "(138)1234.5678", "1381234567", "138O2345678", "12812345678",
                                     "138****5678", None, "0086 13812345678"], index=list("abcdefghij")))
    assert list(got.index) == list("abcdefghij")
    assert got.tolist()[:4] == ["13812345678"] * 4
    assert got.iloc[4:9].isna().all() and got.iloc[9] == "13812345678"
    # the 86 prefix is only stripped from a 13-digit number: 11-digit numbers starting with 86 do not exist
    assert normalize_phone(["86138123456"]).isna().all()


def test_normalize_province_recovers_truth(messy, cleaned):
    raw, truth = messy
    got = cleaned["province"]
    assert (got.isna() == raw["province"].isna()).all()  # every spelling the generator uses is understood
    assert (got.dropna() == truth["province"][got.notna()]).all()
    assert raw["province"].nunique() > 3 * got.nunique()


def test_normalize_province_spellings():
    got = normalize_province(["广东省", "粤", " guang dong ", "GUANGDONG", "广西壮族自治区", "沪", "上海市", "内蒙",
                              "Xizang", "火星", None, "广 东"], to="zh")
    assert got.tolist()[:9] == ["广东", "广东", "广东", "广东", "广西", "上海", "上海", "内蒙古", "西藏"]
    assert got.iloc[9:11].isna().all() and got.iloc[11] == "广东"
    assert normalize_province(["粤", "Inner Mongolia"], to="en").tolist() == ["Guangdong", "Inner Mongolia"]
    assert len(PROVINCE_NAMES) == 31
    from crmlab._vocab import PROVINCES

    assert set(PROVINCE_NAMES["zh"]) == {p[2] for p in PROVINCES}
    assert set(PROVINCE_NAMES["en"]) == {p[3] for p in PROVINCES}
    with pytest.raises(InvalidArgumentError):
        normalize_province(["广东"], to="fr")


def _ref_groups(records, rules):
    """Reference: union-find in plain Python over all pairs that agree on a rule."""
    n = len(records)
    parent = list(range(n))

    def find(i):
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    def norm(v):
        if v is None or v is pd.NA or (isinstance(v, float) and np.isnan(v)):
            return None
        v = re.sub(r"\s+", "", unicodedata.normalize("NFKC", str(v))).casefold()
        v = re.sub("市$", "", v)
        return v or None

    for rule in rules:
        seen = {}
        for i, row in enumerate(records[list(rule)].itertuples(index=False)):
            key = tuple(norm(v) for v in row)
            if any(k is None for k in key):
                continue
            if key in seen:
                parent[find(i)] = find(seen[key])
            else:
                seen[key] = i
    roots = [find(i) for i in range(n)]
    first = {}
    return [first.setdefault(r, len(first)) for r in roots]


def test_find_duplicates_matches_reference_and_truth(messy, cleaned):
    from sklearn.metrics import adjusted_rand_score

    _, truth = messy
    person = find_duplicates(cleaned)
    assert person.index.equals(cleaned.index) and person.name == "person"
    assert person.tolist() == _ref_groups(cleaned, [("phone",), ("name", "province")])
    n_true = truth["customer_id"].nunique()
    assert abs(person.nunique() - n_true) <= 0.01 * n_true
    assert adjusted_rand_score(truth["customer_id"], person) > 0.97
    # on raw phones (not standardised) far fewer duplicates are found
    raw_person = find_duplicates(messy.records, rules=[("phone",)])
    assert raw_person.nunique() > find_duplicates(cleaned, rules=[("phone",)]).nunique()


def test_find_duplicates_small_case_and_errors():
    recs = pd.DataFrame({"name": ["王芳", "王 芳", "李雷", "Li Lei", "韩梅梅"],
                         "province": ["广东", "广东", "北京", "北京", None],
                         "phone": ["13800000001", None, "13900000002", "13900000002", None]})
    assert find_duplicates(recs).tolist() == [0, 0, 1, 1, 2]
    assert find_duplicates(recs, rules=[["phone"]]).tolist() == [0, 1, 2, 2, 3]
    with pytest.raises(ColumnError):
        find_duplicates(recs, rules=[["email"]])
    with pytest.raises(InvalidArgumentError):
        find_duplicates(recs, rules="phone")
    with pytest.raises(EmptyDataError):
        find_duplicates(recs.iloc[:0])
    with pytest.raises(InvalidArgumentError):
        find_duplicates(recs["phone"])


def test_consolidate_keeps_newest_known_value():
    recs = pd.DataFrame({"recorded_at": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"]),
                         "city": ["广州", None, "深圳"], "age": pd.array([30, 31, pd.NA], dtype="Int64")})
    out = consolidate_records(recs, person=pd.Series([0, 0, 0]))
    assert len(out) == 1 and out.loc[0, "city"] == "深圳" and out.loc[0, "age"] == 31
    assert out.loc[0, "n_records"] == 3
    with pytest.raises(InvalidArgumentError):
        consolidate_records(recs, person=pd.Series([0, 0]))


def test_consolidated_table_vs_pandas(cleaned):
    person = find_duplicates(cleaned)
    out = consolidate_records(cleaned, person=person)
    assert len(out) == person.nunique() and out["n_records"].sum() == len(cleaned)
    ref = cleaned.assign(person=person).sort_values("recorded_at", kind="stable").groupby("person")["phone"].agg(
        lambda s: s.dropna().iloc[-1] if s.notna().any() else None)
    assert out["phone"].fillna("-").equals(ref.fillna("-").astype(out["phone"].dtype))


def test_quality_report_vs_pandas(messy, cleaned):
    raw, _ = messy
    rep = data_quality_report(raw)
    assert list(rep.index) == list(raw.columns)
    assert (rep["missing"] == raw.isna().sum()).all()
    assert (rep["distinct"] == raw.nunique()).all()
    ref_phone = raw["phone"].map(_ref_phone)
    assert rep.loc["phone", "invalid"] == int((raw["phone"].notna() & ref_phone.isna()).sum())
    assert rep.loc["phone", "nonstandard"] == int(
        (raw["phone"].notna() & ~raw["phone"].str.fullmatch(r"1[3-9]\d{9}").fillna(False).astype(bool)).sum())
    assert rep.loc["age", "invalid"] == int((raw["age"].notna() & ~raw["age"].between(0, 120)).sum()) > 0
    assert pd.isna(rep.loc["name", "invalid"])
    after = data_quality_report(cleaned)
    assert after.loc["phone", "nonstandard"] == 0 and after.loc["province", "nonstandard"] == 0
    assert after.loc["phone", "missing"] == rep.loc["phone", "missing"] + rep.loc["phone", "invalid"]


def test_bad_arguments(shop_3k):
    with pytest.raises(InvalidArgumentError, match="duplicate_rate"):
        messy_customer_records(shop_3k, duplicate_rate=1.5)
    with pytest.raises(CRMLabError):
        messy_customer_records(object())
    with pytest.raises(InvalidArgumentError):
        normalize_phone(12345)
    with pytest.raises(EmptyDataError):
        data_quality_report(pd.DataFrame({"phone": []}))


def test_english_shop():
    shop = crmlab.simulate(300, random_state=5, locale="en")
    raw, truth = messy_customer_records(shop, random_state=0)
    assert set(truth["province"]) <= set(PROVINCE_NAMES["en"])
    got = normalize_province(raw["province"], to="en")
    assert (got.dropna() == truth["province"][got.notna()]).all()
