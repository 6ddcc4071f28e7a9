"""The orders of the people list, as SQL: each sort is a list of terms (an expression
over ``person p`` and whether it runs downwards), ending with the id so that every
order is total. Reversing a sort reverses every term, which is the list read from the
end; ``before`` says which rows come ahead of a given one (a person's place in a list of
a million is a count, not a scan in Python)."""

from __future__ import annotations

from relapp.domain.people_sort import PeopleSort

__all__ = ["TERMS", "PeopleSort", "before", "before_values", "key_columns", "order_by", "terms"]


Term = tuple[str, bool]  # (SQL expression over ``person p``, descending)

TERMS: dict[PeopleSort, tuple[Term, ...]] = {
    PeopleSort.NAME: (("p.sort_name", False), ("p.id", False)),
    PeopleSort.ORGANISATION: (
        ("p.organisation = ''", False),
        ("lower(p.organisation)", False),
        ("p.sort_name", False),
        ("p.id", False),
    ),
    PeopleSort.LAST_CONTACT: (
        ("p.last_contact_at IS NULL", False),
        ("p.last_contact_at", True),
        ("p.sort_name", False),
        ("p.id", False),
    ),
}


def terms(sort: PeopleSort, *, reverse: bool = False) -> tuple[Term, ...]:
    return tuple((expr, desc != reverse) for expr, desc in TERMS[sort])


def order_by(sort: PeopleSort, *, reverse: bool = False) -> str:
    """The ``ORDER BY`` list of a sort (without the keywords)."""
    return ", ".join(
        f"{expr} DESC" if desc else expr for expr, desc in terms(sort, reverse=reverse)
    )


def key_columns(sort: PeopleSort) -> str:
    """The sort's terms as a select list: a row's key, for ``before``."""
    return ", ".join(expr for expr, _desc in TERMS[sort])


def before(sort: PeopleSort, *, reverse: bool = False) -> str:
    """A condition on ``person p`` true for the rows ahead of the row whose key (the
    values of ``key_columns``, in that order) is bound to its ``?`` marks; the number of
    marks is ``marks_before(sort)``. One direction throughout is a row-value comparison
    (an index range for the name order); mixed directions are spelled out term by term,
    equality as ``IS`` so that an unknown last contact compares as equal to another."""
    sorted_terms = terms(sort, reverse=reverse)
    if len({desc for _expr, desc in sorted_terms}) == 1:
        op = ">" if sorted_terms[0][1] else "<"
        columns = ", ".join(expr for expr, _desc in sorted_terms)
        return f"({columns}) {op} ({', '.join('?' * len(sorted_terms))})"
    alternatives = []
    for i, (expr, desc) in enumerate(sorted_terms):
        same = [f"({e}) IS ?" for e, _d in sorted_terms[:i]]
        alternatives.append(" AND ".join([*same, f"({expr}) {'>' if desc else '<'} ?"]))
    return "(" + " OR ".join(f"({a})" for a in alternatives) + ")"


def before_values(sort: PeopleSort, key: tuple[object, ...], *, reverse: bool = False) -> tuple:
    """The values ``before(sort)`` binds, from a row's ``key``."""
    sorted_terms = terms(sort, reverse=reverse)
    if len({desc for _expr, desc in sorted_terms}) == 1:
        return tuple(key)
    values: list[object] = []
    for i in range(len(sorted_terms)):
        values.extend(key[: i + 1])
    return tuple(values)
