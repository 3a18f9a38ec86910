"""A small sales data mart (数据集市, course chapter 9 and material 004): a star
schema in SQLite, and example SQL queries whose answers match pandas.

Star schema: one fact table at the grain of an order line, ``fact_orders``, whose
keys point to three dimension tables:

- ``dim_customer`` (who bought: region, city tier, gender, age band, channel, device, tier),
- ``dim_product`` (what: name, category, price, cost),
- ``dim_date`` (when: every calendar day of the data with year, quarter, month,
  weekday, weekend flag).

A question of the form "measure by attribute" (sales by region and month) is then
one join of the facts with the dimensions it needs and a GROUP BY.
"""

from __future__ import annotations

import os
import sqlite3

import numpy as np
import pandas as pd

from ..errors import InvalidArgumentError, OutputPathError
from ..io import sqlite_uri
from ..validation import check_bool, check_dataframe, check_nonempty, check_path
from ._tables import shop_tables

__all__ = ["build_data_mart", "run_query", "EXAMPLE_QUERIES", "DATA_MART_DDL"]

#: SQL that creates the star schema (keys and foreign keys included).
DATA_MART_DDL = """
CREATE TABLE dim_customer (
    customer_key INTEGER PRIMARY KEY,
    gender TEXT, age_band TEXT, region TEXT, province TEXT, city TEXT, city_tier INTEGER,
    acquisition_channel TEXT, device TEXT, member_tier TEXT, signup_date TEXT
);
CREATE TABLE dim_product (
    product_key INTEGER PRIMARY KEY,
    name TEXT, category_code TEXT, category TEXT, price REAL, cost REAL, is_consumable INTEGER
);
CREATE TABLE dim_date (
    date_key INTEGER PRIMARY KEY,          -- YYYYMMDD
    date TEXT NOT NULL,                    -- YYYY-MM-DD
    year INTEGER, quarter INTEGER, month INTEGER, year_month TEXT, day INTEGER,
    weekday INTEGER,                       -- 1 = Monday ... 7 = Sunday
    is_weekend INTEGER
);
CREATE TABLE fact_orders (
    order_id INTEGER NOT NULL,
    line_no INTEGER NOT NULL,
    customer_key INTEGER NOT NULL REFERENCES dim_customer(customer_key),
    product_key INTEGER NOT NULL REFERENCES dim_product(product_key),
    date_key INTEGER NOT NULL REFERENCES dim_date(date_key),
    order_time TEXT NOT NULL,
    channel TEXT,
    payment_status TEXT,
    quantity INTEGER,
    unit_price REAL,
    line_amount REAL,                      -- list price x quantity
    net_amount REAL,                       -- the line's share of the amount paid (after discount)
    PRIMARY KEY (order_id, line_no)
);
CREATE INDEX ix_fact_customer ON fact_orders(customer_key);
CREATE INDEX ix_fact_product ON fact_orders(product_key);
CREATE INDEX ix_fact_date ON fact_orders(date_key);
"""

#: Example questions answered in SQL on the data mart: name -> zh, en, sql.
EXAMPLE_QUERIES = {
    "monthly_sales": {
        "zh": "每月销售额与订单数（仅已支付订单）",
        "en": "Sales and orders per month (paid orders only)",
        "sql": """
SELECT d.year_month, SUM(f.net_amount) AS sales, COUNT(DISTINCT f.order_id) AS orders
FROM fact_orders f JOIN dim_date d ON f.date_key = d.date_key
WHERE f.payment_status = 'paid'
GROUP BY d.year_month ORDER BY d.year_month""",
    },
    "sales_by_category": {
        "zh": "各品类销售额与销量",
        "en": "Sales and units by product category",
        "sql": """
SELECT p.category, SUM(f.net_amount) AS sales, SUM(f.quantity) AS units
FROM fact_orders f JOIN dim_product p ON f.product_key = p.product_key
WHERE f.payment_status = 'paid'
GROUP BY p.category ORDER BY sales DESC""",
    },
    "sales_by_region": {
        "zh": "各地区购买客户数与销售额",
        "en": "Buyers and sales by region",
        "sql": """
SELECT c.region, COUNT(DISTINCT f.customer_key) AS buyers, SUM(f.net_amount) AS sales
FROM fact_orders f JOIN dim_customer c ON f.customer_key = c.customer_key
WHERE f.payment_status = 'paid'
GROUP BY c.region ORDER BY sales DESC""",
    },
    "top_products": {
        "zh": "销量前 10 的商品",
        "en": "The 10 best-selling products by units",
        "sql": """
SELECT p.product_key AS product_id, p.name, SUM(f.quantity) AS units
FROM fact_orders f JOIN dim_product p ON f.product_key = p.product_key
WHERE f.payment_status = 'paid'
GROUP BY p.product_key, p.name ORDER BY units DESC, product_id LIMIT 10""",
    },
    "weekday_sales": {
        "zh": "星期几的销售额（1 = 周一）",
        "en": "Sales by day of the week (1 = Monday)",
        "sql": """
SELECT d.weekday, SUM(f.net_amount) AS sales
FROM fact_orders f JOIN dim_date d ON f.date_key = d.date_key
WHERE f.payment_status = 'paid'
GROUP BY d.weekday ORDER BY d.weekday""",
    },
    "customer_rfm": {
        "zh": "用 SQL 计算每位客户的 RFM（最近一次购买距今天数、购买次数、消费总额）",
        "en": "RFM of every customer in SQL (days since last purchase, orders, total spend)",
        "sql": """
WITH o AS (
    SELECT order_id, customer_key, MIN(date_key) AS date_key, SUM(net_amount) AS amount
    FROM fact_orders WHERE payment_status = 'paid' GROUP BY order_id, customer_key
), od AS (
    SELECT o.*, d.date FROM o JOIN dim_date d ON o.date_key = d.date_key
)
SELECT customer_key AS customer_id,
       julianday((SELECT MAX(date) FROM od)) - julianday(MAX(date)) AS recency,
       COUNT(*) AS frequency,
       SUM(amount) AS monetary
FROM od GROUP BY customer_key ORDER BY customer_key""",
    },
    "repeat_rate": {
        "zh": "复购率：购买两次及以上的客户占购买客户的比例",
        "en": "Repeat-purchase rate: share of buyers with two or more orders",
        "sql": """
WITH c AS (
    SELECT customer_key, COUNT(DISTINCT order_id) AS n
    FROM fact_orders WHERE payment_status = 'paid' GROUP BY customer_key
)
SELECT AVG(n >= 2) AS repeat_rate, COUNT(*) AS buyers FROM c""",
    },
}


