"""Customer data quality (course chapter 3, 客户信息管理): realistic messy customer
records, and the helpers that clean, check and deduplicate them.

A shop's customer information arrives through many doors (sign-up forms, service
contacts, questionnaires, offline events), typed by customers and staff. The same
person turns up twice with a name typed differently, phone numbers carry ``+86``
prefixes, spaces or typos, provinces are written ``广东``, ``广东省``, ``Guangdong``
or ``粤``. Before such records become a customer database (客户数据库) they are
screened (筛选), standardised, deduplicated and merged into one row per customer:

>>> import crmlab
>>> from crmlab.analysis.quality import (messy_customer_records, normalize_phone,
...     normalize_province, find_duplicates, consolidate_records)
>>> shop = crmlab.simulate(300, random_state=1)
>>> raw, truth = messy_customer_records(shop, random_state=0)
>>> clean = raw.assign(phone=normalize_phone(raw["phone"]),
...                    province=normalize_province(raw["province"]))
>>> person = find_duplicates(clean)
>>> customers = consolidate_records(clean, person=person)
>>> len(raw) > len(customers)
True

:func:`messy_customer_records` also returns the hidden truth (which customer each raw
row belongs to), so a cleaning procedure can be scored.
"""

from __future__ import annotations

import unicodedata
from typing import NamedTuple

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError
from ..validation import check_choice, check_float, check_random_state
from ._validation import require_columns, require_frame, require_nonempty

__all__ = ["PROVINCE_NAMES", "MessyRecords", "messy_customer_records", "normalize_phone",
           "normalize_province", "find_duplicates", "consolidate_records", "data_quality_report",
           "RECORD_SOURCES"]

#: The 31 provinces of mainland China: short and full Chinese name, English name,
#: one-character abbreviation (简称) and further aliases seen in real records.
PROVINCE_NAMES = pd.DataFrame([
    ("上海", "上海市", "Shanghai", "沪", ""), ("江苏", "江苏省", "Jiangsu", "苏", ""),
    ("浙江", "浙江省", "Zhejiang", "浙", ""), ("安徽", "安徽省", "Anhui", "皖", ""),
    ("福建", "福建省", "Fujian", "闽", ""), ("江西", "江西省", "Jiangxi", "赣", ""),
    ("山东", "山东省", "Shandong", "鲁", ""), ("广东", "广东省", "Guangdong", "粤", ""),
    ("广西", "广西壮族自治区", "Guangxi", "桂", "广西省"), ("海南", "海南省", "Hainan", "琼", ""),
    ("北京", "北京市", "Beijing", "京", "Peking"), ("天津", "天津市", "Tianjin", "津", ""),
    ("河北", "河北省", "Hebei", "冀", ""), ("山西", "山西省", "Shanxi", "晋", ""),
    ("内蒙古", "内蒙古自治区", "Inner Mongolia", "蒙", "Neimenggu|Nei Mongol|内蒙"),
    ("河南", "河南省", "Henan", "豫", ""), ("湖北", "湖北省", "Hubei", "鄂", ""),
    ("湖南", "湖南省", "Hunan", "湘", ""), ("重庆", "重庆市", "Chongqing", "渝", ""),
    ("四川", "四川省", "Sichuan", "川", "蜀"), ("贵州", "贵州省", "Guizhou", "贵", "黔"),
    ("云南", "云南省", "Yunnan", "云", "滇"), ("西藏", "西藏自治区", "Tibet", "藏", "Xizang"),
    ("陕西", "陕西省", "Shaanxi", "陕", "秦"), ("甘肃", "甘肃省", "Gansu", "甘", "陇"),
    ("青海", "青海省", "Qinghai", "青", ""), ("宁夏", "宁夏回族自治区", "Ningxia", "宁", "宁夏省"),
    ("新疆", "新疆维吾尔自治区", "Xinjiang", "新", "新疆省"), ("辽宁", "辽宁省", "Liaoning", "辽", ""),
    ("吉林", "吉林省", "Jilin", "吉", ""), ("黑龙江", "黑龙江省", "Heilongjiang", "黑", ""),
], columns=["zh", "full_zh", "en", "abbr", "aliases"])

