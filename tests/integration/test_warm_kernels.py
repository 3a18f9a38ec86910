"""The lessons' warm kernels (tests/support/warm_kernels.py) behave as freshly launched ones: a clean
interpreter state per notebook, the launcher's working directory and environment, the inline backend, and
no kernel left behind when its client is killed."""

import os
import sys
import time

import nbformat
import pytest
from support import warm_kernels

pytestmark = pytest.mark.skipif(not sys.platform.startswith("linux"), reason="fork servers are for Linux")


def _run(tmp_path, source, **env):
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(source)])
    old = {k: os.environ.get(k) for k in env}
    os.environ.update(env)
    try:
        warm_kernels.execute(nb, tmp_path, timeout=60)
    finally:
        for k, v in old.items():
            os.environ.pop(k) if v is None else os.environ.__setitem__(k, v)
    return "".join(o.get("text", "") for o in nb.cells[0].outputs)


def _gone(pid, seconds=10.0) -> bool:
    """Whether process ``pid`` exits within ``seconds``."""
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return True
        time.sleep(0.1)
    return False


def test_each_notebook_gets_a_fresh_interpreter_with_the_stack_loaded(tmp_path):
    first = _run(tmp_path, "leftover = 1\nimport sys, random\nprint('pandas' in sys.modules, random.random())")
    second = _run(tmp_path, "import sys, random\nprint('leftover' in dir(), 'pandas' in sys.modules, random.random())")
    loaded, r1 = first.split()
    leftover, loaded2, r2 = second.split()
    assert loaded == loaded2 == "True" and leftover == "False"
    assert r1 != r2  # reseeded in every kernel, as a new process would be


def test_the_kernel_has_the_launchers_directory_environment_and_inline_backend(tmp_path):
    out = _run(tmp_path, "import os, matplotlib\nprint(os.getcwd(), os.environ['CRMLAB_WARM_PROBE'], "
                         "matplotlib.get_backend())", CRMLAB_WARM_PROBE="probe-42")
    assert out.split() == [str(tmp_path), "probe-42", warm_kernels.INLINE]


def test_a_killed_client_takes_its_kernel_down(tmp_path):
    pids = []
    km = warm_kernels.kernel_manager(tmp_path)
    km.start_kernel(cwd=str(tmp_path))
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    reply = kc.execute_interactive("import os; print(os.getpid())", timeout=30,
                                   output_hook=lambda msg: pids.append(msg["content"].get("text", "")))
    assert reply["content"]["status"] == "ok"
    kernel_pid = int("".join(pids).strip())
    kc.stop_channels()
    km.shutdown_kernel(now=True)  # no shutdown request: SIGKILL to the process it started, as for a hung kernel
    assert _gone(kernel_pid), f"kernel {kernel_pid} outlived its killed client"



def test_figures_show_inline_and_widgets_have_their_comm_target(tmp_path):
    """The inline backend and ipywidgets were imported by the server, outside a kernel: the kernel still shows each
    cell's figure (and closes it) and has the widgets' comm target, as a fresh kernel would."""
    nb = nbformat.v4.new_notebook(cells=[
        nbformat.v4.new_code_cell("import matplotlib.pyplot as plt\nplt.plot([1, 2])\nplt.title('t')"),
        nbformat.v4.new_code_cell("print(len(plt.get_fignums()), 'jupyter.widget.control' in "
                                  "get_ipython().kernel.comm_manager.targets)")])
    warm_kernels.execute(nb, tmp_path, timeout=60)
    assert any("image/png" in o.get("data", {}) for o in nb.cells[0].outputs)
    assert nb.cells[1].outputs[0]["text"].split() == ["0", "True"]


def test_a_finished_run_leaves_no_kernel_behind(tmp_path):
    """nbclient stops only the kernels it starts itself: every lesson run used to leave its warm kernel (a few hundred
    MB) running until the test worker exited, 70 of them by the end of a session."""
    pid = int(_run(tmp_path, "import os; print(os.getpid())"))
    assert _gone(pid), f"kernel {pid} is still running after its notebook finished"
