"""The running story (docs/story.md) stays complete and true to the repository.

- Chinese first, then English; every chapter has the shop's problem, the lab, a case with
  questions and what a good discussion reaches;
- the default shop it names is the shipped `lab` dataset, of the size it says;
- every lab it names exists; its links, and the glossary page's, point at files that exist.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from crmlab.datasets import DATASETS

REPO = Path(__file__).resolve().parents[2]
STORY = REPO / "docs" / "story.md"
TEXT = STORY.read_text(encoding="utf-8")
ZH = TEXT[TEXT.index("## 中文"):TEXT.index("## English")]


def test_chinese_first_then_english():
    assert "## 中文" in TEXT and "## English" in TEXT
    assert TEXT.index("## 中文") < TEXT.index("## English")


@pytest.mark.parametrize("chapter", range(1, 11))
def test_every_chapter_has_problem_lab_and_case(chapter):
    section = re.search(rf"### 第 {chapter} 章(.*?)(?=### 第|\Z)", ZH, re.S)
    assert section, chapter
    text = section.group(1)
    for part in ("**店里的问题**", "**你要做的**", f"**实训 L{chapter} ", "**案例讨论", "**讨论应达到的结论**"):
        assert part in text, (chapter, part)
    questions = re.findall(r"^\d\. ", text, re.M)
    assert 2 <= len(questions) <= 4, chapter
    english = re.search(rf"^ ?{chapter}\. \*\*.*?\*Lab L{chapter}\*.*?Questions:.*?Reaches:", TEXT, re.S | re.M)
    assert english, chapter


def test_the_default_shop_is_the_lab_dataset():
    recipe = DATASETS["lab"][0]
    assert recipe["n_customers"] == 5000
    assert "`lab` 数据集：5,000 位客户" in TEXT and "`lab`\ndataset, 5,000 customers" in TEXT
    assert 'dataset="lab"' in TEXT


def test_the_labs_it_names_exist():
    labs = {p.name.split("_")[0] for p in (REPO / "assignments" / "source").iterdir() if p.is_dir()}
    named = set(re.findall(r"\bL\d+\b", TEXT))
    assert named == {f"L{i}" for i in range(1, 12)}  # L11: chapter 8's second lab
    assert named <= labs


@pytest.mark.parametrize("page", [STORY, REPO / "docs" / "glossary.md"], ids=lambda p: p.name)
def test_links_resolve(page):
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", page.read_text(encoding="utf-8")):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), target
