"""Synthetic credit-risk data (redistributable) in the public credit-risk CSV format, or as Kafka-style events.

python -m riskstream_training.synth --rows N --out CSV [--seed S] [--invalid-share F]
python -m riskstream_training.synth --rows N --events-out JSONL [--seed S] [--bureau-missing-share F]

Joint distributions: age (gamma, 20-80) -> income (log-normal rising with age) -> home ownership (income, age)
-> employment length (bounded by age) -> latent credit quality -> prior default on file, loan grade (by quality)
-> interest rate (by grade) ; loan amount (log-normal scaling with income). Default mechanism: a logistic model of
loan-to-income, grade, renting, intent, prior default, interest burden and employment/credit-history length, with a
non-linear (threshold) effect of loan-to-income, tuned to a ~22% default rate and ROC-AUC ~0.9 for a good model.

--invalid-share F corrupts a share F of the rows (CSV mode), cycling through one corruption per rule type of the
shared validation rules that the credit-risk format can express, plus unparseable booleans and exact duplicates;
each corrupted row violates exactly one rule (see CORRUPTIONS). The bank_balance rule has no column in this format.
"""
from __future__ import annotations

import argparse
import csv
import datetime as dt
import json
import math
import sys
import uuid

import numpy as np

HOME = ["RENT", "OWN", "MORTGAGE", "OTHER"]
INTENTS = ["EDUCATION", "MEDICAL", "VENTURE", "PERSONAL", "DEBTCONSOLIDATION", "HOMEIMPROVEMENT"]
GRADES = ["A", "B", "C", "D", "E", "F", "G"]
GRADE_SHARE = [0.33, 0.32, 0.20, 0.105, 0.03, 0.012, 0.003]
GRADE_RATE = [7.4, 11.0, 13.4, 15.3, 17.0, 18.6, 20.3]
INTENT_EFFECT = {"EDUCATION": -0.25, "MEDICAL": 0.30, "VENTURE": -0.45, "PERSONAL": 0.0,
                 "DEBTCONSOLIDATION": 0.35, "HOMEIMPROVEMENT": 0.20}
COLUMNS = ["person_age", "person_income", "person_home_ownership", "person_emp_length", "loan_intent", "loan_grade",
           "loan_amnt", "loan_int_rate", "loan_status", "loan_percent_income", "cb_person_default_on_file",
           "cb_person_cred_hist_length"]

# corruption kind -> (rule id it violates, description)
CORRUPTIONS = {
    "age.integer": "age 0.5 years off a whole number",
    "age.range": "age 101-150",
    "annual_income.range": "income 0 or negative",
    "home_ownership.enum": "home ownership CASTLE",
    "employment_length.missing": "employment length blank (repair)",
    "employment_length.range": "employment length negative",
    "employment_length.exceeds_working_life": "employment length age-13",
    "loan_amount.range": "loan amount 0",
    "loan_intent.enum": "intent GAMBLING",
    "loan_grade.enum": "grade Z",
    "interest_rate.missing": "interest rate blank (repair)",
    "interest_rate.range": "interest rate 0 or 150",
    "credit_history.range": "credit history negative",
    "credit_history.exceeds_adult_life": "credit history age-13",
    "priorDefaultOnFile.parse": "default-on-file flag X",
    "duplicates.exact": "exact copy of an earlier valid row",
}


def _sigmoid(z):
    return 1.0 / (1.0 + np.exp(-z))


