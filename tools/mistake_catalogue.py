"""Write docs/instructor/mistakes.md: every lab's catalogue of common mistakes, for instructors.

    python tools/mistake_catalogue.py          # rewrite the page
    python tools/mistake_catalogue.py --check  # exit 1 when the page is stale (tests do this)

The catalogue itself lives with each lab's trusted checks (``assignments/checks/<lab>.py``,
``mistakes=`` of each check); this page only lists it.
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
    return "\n".join(lines)


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
