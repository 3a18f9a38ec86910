"""The survey response model: how a customer answers a satisfaction survey, and whether.

One model, used twice: the simulator answers the shop's ``surveys`` table with it
(:func:`crmlab.simulate`), and :meth:`crmlab.analysis.Questionnaire.simulate_responses`
lets the shop's customers answer a questionnaire a student designed with it. Both
start from what each customer lived through (delivery delays, product quality,
complaints and how fast they were handled, price sensitivity) and share every
number below:

* **latent satisfaction** per aspect on the 1-5 scale (:func:`latent_satisfaction`):
  products fall with poor quality and complaints, delivery with the mean delay,
  service with complaints handled slowly, price with price sensitivity; each
  customer's own attitude moves all of them (:func:`person_effect`), and the overall
  rating weighs the four aspects;
* **answers** (:func:`likert_answers`, :func:`nps_answers`): the latent score plus
  noise, rounded onto the scale; NPS is a steeper function of the overall score;
* **non-response** (:func:`response_logit`, :func:`responds`): engaged (more orders)
  and satisfied customers answer more often, around the shop's
  ``survey_base_response`` (a :class:`~crmlab.ShopParams` field); a questionnaire's
  design moves the odds too (:func:`design_logit`);
* **comments** (:func:`comments`): 40% of respondents write one, about their
  weakest aspect, or praise when they are satisfied overall.

The functions take numpy arrays (one entry per respondent) and a
``numpy.random.Generator``; they draw in a fixed order, so the same generator gives
the same answers.
"""

from __future__ import annotations

import numpy as np

from . import _vocab as V

__all__ = [
    "ASPECTS", "OVERALL_WEIGHTS", "ANSWER_NOISE_SD", "NPS_NOISE_SD", "COMMENT_SHARE", "latent_satisfaction",
    "person_effect", "likert_answers", "nps_answers", "response_logit", "design_logit", "responds", "comments",
]

#: The aspects a satisfaction survey measures, with the ``surveys`` column of each.
ASPECTS: dict[str, str] = {"product": "q_product", "delivery": "q_delivery", "service": "q_service",
                           "price": "q_price"}
#: Weights of the aspects in the overall rating (plus :data:`OVERALL_OFFSET`).
OVERALL_WEIGHTS: dict[str, float] = {"product": 0.35, "delivery": 0.30, "service": 0.20, "price": 0.15}
OVERALL_OFFSET = 0.2
#: Spread of an answer around the latent score (1-5 scale) and of an NPS answer (0-10).
ANSWER_NOISE_SD = 0.55
NPS_NOISE_SD = 1.2
#: A customer's attitude moves every answer: weight of the attitude (a standardised
#: trait) and spread of the rest of the person's mood.
ATTITUDE_WEIGHT = 0.45
PERSON_NOISE_SD = 0.2
#: Non-response: log-odds per log(1 + orders) and per point of overall satisfaction above 3.8.
RESPONSE_ORDERS_WEIGHT = 0.25
RESPONSE_SATISFACTION_WEIGHT = 0.45
RESPONSE_SATISFACTION_CENTRE = 3.8
#: Design effects on the odds of answering: per minute beyond :data:`FREE_MINUTES`, with
#: an incentive, with personal questions and no privacy note.
FREE_MINUTES = 3.0
ODDS_PER_EXTRA_MINUTE = 0.9
ODDS_INCENTIVE = 1.2
ODDS_PERSONAL_WITHOUT_PRIVACY = 0.7
#: Share of respondents who write a comment; overall scores from this one up praise the shop.
COMMENT_SHARE = 0.4
PRAISE_FROM = 4.0


