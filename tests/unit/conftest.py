"""Fixtures of the unit tier."""

import pytest
from support.slips import lesson_session


@pytest.fixture(scope="module")
def lesson_shop():
    """The lessons' shop (the shipped `lab` dataset, 5,000 customers) in a fresh Chinese session, as a lesson's first
    cell sets it up; the session is reset afterwards. A module that needs another shop under this name (a student's,
    or the English session) defines its own."""
    yield from lesson_session()
