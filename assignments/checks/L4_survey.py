"""Trusted checks of lab L4 (the satisfaction survey). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The questionnaire ``my_survey`` (a dataclass, as are its questions) arrives as its
fields and is rebuilt here with the course's own ``Questionnaire`` and ``Question``:
lint and the trial run are the course's code, never a method of the student's object.
The trial's numbers follow the shop the notebook has, the public data file (no hidden
truth), so they are checked on that view of the student's shop.
"""

import dataclasses
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.analysis import survey_experience
from crmlab.analysis.questionnaire import Questionnaire, SurveyQuestion
from crmlab.exercises import compare_tables, compare_values
from crmlab.grading.handoff import Fields
from crmlab.grading.trusted import CheckFailed, LabChecks

lab = LabChecks("L4_survey", dataset="classroom")

# The lab's constants, as the release states them (the student's copies are not trusted).
SEED = 4
ITEMS = ["q_product", "q_delivery", "q_service", "q_price", "q_overall"]
HORIZON_DAYS = 180
MAX_QUESTIONS = 12
NEEDED_MEASURES = {"product", "delivery", "service", "price", "overall"}
Z95 = 1.959963984540054

_SURVEY_FIELDS = [f.name for f in dataclasses.fields(Questionnaire)]
_QUESTION_FIELDS = [f.name for f in dataclasses.fields(SurveyQuestion)]


def _survey(value) -> Questionnaire:
    """The student's questionnaire rebuilt from its fields with the course's own classes."""
    if not isinstance(value, Fields) or any(n not in value for n in _SURVEY_FIELDS):
        raise CheckFailed("my_survey 应该是 Questionnaire", "my_survey should be a Questionnaire")
    questions = value["questions"]
    if not isinstance(questions, list | tuple) or any(
            not isinstance(q, Fields) or any(n not in q for n in _QUESTION_FIELDS) for q in questions):
        raise CheckFailed("my_survey 的题目应该是 SurveyQuestion", "the questions of my_survey should be SurveyQuestions")
    try:
        return Questionnaire(**{n: value[n] for n in _SURVEY_FIELDS if n != "questions"},
                             questions=[SurveyQuestion(**{n: q[n] for n in _QUESTION_FIELDS}) for q in questions])
    except Exception as exc:  # values the course's classes do not accept
        raise CheckFailed(f"my_survey 的设置无效：{exc}", f"my_survey has invalid settings: {exc}") from None


def _notebook_shop(ctx):
    """The shop as the student's notebook loads it: the public data file (no hidden truth)."""
    def load():
        from crmlab.grading.coursedata import write_public_file
        from crmlab.shop import load_shop

        with tempfile.TemporaryDirectory() as tmp:
            return load_shop(write_public_file(ctx.shop, Path(tmp) / "shop.sqlite"))

    return ctx.cached("notebook_shop", load)


def _respondents(shop):
    return shop.surveys[shop.surveys["responded"]]


@lab.check("test_survey_lint", answers=["my_survey"])
def survey_lint(ctx, my_survey):
    lint = _survey(my_survey).lint()
    bad = lint[lint["severity"].isin(["error", "warning"])]
    assert bad.empty, f"lint 还有问题 / lint still finds: {sorted(set(bad['rule']))}; run my_survey.lint()"


@lab.check("test_survey_content", answers=["my_survey"])
def survey_content(ctx, my_survey):
    survey = _survey(my_survey)
    likert = {q.measures for q in survey.questions if q.type == "likert"}
    assert NEEDED_MEASURES <= likert, \
        f"李克特题缺少 measures / Likert items lack measures: {sorted(NEEDED_MEASURES - likert)}"
    assert any(q.type == "nps" for q in survey.questions), "需要一道 NPS 题 / an NPS question is needed"
    assert all(q.has_na for q in survey.questions if q.measures == "service"), \
        "客服题需要 allow_na: true / the service item needs allow_na: true"
    assert len(survey.questions) <= MAX_QUESTIONS, f"最多 {MAX_QUESTIONS} 题 / at most {MAX_QUESTIONS} questions"


@lab.check("test_trial", answers=["n_invited", "trial_response_rate", "my_survey"])
def trial(ctx, n_invited, trial_response_rate, my_survey):
    assert 0 < trial_response_rate < 1, "回复率是 0 到 1 之间的比例 / the response rate is a share between 0 and 1"
    # the trial runs on the shop the notebook has: the public tables (the answers follow them)
    t = _survey(my_survey).simulate_responses(_notebook_shop(ctx), random_state=SEED)
    compare_values(n_invited, len(t), name="n_invited")
    compare_values(trial_response_rate, float(t["responded"].mean()), name="trial_response_rate")


