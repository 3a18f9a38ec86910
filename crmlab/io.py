"""Reading and writing shops: SQLite, Parquet and CSV, all round-trip exact.

Writes are atomic: everything goes to a temporary file or folder beside the target,
which replaces the target only once complete, so a failed write leaves nothing half
written (and an older file at the same path intact).
"""

from __future__ import annotations

import json
import os
import shutil
import sqlite3
import tempfile
from pathlib import Path

import pandas as pd

from .errors import OutputPathError, SchemaError, ShopFileError
from .schema import SQL_TYPES, TABLE_NAMES, TABLES, coerce_table, get_table

FORMAT_VERSION = 1
META_TABLE = "_crmlab_meta"
META_FILE = "crmlab.json"
SQLITE_MAGIC = b"SQLite format 3\x00"
# Insert order that satisfies the foreign keys (referenced tables first).
INSERT_ORDER = ("customers", "products", "campaigns", "orders", "order_items", "shipments", "reviews",
                "service_tickets", "complaints", "surveys", "campaign_assignments", "points_ledger", "calls",
                "staffing", "truth", "campaign_truth", "affinity_truth")
assert sorted(INSERT_ORDER) == sorted(TABLE_NAMES)


# -- atomic output ----------------------------------------------------------------------
def _check_output(path: Path, overwrite: bool) -> Path:
    path = Path(path).expanduser()
    parent = path.parent if str(path.parent) else Path(".")
    if path.exists() and not overwrite:
        raise OutputPathError(f"{path} 已存在。请换一个路径，或使用 overwrite=True（命令行 --overwrite）覆盖。",
                              f"{path} already exists. Choose another path or pass overwrite=True (--overwrite).")
    if not parent.exists():
        raise OutputPathError(f"目录 {parent} 不存在。请先创建它（mkdir -p {parent}）或换一个路径。",
                              f"Folder {parent} does not exist. Create it first (mkdir -p {parent}) or choose another path.")
    if not os.access(parent, os.W_OK):
        raise OutputPathError(f"没有写入 {parent} 的权限。请换一个可写的目录。",
                              f"No permission to write in {parent}. Choose a folder you can write to.")
    return path


def _replace(tmp: Path, path: Path) -> None:
    """Move the finished ``tmp`` onto ``path``; an existing folder is swapped out first."""
    if path.is_dir() and not path.is_symlink():
        old = path.with_name(f".{path.name}.old-{os.getpid()}")
        os.replace(path, old)
        os.replace(tmp, path)
        shutil.rmtree(old, ignore_errors=True)
    else:
        os.replace(tmp, path)


# -- value conversion for SQLite and CSV ----------------------------------------------------
def _sql_values(df: pd.DataFrame, table) -> list[tuple]:
    cols = []
    for col in table.columns:
        s = df[col.name]
        if col.type == "datetime":
            v = s.dt.strftime("%Y-%m-%d %H:%M:%S").astype(object).where(s.notna(), None)
        elif col.type == "bool":
            v = s.astype("int64").astype(object)
        elif col.type == "Int":
            v = s.astype(object).where(s.notna(), None)
        elif col.type == "float":
            v = s.astype(object).where(s.notna(), None)
        elif col.type == "int":
            v = s.astype(object)
        else:
            v = s.astype(object).where(s.notna(), None)
        cols.append(v.to_numpy())
    return list(zip(*cols, strict=True)) if cols and len(df) else []


def _create_sql(table) -> str:
    defs = [f'"{c.name}" {SQL_TYPES[c.type]}{"" if c.nullable else " NOT NULL"}' for c in table.columns]
    defs.append(f"PRIMARY KEY ({', '.join(table.primary_key)})")
    for c in table.foreign_keys:
        ref_table, ref_col = c.references.split(".")
        defs.append(f'FOREIGN KEY ("{c.name}") REFERENCES {ref_table}({ref_col})')
    return f"CREATE TABLE {table.name} (\n  " + ",\n  ".join(defs) + "\n)"


