"""Scrapy settings of article-corpus (the one settings module; README "Crawler" lists them).

Override any of them per run with `-s NAME=VALUE`.
"""

from crawler.user_agent import contact_user_agent

BOT_NAME = "article-corpus"
SPIDER_MODULES = ["crawler.spiders"]
NEWSPIDER_MODULE = "crawler.spiders"
COMMANDS_MODULE = "crawler.commands"

ADDONS = {
    "crawler.output_feeds.OutputFeeds": 0,
    "crawler.user_agent.ContactUserAgent": 0,
    "crawler.required_pipelines.RequiredPipelines": 0,
    # After OutputFeeds: names the feeds per worker (README "Distributed crawls").
    "crawler.distributed.mode.DistributedMode": 10,
}

# Politeness. USER_AGENT is "article-corpus/<version> (+CONTACT_URL)": set CONTACT_URL
# to a page where site owners can reach whoever runs the crawl (USER_AGENT follows it),
# or USER_AGENT to replace it all.
CONTACT_URL = "https://github.com/article-corpus/article-corpus"
USER_AGENT = contact_user_agent(CONTACT_URL)
ROBOTSTXT_OBEY = True
AUTOTHROTTLE_ENABLED = True
AUTOTHROTTLE_START_DELAY = 1.0
AUTOTHROTTLE_MAX_DELAY = 30.0
AUTOTHROTTLE_TARGET_CONCURRENCY = 2.0
CONCURRENT_REQUESTS = 16
CONCURRENT_REQUESTS_PER_DOMAIN = 4
# Scrapy starts this many asyncio tasks for every response's output; a page yields one
# item, and the default (100) cost ~5 ms of reactor time per page (profiled).
CONCURRENT_ITEMS = 8
# Bytes of fetched pages waiting for the cleaning pool before downloads pause (Scrapy's
# default 5 MB). Each waiting page also holds its decoded text and parse tree; 2 MB
# (about 15 pages) keeps 2 to 8 workers busy and halves the crawl's peak memory.
SCRAPER_SLOT_MAX_ACTIVE_SIZE = 2_000_000

# Robustness: bounded time and size per page; 5xx and network errors retried twice.
DOWNLOAD_TIMEOUT = 30
RETRY_ENABLED = True
RETRY_TIMES = 2
DOWNLOAD_MAXSIZE = 10 * 1024 * 1024
DOWNLOAD_WARNSIZE = 2 * 1024 * 1024
# Bounded discovery (README "Bounded discovery"): sitemaps, feeds and robots.txt may be up
# to 50 MiB (the sitemap protocol's own limit), as sent or gunzipped, and are parsed as a
# stream; larger ones are not read (logged, counted). At most SITEMAP_MAX_DEPTH levels
# of sitemap indexes below the first sitemap are followed, and at most SITEMAP_MAX_COUNT
# sitemaps requested in a crawl.
DISCOVERY_MAXSIZE = 50 * 1024 * 1024
SITEMAP_MAX_DEPTH = 3
SITEMAP_MAX_COUNT = 1000

# Address policy (README "Address policy"): no request to loopback, private, link-local,
# multicast, reserved or other non-global addresses, checked after DNS resolution and on
# every redirect. True allows them (local sites, the demo, the tests); hosts named in
# ALLOWED_PRIVATE_HOSTS are exempt (e.g. a trusted intranet site).
ALLOW_PRIVATE_ADDRESSES = False
ALLOWED_PRIVATE_HOSTS: list[str] = []

# Output: JSON lines (UTF-8, not \u-escaped) to DEFAULT_FEED_URI unless -o/-O is given;
# rejects and the skipped log go next to the feed (REJECTS_PATH, SKIPPED_PATH override).
DEFAULT_FEED_URI = "output/%(name)s-%(time)s.jsonl"
FEED_EXPORT_ENCODING = "utf-8"
REJECTS_PATH = None
SKIPPED_PATH = None

# The raw archive (README "Raw archive"): every fetched response, with its request, in
# rotating .warc.gz files beside the feed (or in WARC_ARCHIVE_DIR), named after it (a
# batched feed: without the batch number), a new file once one holds
# WARC_ARCHIVE_MAX_BYTES; records and log lines then name their response (warc_*).
WARC_ARCHIVE = False
WARC_ARCHIVE_DIR = None
WARC_ARCHIVE_MAX_BYTES = 1_000_000_000
WARC_ARCHIVE_GZIP_LEVEL = 6  # 9 costs about 1.3 times the CPU for 0.5% fewer bytes

# Records in other languages are rejected (reason "language"); empty allows all.
ARTICLE_LANGUAGES: list[str] = []
# Quality signals (README "Building a corpus"; needs the corpus extra): "annotate" adds
# the `quality` field (about 75 ms of CPU a page, in the cleaning workers), "drop" also
# rejects records a Gopher, C4 or FineWeb filter would drop (reason "low_quality").
ARTICLE_QUALITY = "off"

