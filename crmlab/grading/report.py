"""Class analytics for one lab: what the class got right, what stumped it, and code to review.

``crmlab grade report <lab>`` (:func:`analyse` then :func:`write_report`) writes a
self-contained bilingual HTML page and a notebook that reproduces it:

- **Per task**: the share of submitting students with full, partial and no marks;
  item difficulty (mean score / maximum) and discrimination (point-biserial
  correlation between "full marks on this task" and the total of the *other* tasks,
  :func:`scipy.stats.pointbiserialr`), as for the items of any exam.
- **Common mistakes**: the diagnosed mistake codes that the autograded notebooks
  carry in each grade cell's output, a ``display_data`` with mimetype
  :data:`VERDICT_MIME` holding ``{"grade_id", "score", "max_score", "mistake",
  "message_zh", "message_en"}``.
- A **heatmap** of students x tasks and the **distribution of total scores**.
- **Code similarity** between submissions with copydetect (winnowing, as MOSS
  does) on each student's own code: the solution cells (nbgrader ``solution: true``)
  and the cells the student added; the release notebook's code is the boilerplate
  that is excluded. Pairs above a threshold are listed for the instructor to review.
  Nothing here changes a grade.

Scores are read through nbgrader's public :class:`nbgrader.api.Gradebook` only; the
gradebook is never written.
"""

from __future__ import annotations

import base64
import html
import io
import json
import math
import time
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import pandas as pd

from ..plot import set_theme
from .coursegrade import open_gradebook

__all__ = ["VERDICT_MIME", "ClassReport", "analyse", "load_scores", "item_statistics", "read_verdicts",
           "common_mistakes", "student_code", "code_similarity", "heatmap_figure", "totals_figure", "png",
           "write_report", "DEFAULT_THRESHOLD"]

VERDICT_MIME = "application/vnd.crmlab.verdict+json"
#: A pair is listed when either side's share of copied code reaches this (copydetect's
#: own display default is 0.33; everyone here solves the same tasks, so we ask for more).
DEFAULT_THRESHOLD = 0.5
NOISE_T = 25      # copydetect: shortest match that counts (characters of filtered code)
GUARANTEE_T = 30  # copydetect: matches this long are always found (window = 30 - 25 + 1)


def _tqdm(iterable, progress, desc, total=None):
    if not progress:
        return iterable
    from tqdm.auto import tqdm

    return tqdm(iterable, desc=desc, total=total, unit="对 pairs" if "pairs" in desc else "人 students")


# -- scores --------------------------------------------------------------------------------
def _task_order(root: Path, lab: str) -> list:
    """grade_ids in notebook order, from the release (or source) notebooks."""
    import nbformat

    order = []
    for folder in (root / "release" / lab, root / "source" / lab):
        for p in sorted(folder.glob("*.ipynb")):
            for c in nbformat.read(str(p), as_version=4).cells:
                meta = c.metadata.get("nbgrader", {})
                if meta.get("grade") and meta.get("grade_id") not in order:
                    order.append(meta["grade_id"])
        if order:
            break
    return order


def load_scores(root, lab, *, progress=False):
    """Per-task points of every submission of ``lab`` from the course's gradebook.

    Returns
    -------
    scores : DataFrame
        Index: student id (students who submitted), columns: tasks (grade ids,
        ``<notebook>:<grade_id>`` when the lab has several notebooks), values: points
        (nbgrader's score: the manual score if given, else the autograde; NaN if the
        cell still needs manual grading).
    max_scores : Series
        Maximum points per task.
    manual : Series of bool
        Tasks graded by hand (written answers).
    roster : list of str
        Every student in the gradebook.
    """
    root = Path(root).resolve()
    from nbgrader.api import MissingEntry

    with open_gradebook(root) as gb:
        try:
            a = gb.find_assignment(lab)
        except MissingEntry:
            known = sorted(x.name for x in gb.assignments)
            raise ValueError(f"成绩库中没有作业 {lab!r}（已有：{known}）/ the gradebook has no assignment {lab!r} "
                             f"(it has {known})") from None
        several = len(a.notebooks) > 1
        max_scores, manual = {}, {}
        for nb in a.notebooks:
            for gc in nb.grade_cells:
                key = f"{nb.name}:{gc.name}" if several else gc.name
                max_scores[key] = float(gc.max_score)
                manual[key] = gc.cell_type == "markdown"
        roster = sorted(s.id for s in gb.students)
        rows = {}
        subs = list(a.submissions)
        for sub in _tqdm(subs, progress, "读取成绩 / reading scores", total=len(subs)):
            row = {}
            for snb in sub.notebooks:
                for g in snb.grades:
                    key = f"{snb.name}:{g.name}" if several else g.name
                    s = g.score if (g.manual_score is not None or g.auto_score is not None) else None
                    row[key] = np.nan if s is None else float(s)
            rows[sub.student.id] = row
    order = [t for t in _task_order(root, lab) if t in max_scores] if not several else []
    cols = order + [t for t in max_scores if t not in order]
    scores = pd.DataFrame.from_dict(rows, orient="index").reindex(columns=cols).sort_index()
    scores.index.name = "student_id"
    return scores, pd.Series(max_scores)[cols], pd.Series(manual)[cols], roster


