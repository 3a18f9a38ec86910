"""The student edition: lessons and released labs, and nothing of the instructor's."""

from __future__ import annotations

import sys
import zipfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(REPO / "tools"))

pytestmark = pytest.mark.slow


@pytest.fixture(scope="module")
def edition(tmp_path_factory):
    import student_edition

    out = tmp_path_factory.mktemp("edition")
    wheel = student_edition.build(out)
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
        texts = {n: zf.read(n).decode("utf-8", "replace") for n in names if n.endswith((".ipynb", ".py"))}
    return out, wheel, names, texts


def test_edition_has_lessons_and_released_labs(edition):
    out, wheel, names, _ = edition
    labs = sorted(p.name for p in (REPO / "assignments" / "release").iterdir() if p.is_dir())
    for lab in labs:
        assert f"crmlab/_course/labs/{lab}/{lab}.ipynb" in names
    for lang in ("zh", "en"):
        lessons = sorted(p.name for p in (REPO / "notebooks" / lang).glob("*.ipynb"))
        assert lessons and all(f"crmlab/_course/notebooks/{lang}/{n}" in names for n in lessons)
    sources = sorted(p.name for p in (REPO / "notebooks" / "src").glob("*.py"))  # q.solution() reads them
    assert sources and all(f"crmlab/_course/notebooks/src/{n}" in names for n in sources)
    assert "crmlab/_datasets/classroom.sqlite" in names
    assert (out / "README.md").read_text(encoding="utf-8").count(wheel.name) >= 2


def test_edition_leaves_out_solutions_checks_and_secrets(edition):
    _, _, names, texts = edition
    assert not [n for n in names if "source" in n.split("/") or "/checks/" in n or n.startswith("assignments")]
    for name, text in texts.items():
        if name.startswith("crmlab/_course/"):
            for marker in ("BEGIN SOLUTION", "BEGIN HIDDEN TESTS", "MARK SCHEME", "graded_shop", "ctx.shop"):
                assert marker not in text, (name, marker)


def test_scan_finds_a_planted_leak(tmp_path):
    import student_edition

    bad = tmp_path / "bad.whl"
    with zipfile.ZipFile(bad, "w") as zf:
        zf.writestr("crmlab/_course/labs/L1/L1.ipynb", "### BEGIN SOLUTION\nx = 1\n")
        zf.writestr("assignments/checks/L1.py", "lab = LabChecks('L1')")
    problems = student_edition.scan_wheel(bad)
    assert len(problems) == 2


# What the student environment must not carry: test, benchmark, grading and server tools.
NOT_FOR_STUDENTS = {"pytest", "playwright", "nbgrader", "jupyterhub", "ngshare", "lifetimes", "faker", "mlxtend",
                    "statsmodels", "jupyterlite-core"}


@pytest.mark.timeout(1200)
def test_a_student_without_make_installs_the_wheel_and_opens_the_course(edition, tmp_path):
    """The README's path with no make and no repository: a virtual environment, `pip install <wheel>[lab]`,
    `crmlab lab --no-browser`; JupyterLab answers and lists the labs, in a workspace in the student's home."""
    import os
    import subprocess

    from support.lab_server import TOKEN, get, serving

    _, wheel, _, _ = edition
    env_dir = tmp_path / "crmlab-env"
    subprocess.run([sys.executable, "-m", "venv", str(env_dir)], check=True)
    bin_dir = env_dir / ("Scripts" if os.name == "nt" else "bin")
    # --no-compile: byte-compiling every installed package is half of pip's time (42 of 83 s) and nothing that is
    # checked here; Python compiles what JupyterLab imports as it starts
    p = subprocess.run([str(bin_dir / "python"), "-m", "pip", "install", "--quiet", "--no-compile", f"{wheel}[lab]"],
                       capture_output=True, text=True)
    assert p.returncode == 0, p.stderr[-3000:]
    listed = subprocess.run([str(bin_dir / "python"), "-m", "pip", "list", "--format=freeze"], capture_output=True,
                            text=True, check=True).stdout
    installed = {line.split("==")[0].lower().replace("_", "-") for line in listed.splitlines()}
    assert "crmlab" in installed and "jupyterlab" in installed
    assert not installed & NOT_FOR_STUDENTS, installed & NOT_FOR_STUDENTS

    home = tmp_path / "home"
    home.mkdir()
    env = {k: v for k, v in os.environ.items() if not k.startswith(("VIRTUAL_ENV", "PYTHON", "CRMLAB"))}
    env.update(HOME=str(home), PATH=f"{bin_dir}{os.pathsep}{env.get('PATH', '')}")
    with serving([str(bin_dir / "crmlab"), "lab", "--no-browser"], env, wait=180) as (base, listing):
        labs = {c["name"] for c in listing["content"]}
        assert {"L1_explore_shop", "L9_rfm_retention", "L11_customer_service"} <= labs
        status, _ = get(f"{base}/lab?token={TOKEN}")
        assert status == 200
        _, root = get(f"{base}/api/contents?token={TOKEN}")
        assert "START_HERE.ipynb" in root
    assert (home / "crmlab-workspace" / "START_HERE.ipynb").is_file()
