"""The doctests of the package: ``make doctest`` (``pytest --doctest-modules crmlab``), also part of ``make test``.

Every public Example of crmlab runs as a doctest. Some examples change the process's state (``crmlab.setup``,
``set_locale``, ``plot.set_theme``); since doctests share their worker with the tests, each one starts and ends
with a clean state: no session, the default locale, matplotlib's default settings and no open figure.
"""

import sys


def _is_doctest(item):
    return type(item).__name__ == "DoctestItem"


def _clean_state():
    session = sys.modules.get("crmlab.session")
    if session is not None:
        session.reset()
    i18n = sys.modules.get("crmlab._i18n")
    if i18n is not None:
        i18n._state["locale"] = None  # read again from CRMLAB_LANG, default zh
    if "matplotlib.pyplot" in sys.modules:
        import matplotlib as mpl
        import matplotlib.pyplot as plt

        plt.close("all")
        mpl.rcdefaults()


def pytest_runtest_setup(item):
    if _is_doctest(item):
        import matplotlib

        matplotlib.use("Agg")  # in this process only: kernels started by other tests draw inline
        _clean_state()


def pytest_runtest_teardown(item, nextitem):
    if _is_doctest(item):
        _clean_state()
