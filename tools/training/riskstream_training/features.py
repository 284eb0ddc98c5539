"""The feature spec (libs/feature-spec/spec/feature-spec.v1.json) implemented in float64.

Two implementations that agree bit for bit (tested): `feature_vector` (one record, plain Python floats: the
reference, used for golden vectors) and `feature_matrix` (numpy, vectorised, used for training). Both follow the
formula text and its operation order exactly; only + - * / on IEEE-754 doubles are used.
"""
from __future__ import annotations

import numpy as np

from .specs import load_feature_spec, load_validation_rules


def _n(v):
    """None for null, else float."""
    return None if v is None else float(v)


def _z(v):
    return 0.0 if v is None else float(v)


def scalar_impls(rules_doc: dict) -> dict:
    grades = rules_doc["enums"]["loanGrade"]

    def grade(r):
        return float(grades.index(r["loanGrade"]) + 1)

    def eq(field, value):
        return lambda r: 1.0 if r.get(field) == value else 0.0

    def i2i(r):
        ir = _n(r.get("interestRatePct"))
        return 0.0 if ir is None else (float(r["loanAmount"]) * ir) / (100.0 * float(r["annualIncome"]))

    def dsti(r):
        ir = _n(r.get("interestRatePct"))
        la = float(r["loanAmount"])
        return (la + (0.0 if ir is None else (la * ir) / 100.0)) / float(r["annualIncome"])

    return {
        "age": lambda r: float(r["age"]),
        "annual_income": lambda r: float(r["annualIncome"]),
        "employment_length_years": lambda r: _z(r.get("employmentLengthYears")),
        "employment_length_missing": lambda r: 1.0 if r.get("employmentLengthYears") is None else 0.0,
        "employment_to_age": lambda r: _z(r.get("employmentLengthYears")) / float(r["age"]),
        "loan_amount": lambda r: float(r["loanAmount"]),
        "interest_rate_pct": lambda r: _z(r.get("interestRatePct")),
        "interest_rate_missing": lambda r: 1.0 if r.get("interestRatePct") is None else 0.0,
        "loan_to_income": lambda r: float(r["loanAmount"]) / float(r["annualIncome"]),
        "interest_to_income": i2i,
        "debt_service_to_income": dsti,
        "grade_ordinal": grade,
        "home_ownership_rent": eq("homeOwnership", "RENT"),
        "home_ownership_own": eq("homeOwnership", "OWN"),
        "home_ownership_mortgage": eq("homeOwnership", "MORTGAGE"),
        "home_ownership_other": eq("homeOwnership", "OTHER"),
        "intent_education": eq("loanIntent", "EDUCATION"),
        "intent_medical": eq("loanIntent", "MEDICAL"),
        "intent_venture": eq("loanIntent", "VENTURE"),
        "intent_personal": eq("loanIntent", "PERSONAL"),
        "intent_debt_consolidation": eq("loanIntent", "DEBTCONSOLIDATION"),
        "intent_home_improvement": eq("loanIntent", "HOMEIMPROVEMENT"),
        "bureau_missing": lambda r: 1.0 if (r.get("creditHistoryLengthYears") is None
                                            and r.get("priorDefaultOnFile") is None) else 0.0,
        "prior_default_on_file": lambda r: 1.0 if r.get("priorDefaultOnFile") is True else 0.0,
        "credit_history_years": lambda r: _z(r.get("creditHistoryLengthYears")),
        "credit_history_to_age": lambda r: _z(r.get("creditHistoryLengthYears")) / float(r["age"]),
        "employed": lambda r: 1.0 if r.get("employed") is True else 0.0,
        "bank_balance": lambda r: _z(r.get("bankBalance")),
        "balance_to_income": lambda r: _z(r.get("bankBalance")) / float(r["annualIncome"]),
    }


def check_spec_implemented(feature_spec: dict, impls: dict) -> None:
    missing = [f["name"] for f in feature_spec["features"] if f["name"] not in impls]
    if missing:
        raise NotImplementedError(f"feature spec v{feature_spec['version']} has features not implemented in "
                                  f"riskstream_training.features: {missing}")


def feature_names(feature_spec: dict | None = None) -> list[str]:
    fs = feature_spec or load_feature_spec()
    return [f["name"] for f in fs["features"]]


def feature_vector(rec: dict, names: list[str] | None = None, feature_spec: dict | None = None,
                   rules_doc: dict | None = None) -> list[float]:
    """Reference implementation: one canonical record -> list of float64 (Python floats)."""
    fs = feature_spec or load_feature_spec()
    impls = scalar_impls(rules_doc or load_validation_rules())
    check_spec_implemented(fs, impls)
    names = names or feature_names(fs)
    return [impls[n](rec) for n in names]


