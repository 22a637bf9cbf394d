"""Regular expressions that DuckDB (RE2) and Spark (Java) read the same way.

A lexicon pattern is checked against the subset both engines accept, then rewritten to an
engine-neutral form: every group non-capturing (so the compiler can number its own groups), a
space as any run of spaces, tabs or line breaks, an apostrophe as ' or ’, `.` as any character
but a line break (Java's `.` also refuses \\r, RE2's does not).
"""

from __future__ import annotations

import re

SPACE = "[ \\t\\r\\n]"
APOSTROPHES = "'\u2019"
# Escapes with the same meaning in RE2 and Java: character classes, anchors, controls, hex.
LETTER_ESCAPES = set("dDwWsSbBnrtfAzx")
MAX_REPEAT = 1000  # RE2's limit on a counted repetition
QUANTIFIER = re.compile(r"\{(\d+)(,(\d*))?\}")


class PatternError(ValueError):
    """A pattern outside the common subset; the message says which construct."""


def portable(pattern: str) -> str:
    """The pattern rewritten for both engines, or PatternError naming what is not allowed."""
    out: list[str] = []
    i, n = 0, len(pattern)
    while i < n:
        c = pattern[i]
        if c == "\\":
            out.append(_escape(pattern, i))
            i += 2
        elif c == "[":
            text, i = _char_class(pattern, i)
            out.append(text)
        elif c == "(":
            if pattern.startswith("(?", i) and not pattern.startswith("(?:", i):
                raise PatternError(f"`{pattern[i:i + 4]}`: lookaround, named groups and inline flags differ "
                                   "between RE2 and Java (only `(?:` is allowed)")
            out.append("(?:")
            i += 3 if pattern.startswith("(?:", i) else 1
        elif c == " ":
            while i < n and pattern[i] == " ":
                i += 1
            if i < n and pattern[i] in "?*":
                out.append(SPACE + "*")
                i += 1
            elif i < n and pattern[i] == "+":
                out.append(SPACE + "+")
                i += 1
            else:
                out.append(SPACE if i < n and pattern[i] == "{" else SPACE + "+")
        elif c in APOSTROPHES:
            out.append(f"[{APOSTROPHES}]")
            i += 1
        elif c == ".":
            out.append("[^\\r\\n]")
            i += 1
        elif c == "{":
            match = QUANTIFIER.match(pattern, i)
            if not match:
                raise PatternError("`{` that is not a repetition count: write `\\{` for a brace, "
                                   "or a fragment name that exists")
            _check_count(match)
            out.append(match.group(0))
            i = match.end()
            if pattern.startswith("+", i):
                raise PatternError(f"`{match.group(0)}+`: possessive quantifiers are not in RE2")
        elif c in "*+?}" and i + 1 < n and pattern[i + 1] == "+":
            raise PatternError(f"`{c}+`: possessive quantifiers are not in RE2")
        else:
            out.append(c)
            i += 1
    return "".join(out)


def _escape(pattern: str, i: int) -> str:
    if i + 1 >= len(pattern):
        raise PatternError("a pattern cannot end with `\\`")
    c = pattern[i + 1]
    if c.isdigit():
        raise PatternError(f"`\\{c}`: backreferences and octal escapes are not in RE2")
    if c.isalpha() and c not in LETTER_ESCAPES:
        raise PatternError(f"`\\{c}`: this escape differs between RE2 and Java or is missing from one")
    if c == "x" and not re.match(r"[0-9a-fA-F]{2}", pattern[i + 2:i + 4]):
        raise PatternError("`\\x` must be followed by two hex digits")
    return "\\" + c


def _char_class(pattern: str, start: int) -> tuple[str, int]:
    """A bracketed class copied (with a curly apostrophe wherever a straight one is), and the
    index after its closing bracket."""
    i = start + 1
    body: list[str] = []
    if i < len(pattern) and pattern[i] == "^":
        body.append("^")
        i += 1
    if i < len(pattern) and pattern[i] == "]":
        raise PatternError("`[]`: write `\\]` for a bracket inside a class (Java and RE2 differ)")
    while i < len(pattern) and pattern[i] != "]":
        c = pattern[i]
        if c == "\\":
            body.append(_escape(pattern, i))
            i += 2
            continue
        if c == "[":
            raise PatternError("`[` inside a class: Java reads it as a nested class, RE2 as a bracket; write `\\[`")
        if pattern.startswith("&&", i):
            raise PatternError("`&&` inside a class: Java reads it as an intersection, RE2 does not")
        body.append(c + ("\u2019" if c == "'" else ""))
        i += 1
    if i >= len(pattern):
        raise PatternError("a `[` class is not closed")
    return "[" + "".join(body) + "]", i + 1