#: Where a raw record came from: direct channels (the customer tells the shop) and
#: indirect ones (the shop learns it on the side), with zh/en labels.
RECORD_SOURCES = pd.DataFrame([
    ("signup", "注册表单", "sign-up form", "direct"),
    ("service", "客服记录", "service contact", "direct"),
    ("survey", "问卷调查", "questionnaire", "direct"),
    ("event", "线下活动登记", "offline event", "direct"),
    ("partner", "合作方名单", "partner list", "indirect"),
], columns=["source", "name_zh", "name_en", "channel"])

_PHONE_OK = r"^1[3-9]\d{9}$"
_SEPARATORS = r"[\s\-().·]"


def _key(s: pd.Series) -> pd.Series:
    """Lookup key of a text: NFKC (full-width to half-width), no whitespace, casefolded."""
    s = s.astype("str") if not pd.api.types.is_string_dtype(s) else s
    s = s.str.normalize("NFKC")
    return s.str.replace(r"\s+", "", regex=True).str.casefold()


def _province_lookup() -> dict:
    table = {}
    for i, row in PROVINCE_NAMES.iterrows():  # 31 rows, built once per call
        names = [row.zh, row.full_zh, row.en, row.abbr] + [a for a in row.aliases.split("|") if a]
        names += [row.en + " province", row.en + "sheng", row.en + "shi"]
        for name in names:
            table[unicodedata.normalize("NFKC", name).replace(" ", "").casefold()] = i
    return table


def _as_series(values, name):
    if isinstance(values, pd.Series):
        return values
    if isinstance(values, (list, tuple, np.ndarray, pd.Index)):
        return pd.Series(values, name=name)
    raise InvalidArgumentError(
        f"`{name}` 必须是 pandas Series（例如 records['{name}']）或列表，但传入的是 {type(values).__name__}。",
        f"`{name}` must be a pandas Series (e.g. records['{name}']) or a list, but a "
        f"{type(values).__name__} was passed.")


def normalize_phone(values) -> pd.Series:
    """Standardise mainland mobile numbers to 11 digits; unusable ones become missing.

    Full-width digits become half-width, spaces, dashes, dots and brackets go, and a
    country prefix (``+86``, ``0086``, ``86``) is removed. What remains must be a mobile
    number: 11 digits starting with ``13``-``19``. Anything else (a digit too many or
    too few, a letter ``O`` typed for a zero, a masked ``138****5678``) is missing
    (``<NA>``): a number the shop cannot call is no contact at all.

    Parameters
    ----------
    values : pandas.Series or list of str
        Phone numbers as typed.

    Returns
    -------
    pandas.Series
        String dtype, same index: ``"13812345678"`` or ``<NA>``.

    Examples
    --------
    >>> normalize_phone(["+86 138-1234-5678", "1381234567", "138 1234 5678", None]).tolist()
    ['13812345678', nan, '13812345678', nan]
    """
    s = _as_series(values, "phone")
    text = s.astype("str").str.normalize("NFKC").str.replace(_SEPARATORS, "", regex=True)
    text = text.str.replace(r"^(?:\+86|0086|86)(?=1\d{10}$)", "", regex=True)
    ok = text.str.fullmatch(_PHONE_OK).fillna(False).astype(bool)
    return text.where(ok).astype("str").rename(s.name)


