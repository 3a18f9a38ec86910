"""Trusted checks of lab L4 (the satisfaction survey). Instructors only: never released.

Each check receives the student's answers as plain data and ``ctx.shop``, the
student's whole shop rebuilt by the grader; see crmlab.grading.trusted.

The questionnaire ``my_survey`` (a dataclass, as are its questions) arrives as its
fields and is rebuilt here with the course's own ``Questionnaire`` and ``Question``:
lint and the trial run are the course's code, never a method of the student's object.
The trial's numbers follow the shop the notebook has, the public data file (no hidden
truth), so they are checked on that view of the student's shop.

No cascades: the trial is checked on the student's own questionnaire (a questionnaire that
fails lint still gets its trial numbers checked); every analysis task starts from the shop's
real survey, not from an earlier answer; in a task of two answers each is half the points, and
the second is also accepted when it follows from the student's own first answer (the item to
fix first from the student's own IPA table).
"""

import dataclasses
import json
import tempfile
from pathlib import Path

import numpy as np
import pandas as pd

from crmlab.analysis import survey_experience
from crmlab.analysis.questionnaire import Questionnaire, SurveyQuestion
from crmlab.analysis import example_questionnaire
from crmlab.exercises import Incorrect, compare_tables, compare_values
from crmlab.grading.handoff import Fields, decode, encode
from crmlab.grading.trusted import CheckFailed, LabChecks
from crmlab.mistakes import Mistake, matches

CASCADES = (
    "试发问卷用学生自己的问卷检查（问卷没通过 lint，试发的数字照样评分）；每个分析任务都从店里真实的问卷数据出发，"
    "不依赖前面任务的答案；一个任务有两个答案时各占一半分，第二个答案与学生自己的第一个答案一致也算对"
    "（最先改进的题目按学生自己的 IPA 表检查）。",
    "The trial is checked on the student's own questionnaire (one that fails lint still has its trial numbers "
    "graded); every analysis task starts from the shop's real survey, not from an earlier answer; in a task of two "
    "answers each is half the points, and the second is also right when it follows from the student's own first "
    "answer (the item to fix first from the student's own IPA table).")

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


def _trial_of(survey, ctx):
    return survey.simulate_responses(_notebook_shop(ctx), random_state=SEED)


def _reference_survey(ctx):
    return ctx.cached("reference_survey", lambda: example_questionnaire("good"))


def _reference_trial(ctx):
    return ctx.cached("reference_trial", lambda: _trial_of(_reference_survey(ctx), ctx))


# (mistake, fn(trial table) -> the wrong answer): diagnosed on the student's own trial
TRIAL_PAIRS = [
    (Mistake("respondents_counted", "数的是回复的人数，而不是邀请的人数", "counted the respondents, not the invitations",
             "n_invited 是试发表的行数（每次邀请一行），回复了的只是其中一部分。",
             "n_invited is the number of rows of the trial table (one per invitation); the respondents are some of them.",
             recompute=lambda ctx: int(_reference_trial(ctx)["responded"].sum()), answer="n_invited"),
     lambda t: int(t["responded"].sum())),
    (Mistake("rate_percent", "把回复率写成了百分数", "gave the response rate as a percent",
             "回复率是 0 到 1 之间的比例：responded 列的平均数。",
             "The response rate is a share between 0 and 1: the mean of the responded column.",
             recompute=lambda ctx: 100 * float(_reference_trial(ctx)["responded"].mean()), answer="trial_response_rate"),
     lambda t: 100 * float(t["responded"].mean())),
]


def _named_from(pairs, answers, bases):
    """The first mistake of ``pairs`` whose value on one of ``bases`` matches the student's answer."""
    for mistake, fn in pairs:
        for base in bases:
            try:
                cand = fn(base)
            except Exception:  # noqa: BLE001 - a mistake that cannot be recomputed here does not apply
                continue
            if matches(answers[mistake.answer], cand):
                return mistake
    return None


