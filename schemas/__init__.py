"""Datasets' models, registry and validator. The registry is loaded with the package: it gives the Dispute model the
subject columns of each dataset, so a dispute is checked the same whichever module is imported first."""
from . import registry  # noqa: F401
