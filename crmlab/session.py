"""The notebook session: one line at the top of every lesson and lab.

>>> import crmlab
>>> shop = crmlab.setup()                         # the shipped classroom shop
>>> shop = crmlab.setup(student_id="2024001")     # a shop of your own (labs)

Who is the student?
-------------------
The shop a student works on is derived from the student id, so that every student has
their own numbers and a copied answer fails. The id comes from, in this order:

1. **While nbgrader autogrades** (``NBGRADER_EXECUTION=autograde`` in the kernel's
   environment): the id the grader knows. crmlab's nbgrader extension
   (:class:`crmlab.grading.nbgrader_ext.StudentExecute`, switched on in
   ``assignments/nbgrader_config.py``) starts every grading kernel with
   ``CRMLAB_STUDENT_ID=<nbgrader student id>``; without the extension the id is read
   from the kernel's working folder ``.../autograded/<student id>/<assignment>/``.
   What the student typed into ``setup(student_id=...)`` is ignored while grading, so
   nobody can be graded on a classmate's shop.
2. The ``student_id`` argument.
3. The environment variable ``CRMLAB_STUDENT_ID`` (e.g. set by JupyterHub).
4. No id: the shipped dataset ``crmlab.load_dataset(dataset)``.

The session holds one shop per kernel (``get_shop()``), so the exercise checkers in
:mod:`crmlab.exercises` compute the expected answers from the same data as the student.
"""

from __future__ import annotations

import os
from pathlib import Path

from ._i18n import set_locale, text
from .errors import InvalidArgumentError

__all__ = ["setup", "get_shop", "session_info", "grader_student_id", "pristine_shop", "reset"]

ENV_STUDENT = "CRMLAB_STUDENT_ID"
_state: dict = {"shop": None, "info": None, "pristine": None}


def grader_student_id() -> str | None:
    """The student id known to nbgrader while it autogrades this kernel, else ``None``.

    Returns
    -------
    str or None
        ``CRMLAB_STUDENT_ID`` when the kernel runs under ``nbgrader autograde``; failing
        that, the ``<student>`` part of an ``autograded/<student>/<assignment>`` working
        folder; ``None`` outside autograding.
    """
    if os.environ.get("NBGRADER_EXECUTION") != "autograde":
        return None
    env = os.environ.get(ENV_STUDENT, "").strip()
    if env:
        return env
    cwd = Path.cwd()
    if cwd.parent.parent.name == "autograded" and cwd.parent.name:
        return cwd.parent.name
    return None


def _dataset_recipe(dataset: str) -> dict:
    from .datasets import DATASETS, dataset_path

    if dataset not in DATASETS:
        dataset_path(dataset)  # raises the helpful UnknownDatasetError
    return dict(DATASETS[dataset][0])


def setup(student_id=None, locale=None, dataset="classroom", n_customers=None):
    """Start a notebook session: pick the shop (and the language) for this student.

    Parameters
    ----------
    student_id : str, optional
        The student's id (student number). Gives a shop of this student's own,
        simulated with ``crmlab.simulate(n, seed=crmlab.student_seed(student_id))``.
        Default: the environment variable ``CRMLAB_STUDENT_ID``; with neither, the
        shipped dataset. While nbgrader autogrades, the grader's id always wins.
    locale : {"zh", "en"}, optional
        Language of messages and exercise feedback (``crmlab.set_locale``). The data
        itself does not change with the language, so grades do not either.
    dataset : str, default="classroom"
        Shipped dataset used without an id, and the recipe (size, period, data
        language) of a student's own shop: ``"classroom"`` (500 customers) or
        ``"lab"`` (5,000).
    n_customers : int, optional
        Size of the student's shop; default: the size of ``dataset``. Ignored without
        a student id (the shipped shop has a fixed size).

    Returns
    -------
    Shop
        The session's shop; :func:`get_shop` returns the same object later.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.setup(student_id="2024001", locale="en")
    >>> crmlab.get_shop() is shop
    True
    """
    if locale is not None:
        set_locale(locale)
    recipe = _dataset_recipe(dataset)
    graded_id = grader_student_id()
    if graded_id is not None:
        if student_id is not None and str(student_id).strip() != graded_id:
            print(text(f"评分中：使用评分系统记录的学号 {graded_id}，而不是笔记本里写的 {student_id}。",
                       f"Grading: using the student id known to the grader ({graded_id}), not {student_id}."))
        student_id, source = graded_id, "grader"
    elif student_id is not None:
        source = "argument"
    elif os.environ.get(ENV_STUDENT, "").strip():
        student_id, source = os.environ[ENV_STUDENT].strip(), "environment"
    else:
        source = "dataset"
    if student_id is not None:
        student_id = str(student_id).strip()
        if not student_id:
            raise InvalidArgumentError("学号不能为空字符串；不填学号请传 None。",
                                       "The student id must not be empty; pass None for the shipped dataset.")
    if n_customers is not None and (isinstance(n_customers, bool) or not isinstance(n_customers, int)
                                    or n_customers < 1):
        raise InvalidArgumentError(f"n_customers 必须是正整数，但传入的是 {n_customers!r}。",
                                   f"n_customers must be a positive integer, but {n_customers!r} was passed.")

    if student_id is None:
        key = ("dataset", dataset)
    else:
        key = ("student", student_id, dataset, n_customers or recipe["n_customers"])
    info = _state["info"]
    if info is not None and info["key"] == key and _state["shop"] is not None:
        return _state["shop"]

    if student_id is None:
        from .datasets import load_dataset

        shop = load_dataset(dataset)
        seed = shop.meta.get("seed")
    else:
        from .simulation import simulate, student_seed

        seed = student_seed(student_id)
        recipe.update(seed=seed)
        if n_customers is not None:
            recipe["n_customers"] = n_customers
        shop = simulate(**recipe)
    _state["shop"] = shop
    # While grading, keep an untouched copy for the tests: a notebook that changes its
    # shop in place (by accident or not) must not change what it is graded against.
    _state["pristine"] = (_copy_shop(shop), key) if source == "grader" else None
    _state["info"] = {"key": key, "student_id": student_id, "source": source, "dataset": dataset,
                      "seed": seed, "n_customers": len(shop.customers)}
    return shop


def _copy_shop(shop):
    from .shop import Shop

    return Shop({name: getattr(shop, name).copy(deep=True) for name in shop.tables}, meta=shop.meta,
                validate=False)


def pristine_shop(student_id: str, dataset: str = "classroom", n_customers=None):
    """An untouched copy of ``student_id``'s shop kept by :func:`setup` while grading, or None."""
    kept = _state.get("pristine")
    if kept is None:
        return None
    shop, key = kept
    n = n_customers or _dataset_recipe(dataset)["n_customers"]
    return _copy_shop(shop) if key == ("student", student_id, dataset, n) else None


def get_shop():
    """The current session's shop (cached); starts a default session if there is none.

    Returns
    -------
    Shop
        The shop set by the last :func:`setup` call, or ``setup()``'s shop.
    """
    if _state["shop"] is None:
        return setup()
    return _state["shop"]


def session_info() -> dict:
    """Who and what this session is about.

    Returns
    -------
    dict
        ``student_id`` (or None), ``source`` of the id (``"grader"``, ``"argument"``,
        ``"environment"`` or ``"dataset"``), ``dataset``, ``seed``, ``n_customers``.
    """
    get_shop()
    return {k: v for k, v in _state["info"].items() if k != "key"}


def reset() -> None:
    """Forget the session's shop (tests and notebooks that switch students)."""
    _state["shop"] = None
    _state["info"] = None
    _state["pristine"] = None
