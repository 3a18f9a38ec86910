"""Trusted checks of lab L3 (the customer database). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted. The database
the notebook builds (``customers.db``) comes over as its bytes and is opened here, in
an in-memory SQLite (no file is opened; Python's sqlite3 loads no extensions) with a
budget of virtual-machine steps, so a trigger that never ends fails the check.

No cascades: the bad-phone count is checked on the raw records; the roll is checked against
the consolidation of the student's own ``clean`` and ``person``; the database against the
student's own roll; the SQL query against the student's own roll. Deduplication is judged
against the truth with a tolerance (2% of the people, adjusted Rand index 0.95), so a small
slip in cleaning does not cost its points.
"""

import sqlite3

import pandas as pd
from sklearn.metrics import adjusted_rand_score

from crmlab.analysis.quality import (consolidate_records, find_duplicates, messy_customer_records, normalize_phone,
                                     normalize_province)
from crmlab.exercises import (compare_tables, compare_values, has_foreign_key, has_primary_key, has_table, not_null,
                               sqlite_keys)
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake

CASCADES = (
    "坏号码数在原始记录上检查；客户名册与“用学生自己的 clean 和 person 合并”的结果比较；数据库与学生自己的名册比较；"
    "SQL 查询也与学生自己的名册比较。去重与真实答案比较，但有容差（人数误差 2% 以内、调整兰德指数不低于 0.95），"
    "所以清洗中的小错误不会让去重丢分。",
    "The bad-phone count is checked on the raw records; the roll against the consolidation of the student's own "
    "`clean` and `person`; the database against the student's own roll; the SQL query against the student's own "
    "roll too. Deduplication is judged against the truth with a tolerance (2% of the people, adjusted Rand index "
    "0.95), so a small slip in cleaning does not cost its points.")

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


def _clean(ctx, *, phone=True, province=True):
    raw = _messy(ctx).records
    return raw.assign(**({"phone": normalize_phone(raw["phone"])} if phone else {}),
                      **({"province": normalize_province(raw["province"])} if province else {}))


CLEAN_MISTAKES = [
    Mistake("province_not_normalised", "只清洗了手机号，省份还是原来的多种写法",
            "cleaned the phones only: the provinces keep their many spellings",
            "“广东”“广东省”“Guangdong”“粤”是同一个省：用 normalize_province（或你自己的对照表）把它们统一成标准省名。",
            "广东, 广东省, Guangdong and 粤 are one province: map them to the standard name with normalize_province (or a "
            "table of your own).",
            recompute=lambda ctx: _clean(ctx, province=False)),
    Mistake("phone_not_normalised", "只清洗了省份，手机号还是原来的写法", "cleaned the provinces only: the phones keep their "
            "raw forms",
            "去掉 +86、空格和横线，只留 11 位、以 1 开头的号码，用不了的变成缺失值（normalize_phone）。",
            "Drop +86, spaces and dashes, keep 11-digit numbers starting with 1, and make the unusable ones missing "
            "(normalize_phone).",
            recompute=lambda ctx: _clean(ctx, phone=False)),
]


@lab.check("test_clean", answers=["clean"], mistakes=CLEAN_MISTAKES)
def clean(ctx, clean):
    raw = _messy(ctx).records
    assert isinstance(clean, pd.DataFrame) and len(clean) == len(raw), "clean 应与 raw 行数相同 / as many rows as raw"
    assert clean["phone"].dropna().str.fullmatch(PHONE).all(), "phone 应是 11 位手机号 / 11-digit phones"
    assert (clean["record_id"].to_numpy() == raw["record_id"].to_numpy()).all(), "行顺序 / row order"
    e, a = normalize_phone(raw["phone"]), clean["phone"].reset_index(drop=True)
    assert (a.isna() == e.isna()).all() and (a.dropna() == e.dropna()).all(), "phone 不对 / phone is wrong"
    e, a = normalize_province(raw["province"]), clean["province"].reset_index(drop=True)
    assert (a.isna() == e.isna()).all() and (a.dropna() == e.dropna()).all(), "province 不对 / province is wrong"


BAD_PHONE_MISTAKES = [
    Mistake("never_given_counted", "把原本就没有填的手机号也算成了坏号码", "counted the phones never given as bad ones",
            "坏号码是“填了但用不了”：原始值不为空（raw[\"phone\"].notna()），清洗后变成了缺失。",
            "A bad number was filled in but is unusable: present in raw (raw[\"phone\"].notna()) and missing after "
            "cleaning.",
            recompute=lambda ctx: int(_clean(ctx)["phone"].isna().sum())),
]


@lab.check("test_bad_phones", answers=["n_bad_phones"], mistakes=BAD_PHONE_MISTAKES)
def bad_phones(ctx, n_bad_phones):
    raw = _messy(ctx).records
    assert 0 < n_bad_phones < len(raw), "n_bad_phones 不在合理范围 / out of range"
    compare_values(n_bad_phones, int((raw["phone"].notna() & normalize_phone(raw["phone"]).isna()).sum()),
                   name="n_bad_phones")


