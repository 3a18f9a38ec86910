"""Trusted checks of lab L3 (the customer database). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted. The database
the notebook builds (``customers.db``) comes over as its bytes and is opened here, in
an in-memory SQLite (no file is opened; Python's sqlite3 loads no extensions) with a
budget of virtual-machine steps, so a trigger that never ends fails the check.
"""

import sqlite3

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from crmlab.analysis.quality import consolidate_records, messy_customer_records, normalize_phone, normalize_province
from crmlab.exercises import (compare_tables, compare_values, has_foreign_key, has_primary_key, has_table, not_null,
                               sqlite_keys)
from crmlab.grading.trusted import CheckFailed, LabChecks

lab = LabChecks("L3_customer_database", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
LAB_SEED = 2025
DB_PATH = "customers.db"
N_FOUND_TOLERANCE = 0.02     # n_found within 2% of the true number of people
MIN_ARI = 0.95               # adjusted Rand index of person against the truth
PHONE = r"1[3-9]\d{9}"
SQL_STEPS = 10_000_000       # SQLite virtual-machine steps a check may spend on the student's database


def _messy(ctx):
    return ctx.cached("messy", lambda: messy_customer_records(ctx.shop, random_state=LAB_SEED))


class _Budget:
    """A progress handler that stops the student's database after ``SQL_STEPS`` steps."""

    def __init__(self):
        self.calls = 0

    def __call__(self):
        self.calls += 1
        return self.calls > SQL_STEPS // 1000

    def check(self):
        if self.calls > SQL_STEPS // 1000:
            raise CheckFailed(f"{DB_PATH} 里的触发器或视图运行得太久，无法检查。",
                              f"A trigger or view in {DB_PATH} runs too long to be checked.")


def _open_db(data: bytes):
    """The student's database file as an in-memory SQLite database (its bytes, never a path),
    and the budget that stops it."""
    con = sqlite3.connect(":memory:")
    if data:
        if data[18:20] == b"\x02\x02":  # WAL mode in the header: an in-memory copy reads it as a rollback journal
            data = data[:18] + b"\x01\x01" + data[20:]
        try:
            con.deserialize(data)
            con.execute("SELECT COUNT(*) FROM sqlite_master").fetchone()
        except sqlite3.Error as exc:
            con.close()
            raise CheckFailed(f"{DB_PATH} 不是可以打开的 SQLite 数据库：{exc}",
                              f"{DB_PATH} is not a SQLite database that opens: {exc}") from None
    budget = _Budget()
    con.set_progress_handler(budget, 1000)
    return con, budget


@lab.check("test_clean", answers=["clean"])
def clean(ctx, clean):
    raw = _messy(ctx).records
    assert isinstance(clean, pd.DataFrame) and len(clean) == len(raw), "clean 应与 raw 行数相同 / as many rows as raw"
    assert clean["phone"].dropna().str.fullmatch(PHONE).all(), "phone 应是 11 位手机号 / 11-digit phones"
    assert (clean["record_id"].to_numpy() == raw["record_id"].to_numpy()).all(), "行顺序 / row order"
    e, a = normalize_phone(raw["phone"]), clean["phone"].reset_index(drop=True)
    assert (a.isna() == e.isna()).all() and (a.dropna() == e.dropna()).all(), "phone 不对 / phone is wrong"
    e, a = normalize_province(raw["province"]), clean["province"].reset_index(drop=True)
    assert (a.isna() == e.isna()).all() and (a.dropna() == e.dropna()).all(), "province 不对 / province is wrong"


@lab.check("test_bad_phones", answers=["n_bad_phones"])
def bad_phones(ctx, n_bad_phones):
    raw = _messy(ctx).records
    assert 0 < n_bad_phones < len(raw), "n_bad_phones 不在合理范围 / out of range"
    compare_values(n_bad_phones, int((raw["phone"].notna() & normalize_phone(raw["phone"]).isna()).sum()),
                   name="n_bad_phones")


@lab.check("test_dedup", answers=["person", "n_found", "clean"])
def dedup(ctx, person, n_found, clean):
    raw = _messy(ctx).records
    assert isinstance(person, pd.Series) and len(person) == len(clean), \
        "person 应是每条记录一个值的 Series / one value per record"
    assert n_found == person.nunique() < len(raw), "n_found = person.nunique()，且应少于记录数 / fewer than the records"
    truth = _messy(ctx).truth
    n = truth["customer_id"].nunique()
    assert abs(n_found - n) <= N_FOUND_TOLERANCE * n, "去重后的人数与真实人数相差超过 2% / more than 2% off the true number"
    assert adjusted_rand_score(truth["customer_id"].to_numpy(), person.to_numpy()) >= MIN_ARI, \
        "分组与真实分组差别太大 / groups too far from the truth"


@lab.check("test_roll", answers=["roll", "n_found", "clean", "person"])
def roll(ctx, roll, n_found, clean, person):
    raw = _messy(ctx).records
    assert len(roll) == n_found, "每人一行 / one row per person"
    assert roll["phone"].dropna().is_unique, "同一个手机号只能属于一个人 / a phone belongs to one person"
    assert not roll["name"].str.contains(r"\s").any(), "姓名里不应有空白 / no whitespace in names"
    assert roll["age"].dropna().between(0, 120).all(), "年龄应在 0-120 / ages 0-120"
    assert roll["n_records"].sum() == len(raw), "n_records 之和应等于记录数 / n_records sums to the records"
    ref = consolidate_records(clean, person=person).sort_index()
    got = roll.sort_index()
    assert (got["phone"].fillna("-").to_numpy() == ref["phone"].fillna("-").to_numpy()).all(), \
        "phone 应取最近一次的非缺失值 / latest non-missing phone"
    assert (got["province"].fillna("-").to_numpy() == ref["province"].fillna("-").to_numpy()).all(), \
        "province 应取最近一次的非缺失值 / latest non-missing province"


SCHEMA_RULES = [has_table("customers", ["customer_id", "name", "phone", "province", "age"]),
                has_table("contacts", ["contact_id", "customer_id", "contact_time", "channel"]),
                has_primary_key("contacts", "contact_id"), not_null("customers", "name"),
                has_foreign_key("contacts", "customer_id", "customers", "customer_id")]


@lab.check("test_db_schema", files={"db": DB_PATH})
def db_schema(ctx, db):
    con, budget = _open_db(db)
    try:
        keys = sqlite_keys(con)
    except sqlite3.Error:
        budget.check()
        raise
    finally:
        con.close()
    assert {"customers", "contacts"} <= set(keys), f"需要表 customers 和 contacts / tables needed; found {sorted(keys)}"
    assert keys["customers"]["primary_key"] == ["customer_id"], "customers 的主键 / primary key of customers"
    for rule in SCHEMA_RULES:
        assert rule.evaluate(keys, None)[0], f"{rule.label[0]} / {rule.label[1]}"


@lab.check("test_db_data", answers=["roll"], files={"db": DB_PATH})
def db_data(ctx, roll, db):
    con, budget = _open_db(db)
    try:
        assert con.execute("SELECT COUNT(*) FROM customers").fetchone()[0] == len(roll), "每人一行 / one row per person"
        con.execute("PRAGMA foreign_keys = ON")
        phone = con.execute("SELECT phone FROM customers WHERE phone IS NOT NULL LIMIT 1").fetchone()[0]
        insert = "INSERT INTO customers (customer_id, name, phone, age) VALUES "
        for bad, args in [(insert + "(-1, 'x', ?, 30)", (str(phone),)),  # the phone as text, as the SQL literal was
                          (insert + "(-2, 'x', NULL, 200)", ()),
                          (insert + "(-3, NULL, NULL, 30)", ()),
                          ("INSERT INTO contacts (contact_id, customer_id) VALUES (1, -99)", ())]:
            try:
                con.execute(bad, args)
            except sqlite3.Error:
                budget.check()  # stopped for taking too long is not a constraint at work
                continue
            shown = bad.replace("?", repr(str(phone)))
            raise AssertionError(f"约束没有拦住 / a constraint let this through: {shown}")
        got = pd.read_sql_query("SELECT customer_id, phone FROM customers ORDER BY customer_id", con)
    finally:
        con.close()
    exp = roll.sort_index()
    assert (got["customer_id"].to_numpy() == exp.index.to_numpy() + 1).all(), "customer_id = person + 1"
    assert (got["phone"].fillna("-").to_numpy() == exp["phone"].fillna("-").to_numpy()).all(), \
        "phone 与名册不一致 / phones differ from the roll"


@lab.check("test_query", answers=["by_province", "roll"])
def query(ctx, by_province, roll):
    assert list(by_province.columns[:2]) == ["province", "customers"], "列为 province, customers / columns"
    assert by_province["customers"].is_monotonic_decreasing, "按 customers 降序 / sorted, most first"
    e = roll["province"].dropna().value_counts().rename_axis("province").rename("customers").reset_index()
    compare_tables(by_province, e, name="by_province", key="province")