def latent_satisfaction(*, quality, delay, n_complaints, slow_complaints, price_sensitivity, person):
    """Latent satisfaction of each respondent with each aspect and overall, on the 1-5 scale.

    Parameters
    ----------
    quality : array-like
        Mean quality (0-1) of the products the customer bought.
    delay : array-like
        Mean delivery delay in days (only the first 4 days count).
    n_complaints, slow_complaints : array-like
        Complaints the customer made, and those answered slower than the shop's
        ``complaint_fast_hours``.
    price_sensitivity : array-like
        0 (indifferent to price) to 1 (very sensitive).
    person : array-like
        Each respondent's own level (:func:`person_effect`), added to every aspect.

    Returns
    -------
    dict of str to numpy.ndarray
        ``product``, ``delivery``, ``service``, ``price`` and ``overall``.

    Examples
    --------
    >>> from crmlab.survey_model import latent_satisfaction
    >>> s = latent_satisfaction(quality=[0.7], delay=[0.0], n_complaints=[0], slow_complaints=[0],
    ...                         price_sensitivity=[0.4], person=[0.0])
    >>> round(float(s["delivery"][0]), 2), round(float(s["overall"][0]), 2)
    (4.3, 3.97)
    """
    n_complaints = np.asarray(n_complaints, dtype=float)
    aspects = {
        "product": 3.3 + 3.0 * (np.asarray(quality, dtype=float) - 0.7) - 0.3 * n_complaints,
        "delivery": 4.3 - 0.6 * np.minimum(np.asarray(delay, dtype=float), 4),
        "service": 4.1 - 0.9 * np.asarray(slow_complaints, dtype=float) - 0.25 * n_complaints,
        "price": 3.9 - 1.4 * np.asarray(price_sensitivity, dtype=float),
    }
    person = np.asarray(person, dtype=float)
    latent = {a: v + person for a, v in aspects.items()}
    latent["overall"] = sum(OVERALL_WEIGHTS[a] * latent[a] for a in ASPECTS) + OVERALL_OFFSET
    return latent


def person_effect(attitude, rng):
    """Each customer's own level of satisfaction: their attitude plus mood.

    Parameters
    ----------
    attitude : array-like
        A standardised attitude to the shop (mean 0, sd 1): the simulator knows it
        from each customer's loyalty; a questionnaire on a shop, which cannot see
        it, draws it from the same distribution.
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> import numpy as np
    >>> from crmlab.survey_model import person_effect
    >>> person_effect(np.zeros(3), np.random.default_rng(0)).shape
    (3,)
    """
    attitude = np.asarray(attitude, dtype=float)
    return ATTITUDE_WEIGHT * attitude + rng.normal(0, PERSON_NOISE_SD, attitude.size)


def likert_answers(latent, rng, *, scale: int = 5):
    """Answers on a ``scale``-point Likert item: the latent score plus noise, rounded.

    The latent score lives on the shop's 1-5 scale; other scales are stretched
    onto it (a 7-point item answers ``1 + (z - 1) * 6 / 4``).

    Parameters
    ----------
    latent : array-like
        Latent satisfaction (1-5) of each respondent.
    rng : numpy.random.Generator
    scale : int, default=5

    Returns
    -------
    numpy.ndarray of int

    Examples
    --------
    >>> import numpy as np
    >>> from crmlab.survey_model import likert_answers
    >>> a = likert_answers(np.full(1000, 4.2), np.random.default_rng(0))
    >>> int(a.min()) >= 1 and int(a.max()) <= 5
    True
    """
    latent = np.asarray(latent, dtype=float)
    z = latent + rng.normal(0, ANSWER_NOISE_SD, latent.size)
    if scale == 5:
        return np.clip(np.round(z), 1, 5).astype(int)
    return np.clip(np.round(1 + (np.clip(z, 1, 5) - 1) * (scale - 1) / 4), 1, scale).astype(int)


def nps_answers(overall, rng):
    """Likelihood to recommend (0-10) from the overall latent satisfaction.

    Parameters
    ----------
    overall : array-like
        Overall latent satisfaction (1-5).
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of int

    Examples
    --------
    >>> import numpy as np
    >>> from crmlab.survey_model import nps_answers
    >>> a = nps_answers(np.full(1000, 4.5), np.random.default_rng(0))
    >>> bool((a >= 9).mean() > 0.4)
    True
    """
    overall = np.asarray(overall, dtype=float)
    return np.clip(np.round(2.4 * overall - 1.8 + rng.normal(0, NPS_NOISE_SD, overall.size)), 0, 10).astype(int)


