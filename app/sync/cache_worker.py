"""Runs cache calls in one worker thread, so the Qt/asyncio loop never waits on the database.

One thread keeps the calls in order and keeps SQLite's writer single.
"""

from __future__ import annotations

import asyncio
import functools
from collections.abc import Callable
from concurrent.futures import ThreadPoolExecutor
from typing import Any, TypeVar

from app.cache.store import CacheStore

T = TypeVar("T")


class CacheWorker:
    def __init__(self, store: CacheStore) -> None:
        self.store = store
        self.executor = ThreadPoolExecutor(max_workers=1, thread_name_prefix="gemba-cache")

    async def call(self, fn: Callable[..., T], *args: Any, **kwargs: Any) -> T:
        loop = asyncio.get_running_loop()
        return await loop.run_in_executor(self.executor, functools.partial(fn, *args, **kwargs))

    def shutdown(self) -> None:
        self.executor.shutdown(wait=True)
