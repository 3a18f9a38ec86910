"""Loading a student's data file: every table at once, versus each table when it is first used.

    python benchmarks/bench_load.py                    # the 5,000-customer lab shop
    python benchmarks/bench_load.py --customers 20000  # the shop of labs L8 and L11
    python benchmarks/bench_load.py --repeat 10

It writes one student's public data file (what ``crmlab grade student-data`` gives them) and
times, in this process, CPU seconds per load:

* every table read and checked (:func:`crmlab.io.read_shop`: what ``load_shop`` did before
  its tables were read on first use);
* ``load_shop`` and the tables a lab notebook uses (L9: customers and orders);
* ``load_shop`` alone (the file read into memory and checked as a whole).

It checks that the tables read on first use equal those read at once, and prints the ratios
to reading every table.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

LAB_TABLES = ("customers", "orders")  # what L9 (RFM and retention) reads


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--customers", type=int, default=5000, help="size of the shop (default 5,000)")
    ap.add_argument("--repeat", type=int, default=5, help="loads timed per variant (default 5)")
    args = ap.parse_args(argv)

    import crmlab
    from crmlab.grading.coursedata import write_public_file
    from crmlab.io import read_shop

    shop = crmlab.simulate(args.customers, random_state=7, progress=False)
    with tempfile.TemporaryDirectory() as tmp:
        path = write_public_file(shop, Path(tmp) / "lab.sqlite")
        read_shop(path)  # imports and first-call costs out of the timings

        def timed(load):
            t = time.process_time()
            for _ in range(args.repeat):
                got = load()
            return (time.process_time() - t) / args.repeat, got

        every_s, every = timed(lambda: read_shop(path)["tables"])
        lab_s, lab = timed(lambda: {name: crmlab.load_shop(path)[name] for name in LAB_TABLES})
        open_s, _ = timed(lambda: crmlab.load_shop(path))
        size = path.stat().st_size
    assert all(lab[name].equals(every[name]) for name in LAB_TABLES), "a table read on first use differs"
    print(f"student data file, {args.customers:,} customers ({size / 1e6:.1f} MB): CPU seconds per load")
    print(f"  every table read at once          {every_s:7.3f}  1.00")
    print(f"  load_shop + {', '.join(LAB_TABLES):<21} {lab_s:7.3f}  {lab_s / every_s:.2f}")
    print(f"  load_shop alone (read, checked)   {open_s:7.3f}  {open_s / every_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
