"""Golden vectors: canonical application records -> full feature vectors (all features of the spec, spec order),
float64, serialised with repr-exact floats (json.dumps). A TypeScript test checks them with ===.

python -m riskstream_training.golden [--out PATH] [--check]
  --check: regenerate in memory and fail if the committed file differs (used by the pytest suite).
"""
from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from . import cleaning, features, specs
from .records import sha256_file

FIELDS = ["age", "annualIncome", "homeOwnership", "employmentLengthYears", "loanAmount", "loanIntent", "loanGrade",
          "interestRatePct", "priorDefaultOnFile", "creditHistoryLengthYears", "employed", "bankBalance"]


def _base(**kw) -> dict:
    r = {"age": 30, "annualIncome": 55000, "homeOwnership": "RENT", "employmentLengthYears": 4,
         "loanAmount": 10000, "loanIntent": "PERSONAL", "loanGrade": "B", "interestRatePct": 11.14,
         "priorDefaultOnFile": False, "creditHistoryLengthYears": 6, "employed": True, "bankBalance": 2500.5}
    r.update(kw)
    return r


def edge_cases(rules_doc: dict) -> list[tuple[str, dict]]:
    out = []
    for h in rules_doc["enums"]["homeOwnership"]:
        out.append((f"home-{h}", _base(homeOwnership=h)))
    for i in rules_doc["enums"]["loanIntent"]:
        out.append((f"intent-{i}", _base(loanIntent=i)))
    for g in rules_doc["enums"]["loanGrade"]:
        out.append((f"grade-{g}", _base(loanGrade=g)))
    out += [
        ("employment-null", _base(employmentLengthYears=None)),
        ("interest-null", _base(interestRatePct=None)),
        ("employment-and-interest-null", _base(employmentLengthYears=None, interestRatePct=None)),
        ("bureau-missing", _base(priorDefaultOnFile=None, creditHistoryLengthYears=None)),
        ("bureau-prior-default", _base(priorDefaultOnFile=True, creditHistoryLengthYears=3)),
        ("bureau-history-only", _base(priorDefaultOnFile=None, creditHistoryLengthYears=7)),
        ("bureau-flag-only", _base(priorDefaultOnFile=True, creditHistoryLengthYears=None)),
        ("employed-false", _base(employed=False)),
        ("employed-null", _base(employed=None)),
        ("bank-balance-null", _base(bankBalance=None)),
        ("bank-balance-zero", _base(bankBalance=0)),
        ("bank-balance-max", _base(bankBalance=1000000000)),
        ("optional-all-null", _base(employed=None, bankBalance=None, employmentLengthYears=None, interestRatePct=None,
                                    priorDefaultOnFile=None, creditHistoryLengthYears=None)),
        ("age-min", _base(age=18, employmentLengthYears=4, creditHistoryLengthYears=4)),
        ("age-max", _base(age=100, employmentLengthYears=80, creditHistoryLengthYears=86)),
        ("employment-equals-working-life", _base(age=40, employmentLengthYears=26)),
        ("employment-zero", _base(employmentLengthYears=0)),
        ("employment-fractional", _base(employmentLengthYears=2.5)),
        ("credit-history-zero", _base(creditHistoryLengthYears=0)),
        ("income-tiny", _base(annualIncome=0.01, loanAmount=10000)),
        ("income-max", _base(annualIncome=100000000, loanAmount=1)),
        ("loan-max", _base(loanAmount=10000000, annualIncome=12345.67)),
        ("loan-tiny", _base(loanAmount=0.01)),
        ("interest-max", _base(interestRatePct=100)),
        ("interest-tiny", _base(interestRatePct=0.01)),
        ("decimals-0.1-0.2-0.3", _base(annualIncome=0.3, loanAmount=0.1, interestRatePct=0.2, bankBalance=0.7)),
        ("decimals-thirds", _base(annualIncome=33333.33, loanAmount=1111.11, interestRatePct=13.33, bankBalance=0.01)),
        ("decimals-11.14", _base(annualIncome=9600, loanAmount=1000, interestRatePct=11.14)),
        ("decimals-cents", _base(annualIncome=65432.19, loanAmount=23456.78, interestRatePct=15.23,
                                 bankBalance=8754.36)),
        ("credit-risk-row-1", _base(age=21, annualIncome=9600, homeOwnership="OWN", employmentLengthYears=5,
                                    loanIntent="EDUCATION", loanGrade="B", loanAmount=1000, interestRatePct=11.14,
                                    priorDefaultOnFile=False, creditHistoryLengthYears=2, employed=None,
                                    bankBalance=None)),
        ("default-fin-row-1", _base(employed=True, bankBalance=8754.36, annualIncome=532339.56)),
    ]
    return out