def item_statistics(scores: pd.DataFrame, max_scores: pd.Series) -> pd.DataFrame:
    """Classical item analysis of the tasks of one lab.

    Parameters
    ----------
    scores : DataFrame
        Points per student (rows) and task (columns); NaN (not graded yet) counts as 0.
    max_scores : Series
        Maximum points per task.

    Returns
    -------
    DataFrame
        One row per task: ``max``, ``n``, ``full`` / ``partial`` / ``none`` (shares of
        students with all, some and no points), ``mean``, ``difficulty`` (mean / max:
        high = easy), ``discrimination`` (point-biserial r between full marks on the
        task, 0/1, and the total of the other tasks; NaN when either is constant) and
        ``ungraded`` (students whose score is still missing).
    """
    from scipy import stats

    filled = scores.fillna(0.0)
    total = filled.sum(axis=1)
    rows = []
    for task in scores.columns:
        m = float(max_scores[task])
        x = filled[task]
        full = (x >= m - 1e-9) & (m > 0)
        none = x <= 1e-9
        partial = ~full & ~none
        rest = total - x
        if len(x) > 2 and full.nunique() == 2 and rest.nunique() > 1:
            r = float(stats.pointbiserialr(full.astype(int), rest).statistic)
        else:
            r = float("nan")
        rows.append({"task": task, "max": m, "n": int(len(x)), "full": float(full.mean()) if len(x) else np.nan,
                     "partial": float(partial.mean()) if len(x) else np.nan,
                     "none": float(none.mean()) if len(x) else np.nan, "mean": float(x.mean()) if len(x) else np.nan,
                     "difficulty": float(x.mean() / m) if len(x) and m else np.nan, "discrimination": r,
                     "ungraded": int(scores[task].isna().sum())})
    return pd.DataFrame(rows).set_index("task")


# -- mistakes ------------------------------------------------------------------------------
def read_verdicts(nb) -> list:
    """The verdict markers in a (graded) notebook's outputs, in cell order.

    A marker is a ``display_data`` (or ``execute_result``) output whose data has
    :data:`VERDICT_MIME`, holding a dict (or its JSON text) with ``grade_id``,
    ``score``, ``max_score``, ``mistake`` (a code or None), ``message_zh`` and
    ``message_en``. The cell's own ``grade_id`` is used when the marker lacks one.
    """
    out = []
    for cell in nb.get("cells", []):
        gid = cell.get("metadata", {}).get("nbgrader", {}).get("grade_id")
        for o in cell.get("outputs", []) or []:
            if o.get("output_type") not in ("display_data", "execute_result"):
                continue
            data = (o.get("data") or {}).get(VERDICT_MIME)
            if data is None:
                continue
            if isinstance(data, str):
                try:
                    data = json.loads(data)
                except ValueError:
                    continue
            if isinstance(data, dict):
                v = dict(data)
                v.setdefault("grade_id", gid)
                out.append(v)
    return out