def write_sqlite(shop, path, *, overwrite: bool = True) -> Path:
    """Write ``shop`` to a SQLite database file with keys, foreign keys and indexes.

    Parameters
    ----------
    shop : Shop
        The shop to write.
    path : str or Path
        Target file, e.g. ``"shop.sqlite"``.
    overwrite : bool, default=True
        Replace an existing file (atomically).

    Returns
    -------
    Path
        The written file.
    """
    path = _check_output(Path(path), overwrite)
    fd, tmp_name = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    os.close(fd)
    tmp = Path(tmp_name)
    try:
        con = sqlite3.connect(tmp)
        try:
            con.execute("PRAGMA journal_mode=OFF")
            con.execute("PRAGMA synchronous=OFF")
            with con:
                for table in TABLES:
                    con.execute(_create_sql(table))
                    for i, idx in enumerate(table.indexes):
                        con.execute(f"CREATE INDEX ix_{table.name}_{i} ON {table.name} ({', '.join(idx)})")
                for t in INSERT_ORDER:
                    table = get_table(t)
                    marks = ", ".join("?" * len(table.columns))
                    con.executemany(f"INSERT INTO {t} VALUES ({marks})", _sql_values(getattr(shop, t), table))
                con.execute(f"CREATE TABLE {META_TABLE} (key TEXT PRIMARY KEY, value TEXT NOT NULL)")
                con.executemany(f"INSERT INTO {META_TABLE} VALUES (?, ?)",
                                [("format_version", str(FORMAT_VERSION)), ("meta", json.dumps(shop.meta, ensure_ascii=False))])
            bad = con.execute("PRAGMA foreign_key_check").fetchall()
            if bad:
                raise SchemaError(f"外键检查失败：{bad[:3]}", f"Foreign key check failed: {bad[:3]}")
        finally:
            con.close()
        _replace(tmp, path)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    return path


def write_folder(shop, path, fmt: str, *, overwrite: bool = True) -> Path:
    """Write one file per table (``parquet`` or ``csv``) and ``crmlab.json`` into ``path``."""
    from ._i18n import check_choice

    check_choice("format", fmt, ("parquet", "csv"))
    path = _check_output(Path(path), overwrite)
    if path.exists() and not path.is_dir():
        raise OutputPathError(f"{path} 是一个文件；{fmt} 格式需要一个目录路径。",
                              f"{path} is a file; the {fmt} format needs a folder path.")
    tmp = Path(tempfile.mkdtemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent))
    try:
        for name in TABLE_NAMES:
            df = getattr(shop, name)
            if fmt == "parquet":
                df.to_parquet(tmp / f"{name}.parquet", index=False)
            else:
                out = df.copy()
                for col in get_table(name).columns:
                    if col.type == "datetime":
                        out[col.name] = out[col.name].dt.strftime("%Y-%m-%d %H:%M:%S")
                out.to_csv(tmp / f"{name}.csv", index=False, lineterminator="\n", float_format=None)
        (tmp / META_FILE).write_text(json.dumps({"format_version": FORMAT_VERSION, "format": fmt, "meta": shop.meta},
                                                ensure_ascii=False, indent=1), encoding="utf-8")
        _replace(tmp, path)
    except BaseException:
        shutil.rmtree(tmp, ignore_errors=True)
        raise
    return path


# -- reading --------------------------------------------------------------------------------
def _not_a_shop(path, why_zh, why_en):
    return ShopFileError(
        f"{path} 不是可读取的 crmlab 商店文件：{why_zh}。请用 crmlab.simulate(...).to_sqlite(路径) 或 `crmlab simulate` 生成。",
        f"{path} is not a readable crmlab shop: {why_en}. Make one with crmlab.simulate(...).to_sqlite(path) or `crmlab simulate`.",
    )


def read_sqlite(path) -> dict:
    path = Path(path)
    with open(path, "rb") as fh:
        if fh.read(16) != SQLITE_MAGIC:
            raise _not_a_shop(path, "不是 SQLite 数据库", "it is not a SQLite database")
    try:
        con = sqlite3.connect(f"file:{path}?mode=ro", uri=True)
    except sqlite3.Error as exc:
        raise _not_a_shop(path, f"无法打开（{exc}）", f"it cannot be opened ({exc})") from None
    try:
        try:
            rows = dict(con.execute(f"SELECT key, value FROM {META_TABLE}").fetchall())
        except sqlite3.DatabaseError as exc:
            if "no such table" in str(exc):
                raise _not_a_shop(path, "缺少 crmlab 元数据表（可能是其他程序的数据库）",
                                  "it has no crmlab metadata table (perhaps another program's database)") from None
            raise _not_a_shop(path, f"文件已损坏（{exc}）", f"the file is corrupt ({exc})") from None
        _check_version(path, rows.get("format_version"))
        tables = {}
        for table in TABLES:
            try:
                df = pd.read_sql_query(f"SELECT * FROM {table.name} ORDER BY {', '.join(table.primary_key)}", con)
            except (sqlite3.DatabaseError, pd.errors.DatabaseError) as exc:
                raise _not_a_shop(path, f"无法读取表 {table.name}（{exc}）", f"table {table.name} cannot be read ({exc})") from None
            tables[table.name] = df
        meta = json.loads(rows.get("meta", "{}"))
    finally:
        con.close()
    return _finish(path, tables, meta)