@lab.check("test_trial", answers=["n_invited", "trial_response_rate", "my_survey"], mistakes=[m for m, _ in TRIAL_PAIRS])
def trial(ctx, n_invited, trial_response_rate, my_survey):
    # the trial runs on the shop the notebook has (the public tables), with the student's own questionnaire
    t = _trial_of(_survey(my_survey), ctx)
    try:
        assert 0 < trial_response_rate < 1, "回复率是 0 到 1 之间的比例 / the response rate is a share between 0 and 1"
        compare_values(n_invited, len(t), name="n_invited")
        compare_values(trial_response_rate, float(t["responded"].mean()), name="trial_response_rate")
    except (AssertionError, Incorrect):
        found = _named_from(TRIAL_PAIRS, {"n_invited": n_invited, "trial_response_rate": trial_response_rate}, [t])
        if found is not None:
            zh, en = found.message(ctx)
            raise CheckFailed(zh, en, mistake=found.code) from None
        raise


# -- the real survey: each task from the respondents -----------------------------------------------------------
def _respondents_of(ctx):
    return ctx.cached("respondents", lambda: _respondents(ctx.shop))


def _csat_of(x, *, top=4):
    x = x.dropna().astype(float)
    return float((x >= top).mean())


CSAT_MISTAKES = [
    Mistake("all_invited", "把没有回复的人也算进了分母（当作不满意）", "counted the people who did not respond in the "
            "denominator (as unsatisfied)",
            "CSAT 只在回答了这道题的人中算：先筛选 responded，再 dropna()，没回复的人不知道满不满意。",
            "CSAT is over the people who answered the item: keep responded, then dropna(); a non-respondent's "
            "satisfaction is unknown.",
            recompute=lambda ctx: float((ctx.shop.surveys["q_overall"].fillna(0) >= 4).mean())),
    Mistake("top_box_only", "只把 5 分算作满意", "counted only the 5s as satisfied",
            "CSAT 的“满意”是 4 分和 5 分（top-2-box）：用 >= 4。", "Satisfied in CSAT is a 4 or a 5 (top-2 box): use >= 4.",
            recompute=lambda ctx: _csat_of(_respondents_of(ctx)["q_overall"], top=5)),
    Mistake("csat_percent", "把 CSAT 写成了百分数", "gave CSAT as a percent",
            "csat_overall 是 0 到 1 之间的比例。", "csat_overall is a share between 0 and 1.",
            recompute=lambda ctx: 100 * _csat_of(_respondents_of(ctx)["q_overall"])),
]


@lab.check("test_csat", answers=["csat_overall"], mistakes=CSAT_MISTAKES)
def csat(ctx, csat_overall):
    assert 0 <= csat_overall <= 1, "CSAT 是 0 到 1 的比例 / CSAT is a share from 0 to 1"
    compare_values(csat_overall, _csat_of(_respondents_of(ctx)["q_overall"]), name="csat_overall")


def _nps_of(ctx, *, detractor_max=6, scale=100):
    s = _respondents_of(ctx)["nps"].dropna().astype(float).to_numpy()
    p, d = (s >= 9).mean(), (s <= detractor_max).mean()
    se = scale * np.sqrt((p + d - (p - d) ** 2) / len(s))
    score = scale * (p - d)
    return float(score), (float(max(score - Z95 * se, -scale)), float(min(score + Z95 * se, scale)))


NPS_MISTAKES = [
    Mistake("nps_share", "给出的 NPS 是比例（-1 到 1），没有乘 100", "gave the NPS as a share (-1 to 1), not times 100",
            "NPS 习惯上用“分”表示：(推荐者比例 - 贬损者比例) × 100，在 -100 到 100 之间。",
            "The NPS is reported in points: (share of promoters - share of detractors) × 100, between -100 and 100.",
            recompute=lambda ctx: _nps_of(ctx, scale=1)[0], answer="nps_score"),
    Mistake("passives_as_detractors", "把 7、8 分的“中立者”也算成了贬损者",
            "counted the passives (7 and 8) as detractors",
            "0–6 分是贬损者，7–8 分是中立者（不计入），9–10 分是推荐者。",
            "0-6 are detractors, 7-8 passives (left out), 9-10 promoters.",
            recompute=lambda ctx: _nps_of(ctx, detractor_max=8)[0], answer="nps_score"),
    Mistake("ci_share", "置信区间用了比例的单位（没有乘 100）", "gave the interval in shares (not times 100)",
            "区间和 NPS 用同一个单位：标准误也要乘 100。", "The interval has the NPS's unit: the standard error is times 100 too.",
            recompute=lambda ctx: _nps_of(ctx, scale=1)[1], answer="nps_ci"),
]


