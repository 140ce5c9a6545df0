"""The local cache: SQLAlchemy schema, bulk upserts, reads, outbox, machine history, migrations.

    store = CacheStore.open()            # SQLite in the user's data folder, schema up to date
    changes = store.upsert("demo-crm", "crm.orders", orders)
    changes.kinds, changes.ids("crm.orders")
"""

from app.cache.changes import ChangeSet, RecordKey
from app.cache.database import default_cache_url, open_cache_engine
from app.cache.outbox import DuplicateAction, OutboxItem, OutboxState
from app.cache.store import CacheStore

__all__ = [
    "CacheStore", "ChangeSet", "DuplicateAction", "OutboxItem", "OutboxState", "RecordKey",
    "default_cache_url", "open_cache_engine",
]
