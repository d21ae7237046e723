"""A stand-in for ``scrapy crawl <source>`` in scheduler tests: it runs until SIGTERM, then
exits cleanly like Scrapy's graceful shutdown, leaving marker files in $FAKE_CRAWL_DIR."""

from __future__ import annotations

import os
import signal
import sys
import time
from pathlib import Path

source = sys.argv[1]
out = Path(os.environ["FAKE_CRAWL_DIR"])
(out / f"{source}.started").write_text(" ".join(sys.argv[1:]), encoding="utf-8")
print(f"fake crawl of {source} running", flush=True)


def stop(signum: int, _frame: object) -> None:
    (out / f"{source}.stopped").write_text(signal.Signals(signum).name, encoding="utf-8")
    print(f"crawl summary: spider={source} reason=shutdown", flush=True)
    sys.exit(0)


signal.signal(signal.SIGTERM, stop)
for _ in range(int(os.environ.get("FAKE_CRAWL_SECONDS", "60")) * 10):
    time.sleep(0.1)
(out / f"{source}.finished").write_text("finished", encoding="utf-8")
print(f"crawl summary: spider={source} reason=finished", flush=True)
