"""Expression parity cases (expectations written by hand). Run gen_vectors.py to rewrite JSON."""
import unicodedata

ERR = object()  # expect {"error": "ExprError"}
NFD_NAME = unicodedata.normalize("NFD", "Nguyễn")
MIXED_NAME = "Nguy\u00ea\u0303n"  # precomposed ê + combining tilde: neither NFC nor NFD
A = {"a": 5, "b": {"c": "x"}, "m": [{"n": "A"}, {"n": "B"}], "f": 2.0, "t": True, "d": {}}

BASIC = [
    ("1", {}, 1), ("1.5", {}, 1.5), ("0.0", {}, 0), ("2.50", {}, 2.5), ("0.5 * 2", {}, 1),
    ("4 / 2", {}, 2), ("7 / 2", {}, 3.5), ("1 / 3", {}, 0.3333333333333333),
    ("0.1 + 0.2", {}, 0.30000000000000004), ("2 + 3 * 4", {}, 14), ("(2 + 3) * 4", {}, 20),
    ("10 - 4 - 3", {}, 3), ("100 / 10 / 5", {}, 2), ("2 * 3 % 4", {}, 2), ("7 % 3", {}, 1),
    ("-7 % 3", {}, 2), ("7 % -3", {}, -2), ("-4 % 2", {}, 0), ("7.0 % 2", {}, 1), ("-2 * 3", {}, -6),
    ("- -2", {}, 2), ("-(1 + 2)", {}, -3), ("1 + -2", {}, -1), ("3 - -3", {}, 6),
    ("1.5 + 1.5", {}, 3), ("1.25 * 4", {}, 5), ("10 / 4", {}, 2.5), ("2 - 2.5", {}, -0.5),
    ("9007199254740991", {}, 9007199254740991), ("9007199254740991 + 1", {}, ERR),
    ("9007199254740992", {}, ERR), ("-9007199254740991 - 1", {}, ERR), ("99999999 * 99999999", {}, ERR),
    ("1 / 0", {}, ERR), ("1 / 0.0", {}, ERR), ("1 % 0", {}, ERR), ("5 % 1.5", {}, ERR),
    ("1 == 1.0", {}, True), ("'a' + 'b'", {}, "ab"), ("'a' + 1", {}, ERR), ("1 + 'a'", {}, ERR),
    ("[1] + [2, 3]", {}, [1, 2, 3]), ("[1] + 1", {}, ERR), ("true + 1", {}, ERR), ("-true", {}, ERR),
    ("-'a'", {}, ERR), ("'a' * 2", {}, ERR), ("'a' - 'a'", {}, ERR), ("[1, 'x', null, true]", {}, [1, "x", None, True]),
    ("[]", {}, []), ("[[1], []]", {}, [[1], []]), ("true", {}, True), ("false", {}, False), ("null", {}, None),
    ("1 < 2", {}, True), ("2 <= 2", {}, True), ("3 > 4", {}, False), ("3 >= 3.0", {}, True),
    ("'b' > 'a'", {}, True), ("'a' < 1", {}, ERR), ("true < false", {}, ERR), ("[1] < [2]", {}, ERR),
    ("1 == true", {}, False), ("0 == false", {}, False), ("null == null", {}, True),
    ("null != 0", {}, True), ("'1' == 1", {}, False), ("[1, 2] == [1, 2]", {}, True),
    ("[1, [2]] == [1, [2.0]]", {}, True), ("[] == []", {}, True), ("[1] == [true]", {}, False),
    ("[1, 2] != [2, 1]", {}, True), ("1 < 2 < 3", {}, ERR), ("1 == 1 == true", {}, ERR),
    ("1 in [1] in [true]", {}, ERR),
]

