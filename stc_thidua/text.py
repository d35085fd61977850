"""Vietnamese text: NFC input, accent-insensitive matching, Vietnamese collation."""

from __future__ import annotations

import difflib
import functools
import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Generic, TypeVar

from stc_thidua.errors import Ambiguous, InvalidInput, NotFound

T = TypeVar("T")

_ALPHABET = "aăâbcdđeêghiklmnoôơpqrstuưvxy"
_MODIFIED = {  # base letter + breve / circumflex / horn → the Vietnamese letter
    ("a", "\u0306"): "ă",
    ("a", "\u0302"): "â",
    ("e", "\u0302"): "ê",
    ("o", "\u0302"): "ô",
    ("o", "\u031b"): "ơ",
    ("u", "\u031b"): "ư",
}
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền hỏi ngã sắc nặng
_SEPARATORS = re.compile(r"[\s\-_‐‑–—/.,;:()\"'“”]+")
# Bidirectional embeddings, overrides and isolates: invisible, they make text display in
# another order than it is stored ("Trojan Source"); Vietnamese never needs them.
_BIDI_CONTROLS = frozenset("\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069")
_NOT_XML = frozenset("\ufffe\uffff")  # noncharacters XML 1.0 (and so DOCX) cannot hold
MAX_QUERY = 300  # longer than any stored name: fuzzy matching past this only costs time


# Zero-width and other invisible format characters: stripped from every name on input.
_INVISIBLE = re.compile(
    "[\u00ad\u034f\u061c\u115f\u1160\u17b4\u17b5\u180e\u200b-\u200f\u2060-\u2064\ufeff]"
)


def strip_invisible(value: str) -> str:
    """`value` without zero-width and other invisible format characters."""
    return _INVISIBLE.sub("", value)


def nfc(value: str) -> str:
    """Return `value` in Unicode NFC with surrounding whitespace removed."""
    return unicodedata.normalize("NFC", value).strip()


def _unprintable(ch: str) -> bool:
    """A control character, a lone surrogate, a bidirectional override or a noncharacter."""
    return unicodedata.category(ch) in ("Cc", "Cs") or ch in _BIDI_CONTROLS or ch in _NOT_XML


def unprintable(ch: str) -> bool:
    """Whether `ch` must never reach a terminal as is (control, surrogate, bidi override...)."""
    return _unprintable(ch)


# the same characters as `_unprintable`, for whole texts at C speed: Cc, Cs, overrides, non-XML
_UNPRINTABLE_CLASS = "\x7f-\x9f\ud800-\udfff" + "".join(sorted(_BIDI_CONTROLS | _NOT_XML))
UNPRINTABLE = re.compile(f"[\x00-\x1f{_UNPRINTABLE_CLASS}]")
UNPRINTABLE_BUT_NEWLINE = re.compile(f"[\x00-\x09\x0b-\x1f{_UNPRINTABLE_CLASS}]")
_CONTROL_IN_LINE = re.compile(f"[\x00-\x08\x0b\x0c\x0e-\x1f{_UNPRINTABLE_CLASS}]")  # not \t\n\r
_SPACES = re.compile(r"\s+")


def clean_line(value: str) -> str:
    """NFC, invisible characters removed, whitespace runs folded to one space; controls refused."""
    value = nfc(strip_invisible(value))
    bad = _CONTROL_IN_LINE.search(value)
    if bad is not None:
        raise InvalidInput(
            f"Văn bản chứa ký tự điều khiển không in được (U+{ord(bad.group()):04X})."
        )
    return _SPACES.sub(" ", value)


def printable(value: str) -> str:
    """`value` on one line: control characters, line breaks and overrides shown as escapes."""
    if UNPRINTABLE.search(value) is None:
        return value
    return UNPRINTABLE.sub(lambda m: ascii(m.group())[1:-1], value)


