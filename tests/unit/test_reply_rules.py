"""The reply-script checker (crmlab.analysis.reply_rules): each rule in Chinese and English,
negations, forbidden phrases however they are spaced or disguised, the length limit, and a
verdict that never passes a rule it did not check."""

from __future__ import annotations

import pytest

from crmlab.analysis import FORBIDDEN_PHRASES, REPLY_RULES, ReplyCheck, RuleResult, check_reply, reply_rules_table
from crmlab.errors import InvalidArgumentError

ZH = "亲，您好！非常抱歉这次的购物体验让您失望了。我们马上为您补发一件新的，也可以直接退款。3 天内我们会回访，确认问题已经解决。"
EN = ("Hello! We are very sorry the parcel arrived late. We will refund the shipping fee today and follow up in "
      "3 days.")


@pytest.mark.parametrize("text", [ZH, EN])
def test_a_good_reply_passes_every_rule(text):
    r = check_reply(text)
    assert r.passed and r.failed == []
    assert [x.rule for x in r.results] == list(REPLY_RULES)
    assert all(x.passed for x in r.results)


@pytest.mark.parametrize("rule,text", [
    ("greeting", "非常抱歉这次的购物体验让您失望了。我们马上为您补发，3 天内回访。"),
    ("greeting", "We are very sorry. We will refund you and follow up in 3 days."),
    ("apology", "您好！我们马上为您补发一件新的，3 天内回访。"),
    ("apology", "Hello! We will refund you and follow up in 3 days."),
    ("solution", "您好！非常抱歉给您添麻烦了，3 天内我们会回访。"),
    ("solution", "Hello! We are very sorry for the trouble and will follow up in 3 days."),
    ("follow_up", "您好！非常抱歉给您添麻烦了，我们马上为您补发。"),
    ("follow_up", "Hello! We are very sorry for the trouble; we will send a replacement today."),
])
def test_each_content_rule_fails_alone_when_missing(rule, text):
    r = check_reply(text)
    assert r.failed == [rule]
    assert not r.passed
    assert r[rule].message_zh and r[rule].message_en


def test_the_greeting_must_open_the_reply():
    late = "非常抱歉给您添麻烦了，您好，我们马上为您补发，3 天内回访。"
    assert "greeting" in check_reply(late).failed
    assert check_reply("Hi there, sorry! We will resend it and follow up tomorrow.").passed
    assert check_reply("Dear customer, sorry! We will resend it and follow up tomorrow.").passed


@pytest.mark.parametrize("text,rule", [
    ("您好，我们不会道歉，马上为您补发，3 天内回访。", "apology"),
    ("您好，没必要道歉吧，马上为您补发，3 天内回访。", "apology"),
    ("Hello, we are not sorry; we will resend it and follow up.", "apology"),
    ("您好，非常抱歉，本店无法退款，3 天内回访。", "solution"),
    ("您好，非常抱歉，不支持退货，3 天内回访。", "solution"),
    ("Hello, sorry, but we cannot offer a refund. We will follow up.", "solution"),
    ("Hi, sorry, no refund is possible. We will follow up.", "solution"),
    ("您好，非常抱歉，马上为您补发，但之后不会跟进。", "follow_up"),
    ("Hello, sorry, we will resend it but we won't follow up.", "follow_up"),
])
def test_a_negated_keyword_does_not_count(text, rule):
    r = check_reply(text)
    assert rule in r.failed
    assert "否定" in r[rule].message_zh and "negated" in r[rule].message_en


def test_negations_elsewhere_do_not_hide_a_keyword():
    assert check_reply("您好，给您带来不便，非常抱歉。支持七天无理由退货，我们会跟进。").passed
    assert check_reply("Hello, sorry it didn't arrive on time; we will refund you and follow up.").passed


@pytest.mark.parametrize("phrase", ["这不是我们的问题", "不可能", "自己看说明", "not our problem", "impossible"])
def test_the_course_forbidden_phrases(phrase):
    r = check_reply(f"您好，非常抱歉，{phrase}，马上为您补发，3 天内回访。")
    assert r.failed == ["no_forbidden"]
    assert phrase in r["no_forbidden"].found


