import numpy as np
import pytest

from riskstream_training import features, golden, specs


def test_every_spec_feature_is_implemented(fs, rd):
    features.check_spec_implemented(fs, features.scalar_impls(rd))
    fs2 = {**fs, "features": fs["features"] + [{"name": "new_feature", "formula": "x", "requires": []}]}
    with pytest.raises(NotImplementedError):
        features.check_spec_implemented(fs2, features.scalar_impls(rd))


def test_formulas_follow_the_spec_text(fs, rd):
    rec = {"age": 21, "annualIncome": 9600, "homeOwnership": "OWN", "employmentLengthYears": 5, "loanAmount": 1000,
           "loanIntent": "EDUCATION", "loanGrade": "B", "interestRatePct": 11.14, "priorDefaultOnFile": True,
           "creditHistoryLengthYears": 2, "employed": None, "bankBalance": None}
    v = dict(zip(features.feature_names(fs), features.feature_vector(rec, None, fs, rd)))
    assert v["interest_to_income"] == (1000.0 * 11.14) / (100.0 * 9600.0)
    assert v["interest_to_income"] != 1000.0 * 11.14 / 100.0 / 9600.0 or True  # order is the spec's, not algebra
    assert v["debt_service_to_income"] == (1000.0 + (1000.0 * 11.14) / 100.0) / 9600.0
    assert v["loan_to_income"] == 1000.0 / 9600.0
    assert v["employment_to_age"] == 5.0 / 21.0
    assert v["credit_history_to_age"] == 2.0 / 21.0
    assert v["grade_ordinal"] == 2.0
    assert (v["home_ownership_own"], v["home_ownership_rent"], v["intent_education"]) == (1.0, 0.0, 1.0)
    assert (v["bureau_missing"], v["prior_default_on_file"], v["employed"], v["bank_balance"]) == (0.0, 1.0, 0.0, 0.0)
    assert v["balance_to_income"] == 0.0
    nul = dict(rec, employmentLengthYears=None, interestRatePct=None, priorDefaultOnFile=None,
               creditHistoryLengthYears=None, employed=True, bankBalance=300.5)
    w = dict(zip(features.feature_names(fs), features.feature_vector(nul, None, fs, rd)))
    assert (w["employment_length_years"], w["employment_length_missing"], w["employment_to_age"]) == (0.0, 1.0, 0.0)
    assert (w["interest_rate_pct"], w["interest_rate_missing"], w["interest_to_income"]) == (0.0, 1.0, 0.0)
    assert w["debt_service_to_income"] == 1000.0 / 9600.0
    assert (w["bureau_missing"], w["prior_default_on_file"], w["credit_history_years"]) == (1.0, 0.0, 0.0)
    assert (w["employed"], w["bank_balance"], w["balance_to_income"]) == (1.0, 300.5, 300.5 / 9600.0)
    # one bureau field present -> not "bureau missing"
    x = dict(zip(features.feature_names(fs), features.feature_vector(dict(nul, creditHistoryLengthYears=3), None, fs, rd)))
    assert x["bureau_missing"] == 0.0


def test_vectorised_equals_reference_bit_for_bit(fs, rd):
    recs = [r for _, r in golden.edge_cases(rd) + golden.random_records(200, 99, rd)]
    names = features.feature_names(fs)
    a = features.feature_matrix(recs, names, fs, rd)
    b = np.array([features.feature_vector(r, names, fs, rd) for r in recs])
    assert a.dtype == np.float64 and a.shape == (len(recs), len(names))
    assert np.array_equal(a.view(np.int64), b.view(np.int64))


def test_dataset_spec_rejects_features_without_inputs(tmp_path, fs):
    p = tmp_path / "bad.yaml"
    p.write_text("name: bad\ntarget: {column: y}\nfields:\n  annualIncome: {column: inc, type: number}\n"
                 "features: [annual_income, loan_to_income]\n")
    with pytest.raises(ValueError, match="loan_to_income"):
        specs.load_dataset_spec(p, fs)
    p.write_text("name: ok\ntarget: {column: y}\nfields:\n  annualIncome: {column: inc, type: number}\n"
                 "  bankBalance: {column: bal, type: number}\nfeatures: auto\n")
    assert specs.load_dataset_spec(p, fs).features == ["annual_income", "bank_balance", "balance_to_income"]
