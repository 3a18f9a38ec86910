"""The instructor kit stays true to the syllabus and to the repository.

- the 43-hour calendar: hours per chapter as the syllabus gives them, 45 minutes per 学时,
  sessions numbered in order, every lesson notebook and lab it names exists, every lab
  is given out once;
- every chapter has a case and 课程思政 points;
- every relative link of the instructor pages points at a file that exists.
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
DOCS = REPO / "docs"
PAGES = [DOCS / "instructor.md", *sorted((DOCS / "instructor").glob("*.md"))]
# 《电子商务客户关系管理》教学大纲, 四、课程教学内容: hours per chapter (43 in all)
SYLLABUS_HOURS = {1: 3, 2: 4, 3: 5, 4: 4, 5: 4, 6: 8, 7: 3, 8: 4, 9: 4, 10: 4}


def calendar_rows():
    rows = []
    for line in (DOCS / "instructor" / "weekly.md").read_text(encoding="utf-8").splitlines():
        if re.match(r"^\| \d+ \|", line):
            cells = [c.strip() for c in line.strip().strip("|").split("|")]
            assert len(cells) == 8, line
            rows.append(cells)
    return rows


def test_calendar_hours_follow_the_syllabus():
    rows = calendar_rows()
    assert [int(r[0]) for r in rows] == list(range(1, len(rows) + 1))
    hours = {}
    for session, chapter, h, minutes, *_ in rows:
        assert int(minutes) == 45 * int(h), session
        hours[int(chapter)] = hours.get(int(chapter), 0) + int(h)
    assert hours == SYLLABUS_HOURS
    assert sum(hours.values()) == 43
    chapters = [int(r[1]) for r in rows]
    assert chapters == sorted(chapters)  # chapters in order


def test_calendar_names_existing_notebooks_and_labs():
    lessons = {p.name[:2] for p in (REPO / "notebooks" / "src").glob("[0-9][0-9]_*.py")}
    labs = {p.name.split("_")[0]: p.name for p in (REPO / "assignments" / "release").iterdir() if p.is_dir()}
    given = []
    for session, chapter, _, _, _, notebooks, lab, activity in calendar_rows():
        for nb in re.findall(r"(?<![§\d–])\b(\d\d)\b", notebooks):
            assert nb in lessons, (session, nb)
        for name in re.findall(r"\bL\d+\b", lab):
            assert name in labs and (REPO / "assignments" / "source" / labs[name]).is_dir(), (session, name)
            if "续" not in lab:
                given.append(name)
        assert activity and activity != "–", session
    assert sorted(given, key=lambda x: int(x[1:])) == [f"L{i}" for i in range(1, 12)]  # L11: chapter 8's second lab
    lesson_refs = {nb for r in calendar_rows() for nb in re.findall(r"(?<![§\d–])\b(\d\d)\b", r[5])}
    assert lesson_refs >= {f"{i:02d}" for i in range(1, 11)} | {"11", "12", "13", "14"}


def test_every_chapter_has_a_case_and_sizheng_points():
    cases = (DOCS / "instructor" / "case_guide.md").read_text(encoding="utf-8")
    sizheng = (DOCS / "instructor" / "sizheng.md").read_text(encoding="utf-8")
    for ch in range(1, 11):
        section = re.search(rf"### 第 {ch} 章(.*?)(?=### 第|## English)", cases, re.S)
        assert section, ch
        text = section.group(1)
        assert "**讨论问题**" in text and "**讨论应达到的结论**" in text and "**案例**" in text, ch
        assert re.search(rf"^\| {ch} ", sizheng, re.M), ch


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_links_resolve(page):
    text = page.read_text(encoding="utf-8")
    assert "## 中文" in text and "## English" in text
    assert text.index("## 中文") < text.index("## English")  # zh first
    for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
        if "://" in target:
            continue
        assert (page.parent / target).exists(), (page.name, target)
