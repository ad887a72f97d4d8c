"""Stable, monotonic canary bucketing (pure).

Owns the mapping from a sticky key (e.g. the `X-Customer-Id` header) to one of `BUCKETS`
buckets. Guarantees: the bucket depends only on (salt, key) — not on the process, the Python
hash seed or the machine — so every gateway replica agrees; and a key is in the canary at
`percent` iff its bucket is below a threshold that never decreases as `percent` grows, so
raising the percentage only ever moves users legacy -> service, never back.
"""

from __future__ import annotations

import hashlib

__all__ = ["BUCKETS", "bucket", "in_canary", "threshold"]

BUCKETS = 10_000  # 0.01 % resolution


def bucket(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def threshold(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def in_canary(bucket_: int, percent: float) -> bool:
    return bucket_ < threshold(percent)
