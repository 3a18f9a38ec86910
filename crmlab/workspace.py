"""The student's course workspace: lessons and released labs in one folder, in course order.

``crmlab lab`` (and ``make lab``) opens JupyterLab on a workspace folder, by default
``~/crmlab-workspace``, made on first use from the course that ships with crmlab:

    START_HERE.ipynb            the start page: every lesson and lab in course order
    lessons/                    the lesson notebooks (lessons-en/ for English)
    labs/<lab>/<lab>.ipynb      the released labs (no solutions, no checks)
    crmlab-data/                where the data file from the instructor goes
    data/classroom.sqlite       the classroom shop as a SQLite file, for SQL tools

A student's own files are never overwritten: later runs only add what is missing (a
new lesson after an update, say). Nothing is written into the installed package or the
repository.
"""

from __future__ import annotations

import json
import shutil
from dataclasses import dataclass
from pathlib import Path

from .datasets import dataset_path
from .validation import check_choice

__all__ = ["course_content", "make_workspace", "Workspace", "COURSE_ORDER", "default_workspace"]

# Lessons and labs in the order of the course (chapter lesson, then its lab). Anything
# shipped but not listed comes after, in name order.
COURSE_ORDER = ["00_start_here", "00b_pandas_basics", "01_crm_and_scrm", "L1_explore_shop", "02_customer_analysis",
                "L2_segmentation", "03_customer_information", "L3_customer_database", "04_customer_satisfaction",
                "L4_survey",
                "05_customer_loyalty", "L5_membership", "06_crm_marketing", "L6_campaign_ab", "07_call_center",
                "L7_staffing", "08_customer_service", "L11_customer_service", "14_complaint_handling", "L8_complaints",
                "09_crm_data_analysis", "L9_rfm_retention", "10_crm_department", "L10_kpi_dashboard",
                "11_new_customer_acquisition", "12_old_customer_maintenance", "13_online_market_research",
                "99_exam_practice", "X_exam_practice"]


def default_workspace() -> Path:
    return Path.home() / "crmlab-workspace"


def course_content() -> tuple[Path, Path]:
    """``(lessons folder with zh/ and en/, released labs folder)`` of this installation."""
    here = Path(__file__).resolve().parent
    packaged = here / "_course"
    if (packaged / "labs").is_dir():
        return packaged / "notebooks", packaged / "labs"
    repo = here.parent  # a source checkout
    return repo / "notebooks", repo / "assignments" / "release"


def _title(path: Path, lang: str) -> str:
    """The notebook's first heading (in ``lang`` when a bilingual lab has two)."""
    try:
        nb = json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return path.stem
    for cell in nb.get("cells", []):
        if cell.get("cell_type") != "markdown":
            continue
        text = "".join(cell.get("source", []))
        heads = [ln.lstrip("#").strip() for ln in text.splitlines() if ln.startswith("# ")]
        if heads:
            if len(heads) > 1 and lang == "en":
                return heads[1]
            return heads[0]
    return path.stem


@dataclass
class Workspace:
    """What :func:`make_workspace` made."""

    root: Path
    start_page: Path
    added: list
    kept: list


def _copy_missing(src: Path, dest: Path, added: list, kept: list) -> None:
    if dest.exists():
        kept.append(dest)
        return
    dest.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(src, dest)
    added.append(dest)


def _start_page(entries: list, lang: str):
    import nbformat

    zh_rows = ["| # | 内容 | 类型 |", "|---|---|---|"]
    en_rows = ["| # | what | kind |", "|---|---|---|"]
    for i, (kind, rel, title_zh, title_en) in enumerate(entries, 1):
        link = rel.as_posix().replace(" ", "%20")
        zh_rows.append(f"| {i} | [{title_zh}]({link}) | {'实训' if kind == 'lab' else '课程'} |")
        en_rows.append(f"| {i} | [{title_en}]({link}) | {kind} |")
    zh = ("# 电子商务客户关系管理 · 课程工作区\n\n按顺序学习：每章先读课程笔记本，再做这一章的实训。"
          "点击链接打开笔记本，用 Shift+Enter 逐格运行。\n\n"
          "课程实训要用老师发给你的数据文件：把它放进 `crmlab-data/` 文件夹。\n\n" + "\n".join(zh_rows))
    en = ("# E-commerce CRM · course workspace\n\nWork in order: each chapter's lesson first, then its lab. "
          "Click a link to open a notebook and run it cell by cell with Shift+Enter.\n\n"
          "Course labs use the data file your instructor gives you: put it in the `crmlab-data/` folder.\n\n"
          + "\n".join(en_rows))
    cells = [nbformat.v4.new_markdown_cell(zh if lang == "zh" else en),
             nbformat.v4.new_markdown_cell(en if lang == "zh" else zh)]
    for i, c in enumerate(cells):
        c.id = f"start{i}"
    nb = nbformat.v4.new_notebook(cells=cells)
    nb.metadata = {"kernelspec": {"display_name": "Python 3 (ipykernel)", "language": "python", "name": "python3"}}
    return nb