PRECEDENCE = [
    ("not 1 == 2", {}, True), ("not true and false", {}, False), ("not (true and false)", {}, True),
    ("true or false and false", {}, True), ("false and true or true", {}, True),
    ("(true or false) and false", {}, False), ("1 + 2 == 3 and 2 * 2 == 4", {}, True),
    ("1 + 2 * 3 - 4 / 2", {}, 5), ("-2 * -3 + 1", {}, 7), ("2 * (3 + 4) % 5", {}, 4),
    ("not not true", {}, True), ("not not not 0", {}, True),
    ("1 + 1 in [2]", {}, True), ("not 3 in [1, 2]", {}, True), ("1 < 2 == true", {}, ERR),
    ("(1 < 2) == true", {}, True), ("- 2 * 3", {}, -6), ("10 - 2 - 3 * 2", {}, 2),
    ("1 or 2 and 0", {}, 1), ("0 or 2 and 3", {}, 3),
]

NULLS = [
    ("1 or 2", {}, 1), ("0 or 'x'", {}, "x"), ("0 and 1", {}, 0), ("'' or null", {}, None),
    ("null and x", {}, None), ("'a' and 'b'", {}, "b"), ("null or false", {}, False),
    ("false or null", {}, None), ("[] or 'empty'", {}, "empty"), ("[0] or 'x'", {}, [0]),
    ("d or 'x'", A, "x"), ("b or 'x'", A, {"c": "x"}), ("not 0", {}, True), ("not ''", {}, True),
    ("not []", {}, True), ("not 'a'", {}, False), ("not null", {}, True), ("not 0.5", {}, False),
    ("not ' '", {}, False), ("not d", A, True),
    ("missing", {}, None), ("missing + 1", {}, None), ("1 - missing", {}, None), ("-missing", {}, None),
    ("missing * 0", {}, None), ("missing / 0", {}, None), ("missing < 1", {}, None),
    ("'a' >= missing", {}, None), ("not (missing < 1)", {}, True), ("missing == null", {}, True),
    ("missing != null", {}, False), ("missing == 0", {}, False), ("missing == ''", {}, False),
    ("missing in [1, null]", {}, True), ("missing in 'abc'", {}, False), ("'a' in missing", {}, False),
    ("'a' not in missing", {}, True), ("1 in [1, 2]", {}, True), ("3 in [1, 2]", {}, False),
    ("3 not in [1, 2]", {}, True), ("'an' in 'Thanh'", {}, True), ("'' in 'abc'", {}, True),
    ("1 in 'abc'", {}, ERR), ("1 in 5", {}, ERR), ("'c' in b", A, ERR), ("null in [null]", {}, True),
    ("[1] in [[1], 2]", {}, True), ("'a' in ['a', 'b']", {}, True), ("1.0 in [1]", {}, True),
    ("true in [1]", {}, False), ("missing + 'x'", {}, None),
]

PATHS = [
    ("a", A, 5), ("b.c", A, "x"), ("b.d", A, None), ("m.1.n", A, "B"), ("m.5.n", A, None),
    ("m.n", A, None), ("a.b", A, None), ("f", A, 2), ("f + 0.5", A, 2.5), ("m.0", A, {"n": "A"}),
    ("t and a", A, 5), ("a * 2 + f", A, 12), ("m.00.n", A, "A"), ("b.c.d", A, None),
    ("constructor", {}, None), ("toString", {}, None), ("__proto__", {}, None),
    ("b.constructor", A, None), ("m.length", A, None), ("b.hasOwnProperty", A, None),
    ("n", {"n": 3.0}, 3), ("n / 2", {"n": 3.0}, 1.5), ("n", {"n": -0.0}, 0), ("big", {"big": 1e300}, ERR),
    ("t + 1", A, ERR), ("x_1", {"x_1": "ok"}, "ok"), ("_x", {"_x": 1}, 1), ("A", {"A": 1, "a": 2}, 1),
]

