"""Fingerprint of one article: exact key, character shingles, MinHash and LSH band hashes.

Pipeline of a text: title + body → chrome stripped (``chrome.strip_chrome``) → folded
(``normalize.fold``: simplified script, CJK/letters/digits only) → bounded to ``max_chars``
(and only the first ``RAW_FACTOR * max_chars`` raw characters are read: very long bodies cost no
more than a long article) → character ``shingle_size``-grams →
MinHash (datasketch, ``num_perm`` permutations, fixed seed so that every process and machine
computes the same values) → ``bands`` LSH band hashes (64-bit, stored in ``article_bands``).

A second, independent candidate channel, **figure anchors**, catches copies whose wording differs
too much for LSH (a paraphrase, a vocabulary-converted copy) but which keep the story's specific
figures: the distinct numbers of 3-6 digits in the folded text (no years, codes or IDs), the
``anchor_sample`` of them with the smallest hashes (a bottom-k sample, so two copies sharing most
figures sample mostly the same ones), and a hash of every *triple* of the sample, stored in
``article_bands`` under the reserved band number ``ANCHOR_BAND``. Two articles sharing a triple
share three specific figures: a candidate, verified like any other (``similarity.compare``).
Articles with fewer than ``anchor_min`` such numbers get no anchor rows.

A third channel, **passages**, catches a copy that is a small part of the other text (a teaser
keeping the first paragraphs of a long report, a short wire item inside a long page): at low
Jaccard similarity LSH proposes such pairs only by chance, although the shorter text is wholly
contained in the longer. Every ``passage_chars``-character window of the folded text is hashed;
the ``passage_store`` windows with the smallest hashes are stored (``PASSAGE_BAND`` rows) and the
``passage_probe`` smallest are looked up (the extra ones are never stored). A text contained in
another shares its smallest windows with it: the short copy's stored windows are among the long
text's smallest (a long text looking up finds it), and the long text's stored windows fall inside
the short copy with a chance that grows with its share of the long text (about 1 - (1 - share)^16:
0.8 for a tenth, 0.99 for a quarter).

Short texts (fewer than ``min_chars`` folded characters) get no shingles and no bands: their
similarity would be dominated by a few common phrases, so they only match exactly (same folded
title and body). Empty or boilerplate-only bodies get no key at all and never cluster.
"""

from __future__ import annotations

import hashlib
import itertools
import re
from dataclasses import dataclass, field

import numpy as np
from datasketch import MinHash

from newsbot.dedupe.chrome import strip_chrome
from newsbot.dedupe.normalize import fold
from newsbot.dedupe.reporters import reporters


@dataclass(frozen=True)
class FingerprintParams:
    """Shingling/MinHash/LSH parameters. Changing any of them changes ``version``."""

    shingle_size: int = 5
    num_perm: int = 64
    bands: int = 32
    min_chars: int = 60
    max_chars: int = 8000
    seed: int = 1
    anchor_sample: int = 6  # figure anchors sampled per article (0 disables the anchor channel)
    anchor_min: int = 4  # fewer distinct anchor figures → no anchor rows
    passage_chars: int = 16  # window length of the passage channel (folded characters)
    passage_store: int = 16  # smallest-hash windows stored per article (0 disables the passage channel)
    passage_probe: int = 32  # smallest-hash windows looked up per article (>= passage_store)

    @property
    def rows(self) -> int:
        return self.num_perm // self.bands

    @property
    def version(self) -> str:
        """Stored with every fingerprint: band hashes are only comparable within one version."""
        anchors = f"a{self.anchor_sample}m{self.anchor_min}" if self.anchor_sample else ""
        passages = f"w{self.passage_chars}r{self.passage_store}" if self.passage_store else ""
        return f"k{self.shingle_size}p{self.num_perm}b{self.bands}s{self.seed}{anchors}{passages}"