def generate(n: int, seed: int = 7, with_optional: bool = False) -> dict[str, np.ndarray]:
    """n clean rows as column arrays (numbers as float/int arrays, NaN = missing)."""
    rng = np.random.default_rng(seed)
    age = np.clip(np.round(20 + rng.gamma(1.6, 5.0, n)), 20, 80).astype(int)
    log_inc = np.log(52000) + 0.015 * (np.minimum(age, 55) - 27) + rng.normal(0, 0.55, n)
    income = np.clip(np.round(np.exp(log_inc)), 4000, 2_000_000).astype(int)
    z_inc = (log_inc - np.log(52000)) / 0.55
    # home ownership
    lm = -0.4 + 0.9 * z_inc + 0.06 * (age - 27)
    lo = -2.2 + 0.02 * (age - 27)
    lother = np.full(n, -4.5)
    logits = np.column_stack([np.zeros(n), lo, lm, lother])
    pr = np.exp(logits)
    pr /= pr.sum(1, keepdims=True)
    home = np.array([HOME[i] for i in (pr.cumsum(1) > rng.random((n, 1))).argmax(1)])
    # employment length (years, whole), bounded by working life
    emp = np.floor(rng.exponential(5.3, n) * (0.5 + np.minimum(age - 18, 20) / 20.0))
    emp = np.minimum(emp, age - 16).astype(float)
    emp[rng.random(n) < 0.028] = np.nan
    intent = np.array(INTENTS)[rng.choice(6, n, p=[0.2, 0.19, 0.17, 0.17, 0.16, 0.11])]
    # latent credit quality
    q = rng.normal(0, 1, n) + 0.25 * z_inc + 0.15 * np.nan_to_num(np.minimum(emp, 10) - 4) / 3
    prior = rng.random(n) < _sigmoid(-2.0 - 1.1 * q)
    gscore = -q + 1.4 * prior + rng.normal(0, 0.55, n)
    cuts = np.quantile(gscore, np.cumsum(GRADE_SHARE)[:-1])
    grade_idx = np.searchsorted(cuts, gscore)
    rate = np.array(GRADE_RATE)[grade_idx] + rng.normal(0, 0.95, n)
    rate = np.round(np.clip(rate, 5.42, 23.22), 2)
    rate[rng.random(n) < 0.095] = np.nan
    amt = np.exp(np.log(7800) + 0.35 * z_inc * 0.55 + rng.normal(0, 0.62, n))
    amt = np.clip(np.round(np.minimum(amt, 0.8 * income) / 25) * 25, 500, 35000)
    lti = amt / income
    hist = np.clip(np.round(2 + 0.55 * (age - 21) + rng.normal(0, 2.0, n)), 2, age - 15).astype(int)
    # default mechanism
    rate_f = np.where(np.isnan(rate), np.array(GRADE_RATE)[grade_idx], rate)
    rent = home == "RENT"
    logit = 0.3 + 1.05 * (-3.75 + 1.0 * lti + 10.0 * np.maximum(lti - 0.25, 0) + 0.5 * grade_idx
             + 0.3 * rent + 1.6 * rent * (lti > 0.2) + 0.25 * (home == "OTHER") - 0.55 * (home == "OWN")
             + np.vectorize(INTENT_EFFECT.get)(intent) + 0.1 * prior + 1.6 * prior * (grade_idx >= 3)
             + 1.3 * (income < 25000) - 0.3 * z_inc
             + 0.09 * (rate_f - np.array(GRADE_RATE)[grade_idx])
             - 0.04 * np.nan_to_num(np.minimum(emp, 10)) - 0.01 * hist)
    status = (rng.random(n) < _sigmoid(logit)).astype(int)
    cols = {
        "person_age": age, "person_income": income, "person_home_ownership": home, "person_emp_length": emp,
        "loan_intent": intent, "loan_grade": np.array(GRADES)[grade_idx], "loan_amnt": amt.astype(int),
        "loan_int_rate": rate, "loan_status": status, "loan_percent_income": np.round(lti, 2),
        "cb_person_default_on_file": np.where(prior, "Y", "N"), "cb_person_cred_hist_length": hist,
    }
    if with_optional:
        employed = ~np.isnan(emp) & (rng.random(n) < np.where(np.nan_to_num(emp) > 0, 0.95, 0.55))
        balance = np.round(np.exp(np.log(income * 0.12) + rng.normal(0, 0.9, n)) * (1 - 0.5 * status), 2)
        cols["employed"] = employed
        cols["bank_balance"] = balance
    return cols


