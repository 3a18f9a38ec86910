"""Shared fixtures: small seeded shops, built once per test session."""

import pytest


@pytest.fixture(scope="session")
def shop():
    """A 3,000-customer Chinese shop, the workhorse of the tests."""
    import crmlab

    return crmlab.simulate(3000, seed=7)


@pytest.fixture(scope="session")
def big_shop():
    """A 20,000-customer shop for behaviours that need volume."""
    import crmlab

    return crmlab.simulate(20000, seed=11)
