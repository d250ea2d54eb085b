"""Phone numbers for demo people: valid for their country, unique, and from fiction ranges."""

from __future__ import annotations

import random
from collections.abc import Iterator

import phonenumbers

from console.demo_population.places import PhoneBlock, Region

RANDOM_ATTEMPTS = 50


class PhoneRangeExhausted(ValueError):
    """Every number in a region's ranges is already taken: ask for a smaller population."""


def is_dialable(e164: str) -> bool:
    """True when phonenumbers accepts `e164` as a valid number."""
    return phonenumbers.is_valid_number(phonenumbers.parse(e164))


def draw_phone(rng: random.Random, region: Region, taken: set[str]) -> str:
    """A valid E.164 number from the region's ranges that is not in `taken`; records it there."""
    for _ in range(RANDOM_ATTEMPTS):
        block = rng.choice(region.blocks)
        candidate = block.prefix + f"{rng.randrange(10**block.free_digits):0{block.free_digits}d}"
        if _claim(candidate, taken):
            return candidate
    # A crowded range: walk it in order so the outcome still depends only on the seed.
    for candidate in _every_number(region.blocks):
        if _claim(candidate, taken):
            return candidate
    raise PhoneRangeExhausted(f"no free demo numbers left for {region.country} {region.code}")


def _claim(candidate: str, taken: set[str]) -> bool:
    if candidate in taken or not is_dialable(candidate):
        return False
    taken.add(candidate)
    return True


def _every_number(blocks: tuple[PhoneBlock, ...]) -> Iterator[str]:
    for block in blocks:
        # Mobile-sized blocks are never walked whole: sampling already found room there.
        for suffix in range(min(10**block.free_digits, 10_000)):
            yield block.prefix + f"{suffix:0{block.free_digits}d}"