def _check_version(path, version):
    if version is None or int(version) > FORMAT_VERSION:
        raise _not_a_shop(path, f"格式版本 {version} 无法识别，请升级 crmlab", f"format version {version} is unknown; upgrade crmlab")


def _finish(path, tables, meta) -> dict:
    out = {}
    for name, df in tables.items():
        try:
            out[name] = coerce_table(name, df)
        except SchemaError as exc:
            raise _not_a_shop(path, exc.zh, exc.en) from None
    return {"tables": out, "meta": meta}


def read_folder(path) -> dict:
    path = Path(path)
    meta_file = path / META_FILE
    if not meta_file.exists():
        raise _not_a_shop(path, f"目录中没有 {META_FILE}", f"the folder has no {META_FILE}")
    try:
        info = json.loads(meta_file.read_text(encoding="utf-8"))
    except (ValueError, UnicodeDecodeError) as exc:
        raise _not_a_shop(path, f"{META_FILE} 已损坏（{exc}）", f"{META_FILE} is corrupt ({exc})") from None
    _check_version(path, info.get("format_version"))
    fmt = info.get("format")
    tables = {}
    for table in TABLES:
        f = path / f"{table.name}.{fmt}"
        if not f.exists():
            raise _not_a_shop(path, f"缺少文件 {f.name}", f"file {f.name} is missing")
        try:
            if fmt == "parquet":
                tables[table.name] = pd.read_parquet(f)
            else:
                tables[table.name] = _read_csv(f, table)
        except (OSError, ValueError) as exc:
            raise _not_a_shop(path, f"无法读取 {f.name}（{exc}）", f"{f.name} cannot be read ({exc})") from None
    return _finish(path, tables, info.get("meta", {}))


def _read_csv(f, table) -> pd.DataFrame:
    dtypes = {c.name: ("str" if c.type == "str" else "float64" if c.type in ("float",) else None)
              for c in table.columns}
    dtypes = {k: v for k, v in dtypes.items() if v}
    df = pd.read_csv(f, dtype=dtypes, keep_default_na=False, na_values=[""])
    for c in table.columns:
        if c.type == "str" and not c.nullable:
            df[c.name] = df[c.name].fillna("")
        elif c.type == "bool":
            df[c.name] = df[c.name].map({True: True, False: False, "True": True, "False": False})
    return df


def load_shop(path):
    """Read a shop written by ``to_sqlite``, ``to_parquet`` or ``to_csv``.

    Parameters
    ----------
    path : str or Path
        A SQLite file, or a folder of Parquet or CSV files.

    Returns
    -------
    Shop
        The same tables, dtypes and metadata as the shop that was written.

    Examples
    --------
    >>> import crmlab, tempfile, os
    >>> shop = crmlab.simulate(200, seed=1)
    >>> path = os.path.join(tempfile.mkdtemp(), "shop.sqlite")
    >>> _ = shop.to_sqlite(path)
    >>> crmlab.load_shop(path) == shop
    True
    """
    from .shop import Shop

    path = Path(path).expanduser()
    if not path.exists():
        raise ShopFileError(f"找不到 {path}。请检查路径，或先用 `crmlab simulate --out {path}` 生成商店。",
                            f"{path} does not exist. Check the path, or make a shop first with `crmlab simulate --out {path}`.")
    data = read_folder(path) if path.is_dir() else read_sqlite(path)
    try:
        return Shop(data["tables"], meta=data["meta"])
    except SchemaError as exc:
        raise _not_a_shop(path, exc.zh, exc.en) from None
