"""``crmlab grade ...`` (and ``python -m crmlab.grading ...``): the instructor's commands.

crmlab/cli.py calls :func:`add_subparser`; :func:`main` runs the same parser alone.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from .._cli_util import ArgumentParser  # bilingual usage errors, as in `crmlab grade`
from .autograde import autograde, db_url_of, load_course_config
from .course import check_release, export_grades, feedback, import_submissions, release, run_nbgrader
from .coursedata import ShopKey, has_secret, write_student_data
from .sandbox import SandboxUnavailable
from .shopcache import course_cache
from .trusted import course_shop_keys

__all__ = ["add_subparser", "build_parser", "main", "course_root", "roster_ids"]


def _default_root() -> str:
    env = os.environ.get("CRMLAB_COURSE")
    if env:
        return env
    if Path("nbgrader_config.py").exists():
        return "."
    return "assignments"


def course_root(args) -> Path:
    """The nbgrader course folder of a command: ``--root``, ``$CRMLAB_COURSE``, ``.`` or ``./assignments``."""
    root = Path(args.root or _default_root()).resolve()
    if not (root / "nbgrader_config.py").exists():
        raise SystemExit(f"错误 / error: {root} 不是 nbgrader 课程目录（没有 nbgrader_config.py） / is not an nbgrader "
                         "course folder (no nbgrader_config.py); use --root")
    return root


def cmd_release(args) -> int:
    dest = release(course_root(args), args.assignment, generate=not args.no_generate)
    print(f"已发布 / released: {dest}")
    return 0


def cmd_check(args) -> int:
    problems = check_release(course_root(args), args.assignment)
    for p in problems:
        print(p)
    print("OK" if not problems else f"{len(problems)} 个问题 / problem(s)")
    return 1 if problems else 0


def cmd_roster(args) -> int:
    proc = run_nbgrader(course_root(args), "db", "student", "import", str(Path(args.csv).resolve()))
    print(proc.stdout.strip() or proc.stderr.strip().splitlines()[-1])
    return 0


def cmd_import(args) -> int:
    done = import_submissions(course_root(args), args.assignment, args.folder, overwrite=args.overwrite)
    print(f"导入 / imported {len(done)} 份提交 / submissions: {', '.join(sorted(done))}")
    return 0


def cmd_autograde(args) -> int:
    from .nbgrader_ext import GradingSetupError  # nbgrader, an instructor's extra: loaded for grading only

    try:
        report = autograde(course_root(args), args.assignment, jobs=args.jobs, students=args.student or None,
                           force=args.force, timeout=args.timeout, notebook_timeout=args.notebook_timeout,
                           progress=not args.no_progress, unsafe=args.unsafe)
    except (SandboxUnavailable, GradingSetupError) as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断：已评分的学生已保存，再次运行会继续 / interrupted: students already graded are saved; run again to "
              "continue", file=sys.stderr)
        return 130
    print(report.summary())
    return 1 if (report.failed or report.invalid) else 0


def roster_ids(root: Path, students) -> list[str]:
    """The students a command is for: ``students`` if given, else everyone in the course's gradebook."""
    if students:
        return list(students)
    from nbgrader.api import Gradebook

    with Gradebook(db_url_of(root)) as gb:
        return sorted(s.id for s in gb.students)


def cmd_student_data(args) -> int:
    root = course_root(args)
    ids = roster_ids(root, args.student)
    if not ids:
        print("错误 / error: 名单里没有学生：先运行 crmlab grade roster <名单.csv>，或用 --student 指定 / no students on the "
              "roster: run `crmlab grade roster <roster.csv>` first, or name them with --student", file=sys.stderr)
        return 2
    new_secret = not has_secret(root)
    keys = [ShopKey(d) for d in args.dataset] if args.dataset else course_shop_keys(root)
    try:
        done = write_student_data(root, ids, keys=keys, out=args.out, progress=not args.no_progress,
                                  cache=course_cache(load_course_config(root)))
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    if new_secret:
        print(f"已创建课程密钥 / created the course secret: {root / '.crmlab' / 'course_secret'}"
              " —— 请备份，不要分享 / back it up and never share it")
    out = Path(args.out) if args.out else root / "student_data"
    print(f"已写入 {len(done)} 位学生的数据 / wrote data for {len(done)} students: {out}/<学号 id>/")
    return 0


