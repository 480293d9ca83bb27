"""Safe expression language for visible_if, required_if, Rule.check and computed values.

Mirrored exactly by ``assets/js/rules/expr.js``; ``tests/vectors/expr_*.json`` pin the parity.
Never uses ``eval``. Only :class:`ExprError` escapes :func:`parse` / :func:`evaluate`.

Grammar (lowest precedence first)::

    expr    := or
    or      := and ("or" and)*
    and     := not ("and" not)*
    not     := "not" not | cmp
    cmp     := add [("=="|"!="|"<"|"<="|">"|">="|"in"|"not" "in") add]   # no chaining
    add     := mul (("+"|"-") mul)*
    mul     := unary (("*"|"/"|"%") unary)*
    unary   := "-" unary | primary
    primary := NUMBER | STRING | "true" | "false" | "null" | "[" [expr ("," expr)*] "]"
             | NAME "(" [expr ("," expr)*] ")" | PATH | "(" expr ")"

NUMBER is ``[0-9]+(.[0-9]+)?``; STRING is ``'..'`` or ``".."`` with escapes ``\\\\ \\' \\" \\n \\t``;
PATH is ``name(.name|.digits)*`` (``members.0.full_name``). Source is at most 2000 characters,
nesting at most 32 levels and the tree at most 100 levels deep.

Values: null, booleans, numbers, strings (always NFC), lists, objects.
* Numbers: a whole result is an int (``4 / 2`` → ``2``, ``0.5 * 2`` → ``1``); magnitudes above
  2**53-1, infinities and NaN raise ExprError. ``/`` is true division; ``%`` needs integers and
  takes the sign of the divisor; dividing by zero raises.
* Paths read the answers (a ``scope`` mapping, e.g. the current group item, shadows them);
  a missing key or index is null. ``today()`` comes from the evaluation context, never the clock.
* Null: arithmetic with a null operand is null; ``<`` etc. with a null operand is null;
  ``==`` is deep equality without coercion (``1 == true`` is false, ``null == null`` is true);
  ``x in null`` is false.
* Falsy: null, false, 0, "", [], {}. ``and``/``or`` short-circuit and return an operand.
  ``empty(x)`` is the "no answer" test: null, blank text, [], or an object whose values are all
  empty (so ``count(group)`` skips blank items).
* Strings compare by code point; ``+`` concatenates two strings or two lists; mixing types raises.
* Functions (fixed whitelist): len, empty, count, sum, min, max, round, age, years_between, date,
  contains, lower, today — see ``expr_functions.py``.
"""
from __future__ import annotations

import re
from collections.abc import Callable, Mapping
from typing import Any

from volunteer_app.domain.text import nfc

from .expr_functions import ARITY, call
from .expr_values import ExprError, contains, equal, is_empty, num, to_value, truthy
from .values import MAX_SAFE, clean_number, is_number, parse_iso

MAX_SOURCE = 2000
MAX_NESTING = 32
MAX_TREE_DEPTH = 100
_CACHE_SIZE = 1024

KEYWORDS = frozenset({"and", "or", "not", "in", "true", "false", "null"})

_TOKEN = re.compile(
    r"(?P<ws>[ \t\r\n]+)"
    r"|(?P<num>[0-9]+(?:\.[0-9]+)?)"
    r"|(?P<str>'(?:[^'\\]|\\[\s\S])*'|\"(?:[^\"\\]|\\[\s\S])*\")"
    r"|(?P<name>[A-Za-z_][A-Za-z0-9_]*(?:\.(?:[A-Za-z_][A-Za-z0-9_]*|[0-9]+))*)"
    r"|(?P<op>==|!=|<=|>=|[<>+\-*/%()\[\],])"
)
_ESCAPES = {"\\": "\\", "'": "'", '"': '"', "n": "\n", "t": "\t"}
_NAME_CHAR = re.compile(r"[A-Za-z0-9_.]")