def response_logit(base_response: float, n_orders, overall):
    """Log-odds that each invitee answers: the shop's base rate, engagement and satisfaction.

    Parameters
    ----------
    base_response : float
        The shop's ``survey_base_response`` (:class:`~crmlab.ShopParams`).
    n_orders : array-like
        Paid orders of each invitee so far.
    overall : array-like
        Overall latent satisfaction.

    Returns
    -------
    numpy.ndarray

    Examples
    --------
    >>> from crmlab.survey_model import response_logit
    >>> round(float(response_logit(0.2, [0], [3.8])[0]), 3)
    -1.386
    """
    base = np.log(base_response / (1 - base_response + 1e-9) + 1e-9)
    return base + RESPONSE_ORDERS_WEIGHT * np.log1p(np.asarray(n_orders, dtype=float)) \
        + RESPONSE_SATISFACTION_WEIGHT * (np.asarray(overall, dtype=float) - RESPONSE_SATISFACTION_CENTRE)


def design_logit(minutes: float, *, incentive: bool, personal_without_privacy: bool) -> float:
    """How a questionnaire's design moves the log-odds of answering.

    Every minute beyond 3 lowers the odds by 10%, an incentive raises them by 20%,
    personal questions without a privacy note lower them by 30%.

    Parameters
    ----------
    minutes : float
        The time the questionnaire takes.
    incentive : bool
        Whether respondents get a reward.
    personal_without_privacy : bool
        Whether it asks for personal data without a privacy note.

    Returns
    -------
    float
        Added to :func:`response_logit`.

    Examples
    --------
    >>> from crmlab.survey_model import design_logit
    >>> round(float(design_logit(5, incentive=True, personal_without_privacy=False)), 3)
    -0.028
    """
    return (np.log(ODDS_PER_EXTRA_MINUTE) * max(minutes - FREE_MINUTES, 0)
            + (np.log(ODDS_INCENTIVE) if incentive else 0.0)
            + (np.log(ODDS_PERSONAL_WITHOUT_PRIVACY) if personal_without_privacy else 0.0))


def responds(logit, rng):
    """Whether each invitee answers, drawn from their log-odds.

    Parameters
    ----------
    logit : array-like
        Log-odds of answering (:func:`response_logit` plus :func:`design_logit`).
    rng : numpy.random.Generator

    Returns
    -------
    numpy.ndarray of bool

    Examples
    --------
    >>> import numpy as np
    >>> from crmlab.survey_model import responds
    >>> responds(np.array([-50.0, 50.0]), np.random.default_rng(0)).tolist()
    [False, True]
    """
    logit = np.asarray(logit, dtype=float)
    return rng.random(logit.size) < 1 / (1 + np.exp(-logit))


def comments(latent, answered, rng, *, language: str = "zh"):
    """Free-text comments: 40% of those who answer write one, about their weakest aspect.

    A respondent satisfied overall (4 or more) praises the shop; the others
    comment on the aspect they rate lowest.

    Parameters
    ----------
    latent : dict of str to numpy.ndarray
        The result of :func:`latent_satisfaction`.
    answered : array-like of bool
        Who answers the question.
    rng : numpy.random.Generator
    language : {"zh", "en"}, default="zh"

    Returns
    -------
    numpy.ndarray of object
        The comment, or ``None``.

    Examples
    --------
    >>> import numpy as np
    >>> from crmlab.survey_model import comments, latent_satisfaction
    >>> lat = latent_satisfaction(quality=[0.9] * 50, delay=[0.0] * 50, n_complaints=[0] * 50,
    ...                           slow_complaints=[0] * 50, price_sensitivity=[0.1] * 50, person=[0.0] * 50)
    >>> c = comments(lat, np.ones(50, bool), np.random.default_rng(0), language="en")
    >>> sorted({x for x in c if x is not None})
    ['Good overall, keep it up!', 'Love this shop.']
    """
    answered = np.asarray(answered, dtype=bool)
    lowest = np.array([ASPECTS[a] for a in ASPECTS])[
        np.argmin(np.column_stack([latent[a] for a in ASPECTS]), axis=1)]
    key = np.where(latent["overall"] >= PRAISE_FROM, "q_overall", lowest)
    writes = answered & (rng.random(answered.size) < COMMENT_SHARE)
    li = 0 if language == "zh" else 1
    out = np.full(answered.size, None, dtype=object)
    for k, options in V.SURVEY_COMMENTS.items():
        m = writes & (key == k)
        out[m] = np.array([t[li] for t in options], dtype=object)[rng.integers(0, len(options), m.sum())]
    return out
