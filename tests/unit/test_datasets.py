"""Shipped datasets: names, loading, errors, and that they are up to date."""

import pytest

import crmlab
from crmlab.datasets import DATASETS, dataset_path, make_dataset
from crmlab.errors import UnknownDatasetError


def test_names():
    assert crmlab.get_dataset_names() == ["classroom", "classroom_en", "lab"]


def test_classroom_loads_with_proper_dtypes():
    shop = crmlab.load_dataset("classroom")
    assert len(shop.customers) == 500
    assert str(shop.orders["order_time"].dtype) == "datetime64[ns]"
    assert shop.meta["seed"] == DATASETS["classroom"][0]["random_state"]


@pytest.mark.parametrize("name", list(DATASETS))
def test_shipped_files_are_current(name):
    """Regenerating each dataset from its recipe gives the shipped shop (run `make datasets`)."""
    assert crmlab.load_dataset(name) == make_dataset(name), f"datasets/{name}.sqlite is stale: run `make datasets`"


def test_unknown_dataset_suggests_a_name():
    with pytest.raises(UnknownDatasetError) as info:
        crmlab.load_dataset("clasroom")
    assert "classroom" in str(info.value) and "lab" in str(info.value)


def test_dataset_path_is_a_sqlite_file():
    assert dataset_path("lab").read_bytes()[:15] == b"SQLite format 3"