@lab.check("test_csat", answers=["csat_overall"])
def csat(ctx, csat_overall):
    assert 0 <= csat_overall <= 1, "CSAT 是 0 到 1 的比例 / CSAT is a share from 0 to 1"
    x = _respondents(ctx.shop)["q_overall"].dropna().astype(float)
    compare_values(csat_overall, float((x >= 4).mean()), name="csat_overall")


@lab.check("test_nps", answers=["nps_score", "nps_ci"])
def nps(ctx, nps_score, nps_ci):
    assert -100 <= nps_score <= 100, "NPS 在 -100 到 100 之间 / the NPS lies between -100 and 100"
    assert len(nps_ci) == 2 and nps_ci[0] <= nps_score <= nps_ci[1], "区间应包含 NPS / the interval contains the NPS"
    s = _respondents(ctx.shop)["nps"].dropna().astype(float).to_numpy()
    p, d = (s >= 9).mean(), (s <= 6).mean()
    se = 100 * np.sqrt((p + d - (p - d) ** 2) / len(s))
    compare_values(nps_score, 100 * (p - d), name="nps_score")
    compare_values(nps_ci[0], max(100 * (p - d) - Z95 * se, -100), name="nps_ci[0]", rtol=1e-5)
    compare_values(nps_ci[1], min(100 * (p - d) + Z95 * se, 100), name="nps_ci[1]", rtol=1e-5)


def _alpha(x):
    return x.shape[1] / (x.shape[1] - 1) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=1))


@lab.check("test_alpha", answers=["alpha_all", "weakest_item"])
def alpha(ctx, alpha_all, weakest_item):
    assert alpha_all <= 1, "alpha 不会超过 1 / alpha cannot exceed 1"
    assert weakest_item in ITEMS, f"weakest_item 应为 {ITEMS} 之一 / weakest_item must be one of {ITEMS}"
    x = _respondents(ctx.shop)[ITEMS].astype(float).dropna()
    compare_values(alpha_all, _alpha(x), name="alpha_all")
    drop = {c: _alpha(x.drop(columns=c)) for c in ITEMS}
    assert weakest_item == max(drop, key=drop.get), "weakest_item 不对 / weakest_item is wrong"


@lab.check("test_ipa", answers=["ipa", "fix_first"])
def ipa(ctx, ipa, fix_first):
    assert isinstance(ipa, pd.DataFrame), "ipa 应该是 DataFrame / ipa should be a DataFrame"
    assert {"performance", "importance", "quadrant"} <= set(ipa.columns), "ipa 缺少列 / ipa lacks columns"
    items = ITEMS[:-1]
    x = _respondents(ctx.shop)[ITEMS].astype(float).dropna()
    exp = pd.DataFrame({"item": items, "performance": x[items].mean().to_numpy(),
                        "importance": x[items].corrwith(x["q_overall"]).to_numpy()})
    got = ipa.rename_axis("item").reset_index()[["item", "performance", "importance"]]
    compare_tables(got, exp, name="ipa", key="item")
    hi_i, lo_p = exp["importance"] >= exp["importance"].mean(), exp["performance"] < exp["performance"].mean()
    concentrate = exp[hi_i & lo_p].sort_values("importance", ascending=False)
    if len(concentrate):
        assert fix_first == concentrate["item"].iloc[0], "fix_first 不对 / fix_first is wrong"


@lab.check("test_gap", answers=["repurchase_gap"])
def gap(ctx, repurchase_gap):
    assert np.isnan(repurchase_gap) or -1 <= repurchase_gap <= 1, \
        "两个比例之差在 -1 到 1 之间 / a difference of shares"
    ex = survey_experience(ctx.shop, horizon_days=HORIZON_DAYS)
    ex = ex[ex["responded"] & ex["repurchased"].notna()]
    rep = ex["repurchased"].astype(float)
    hi = rep[ex["q_overall"] >= 4].mean() if (ex["q_overall"] >= 4).any() else np.nan
    lo = rep[ex["q_overall"] <= 3].mean() if (ex["q_overall"] <= 3).any() else np.nan
    if np.isnan(hi - lo):
        assert np.isnan(repurchase_gap), "有一组没有人：差值应为 NaN / one group is empty: the gap is NaN"
    else:
        compare_values(repurchase_gap, float(hi - lo), name="repurchase_gap")
