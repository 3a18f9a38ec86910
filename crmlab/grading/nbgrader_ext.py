"""nbgrader preprocessors of crmlab's trusted grading (used by ``assignments/nbgrader_config.py``).

nbgrader grades a notebook in two passes; crmlab adds one small preprocessor to the
first and three to the second, so that plain ``nbgrader autograde``, the formgrader
and ``crmlab grade autograde`` all grade the same way:

sanitize
    :class:`RestoreCellMetadata` (before nbgrader's ``OverwriteCells``): a submission
    whose nbgrader cell metadata was edited (``grade: false``, renamed ``grade_id``,
    changed points, removed metadata, duplicated cells) is put back to the
    instructor's cells from the gradebook, and what was changed is recorded, so the
    submission is graded instead of failing.
autograde
    :class:`HandOffAnswers` replaces the code of every test cell by a handoff of the
    answers its trusted check needs (:mod:`crmlab.grading.handoff`).
    :class:`SandboxedExecute` runs the notebook in a sandboxed kernel
    (:mod:`crmlab.grading.sandbox`) on the student's public data, with crash and time
    budgets. :class:`TrustedChecks` then checks the handed-over answers in the grader's
    process (:mod:`crmlab.grading.trusted`) and writes each test cell's outputs: the
    verdict as text, a machine-readable verdict, and the score as nbgrader reads it
    (an error for zero, a number for partial credit, nothing for full marks). The test
    cell's code goes back to the instructor's visible version, so feedback never shows
    the handoff or a check's source.

Settings (``c.CRMLabGrading.<name>`` in nbgrader_config.py): ``course_root`` (default
``CourseDirectory.root``), ``sandbox`` (``"required"`` or ``"off"``: grading without a
sandbox, only on the instructor's explicit request), ``slot`` (parallel grading slot),
``memory_limit``, ``cpu_limit``, ``max_output_bytes``.
"""

from __future__ import annotations

import contextlib
import os
import shutil
import sys
import tempfile
import time
from pathlib import Path

from jupyter_client.manager import AsyncKernelManager
from jupyter_core.utils import run_sync
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Enum, Integer, Unicode
from traitlets.config import Configurable

from nbgrader import utils as nbg_utils
from nbgrader.api import Gradebook, MissingEntry
from nbgrader.preprocessors import Execute, NbGraderPreprocessor

from .coursedata import course_secret, graded_shop
from .handoff import MIME, HandoffError, decode_output, handoff_source
from .sandbox import HOME, Limits, Sandbox, SandboxUnavailable, check_sandbox
from .shopcache import cache_from_setting
from .trusted import VERDICT_MIME, CheckContext, load_lab_checks, run_check

__all__ = ["CRMLabGrading", "RestoreCellMetadata", "HandOffAnswers", "SandboxedExecute", "TrustedChecks",
           "GradingSetupError", "NOTES"]

# What the preprocessors noticed, by (student, notebook): read by `crmlab grade autograde`
# for its summary (plain nbgrader shows the same as log warnings).
NOTES: dict = {}


class GradingSetupError(RuntimeError):
    """The instructor's setup is incomplete (no checks, no sandbox): nothing can be graded."""


class CRMLabGrading(Configurable):
    """Settings shared by crmlab's grading preprocessors."""

    course_root = Unicode("", help="The real course folder (secret, checks); default: CourseDirectory.root.").tag(
        config=True)
    sandbox = Enum(["required", "off"], "required",
                   help="'required': every grading kernel runs in the bubblewrap sandbox, and grading refuses "
                        "where there is none; 'off': no sandbox (unsafe: student code runs as the grader).").tag(
        config=True)
    slot = Integer(0, help="Parallel grading slot (a separate sandbox uid per slot when grading as root).").tag(
        config=True)
    memory_limit = Integer(4 * 1024**3, help="Address-space limit of a grading kernel, bytes.").tag(config=True)
    cpu_limit = Integer(900, help="CPU-seconds limit of a grading kernel.").tag(config=True)
    max_output_bytes = Integer(64 * 1024**2, help="Outputs kept per notebook; later outputs are dropped.").tag(
        config=True)
    shop_cache = Unicode("", help="A private folder where each student's simulated shop is kept for the next "
                                  "notebook that needs it (crmlab.grading.shopcache); default: $CRMLAB_SHOP_CACHE, "
                                  "else none.").tag(config=True)

    def root(self) -> Path:
        root = self.course_root or self.config.get("CourseDirectory", {}).get("root", "") or os.getcwd()
        return Path(root).resolve()


