"""newsbot scheduler — placeholder.

The APScheduler process that runs the crawls on a schedule comes with issue 5.
Until then, run crawls by hand: ``scrapy crawl <site>`` (see README.md).
"""

import sys

if __name__ == "__main__":
    sys.exit("scheduler: not implemented yet; run `scrapy crawl <site>` by hand (see README.md)")
