"""nbgrader extension: grade each notebook on the student's own shop, and survive hostile code.

:class:`StudentExecute` replaces nbgrader's ``Execute`` preprocessor in
``assignments/nbgrader_config.py``, so that plain ``nbgrader autograde`` and
``crmlab grade autograde`` behave the same. Compared with ``Execute`` it

- starts the kernel with ``CRMLAB_STUDENT_ID=<student id nbgrader is grading>``
  (and ``NBGRADER_EXECUTION=autograde``): :func:`crmlab.setup` then regenerates that
  student's shop, whatever the notebook says;
- survives a kernel crash (``os._exit``, segfault, out of memory): the crashing cell
  gets a ``DeadKernelError`` output and every later code cell a "not run" error, so
  the tests after the crash score zero and the notebook is still graded (plain
  ``Execute`` would abort the student's whole autograde);
- enforces a per-notebook time budget (``notebook_timeout``, seconds) on top of the
  per-cell ``timeout``: once it is spent, remaining cells are not run and fail.

An unexecuted test cell must never pass: nbgrader gives full points to a test cell
without an error output, so every skipped code cell receives an error output.
"""

from __future__ import annotations

import os
import time

from jupyter_core.utils import run_sync
from nbformat.notebooknode import NotebookNode
from traitlets import Bool, Integer

from nbgrader.preprocessors import Execute

__all__ = ["StudentExecute", "STUDENT_ENV"]

STUDENT_ENV = "CRMLAB_STUDENT_ID"


def _error_output(ename: str, evalue: str) -> NotebookNode:
    return NotebookNode(output_type="error", ename=ename, evalue=evalue,
                        traceback=[f"\x1b[0;31m{ename}\x1b[0m: {evalue}"])


class StudentExecute(Execute):
    """nbgrader's ``Execute`` with the student's id in the kernel, crash and time budgets."""

    notebook_timeout = Integer(
        600, allow_none=True,
        help="Total seconds for one notebook; cells after the budget are not run (and fail). None: no limit.",
    ).tag(config=True)

    quiet_kernel = Bool(
        False, help="Send the kernel process's own stderr (not the notebook's) to /dev/null.",
    ).tag(config=True)

    hide_gradebook = Bool(
        False, help="Take the gradebook file off the disk while student code runs (it holds the hidden tests). "
                    "Only for a private copy of the gradebook, as `crmlab grade autograde` uses: a kill during "
                    "execution loses that file.",
    ).tag(config=True)

    def preprocess(self, nb, resources=None, km=None):
        nbg = (resources or {}).get("nbgrader", {})
        self._crmlab_student = nbg.get("student")
        self._crmlab_dead = False
        self._crmlab_deadline = (time.monotonic() + self.notebook_timeout) if self.notebook_timeout else None
        hidden = self._hide(nbg.get("db_url", "")) if self.hide_gradebook else None
        try:
            return super().preprocess(nb, resources, km=km)
        finally:
            if hidden is not None:
                path, data = hidden
                with open(path, "wb") as fh:
                    fh.write(data)

    @staticmethod
    def _hide(db_url: str):
        """Read the SQLite gradebook into memory and remove the file until execution ends."""
        if not db_url.startswith("sqlite:///"):
            return None
        path = db_url[len("sqlite:///"):]
        if not os.path.exists(path) or os.path.exists(path + "-journal") or os.path.exists(path + "-wal"):
            return None
        with open(path, "rb") as fh:
            data = fh.read()
        os.remove(path)
        return path, data

    async def async_start_new_kernel(self, **kwargs):
        env = dict(kwargs.pop("env", None) or os.environ)
        env["NBGRADER_EXECUTION"] = "autograde"
        if getattr(self, "_crmlab_student", None):
            env[STUDENT_ENV] = str(self._crmlab_student)
        kwargs["env"] = env
        if self.quiet_kernel:
            import subprocess

            kwargs.setdefault("stderr", subprocess.DEVNULL)
        return await super().async_start_new_kernel(**kwargs)

    # nbclient binds the sync wrapper to its own coroutine at class creation: rebind it
    # so that the synchronous path nbconvert uses reaches the override above.
    start_new_kernel = run_sync(async_start_new_kernel)

    def _get_timeout(self, cell):
        timeout = super()._get_timeout(cell)
        deadline = getattr(self, "_crmlab_deadline", None)
        if deadline is not None:
            left = max(1, int(deadline - time.monotonic()) + 1)
            timeout = left if timeout is None else min(timeout, left)
        return timeout

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
