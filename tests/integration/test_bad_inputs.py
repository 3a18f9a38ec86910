"""Careless users: every bad input gives a clear bilingual error, and nothing is ever lost.

The table ``CASES`` lists bad inputs with the error they must raise and the words its
message must contain (the argument's name, what to do). Cases that need files on disk
follow, then the command line: its usage errors, and a hypothesis fuzz of its flags
that checks that every run ends with status 0 or a clean status 2 and that the files
around it are untouched.
"""

import contextlib
import io
import json
import os
import sqlite3
import subprocess
import sys
import tempfile
import warnings
from pathlib import Path

import numpy as np
import pandas as pd
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import crmlab
from crmlab import validation as V
from crmlab.analysis import (
    agents_needed, build_data_mart, churn_dataset, churn_features, churn_labels, clv_table, customer_lifetime_value,
    erlang_c, erlang_table, historical_clv, kpi_table, lifecycle_stage, rfm_summary, simulate_schedule,
)
from crmlab.analysis.clv import BetaGeoModel
from crmlab.errors import (
    ColumnError, CRMLabError, DataValueError, DataWarning, InvalidArgumentError, OutputPathError, ShopFileError,
    UnitsWarning,
)
from crmlab.io import write_folder, write_sqlite


@pytest.fixture(scope="module")
def small():
    return crmlab.simulate(200, random_state=5)


@pytest.fixture(scope="module")
def classroom():
    return crmlab.load_dataset("classroom")