# ------------------------------------------------------------------ vectorised

def records_to_columns(records: list[dict], fields: list[str]) -> dict[str, np.ndarray]:
    """Canonical records -> column arrays. Numbers: float64 with NaN for null; bools: 1.0/0.0/NaN; enums: object."""
    cols: dict[str, np.ndarray] = {}
    for f in fields:
        vals = [r.get(f) for r in records]
        if any(isinstance(v, str) for v in vals):
            cols[f] = np.array(vals, dtype=object)
        else:
            cols[f] = np.array([np.nan if v is None else float(v) for v in vals], dtype=np.float64)
    return cols


def feature_matrix(records: list[dict], names: list[str], feature_spec: dict | None = None,
                   rules_doc: dict | None = None) -> np.ndarray:
    """Vectorised float64 implementation (bit-identical to feature_vector)."""
    fs = feature_spec or load_feature_spec()
    rd = rules_doc or load_validation_rules()
    check_spec_implemented(fs, scalar_impls(rd))
    needed = sorted({r for f in fs["features"] if f["name"] in names for r in f["requires"]})
    c = records_to_columns(records, needed)
    n = len(records)
    one = np.ones(n)
    zero = np.zeros(n)

    def num(f):
        return c[f]

    def z(f):
        v = c[f]
        return np.where(np.isnan(v), 0.0, v)

    def isnull(f):
        v = c[f]
        if v.dtype == object:
            return np.array([x is None for x in v])
        return np.isnan(v)

    def eq(f, value):
        return np.where(c[f] == value, one, zero).astype(np.float64)

    grades = rd["enums"]["loanGrade"]
    out = {}
    with np.errstate(invalid="ignore", divide="ignore"):
        for name in names:
            if name == "age":
                v = num("age")
            elif name == "annual_income":
                v = num("annualIncome")
            elif name == "employment_length_years":
                v = z("employmentLengthYears")
            elif name == "employment_length_missing":
                v = np.where(isnull("employmentLengthYears"), one, zero)
            elif name == "employment_to_age":
                v = z("employmentLengthYears") / num("age")
            elif name == "loan_amount":
                v = num("loanAmount")
            elif name == "interest_rate_pct":
                v = z("interestRatePct")
            elif name == "interest_rate_missing":
                v = np.where(isnull("interestRatePct"), one, zero)
            elif name == "loan_to_income":
                v = num("loanAmount") / num("annualIncome")
            elif name == "interest_to_income":
                ir = num("interestRatePct")
                v = np.where(np.isnan(ir), 0.0, (num("loanAmount") * ir) / (100.0 * num("annualIncome")))
            elif name == "debt_service_to_income":
                ir = num("interestRatePct")
                la = num("loanAmount")
                v = (la + np.where(np.isnan(ir), 0.0, (la * ir) / 100.0)) / num("annualIncome")
            elif name == "grade_ordinal":
                v = np.array([float(grades.index(g) + 1) for g in c["loanGrade"]])
            elif name.startswith("home_ownership_"):
                v = eq("homeOwnership", name[len("home_ownership_"):].upper())
            elif name.startswith("intent_"):
                v = eq("loanIntent", {"education": "EDUCATION", "medical": "MEDICAL", "venture": "VENTURE",
                                      "personal": "PERSONAL", "debt_consolidation": "DEBTCONSOLIDATION",
                                      "home_improvement": "HOMEIMPROVEMENT"}[name[len("intent_"):]])
            elif name == "bureau_missing":
                v = np.where(isnull("creditHistoryLengthYears") & isnull("priorDefaultOnFile"), one, zero)
            elif name == "prior_default_on_file":
                v = np.where(num("priorDefaultOnFile") == 1.0, one, zero)
            elif name == "credit_history_years":
                v = z("creditHistoryLengthYears")
            elif name == "credit_history_to_age":
                v = z("creditHistoryLengthYears") / num("age")
            elif name == "employed":
                v = np.where(num("employed") == 1.0, one, zero)
            elif name == "bank_balance":
                v = z("bankBalance")
            elif name == "balance_to_income":
                v = z("bankBalance") / num("annualIncome")
            else:
                raise NotImplementedError(name)
            out[name] = np.asarray(v, dtype=np.float64)
    return np.column_stack([out[n] for n in names]) if names else np.zeros((n, 0))
