"""Speed of crmlab.analysis.rfm_summary on about 2 million orders.

In one run, on the same data and in the same process, times:

- ``rfm_summary(form="lifetimes")`` (sorted integer keys + numpy reductions);
- ``lifetimes.utils.summary_data_from_transaction_data`` (the function the field uses);
- a plain pandas groupby doing the same work (floor to days, sum same-day orders,
  per-customer first/last day, repeat count and mean repeat spend);

checks that the three give identical results, and prints times and ratios.
It also times the marketing form ``rfm_summary(form="rfm")`` against its own
pandas groupby.

Run: ``python benchmarks/bench_analysis.py [--customers 680000] [--repeat 3]``
(680,000 customers over the 12 years 2013-2024 give about 2 million paid orders.)
"""

from __future__ import annotations

import argparse
import time
import warnings

import numpy as np
import pandas as pd

import crmlab
from crmlab.analysis import rfm_summary


def pandas_lifetimes_form(df, cid="customer_id", col="order_time", amount="amount"):
    """The lifetimes form with a plain pandas groupby (the baseline)."""
    day = df[col].dt.floor("D")
    end = day.max()
    per_day = (df.assign(_day=day).groupby([cid, "_day"], sort=True)[amount].sum()
               .reset_index())
    g = per_day.groupby(cid, sort=True)
    first = g["_day"].transform("min")
    out = g["_day"].agg(["min", "max", "count"])
    repeat = per_day[amount].where(per_day["_day"] != first)
    res = pd.DataFrame({
        "frequency": (out["count"] - 1).astype(float),
        "recency": (out["max"] - out["min"]) / pd.Timedelta(1, "D"),
        "T": (end - out["min"]) / pd.Timedelta(1, "D"),
        "monetary_value": repeat.groupby(per_day[cid]).mean().fillna(0.0),
    })
    return res


def pandas_rfm_form(df, cid="customer_id", col="order_time", amount="amount"):
    """The marketing form with a plain pandas groupby (one order = one purchase)."""
    day = df[col].dt.floor("D")
    end = day.max()
    g = df.assign(_day=day).groupby(cid, sort=True)
    return pd.DataFrame({
        "recency": (end - g["_day"].max()) / pd.Timedelta(1, "D"),
        "frequency": g.size(),
        "monetary": g[amount].sum(),
    })


def timed(fn, repeat):
    best, result = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        result = fn()
        best = min(best, time.perf_counter() - t0)
    return best, result


def check_same(a, b, label):
    assert a.index.equals(b.index), f"{label}: customers differ"
    for c in a.columns:
        x, y = a[c].to_numpy(float), b[c].to_numpy(float)
        if c in ("monetary_value", "monetary"):
            # sums in another order differ in the last bits of a float
            np.testing.assert_allclose(x, y, rtol=1e-12, atol=1e-9, err_msg=f"{label}: {c}")
        else:
            assert np.array_equal(x, y), f"{label}: {c} differs"


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=680_000)
    ap.add_argument("--start", default="2013-01-01")
    ap.add_argument("--end", default="2024-12-31")
    ap.add_argument("--repeat", type=int, default=3, help="best of N runs of each")
    ap.add_argument("--seed", type=int, default=1)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    shop = crmlab.simulate(args.customers, start=args.start, end=args.end, random_state=args.seed,
                           progress=False)
    o = shop.orders
    orders = o.loc[o["payment_status"] == "paid", ["customer_id", "order_time", "amount"]]
    orders = orders.reset_index(drop=True)
    print(f"simulated {args.customers:,} customers in {time.perf_counter() - t0:.1f} s: "
          f"{len(orders):,} paid orders of {orders['customer_id'].nunique():,} customers "
          f"({args.start} .. {args.end})")
    print(f"numpy {np.__version__}, pandas {pd.__version__}")

    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # lifetimes sets a deprecated pandas option on import
        from lifetimes.utils import summary_data_from_transaction_data

    def run_lifetimes():
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return summary_data_from_transaction_data(orders, "customer_id", "order_time", "amount")

    t_ours, ours = timed(lambda: rfm_summary(orders, form="lifetimes"), args.repeat)
    t_pd, ref_pd = timed(lambda: pandas_lifetimes_form(orders), args.repeat)
    t_lt, ref_lt = timed(run_lifetimes, args.repeat)
    check_same(ours, ref_lt, "vs lifetimes")
    check_same(ours, ref_pd, "vs pandas groupby")

    t_ours2, ours2 = timed(lambda: rfm_summary(orders), args.repeat)
    t_pd2, ref_pd2 = timed(lambda: pandas_rfm_form(orders), args.repeat)
    check_same(ours2, ref_pd2, "rfm form vs pandas groupby")

    n = len(orders) / 1e6
    print("\nform='lifetimes' (frequency, recency, T, monetary_value): identical results")
    print(f"  crmlab rfm_summary        {t_ours:7.3f} s  ({t_ours / n:.3f} s per million rows)")
    print(f"  pandas groupby            {t_pd:7.3f} s  ({t_pd / n:.3f} s per million)"
          f"  -> crmlab is {t_pd / t_ours:.1f}x faster")
    print(f"  lifetimes summary_data... {t_lt:7.3f} s  ({t_lt / n:.3f} s per million)"
          f"  -> crmlab is {t_lt / t_ours:.1f}x faster")
    print("\nform='rfm' (recency, frequency, monetary): identical results")
    print(f"  crmlab rfm_summary        {t_ours2:7.3f} s")
    print(f"  pandas groupby            {t_pd2:7.3f} s  -> crmlab is {t_pd2 / t_ours2:.1f}x faster")


if __name__ == "__main__":
    main()
