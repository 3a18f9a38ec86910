"""Write docs/glossary.md, the course glossary page, from docs/glossary.yaml.

    python tools/glossary.py          # rewrite the page
    python tools/glossary.py --check  # exit 1 when the page is stale (tests do this)

The YAML is the one list of the course's terms; the page only shows it: a section per
chapter (Chinese first), the variants no course text may use, and an English index.
tests/unit/test_glossary.py checks the list and greps the course for the variants.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
SOURCE = REPO / "docs" / "glossary.yaml"
PAGE = REPO / "docs" / "glossary.md"


def load(path: Path = SOURCE) -> dict:
    """The glossary: ``{"chapters": {n: {"zh", "en"}}, "terms": [term, ...]}``."""
    import yaml

    return yaml.safe_load(Path(path).read_text(encoding="utf-8"))


def _cell(text) -> str:
    return str(text).replace("|", "\\|").strip()


def _chapters(term) -> str:
    also = term.get("also") or []
    return str(term["chapter"]) + (f"，另见 {'、'.join(map(str, also))}" if also else "")


def _chapters_en(term) -> str:
    also = term.get("also") or []
    return str(term["chapter"]) + (f" (also {', '.join(map(str, also))})" if also else "")


def render(data: dict | None = None) -> str:
    data = data or load()
    chapters, terms = data["chapters"], data["terms"]
    n = len(terms)
    avoided = [(v, t) for t in terms for v in t.get("avoid") or []]
    out = ["# 课程术语表 / Course glossary", "",
           "[中文](#中文) · [English](#english) · [课程故事 / the story](story.md) · "
           "[教师指南 / instructor guide](instructor.md)", "",
           "> 本页由 `python tools/glossary.py` 从 [glossary.yaml](glossary.yaml) 生成：改 YAML，不要改本页。",
           "> Generated from [glossary.yaml](glossary.yaml) by `python tools/glossary.py`: edit the YAML, "
           "never this page.", "",
           "## 中文", "",
           f"课程的 {n} 个术语，按章排列。用词以教学大纲《电子商务客户关系管理》为准，大纲没有的词取自课程资料（教案、课件）。",
           "",
           "- **一个概念只用一个词**：写课程笔记本、实训、练习和教师指南时，用“术语”一栏的写法；“也写作”是允许的简称"
           "（先写全称，再用简称）。",
           "- **“不要用”的写法**在任何课程文字中都不能出现；`tests/unit/test_glossary.py` 逐字检查课程笔记本源文件、实训源文件、"
           "练习模块和教师页面。",
           "- 定义中的比例和门槛（如 VIP 客户取前 1%）是本课程的默认规则，不是哪一家店的数据；店里的数字一律由学生的数据算出。",
           "- 要用一个新术语：先把它加进 `docs/glossary.yaml`（中文、英文、一行定义、章、不要用的写法），"
           "再运行 `python tools/glossary.py`，然后写进课文。", "",
           "### 不要这样写", "",
           "| 不要用 | 改用 | 章 |", "|---|---|---|"]
    for variant, t in avoided:
        out.append(f"| {_cell(variant)} | {_cell(t['zh'])} | {t['chapter']} |")
    out.append("")
    for ch, head in chapters.items():
        out += [f"### 第 {ch} 章 {head['zh']}", "",
                "| 术语 | English | 定义 | 章 | 不要用 |", "|---|---|---|---|---|"]
        for t in terms:
            if t["chapter"] != ch:
                continue
            text = _cell(t["def"]).rstrip("。") + "。"
            if t.get("short"):
                text += f"也写作：{'、'.join(t['short'])}。"
            if t.get("syllabus"):
                text += f"大纲写作：{'、'.join(t['syllabus'])}。"
            if t.get("note"):
                text += f"注：{_cell(t['note']).rstrip('。')}。"
            avoid = "、".join(t.get("avoid") or []) or "–"
            out.append(f"| **{_cell(t['zh'])}** | {_cell(t['en'])} | {text} | {_chapters(t)} | {_cell(avoid)} |")
        out.append("")
    out += ["## English", "",
            f"The course's {n} terms, chapter by chapter. The Chinese terms follow the course syllabus "
            "(《电子商务客户关系管理》教学大纲); where it has none, the course material (lesson plans, slides). "
            "Every course text uses the term as listed: the lesson sources, labs, exercise modules and "
            "instructor pages may not use the variants in the Chinese tables' last column, and "
            "`tests/unit/test_glossary.py` greps for them. Percentages and thresholds in the definitions are the "
            "course's default rules, never figures of a shop: those are computed from the student's data. "
            "To add a term, put it in `docs/glossary.yaml` (Chinese, English, a one-line definition, the "
            "chapter, the variants to avoid) and run `python tools/glossary.py`. The one-line definitions "
            "are in Chinese, in the Chinese section above.", ""]
    for ch, head in chapters.items():
        out += [f"### Chapter {ch}. {head['en']}", "", "| English | 中文 | chapter |", "|---|---|---|"]
        for t in terms:
            if t["chapter"] == ch:
                out.append(f"| {_cell(t['en'])} | {_cell(t['zh'])} | {_chapters_en(t)} |")
        out.append("")
    return "\n".join(out)


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--check", action="store_true", help="exit 1 when docs/glossary.md is stale")
    args = parser.parse_args(argv)
    text = render()
    if args.check:
        current = PAGE.read_text(encoding="utf-8") if PAGE.exists() else ""
        if current != text:
            print(f"{PAGE.relative_to(REPO)} is stale: run `python tools/glossary.py`", file=sys.stderr)
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(PAGE.relative_to(REPO))
    return 0


if __name__ == "__main__":
    sys.exit(main())
