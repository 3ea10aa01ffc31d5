"""Markdown to safe HTML, with heading anchors and links that work wherever a course is mounted."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterator
from dataclasses import dataclass

import nh3
from markdown_it import MarkdownIt
from markdown_it.token import Token
from mdit_py_plugins.anchors import anchors_plugin

ALLOWED_TAGS = {
    "a",
    "abbr",
    "blockquote",
    "br",
    "code",
    "em",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "hr",
    "img",
    "li",
    "ol",
    "p",
    "pre",
    "strong",
    "table",
    "tbody",
    "td",
    "th",
    "thead",
    "tr",
    "ul",
}
ALLOWED_ATTRIBUTES = {
    "a": {"href", "title"},
    "img": {"src", "alt", "title"},
    "h2": {"id"},
    "h3": {"id"},
    "h4": {"id"},
}
# Table alignment as classes: the Content-Security-Policy refuses inline style attributes.
ALIGN_CLASSES = {f"text-align:{side}": f"align-{side}" for side in ("left", "center", "right")}
ASSET_PREFIX = "filer/"


def slugify(text: str) -> str:
    """An anchor an editor can guess from the heading: "Tecken att lägga märke till" ->
    "tecken-att-lagga-marke-till"."""
    ascii_text = unicodedata.normalize("NFKD", text.lower()).encode("ascii", "ignore").decode()
    words = "".join(c if c.isalnum() else " " for c in ascii_text).split()
    return "-".join(words)


def _new_parser() -> MarkdownIt:
    # Raw HTML is parsed only so validation can point at it; nh3 removes it from every page.
    return (
        MarkdownIt("commonmark", {"html": True})
        .enable("table")
        .use(anchors_plugin, min_level=2, max_level=4, slug_func=slugify)
    )


PARSER = _new_parser()


@dataclass(frozen=True)
class Reference:
    """A link or image in the lesson, with the line it is on (relative to the text given)."""

    kind: str  # "link" | "image"
    target: str
    line: int


def is_local(target: str) -> bool:
    return not (target.startswith(("/", "//")) or ":" in target.split("/")[0] or target.startswith("mailto"))


def _inline_tokens(tokens: list[Token]) -> Iterator[tuple[Token, int]]:
    for token in tokens:
        if token.type == "inline" and token.children:
            line = token.map[0] if token.map else 0
            for child in token.children:
                yield child, line


def references(tokens: list[Token]) -> list[Reference]:
    found = []
    for child, line in _inline_tokens(tokens):
        if child.type == "link_open":
            found.append(Reference("link", str(child.attrGet("href") or ""), line))
        elif child.type == "image":
            found.append(Reference("image", str(child.attrGet("src") or ""), line))
    return found


def raw_html_lines(tokens: list[Token]) -> list[int]:
    lines = [t.map[0] for t in tokens if t.type == "html_block" and t.map]
    lines += [line for child, line in _inline_tokens(tokens) if child.type == "html_inline"]
    return sorted(set(lines))


def heading_anchors(tokens: list[Token]) -> set[str]:
    return {str(t.attrGet("id")) for t in tokens if t.type == "heading_open" and t.attrGet("id")}


def _rewrite_local_targets(tokens: list[Token]) -> None:
    """Module links become sibling URLs (`02-tecken.md#a` -> `02-tecken#a`) and images point
    into the course's asset route, so the same HTML works under any URL prefix."""
    for child, _ in _inline_tokens(tokens):
        if child.type == "link_open":
            href = str(child.attrGet("href") or "")
            if is_local(href) and not href.startswith("#"):
                path, _, anchor = href.partition("#")
                if path.endswith(".md"):
                    child.attrSet("href", path[:-3] + (f"#{anchor}" if anchor else ""))
        elif child.type == "image":
            src = str(child.attrGet("src") or "")
            if is_local(src):
                child.attrSet("src", ASSET_PREFIX + src)


def _align_by_class(tokens: list[Token]) -> None:
    for token in tokens:
        if token.type in ("th_open", "td_open") and token.attrGet("style") in ALIGN_CLASSES:
            token.attrSet("class", ALIGN_CLASSES[str(token.attrGet("style"))])
            del token.attrs["style"]


def parse(text: str) -> list[Token]:
    return PARSER.parse(text)


def render(tokens: list[Token]) -> str:
    _rewrite_local_targets(tokens)
    _align_by_class(tokens)
    return sanitize(PARSER.renderer.render(tokens, PARSER.options, {}))


def render_inline(text: str) -> str:
    """For question and option text: emphasis and links, but no blocks."""
    return sanitize(PARSER.renderInline(text))


def sanitize(html: str) -> str:
    return nh3.clean(
        html,
        tags=ALLOWED_TAGS,
        attributes=ALLOWED_ATTRIBUTES,
        allowed_classes={tag: set(ALIGN_CLASSES.values()) for tag in ("th", "td")},
        url_schemes={"http", "https", "mailto", "tel"},
        link_rel="noopener noreferrer",
    )