def _settings(obj) -> CRMLabGrading:
    return CRMLabGrading(config=obj.config)


def _state(resources) -> dict:
    return resources.setdefault("crmlab", {})


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


# -- sanitize: tampered metadata --------------------------------------------------------------------
class RestoreCellMetadata(NbGraderPreprocessor):
    """Put each cell's nbgrader metadata back to the instructor's, and record what changed."""

    def preprocess(self, nb, resources):
        nbg = resources["nbgrader"]
        notes = _state(resources).setdefault("tampered", [])
        with Gradebook(nbg["db_url"]) as gb:
            try:
                src_nb = gb.find_notebook(nbg["notebook"], nbg["assignment"])
            except MissingEntry:
                return nb, resources
            source = {c.name: c for c in src_nb.source_cells}
            grade = {c.name: c for c in src_nb.grade_cells}
            solution = {c.name for c in src_nb.solution_cells}
            task = {c.name: c for c in src_nb.task_cells}
            order = self._order(nbg, list(source))

            def expected(gid: str) -> dict:
                meta = {"grade": gid in grade, "grade_id": gid, "locked": bool(source[gid].locked),
                        "schema_version": 3, "solution": gid in solution, "task": gid in task}
                if gid in grade:
                    meta["points"] = float(grade[gid].max_score)
                elif gid in task:
                    meta["points"] = float(task[gid].max_score)
                return meta

            seen: set = set()
            unknown = []
            for i, cell in enumerate(nb.cells):
                meta = cell.metadata.get("nbgrader")
                gid = meta.get("grade_id") if isinstance(meta, dict) else None
                if gid in source and gid not in seen:
                    seen.add(gid)
                    self._restore(cell, expected(gid), source[gid], notes)
                elif gid in seen:
                    notes.append(f"{gid}: duplicated cell ignored / 重复的单元格已忽略")
                    del cell.metadata["nbgrader"]
                elif meta is not None:
                    unknown.append(i)
            # cells whose metadata was renamed or removed: a locked cell is known by its exact source
            missing = [g for g in order if g not in seen]
            for i, cell in enumerate(nb.cells):
                if not missing:
                    break
                meta = cell.metadata.get("nbgrader")
                if isinstance(meta, dict) and meta.get("grade_id") in seen:
                    continue
                for gid in missing:
                    sc = source[gid]
                    if sc.locked and cell.cell_type == sc.cell_type and cell.source.strip() == sc.source.strip():
                        old = meta.get("grade_id") if isinstance(meta, dict) else None
                        notes.append(f"{gid}: metadata {'renamed from ' + repr(old) if old else 'removed'}, restored "
                                     f"/ 元数据被{'改名' if old else '删除'}，已恢复")
                        cell.metadata["nbgrader"] = NotebookNode()
                        self._restore(cell, expected(gid), sc, [])
                        seen.add(gid)
                        missing.remove(gid)
                        if i in unknown:
                            unknown.remove(i)
                        break
            # an answer cell whose grade_id was renamed: the one unknown cell where the missing cell belongs
            for gid in [g for g in missing if not source[g].locked]:
                pos = order.index(gid)
                before = {g for g in order[:pos]}
                after = {g for g in order[pos + 1:]}
                cands = []
                for i in unknown:
                    prev_ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells[:i]}
                    next_ids = {c.metadata.get("nbgrader", {}).get("grade_id") for c in nb.cells[i + 1:]}
                    if not (prev_ids & after) and not (next_ids & before) \
                            and nb.cells[i].cell_type == source[gid].cell_type:
                        cands.append(i)
                if len(cands) == 1:
                    i = cands[0]
                    old = nb.cells[i].metadata["nbgrader"].get("grade_id")
                    notes.append(f"{gid}: grade_id renamed to {old!r}, restored / grade_id 被改名，已恢复")
                    self._restore(nb.cells[i], expected(gid), source[gid], [])
                    seen.add(gid)
                    unknown.remove(i)
            for i in unknown:
                old = nb.cells[i].metadata["nbgrader"]
                notes.append(f"cell {i}: unknown nbgrader metadata {old.get('grade_id')!r} removed / 未知的评分元数据已删除")
                del nb.cells[i].metadata["nbgrader"]
            # graded and task cells that are gone: put the instructor's back where they belong
            for gid in order:
                if gid in seen or (gid not in grade and gid not in task):
                    continue
                sc = source[gid]
                pos = order.index(gid)
                at = 0
                for j, c in enumerate(nb.cells):
                    if c.metadata.get("nbgrader", {}).get("grade_id") in order[:pos]:
                        at = j + 1
                meta = NotebookNode({"nbgrader": NotebookNode({**expected(gid), "checksum": sc.checksum})})
                if sc.locked:
                    meta.update(deletable=False, editable=False)
                if sc.cell_type == "code":
                    new = NotebookNode(cell_type="code", source=sc.source, metadata=meta, outputs=[],
                                       execution_count=None)
                else:
                    new = NotebookNode(cell_type=sc.cell_type, source=sc.source, metadata=meta)
                if nb.get("nbformat_minor", 0) >= 5:
                    new["id"] = ("restored-" + "".join(ch if ch.isalnum() or ch in "-_" else "-" for ch in gid))[:64]
                nb.cells.insert(at, new)
                seen.add(gid)
                notes.append(f"{gid}: cell deleted, the instructor's cell put back / 单元格被删除，已放回")
        NOTES.setdefault((nbg.get("student"), nbg["notebook"]), {})["tampered"] = list(notes)
        for note in notes:
            self.log.warning("Tampered metadata in %s/%s: %s", nbg.get("student"), nbg["notebook"], note)
        return nb, resources

    def _order(self, nbg: dict, names: list) -> list:
        """The instructor's cells in notebook order (the gradebook does not keep it)."""
        import nbformat

        root = _settings(self).root()
        for folder in ("release", "source"):
            path = root / folder / nbg["assignment"] / f"{nbg['notebook']}.ipynb"
            if path.is_file():
                try:
                    ids = [c.metadata.get("nbgrader", {}).get("grade_id")
                           for c in nbformat.read(str(path), as_version=4).cells]
                except Exception:  # noqa: BLE001 - fall back to the gradebook's own listing
                    continue
                order = [g for g in ids if g in names]
                return order + [g for g in names if g not in order]
        return list(names)

    @staticmethod
    def _restore(cell, want: dict, source_cell, notes: list) -> None:
        meta = cell.metadata.get("nbgrader")
        if not isinstance(meta, dict):
            meta = {}
        changed = [k for k, v in want.items() if meta.get(k) != v and not (k == "points" and meta.get(k) is not None
                                                                           and float(meta[k]) == v)]
        if cell.cell_type != source_cell.cell_type:
            changed.append("cell_type")
        if changed:
            notes.append(f"{want['grade_id']}: {', '.join(sorted(changed))} changed, restored / 已恢复")
        kept = {k: meta[k] for k in ("checksum",) if k in meta}
        cell.metadata["nbgrader"] = NotebookNode({**kept, **want})
        if source_cell.locked:
            cell.metadata["deletable"] = False
            cell.metadata["editable"] = False


