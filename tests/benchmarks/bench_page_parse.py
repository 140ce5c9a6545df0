"""A page just under the 64 MiB limit, parsed as the sync engine parses it: on a worker
thread, while the GUI thread keeps a 1 ms ticker. Prints the longest the ticker waited and the
process's peak RSS above what it held before the parse.

    python -m tests.benchmarks.bench_page_parse
"""

from __future__ import annotations

import io
import json
import resource
import threading
import time

import httpx

from app.connectors.rest import MAX_PAGE_BYTES, RestConnector
from app.sync.sources import SourceConfig

FEED, PATH = "mes.production_counts", "/mes/v1/production-counts"


def near_limit_page() -> bytes:
    item = {"id": "", "version": 1, "machine_id": "M-001", "work_order_id": "WO-1",
            "product_id": "P-300", "start": "2026-11-01T00:00:00Z",
            "end": "2026-11-01T00:05:00Z", "good": "12", "scrap": "0"}
    one = len(json.dumps(dict(item, id="PC-00000000"))) + 1
    count = (MAX_PAGE_BYTES - 2**20) // one
    page = io.BytesIO()  # written item by item: no list of items to inflate the peak RSS
    page.write(b'{"items":[')
    for n in range(count):
        page.write(b"," if n else b"")
        page.write(json.dumps(dict(item, id=f"PC-{n:08d}")).encode())
    page.write(b'],"next_cursor":null,"sync_token":"t1"}')
    return page.getvalue()


def rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def main() -> None:
    body = near_limit_page()
    connector = RestConnector(SourceConfig(name="mes", kind="mes", base_url="http://bench"))
    response = httpx.Response(200, content=body)
    before = rss_mib()
    done = threading.Event()

    def parse() -> None:
        connector._parse_page(FEED, PATH, response)
        done.set()

    worker = threading.Thread(target=parse)
    worker.start()
    worst, last = 0.0, time.perf_counter()
    while not done.is_set():
        time.sleep(0.001)
        now = time.perf_counter()
        worst, last = max(worst, now - last), now
    worker.join()
    size = len(body) / 2**20
    print(f"page_parse_near_limit_stall: {worst * 1000:.0f} ms (target: < 250 ms; a "
          f"{size:.0f} MiB page on a worker thread)")
    print(f"page_parse_near_limit_rss: {rss_mib() - before:.0f} MiB (target: < 300 MiB; "
          f"the page is {size:.0f} MiB)")


if __name__ == "__main__":
    main()