STRINGS = [
    (f"'Nguyễn' == '{NFD_NAME}'", {}, True), ("name == 'Nguyễn'", {"name": NFD_NAME}, True),
    ("name == 'Nguyễn'", {"name": MIXED_NAME}, True), ("len(name)", {"name": NFD_NAME}, 6),
    ("len(name)", {"name": MIXED_NAME}, 6), (f"len('{NFD_NAME}')", {}, 6), ("len('Nguyễn')", {}, 6),
    ("name + ''", {"name": NFD_NAME}, "Nguyễn"), ("'e' + '\u0301'", {}, "é"),
    ("'Nguye' + '\u0302\u0303n'", {}, "Nguyễn"), ("lower('ĐẶNG Văn A')", {}, "đặng văn a"),
    ("lower(name) == 'nguyễn'", {"name": unicodedata.normalize("NFD", "NGUYỄN")}, True),
    ("'Đ' > 'Z'", {}, True), ("'ă' < 'â'", {}, False), ("'\U0001F600' > '\uFFFD'", {}, True),
    ("'\uFFFD' < '\U0001F600'", {}, True), ("max('\uFFFD', '\U0001F600')", {}, "\U0001F600"),
    ("min('b', 'a', 'c')", {}, "a"), ("max(['Bình', 'An', 'Đức'])", {}, "Đức"),
    ("'it\\'s'", {}, "it's"), ('"say \\"hi\\""', {}, 'say "hi"'), ("'a\\nb'", {}, "a\nb"),
    ("'tab\\tx'", {}, "tab\tx"), ("'back\\\\slash'", {}, "back\\slash"), ("\"it's\"", {}, "it's"),
    ("'\\x'", {}, ERR), ("'\\u0041'", {}, ERR), ("'unterminated", {}, ERR), ("'a\\'", {}, ERR),
    ("len('😀')", {}, 1), ("len('')", {}, 0), ("'Thanh' in ['thanh']", {}, False),
    ("contains('Nguyễn Văn An', 'Văn')", {}, True), ("contains(name, 'ễ')", {"name": NFD_NAME}, True),
    ("contains(['a'], 'a')", {}, True), ("contains(null, 'a')", {}, False),
    ("contains('abc', 1)", {}, ERR), ("contains(5, 1)", {}, ERR), ("contains('abc', null)", {}, False),
    ("'Hà Nội' in ['Hà Nội', 'Huế']", {}, True), ("'x' + name", {"name": NFD_NAME}, "xNguyễn"),
    ("'Lê' < 'Lý'", {}, True), ("'10' < '9'", {}, True), ("'' == null", {}, False),
]