class Node:
    __slots__ = ("kind", "value", "children", "depth")

    def __init__(self, kind: str, value: Any = None, children: tuple = ()):
        self.kind = kind
        self.value = value
        self.children = children
        self.depth = 1 + max((c.depth for c in children), default=0)
        if self.depth > MAX_TREE_DEPTH:
            raise ExprError("expression is too deeply nested")


# ---------------------------------------------------------------- tokenizer


def _tokenize(source: str, starts: list[int] | None = None) -> list[tuple[str, Any]]:
    """Tokens of ``source``; ``starts`` (when given) receives each token's position."""
    tokens: list[tuple[str, Any]] = []
    starts = [] if starts is None else starts
    pos = 0
    while pos < len(source):
        m = _TOKEN.match(source, pos)
        if not m:
            raise ExprError(f"unexpected character at {pos}")
        kind, text = m.lastgroup, m.group()
        pos = m.end()
        if kind == "ws":
            continue
        starts.append(m.start())
        if kind in ("num", "name") and pos < len(source) and _NAME_CHAR.match(source, pos):
            raise ExprError(f"malformed {kind} at {m.start()}")
        if kind == "num":
            number = clean_number(float(text) if "." in text else int(text))
            if number is None:
                raise ExprError("number out of range")
            tokens.append(("num", number))
        elif kind == "str":
            tokens.append(("str", nfc(_unescape(text[1:-1]))))
        elif kind == "name":
            if "." in text and text.split(".")[0] in KEYWORDS:
                raise ExprError(f"keyword used as a path: {text}")
            tokens.append(("kw" if text in KEYWORDS else "name", text))
        else:
            tokens.append(("op", text))
    tokens.append(("end", None))
    starts.append(len(source))
    return tokens


def _unescape(body: str) -> str:
    out = []
    i = 0
    while i < len(body):
        ch = body[i]
        if ch == "\\":
            esc = body[i + 1]  # the token regex guarantees a following character
            if esc not in _ESCAPES:
                raise ExprError(f"unknown escape \\{esc}")
            out.append(_ESCAPES[esc])
            i += 2
        else:
            out.append(ch)
            i += 1
    return "".join(out)


# ---------------------------------------------------------------- parser

_CMP_OPS = ("==", "!=", "<", "<=", ">", ">=")


