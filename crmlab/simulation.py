"""The simulated shop: a generative, causal model of an online shop's customers.

Each table comes out of the behaviour that causes it (see ``docs/simulation.md``):

* customers arrive through channels (referral near the course's 60%) and carry latent
  traits: a purchase rate and a dropout probability (BG/NBD), a mean order value
  (Gamma-Gamma) and a price sensitivity; a latent segment is read off these traits;
* orders follow each customer's rate, modulated by 11.11, 6.18 and the Spring
  Festival; baskets follow planted product affinities; unpaid orders are recovered by
  payment reminders more often than without;
* late deliveries and poor products cause bad reviews and complaints; complaints
  handled slowly drive customers away (fast handling keeps ~70%);
* surveys answer from each customer's real experience, with non-response bias;
  campaigns carry a true uplift that differs by segment; points are earned, redeemed
  and expire; calls queue for the agents on duty;
* the marketplace's service desk: 千牛-style chats where a busier agent answers later and
  slow answers lose buyers; refunds and returns by category and lateness; delivery-care
  messages and bad-review handling with planted, randomised effects; DSR scores;
  follow-ups of old customers by channel; word of mouth (the unhappy tell 8-10 people,
  the happy 2-3, and bring the referred customers). Planted effect sizes are kept in
  ``effect_truth`` and ``followup_truth``.

Everything random flows from one seed through independent child streams, so the same
seed gives the same shop on every machine. All work is vectorised with numpy.
"""

from __future__ import annotations

import time
from contextlib import nullcontext

import numpy as np
import pandas as pd

from . import _vocab as V
from .errors import InvalidArgumentError
from .params import ShopParams
from .schema import coerce_table, get_table
from .shop import Shop
from .validation import check_bool, check_choice, check_date, check_int, check_seed, student_seed

DAY = 86400.0
SEGMENTS = ("loyal_high_value", "regular", "bargain_hunter", "occasional", "one_off")
CHANNELS = ("referral", "ads", "sales_staff", "service_staff", "organic")
# Shares of the non-referral channels, renormalised to 1 - referral_share.
OTHER_CHANNEL_WEIGHTS = np.array([0.45, 0.15, 0.12, 0.28])
ACQUISITION_COST = np.array([20.0, 120.0, 90.0, 45.0, 8.0])  # CNY per customer, by channel
COMPLAINT_STAGES = ("recorded", "judged", "analysed", "replied", "feedback", "followup")
# Hourly profile of shopping and calls: quiet nights, peaks late morning and evening.
HOURLY = np.array([2.0, 1.2, .6, .3, .2, .2, .4, 1, 2, 3.2, 4.2, 4.4, 3.8, 3.6, 4, 4.2, 4, 3.8, 3.9, 4.6,
                   5.4, 5.8, 5, 3.4])
HOURLY = HOURLY / HOURLY.sum()
# Refund and return requests by category, relative to refund_base_rate (apparel and shoes most).
CATEGORY_RETURN_FACTOR = {"beauty": 0.8, "apparel": 2.5, "food": 0.4, "home": 1.0, "digital": 1.2, "baby": 0.6,
                          "personal_care": 0.6, "pet": 0.4, "sports": 1.6, "books": 0.4}
SIZED_CATEGORIES = ("apparel", "sports")  # where a return is often about the size
DAMAGE_RATE = 0.006  # parcels that arrive damaged
REFUND_REASONS = ("changed_mind", "damaged", "late_delivery", "not_as_described", "quality", "wrong_size")  # sorted
# Follow-up channels (回访) and the shares each stratum's list is randomised into ("none" = control).
FOLLOWUP_CHANNELS = ("none", "im", "sms", "email", "phone", "visit")
FOLLOWUP_SHARES = {"regular": (0.25, 0.2, 0.2, 0.15, 0.2, 0.0), "vip": (0.2, 0.15, 0.1, 0.1, 0.2, 0.25)}
CHAT_BANDS = (0.0, 30.0, 60.0, 120.0, 300.0, np.inf)  # first-response bands (seconds) of the truth table
CHAT_HOURS = (8, 24)  # hours the chat workbench is staffed
CHAT_STAGES = ("pre_sale", "in_sale", "after_sale")
CHAT_TOPICS = ("product_info", "size", "price", "payment", "address", "shipping", "return", "quality", "invoice")
SPRING_FESTIVAL = {2020: "01-25", 2021: "02-12", 2022: "02-01", 2023: "01-22", 2024: "02-10", 2025: "01-29",
                   2026: "02-17", 2027: "02-06", 2028: "01-26", 2029: "02-13", 2030: "02-03"}


def simulate(n_customers: int = 2000, *, start="2023-01-01", end="2024-12-31", seed=None,
             locale: str = "zh", params: ShopParams | None = None, progress: bool | None = None,
             **overrides):
    """Simulate an online shop: customers, orders, service, campaigns and hidden truth.

    Parameters
    ----------
    n_customers : int, default=2000
        Number of customers acquired during the period.
    start, end : str or datetime-like, default="2023-01-01", "2024-12-31"
        First and last day of the observed period (inclusive).
    seed : int, str or None, default=None
        Seed of the random streams. The same seed gives the same shop on every
        machine; a string (e.g. a student id) is turned into a seed with
        :func:`student_seed`. ``None`` draws a fresh seed, recorded in ``shop.meta``.
    locale : {"zh", "en"}, default="zh"
        Language of names, places, categories and texts. Column names and codes are
        the same in both.
    params : ShopParams, optional
        A full parameter set; keyword ``overrides`` are applied on top of it.
    progress : bool, optional
        Show a progress bar; by default only for 50,000 customers or more.
    **overrides
        Any field of :class:`~crmlab.ShopParams`, e.g. ``referral_share=0.4``.

    Returns
    -------
    Shop
        The tables as pandas DataFrames (``shop.orders`` ...), the hidden truth
        (``shop.truth``, ``shop.campaign_truth``, ``shop.affinity_truth``,
        ``shop.effect_truth``, ``shop.followup_truth``), the parameters and metadata.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.simulate(300, seed=1)
    >>> shop.customers.shape[0]
    300
    >>> bool(shop.orders["customer_id"].isin(shop.customers["customer_id"]).all())
    True
    """
    n_customers = _check_size(n_customers)
    t0, t1 = _check_period(start, end)
    check_choice("locale", locale, ("zh", "en"))
    p = ShopParams.from_kwargs(params, **overrides)
    seed = check_seed("seed", seed)
    if seed is None:
        seed = int(np.random.SeedSequence().entropy % (2**32))
    elif isinstance(seed, str):
        seed = student_seed(seed)
    progress = check_bool("progress", progress, allow_none=True)
    if progress is None:
        progress = n_customers >= 50_000
    sim = _Simulator(n_customers, t0, t1, int(seed), locale, p)
    tables = sim.run(progress)
    meta = {"n_customers": n_customers, "start": str(t0.date()), "end": str(t1.date()), "seed": int(seed),
            "locale": locale, "params": p.to_dict()}
    return Shop(tables, meta=meta)


def _check_size(n):
    n = check_int("n_customers", n, low=1, example="n_customers=500")
    if n > 20_000_000:
        raise InvalidArgumentError(f"n_customers={n} 太大（上限 20,000,000），会耗尽内存。",
                                   f"n_customers={n} is too large (limit 20,000,000) and would exhaust memory.")
    return n


def _check_period(start, end):
    t0 = check_date("start", start, example="'2023-01-01'")
    t1 = check_date("end", end, example="'2024-12-31'")
    if t0.tzinfo is not None or t1.tzinfo is not None:
        t0, t1 = t0.tz_localize(None), t1.tz_localize(None)
    t0, t1 = t0.normalize(), t1.normalize()
    if t1 < t0:
        raise InvalidArgumentError(f"结束日期 end={t1.date()} 早于开始日期 start={t0.date()}。请交换两者或修改其中一个。",
                                   f"end={t1.date()} is before start={t0.date()}. Swap them or change one.")
    if (t1 - t0).days < 27:
        raise InvalidArgumentError(f"观察期只有 {(t1 - t0).days + 1} 天；请至少模拟 4 周（例如 end 晚于 start 一个月以上）。",
                                   f"The period has only {(t1 - t0).days + 1} days; simulate at least four weeks.")
    if (t1 - t0).days > 366 * 12:
        raise InvalidArgumentError("观察期最长 12 年。", "The period can be at most 12 years long.")
    return t0, t1


def _ragged_index(counts):
    """For counts [2, 0, 3] return owner [0, 0, 2, 2, 2] and rank [0, 1, 0, 1, 2]."""
    owner = np.repeat(np.arange(len(counts)), counts)
    starts = np.cumsum(counts) - counts
    rank = np.arange(owner.size) - np.repeat(starts, counts)
    return owner, rank


def _labels(codes, labels):
    """A ``str`` column from integer codes into ``labels``: Arrow builds millions of rows of a few labels at once."""
    labels = [str(x) for x in labels]
    codes = np.asarray(codes, dtype=np.int32)
    try:
        import pyarrow as pa
    except ImportError:  # pandas keeps its strings in Python objects then (e.g. in the browser)
        return pd.Series(np.array(labels, dtype=object)[codes], dtype="str")
    dictionary = pa.DictionaryArray.from_arrays(pa.array(codes), pa.array(labels, pa.large_string()))
    return pd.Series(pd.array(dictionary.cast(pa.large_string()), dtype="str"))


def _pick_texts(keys, vocab, li, rng, where=None):
    """A random text of ``vocab[key]`` (language ``li``) for every row whose key matches."""
    out = np.full(len(keys), None, dtype=object)
    for key, options in vocab.items():
        m = keys == key if where is None else where & (keys == key)
        out[m] = np.array([t[li] for t in options], dtype=object)[rng.integers(0, len(options), m.sum())]
    return out


