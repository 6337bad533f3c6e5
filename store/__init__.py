"""The versioned dataset store: every publish is a new immutable version; history only grows."""
from store.errors import (
    InvalidUpload,
    SourcesStillCited,
    StaleBase,
    StoreError,
    StoreTimeout,
    StoreUnavailable,
    UnknownDataset,
    UnknownVersion,
    UnsupportedDatabase,
)
from store.repository import Store, get_store, open_store
from store.throttle import THROTTLE_RULES, Attempt, LoginThrottle, ThrottleRules
from store.versions import VersionMeta, VersionRecord

__all__ = [
    "Attempt",
    "InvalidUpload",
    "LoginThrottle",
    "SourcesStillCited",
    "StaleBase",
    "Store",
    "StoreError",
    "StoreTimeout",
    "StoreUnavailable",
    "THROTTLE_RULES",
    "ThrottleRules",
    "UnknownDataset",
    "UnknownVersion",
    "UnsupportedDatabase",
    "VersionMeta",
    "VersionRecord",
    "get_store",
    "open_store",
]