@dataclass
class Fingerprint:
    folded: str
    content_hash: str | None
    exact_key: str | None
    shingles: frozenset[str] = field(default_factory=frozenset)
    # LSH bands (0..bands-1), then the figure-anchor rows (``ANCHOR_BAND``) and the stored passage
    # rows (``PASSAGE_BAND``): all stored in article_bands
    bands: list[tuple[int, int]] = field(default_factory=list)
    # passage rows that are looked up but not stored (see ``passage_hashes``)
    probes: list[tuple[int, int]] = field(default_factory=list)
    # the reporters its byline names (``reporters.reporters``): write-ups by different reporters are two stories
    reporters: tuple[str, ...] = ()

    @property
    def lookups(self) -> list[tuple[int, int]]:
        """Every row a candidate lookup uses: the stored rows and the lookup-only passage rows."""
        return self.bands + self.probes

    @property
    def clusterable(self) -> bool:
        """False for empty/boilerplate-only texts: they never join or found a cluster."""
        return self.exact_key is not None

    @property
    def near_dup_capable(self) -> bool:
        return bool(self.bands)


def _sha1(text: str) -> str:
    return hashlib.sha1(text.encode("utf-8")).hexdigest()


def shingle_set(folded: str, size: int) -> frozenset[str]:
    if len(folded) < size:
        return frozenset()
    return frozenset(folded[i : i + size] for i in range(len(folded) - size + 1))


def _minhash(shingles: frozenset[str], params: FingerprintParams) -> np.ndarray:
    # Sorted so that the value is independent of set iteration order (PYTHONHASHSEED).
    mh = MinHash(num_perm=params.num_perm, seed=params.seed)
    mh.update_batch([s.encode("utf-8") for s in sorted(shingles)])
    return np.asarray(mh.hashvalues, dtype=np.uint64)


def band_hashes(hashvalues: np.ndarray, params: FingerprintParams) -> list[tuple[int, int]]:
    """(band number, signed 64-bit hash of that band's rows) for every band."""
    rows = params.rows
    out = []
    for band in range(params.bands):
        chunk = hashvalues[band * rows : (band + 1) * rows].tobytes()
        digest = hashlib.blake2b(chunk, digest_size=8).digest()
        out.append((band, int.from_bytes(digest, "big", signed=True)))
    return out


ANCHOR_BAND = 1000  # band number of the figure-anchor rows in ``article_bands`` (LSH bands are 0..bands-1)
_ANCHOR = re.compile(r"[0-9]{3,}")


def anchor_figures(folded: str) -> set[str]:
    """Distinct numbers of 3-6 digits in a folded text: the figures of a story. Not anchors: years
    (``19xx``/``20xx`` before 年), numbers with a leading 0 and numbers of 7+ digits (phone and
    area codes, postcodes, registration and document numbers: the same on every page of a site)."""
    out = set()
    for m in _ANCHOR.finditer(folded):
        value = m.group()
        if value[0] == "0" or len(value) > 6:
            continue
        if len(value) == 4 and value[:2] in ("19", "20") and folded[m.end() : m.end() + 1] == "年":
            continue
        out.add(value)
    return out


def anchor_hashes(folded: str, params: FingerprintParams) -> list[tuple[int, int]]:
    """(``ANCHOR_BAND``, hash) for every triple of the bottom-``anchor_sample`` figure anchors."""
    if not params.anchor_sample:
        return []
    values = anchor_figures(folded)
    if len(values) < max(3, params.anchor_min):
        return []
    hashed = sorted(hashlib.blake2b(v.encode(), digest_size=8).digest() for v in values)[: params.anchor_sample]
    out = []
    for triple in itertools.combinations(hashed, 3):
        digest = hashlib.blake2b(b"".join(triple), digest_size=8).digest()
        out.append((ANCHOR_BAND, int.from_bytes(digest, "big", signed=True)))
    return out


RAW_FACTOR = 4  # raw characters read per folded character kept: bounds the cost of huge bodies


PASSAGE_BAND = 2000  # band number of the passage rows (sampled rows: every band >= ANCHOR_BAND)