FUNCTIONS = [
    ("len('abc')", {}, 3), ("len([1, 2])", {}, 2), ("len(null)", {}, 0), ("len(5)", {}, ERR),
    ("len(b)", A, ERR), ("len(true)", {}, ERR),
    ("empty(null)", {}, True), ("empty('')", {}, True), ("empty('  ')", {}, True), ("empty([])", {}, True),
    ("empty(0)", {}, False), ("empty(false)", {}, False), ("empty('a')", {}, False), ("empty(b)", A, False),
    ("empty(d)", A, True), ("empty(o)", {"o": {"a": None, "b": " "}}, True),
    ("empty(o)", {"o": {"a": None, "b": 0}}, False), ("empty([null])", {}, False), ("o or 1", {"o": {"a": None}}, {"a": None}), ("empty(missing)", {}, True), ("empty('\u00a0')", {}, True),
    ("count(m)", A, 2), ("count([1, null, '', 2])", {}, 2), ("count(null)", {}, 0), ("count('abc')", {}, ERR),
    ("count(ms)", {"ms": [{}, {"n": "A"}, None]}, 1), ("count([0, false])", {}, 2),
    ("sum([1, 2, 3.5])", {}, 6.5), ("sum([0.5, 0.5])", {}, 1), ("sum([])", {}, 0), ("sum(null)", {}, 0),
    ("sum([1, null, 2])", {}, 3), ("sum([1, 'a'])", {}, ERR), ("sum([true])", {}, ERR),
    ("sum(items, 'qty')", {"items": [{"qty": 2}, {"qty": 3}, {"qty": None}, {}, None]}, 5),
    ("sum(items, 'qty')", {"items": [1]}, ERR), ("sum(5)", {}, ERR), ("sum([1], 2)", {}, ERR),
    ("sum(items, 'qty') * 8000", {"items": [{"qty": "2"}]}, ERR),
    ("min(3, 1, 2)", {}, 1), ("max([3, 1, 2])", {}, 3), ("min([])", {}, None), ("max(null, 2)", {}, 2),
    ("min(1, 'a')", {}, ERR), ("max(1.5, 1)", {}, 1.5), ("min(5)", {}, 5), ("min([true])", {}, ERR),
    ("max([1, 2], 3)", {}, ERR), ("max(null)", {}, None), ("min([2, null, 1])", {}, 1),
    ("round(2.5)", {}, 3), ("round(-2.5)", {}, -3), ("round(2.4)", {}, 2), ("round(1.25, 1)", {}, 1.3),
    ("round(-1.25, 1)", {}, -1.3), ("round(1234.5678, 2)", {}, 1234.57), ("round(null)", {}, None),
    ("round('a')", {}, ERR), ("round(1, 11)", {}, ERR), ("round(1, 1.5)", {}, ERR), ("round(1, -1)", {}, ERR),
    ("round(7)", {}, 7), ("round(0.4)", {}, 0), ("round(-0.4)", {}, 0), ("round(0.5)", {}, 1),
    ("round(10 / 3, 2)", {}, 3.33), ("round(2.5, 0)", {}, 3),
    ("age('2008-11-28')", {}, 18), ("age('2008-11-29')", {}, 17), ("age('28/11/2008')", {}, 18),
    ("age('2000-02-29', '2026-02-28')", {}, 25), ("age('2000-02-29', '2026-03-01')", {}, 26),
    ("age('2000-02-29', '2028-02-29')", {}, 28), ("age(null)", {}, None), ("age('31/02/2000')", {}, None),
    ("age('not a date')", {}, None), ("age(5)", {}, ERR), ("age(dob) >= 18", {"dob": "2010-01-01"}, False),
    ("age(dob) >= 18", {"dob": "01/01/2000"}, True), ("age('2030-01-01')", {}, -4),
    ("age('2000-01-01', null)", {}, None), ("age('2000-01-01', 20000101)", {}, ERR),
    ("years_between('2000-01-15', '2018-01-14')", {}, 17), ("years_between('2000-01-15', '2018-01-15')", {}, 18),
    ("years_between('2018-01-15', '2000-01-15')", {}, -18), ("years_between(null, '2000-01-01')", {}, None),
    ("date('1/7/2025')", {}, "2025-07-01"), ("date('01/07/2025')", {}, "2025-07-01"),
    ("date('2025-07-01')", {}, "2025-07-01"), ("date('31/02/2025')", {}, None),
    ("date('29/02/2024')", {}, "2024-02-29"), ("date('29/02/2100')", {}, None), ("date('29/02/2000')", {}, "2000-02-29"),
    ("date('2025-7-1')", {}, None), ("date(null)", {}, None), ("date(20250701)", {}, ERR),
    ("date('  01.07.2025 ')", {}, "2025-07-01"), ("date('01-07-2025')", {}, "2025-07-01"),
    ("date('2025-02-30')", {}, None), ("date('1/13/2025')", {}, None), ("date('0/1/2025')", {}, None),
    ("date('01/07/0000')", {}, None), ("date('٠١/٠٧/٢٠٢٥')", {}, None),
    ("date(d1) < date(d2)", {"d1": "31/12/2024", "d2": "2025-01-01"}, True),
    ("today()", {}, "2026-11-28"), ("today() > '2026-01-01'", {}, True), ("date(today())", {}, "2026-11-28"),
    ("lower('ABC')", {}, "abc"), ("lower(null)", {}, None), ("lower(1)", {}, ERR),
]

NO_TODAY = [("today()", {}, ERR), ("age('2000-01-01')", {}, ERR), ("age('2000-01-01', '2020-01-01')", {}, 20)]