def _iso(t):
    return t.dt.strftime("%Y-%m-%d %H:%M:%S")


def _is_data_mart(path) -> bool:
    """Whether ``path`` is a SQLite file holding the data mart's tables (the only file overwrite may replace)."""
    if os.path.islink(path) or not os.path.isfile(path):
        return False
    try:
        con = sqlite3.connect(sqlite_uri(path), uri=True)
        try:
            names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type = 'table'")}
        finally:
            con.close()
    except sqlite3.Error:
        return False
    return {"dim_customer", "dim_product", "dim_date", "fact_orders"} <= names


def build_data_mart(shop, path=None, *, overwrite=False):
    """Build the star-schema data mart of a shop in SQLite.

    Parameters
    ----------
    shop : crmlab.Shop
        A simulated or loaded shop (tables ``customers``, ``products``,
        ``orders``, ``order_items``).
    path : str or path-like, optional
        SQLite file to write; default: an in-memory database.
    overwrite : bool, default=False
        Replace an existing data mart at ``path``; any other file is refused.

    Returns
    -------
    sqlite3.Connection
        Open connection to the data mart (see :data:`DATA_MART_DDL` for the
        tables and :data:`EXAMPLE_QUERIES` for questions to ask it). Close it
        when done.

    Notes
    -----
    ``net_amount`` spreads each order's paid amount over its lines in
    proportion to their list-price amounts, so that summing it over any set of
    whole orders gives what customers paid (``orders.amount``). All orders are
    loaded; filter ``payment_status = 'paid'`` for sales.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import build_data_mart, run_query
    >>> con = build_data_mart(crmlab.load_dataset("classroom"))
    >>> list(run_query(con, "repeat_rate").columns)
    ['repeat_rate', 'buyers']
    >>> con.close()
    """
    need = {
        "customers": ["customer_id", "gender", "age_band", "region", "province", "city",
                      "city_tier", "acquisition_channel", "device", "member_tier", "signup_time"],
        "products": ["product_id", "name", "category_code", "category", "price", "cost", "is_consumable"],
        "orders": ["order_id", "customer_id", "order_time", "channel", "payment_status",
                   "gross_amount", "amount"],
        "order_items": ["order_id", "line_no", "product_id", "quantity", "unit_price", "line_amount"],
    }
    tables = shop_tables(shop, need)
    for name, cols in need.items():
        check_dataframe(name, tables[name], cols)
    check_nonempty("orders", tables["orders"])

    if path is not None:
        path = os.fspath(check_path("path", path))
        overwrite = check_bool("overwrite", overwrite)
        if os.path.lexists(path):
            if not overwrite:
                raise OutputPathError(
                    f"文件 {path} 已存在。请换一个路径，或传入 overwrite=True 覆盖它。",
                    f"The file {path} exists. Choose another path or pass overwrite=True.")
            if not _is_data_mart(path):
                raise OutputPathError(
                    f"{path} 已存在，而且不是 build_data_mart 生成的数据集市，crmlab 不会覆盖或删除它。请换一个路径。",
                    f"{path} exists and is not a data mart made by build_data_mart, so crmlab will not replace or "
                    "delete it. Choose another path.")
            os.remove(path)
    con = sqlite3.connect(":memory:" if path is None else path)
    try:
        con.executescript(DATA_MART_DDL)
        c = tables["customers"]
        dim_customer = pd.DataFrame({
            "customer_key": c["customer_id"].to_numpy(),
            **{k: c[k].to_numpy() for k in ["gender", "age_band", "region", "province", "city",
                                              "city_tier", "acquisition_channel", "device",
                                              "member_tier"]},
            "signup_date": c["signup_time"].dt.strftime("%Y-%m-%d").to_numpy(),
        })
        p = tables["products"]
        dim_product = pd.DataFrame({
            "product_key": p["product_id"].to_numpy(),
            **{k: p[k].to_numpy() for k in ["name", "category_code", "category", "price", "cost"]},
            "is_consumable": p["is_consumable"].astype(int).to_numpy(),
        })
        o = tables["orders"]
        day = o["order_time"].dt.floor("D")
        dates = pd.date_range(day.min(), day.max(), freq="D")
        dim_date = pd.DataFrame({
            "date_key": (dates.year * 10000 + dates.month * 100 + dates.day).to_numpy(),
            "date": dates.strftime("%Y-%m-%d"),
            "year": dates.year, "quarter": dates.quarter, "month": dates.month,
            "year_month": dates.strftime("%Y-%m"), "day": dates.day,
            "weekday": dates.day_of_week + 1, "is_weekend": (dates.day_of_week >= 5).astype(int),
        })
        lines = tables["order_items"].merge(
            o[["order_id", "customer_id", "order_time", "channel", "payment_status",
               "gross_amount", "amount"]], on="order_id", how="inner", validate="many_to_one")
        gross = lines["gross_amount"].to_numpy(dtype=float)
        with np.errstate(divide="ignore", invalid="ignore"):
            share = np.where(gross > 0, lines["line_amount"].to_numpy(dtype=float) / gross, 0.0)
        t = lines["order_time"]
        fact = pd.DataFrame({
            "order_id": lines["order_id"].to_numpy(), "line_no": lines["line_no"].to_numpy(),
            "customer_key": lines["customer_id"].to_numpy(),
            "product_key": lines["product_id"].to_numpy(),
            "date_key": (t.dt.year * 10000 + t.dt.month * 100 + t.dt.day).to_numpy(),
            "order_time": _iso(t).to_numpy(), "channel": lines["channel"].to_numpy(),
            "payment_status": lines["payment_status"].to_numpy(),
            "quantity": lines["quantity"].to_numpy(), "unit_price": lines["unit_price"].to_numpy(),
            "line_amount": lines["line_amount"].to_numpy(),
            "net_amount": share * lines["amount"].to_numpy(dtype=float),
        })
        for name, df in [("dim_customer", dim_customer), ("dim_product", dim_product),
                         ("dim_date", dim_date), ("fact_orders", fact)]:
            cols = ", ".join(df.columns)
            marks = ", ".join("?" * len(df.columns))
            rows = df.astype(object).where(df.notna(), None).itertuples(index=False, name=None)
            con.executemany(f"INSERT INTO {name} ({cols}) VALUES ({marks})", rows)
        con.commit()
    except BaseException:
        con.close()
        raise
    return con