def normalize_province(values, *, to="zh") -> pd.Series:
    """Map the many ways of writing a province to one standard name.

    Recognises the short and full Chinese names (``广东``, ``广东省``, ``广西壮族自治区``),
    the one-character abbreviations (``粤``, ``沪``), English/pinyin names in any case
    and spacing (``Guangdong``, ``guang dong``) and full-width characters. Unknown
    values become missing (``<NA>``), so they can be counted and fixed by hand.

    Parameters
    ----------
    values : pandas.Series or list of str
        Provinces as typed.
    to : {"zh", "en"}, default="zh"
        The standard form: the short Chinese name (``广东``, as in a Chinese shop's
        customer table) or the English name (``Guangdong``, as in an English shop).

    Returns
    -------
    pandas.Series
        String dtype, same index.

    Examples
    --------
    >>> normalize_province(["广东省", "粤", " guangdong", "上海市", "火星"]).tolist()
    ['广东', '广东', '广东', '上海', nan]
    """
    check_choice("to", to, ("zh", "en"))
    s = _as_series(values, "province")
    idx = _key(s).map(_province_lookup())
    names = PROVINCE_NAMES[to].to_numpy()
    pos = idx.to_numpy(dtype="float64", na_value=np.nan)
    has = ~np.isnan(pos)
    arr = np.full(len(s), None, dtype=object)
    arr[has] = names[pos[has].astype(np.int64)]
    return pd.Series(arr, index=s.index, name=s.name).astype("str")


def _normalize_text(s: pd.Series) -> pd.Series:
    """Matching form of free text (names, cities): NFKC, no spaces, casefolded, no 市 suffix."""
    k = _key(s)
    return k.str.replace(r"市$", "", regex=True)


def find_duplicates(records, *, rules=(("phone",), ("name", "province")), record_id_col="record_id"):
    """Group raw records that describe the same person.

    Two records are the same person when, for at least one rule, they agree on every
    column of the rule (no value missing). Matches chain: if A and B share a phone and
    B and C share name and province, A, B and C are one person (connected components
    of the match graph). Text is compared in a matching form: full-width characters
    made half-width, whitespace removed, case ignored and a trailing ``市`` dropped, so
    ``"郑 晨海"`` matches ``"郑晨海"``. Phones and provinces should be standardised
    first (:func:`normalize_phone`, :func:`normalize_province`): ``"+86 138..."`` and
    ``"138..."`` only match once both are ``"138..."``.

    Parameters
    ----------
    records : pandas.DataFrame
        Raw customer records, one row per record.
    rules : sequence of sequence of str, default=(("phone",), ("name", "province"))
        Each rule is a list of columns that together identify a person. A shared
        phone number is strong evidence; name + province catches the records whose
        phone is missing or mistyped, at the risk of merging two namesakes.
    record_id_col : str, default="record_id"
        Unused for matching; kept as the index of the result when present.

    Returns
    -------
    pandas.Series
        ``person``: for each record (same index as ``records``) a person number,
        ``0, 1, 2, ...`` in order of each person's first record. The number of
        distinct values is the number of customers the shop really has.

    Examples
    --------
    >>> import pandas as pd
    >>> recs = pd.DataFrame({"name": ["王芳", "王 芳", "李雷", "Li Lei"],
    ...                      "province": ["广东", "广东", "北京", "北京"],
    ...                      "phone": ["13800000001", None, "13900000002", "13900000002"]})
    >>> find_duplicates(recs).tolist()
    [0, 0, 1, 1]
    """
    from scipy.sparse import coo_matrix
    from scipy.sparse.csgraph import connected_components

    require_frame(records, name="records")
    require_nonempty(records, name="records")
    if isinstance(rules, str) or not len(rules) or any(isinstance(r, str) or not len(r) for r in rules):
        raise InvalidArgumentError(
            f"`rules` 必须是列名列表的列表，例如 [['phone'], ['name', 'province']]，但传入的是 {rules!r}。",
            f"`rules` must be a list of lists of column names, e.g. [['phone'], ['name', 'province']], "
            f"but {rules!r} was passed.")
    require_columns(records, sorted({c for r in rules for c in r}), name="records")
    n = len(records)
    rows, cols = [np.arange(n)], [np.arange(n)]
    for rule in rules:  # a few rules: each is one vectorised groupby
        keys = pd.DataFrame({c: _normalize_text(records[c]).to_numpy() for c in rule})
        keys = keys.replace("", np.nan)
        valid = keys.notna().all(axis=1).to_numpy()
        if not valid.any():
            continue
        pos = np.flatnonzero(valid)
        group = keys.iloc[pos].groupby(list(rule), sort=False).ngroup().to_numpy()
        first = pd.Series(pos).groupby(group).transform("min").to_numpy()
        rows.append(pos)
        cols.append(first)
    r, c = np.concatenate(rows), np.concatenate(cols)
    graph = coo_matrix((np.ones(len(r), dtype=np.int8), (r, c)), shape=(n, n))
    _, labels = connected_components(graph, directed=False)
    # number persons by their first record
    _, first_pos, inverse = np.unique(labels, return_index=True, return_inverse=True)
    order = np.argsort(np.argsort(first_pos, kind="stable"), kind="stable")
    return pd.Series(order[inverse].astype(np.int64), index=records.index, name="person")