def _fmt(v) -> str:
    if isinstance(v, (float, np.floating)):
        if math.isnan(v):
            return ""
        return repr(float(v)) if float(v) != int(v) else str(int(v))
    return str(v)


def to_rows(cols: dict) -> list[list[str]]:
    n = len(cols["person_age"])
    return [[_fmt(cols[c][i]) for c in COLUMNS] for i in range(n)]


def corrupt(rows: list[list[str]], share: float, seed: int) -> dict[str, int]:
    """Corrupt round(share * len(rows)) rows in place, cycling through CORRUPTIONS. Returns counts per kind."""
    rng = np.random.default_rng(seed + 1)
    k = int(round(share * len(rows)))
    idx = rng.choice(len(rows), size=k, replace=False) if k else []
    kinds = list(CORRUPTIONS)
    counts = {kd: 0 for kd in kinds}
    col = {c: i for i, c in enumerate(COLUMNS)}
    corrupted = set(int(i) for i in idx)
    clean_pool = [i for i in range(len(rows)) if i not in corrupted
                  and rows[i][col["person_emp_length"]] != "" and rows[i][col["loan_int_rate"]] != ""]
    for j, i in enumerate(idx):
        kind = kinds[j % len(kinds)]
        r = rows[i]
        age = int(r[col["person_age"]])
        if kind == "age.integer":
            r[col["person_age"]] = f"{age}.5"
        elif kind == "age.range":
            r[col["person_age"]] = str(int(rng.integers(101, 151)))
        elif kind == "annual_income.range":
            r[col["person_income"]] = rng.choice(["0", "-1200"])
        elif kind == "home_ownership.enum":
            r[col["person_home_ownership"]] = "CASTLE"
        elif kind == "employment_length.missing":
            r[col["person_emp_length"]] = ""
        elif kind == "employment_length.range":
            r[col["person_emp_length"]] = "-2"
        elif kind == "employment_length.exceeds_working_life":
            r[col["person_emp_length"]] = str(age - 13)
        elif kind == "loan_amount.range":
            r[col["loan_amnt"]] = "0"
        elif kind == "loan_intent.enum":
            r[col["loan_intent"]] = "GAMBLING"
        elif kind == "loan_grade.enum":
            r[col["loan_grade"]] = "Z"
        elif kind == "interest_rate.missing":
            r[col["loan_int_rate"]] = ""
        elif kind == "interest_rate.range":
            r[col["loan_int_rate"]] = rng.choice(["0", "150"])
        elif kind == "credit_history.range":
            r[col["cb_person_cred_hist_length"]] = "-3"
        elif kind == "credit_history.exceeds_adult_life":
            r[col["cb_person_cred_hist_length"]] = str(age - 13)
        elif kind == "priorDefaultOnFile.parse":
            r[col["cb_person_default_on_file"]] = "X"
        elif kind == "duplicates.exact":
            src = clean_pool[int(rng.integers(len(clean_pool)))]
            clean_pool.remove(src)
            rows[i] = list(rows[src])
        counts[kind] += 1
    return counts


def write_csv(path: str, rows: list[list[str]]) -> None:
    with open(path, "w", newline="", encoding="utf-8") as f:
        w = csv.writer(f, lineterminator="\n")
        w.writerow(COLUMNS)
        w.writerows(rows)


def make_csv(path: str, n: int, seed: int = 7, invalid_share: float = 0.0) -> dict:
    rows = to_rows(generate(n, seed))
    counts = corrupt(rows, invalid_share, seed) if invalid_share > 0 else {}
    write_csv(path, rows)
    return {"rows": n, "corruptions": counts}


def _uuid(rng) -> str:
    return str(uuid.UUID(int=int(rng.integers(0, 2**63)) << 64 | int(rng.integers(0, 2**63)), version=4))