# Cleaning processes: 0 = one worker per core. They are spawned (never forked from the
# reactor) and killed by the kernel when the crawl ends, however it ends.
CLEANING_WORKERS = 0
# The cleaning budget (cleaners/budget.py): a page over these is rejected `too_complex`
# before anything parses it (the spider checks before classifying or following it); one
# that takes more CPU time than CLEANING_CPU_SECONDS is rejected `timeout`.
CLEANING_MAX_BYTES = 10 * 1024 * 1024  # bytes of HTML
CLEANING_MAX_ELEMENTS = 50_000
CLEANING_MAX_DEPTH = 1_000  # nesting of elements
CLEANING_CPU_SECONDS = 30.0  # per page
# False: records leave out `removed` (about half their bytes); the report still counts
# the rules that fired.
RECORD_REMOVED = True

# In the *_BASE setting, as Scrapy does with its own components: ITEM_PIPELINES (yours)
# adds to these, and {"path": None} turns one off (the cleaning pipelines are required,
# crawler/required_pipelines.py).
ITEM_PIPELINES_BASE = {
    "crawler.pipelines.fetch_outcome.FetchOutcomePipeline": 100,
    "crawler.pipelines.cleaning.CleaningPipeline": 300,
    "crawler.pipelines.language_filter.LanguageFilterPipeline": 400,
    "crawler.pipelines.quality_filter.QualityFilterPipeline": 410,
    "crawler.scheduled.record_versions.RecordVersionPipeline": 500,
    "crawler.scheduled.duplicates.DuplicatePipeline": 510,
}
EXTENSIONS = {
    # Replaced: a record counts as written only once it is in the feed (README "Output").
    "scrapy.extensions.feedexport.FeedExporter": None,
    "crawler.record_exporter.RecordFeedExporter": 0,
    "crawler.rejects.RejectsLog": 100,
    "crawler.skipped.SkippedLog": 100,
    "crawler.report.CrawlReport": 900,
    "crawler.scheduled.feed_recovery.FeedRecovery": 0,
    "crawler.scheduled.dead_url_log.DeadUrlLog": 100,
}

# Scheduled crawls (README "Scheduled crawls"): state on disk, recrawl only what changed.
STATE_DIR = "output/state"  # seen-store and dedup index (one SQLite file)
RECRAWL_AFTER = 86400  # seconds before a seen article is fetched again (unless lastmod is newer)
# A URL answered 404/410 waits RECRAWL_AFTER x 2^(times found dead - 1) s, at most this.
DEAD_URL_MAX_RETRY_AFTER = 30 * 86400
DEDUP_ENABLED = True  # False: no duplicate detection (records still get ids and versions)
DEDUP_MODE = "reject"  # "reject": duplicates become rejects; "mark": written with duplicate_of
DEDUP_NEAR_THRESHOLD = 0.8  # MinHash Jaccard (5-word shingles) at which a text is a near-duplicate
# `scrapy check`: contracts in the spider's docstrings, run on the bundled demo site.
SPIDER_CONTRACTS = {
    "crawler.contracts.DemoPageContract": 10,
    "crawler.contracts.GivenPageContract": 11,
}
SPIDER_MIDDLEWARES = {"crawler.scheduled.revisit_filter.RevisitFilterMiddleware": 800}
DOWNLOADER_MIDDLEWARES = {
    # Before robots.txt (100): a refused host is not even asked for its robots.txt.
    "crawler.address_policy.AddressPolicyMiddleware": 50,
    "crawler.scheduled.conditional_requests.ConditionalRequestMiddleware": 580,
    # After redirects (600) and before decompression (590) on the way in: every response,
    # as sent. Only with WARC_ARCHIVE=True.
    "crawler.warc_archive.WarcArchiveMiddleware": 610,
}
# Local feed files written unbuffered, one whole line per record (safe against kill -9).
FEED_STORAGES = {
    "": "crawler.scheduled.line_atomic_feed.LineAtomicFileFeedStorage",
    "file": "crawler.scheduled.line_atomic_feed.LineAtomicFileFeedStorage",
}

# Distributed crawls (README "Distributed crawls"): with DISTRIBUTED=True this process is
# one worker; the frontier (scrapy-redis) and the crawl state are in Redis at REDIS_URL,
# under keys starting with REDIS_KEY_PREFIX. WORKER_ID (default host-pid) names this
# worker's files; restart a killed worker with the same id to take its requests back.
DISTRIBUTED = False
REDIS_URL = "redis://127.0.0.1:6379/0"
REDIS_KEY_PREFIX = "article-corpus"
WORKER_ID = None
WORKER_MAX_LEASED = 0  # requests one worker holds at most; 0: twice CONCURRENT_REQUESTS

TWISTED_REACTOR = "twisted.internet.asyncioreactor.AsyncioSelectorReactor"
LOG_LEVEL = "INFO"
# No telnet console: it opens a port nobody asked for.
TELNETCONSOLE_ENABLED = False