def run_query(con, query, *, params=None):
    """Run an example query (by name) or any SQL on the data mart.

    Parameters
    ----------
    con : sqlite3.Connection
        From :func:`build_data_mart`.
    query : str
        A key of :data:`EXAMPLE_QUERIES` (e.g. ``"monthly_sales"``) or SQL.
    params : sequence or dict, optional
        Parameters of the SQL (``?`` placeholders).

    Returns
    -------
    pandas.DataFrame
        The result table.

    Examples
    --------
    >>> import crmlab
    >>> from crmlab.analysis import build_data_mart, run_query
    >>> con = build_data_mart(crmlab.load_dataset("classroom"))
    >>> run_query(con, "sales_by_region").columns.tolist()
    ['region', 'buyers', 'sales']
    >>> int(run_query(con, "SELECT COUNT(*) AS n FROM dim_date WHERE is_weekend = ?", params=[1])["n"].iloc[0]) > 0
    True
    >>> con.close()
    """
    sql = EXAMPLE_QUERIES[query]["sql"] if query in EXAMPLE_QUERIES else query
    if not isinstance(sql, str) or not sql.strip():
        raise InvalidArgumentError(
            f"`query` 必须是示例查询名（{', '.join(EXAMPLE_QUERIES)}）或一条 SQL。",
            f"`query` must be an example name ({', '.join(EXAMPLE_QUERIES)}) or SQL.")
    try:
        return pd.read_sql_query(sql, con, params=params)
    except (sqlite3.Error, pd.errors.DatabaseError) as exc:
        known = ", ".join(EXAMPLE_QUERIES)
        raise InvalidArgumentError(
            f"SQL 执行失败：{exc}。请检查表名和列名（表：dim_customer, dim_product, dim_date, "
            f"fact_orders），或使用示例查询名：{known}。",
            f"The SQL failed: {exc}. Check the table and column names (tables: dim_customer, "
            f"dim_product, dim_date, fact_orders), or use an example name: {known}.") from None
