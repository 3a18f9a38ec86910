"""The :class:`Shop`: a simulated or loaded shop, its tables and its metadata.

A shop is read and written by :mod:`crmlab.io` (which knows files and tables, not this
class): :func:`load_shop` and the ``to_*`` methods are the doors to it.
"""

from __future__ import annotations

import hashlib

import pandas as pd

from .errors import SchemaError
from .io import open_shop, write_folder, write_sqlite
from .params import ShopParams
from .schema import HIDDEN_TABLES, PUBLIC_TABLES, TABLE_NAMES, get_table, table_dictionary, validate_table

__all__ = ["Shop", "load_shop"]


class Shop:
    """An online shop's data: one pandas DataFrame per table, plus hidden truth.

    Tables are attributes named as in the schema (``shop.customers``,
    ``shop.orders`` ...) and can also be read as ``shop["orders"]``. The hidden
    truth (``shop.truth``, ``shop.campaign_truth``, ``shop.affinity_truth``,
    ``shop.effect_truth``, ``shop.followup_truth``) is for instructors and tests.

    Attributes
    ----------
    tables : list of str
        Names of the shop's tables, public ones first, then the hidden truth.
    meta : dict
        How the shop was made: ``seed``, ``n_customers``, ``start``, ``end``,
        ``locale`` and the simulation ``params``.
    """

    def __init__(self, tables: dict, meta: dict | None = None, validate: bool = True):
        missing = [t for t in TABLE_NAMES if t not in tables]
        if missing:
            raise SchemaError(f"商店缺少表：{', '.join(missing)}。", f"The shop lacks tables: {', '.join(missing)}.")
        for name in TABLE_NAMES:
            if validate:
                validate_table(name, tables[name])
            setattr(self, name, tables[name])
        self.meta = dict(meta or {})

    @classmethod
    def _opened(cls, source) -> Shop:
        """A shop whose tables come from ``source`` (:func:`crmlab.io.open_shop`), each read when first used."""
        shop = cls.__new__(cls)
        shop.meta = dict(source.meta)
        shop._source = source
        return shop

    def __getattr__(self, name):
        # Only reached when a table is not read yet (or for a name that is not there at all).
        source = self.__dict__.get("_source")
        if source is None or name not in TABLE_NAMES:
            raise AttributeError(f"'{type(self).__name__}' object has no attribute {name!r}")
        df = self.__dict__[name] = source.table(name)
        if all(t in self.__dict__ for t in TABLE_NAMES):  # everything read: the file's bytes are not needed
            source.close()
            del self.__dict__["_source"]
        return df

    def __dir__(self):
        # tables not read yet are attributes too (Tab completion in JupyterLab lists them)
        return sorted(set(super().__dir__()) | set(TABLE_NAMES))

    def __getstate__(self):
        # a copy or pickle holds every table, not the open file
        state = {name: getattr(self, name) for name in TABLE_NAMES}
        state.update((k, v) for k, v in self.__dict__.items() if k != "_source")
        return state

    def _rows(self, name: str) -> int:
        if name in self.__dict__ or "_source" not in self.__dict__:
            return len(getattr(self, name))
        return self._source.rows(name)

    @property
    def tables(self) -> list[str]:
        return list(TABLE_NAMES)

    @property
    def public_tables(self) -> list[str]:
        return list(PUBLIC_TABLES)

    @property
    def hidden_tables(self) -> list[str]:
        return list(HIDDEN_TABLES)

    @property
    def params(self):
        return ShopParams.from_dict(self.meta["params"]) if "params" in self.meta else None

    @property
    def locale(self) -> str:
        return self.meta.get("locale", "zh")

    def __getitem__(self, name: str):
        get_table(name)  # a clear error for unknown names
        return getattr(self, name)

    def table(self, name: str):
        """Return table ``name`` (same as ``shop[name]``)."""
        return self[name]

    def items(self):
        for name in TABLE_NAMES:
            yield name, getattr(self, name)

    def __eq__(self, other) -> bool:
        if not isinstance(other, Shop):
            return NotImplemented
        return all(getattr(self, t).equals(getattr(other, t)) for t in TABLE_NAMES)

    __hash__ = None

    def fingerprint(self) -> str:
        """A SHA-256 of every table's content: equal shops have equal fingerprints."""
        h = hashlib.sha256()
        for name in TABLE_NAMES:
            df = getattr(self, name)
            h.update(name.encode())
            h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
            h.update(",".join(df.columns).encode())
        return h.hexdigest()

    def describe(self, locale: str | None = None):
        """A short bilingual summary: each table, its rows, and the headline figures.

        Returns
        -------
        pandas.DataFrame
            One row per table with its zh and en names and number of rows; the
            headline figures are in ``.attrs["summary"]``.
        """
        rows = []
        for name in TABLE_NAMES:
            t = get_table(name)
            rows.append({"table": name, "表": t.zh, "description": t.en, "rows": self._rows(name),
                         "hidden": t.hidden})
        out = pd.DataFrame(rows)
        out.attrs["summary"] = self._summary()
        return out

    def dictionary(self, name: str, locale: str | None = None):
        """The data dictionary of table ``name``: each column, its type and meaning.

        Same as :func:`crmlab.schema.table_dictionary`; ``locale`` defaults to the
        current crmlab locale.
        """
        return table_dictionary(name, locale)

    def _summary(self) -> str:
        paid = self.orders[self.orders["payment_status"] == "paid"]
        m = self.meta
        rev = paid["amount"].sum()
        return (f"商店 / shop: {len(self.customers):,} 位客户 customers, {len(paid):,} 笔已付款订单 paid orders, "
                f"销售额 revenue ¥{rev:,.0f}, {m.get('start', '?')} – {m.get('end', '?')}, "
                f"seed={m.get('seed', '?')}, locale={m.get('locale', '?')}")

    def __repr__(self) -> str:
        sizes = ", ".join(f"{t}={self._rows(t):,}" for t in PUBLIC_TABLES[:4])
        return f"<Shop seed={self.meta.get('seed')} locale={self.meta.get('locale')} {sizes} ...>"

    def _repr_markdown_(self) -> str:
        d = self.describe()
        lines = [f"**{d.attrs['summary']}**", "", "| table | 表 | rows |", "|---|---|---:|"]
        lines += [f"| `{r.table}` | {r.表} | {r.rows:,} |" for r in d.itertuples() if not r.hidden]
        return "\n".join(lines)

    # Writers live in crmlab.io; these are conveniences.
    def to_sqlite(self, path, *, overwrite: bool = False):
        """Write a real SQLite database with primary keys, foreign keys and indexes.

        Parameters
        ----------
        path : str or Path
            The file to write, e.g. ``"shop.sqlite"``.
        overwrite : bool, default=False
            Replace an existing crmlab shop at ``path``. Nothing else is ever
            replaced: another file, or a folder with files of its own, is refused.

        Returns
        -------
        Path
            The written file.
        """
        return write_sqlite(self, path, overwrite=overwrite)

    def to_parquet(self, path, *, overwrite: bool = False):
        """Write one Parquet file per table into folder ``path`` (``overwrite`` as in :meth:`to_sqlite`)."""
        return write_folder(self, path, "parquet", overwrite=overwrite)

    def to_csv(self, path, *, overwrite: bool = False):
        """Write one CSV file per table into folder ``path`` (``overwrite`` as in :meth:`to_sqlite`)."""
        return write_folder(self, path, "csv", overwrite=overwrite)


def load_shop(path) -> Shop:
    """Read a shop written by ``to_sqlite``, ``to_parquet`` or ``to_csv``.

    Parameters
    ----------
    path : str or Path
        A SQLite file, or a folder of Parquet or CSV files.

    Returns
    -------
    Shop
        The same tables, dtypes and metadata as the shop that was written. A SQLite
        file is read into memory and checked at once; each of its tables becomes a
        DataFrame when it is first used (a notebook that uses three tables does not
        pay for 26), and later changes to the file do not reach the shop.

    Raises
    ------
    ShopFileError
        ``path`` does not exist or is not a readable crmlab shop; or, when a table
        is first used, that table does not match the schema.

    Examples
    --------
    >>> import crmlab, tempfile, os
    >>> shop = crmlab.simulate(200, random_state=1)
    >>> path = os.path.join(tempfile.mkdtemp(), "shop.sqlite")
    >>> _ = shop.to_sqlite(path)
    >>> crmlab.load_shop(path) == shop
    True
    """
    return Shop._opened(open_shop(path))  # checked now; each table read (and checked) when first used
