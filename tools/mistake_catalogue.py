"""Write docs/instructor/mistakes.md: every lab's and every lesson exercise's catalogue of common mistakes.

    python tools/mistake_catalogue.py          # rewrite the page
    python tools/mistake_catalogue.py --check  # exit 1 when the page is stale (tests do this)

The catalogues live with the checks: each lab's trusted checks (``assignments/checks/<lab>.py``, ``mistakes=`` of
each check) and each lesson's exercises (``crmlab/exercises/<lesson>.py``, ``mistakes = (...)`` of each question);
this page only lists them.
"""

from __future__ import annotations

import argparse
import inspect
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
COURSE = REPO / "assignments"
PAGE = REPO / "docs" / "instructor" / "mistakes.md"


def render() -> str:
    sys.path.insert(0, str(REPO))
    from crmlab.grading.trusted import load_lab_checks

    lines = ["# 常见错误目录 / The catalogue of common mistakes", "", "## 中文", "",
             "自动评分发现学生答案不对时，会依次用下面的“错误做法”重新计算；和学生答案一致的第一条会写进反馈，"
             "并计入班级报告的“常见错误”。目录写在各实训的可信检查里（`assignments/checks/<实训>.py` 中每个检查的 "
             "`mistakes=`），本页由 `python tools/mistake_catalogue.py` 生成。下面的表格中文在前、英文在后。", "",
             "## English", "",
             "When a lab answer is wrong, the grader recomputes it the ways below; the first that matches the "
             "student's answer is named in the feedback and counted in the class report's common mistakes. The "
             "catalogue lives with each lab's trusted checks (`mistakes=` of each check in "
             "`assignments/checks/<lab>.py`); this page is made by `python tools/mistake_catalogue.py`. Each row "
             "below gives the Chinese text first, then the English.", ""]
    for path in sorted((COURSE / "checks").glob("*.py")):
        if path.stem.startswith("_"):
            continue
        lab = load_lab_checks(COURSE, path.stem)
        cat = lab.catalogue()
        if not cat:
            continue
        lines += [f"## {lab.assignment}", ""]
        cascades = _cascades(lab)
        if cascades:
            lines += [f"**不连环扣分 / No cascades.** {cascades[0]}", "", cascades[1], ""]
        lines += ["| 测试 test | 代码 code | 错误 mistake | 纠正思路 how to fix it |", "|---|---|---|---|"]
        for gid, m in cat:
            lines.append(f"| `{gid}` | `{m.code}` | {m.zh}<br>{m.en} | {m.fix_zh}<br>{m.fix_en} |")
        lines.append("")
    return "\n".join(lines + _lesson_section())


def _lesson_section() -> list[str]:
    """The lessons' self-checked exercises: the same kind of catalogue, named in the student's kernel when a
    ``check()`` finds the answer wrong."""
    import importlib

    from crmlab.exercises._core import MultipartQuestion

    lines = ["## 课程练习 / Lesson exercises", "",
             "课程笔记本里的练习也有错误目录：学生运行 `check()` 而答案不对时，反馈会说出第一条与答案一致的错误做法。"
             "目录写在各课的练习模块里（`crmlab/exercises/<课>.py` 中每道题的 `mistakes`）。",
             "",
             "The lessons' exercises have catalogues too: when a student's `check()` finds the answer wrong, the "
             "feedback names the first mistake that matches it. They live in each lesson's exercise module (`mistakes` "
             "of each question in `crmlab/exercises/<lesson>.py`).", ""]
    for src in sorted((REPO / "notebooks" / "src").glob("*.py")):
        name = src.stem.split("_", 1)[1]
        try:
            module = importlib.import_module(f"crmlab.exercises.{name}")
        except ModuleNotFoundError:
            continue
        rows = []
        for attr in module.__all__:
            q = getattr(module, attr)
            for part in (q._parts.values() if isinstance(q, MultipartQuestion) else [q]):
                for m in getattr(part, "mistakes", None) or ():
                    rows.append(f"| `{part.name}` | `{m.code}` | {m.zh}<br>{m.en} | {m.fix_zh}<br>{m.fix_en} |")
        if rows:
            lines += [f"### {src.stem}", "", "| 练习 question | 代码 code | 错误 mistake | 纠正思路 how to fix it |",
                      "|---|---|---|---|", *rows, ""]
    return lines


def _cascades(lab) -> tuple[str, str] | None:
    """The lab's ``CASCADES = (zh, en)``: how a later task avoids losing points for an earlier slip (or None)."""
    for check in lab.checks.values():
        value = getattr(inspect.getmodule(check.func), "CASCADES", None)
        if isinstance(value, tuple | list) and len(value) == 2 and all(isinstance(v, str) for v in value):
            return tuple(value)
        return None
    return None


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--check", action="store_true")
    args = ap.parse_args(argv)
    text = render()
    if args.check:
        if not PAGE.exists() or PAGE.read_text(encoding="utf-8") != text:
            print(f"{PAGE} is stale: run python tools/mistake_catalogue.py")
            return 1
        return 0
    PAGE.write_text(text, encoding="utf-8")
    print(f"wrote {PAGE}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