def consolidate_records(records, *, person, order_by="recorded_at"):
    """Merge each person's records into one row: the newest value of every field.

    Updating customer information (更新客户资料) means the latest record wins, but
    a missing value never overwrites a known one: for each column the most recent
    non-missing value is kept (``groupby(...).last()`` after sorting by time).

    Parameters
    ----------
    records : pandas.DataFrame
        Cleaned records.
    person : pandas.Series
        Output of :func:`find_duplicates`, same index as ``records``.
    order_by : str or None, default="recorded_at"
        Column giving the time of each record; ``None`` keeps the row order.

    Returns
    -------
    pandas.DataFrame
        One row per person, indexed by ``person``, with the record columns and
        ``n_records`` (how many raw records were merged).

    Examples
    --------
    >>> import pandas as pd
    >>> from crmlab.analysis import consolidate_records, find_duplicates
    >>> recs = pd.DataFrame({"name": ["王芳", "王 芳", "李雷"], "province": ["广东", "广东", "北京"],
    ...                      "phone": ["13800000001", None, "13900000002"], "city": [None, "深圳", "北京"],
    ...                      "recorded_at": pd.to_datetime(["2024-01-01", "2024-03-01", "2024-02-01"])})
    >>> roll = consolidate_records(recs, person=find_duplicates(recs))
    >>> roll[["phone", "city", "n_records"]].values.tolist()  # the newest known value of each field
    [['13800000001', '深圳', 2], ['13900000002', '北京', 1]]
    """
    require_frame(records, name="records")
    require_nonempty(records, name="records")
    if not isinstance(person, pd.Series) or not person.index.equals(records.index):
        raise InvalidArgumentError(
            "`person` 必须是 find_duplicates(records) 的结果（与 records 索引相同的 Series）。",
            "`person` must be the result of find_duplicates(records): a Series with the index of records.")
    d = records.assign(person=person.to_numpy())
    if order_by is not None:
        require_columns(records, [order_by], name="records")
        d = d.sort_values(order_by, kind="stable")
    g = d.groupby("person", sort=True)
    out = g.last()
    out["n_records"] = g.size()
    return out


