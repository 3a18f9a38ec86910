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


# The story in the course itself: every lesson's opening names the student's persona in both languages and every
# chapter lesson ends with what is handed to 陈静 or 周明; every lab's opening cell sets its scene in the shop.
LESSONS = sorted((REPO / "notebooks" / "src").glob("[0-9]*.py"))
LABS = sorted((REPO / "assignments" / "source").glob("*/*.ipynb"))
HANDED = {"zh": re.compile(r"\*\*交给(陈静|周明)\*\*："), "en": re.compile(r"\*\*Handed to (Chen Jing|Zhou Ming)\*\*:")}


def _prose(path: Path) -> dict[str, list[str]]:
    """The Markdown cells of a lesson source, by language tag, in order."""
    cells = {"zh": [], "en": []}
    for head, body in re.findall(r"^# %% \[markdown\] tags=\[\"(zh|en)\"\]\n(.*?)(?=^# %%|\Z)",
                                 path.read_text(encoding="utf-8"), re.S | re.M):
        cells[head].append(body)
    return cells


def test_the_lessons_and_labs_are_found():
    assert len(LESSONS) >= 17 and len(LABS) >= 12


@pytest.mark.parametrize("lesson", LESSONS, ids=lambda p: p.stem)
def test_every_lesson_opens_with_lin_xiao(lesson):
    cells = _prose(lesson)
    assert cells["zh"] and cells["en"], lesson.stem
    assert "林晓" in cells["zh"][0], f"{lesson.stem}: the first Chinese cell does not name 林晓"
    assert "Lin Xiao" in cells["en"][0], f"{lesson.stem}: the first English cell does not name Lin Xiao"


@pytest.mark.parametrize("lesson", [p for p in LESSONS if not p.stem.startswith("00")], ids=lambda p: p.stem)
def test_every_chapter_lesson_ends_with_a_hand_over(lesson):
    cells = _prose(lesson)
    for lang in ("zh", "en"):
        last = "".join(cells[lang][-2:])  # the summary (and, in 99, the checklist)
        assert HANDED[lang].search(last), f"{lesson.stem} ({lang}): no hand-over to 陈静 or 周明 at the end"


@pytest.mark.parametrize("lab", LABS, ids=lambda p: p.parent.name)
def test_every_lab_opens_with_a_scene_in_the_shop(lab):
    import nbformat

    first = next(c for c in nbformat.read(lab, as_version=4).cells if c.cell_type == "markdown")
    assert first.metadata["nbgrader"]["grade_id"] == "intro" and not first.metadata["nbgrader"]["grade"]
    zh, en = first.source.split("**English**", 1)
    for name in ("林晓", "青禾生活馆"):
        assert name in zh, f"{lab.parent.name}: the Chinese opening does not name {name}"
    for name in ("Lin Xiao", "Qinghe Living"):
        assert name in en, f"{lab.parent.name}: the English opening does not name {name}"
    assert any(who in zh for who in ("陈静", "周明")) and any(who in en for who in ("Chen Jing", "Zhou Ming")), lab.parent.name
    assert re.search(r"交给(陈静|周明|她)|交给.{0,12}(陈静|周明)", zh), f"{lab.parent.name}: nothing is handed over"
