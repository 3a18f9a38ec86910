"""Self-checked exercises for the lesson notebooks, in the manner of Kaggle's learntools.

For students
------------
At the top of a notebook::

    import crmlab
    shop = crmlab.setup(student_id="2024001")   # or CRMLAB_STUDENT_ID; none = classroom shop
    from crmlab.exercises.crm_and_scrm import *   # gives q1, q2, ..., and the blank ____

Then, for each exercise::

    n_customers = ____        # replace the blank with code
    q1.check()                # reads the variable q1 asks for (here n_customers)
    q1.check(n_customers)     # or pass the answer explicitly
    q1.hint(); q1.hint(2)     # hints: a nudge, the method, an example on other data
    q1.solution()             # a model solution
    q3.a.check()              # parts of a multi-part question
    explain_error()           # after a red error: what it means, in plain words

Feedback appears as Markdown in Jupyter and as plain text in a console, in the
session's language (``crmlab.setup(locale="en")`` or ``crmlab.set_locale``). A blank
(``____``, ``None`` or ``...``) gets a nudge, never a traceback. The expected answer
is computed when you check, from *your* shop (``crmlab.get_shop()``): a number
copied from a classmate is wrong for you.

For authors of lesson notebooks and exercise modules
----------------------------------------------------
Each lesson has one exercise module, named after the lesson's file: lesson
``notebooks/src/01_crm_and_scrm.py`` imports ``crmlab.exercises.crm_and_scrm``. The
module defines question classes and binds them in order with :func:`bind`; see
``crm_and_scrm.py`` for a complete example::

    from crmlab.exercises import ValueQuestion, bind, ____

    class CustomerCount(ValueQuestion):
        var = "n_customers"                       # variable check() reads
        prompt = ("商店有多少位客户？", "How many customers does the shop have?")
        hints = [("每位客户在客户表里占一行。", "Each customer is one row of the customers table."),
                 ("用 `len(...)` 数一张表的行数。", "Count a table's rows with `len(...)`."),
                 ("例：订单有 `len(shop.orders)` 笔。", "For example, there are `len(shop.orders)` orders.")]

        def expected(self, shop):                 # computed at check time
            return len(shop.customers)

    __all__ = bind(globals(), [CustomerCount, ...]) + ["____"]

The model solution is written once, in the lesson: the cell after the blank, tagged
``solution`` and naming the question(s) it solves (left out of the students'
notebooks, run by the tests)::

    # %% tags=["solution"] solves=["q1"]
    n_customers = len(shop.customers)

``q1.solution()`` shows that cell (the lesson sources ship with the package); a
question class has no ``solution_code`` of its own.

Kinds of question:

- :class:`ValueQuestion`: a number/str/list; float tolerance ``rtol``; says when the
  value is off by 100 or 1,000, has the wrong sign, is a string, or is the answer of
  the shipped shop rather than the student's own.
- :class:`TableQuestion`: a DataFrame; ``key`` (row identity), ``sort_by``,
  ``check_column_order``; says: not a DataFrame, missing column, wrong number of
  rows (and the likely join mistake), unsorted, duplicated key, wrong value for
  customer X, whole column off by a factor.
- :class:`FunctionQuestion`: a function; ``reference(*args)`` and ``cases(shop)``.
- :class:`ChoiceQuestion`: options ``{"A": (zh, en)}``; ``answer`` or
  ``expected(shop)`` (a data-dependent right option); ``multiple=True`` for sets;
  :func:`choice_question` makes one from its parts (short scenario questions). Every
  wrong option is explained: ``explanations = {letter: (zh, en)}`` says what
  misconception the option stands for and what to look at, without naming the right
  letter; a data-dependent question computes it in ``explain(letter, shop)`` from the
  option's own figures (``tests/unit/test_choice_explanations.py`` checks both).
- :class:`DesignQuestion`: ``rules = [Rule((zh, en), func)]``; rule helpers here
  (:func:`sqlite_keys`, :func:`has_table`, :func:`has_primary_key`,
  :func:`has_foreign_key`, :func:`not_null`, and :func:`within` bounds for budgets and
  service levels).
- :class:`ReflectionQuestion`: free text, not auto-checked (graded by hand in nbgrader).
- :class:`MultipartQuestion`: ``parts = {"a": ..., "b": ...}`` → ``q3.a``.

Any question may list its common mistakes, ``mistakes = (Mistake(...), ...)`` (see
:mod:`crmlab.mistakes`): when an answer is wrong, the first mistake it shows is named
in the feedback and ``Feedback.mistake`` holds its code. When the cell run just
before ``check()`` failed with an error :mod:`crmlab.exercises._errors` knows (``and``
for ``&``, missing parentheses, ``=`` for ``==`` ...), the feedback explains it.

``q.evaluate(answer)`` returns the :class:`Feedback` (``.status``, ``.correct``,
``.text()``, ``.markdown()``) without displaying it: use it in tests, not in lessons.
The comparison functions :func:`compare_values` and :func:`compare_tables` are public
for other checkers.
"""

from __future__ import annotations

import importlib

# Public names and the private module that defines each; loaded on first use, so that
# ``import crmlab.exercises`` stays light and a module that needs only the comparison
# (crmlab.mistakes) does not load the questions.
_LAZY = {
    **dict.fromkeys(["compare_tables", "compare_values"], "._compare"),
    **dict.fromkeys(["PLACEHOLDER", "ChoiceQuestion", "DesignQuestion", "FunctionQuestion", "MultipartQuestion",
                     "Question", "ReflectionQuestion", "Rule", "TableQuestion", "ValueQuestion", "____", "bind",
                     "choice_question"], "._core"),
    "explain_error": "._errors",
    **dict.fromkeys(["CORRECT", "INCORRECT", "NOT_ATTEMPTED", "UNGRADED", "Feedback", "Incorrect", "Msg",
                     "NotAttempted"], "._feedback"),
    **dict.fromkeys(["has_foreign_key", "has_primary_key", "has_table", "not_null", "schema_from_sql", "sqlite_keys",
                     "within"], "._rules"),
}

__all__ = ["Question", "ValueQuestion", "TableQuestion", "FunctionQuestion", "ChoiceQuestion", "DesignQuestion",
           "ReflectionQuestion", "MultipartQuestion", "Rule", "bind", "choice_question", "PLACEHOLDER", "____",
           "Feedback", "Msg", "Incorrect", "NotAttempted", "compare_values", "compare_tables", "CORRECT", "INCORRECT",
           "NOT_ATTEMPTED", "UNGRADED", "explain_error", "sqlite_keys", "schema_from_sql", "has_table",
           "has_primary_key", "has_foreign_key", "not_null", "within"]


def __getattr__(name):
    if name not in _LAZY:
        raise AttributeError(f"module 'crmlab.exercises' has no attribute {name!r}")
    value = getattr(importlib.import_module(_LAZY[name], __name__), name)
    globals()[name] = value
    return value


def __dir__():
    return sorted(set(globals()) | set(_LAZY))