@lab.check("test_nps", answers=["nps_score", "nps_ci"], mistakes=NPS_MISTAKES)
def nps(ctx, nps_score, nps_ci):
    assert -100 <= nps_score <= 100, "NPS 在 -100 到 100 之间 / the NPS lies between -100 and 100"
    assert len(nps_ci) == 2 and nps_ci[0] <= nps_score <= nps_ci[1], "区间应包含 NPS / the interval contains the NPS"
    score, (low, high) = _nps_of(ctx)
    compare_values(nps_score, score, name="nps_score")
    compare_values(nps_ci[0], low, name="nps_ci[0]", rtol=1e-5)
    compare_values(nps_ci[1], high, name="nps_ci[1]", rtol=1e-5)


def _alpha(x, *, total_ddof=1, k_factor=True):
    k = x.shape[1]
    return (k / (k - 1) if k_factor else 1.0) * (1 - x.var(ddof=1).sum() / x.sum(axis=1).var(ddof=total_ddof))


def _complete(ctx):
    return ctx.cached("complete", lambda: _respondents_of(ctx)[ITEMS].astype(float).dropna())


def _alpha_if_deleted(ctx):
    x = _complete(ctx)
    return {c: _alpha(x.drop(columns=c)) for c in ITEMS}


ALPHA_MISTAKES = [
    Mistake("mixed_ddof", "题目方差用了样本方差（ddof=1），总分方差却用了总体方差（ddof=0）",
            "took the items' sample variances (ddof=1) but the total's population variance (ddof=0)",
            "两种方差都可以，但要一致：pandas 的 .var() 默认 ddof=1，numpy 的 np.var 默认 ddof=0，混用会让 alpha 偏移。",
            "Either variance works if both are the same kind: pandas' .var() defaults to ddof=1, numpy's np.var to "
            "ddof=0, and mixing them shifts alpha.",
            recompute=lambda ctx: float(_alpha(_complete(ctx), total_ddof=0)), answer="alpha_all"),
    Mistake("no_k_factor", "漏掉了公式前面的 k/(k-1)", "left out the k/(k-1) in front of the formula",
            "alpha = k/(k-1) × (1 - 各题方差之和 / 总分方差)，k 是题数：没有这个因子，alpha 偏小。",
            "alpha = k/(k-1) × (1 - sum of item variances / variance of the total), k the number of items: without it "
            "alpha comes out too small.",
            recompute=lambda ctx: float(_alpha(_complete(ctx), k_factor=False)), answer="alpha_all"),
    Mistake("weakest_reversed", "选了删掉后 alpha 降得最多的题（最重要的题），方向反了",
            "picked the item whose removal lowers alpha the most (the most important one): the wrong way round",
            "“最弱”的题删掉后 alpha 升得最多（或降得最少）：取 alpha_if_deleted 最大的那道题。",
            "The weakest item is the one whose removal raises alpha most (or lowers it least): the largest alpha if "
            "deleted.",
            recompute=lambda ctx: min(_alpha_if_deleted(ctx), key=_alpha_if_deleted(ctx).get), answer="weakest_item"),
]


def _half(ctx, parts, mistakes, answers):
    """Score ``parts`` ({name: check()}) half each; name the first matching mistake of a failing part."""
    zh, en, code, right = [], [], None, 0
    for name, run in parts.items():
        try:
            run()
            right += 1
            continue
        except (AssertionError, Incorrect) as exc:
            detail = exc.message if isinstance(exc, Incorrect) else None
            dzh, den = (detail.zh, detail.en) if detail else (str(exc).partition(" / ")[0],
                                                               str(exc).partition(" / ")[2] or str(exc))
        found = next((m for m in mistakes if m.answer == name and m.applies(answers[name], ctx)), None)
        if found is not None:
            mz, me = found.message(ctx)
            dzh, den = f"{mz}（{dzh}）", f"{me} ({den})"
            code = code or found.code
        zh.append(dzh)
        en.append(den)
    if right == len(parts):
        return None
    if right == 0:
        raise CheckFailed("\n".join(zh), "\n".join(en), mistake=code)
    return ctx.partial(right / len(parts), "\n".join(zh), "\n".join(en), mistake=code)


