"""The grader's shop cache: making each student's shop and public file afresh, versus reading it back.

    python benchmarks/bench_shop_cache.py                  # 20 students, the 5,000-customer lab shop
    python benchmarks/bench_shop_cache.py --dataset classroom --n 50

For ``n`` students of a course (with a secret, as in a real course) it times, in this
process, three passes of :func:`crmlab.grading.coursedata.graded_shop`: without a cache
(what the grader did for every notebook), filling an empty cache (``crmlab grade
student-data``, or a lab's first grading), and reading from the filled cache (every
later lab on the same dataset, every regrade). It checks that every shop read back
equals the shop made afresh, and prints CPU seconds per student and the ratios to the
uncached pass.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--n", type=int, default=20, help="students (default 20)")
    ap.add_argument("--dataset", default="lab", help="the shop the lab uses (default: lab, 5,000 customers)")
    ap.add_argument("--customers", type=int, default=None, help="its size, if not the dataset's own")
    args = ap.parse_args(argv)

    from crmlab.grading.coursedata import ShopKey, course_secret, graded_shop
    from crmlab.grading.shopcache import ShopCache

    key = ShopKey(args.dataset, args.customers)
    students = [f"2024{i:03d}" for i in range(args.n)]
    with tempfile.TemporaryDirectory() as tmp:
        course = Path(tmp) / "course"
        course.mkdir()
        secret = course_secret(course, create=True)
        cache = ShopCache(Path(tmp) / "cache")
        graded_shop(course, "warm-up", key, secret=secret)  # imports and first-call costs out of the timings

        def timed(use_cache):
            t = time.process_time()
            made = [graded_shop(course, s, key, secret=secret, cache=use_cache) for s in students]
            return time.process_time() - t, made

        fresh_s, fresh = timed(None)
        fill_s, _ = timed(cache)
        hit_s, hits = timed(cache)
    assert all(a[0] == b[0] and a[1] == b[1] for a, b in zip(fresh, hits)), "a cached shop differs from a fresh one"
    per = 1 / args.n
    print(f"{args.n} students, shop {key.name}: CPU seconds per student")
    print(f"  no cache (made every time)  {fresh_s * per:7.3f}  1.00")
    print(f"  filling the cache           {fill_s * per:7.3f}  {fill_s / fresh_s:.2f}")
    print(f"  read from the cache         {hit_s * per:7.3f}  {hit_s / fresh_s:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
