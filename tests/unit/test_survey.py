"""Survey design: building, reading, linting, forms and simulated answers."""

import numpy as np
import pandas as pd
import pytest

from crmlab.analysis import questionnaire as S
from crmlab.analysis import survey_lint as SL
from crmlab.analysis.questionnaire import Questionnaire, SurveyQuestion, load_questionnaire
from crmlab.widgets import questionnaire_form
from crmlab.errors import InvalidArgumentError

LIKERT5_ZH = ["非常不满意", "不满意", "一般", "满意", "非常满意"]


def good():
    return Questionnaire("测试问卷", [
        SurveyQuestion("q_delivery", "您对物流速度的满意程度如何？", labels=LIKERT5_ZH, measures="delivery"),
        SurveyQuestion("nps", "您有多大可能把本店推荐给朋友或同事？", type="nps", measures="nps"),
    ], purpose="了解物流体验", audience="近 90 天买家", privacy_note="匿名，仅用于改进服务。",
        incentive="5 元优惠券", time_estimate_minutes=1)


def rules(q, **kw):
    return set(q.lint(**kw)["rule"])


@pytest.mark.parametrize("name", ["good_zh", "good_en"])
def test_good_examples_lint_clean(name):
    q = load_questionnaire(name)
    assert q.lint().empty
    assert q.is_clean(level="info")
    assert len(q) == 8 and len(q.sections) == 3


@pytest.mark.parametrize("name", ["bad_zh", "bad_en"])
def test_bad_examples_have_many_findings(name):
    df = load_questionnaire(name).lint(locale=name[-2:])
    expected = {"S001", "S003", "S004", "S005", "S006", "S009", "S010", "S011", "S014", "S015", "S016", "S017",
                "S019", "S020", "S021"}
    assert expected <= set(df["rule"])
    assert list(df["severity"].map({"error": 0, "warning": 1, "info": 2})) == sorted(
        df["severity"].map({"error": 0, "warning": 1, "info": 2}))
    assert df[["message_zh", "message_en", "fix_zh", "fix_en"]].map(bool).all().all()
    personal = set(df.loc[df["rule"] == "S004", "question_id"])
    assert personal == {"name", "phone", "income"}


def test_code_built_questionnaire_is_clean_and_round_trips():
    q = good()
    assert q.lint().empty
    back = Questionnaire.from_yaml(q.to_yaml())
    assert back.to_dict() == q.to_dict()
    assert Questionnaire.from_dict(q.to_dict()).lint().empty


def test_privacy_rule_needs_note():
    q = good().add(SurveyQuestion("phone", "请留下您的手机号码", type="open_text", required=False))
    assert "S004" not in rules(q)  # the note is there and the question is optional
    q.privacy_note = None
    assert "S004" in rules(q)
    q.privacy_note = "手机号仅用于发放优惠券，30 天后删除。"
    assert "S004" not in rules(q) and "S005" not in rules(q)
    en = Questionnaire("t", [SurveyQuestion("a", "What is your monthly income?", type="single_choice", options=["<5k", ">=5k"])])
    assert {"S004", "S005"} <= rules(en)


def test_time_rule_uses_documented_seconds():
    qs = [SurveyQuestion(f"q{i}", "您对物流速度的满意程度如何？", labels=LIKERT5_ZH) for i in range(10)]
    q = Questionnaire("t", qs, time_estimate_minutes=1)
    expect = S.SECONDS_INTRO + 10 * S.SECONDS_PER_QUESTION["likert"]
    assert q.estimated_seconds() == expect
    assert ("S006" in rules(q)) == (expect > 60)
    q.time_estimate_minutes = 2
    assert "S006" not in rules(q)
    q.time_estimate_minutes = None
    assert "S007" in rules(q)
    q.questions = [SurveyQuestion(f"q{i}", "您对物流速度的满意程度如何？", labels=LIKERT5_ZH) for i in range(30)]
    assert "S008" in rules(q)


@pytest.mark.parametrize("text,flag", [
    ("您对商品质量和价格满意吗？", True), ("您对客服的态度以及回复速度满意吗？", True),
    ("物流是否及时？", False), ("您对物流跟踪信息满意吗？", False),
    ("How satisfied are you with the speed and friendliness of our staff?", True),
    ("How likely are you to recommend us to a friend or colleague?", False),
    ("How satisfied are you with the delivery speed?", False),
])
def test_double_barrelled(text, flag):
    assert SL._double_barrelled(text) is flag


@pytest.mark.parametrize("text,flag", [
    ("您不觉得我们的物流很快吗？", True), ("难道您不喜欢本店吗？", True), ("您对物流速度的满意程度如何？", False),
    ("Don't you agree our prices are fair?", True), ("Wouldn't you buy again?", True),
    ("How satisfied are you with our prices?", False),
])
def test_leading(text, flag):
    q = Questionnaire("t", [SurveyQuestion("a", text, labels=LIKERT5_ZH)])
    assert ("S010" in rules(q)) is flag


def test_likert_balance_midpoint_and_label_count():
    unbalanced = SurveyQuestion("a", "您对物流速度的满意程度如何？", labels=["非常满意", "很满意", "满意", "一般", "不满意"])
    assert "S011" in rules(Questionnaire("t", [unbalanced]))
    en = SurveyQuestion("a", "How satisfied are you with delivery?", labels=["Excellent", "Very good", "Good", "Fair", "Poor"])
    assert "S011" in rules(Questionnaire("t", [en]))
    four = SurveyQuestion("a", "您对物流速度的满意程度如何？", scale=4, labels=["非常不满意", "不满意", "满意", "非常满意"])
    assert "S011" not in rules(Questionnaire("t", [four]))
    assert "S013" in rules(Questionnaire("t", [four]), require_midpoint=True)
    assert "S013" not in rules(Questionnaire("t", [four]))
    wrong = SurveyQuestion("a", "您对物流速度的满意程度如何？", scale=7, labels=LIKERT5_ZH)
    assert "S012" in rules(Questionnaire("t", [wrong]))