ERRORS = [
    ("", {}, ERR), ("   ", {}, ERR), ("(", {}, ERR), (")", {}, ERR), ("1 +", {}, ERR), ("* 2", {}, ERR),
    ("[1, 2", {}, ERR), ("[1,]", {}, ERR), ("(1", {}, ERR), ("1 2", {}, ERR), ("a b", {}, ERR),
    ("1 = 1", {}, ERR), ("1 === 1", {}, ERR), ("!true", {}, ERR), ("a && b", {}, ERR), ("a || b", {}, ERR),
    ("x ? 1 : 2", {}, ERR), ("1e5", {}, ERR), ("0x10", {}, ERR), ("'a' 'b'", {}, ERR), ("len(", {}, ERR),
    ("len(1,)", {}, ERR), ("not", {}, ERR), ("in [1]", {}, ERR), ("a not b", {}, ERR), ("$x", {}, ERR),
    ("true.x", {}, ERR), ("null.a", {}, ERR), ("today", {}, ERR), ("a.", {}, ERR), ("a..b", {}, ERR),
    ("m.0n", A, ERR), ("1a", {}, ERR), ("1.2.3", {}, ERR), (".5", {}, ERR), ("1.", {}, ERR),
    ("eval('1')", {}, ERR), ("__import__('os')", {}, ERR), ("len()", {}, ERR), ("len(1, 2)", {}, ERR),
    ("max()", {}, ERR), ("today(1)", {}, ERR), ("a.b(1)", A, ERR), ("(1)(2)", {}, ERR), ("[1][0]", {}, ERR),
    ("a[0]", A, ERR), ("1 +* 2", {}, ERR), ("tên == 'x'", {}, ERR), ("a\u00a0== 1", A, ERR),
    ("1 ; 2", {}, ERR), ("{}", {}, ERR), ("lambda: 1", {}, ERR), ("and", {}, ERR), ("or 1", {}, ERR),
    ("(" * 33 + "1" + ")" * 33, {}, ERR), ("(" * 31 + "1" + ")" * 31, {}, 1), ("-" * 40 + "1", {}, ERR),
    ("- " * 20 + "1", {}, 1), ("not " * 10 + "true", {}, True), ("1" + " + 1" * 120, {}, ERR),
    ("1" + "+1" * 50, {}, 51), ("1" + " " * 2001, {}, ERR), ("[" * 40 + "]" * 40, {}, ERR),
    ("len(" * 40 + "'a'" + ")" * 40, {}, ERR),
]

REFERENCES = [
    ("age(dob) >= 18 and sex == 'nu'", ["dob", "sex"]),
    ("members.0.name + x", ["members.0.name", "x"]),
    ("today() > '2020-01-01'", []),
    ("a + a * b", ["a", "b"]),
    ("sum(items, 'qty') > limit", ["items", "limit"]),
]


def cases():
    """Yield (file stem, case dict)."""
    groups = [("expr_basic", BASIC + PRECEDENCE), ("expr_null", NULLS + PATHS), ("expr_strings", STRINGS),
              ("expr_functions", FUNCTIONS), ("expr_errors", ERRORS)]
    for stem, rows in groups:
        for i, (expr, answers, expect) in enumerate(rows):
            yield stem, _case(f"{stem}.{i}", expr, answers, expect, "2026-11-28")
    for i, (expr, answers, expect) in enumerate(NO_TODAY):
        yield "expr_functions", _case(f"expr_no_today.{i}", expr, answers, expect, None)
    yield "expr_null", _case("expr_scope.0", "n == 'A'", {"n": "Z"}, True, None, scope={"n": "A"})
    yield "expr_null", _case("expr_scope.1", "a + n", {"a": 5, "n": 100}, 6, None, scope={"n": 1})
    yield "expr_null", _case("expr_scope.2", "n", {"n": 1}, None, None, scope={"n": None})
    for i, (expr, refs) in enumerate(REFERENCES):
        yield "expr_basic", {"id": f"expr_references.{i}", "kind": "references", "expr": expr, "expect": {"value": refs}}


def _case(case_id, expr, answers, expect, today, scope=None):
    case = {"id": case_id, "kind": "expr", "expr": expr, "answers": answers, "today": today}
    if scope is not None:
        case["scope"] = scope
    case["expect"] = {"error": "ExprError"} if expect is ERR else {"value": expect}
    return case