def data_quality_report(records, *, phone_col="phone", province_col="province", age_col="age",
                        age_range=(0, 120)):
    """Screen customer records: what is missing, non-standard or invalid, per column.

    Parameters
    ----------
    records : pandas.DataFrame
        Customer records (raw or cleaned).
    phone_col, province_col, age_col : str or None
        Columns with special validity rules; ``None`` (or a column not in
        ``records``) skips the rule.
    age_range : (int, int), default=(0, 120)
        Plausible ages, inclusive.

    Returns
    -------
    pandas.DataFrame
        One row per column of ``records``: ``dtype``, ``missing`` (count),
        ``missing_share``, ``distinct`` (distinct non-missing values),
        ``nonstandard`` (present but not in the standard form: a phone that is not
        11 plain digits, a province that is not a standard short name, an age out
        of range) and ``invalid`` (present and unusable even after standardising:
        the phone or province normalisers give up, the age is out of range).
        ``nonstandard`` and ``invalid`` are missing for columns without a rule.
        Rows that can be fixed by code are ``nonstandard - invalid``; the
        ``invalid`` ones need a person (call back, ask again) or must be dropped.

    Examples
    --------
    >>> import pandas as pd
    >>> recs = pd.DataFrame({"phone": ["13812345678", "+86 13812345678", "123", None]})
    >>> data_quality_report(recs).loc["phone", ["missing", "nonstandard", "invalid"]].tolist()
    [1, 2, 1]
    """
    require_frame(records, name="records")
    require_nonempty(records, name="records")
    n = len(records)
    out = pd.DataFrame({
        "dtype": records.dtypes.astype(str),
        "missing": records.isna().sum().astype(np.int64),
        "distinct": records.nunique(dropna=True).astype(np.int64),
    })
    out["missing_share"] = out["missing"] / n
    out["nonstandard"] = pd.array([pd.NA] * len(out), dtype="Int64")
    out["invalid"] = pd.array([pd.NA] * len(out), dtype="Int64")
    if phone_col in records.columns:
        s = records[phone_col]
        present = s.notna()
        standard = s.astype("str").str.fullmatch(_PHONE_OK).fillna(False).astype(bool)
        out.loc[phone_col, "nonstandard"] = int((present & ~standard).sum())
        out.loc[phone_col, "invalid"] = int((present & normalize_phone(s).isna()).sum())
    if province_col in records.columns:
        s = records[province_col]
        present = s.notna()
        standard = s.isin(set(PROVINCE_NAMES["zh"]) | set(PROVINCE_NAMES["en"]))
        out.loc[province_col, "nonstandard"] = int((present & ~standard).sum())
        out.loc[province_col, "invalid"] = int((present & normalize_province(s).isna()).sum())
    if age_col in records.columns:
        a = pd.to_numeric(records[age_col], errors="coerce")
        bad = int((records[age_col].notna() & ~a.between(*age_range)).sum())
        out.loc[age_col, "nonstandard"] = bad
        out.loc[age_col, "invalid"] = bad
    out.index.name = "column"
    return out[["dtype", "missing", "missing_share", "distinct", "nonstandard", "invalid"]]


class MessyRecords(NamedTuple):
    """Result of :func:`messy_customer_records`: ``records`` and the hidden ``truth``.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import messy_customer_records
    >>> raw, truth = messy_customer_records(crmlab.load_dataset("classroom"), random_state=0)
    >>> len(raw) > len(crmlab.load_dataset("classroom").customers), truth["customer_id"].nunique()
    (True, 500)
    """

    records: pd.DataFrame
    truth: pd.DataFrame


def _full_phones(customers, rng) -> np.ndarray:
    """Complete 11-digit numbers for the shop's masked phones (``138****5678``), unique."""
    masked = customers["phone"].astype("str").to_numpy(dtype=object)
    prefix = np.array([p[:3] for p in masked], dtype=object)
    suffix = np.array([p[-4:] for p in masked], dtype=object)
    n = len(masked)
    middle = rng.permutation(10_000)[np.arange(n) % 10_000]
    phones = prefix + np.char.zfill(middle.astype(str), 4).astype(object) + suffix
    dup = pd.Series(phones).duplicated().to_numpy()
    while dup.any():  # only for shops above 10,000 customers: redraw the clashing numbers
        middle = rng.integers(0, 10_000, dup.sum())
        phones[dup] = prefix[dup] + np.char.zfill(middle.astype(str), 4).astype(object) + suffix[dup]
        dup = pd.Series(phones).duplicated().to_numpy()
    return phones


