"""Rule helpers for design questions (:class:`~crmlab.exercises.DesignQuestion`).

A rule is ``Rule((zh, en), func)`` with ``func(answer, shop) -> bool or (bool, detail)``.
This module has the checks that several lessons share (public from :mod:`crmlab.exercises`);
lesson-specific rules (a questionnaire passes the survey lint, a points scheme stays
within budget, a staffing plan meets the service level) are written in the lesson's
exercise module as small callables around the analysis function that measures them, e.g.::

    Rule(("积分成本不超过预算", "points liability within budget"),
         lambda plan, shop: points_cost(plan, shop) <= BUDGET)

Database-schema checks (chapter 3, 客户数据库) read a schema with SQLite itself, so
the student's ``CREATE TABLE`` statements are judged by the same engine that runs them.
"""

from __future__ import annotations

import sqlite3

from ._core import Rule

__all__ = ["sqlite_keys", "has_table", "has_primary_key", "has_foreign_key", "not_null", "within",
           "schema_from_sql"]


def schema_from_sql(sql: str) -> sqlite3.Connection:
    """Run ``CREATE TABLE`` statements in a fresh in-memory SQLite database.

    Parameters
    ----------
    sql : str
        One or more SQL statements.

    Returns
    -------
    sqlite3.Connection
        The database, ready for :func:`sqlite_keys`.

    Raises
    ------
    ValueError
        With SQLite's own message when the SQL does not run.
    """
    if not isinstance(sql, str):
        raise ValueError(f"the schema must be SQL text (a str), not {type(sql).__name__}")
    conn = sqlite3.connect(":memory:")
    try:
        conn.executescript(sql)
    except sqlite3.Error as exc:
        conn.close()
        raise ValueError(f"SQLite: {exc}") from None
    return conn


def _connect(db):
    if isinstance(db, sqlite3.Connection):
        return db
    if isinstance(db, str) and "create table" in db.lower():
        return schema_from_sql(db)
    return sqlite3.connect(str(db))


def sqlite_keys(db) -> dict:
    """Tables, columns, primary keys and foreign keys of a SQLite database.

    Parameters
    ----------
    db : sqlite3.Connection, path, or str of ``CREATE TABLE`` SQL

    Returns
    -------
    dict
        ``{table: {"columns": [...], "primary_key": [...], "not_null": [...],
        "foreign_keys": [(column, ref_table, ref_column), ...]}}``. A rowid alias
        ``INTEGER PRIMARY KEY`` counts as a primary key.

    Examples
    --------
    >>> keys = sqlite_keys("CREATE TABLE c (id TEXT PRIMARY KEY);"
    ...                    "CREATE TABLE o (oid TEXT PRIMARY KEY, cid TEXT REFERENCES c(id));")
    >>> keys["o"]["foreign_keys"]
    [('cid', 'c', 'id')]
    """
    conn = _connect(db)
    out = {}
    tables = [r[0] for r in conn.execute("SELECT name FROM sqlite_master WHERE type='table' "
                                         "AND name NOT LIKE 'sqlite_%' ORDER BY name")]
    for t in tables:
        info = conn.execute(f'PRAGMA table_info("{t}")').fetchall()  # cid, name, type, notnull, default, pk
        pk = [r[1] for r in sorted((r for r in info if r[5] > 0), key=lambda r: r[5])]
        fks = [(r[3], r[2], r[4]) for r in conn.execute(f'PRAGMA foreign_key_list("{t}")').fetchall()]
        out[t] = {"columns": [r[1] for r in info], "primary_key": pk,
                  "not_null": [r[1] for r in info if r[3] or r[5]], "foreign_keys": fks}
    return out


def _keys_of(answer):
    return answer if isinstance(answer, dict) and all(isinstance(v, dict) for v in answer.values()) \
        else sqlite_keys(answer)


def has_table(table: str, columns=()) -> Rule:
    """Rule: the schema has ``table`` with (at least) ``columns``."""
    def check(answer, shop):
        keys = _keys_of(answer)
        if table not in keys:
            return False, (f"没有表 {table}（现有：{sorted(keys)}）", f"no table {table} (found: {sorted(keys)})")
        missing = [c for c in columns if c not in keys[table]["columns"]]
        return not missing, (f"缺少列 {missing}", f"missing column(s) {missing}")
    cols = f"({', '.join(columns)})" if columns else ""
    return Rule((f"有表 {table}{cols}", f"table {table}{cols} exists"), check)


def has_primary_key(table: str, columns) -> Rule:
    """Rule: ``table``'s primary key is exactly ``columns`` (str or list)."""
    cols = [columns] if isinstance(columns, str) else list(columns)

    def check(answer, shop):
        keys = _keys_of(answer)
        got = keys.get(table, {}).get("primary_key", [])
        return got == cols, (f"主键是 {got or '无'}", f"primary key is {got or 'missing'}")
    return Rule((f"{table} 的主键是 {', '.join(cols)}", f"{table} has primary key {', '.join(cols)}"), check)


def has_foreign_key(table: str, column: str, ref_table: str, ref_column: str) -> Rule:
    """Rule: ``table.column`` references ``ref_table.ref_column``."""
    def check(answer, shop):
        keys = _keys_of(answer)
        fks = keys.get(table, {}).get("foreign_keys", [])
        ok = any(c == column and rt == ref_table and rc in (ref_column, None) for c, rt, rc in fks)
        return ok, (f"现有外键 {fks or '无'}；写 `{column} ... REFERENCES {ref_table}({ref_column})`",
                    f"foreign keys found: {fks or 'none'}; write `{column} ... REFERENCES {ref_table}({ref_column})`")
    return Rule((f"{table}.{column} 是指向 {ref_table}.{ref_column} 的外键",
                 f"{table}.{column} is a foreign key to {ref_table}.{ref_column}"), check)


def not_null(table: str, column: str) -> Rule:
    """Rule: ``table.column`` is declared NOT NULL (or is the primary key)."""
    def check(answer, shop):
        return column in _keys_of(answer).get(table, {}).get("not_null", [])
    return Rule((f"{table}.{column} 不允许为空（NOT NULL）", f"{table}.{column} is NOT NULL"), check)


def within(label, measure, *, low=None, high=None) -> Rule:
    """Rule: ``measure(answer, shop)`` lies in ``[low, high]``: budgets, service levels.

    Parameters
    ----------
    label : (zh, en)
        What the rule demands, e.g. ``("积分成本不超过 5 万元", "points cost at most 50,000")``.
    measure : callable
        ``measure(answer, shop) -> float``.
    low, high : float, optional
        Bounds (inclusive).
    """
    def check(answer, shop):
        value = float(measure(answer, shop))
        ok = (low is None or value >= low) and (high is None or value <= high)
        return ok, (f"实际值 {value:,.4g}", f"actual value {value:,.4g}")
    return Rule(label, check)