# -- autograde: hand the answers over -------------------------------------------------------------
def _is_test_cell(cell) -> bool:
    return cell.cell_type == "code" and nbg_utils.is_grade(cell) and not nbg_utils.is_solution(cell)


class HandOffAnswers(NbGraderPreprocessor):
    """Replace each test cell's code by the handoff of the answers its trusted check needs."""

    def preprocess(self, nb, resources):
        settings = _settings(self)
        root = settings.root()
        nbg = resources["nbgrader"]
        lab = load_lab_checks(root, nbg["assignment"])
        if lab is None:
            raise GradingSetupError(
                f"没有 {nbg['assignment']} 的可信检查（{root / 'checks' / (nbg['assignment'] + '.py')}）：不能评分。 / "
                f"No trusted checks for {nbg['assignment']} ({root / 'checks' / (nbg['assignment'] + '.py')}): "
                "nothing can be graded.")
        tests = [c for c in nb.cells if _is_test_cell(c)]
        unchecked = [c.metadata.nbgrader["grade_id"] for c in tests if c.metadata.nbgrader["grade_id"] not in lab.checks]
        if unchecked:
            raise GradingSetupError(f"{nbg['assignment']}: 这些测试单元格没有可信检查 / these test cells have no trusted "
                                    f"check: {', '.join(unchecked)}")
        state = _state(resources)
        secret = course_secret(root)
        ctx = CheckContext(root, nbg["student"], lab.shop_key, secret=secret)
        state.update(lab=lab, ctx=ctx, course_mode=secret is not None, original={})
        for cell in tests:
            gid = cell.metadata.nbgrader["grade_id"]
            state["original"][gid] = cell.source
            check = lab.checks[gid]
            cell.source = handoff_source(gid, check.answers, lab.probes_for(gid, ctx) if check.probes else None,
                                         files=check.files)
        return nb, resources