def shown(value: str, limit: int = 80) -> str:
    """User text quoted in a message: printable, and cut to `limit` characters."""
    text = printable(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def as_id(value: str) -> int | None:
    """ "12" → 12: a row number typed in ASCII digits and small enough to be one; else None."""
    text = value.strip()
    if text.isascii() and text.isdigit() and len(text) <= 18:
        return int(text)
    return None


def name_key(value: str) -> str:
    """Identity of a name: NFC, invisible characters removed, case-folded, whitespace collapsed.

    Diacritics are kept: "Lê Văn Hùng" and "Lê Văn Hưng" have different keys. Uniqueness
    of names and an exact match use this key, never `fold`.
    """
    visible = strip_invisible(unicodedata.normalize("NFC", value))
    return unicodedata.normalize("NFC", " ".join(visible.split()).casefold())


def strip_accents(value: str) -> str:
    """Remove Vietnamese diacritics: "Sơ kết" → "So ket"; đ becomes d."""
    decomposed = unicodedata.normalize("NFD", value)
    bare = "".join(ch for ch in decomposed if not unicodedata.combining(ch))
    return bare.replace("đ", "d").replace("Đ", "D")


def fold(value: str) -> str:
    """Matching form: no accents, lower case, separators as single spaces."""
    return _SEPARATORS.sub(" ", strip_accents(nfc(strip_invisible(value))).casefold()).strip()


def keyword(value: str) -> str:
    """A keyword with every separator removed: `sokết`, `sơ-kết`, `SO KET` → "soket"."""
    return fold(value).replace(" ", "")


@functools.lru_cache(maxsize=4096)
def _letter_key(ch: str) -> tuple[int, int]:
    """Collation position of one character: (letter rank, tone rank)."""
    decomposed = unicodedata.normalize("NFD", ch.lower())
    base, tone = decomposed[0], 0
    for mark in decomposed[1:]:
        if (base, mark) in _MODIFIED:
            base = _MODIFIED[(base, mark)]
        elif mark in _TONES:
            tone = _TONES[mark]
    rank = _ALPHABET.find(base)
    if rank < 0:
        rank = len(_ALPHABET) + ord(base)
    return rank, tone


@functools.lru_cache(maxsize=16384)  # listings sort thousands of rows on a few hundred names
def vi_key(value: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese alphabetical order: letters first, then tones, then the text."""
    letters: list[int] = []
    tones: list[int] = []
    for ch in nfc(value):
        if ch.isspace():
            letters.append(-1)
            tones.append(0)
            continue
        rank, tone = _letter_key(ch)
        letters.append(rank)
        tones.append(tone)
    return tuple(letters), tuple(tones), value


def vi_name_key(full_name: str) -> tuple[object, ...]:
    """Sort key for a person's name the Vietnamese way: given name, then middle, then family."""
    words = nfc(full_name).split()
    if not words:
        return ((), (), "")
    return (vi_key(words[-1]), vi_key(" ".join(words[1:-1])), vi_key(words[0]))


def vi_sorted(items: Iterable[T], key: Callable[[T], str]) -> list[T]:
    """Sort `items` by the Vietnamese collation of `key(item)`."""
    return sorted(items, key=lambda item: vi_key(key(item)))


def closest(query: str, names: Sequence[str], limit: int = 3) -> list[str]:
    """The names closest to `query`, accent- and case-insensitively."""
    folded: dict[str, list[str]] = {}
    for name in names:  # Hùng and Hưng fold alike: both are candidates, neither hides the other
        folded.setdefault(fold(name), []).append(name)
    wanted = fold(query[: MAX_QUERY * 2])[:MAX_QUERY]
    hits = difflib.get_close_matches(wanted, list(folded), n=limit, cutoff=0.3)
    if not hits:
        ranked = sorted(folded, key=lambda f: -difflib.SequenceMatcher(None, wanted, f).ratio())
        hits = ranked[:limit]
    out = [name for h in hits for name in folded[h]]
    return out[: max(limit, len(folded[hits[0]]))] if hits else []


def _quoted(names: Iterable[str]) -> str:
    return ", ".join(f"“{n}”" for n in names)


def has_diacritics(value: str) -> bool:
    """Whether `value` carries any Vietnamese diacritic (tone, breve, circumflex, horn, đ)."""
    text = nfc(value)
    return strip_accents(text) != text


def spaced_key(value: str) -> str:
    """`name_key` with separators (hyphens, dots, commas...) read as spaces; diacritics kept."""
    return _SEPARATORS.sub(" ", name_key(value)).strip()


@dataclass(frozen=True)
class Match(Generic[T]):
    """What a name typed by the user resolved to, and whether it named it exactly."""

    item: T
    name: str  # the item's full name, to show back to the user
    exact: bool  # the same name (NFC, case and spacing aside), or the id shown in listings


def match(
    query: str, items: Sequence[T], names: Callable[[T], Sequence[str]], what: str
) -> Match[T]:
    """Resolve `query` to one item by its names, telling whether the match was exact.

    1. A name equal to the query (`name_key`: case and spacing aside, diacritics kept) wins.
    2. A query with diacritics matches only names with the same diacritics: the whole name,
       else every query word starting a word of the name, in order.
    3. A query without any diacritic matches the same ways after folding, and only if
       exactly one item does: "hung" finds "Hùng" alone, never "Hùng" beside "Hưng".
    Otherwise the error lists the candidates (or the closest names).
    """
    if not fold(query):
        raise InvalidInput(f"Chưa nhập tên {what}.")
    key = name_key(query)
    exact = [it for it in items if any(name_key(n) == key for n in names(it))]
    if len(exact) == 1:
        return Match(exact[0], names(exact[0])[0], exact=True)
    if len(exact) > 1:  # namesakes: the name was typed in full, only a number tells them apart
        numbers = [getattr(it, "id", None) for it in exact[:5]]
        listed = ", ".join(
            f"“{names(it)[0]}”" + (f" (mã {number})" if number else "")
            for it, number in zip(exact[:5], numbers, strict=True)
        )
        more = f" và {len(exact) - 5} {what} khác" if len(exact) > 5 else ""
        raise Ambiguous(
            f"Có nhiều {what} cùng tên “{shown(query)}”: {listed}{more}; hãy dùng mã số "
            "(hoặc ghi thêm đơn vị, --unit)."
        )
    candidates = exact
    if not candidates:
        form = spaced_key if has_diacritics(query) else fold
        wanted = form(query)
        candidates = [it for it in items if any(form(n) == wanted for n in names(it))]
        if not candidates:
            words = wanted.split()
            candidates = [
                it for it in items if any(_has_words(form(n).split(), words) for n in names(it))
            ]
    if len(candidates) == 1:
        return Match(candidates[0], names(candidates[0])[0], exact=False)
    if len(candidates) > 1:
        found = [names(c)[0] for c in candidates][:5]
        more = f" và {len(candidates) - 5} {what} khác" if len(candidates) > 5 else ""
        raise Ambiguous(
            f"“{shown(query)}” khớp với nhiều {what}: {_quoted(found)}{more}; hãy ghi rõ hơn "
            "(gõ đủ dấu, hoặc dùng mã số)."
        )
    all_names = [names(it)[0] for it in items]
    if not all_names:
        raise NotFound(f"Không có {what} nào trong cơ sở dữ liệu.")
    raise NotFound(
        f"Không tìm thấy {what} “{shown(query)}”; gần nhất: {_quoted(closest(query, all_names))}."
    )


def match_one(query: str, items: Sequence[T], names: Callable[[T], Sequence[str]], what: str) -> T:
    """The one item whose name matches `query` by the rules of `match`."""
    return match(query, items, names, what).item


def _has_words(haystack: list[str], words: list[str]) -> bool:
    """Whether every query word starts some word of the name, in order."""
    pos = 0
    for word in words:
        while pos < len(haystack) and not haystack[pos].startswith(word):
            pos += 1
        if pos == len(haystack):
            return False
        pos += 1
    return True


def choose(
    value: str, options: dict[str, str], what: str, labels: dict[str, str] | None = None
) -> str:
    """Map a user-typed keyword to one of `options` (keyword → canonical), or raise.

    The error lists `labels` (canonical → what the user reads) when given, never the codes.
    """
    key = keyword(value)
    table = {keyword(k): v for k, v in options.items()}
    if key in table:
        return table[key]
    if labels is not None:
        names = ", ".join(label for label in labels.values() if label)
    else:
        names = ", ".join(sorted(set(options)))
    raise InvalidInput(f"{what} “{shown(value)}” không hợp lệ; chọn một trong: {names}.")