def _person(ctx, *, rules=(("phone",), ("name", "province"))):
    return ctx.cached(("person", rules), lambda: find_duplicates(_clean(ctx), rules=rules))


DEDUP_MISTAKES = [
    Mistake("phone_only", "只按手机号合并：没有手机号、或手机号写错的同一个人没有被认出来",
            "merged by phone only: the same person without a (usable) phone was not recognised",
            "再加一条规则：姓名 + 省份相同也是同一个人（先把姓名里的空白去掉）。find_duplicates 的默认规则就是这两条。",
            "Add a second rule: the same name and province is one person too (after removing whitespace from names). "
            "find_duplicates' default rules are these two.",
            recompute=lambda ctx: _person(ctx, rules=(("phone",),))),
    Mistake("no_dedup", "没有去重：每条记录都当成了一个人", "did not deduplicate: each record counts as a person",
            "同一个人会通过多个渠道留下多条记录：按手机号或姓名 + 省份把它们连起来（find_duplicates）。",
            "One person leaves records through several channels: link them by phone or by name and province "
            "(find_duplicates).",
            recompute=lambda ctx: pd.Series(range(len(_messy(ctx).records)), index=_messy(ctx).records.index)),
]


@lab.check("test_dedup", answers=["person", "n_found", "clean"], mistakes=DEDUP_MISTAKES)
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


def _roll(ctx, *, names=True, ages=True):
    roll = consolidate_records(_clean(ctx), person=_person(ctx))
    if names:
        roll["name"] = roll["name"].str.replace(r"\s+", "", regex=True)
    if ages:
        roll["age"] = roll["age"].where(roll["age"].between(0, 120))
    return roll


ROLL_MISTAKES = [
    Mistake("name_whitespace_kept", "姓名里的空白没有去掉（“郑 晨海”和“郑晨海”会被当成两个名字）",
            "kept the whitespace in names (\"郑 晨海\" and \"郑晨海\" look like two names)",
            "用 str.replace(r\"\\s+\", \"\", regex=True) 去掉所有空白，包括中间的。",
            "Remove every whitespace, the inner ones too: str.replace(r\"\\s+\", \"\", regex=True).",
            recompute=lambda ctx: _roll(ctx, names=False)),
    Mistake("impossible_ages_kept", "保留了不可能的年龄", "kept impossible ages",
            "0–120 以外的年龄是录入错误，不能当真：用 where(age.between(0, 120)) 变成缺失值。",
            "Ages outside 0-120 are typing errors, not facts: make them missing with where(age.between(0, 120)).",
            recompute=lambda ctx: _roll(ctx, ages=False)),
]


@lab.check("test_roll", answers=["roll", "n_found", "clean", "person"], mistakes=ROLL_MISTAKES)
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


def _by_province(roll, *, ascending=False, nulls=False):
    e = roll["province"].value_counts(dropna=not nulls).rename_axis("province").rename("customers").reset_index()
    return e.sort_values("customers", ascending=ascending, kind="stable").reset_index(drop=True)


QUERY_MISTAKES = [
    Mistake("sorted_ascending", "按客户数从少到多排了序", "sorted by customers from fewest to most",
            "ORDER BY customers DESC：最多的省份在最上面。", "ORDER BY customers DESC: the biggest province on top.",
            recompute=lambda ctx: _by_province(_roll(ctx), ascending=True), answer="by_province",
            compare={"key": "province", "sort_by": "customers", "ascending": True}),
    Mistake("null_province_kept", "把省份缺失的客户也算成了一组", "counted the customers without a province as a group",
            "WHERE province IS NOT NULL：缺失的省份不是一个省。", "WHERE province IS NOT NULL: a missing province is no "
            "province.",
            recompute=lambda ctx: _by_province(_roll(ctx), nulls=True), answer="by_province"),
]


@lab.check("test_query", answers=["by_province", "roll"], mistakes=QUERY_MISTAKES)
def query(ctx, by_province, roll):
    assert list(by_province.columns[:2]) == ["province", "customers"], "列为 province, customers / columns"
    assert by_province["customers"].is_monotonic_decreasing, "按 customers 降序 / sorted, most first"
    e = roll["province"].dropna().value_counts().rename_axis("province").rename("customers").reset_index()
    compare_tables(by_province, e, name="by_province", key="province")


def reference_answers(ctx) -> dict:
    """The model answers of the tasks checked on plain answers (the database is checked on a file, by the lab's
    grading test)."""
    clean, person, roll = _clean(ctx), _person(ctx), _roll(ctx)
    raw = _messy(ctx).records
    return {"clean": clean, "n_bad_phones": int((raw["phone"].notna() & clean["phone"].isna()).sum()),
            "person": person, "n_found": int(person.nunique()), "roll": roll, "by_province": _by_province(roll)}