# -- autograde: run in the sandbox ------------------------------------------------------------------
# A grading kernel starts as `python -m ipykernel_launcher` would, but without the debugger: ipykernel imports debugpy
# whenever it can (a third of a kernel's start, 0.1 CPU-s), and nobody attaches a debugger to a grading kernel.
_LAUNCH_WITHOUT_DEBUGGER = ("import sys; sys.modules['debugpy'] = None; sys.path[:] = [p for p in sys.path if p]; "
                            "from ipykernel import kernelapp; kernelapp.launch_new_instance()")


def _without_debugger(cmd: list) -> list:
    """The kernel command ``[python, -m, ipykernel_launcher, ...]`` with the debugger left out (other kernels as
    they are)."""
    if len(cmd) > 2 and cmd[1:3] == ["-m", "ipykernel_launcher"]:
        return [cmd[0], "-c", _LAUNCH_WITHOUT_DEBUGGER, *cmd[3:]]
    return cmd


class SandboxKernelManager(AsyncKernelManager):
    """A kernel manager whose kernel runs inside a :class:`~crmlab.grading.sandbox.Sandbox`."""

    crmlab_sandbox = None     # Sandbox, or None for no sandbox
    crmlab_binds: list = []
    crmlab_ro_binds: list = []
    crmlab_env: dict = {}
    crmlab_workdir = "/home/student"

    @property
    def kernel_spec(self):
        spec = super().kernel_spec
        if spec is not None and self.crmlab_sandbox is not None:
            spec.interrupt_mode = "message"  # no signal reaches through bwrap; ipykernel interrupts itself
        return spec

    def write_connection_file(self, **kwargs):
        super().write_connection_file(**kwargs)
        if self.crmlab_sandbox is not None:
            self.crmlab_sandbox.give(self.connection_file)

    def format_kernel_cmd(self, extra_arguments=None):
        cmd = _without_debugger(super().format_kernel_cmd(extra_arguments))
        if self.crmlab_sandbox is None:
            return cmd
        return self.crmlab_sandbox.command(cmd, binds=self.crmlab_binds, ro_binds=self.crmlab_ro_binds,
                                           workdir=self.crmlab_workdir, env=self.crmlab_env)


