import json

import numpy as np
import pytest

from riskstream_training import bundle, models, trees

REQUIRED = ["schemaVersion", "modelName", "modelVersion", "featureSpec", "model", "calibration", "policy", "bands",
            "metrics", "referenceDistributions", "explainer", "lineage", "testVectors", "integrity", "cleaning"]


def test_manifest_schema(trained_bundle, fs):
    out, res = trained_bundle
    m = json.loads((out / "manifest.json").read_text())
    for k in REQUIRED:
        assert k in m, k
    assert m["schemaVersion"] == bundle.SCHEMA_VERSION
    names = m["featureSpec"]["features"]
    spec_names = [f["name"] for f in fs["features"]]
    assert [spec_names[i] for i in m["featureSpec"]["featureIndexInSpec"]] == names
    assert m["model"]["onnx"]["inputShape"] == ["N", len(names)]
    assert m["calibration"]["method"] in ("none", "platt")
    p = m["policy"]
    assert 0 < p["approveBelow"] <= p["declineAtOrAbove"] < 1
    assert [b["band"] for b in m["bands"]] == ["A", "B", "C", "D", "E"]
    ho = m["metrics"]["holdout"]
    for k in ["rocAuc", "prAuc", "ks", "gini", "brier", "ece", "atDeclineThreshold", "rocAucByAgeBand"]:
        assert k in ho
    assert ho["rocAuc"] > 0.8
    assert abs(ho["atDeclineThreshold"]["recall"] - 0.8) < 0.2
    for n in names:
        d = m["referenceDistributions"]["features"][n]
        assert abs(sum(d["proportions"]) - 1) < 1e-9 and len(d["proportions"]) == len(d["edges"]) + 1
        assert d["edges"] == sorted(d["edges"])
    assert len(m["testVectors"]) >= 50
    lin = m["lineage"]
    assert len(lin["datasetSha256"]) == 64 and "xgboost-cpu" in lin["libraries"]
    for f in ["report.md", "roc.png", "calibration.png", "score_distribution.png", "feature_importance.png"]:
        assert (out / f).stat().st_size > 100


def test_sha256_listing_and_tamper_detection(trained_bundle, tmp_path):
    out, res = trained_bundle
    assert bundle.verify_bundle(out) == res["digest"]
    lines = (out / "bundle.sha256").read_text().splitlines()
    assert [ln.split("  ")[1] for ln in lines] == sorted(ln.split("  ")[1] for ln in lines)
    assert "manifest.json" in [ln.split("  ")[1] for ln in lines]
    import shutil
    copy = tmp_path / "b"
    shutil.copytree(out, copy)
    with open(copy / "report.md", "a") as f:
        f.write("x")
    with pytest.raises(ValueError, match="report.md"):
        bundle.verify_bundle(copy)
    (copy / "report.md").write_bytes((out / "report.md").read_bytes())
    assert bundle.verify_bundle(copy) == res["digest"]
    (copy / "extra.txt").write_text("x")
    with pytest.raises(ValueError, match="differ"):
        bundle.verify_bundle(copy)


def test_onnx_reproduces_the_test_vectors(trained_bundle):
    out, _ = trained_bundle
    m = json.loads((out / "manifest.json").read_text())
    X = np.array([tv["features"] for tv in m["testVectors"]]).astype(np.float32)
    p_onnx = bundle.onnx_probabilities((out / "model.onnx").read_bytes(), X)
    p_ts = bundle.ts_probability(p_onnx, m["calibration"])
    expected = np.array([tv["probability"] for tv in m["testVectors"]])
    raw = np.array([tv["rawProbability"] for tv in m["testVectors"]])
    assert np.max(np.abs(p_ts - expected)) < 1e-5
    assert np.max(np.abs(p_onnx - raw)) < 1e-5
    assert len({round(v, 3) for v in expected}) > 10   # not a constant model
    for tv in m["testVectors"]:
        assert abs(sum(tv["contributions"]) + tv["bias"] - tv["margin"]) < 1e-3


def test_tree_payload_reproduces_library_shap(trained_bundle):
    out, _ = trained_bundle
    m = json.loads((out / "manifest.json").read_text())
    ex = m["explainer"]
    if ex["type"] == "linear":
        lin = ex["linear"]
        for tv in m["testVectors"][:10]:
            x = np.float32(tv["features"]).astype(np.float64)
            c = [w * (xi - mu) / s for w, xi, mu, s in zip(lin["coefficients"], x, lin["mean"], lin["scale"])]
            assert np.allclose(c, tv["contributions"], atol=1e-6)
        return
    doc = ex["trees"]
    assert doc["format"] == trees.FORMAT
    for tv in m["testVectors"][:5]:
        x = np.float32(tv["features"])
        assert abs(trees.predict_margin(doc, x) - tv["margin"]) < 1e-5
        phi = trees.tree_shap(doc, x)
        assert np.max(np.abs(np.array(phi[:-1]) - tv["contributions"])) < 1e-4
        assert abs(phi[-1] - tv["bias"]) < 1e-4


@pytest.mark.parametrize("family", ["xgboost", "lightgbm", "logreg"])
def test_export_parity_and_shap_per_family(family):
    rng = np.random.default_rng(1)
    X = rng.normal(size=(1500, 6)).astype(np.float32)
    X[:, 3] = np.round(X[:, 3] * 3)           # discrete column
    X[:, 5] = np.abs(X[:, 5]) * 50000         # large-scale column
    y = (X[:, 0] + 0.5 * X[:, 3] - X[:, 5] / 50000 + rng.normal(size=1500) > 0).astype(int)
    params = models.default_params(family, fast=True)
    if "n_estimators" in params:
        params["n_estimators"] = 40
    mdl = models.fit(family, params, "none", X, y, 0)
    onx = bundle.to_onnx(family, mdl, 6).SerializeToString()
    p_onnx = bundle.onnx_probabilities(onx, X)
    p_lib = bundle.library_probability(family, mdl, X)
    assert np.max(np.abs(p_onnx - p_lib)) < 1e-5
    contrib = bundle.contributions(family, mdl, X[:20])
    assert np.allclose(contrib.sum(1), models.margin(family, mdl, X[:20]), atol=1e-4)
    ex = bundle.explainer_payload(family, mdl, 6)
    if family != "logreg":
        for k in range(5):
            assert np.max(np.abs(np.array(trees.tree_shap(ex["trees"], X[k])) - contrib[k])) < 1e-4
