"""Round trips, atomic writes and clear errors for bad files."""

import sqlite3

import pytest

import crmlab
from crmlab.errors import OutputPathError, ShopFileError


@pytest.fixture(scope="module")
def small():
    return crmlab.simulate(300, random_state=9)


@pytest.mark.parametrize("fmt", ["sqlite", "parquet", "csv"])
def test_round_trip_is_exact(small, tmp_path, fmt):
    target = tmp_path / ("shop.sqlite" if fmt == "sqlite" else "shop")
    getattr(small, f"to_{fmt}")(target)
    back = crmlab.load_shop(target)
    assert back == small
    assert back.fingerprint() == small.fingerprint()
    assert back.meta == small.meta
    for name in small.tables:
        assert list(back[name].dtypes) == list(small[name].dtypes), name


def test_english_shop_round_trips(tmp_path):
    shop = crmlab.simulate(200, random_state=2, locale="en")
    shop.to_csv(tmp_path / "en")
    assert crmlab.load_shop(tmp_path / "en") == shop


def test_sqlite_has_real_keys_and_indexes(small, tmp_path):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    con = sqlite3.connect(path)
    fks = con.execute("PRAGMA foreign_key_list(orders)").fetchall()
    assert ("customers", "customer_id") in {(r[2], r[3]) for r in fks}
    pk = [r[1] for r in con.execute("PRAGMA table_info(order_items)").fetchall() if r[5]]
    assert pk == ["order_id", "line_no"]
    indexes = [r[1] for r in con.execute("PRAGMA index_list(orders)").fetchall()]
    assert any(i.startswith("ix_orders") for i in indexes)
    con.execute("PRAGMA foreign_keys=ON")
    with pytest.raises(sqlite3.IntegrityError):
        con.execute("INSERT INTO orders (order_id, customer_id, order_time, channel, items, gross_amount, discount, "
                    "amount, payment_status, was_unpaid, reminder_sent, refund_amount) "
                    "VALUES (999999, 123456789, '2024-01-01', 'app', 1, 1, 0, 1, 'paid', 0, 0, 0)")
    n = con.execute("SELECT COUNT(*) FROM orders o JOIN customers c USING (customer_id)").fetchone()[0]
    assert n == len(small.orders)
    con.close()


def test_failed_write_leaves_old_file_intact_and_no_temp(small, tmp_path, monkeypatch):
    path = tmp_path / "shop.sqlite"
    small.to_sqlite(path)
    before = path.read_bytes()

    def boom(*a, **k):
        raise RuntimeError("disk full")

    monkeypatch.setattr("crmlab.io._sql_values", boom)
    with pytest.raises(RuntimeError):
        small.to_sqlite(path, overwrite=True)
    assert path.read_bytes() == before
    assert [p.name for p in tmp_path.iterdir()] == ["shop.sqlite"]


def test_failed_folder_write_leaves_nothing(small, tmp_path, monkeypatch):
    monkeypatch.setattr("pandas.DataFrame.to_csv", lambda *a, **k: (_ for _ in ()).throw(OSError("disk full")))
    with pytest.raises(OSError):
        small.to_csv(tmp_path / "out")
    assert list(tmp_path.iterdir()) == []


def test_unwritable_and_missing_output_paths(small, tmp_path):
    with pytest.raises(OutputPathError, match="mkdir"):
        small.to_sqlite(tmp_path / "no" / "such" / "shop.sqlite")
    small.to_sqlite(tmp_path / "a.sqlite")
    with pytest.raises(OutputPathError, match="overwrite"):
        small.to_sqlite(tmp_path / "a.sqlite")  # overwrite=False is the default


@pytest.mark.parametrize("content, word", [
    (b"hello, I am not a database", "SQLite"),
    (b"SQLite format 3\x00" + b"\x00" * 200, "corrupt"),
])
def test_corrupt_files_are_rejected_clearly(tmp_path, content, word):
    f = tmp_path / "bad.sqlite"
    f.write_bytes(content)
    with pytest.raises(ShopFileError) as info:
        crmlab.load_shop(f)
    assert word in str(info.value) and "crmlab simulate" in str(info.value)


def test_foreign_sqlite_database_is_rejected(tmp_path):
    f = tmp_path / "other.sqlite"
    con = sqlite3.connect(f)
    con.execute("CREATE TABLE t (x INTEGER)")
    con.commit()
    con.close()
    with pytest.raises(ShopFileError, match="metadata"):
        crmlab.load_shop(f)


def test_foreign_and_damaged_parquet_folders(small, tmp_path):
    (tmp_path / "empty").mkdir()
    with pytest.raises(ShopFileError, match="crmlab.json"):
        crmlab.load_shop(tmp_path / "empty")
    small.to_parquet(tmp_path / "p")
    (tmp_path / "p" / "orders.parquet").write_bytes(b"garbage")
    with pytest.raises(ShopFileError, match="orders.parquet"):
        crmlab.load_shop(tmp_path / "p")


