"""Errors raised by crmlab, each with a bilingual message that says what is wrong
and how to fix it."""

from __future__ import annotations

from ._i18n import bilingual


class CRMLabError(Exception):
    """Base class of crmlab's errors; the message is in Chinese and English."""

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(bilingual(zh, en))


class InvalidArgumentError(CRMLabError, ValueError):
    """An argument is out of range, of the wrong kind, or unknown."""


class UnknownDatasetError(CRMLabError, ValueError):
    """``load_dataset`` was given a name that is not shipped."""


class UnknownTableError(CRMLabError, KeyError):
    """A table name that the shop schema does not have."""

    def __str__(self) -> str:  # KeyError would otherwise repr() the message
        return self.args[0]


class ShopFileError(CRMLabError, ValueError):
    """A file or folder that is not a readable crmlab shop."""


class SchemaError(CRMLabError, ValueError):
    """A table does not match the shop schema (missing column, wrong type, bad key)."""


class OutputPathError(CRMLabError, OSError):
    """The output path cannot be written."""


class ColumnError(CRMLabError, KeyError):
    """A DataFrame lacks a column an analysis needs, or has it with the wrong type."""

    def __str__(self) -> str:
        return self.args[0]


class EmptyDataError(CRMLabError, ValueError):
    """An analysis was given no rows to work on."""


class DataValueError(CRMLabError, ValueError):
    """A column holds values an analysis cannot use: missing dates, negative amounts."""


# -- warnings ----------------------------------------------------------------------------
class CRMLabWarning(UserWarning):
    """Base class of crmlab's warnings; the message is in Chinese and English.

    Raise it with ``warnings.warn(SomeWarning(zh, en), stacklevel=...)``; filter all
    of crmlab's warnings with ``warnings.simplefilter("ignore", CRMLabWarning)``.
    """

    def __init__(self, zh: str, en: str):
        self.zh, self.en = zh, en
        super().__init__(bilingual(zh, en))


class UnitsWarning(CRMLabWarning):
    """Inputs that look like the wrong units (minutes where seconds are expected ...)."""


class DataWarning(CRMLabWarning):
    """Rows were left out of an analysis (for example because a date is missing)."""