@pytest.mark.parametrize("disguised", ["不 可 能", "不-可-能", "这不是我们的\u200b问题", "ＩＭＰＯＳＳＩＢＬＥ", "Not Our  Problem"])
def test_forbidden_phrases_are_found_however_spaced_or_disguised(disguised):
    r = check_reply(f"您好，非常抱歉，{disguised}，马上为您补发，3 天内回访。")
    assert "no_forbidden" in r.failed


def test_every_default_forbidden_phrase_is_caught_and_extra_phrases_can_be_added():
    for phrase in FORBIDDEN_PHRASES:
        assert "no_forbidden" in check_reply(f"Hello, sorry. {phrase}. We will refund and follow up.").failed, phrase
    text = "您好，非常抱歉，请亲自去问厂家，马上为您补发，3 天内回访。"
    assert check_reply(text).passed
    assert check_reply(text, extra_forbidden=["亲自去问"]).failed == ["no_forbidden"]


def test_length_limit_counts_normalised_characters():
    base = "您好！抱歉！补发！回访！"
    assert check_reply(base, max_chars=len(base)).passed
    assert check_reply(base + "啊", max_chars=len(base)).failed == ["length"]
    assert check_reply(base + "\u200b" * 50, max_chars=len(base)).passed  # invisible characters do not count
    assert check_reply("您好！抱歉！   补发！回访！", max_chars=len(base) + 1).passed  # white space counts once
    r = check_reply("   ")
    assert "length" in r.failed and r.length == 0
    long_en = EN + " Thank you for shopping with us." * 3
    assert check_reply(long_en).failed == ["length"]
    assert check_reply(long_en, max_chars=400).passed


def test_a_verdict_passes_only_when_every_rule_was_checked():
    r = check_reply(ZH)
    partial = ReplyCheck(r.text, r.length, r.max_chars, r.results[:-1])
    assert not partial.passed
    forged = ReplyCheck(r.text, r.length, r.max_chars, r.results[:-1] + (RuleResult("greeting", True, "", "", ""),))
    assert not forged.passed


def test_a_str_subclass_is_checked_on_its_text():
    class AlwaysEqual(str):
        def __eq__(self, other):
            return True

        __hash__ = str.__hash__

        def __contains__(self, item):
            return True

        def lower(self):
            return "您好 抱歉 退款 回访"

    assert not check_reply(AlwaysEqual("随便写点什么")).passed


def test_bad_arguments_are_clear_errors():
    for bad in (None, 123, ["您好"]):
        with pytest.raises(InvalidArgumentError):
            check_reply(bad)
    with pytest.raises(InvalidArgumentError):
        check_reply(ZH, max_chars=0)
    with pytest.raises(InvalidArgumentError):
        check_reply(ZH, extra_forbidden="不可能")


def test_the_verdict_shows_in_both_languages():
    r = check_reply("这不是我们的问题，请自己看说明。")
    assert r.failed == ["greeting", "apology", "solution", "follow_up", "no_forbidden"]
    zh, en = r.summary("zh"), r.summary("en")
    assert zh.startswith("✘") and "禁用语" in zh and "forbidden" in zh
    assert en.startswith("✘") and "forbidden" in en and "禁用语" in en
    md = r._repr_markdown_()
    assert md.count("✘") >= 5 and "规则 / rule" in md
    t = r.table("en")
    assert list(t["rule"]) == list(REPLY_RULES) and t["passed"].sum() == 1
    assert list(reply_rules_table("zh")["rule"]) == list(REPLY_RULES)
    assert reply_rules_table("en")["title"].str.len().gt(0).all()


def test_examples_run_and_public_functions_have_numpydoc_sections():
    import doctest

    from crmlab.analysis import reply_rules

    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    for t in doctest.DocTestFinder().find(reply_rules):
        runner.run(t)
    result = runner.summarize(verbose=False)
    assert result.failed == 0 and result.attempted > 0
    for f in (reply_rules.check_reply, reply_rules.reply_rules_table):
        assert all(f"{s}\n" in f.__doc__ for s in ("Parameters", "Returns", "Examples")), f.__name__


def test_locale_and_forbidden_phrases_are_checked():
    with pytest.raises(InvalidArgumentError):
        check_reply(ZH, locale="fr")
    with pytest.raises(InvalidArgumentError):
        check_reply(ZH, extra_forbidden=["亲自去问", ""])
    from crmlab.analysis import reply_rules_table

    with pytest.raises(InvalidArgumentError):
        reply_rules_table("fr")
