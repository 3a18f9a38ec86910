"""Shared fixtures: small seeded shops, built once per test session."""

import os
import sys
from pathlib import Path

import pytest

from crmlab.grading.shopcache import ENV as SHOP_CACHE_ENV

# Kernels started by the tests inherit this environment; they must draw inline as in
# JupyterLab (a figure per cell), whatever backend the shell that ran pytest asked for.
os.environ.pop("MPLBACKEND", None)

# One thread each for BLAS and OpenMP, in every test worker and in every process it starts (kernels, grading workers,
# servers), as the grading kernels already run: pytest-xdist runs one worker per core, so a second BLAS thread only
# spins against the other worker (silhouette scores and k-means then cost about three times the CPU).
for _var in ("OMP_NUM_THREADS", "OPENBLAS_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")
if "numpy" in sys.modules:  # a plugin loaded it first: limit the pools it already started
    from threadpoolctl import threadpool_limits

    threadpool_limits(1)

# -- the two tiers ---------------------------------------------------------------------------------------------------
# `make test-fast` runs the unit tier, tests/unit: no kernels, servers, browsers, nbgrader runs or subprocesses of more
# than a second. Everything under tests/integration is marked `integration` here, and so is a test marked `slow` or
# `browser` wherever it is.
INTEGRATION_DIR = Path(__file__).resolve().parent / "integration"


def _is_integration(item):
    return (item.path.is_relative_to(INTEGRATION_DIR) or item.get_closest_marker("slow") is not None
            or item.get_closest_marker("browser") is not None)


def _shared_fixture_group(item):
    """Tests that use a module-scoped fixture (a scratch course, a class server) run on one xdist worker, so that the
    fixture is built once; each parameter of such a fixture is a group of its own."""
    info = getattr(item, "_fixtureinfo", None)
    if info is None:  # a doctest
        return None
    shared = sorted(name for name in info.names_closure
                    if (defs := info.name2fixturedefs.get(name)) and defs[-1].scope in ("module", "package", "class"))
    if not shared:
        return None
    params = getattr(getattr(item, "callspec", None), "params", {})
    return "::".join([item.path.stem, *(f"{n}={params[n]}" for n in shared if n in params)])


@pytest.hookimpl(tryfirst=True)  # before pytest-xdist reads the groups
def pytest_collection_modifyitems(config, items):
    for item in items:
        if _is_integration(item):
            item.add_marker(pytest.mark.integration)
        group = _shared_fixture_group(item)
        if group:
            item.add_marker(pytest.mark.xdist_group(group))
        if getattr(config.option, "loadgroup", False):  # an xdist worker under --dist loadgroup
            _tell_xdist_the_group(item)


def _tell_xdist_the_group(item):
    """pytest-xdist tells its scheduler a test's group by a suffix on the test's node id, `...@group`; under pytest 9
    that suffix no longer reaches the node id (pytest-dev/pytest-xdist#1386) and the groups are silently ignored, so
    it is set here, where pytest 9 keeps the id (a failing grouped test shows as `test_x.py::test[a]@group]`)."""
    groups = {str(m.args[0] if m.args else m.kwargs.get("name", "default")) for m in item.iter_markers("xdist_group")}
    node_id = getattr(item, "_id", None)
    if groups and node_id is not None and hasattr(type(node_id), "parse") and "@" not in item.nodeid.split("::")[-1]:
        item._id = type(node_id).parse(f"{item.nodeid}@{'_'.join(sorted(groups))}")


@pytest.fixture(scope="session", autouse=True)
def _shipped_shops_read_once():
    """A shipped dataset is read from SQLite once per test worker; later loads get fresh copies of its tables
    (tests/support/shipped_shops.py)."""
    from support import shipped_shops

    undo = shipped_shops.read_once()
    yield
    undo()


@pytest.fixture(scope="session", autouse=True)
def _shared_folder(tmp_path_factory):
    """The session's folder that every xdist worker sees (tests/support/shared.py): the parent of the workers' own
    temporary folders."""
    from support import shared

    base = tmp_path_factory.getbasetemp()
    os.environ[shared.ENV] = str(base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base)
    # Graders share the students' simulated shops across the session's courses (crmlab.grading.shopcache):
    # "sol" and "untouched" of one dataset are the same shop in every open-mode course.
    os.environ[SHOP_CACHE_ENV] = os.path.join(os.environ[shared.ENV], "shop-cache")
    yield
    os.environ.pop(shared.ENV, None)
    os.environ.pop(SHOP_CACHE_ENV, None)