def _nat_orders(shop, n=49):
    o = shop.orders.copy()
    o.loc[o.index[::max(1, len(o) // n)][:n], "order_time"] = pd.NaT
    return o


def _summary(shop):
    return rfm_summary(shop.orders[shop.orders["payment_status"] == "paid"], form="lifetimes")


def _assert_clear(err: CRMLabError, words):
    """Bilingual (Chinese first in zh, English in en) and naming what matters."""
    assert err.zh and err.en
    assert any("\u4e00" <= ch <= "\u9fff" for ch in err.zh)
    en = err.en
    for w in words:  # the user's own names may be Chinese
        en = en.replace(str(w), "")
    assert not any("\u4e00" <= ch <= "\u9fff" for ch in en), err.en
    text = str(err)
    for w in words:
        assert w in text, (w, text)


# (id, call taking the fixtures (small, classroom), expected error, words in the message)
CASES = [
    # -- simulate: dates, whole numbers, params, random_state
    ("start=None", lambda s, c: crmlab.simulate(50, start=None), InvalidArgumentError, ["start", "YYYY-MM-DD"]),
    ("end=NaN", lambda s, c: crmlab.simulate(50, end=float("nan")), InvalidArgumentError, ["end", "missing"]),
    ("start=NaT", lambda s, c: crmlab.simulate(50, start=pd.NaT), InvalidArgumentError, ["start", "missing"]),
    ("end=np.nan", lambda s, c: crmlab.simulate(50, end=np.nan), InvalidArgumentError, ["end"]),
    ("start=2023 (a number)", lambda s, c: crmlab.simulate(50, start=2023), InvalidArgumentError, ["start", "text"]),
    ("params=dict", lambda s, c: crmlab.simulate(50, params=dict), InvalidArgumentError, ["params", "ShopParams"]),
    ("params=list", lambda s, c: crmlab.simulate(50, params=[1]), InvalidArgumentError, ["params"]),
    ("params unknown key", lambda s, c: crmlab.simulate(50, params={"n_agent": 3}), InvalidArgumentError,
     ["n_agent", "n_agents"]),
    ("n_agents=16.5", lambda s, c: crmlab.simulate(50, n_agents=16.5), InvalidArgumentError, ["n_agents", "16.5"]),
    ("n_agents='16'", lambda s, c: crmlab.simulate(50, n_agents="16"), InvalidArgumentError, ["n_agents", "quotes"]),
    ("n_agents=True", lambda s, c: crmlab.simulate(50, n_agents=True), InvalidArgumentError, ["n_agents"]),
    ("n_agents=nan", lambda s, c: crmlab.simulate(50, n_agents=float("nan")), InvalidArgumentError, ["n_agents"]),
    ("n_agents=0", lambda s, c: crmlab.simulate(50, n_agents=0), InvalidArgumentError, ["n_agents", "1000"]),
    ("referral_share=inf", lambda s, c: crmlab.simulate(50, referral_share=float("inf")), InvalidArgumentError,
     ["referral_share", "finite"]),
    ("tier_thresholds text", lambda s, c: crmlab.simulate(50, tier_thresholds=("a", "b", "c")), InvalidArgumentError,
     ["tier_thresholds", "500"]),
    ("n_customers='100'", lambda s, c: crmlab.simulate("100"), InvalidArgumentError, ["n_customers", "quotes"]),
    ("n_customers=None", lambda s, c: crmlab.simulate(None), InvalidArgumentError, ["n_customers"]),
    ("n_customers=0.5", lambda s, c: crmlab.simulate(0.5), InvalidArgumentError, ["n_customers", "500"]),
    ("random_state=1.5", lambda s, c: crmlab.simulate(50, random_state=1.5), InvalidArgumentError, ["random_state"]),
    ("random_state=''", lambda s, c: crmlab.simulate(50, random_state=""), InvalidArgumentError, ["random_state"]),
    ("random_state=[1]", lambda s, c: crmlab.simulate(50, random_state=[1]), InvalidArgumentError, ["random_state"]),
    ("progress='yes'", lambda s, c: crmlab.simulate(50, progress="yes"), InvalidArgumentError, ["progress"]),
    ("locale=1", lambda s, c: crmlab.simulate(50, locale=1), InvalidArgumentError, ["locale", "'zh'"]),
    ("locale=['zh']", lambda s, c: crmlab.simulate(50, locale=["zh"]), InvalidArgumentError, ["locale"]),
    # -- writing and reading: bad types
    ("to_sqlite(123)", lambda s, c: s.to_sqlite(123), InvalidArgumentError, ["path", "shop.sqlite"]),
    ("to_sqlite(None)", lambda s, c: s.to_sqlite(None), InvalidArgumentError, ["path"]),
    ("to_sqlite('')", lambda s, c: s.to_sqlite(""), InvalidArgumentError, ["path"]),
    ("to_sqlite(overwrite='yes')", lambda s, c: s.to_sqlite("x.sqlite", overwrite="yes"), InvalidArgumentError,
     ["overwrite", "True or False"]),
    ("to_parquet('x.sqlite')", lambda s, c: s.to_parquet("x.sqlite"), OutputPathError, [".sqlite", "parquet"]),
    ("to_sqlite('x.csv')", lambda s, c: s.to_sqlite("x.csv"), OutputPathError, [".csv", "SQLite"]),
    ("write_folder format", lambda s, c: write_folder(s, "x", "xlsx"), InvalidArgumentError, ["format", "parquet"]),
    ("write_sqlite(not a shop)", lambda s, c: write_sqlite(s.orders, "x.sqlite"), InvalidArgumentError,
     ["crmlab.Shop", "DataFrame"]),
    ("load_shop(None)", lambda s, c: crmlab.load_shop(None), InvalidArgumentError, ["path"]),
    ("load_shop(3.5)", lambda s, c: crmlab.load_shop(3.5), InvalidArgumentError, ["path"]),
    # -- analysis: missing order dates are refused, with their number
    ("historical_clv NaT", lambda s, c: historical_clv(_nat_orders(c)), DataValueError, ["order_time", "49", "NaT"]),
    ("churn_labels NaT", lambda s, c: churn_labels(_nat_orders(c), as_of="2024-03-01"), DataValueError,
     ["order_time", "49"]),
    ("churn_features NaT", lambda s, c: churn_features(_nat_orders(c), as_of="2024-03-01"), DataValueError,
     ["order_time", "49"]),
    ("lifecycle_stage NaT", lambda s, c: lifecycle_stage(_nat_orders(c), customers=c.customers), DataValueError,
     ["order_time", "49"]),
    ("lifecycle_stage signup NaT",
     lambda s, c: lifecycle_stage(c.orders, customers=c.customers.assign(signup_time=c.customers["signup_time"].where(
         c.customers.index % 50 != 0))), DataValueError, ["signup_time", "10"]),
    ("kpi_table NaT", lambda s, c: kpi_table(_nat_orders(c)), DataValueError, ["order_time", "49"]),
    # -- analysis: negative spend and bad types
    ("clv_table negative spend",
     lambda s, c: clv_table(_summary(c).assign(monetary_value=lambda d: d["monetary_value"] * np.where(
         np.arange(len(d)) % 7 == 0, -1, 1))), DataValueError, ["monetary_value", "negative"]),
    ("customer_lifetime_value negative spend",
     lambda s, c: customer_lifetime_value(BetaGeoModel().fit(_summary(c)), frequency=[1, 2], recency=[5, 9], T=[20, 20],
                                          monetary_value=[-10.0, 30.0]), DataValueError, ["monetary_value"]),
    ("clv_table penalizer_coef=-1", lambda s, c: clv_table(_summary(c), penalizer_coef=-1), InvalidArgumentError,
     ["penalizer_coef"]),
    ("clv_table horizon='1y'", lambda s, c: clv_table(_summary(c), horizon="1y"), InvalidArgumentError, ["horizon"]),
    ("historical_clv(orders='x')", lambda s, c: historical_clv("x"), InvalidArgumentError, ["orders", "DataFrame"]),
    ("historical_clv margin='0.3'", lambda s, c: historical_clv(c.orders, margin="0.3"), InvalidArgumentError,
     ["margin"]),
    ("churn_labels holdout_days='180'", lambda s, c: churn_labels(c.orders, as_of="2024-03-01", holdout_days="180"),
     InvalidArgumentError, ["holdout_days", "quotes"]),
    ("churn_labels as_of=NaT", lambda s, c: churn_labels(c.orders, as_of=pd.NaT), InvalidArgumentError, ["as_of"]),
    ("churn_dataset holdout_days=None", lambda s, c: churn_dataset(c, holdout_days=None), InvalidArgumentError,
     ["holdout_days"]),
    ("lifecycle_stage as_of=NaT", lambda s, c: lifecycle_stage(c.orders, as_of=pd.NaT), InvalidArgumentError,
     ["as_of"]),
    ("kpi_table targets text", lambda s, c: kpi_table(c.orders, targets={"payment_rate": "high"}),
     InvalidArgumentError, ["payment_rate", "quotes"]),
    ("kpi_table(orders=None)", lambda s, c: kpi_table(None), InvalidArgumentError, ["orders"]),
    ("kpi_table orders without column", lambda s, c: kpi_table(c.orders.drop(columns="order_time")), ColumnError,
     ["order_time"]),
    ("agents_needed('200', 180)", lambda s, c: agents_needed("200", 180), InvalidArgumentError, ["arrival_rate"]),
    ("erlang_c(handle_time=None)", lambda s, c: erlang_c(200, None, 3), InvalidArgumentError, ["handle_time"]),
    ("build_data_mart(overwrite='y')", lambda s, c: build_data_mart(s, "m.sqlite", overwrite="y"),
     InvalidArgumentError, ["overwrite"]),
    # -- the validators themselves
    ("check_int(dict)", lambda s, c: V.check_int("n", dict), InvalidArgumentError, ["`n`", "type itself"]),
    ("check_float(True)", lambda s, c: V.check_float("x", True), InvalidArgumentError, ["`x`", "True"]),
    ("check_choice near miss", lambda s, c: V.check_choice("by", "hours", ["hour", "weekday"]),
     InvalidArgumentError, ["`by`", "Did you mean 'hour'"]),
    ("check_choice unhashable", lambda s, c: V.check_choice("by", ["hour"], {"hour", "day"}), InvalidArgumentError,
     ["`by`"]),
    ("check_date(True)", lambda s, c: V.check_date("as_of", True), InvalidArgumentError, ["as_of"]),
    ("check_random_state(-1)", lambda s, c: V.check_random_state(-1), InvalidArgumentError,
     ["random_state"]),
    ("check_mapping(None)", lambda s, c: V.check_mapping("targets", None), InvalidArgumentError, ["targets"]),
    ("check_dataframe(list)", lambda s, c: V.check_dataframe("orders", [1, 2]), InvalidArgumentError,
     ["orders", "DataFrame"]),
]


@pytest.mark.parametrize("call, error, words", [c[1:] for c in CASES], ids=[c[0] for c in CASES])
def test_bad_input_raises_a_clear_error(small, classroom, tmp_path, monkeypatch, call, error, words):
    monkeypatch.chdir(tmp_path)  # relative output paths land here
    with pytest.raises(error) as info:
        call(small, classroom)
    assert isinstance(info.value, CRMLabError)
    _assert_clear(info.value, words)
    assert not any(p.name.startswith(".") or p.name in ("x.sqlite", "x", "m.sqlite") for p in tmp_path.iterdir())


# -- what must now work -------------------------------------------------------------------
@pytest.mark.parametrize("name, whole, given", [
    ("n_agents", 16, 16.0), ("n_products", 240, 240.0), ("n_campaigns", 3, 3.0), ("n_agents", 16, np.int64(16)),
    ("survey_waves_per_year", 2, np.float64(2.0)),
])
def test_whole_number_parameters_accept_floats_and_numpy(name, whole, given):
    got = crmlab.simulate(60, random_state=3, **{name: given})
    assert got == crmlab.simulate(60, random_state=3, **{name: whole})
    value = got.meta["params"][name]
    assert value == whole and type(value) is int
    json.dumps(got.meta)  # the metadata stays writable


def test_numpy_scalars_are_numbers():
    p = crmlab.ShopParams(referral_share=np.float32(0.5), n_agents=np.int64(4), tier_thresholds=np.array([1, 2, 3]))
    assert p.n_agents == 4 and type(p.n_agents) is int and p.tier_thresholds == (1.0, 2.0, 3.0)
    assert crmlab.simulate(np.int64(40), random_state=np.int64(1)).meta["n_customers"] == 40


def test_params_may_be_a_dict():
    assert crmlab.simulate(60, random_state=1, params={"referral_share": 0.3}).meta["params"]["referral_share"] == 0.3


def test_units_warning_for_minutes_given_as_seconds():
    with pytest.warns(UnitsWarning) as rec:
        n = agents_needed(6, 4, 0.8, 20)  # 6 calls a minute, 4-minute calls: per-minute figures
    assert n == 1  # the answer is unchanged; the warning says why it is suspicious
    msg = str(rec[0].message)
    assert "seconds" in msg and "per hour" in msg and "handle_time=240" in msg and "秒" in msg
    with pytest.warns(UnitsWarning) as rec:
        erlang_table(6, 4)
        simulate_schedule([1], arrivals=[6], handle_time=4)
    assert len(rec) == 2  # one per call, not one per inner formula
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        assert agents_needed(200, 180, 0.8, 20) == 14  # plausible units: silent


def test_optional_tables_with_missing_dates_say_how_many_rows_were_left_out(classroom):
    sh = classroom.shipments.copy()
    sh.loc[sh.index[:7], "delivered_time"] = pd.NaT
    with pytest.warns(DataWarning, match="7 of the"):
        t = kpi_table(classroom.orders, shipments=sh, period="Y")
    assert t["kpi"].eq("on_time_delivery").any()
    with pytest.warns(DataWarning, match="shipments"):
        churn_features(classroom.orders, as_of="2024-03-01", shipments=sh)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        kpi_table(classroom.orders, surveys=classroom.surveys, complaints=classroom.complaints,
                  shipments=classroom.shipments, service_tickets=classroom.service_tickets,
                  period="Y")  # a complete shop: no warning


def test_nat_error_names_the_customers_that_would_vanish(classroom):
    o = _nat_orders(classroom)
    paid = o[o["payment_status"] == "paid"]
    kept = paid.dropna(subset=["order_time"])["customer_id"].nunique()
    assert kept < paid["customer_id"].nunique()  # dropping would lose customers silently
    with pytest.raises(DataValueError, match="dropna"):
        historical_clv(o)
    assert historical_clv(o.dropna(subset=["order_time"]))["n_orders"].gt(0).all()  # the fix the message gives works


# -- files: nothing lost --------------------------------------------------------------------
def _tree(root: Path) -> dict:
    return {str(p.relative_to(root)): (p.read_bytes() if p.is_file() else None) for p in sorted(root.rglob("*"))}


def test_to_sqlite_on_a_folder_never_deletes_it(small, tmp_path):
    folder = tmp_path / "作业"
    (folder / "data").mkdir(parents=True)
    (folder / "data" / "notes.txt").write_text("我的笔记", encoding="utf-8")
    before = _tree(tmp_path)
    for kwargs in ({}, {"overwrite": True}):
        with pytest.raises(OutputPathError) as info:
            small.to_sqlite(folder, **kwargs)
        _assert_clear(info.value, [str(folder)])
        assert _tree(tmp_path) == before


@pytest.mark.parametrize("writer", ["to_sqlite", "to_parquet", "to_csv"])
def test_overwrite_replaces_only_crmlab_shops(small, tmp_path, writer):
    thesis = tmp_path / ("thesis.sqlite" if writer == "to_sqlite" else "thesis")
    if writer == "to_sqlite":
        thesis.write_bytes(b"my thesis")
    else:
        thesis.mkdir()
        (thesis / "chapter1.docx").write_bytes(b"chapter one")
    other_db = tmp_path / ("other.sqlite" if writer == "to_sqlite" else "other_db")
    con = sqlite3.connect(other_db)
    con.execute("CREATE TABLE t (x)")
    con.commit()
    con.close()
    before = _tree(tmp_path)
    for target in (thesis, other_db):
        with pytest.raises(OutputPathError, match="not a crmlab shop"):
            getattr(small, writer)(target, overwrite=True)
    assert _tree(tmp_path) == before
    # A crmlab shop (of either kind) or an empty folder is replaced.
    small.to_sqlite(tmp_path / "shop_sqlite")
    small.to_parquet(tmp_path / "shop_parquet")
    (tmp_path / "empty").mkdir()
    other = crmlab.simulate(50, random_state=1)
    for name in ("shop_sqlite", "shop_parquet", "empty"):
        with pytest.raises(OutputPathError, match="overwrite"):
            getattr(other, writer)(tmp_path / name)  # overwrite=False is the default
        getattr(other, writer)(tmp_path / name, overwrite=True)
        assert crmlab.load_shop(tmp_path / name) == other
    assert not [p for p in tmp_path.iterdir() if p.name.startswith(".")]


def test_shop_folder_with_a_users_file_is_not_a_shop_to_delete(small, tmp_path):
    small.to_parquet(tmp_path / "p")
    (tmp_path / "p" / "my_analysis.ipynb").write_text("{}")
    before = _tree(tmp_path)
    with pytest.raises(OutputPathError, match="not a crmlab shop"):
        small.to_parquet(tmp_path / "p", overwrite=True)
    assert _tree(tmp_path) == before


@pytest.mark.parametrize("name", ["商店 #2.sqlite", "a?b.sqlite", "100%.sqlite", "with space.db", "#.sqlite3",
                                  "名字 %20 #?.sqlite"])
def test_any_legal_file_name_round_trips(small, tmp_path, name):
    path = small.to_sqlite(tmp_path / name)
    assert crmlab.load_shop(path) == small
    assert sorted(p.name for p in tmp_path.iterdir()) == [name]  # no stray file such as '商店 '


@pytest.mark.parametrize("umask, file_mode, dir_mode", [(0o022, 0o644, 0o755), (0o002, 0o664, 0o775),
                                                        (0o077, 0o600, 0o700)])
def test_modes_follow_the_umask(small, tmp_path, umask, file_mode, dir_mode):
    old = os.umask(umask)
    try:
        f = small.to_sqlite(tmp_path / "s.sqlite")
        d = small.to_csv(tmp_path / "c")
    finally:
        os.umask(old)
    assert f.stat().st_mode & 0o777 == file_mode
    assert d.stat().st_mode & 0o777 == dir_mode
    assert {p.stat().st_mode & 0o777 for p in d.iterdir()} == {file_mode}


def _make_sqlite_shop(path, small, **meta_rows):
    small.to_sqlite(path)
    con = sqlite3.connect(path)
    for k, v in meta_rows.items():
        con.execute("UPDATE _crmlab_meta SET value = ? WHERE key = ?", (v, k))
    con.commit()
    con.close()


@pytest.mark.parametrize("rows, word", [
    ({"format_version": "1.0"}, "1.0"), ({"format_version": "v2"}, "v2"), ({"format_version": "99"}, "upgrade"),
    ({"meta": "{not json"}, "JSON"), ({"meta": "[1, 2]"}, "key-value"),
])
def test_damaged_sqlite_metadata_gives_a_clear_error(small, tmp_path, rows, word):
    path = tmp_path / "s.sqlite"
    _make_sqlite_shop(path, small, **rows)
    with pytest.raises(ShopFileError) as info:
        crmlab.load_shop(path)
    _assert_clear(info.value, [word, "crmlab simulate"])


@pytest.mark.parametrize("content, word", [
    ("[1, 2]", "key-value"), ('{"format_version": "1.0", "format": "csv"}', "1.0"),
    ('{"format_version": 1, "format": "xlsx"}', "xlsx"), ('{"format_version": 1, "format": "csv", "meta": 5}', "int"),
    ("not json", "corrupt"),
])
def test_damaged_crmlab_json_gives_a_clear_error(small, tmp_path, content, word):
    small.to_csv(tmp_path / "c")
    (tmp_path / "c" / "crmlab.json").write_text(content)
    with pytest.raises(ShopFileError) as info:
        crmlab.load_shop(tmp_path / "c")
    _assert_clear(info.value, [word])


def test_parquet_without_pyarrow_says_what_to_install(small, tmp_path, monkeypatch):
    import importlib.util

    small.to_parquet(tmp_path / "p")
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec",
                        lambda name, *a: None if name in ("pyarrow", "fastparquet") else real(name, *a))
    for call in (lambda: small.to_parquet(tmp_path / "q"), lambda: crmlab.load_shop(tmp_path / "p")):
        with pytest.raises(InvalidArgumentError) as info:
            call()
        _assert_clear(info.value, ["pip install pyarrow"])
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_stale_temp_files_are_swept_and_live_ones_kept(small, tmp_path):
    target = tmp_path / "s.sqlite"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    dead_pid = int(dead.stdout)  # a process that has ended and been reaped
    stale = tmp_path / f".s.sqlite.crmlab-tmp-{dead_pid}-00000000"
    stale.write_bytes(b"x" * 1000)
    stale_dir = tmp_path / f".s.sqlite.crmlab-tmp-{dead_pid}-11111111"
    (stale_dir / "sub").mkdir(parents=True)
    old_live = tmp_path / f".s.sqlite.crmlab-tmp-{os.getpid()}-22222222"
    old_live.write_bytes(b"y")
    os.utime(old_live, (1, 1))  # far more than a day old: its pid may have been reused
    live = tmp_path / f".s.sqlite.crmlab-tmp-{os.getpid()}-33333333"
    live.write_bytes(b"z")  # a write in progress (this process): kept
    unrelated = tmp_path / f".other.sqlite.crmlab-tmp-{dead_pid}-44444444"
    unrelated.write_bytes(b"w")  # another target's leftovers: not this write's business
    small.to_sqlite(target)
    left = sorted(p.name for p in tmp_path.iterdir())
    assert left == sorted([target.name, live.name, unrelated.name])


def test_a_folder_swap_cut_short_is_put_back(small, tmp_path):
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    small.to_parquet(tmp_path / "x")
    before = _tree(tmp_path / "x")
    os.replace(tmp_path / "x", tmp_path / f".p.crmlab-old-{int(dead.stdout)}-abcd")  # killed between the renames
    with pytest.raises(OutputPathError, match="already exists"):
        small.to_parquet(tmp_path / "p")  # the sweep restores the old shop first
    assert _tree(tmp_path / "p") == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["p"]


def test_data_mart_overwrite_spares_other_files(small, tmp_path):
    thesis = tmp_path / "thesis.sqlite"
    thesis.write_bytes(b"not a mart")
    with pytest.raises(OutputPathError, match="data mart"):
        build_data_mart(small, thesis, overwrite=True)
    assert thesis.read_bytes() == b"not a mart"
    build_data_mart(small, tmp_path / "m.sqlite").close()
    build_data_mart(small, tmp_path / "m.sqlite", overwrite=True).close()


# -- the command line -----------------------------------------------------------------------
def cli(*args, cwd=None):
    """Run ``crmlab`` in this process (fast); returns an object like CompletedProcess."""
    from crmlab.cli import main

    err, out = io.StringIO(), io.StringIO()
    here = os.getcwd()
    os.chdir(cwd or here)
    try:
        with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out):
            try:
                code = main(list(args))
            except SystemExit as exc:  # argparse
                code = exc.code
    finally:
        os.chdir(here)
    return subprocess.CompletedProcess(args, code, out.getvalue(), err.getvalue())


def cli_process(*args, cwd=None):
    """Run ``crmlab`` as a real process: what a user sees, tracebacks included."""
    return subprocess.run([sys.executable, "-m", "crmlab.cli", *args], capture_output=True, text=True, cwd=cwd)


def _clean_exit_2(out, *words):
    assert out.returncode == 2, (out.returncode, out.stderr)
    assert "Traceback" not in out.stderr and "错误 / error" in out.stderr, out.stderr
    assert "_param" not in out.stderr
    for w in words:
        assert w in out.stderr, (w, out.stderr)


def test_cli_overwrite_never_deletes_other_files(tmp_path):
    (tmp_path / "thesis.docx").write_bytes(b"four years of work")
    (tmp_path / "thesis.sqlite").write_bytes(b"not a shop")
    (tmp_path / "作业" / "data").mkdir(parents=True)
    (tmp_path / "作业" / "data" / "notes.txt").write_text("notes")
    before = _tree(tmp_path)
    for args in (["-o", "thesis.docx"], ["-o", "thesis.docx", "--format", "sqlite"], ["-o", "thesis.sqlite"],
                 ["-o", "作业", "--format", "parquet"], ["-o", "作业", "--format", "sqlite"], ["-o", "a.txt"]):
        out = cli("simulate", "-n", "30", "--no-progress", "--overwrite", *args, cwd=tmp_path)
        _clean_exit_2(out)
        assert _tree(tmp_path) == before, args
    out = cli_process("simulate", "-n", "30", "--no-progress", "--overwrite", "-o", "thesis.sqlite", cwd=tmp_path)
    _clean_exit_2(out, "thesis.sqlite", "not a crmlab shop")
    assert _tree(tmp_path) == before


def test_cli_param_floats_and_usage_errors(tmp_path):
    out = cli("simulate", "-n", "40", "--seed", "1", "--no-progress", "-o", "s.sqlite", "--param", "n_agents=16.0",
              "-p", "n_products=240.0", cwd=tmp_path)
    assert out.returncode == 0, out.stderr
    assert crmlab.load_shop(tmp_path / "s.sqlite").meta["params"]["n_agents"] == 16
    cases = [
        (["simulate", "-o", "x.sqlite", "--param", "n_agents"], ["NAME=VALUE", "名称=值"]),
        (["simulate", "-o", "x.sqlite", "-p", "tier_thresholds=a,b", "--no-progress", "-n", "5"], ["tier_thresholds"]),
        (["simulate", "-o", "x.sqlite", "-p", "n_agents=16.5", "--no-progress", "-n", "5"], ["n_agents", "16.5"]),
        (["simulate", "-n", "abc", "-o", "x.sqlite"], ["'abc'", "不是整数", "whole number"]),
        (["simulate", "-n", "5"], ["--out", "缺少必需的参数", "required"]),
        (["simulate", "-o", "x.sqlite", "--locale", "fr"], ["'fr'", "不是可选的值", "choose from"]),
        (["simulat"], ["Did you mean simulate", "您是不是想用"]),
        (["simulate", "-o", "x.sqlite", "--bogus"], ["--bogus", "无法识别", "unrecognised"]),
        (["simulate", "-o", "x.sqlite", "--progress", "--no-progress"], ["--progress", "不能与"]),
        (["simulate", "-o", "x.sqlite", "-n"], ["--customers", "缺少取值"]),
        (["simulate", "-o", "a.txt", "-n", "5"], [".txt", "--format"]),
        (["simulate", "-o", "noext", "-n", "5"], ["--format parquet"]),
        (["simulate", "-o", "x.sqlite", "-n", "5", "--start", "nan"], ["start"]),
        (["info", "nothing.sqlite"], ["does not exist"]),
        (["info", "."], ["crmlab.json"]),
        (["grade", "autograde"], ["assignment", "缺少必需的参数"]),
    ]
    for args, words in cases:
        _clean_exit_2(cli(*args, cwd=tmp_path), *words)
    _clean_exit_2(cli_process("simulate", "-n", "5", "-o", "x.sqlite", "-p", "n_agents=16.5", cwd=tmp_path),
                  "n_agents")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["s.sqlite"]  # nothing half written, no a.txt


# A fuzz of `crmlab simulate` and friends, run in-process: whatever the flags, the
# command ends with status 0 or a clean status 2 and leaves the files around it alone.
_NAMES = ["out.sqlite", "out.db", "a.txt", "thesis.docx", "folder", "shop_dir", "商店 #2?.sqlite", "", ".",
          "missing/x.sqlite", "existing.sqlite", "empty"]
_VALUES = st.one_of(
    st.sampled_from(["0", "-1", "1", "7", "40", "2.5", "16.0", "nan", "inf", "1e3", "abc", "", " ", "zh", "en", "fr",
                     "2023-01-01", "2023-02-01", "2024-13-45", "NaT", "None", "sqlite", "parquet", "csv", "xlsx",
                     "n_agents=16.0", "n_agents=2.5", "referral_share=0.4", "referral_share=x", "tier_thresholds=1,2",
                     "tier_thresholds=1,2,3", "=5", "nope=1", "n_campaigns=3.0", "学号2024001"]),
    st.text(max_size=8),
)
_FLAGS = st.sampled_from(["-n", "--seed", "--seed", "--start", "--end", "--locale", "-f", "--format", "--format", "-p",
                          "--param", "-p", "--overwrite", "--overwrite", "--progress", "-o", "--bogus", "-h"])


@st.composite
def _argv(draw):
    tokens = []
    for _ in range(draw(st.integers(0, 4))):
        flag = draw(_FLAGS)
        tokens.append(flag)
        if flag in ("-o", "--out"):
            tokens.append(draw(st.sampled_from(_NAMES)))
        elif flag == "-n":
            tokens.append(draw(st.sampled_from(["0", "1", "25", "-3", "2.0", "x"])))
        elif flag in ("-f", "--format"):
            tokens.append(draw(st.sampled_from(["sqlite", "parquet", "csv", "xlsx"])))
        elif flag not in ("--overwrite", "--progress", "-h", "--bogus") and draw(st.integers(0, 5)):
            tokens.append(draw(_VALUES))
    command = draw(st.sampled_from(["simulate"] * 6 + ["info", "datasets", "", "--version", "siml"]))
    head = [command] if command else []
    if command == "simulate":  # small shops, and an output: later tokens may still change both
        head += ["-n", draw(st.sampled_from(["1", "3", "20"])), "--seed", draw(st.sampled_from(["0", "2", "s1"])),
                 "--no-progress", "-o", draw(st.sampled_from(_NAMES))]
    elif command == "info":
        head += [draw(st.sampled_from(_NAMES))]
    return head + tokens


def _populate(root: Path):
    (root / "thesis.docx").write_bytes(b"thesis")
    (root / "folder" / "data").mkdir(parents=True)
    (root / "folder" / "data" / "notes.txt").write_text("notes")
    (root / "existing.sqlite").write_bytes(b"SQLite format 3\x00 but not a shop")
    (root / "empty").mkdir()


@settings(max_examples=60, deadline=None, derandomize=True, database=None,
          suppress_health_check=[HealthCheck.too_slow])
@given(argv=_argv())
def test_cli_fuzz_ends_cleanly_and_loses_nothing(argv):
    from crmlab.cli import main

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        _populate(root)
        protected = {k: v for k, v in _tree(root).items() if not k.startswith("empty")}
        argv = [str(root / a) if i and argv[i - 1] in ("-o", "--out", "info") and a and a != "." else a
                for i, a in enumerate(argv)]
        err, out = io.StringIO(), io.StringIO()
        cwd = os.getcwd()
        os.chdir(root)  # relative names such as '' or '.' stay inside the sandbox
        try:
            with contextlib.redirect_stderr(err), contextlib.redirect_stdout(out), warnings.catch_warnings():
                warnings.simplefilter("ignore")
                try:
                    code = main(argv)
                except SystemExit as exc:  # argparse: --help, --version, usage errors
                    code = exc.code
        finally:
            os.chdir(cwd)
        assert code in (0, 2), (argv, code, err.getvalue())
        if code == 2:
            assert "错误 / error" in err.getvalue(), (argv, err.getvalue())
        assert "Traceback" not in err.getvalue() and "_param" not in err.getvalue()
        after = _tree(root)
        assert {k: after.get(k) for k in protected} == protected, argv
        assert not [p for p in root.rglob("*crmlab-tmp-*")], argv
