"""The course glossary (docs/glossary.yaml) is well formed, covers the syllabus, and is obeyed.

- every entry has a Chinese term, an English term, a one-line definition and a chapter;
  terms are unique; every chapter has its terms;
- every keyword of the syllabus (《电子商务客户关系管理》教学大纲, 四、课程教学内容), every term the
  issue "The whole syllabus" lists as missing from the lessons and every term of DESIGN.md's
  glossary has its entry;
- docs/glossary.md is what tools/glossary.py makes of the YAML;
- no lesson source, lab source, exercise module, analysis label or instructor page uses a
  variant the glossary forbids.
"""

from __future__ import annotations

import importlib.util
import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]

# The syllabus's key words per chapter (重难点关键词), in simplified characters, as the syllabus
# writes them.
SYLLABUS = {
    1: "管理理念 商务模式 技术系统 CRM 消费心理特征 信息来源 管理内容 沟通方式 客户群 主要任务 有效途径 价值收益 "
       "品牌收益 关系收益 SCRM 途径",
    2: "消费者 顾客 客户 客户识别 客户价值 潜在客户 目标客户 现实客户 流失客户 非客户 VIP客户 主要客户 普通客户 小客户 "
       "客户细分 地理变量 人口统计变量 消费行为属性 电商平台属性 优质客户 客户需求 需求强度 客户定位",
    3: "客户信息 维度 个人客户信息 企业客户信息 直接渠道 间接渠道 访谈法 问卷调查法 目标市场 潜在客户 目标客户 信息筛选 "
       "信息收录 信息分析与整理 信息更新 客户资料库 客户名册 客户资料卡 客户数据库 客户信息分析 客户商业行为分析 "
       "客户特征分析 客户忠诚分析 客户价值分析",
    4: "理念满意 行为满意 视听满意 产品满意 服务满意 物质满意层 精神满意层 社会满意层 让渡价值 美誉度 指名度 回头率 抱怨率 "
       "销售力 指标体系 客户满意级度 量化 CRM三角定律 客户期望管理 客户感知价值 客户优越感",
    5: "客户忠诚 认知性忠诚 情感性忠诚 意向性忠诚 行为性忠诚 非忠诚 惯性忠诚 潜在忠诚 绝对忠诚 忠诚价值 衡量标准 会员体系 "
       "会员层级 会员成长模式 会员权益 会员传播政策 有效评估 会员积分 生成规则 积分兑换",
    6: "CRM营销 受众 接触点 内容 主动营销 营销活动流程 客户购买决策过程 客户购物心理活动过程 营销活动设计 关系营销 "
       "关系营销层次 关系营销原则 互动营销 活动定位 活动渠道 活动形式 客户关系生命周期营销 流量变化分析 参与客户特点分析 "
       "参与客户订单分析 活动商品数据分析",
    7: "呼叫中心 组建流程 体系架构 业务实现流程 业务规划 客户洞察 产品支撑 应用集成 开发实施能力 KPI设计 岗位职责",
    8: "客户期望 运营模式 服务模式 极致思维 体验服务 首创者 持续创新 细节处理 客服流程 售前服务 售中服务 售后服务 客户询单 "
       "客户识别 分层服务 有效催付 物流配送 个性化包裹 签收关怀 客服素质 客户沟通 差评处理",
    9: "CRM数据分析 统计口径 客户消费行为指标 商品购买指标 店铺购买指标 回头客 重复购买率 客户回购周期 商品回购周期 对比思维 "
       "拆分思维 降维思维 增维思维 假设思维 同比/环比分析 趋势分析 抽样调查 相关性分析 A/B测试 RFM分析模型 客户细分",
    10: "实施模式 作坊型 兼职型 全职型 组织型 组织架构 营销小组 体验小组 互动小组 KPI设置 客户回购率 客户满意度 订单运行效率 "
        "能力要求 岗位职责 任职资格 核心工作内容 实施计划 ERP SCM",
}
# The terms the issue "The whole syllabus" lists as missing from the lessons, by chapter.
ISSUE = {
    1: "价值收益 品牌收益 关系收益 CRM的作用 消费心理特征",
    2: "非客户 客户识别 需求强度",
    3: "统计资料法 观察法 会议现场收集法 多向沟通法 网络收集法 数据库收集法 访谈法 问卷调查法 客户商业行为分析 "
       "客户特征分析 客户忠诚分析 客户价值分析",
    4: "客户满意级度 客户感知价值 客户优越感",
    5: "忠诚衡量标准 会员传播政策 有效评估",
    6: "认识误区 客户购物心理活动过程 关系营销层次 关系营销原则 活动定位 活动渠道 活动形式",
    7: "体系架构 业务规划 客户洞察 产品支撑 应用集成",
    8: "极致思维 首创者 持续创新 客服素质 话术 口碑营销",
    9: "假设思维 客户消费行为指标 商品购买指标 店铺购买指标 独立型数据集市 从属型数据集市",
    10: "实施计划",
}
# DESIGN.md's glossary (zh / en).
DESIGN = ("客户关系管理 社会化客户关系管理 客户识别 客户细分 客户定位 客户资料卡 客户数据库 客户画像 客户满意度 美誉度 指名度 "
          "回头率 抱怨率 销售力 客户忠诚度 惯性忠诚 潜在忠诚 绝对忠诚 会员体系 会员积分 积分兑换 主动营销 关系营销 互动营销 "
          "生命周期营销 呼叫中心 售前服务 售中服务 售后服务 询单 催付 签收关怀 差评处理 投诉处理 回访 重复购买率 客户回购周期 "
          "商品回购周期 同比 环比 RFM 关联规则 聚类 偏差检测 数据仓库 数据集市 问卷 抽样调查")

