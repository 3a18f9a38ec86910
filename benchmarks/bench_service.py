"""Benchmark: survey scoring and complaint stage times on a ~2-million-order shop.

Times the vectorised functions of ``crmlab.analysis`` against a naive reference
(row-wise ``DataFrame.apply`` and per-group Python loops, the way a first attempt
is usually written), in the same process and on the same data, and checks that
both give the same numbers.

Run::

    .venv/bin/python benchmarks/bench_service.py             # 1,000,000 customers (~2M orders)
    .venv/bin/python benchmarks/bench_service.py --customers 200000
"""

from __future__ import annotations

import argparse
import time

import numpy as np
import pandas as pd

import crmlab
from crmlab.analysis import complaint_stage_times, csat, nps, score_likert, sla_breaches

ITEMS = ["q_product", "q_delivery", "q_service", "q_price", "q_overall"]
STAGES = ["recorded_time", "judged_time", "analysed_time", "replied_time", "feedback_time", "followup_time"]


def timed(fn, repeat=3):
    """Best of ``repeat`` wall-clock runs, and the last result."""
    best, out = np.inf, None
    for _ in range(repeat):
        t0 = time.perf_counter()
        out = fn()
        best = min(best, time.perf_counter() - t0)
    return best, out


# -- naive references ------------------------------------------------------------------
def naive_survey_scoring(surveys):
    """Row-wise mean of the answered items, then per-wave CSAT and NPS by loops."""
    answered = surveys[surveys["responded"]]

    def row_score(r):
        vals = [float(r[c]) for c in ITEMS if pd.notna(r[c])]
        return sum(vals) / len(vals) if vals else np.nan

    score = answered.apply(row_score, axis=1)
    per_wave = {}
    for wave, g in answered.groupby("wave"):
        q = [x for x in g["q_overall"] if pd.notna(x)]
        n = [x for x in g["nps"] if pd.notna(x)]
        per_wave[wave] = (sum(1 for x in q if x >= 4) / len(q),
                          100 * (sum(1 for x in n if x >= 9) - sum(1 for x in n if x <= 6)) / len(n))
    return score, per_wave


def fast_survey_scoring(surveys):
    answered = surveys[surveys["responded"]]
    score = score_likert(answered, ITEMS)["score"]
    c = csat(answered, "q_overall", by="wave")["csat"]
    p = nps(answered, "nps", by="wave")["nps"]
    return score, c, p


def naive_stage_times(complaints):
    """Row-wise differences of consecutive stage times, in hours."""
    def row(r):
        out = {}
        for a, b in zip(STAGES[:-1], STAGES[1:], strict=True):
            out[b] = (r[b] - r[a]).total_seconds() / 3600 if pd.notna(r[b]) and pd.notna(r[a]) else np.nan
        return pd.Series(out)

    return complaints.apply(row, axis=1)


def naive_sla(complaints, target_hours=24.0):
    """Reply-SLA breach rate with a Python loop over complaints."""
    n = breaches = 0
    for rec, rep in zip(complaints["recorded_time"], complaints["replied_time"], strict=True):
        n += 1
        breaches += (rep - rec).total_seconds() / 3600 > target_hours
    return breaches / n


def main(argv=None):
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--customers", type=int, default=1_000_000)
    ap.add_argument("--seed", type=int, default=2024)
    args = ap.parse_args(argv)

    t0 = time.perf_counter()
    shop = crmlab.simulate(args.customers, random_state=args.seed, progress=False)
    t_sim = time.perf_counter() - t0
    s, c = shop.surveys, shop.complaints
    print(f"shop: {args.customers:,} customers, {len(shop.orders):,} orders, {len(s):,} survey invitations "
          f"({int(s['responded'].sum()):,} responses), {len(c):,} complaints; simulated in {t_sim:.1f} s")

    rows = []
    t_fast, (score, c_wave, n_wave) = timed(lambda: fast_survey_scoring(s))
    t_naive, (score_ref, per_wave) = timed(lambda: naive_survey_scoring(s), repeat=1)
    assert np.allclose(score.to_numpy(float), score_ref.to_numpy(float), equal_nan=True)
    assert np.allclose(c_wave.to_numpy(), [per_wave[w][0] for w in c_wave.index])
    assert np.allclose(n_wave.to_numpy(), [per_wave[w][1] for w in n_wave.index])
    rows.append(("survey scoring (score_likert + csat + nps by wave)", int(s["responded"].sum()), t_fast, t_naive))

    t_fast, wide = timed(lambda: complaint_stage_times(c))
    t_naive, ref = timed(lambda: naive_stage_times(c), repeat=1)
    for a, b in zip(["judge", "analyse", "reply", "feedback", "followup"], STAGES[1:], strict=True):
        assert np.allclose(wide[a].to_numpy(), ref[b].to_numpy(float), equal_nan=True)
    rows.append(("complaint stage times (wide)", len(c), t_fast, t_naive))
    t_long, long = timed(lambda: complaint_stage_times(c, long=True))
    rows.append(("complaint stage times (long)", len(long), t_long, np.nan))

    t_fast, sla = timed(lambda: sla_breaches(c))
    t_naive, ref_rate = timed(lambda: naive_sla(c), repeat=1)
    assert np.isclose(sla.set_index("stage").loc["reply", "breach_rate"], ref_rate)
    rows.append(("SLA breaches, 5 stages (naive: reply only)", len(c), t_fast, t_naive))

    print(f"\n{'task':<52}{'rows':>11}{'crmlab s':>11}{'naive s':>11}{'speed-up':>10}")
    for name, n, tf, tn in rows:
        ratio = f"{tn / tf:,.0f}x" if np.isfinite(tn) else "-"
        naive = f"{tn:.3f}" if np.isfinite(tn) else "-"
        print(f"{name:<52}{n:>11,}{tf:>11.3f}{naive:>11}{ratio:>10}")


if __name__ == "__main__":
    main()