def cmd_export(args) -> int:
    path = export_grades(course_root(args), args.output, assignments=args.assignment or None)
    print(f"已导出 / exported: {path}")
    return 0


def cmd_feedback(args) -> int:
    path = feedback(course_root(args), args.assignment, student=args.student)
    print(f"反馈 / feedback: {path}")
    return 0


def cmd_course(args) -> int:
    # pandas: loaded for this command only
    from .coursegrade import LAYOUTS, CourseGradeConfigError, compute_course_grades, export, fill_template, load_config

    root = course_root(args)
    try:
        grades = compute_course_grades(root, load_config(root, args.config))
    except CourseGradeConfigError as exc:
        print(f"总评配置有误 / the course-grade configuration has problems:\n{exc}", file=sys.stderr)
        return 2
    layouts = args.layout or list(LAYOUTS)
    paths = export(grades, args.output_dir, layouts=layouts)
    if args.template:
        paths["template"] = fill_template(grades, args.template,
                                          Path(args.output_dir) / f"filled_{Path(args.template).name}")
    for note in grades.warnings:
        print(f"提示 / note: {note}")
    t = grades.table
    if len(t):
        print(f"{len(t)} 名学生 / students; 平均总评 / mean {t['total'].mean():.1f}; "
              f"不及格 / failing {int((~t['passed']).sum())}; " +
              ", ".join(f"{b} {int((t['band'] == b).sum())}" for b in grades.config.bands))
    for layout, path in paths.items():
        print(f"已导出 / exported ({layout}): {path}")
    return 0


def cmd_report(args) -> int:
    from .report import analyse, write_report  # pandas and matplotlib: loaded for this command only

    if args.threshold is not None and not 0 < args.threshold <= 1:
        print("错误 / error: --threshold 应在 (0, 1] 之间 / must be in (0, 1]", file=sys.stderr)
        return 2
    try:
        rep = analyse(course_root(args), args.assignment, threshold=args.threshold, similarity=not args.no_similarity,
                      progress=not args.no_progress)
    except ValueError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    html, ipynb = write_report(rep, args.output_dir)
    print(rep.summary())
    print(f"报告 / report: {html}\n笔记本 / notebook: {ipynb}")
    return 0


