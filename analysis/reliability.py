"""Reliability: do coders apply the codebook alike?

Percent agreement and Cohen's kappa for two coders, Krippendorff's alpha for
any number of coders with missing values, a confusion table and a list of
disagreements for reading the cases, and :func:`reliability_table`, which
puts them side by side for every variable and coder pair.

Codings frame: the long frame of :func:`analysis.coding.coding_long`, one
row per coder x unit x variable (NLTK's ``(coder, item, label)`` triples):
``coder`` (str), ``unit`` (sentence id such as ``madrid-latimes-004``),
``variable`` (``stance``, ``voice``, ``target``...) and ``value`` (the code).
Each (coder, unit, variable) occurs at most once. :func:`krippendorff_alpha`
takes the same frame for one variable (``variable`` may be left out).

Missing values: NaN/None, or no row at all, is "not coded". The empty
string is a code of its own ("not applicable": ``voice`` and ``target`` of a
NEUTRAL sentence) except for the variables in :data:`NOT_CODED`, where it
means "not coded" (a sheet row without a ``stance``). ``missing_values=None``
means "as :data:`NOT_CODED` says for this variable"; a tuple of codes
overrides it. Pairwise statistics drop units that either coder left
uncoded; alpha uses every unit with at least two values (Krippendorff 2011).

Degenerate data: when every value is one and the same code, chance
agreement is 1 and kappa and alpha are 0/0; like NLTK's ``AnnotationTask``,
both return 1.0. The coders agree, but such data cannot show that the
codebook is reliable: read ``n_units`` and the confusion table. Data with no
pairable unit raise ``ValueError``; :func:`reliability_table` writes NaN.

References
----------
.. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
   Educational and Psychological Measurement, 20(1), 37-46.
.. [2] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
   Departmental Papers (ASC) 43, Annenberg School for Communication,
   University of Pennsylvania.
.. [3] Artstein, R. & Poesio, M. (2008). Inter-coder agreement for
   computational linguistics. Computational Linguistics, 34(4), 555-596.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Mapping, Sequence
from itertools import combinations
from types import MappingProxyType

import numpy as np
import pandas as pd

__all__ = ["CODING_COLUMNS", "NOT_CODED", "LEVELS", "ALL_CODERS", "percent_agreement", "cohen_kappa", "krippendorff_alpha",
           "confusion_table", "disagreements", "reliability_table"]

CODING_COLUMNS = ("coder", "unit", "variable", "value")

#: Codes that mean "not coded" per variable (besides NaN/None). Variables not
#: listed treat ``""`` as a category ("not applicable").
NOT_CODED: Mapping[str, tuple[str, ...]] = MappingProxyType({"stance": ("",)})

#: Levels of measurement :func:`krippendorff_alpha` accepts.
LEVELS = ("nominal", "ordinal", "interval", "ratio")

#: Value of ``coder_a`` in the rows of :func:`reliability_table` that cover all coders.
ALL_CODERS = "all"


def _check_missing_values(missing_values) -> tuple:
    if isinstance(missing_values, (str, bytes)) or not isinstance(missing_values, Iterable):
        raise TypeError(f"missing_values must be a tuple of codes such as ('',), got {missing_values!r}")
    return tuple(missing_values)


def _resolve_missing(missing_values, variable) -> tuple:
    if missing_values is None:
        return NOT_CODED.get(variable, ())
    return _check_missing_values(missing_values)


def _is_missing(values: pd.Series, missing_values: tuple) -> pd.Series:
    mask = values.isna()
    if missing_values:
        mask |= values.isin(list(missing_values))
    return mask


def _sorted_codes(values: Iterable) -> list:
    return sorted(set(values), key=lambda v: (str(type(v).__name__), str(v)))


def _check_codings(codings, columns: Sequence[str], keys: Sequence[str]) -> None:
    if not isinstance(codings, pd.DataFrame):
        raise TypeError(f"codings must be a pandas DataFrame, got {type(codings).__name__}")
    absent = [c for c in columns if c not in codings.columns]
    if absent:
        raise ValueError(f"codings lacks column(s) {absent}; expected {list(columns)}")
    dup = codings.duplicated(list(keys), keep=False)
    if dup.any():
        first = codings.loc[dup, list(keys)].iloc[0].tolist()
        raise ValueError(f"codings has {int(dup.sum())} rows sharing ({', '.join(keys)}), e.g. {first}")


def _variable_rows(codings: pd.DataFrame, variable: str) -> pd.DataFrame:
    _check_codings(codings, CODING_COLUMNS, ("coder", "unit", "variable"))
    rows = codings[codings["variable"] == variable]
    if rows.empty:
        known = _sorted_codes(codings["variable"].dropna())
        raise ValueError(f"variable {variable!r} not in codings; it has {known}")
    return rows


def _wide(rows: pd.DataFrame, missing_values: tuple) -> pd.DataFrame:
    """Unit x coder table of present values (missing ones as NaN), units sorted."""
    present = rows[~_is_missing(rows["value"], missing_values)]
    wide = present.pivot(index="unit", columns="coder", values="value")
    return wide.reindex(sorted(wide.index, key=str))


def _present(wide: pd.DataFrame) -> list:
    """Every present value of a unit x coder table."""
    return [v for v in wide.to_numpy().ravel().tolist() if not pd.isna(v)]


def _pairs(a, b, missing_values: tuple) -> tuple[list, list]:
    a, b = list(a), list(b)
    if len(a) != len(b):
        raise ValueError(f"a and b must be aligned sequences of the same length, got {len(a)} and {len(b)}")
    missing = _check_missing_values(missing_values)
    keep = ~(_is_missing(pd.Series(a, dtype=object), missing) | _is_missing(pd.Series(b, dtype=object), missing))
    pairs = [(x, y) for x, y, k in zip(a, b, keep) if k]
    if not pairs:
        raise ValueError("no unit was coded by both coders")
    return [x for x, _ in pairs], [y for _, y in pairs]


def percent_agreement(a: Sequence, b: Sequence, *, missing_values: Iterable = ()) -> float:
    """Return the share of units on which two coders give the same code.

    Parameters
    ----------
    a, b : sequence
        The two coders' codes, aligned by unit.
    missing_values : tuple, default=()
        Codes meaning "not coded" besides NaN/None, e.g. ``("",)``. Units
        that either coder left uncoded are dropped.

    Returns
    -------
    float
        Agreements / units coded by both: a proportion in [0, 1], not x 100.

    Raises
    ------
    ValueError
        If ``a`` and ``b`` differ in length or share no coded unit.

    References
    ----------
    .. [1] Artstein, R. & Poesio, M. (2008). Inter-coder agreement for
       computational linguistics. Computational Linguistics, 34(4), 555-596
       (observed agreement A_o, section 2.1).

    Examples
    --------
    >>> percent_agreement(["ENGAGE", "NEUTRAL", "DISENGAGE", ""], ["ENGAGE", "NEUTRAL", "NEUTRAL", "ENGAGE"],
    ...                   missing_values=("",))
    0.6666666666666666
    """
    a, b = _pairs(a, b, missing_values)
    return sum(x == y for x, y in zip(a, b)) / len(a)


def cohen_kappa(a: Sequence, b: Sequence, *, missing_values: Iterable = ()) -> float:
    """Return Cohen's kappa for two coders of the same units.

    kappa = (p_o - p_e) / (1 - p_e), where p_o is the observed agreement and
    p_e = sum_k p_a(k) p_b(k) the agreement expected from each coder's own
    code distribution. Symmetric in ``a`` and ``b``.

    Parameters
    ----------
    a, b : sequence
        The two coders' codes, aligned by unit.
    missing_values : tuple, default=()
        As for :func:`percent_agreement`.

    Returns
    -------
    float
        Kappa in [-1, 1]. When both coders use one and the same code on every
        unit (p_e = 1), returns 1.0 (as NLTK does; scikit-learn's
        ``cohen_kappa_score`` returns NaN unless ``replace_undefined_by=1.0``).

    Raises
    ------
    ValueError
        As for :func:`percent_agreement`.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       Educational and Psychological Measurement, 20(1), 37-46.

    Examples
    --------
    >>> round(cohen_kappa(["ENGAGE", "ENGAGE", "NEUTRAL", "DISENGAGE"], ["ENGAGE", "NEUTRAL", "NEUTRAL", "DISENGAGE"]), 3)
    0.636
    """
    a, b = _pairs(a, b, missing_values)
    n = len(a)
    agree = sum(x == y for x, y in zip(a, b))
    count_a, count_b = Counter(a), Counter(b)
    chance = sum(count_a[k] * count_b[k] for k in count_a)  # n**2 * p_e, exact in integers
    if chance == n * n:
        return 1.0
    return (n * agree - chance) / (n * n - chance)


def _coincidences(wide: pd.DataFrame) -> tuple[list, np.ndarray]:
    """Values and coincidence matrix o_ck of pairable units (Krippendorff 2011, eq. for o_ck)."""
    values = _sorted_codes(_present(wide))
    index = {v: i for i, v in enumerate(values)}
    counts = np.zeros((len(wide), len(values)))  # n_uc: unit u, value c
    for u, row in enumerate(wide.itertuples(index=False)):
        for v in row:
            if not pd.isna(v):
                counts[u, index[v]] += 1
    m_u = counts.sum(axis=1)
    counts, m_u = counts[m_u >= 2], m_u[m_u >= 2]
    weights = 1.0 / (m_u - 1)
    o = (counts * weights[:, None]).T @ counts - np.diag((counts * weights[:, None]).sum(axis=0))
    return values, o


def _delta2(values: list, n_c: np.ndarray, level: str) -> np.ndarray:
    """Squared difference function delta^2(c, k) of Krippendorff (2011)."""
    if level == "nominal":
        return 1.0 - np.eye(len(values))
    try:
        x = np.array([float(v) for v in values])
    except (TypeError, ValueError):
        raise ValueError(f"level={level!r} needs numeric values, got {values[:5]}") from None
    if level == "interval":
        return (x[:, None] - x[None, :]) ** 2
    if level == "ratio":
        total = x[:, None] + x[None, :]
        with np.errstate(invalid="ignore", divide="ignore"):
            d = ((x[:, None] - x[None, :]) / total) ** 2
        return np.where(total == 0, 0.0, d)
    order = np.argsort(x)  # ordinal: ranks by numeric value
    n_sorted = n_c[order]
    cum = np.concatenate([[0.0], np.cumsum(n_sorted)])
    rank = np.empty(len(values), dtype=int)
    rank[order] = np.arange(len(values))
    lo, hi = np.minimum.outer(rank, rank), np.maximum.outer(rank, rank)
    between = cum[hi + 1] - cum[lo]
    return (between - (n_sorted[lo] + n_sorted[hi]) / 2) ** 2


def krippendorff_alpha(codings: pd.DataFrame, *, level: str = "nominal", missing_values: Iterable | None = None) -> float:
    """Return Krippendorff's alpha for one variable, any number of coders.

    alpha = 1 - D_o / D_e = 1 - (n - 1) sum_ck o_ck delta2_ck / sum_ck n_c n_k delta2_ck,
    computed from the coincidence matrix o_ck of all pairable values (units
    with at least two values; each unit's m_u (m_u - 1) ordered pairs of
    values weighted 1 / (m_u - 1)), as in Krippendorff (2011).

    Parameters
    ----------
    codings : pandas.DataFrame
        ``coder, unit, value`` (one row per coder x unit), optionally with a
        ``variable`` column holding a single variable.
    level : {"nominal", "ordinal", "interval", "ratio"}, default="nominal"
        Level of measurement: the difference function delta2. All but
        ``"nominal"`` need values that convert to numbers.
    missing_values : tuple or None, default=None
        Codes meaning "not coded" besides NaN/None. None: :data:`NOT_CODED`
        for the frame's ``variable`` if it has one, else none.

    Returns
    -------
    float
        Alpha (1 is perfect agreement, 0 agreement at chance level). 1.0 when
        every pairable value is the same (D_e = 0; see the module notes).

    Raises
    ------
    ValueError
        If ``level`` is unknown, a coder codes a unit twice, ``codings`` holds
        several variables or non-numeric values for a metric level, or no
        unit has two values.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
       Departmental Papers (ASC) 43, University of Pennsylvania. Section C
       (nominal, any number of observers, missing values: alpha = 0.743).
    .. [2] Hayes, A. F. & Krippendorff, K. (2007). Answering the call for a
       standard reliability measure for coding data. Communication Methods
       and Measures, 1(1), 77-89.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"coder": ["A", "B", "C"] * 2, "unit": ["s1"] * 3 + ["s2"] * 3,
    ...                         "value": ["ENGAGE", "ENGAGE", "ENGAGE", "NEUTRAL", "NEUTRAL", None]})
    >>> krippendorff_alpha(codings)
    1.0
    """
    if level not in LEVELS:
        raise ValueError(f"level must be one of {LEVELS}, got {level!r}")
    _check_codings(codings, ("coder", "unit", "value"), ("coder", "unit"))
    variable = None
    if "variable" in codings.columns:
        names = codings["variable"].drop_duplicates().tolist()
        if len(names) > 1:
            raise ValueError(f"codings holds several variables {_sorted_codes(names)}; select one first")
        variable = names[0] if names else None
    missing = _resolve_missing(missing_values, variable)
    values, o = _coincidences(_wide(codings, missing))
    n_c = o.sum(axis=1)
    n = n_c.sum()
    if n == 0:
        raise ValueError("no unit has values from two coders: alpha is undefined")
    if len(values) == 1 or np.count_nonzero(n_c) == 1:
        return 1.0
    delta2 = _delta2(values, n_c, level)
    expected = (np.outer(n_c, n_c) * delta2).sum()
    if expected == 0:
        return 1.0
    return float(1.0 - (n - 1) * (o * delta2).sum() / expected)


def confusion_table(codings: pd.DataFrame, *, variable: str, coder_a: str, coder_b: str,
                    categories: Sequence | None = None, missing_values: Iterable | None = None) -> pd.DataFrame:
    """Cross-tabulate two coders' codes of one variable, as a tidy frame.

    Parameters
    ----------
    codings : pandas.DataFrame
        Codings frame ``coder, unit, variable, value`` (see module notes).
    variable : str
        Variable to tabulate, e.g. ``"stance"``.
    coder_a, coder_b : str
        The two coders (rows and columns of the table).
    categories : sequence, optional
        Codes in display order, e.g. the codebook order; must include every
        code used. Default: every code any coder used for ``variable``,
        sorted.
    missing_values : tuple or None, default=None
        Codes meaning "not coded" besides NaN/None; None: :data:`NOT_CODED`.

    Returns
    -------
    pandas.DataFrame
        ``variable, coder_a, coder_b, value_a, value_b, n``: units both coders
        coded, one row per pair of categories (zeros included), in category
        order of ``value_a`` then ``value_b``; index 0..n-1.

    Raises
    ------
    ValueError
        If a coder or the variable is absent, the coders are the same, or
        ``categories`` repeats or misses a code.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
       Departmental Papers (ASC) 43, University of Pennsylvania.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"coder": ["ann", "ann", "bob", "bob"], "unit": ["s1", "s2", "s1", "s2"],
    ...                         "variable": "stance", "value": ["ENGAGE", "NEUTRAL", "ENGAGE", "ENGAGE"]})
    >>> confusion_table(codings, variable="stance", coder_a="ann", coder_b="bob")[["value_a", "value_b", "n"]]
       value_a  value_b  n
    0   ENGAGE   ENGAGE  1
    1   ENGAGE  NEUTRAL  0
    2  NEUTRAL   ENGAGE  1
    3  NEUTRAL  NEUTRAL  0
    """
    rows = _variable_rows(codings, variable)
    missing = _resolve_missing(missing_values, variable)
    _check_coders(rows, [coder_a, coder_b])
    wide = _wide(rows, missing)
    used = _sorted_codes(_present(wide))
    if categories is None:
        categories = used
    else:
        categories = list(categories)
        unknown = [v for v in used if v not in categories]
        if unknown or len(set(categories)) != len(categories):
            raise ValueError(f"categories {categories} repeat codes or lack code(s) {unknown} used for {variable!r}")
    both = wide.reindex(columns=[coder_a, coder_b]).dropna()
    counts = Counter(zip(both[coder_a], both[coder_b]))
    records = [(variable, coder_a, coder_b, x, y, counts[(x, y)]) for x in categories for y in categories]
    table = pd.DataFrame(records, columns=["variable", "coder_a", "coder_b", "value_a", "value_b", "n"])
    return table.astype({"n": "int64"}).reset_index(drop=True)


def _check_coders(rows: pd.DataFrame, coders: Sequence) -> None:
    if len(set(coders)) != len(coders):
        raise ValueError(f"coders must differ, got {list(coders)}")
    known = set(rows["coder"])
    absent = [c for c in coders if c not in known]
    if absent:
        raise ValueError(f"coder(s) {absent} did not code this variable; coders are {_sorted_codes(known)}")


def disagreements(codings: pd.DataFrame, *, variable: str, coders: Sequence[str] | None = None,
                  missing_values: Iterable | None = None) -> pd.DataFrame:
    """List the units on which coders give different codes.

    A unit is listed when at least two of ``coders`` coded it and their
    codes are not all equal; a unit coded by one coder only is not a
    disagreement.

    Parameters
    ----------
    codings : pandas.DataFrame
        Codings frame ``coder, unit, variable, value``.
    variable : str
        Variable to compare, e.g. ``"stance"``.
    coders : sequence of str, optional
        Coders to compare (at least two), in column order. Default: every
        coder of ``variable``, sorted.
    missing_values : tuple or None, default=None
        Codes meaning "not coded" besides NaN/None; None: :data:`NOT_CODED`.

    Returns
    -------
    pandas.DataFrame
        ``unit`` and one column per coder holding that coder's code (NaN when
        not coded), sorted by ``unit``; index 0..n-1.

    Raises
    ------
    ValueError
        If the variable or a coder is absent, fewer than two coders are
        given, or a coder is named ``unit``.

    References
    ----------
    .. [1] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
       Departmental Papers (ASC) 43, University of Pennsylvania.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"coder": ["ann", "ann", "bob", "bob"], "unit": ["s1", "s2", "s1", "s2"],
    ...                         "variable": "voice", "value": ["author", "", "actor", ""]})
    >>> disagreements(codings, variable="voice")
      unit     ann    bob
    0   s1  author  actor
    """
    rows = _variable_rows(codings, variable)
    missing = _resolve_missing(missing_values, variable)
    coders = _sorted_codes(rows["coder"]) if coders is None else list(coders)
    if len(coders) < 2:
        raise ValueError(f"disagreements needs at least two coders, got {coders}")
    if "unit" in coders:
        raise ValueError("a coder named 'unit' would clash with the unit column")
    _check_coders(rows, coders)
    wide = _wide(rows, missing).reindex(columns=coders)
    n_present = wide.notna().sum(axis=1)
    n_distinct = wide.nunique(axis=1, dropna=True)
    table = wide[(n_present >= 2) & (n_distinct >= 2)]
    table = table.rename_axis(index="unit", columns=None).reset_index()
    return table.reset_index(drop=True)


def reliability_table(codings: pd.DataFrame, *, variables: Sequence[str] = ("stance", "voice", "target"),
                      missing_values: Mapping[str, Iterable] | None = None) -> pd.DataFrame:
    """Agreement of every coder pair on every variable, and alpha over all coders.

    Parameters
    ----------
    codings : pandas.DataFrame
        Codings frame ``coder, unit, variable, value``.
    variables : sequence of str, default=("stance", "voice", "target")
        Variables to assess, in output order.
    missing_values : mapping or None, default=None
        Variable -> codes meaning "not coded" besides NaN/None, overriding
        :data:`NOT_CODED` (``""`` is "not coded" for stance only) per variable.

    Returns
    -------
    pandas.DataFrame
        ``variable, coder_a, coder_b, n_units, percent_agreement,
        cohen_kappa, krippendorff_alpha``. One row per variable and coder
        pair (``coder_a`` < ``coder_b``): ``n_units`` coded by both, and the
        three statistics on those units (``percent_agreement`` as a
        proportion). With more than two coders, a last row per variable with
        ``coder_a == "all"`` and ``coder_b == ""`` gives alpha over all
        coders and ``n_units`` with at least two values (its agreement and
        kappa are NaN: they are pairwise). Rows follow ``variables``, then
        ``coder_a``, ``coder_b``; NaN statistics where no unit is shared.

    Raises
    ------
    ValueError
        If a variable is absent, fewer than two coders coded it, or a
        coder codes a unit twice.

    References
    ----------
    .. [1] Cohen, J. (1960). A coefficient of agreement for nominal scales.
       Educational and Psychological Measurement, 20(1), 37-46.
    .. [2] Krippendorff, K. (2011). Computing Krippendorff's Alpha-Reliability.
       Departmental Papers (ASC) 43, University of Pennsylvania.

    Examples
    --------
    >>> import pandas as pd
    >>> codings = pd.DataFrame({"coder": ["ann"] * 3 + ["bob"] * 3, "unit": ["s1", "s2", "s3"] * 2,
    ...                         "variable": "stance",
    ...                         "value": ["ENGAGE", "NEUTRAL", "DISENGAGE", "ENGAGE", "NEUTRAL", "NEUTRAL"]})
    >>> reliability_table(codings, variables=["stance"]).round(3).iloc[:, 3:]
       n_units  percent_agreement  cohen_kappa  krippendorff_alpha
    0        3              0.667          0.5               0.545
    """
    if isinstance(variables, str):
        raise TypeError("variables must be a sequence of variable names, not a string")
    records = []
    for variable in variables:
        rows = _variable_rows(codings, variable)
        missing = _resolve_missing({**NOT_CODED, **(missing_values or {})}.get(variable, ()), variable)
        wide = _wide(rows, missing)
        coders = _sorted_codes(rows["coder"])
        if len(coders) < 2:
            raise ValueError(f"variable {variable!r} was coded by {len(coders)} coder(s); reliability needs two")
        wide = wide.reindex(columns=coders)
        for coder_a, coder_b in combinations(coders, 2):
            both = wide[[coder_a, coder_b]].dropna()
            stats = [np.nan] * 3
            if len(both):
                a, b = both[coder_a].tolist(), both[coder_b].tolist()
                pair = rows[rows["coder"].isin([coder_a, coder_b])]
                stats = [percent_agreement(a, b), cohen_kappa(a, b),
                         krippendorff_alpha(pair[["coder", "unit", "value"]], missing_values=missing)]
            records.append((variable, str(coder_a), str(coder_b), len(both), *stats))
        if len(coders) > 2:
            pairable = int((wide.notna().sum(axis=1) >= 2).sum())
            alpha = np.nan
            if pairable:
                alpha = krippendorff_alpha(rows[["coder", "unit", "value"]], missing_values=missing)
            records.append((variable, ALL_CODERS, "", pairable, np.nan, np.nan, alpha))
    columns = ["variable", "coder_a", "coder_b", "n_units", "percent_agreement", "cohen_kappa", "krippendorff_alpha"]
    table = pd.DataFrame(records, columns=columns)
    return table.astype({"n_units": "int64"}).reset_index(drop=True)
