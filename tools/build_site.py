#!/usr/bin/env python
"""Build the JupyterLite edition of the course (static files, Pyodide kernel).

    python tools/build_site.py                      # -> build/site/, Pyodide from its public CDN
    python tools/build_site.py --pyodide-dir DIR    # offline bundle: a local Pyodide, no PyPI fallback

What goes into the site:

- every lesson notebook in ``notebooks/zh`` and ``notebooks/en`` and every lab in
  ``assignments/release`` (the student versions; ``labs/`` in the site), found at build
  time; the site copies get a first cell that installs ``crmlab`` from the bundled
  wheel, and the Pyodide kernel;
- the ``crmlab`` wheel (with the shipped datasets inside) plus the pure-Python
  dependencies that the Pyodide distribution lacks, repacked from this environment,
  in a piplite index (``pypi/all.json``);
- the shipped datasets as files (``data/``) for students who want the SQLite files;
- the ipywidgets front end and the Pyodide kernel, taken from this environment;
- a landing page in Chinese and English (``index.html``);
- ``crmlab-kernel-watch.js`` (from ``site/kernel_watch.js``), loaded first by every
  JupyterLite page: when Pyodide cannot start, the page says so in Chinese and English,
  with what to do, instead of leaving the first cell at [*].

The build never touches the network: wheels come from this checkout and this
environment, the JupyterLab app from ``jupyterlite-core``. Every build starts clean
(no ``.jupyterlite.doit.db``, no ``.cache``): an incremental build can silently
drop a local Pyodide address.
"""

from __future__ import annotations

import argparse
import base64
import copy
import hashlib
import html
import importlib.metadata
import json
import os
import re
import shutil
import string
import subprocess
import sys
import zipfile
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SITE_SRC = ROOT / "site"
KERNEL_PLUGIN = "@jupyterlite/pyodide-kernel-extension:kernel"

# crmlab's runtime requirements (and theirs) that the full Pyodide distribution does not
# carry: repacked from this environment into the site's wheel index. Everything else
# crmlab needs (numpy, pandas, scipy, scikit-learn, matplotlib, tqdm, pyyaml, ipython,
# traitlets, prompt-toolkit ...) comes with Pyodide. comm is needed by the kernel itself
# (pyodide-kernel and ipywidgets) and is not in the distribution either.
PURE_WHEELS = ("jieba", "seaborn", "ipywidgets", "jupyterlab_widgets", "comm")

# Lab extensions taken from the environment. nbgrader's and jupytext's need a Jupyter
# server, which a static site does not have, so they are left out.
LAB_EXTENSIONS = (
    "@jupyterlite/pyodide-kernel-extension",
    "@jupyter-widgets/jupyterlab-manager",
    "jupyterlab_pygments",
)

# What the Pyodide runtime itself must contain (checked in --pyodide-dir).
PYODIDE_RUNTIME = ("pyodide.mjs", "pyodide.asm.wasm", "python_stdlib.zip", "pyodide-lock.json")

# Packages the kernel and crmlab load from the Pyodide distribution (a core runtime from
# npm lacks their wheels: the lessons then need the full distribution).
PYODIDE_PACKAGES = (
    "micropip", "ipython", "jedi", "numpy", "pandas", "scipy", "scikit-learn",
    "matplotlib", "tqdm", "pyyaml",
)

KERNELSPEC = {"name": "python", "display_name": "Python (Pyodide)", "language": "python"}
INSTALL_TAG = "crmlab-site-install"

# The script that tells students, in Chinese and English, when Pyodide cannot start, and
# how long a kernel may take to start before it says the kernel seems stuck (a first
# visit downloads Pyodide from its CDN; an offline bundle comes from the class server).
KERNEL_WATCH = "crmlab-kernel-watch.js"
KERNEL_TIMEOUT_SECONDS = {"offline": 120, "cdn": 240}


def normalize(name: str) -> str:
    """PEP 503 name: ``Prompt_Toolkit`` -> ``prompt-toolkit``."""
    return re.sub(r"[-_.]+", "-", name).lower()


