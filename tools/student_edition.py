"""Build the student edition: what students receive, without solutions, checks or the truth.

    python tools/student_edition.py [--out build/student-edition]

The edition is one folder:

- ``crmlab-<version>-py3-none-any.whl``: the package with the shipped shops, the lesson
  notebooks (zh, en) and the *released* labs as package data (``crmlab/_course/``);
- ``README.md``: how a student installs it and opens the course (no repository needed).

It never holds ``assignments/source`` (solutions, mark schemes), ``assignments/checks``
(how labs are graded), a course secret, gradebooks or hidden truth beyond the shipped
example shops. The build fails if anything of the kind is found inside.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

REPO = Path(__file__).resolve().parents[1]
LEAK_MARKERS = ("BEGIN SOLUTION", "END SOLUTION", "BEGIN HIDDEN TESTS", "BEGIN MARK SCHEME", "LabChecks",
                "course_secret")
FORBIDDEN_PARTS = ("assignments/source", "assignments/checks", "checks/", "assignments/exam_bank", "exam_bank/",
                   "gradebook.db", "submitted/", "autograded/", ".crmlab/")

README = """# crmlab 学生版 / crmlab student edition

电子商务客户关系管理实训平台。只需 Python 3.11 或更新版本，不需要下载项目源代码。
The workbench of the e-commerce CRM course. Needs Python 3.11 or newer; no repository needed.

## 安装 / Install

Windows（PowerShell）:

```powershell
py -3.11 -m venv crmlab-env
crmlab-env\\Scripts\\activate
pip install "{wheel}[lab]"
crmlab lab
```

macOS / Linux:

```bash
python3 -m venv crmlab-env
source crmlab-env/bin/activate
pip install "{wheel}[lab]"
crmlab lab
```

`crmlab lab` 会打开 JupyterLab，里面有全部课程笔记本和已发布的实训。
`crmlab lab` opens JupyterLab with every lesson and the released labs.

课程实训需要老师发给你的数据文件：把它放进 `crmlab-data/` 文件夹（笔记本旁边或你的主目录下）。
Course labs need the data file your instructor gives you: put it in a `crmlab-data/` folder
(next to the notebook or in your home folder).
"""


def scan_wheel(path: Path) -> list[str]:
    """Everything in the wheel that a student must not have."""
    problems = []
    with zipfile.ZipFile(path) as zf:
        for name in zf.namelist():
            if any(part in name for part in FORBIDDEN_PARTS):
                problems.append(f"{name}: instructor-only file")
                continue
            if name.endswith((".ipynb", ".py", ".md", ".json", ".yaml", ".yml", ".txt")):
                text = zf.read(name).decode("utf-8", errors="replace")
                for marker in LEAK_MARKERS:
                    if marker in text and not name.startswith("crmlab/grading/"):
                        problems.append(f"{name}: contains {marker!r}")
    return problems


def build(out: Path) -> Path:
    """Build the edition into ``out`` and return the wheel's path."""
    out = Path(out)
    if out.exists():
        shutil.rmtree(out)
    out.mkdir(parents=True)
    proc = subprocess.run([sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--quiet",
                           "-w", str(out), str(REPO)], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"wheel build failed:\n{proc.stdout[-2000:]}\n{proc.stderr[-2000:]}")
    wheel = next(out.glob("crmlab-*.whl"))
    problems = scan_wheel(wheel)
    if problems:
        raise SystemExit("the student edition would leak:\n" + "\n".join(problems[:50]))
    (out / "README.md").write_text(README.format(wheel=wheel.name), encoding="utf-8")
    return wheel


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--out", default=str(REPO / "build" / "student-edition"))
    args = ap.parse_args(argv)
    wheel = build(Path(args.out))
    with zipfile.ZipFile(wheel) as zf:
        n_nb = sum(1 for n in zf.namelist() if n.endswith(".ipynb"))
    print(f"student edition: {Path(args.out)} ({wheel.name}, {wheel.stat().st_size / 1e6:.1f} MB, {n_nb} notebooks)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