# Where course text lives, and so where no forbidden variant may appear.
COURSE_TEXT = [
    *sorted((REPO / "notebooks" / "src").glob("*.py")),
    *sorted((REPO / "assignments" / "source").glob("*/*.ipynb")),
    *sorted((REPO / "crmlab" / "exercises").glob("*.py")),
    *sorted((REPO / "crmlab" / "analysis").glob("*.py")),  # labels students see in tables and charts
    REPO / "docs" / "instructor.md",
    *sorted((REPO / "docs" / "instructor").glob("*.md")),
    REPO / "docs" / "story.md",
]


def _tool():
    spec = importlib.util.spec_from_file_location("glossary_tool", REPO / "tools" / "glossary.py")
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


TOOL = _tool()
DATA = TOOL.load()
TERMS = DATA["terms"]


def _norm(s: str) -> str:
    return re.sub(r"\s+", "", str(s))


def _names(term) -> list[str]:
    """Every way the glossary allows a term to be written."""
    return [term["zh"], *(term.get("short") or []), *(term.get("syllabus") or [])]


def _chapters(term) -> set[int]:
    return {term["chapter"], *(term.get("also") or [])}


def test_every_entry_is_complete():
    keys = {"zh", "en", "chapter", "def", "also", "syllabus", "avoid", "note", "short"}
    for t in TERMS:
        assert set(t) <= keys, t
        for k in ("zh", "en", "def"):
            assert isinstance(t.get(k), str) and t[k].strip() and "\n" not in t[k], (t.get("zh"), k)
        assert t["chapter"] in range(1, 11), t["zh"]
        also = t.get("also") or []
        assert all(c in range(1, 11) and c != t["chapter"] for c in also) and len(set(also)) == len(also), t["zh"]
        for k in ("syllabus", "avoid", "short"):
            assert isinstance(t.get(k, []), list), (t["zh"], k)
        assert re.search(r"[\u4e00-\u9fff]", t["def"]), t["zh"]  # the definition is Chinese
        assert not t["def"].endswith("。"), t["zh"]  # the page adds the full stop


def test_terms_are_unique():
    seen = {}
    for t in TERMS:
        for name in _names(t):
            key = _norm(name)
            assert key not in seen or seen[key] == t["zh"], f"{name!r}: {seen.get(key)} and {t['zh']}"
            seen[key] = t["zh"]
    ens = [t["en"].lower() for t in TERMS]
    assert len(ens) == len(set(ens)), sorted({e for e in ens if ens.count(e) > 1})


def test_every_chapter_has_its_terms():
    assert sorted(DATA["chapters"]) == list(range(1, 11))
    for ch, head in DATA["chapters"].items():
        assert head["zh"] and head["en"], ch
        assert sum(t["chapter"] == ch for t in TERMS) >= 10, ch


@pytest.mark.parametrize("chapter", range(1, 11))
def test_every_syllabus_keyword_has_its_entry(chapter):
    by_name = {_norm(n): t for t in TERMS for n in _names(t)}
    missing = [kw for kw in SYLLABUS[chapter].split() if _norm(kw) not in by_name]
    assert not missing, f"chapter {chapter}: no entry for {missing}"
    elsewhere = [kw for kw in SYLLABUS[chapter].split() if chapter not in _chapters(by_name[_norm(kw)])]
    assert not elsewhere, f"chapter {chapter}: entries that do not list the chapter: {elsewhere}"


