"""Word counts, reading time and LIX for course text.

The basic course must read in under 15 minutes and be easy Swedish (klarspråk), because every
employee takes it, often on a phone between other tasks. These functions let the engine, the
`courses check` command and the tests measure that the same way. They are pure functions on
strings, with only the standard library, so they run anywhere and cost nothing to test.

LIX (läsbarhetsindex, Björnsson 1968) is words per sentence plus the percentage of long words,
where a long word has more than six letters. Roughly: under 30 very easy, 30-40 easy (fiction,
easy news), 40-50 medium (ordinary news, official text), over 50 hard.
"""

from __future__ import annotations

import re

LONG_WORD_LETTERS = 6
"""A word with more than this many letters is "long" in LIX."""

# A word: an e-mail address, a web address or a dotted abbreviation ("t.ex.", "bl.a.") as one
# unit (a reader takes each in as one thing), or a run of letters and digits that may be joined
# by an inner hyphen, apostrophe or colon, so that "e-post", "VBE-gruppen" and "CVE:s" are one
# word each, as a Swedish reader reads them.
_WORD = re.compile(
    r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+"  # e-mail address
    r"|https?://[^\s<>()]*[^\s<>().,;:!?]"  # web address, without trailing punctuation
    r"|(?<![^\W_])(?:[\w-]+\.)+(?:se|nu|com|org|net|eu|int)(?:/[^\s<>()]*[^\s<>().,;:!?])?(?![\w-])"  # cve.se
    r"|(?<![^\W_])[^\W\d_]{1,4}\.(?:[^\W\d_]{1,4}\.)+"  # dotted abbreviation
    r"|[^\W_]+(?:[-'’:][^\W_]+)*"  # ordinary word
)

# A sentence ends at one or more of . ! ? : (Björnsson counted the colon too), when followed by
# an optional closing quote or bracket and then white space or the end of the text. "2023/24:56",
# "vbe@stromsund.se" and "1.5" therefore do not end sentences.
_SENTENCE_END = re.compile(r"[.!?:]+[\"'”’»)\]]*(?=\s|$)")

# Abbreviations whose dots are not sentence ends. The last dot still ends a sentence when the
# abbreviation closes a line or the text ("... med mera m.m."), as a writer would then not add
# a second full stop.
_ABBREVIATIONS = (
    "bl.a.",
    "d.v.s.",
    "dvs.",
    "e.d.",
    "f.d.",
    "fr.o.m.",
    "jfr.",
    "kl.",
    "kap.",
    "m.fl.",
    "m.m.",
    "nr.",
    "o.d.",
    "o.s.v.",
    "osv.",
    "p.g.a.",
    "prop.",
    "resp.",
    "s.k.",
    "skr.",
    "t.ex.",
    "t.o.m.",
    "tel.",
    "ung.",
)
_ABBREVIATION = re.compile(
    r"(?<![^\W_])(" + "|".join(re.escape(a) for a in sorted(_ABBREVIATIONS, key=len, reverse=True)) + r")",
    re.IGNORECASE,
)

# Markdown, line by line.
_FRONT_KEY = re.compile(r"^(?:topics|kind|shuffle|id):(?:\s|$)")
_HEADING = re.compile(r"^\s{0,3}#{1,6}(?:\s+(.*?))?\s*#*\s*$")
_CHECKLIST = re.compile(r"^\s*[-*+]\s+\[[ xX]\]\s+(.*)$")
_LIST_ITEM = re.compile(r"^\s*(?:[-*+]|\d{1,9}[.)])\s+(.*)$")
_QUOTE = re.compile(r"^\s*(?:>\s?)+(.*)$")
_RULE = re.compile(r"^\s{0,3}(?:(?:-\s*){3,}|(?:\*\s*){3,}|(?:_\s*){3,})$")
_FENCE = re.compile(r"^\s{0,3}(?:```|~~~)")
_TABLE_SEPARATOR = re.compile(r"^\s*\|?\s*:?-{1,}:?\s*(?:\|\s*:?-{1,}:?\s*)*\|?\s*$")
_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
_LINK = re.compile(r"\[([^\]]*)\]\([^)]*\)")
_AUTOLINK = re.compile(r"<((?:https?://|mailto:)[^>\s]+|[^>\s@]+@[^>\s]+)>")
_HTML_TAG = re.compile(r"</?[A-Za-z][^>]*>")
_STRONG = re.compile(r"(\*\*|__)(?=\S)(.+?)(?<=\S)\1")
_EMPHASIS_STAR = re.compile(r"\*(?=\S)(.+?)(?<=\S)\*")
_EMPHASIS_UNDERSCORE = re.compile(r"(?<![^\W_])_(?=\S)(.+?)(?<=\S)_(?![^\W_])")
_CODE = re.compile(r"`+([^`]*)`+")
_ESCAPE = re.compile(r"\\([\\`*_{}\[\]()#+\-.!|>])")
_ENDS_SENTENCE = re.compile(r"[.!?:][\"'”’»)\]]*$")


def words(text: str) -> list[str]:
    """The words of `text`, in order.

    Punctuation, Markdown leftovers and signs such as "§" or "–" are not words; numbers are
    ("112" is read as a word). The same definition serves the word count (reading time) and LIX.
    """
    return _WORD.findall(text)


def letters(word: str) -> int:
    """The number of letters in `word`: digits and hyphens do not make a word long to read."""
    return sum(char.isalpha() for char in word)


