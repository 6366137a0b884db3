"""Cached pages stored gzip-compressed around the holes each visitor's values go into.

A cached page is the same for every anonymous visitor but for its CSRF token and its
Content-Security-Policy nonce. Compressing the filled page again on every hit was a fifth of
the time a hit took (zlib on 40 KB of HTML). Instead the page is compressed once, when it is
stored, as separate deflate streams for the text between the holes (each ends on a byte
boundary, Z_SYNC_FLUSH), and a hit writes each visitor's values between them as uncompressed
("stored") deflate blocks: a valid gzip member, assembled without compressing anything.

Each stream may refer back to the text before it, as one stream over the whole page would
(a listing's product cards repeat each other, and each card has a form with a hole: compressed
apart they came out half as well): it is compressed with the page before it as its preset
dictionary, each hole in that filled with as many NUL bytes as its value will have. HTML holds
no NUL, so nothing can match into a hole, and every back-reference lands on the same text
in the dictionary as in what the browser has decoded so far. A value of another length than
the page was packed for (none is expected: tokens and nonces have fixed lengths) gets the
page compressed the ordinary way.

The secrets also never share a compression context with the page's text, so BREACH, which
reads a secret from how well it compresses together with text an attacker put on the page,
has nothing to measure (Django pads its gzip output at random for the same reason).
"""

import functools
import gzip
import re
import struct
import zlib
from dataclasses import dataclass

_GZIP_HEADER = b"\x1f\x8b\x08\x00\x00\x00\x00\x00\x02\xff"  # no name, no time, best compression
_LEVEL = 9  # paid once per stored page, not per hit
_WINDOW = 1 << zlib.MAX_WBITS  # how far back deflate may refer


def _deflated(text: bytes, *, before: bytes, last: bool) -> bytes:
    """The smaller of two ways: a short text between two holes mostly repeats the one before
    it, and Huffman codes of its own cost more to describe than they save there."""
    candidates = []
    options = {"zdict": before[-_WINDOW:]} if before else {}
    for strategy in (zlib.Z_DEFAULT_STRATEGY, zlib.Z_FIXED):
        compressor = zlib.compressobj(_LEVEL, zlib.DEFLATED, -zlib.MAX_WBITS, 9, strategy, **options)
        candidates.append(
            compressor.compress(text) + compressor.flush(zlib.Z_FINISH if last else zlib.Z_SYNC_FLUSH)
        )
    return min(candidates, key=len)


def _stored_blocks(value: bytes) -> bytes:
    # Each: BFINAL 0, BTYPE 00 padded to the byte boundary the text before ended on; LEN, NLEN.
    blocks = []
    for start in range(0, len(value), 0xFFFF):
        chunk = value[start : start + 0xFFFF]
        blocks += [b"\x00", struct.pack("<HH", len(chunk), len(chunk) ^ 0xFFFF), chunk]
    return b"".join(blocks)


# RFC 1951, 3.2.5: (base, extra bits) of each length symbol from 257, and of each distance code.
def _bases(first: int, extra_bits: list[int]) -> list[tuple[int, int]]:
    bases, base = [], first
    for extra in extra_bits:
        bases.append((base, extra))
        base += 1 << extra
    return bases


_LENGTHS = [*_bases(3, [0] * 8 + [n for n in range(1, 6) for _ in range(4)]), (258, 0)]
_DISTANCES = _bases(1, [0, 0] + [n for n in range(14) for _ in range(2)])


def _code_for(value: int, table: list[tuple[int, int]]) -> tuple[int, int, int]:
    """(index in table, extra bits' value, their count) for a length or distance."""
    for index in range(len(table) - 1, -1, -1):
        base, extra = table[index]
        if value >= base:
            return index, value - base, extra
    raise ValueError(value)


def _reversed_bits(code: int, length: int) -> int:
    # Huffman codes go into the stream from their most significant bit; everything else from
    # the least.
    return int(f"{code:0{length}b}"[::-1], 2)


