"""SQL text handling the driver needs before a statement is sent: numeric placeholders (:1, :2)
rewritten to qmarks, and whether a statement can return rows at all (statements that cannot are
sent without a prepare of their own)."""
import functools
import re

from .exceptions import ProgrammingError

# First keywords of statements that never return rows: these run as immediate commands (or through
# the connection's statement cache when they have parameters).
_NO_ROWS = frozenset("""
    INSERT UPDATE DELETE MERGE CREATE DROP ALTER RENAME TRUNCATE GRANT REVOKE SET BEGIN COMMIT
    ROLLBACK SAVEPOINT RELEASE LOCK UNLOCK DATABASE CLOSE START STOP LOAD UNLOAD
""".split())

# Of those, the statements that may change what a prepared statement reads.
_DDL = frozenset("CREATE DROP ALTER RENAME TRUNCATE DATABASE".split())

_WORD = re.compile(r"[A-Za-z_]+")


def _comment_end(sql, i):
    """Where the comment starting at sql[i] (-- to the line's end, /* */ or { }) ends; None when no
    comment starts there. An unterminated comment runs to the end of the text."""
    for opening, closing in (("--", "\n"), ("/*", "*/"), ("{", "}")):
        if sql.startswith(opening, i):
            j = sql.find(closing, i + len(opening))
            return len(sql) if j < 0 else j + len(closing)
    return None


def _skip_space_and_comments(sql, i):
    n = len(sql)
    while i < n:
        if sql[i].isspace() or sql[i] == "(":
            i += 1
        elif (end := _comment_end(sql, i)) is not None:
            i = end
        else:
            break
    return i


ROWS, DML, DDL = 0, 1, 2


def statement_kind(sql):
    """ROWS for statements that may return rows, else DML or DDL (by the first keyword)."""
    m = _WORD.match(sql, _skip_space_and_comments(sql, 0))
    word = m.group(0).upper() if m else ""
    if word not in _NO_ROWS:
        return ROWS
    return DDL if word in _DDL else DML


def _numeric_placeholders(sql):
    """Rewrites :1, :2 … to ? outside literals, quoted names and comments. Returns (sql, order)
    where order lists the 0-based parameter index of each ?, or None when there are none."""
    out, order, qmarks = [], [], 0
    i, n, start = 0, len(sql), 0
    while i < n:
        c = sql[i]
        if c in "'\"":
            j = i + 1
            while j < n:
                if sql[j] == c:
                    if j + 1 < n and sql[j + 1] == c:  # doubled quote inside the literal
                        j += 2
                        continue
                    break
                j += 1
            i = j + 1
        elif (end := _comment_end(sql, i)) is not None:
            i = end
        elif c == "?":
            qmarks += 1
            i += 1
        elif c == ":" and i + 1 < n and sql[i + 1].isdigit() and (i == 0 or sql[i - 1] != ":"):
            j = i + 1
            while j < n and sql[j].isdigit():
                j += 1
            if j < n and (sql[j].isalnum() or sql[j] == "_"):
                i = j
                continue
            out.append(sql[start:i])
            out.append("?")
            number = int(sql[i + 1:j])
            if number < 1:
                raise ProgrammingError(f"numeric placeholder :{number}: numbering starts at 1", statement=sql)
            order.append(number - 1)
            start = i = j
        else:
            i += 1
    if not order:
        return sql, None
    if qmarks:
        raise ProgrammingError("a statement mixes ? and numeric (:1) placeholders", statement=sql)
    out.append(sql[start:])
    return "".join(out), tuple(order)


@functools.lru_cache(maxsize=512)
def analyse(sql):
    """(sql with qmarks, parameter order or None, statement_kind) for a statement text."""
    if not isinstance(sql, str):
        raise ProgrammingError("the statement must be a str")
    text, order = _numeric_placeholders(sql)
    return text, order, statement_kind(text)


def arrange(params, order):
    """Parameters in qmark order for a statement that used numeric placeholders."""
    if order is None or params is None:
        return params
    params = tuple(params)
    try:
        return tuple(params[k] for k in order)
    except IndexError:
        raise ProgrammingError(f"the statement refers to :{max(order) + 1} but {len(params)} parameters were given")