def long_words(text: str) -> list[str]:
    """The words of `text` with more than six letters, the "long words" of LIX."""
    return [word for word in words(text) if letters(word) > LONG_WORD_LETTERS]


def sentences_count(text: str) -> int:
    """The number of sentences in `text`: each run of . ! ? or : that ends a word.

    Dots inside common abbreviations (t.ex., bl.a., kap., skr.) are not counted, since
    "10 kap. 28 §" is one sentence part, not two. Text with words but no end mark counts as one
    sentence, so that a single heading or a fragment still has a defined LIX.
    """
    masked = _ABBREVIATION.sub(_mask_abbreviation, text)
    count = len(_SENTENCE_END.findall(masked))
    if count == 0 and words(text):
        return 1
    return count


def _mask_abbreviation(match: re.Match[str]) -> str:
    """Hide an abbreviation's dots; keep its last dot when it closes a line or the text."""
    abbreviation = match.group(1)
    rest = match.string[match.end() :]
    closes_line = not rest.strip(" \t") or rest.lstrip(" \t").startswith("\n")
    hidden = abbreviation.replace(".", "\u00b7")
    return hidden[:-1] + "." if closes_line else hidden


def lix(text: str) -> float:
    """LIX of `text`: words per sentence + 100 * long words / words. 0.0 for text without words.

    Used as a guard for klarspråk: the basic course aims at about 35 (easy) and must stay at or
    under 40, because it is read by every employee, including those who seldom read at work.
    """
    all_words = words(text)
    if not all_words:
        return 0.0
    long_count = sum(letters(word) > LONG_WORD_LETTERS for word in all_words)
    return len(all_words) / sentences_count(text) + 100 * long_count / len(all_words)


def reading_minutes(word_count: int, words_per_minute: int = 200) -> float:
    """Minutes to read `word_count` words at `words_per_minute` (200 is a calm reading pace for
    factual text in one's own language, and includes time to think about the questions)."""
    if words_per_minute <= 0:
        raise ValueError("words_per_minute must be greater than 0")
    return word_count / words_per_minute


def markdown_to_plain(source: str) -> str:
    """Turn a module's Markdown (front matter already removed) into the plain text a learner reads.

    Counting words and LIX on raw Markdown would count "##", "- [x]", URLs in links and
    "topics: begrepp" as text, and would run a heading into the next sentence. So:

    - the quiz's `topics:`, `kind:`, `shuffle:` and `id:` lines are dropped: the learner never
      sees them;
    - heading hashes, list and checklist markers, `>` markers, emphasis, code ticks, table pipes,
      rules and code fences are removed, and a link keeps only its text; an image is dropped,
      since its alt text is read by screen readers, not by most learners;
    - each heading, list item (quiz options included) and table cell ends a sentence, with a
      full stop added when it has none: a reader takes a heading or an option as a unit, and
      without this a list of ten short options would count as one long sentence and inflate LIX.

    Paragraph lines are kept as they are, so a sentence that wraps over two lines stays one
    sentence. An indented line right after a list item continues that item.
    """
    out: list[str] = []
    item: str | None = None  # the list item being collected, waiting for continuation lines
    in_fence = False

    def flush() -> None:
        nonlocal item
        if item is not None:
            out.append(_end_sentence(item))
            item = None

    for raw in source.splitlines():
        line = raw.rstrip()
        if _FENCE.match(line):
            flush()
            in_fence = not in_fence
            continue
        if in_fence:
            out.append(_inline(line))
            continue
        if not line.strip():
            flush()
            out.append("")
            continue
        if _FRONT_KEY.match(line):
            continue
        if _RULE.match(line) or (_TABLE_SEPARATOR.match(line) and "-" in line and "|" in line):
            flush()
            continue
        if match := _HEADING.match(line):
            flush()
            text = _inline(match.group(1) or "")
            if text:
                out.append(_end_sentence(text))
            continue
        if (match := _CHECKLIST.match(line)) or (match := _LIST_ITEM.match(line)):
            flush()
            item = _inline(match.group(1))
            continue
        if line.lstrip().startswith("|"):
            flush()
            cells = [_inline(cell) for cell in line.strip().strip("|").split("|")]
            out.append(" ".join(_end_sentence(cell) for cell in cells if cell))
            continue
        if match := _QUOTE.match(line):
            flush()
            out.append(_inline(match.group(1)))
            continue
        if item is not None and raw[:1] in (" ", "\t"):
            item += " " + _inline(line.strip())
            continue
        flush()
        out.append(_inline(line.strip()))
    flush()
    return "\n".join(out).strip() + "\n" if any(s.strip() for s in out) else ""


def _inline(text: str) -> str:
    """Remove inline Markdown: images, link targets, autolink brackets, HTML tags, emphasis, code."""
    text = _IMAGE.sub("", text)
    text = _LINK.sub(r"\1", text)
    text = _AUTOLINK.sub(r"\1", text)
    text = _HTML_TAG.sub("", text)
    text = _CODE.sub(r"\1", text)
    for pattern in (_STRONG, _EMPHASIS_STAR, _EMPHASIS_UNDERSCORE):
        previous = None
        while previous != text:
            previous = text
            text = pattern.sub(lambda m: m.group(m.lastindex or 1), text)
    text = _ESCAPE.sub(r"\1", text)
    return " ".join(text.split())


def _end_sentence(text: str) -> str:
    """Add a full stop unless `text` already ends with sentence punctuation."""
    text = text.strip()
    if not text or _ENDS_SENTENCE.search(text):
        return text
    return text + "."
