import copy
import csv

from riskstream_training import cleaning, records, specs, synth


def _clean_csv(path, fs, rd, spec=None):
    ds = specs.load_dataset_spec(spec, fs)
    rows = records.load_csv_records(path, ds)
    return cleaning.clean(rows, rd, fs, set(ds.fields))


def test_counts_per_rule_match_planted_corruptions(tmp_path, fs, rd):
    p = tmp_path / "dirty.csv"
    meta = synth.make_csv(str(p), 1600, seed=5, invalid_share=0.2)
    planted = meta["corruptions"]
    assert sum(planted.values()) == 320
    kept, rep = _clean_csv(p, fs, rd)
    with open(p, newline="") as f:
        raw = list(csv.DictReader(f))
    blank_emp = sum(1 for r in raw if r["person_emp_length"] == "")
    blank_rate = sum(1 for r in raw if r["loan_int_rate"] == "")
    for rule in rd["rules"]:
        c = rep["rules"][rule["id"]]
        if rule["field"] == "bankBalance":
            assert not c["applicable"]
            continue
        assert c["applicable"]
        if rule["action"] == "repair":
            expected = blank_emp if rule["field"] == "employmentLengthYears" else blank_rate
            assert c["violations"] == expected, rule["id"]
            assert planted[rule["id"]] > 0
        else:
            assert c["violations"] == planted[rule["id"]], rule["id"]
            assert c["dropped_first"] == planted[rule["id"]], rule["id"]
    assert rep["parse_failures"] == {"priorDefaultOnFile.parse": planted["priorDefaultOnFile.parse"]}
    assert rep["duplicates_removed"] == planted["duplicates.exact"]
    n_reject = sum(v for k, v in planted.items() if k not in (
        "employment_length.missing", "interest_rate.missing", "duplicates.exact"))
    assert rep["rows_rejected"] == n_reject
    assert rep["rows_out"] == 1600 - n_reject - planted["duplicates.exact"] == len(kept)


def test_real_format_header_and_repairs_kept(small_csv, fs, rd):
    kept, rep = _clean_csv(small_csv, fs, rd)
    assert rep["rows_rejected"] == 0
    assert rep["rules"]["interest_rate.missing"]["violations"] > 0
    assert any(r["record"]["interestRatePct"] is None for r in kept)


def _rec(**kw):
    r = {"age": 30, "annualIncome": 50000.0, "homeOwnership": "RENT", "employmentLengthYears": 3.0,
         "loanAmount": 5000.0, "loanIntent": "MEDICAL", "loanGrade": "C", "interestRatePct": 12.5,
         "priorDefaultOnFile": False, "creditHistoryLengthYears": 4.0, "employed": True, "bankBalance": 100.0}
    r.update(kw)
    return r


def test_rule_semantics(fs, rd):
    v = lambda **kw: cleaning.validate_record(_rec(**kw), rd, fs)  # noqa: E731
    assert v() == ([], [])
    assert v(bankBalance=-1.0)[0] == ["bank_balance.range"]
    assert v(bankBalance=None) == ([], [])                      # nullable
    assert v(age=None)[0][0] == "age.integer"                   # required field missing
    assert v(age=17, creditHistoryLengthYears=2.0, employmentLengthYears=2.0)[0] == ["age.range"]
    assert v(age=17)[0] == ["age.range", "credit_history.exceeds_adult_life"]
    assert v(age=18, employmentLengthYears=4.0, creditHistoryLengthYears=4.0) == ([], [])
    assert v(age=18, employmentLengthYears=5.0)[0] == ["employment_length.exceeds_working_life"]
    assert v(annualIncome=0.0)[0] == ["annual_income.range"]    # minExclusive
    assert v(interestRatePct=100.0) == ([], [])                  # max inclusive
    assert v(interestRatePct=None) == ([], ["interest_rate.missing"])
    assert v(loanGrade="a")[0] == ["loan_grade.enum"]            # case sensitive
    assert v(creditHistoryLengthYears=-1.0)[0] == ["credit_history.range"]
    assert v(creditHistoryLengthYears=87.0, age=100)[0] == ["credit_history.range", "credit_history.exceeds_adult_life"]
    assert v(age=records.INVALID)[0][:2] == ["age.integer", "age.range"]


def test_rules_are_read_from_the_json(fs, rd):
    rd2 = copy.deepcopy(rd)
    next(r for r in rd2["rules"] if r["id"] == "age.range")["max"] = 25
    rd2["minWorkingAge"] = 16
    assert cleaning.validate_record(_rec(age=30), rd2, fs)[0] == ["age.range"]
    assert cleaning.validate_record(_rec(age=20, employmentLengthYears=5.0, creditHistoryLengthYears=1.0), rd2, fs)[0] \
        == ["employment_length.exceeds_working_life"]
    rd2["rules"].append({"id": "x", "field": "age", "action": "reject", "check": "bogus", "message": ""})
    try:
        cleaning.validate_record(_rec(), rd2, fs)
    except ValueError as e:
        assert "bogus" in str(e)
    else:
        raise AssertionError("unknown check accepted")


def test_default_fin_spec(fs, rd, tmp_path):
    p = tmp_path / "df.csv"
    p.write_text("Index,Employed,Bank Balance,Annual Salary,Defaulted?\n1,1,8754.36,532339.56,0\n"
                 "2,0,-5,145273.56,0\n3,2,100,1000,1\n4,1,8754.36,532339.56,0\n5,0,0,20000,1\n")
    ds = specs.load_dataset_spec("default-fin.yaml", fs)
    assert ds.features == ["annual_income", "employed", "bank_balance", "balance_to_income"]
    kept, rep = _clean_csv(p, fs, rd, "default-fin.yaml")
    assert rep["rules"]["bank_balance.range"]["violations"] == 1
    assert rep["parse_failures"] == {"employed.parse": 1}
    # rows 1 and 4 differ only in the ignored Index column: exact duplicates of the canonical record + target
    assert rep["duplicates_removed"] == 1
    assert rep["rows_out"] == 2
    assert [r["record"]["employed"] for r in kept] == [True, False]
