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


from mutmut.mutation.trampoline import wrap_in_trampoline as _mutmut_mutated, MutantDict
mutants_x_bucket__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_bucket__mutmut)
def bucket(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_orig(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_1(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = None
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_2(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(None, digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_3(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=None,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_4(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=None).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_5(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_6(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_7(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             ).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_8(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode(None, "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_9(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", None), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_10(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_11(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", ), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_12(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("XXutf-8XX", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_13(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("UTF-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_14(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "XXsurrogatepassXX"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_15(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "SURROGATEPASS"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_16(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=9,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_17(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode(None)[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_18(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("XXutf-8XX")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_19(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("UTF-8")[:64]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_20(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:65]).digest()
    return int.from_bytes(digest, "big") % BUCKETS


def x_bucket__mutmut_21(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "big") / BUCKETS


def x_bucket__mutmut_22(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(None, "big") % BUCKETS


def x_bucket__mutmut_23(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, None) % BUCKETS


def x_bucket__mutmut_24(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes("big") % BUCKETS


def x_bucket__mutmut_25(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, ) % BUCKETS


def x_bucket__mutmut_26(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "XXbigXX") % BUCKETS


def x_bucket__mutmut_27(key: str, salt: str) -> int:
    """The key's bucket in [0, BUCKETS)."""
    digest = hashlib.blake2b(key.encode("utf-8", "surrogatepass"), digest_size=8,
                             key=salt.encode("utf-8")[:64]).digest()
    return int.from_bytes(digest, "BIG") % BUCKETS

mutants_x_bucket__mutmut['_mutmut_orig'] = x_bucket__mutmut_orig # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_1'] = x_bucket__mutmut_1 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_2'] = x_bucket__mutmut_2 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_3'] = x_bucket__mutmut_3 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_4'] = x_bucket__mutmut_4 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_5'] = x_bucket__mutmut_5 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_6'] = x_bucket__mutmut_6 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_7'] = x_bucket__mutmut_7 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_8'] = x_bucket__mutmut_8 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_9'] = x_bucket__mutmut_9 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_10'] = x_bucket__mutmut_10 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_11'] = x_bucket__mutmut_11 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_12'] = x_bucket__mutmut_12 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_13'] = x_bucket__mutmut_13 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_14'] = x_bucket__mutmut_14 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_15'] = x_bucket__mutmut_15 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_16'] = x_bucket__mutmut_16 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_17'] = x_bucket__mutmut_17 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_18'] = x_bucket__mutmut_18 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_19'] = x_bucket__mutmut_19 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_20'] = x_bucket__mutmut_20 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_21'] = x_bucket__mutmut_21 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_22'] = x_bucket__mutmut_22 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_23'] = x_bucket__mutmut_23 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_24'] = x_bucket__mutmut_24 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_25'] = x_bucket__mutmut_25 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_26'] = x_bucket__mutmut_26 # type: ignore # mutmut generated
mutants_x_bucket__mutmut['x_bucket__mutmut_27'] = x_bucket__mutmut_27 # type: ignore # mutmut generated
mutants_x_threshold__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_threshold__mutmut)
def threshold(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_orig(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_1(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent < 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_2(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 1:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_3(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 1
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_4(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent > 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_5(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 101:
        return BUCKETS
    return int(round(percent * BUCKETS / 100))


def x_threshold__mutmut_6(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(None)


def x_threshold__mutmut_7(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(None))


def x_threshold__mutmut_8(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS * 100))


def x_threshold__mutmut_9(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent / BUCKETS / 100))


def x_threshold__mutmut_10(percent: float) -> int:
    """Number of buckets in the canary at `percent` (0..100); non-decreasing in `percent`."""
    if percent <= 0:
        return 0
    if percent >= 100:
        return BUCKETS
    return int(round(percent * BUCKETS / 101))

mutants_x_threshold__mutmut['_mutmut_orig'] = x_threshold__mutmut_orig # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_1'] = x_threshold__mutmut_1 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_2'] = x_threshold__mutmut_2 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_3'] = x_threshold__mutmut_3 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_4'] = x_threshold__mutmut_4 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_5'] = x_threshold__mutmut_5 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_6'] = x_threshold__mutmut_6 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_7'] = x_threshold__mutmut_7 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_8'] = x_threshold__mutmut_8 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_9'] = x_threshold__mutmut_9 # type: ignore # mutmut generated
mutants_x_threshold__mutmut['x_threshold__mutmut_10'] = x_threshold__mutmut_10 # type: ignore # mutmut generated
mutants_x_in_canary__mutmut: MutantDict = {}  # type: ignore


@_mutmut_mutated(mutants_x_in_canary__mutmut)
def in_canary(bucket_: int, percent: float) -> bool:
    return bucket_ < threshold(percent)


def x_in_canary__mutmut_orig(bucket_: int, percent: float) -> bool:
    return bucket_ < threshold(percent)


def x_in_canary__mutmut_1(bucket_: int, percent: float) -> bool:
    return bucket_ <= threshold(percent)


def x_in_canary__mutmut_2(bucket_: int, percent: float) -> bool:
    return bucket_ < threshold(None)

mutants_x_in_canary__mutmut['_mutmut_orig'] = x_in_canary__mutmut_orig # type: ignore # mutmut generated
mutants_x_in_canary__mutmut['x_in_canary__mutmut_1'] = x_in_canary__mutmut_1 # type: ignore # mutmut generated
mutants_x_in_canary__mutmut['x_in_canary__mutmut_2'] = x_in_canary__mutmut_2 # type: ignore # mutmut generated
