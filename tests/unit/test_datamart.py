"""The star-schema data mart: structure, and every example query against pandas."""

import sqlite3

import numpy as np
import pytest

import crmlab
from crmlab.analysis import EXAMPLE_QUERIES, build_data_mart, repeat_purchase_rate, rfm_summary, run_query
from crmlab.errors import ColumnError, InvalidArgumentError, OutputPathError


@pytest.fixture(scope="module")
def shop_1500():
    return crmlab.simulate(1500, random_state=11, progress=False)


@pytest.fixture(scope="module")
def con(shop_1500):
    c = build_data_mart(shop_1500)
    yield c
    c.close()


@pytest.fixture(scope="module")
def lines(shop_1500):
    """Paid order lines joined with their order, customer and product (pandas reference)."""
    o = shop_1500.orders[shop_1500.orders["payment_status"] == "paid"]
    return (shop_1500.order_items.merge(o, on="order_id")
            .merge(shop_1500.customers, on="customer_id")
            .merge(shop_1500.products, on="product_id", suffixes=("", "_product")))


def test_schema_and_keys(con, shop_1500):
    names = {r[0] for r in con.execute("SELECT name FROM sqlite_master WHERE type='table'")}
    assert names == {"fact_orders", "dim_customer", "dim_product", "dim_date"}
    n = con.execute("SELECT COUNT(*) FROM fact_orders").fetchone()[0]
    assert n == len(shop_1500.order_items)
    assert con.execute("SELECT COUNT(*) FROM dim_customer").fetchone()[0] == len(shop_1500.customers)
    # every fact row finds its dimensions (referential integrity of the star)
    for dim, key in [("dim_customer", "customer_key"), ("dim_product", "product_key"),
                     ("dim_date", "date_key")]:
        orphans = con.execute(f"SELECT COUNT(*) FROM fact_orders f LEFT JOIN {dim} d "
                              f"ON f.{key} = d.{key} WHERE d.{key} IS NULL").fetchone()[0]
        assert orphans == 0
    assert con.execute("PRAGMA foreign_key_check").fetchall() == []
    # net amounts add up to what customers paid
    paid = con.execute("SELECT SUM(net_amount) FROM fact_orders WHERE payment_status='paid'").fetchone()[0]
    assert paid == pytest.approx(shop_1500.orders.query("payment_status == 'paid'")["amount"].sum())


def test_monthly_sales(con, shop_1500):
    got = run_query(con, "monthly_sales")
    o = shop_1500.orders[shop_1500.orders["payment_status"] == "paid"]
    m = o["order_time"].dt.strftime("%Y-%m")
    ref = o.groupby(m).agg(sales=("amount", "sum"), orders=("order_id", "nunique"))
    assert got["year_month"].tolist() == ref.index.tolist()
    np.testing.assert_allclose(got["sales"], ref["sales"], rtol=1e-9)
    assert got["orders"].tolist() == ref["orders"].tolist()


def test_sales_by_category_and_region(con, lines):
    cat = run_query(con, "sales_by_category").set_index("category")
    net = lines["line_amount"] * lines["amount"] / lines["gross_amount"]
    ref = net.groupby(lines["category"]).sum().sort_values(ascending=False)
    assert cat.index.tolist() == ref.index.tolist()
    np.testing.assert_allclose(cat["sales"], ref, rtol=1e-9)
    assert (cat["units"] == lines.groupby("category")["quantity"].sum().loc[cat.index]).all()
    reg = run_query(con, "sales_by_region").set_index("region")
    buyers = lines.groupby("region")["customer_id"].nunique()
    assert (reg["buyers"] == buyers.loc[reg.index]).all()


def test_top_products_and_weekday(con, lines):
    top = run_query(con, "top_products")
    units = lines.groupby("product_id")["quantity"].sum()
    ref = units.reset_index().sort_values(["quantity", "product_id"], ascending=[False, True]).head(10)
    assert top["product_id"].tolist() == ref["product_id"].tolist()
    assert top["units"].tolist() == ref["quantity"].tolist()
    wd = run_query(con, "weekday_sales")
    net = lines["line_amount"] * lines["amount"] / lines["gross_amount"]
    ref = net.groupby(lines["order_time"].dt.day_of_week + 1).sum()
    np.testing.assert_allclose(wd.set_index("weekday")["sales"], ref, rtol=1e-9)


def test_sql_rfm_matches_rfm_summary(con, shop_1500):
    sql = run_query(con, "customer_rfm").set_index("customer_id")
    ref = rfm_summary(shop_1500.orders)
    assert sql.index.tolist() == ref.index.tolist()
    np.testing.assert_allclose(sql["recency"], ref["recency"])
    assert (sql["frequency"] == ref["frequency"]).all()
    np.testing.assert_allclose(sql["monetary"], ref["monetary"], rtol=1e-9)
    rate = run_query(con, "repeat_rate")
    assert rate["repeat_rate"].iloc[0] == pytest.approx(repeat_purchase_rate(shop_1500.orders))


def test_every_example_has_texts(con):
    for name, q in EXAMPLE_QUERIES.items():
        assert q["zh"] and q["en"]
        assert len(run_query(con, name)) > 0


def test_file_output(shop_1500, tmp_path):
    path = tmp_path / "mart.sqlite"
    build_data_mart(shop_1500, path).close()
    with sqlite3.connect(path) as c:
        assert c.execute("SELECT COUNT(*) FROM dim_date").fetchone()[0] > 700
    with pytest.raises(OutputPathError, match="overwrite"):
        build_data_mart(shop_1500, path)
    build_data_mart(shop_1500, path, overwrite=True).close()


def test_bad_input(shop_1500, con):
    class Fake:
        customers = shop_1500.customers.drop(columns="region")
        products, orders, order_items = shop_1500.products, shop_1500.orders, shop_1500.order_items

    with pytest.raises(ColumnError, match="region"):
        build_data_mart(Fake())
    with pytest.raises(InvalidArgumentError, match="shop"):
        build_data_mart(object())
    with pytest.raises(InvalidArgumentError, match="fact_orders"):
        run_query(con, "SELECT nope FROM nowhere")