def messy_customer_records(shop, *, duplicate_rate=0.15, bad_phone_rate=0.2, province_variant_rate=0.3,
                           name_variant_rate=0.2, missing_rate=0.05, random_state=0):
    """Raw customer records as a shop really collects them: duplicated, mistyped, incomplete.

    Every customer of ``shop`` appears at least once; some appear again through other
    channels (a service contact, a questionnaire, an event), typed with variations.

    Parameters
    ----------
    shop : Shop
        The shop whose customers the records describe.
    duplicate_rate : float, default=0.15
        Share of customers with a second record (a fifth of them also a third).
    bad_phone_rate : float, default=0.2
        Share of records whose phone is written non-standardly: about 70% of them
        fixable by code (``+86``/``86`` prefix, spaces, dashes, full-width digits),
        30% unusable (a digit too many or too few, a letter ``O`` for ``0``).
    province_variant_rate : float, default=0.3
        Share of records whose province is written another way (full name,
        ``省``/``市`` suffix, abbreviation ``粤``, English/pinyin, lower case).
    name_variant_rate : float, default=0.2
        Share of records whose name has stray spaces (or other capitalisation).
    missing_rate : float, default=0.05
        Share of missing values in each of phone, province, city, gender and age.
        About 1% of ages are also impossible (0 or above 120).
    random_state : int, numpy.random.Generator or None, default=0
        Randomness of the choices: the same shop and the same number give the same
        records.

    Returns
    -------
    MessyRecords
        ``(records, truth)``. ``records``: ``record_id``, ``source`` (see
        :data:`RECORD_SOURCES`), ``recorded_at``, ``name``, ``gender``, ``age``
        (Int64), ``province``, ``city``, ``phone``, in random order. ``truth``
        (hidden, for checking): ``record_id``, ``customer_id``, ``phone`` (the
        complete 11-digit number) and ``province`` (standard name).

    Examples
    --------
    >>> import crmlab
    >>> raw, truth = messy_customer_records(crmlab.simulate(200, random_state=3), random_state=1)
    >>> truth["customer_id"].nunique()
    200
    """
    for name, value in [("duplicate_rate", duplicate_rate), ("bad_phone_rate", bad_phone_rate),
                        ("province_variant_rate", province_variant_rate),
                        ("name_variant_rate", name_variant_rate), ("missing_rate", missing_rate)]:
        check_float(name, value, low=0, high=1, high_open=True, example=f"{name}=0.1")
    if bad_phone_rate + missing_rate >= 1:
        raise InvalidArgumentError(
            "`bad_phone_rate + missing_rate` 必须小于 1。", "`bad_phone_rate + missing_rate` must be below 1.")
    customers = getattr(shop, "customers", None)
    require_frame(customers, name="customers")
    require_nonempty(customers, name="customers")
    require_columns(customers, ["customer_id", "name", "gender", "age", "province", "city", "phone",
                                "signup_time"], name="customers")
    rng = check_random_state(random_state)
    locale = shop.meta.get("locale", "zh") if hasattr(shop, "meta") else "zh"
    n = len(customers)
    phones = _full_phones(customers, rng)

    # which customer each record belongs to: everyone once, some twice or three times
    extra = rng.random(n) < duplicate_rate
    third = extra & (rng.random(n) < 0.2)
    who = np.concatenate([np.arange(n), np.flatnonzero(extra), np.flatnonzero(third)])
    is_dup = np.arange(len(who)) >= n
    perm = rng.permutation(len(who))
    who, is_dup = who[perm], is_dup[perm]
    m = len(who)
    c = customers.iloc[who].reset_index(drop=True)

    # when and through which door the record came in; first records are sign-ups
    end = pd.Timestamp(shop.meta["end"]) + pd.Timedelta(days=1) if hasattr(shop, "meta") else \
        customers["signup_time"].max()
    signup = c["signup_time"].to_numpy()
    span = (end - c["signup_time"]).dt.total_seconds().clip(lower=0).to_numpy()
    recorded = signup + (rng.random(m) * span * is_dup).astype("timedelta64[s]")
    source = np.where(is_dup, rng.choice(RECORD_SOURCES["source"].to_numpy()[1:], m,
                                         p=[0.45, 0.25, 0.15, 0.15]), "signup")

    # names typed with stray spaces (zh) or another capitalisation (en)
    name = c["name"].astype("str")
    vary = rng.random(m) < name_variant_rate
    if locale == "zh":
        spaced = name.str[:1] + np.where(rng.random(m) < 0.5, " ", "　") + name.str[1:]
        name = name.where(~vary, spaced)
    else:
        name = name.where(~vary, np.where(rng.random(m) < 0.5, name.str.lower(), name.str.upper()))
    name = name.where(~vary | (rng.random(m) >= 0.2), name + " ")

    # phones: standard, reformatted (fixable), broken (unusable) or missing
    p = pd.Series(phones[who], dtype="str")
    u = rng.random(m)
    kind = np.select([u < missing_rate, u < missing_rate + 0.7 * bad_phone_rate,
                      u < missing_rate + bad_phone_rate], [1, 2, 3], 0)
    fmt = rng.integers(0, 5, m)
    fixable = [("+86 " + p), ("86" + p), (p.str[:3] + " " + p.str[3:7] + " " + p.str[7:]),
               (p.str[:3] + "-" + p.str[3:7] + "-" + p.str[7:]),
               p.str.translate(str.maketrans("0123456789", "０１２３４５６７８９"))]
    brk = rng.integers(0, 3, m)
    broken = [p.str[:-1], p + p.str[-1:], p.str[:5] + "O" + p.str[6:]]
    phone = p.copy()
    for j in range(5):
        phone = phone.where(~((kind == 2) & (fmt == j)), fixable[j])
    for j in range(3):
        phone = phone.where(~((kind == 3) & (brk == j)), broken[j])
    phone = phone.where(kind != 1, None)

    # provinces in many spellings
    prov_idx = pd.Series(c["province"].astype("str")).map(
        {v: i for col in ("zh", "en") for i, v in enumerate(PROVINCE_NAMES[col])}).to_numpy()
    if np.isnan(prov_idx.astype(float)).any():
        raise InvalidArgumentError("客户表里有无法识别的省份。", "The customers table has unknown provinces.")
    prov_idx = prov_idx.astype(np.int64)
    std = PROVINCE_NAMES["zh" if locale == "zh" else "en"].to_numpy()[prov_idx]
    other = PROVINCE_NAMES["en" if locale == "zh" else "zh"].to_numpy()[prov_idx]
    variants = np.stack([PROVINCE_NAMES["full_zh"].to_numpy()[prov_idx], other,
                         PROVINCE_NAMES["abbr"].to_numpy()[prov_idx],
                         np.char.lower(PROVINCE_NAMES["en"].to_numpy()[prov_idx].astype(str)).astype(object),
                         np.char.add(std.astype(str), " ").astype(object)])
    pick = rng.integers(0, len(variants), m)
    province = np.where(rng.random(m) < province_variant_rate, variants[pick, np.arange(m)], std)
    province = pd.Series(province, dtype="str")

    city = c["city"].astype("str")
    if locale == "zh":
        city = city.where(rng.random(m) >= 0.3, city + "市")
    age = c["age"].astype("Int64")
    odd = rng.random(m) < 0.01
    age = age.where(~odd, pd.Series(np.where(rng.random(m) < 0.5, 0, 200)).astype("Int64"))

    def holes(s):  # missing values, independently per column
        return s.where(rng.random(m) >= missing_rate, None)

    records = pd.DataFrame({
        "record_id": np.arange(1, m + 1, dtype=np.int64),
        "source": pd.Series(source, dtype="str"),
        "recorded_at": pd.Series(recorded).astype("datetime64[ns]"),
        "name": name,
        "gender": holes(c["gender"].astype("str")),
        "age": holes(age),
        "province": holes(province),
        "city": holes(city),
        "phone": phone,
    })
    truth = pd.DataFrame({
        "record_id": records["record_id"],
        "customer_id": c["customer_id"].to_numpy(),
        "phone": pd.Series(phones[who], dtype="str"),
        "province": pd.Series(std, dtype="str"),
    })
    return MessyRecords(records, truth)
