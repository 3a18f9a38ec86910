"""``crmlab exam ...``: a computer-based final, one paper per student, graded in nbgrader.

    crmlab exam build  [--assignment FINAL_exam] [--blueprint PATH] [--bank PATH]
    crmlab exam papers [--assignment FINAL_exam] [--student ID ...]
    crmlab exam key STUDENT [--assignment FINAL_exam] [--output FILE]

``build`` writes the exam notebook (source/<assignment>/) and its trusted checks
(checks/<assignment>.py); release it like a lab (``crmlab grade release``). ``papers``
draws each student's paper when the exam starts: the student's copy (questions only)
goes to student_data/<id>/, the instructor's copy and key to exam_papers/<assignment>/.
``key`` prints one student's key with the mark schemes, for grading by hand.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from .._cli_util import ArgumentParser
from ..errors import CRMLabError
from .cli import course_root, roster_ids
from .exam_course import DEFAULT_ASSIGNMENT, PAPERS_DIR, build_exam, student_key, write_papers

__all__ = ["add_subparser", "build_parser", "main"]


def cmd_build(args) -> int:
    root = course_root(args)
    done = build_exam(root, args.assignment, blueprint=args.blueprint, bank=args.bank, dataset=args.dataset,
                      force=args.force)
    for label, key in (("笔记本 / notebook", "notebook"), ("可信检查 / checks", "checks")):
        state = "已写入 / written" if done[key] in done["written"] else "未改变 / unchanged"
        print(f"{label}: {done[key]} ({state})")
    print(f"下一步 / next: crmlab grade release {args.assignment}；考试开始时 / when the exam starts: "
          f"crmlab exam papers --assignment {args.assignment}")
    return 0


def cmd_papers(args) -> int:
    root = course_root(args)
    ids = roster_ids(root, args.student)
    if not ids:
        print("错误 / error: 名单里没有学生：先运行 crmlab grade roster <名单.csv>，或用 --student 指定 / no students on the "
              "roster: run `crmlab grade roster <roster.csv>` first, or name them with --student", file=sys.stderr)
        return 2
    done = write_papers(root, ids, args.assignment, out=args.out, redraw=args.redraw, progress=not args.no_progress)
    new = sum(d["new"] for d in done.values())
    out = Path(args.out) if args.out else root / "student_data"
    print(f"{len(done)} 份试卷（新抽 {new} 份，其余沿用已保存的）/ {len(done)} papers ({new} newly drawn, the others as "
          f"stored)")
    print(f"学生的试卷（只有题目）/ students' papers (questions only): {out}/<学号 id>/{args.assignment}.paper.json")
    print(f"教师的试卷与评分表 / instructor's papers and keys: {root / PAPERS_DIR / args.assignment}/ —— 不要发给学生 / "
          "never give to students")
    return 0


def cmd_key(args) -> int:
    path = student_key(course_root(args), args.student, args.assignment)
    text = path.read_text(encoding="utf-8")
    if args.output:
        Path(args.output).write_text(text, encoding="utf-8")
        print(f"已写入 / written: {args.output}")
    else:
        sys.stdout.write(text)
    return 0


def _fill(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--root", default=None, help="nbgrader 课程目录 / course folder (default: ./assignments, "
                                                      "or . when it has nbgrader_config.py, or $CRMLAB_COURSE)")
    sub = parser.add_subparsers(dest="exam_command", metavar="SUBCOMMAND")

    def assignment(p):
        p.add_argument("--assignment", "-a", default=DEFAULT_ASSIGNMENT,
                       help=f"考试的作业名 / the exam's assignment id (default {DEFAULT_ASSIGNMENT})")
        p.add_argument("--root", default=argparse.SUPPRESS, help="nbgrader 课程目录 / course folder")

    p = sub.add_parser("build", help="按蓝图生成考试笔记本和可信检查 / build the exam notebook and its trusted checks "
                                     "from a blueprint")
    assignment(p)
    p.add_argument("--blueprint", default=None, help="试卷蓝图 / blueprint YAML (default: <bank>/blueprint.yaml)")
    p.add_argument("--bank", default=None, help="题库文件夹 / bank folder (default: <root>/exam_bank)")
    p.add_argument("--dataset", default="classroom", help="计算题用的商店 / the shop of the computations "
                                                          "(default classroom)")
    p.add_argument("--force", action="store_true", help="覆盖内容不同的已有文件 / replace existing files that differ")
    p.set_defaults(func=cmd_build)

    p = sub.add_parser("papers", help="为每位学生抽卷：学生卷放进学生数据，教师卷和评分表放进 exam_papers / draw each "
                                      "student's paper: theirs into student_data, the instructor's copy and key into "
                                      "exam_papers")
    assignment(p)
    p.add_argument("--student", action="append", help="只为这些学生 / only these students (default: the roster)")
    p.add_argument("--out", default=None, help="学生卷的目录 / folder of the students' papers "
                                               "(default: <course>/student_data)")
    p.add_argument("--redraw", action="store_true", help="按当前题库重新抽卷（发卷后不要用）/ draw the stored papers "
                                                         "again from the current bank (never after handing out)")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=cmd_papers)

    p = sub.add_parser("key", help="某位学生的参考答案与评分标准 / one student's key and mark schemes")
    p.add_argument("student", help="学号 / student id")
    assignment(p)
    p.add_argument("--output", "-o", default=None, help="写入文件 / write to this file (default: print)")
    p.set_defaults(func=cmd_key)

    parser.set_defaults(func=lambda args: (parser.print_help(), 0)[1])
    return parser


def add_subparser(subparsers) -> argparse.ArgumentParser:
    """Register ``exam`` on the ``crmlab`` command line."""
    return _fill(subparsers.add_parser("exam", help="机考期末：按蓝图组卷，每人一份试卷 / computer-based final: one "
                                                    "paper per student, graded in nbgrader",
                                       description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter))


def build_parser() -> argparse.ArgumentParser:
    return _fill(ArgumentParser(prog="python -m crmlab.grading.exam_cli", description=__doc__,
                                formatter_class=argparse.RawDescriptionHelpFormatter))


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args) or 0)
    except CRMLabError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2


if __name__ == "__main__":
    sys.exit(main())