def make_workspace(root=None, *, lang: str = "zh") -> Workspace:
    """Make (or complete) a course workspace at ``root``.

    Parameters
    ----------
    root : path, optional
        Default ``~/crmlab-workspace``.
    lang : {"zh", "en"}, default="zh"
        The language of the lessons (labs are bilingual) and of the start page.

    Returns
    -------
    Workspace
        The folder, its start page, and the files added and kept (never overwritten).

    Examples
    --------
    >>> import tempfile
    >>> from crmlab.workspace import make_workspace
    >>> ws = make_workspace(tempfile.mkdtemp(), lang="en")
    >>> ws.start_page.name
    'START_HERE.ipynb'
    """
    import nbformat

    check_choice("lang", lang, ("zh", "en"))
    root = Path(root).expanduser() if root is not None else default_workspace()
    root.mkdir(parents=True, exist_ok=True)
    lessons_src, labs_src = course_content()
    lessons_dir = root / ("lessons" if lang == "zh" else "lessons-en")
    added, kept = [], []
    items = {}
    for nb in sorted((lessons_src / lang).glob("*.ipynb")):
        dest = lessons_dir / nb.name
        _copy_missing(nb, dest, added, kept)
        other = lessons_src / ("en" if lang == "zh" else "zh") / nb.name
        zh_src, en_src = (nb, other) if lang == "zh" else (other, nb)
        items[nb.stem] = ("lesson", dest.relative_to(root), _title(zh_src, "zh") if zh_src.exists() else nb.stem,
                          _title(en_src, "en") if en_src.exists() else nb.stem)
    for lab in sorted(p for p in labs_src.iterdir() if p.is_dir()):
        for f in sorted(lab.rglob("*")):
            if f.is_file() and ".ipynb_checkpoints" not in f.parts:
                _copy_missing(f, root / "labs" / lab.name / f.relative_to(lab), added, kept)
        nb = lab / f"{lab.name}.ipynb"
        if nb.exists():
            items[lab.name] = ("lab", Path("labs") / lab.name / nb.name, _title(nb, "zh"), _title(nb, "en"))
    ordered = [items[k] for k in COURSE_ORDER if k in items] + [v for k, v in sorted(items.items())
                                                                 if k not in COURSE_ORDER]
    start = root / "START_HERE.ipynb"
    nbformat.write(_start_page(ordered, lang), str(start))  # the start page is ours: always current
    data_dir = root / "crmlab-data"
    data_dir.mkdir(exist_ok=True)
    readme = data_dir / "README.txt"
    if not readme.exists():
        readme.write_text("把老师发给你的课程数据文件（例如 lab.sqlite）放在这个文件夹里。\n"
                          "Put the course data file your instructor gives you (e.g. lab.sqlite) in this folder.\n",
                          encoding="utf-8")
    _copy_missing(dataset_path("classroom"), root / "data" / "classroom.sqlite", added, kept)
    return Workspace(root=root, start_page=start, added=added, kept=kept)


def lab_settings(root: Path, lang: str) -> Path:
    """JupyterLab user settings for the workspace: the course language, no news pop-up."""
    settings = Path(root) / ".crmlab" / "lab-settings"
    files = {
        "@jupyterlab/translation-extension/plugin.jupyterlab-settings": {"locale": "zh_CN" if lang == "zh" else "en"},
        "@jupyterlab/apputils-extension/notification.jupyterlab-settings": {"fetchNews": "false",
                                                                           "checkForUpdates": False},
    }
    for rel, value in files.items():
        path = settings / rel
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(json.dumps(value, indent=1), encoding="utf-8")
    return settings