def _fill(parser: argparse.ArgumentParser) -> argparse.ArgumentParser:
    parser.add_argument("--root", default=None, help="nbgrader 课程目录 / course folder (default: ./assignments, "
                                                      "or . when it has nbgrader_config.py, or $CRMLAB_COURSE)")
    sub = parser.add_subparsers(dest="grade_command", metavar="SUBCOMMAND")

    p = sub.add_parser("release", help="生成学生版（release/）并检查泄漏 / generate_assignment + leak check")
    p.add_argument("assignment")
    p.add_argument("--no-generate", action="store_true", help="不重新生成，只检查 / only check the existing release/")
    p.set_defaults(func=cmd_release)

    p = sub.add_parser("check", help="检查发布版（release/）无泄漏 / check the release for leaks")
    p.add_argument("assignment")
    p.set_defaults(func=cmd_check)

    p = sub.add_parser("roster", help="导入学生名单 CSV / import a class roster (id,first_name,last_name,email)")
    p.add_argument("csv")
    p.set_defaults(func=cmd_roster)

    p = sub.add_parser("import", help="导入一个文件夹的提交 / import a folder of submissions into submitted/")
    p.add_argument("assignment")
    p.add_argument("folder")
    p.add_argument("--overwrite", action="store_true")
    p.set_defaults(func=cmd_import)

    p = sub.add_parser("autograde", help="并行自动评分 / parallel autograde into the nbgrader gradebook")
    p.add_argument("assignment")
    p.add_argument("--jobs", "-j", type=int, default=None, help="并行进程数 / worker processes (default: CPUs)")
    p.add_argument("--student", action="append", help="只评这些学生 / only these students (repeatable)")
    p.add_argument("--force", action="store_true", help="重新评分未改变的提交 / regrade unchanged submissions")
    p.add_argument("--timeout", type=int, default=None, help="每个单元格秒数 / seconds per cell")
    p.add_argument("--notebook-timeout", type=int, default=None, help="每个笔记本秒数 / seconds per notebook")
    p.add_argument("--no-progress", action="store_true")
    p.add_argument("--unsafe", action="store_true",
                   help="不用沙箱评分（学生代码以你的身份运行）/ grade without the sandbox (student code runs as you)")
    p.set_defaults(func=cmd_autograde)

    p = sub.add_parser("student-data", help="为每位学生生成数据文件（创建课程密钥）/ write each student's data files "
                                            "(creates the course secret)")
    p.add_argument("--student", action="append", help="只为这些学生 / only these students (default: the roster)")
    p.add_argument("--dataset", action="append", help="数据集 / dataset (default: every shop the labs use)")
    p.add_argument("--out", default=None, help="输出目录 / output folder (default: <course>/student_data)")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=cmd_student_data)

    p = sub.add_parser("export", help="导出每题得分 CSV / export a CSV with per-question points")
    p.add_argument("--assignment", action="append", help="只导出这些作业 / only these assignments")
    p.add_argument("--output", "-o", default="grades.csv")
    p.set_defaults(func=cmd_export)

    p = sub.add_parser("feedback", help="生成反馈 / nbgrader generate_feedback")
    p.add_argument("assignment")
    p.add_argument("--student", default=None)
    p.set_defaults(func=cmd_feedback)

    p = sub.add_parser("course", help="总评成绩与导出（教务/Moodle/Canvas/XLSX）/ weighted course grades and exports")
    p.add_argument("--config", default=None, help="总评配置 / configuration (default: <root>/course_grade.yaml)")
    p.add_argument("--output-dir", "-o", default="course_grades", help="导出目录 / output folder")
    p.add_argument("--layout", action="append", choices=["plain", "jiaowu", "moodle", "canvas", "xlsx"],
                   help="只导出这些格式 / only these layouts (repeatable; default: all)")
    p.add_argument("--template", default=None, help="填写从平台下载的成绩模板（.xlsx/.csv）/ fill a platform's "
                                                    "downloaded grade template")
    p.set_defaults(func=cmd_course)

    p = sub.add_parser("report", help="班级分析报告（HTML + 笔记本）/ class analytics report for one lab")
    p.add_argument("assignment")
    p.add_argument("--output-dir", "-o", default=None, help="输出目录 / output folder (default: <root>/reports/<lab>)")
    p.add_argument("--threshold", type=float, default=None, help="代码相似度阈值 / similarity threshold (0-1)")
    p.add_argument("--no-similarity", action="store_true", help="不做代码相似度检查 / skip code similarity")
    p.add_argument("--no-progress", action="store_true")
    p.set_defaults(func=cmd_report)

    parser.set_defaults(func=lambda args: (parser.print_help(), 0)[1])
    return parser


def add_subparser(subparsers) -> argparse.ArgumentParser:
    """Register ``grade`` on the ``crmlab`` command line."""
    return _fill(subparsers.add_parser("grade", help="nbgrader 课程与快速评分 / nbgrader course and fast grading",
                                       description=__doc__))


def build_parser() -> argparse.ArgumentParser:
    return _fill(ArgumentParser(prog="python -m crmlab.grading", description=__doc__))


def main(argv=None) -> int:
    args = build_parser().parse_args(argv)
    return int(args.func(args) or 0)


if __name__ == "__main__":
    sys.exit(main())