def _check_count(match: re.Match) -> None:
    low, high = int(match.group(1)), match.group(3)
    if low > MAX_REPEAT or (high and int(high) > MAX_REPEAT):
        raise PatternError(f"`{match.group(0)}`: counts above {MAX_REPEAT} are not in RE2")
    if high and int(high) < low:
        raise PatternError(f"`{match.group(0)}`: the maximum is below the minimum")


def whole_words(pattern: str) -> str:
    """The rewritten pattern as whole words: \\b at each end, but not next to a ^ or $ anchor."""
    head = "" if pattern.startswith("^") else "\\b"
    tail = "" if pattern.endswith("$") and not pattern.endswith("\\$") else "\\b"
    return f"{head}(?:{pattern}){tail}"


def check(rewritten: str):
    """The pattern the engines run compiles in Python (a stand-in for both), and cannot match
    empty text (an empty match would split a narrative at every character). Returns its parse
    tree, for blank_edge: parsing is most of the cost of loading a lexicon, so it is done once."""
    import re._compiler as sre_compile
    import re._parser as sre

    try:
        tree = sre.parse(rewritten)
        compiled = sre_compile.compile(tree)
    except re.error as exc:
        raise PatternError(f"not a regular expression ({exc})") from None
    if compiled.fullmatch(""):
        raise PatternError("the pattern can match empty text")
    return tree


def blank_edge(tree) -> str | None:
    """'start' or 'end' when the rewritten pattern (its parse tree, from check) can begin or end
    on a space or punctuation, else None. A rule's pattern must not: it is matched as whole words
    (\\b at each end), and a hit that ends on a space would be one in context but not on its own."""
    nodes = list(tree)
    if _edge(nodes[::-1], last=True):
        return "end"
    return "start" if _edge(nodes, last=False) else None


def _edge(nodes, last: bool) -> bool:
    """Whether the first character of this node sequence (read in the order given) can be a
    non-word character; `last` says the sequence is reversed (its end comes first)."""
    for node in nodes:
        blank, empty = _node_edge(node, last)
        if blank:
            return True
        if not empty:
            return False
    return False


def _node_edge(node, last: bool) -> tuple[bool, bool]:
    """(can the edge character of this node be a non-word character, can it match nothing)."""
    import re._constants as c

    op, arg = node
    if op is c.LITERAL:
        char = chr(arg)
        return not (char.isalnum() or char == "_"), False
    if op is c.AT:
        return False, True
    if op is c.SUBPATTERN:
        inner = list(arg[-1])
        return _edge(inner[::-1] if last else inner, last), _nullable(inner)
    if op is c.BRANCH:
        parts = [list(b) for b in arg[1]]
        return (any(_edge(p[::-1] if last else p, last) for p in parts), any(_nullable(p) for p in parts))
    if op in (c.MAX_REPEAT, c.MIN_REPEAT):
        low, _, body = arg
        body = list(body)
        return _edge(body[::-1] if last else body, last), low == 0 or _nullable(body)
    if op is c.IN:
        return any(_class_blank(item) for item in arg), False
    return True, False  # any other single character (., \W, a negated class) may be blank


def _class_blank(item) -> bool:
    import re._constants as c

    op, arg = item
    if op is c.LITERAL:
        return not (chr(arg).isalnum() or chr(arg) == "_")
    if op is c.RANGE:
        return any(not (chr(x).isalnum() or chr(x) == "_") for x in range(arg[0], arg[1] + 1))
    if op is c.CATEGORY:
        return arg is not c.CATEGORY_WORD and arg is not c.CATEGORY_DIGIT
    return True


def _nullable(nodes) -> bool:
    return all(_node_edge(node, False)[1] for node in nodes)