def test_not_applicable_rule():
    q = SurveyQuestion("a", "您对我们的退货服务满意吗？", labels=LIKERT5_ZH)
    assert "S014" in rules(Questionnaire("t", [q]))
    q.allow_na = True
    assert "S014" not in rules(Questionnaire("t", [q]))
    en = SurveyQuestion("a", "How satisfied are you with customer service?", type="single_choice",
                  options=["Satisfied", "Not satisfied", "Not applicable"])
    assert "S014" not in rules(Questionnaire("t", [en]))


def test_structure_rules():
    q = Questionnaire("t", [SurveyQuestion("a", "您的性别？", type="single_choice", options=["男"], required=False),
                            SurveyQuestion("a", "", type="open_text", required=False)])
    found = rules(q)
    assert {"S001", "S002", "S003", "S018"} <= found
    assert set(SL.LINT_RULES) == set(SL.lint_rules()["rule"])


@pytest.mark.parametrize("yaml_text,needle", [
    ("title: t\nquestions:\n  - id: a\n    text: [unclosed\n", "YAML"),
    ("- just\n- a list\n", "mapping"),
    ("title: t\n", "no questions"),
    ("title: t\nquestions:\n  - text: hi\n", "lacks ['id']"),
    ("title: t\nquestions:\n  - id: a\n    text: hi\n    colour: red\n", "unknown fields"),
    ("title: t\nfoo: 1\nquestions:\n  - id: a\n    text: hi\n", "Unknown keys"),
    ("title: t\ntime_estimate_minutes: -1\nquestions:\n  - id: a\n    text: hi\n", "time_estimate_minutes"),
    ("title: t\nquestions:\n  - id: a\n    text: hi\n    scale: 1\n", "scale"),
])
def test_bad_files_give_bilingual_errors(yaml_text, needle):
    with pytest.raises(InvalidArgumentError) as err:
        Questionnaire.from_yaml(yaml_text)
    msg = str(err.value)
    assert needle in msg
    assert any("\u4e00" <= ch <= "\u9fff" for ch in msg)


def test_missing_file_and_unknown_example(tmp_path):
    with pytest.raises(InvalidArgumentError):
        Questionnaire.from_yaml(tmp_path / "nope.yaml")
    with pytest.raises(InvalidArgumentError):
        load_questionnaire("nope")
    assert S.example_questionnaire("good", "en").language == "en"


def test_form_renders_and_collects():
    pytest.importorskip("ipywidgets")
    q = load_questionnaire("good_zh")
    form = questionnaire_form(q)
    answers = form.collect()
    assert set(answers) == {qq.id for qq in q.questions}
    assert set(form.missing) == {qq.id for qq in q.questions if qq.required}


@pytest.fixture(scope="module")
def answers(shop_3k):
    return load_questionnaire("good_zh").simulate_responses(shop_3k, random_state=3)


def test_simulated_responses_shape_and_determinism(shop_3k, answers):
    again = load_questionnaire("good_zh").simulate_responses(shop_3k, random_state=3)
    pd.testing.assert_frame_equal(answers, again)
    resp = answers[answers["responded"]]
    assert 0.1 < answers["responded"].mean() < 0.6
    assert resp["q_overall"].between(1, 5).all() and resp["nps"].between(0, 10).all()
    assert answers.loc[~answers["responded"], "q_overall"].isna().all()
    # Every invitee bought in the last 90 days of the shop.
    o = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    recent = set(o.loc[o["order_time"] > o["order_time"].max() - pd.Timedelta(days=90), "customer_id"])
    assert set(answers["customer_id"]) == recent
    assert len(load_questionnaire("good_zh").simulate_responses(shop_3k, 50, random_state=1)) == 50


def test_simulated_answers_follow_experience(shop_3k, answers):
    o = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"].merge(shop_3k.shipments, on="order_id")
    delay = o.groupby("customer_id")["delay_days"].mean()
    r = answers[answers["responded"]].assign(delay=lambda d: delay.reindex(d["customer_id"]).to_numpy())
    assert r.loc[r["delay"] > 1, "q_delivery"].mean() < r.loc[r["delay"] == 0, "q_delivery"].mean() - 0.5
    # Price sensitivity as the shop sees it (the hidden truth is not read): orders bought with a discount.
    p = shop_3k.orders[shop_3k.orders["payment_status"] == "paid"]
    ps = (p["discount"] > 0).groupby(p["customer_id"]).mean().reindex(r["customer_id"]).to_numpy()
    assert np.corrcoef(ps, r["q_price"].astype(float))[0, 1] < -0.2


def test_design_changes_response_rate(shop_3k):
    q = load_questionnaire("good_zh")
    base = q.simulate_responses(shop_3k, random_state=5)["responded"].mean()
    q.incentive = None
    assert q.simulate_responses(shop_3k, random_state=5)["responded"].mean() < base
    bad = load_questionnaire("bad_zh").simulate_responses(shop_3k, random_state=5)["responded"].mean()
    assert bad < base


def test_simulate_bad_arguments(shop_3k):
    with pytest.raises(InvalidArgumentError):
        load_questionnaire("good_zh").simulate_responses(shop_3k, n=0)
    with pytest.raises(InvalidArgumentError):
        SurveyQuestion("a", "x", measures="taste")
