"""Reading a plan's text: lines with their numbers, website boilerplate, pipe-separated cells,
recommendation numbers, headings and field names, shared by every layout."""

from __future__ import annotations

import re
from pathlib import Path

from stalkscreen.errors import StalkscreenError

# Text a force website wraps around the plan when a page is saved or copied.
BOILERPLATE = [re.compile(p, re.IGNORECASE) for p in (
    r"quickly exit this site", r"\bleave this site\b", r"\bcookies?\b", r"sorry, there was a technical problem",
    r"^this site is a beta\b", r"^skip to (the )?(main )?content", r"^back to top$", r"^share this page",
    r"^print this page$", r"^was this page helpful", r"^hide this message$", r"^(accept|reject) (all|additional)",
    r"^report a problem with this page", r"^(home|menu|search|close|print|share)$",
)]
BOILERPLATE_MAX_LENGTH = 300  # a long paragraph that mentions cookies is plan text, not a banner

NUMBER = re.compile(r"^(\d{1,2})\.(\d{1,2})$")
MONTHS = ("january|february|march|april|may|june|july|august|september|october|november|december"
          "|jan|feb|mar|apr|jun|jul|aug|sep|sept|oct|nov|dec")
# A heading is a Markdown heading, or starts with the deadline ("By 27 March 2025, ...") or the
# group's number ("7. By ...", "Recommendation 7: ..."); a number like 7.1 is a recommendation.
HEADING = re.compile(rf"^(#+\s+\S|(#+\s*)?(by\s+(\d{{1,2}}(st|nd|rd|th)?\s+)?({MONTHS})\b"
                     r"|recommendation\s+\d{1,2}\b(?!\.\d)|\d{1,2}[.:)]?\s+(?-i:[A-Z])))", re.IGNORECASE)
SEPARATOR = re.compile(r"^\|?\s*:?-{3,}:?\s*(\|\s*:?-{3,}:?\s*)*\|?\s*$")

# Field names as plans write them (lower case, no colon) -> the normalised field.
FIELD_NAMES = {
    "recommendation": "number", "recommendation number": "number", "recommendation no": "number",
    "rec": "number", "ref": "number", "no": "number", "number": "number", "no.": "number",
    "recommendation text": "recommendation_text", "description": "recommendation_text",
    "evidence requirements of progress": "evidence_requirement", "evidence requirements": "evidence_requirement",
    "evidence requirement": "evidence_requirement", "evidence of progress": "evidence_requirement",
    "recommendation owner": "owner", "owner": "owner", "lead": "owner", "responsible": "owner",
    "force update": "force_update", "update": "force_update", "progress update": "force_update",
    "force response": "force_update", "response": "force_update", "progress": "status",
    "action": "action", "actions": "action", "planned action": "action", "next steps": "action",
    "status": "status", "rag status": "status", "date": "date", "date of update": "date", "updated": "date",
    "last updated": "date", "deadline": "deadline", "due": "deadline", "due date": "deadline",
    "target date": "deadline", "supporting documents": "supporting_documents", "documents": "supporting_documents",
}


def field_name(label: str) -> str | None:
    """The normalised field a label names ('Force Update:' -> force_update), or None."""
    key = re.sub(r"\s+", " ", label.strip().rstrip(":").strip().lower())
    return FIELD_NAMES.get(key)


def read_lines(path: Path) -> tuple[bytes, list[tuple[int, str]]]:
    """The file's bytes and its lines, numbered from 1, trailing space and odd spaces removed."""
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise StalkscreenError(f"cannot read the plan {path}: {exc.strerror}", hint="give the path of a text file") from None
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        text = data.decode("cp1252", errors="replace")  # Word and old web pages save as Windows-1252
    text = text.replace("\u00a0", " ").replace("\u200b", "")
    return data, [(i, line.rstrip()) for i, line in enumerate(text.splitlines(), start=1)]


def is_boilerplate(line: str) -> bool:
    stripped = line.strip()
    return len(stripped) <= BOILERPLATE_MAX_LENGTH and any(p.search(stripped) for p in BOILERPLATE)


def cells(line: str) -> list[str]:
    """'a | b | |' -> ['a', 'b', '']: the cells of a pipe-separated row, the closing pipe dropped."""
    row = line.strip()
    if row.startswith("|"):
        row = row[1:]
    if row.endswith("|"):
        row = row[:-1]
    return [c.strip() for c in row.split("|")]


def is_number(text: str) -> bool:
    return bool(NUMBER.match(text.strip()))


def number_key(number: str) -> tuple[int, int]:
    """'10.2' -> (10, 2), so 10.2 sorts after 7.1."""
    major, minor = NUMBER.match(number.strip()).groups()
    return int(major), int(minor)


def is_heading(line: str) -> bool:
    return bool(HEADING.match(line.strip())) and not is_number(line.strip().split()[0].rstrip(".:-"))


def is_numbered_heading(line: str) -> bool:
    """A heading that carries its own number or Markdown marks, not one that starts "By ..."."""
    return is_heading(line) and not re.match(r"^by\s", line.strip(), re.IGNORECASE)


def heading_number(line: str) -> int | None:
    """The group number a numbered heading carries ("Recommendation 13: ..." -> 13), or None."""
    found = re.match(r"^(?:#+\s*)?(?:recommendation\s+)?(\d{1,2})\b", line.strip(), re.IGNORECASE)
    return int(found.group(1)) if found else None


def clean_heading(text: str) -> str:
    return re.sub(r"^#+\s*", "", text.strip())