_SHOP_CACHE: dict = {}


# The kernel's sockets are files in its private folder ("<folder>/run/kernel-<n>"), and a Unix socket's path
# holds at most 107 bytes: under a long TMPDIR every kernel would fail to start.
_SOCKET_PATH_MAX = 107


def kernel_folder() -> Path:
    """A new private folder for one grading kernel: in the temporary folder, or in /tmp where that path is too long
    for the kernel's sockets."""
    base = tempfile.gettempdir()
    if len(os.path.join(base, "crmlab-kernel-xxxxxxxx", "run", "kernel-99")) > _SOCKET_PATH_MAX and os.path.isdir("/tmp"):
        base = "/tmp"
    return Path(tempfile.mkdtemp(prefix="crmlab-kernel-", dir=base))


def _copy_submission(src: Path, dest: Path, limit: int = 200 * 1024**2) -> None:
    """Copy the submission folder's files (not the notebooks) for the kernel's private use."""
    total = 0
    for p in sorted(src.rglob("*")):
        rel = p.relative_to(src)
        if p.is_symlink() or any(part.startswith(".") for part in rel.parts):
            continue
        if p.is_dir():
            (dest / rel).mkdir(parents=True, exist_ok=True)
        elif p.is_file() and p.suffix != ".ipynb":
            total += p.stat().st_size
            if total > limit:
                break
            (dest / rel).parent.mkdir(parents=True, exist_ok=True)
            shutil.copyfile(p, dest / rel)