def log(message: str) -> None:
    print(f"[build_site] {message}", flush=True)


# ---------------------------------------------------------------- wheels


def build_crmlab_wheel(dest: Path) -> Path:
    """The crmlab wheel from this checkout (hatchling from the environment, no index)."""
    before = set(dest.glob("crmlab-*.whl"))
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "--no-deps", "--no-build-isolation", "--no-index",
         "--quiet", "--wheel-dir", str(dest), str(ROOT)],
        check=True, cwd=ROOT,
    )
    made = sorted(set(dest.glob("crmlab-*.whl")) - before) or sorted(dest.glob("crmlab-*.whl"))
    wheel = made[-1]
    with zipfile.ZipFile(wheel) as zf:
        names = zf.namelist()
    missing = [n for n in ("classroom", "classroom_en", "lab") if f"crmlab/_datasets/{n}.sqlite" not in names]
    if missing:
        raise SystemExit(f"the crmlab wheel lacks the shipped datasets {missing}: run `make datasets` first")
    return wheel


def _record_hash(data: bytes) -> str:
    digest = base64.urlsafe_b64encode(hashlib.sha256(data).digest()).rstrip(b"=").decode()
    return f"sha256={digest}"


def wheel_from_installed(name: str, dest: Path) -> Path:
    """Repack an installed pure-Python distribution into a ``py3-none-any`` wheel.

    The installed files are exactly those of the wheel pip installed (its RECORD), less
    byte code and files installed outside site-packages (scripts, share/), which a
    browser kernel has no use for. This keeps the build offline.
    """
    dist = importlib.metadata.distribution(name)
    wheel_meta = dist.read_text("WHEEL") or ""
    tags = [line.split(":", 1)[1].strip() for line in wheel_meta.splitlines() if line.startswith("Tag:")]
    if "Root-Is-Purelib: true" not in wheel_meta or not any(t.endswith("-none-any") for t in tags):
        raise SystemExit(f"{name} is not installed from a pure-Python wheel (tags {tags}); it cannot run in Pyodide")
    files = [f for f in dist.files or [] if f.parts and f.parts[0] != ".."]
    dist_info = next(f.parts[0] for f in files if f.parts[0].endswith(".dist-info"))
    skip = {"RECORD", "INSTALLER", "REQUESTED", "direct_url.json"}
    entries = []
    for f in files:
        if "__pycache__" in f.parts or f.suffix == ".pyc":
            continue
        if f.parts[0] == dist_info and f.name in skip:
            continue
        path = Path(dist.locate_file(f))
        if path.is_file():
            entries.append((f.as_posix(), path.read_bytes()))
    wheel_text = "Wheel-Version: 1.0\nGenerator: crmlab build_site (repacked)\nRoot-Is-Purelib: true\nTag: py3-none-any\n"
    entries = [(n, b) for n, b in entries if n != f"{dist_info}/WHEEL"] + [(f"{dist_info}/WHEEL", wheel_text.encode())]
    entries.sort()
    record = "".join(f"{n},{_record_hash(b)},{len(b)}\n" for n, b in entries) + f"{dist_info}/RECORD,,\n"
    entries.append((f"{dist_info}/RECORD", record.encode()))
    stem = re.sub(r"[-_.]+", "_", dist.metadata["Name"])
    out = dest / f"{stem}-{dist.version}-py3-none-any.whl"
    with zipfile.ZipFile(out, "w", compression=zipfile.ZIP_DEFLATED) as zf:
        for n, b in entries:
            info = zipfile.ZipInfo(n, date_time=(1980, 1, 1, 0, 0, 0))
            info.compress_type = zipfile.ZIP_DEFLATED
            info.external_attr = 0o644 << 16
            zf.writestr(info, b)
    return out


# ---------------------------------------------------------------- notebooks


def notebook_title(nb: dict, fallback: str) -> str:
    for cell in nb.get("cells", []):
        if cell.get("cell_type") == "markdown":
            for line in "".join(cell.get("source", "")).splitlines():
                if line.startswith("# "):
                    return line[2:].strip()
    return fallback