def make_events(path: str, n: int, seed: int = 7, bureau_missing_share: float = 0.05,
                start: str = "2026-01-05T08:00:00Z") -> dict:
    """JSONL, one event per line: {"topic", "key", "value"}; values follow libs/contracts
    LoanApplicationSubmittedV1 (topic lending.loan-application.submitted.v1, key applicationId) and
    CreditBureauReportReceivedV1 (topic bureau.credit-report.received.v1, key customerId). The bureau report of a
    customer follows its application by 0.2-5 s; a share of applications get no report (bureau missing)."""
    cols = generate(n, seed, with_optional=True)
    rng = np.random.default_rng(seed + 2)
    t = dt.datetime.fromisoformat(start.replace("Z", "+00:00"))
    events = []
    channels = ["ONLINE", "BRANCH", "BROKER", "PARTNER", "API"]
    n_bureau = 0
    for i in range(n):
        t = t + dt.timedelta(milliseconds=int(rng.exponential(800)) + 1)
        app_id = _uuid(rng)
        cust = f"cust-{int(rng.integers(1, 10**9)):09d}"
        emp = cols["person_emp_length"][i]
        rate = cols["loan_int_rate"][i]
        applicant = {"age": int(cols["person_age"][i]), "annualIncome": int(cols["person_income"][i]),
                     "homeOwnership": str(cols["person_home_ownership"][i]),
                     "employmentLengthYears": None if math.isnan(emp) else float(emp)}
        if rng.random() < 0.7:
            applicant["employed"] = bool(cols["employed"][i])
            applicant["bankBalance"] = float(cols["bank_balance"][i])
        value = {"applicationId": app_id, "customerId": cust,
                 "submittedAt": t.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                 "channel": channels[int(rng.choice(5, p=[0.5, 0.2, 0.15, 0.1, 0.05]))],
                 "applicant": applicant,
                 "loan": {"amount": int(cols["loan_amnt"][i]), "currency": "EUR", "intent": str(cols["loan_intent"][i]),
                          "grade": str(cols["loan_grade"][i]), "interestRatePct": None if math.isnan(rate) else float(rate)}}
        events.append((t, {"topic": "lending.loan-application.submitted.v1", "key": app_id, "value": value}))
        if rng.random() >= bureau_missing_share:
            rt = t + dt.timedelta(milliseconds=int(rng.integers(200, 5000)))
            b = {"reportId": _uuid(rng), "customerId": cust, "bureau": "SYNTHETIC",
                 "reportedAt": rt.isoformat(timespec="milliseconds").replace("+00:00", "Z"),
                 "priorDefaultOnFile": bool(cols["cb_person_default_on_file"][i] == "Y"),
                 "creditHistoryLengthYears": int(cols["cb_person_cred_hist_length"][i])}
            events.append((rt, {"topic": "bureau.credit-report.received.v1", "key": cust, "value": b}))
            n_bureau += 1
    events.sort(key=lambda e: e[0])
    with open(path, "w", encoding="utf-8") as f:
        for _, e in events:
            f.write(json.dumps(e, separators=(",", ":")) + "\n")
    return {"applications": n, "bureauReports": n_bureau}


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m riskstream_training.synth", description="synthetic credit-risk data")
    ap.add_argument("--rows", type=int, required=True)
    ap.add_argument("--out", help="CSV output (credit-risk format)")
    ap.add_argument("--events-out", help="JSONL output of application + bureau events")
    ap.add_argument("--seed", type=int, default=7)
    ap.add_argument("--invalid-share", type=float, default=0.0, help="share of corrupted rows (CSV mode)")
    ap.add_argument("--bureau-missing-share", type=float, default=0.05)
    a = ap.parse_args(argv)
    if not a.out and not a.events_out:
        ap.error("give --out and/or --events-out")
    if a.out:
        print(json.dumps(make_csv(a.out, a.rows, a.seed, a.invalid_share)))
    if a.events_out:
        print(json.dumps(make_events(a.events_out, a.rows, a.seed, a.bureau_missing_share)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