class SandboxedExecute(Execute):
    """nbgrader's ``Execute`` in a sandboxed kernel, on the student's public data, with budgets.

    Compared with ``Execute`` it

    - runs the kernel in the sandbox (unless ``CRMLabGrading.sandbox = "off"``), in a
      private copy of the submission folder, with a clean environment;
    - gives the kernel the student's public data file (``CRMLAB_DATA_DIR``), made from
      the course secret and the id nbgrader grades, and nothing else of the course;
    - survives a kernel crash: the crashing cell gets an error and every later code cell
      a "not run" error, so the tests after the crash score zero and the notebook is
      still graded;
    - enforces a per-notebook time budget (``notebook_timeout``) on top of nbgrader's
      per-cell ``timeout``;
    - keeps at most ``max_output_bytes`` of outputs.
    """

    notebook_timeout = Integer(
        600, allow_none=True,
        help="Total seconds for one notebook; cells after the budget are not run (and fail). None: no limit.",
    ).tag(config=True)

    quiet_kernel = Bool(False, help="Send the kernel process's own stderr to /dev/null.").tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        settings = _settings(self)
        state = _state(resources)
        nbg = resources["nbgrader"]
        self.store_widget_state = False
        self.kernel_name = "python3"
        self._crmlab_dead = False
        self._crmlab_out_bytes = 0
        self._crmlab_out_cap = settings.max_output_bytes
        self._crmlab_deadline = (time.monotonic() + self.notebook_timeout) if self.notebook_timeout else None
        sandbox = None
        if settings.sandbox == "required":
            why = check_sandbox()
            if why is not None:
                raise SandboxUnavailable(why)
            sandbox = Sandbox(slot=settings.slot, limits=Limits(cpu_seconds=settings.cpu_limit,
                                                                   memory_bytes=settings.memory_limit))
        tmp = kernel_folder()
        try:
            with sandbox.claimed() if sandbox is not None else contextlib.nullcontext():
                self._crmlab_prepare(tmp, sandbox, state, nbg, resources)
                return super().preprocess(nb, resources, km=km)
        finally:
            shutil.rmtree(tmp, ignore_errors=True)

    def _crmlab_prepare(self, tmp: Path, sandbox, state: dict, nbg: dict, resources) -> None:
        ctx = state.get("ctx")
        work, run, data = tmp / "work", tmp / "run", tmp / "data"
        for d in (work, run, data):
            d.mkdir(mode=0o755)
        os.chmod(tmp, 0o755)
        os.chmod(run, 0o700)
        src = Path(resources.get("metadata", {}).get("path") or ".")
        if src.is_dir():
            _copy_submission(src, work)
        if ctx is not None:
            key = (str(ctx.root), ctx.student_id, ctx.shop_key, state.get("course_mode"))
            cached = _SHOP_CACHE.get(key)
            if cached is None:
                _SHOP_CACHE.clear()  # one student at a time: keep memory flat
                cached = _SHOP_CACHE[key] = graded_shop(
                    ctx.root, ctx.student_id, ctx.shop_key, secret=ctx.secret,
                    cache=cache_from_setting(_settings(self).shop_cache))
            ctx._shop = cached[0]
            (data / f"{ctx.shop_key.name}.sqlite").write_bytes(cached[1])
        assignment = nbg.get("assignment", "work")
        inside_work = f"{HOME}/{assignment}"
        env = {"HOME": HOME, "USER": "student", "LOGNAME": "student", "LANG": "C.UTF-8", "LC_ALL": "C.UTF-8",
               "PATH": f"{Path(sys.executable).parent}:/usr/local/bin:/usr/bin:/bin",
               # as in JupyterLab: each cell's figures are closed, so pandas never draws onto the last chart
               "MPLBACKEND": "module://matplotlib_inline.backend_inline",
               "MPLCONFIGDIR": "/tmp/matplotlib", "PYTHONNOUSERSITE": "1", "PYTHONDONTWRITEBYTECODE": "1",
               "OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "NBGRADER_EXECUTION": "autograde", "CRMLAB_GRADING": "1",
               "CRMLAB_DATA_DIR": f"{HOME}/crmlab-data", "CRMLAB_COURSE": assignment,
               "CRMLAB_LANG": os.environ.get("CRMLAB_LANG", "zh"), "TZ": "UTC"}
        self._crmlab_kernel = {"sandbox": sandbox, "env": env, "workdir": inside_work if sandbox else str(work),
                               "binds": [(work, inside_work), (run, str(run))],
                               "ro_binds": [(data, f"{HOME}/crmlab-data")], "run": run, "work": work, "data": data}
        if sandbox is not None:
            for d in (work, run):
                for p in [d, *d.rglob("*")]:
                    sandbox.give(p)

    async def async_start_new_kernel(self, **kwargs):
        spec = self._crmlab_kernel
        km = self.km
        if isinstance(km, SandboxKernelManager):
            km.crmlab_sandbox = spec["sandbox"]
            km.crmlab_binds = spec["binds"]
            km.crmlab_ro_binds = spec["ro_binds"]
            km.crmlab_env = spec["env"]
            km.crmlab_workdir = spec["workdir"]
            km.transport = "ipc"
            km.ip = str(spec["run"] / "kernel")
            km.connection_file = str(spec["run"] / "kernel.json")
        env = dict(spec["env"])
        if spec["sandbox"] is None:
            env["CRMLAB_DATA_DIR"] = str(spec["data"])
            env["PATH"] = env["PATH"] + os.pathsep + os.environ.get("PATH", "")
        kwargs["env"] = env
        kwargs["cwd"] = str(spec["work"])
        if self.quiet_kernel:
            import subprocess

            kwargs.setdefault("stderr", subprocess.DEVNULL)
            kwargs.setdefault("stdout", subprocess.DEVNULL)
        return await super().async_start_new_kernel(**kwargs)

    # nbclient binds the sync wrapper to its own coroutine at class creation: rebind it
    # so that the synchronous path nbconvert uses reaches the override above.
    start_new_kernel = run_sync(async_start_new_kernel)

    def create_kernel_manager(self):
        self.kernel_manager_class = SandboxKernelManager
        return super().create_kernel_manager()

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        deadline = getattr(self, "_crmlab_deadline", None)
        if deadline is not None:
            left = max(1, int(deadline - time.monotonic()) + 1)
            timeout = left if timeout is None else min(timeout, left)
        return timeout

    def output(self, outs, msg, display_id, cell_index):
        size = len(str(msg.get("content", "")))
        self._crmlab_out_bytes = getattr(self, "_crmlab_out_bytes", 0) + size
        if self._crmlab_out_bytes > getattr(self, "_crmlab_out_cap", 64 * 1024**2):
            return None  # past the budget: dropped (a test cell's handoff then counts as missing)
        return super().output(outs, msg, display_id, cell_index)

    def preprocess_cell(self, cell, resources, index):
        if cell.cell_type != "code":
            return cell, resources
        if self._crmlab_dead:
            cell.outputs = [_error_output("KernelDied", "not run: the kernel died in an earlier cell / 内核已崩溃，未运行")]
            return cell, resources
        deadline = getattr(self, "_crmlab_deadline", None)
        if deadline is not None and time.monotonic() >= deadline:
            cell.outputs = [_error_output("NotebookTimeout", "not run: the notebook's time budget is spent / "
                                                             "笔记本总运行时间已用完，未运行")]
            return cell, resources
        from nbclient.exceptions import DeadKernelError

        try:
            return super().preprocess_cell(cell, resources, index)
        except DeadKernelError:
            self.log.error("The kernel died while running cell %s; later cells are marked as failed.", index)
            self._crmlab_dead = True
            cell.outputs.append(_error_output("DeadKernelError", "the kernel died while running this cell / "
                                                                 "运行本单元时内核崩溃"))
            return cell, resources