@lab.check("test_alpha", answers=["alpha_all", "weakest_item"], mistakes=ALPHA_MISTAKES)
def alpha(ctx, alpha_all, weakest_item):
    def alpha_part():
        assert isinstance(alpha_all, int | float) and not isinstance(alpha_all, bool), \
            "alpha_all 应是一个数 / alpha_all should be a number"
        assert alpha_all <= 1, ("alpha 不会超过 1：各题方差之和不会是负数。检查公式里的方差和 k/(k-1) / alpha cannot exceed "
                                "1: the item variances cannot sum to less than 0. Check the variances and k/(k-1)")
        compare_values(alpha_all, float(_alpha(_complete(ctx))), name="alpha_all")

    def weakest_part():
        assert isinstance(weakest_item, str) and weakest_item in ITEMS, \
            f"weakest_item 应为 {ITEMS} 之一 / weakest_item must be one of {ITEMS}"
        drop = _alpha_if_deleted(ctx)
        assert weakest_item == max(drop, key=drop.get), "weakest_item 不对 / weakest_item is wrong"

    return _half(ctx, {"alpha_all": alpha_part, "weakest_item": weakest_part}, ALPHA_MISTAKES,
                 {"alpha_all": alpha_all, "weakest_item": weakest_item})


# -- IPA ---------------------------------------------------------------------------------------------------------
def _ipa_of(x, *, with_overall=False):
    items = ITEMS if with_overall else ITEMS[:-1]
    return pd.DataFrame({"item": items, "performance": x[items].mean().to_numpy(),
                         "importance": x[items].corrwith(x["q_overall"]).to_numpy()})


def _ipa(ctx):
    return ctx.cached("ipa", lambda: _ipa_of(_complete(ctx)))


def _fix_first_of(table, *, use_performance=True):
    """The item to fix first in an IPA table: the most important of those important above the mean and performing
    below it (None when that quadrant is empty)."""
    t = table.assign(importance=pd.to_numeric(table["importance"]), performance=pd.to_numeric(table["performance"]))
    keep = t["importance"] >= t["importance"].mean()
    if use_performance:
        keep &= t["performance"] < t["performance"].mean()
    hit = t[keep].sort_values("importance", ascending=False)
    return str(hit["item"].iloc[0]) if len(hit) else None


def _as_ipa_table(ipa):
    assert isinstance(ipa, pd.DataFrame), "ipa 应该是 DataFrame / ipa should be a DataFrame"
    t = ipa if "item" in ipa.columns else ipa.rename_axis("item").reset_index()
    assert {"item", "performance", "importance"} <= set(t.columns), \
        "ipa 应有 performance、importance 两列，索引（或 item 列）是题目 / ipa needs performance and importance, " \
        "indexed (or an item column) by the items"
    return t.assign(item=t["item"].astype(str))


IPA_MISTAKES = [
    Mistake("overall_included", "把总体满意度 q_overall 也放进了 IPA 表", "put the overall item q_overall in the IPA table",
            "q_overall 是用来衡量其他题重要性的“标尺”（和它的相关系数就是重要性），它自己不是一个可改进的方面：表里只有四道分项题。",
            "q_overall is the yardstick of importance (the correlation with it is the importance); it is not an aspect "
            "to improve: the table has the four other items only.",
            recompute=lambda ctx: _ipa_of(_complete(ctx), with_overall=True), answer="ipa",
            compare={"key": "item"}),
    Mistake("most_important_only", "只看了重要性，没有看表现：最重要的题不一定表现差",
            "looked at importance only: the most important item does not necessarily perform badly",
            "最先改进的在“重要但表现差”的象限：重要性不低于平均、表现低于平均，再在其中选最重要的。",
            "Fix first is in the \"important but poor\" quadrant: importance at least the mean and performance below "
            "the mean, then the most important of those.",
            recompute=lambda ctx: _fix_first_of(_ipa(ctx), use_performance=False), answer="fix_first"),
]