def _simulated_once(n_customers, seed):
    """``crmlab.simulate(n_customers, random_state=seed)``, simulated by the first worker that asks and read back from
    a pickle by the others (the simulator's own tests call simulate themselves)."""
    import pickle

    import crmlab
    from support import shared

    def make(tmp):
        (tmp / "shop.pickle").write_bytes(pickle.dumps(crmlab.simulate(n_customers, random_state=seed),
                                                       protocol=pickle.HIGHEST_PROTOCOL))
        return tmp

    made = shared.made_once(shared.folder("shops") / f"{n_customers}-{seed}", make)
    return pickle.loads((made / "shop.pickle").read_bytes())


@pytest.fixture(scope="session")
def shop_3k(_shared_folder):
    """A 3,000-customer Chinese shop, the workhorse of the tests."""
    return _simulated_once(3000, 7)


@pytest.fixture(scope="session")
def shop_20k(_shared_folder):
    """A 20,000-customer shop for behaviours that need volume."""
    return _simulated_once(20000, 11)


@pytest.fixture(scope="session")
def edge_shop():
    """A student's shop with the edge cases that tell the lessons' usual slips apart from
    the right answers: an order of exactly 300 yuan, a cancelled order larger than any
    paid one, a product at exactly 200 yuan, tickets on the days at the edges of the date
    windows, customers who never ordered or only cancelled, a buyer whose last order is
    180 days before the end."""
    import crmlab
    from crmlab import session

    session.reset()
    shop = _with_edge_cases(crmlab.setup(student_id="2024016"))
    session.reset()
    return shop


def _with_edge_cases(shop):
    """The shop plus the rows that tell every slip apart from the right answer."""
    import pandas as pd

    from crmlab.exercises.pandas_basics import HIGH_PRICE, MONTH, YEAR
    t = {name: df.copy() for name, df in shop.items()}
    end = pd.Timestamp(shop.meta["end"])
    o = t["orders"]
    paid = o[o["payment_status"] == "paid"]
    c = t["customers"]
    # newcomers: no order; a recent cancelled order only; an old cancelled order only; one paid order 180 days
    # before the end of the data (on the day a one-day-off cut-off gets wrong)
    new_ids = [int(c["customer_id"].max()) + i for i in range(1, 5)]
    newcomers = c.iloc[[0] * len(new_ids)].assign(customer_id=new_ids)
    t["customers"] = pd.concat([c, newcomers], ignore_index=True)
    template = paid.iloc[[0]]
    next_id = int(o["order_id"].max()) + 1

    def order(oid, cid, amount, status, when):
        row = template.assign(order_id=oid, customer_id=cid, amount=float(amount), gross_amount=float(amount),
                              discount=0.0, payment_status=status, order_time=when,
                              paid_time=when if status == "paid" else pd.NaT, refund_amount=0.0)
        return row

    extra = [order(next_id, template["customer_id"].iloc[0], 300, "paid", end - pd.Timedelta(days=40)),
             order(next_id + 1, new_ids[1], paid["amount"].max() * 2, "cancelled",
                   end - pd.Timedelta(days=50)),
             order(next_id + 2, template["customer_id"].iloc[0], 450, "cancelled", end - pd.Timedelta(days=60)),
             order(next_id + 3, new_ids[2], 80, "cancelled", end - pd.Timedelta(days=300)),
             order(next_id + 4, new_ids[3], 90, "paid", end - pd.Timedelta(days=180) + pd.Timedelta(hours=12))]
    t["orders"] = pd.concat([o, *extra], ignore_index=True).sort_values("order_id", ignore_index=True)
    p = t["products"]
    p.loc[p.index[0], "price"] = float(HIGH_PRICE)
    p.loc[p.index[0], "cost"] = float(HIGH_PRICE) * 0.5
    tk = t["service_tickets"]
    noon = pd.Timedelta(hours=12)
    times = [pd.Timestamp(YEAR, MONTH, 30) + noon,  # after midnight of 30 November
             end - pd.Timedelta(days=30) + noon]          # the day before the 30-day window
    created = tk["created_time"]
    on_end = int((created >= end).sum())
    before = int(((created >= end - pd.Timedelta(days=30)) & (created < end - pd.Timedelta(days=29))).sum()) + 1
    times += [end + noon] * max(1, before + 1 - on_end)  # the last day: and not as many as the day before
    rows = tk.iloc[[0] * len(times)].copy()
    rows["ticket_id"] = range(int(tk["ticket_id"].max()) + 1, int(tk["ticket_id"].max()) + 1 + len(times))
    rows["created_time"] = times
    t["service_tickets"] = pd.concat([tk, rows], ignore_index=True)
    from crmlab.shop import Shop

    return Shop(t, shop.meta)
