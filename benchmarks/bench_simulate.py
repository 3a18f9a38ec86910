"""Benchmark of the simulator: rows per second per table, against a row-by-row Faker baseline.

    python benchmarks/bench_simulate.py            # 200,000 customers, ~2 million orders
    python benchmarks/bench_simulate.py --customers 20000

Machines here are noisy, so the figure that matters is the ratio against the baseline
measured in the same process: the common way of making fake shop data, a Python loop
that builds one row at a time with Faker.
"""

import argparse
import random
import resource
import time

import crmlab
from crmlab.params import ShopParams
from crmlab.simulation import _check_period, _Simulator

# Which step builds which table (the timing of a table is that of its step).
STEP_OF = {"customers": "customers", "products": "products", "orders": "orders", "order_items": "items",
           "shipments": "shipping", "complaints": "complaints", "reviews": "reviews",
           "service_tickets": "tickets", "surveys": "surveys", "campaign_assignments": "campaigns",
           "points_ledger": "points", "calls": "calls", "chats": "chats", "refunds": "refunds",
           "care_messages": "care", "review_handling": "review_handling", "followups": "followups",
           "word_of_mouth": "word_of_mouth"}


def faker_customers(n, seed=0):
    """Customers one row at a time with Faker, as tutorials make fake shop data."""
    from faker import Faker

    fake = Faker("zh_CN")
    Faker.seed(seed)
    rows = []
    for i in range(n):
        rows.append({"customer_id": i + 1, "name": fake.name(), "phone": fake.phone_number(),
                     "province": fake.province(), "city": fake.city_name(),
                     "signup_time": fake.date_time_between("-2y", "now"),
                     "channel": random.choice(["referral", "ads", "organic"])})
    return rows


def faker_orders(customers, n, seed=0):
    """Orders one row at a time, with per-row Python randomness."""
    rng = random.Random(seed)
    rows = []
    for i in range(n):
        c = rng.choice(customers)
        rows.append({"order_id": i + 1, "customer_id": c["customer_id"], "amount": round(rng.gammavariate(2, 60), 2),
                     "order_time": c["signup_time"], "status": "paid" if rng.random() > 0.1 else "cancelled"})
    return rows


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--customers", type=int, default=200_000)
    ap.add_argument("--baseline-rows", type=int, default=20_000)
    args = ap.parse_args()
    # A busier shop than the default, so that 200,000 customers place about 2 million orders.
    params = ShopParams.from_kwargs(bgnbd_alpha=1.6, bgnbd_b=8.0)
    t0, t1 = _check_period("2023-01-01", "2024-12-31")
    sim = _Simulator(args.customers, t0, t1, 1, "zh", params)
    start = time.perf_counter()
    tables = sim.run(progress=True)
    total = time.perf_counter() - start
    peak_gb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1e6
    print(f"\ncrmlab.simulate: {args.customers:,} customers, {len(tables['orders']):,} orders in {total:.1f} s "
          f"(peak memory {peak_gb:.2f} GB)")
    print(f"{'table':22s} {'rows':>12s} {'rows/s':>14s}")
    for table, step in STEP_OF.items():
        rows = len(tables[table])
        print(f"{table:22s} {rows:12,d} {rows / max(sim.timings[step], 1e-9):14,.0f}")
    all_rows = sum(len(df) for df in tables.values())
    print(f"{'all tables':22s} {all_rows:12,d} {all_rows / total:14,.0f}   (whole run, incl. assembling)")

    n = args.baseline_rows
    t = time.perf_counter()
    customers = faker_customers(n)
    fc = time.perf_counter() - t
    t = time.perf_counter()
    faker_orders(customers, 5 * n)
    fo = time.perf_counter() - t
    ours_c = len(tables["customers"]) / sim.timings["customers"]
    ours_o = len(tables["orders"]) / (sim.timings["orders"] + sim.timings["items"] + sim.timings["payment"])
    print(f"\nbaseline, row by row with Faker: customers {n / fc:,.0f} rows/s, orders {5 * n / fo:,.0f} rows/s")
    print(f"ratio crmlab / row-by-row: customers x{ours_c / (n / fc):,.0f}, orders x{ours_o / (5 * n / fo):,.0f}, "
          f"whole shop (all tables) vs Faker customers x{(all_rows / total) / (n / fc):,.0f}")
    return crmlab


if __name__ == "__main__":
    main()