@functools.lru_cache(maxsize=4096)  # a page's holes are at the same distances on every hit
def _repeat_block(length: int, distance: int) -> bytes:
    """A deflate block (fixed Huffman codes) that copies `length` bytes from `distance` bytes
    back, and an empty stored block that brings the stream back to a byte boundary: about ten
    bytes where the value itself was 64."""
    bits, count = 0, 0

    def put(value: int, width: int) -> None:
        nonlocal bits, count
        bits |= value << count
        count += width

    put(0, 1)  # BFINAL
    put(1, 2)  # BTYPE 01: fixed Huffman codes
    index, extra_value, extra = _code_for(length, _LENGTHS)
    symbol = 257 + index
    if symbol < 280:
        put(_reversed_bits(symbol - 256, 7), 7)
    else:
        put(_reversed_bits(0b11000000 + symbol - 280, 8), 8)
    put(extra_value, extra)
    index, extra_value, extra = _code_for(distance, _DISTANCES)
    put(_reversed_bits(index, 5), 5)
    put(extra_value, extra)
    put(0, 7)  # end of block (symbol 256)
    put(0, 3)  # an empty stored block: BFINAL 0, BTYPE 00, then padding to the byte
    return (bits.to_bytes((count + 7) // 8, "little")) + b"\x00\x00\xff\xff"


@dataclass(frozen=True)
class PackedPage:
    """A page's text between its holes, plain and compressed, and which hole is which."""

    content_type: str
    texts: tuple[bytes, ...]
    deflated: tuple[bytes, ...]
    holes: tuple[str, ...]  # hole names, one between each two texts
    # The length of each hole's value, by name; empty if the texts were compressed each alone
    # (then a value of any length will do).
    sizes: tuple[tuple[str, int], ...]

    @classmethod
    def pack(
        cls, html: str, *, holes: dict[str, tuple[str, int]], content_type: str, charset: str
    ) -> "PackedPage":
        """`holes` maps each hole's marker in `html` to its name and its values' length."""
        pattern = re.compile("|".join(re.escape(marker) for marker in holes))
        texts = tuple(piece.encode(charset) for piece in pattern.split(html))
        names = tuple(holes[marker][0] for marker in pattern.findall(html))
        sizes = dict(holes.values())
        if any(b"\x00" in text for text in texts):  # a NUL could match into a hole's filling
            sizes = {}
        deflated, before = [], b""
        for n, text in enumerate(texts):
            last = n == len(texts) - 1
            deflated.append(_deflated(text, before=before, last=last))
            if sizes and not last:
                before = (before + text + b"\x00" * sizes[names[n]])[-_WINDOW:]
        return cls(content_type, texts, tuple(deflated), names, tuple(sizes.items()))

    def needs(self, name: str) -> bool:
        return name in self.holes

    def plain(self, values: dict[str, bytes]) -> bytes:
        parts = [self.texts[0]]
        for name, text in zip(self.holes, self.texts[1:], strict=True):
            parts += [values[name], text]
        return b"".join(parts)

    def gzipped(self, values: dict[str, bytes]) -> bytes:
        if any(name in self.holes and len(values[name]) != size for name, size in self.sizes):
            return gzip.compress(self.plain(values), compresslevel=6, mtime=0)
        parts = [_GZIP_HEADER, self.deflated[0]]
        crc, size = zlib.crc32(self.texts[0]), len(self.texts[0])
        # A value met before (each form's CSRF token is the same) is copied from there: the
        # same as what compressing the filled page finds.
        seen_at: dict[str, int] = {}
        for name, text, deflated in zip(self.holes, self.texts[1:], self.deflated[1:], strict=True):
            value = values[name]
            earlier = seen_at.get(name)
            if earlier is not None and 3 <= len(value) <= 258 and size - earlier <= _WINDOW:
                parts.append(_repeat_block(len(value), size - earlier))
            else:
                parts.append(_stored_blocks(value))
            seen_at[name] = size
            parts.append(deflated)
            crc = zlib.crc32(text, zlib.crc32(value, crc))
            size += len(value) + len(text)
        parts.append(struct.pack("<II", crc & 0xFFFFFFFF, size & 0xFFFFFFFF))
        return b"".join(parts)