@pytest.mark.parametrize("chapter", range(1, 11))
def test_every_term_the_issue_lists_has_its_entry(chapter):
    by_name = {_norm(n): t for t in TERMS for n in _names(t)}
    missing = [kw for kw in ISSUE[chapter].split() if _norm(kw) not in by_name]
    assert not missing, f"chapter {chapter}: no entry for {missing}"
    assert all(chapter in _chapters(by_name[_norm(kw)]) for kw in ISSUE[chapter].split()), chapter


def test_design_glossary_terms_have_entries():
    names = {_norm(n) for t in TERMS for n in _names(t)} | {_norm(n) + "模型" for t in TERMS for n in _names(t)}
    missing = [kw for kw in DESIGN.split() if _norm(kw) not in names and _norm(kw) + "分析模型" not in names]
    assert not missing, missing


def test_forbidden_variants_are_no_allowed_name():
    allowed = {_norm(n) for t in TERMS for n in _names(t)}
    for t in TERMS:
        for variant in t.get("avoid") or []:
            assert _norm(variant) not in allowed, (t["zh"], variant)


def test_the_page_is_current():
    page = REPO / "docs" / "glossary.md"
    assert page.read_text(encoding="utf-8") == TOOL.render(DATA), "run `python tools/glossary.py`"
    assert TOOL.main(["--check"]) == 0


def _variant_uses(text: str) -> list[tuple[int, str]]:
    """(line, variant) for every forbidden variant in ``text``.

    A variant inside an allowed term is fine (触点 inside 接触点): every glossary name that
    contains the variant is masked before searching.
    """
    names = sorted({n for t in TERMS for n in _names(t)}, key=len, reverse=True)
    hits = []
    for t in TERMS:
        for variant in t.get("avoid") or []:
            masked = text
            for name in names:
                if variant in name and variant != name:
                    masked = masked.replace(name, "\0" * len(name))
            for m in re.finditer(re.escape(variant), masked):
                hits.append((masked.count("\n", 0, m.start()) + 1, f"{variant} → {t['zh']}"))
    return sorted(hits)


def test_the_variant_search_sees_through_allowed_terms():
    assert _variant_uses("三要素：受众、接触点、内容") == []
    assert _variant_uses("受众、触点、内容\n非忠诚、不忠诚") == [(1, "触点 → 接触点"), (2, "不忠诚 → 非忠诚")]


def test_the_glossary_itself_uses_no_forbidden_variant():
    for t in TERMS:
        for field in ("def", "note"):
            assert not _variant_uses(t.get(field) or ""), (t["zh"], field, _variant_uses(t[field]))


@pytest.mark.parametrize("path", COURSE_TEXT, ids=lambda p: str(p.relative_to(REPO)))
def test_no_course_text_uses_a_forbidden_variant(path):
    assert path.exists(), path
    hits = _variant_uses(path.read_text(encoding="utf-8"))
    assert not hits, f"{path.relative_to(REPO)}: " + "; ".join(f"line {n}: {v}" for n, v in hits)


# Where the issue's missing terms are taught: the chapter's lesson source and its exercise module (every chapter's
# lesson teaches its terms, and its exercise module checks them).
TAUGHT = {1: "crm_and_scrm", 2: "customer_analysis", 3: "customer_information", 4: "customer_satisfaction",
          5: "customer_loyalty", 6: "crm_marketing", 7: "call_center", 8: "customer_service",
          9: "crm_data_analysis", 10: "crm_department"}


@pytest.mark.parametrize("chapter", sorted(TAUGHT))
def test_the_issues_terms_are_taught_in_their_lesson_and_checked_in_its_exercises(chapter):
    name = TAUGHT[chapter]
    (lesson,) = (REPO / "notebooks" / "src").glob(f"{chapter:02d}_{name}.py")
    texts = {"lesson": _norm(lesson.read_text(encoding="utf-8")),
             "exercises": _norm((REPO / "crmlab" / "exercises" / f"{name}.py").read_text(encoding="utf-8"))}
    by_name = {_norm(n): t for t in TERMS for n in _names(t)}
    for kw in ISSUE[chapter].split():
        names = [_norm(n) for n in _names(by_name[_norm(kw)])]
        for where, text in texts.items():
            assert any(n in text for n in names), f"chapter {chapter}: {kw} is not in the {where}"