def random_records(n: int, seed: int, rules_doc: dict) -> list[tuple[str, dict]]:
    rng = np.random.default_rng(seed)
    en = rules_doc["enums"]
    out = []
    for k in range(n):
        age = int(rng.integers(18, 101))
        wl = age - rules_doc["minWorkingAge"]
        inc = float(round(float(np.exp(rng.normal(10.9, 0.8))), int(rng.choice([0, 2]))))
        r = {
            "age": age,
            "annualIncome": max(inc, 1.0),
            "homeOwnership": str(rng.choice(en["homeOwnership"])),
            "employmentLengthYears": None if rng.random() < 0.1 else float(
                min(wl, round(float(rng.exponential(5)), int(rng.choice([0, 1]))))),
            "loanAmount": float(round(float(rng.uniform(500, 40000)), int(rng.choice([0, 2])))),
            "loanIntent": str(rng.choice(en["loanIntent"])),
            "loanGrade": str(rng.choice(en["loanGrade"])),
            "interestRatePct": None if rng.random() < 0.1 else float(round(float(rng.uniform(5.42, 23.22)), 2)),
            "priorDefaultOnFile": None,
            "creditHistoryLengthYears": None,
            "employed": None if rng.random() < 0.3 else bool(rng.random() < 0.85),
            "bankBalance": None if rng.random() < 0.3 else float(round(float(np.exp(rng.normal(8, 1.5))), 2)),
        }
        if rng.random() >= 0.1:
            r["priorDefaultOnFile"] = bool(rng.random() < 0.18)
            r["creditHistoryLengthYears"] = int(min(wl, rng.integers(0, 31)))
        # integral values as ints (as a JSON producer would send them)
        for f in ("annualIncome", "loanAmount", "employmentLengthYears", "bankBalance"):
            v = r[f]
            if isinstance(v, float) and v.is_integer() and rng.random() < 0.5:
                r[f] = int(v)
        out.append((f"random-{k:03d}", r))
    return out


def build(n_random: int = 262, seed: int = 20261122) -> dict:
    fs = specs.load_feature_spec()
    rd = specs.load_validation_rules()
    names = features.feature_names(fs)
    vectors = []
    for vid, rec in edge_cases(rd) + random_records(n_random, seed, rd):
        rec = {f: rec[f] for f in FIELDS}
        rejected, _ = cleaning.validate_record(rec, rd, fs)
        if rejected:
            raise ValueError(f"golden record {vid} violates {rejected}: {rec}")
        vectors.append({"id": vid, "input": rec, "features": features.feature_vector(rec, names, fs, rd)})
    return {
        "$comment": ("Golden vectors of the feature spec: canonical application record -> the full feature vector "
                     "(every feature of the spec, in spec order) as IEEE-754 float64, written with shortest "
                     "round-trip (repr) decimals. Generated by tools/training (python -m riskstream_training.golden); "
                     "do not edit by hand. TypeScript must reproduce every number exactly (===)."),
        "featureSpecVersion": fs["version"],
        "featureSpecSha256": sha256_file(specs.feature_spec_path()),
        "features": names,
        "vectors": vectors,
    }


def serialise(doc: dict) -> str:
    head = {k: v for k, v in doc.items() if k != "vectors"}
    lines = json.dumps(head, indent=2)[:-2] + ',\n  "vectors": [\n'
    lines += ",\n".join("    " + json.dumps(v, separators=(", ", ": "), allow_nan=False) for v in doc["vectors"])
    return lines + "\n  ]\n}\n"


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m riskstream_training.golden")
    ap.add_argument("--out", default=str(specs.golden_vectors_path()))
    ap.add_argument("--check", action="store_true")
    a = ap.parse_args(argv)
    text = serialise(build())
    p = Path(a.out)
    if a.check:
        if not p.exists() or p.read_text(encoding="utf-8") != text:
            print(f"{p} is stale: run python -m riskstream_training.golden", file=sys.stderr)
            return 1
        print(f"{p} up to date")
        return 0
    p.parent.mkdir(parents=True, exist_ok=True)
    p.write_text(text, encoding="utf-8")
    print(f"wrote {p} ({len(json.loads(text)['vectors'])} vectors)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