class _Parser:
    def __init__(self, tokens: list[tuple[str, Any]]):
        self.tokens = tokens
        self.i = 0
        self.nesting = 0

    def peek(self, ahead: int = 0) -> tuple[str, Any]:
        return self.tokens[min(self.i + ahead, len(self.tokens) - 1)]

    def take(self) -> tuple[str, Any]:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def at(self, kind: str, value: Any = None, ahead: int = 0) -> bool:
        tok = self.peek(ahead)
        return tok[0] == kind and (value is None or tok[1] == value)

    def expect(self, kind: str, value: Any) -> None:
        if not self.at(kind, value):
            raise ExprError(f"expected {value!r}, found {self.peek()[1]!r}")
        self.take()

    def enter(self) -> None:
        # Bounds recursion so hostile input cannot blow the stack.
        self.nesting += 1
        if self.nesting > MAX_NESTING:
            raise ExprError("expression is too deeply nested")

    def parse(self) -> Node:
        node = self.expr()
        if not self.at("end"):
            raise ExprError(f"unexpected {self.peek()[1]!r}")
        return node

    def expr(self) -> Node:
        self.enter()
        node = self.or_()
        self.nesting -= 1
        return node

    def or_(self) -> Node:
        node = self.and_()
        while self.at("kw", "or"):
            self.take()
            node = Node("or", None, (node, self.and_()))
        return node

    def and_(self) -> Node:
        node = self.not_()
        while self.at("kw", "and"):
            self.take()
            node = Node("and", None, (node, self.not_()))
        return node

    def not_(self) -> Node:
        if self.at("kw", "not"):
            self.take()
            self.enter()
            node = Node("not", None, (self.not_(),))
            self.nesting -= 1
            return node
        return self.cmp()

    def cmp_op(self) -> str | None:
        if self.at("op") and self.peek()[1] in _CMP_OPS:
            return self.peek()[1]
        if self.at("kw", "in"):
            return "in"
        if self.at("kw", "not") and self.at("kw", "in", 1):
            return "not in"
        return None

    def cmp(self) -> Node:
        node = self.add()
        op = self.cmp_op()
        if op is None:
            return node
        self.take()
        if op == "not in":
            self.take()
        node = Node("cmp", op, (node, self.add()))
        if self.cmp_op() is not None:
            raise ExprError("chained comparisons are not allowed; use and")
        return node

    def add(self) -> Node:
        node = self.mul()
        while self.at("op", "+") or self.at("op", "-"):
            op = self.take()[1]
            node = Node("bin", op, (node, self.mul()))
        return node

    def mul(self) -> Node:
        node = self.unary()
        while self.at("op", "*") or self.at("op", "/") or self.at("op", "%"):
            op = self.take()[1]
            node = Node("bin", op, (node, self.unary()))
        return node

    def unary(self) -> Node:
        if self.at("op", "-"):
            self.take()
            self.enter()
            node = Node("neg", None, (self.unary(),))
            self.nesting -= 1
            return node
        return self.primary()

    def primary(self) -> Node:
        kind, value = self.take()
        if kind in ("num", "str"):
            return Node("lit", value)
        if kind == "kw" and value in ("true", "false", "null"):
            return Node("lit", {"true": True, "false": False, "null": None}[value])
        if kind == "op" and value == "(":
            node = self.expr()
            self.expect("op", ")")
            return node
        if kind == "op" and value == "[":
            return Node("list", None, tuple(self.items("]")))
        if kind == "name" and self.at("op", "("):
            return self.call(value)
        if kind == "name":
            if value == "today":
                raise ExprError("use today() for the current date")
            return Node("path", tuple(value.split(".")))
        raise ExprError(f"unexpected {value!r}")

    def items(self, close: str) -> list[Node]:
        items: list[Node] = []
        if self.at("op", close):
            self.take()
            return items
        while True:
            items.append(self.expr())
            if self.at("op", ","):
                self.take()
                continue
            self.expect("op", close)
            return items

    def call(self, name: str) -> Node:
        if name not in ARITY:
            raise ExprError(f"unknown function {name}")
        self.take()  # "("
        args = self.items(")")
        low, high = ARITY[name]
        if len(args) < low or (high is not None and len(args) > high):
            raise ExprError(f"{name}() takes a different number of arguments")
        return Node("call", name, tuple(args))


_cache: dict[str, Node] = {}


def parse(source: object) -> Node:
    """Parse (and cache) an expression; raises ExprError on any malformed input."""
    if not isinstance(source, str):
        raise ExprError("expression must be a string")
    cached = _cache.get(source)
    if cached is not None:
        return cached
    if len(source) > MAX_SOURCE:
        raise ExprError("expression is too long")
    starts: list[int] = []
    parser = _Parser(_tokenize(source, starts))
    try:
        node = parser.parse()
    except ExprError as exc:  # say where, so an author can find it (the tokenizer already does)
        if " at " in str(exc):
            raise
        raise ExprError(f"{exc} at {starts[min(parser.i, len(starts) - 1)]}") from None
    if len(_cache) >= _CACHE_SIZE:
        _cache.clear()
    _cache[source] = node
    return node


def references(expr: str | Node) -> list[str]:
    """Dotted answer paths an expression reads, in first-seen order."""
    node = parse(expr) if isinstance(expr, str) else expr
    found: list[str] = []

    def walk(n: Node) -> None:
        if n.kind == "path":
            path = ".".join(n.value)
            if path not in found:
                found.append(path)
        for child in n.children:
            walk(child)

    walk(node)
    return found


# ---------------------------------------------------------------- evaluation


class _Context:
    __slots__ = ("answers", "scope", "today")

    def __init__(self, answers: Mapping, scope: Mapping | None, today: Any):
        self.answers = answers
        self.scope = scope
        self.today = today