def test_missing_path(tmp_path):
    with pytest.raises(ShopFileError, match="does not exist"):
        crmlab.load_shop(tmp_path / "nothing.sqlite")


# -- a SQLite shop is read into memory at once, and each table when it is first used ------------------------------
def _vandalise(path, sql):
    con = sqlite3.connect(path)
    con.executescript(sql)
    con.commit()
    con.close()


def test_tables_are_read_when_first_used_and_the_file_no_longer_matters(small, tmp_path):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    shop = crmlab.load_shop(path)
    assert [t for t in small.tables if t in vars(shop)] == []  # nothing read yet
    assert set(small.tables) <= set(dir(shop))  # yet Tab completion offers every table
    assert len(shop.customers) == len(small.customers)
    assert [t for t in small.tables if t in vars(shop)] == ["customers"]
    # the shop keeps what the file held when it was loaded, whatever happens to the file afterwards
    crmlab.simulate(120, random_state=3).to_sqlite(path, overwrite=True)
    assert shop.orders.equals(small.orders)
    path.unlink()
    assert shop == small and shop.fingerprint() == small.fingerprint()
    assert "_source" not in vars(shop)  # every table read: the bytes were let go


def test_describe_and_repr_count_rows_without_reading_tables(small, tmp_path):
    shop = crmlab.load_shop(small.to_sqlite(tmp_path / "shop.sqlite"))
    assert repr(shop) == repr(small)
    d = shop.describe()
    assert d.equals(small.describe()) and d.attrs["summary"] == small.describe().attrs["summary"]
    assert sorted(t for t in small.tables if t in vars(shop)) == ["customers", "orders"]  # the summary's figures


def test_copies_and_pickles_of_a_loaded_shop_hold_every_table(small, tmp_path):
    import copy
    import pickle

    for make in (lambda s: pickle.loads(pickle.dumps(s)), copy.deepcopy, copy.copy):
        path = small.to_sqlite(tmp_path / "shop.sqlite")
        twin = make(crmlab.load_shop(path))
        assert "_source" not in vars(twin) and all(t in vars(twin) for t in small.tables)
        path.unlink()
        assert twin == small and twin.meta == small.meta


def test_tables_read_from_two_threads_at_once(small, tmp_path):
    from concurrent.futures import ThreadPoolExecutor

    shop = crmlab.load_shop(small.to_sqlite(tmp_path / "shop.sqlite"))
    with ThreadPoolExecutor(4) as pool:
        got = dict(pool.map(lambda t: (t, shop.table(t)), small.tables))
    assert all(got[t].equals(small[t]) for t in small.tables)


def test_a_truncated_file_is_reported_when_loaded(small, tmp_path):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    data = path.read_bytes()
    path.write_bytes(data[: len(data) // 2])  # half a download
    with pytest.raises(ShopFileError) as info:
        crmlab.load_shop(path)
    assert "corrupt" in str(info.value) and "损坏" in info.value.zh and "crmlab simulate" in str(info.value)


@pytest.mark.parametrize("sql, word", [
    ("DROP TABLE refunds", "refunds is missing"),
    ("ALTER TABLE reviews DROP COLUMN rating", "reviews lacks columns: rating"),
])
def test_a_missing_table_or_column_is_reported_when_loaded(small, tmp_path, sql, word):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    _vandalise(path, f"PRAGMA foreign_keys=OFF; {sql};")
    with pytest.raises(ShopFileError, match=word):
        crmlab.load_shop(path)


def test_values_that_break_the_schema_are_reported_when_their_table_is_used(small, tmp_path):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    _vandalise(path, "UPDATE orders SET amount = 'lots' WHERE rowid = 1;")
    shop = crmlab.load_shop(path)
    assert shop.customers.equals(small.customers)  # the other tables are fine
    with pytest.raises(ShopFileError) as info:
        shop.orders
    assert "amount" in str(info.value) and "orders" in str(info.value) and str(path) in str(info.value)
    with pytest.raises(ShopFileError):  # still reported on the next use, never a half-read table
        shop["orders"]
    with pytest.raises(ShopFileError):
        crmlab.io.read_shop(path)  # the whole-shop reader reports it at once


def test_without_sqlite_deserialize_the_whole_file_is_read_at_once(small, tmp_path, monkeypatch):
    monkeypatch.setattr(crmlab.io, "CAN_DESERIALIZE", False)
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    shop = crmlab.load_shop(path)
    path.unlink()
    assert shop == small and shop.describe()["rows"].tolist() == small.describe()["rows"].tolist()


def test_a_loaded_shop_written_back_over_its_own_file(small, tmp_path):
    path = small.to_sqlite(tmp_path / "shop.sqlite")
    shop = crmlab.load_shop(path)
    shop.to_sqlite(path, overwrite=True)  # its tables come from memory, not from the file being replaced
    assert crmlab.load_shop(path) == small and sorted(p.name for p in tmp_path.iterdir()) == ["shop.sqlite"]
