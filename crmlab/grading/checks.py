"""Helpers for nbgrader test cells: the shop a notebook is graded on.

Hidden tests compute the expected answers from :func:`graded_shop`, never from the
notebook's variables, so a notebook that swapped, trimmed or modified its shop is
still graded against the student's real data. Importing this module is cheap and
does not import nbgrader (it runs inside the student's kernel).
"""

from __future__ import annotations

from ..errors import InvalidArgumentError

__all__ = ["graded_shop", "graded_student_id"]

_cache: dict = {}


def graded_student_id():
    """The student being graded (nbgrader's id), else the session's student, else None."""
    from ..session import grader_student_id, session_info

    sid = grader_student_id()
    if sid is not None:
        return sid
    return session_info()["student_id"]


def graded_shop(dataset: str = "classroom", n_customers=None):
    """A fresh, untouched copy of the shop of the student being graded.

    Parameters
    ----------
    dataset : str, default="classroom"
        The same recipe the notebook passes to :func:`crmlab.setup`.
    n_customers : int, optional
        The same size the notebook passes to :func:`crmlab.setup`.

    Returns
    -------
    Shop
        While autograding: the shop regenerated from the id nbgrader knows. Outside
        grading (a student validating their notebook): the session's student's shop,
        or the shipped dataset when there is no id.
    """
    from .. import session

    sid = graded_student_id()
    if sid is None:
        from ..datasets import load_dataset

        return load_dataset(dataset)
    if not isinstance(sid, str) or not sid:
        raise InvalidArgumentError("无法确定学号。", "Cannot determine the student id.")
    kept = session.pristine_shop(sid, dataset, n_customers)
    if kept is not None:
        return kept
    key = (sid, dataset, n_customers)
    if key not in _cache:
        from ..simulation import simulate, student_seed

        recipe = session._dataset_recipe(dataset)
        recipe["seed"] = student_seed(sid)
        if n_customers is not None:
            recipe["n_customers"] = n_customers
        _cache.clear()
        _cache[key] = simulate(**recipe)
    return session._copy_shop(_cache[key])
