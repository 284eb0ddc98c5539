import json

from riskstream_training import features, golden, specs


def test_committed_golden_vectors_are_current():
    committed = specs.golden_vectors_path().read_text(encoding="utf-8")
    assert committed == golden.serialise(golden.build()), "run: python -m riskstream_training.golden"


def test_golden_vectors_content(fs, rd):
    doc = json.loads(specs.golden_vectors_path().read_text(encoding="utf-8"))
    names = features.feature_names(fs)
    assert doc["features"] == names and doc["featureSpecVersion"] == fs["version"]
    vs = doc["vectors"]
    assert len(vs) >= 300
    assert len({v["id"] for v in vs}) == len(vs)
    for en, field in [("homeOwnership", "homeOwnership"), ("loanIntent", "loanIntent"), ("loanGrade", "loanGrade")]:
        assert {v["input"][field] for v in vs} == set(rd["enums"][en])
    for f in ["employmentLengthYears", "interestRatePct", "priorDefaultOnFile", "creditHistoryLengthYears",
              "employed", "bankBalance"]:
        assert any(v["input"][f] is None for v in vs), f
    assert any(v["features"][names.index("bureau_missing")] == 1.0 for v in vs)
    assert any(v["input"]["interestRatePct"] == 11.14 for v in vs)
    for v in vs:
        assert len(v["features"]) == len(names)
        # recomputing from the parsed JSON input gives the same doubles (repr round trip)
        assert features.feature_vector(v["input"], names, fs, rd) == v["features"]
        assert all(isinstance(x, float) for x in v["features"])
