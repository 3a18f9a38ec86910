"""The ``crmlab`` command: simulate and export shops, inspect them, open the workbench.

    crmlab simulate --customers 5000 --seed 1 --out shop.sqlite
    crmlab simulate --customers 5000 --seed 1 --format parquet --out shop_parquet/
    crmlab info shop.sqlite
    crmlab datasets
    crmlab lab --no-browser
    crmlab grade --help          (instructors: nbgrader tools)
    crmlab exam --help           (instructors: a computer-based final, one paper per student)

Errors are printed in Chinese and English with what to do, and exit with status 2.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

from . import __version__
from ._cli_util import ArgumentParser
from ._i18n import get_locale
from .datasets import DATASETS
from .errors import CRMLabError, InvalidArgumentError
from .validation import check_path
from .workspace import lab_settings, make_workspace

try:  # the instructors' grading tools register themselves when present
    from .grading.cli import add_subparser as add_grading_subparser
    from .grading.exam_cli import add_subparser as add_exam_subparser
except ImportError:  # pragma: no cover - a package without crmlab.grading
    add_grading_subparser = add_exam_subparser = None

FORMATS = {".sqlite": "sqlite", ".db": "sqlite", ".sqlite3": "sqlite"}


def parse_param(text: str):
    """``NAME=VALUE`` of ``--param``: the value as int, float, a tuple of floats, or text."""
    if "=" not in text or not text.split("=", 1)[0].strip():
        raise argparse.ArgumentTypeError(
            f"参数格式应为 名称=值，例如 referral_share=0.4，但传入的是 {text!r} / "
            f"expected NAME=VALUE, e.g. referral_share=0.4, but got {text!r}")
    key, value = text.split("=", 1)
    key, value = key.strip(), value.strip()
    for conv in (int, float):
        try:
            return key, conv(value)
        except ValueError:
            pass
    if "," in value:
        try:
            return key, tuple(float(v) for v in value.split(","))
        except ValueError:
            pass  # not numbers: ShopParams says what it expects
    return key, value


def build_parser() -> argparse.ArgumentParser:
    parser = ArgumentParser(
        prog="crmlab", description="crmlab: 电子商务客户关系管理实训工具 / e-commerce CRM workbench")
    parser.add_argument("--version", action="version", version=f"crmlab {__version__}")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    sim = sub.add_parser("simulate", help="模拟一个商店并写入文件 / simulate a shop and write it to files",
                         description="Simulate a shop and write it as SQLite, Parquet or CSV.")
    sim.add_argument("--customers", "-n", type=int, default=2000, help="客户数 / number of customers (default 2000)")
    sim.add_argument("--seed", default=None, help="随机种子或学号 / seed (integer) or a student id")
    sim.add_argument("--start", default="2023-01-01", help="开始日期 / first day (default 2023-01-01)")
    sim.add_argument("--end", default="2024-12-31", help="结束日期 / last day (default 2024-12-31)")
    sim.add_argument("--locale", default="zh", choices=["zh", "en"], help="语言 / language of the data")
    sim.add_argument("--out", "-o", required=True,
                     help="输出文件或目录 / output file (.sqlite, .db) or folder (with --format parquet or csv)")
    sim.add_argument("--format", "-f", choices=["sqlite", "parquet", "csv"], default=None,
                     help="输出格式，默认按扩展名 / output format (default: from the extension: .sqlite, .sqlite3, .db)")
    sim.add_argument("--param", "-p", action="append", type=parse_param, default=[], metavar="NAME=VALUE",
                     help="覆盖模拟参数 / override a simulation parameter, e.g. referral_share=0.4")
    sim.add_argument("--overwrite", action="store_true",
                     help="替换已有的 crmlab 商店（其他文件不会被覆盖）/ replace an existing crmlab shop "
                          "(nothing else is ever replaced)")
    prog = sim.add_mutually_exclusive_group()
    prog.add_argument("--progress", dest="progress", action="store_true", default=True,
                      help="显示进度条（默认）/ show a progress bar (default)")
    prog.add_argument("--no-progress", dest="progress", action="store_false", help="不显示进度条 / no progress bar")
    sim.set_defaults(func=cmd_simulate)

    info = sub.add_parser("info", help="查看商店文件 / summarise a shop file")
    info.add_argument("path")
    info.set_defaults(func=cmd_info)

    ds = sub.add_parser("datasets", help="列出内置数据集 / list the shipped datasets")
    ds.set_defaults(func=cmd_datasets)

    lab = sub.add_parser("lab", help="打开课程工作区（课程笔记本与实训）/ open the course workspace (lessons and labs)")
    lab.add_argument("--port", type=int, default=8888)
    lab.add_argument("--ip", default="127.0.0.1")
    lab.add_argument("--no-browser", action="store_true", help="不打开浏览器，只打印网址 / print the URL only")
    lab.add_argument("--workspace", default=None,
                     help="工作区文件夹 / workspace folder (default: $CRMLAB_WORKSPACE or ~/crmlab-workspace)")
    lab.add_argument("--lang", choices=["zh", "en"], default=None,
                     help="课程语言 / course language (default: $CRMLAB_LANG or zh)")
    lab.add_argument("--prepare-only", action="store_true",
                     help="只准备工作区，不启动 JupyterLab / only make the workspace, do not start JupyterLab")
    lab.set_defaults(func=cmd_lab)

    if add_grading_subparser is not None:
        add_grading_subparser(sub)
        add_exam_subparser(sub)
    return parser


def output_format(out: Path, fmt: str | None) -> str:
    """The format to write ``out`` in: ``--format``, else from the name's ending.

    An unknown ending is refused rather than guessed: ``-o notes.txt`` must not
    quietly become a SQLite file.
    """
    suffix = out.suffix.lower()
    if fmt is None:
        if suffix in FORMATS:
            return FORMATS[suffix]
        if not suffix:
            raise InvalidArgumentError(
                f"无法从 {out} 判断输出格式。SQLite 文件请用 .sqlite 结尾的名字；Parquet 或 CSV 目录请加上 "
                "--format parquet 或 --format csv。",
                f"Cannot tell the output format from {out}. Name a SQLite file with a .sqlite ending, or add "
                "--format parquet or --format csv for a folder.")
        raise InvalidArgumentError(
            f"{out} 的扩展名 {suffix} 不是商店的格式。SQLite 文件请用 .sqlite、.sqlite3 或 .db 结尾；"
            "Parquet 或 CSV 目录请加上 --format parquet 或 --format csv。",
            f"The ending {suffix} of {out} is not a shop format. End a SQLite file's name in .sqlite, .sqlite3 "
            "or .db, or add --format parquet or --format csv for a folder.")
    if fmt == "sqlite" and suffix and suffix not in FORMATS:
        raise InvalidArgumentError(
            f"SQLite 文件 {out} 的扩展名 {suffix} 不对。请用 .sqlite、.sqlite3 或 .db 结尾的名字。",
            f"The ending {suffix} of the SQLite file {out} is wrong. Use a name ending in .sqlite, .sqlite3 or .db.")
    return fmt


def cmd_simulate(args) -> int:
    from .io import check_output_path  # io and the simulator need pandas: loaded for this command only
    from .simulation import simulate

    out = check_path("--out", args.out)
    fmt = output_format(out, args.format)
    seed = args.seed
    if seed is not None and seed.isdigit():
        seed = int(seed)
    check_output_path(out, args.overwrite, fmt)  # fail before the simulation, not after it
    shop = simulate(args.customers, start=args.start, end=args.end, random_state=seed, locale=args.locale,
                    progress=args.progress, **dict(args.param))
    writer = {"sqlite": shop.to_sqlite, "parquet": shop.to_parquet, "csv": shop.to_csv}[fmt]
    path = writer(out, overwrite=args.overwrite)
    print(shop.describe().attrs["summary"])
    print(f"→ {path} ({fmt})")
    return 0


def cmd_info(args) -> int:
    from .shop import load_shop  # pandas: loaded for this command only

    shop = load_shop(args.path)
    d = shop.describe()
    print(d.attrs["summary"])
    print(d.to_string(index=False))
    return 0


def cmd_datasets(args) -> int:
    for name, (_, zh, en) in DATASETS.items():
        print(f"{name:14s} {zh} / {en}")
    return 0


# nbgrader's authoring tools are for instructors: hidden in the students' workspace.
STUDENT_HIDDEN_EXTENSIONS = ["@jupyter/nbgrader:create-assignment", "@jupyter/nbgrader:formgrader",
                             "@jupyter/nbgrader:course-list"]


def cmd_lab(args) -> int:
    """Open JupyterLab on the course workspace (made or completed first)."""
    import json

    lang = args.lang or get_locale()
    root = args.workspace or os.environ.get("CRMLAB_WORKSPACE") or None
    ws = make_workspace(root, lang=lang)
    print(f"课程工作区 / course workspace: {ws.root}  (+{len(ws.added)} 个新文件 new files, "
          f"{len(ws.kept)} 个保留 kept)", flush=True)
    if args.prepare_only:
        return 0
    config = ws.root / ".crmlab" / "jupyter-config"
    (config / "labconfig").mkdir(parents=True, exist_ok=True)
    (config / "labconfig" / "page_config.json").write_text(
        json.dumps({"disabledExtensions": {name: True for name in STUDENT_HIDDEN_EXTENSIONS}}, indent=1))
    env = dict(os.environ)
    env["JUPYTERLAB_SETTINGS_DIR"] = str(lab_settings(ws.root, lang))
    env["JUPYTER_CONFIG_PATH"] = os.pathsep.join(p for p in (str(config), env.get("JUPYTER_CONFIG_PATH", "")) if p)
    env["CRMLAB_LANG"] = lang
    cmd = [sys.executable, "-m", "jupyterlab", f"--ServerApp.root_dir={ws.root}", f"--ip={args.ip}",
           f"--port={args.port}", "--LabApp.default_url=/lab/tree/START_HERE.ipynb"]
    if hasattr(os, "geteuid") and os.geteuid() == 0:
        cmd.append("--allow-root")  # containers and CI machines often run as root
    headless = args.no_browser or (sys.platform.startswith("linux") and not os.environ.get("DISPLAY")
                                   and not os.environ.get("WAYLAND_DISPLAY"))
    if headless:
        cmd.append("--no-browser")
        print("JupyterLab 启动中；请在浏览器打开下面打印的网址 / JupyterLab is starting; open the URL printed below.",
              flush=True)
    if sys.platform == "win32":  # execv does not replace the process on Windows
        import subprocess

        return subprocess.call(cmd, env=env)
    os.execve(sys.executable, cmd, env)
    return 0  # pragma: no cover - execve does not return


def main(argv=None) -> int:
    """Run the ``crmlab`` command; return its exit status.

    Errors crmlab knows print one bilingual message and give status 2; Ctrl-C prints
    one line and gives 130 (a write in progress leaves nothing half written).
    """
    try:
        parser = build_parser()
        args = parser.parse_args(argv)
        if not getattr(args, "func", None):
            parser.print_help()
            return 0
        return int(args.func(args) or 0)
    except CRMLabError as exc:
        print(f"错误 / error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        print("已中断 / interrupted", file=sys.stderr)
        return 130
    except BrokenPipeError:  # `crmlab info shop.sqlite | head`: the reader left; stop quietly
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 1
    except OSError as exc:  # the disk is full, a file vanished ...: say so, without a traceback
        where = f" ({exc.filename})" if getattr(exc, "filename", None) else ""
        print(f"错误 / error: 文件系统错误 / file system error: {exc.strerror or exc}{where}", file=sys.stderr)
        return 1


if __name__ == "__main__":
    sys.exit(main())