def passage_hashes(folded: str, params: FingerprintParams) -> tuple[list[tuple[int, int]], list[tuple[int, int]]]:
    """(stored, lookup-only) ``PASSAGE_BAND`` rows: the distinct windows of ``passage_chars`` folded
    characters with the smallest 64-bit hashes, smallest first.

    The hashes are computed for all windows at once with numpy (a polynomial hash of the code points,
    modulo 2**64, then the splitmix64 finaliser to spread it): fixed arithmetic, so every process and
    machine computes the same values, at a fraction of the cost of hashing each window in Python."""
    width = params.passage_chars
    if not params.passage_store or len(folded) < width:
        return [], []
    codes = np.frombuffer(folded.encode("utf-32-le"), dtype=np.uint32).astype(np.uint64)
    n = len(codes) - width + 1
    h = np.zeros(n, dtype=np.uint64)
    for j in range(width):  # Horner over the window: h = h * B + c
        h = h * _WINDOW_BASE + codes[j : j + n]
    h ^= h >> np.uint64(30)
    h *= np.uint64(0xBF58476D1CE4E5B9)
    h ^= h >> np.uint64(27)
    h *= np.uint64(0x94D049BB133111EB)
    h ^= h >> np.uint64(31)
    smallest = np.unique(h)[: max(params.passage_probe, params.passage_store)].view(np.int64)
    rows = [(PASSAGE_BAND, int(v)) for v in smallest]
    return rows[: params.passage_store], rows[params.passage_store :]


_WINDOW_BASE = np.uint64(0x100000001B3)  # an odd 64-bit multiplier (the FNV-1 64-bit prime)


def folded_body(body: str | None, params: FingerprintParams) -> str:
    """The folded, chrome-stripped body; only its first ``RAW_FACTOR * max_chars`` raw characters
    are read, so a pathological multi-megabyte body costs no more than a long article."""
    if body and len(body) > RAW_FACTOR * params.max_chars:
        body = body[: RAW_FACTOR * params.max_chars]
    return fold(strip_chrome(body))


def comparison_text(title: str | None, body: str | None, params: FingerprintParams,
                    folded: str | None = None) -> str:
    """The folded, chrome-stripped, bounded text (title + body) that shingles and verification use."""
    text = folded_body(body, params) if folded is None else folded
    if not text:
        return ""
    folded_title = fold(title)
    # A title already repeated at the top of the body (page texts) is not counted twice.
    if folded_title and folded_title not in text[: len(folded_title) + 300]:
        text = folded_title + text
    return text[: params.max_chars]


def _rows(folded: str, params: FingerprintParams) -> tuple[frozenset[str], list[tuple[int, int]], list[tuple[int, int]]]:
    """Shingles, stored rows (LSH bands, figure anchors, passages) and lookup-only passage rows of a
    comparison text long enough for shingles."""
    shingles = shingle_set(folded, params.shingle_size)
    stored, probes = passage_hashes(folded, params)
    return shingles, band_hashes(_minhash(shingles, params), params) + anchor_hashes(folded, params) + stored, probes


def bands_for_folded(folded: str, params: FingerprintParams) -> tuple[frozenset[str], list[tuple[int, int]]]:
    """Shingles and stored rows of an already folded comparison text (re-indexing stored rows)."""
    if len(folded) < params.min_chars:
        return frozenset(), []
    shingles, bands, _probes = _rows(folded[: params.max_chars], params)
    return shingles, bands


def make_fingerprint(title: str | None, body: str | None, params: FingerprintParams) -> Fingerprint:
    body_folded = folded_body(body, params)
    folded = comparison_text(title, body, params, folded=body_folded)
    if not folded:
        return Fingerprint(folded="", content_hash=None, exact_key=None)
    body_hash = _sha1(body_folded)
    if len(folded) < params.min_chars:
        # Too short for shingles: exact match on title and body together, so that two different
        # stories with the same one-line body ("详见附件") stay apart.
        return Fingerprint(folded=folded, content_hash=body_hash, exact_key=_sha1("short:" + folded))
    shingles, bands, probes = _rows(folded, params)
    return Fingerprint(folded=folded, content_hash=body_hash, exact_key=body_hash, shingles=shingles, bands=bands,
                       probes=probes, reporters=reporters(body))
