"""Make the shipped default shops from their fixed recipes (crmlab.datasets.DATASETS).

Run ``make datasets`` (or ``python datasets/make_datasets.py``) after changing the
simulator; tests/test_datasets.py fails while the files are out of date.
"""

from pathlib import Path

from crmlab.datasets import DATASETS, make_dataset

HERE = Path(__file__).resolve().parent

if __name__ == "__main__":
    for name in DATASETS:
        path = make_dataset(name).to_sqlite(HERE / f"{name}.sqlite", overwrite=True)
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