def evaluate(
    expr: str | Node,
    answers: Mapping | None = None,
    *,
    today: str | Callable[[], str] | None = None,
    scope: Mapping | None = None,
) -> Any:
    """Evaluate against answers; ``today`` is ``YYYY-MM-DD`` (or a callable returning it)."""
    node = parse(expr) if not isinstance(expr, Node) else expr
    if answers is not None and type(answers) is not dict and not isinstance(answers, Mapping):
        raise ExprError("answers must be a mapping")
    return _eval(node, _Context(answers or {}, scope, today))


def _lookup(segments: tuple[str, ...], ctx: _Context) -> Any:
    head = segments[0]
    if ctx.scope is not None and head in ctx.scope:
        current: Any = ctx.scope[head]
    else:
        current = ctx.answers.get(head)
    for seg in segments[1:]:
        if isinstance(current, Mapping):
            current = current.get(seg)
        elif isinstance(current, (list, tuple)) and seg.isdigit() and seg.isascii():
            index = int(seg)
            current = current[index] if index < len(current) else None
        else:
            return None
    return to_value(current)


def _today(ctx: _Context) -> str:
    value = ctx.today() if callable(ctx.today) else ctx.today
    if hasattr(value, "isoformat"):
        value = value.isoformat()[:10]  # a date or datetime: its calendar day
    if parse_iso(value) is None:
        raise ExprError("today() is not available in this context")
    return value


def _eval(node: Node, ctx: _Context) -> Any:
    kind = node.kind
    if kind == "lit":
        return node.value
    if kind == "path":
        return _lookup(node.value, ctx)
    if kind == "list":
        return [_eval(c, ctx) for c in node.children]
    if kind == "and":
        left = _eval(node.children[0], ctx)
        return _eval(node.children[1], ctx) if truthy(left) else left
    if kind == "or":
        left = _eval(node.children[0], ctx)
        return left if truthy(left) else _eval(node.children[1], ctx)
    if kind == "not":
        return not truthy(_eval(node.children[0], ctx))
    if kind == "neg":
        value = _eval(node.children[0], ctx)
        if value is None:
            return None
        if not is_number(value):
            raise ExprError("unary minus needs a number")
        return num(-value)
    if kind == "bin":
        return _arith(node.value, _eval(node.children[0], ctx), _eval(node.children[1], ctx))
    if kind == "cmp":
        return _compare(node.value, _eval(node.children[0], ctx), _eval(node.children[1], ctx))
    return call(node.value, [_eval(c, ctx) for c in node.children], lambda: _today(ctx))


def _arith(op: str, a: Any, b: Any) -> Any:
    if a is None or b is None:
        return None
    if op == "+" and isinstance(a, str) and isinstance(b, str):
        return nfc(a + b)  # joining NFC pieces is not always NFC
    if op == "+" and isinstance(a, list) and isinstance(b, list):
        return a + b
    if not (is_number(a) and is_number(b)):
        raise ExprError(f"{op} needs two numbers")
    if op == "+":
        return num(a + b)
    if op == "-":
        return num(a - b)
    if op == "*":
        return num(a * b)
    if b == 0:
        raise ExprError("division by zero")
    if op == "/":
        return num(a / b)
    if type(a) is not int or type(b) is not int:
        raise ExprError("% needs whole numbers")
    return num(a % b)


def _compare(op: str, a: Any, b: Any) -> Any:
    if op == "==":
        return equal(a, b)
    if op == "!=":
        return not equal(a, b)
    if op in ("in", "not in"):
        found = contains(b, a)
        return found if op == "in" else not found
    if a is None or b is None:
        return None
    if not ((is_number(a) and is_number(b)) or (isinstance(a, str) and isinstance(b, str))):
        raise ExprError(f"{op} needs two numbers or two strings")
    if op == "<":
        return a < b
    if op == "<=":
        return a <= b
    if op == ">":
        return a > b
    return a >= b


__all__ = [
    "ExprError", "Node", "parse", "evaluate", "references", "truthy", "is_empty", "equal",
    "to_value", "MAX_SAFE",
]