@lab.check("test_ipa", answers=["ipa", "fix_first"], mistakes=IPA_MISTAKES)
def ipa(ctx, ipa, fix_first):
    tables = [_ipa(ctx)]

    def table_part():
        got = _as_ipa_table(ipa)
        compare_tables(got[["item", "performance", "importance"]], _ipa(ctx), name="ipa", key="item")

    try:
        own = _as_ipa_table(ipa)
        if len(own) and own["item"].is_unique:
            tables.insert(0, own)
    except Exception:  # noqa: BLE001 - an unusable ipa: the right table decides fix_first
        pass

    def fix_part():
        assert isinstance(fix_first, str) and fix_first in ITEMS[:-1], \
            f"fix_first 应为 {ITEMS[:-1]} 之一 / fix_first must be one of {ITEMS[:-1]}"
        wanted = [_fix_first_of(t) for t in tables]
        assert fix_first in wanted or all(w is None for w in wanted), \
            "fix_first 不是“重要但表现差”的题中最重要的 / fix_first is not the most important of the important-but-poor items"

    return _half(ctx, {"ipa": table_part, "fix_first": fix_part}, IPA_MISTAKES, {"ipa": ipa, "fix_first": fix_first})


# -- satisfaction and repurchase -------------------------------------------------------------------------------------
def _gap_of(ctx, *, missing_as_no=False, satisfied=4, reversed_=False):
    ex = survey_experience(ctx.shop, horizon_days=HORIZON_DAYS)
    ex = ex[ex["responded"]]
    if missing_as_no:
        rep = ex["repurchased"].astype("Float64").fillna(0).astype(float)
    else:
        ex = ex[ex["repurchased"].notna()]
        rep = ex["repurchased"].astype(float)
    hi_mask = ex["q_overall"] >= satisfied
    hi = rep[hi_mask].mean() if hi_mask.any() else np.nan
    lo = rep[~hi_mask].mean() if (~hi_mask).any() else np.nan
    return float(lo - hi) if reversed_ else float(hi - lo)


GAP_MISTAKES = [
    Mistake("gap_reversed", "算成了“不满意的减满意的”，方向反了", "took the unsatisfied minus the satisfied: the wrong way round",
            "repurchase_gap = 满意（≥4）的复购率 - 不满意（≤3）的复购率：满意的人更常回来时它是正数。",
            "repurchase_gap = the repurchase rate of the satisfied (≥4) minus that of the others (≤3): positive when "
            "satisfied customers come back more.",
            recompute=lambda ctx: _gap_of(ctx, reversed_=True)),
    Mistake("missing_as_no", "把复购窗口超出数据范围的人（repurchased 为空）当成了没有复购",
            "counted the people whose window runs past the data (empty repurchased) as not coming back",
            "窗口没走完的人还不知道会不会回来：先去掉 repurchased 为空的行（notna()），再比较两组。",
            "For people whose window is not over we do not know yet: drop the rows with an empty repurchased (notna()) "
            "before comparing the groups.",
            recompute=lambda ctx: _gap_of(ctx, missing_as_no=True)),
    Mistake("three_satisfied", "把 3 分（“一般”）也算成了满意", "counted a 3 (neutral) as satisfied",
            "满意是 4 分和 5 分：用 q_overall >= 4 分组。", "Satisfied is a 4 or a 5: group by q_overall >= 4.",
            recompute=lambda ctx: _gap_of(ctx, satisfied=3)),
]


@lab.check("test_gap", answers=["repurchase_gap"], mistakes=GAP_MISTAKES)
def gap(ctx, repurchase_gap):
    assert np.isnan(repurchase_gap) or -1 <= repurchase_gap <= 1, \
        "两个比例之差在 -1 到 1 之间 / a difference of shares"
    expected = _gap_of(ctx)
    if np.isnan(expected):
        assert np.isnan(repurchase_gap), "有一组没有人：差值应为 NaN / one group is empty: the gap is NaN"
    else:
        compare_values(repurchase_gap, expected, name="repurchase_gap")


def reference_answers(ctx) -> dict:
    """The model answers of every task on the student's shop (tests of the checks and the catalogue)."""
    survey = _reference_survey(ctx)
    t = _reference_trial(ctx)
    score, ci = _nps_of(ctx)
    drop = _alpha_if_deleted(ctx)
    return {"my_survey": decode(json.loads(json.dumps(encode(survey)))), "n_invited": len(t),
            "trial_response_rate": float(t["responded"].mean()),
            "csat_overall": _csat_of(_respondents_of(ctx)["q_overall"]), "nps_score": score, "nps_ci": ci,
            "alpha_all": float(_alpha(_complete(ctx))), "weakest_item": max(drop, key=drop.get),
            "ipa": _ipa(ctx).set_index("item"), "fix_first": _fix_first_of(_ipa(ctx)),
            "repurchase_gap": _gap_of(ctx)}