# -- autograde: the verdicts ---------------------------------------------------------------------------
def verdict_outputs(verdict) -> list:
    """A test cell's outputs for ``verdict``, in the form nbgrader scores."""
    text = f"{verdict.zh}\n{verdict.en}\n" if verdict.en and verdict.en != verdict.zh else f"{verdict.zh}\n"
    head = f"得分 / score: {verdict.score:g} / {verdict.max_score:g}\n"
    outs = [NotebookNode(output_type="stream", name="stdout", text=head + text),
            NotebookNode(output_type="display_data", metadata={},
                         data={VERDICT_MIME: verdict.as_json(), "text/plain": head.strip()})]
    if verdict.score <= 0:
        outs.append(_error_output("WrongAnswer", f"{verdict.zh} / {verdict.en}"))
    elif verdict.score < verdict.max_score:
        outs.append(NotebookNode(output_type="execute_result", metadata={}, execution_count=None,
                                 data={"text/plain": f"{verdict.score:g}"}))
    return outs


class TrustedChecks(NbGraderPreprocessor):
    """Check every test cell's handed-over answers in the grader's process; write the verdicts."""

    def preprocess(self, nb, resources):
        state = _state(resources)
        lab, ctx = state.get("lab"), state.get("ctx")
        if lab is None:
            raise GradingSetupError("TrustedChecks needs HandOffAnswers earlier in the pipeline")
        verdicts = state.setdefault("verdicts", {})
        for cell in nb.cells:
            if not _is_test_cell(cell):
                continue
            gid = cell.metadata.nbgrader["grade_id"]
            handoff = None
            for out in cell.get("outputs", []):
                if out.get("output_type") in ("display_data", "execute_result") and MIME in out.get("data", {}):
                    try:
                        got = decode_output(out["data"])
                    except (HandoffError, ValueError, RecursionError) as exc:
                        got = {"grade_id": gid, "answers": {}, "errors": {"*": {"code": "unreadable",
                                                                                "detail": str(exc)[:200]}}}
                    if got["grade_id"] == gid:
                        handoff = got
            max_score = float(cell.metadata.nbgrader["points"])
            verdict = run_check(lab, gid, ctx, handoff, max_score)
            verdicts[gid] = verdict
            cell.outputs = verdict_outputs(verdict)
            cell.source = state["original"].get(gid, cell.source)
            cell.execution_count = None
        return nb, resources
