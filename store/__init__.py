"""The versioned dataset store: every publish is a new immutable version; history only grows."""
from store.errors import (
    InvalidUpload,
    SourcesStillCited,
    StaleBase,
    StoreError,
    StoreUnavailable,
    UnknownDataset,
    UnknownVersion,
)
from store.store import Store, VersionMeta, VersionRecord, get_store, open_store

__all__ = [
    "InvalidUpload",
    "SourcesStillCited",
    "StaleBase",
    "Store",
    "StoreError",
    "StoreUnavailable",
    "UnknownDataset",
    "UnknownVersion",
    "VersionMeta",
    "VersionRecord",
    "get_store",
    "open_store",
]