def common_mistakes(root, lab, students, *, progress=False) -> tuple[pd.DataFrame, int]:
    """Count the diagnosed mistakes in the autograded notebooks of ``students``.

    Returns ``(table, n_notebooks_with_markers)``; the table has one row per task
    and mistake code: ``task``, ``mistake``, ``count``, ``share`` (of the students
    with a marker for that task), ``message_zh``, ``message_en`` (the first seen),
    sorted by count.
    """
    import nbformat

    root = Path(root)
    counts, seen, msgs = {}, {}, {}
    with_markers = 0
    for sid in _tqdm(list(students), progress, "读取评分结果 / reading verdicts"):
        folder = root / "autograded" / sid / lab
        found = False
        for p in sorted(folder.glob("*.ipynb")) if folder.is_dir() else []:
            try:
                nb = nbformat.read(str(p), as_version=4)
            except Exception:  # noqa: BLE001 - a broken file is skipped, the report goes on
                continue
            for v in read_verdicts(nb):
                found = True
                task = str(v.get("grade_id"))
                seen[task] = seen.get(task, 0) + 1
                code = v.get("mistake")
                if code:
                    counts[(task, str(code))] = counts.get((task, str(code)), 0) + 1
                    msgs.setdefault((task, str(code)), (v.get("message_zh") or "", v.get("message_en") or ""))
        with_markers += found
    rows = [{"task": t, "mistake": c, "count": n, "share": n / seen[t], "message_zh": msgs[(t, c)][0],
             "message_en": msgs[(t, c)][1]} for (t, c), n in counts.items()]
    cols = ["task", "mistake", "count", "share", "message_zh", "message_en"]
    table = pd.DataFrame(rows, columns=cols).sort_values(["count", "task"], ascending=[False, True], kind="stable")
    return table.reset_index(drop=True), with_markers


# -- code similarity -----------------------------------------------------------------------
def _release_cells(root: Path, lab: str) -> dict:
    import nbformat

    out = {}
    for p in sorted((root / "release" / lab).glob("*.ipynb")):
        nb = nbformat.read(str(p), as_version=4)
        out[p.name] = nb
    return out


def student_code(nb, release_nb=None) -> str:
    """The student's own code in a submitted notebook: the code cells marked
    ``solution: true`` by nbgrader that the student changed, and code cells the
    student added (cells without nbgrader metadata whose id and text are not in the
    release notebook). Solution cells left as released hold no code of the student's."""
    rel_ids, rel_src, rel_by_gid = set(), set(), {}
    if release_nb is not None:
        for c in release_nb.cells:
            if c.get("id"):
                rel_ids.add(c["id"])
            rel_src.add(c.source.strip())
            gid = c.metadata.get("nbgrader", {}).get("grade_id")
            if gid:
                rel_by_gid[gid] = c.source.strip()
    parts = []
    for c in nb.cells:
        if c.cell_type != "code":
            continue
        meta = c.metadata.get("nbgrader", {})
        if meta.get("solution"):
            if rel_by_gid.get(meta.get("grade_id")) != c.source.strip():
                parts.append(c.source)
        elif not meta and c.get("id") not in rel_ids and c.source.strip() not in rel_src:
            parts.append(c.source)
    return "\n\n".join(p.strip("\n") for p in parts if p.strip())


def _fingerprint(name, code, boilerplate):
    from copydetect import CodeFingerprint

    return CodeFingerprint(f"{name}.py", NOISE_T, GUARANTEE_T - NOISE_T + 1, boilerplate=boilerplate,
                           language="python", fp=io.StringIO(code))


def _slices_text(code: str, slices, limit=3, width=400) -> str:
    parts = []
    for start, end in list(zip(slices[0], slices[1]))[:limit]:
        parts.append(code[int(start):int(end)].strip()[:width])
    return "\n…\n".join(p for p in parts if p)