class _Simulator:
    """Holds the state of one simulation; each ``_step`` builds one part of the shop."""

    def __init__(self, n, t0, t1, seed, locale, params):
        self.n, self.t0, self.t1, self.locale, self.p = n, t0, t1, locale, params
        self.days = (t1 - t0).days + 1  # simulated time runs in days since t0, in [0, days)
        self.zh = locale == "zh"
        names = ["season", "customers", "products", "orders", "campaigns", "items", "payment", "shipping",
                 "complaints", "reviews", "tickets", "surveys", "points", "calls", "text", "experience",
                 # Streams added later come last, so that the earlier ones stay as they were.
                 "followups", "refunds", "chats", "care", "dsr", "review_handling", "wom"]
        self.rng = dict(zip(names, (np.random.default_rng(s) for s in np.random.SeedSequence(seed).spawn(len(names))),
                            strict=True))
        self.effects = []  # rows of the hidden effect_truth table: (effect, level, value, zh, en)

    def _effect(self, effect, level, value, zh, en):
        self.effects.append((effect, level, float(value), zh, en))

    # -- time helpers ---------------------------------------------------------------
    def _to_time(self, d):
        """Float days since t0 -> datetime64[ns], rounded to the second."""
        secs = np.round(np.asarray(d, dtype=float) * DAY)
        return (np.datetime64(self.t0.to_datetime64(), "s") + secs.astype("int64").astype("timedelta64[s]")
                ).astype("datetime64[ns]")

    def _season(self):
        """Daily demand multiplier and its cumulative integral."""
        p = self.p
        dates = pd.date_range(self.t0, periods=self.days, freq="D")
        s = np.ones(self.days)
        md = dates.strftime("%m-%d").to_numpy()
        month, day = dates.month.to_numpy(), dates.day.to_numpy()
        # Run-up and peak of 11.11, 6.18 and 12.12; quieter summer months.
        s[(month == 11) & (day >= 1) & (day <= 10)] *= 1.0 + (p.double11_boost - 1) * 0.25
        s[md == "11-11"] *= p.double11_boost
        s[(month == 6) & (day >= 1) & (day <= 17)] *= 1.0 + (p.six18_boost - 1) * 0.2
        s[md == "06-18"] *= p.six18_boost
        s[md == "12-12"] *= 1.0 + (p.double11_boost - 1) * 0.3
        s[np.isin(month, (7, 8))] *= 0.9
        self.sf_days = np.zeros(self.days, bool)
        for year in range(self.t0.year, self.t1.year + 1):
            if year in SPRING_FESTIVAL:
                sf = pd.Timestamp(f"{year}-{SPRING_FESTIVAL[year]}")
                pre = (dates >= sf - pd.Timedelta(days=21)) & (dates < sf - pd.Timedelta(days=7))
                hol = (dates >= sf - pd.Timedelta(days=7)) & (dates <= sf + pd.Timedelta(days=7))
                s[pre] *= 1.3  # new-year shopping
                s[hol] *= p.spring_festival_dip
                self.sf_days |= hol
        s *= self.days / s.sum()
        self.dates, self.season = dates, s
        self.S = np.concatenate([[0.0], np.cumsum(s)])  # operational time at day boundaries
        self.peak_days = (np.isin(month, (11,)) & (day >= 10) & (day <= 20)) | self.sf_days

    def _season_inverse(self, u):
        """Operational time -> calendar days (inverse of the cumulative seasonality)."""
        return np.interp(u, self.S, np.arange(self.days + 1.0))

    def _daytime(self, day_float, rng):
        """Keep the calendar day of each time, redraw the hour from the shopping profile."""
        day = np.floor(day_float)
        hour = rng.choice(24, size=day.size, p=HOURLY)
        return day + (hour + rng.random(day.size)) / 24.0

    # -- steps ----------------------------------------------------------------------
    def run(self, progress):
        steps = [self._season, self._customers, self._products, self._orders, self._campaigns, self._followups,
                 self._items, self._payment, self._shipping, self._refunds, self._complaints, self._apply_churn,
                 self._chats, self._care, self._reviews, self._review_handling, self._tickets, self._surveys,
                 self._points, self._calls, self._word_of_mouth, self._assemble]
        bar = nullcontext()
        if progress:
            from tqdm.auto import tqdm

            bar = tqdm(total=len(steps), desc="simulate", unit="step")
        self.timings = {}  # seconds per step, read by benchmarks/bench_simulate.py
        with bar:
            for step in steps:
                if progress:
                    bar.set_postfix_str(step.__name__.strip("_"))
                t = time.perf_counter()
                step()
                self.timings[step.__name__.strip("_")] = time.perf_counter() - t
                if progress:
                    bar.update()
        return self.tables

    def _customers(self):
        rng, p, n = self.rng["customers"], self.p, self.n
        # Sign-ups grow over the period and rise with shopping festivals.
        t = np.arange(self.days) / max(self.days - 1, 1)
        w = (1.0 + p.acquisition_growth * t) * np.sqrt(self.season)
        cdf = np.concatenate([[0.0], np.cumsum(w)]) / w.sum()
        signup = np.interp(rng.random(n), cdf, np.arange(self.days + 1.0))
        signup = np.minimum(self._daytime(signup, rng), self.days - 1e-6)
        order = np.argsort(signup, kind="stable")  # customer ids in sign-up order
        signup = signup[order]
        # Latent traits (BG/NBD and Gamma-Gamma), drawn from the documented populations.
        lam = rng.gamma(p.bgnbd_r, 1.0 / p.bgnbd_alpha, n)
        drop = rng.beta(p.bgnbd_a, p.bgnbd_b, n)
        nu = rng.gamma(p.gg_q, 1.0 / p.gg_gamma, n)
        spend_mean = p.gg_p / nu
        price_sens = rng.beta(2.0, 3.0, n)
        # Latent segment, read off the traits: expected purchases in a year while alive.
        freq = (1.0 - np.exp(-lam * drop * 365.0)) / drop
        q80, q50, q20 = np.quantile(freq, [0.8, 0.5, 0.2]) if n > 1 else (freq[0],) * 3
        seg = np.full(n, "one_off", dtype=object)
        seg[freq >= q20] = "occasional"
        seg[(freq >= q20) & (price_sens >= 0.55)] = "bargain_hunter"
        seg[freq >= q50] = "regular"
        seg[(freq >= q80) & (spend_mean >= np.median(spend_mean))] = "loyal_high_value"
        # Acquisition channel; referrals point at an earlier customer.
        shares = np.concatenate([[p.referral_share], (1 - p.referral_share) * OTHER_CHANNEL_WEIGHTS])
        channel_idx = rng.choice(len(CHANNELS), size=n, p=shares / shares.sum())
        channel_idx[0] = 4 if channel_idx[0] == 0 else channel_idx[0]  # the first customer has nobody to refer them
        referrer = np.full(n, -1)
        is_ref = channel_idx == 0
        idx = np.flatnonzero(is_ref)
        referrer[idx] = np.floor(rng.random(idx.size) * idx).astype(int)  # any earlier customer
        # Demography and geography.
        prov_w = np.array([pv[4] for pv in V.PROVINCES], float)
        prov = rng.choice(len(V.PROVINCES), size=n, p=prov_w / prov_w.sum())
        cities = [(i, c) for i, pv in enumerate(V.PROVINCES) for c in pv[5]]
        city_of_prov = [np.array([k for k, (i, _) in enumerate(cities) if i == j]) for j in range(len(V.PROVINCES))]
        ncity = np.array([len(c) for c in city_of_prov])
        pick = np.floor(rng.random(n) ** 1.6 * ncity[prov]).astype(int)  # capitals are more likely
        city = np.array([city_of_prov[j][0] for j in range(len(V.PROVINCES))])[prov] + pick
        age = np.clip(np.round(rng.normal(31, 8.5, n) + 4 * (seg == "loyal_high_value")), 16, 75).astype(int)
        bands = np.array(["16-24", "25-30", "31-40", "41-50", "51+"])
        age_band = bands[np.searchsorted([25, 31, 41, 51], age, side="right")]
        gender = np.where(rng.random(n) < 0.62, "F", "M")
        device = np.array(["app", "mini_program", "mobile_web", "pc"])[
            rng.choice(4, size=n, p=[0.48, 0.27, 0.13, 0.12])]
        prefix = np.array(["13", "15", "17", "18", "19"])[rng.integers(0, 5, n)]
        phone = np.char.add(np.char.add(np.char.add(prefix, rng.integers(0, 10, n).astype(str)), "****"),
                            np.char.zfill(rng.integers(0, 10000, n).astype(str), 4))
        if self.zh:
            sur = np.array(V.SURNAMES_ZH)[rng.integers(0, len(V.SURNAMES_ZH), n)]
            g1 = np.array(V.GIVEN_ZH)[rng.integers(0, len(V.GIVEN_ZH), n)]
            g2 = np.where(rng.random(n) < 0.7, np.array(V.GIVEN_ZH)[rng.integers(0, len(V.GIVEN_ZH), n)], "")
            name = np.char.add(np.char.add(sur, g1), g2)
        else:
            name = np.char.add(np.char.add(np.array(V.FIRST_EN)[rng.integers(0, len(V.FIRST_EN), n)], " "),
                               np.array(V.LAST_EN)[rng.integers(0, len(V.LAST_EN), n)])
        li = 0 if self.zh else 1
        self.c = dict(
            signup=signup, lam=lam, drop=drop, spend_mean=spend_mean, price_sens=price_sens, seg=seg,
            channel=np.array(CHANNELS)[channel_idx], referrer=referrer,
            cost=np.round(ACQUISITION_COST[channel_idx] * rng.lognormal(0, 0.25, n), 2),
            prov=prov, city=city, region_en=np.array([pv[1] for pv in V.PROVINCES])[prov],
            region=np.array([pv[li] for pv in V.PROVINCES])[prov],
            province=np.array([pv[2 + li] for pv in V.PROVINCES])[prov],
            city_name=np.array([c[li] for _, c in cities])[city], tier=np.array([c[2] for _, c in cities])[city],
            age=age, age_band=age_band, gender=gender, device=device, phone=phone, name=name,
        )

    def _products(self):
        rng, m = self.rng["products"], self.p.n_products
        cat_share = np.array([c[3] for c in V.CATEGORIES])
        counts = np.maximum(1, np.round(cat_share / cat_share.sum() * m).astype(int))
        counts[np.argmax(counts)] += m - counts.sum()
        cat, _ = _ragged_index(counts)
        median = np.array([c[4] for c in V.CATEGORIES], float)[cat]
        price = np.round(median * rng.lognormal(0, 0.55, m), 0) - 0.1  # shop prices end in .9
        price = np.maximum(price, 4.9)
        quality = rng.beta(6, 2, m)
        li = 0 if self.zh else 1
        word = np.array([w for c in V.CATEGORIES for w in (c[7] if self.zh else c[8])]).reshape(len(V.CATEGORIES), -1)
        brand = np.array(V.BRANDS_ZH if self.zh else V.BRANDS_EN)[rng.integers(0, 10, m)]
        item = word[cat, rng.integers(0, word.shape[1], m)]
        name = np.char.add(np.char.add(brand, "" if self.zh else " "), item)
        consumable = np.array([c[5] for c in V.CATEGORIES])[cat]
        cycle = np.array([np.nan if c[6] is None else c[6] for c in V.CATEGORIES])[cat]
        cycle = np.where(consumable, np.round(cycle * rng.lognormal(0, 0.2, m), 0), np.nan)
        # Popularity: a few best sellers carry much of the volume.
        pop = rng.pareto(1.2, m) + 0.2
        self.prod = dict(cat=cat, price=price, cost=np.round(price * rng.uniform(0.35, 0.7, m), 2),
                         quality=quality, name=name, consumable=consumable, cycle=cycle, pop=pop / pop.sum(),
                         code=np.array([c[0] for c in V.CATEGORIES])[cat],
                         category=np.array([c[1 + li] for c in V.CATEGORIES])[cat])

    def _orders(self):
        """The purchase process: first order at sign-up, repeats at the latent rate until dropout."""
        rng, c = self.rng["orders"], self.c
        n = self.n
        u0 = np.interp(c["signup"], np.arange(self.days + 1.0), self.S)
        U = self.S[-1] - u0  # operational time each customer is observed
        n_events = rng.poisson(c["lam"] * U)  # repeat purchases if nobody ever dropped out
        k_drop = rng.geometric(c["drop"])  # dropout comes after the k-th repeat purchase
        m = np.minimum(n_events, k_drop)
        # The first m of n sorted uniform times, drawn directly: partial sums of exponentials
        # divided by the sum of all n + 1 of them (the rest of that sum is one Gamma draw).
        owner, _ = _ragged_index(m)
        cs = np.cumsum(rng.exponential(1.0, owner.size))
        ends = np.cumsum(m)
        base = np.concatenate([[0.0], cs])[ends - m]
        partial = cs - np.repeat(base, m)
        s_m = np.where(m > 0, np.concatenate([[0.0], cs])[ends] - base, 0.0)
        total = s_m + rng.gamma(n_events - m + 1.0)
        u = u0[owner] + partial / total[owner] * U[owner]
        repeat_days = self._daytime(self._season_inverse(u), rng)
        rep_owner = owner
        # Redrawing the hour can move a purchase before sign-up on the same day: clip, re-sort.
        repeat_days = np.clip(repeat_days, c["signup"][rep_owner] + 1e-4, self.days - 1e-6)
        resort = np.lexsort((repeat_days, rep_owner))
        repeat_days, rep_owner = repeat_days[resort], rep_owner[resort]
        # Churn by dropout: the customer left after their k-th repeat purchase.
        churned = k_drop <= n_events
        last_idx = np.cumsum(np.bincount(rep_owner, minlength=n)) - 1
        churn_day = np.full(n, np.nan)
        churn_day[churned] = repeat_days[last_idx[churned]]
        self.c["churn_day"], self.c["churn_cause"] = churn_day, np.where(churned, "dropout", None)
        self.o = dict(cust=np.concatenate([np.arange(n), rep_owner]),
                      day=np.concatenate([c["signup"], repeat_days]),
                      campaign=np.full(n + rep_owner.size, -1))

    def _campaigns(self):
        """Campaigns on existing customers; A/B tests keep a control group."""
        rng, p, c = self.rng["campaigns"], self.p, self.c
        kinds = np.array(["coupon", "sms", "live_stream", "member_day"])
        nc = p.n_campaigns
        starts = np.sort(rng.uniform(self.days * 0.25, self.days - 20, nc)) if nc else np.array([])
        starts = np.floor(starts)
        dur = rng.integers(5, 15, nc)
        kind = kinds[np.arange(nc) % 4]
        is_ab = (np.arange(nc) % 2 == 0)
        # True base rate and uplift by segment and campaign kind (uplift in conversion probability).
        base = {"loyal_high_value": 0.22, "regular": 0.12, "bargain_hunter": 0.07, "occasional": 0.04, "one_off": 0.015}
        lift = {"coupon": {"loyal_high_value": 0.02, "regular": 0.05, "bargain_hunter": 0.14, "occasional": 0.04, "one_off": 0.01},
                "sms": {"loyal_high_value": 0.00, "regular": 0.03, "bargain_hunter": 0.04, "occasional": 0.05, "one_off": 0.01},
                "live_stream": {"loyal_high_value": 0.05, "regular": 0.04, "bargain_hunter": 0.08, "occasional": 0.02, "one_off": 0.005},
                "member_day": {"loyal_high_value": 0.08, "regular": 0.05, "bargain_hunter": 0.06, "occasional": 0.02, "one_off": 0.0}}
        rows_a, rows_t, new_orders = [], [], []
        for j in range(nc):  # a handful of campaigns: the loop is over campaigns, not rows
            day0 = starts[j]
            eligible = np.flatnonzero(c["signup"] < day0)
            if eligible.size == 0:
                continue
            size = max(1, int(round(p.campaign_target_share * eligible.size)))
            target = np.sort(rng.choice(eligible, size=min(size, eligible.size), replace=False))
            group = np.where(is_ab[j] & (rng.random(target.size) < p.control_share), "control", "treatment")
            odays = day0 + rng.random(target.size) * dur[j]
            alive = ~(c["churn_day"][target] < odays)  # still a customer when the offer would be used
            seg = c["seg"][target]
            b = np.vectorize(base.get)(seg) * (1 + 0.5 * (c["price_sens"][target] - 0.4))
            up = np.vectorize(lift[kind[j]].get)(seg)
            prob = np.where(alive, np.clip(b + up * (group == "treatment"), 0, 1), 0.0)
            conv = rng.random(target.size) < prob
            visited = conv | (rng.random(target.size) < np.where(group == "treatment", 0.35, 0.08) * (0.5 + c["price_sens"][target]))
            rows_a.append(pd.DataFrame({"campaign_id": j + 1, "customer_id": target + 1, "group": group,
                                        "visited": visited, "converted": conv, "_day": odays}))
            for s in SEGMENTS:
                m = seg == s
                rows_t.append((j + 1, s, float(np.round(np.mean(b[m] * alive[m]) if m.any() else base[s], 5)),
                               float(np.round(up[m].mean() * alive[m].mean(), 5) if m.any() else lift[kind[j]][s])))
            new_orders.append((target[conv], odays[conv], np.full(conv.sum(), j + 1)))
        li = 0 if self.zh else 1
        names = [f"{V.CAMPAIGN_NAMES[k][li]} #{j + 1}" for j, k in enumerate(kind)]
        self.camp = pd.DataFrame({
            "campaign_id": np.arange(1, nc + 1), "name": names, "kind": kind,
            "start_time": self._to_time(starts), "end_time": self._to_time(starts + dur),
            "is_ab_test": is_ab, "cost_per_contact": np.where(kind == "sms", 0.05, np.where(kind == "coupon", 0.1, 0.02)),
            "offer_value": np.where(kind == "coupon", 20.0, np.where(kind == "member_day", 15.0, 10.0))})
        self.camp_assign = (pd.concat(rows_a, ignore_index=True) if rows_a else
                            pd.DataFrame(columns=["campaign_id", "customer_id", "group", "visited", "converted", "_day"]))
        self.camp_truth = pd.DataFrame(rows_t, columns=["campaign_id", "segment_true", "base_rate", "uplift"])
        if new_orders:
            cust = np.concatenate([x[0] for x in new_orders])
            self.o["cust"] = np.concatenate([self.o["cust"], cust])
            self.o["day"] = np.concatenate([self.o["day"], np.concatenate([x[1] for x in new_orders])])
            self.o["campaign"] = np.concatenate([self.o["campaign"], np.concatenate([x[2] for x in new_orders])])
        # Sort orders by time; order ids follow time.
        idx = np.lexsort((self.o["cust"], self.o["day"]))
        self.o = {k: v[idx] for k, v in self.o.items()}

    def _followups(self):
        """Monthly follow-ups of old customers (回访), channels assigned at random; some bring an extra order."""
        rng, p, c, o = self.rng["followups"], self.p, self.c, self.o
        no, W = len(o["cust"]), float(p.followup_window_days)
        self.o["followup"] = np.full(no, -1)
        uplift = np.array([0.0, p.followup_uplift_im, p.followup_uplift_sms, p.followup_uplift_email,
                           p.followup_uplift_phone, p.followup_uplift_visit])
        cost = np.array([0.0, p.followup_cost_im, p.followup_cost_sms, p.followup_cost_email,
                         p.followup_cost_phone, p.followup_cost_visit])
        cum = {k: np.cumsum(v) / np.sum(v) for k, v in FOLLOWUP_SHARES.items()}
        # A wave a month from the third month on, while its contacts and their window fit in the period.
        wave_days = np.arange(60.0, self.days - 7.0 - W + 1e-9, 30.0)
        day, cust = o["day"], o["cust"]  # sorted by time
        by_cust = np.sort(cust * (self.days + 2.0) + day)  # each customer's orders, in time order
        first = np.searchsorted(by_cust, np.arange(self.n) * (self.days + 2.0))
        rows = []
        for w, d in enumerate(wave_days):  # a couple of dozen waves, each vectorised
            lo, hi = np.searchsorted(day, [d - 180.0, d])
            mark = np.zeros(self.n, bool)
            mark[cust[lo:hi]] = True
            recent = np.flatnonzero(mark)  # bought in the last 180 days
            size = int(round(p.followup_share * recent.size))
            if size == 0:
                continue
            who = np.sort(rng.choice(recent, size=size, replace=False))
            vip = np.searchsorted(by_cust, who * (self.days + 2.0) + d) - first[who] >= 3
            u = rng.random(size)
            ch = np.where(vip, np.searchsorted(cum["vip"], u, side="right"),
                          np.searchsorted(cum["regular"], u, side="right"))
            ch = np.minimum(ch, len(FOLLOWUP_CHANNELS) - 1)
            contact = np.floor(d + rng.integers(0, 7, size)) + rng.uniform(9.0, 21.0, size) / 24.0  # working hours
            alive = ~(c["churn_day"][who] < contact)  # customers who already left cannot respond
            extra = alive & (rng.random(size) < uplift[ch])
            extra_day = contact + W * rng.beta(1.0, 2.5, size)  # soon after the contact, within the window
            rows.append((np.full(size, w + 1), who, contact, vip, ch, extra, extra_day))
        if rows:
            wave, who, contact, vip, ch, extra, extra_day = (np.concatenate(x) for x in zip(*rows, strict=True))
        else:
            wave = who = ch = np.zeros(0, int)
            contact = extra_day = np.zeros(0)
            vip = extra = np.zeros(0, bool)
        self.fu = dict(wave=wave, cust=who, day=contact, vip=vip, channel=ch, cost=cost[ch], uplift=uplift[ch])
        # Extra orders join the order stream; ids still follow time.
        k = int(extra.sum())
        self.o["cust"] = np.concatenate([self.o["cust"], who[extra]])
        self.o["day"] = np.concatenate([self.o["day"], np.minimum(extra_day[extra], self.days - 1e-6)])
        self.o["campaign"] = np.concatenate([self.o["campaign"], np.full(k, -1)])
        self.o["followup"] = np.concatenate([self.o["followup"], np.flatnonzero(extra)])
        # The same order as np.lexsort((cust, day)), much faster on a nearly sorted stream.
        idx = np.argsort(self.o["day"], kind="stable")
        d, cu = self.o["day"][idx], self.o["cust"][idx]
        if ((d[1:] == d[:-1]) & (cu[1:] < cu[:-1])).any():  # a tie that the customer must break
            idx = np.lexsort((self.o["cust"], self.o["day"]))
        self.o = {key: v[idx] for key, v in self.o.items()}

    def _items(self):
        """Baskets: a main product by taste and budget, planted companions, occasional extras."""
        rng, pr, c, p = self.rng["items"], self.prod, self.c, self.p
        m, no = len(pr["price"]), len(self.o["cust"])
        cust = self.o["cust"]
        # Each customer has a favourite category and a budget position within it.
        # Frequent buyers lean to consumables (replenishment), so consumables are bought again
        # sooner; this keeps the population's purchase rates as drawn.
        share = np.array([cc[3] for cc in V.CATEGORIES])
        consumable = np.array([cc[5] for cc in V.CATEGORIES])
        lam_rank = pd.Series(c["lam"]).rank(pct=True).to_numpy()
        wants_consumable = rng.random(self.n) < 0.15 + 0.7 * lam_rank
        pick_c = rng.choice(len(share), size=self.n, p=np.where(consumable, share, 0) / share[consumable].sum())
        pick_n = rng.choice(len(share), size=self.n, p=np.where(~consumable, share, 0) / share[~consumable].sum())
        fav_cat = np.where(wants_consumable, pick_c, pick_n)
        by_cat_price = [np.flatnonzero(pr["cat"] == k)[np.argsort(pr["price"][pr["cat"] == k], kind="stable")]
                        for k in range(len(V.CATEGORIES))]
        use_fav = rng.random(no) < 0.6
        cat = np.where(use_fav, fav_cat[cust], rng.choice(len(V.CATEGORIES), size=no))
        # The order's budget is a Gamma-Gamma draw; the main product is the dearest one of the
        # category that fits a share of that budget (the cheapest if none does).
        target = rng.gamma(p.gg_p, c["spend_mean"][cust] / p.gg_p)
        sizes = np.array([len(b) for b in by_cat_price])
        flat = np.concatenate(by_cat_price)
        offs = np.concatenate([[0], np.cumsum(sizes)[:-1]])
        cat_min = np.array([pr["price"][b].min() if len(b) else np.inf for b in by_cat_price])
        cat = np.where(cat_min[cat] > target, np.argmin(cat_min), cat)  # small budgets shop where it is cheap
        big = 1e7  # category offset in the search key, above any price
        keys = pr["cat"][flat] * big + pr["price"][flat]
        pick = np.searchsorted(keys, cat * big + target * rng.uniform(0.4, 1.0, no), side="right") - 1
        main = flat[np.clip(pick, offs[cat], offs[cat] + sizes[cat] - 1)]
        # Many orders buy the customer's usual product again (product repurchase cycles).
        fav_pick = np.searchsorted(keys, fav_cat * big + c["spend_mean"] * rng.uniform(0.5, 1.0, self.n), side="right") - 1
        fav_prod = flat[np.clip(fav_pick, offs[fav_cat], offs[fav_cat] + sizes[fav_cat] - 1)]
        again = rng.random(no) < 0.4
        main = np.where(again, fav_prod[cust], main)
        # Planted affinities: some often-bought products pull a companion into the basket.
        k = max(3, m // 16)
        bought = np.bincount(main, minlength=m).astype(float) + 1e-9
        ante = rng.choice(m, size=k, replace=False, p=bought / bought.sum())
        cons = rng.choice(m, size=k, replace=True)
        cons = np.where(cons == ante, (cons + 1) % m, cons)
        self.aff = pd.DataFrame({"antecedent_id": ante + 1, "consequent_id": cons + 1,
                                 "strength": np.round(rng.uniform(0.3, 0.6, k), 3)})
        aff_map = np.full(m, -1)
        aff_str = np.zeros(m)
        aff_map[self.aff["antecedent_id"].to_numpy() - 1] = self.aff["consequent_id"].to_numpy() - 1
        aff_str[self.aff["antecedent_id"].to_numpy() - 1] = self.aff["strength"].to_numpy()
        has_comp = (aff_map[main] >= 0) & (rng.random(no) < aff_str[main])
        n_extra = np.minimum(rng.poisson(1.6, no), 6)  # candidates; those over the budget are dropped
        extra_owner, _ = _ragged_index(n_extra)
        extra_prod = rng.choice(m, size=extra_owner.size, p=pr["pop"])
        fits = pr["price"][extra_prod] <= target[extra_owner] - pr["price"][main[extra_owner]]
        extra_owner, extra_prod = extra_owner[fits], extra_prod[fits]  # extras only within the budget
        comp_owner = np.flatnonzero(has_comp)
        line_order = np.concatenate([np.arange(no), comp_owner, extra_owner])
        line_prod = np.concatenate([main, aff_map[main[comp_owner]], extra_prod])
        kind = np.concatenate([np.zeros(no, int), np.ones(comp_owner.size, int), np.full(extra_owner.size, 2)])
        srt = np.lexsort((kind, line_order))
        line_order, line_prod, kind = line_order[srt], line_prod[srt], kind[srt]
        # Drop a repeated product within an order (it becomes quantity instead).
        dup = pd.DataFrame({"o": line_order, "p": line_prod}).duplicated().to_numpy()
        line_order, line_prod, kind = line_order[~dup], line_prod[~dup], kind[~dup]
        price = pr["price"][line_prod]
        # Quantity of the main line brings the basket near the order's budget.
        other = np.bincount(line_order, weights=np.where(kind > 0, price, 0.0), minlength=no)
        qty = np.ones(line_order.size, int)
        is_main = kind == 0
        mo = line_order[is_main]
        qty[is_main] = np.clip(np.round((target[mo] - other[mo]) / price[is_main]), 1, 20).astype(int)
        line_amount = np.round(price * qty, 2)
        _, line_no = _ragged_index(np.bincount(line_order, minlength=no))
        gross = np.round(np.bincount(line_order, weights=line_amount, minlength=no), 2)
        units = np.bincount(line_order, weights=qty, minlength=no).astype(int)
        # Discounts: coupons for price-sensitive customers, offers for campaign orders.
        camp = self.o["campaign"]
        offer = self.camp.set_index("campaign_id")["offer_value"].reindex(camp).fillna(0).to_numpy()
        coupon = (rng.random(no) < 0.35 * c["price_sens"][cust]) * np.round(gross * rng.uniform(0.03, 0.12, no), 0)
        discount = np.round(np.minimum(np.where(camp > 0, offer, coupon), gross * 0.5), 2)
        self.o.update(gross=gross, discount=discount, amount=np.round(gross - discount, 2), units=units,
                      main=main, budget=target)
        self.items = dict(order=line_order, line_no=line_no + 1, product=line_prod, qty=qty, price=price,
                          amount=line_amount)
        channel_by_device = {"app": 0, "mini_program": 1, "mobile_web": 2, "pc": 3}
        dev = np.vectorize(channel_by_device.get)(c["device"])[cust]
        live = rng.random(no) < 0.08
        ch = np.where(rng.random(no) < 0.8, dev, rng.integers(0, 4, no))
        self.o["channel"] = np.array(["app", "mini_program", "mobile_web", "pc", "live_stream"])[np.where(live, 4, ch)]

    def _payment(self):
        """Unpaid orders; payment reminders (催付) recover more of them."""
        rng, p = self.rng["payment"], self.p
        no = len(self.o["cust"])
        unpaid = rng.random(no) < p.unpaid_rate
        reminded = unpaid & (rng.random(no) < p.reminder_rate)
        recovered = unpaid & (rng.random(no) < np.where(reminded, p.pay_after_reminder, p.pay_without_reminder))
        paid = ~unpaid | recovered
        delay = np.where(unpaid, rng.uniform(0.1, 1.5, no), rng.exponential(2.0 / 1440, no))
        self.o.update(unpaid=unpaid, reminded=reminded, paid=paid,
                      paid_day=np.where(paid, np.minimum(self.o["day"] + delay, self.days - 1e-6), np.nan))
        self._effect("reminder_paid_rate", "reminded", p.pay_after_reminder, "催付后未付款订单的付款概率",
                     "probability an unpaid order is paid after a reminder")
        self._effect("reminder_paid_rate", "not_reminded", p.pay_without_reminder, "未催付的未付款订单的付款概率",
                     "probability an unpaid order is paid without a reminder")
        self._effect("reminder_effect", "", p.pay_after_reminder - p.pay_without_reminder, "催付使付款率提高（百分点）",
                     "rise of the payment rate of unpaid orders from a reminder")

    def _shipping(self):
        rng, c = self.rng["shipping"], self.c
        o = self.o
        no = len(o["cust"])
        carrier = rng.choice(len(V.CARRIERS), size=no, p=V.CARRIER_SHARES)
        speed = np.array([x[2] for x in V.CARRIERS])[carrier]
        pd_day = np.nan_to_num(o["paid_day"], nan=0.0)
        ship = pd_day + rng.gamma(2.0, 0.25, no)
        dayidx = np.clip(pd_day.astype(int), 0, self.days - 1)
        peak = self.peak_days[dayidx]
        region_days = np.vectorize(V.REGION_TRANSIT_DAYS.get)(c["region_en"])[o["cust"]]
        promised = pd_day + np.where(c["tier"][o["cust"]] <= 2, 3.0, 4.0) + peak * 2.0
        transit = region_days * speed * rng.lognormal(0, 0.3, no) * np.where(peak, 1.8, 1.0)
        late = rng.random(no) < self.p.late_rate * np.where(peak, 2.5, 1.0)
        transit += late * rng.gamma(1.5, 1.6, no)
        delivered = ship + transit
        li = 0 if self.zh else 1
        o.update(carrier=np.array([x[li] for x in V.CARRIERS])[carrier], ship_day=ship, promised_day=promised,
                 delivered_day=delivered, delay=np.round(np.maximum(0, delivered - promised), 2))

    def _refunds(self):
        """Refund and return requests (退款/退货): by category, for late parcels and poor or damaged products."""
        rng, p, o, pr = self.rng["refunds"], self.p, self.o, self.prod
        no = len(o["cust"])
        delivered = o["paid"] & (o["delivered_day"] < self.days)
        main = o["main"]
        factor = np.array([CATEGORY_RETURN_FACTOR.get(cc[0], 1.0) for cc in V.CATEGORIES])[pr["cat"][main]]
        sized = np.isin(pr["cat"][main], [i for i, cc in enumerate(V.CATEGORIES) if cc[0] in SIZED_CATEGORIES])
        # Causes add up: the shop's ordinary returns, lateness, poor quality, damage in transit.
        parts = np.column_stack([p.refund_base_rate * factor, p.refund_late_rate * np.minimum(o["delay"], 5.0),
                                 p.refund_quality_rate * (pr["quality"][main] < 0.55), np.full(no, DAMAGE_RATE)])
        p_req = np.minimum(parts.sum(axis=1), 0.95)
        o["p_refund"] = np.where(delivered, p_req, 0.0)  # for the truth, taken once churn has removed orders
        req = delivered & (rng.random(no) < p_req)
        idx = np.flatnonzero(req)
        k = idx.size
        # The request's reason follows the cause that drove it.
        share = parts[idx] / parts[idx].sum(axis=1, keepdims=True)
        cause = (rng.random(k)[:, None] > np.cumsum(share, axis=1)).sum(axis=1).clip(0, 3)
        split = rng.random(k)
        reason = np.select([(cause == 0) & sized[idx] & (split < 0.6), cause == 0, (cause == 2) & (split < 0.6),
                            cause == 2, cause == 1],
                           ["wrong_size", "changed_mind", "quality", "not_as_described", "late_delivery"], "damaged")
        u = rng.random(k)
        refund_only = (reason == "late_delivery") | ((reason == "damaged") & (u < 0.5)) \
            | (np.isin(reason, ["quality", "not_as_described"]) & (u < 0.12))
        amount = o["amount"][idx]
        main_line = np.zeros(no)
        first = self.items["line_no"] == 1
        main_line[self.items["order"][first]] = self.items["amount"][first]
        full = np.minimum(main_line[idx], amount)
        value = np.where(reason == "late_delivery", np.round(amount * rng.uniform(0.1, 0.3, k), 0), full)
        value = np.round(np.clip(value, 0.01, amount), 2)
        day = o["delivered_day"][idx] + rng.gamma(1.5, 1.5, k)
        rejected = rng.random(k) < p.refund_reject_rate
        closed = day + np.where(rejected, rng.uniform(0.2, 2.0, k),
                                np.where(refund_only, rng.uniform(0.05, 1.5, k), 3.0 + rng.gamma(2.0, 1.5, k)))
        inside = day < self.days
        self.ref = dict(order=idx[inside], day=day[inside], reason=reason[inside],
                        kind=np.where(refund_only, "refund_only", "return_refund")[inside], amount=value[inside],
                        rejected=rejected[inside], closed=closed[inside])
        r = self.ref
        o["refund_day"] = np.full(no, np.nan)
        o["refund_day"][r["order"]] = r["day"]
        o["refund_rejected"] = np.zeros(no, bool)
        o["refund_rejected"][r["order"]] = r["rejected"]
        o["refund_reason"] = np.full(no, -1)  # index into REFUND_REASONS
        o["refund_reason"][r["order"]] = np.searchsorted(REFUND_REASONS, r["reason"])
        o["refund_reject_day"] = np.full(no, np.nan)
        o["refund_reject_day"][r["order"][r["rejected"]]] = r["closed"][r["rejected"]]
        done = ~r["rejected"] & (r["closed"] < self.days)
        o["refund"] = np.zeros(no)
        o["refund"][r["order"][done]] = r["amount"][done]

    def _complaints(self):
        """Complaints from late deliveries and poor products; slow handling drives churn."""
        rng, p, o = self.rng["complaints"], self.p, self.o
        quality = self.prod["quality"][o["main"]]
        refused = p.refund_complaint_rate * o["refund_rejected"]  # a refused refund is a common cause
        rate = p.complaint_base_rate + 0.035 * np.minimum(o["delay"], 6) + 0.06 * (quality < 0.55) + refused
        has = o["paid"] & (o["delivered_day"] < self.days) & (rng.random(len(o["cust"])) < rate)
        idx = np.flatnonzero(has)
        k = idx.size
        cause_delay = o["delay"][idx] > 0
        cat = np.where(cause_delay & (rng.random(k) < 0.8), "logistics",
                       np.array(["quality", "service", "price", "return"])[rng.choice(4, size=k, p=[.5, .2, .15, .15])])
        severity = np.clip(1 + (o["delay"][idx] > 3) + (rng.random(k) < 0.25), 1, 3).astype(int)
        rec = o["delivered_day"][idx] + rng.exponential(0.5, k)
        # Complaints caused by a refused refund are about the refund and come after the refusal.
        by_refusal = rng.random(k) < refused[idx] / rate[idx]
        cat = np.where(by_refusal, "return", cat)
        rec = np.where(by_refusal, np.nan_to_num(o["refund_reject_day"][idx]) + rng.exponential(0.3, k), rec)
        # Handling speed varies by agent and rises with the load of peak days.
        agent = rng.integers(1, p.n_agents + 1, k)
        agent_speed = np.exp(np.random.default_rng(p.n_agents).normal(0, 0.45, p.n_agents + 1))
        dayidx = np.clip(rec.astype(int), 0, self.days - 1)
        load = np.where(self.peak_days[dayidx], 2.2, 1.0)
        reply_h = rng.lognormal(np.log(14.0), 0.9, k) * agent_speed[agent] * load
        judge = rec + reply_h * rng.uniform(0.05, 0.2, k) / 24
        analyse = judge + reply_h * rng.uniform(0.2, 0.5, k) / 24
        reply = rec + reply_h / 24
        analyse = np.minimum(analyse, reply)
        feedback = reply + rng.gamma(2.0, 0.25, k)
        followup = feedback + rng.uniform(1, 5, k)
        has_follow = rng.random(k) < 0.65
        fast = reply_h <= p.complaint_fast_hours
        slow_frac = np.clip((reply_h - p.complaint_fast_hours) / (2 * p.complaint_fast_hours), 0, 1)
        keep_prob = np.where(fast, p.complaint_retention_fast,
                             p.complaint_retention_fast - (p.complaint_retention_fast - p.complaint_retention_slow) * slow_frac)
        kept = rng.random(k) < keep_prob
        resolved = rng.random(k) < np.where(fast, 0.92, 0.75 - 0.3 * slow_frac)
        sat = np.clip(np.round(4.3 - 2.2 * slow_frac - 0.9 * ~resolved + rng.normal(0, 0.7, k)), 1, 5).astype(int)
        answered = rng.random(k) < 0.7
        self.comp = dict(order=idx, cust=o["cust"][idx], cat=cat, severity=severity, agent=agent, rec=rec,
                         judge=judge, analyse=analyse, reply=reply, feedback=feedback, followup=followup,
                         has_follow=has_follow, resolved=resolved, sat=np.where(answered, sat, -1), kept=kept,
                         channel=np.array(["im", "phone", "email"])[rng.choice(3, size=k, p=[.7, .2, .1])])

    def _apply_churn(self):
        """Complainants who are lost stop buying after the feedback; later events vanish."""
        c, cm, o = self.c, self.comp, self.o
        lost = ~cm["kept"] & (cm["feedback"] < self.days)
        churn_day = np.full(self.n, np.inf)
        np.minimum.at(churn_day, cm["cust"][lost], cm["feedback"][lost])
        # A bad experience (a late parcel, a poor product) makes some customers quietly leave:
        # this is what ties satisfaction to repurchase.
        rng, q = self.rng["experience"], self.p.experience_churn
        quality = self.prod["quality"][o["main"]]
        delivered = o["paid"] & (o["delivered_day"] < self.days)
        p_leave = q * (0.7 * np.clip(o["delay"] / 4.0, 0, 1) + 0.5 * (quality < 0.55) + 0.5 * o["refund_rejected"])
        leave = delivered & (rng.random(len(o["cust"])) < np.minimum(p_leave, 1.0))
        exp_day = np.full(self.n, np.inf)
        np.minimum.at(exp_day, o["cust"][leave], o["delivered_day"][leave])
        prior = np.nan_to_num(c["churn_day"], nan=np.inf)
        cause = np.where(churn_day <= exp_day, "complaint", "experience")
        churn_day = np.minimum(churn_day, exp_day)
        earlier = churn_day < prior
        c["churn_day"] = np.where(earlier, churn_day, c["churn_day"])
        c["churn_cause"] = np.where(earlier, cause, c["churn_cause"])
        keep = ~(o["day"] > churn_day[o["cust"]])
        new_id = np.cumsum(keep) - 1  # old order index -> new
        self.o = {k: v[keep] for k, v in o.items()}
        keep_items = keep[self.items["order"]]
        self.items = {k: v[keep_items] for k, v in self.items.items()}
        self.items["order"] = new_id[self.items["order"]]
        kc = keep[cm["order"]] & ~(cm["rec"] > churn_day[cm["cust"]])
        self.comp = {k: v[kc] for k, v in cm.items()}
        self.comp["order"] = new_id[self.comp["order"]]
        kr = keep[self.ref["order"]]
        self.ref = {k: v[kr] for k, v in self.ref.items()}
        self.ref["order"] = new_id[self.ref["order"]]
        # Campaign conversions whose order vanished did not happen.
        ca = self.camp_assign
        if len(ca):
            lost_conv = ca["converted"].to_numpy() & (ca["_day"].to_numpy() > churn_day[ca["customer_id"].to_numpy() - 1])
            ca.loc[lost_conv, "converted"] = False
        # Truth: CLV is the expected spend over the horizon for those still alive at the end.
        H = self.p.clv_horizon_days
        alive = np.isnan(c["churn_day"])
        lam, dr = c["lam"], c["drop"]
        exp_purchases = (1.0 - np.exp(-lam * dr * H)) / dr
        # Baskets land near, not on, each budget: price the CLV at the shop-wide ratio of what
        # customers pay to what they meant to spend.
        o = self.o
        paid_ratio = o["amount"][o["paid"]].sum() / max(o["budget"][o["paid"]].sum(), 1e-9)
        c["clv"] = np.round(np.where(alive, exp_purchases * c["spend_mean"] * paid_ratio, 0.0), 2)

    def _chats(self):
        """千牛-style chats: agents hold several at once; a busier agent answers later, and slow answers lose buyers."""
        rng, p, o, c = self.rng["chats"], self.p, self.o, self.c
        no = len(o["cust"])
        # Pre-sale inquiries come just before orders, so they follow the shop's days and hours (11.11, 6.18 ...).
        n_pre = int(round(p.chat_inquiry_rate * no))
        anchor = np.sort(rng.choice(no, size=n_pre, replace=False))
        pre_day = np.maximum(o["day"][anchor] - rng.exponential(1 / 72, n_pre), 0.0)  # ~20 minutes before
        # In-sale chats about paying and the address; after-sale chats after delays and refund requests.
        ins = np.flatnonzero(rng.random(no) < 0.05 + 0.35 * o["unpaid"])
        ins_day = o["day"][ins] + rng.uniform(0.005, 0.5, ins.size)
        delivered = o["paid"] & (o["delivered_day"] < self.days)
        has_ref = ~np.isnan(o["refund_day"])
        aft = np.flatnonzero(delivered & (rng.random(no) < 0.05 + 0.3 * (o["delay"] > 0.5) + 0.6 * has_ref))
        aft_day = np.where(has_ref[aft], np.nan_to_num(o["refund_day"][aft]) - rng.uniform(0.0, 0.2, aft.size),
                           o["delivered_day"][aft] + rng.exponential(1.0, aft.size))
        stage = np.concatenate([np.zeros(n_pre, int), np.ones(ins.size, int), np.full(aft.size, 2)])
        day = np.concatenate([pre_day, ins_day, aft_day])
        order = np.concatenate([anchor, ins, aft])
        sel = np.flatnonzero(day < self.days)
        sel = sel[np.argsort(day[sel], kind="stable")]
        stage, day, order = stage[sel], day[sel], order[sel]
        k = day.size
        # Agents on duty: the shop staffs each weekday and hour for its average chat load (like the phone line).
        # Nobody is on the workbench at night: chats opened then wait for the morning shift (CHAT_HOURS).
        D = p.chat_resolution_minutes
        block = np.minimum((day * 24).astype(int), self.days * 24 - 1)
        night = block % 24 < CHAT_HOURS[0]
        block = np.where(night, block // 24 * 24 + CHAT_HOURS[0], block)
        overnight = np.where(night, (block / 24.0 - day) * DAY, 0.0)
        counts = np.bincount(block, minlength=self.days * 24).reshape(self.days, 24).astype(float)
        weekday = self.dates.day_of_week.to_numpy()
        typical = np.vstack([counts[weekday == d].mean(axis=0) if (weekday == d).any() else np.zeros(24)
                             for d in range(7)])[weekday]
        agents = np.maximum(np.ceil(typical * D / 60.0 / p.chat_staffing_concurrency), 1).ravel()
        rho = counts.ravel() * D / 60.0 / agents  # open chats per agent (Little's law)
        # An arriving chat finds the agent with Poisson(rho) chats open; beyond the cap it queues for a slot.
        kmax = p.chat_max_concurrency
        before = rng.poisson(rho[block])
        concurrent = np.minimum(before + 1, kmax)
        ahead = np.maximum(before + 1 - kmax, 0)
        queue = np.where(ahead > 0, rng.gamma(np.maximum(ahead, 1), D * 60.0 / kmax), 0.0)
        roster = int(agents.max())
        agent = (np.floor(rng.random(k) * agents[block]).astype(int) + block // 24 * 3) % roster
        speed = np.exp(rng.normal(0, 0.25, roster))  # some agents are quicker than others
        frt = (p.chat_response_base_seconds + p.chat_seconds_per_chat * (concurrent - 1)) * speed[agent] \
            * rng.lognormal(0, 0.5, k) + queue + overnight
        frt = np.round(np.maximum(frt, 1.0), 1)
        resolution = np.round(D * (1 + 0.1 * (concurrent - 1)) * np.array([1.0, 0.7, 1.5])[stage]
                              * rng.lognormal(-0.18, 0.6, k), 1)
        # Conversion of a pre-sale chat falls with its first-response time (and with nothing else).
        b = p.chat_response_effect / np.log(2.0)
        logit = np.log(p.chat_conversion / (1 - p.chat_conversion)) - b * np.log(frt / 30.0)
        p_conv = 1 / (1 + np.exp(-logit))
        pre = stage == 0
        converted = pre & (rng.random(k) < p_conv)
        # A lost inquiry is a visitor or a customer who did not buy then; it has no order.
        signed = np.searchsorted(c["signup"], day)
        known = (signed > 0) & (rng.random(k) < 0.5)
        lost_cust = np.where(known, np.floor(rng.random(k) * np.maximum(signed, 1)).astype(int), -1)
        cust = np.where(pre & ~converted, lost_cust, o["cust"][order])
        order = np.where(pre & ~converted, -1, order)
        # Topic codes as in the ticket texts.
        u = rng.random(k)
        topic = np.select([pre & (u < 0.45), pre & (u < 0.7), pre, (stage == 1) & o["unpaid"][order],
                           (stage == 1) & (u < 0.5), stage == 1, has_ref[order], o["delay"][order] > 0.5, u < 0.6],
                          [0, 1, 2, 3, 4, 5, 6, 5, 7], 8)  # codes into CHAT_TOPICS
        self.chat = dict(cust=cust, order=order, day=day, stage=stage,
                         topic=topic, agent=agent + 1, concurrent=concurrent, queue=np.round(queue, 1), frt=frt,
                         resolution=np.maximum(resolution, 0.1), converted=converted)
        # The slowest first response an order met (for the DSR service score).
        o["chat_frt"] = np.zeros(no)
        linked = order >= 0
        np.maximum.at(o["chat_frt"], order[linked], frt[linked])
        # Truth: the planted response effect and the expected conversion by first-response band.
        self._effect("chat_conversion_at_30s", "", p.chat_conversion, "30 秒首次响应的售前聊天成交率",
                     "conversion of a pre-sale chat first answered in 30 seconds")
        self._effect("chat_response_logodds_per_doubling", "", -p.chat_response_effect,
                     "首次响应时间翻倍时成交对数几率的变化", "change in the log-odds of conversion when the first response takes twice as long")
        self._effect("chat_seconds_per_chat", "", p.chat_seconds_per_chat, "每多一个同时进行的聊天，首次响应增加的秒数（不含排队）",
                     "seconds added to the first response per other open chat (queueing aside)")
        band = np.searchsorted(CHAT_BANDS, frt, side="right") - 1
        for j in range(len(CHAT_BANDS) - 1):
            m = pre & (band == j)
            lo, hi = CHAT_BANDS[j], CHAT_BANDS[j + 1]
            level = f"{lo:g}-{hi:g}s" if np.isfinite(hi) else f"{lo:g}s+"
            self._effect("chat_conversion", level, p_conv[m].mean() if m.any() else np.nan,
                         f"首次响应 {level} 的售前聊天的期望成交率", f"expected conversion of pre-sale chats first answered in {level}")

    def _care(self):
        """Delivery care (签收关怀): a message after signing, sent to a random share of delivered orders."""
        rng, p, o = self.rng["care"], self.p, self.o
        no = len(o["cust"])
        delivered = o["paid"] & (o["delivered_day"] < self.days)
        sent = o["delivered_day"] + rng.uniform(1 / 24, 0.5, no)  # an hour to half a day after signing
        cared = delivered & (rng.random(no) < p.care_message_share) & (sent < self.days)
        idx = np.flatnonzero(cared)
        self.care = dict(order=idx, day=sent[idx], channel=(rng.random(idx.size) >= 0.7).astype(int),  # im, sms
                         template=rng.choice(3, idx.size, p=[.45, .35, .2]))  # usage_tips, thanks, check_in
        o["care"] = cared

    def _reviews(self):
        rng, o = self.rng["reviews"], self.o
        no = len(o["cust"])
        delivered = o["paid"] & (o["delivered_day"] < self.days - 1)
        quality = self.prod["quality"][o["main"]]
        has_comp = np.zeros(no, bool)
        has_comp[self.comp["order"]] = True
        returned = np.isin(o["refund_reason"], np.searchsorted(REFUND_REASONS, ["damaged", "not_as_described", "quality"]))
        base = 4.7 - 0.45 * np.minimum(o["delay"], 6) - 3.0 * np.maximum(0, 0.7 - quality) - 0.8 * has_comp \
            - 0.5 * returned
        score = base + self.p.care_rating_effect * o["care"] + rng.normal(0, 0.6, no)
        rating = np.clip(np.round(score), 1, 5).astype(int)
        o["rating"] = rating  # how each order went, reviewed or not (word of mouth follows it)
        prob = self.p.review_rate * np.where(rating <= 2, 1.4, 1.0)
        has = delivered & (rng.random(no) < np.minimum(prob, 1))
        idx = np.flatnonzero(has)
        r = rating[idx]
        self._care_truth(base[delivered], 0.6)
        sentiment = np.where(r >= 4, "good", np.where(r == 3, "neutral", "bad"))
        reason = np.where(sentiment == "good", "good", np.where(sentiment == "neutral", "neutral",
                          np.where(o["delay"][idx] > 0.5, "bad_delay",
                                   np.where(quality[idx] < 0.6, "bad_quality", "bad_service"))))
        self.rev = dict(order=idx, rating=r, sentiment=sentiment, reason=reason,
                        day=np.minimum(o["delivered_day"][idx] + rng.gamma(1.5, 1.5, idx.size), self.days - 1e-6))
        # DSR (店铺动态评分), given with the review: product fit, service met along the way, logistics.
        rng, k = self.rng["dsr"], idx.size
        nad = (o["refund_reason"][idx] == REFUND_REASONS.index("not_as_described")).astype(float)
        slow_chat = (o["chat_frt"][idx] > 120).astype(float)
        scores = {
            "item_as_described": 4.75 - 4.0 * np.maximum(0, 0.7 - quality[idx]) - 1.2 * nad,
            "service_attitude": 4.8 - 0.7 * has_comp[idx] - 0.5 * slow_chat - 0.6 * o["refund_rejected"][idx]
            + 0.2 * o["care"][idx],
            "logistics_service": 4.85 - 0.45 * np.minimum(o["delay"][idx], 4),
        }
        self.rev["dsr"] = {key: np.clip(np.round(v + rng.normal(0, 0.45, k)), 1, 5).astype(int) for key, v in scores.items()}

    def _care_truth(self, base, sd):
        """Expected bad-review share and mean rating among reviews, with and without a care message."""
        from scipy.special import ndtr

        w_bad, w_ok = min(1.4 * self.p.review_rate, 1.0), self.p.review_rate  # chance of a review, by rating
        out = {}
        for care in (0, 1):
            mu = base + self.p.care_rating_effect * care
            # Rating = round(score) clipped to 1-5: F[k] = P(rating <= k + 1) for k = 0..3.
            F = [ndtr((edge - mu) / sd) for edge in (1.5, 2.5, 3.5, 4.5)]
            low = F[0] + 2 * (F[1] - F[0])  # sum of rating x P(rating) over ratings 1 and 2
            mean = 5 - F[0] - F[1] - F[2] - F[3]
            reviewed = (w_bad * F[1] + w_ok * (1 - F[1])).sum()
            bad = (w_bad * F[1]).sum()
            stars = (w_bad * low + w_ok * (mean - low)).sum()
            out[care] = (bad / reviewed, stars / reviewed) if reviewed > 0 else (np.nan, np.nan)
        self._effect("care_rating_shift", "", self.p.care_rating_effect, "签收关怀使评价潜在分数提高（星）",
                     "rise of the latent review score from a care message (stars)")
        for care, level in ((1, "care"), (0, "no_care")):
            self._effect("bad_review_share", level, out[care][0], f"{'有' if care else '无'}签收关怀的订单评价中差评的比例（期望）",
                         f"expected share of bad reviews among reviews of orders {'with' if care else 'without'} a care message")
            self._effect("mean_rating", level, out[care][1], f"{'有' if care else '无'}签收关怀的订单的平均评分（期望）",
                         f"expected mean rating of reviewed orders {'with' if care else 'without'} a care message")
        self._effect("care_effect_bad_review_share", "", out[1][0] - out[0][0], "签收关怀对差评比例的真实效果",
                     "true effect of a care message on the share of bad reviews")
        self._effect("care_effect_mean_rating", "", out[1][1] - out[0][1], "签收关怀对平均评分的真实效果",
                     "true effect of a care message on the mean rating")

    def _review_handling(self):
        """Handling bad reviews (差评处理): a random share is handled; fast handling and compensation win revisions."""
        rng, p, o, rv = self.rng["review_handling"], self.p, self.o, self.rev
        bad = np.flatnonzero(rv["sentiment"] == "bad")
        k = bad.size
        handled = rng.random(k) < p.bad_review_handling_rate
        agent = rng.integers(1, p.n_agents + 1, k)
        agent_speed = np.exp(np.random.default_rng(p.n_agents).normal(0, 0.45, p.n_agents + 1))
        rday = rv["day"][bad]
        load = np.where(self.peak_days[np.clip(rday.astype(int), 0, self.days - 1)], 2.0, 1.0)
        hours = np.round(rng.lognormal(np.log(10.0), 0.8, k) * agent_speed[agent] * load, 2)
        action = np.array(["apology", "compensation", "return_replace"])[rng.choice(3, size=k, p=[.5, .3, .2])]
        lift = np.select([action == "compensation", action == "return_replace"], [0.7, 0.3], 0.0)
        b = p.bad_review_revise_decay / np.log(2.0)
        logit = np.log(p.bad_review_revise_rate / (1 - p.bad_review_revise_rate)) - b * np.log(hours / 12.0) + lift
        p_rev = np.where(handled, 1 / (1 + np.exp(-logit)), 0.03)  # unhandled reviews are seldom revised
        revised = rng.random(k) < p_rev
        handled_day = rday + hours / 24.0
        rev_day = np.where(handled, handled_day + rng.gamma(1.5, 0.7, k), rday + rng.uniform(1.0, 20.0, k))
        handled &= handled_day < self.days  # not reached by the end of the period
        revised &= rev_day < self.days
        new_rating = np.where(rng.random(k) < 0.65, 5, 4)
        self.rh = dict(rev=bad, handled=handled, day=handled_day, hours=hours, action=action, agent=agent,
                       revised=revised, rev_day=rev_day, rating=new_rating)
        o["revised"] = np.zeros(len(o["cust"]), bool)
        o["revised"][rv["order"][bad[revised]]] = True
        old_enough = rday < self.days - 30
        for level, m, zh, en in (("handled", handled, "已处理", "handled"), ("unhandled", ~handled, "未处理", "unhandled")):
            sel = m & old_enough
            self._effect("bad_review_revised_rate", level, p_rev[sel].mean() if sel.any() else np.nan,
                         f"{zh}差评的改评率（期望，评价于期末 30 天前）", f"expected revision rate of {en} bad reviews (reviewed 30+ days before the end)")
        self._effect("bad_review_revise_logodds_per_doubling", "", -p.bad_review_revise_decay, "处理时间翻倍时改评对数几率的变化",
                     "change in the log-odds of a revision when handling takes twice as long")
        self._effect("bad_review_compensation_logodds", "", 0.7, "补偿（相对道歉解释）使改评对数几率提高",
                     "rise in the log-odds of a revision from compensation (against an apology)")

    def _tickets(self):
        """Pre-sale inquiries convert more often when answered fast; in- and after-sale contacts."""
        rng, p, o, c = self.rng["tickets"], self.p, self.o, self.c
        no = len(o["cust"])
        # Inquiry pool: response times, and conversion caused by them.
        target_conv = int(round(p.inquiry_share * no))
        n_pool = int(round(target_conv / p.inquiry_conversion))
        rt = rng.lognormal(np.log(35.0), 1.0, n_pool)
        logit0 = np.log(p.inquiry_conversion / (1 - p.inquiry_conversion)) + 0.35
        conv = rng.random(n_pool) < 1 / (1 + np.exp(-(logit0 - 0.55 * np.log(rt / 35.0))))
        conv_idx = np.flatnonzero(conv)
        chosen = np.sort(rng.choice(no, size=min(conv_idx.size, no), replace=False))
        conv_idx = conv_idx[:chosen.size]
        lost_idx = np.flatnonzero(~conv)
        # Lost inquiries come from customers while they are still customers.
        lc = rng.choice(no, size=lost_idx.size)  # anchor on a random order of a random active customer
        lost_day = np.clip(o["day"][lc] + rng.normal(0, 20, lost_idx.size), c["signup"][o["cust"][lc]], self.days - 1e-3)
        pre_cust = np.concatenate([o["cust"][chosen], o["cust"][lc]])
        pre_order = np.concatenate([chosen, np.full(lost_idx.size, -1)])
        pre_day = np.concatenate([o["day"][chosen] - rng.exponential(0.03, chosen.size), lost_day])
        pre_rt = np.concatenate([rt[conv_idx], rt[lost_idx]])
        pre_conv = np.concatenate([np.ones(chosen.size, bool), np.zeros(lost_idx.size, bool)])
        # In-sale (payment, address, shipping) and after-sale (returns, quality, tracking) contacts.
        ins = np.flatnonzero(rng.random(no) < 0.06 + 0.25 * o["unpaid"])
        aft = np.flatnonzero(o["paid"] & (rng.random(no) < 0.04 + 0.25 * (o["delay"] > 0.5) + 0.3 * (o["refund"] > 0)))
        ins_day = o["day"][ins] + rng.uniform(0.01, 1.0, ins.size)
        aft_day = o["delivered_day"][aft] + rng.exponential(1.5, aft.size)
        stage = np.concatenate([np.full(pre_cust.size, "pre_sale"), np.full(ins.size, "in_sale"),
                                np.full(aft.size, "after_sale")]).astype(object)
        day = np.concatenate([pre_day, ins_day, aft_day])
        ok = day < self.days
        cust = np.concatenate([pre_cust, o["cust"][ins], o["cust"][aft]])
        order = np.concatenate([pre_order, ins, aft])
        rtime = np.concatenate([pre_rt, rng.lognormal(np.log(45), 0.9, ins.size + aft.size)])
        converted = np.concatenate([pre_conv, np.zeros(ins.size + aft.size, bool)])
        sel = np.flatnonzero(ok)
        srt = sel[np.argsort(day[sel], kind="stable")]
        k = srt.size
        texts = np.array(V.TICKET_TEXTS, dtype=object)
        st = stage[srt]
        # Pick a text of the ticket's stage; after-sale topics follow the cause.
        choice = np.empty(k, int)
        for s in ("pre_sale", "in_sale", "after_sale"):
            rows = np.flatnonzero(texts[:, 0] == s)
            m = st == s
            choice[m] = rows[rng.integers(0, rows.size, m.sum())]
        self.tick = dict(cust=cust[srt], order=order[srt], day=day[srt], stage=st, converted=converted[srt],
                         rt=np.round(rtime[srt], 1), topic=texts[choice, 1],
                         text=texts[choice, 2 if self.zh else 3],
                         channel=np.array(["im", "phone", "email"])[rng.choice(3, size=k, p=[.82, .12, .06])],
                         handle=np.round(rng.lognormal(np.log(6), 0.7, k), 1),
                         agent=rng.integers(1, p.n_agents + 1, k))

    def _surveys(self):
        """Waves of satisfaction surveys answered from each customer's own experience."""
        rng, p, o, c = self.rng["surveys"], self.p, self.o, self.c
        n_waves = int(round(p.survey_waves_per_year * self.days / 365))
        if n_waves == 0:
            self.surv = None
            return
        wave_days = (np.arange(n_waves) + 1) * self.days / (n_waves + 1)
        # Experience so far, per customer: delays, product quality, complaints and their handling.
        o_df = pd.DataFrame({"cust": o["cust"], "day": o["day"], "paid": o["paid"], "delay": o["delay"],
                             "quality": self.prod["quality"][o["main"]]})
        o_df = o_df[o_df["paid"]]
        comp_df = pd.DataFrame({"cust": self.comp["cust"], "day": self.comp["rec"],
                                "slow": self.comp["reply"] - self.comp["rec"] > p.complaint_fast_hours / 24})
        invites = []
        for w, wd in enumerate(wave_days):  # a few waves, each vectorised
            recent = o_df[(o_df["day"] < wd) & (o_df["day"] >= wd - 90)]["cust"].unique()
            if recent.size == 0:
                continue
            inv = np.sort(rng.choice(recent, size=max(1, int(round(p.survey_invite_share * recent.size))), replace=False))
            hist = o_df[(o_df["day"] < wd) & o_df["cust"].isin(inv)].groupby("cust").agg(
                n=("day", "size"), delay=("delay", "mean"), quality=("quality", "mean"))
            comps = comp_df[(comp_df["day"] < wd) & comp_df["cust"].isin(inv)].groupby("cust").agg(
                n_comp=("day", "size"), slow=("slow", "sum"))
            h = hist.reindex(inv).join(comps.reindex(inv)).fillna(0)
            invites.append(pd.DataFrame({"wave": w + 1, "cust": inv, "day": wd + rng.uniform(0, 3, inv.size),
                                         "n": h["n"].to_numpy(), "delay": h["delay"].to_numpy(),
                                         "quality": h["quality"].to_numpy(), "n_comp": h["n_comp"].to_numpy(),
                                         "slow": h["slow"].to_numpy()}))
        if not invites:  # a tiny shop with no recent buyer at any wave: nobody to ask
            self.surv = None
            return
        s = pd.concat(invites, ignore_index=True)
        k = len(s)
        # Each customer's attitude to the shop: the loyal (low dropout) are warmer. This common
        # cause ties stated satisfaction to later repurchase, as in real shops.
        logit_drop = np.log(c["drop"] / (1 - c["drop"]))
        attitude = -(logit_drop - logit_drop.mean()) / (logit_drop.std() + 1e-9)
        person = (0.45 * attitude + rng.normal(0, 0.2, self.n))[s["cust"].to_numpy()]
        dims = {
            "q_product": 3.3 + 3.0 * (s["quality"].to_numpy() - 0.7) - 0.3 * s["n_comp"].to_numpy(),
            "q_delivery": 4.3 - 0.6 * np.minimum(s["delay"].to_numpy(), 4),
            "q_service": 4.1 - 0.9 * s["slow"].to_numpy() - 0.25 * s["n_comp"].to_numpy(),
            "q_price": 3.9 - 1.4 * c["price_sens"][s["cust"].to_numpy()],
        }
        latent = {q: v + person for q, v in dims.items()}
        overall = 0.35 * latent["q_product"] + 0.3 * latent["q_delivery"] + 0.2 * latent["q_service"] \
            + 0.15 * latent["q_price"] + 0.2
        latent["q_overall"] = overall
        answers = {q: np.clip(np.round(v + rng.normal(0, 0.55, k)), 1, 5).astype(int) for q, v in latent.items()}
        nps = np.clip(np.round(2.4 * overall - 1.8 + rng.normal(0, 1.2, k)), 0, 10).astype(int)
        # Non-response: engaged and satisfied customers answer more often.
        logit = np.log(p.survey_base_response / (1 - p.survey_base_response + 1e-9) + 1e-9) \
            + 0.25 * np.log1p(s["n"].to_numpy()) + 0.45 * (overall - 3.8)
        responded = rng.random(k) < 1 / (1 + np.exp(-logit))
        lowest = np.array(list(dims))[np.argmin(np.column_stack([latent[q] for q in dims]), axis=1)]
        comment_key = np.where(overall >= 4.0, "q_overall", lowest)
        has_comment = responded & (rng.random(k) < 0.4)
        comment = _pick_texts(comment_key, V.SURVEY_COMMENTS, 0 if self.zh else 1, rng, where=has_comment)
        srt = np.lexsort((s["cust"].to_numpy(), s["wave"].to_numpy()))
        self.surv = dict(wave=s["wave"].to_numpy()[srt], cust=s["cust"].to_numpy()[srt], day=s["day"].to_numpy()[srt],
                         responded=responded[srt],
                         rday=(s["day"].to_numpy() + rng.exponential(1.0, k))[srt],
                         answers={q: a[srt] for q, a in answers.items()}, nps=nps[srt], comment=comment[srt])

    def _points(self):
        """Points: earned on paid orders (more in higher tiers), redeemed at the next order, or expired."""
        rng, p, o, c = self.rng["points"], self.p, self.o, self.c
        paid = np.flatnonzero(o["paid"])
        cust, day = o["cust"][paid], o["paid_day"][paid]
        amount = o["amount"][paid] - o["refund"][paid]
        srt = np.lexsort((day, cust))
        paid, cust, day, amount = paid[srt], cust[srt], day[srt], amount[srt]
        cum = pd.Series(amount).groupby(cust).cumsum().to_numpy() - amount  # spend before this order
        tier = np.searchsorted(p.tier_thresholds, cum, side="right")
        earn = np.floor(np.maximum(amount, 0) * p.points_per_yuan * np.array([1.0, 1.2, 1.5, 2.0])[tier]).astype(int)
        same_next = np.r_[cust[1:] == cust[:-1], False]
        next_day = np.r_[day[1:], np.inf]
        next_day = np.where(same_next, next_day, np.inf)
        year0 = self.t0.year
        earn_year = (self.dates.year.to_numpy()[np.clip(day.astype(int), 0, self.days - 1)])
        expiry = np.array([(pd.Timestamp(f"{y + 1}-12-31 23:59:00") - self.t0).total_seconds() / DAY
                           for y in range(year0, self.t1.year + 1)])[earn_year - year0]
        redeem = (next_day <= expiry) & (rng.random(cust.size) < 0.15 + 0.5 * c["price_sens"][cust]) & (earn > 0)
        expire = ~redeem & (expiry < self.days) & (earn > 0)
        ev_cust = np.concatenate([cust, cust[redeem], cust[expire]])
        ev_day = np.concatenate([day, next_day[redeem], expiry[expire]])
        ev_type = np.concatenate([np.zeros(cust.size, int), np.ones(redeem.sum(), int), np.full(expire.sum(), 2)])
        ev_pts = np.concatenate([earn, -earn[redeem], -earn[expire]])
        ev_order = np.concatenate([paid, np.full(redeem.sum(), -1), np.full(expire.sum(), -1)])
        # A redemption belongs to the next order of the same customer.
        nxt_order = np.r_[paid[1:], -1]
        ev_order[cust.size:cust.size + redeem.sum()] = nxt_order[redeem]
        keep = (ev_pts != 0) & (ev_day < self.days)
        s = np.lexsort((ev_type, ev_day, ev_cust))
        s = s[keep[s]]
        pts = ev_pts[s]
        bal = pd.Series(pts).groupby(ev_cust[s]).cumsum().to_numpy()
        self.pts = dict(cust=ev_cust[s], day=ev_day[s], type=np.array(["earn", "redeem", "expire"])[ev_type[s]],
                        points=pts, order=ev_order[s], balance=bal)
        total = np.bincount(cust, weights=amount, minlength=self.n)
        c["member_tier"] = np.array(["regular", "silver", "gold", "diamond"])[np.searchsorted(p.tier_thresholds, total, side="right")]

    def _calls(self):
        """Calls per hour follow the orders; waits follow the M/M/N queue of the agents on duty."""
        rng, p, o = self.rng["calls"], self.p, self.o
        from scipy.special import gammaln

        daily_orders = np.bincount(o["day"].astype(int), minlength=self.days)[: self.days].astype(float)
        # Calls come the same day (pre-sale) or a few days later (after-sale).
        lagged = np.convolve(daily_orders, [0.4, 0.15, 0.15, 0.15, 0.15])[: self.days]
        lam = lagged[:, None] * HOURLY[None, :] * p.calls_per_order  # calls per hour, by day and hour
        mu = 3600.0 / p.call_handle_seconds
        # The shop staffs for the average day of each weekday and hour, plus a margin: peaks strain it.
        weekday = self.dates.day_of_week.to_numpy()
        typical = np.vstack([lam[weekday == d].mean(axis=0) if (weekday == d).any() else np.zeros(24) for d in range(7)])
        agents = np.maximum(np.ceil(typical[weekday] / mu + 0.8 * np.sqrt(typical[weekday] / mu)), 1).astype(int)
        agents[:, :8] = np.maximum(np.ceil(typical[weekday][:, :8] / mu * 1.1), 1)  # thin night shift
        counts = rng.poisson(lam)
        d_idx, h_idx = np.nonzero(counts)
        reps = counts[d_idx, h_idx]
        cd, ch = np.repeat(d_idx, reps), np.repeat(h_idx, reps)
        n_calls = cd.size
        arrival = cd + (ch + rng.random(n_calls)) / 24.0
        # Erlang C probability of waiting for each hour block.
        A = lam / mu
        N = agents
        with np.errstate(over="ignore", divide="ignore", invalid="ignore"):
            kmax = int(N.max()) + 1
            ks = np.arange(kmax)
            logA = np.log(np.maximum(A, 1e-12))[..., None]
            terms = np.exp(ks * logA - gammaln(ks + 1))  # A^k / k!
            below = np.where(ks[None, None, :] < N[..., None], terms, 0.0).sum(axis=-1)
            top = np.exp(N * np.log(np.maximum(A, 1e-12)) - gammaln(N + 1)) * N / np.maximum(N - A, 1e-9)
            pw = np.where(A < N, top / (below + top), 1.0)
        pw_call = pw[cd, ch]
        rate_out = np.maximum((N[cd, ch] - A[cd, ch]) * mu, 0.05 * mu) / 3600.0  # per second
        waits = rng.random(n_calls) < pw_call
        wait = np.where(waits, rng.exponential(1.0, n_calls) / rate_out, 0.0)
        patience = rng.exponential(p.call_patience_seconds, n_calls)
        abandoned = wait > patience
        wait = np.round(np.where(abandoned, patience, wait), 1)
        handle = np.where(abandoned, np.nan, np.round(rng.exponential(p.call_handle_seconds, n_calls), 1))
        agent = np.where(abandoned, -1, np.floor(rng.random(n_calls) * N[cd, ch]).astype(int) + 1)
        queue = np.where(rng.random(n_calls) < 0.4, "pre_sale", "after_sale")
        # Callers are customers who have signed up, except for unidentified numbers.
        signed = np.searchsorted(np.sort(self.c["signup"]), arrival)
        known = (signed > 0) & (rng.random(n_calls) < 0.9)
        caller = np.where(known, np.floor(rng.random(n_calls) * np.maximum(signed, 1)).astype(int), -1)
        srt = np.argsort(arrival, kind="stable")
        self.calls = dict(cust=caller[srt], day=arrival[srt], queue=queue[srt], wait=wait[srt],
                          abandoned=abandoned[srt], handle=handle[srt], agent=agent[srt])
        self.staff = dict(date=np.repeat(np.arange(self.days), 24), hour=np.tile(np.arange(24), self.days),
                          agents=agents.ravel())

    def _word_of_mouth(self):
        """Customers tell others how an order went: the unhappy tell many more; the happy bring referrals."""
        rng, p, o, c = self.rng["wom"], self.p, self.o, self.c
        no = len(o["cust"])
        delivered = o["paid"] & (o["delivered_day"] < self.days)
        unresolved = np.zeros(no, bool)
        unresolved[self.comp["order"][~self.comp["resolved"]]] = True
        unhappy = delivered & ((o["rating"] <= 2) | o["refund_rejected"] | unresolved)
        happy = delivered & ~unhappy & (o["rating"] >= 4)
        # A bad review the shop turned around is mostly not passed on.
        p_tell = np.where(unhappy, p.wom_tell_unhappy * np.where(o["revised"], 0.3, 1.0), np.where(happy, p.wom_tell_happy, 0.0))
        told = rng.random(no) < p_tell
        day = o["delivered_day"] + rng.gamma(2.0, 1.5, no)
        idx = np.flatnonzero(told & (day < self.days))
        k = idx.size
        neg = unhappy[idx]
        # People told: one plus a negative binomial, with the course's means.
        mean = np.where(neg, p.wom_people_unhappy, p.wom_people_happy) - 1.0
        shape = 6.0
        people = 1 + np.where(mean > 0, rng.negative_binomial(shape, shape / (shape + np.maximum(mean, 1e-9))), 0)
        channel = rng.choice(3, size=k, p=[.55, .25, .2])  # wechat, in_person, social_media
        srt = np.argsort(day[idx], kind="stable")
        idx, neg, people, channel = idx[srt], neg[srt], people[srt], channel[srt]
        mday = day[idx]
        # Referred customers heard it from someone: a positive telling in the 90 days before they signed up,
        # each person told equally likely. Customers referred before any telling keep their earlier referrer.
        pos = np.flatnonzero(~neg)
        cum = np.concatenate([[0.0], np.cumsum(people[pos])])
        referred = np.flatnonzero(c["channel"] == "referral")
        hi = np.searchsorted(mday[pos], c["signup"][referred])
        lo = np.searchsorted(mday[pos], c["signup"][referred] - 90.0)
        lo = np.where(cum[hi] > cum[lo], lo, 0)  # none in the last 90 days: any earlier telling
        has = cum[hi] > cum[lo]
        u = cum[lo] + rng.random(referred.size) * (cum[hi] - cum[lo])
        pick = np.clip(np.searchsorted(cum, u, side="right") - 1, 0, max(pos.size - 1, 0))
        referred, pick = referred[has], pick[has]
        if pos.size:
            c["referrer"][referred] = o["cust"][idx[pos[pick]]]
        referrals = np.zeros(k, int)
        referrals[pos] = np.bincount(pick, minlength=pos.size)
        self.wom = dict(order=idx, day=mday, negative=neg, people=people, channel=channel, referrals=referrals)
        for level, v, zh, en in (("negative", p.wom_people_unhappy, "不满客户", "an unhappy customer"),
                                 ("positive", p.wom_people_happy, "满意客户", "a happy customer")):
            self._effect("wom_people_told", level, v, f"{zh}每次平均告诉的人数", f"people {en} tells, on average, each time")
        for level, v, zh, en in (("unhappy", p.wom_tell_unhappy, "不满", "an unhappy"), ("happy", p.wom_tell_happy, "满意", "a happy")):
            self._effect("wom_tell_rate", level, v, f"{zh}的购物经历被讲给别人的概率", f"probability {en} experience is told")

    # -- tables ---------------------------------------------------------------------
    def _assemble(self):
        """Turn the arrays into the schema's tables (ids start at 1)."""
        c, o, pr, rng = self.c, self.o, self.prod, self.rng["text"]
        T = self._to_time
        li = 0 if self.zh else 1

        def opt_id(a):
            a = np.asarray(a)
            return pd.Series(np.where(a >= 0, a + 1, 0), dtype="Int64").mask(a < 0)

        customers = pd.DataFrame({
            "customer_id": np.arange(1, self.n + 1), "name": c["name"], "gender": c["gender"], "age": c["age"],
            "age_band": c["age_band"], "region": c["region"], "province": c["province"], "city": c["city_name"],
            "city_tier": c["tier"], "phone": c["phone"], "signup_time": T(c["signup"]),
            "acquisition_channel": c["channel"], "acquisition_cost": c["cost"], "referrer_id": opt_id(c["referrer"]),
            "device": c["device"], "member_tier": c["member_tier"]})
        products = pd.DataFrame({
            "product_id": np.arange(1, len(pr["price"]) + 1), "name": pr["name"], "category_code": pr["code"],
            "category": pr["category"], "price": pr["price"], "cost": pr["cost"], "quality": np.round(pr["quality"], 3),
            "is_consumable": pr["consumable"], "repurchase_cycle_days": pr["cycle"]})
        no = len(o["cust"])
        orders = pd.DataFrame({
            "order_id": np.arange(1, no + 1), "customer_id": o["cust"] + 1, "order_time": T(o["day"]),
            "channel": o["channel"], "items": o["units"], "gross_amount": o["gross"], "discount": o["discount"],
            "amount": o["amount"], "payment_status": np.where(o["paid"], "paid", "cancelled"),
            "was_unpaid": o["unpaid"], "reminder_sent": o["reminded"],
            "paid_time": pd.Series(T(np.nan_to_num(o["paid_day"]))).where(o["paid"]),
            "campaign_id": opt_id(o["campaign"] - 1), "refund_amount": o["refund"]})
        it = self.items
        order_items = pd.DataFrame({
            "order_id": it["order"] + 1, "line_no": it["line_no"], "product_id": it["product"] + 1,
            "quantity": it["qty"], "unit_price": it["price"], "line_amount": it["amount"]})
        shipped = np.flatnonzero(o["paid"] & (o["ship_day"] < self.days))
        delivered_known = o["delivered_day"][shipped] < self.days
        shipments = pd.DataFrame({
            "order_id": shipped + 1, "carrier": o["carrier"][shipped], "ship_time": T(o["ship_day"][shipped]),
            "promised_time": T(o["promised_day"][shipped]), "delivered_time": T(o["delivered_day"][shipped]),
            "delay_days": o["delay"][shipped]})
        shipments = shipments[delivered_known].reset_index(drop=True)
        rv = self.rev
        rtext = _pick_texts(rv["reason"], V.REVIEW_TEXTS, li, rng)
        reviews = pd.DataFrame({
            "review_id": np.arange(1, rv["order"].size + 1), "order_id": rv["order"] + 1,
            "customer_id": o["cust"][rv["order"]] + 1, "product_id": o["main"][rv["order"]] + 1,
            "review_time": T(rv["day"]), "rating": rv["rating"], "sentiment": rv["sentiment"], "text": rtext})
        reviews = reviews.sort_values(["review_time", "review_id"], kind="stable").reset_index(drop=True)
        review_id = np.empty(len(reviews), int)  # review in simulation order -> its id in time order
        review_id[reviews["review_id"].to_numpy() - 1] = np.arange(1, len(reviews) + 1)
        reviews["review_id"] = np.arange(1, len(reviews) + 1)
        tk = self.tick
        tickets = pd.DataFrame({
            "ticket_id": np.arange(1, tk["cust"].size + 1), "customer_id": tk["cust"] + 1,
            "order_id": opt_id(tk["order"]), "created_time": T(tk["day"]), "stage": tk["stage"].astype(str),
            "channel": tk["channel"], "topic": tk["topic"].astype(str), "text": tk["text"].astype(str),
            "first_response_seconds": tk["rt"], "handle_minutes": tk["handle"], "converted": tk["converted"],
            "agent_id": tk["agent"]})
        cm = self.comp
        ctext = _pick_texts(cm["cat"], V.COMPLAINT_TEXTS, li, rng)
        in_period = cm["rec"] < self.days
        # Stages not reached by the end of the period are not yet recorded: clip them to the end.
        end = self.days - 1e-6

        def stage(a):
            return T(np.minimum(a, end))

        complaints = pd.DataFrame({
            "complaint_id": 0, "customer_id": cm["cust"] + 1, "order_id": cm["order"] + 1, "category": cm["cat"],
            "severity": cm["severity"], "channel": cm["channel"], "text": ctext, "recorded_time": T(cm["rec"]),
            "judged_time": stage(cm["judge"]), "analysed_time": stage(cm["analyse"]), "replied_time": stage(cm["reply"]),
            "feedback_time": stage(cm["feedback"]),
            "followup_time": pd.Series(T(np.minimum(cm["followup"], end))).where(cm["has_follow"] & (cm["followup"] < self.days)),
            "resolved": cm["resolved"], "satisfaction": pd.array(np.where(cm["sat"] > 0, cm["sat"], 0), dtype="Int64"),
            "agent_id": cm["agent"]})
        complaints["satisfaction"] = complaints["satisfaction"].where(cm["sat"] > 0)
        complaints = complaints[in_period & (cm["reply"] < self.days)].sort_values("recorded_time", kind="stable")
        complaints["complaint_id"] = np.arange(1, len(complaints) + 1)
        if self.surv is not None:
            sv = self.surv
            resp = sv["responded"] & (sv["rday"] < self.days)
            ans = {q: pd.array(np.where(resp, a, 0), dtype="Int64") for q, a in sv["answers"].items()}
            surveys = pd.DataFrame({
                "response_id": np.arange(1, sv["cust"].size + 1), "wave": sv["wave"], "customer_id": sv["cust"] + 1,
                "invited_time": T(sv["day"]), "responded": resp,
                "response_time": pd.Series(T(np.minimum(sv["rday"], self.days - 1e-6))).where(resp),
                **{q: a for q, a in ans.items()},
                "nps": pd.array(np.where(resp, sv["nps"], 0), dtype="Int64"),
                "comment": np.where(resp, sv["comment"], None)})
            for q in [*ans, "nps"]:
                surveys[q] = surveys[q].where(resp)
        else:
            surveys = pd.DataFrame({col: [] for col in
                                    ["response_id", "wave", "customer_id", "invited_time", "responded", "response_time",
                                     "q_product", "q_delivery", "q_service", "q_price", "q_overall", "nps", "comment"]})
        ca = self.camp_assign.copy()
        conv_orders = pd.DataFrame({"order_id": np.arange(1, no + 1), "campaign_id": o["campaign"], "customer_id": o["cust"] + 1})
        conv_orders = conv_orders[conv_orders["campaign_id"] > 0].drop_duplicates(["campaign_id", "customer_id"])
        ca = ca.merge(conv_orders, on=["campaign_id", "customer_id"], how="left")
        ca["order_id"] = ca["order_id"].astype("Int64").where(ca["converted"].to_numpy(), pd.NA)
        # Control conversions buy through the ordinary shop: link their next order in the window if any.
        ca = ca.drop(columns="_day")
        pt = self.pts
        points = pd.DataFrame({
            "entry_id": np.arange(1, pt["cust"].size + 1), "customer_id": pt["cust"] + 1, "event_time": T(pt["day"]),
            "event_type": pt["type"], "points": pt["points"], "order_id": opt_id(pt["order"]), "balance_after": pt["balance"]})
        cl = self.calls
        calls = pd.DataFrame({
            "call_id": np.arange(1, cl["cust"].size + 1), "customer_id": opt_id(cl["cust"]), "arrival_time": T(cl["day"]),
            "queue": cl["queue"], "wait_seconds": cl["wait"], "abandoned": cl["abandoned"], "handle_seconds": cl["handle"],
            "agent_id": opt_id(cl["agent"] - 1)})
        st = self.staff
        staffing = pd.DataFrame({"date": T(st["date"].astype(float)), "hour": st["hour"], "agents": st["agents"]})
        churn = c["churn_day"]
        truth = pd.DataFrame({
            "customer_id": np.arange(1, self.n + 1), "segment_true": c["seg"].astype(str),
            "purchase_rate": np.round(c["lam"], 6), "dropout_prob": np.round(c["drop"], 6),
            "spend_mean": np.round(c["spend_mean"], 2), "price_sensitivity": np.round(c["price_sens"], 4),
            "churned": ~np.isnan(churn), "churn_date": pd.Series(T(np.nan_to_num(churn))).where(~np.isnan(churn)),
            "churn_cause": pd.Series(c["churn_cause"], dtype=object), "clv_true": c["clv"]})
        raw = dict(customers=customers, products=products, orders=orders, order_items=order_items, shipments=shipments,
                   reviews=reviews, service_tickets=tickets, complaints=complaints, surveys=surveys, campaigns=self.camp,
                   campaign_assignments=ca, points_ledger=points, calls=calls, staffing=staffing, truth=truth,
                   campaign_truth=self.camp_truth, affinity_truth=self.aff)
        raw.update(self._service_tables(review_id, opt_id))
        # Every table in primary-key order: the canonical order files are read back in.
        self.tables = {}
        for name, df in raw.items():
            df = coerce_table(name, df)
            self.tables[name] = df.sort_values(list(get_table(name).primary_key), kind="stable", ignore_index=True)

    def _service_tables(self, review_id, opt_id):
        """The marketplace-service tables (chats, refunds, care, bad reviews, DSR, follow-ups, word of mouth)."""
        o, T, end = self.o, self._to_time, self.days - 1e-6
        ch = self.chat
        chats = pd.DataFrame({
            "chat_id": np.arange(1, ch["day"].size + 1), "customer_id": opt_id(ch["cust"]), "order_id": opt_id(ch["order"]),
            "start_time": T(ch["day"]), "stage": _labels(ch["stage"], CHAT_STAGES),
            "topic": _labels(ch["topic"], CHAT_TOPICS), "agent_id": ch["agent"],
            "concurrent_chats": ch["concurrent"], "queue_seconds": ch["queue"], "first_response_seconds": ch["frt"],
            "resolution_minutes": ch["resolution"], "converted": ch["converted"]})
        r = self.ref
        srt = np.lexsort((r["order"], r["day"]))
        r = {k: v[srt] for k, v in r.items()}
        refunds = pd.DataFrame({
            "refund_id": np.arange(1, r["day"].size + 1), "order_id": r["order"] + 1, "customer_id": o["cust"][r["order"]] + 1,
            "product_id": o["main"][r["order"]] + 1, "request_time": T(r["day"]), "kind": r["kind"], "reason": r["reason"],
            "amount": r["amount"], "status": np.where(r["rejected"], "rejected", "approved"),
            "closed_time": pd.Series(T(np.minimum(r["closed"], end))).where(r["closed"] < self.days)})
        cm = self.care
        srt = np.argsort(cm["day"], kind="stable")
        care = pd.DataFrame({
            "message_id": np.arange(1, srt.size + 1), "order_id": cm["order"][srt] + 1,
            "customer_id": o["cust"][cm["order"][srt]] + 1, "sent_time": T(cm["day"][srt]),
            "channel": _labels(cm["channel"][srt], ["im", "sms"]),
            "template": _labels(cm["template"][srt], ["usage_tips", "thanks", "check_in"])})
        rv, rh = self.rev, self.rh
        h = rh["handled"]
        handling = pd.DataFrame({
            "review_id": review_id[rh["rev"]], "order_id": rv["order"][rh["rev"]] + 1,
            "customer_id": o["cust"][rv["order"][rh["rev"]]] + 1, "handled": h,
            "handled_time": pd.Series(T(np.minimum(rh["day"], end))).where(h),
            "handling_hours": pd.Series(rh["hours"]).where(h), "action": pd.Series(rh["action"], dtype=object).where(h),
            "agent_id": pd.Series(rh["agent"], dtype="Int64").where(h), "revised": rh["revised"],
            "revised_time": pd.Series(T(np.minimum(rh["rev_day"], end))).where(rh["revised"]),
            "revised_rating": pd.Series(rh["rating"], dtype="Int64").where(rh["revised"])})
        dsr = pd.DataFrame({"review_id": review_id, "order_id": rv["order"] + 1, "customer_id": o["cust"][rv["order"]] + 1,
                            **rv["dsr"]})
        fu = self.fu
        followups = pd.DataFrame({
            "followup_id": np.arange(1, fu["cust"].size + 1), "wave": fu["wave"], "customer_id": fu["cust"] + 1,
            "contact_time": T(fu["day"]), "stratum": _labels(fu["vip"], ["regular", "vip"]),
            "channel": _labels(fu["channel"], FOLLOWUP_CHANNELS), "cost": fu["cost"]})
        wm = self.wom
        wom = pd.DataFrame({
            "mention_id": np.arange(1, wm["order"].size + 1), "customer_id": o["cust"][wm["order"]] + 1,
            "order_id": wm["order"] + 1, "mention_time": T(wm["day"]),
            "sentiment": _labels(wm["negative"], ["positive", "negative"]),
            "channel": _labels(wm["channel"], ["wechat", "in_person", "social_media"]),
            "people_told": wm["people"], "referrals": wm["referrals"]})
        old_enough = o["paid"] & (o["delivered_day"] < self.days - 30)  # their requests all fall in the period
        for level, m, zh, en in (("on_time", o["delay"] == 0, "准时送达订单", "on-time orders"),
                                 ("late", o["delay"] > 0, "超时送达订单", "late orders")):
            sel = old_enough & m
            self._effect("refund_request_rate", level, o["p_refund"][sel].mean() if sel.any() else np.nan,
                         f"{zh}的退款申请率（期望，签收于期末 30 天前）",
                         f"expected refund request rate of {en} (signed for 30+ days before the end)")
        effects = pd.DataFrame(self.effects, columns=["effect", "level", "value", "zh", "en"])
        return dict(chats=chats, refunds=refunds, care_messages=care, review_handling=handling, dsr_scores=dsr,
                    followups=followups, word_of_mouth=wom, effect_truth=effects, followup_truth=self._followup_truth())

    def _followup_truth(self):
        """True effect of each channel on the share buying again within the window, by stratum."""
        p, o, fu, c = self.p, self.o, self.fu, self.c
        W, n_rows = float(p.followup_window_days), fu["cust"].size
        # Other orders in each contact's window (the contact's own extra order aside), in the final order stream.
        key = o["cust"] * (self.days + 2.0) + o["day"]
        srt = np.sort(key)
        start = fu["cust"] * (self.days + 2.0) + fu["day"]
        in_window = np.searchsorted(srt, start + W, side="right") - np.searchsorted(srt, start, side="right")
        own = np.bincount(o["followup"][o["followup"] >= 0], minlength=n_rows)[:n_rows]
        alive = ~(c["churn_day"][fu["cust"]] <= fu["day"])
        room = alive & (in_window - own == 0)  # customers a contact could still turn into buyers
        rows = []
        for stratum, vip in (("regular", False), ("vip", True)):
            m = fu["vip"] == vip
            for j, name in enumerate(FOLLOWUP_CHANNELS):
                if FOLLOWUP_SHARES[stratum][j] == 0:
                    continue
                up = getattr(p, f"followup_uplift_{name}") if j else 0.0
                rows.append((stratum, name, int((m & (fu["channel"] == j)).sum()), up,
                             float(np.round(up * room[m].mean(), 5)) if m.any() else 0.0,
                             getattr(p, f"followup_cost_{name}") if j else 0.0))
        return pd.DataFrame(rows, columns=["stratum", "channel", "contacts", "planted_uplift", "repurchase_uplift",
                                           "cost_per_contact"])
