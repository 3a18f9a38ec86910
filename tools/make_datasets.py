"""Make the shipped default shops (``datasets/*.sqlite``) from their fixed recipes (crmlab.datasets.DATASETS).

Run ``make datasets`` (or ``python tools/make_datasets.py``) after changing the
simulator; tests/unit/test_datasets.py fails while the files are out of date.
"""

from pathlib import Path

from crmlab.datasets import DATASETS, make_dataset

DATASETS_DIR = Path(__file__).resolve().parents[1] / "datasets"

if __name__ == "__main__":
    for name in DATASETS:
        path = make_dataset(name).to_sqlite(DATASETS_DIR / f"{name}.sqlite", overwrite=True)
        print(f"{name}: {path} ({path.stat().st_size / 1e6:.1f} MB)")