def install_cell() -> dict:
    source = (SITE_SRC / "install_cell.py").read_text(encoding="utf-8").rstrip("\n")
    return {
        "cell_type": "code",
        "execution_count": None,
        "id": "crmlab-site-install",
        "metadata": {"tags": [INSTALL_TAG], "editable": False, "deletable": False},
        "outputs": [],
        "source": source.splitlines(keepends=True),
    }


def site_notebook(src: Path, dest: Path) -> str:
    """Copy one notebook for the browser: the installer cell first, the Pyodide kernel."""
    nb = json.loads(src.read_text(encoding="utf-8"))
    nb = copy.deepcopy(nb)
    cells = [c for c in nb.get("cells", []) if INSTALL_TAG not in c.get("metadata", {}).get("tags", [])]
    # nbformat < 4.5 has no cell ids; keep the notebook valid either way
    cell = install_cell()
    if (nb.get("nbformat"), nb.get("nbformat_minor", 0)) < (4, 5):
        cell.pop("id")
    nb["cells"] = [cell, *cells]
    nb.setdefault("metadata", {})["kernelspec"] = dict(KERNELSPEC)
    dest.parent.mkdir(parents=True, exist_ok=True)
    dest.write_text(json.dumps(nb, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    return notebook_title(nb, src.stem)


def collect_contents(content: Path, notebooks: Path) -> dict[str, list[tuple[str, str]]]:
    """Lessons, labs and data into the site's contents; returns {section: [(path, title)]}."""
    found: dict[str, list[tuple[str, str]]] = {"zh": [], "en": [], "labs": []}
    for lang in ("zh", "en"):
        for src in sorted((notebooks / lang).glob("*.ipynb")):
            rel = f"{lang}/{src.name}"
            found[lang].append((rel, site_notebook(src, content / rel)))
    labs = ROOT / "assignments" / "release"  # the student versions, as students get them
    if labs.is_dir():
        for src in sorted(labs.rglob("*")):
            rel_parts = src.relative_to(labs).parts
            if not src.is_file() or any(p.startswith(".") or p == "__pycache__" for p in rel_parts):
                continue
            rel = "labs/" + src.relative_to(labs).as_posix()
            if src.suffix == ".ipynb":
                found["labs"].append((rel, site_notebook(src, content / rel)))
            else:
                (content / rel).parent.mkdir(parents=True, exist_ok=True)
                shutil.copy2(src, content / rel)
    (content / "data").mkdir(parents=True, exist_ok=True)
    for sqlite in sorted((ROOT / "datasets").glob("*.sqlite")):
        shutil.copy2(sqlite, content / "data" / sqlite.name)
    return found


def write_readme(content: Path, found: dict, version: str) -> None:
    """A bilingual README.md at the root of the file browser: the course at a glance."""
    def items(rows):
        return "\n".join(f"{i}. [{title}]({path})" for i, (path, title) in enumerate(rows, 1)) or "-"

    text = f"""# 电子商务客户关系管理 · E-commerce CRM (crmlab {version})

## 中文

课程笔记本在 `zh/`，实训（自检版）在 `labs/`，示例数据（SQLite）在 `data/`。
打开一个笔记本，从上到下运行代码格（Shift + Enter）；第一格会安装课程工具包 `crmlab`。

{items(found["zh"])}

## English

Lesson notebooks are in `en/`, the labs (self-check versions) in `labs/`, the sample
shops (SQLite) in `data/`. Open a notebook and run its cells from top to bottom
(Shift + Enter); the first cell installs the course toolkit `crmlab`.

{items(found["en"])}

## 实训 / Labs

{items(found["labs"])}
"""
    (content / "README.md").write_text(text, encoding="utf-8")


def write_landing_page(out: Path, found: dict, version: str, offline: bool) -> None:
    def link_items(rows, lang):
        lines = []
        for path, title in rows:
            q = html.escape(path, quote=True)
            other = "经典界面" if lang == "zh" else "classic view"
            lines.append(
                f'    <li><a href="lab/index.html?path={q}">{html.escape(title)}</a>'
                f'<a class="alt" href="notebooks/index.html?path={q}">({other})</a></li>'
            )
        return "\n".join(lines) or ("    <li>（暂无）</li>" if lang == "zh" else "    <li>(none yet)</li>")

    labs = found["labs"]
    zh_labs = [r for r in labs if not re.search(r"(^|[/_.-])en([/_.-]|$)", r[0])] or labs
    en_labs = [r for r in labs if not re.search(r"(^|[/_.-])zh([/_.-]|$)", r[0])] or labs
    if offline:
        zh_note = " 本站自带完整的 Python 运行环境（Pyodide），不需要联网。"
        en_note = " This site carries its own Python runtime (Pyodide) and needs no internet."
    else:
        zh_note = " Python 运行环境（Pyodide）首次打开时从公共 CDN 下载，之后由浏览器缓存。"
        en_note = " The Python runtime (Pyodide) is downloaded from its public CDN the first time, then cached by the browser."
    page = string.Template((SITE_SRC / "index.html").read_text(encoding="utf-8")).substitute(
        version=html.escape(version),
        zh_lessons=link_items(found["zh"], "zh"),
        en_lessons=link_items(found["en"], "en"),
        zh_labs=link_items(zh_labs, "zh"),
        en_labs=link_items(en_labs, "en"),
        zh_pyodide_note=zh_note,
        en_pyodide_note=en_note,
    )
    (out / "index.html").write_text(page, encoding="utf-8")


def install_kernel_watch(out: Path, offline: bool) -> list[Path]:
    """Load site/kernel_watch.js first in every JupyterLite page: when the Pyodide kernel
    cannot start, the page says so in Chinese and English, with what to do, instead of
    leaving the first cell at [*]. Returns the pages changed."""
    settings = {"offline": offline,
                "timeoutSeconds": KERNEL_TIMEOUT_SECONDS["offline" if offline else "cdn"]}
    script = (SITE_SRC / "kernel_watch.js").read_text(encoding="utf-8")
    (out / KERNEL_WATCH).write_text(script.replace("__CRMLAB_SETTINGS__", json.dumps(settings)), encoding="utf-8")
    pages = []
    for page in sorted(out.glob("*/index.html")):
        text = page.read_text(encoding="utf-8")
        root = re.search(r'<script id="jupyter-config-data"[^>]*data-jupyter-lite-root="([^"]+)"', text)
        if root is None or root.group(1) == "." or KERNEL_WATCH in text:
            continue
        tag = f'<script src="{root.group(1)}/{KERNEL_WATCH}"></script>\n    '
        page.write_text(text.replace('<script id="jupyter-config-data"', tag + '<script id="jupyter-config-data"', 1),
                        encoding="utf-8")
        pages.append(page)
    if not any(p.parent.name == "lab" for p in pages):
        raise SystemExit("no JupyterLab page (lab/index.html) to load the Pyodide watch into: the lite build changed")
    return pages


# ---------------------------------------------------------------- Pyodide


def check_pyodide_dir(pyodide_dir: Path) -> list[str]:
    """Fail on a directory that is not a Pyodide runtime; list the packages it lacks."""
    missing = [name for name in PYODIDE_RUNTIME if not (pyodide_dir / name).is_file()]
    if missing:
        raise SystemExit(
            f"{pyodide_dir} is not a Pyodide distribution: {', '.join(missing)} missing. "
            "Give the folder that holds pyodide.mjs (for example the unpacked full release's pyodide/ folder)."
        )
    from jupyterlite_pyodide_kernel.constants import PYODIDE_VERSION

    lock = json.loads((pyodide_dir / "pyodide-lock.json").read_text(encoding="utf-8"))
    version = lock.get("info", {}).get("version")
    if version and version != PYODIDE_VERSION:
        log(f"warning: Pyodide {version} given; jupyterlite-pyodide-kernel is made for {PYODIDE_VERSION}")
    # the lock's keys and its "depends" spell some names differently (prompt-toolkit / prompt_toolkit)
    packages = {normalize(k): v for k, v in lock.get("packages", {}).items()}
    lacking = []
    seen: set[str] = set()
    stack = list(PYODIDE_PACKAGES)
    while stack:
        name = normalize(stack.pop())
        if name in seen:
            continue
        seen.add(name)
        if name not in packages:
            lacking.append(name)
            continue
        stack.extend(packages[name].get("depends", []))
        if not (pyodide_dir / packages[name]["file_name"]).is_file():
            lacking.append(name)
    return sorted(lacking)


# ---------------------------------------------------------------- build


def build(out: Path, work: Path, pyodide_dir: Path | None, notebooks: Path = ROOT / "notebooks") -> dict:
    out, work = out.resolve(), work.resolve()
    # clean build: the doit database and the cache live in the lite dir (work)
    for path in (out, work):
        if path.exists():
            shutil.rmtree(path)
    work.mkdir(parents=True)
    version = importlib.metadata.version("crmlab") if _installed("crmlab") else "0.1.0"

    lacking: list[str] = []
    if pyodide_dir is not None:
        pyodide_dir = pyodide_dir.resolve()
        lacking = check_pyodide_dir(pyodide_dir)
        if lacking:
            log("warning: this Pyodide has no wheels for " + ", ".join(lacking)
                + ": the kernel or the lessons will not start offline; give the full distribution")

    log("contents: lesson notebooks, labs, data")
    content = work / "content"
    found = collect_contents(content, Path(notebooks))
    write_readme(content, found, version)

    log("wheels: crmlab and the pure-Python dependencies Pyodide lacks")
    pypi = work / "pypi"
    pypi.mkdir()
    wheels = [build_crmlab_wheel(pypi)] + [wheel_from_installed(name, pypi) for name in PURE_WHEELS]

    log("lab extensions: " + ", ".join(LAB_EXTENSIONS))
    labext_root = Path(sys.prefix) / "share" / "jupyter" / "labextensions"
    for name in LAB_EXTENSIONS:
        src = labext_root / name
        if not (src / "package.json").is_file():
            raise SystemExit(f"the lab extension {name} is not installed in {labext_root}: pip install the project's [lab] extras")
        shutil.copytree(src, work / "labextensions" / name)

    config = json.loads((SITE_SRC / "jupyter_lite_config.json").read_text(encoding="utf-8"))
    config["LiteBuildConfig"]["output_dir"] = str(out)
    config.setdefault("FederatedExtensionAddon", {})["extra_labextensions_path"] = [str(work / "labextensions")]
    lite = json.loads((SITE_SRC / "jupyter-lite.json").read_text(encoding="utf-8"))
    kernel = lite["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if pyodide_dir is not None:
        # the well-known place: jupyterlite copies static/pyodide and points pyodideUrl at it
        log(f"pyodide: copying {pyodide_dir}")
        shutil.copytree(pyodide_dir, work / "static" / "pyodide", ignore=shutil.ignore_patterns("*.map", "node_modules"))
        kernel["disablePyPIFallback"] = True
    (work / "jupyter_lite_config.json").write_text(json.dumps(config, indent=2), encoding="utf-8")
    (work / "jupyter-lite.json").write_text(json.dumps(lite, indent=2), encoding="utf-8")

    log("jupyter lite build")
    env = dict(os.environ, JUPYTERLITE_DIR=str(work))
    env.pop("JUPYTERLITE_PYODIDE_URL", None)
    result = subprocess.run(
        [sys.executable, "-m", "jupyterlite_core", "build", "--lite-dir", str(work), "--output-dir", str(out)],
        cwd=work, env=env, capture_output=True, text=True,
    )
    (work / "build.log").write_text(result.stdout + result.stderr, encoding="utf-8")
    if result.returncode != 0:
        sys.stderr.write(result.stdout[-4000:] + result.stderr[-4000:])
        raise SystemExit(f"jupyter lite build failed (log: {work / 'build.log'})")

    install_kernel_watch(out, offline=pyodide_dir is not None)
    write_landing_page(out, found, version, offline=pyodide_dir is not None)
    (out / ".nojekyll").write_text("", encoding="utf-8")  # GitHub Pages: serve folders that start with _
    summary = verify(out, found, wheels, pyodide_dir)
    summary["pyodide_lacking"] = lacking
    return summary


def _installed(name: str) -> bool:
    try:
        importlib.metadata.version(name)
        return True
    except importlib.metadata.PackageNotFoundError:
        return False


def verify(out: Path, found: dict, wheels: list[Path], pyodide_dir: Path | None) -> dict:
    """Check the output: every notebook, every wheel indexed, the kernel's settings."""
    problems = []
    notebooks = [path for rows in found.values() for path, _ in rows]
    for rel in notebooks:
        if not (out / "files" / rel).is_file():
            problems.append(f"notebook {rel} missing from files/")
    index = json.loads((out / "pypi" / "all.json").read_text(encoding="utf-8"))
    for wheel in wheels:
        if not (out / "pypi" / wheel.name).is_file():
            problems.append(f"wheel {wheel.name} missing from pypi/")
    for name in ("crmlab", *[normalize(n) for n in PURE_WHEELS]):
        if name not in index:
            problems.append(f"{name} missing from pypi/all.json")
    lite = json.loads((out / "jupyter-lite.json").read_text(encoding="utf-8"))
    settings = lite["jupyter-config-data"]["litePluginSettings"][KERNEL_PLUGIN]
    if not any(u.startswith("./pypi/all.json") for u in settings.get("pipliteUrls", [])):
        problems.append("jupyter-lite.json does not point piplite at ./pypi/all.json")
    if pyodide_dir is not None:
        url = settings.get("pyodideUrl", "")
        if not url.startswith("./") or not (out / url).is_file():
            problems.append(f"pyodideUrl {url!r} does not point at the bundled Pyodide")
        if settings.get("disablePyPIFallback") is not True:
            problems.append("the PyPI fallback is not disabled in the offline bundle")
    elif "pyodideUrl" in settings:
        problems.append(f"pyodideUrl {settings['pyodideUrl']!r} set although no Pyodide was bundled")
    for app in ("lab", "notebooks", "repl"):
        page = out / app / "index.html"
        if page.is_file() and KERNEL_WATCH not in page.read_text(encoding="utf-8"):
            problems.append(f"{app}/index.html does not load {KERNEL_WATCH} (no message when Pyodide cannot start)")
    ext = out / "extensions" / "@jupyter-widgets" / "jupyterlab-manager" / "package.json"
    if not ext.is_file():
        problems.append("the ipywidgets front end is missing from extensions/")
    if problems:
        raise SystemExit("the site is incomplete:\n  " + "\n  ".join(problems))
    size = sum(p.stat().st_size for p in out.rglob("*") if p.is_file())
    return {
        "out": str(out),
        "notebooks": notebooks,
        "wheels": sorted(w.name for w in wheels),
        "pyodide": settings.get("pyodideUrl", "(public CDN)"),
        "size_mb": round(size / 2**20, 1),
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--out", type=Path, default=ROOT / "build" / "site", help="output folder (default build/site)")
    parser.add_argument("--work", type=Path, default=None, help="staging folder (default: <out>-src)")
    parser.add_argument(
        "--pyodide-dir", type=Path, default=os.environ.get("PYODIDE_DIR") or None,
        help="a local Pyodide distribution to bundle (offline classrooms); default $PYODIDE_DIR, else the public CDN",
    )
    parser.add_argument(
        "--notebooks", type=Path, default=ROOT / "notebooks",
        help="folder with the zh/ and en/ lesson notebooks (default notebooks/; e.g. a solved build)",
    )
    args = parser.parse_args(argv)
    work = args.work or args.out.with_name(args.out.name + "-src")
    summary = build(args.out, work, args.pyodide_dir, args.notebooks)
    log(f"{len(summary['notebooks'])} notebooks, {len(summary['wheels'])} wheels, Pyodide: {summary['pyodide']}, "
        f"{summary['size_mb']} MB in {summary['out']}")
    log("serve it with: python -m http.server -d " + os.path.relpath(summary["out"]) + " 8000")
    return 0


if __name__ == "__main__":
    sys.exit(main())