def _fingerprint_many(items, boilerplate, jobs, progress):
    """Fingerprints of ``[(student, code)]``: tokenising is the slow part, so it runs in
    ``jobs`` worker processes when there are many students."""
    out = {}
    if jobs > 1 and len(items) >= 40:
        from concurrent.futures import ProcessPoolExecutor

        chunk = max(1, len(items) // (jobs * 8))
        with ProcessPoolExecutor(max_workers=jobs) as pool:
            results = pool.map(_fingerprint_star, [(sid, code, boilerplate) for sid, code in items], chunksize=chunk)
            for sid, fp in _tqdm(results, progress, "指纹 / fingerprints", total=len(items)):
                out[sid] = fp
    else:
        for sid, code in _tqdm(items, progress, "指纹 / fingerprints", total=len(items)):
            out[sid] = _fingerprint(sid, code, boilerplate)
    return {sid: fp for sid, fp in out.items() if fp.hashes}


def _fingerprint_star(args):
    return args[0], _fingerprint(*args)


#: Pairs whose share of common fingerprints is below this fraction of the threshold on
#: both sides are not compared token by token (copied code shares nearly all of them).
PREFILTER = 0.5


def code_similarity(codes: dict, boilerplate: str = "", *, threshold=DEFAULT_THRESHOLD, jobs=None, progress=False):
    """Pairwise code similarity with copydetect (winnowing, as MOSS).

    Parameters
    ----------
    codes : dict
        ``{student_id: code}``; empty code is left out.
    boilerplate : str
        Code everybody was given (the release notebook's): its fingerprints are removed.
    threshold : float, default=0.5
        A pair is listed when either similarity reaches it.
    jobs : int, optional
        Processes that fingerprint the code (default: the CPUs).

    Returns
    -------
    pairs : DataFrame
        ``a``, ``b``, ``sim_a`` (share of a's code found in b, copydetect's
        similarity), ``sim_b``, ``overlap`` (matching tokens), ``snippet_a``,
        ``snippet_b``; sorted by the larger similarity. Only pairs at or above
        ``threshold``.
    n_compared : int
        Number of pairs compared (every pair of students with code).
    max_sim : Series
        Each student's highest similarity to anyone, over the pairs compared token by
        token (pairs sharing less than ``PREFILTER * threshold`` of their
        fingerprints on both sides are screened out first and count as 0).
    """
    import os

    from copydetect import compare_files

    bp = _fingerprint("boilerplate", boilerplate, None) if boilerplate.strip() else None
    bp_hashes = np.array(sorted(bp.hashes), dtype=np.int64) if bp is not None and bp.hashes else None
    items = [(sid, code) for sid, code in sorted(codes.items()) if code.strip()]
    prints = _fingerprint_many(items, bp_hashes, jobs or os.cpu_count() or 1, progress)
    ids = sorted(prints)
    rows, n = [], 0
    max_sim = pd.Series(0.0, index=ids, dtype=float)
    screen = PREFILTER * threshold
    sizes = {sid: len(prints[sid].hashes) for sid in ids}
    total = len(ids) * (len(ids) - 1) // 2
    pairs = ((ids[i], ids[j]) for i in range(len(ids)) for j in range(i + 1, len(ids)))
    for a, b in _tqdm(pairs, progress, "比较 / comparing pairs", total=total):
        fa, fb = prints[a], prints[b]
        n += 1
        common = len(fa.hashes & fb.hashes)
        if not common or max(common / sizes[a], common / sizes[b]) < screen:
            continue
        overlap, (sa, sb), (sla, slb) = compare_files(fa, fb)
        sa, sb = float(sa), float(sb)
        max_sim[a] = max(max_sim[a], sa)
        max_sim[b] = max(max_sim[b], sb)
        if max(sa, sb) >= threshold:
            rows.append({"a": a, "b": b, "sim_a": sa, "sim_b": sb, "overlap": int(overlap),
                         "snippet_a": _slices_text(fa.raw_code, sla), "snippet_b": _slices_text(fb.raw_code, slb)})
    cols = ["a", "b", "sim_a", "sim_b", "overlap", "snippet_a", "snippet_b"]
    table = pd.DataFrame(rows, columns=cols)
    if len(table):
        table = table.assign(_k=table[["sim_a", "sim_b"]].max(axis=1)).sort_values("_k", ascending=False,
                                                                                   kind="stable").drop(columns="_k")
    return table.reset_index(drop=True), n, max_sim


def submission_codes(root, lab, students, *, progress=False) -> tuple[dict, str]:
    """``({student: own code}, boilerplate)`` from ``submitted/<student>/<lab>/`` and the release."""
    import nbformat

    root = Path(root)
    release = _release_cells(root, lab)
    # everything the release gives: all its code, and its answer cells alone in the order students'
    # code is joined (so that matches across the seams of untouched answer cells are excluded too)
    boiler = "\n\n".join(c.source for nb in release.values() for c in nb.cells if c.cell_type == "code")
    boiler += "\n\n" + "\n\n".join(c.source.strip("\n") for nb in release.values() for c in nb.cells
                                   if c.cell_type == "code" and c.metadata.get("nbgrader", {}).get("solution"))
    codes = {}
    for sid in _tqdm(list(students), progress, "读取提交 / reading submissions"):
        folder = root / "submitted" / sid / lab
        parts = []
        for name, rel in release.items():
            p = folder / name
            if not p.exists():
                continue
            try:
                parts.append(student_code(nbformat.read(str(p), as_version=4), rel))
            except Exception:  # noqa: BLE001 - an unreadable notebook has no code to compare
                continue
        codes[sid] = "\n\n".join(x for x in parts if x)
    return codes, boiler


# -- the report ------------------------------------------------------------------------------
@dataclass
class ClassReport:
    """Everything :func:`write_report` shows; see :func:`analyse`."""

    lab: str
    root: Path
    scores: pd.DataFrame
    max_scores: pd.Series
    manual: pd.Series
    roster: list
    missing: list
    items: pd.DataFrame
    mistakes: pd.DataFrame
    n_with_markers: int
    similarity: pd.DataFrame | None
    n_compared: int = 0
    max_similarity: pd.Series | None = None
    threshold: float = DEFAULT_THRESHOLD
    timings: dict = field(default_factory=dict)

    @property
    def totals(self) -> pd.Series:
        return self.scores.fillna(0.0).sum(axis=1)

    def summary(self) -> str:
        t = self.totals
        hard = self.items[self.items["full"] < 0.5].index.tolist()
        pairs = 0 if self.similarity is None else len(self.similarity)
        return (f"{self.lab}: {len(self.scores)}/{len(self.roster)} 份提交 / submitted; "
                f"平均 / mean {t.mean():.1f}/{self.max_scores.sum():g}; "
                f"未交 / none: {len(self.missing)}; 多数未得满分的题 / tasks most missed: {hard or '-'}; "
                f"相似代码对 / similar pairs ≥ {self.threshold:g}: {pairs}")


def analyse(root, lab, *, threshold=None, similarity=True, jobs=None, progress=True) -> ClassReport:
    """Compute the class report of ``lab`` (reads the gradebook, the autograded and
    the submitted notebooks; writes nothing)."""
    root = Path(root).resolve()
    threshold = DEFAULT_THRESHOLD if threshold is None else float(threshold)
    timings = {}
    t0 = time.perf_counter()
    scores, max_scores, manual, roster = load_scores(root, lab, progress=progress)
    timings["gradebook"] = time.perf_counter() - t0
    missing = [s for s in roster if s not in scores.index]
    items = item_statistics(scores, max_scores)
    t1 = time.perf_counter()
    mistakes, n_markers = common_mistakes(root, lab, scores.index, progress=progress)
    timings["mistakes"] = time.perf_counter() - t1
    sim = max_sim = None
    n_compared = 0
    if similarity:
        t2 = time.perf_counter()
        codes, boiler = submission_codes(root, lab, scores.index, progress=progress)
        sim, n_compared, max_sim = code_similarity(codes, boiler, threshold=threshold, jobs=jobs,
                                                   progress=progress)
        timings["similarity"] = time.perf_counter() - t2
    timings["total"] = time.perf_counter() - t0
    return ClassReport(lab=lab, root=root, scores=scores, max_scores=max_scores, manual=manual, roster=roster,
                       missing=missing, items=items, mistakes=mistakes, n_with_markers=n_markers, similarity=sim,
                       n_compared=n_compared, max_similarity=max_sim, threshold=threshold, timings=timings)


# -- figures -------------------------------------------------------------------------------
def _figure(width, height):
    from matplotlib.figure import Figure

    set_theme("zh")
    return Figure(figsize=(width, height), dpi=100)


def heatmap_figure(rep: ClassReport):
    """Students (rows, by total) x tasks (columns): the share of each task's points."""
    import seaborn as sns

    frac = rep.scores.fillna(0.0).div(rep.max_scores.replace(0, np.nan)).fillna(0.0)
    frac = frac.loc[rep.totals.sort_values(ascending=False).index]
    n = len(frac)
    fig = _figure(max(7.0, 0.8 * len(frac.columns) + 3.0), min(20.0, max(4.5, 0.2 * n + 3.0)))
    ax = fig.subplots()
    sns.heatmap(frac, ax=ax, vmin=0, vmax=1, cmap="RdYlGn", cbar_kws={"label": "得分比例 / share"},
                yticklabels=n <= 60, xticklabels=True)
    ax.set_xlabel("题目 / task")
    ax.set_ylabel(f"学生（{n} 人，按总分）/ students by total")
    ax.set_title(f"{rep.lab}：学生 × 题目 / students x tasks")
    fig.tight_layout()
    return fig


def totals_figure(rep: ClassReport):
    """Histogram of the total scores, with the mean."""
    import seaborn as sns

    fig = _figure(7.0, 3.6)
    ax = fig.subplots()
    t = rep.totals
    top = float(rep.max_scores.sum())
    if len(t):
        sns.histplot(t, ax=ax, bins=np.linspace(0, top, min(21, int(top) + 2)) if top > 0 else 10, color="#4C72B0")
        ax.axvline(t.mean(), color="#C44E52", ls="--", label=f"平均 / mean {t.mean():.1f}")
        ax.legend()
    ax.set_xlim(0, max(top, 1))
    ax.set_xlabel(f"总分（满分 {top:g}）/ total (of {top:g})")
    ax.set_ylabel("人数 / students")
    ax.set_title(f"{rep.lab}：总分分布 / distribution of totals")
    fig.tight_layout()
    return fig


def _png_bytes(fig) -> bytes:
    buf = io.BytesIO()
    fig.savefig(buf, format="png")
    return buf.getvalue()


def png(fig):
    """An IPython image of a figure (for the notebook version of the report)."""
    from IPython.display import Image

    return Image(_png_bytes(fig))


# -- HTML and notebook -----------------------------------------------------------------------
_CSS = """body{font-family:"Noto Sans CJK SC","Microsoft YaHei","PingFang SC",sans-serif;margin:2em auto;max-width:1100px;
color:#222;line-height:1.5}table{border-collapse:collapse;margin:.5em 0 1.5em}td,th{border:1px solid #ccc;padding:3px 8px;
text-align:right}th{background:#f3f3f3}td.l,th.l{text-align:left}tr.hard td{background:#fff1f0}pre{background:#f7f7f7;
padding:6px;white-space:pre-wrap;font-size:12px;text-align:left;max-width:480px}.note{color:#555;font-size:14px}
img{max-width:100%}"""


def _pct(x):
    return "" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{100 * x:.0f}%"


def _num(x, d=2):
    return "–" if x is None or (isinstance(x, float) and math.isnan(x)) else f"{x:.{d}f}"


def _items_html(rep: ClassReport) -> str:
    head = ("<tr><th class=l>题目 / task</th><th>满分<br>max</th><th>人数<br>n</th><th>满分<br>full</th>"
            "<th>部分<br>partial</th><th>零分<br>none</th><th>平均<br>mean</th><th>难度<br>difficulty</th>"
            "<th>区分度<br>discrimination</th><th>待人工评<br>ungraded</th></tr>")
    body = []
    for task, r in rep.items.iterrows():
        kind = "（人工 / manual）" if bool(rep.manual.get(task, False)) else ""
        cls = " class=hard" if r["full"] < 0.5 else ""
        body.append(f"<tr{cls}><td class=l>{html.escape(str(task))}{kind}</td><td>{r['max']:g}</td><td>{r['n']}</td>"
                    f"<td>{_pct(r['full'])}</td><td>{_pct(r['partial'])}</td><td>{_pct(r['none'])}</td>"
                    f"<td>{_num(r['mean'])}</td><td>{_num(r['difficulty'])}</td><td>{_num(r['discrimination'])}</td>"
                    f"<td>{r['ungraded']}</td></tr>")
    return f"<table>{head}{''.join(body)}</table>"


def _mistakes_html(rep: ClassReport) -> str:
    if rep.mistakes.empty:
        return ("<p>尚未记录诊断出的错误（评分结果中没有错误标记）。/ No diagnosed mistakes recorded "
                f"(no mistake markers in the graded notebooks; {rep.n_with_markers} notebooks carried verdicts).</p>")
    rows = "".join(f"<tr><td class=l>{html.escape(r.task)}</td><td class=l><code>{html.escape(r.mistake)}</code></td>"
                   f"<td>{r['count']}</td><td>{_pct(r.share)}</td><td class=l>{html.escape(r.message_zh)}<br>"
                   f"<span class=note>{html.escape(r.message_en)}</span></td></tr>"
                   for _, r in rep.mistakes.head(30).iterrows())
    return ("<table><tr><th class=l>题目 / task</th><th class=l>错误 / mistake</th><th>人数 / count</th>"
            f"<th>占比 / share</th><th class=l>说明 / message</th></tr>{rows}</table>")


def _similarity_html(rep: ClassReport, out_dir: Path) -> str:
    if rep.similarity is None:
        return "<p>未做代码相似度检查（--no-similarity）。/ Code similarity was not checked.</p>"
    intro = (f"<p class=note>copydetect（winnowing，同 MOSS），只比较学生自己的代码（答案单元格与新增单元格），"
             f"发布版的代码作为模板排除；比较了 {rep.n_compared} 对，阈值 {rep.threshold:g}（任一方相似度）。"
             f"<b>仅供教师复核，不会自动扣分或改分。</b><br>copydetect (winnowing, as MOSS) on the students' own code "
             f"(solution cells and added cells), the release's code excluded as boilerplate; {rep.n_compared} pairs "
             f"compared, threshold {rep.threshold:g} (either side). <b>For the instructor's review only: no grade is "
             f"changed.</b></p>")
    if rep.similarity.empty:
        return intro + "<p>没有超过阈值的代码对。/ No pair above the threshold.</p>"

    def link(sid):
        folder = rep.root / "submitted" / sid / rep.lab
        nbs = sorted(folder.glob("*.ipynb"))
        target = nbs[0] if nbs else folder
        try:
            href = Path(__import__("os").path.relpath(target, out_dir)).as_posix()
        except ValueError:
            href = target.as_uri()
        return f'<a href="{html.escape(href)}">{html.escape(sid)}</a>'

    rows = "".join(f"<tr><td class=l>{link(r.a)}</td><td class=l>{link(r.b)}</td><td>{_pct(r.sim_a)}</td>"
                   f"<td>{_pct(r.sim_b)}</td><td>{r.overlap}</td><td class=l><pre>{html.escape(r.snippet_a)}</pre></td>"
                   f"<td class=l><pre>{html.escape(r.snippet_b)}</pre></td></tr>"
                   for _, r in rep.similarity.iterrows())
    return intro + ("<table><tr><th class=l>学生 A</th><th class=l>学生 B</th><th>A 的相似度<br>sim A</th>"
                    "<th>B 的相似度<br>sim B</th><th>重合记号<br>tokens</th><th class=l>A 的片段 / snippet A</th>"
                    f"<th class=l>B 的片段 / snippet B</th></tr>{rows}</table>")


def to_html(rep: ClassReport, out_dir=".") -> str:
    """The report as one self-contained HTML page (figures embedded as PNG)."""
    out_dir = Path(out_dir)
    t = rep.totals
    top = rep.max_scores.sum()

    def img(fig):
        return f'<img alt="" src="data:image/png;base64,{base64.b64encode(_png_bytes(fig)).decode()}">'

    hard = rep.items[rep.items["full"] < 0.5].index.tolist()
    missing = ", ".join(rep.missing) if rep.missing else "无 / none"
    parts = [
        f"<!DOCTYPE html><html lang=zh><head><meta charset=utf-8><title>{html.escape(rep.lab)} 班级分析 / class report"
        f"</title><style>{_CSS}</style></head><body>",
        f"<h1>{html.escape(rep.lab)}：班级分析报告 / Class report</h1>",
        "<h2>概览 / Overview</h2>",
        f"<p>名单 {len(rep.roster)} 人，提交 {len(rep.scores)} 份；总分平均 {t.mean() if len(t) else 0:.1f}、"
        f"中位数 {t.median() if len(t) else 0:.1f}（满分 {top:g}）。<br>Roster {len(rep.roster)}, submitted "
        f"{len(rep.scores)}; mean total {t.mean() if len(t) else 0:.1f}, median {t.median() if len(t) else 0:.1f} "
        f"(of {top:g}).</p>",
        f"<p><b>没有提交 / no submission</b>（{len(rep.missing)}）：{html.escape(missing)}</p>",
        f"<p><b>多数学生没拿满分的题 / tasks most students missed</b>（满分率 &lt; 50%）：{html.escape(', '.join(hard) or '无 / none')}</p>",
        "<h2>每题得分 / Per task</h2>",
        "<p class=note>满分/部分/零分：提交者中的比例。难度 = 平均分 / 满分（越高越容易）。区分度 = 该题是否满分（0/1）与其余各题"
        "总分的点二列相关（scipy.stats.pointbiserialr）；低于 0.2 说明这道题没能区分掌握好与没掌握的学生。<br>"
        "Full/partial/none: shares of the submitting students. Difficulty = mean / max (higher = easier). Discrimination "
        "= point-biserial r between full marks on the task (0/1) and the total of the other tasks; below 0.2 the task "
        "does not separate students who master the lab from those who do not.</p>",
        _items_html(rep),
        "<h2>常见错误 / Common mistakes</h2>",
        _mistakes_html(rep),
        "<h2>学生 × 题目热图 / Students x tasks</h2>", img(heatmap_figure(rep)),
        "<h2>总分分布 / Distribution of totals</h2>", img(totals_figure(rep)),
        "<h2>代码相似度 / Code similarity</h2>",
        _similarity_html(rep, out_dir),
        "<p class=note>由 crmlab grade report 生成；笔记本版本可复现本报告。/ Made by crmlab grade report; the notebook "
        "next to this page reproduces it.</p></body></html>",
    ]
    return "\n".join(parts)


def to_notebook(rep: ClassReport):
    """A notebook (nbformat) whose cells recompute and show this report."""
    import nbformat
    from nbformat.v4 import new_code_cell, new_markdown_cell, new_notebook

    cells = [
        new_markdown_cell(f"# {rep.lab}：班级分析报告 / Class report\n\n运行全部单元格即可重新生成报告（读取成绩库、"
                          "评分后的笔记本和提交，不修改任何成绩）。/ Run all cells to recompute the report (reads the "
                          "gradebook, graded and submitted notebooks; changes no grade)."),
        new_code_cell(f"from crmlab.grading import report as R\n\nCOURSE = {str(rep.root)!r}\nLAB = {rep.lab!r}\n"
                      f"rep = R.analyse(COURSE, LAB, threshold={rep.threshold!r}, "
                      f"similarity={rep.similarity is not None!r}, progress=False)\nprint(rep.summary())\n"
                      "print('没有提交 / no submission:', rep.missing)"),
        new_markdown_cell("## 每题得分 / Per task\n满分/部分/零分比例、难度（平均分/满分）、区分度（点二列相关）。/ "
                          "Shares of full/partial/no marks, difficulty (mean/max), discrimination (point-biserial)."),
        new_code_cell("rep.items.round(3)"),
        new_markdown_cell("## 常见错误 / Common mistakes"),
        new_code_cell("rep.mistakes if len(rep.mistakes) else print('尚未记录诊断出的错误 / no diagnosed mistakes "
                      "recorded')"),
        new_markdown_cell("## 学生 × 题目热图 / Students x tasks"),
        new_code_cell("R.png(R.heatmap_figure(rep))"),
        new_markdown_cell("## 总分分布 / Distribution of totals"),
        new_code_cell("R.png(R.totals_figure(rep))"),
        new_markdown_cell("## 代码相似度 / Code similarity\n仅供复核，不自动扣分。/ For review only; no grade changes."),
        new_code_cell("rep.similarity"),
    ]
    nb = new_notebook(cells=cells, metadata={"kernelspec": {"name": "python3", "display_name": "Python 3",
                                                              "language": "python"}})
    nbformat.validate(nb)
    return nb


def write_report(rep: ClassReport, out_dir=None) -> tuple[Path, Path]:
    """Write ``report.html`` (self-contained) and ``report.ipynb`` into ``out_dir``
    (default ``<course>/reports/<lab>``); returns both paths."""
    import nbformat

    out_dir = Path(out_dir) if out_dir else rep.root / "reports" / rep.lab
    out_dir.mkdir(parents=True, exist_ok=True)
    html_path = out_dir / "report.html"
    html_path.write_text(to_html(rep, out_dir), encoding="utf-8")
    nb_path = out_dir / "report.ipynb"
    nbformat.write(to_notebook(rep), str(nb_path))
    return html_path, nb_path
