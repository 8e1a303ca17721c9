#!/usr/bin/env python3
"""ps_decode.py - print the single-quoted string literals of a PowerShell
script, decoded, one JSON string per line, in the order they appear.

Usage: ps_decode.py FILE

An independent reading of PowerShell's tokenizer rules, so that the tests
of gpforge's PowerShell writer do not trust the writer's own quoting:

- A single-quoted string opens with any of ' U+2018 U+2019 U+201A U+201B
  and ends at the next one of them, except that two in a row stand for
  the second; nothing else (not $, not a backtick, not a line break)
  means anything inside.
- Double-quoted strings (" U+201C U+201D U+201E) are skipped: a backtick
  escapes the next character and two quotes in a row stand for one.
- <# ... #> and # to the end of the line (where a token may start) are
  comments.  Outside strings a backtick escapes the next character.

Constructs this reader cannot skip reliably -- here-strings, ${...}
variable names and $(...) inside double quotes, all of which may hold
quotes of their own -- stop it with an error rather than being misread.
The exit status is 0, or 1 with a message naming the character offset.
"""

import json
import sys

SINGLE_QUOTES = "'\u2018\u2019\u201a\u201b"
DOUBLE_QUOTES = '"\u201c\u201d\u201e'
# After these (and whitespace) a '#' starts a comment; inside a bare word
# such as a#b it does not.
TOKEN_BREAKS = " \t\f\v\r\n;,(){}|&="


class ScriptError(Exception):
    def __init__(self, offset, what):
        super().__init__(what)
        self.offset = offset
        self.what = what


def single_quoted(text, start):
    """Decodes the literal opened at text[start]: (value, end)."""
    value = []
    i = start + 1
    while i < len(text):
        c = text[i]
        if c in SINGLE_QUOTES:
            if i + 1 < len(text) and text[i + 1] in SINGLE_QUOTES:
                value.append(text[i + 1])
                i += 2
                continue
            return "".join(value), i + 1
        value.append(c)
        i += 1
    raise ScriptError(start, "single-quoted string does not end")


def skip_double_quoted(text, start):
    """Returns the offset just past the double-quoted string at start."""
    i = start + 1
    while i < len(text):
        c = text[i]
        if c == "`":
            i += 2
            continue
        if c == "$" and text[i + 1:i + 2] in ("(", "{"):
            raise ScriptError(i, "$( or ${ inside double quotes")
        if c in DOUBLE_QUOTES:
            if i + 1 < len(text) and text[i + 1] in DOUBLE_QUOTES:
                i += 2
                continue
            return i + 1
        i += 1
    raise ScriptError(start, "double-quoted string does not end")


def skip_block_comment(text, start):
    end = text.find("#>", start + 2)
    if end < 0:
        raise ScriptError(start, "<# comment does not end")
    return end + 2


def skip_line_comment(text, start):
    i = start
    while i < len(text) and text[i] not in "\r\n":
        i += 1
    return i


def literals(text):
    """Yields the decoded single-quoted literals of text in order."""
    i = 0
    at_token_start = True
    while i < len(text):
        c = text[i]
        if c in SINGLE_QUOTES:
            value, i = single_quoted(text, i)
            yield value
            at_token_start = True
        elif c in DOUBLE_QUOTES:
            i = skip_double_quoted(text, i)
            at_token_start = True
        elif c == "<" and text[i + 1:i + 2] == "#":
            i = skip_block_comment(text, i)
            at_token_start = True
        elif c == "#" and at_token_start:
            i = skip_line_comment(text, i)
        elif c == "@" and text[i + 1:i + 2] and \
                text[i + 1] in SINGLE_QUOTES + DOUBLE_QUOTES:
            raise ScriptError(i, "here-strings are not supported")
        elif c == "$" and text[i + 1:i + 2] == "{":
            raise ScriptError(i, "${...} variable names are not supported")
        elif c == "`":
            i += 2
            at_token_start = False
        else:
            at_token_start = c in TOKEN_BREAKS
            i += 1


def main(argv):
    if len(argv) != 2:
        sys.stderr.write("usage: ps_decode.py FILE\n")
        return 2
    path = argv[1]
    try:
        with open(path, "rb") as f:
            data = f.read()
        # Bytes, not text mode: a CR inside a literal must stay a CR.
        text = data.decode("utf-8")
    except (OSError, UnicodeDecodeError) as e:
        sys.stderr.write("ps_decode.py: %s: %s\n" % (path, e))
        return 1
    if text.startswith("\ufeff"):
        text = text[1:]

    out = sys.stdout.buffer
    try:
        for value in literals(text):
            line = json.dumps(value, ensure_ascii=False) + "\n"
            out.write(line.encode("utf-8"))
    except ScriptError as e:
        sys.stderr.write("ps_decode.py: %s: character %d: %s\n" %
                         (path, e.offset, e.what))
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
