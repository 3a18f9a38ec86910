"""Small default shops shipped with crmlab, loaded like ``seaborn.load_dataset``.

The files live in the repository's ``datasets/`` folder and inside the installed
package (``crmlab/_datasets``); ``tools/make_datasets.py`` makes them from the fixed
recipes in :data:`DATASETS`, and a test checks that regenerating them gives the same
shops.
"""

from __future__ import annotations

from pathlib import Path

from .errors import UnknownDatasetError

# name -> (arguments of crmlab.simulate, zh description, en description)
DATASETS = {
    "classroom": (dict(n_customers=500, random_state=20230901, locale="zh"),
                  "课堂用小商店：500 位客户，两年数据（中文）", "classroom shop: 500 customers, two years (Chinese)"),
    "classroom_en": (dict(n_customers=500, random_state=20230901, locale="en"),
                     "课堂用小商店的英文版", "classroom shop in English"),
    "lab": (dict(n_customers=5000, random_state=20230902, locale="zh"),
            "实训用商店：5,000 位客户，两年数据（中文）", "lab shop: 5,000 customers, two years (Chinese)"),
}


def _data_dir() -> Path:
    """Installed wheels carry the files in the package; a source checkout has datasets/."""
    here = Path(__file__).resolve().parent
    for candidate in (here / "_datasets", here.parent / "datasets"):
        if (candidate / "classroom.sqlite").exists():
            return candidate
    return here.parent / "datasets"


def dataset_recipe(name: str) -> dict:
    """The ``crmlab.simulate`` arguments a shipped dataset is made from (a copy).

    Examples
    --------
    >>> from crmlab.datasets import dataset_recipe
    >>> dataset_recipe("lab")["n_customers"]
    5000
    """
    if name not in DATASETS:
        dataset_path(name)  # raises the helpful UnknownDatasetError
    return dict(DATASETS[name][0])


def get_dataset_names() -> list[str]:
    """Names of the shops shipped with crmlab.

    Examples
    --------
    >>> import crmlab
    >>> crmlab.get_dataset_names()
    ['classroom', 'classroom_en', 'lab']
    """
    return list(DATASETS)


def dataset_path(name: str) -> Path:
    """The SQLite file of a shipped shop (students can open it with SQL tools)."""
    if name not in DATASETS:
        import difflib

        close = difflib.get_close_matches(str(name), DATASETS, n=1)
        names = ", ".join(DATASETS)
        raise UnknownDatasetError(
            f"没有名为 {name!r} 的数据集。{'您是不是想用 ' + repr(close[0]) + '？' if close else ''}可用的数据集：{names}。",
            f"There is no dataset named {name!r}.{' Did you mean ' + repr(close[0]) + '?' if close else ''} Available: {names}.",
        )
    path = _data_dir() / f"{name}.sqlite"
    if not path.exists():
        raise UnknownDatasetError(
            f"数据集文件 {path} 缺失。请在项目目录运行 `make datasets` 重新生成。",
            f"The dataset file {path} is missing. Run `make datasets` in the project folder to make it again.",
        )
    return path


def load_dataset(name: str = "classroom"):
    """Load a small shop shipped with crmlab.

    Parameters
    ----------
    name : str, default="classroom"
        One of :func:`get_dataset_names`: ``"classroom"`` (500 customers, zh),
        ``"classroom_en"`` (the same shop in English) or ``"lab"`` (5,000 customers).

    Returns
    -------
    Shop
        The shop's tables as pandas DataFrames with their proper dtypes.

    Examples
    --------
    >>> import crmlab
    >>> shop = crmlab.load_dataset("classroom")
    >>> len(shop.customers)
    500
    """
    from .shop import load_shop  # the shop needs pandas: loaded when a shop is read

    return load_shop(dataset_path(name))


def make_dataset(name: str):
    """Simulate shipped dataset ``name`` from its recipe (what ``make datasets`` writes)."""
    from .simulation import simulate  # the simulator needs pandas: loaded to make a shop

    if name not in DATASETS:
        dataset_path(name)
    return simulate(**DATASETS[name][0])
