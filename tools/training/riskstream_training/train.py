"""Train a PD model from a CSV and write a model bundle.

python -m riskstream_training.train --data CSV --out DIR [--spec SPEC] [--fast] [--budget-seconds N]
                                    [--register URL] [--seed N]
"""
from __future__ import annotations

import argparse
import datetime as dt
import json
import platform
import subprocess
import sys
import time
from pathlib import Path

import numpy as np
from sklearn.model_selection import train_test_split

from . import bundle, cleaning, features, metrics, models, records, report, specs, trees

DEFAULT_BUDGET = 100.0   # seconds for model selection (strategy comparison + Optuna) in normal mode
FAST_BUDGET = 5.0
TEST_SIZE = 0.2
N_TEST_VECTORS = 60


def _git_commit() -> str:
    try:
        r = subprocess.run(["git", "rev-parse", "HEAD"], cwd=specs.repo_root(), capture_output=True, text=True,
                           timeout=10)
        return r.stdout.strip() if r.returncode == 0 and r.stdout.strip() else "unknown"
    except Exception:
        return "unknown"


def _lib_versions() -> dict:
    import importlib.metadata as md

    out = {"python": platform.python_version()}
    for p in ["numpy", "pandas", "scikit-learn", "xgboost-cpu", "lightgbm", "optuna", "imbalanced-learn", "onnx",
              "onnxmltools", "skl2onnx", "onnxruntime"]:
        try:
            out[p] = md.version(p)
        except md.PackageNotFoundError:
            pass
    return out


def load_dataset(data: str, spec_path=None, fs=None, rd=None):
    fs = fs or specs.load_feature_spec()
    rd = rd or specs.load_validation_rules()
    ds = specs.load_dataset_spec(spec_path, fs)
    rows = records.load_csv_records(data, ds)
    kept, clean_report = cleaning.clean(rows, rd, fs, set(ds.fields))
    recs = [r["record"] for r in kept]
    y = np.array([r["target"] for r in kept], dtype=np.int64)
    X64 = features.feature_matrix(recs, ds.features, fs, rd)
    return ds, recs, X64, y, clean_report


def run(data: str, out: str, spec_path=None, fast: bool = False, budget_seconds: float | None = None,
        register: str | None = None, seed: int = 42, log=print, families=models.FAMILIES,
        n_test_vectors: int = N_TEST_VECTORS) -> dict:
    t0 = time.monotonic()
    fs = specs.load_feature_spec()
    rd = specs.load_validation_rules()
    ds, recs, X64, y, clean_report = load_dataset(data, spec_path, fs, rd)
    log(cleaning.format_report(clean_report))
    if len(np.unique(y)) < 2:
        raise ValueError("the target has a single class after cleaning")
    X32 = X64.astype(np.float32)
    names = ds.features
    idx_tr, idx_te = train_test_split(np.arange(len(y)), test_size=TEST_SIZE, stratify=y, random_state=seed)
    Xtr, ytr, Xte, yte = X32[idx_tr], y[idx_tr], X32[idx_te], y[idx_te]
    folds = 3 if fast else 5
    budget = budget_seconds if budget_seconds is not None else (FAST_BUDGET if fast else DEFAULT_BUDGET)
    sel_deadline = time.monotonic() + budget
    log(f"{len(y)} rows ({int(y.sum())} defaults), {len(names)} features; train {len(ytr)}, held-out {len(yte)}; "
        f"{folds}-fold CV, model-selection budget {budget:.0f} s")

    # 1. imbalance strategies compared per family at default parameters
    candidates = []
    best_by_family = {}
    for fam in families:
        for strat in models.STRATEGIES:
            if fast and strat == "smote" and fam != "logreg":
                continue  # CI mode: SMOTE is compared on the baseline only
            t = time.monotonic()
            auc, sd, oof = models.cross_validate(fam, models.default_params(fam, fast), strat, Xtr, ytr, folds, seed)
            c = {"family": fam, "strategy": strat, "params": models.default_params(fam, fast), "cvRocAuc": auc,
                 "cvRocAucStd": sd, "trials": 0, "seconds": time.monotonic() - t}
            log(f"  CV {fam:8s} {strat:12s} AUC {auc:.4f} ± {sd:.4f} ({c['seconds']:.1f} s)")
            candidates.append(c)
            if fam not in best_by_family or auc > best_by_family[fam][0]["cvRocAuc"]:
                best_by_family[fam] = (c, oof)
    # 2. Optuna on the tree families, with each family's best strategy, sharing the remaining budget
    tree_fams = [f for f in families if f != "logreg"]
    for i, fam in enumerate(tree_fams):
        remaining = sel_deadline - time.monotonic()
        share = max(remaining / (len(tree_fams) - i), 0.0)
        base, _ = best_by_family[fam]
        if share < 1.0:
            log(f"  optuna {fam}: no budget left, keeping defaults")
            continue
        tuned = models.tune(fam, base["strategy"], Xtr, ytr, folds, seed, share, fast, log=log)
        if tuned is None:
            continue
        params, auc, sd, oof, n = tuned
        c = {"family": fam, "strategy": base["strategy"], "params": params, "cvRocAuc": auc, "cvRocAucStd": sd,
             "trials": n, "tuned": True}
        candidates.append(c)
        if auc > base["cvRocAuc"]:
            best_by_family[fam] = (c, oof)
    # 3. winner by CV ROC-AUC
    win, oof = max(best_by_family.values(), key=lambda co: co[0]["cvRocAuc"])
    fam, strat, params = win["family"], win["strategy"], win["params"]
    log(f"winner: {fam}/{strat} CV AUC {win['cvRocAuc']:.4f} params {params}")
    calibration = metrics.choose_calibration(oof, ytr, strat)
    p_oof = metrics.apply_calibration(calibration, oof)
    policy = metrics.choose_policy(ytr, p_oof)
    bands = metrics.bands()
    log(f"calibration: {calibration['method']} ({calibration['reason']}); policy: approve < "
        f"{policy['approveBelow']:.4f}, decline >= {policy['declineAtOrAbove']:.4f}")

    # 4. final fit on the whole training split, evaluation on the held-out split
    model = models.fit(fam, params, strat, Xtr, ytr, seed)
    m_te = models.margin(fam, model, Xte)
    p_te = metrics.apply_calibration(calibration, m_te)
    ages = X64[idx_te, names.index("age")] if "age" in names else None
    holdout = metrics.evaluate(yte, p_te, policy, ages)
    train_seconds = time.monotonic() - t0
    log(f"held-out: AUC {holdout['rocAuc']:.4f} ECE {holdout['ece']:.4f} Brier {holdout['brier']:.4f} "
        f"recall {holdout['atDeclineThreshold']['recall']:.4f} precision {holdout['atDeclineThreshold']['precision']:.4f}")

    # 5. export + parity checks
    onx = bundle.to_onnx(fam, model, len(names))
    onx_bytes = onx.SerializeToString()
    p_lib_raw = bundle.library_probability(fam, model, Xte)
    p_onnx = bundle.onnx_probabilities(onx_bytes, Xte)
    raw_diff = float(np.max(np.abs(p_onnx - p_lib_raw)))
    ts_diff = float(np.max(np.abs(bundle.ts_probability(p_onnx, calibration) - p_te)))
    log(f"ONNX parity on {len(yte)} held-out rows: raw max |diff| {raw_diff:.2e}, calibrated (TS path) {ts_diff:.2e}")
    if raw_diff > bundle.PARITY_TOL or ts_diff > bundle.PARITY_TOL:
        raise RuntimeError(f"ONNX export does not reproduce the library within {bundle.PARITY_TOL}: "
                           f"{raw_diff:.3e} / {ts_diff:.3e}")
    explainer = bundle.explainer_payload(fam, model, len(names))
    tv_idx = bundle.select_test_vector_rows(yte, Xte, n_test_vectors, seed)
    Xtv = Xte[tv_idx]
    contribs = bundle.contributions(fam, model, Xtv)
    m_tv = models.margin(fam, model, Xtv)
    if explainer["type"] == "treeshap":  # the normalised trees reproduce the library (margin and SHAP)
        doc = explainer["trees"]
        for k in range(min(3, len(Xtv))):
            mm = trees.predict_margin(doc, Xtv[k])
            sh = trees.tree_shap(doc, Xtv[k])
            if abs(mm - m_tv[k]) > 1e-4 or np.max(np.abs(np.array(sh) - contribs[k])) > 1e-4:
                raise RuntimeError("normalised tree dump does not reproduce the library's margin/SHAP")
    if np.max(np.abs(contribs.sum(axis=1) - m_tv)) > 1e-3:
        raise RuntimeError("contributions do not sum to the margin")
    p_tv = metrics.apply_calibration(calibration, m_tv)
    p_tv_raw = bundle.library_probability(fam, model, Xtv)
    test_vectors = []
    for k, i in enumerate(tv_idx):
        gi = idx_te[i]
        test_vectors.append({
            "record": bundle.jsonable_record(recs[gi]),
            "features": [float(v) for v in X64[gi]],
            "rawProbability": float(p_tv_raw[k]),
            "margin": float(m_tv[k]),
            "probability": float(p_tv[k]),
            "contributions": [float(v) for v in contribs[k, :-1]],
            "bias": float(contribs[k, -1]),
            "riskBand": metrics.band_of(float(p_tv[k]), bands),
            "decision": metrics.decide(float(p_tv[k]), policy),
            "label": int(yte[i]),
        })
    ref = {"features": {n: metrics.reference_distribution(X64[idx_tr, j]) for j, n in enumerate(names)},
           "score": metrics.reference_distribution(p_te),
           "sample": "features: the training split (float64 feature values); score: calibrated PDs of the held-out split"}
    contrib_te = bundle.contributions(fam, model, Xte)
    importance = sorted(((n, float(np.mean(np.abs(contrib_te[:, j])))) for j, n in enumerate(names)),
                        key=lambda t: -t[1])

    # 6. write the bundle
    out_dir = Path(out)
    out_dir.mkdir(parents=True, exist_ok=True)
    for f in out_dir.iterdir():
        if f.is_file() and (f.suffix in (".png", ".onnx", ".md", ".json") or f.name == bundle.SHA_FILE):
            f.unlink()
    (out_dir / "model.onnx").write_bytes(onx_bytes)
    onnx_sha = bundle.sha256_bytes(onx_bytes)
    now = dt.datetime.now(dt.timezone.utc).replace(microsecond=0)
    manifest = {
        "schemaVersion": bundle.SCHEMA_VERSION,
        "modelName": f"{ds.name}-pd",
        "modelVersion": f"{now.strftime('%Y%m%dT%H%M%SZ')}-{onnx_sha[:8]}",
        "createdAt": now.isoformat().replace("+00:00", "Z"),
        "dataset": {"name": ds.name, "file": Path(data).name, "sha256": records.sha256_file(data),
                    "spec": ds.raw, "rows": len(y), "positives": int(y.sum())},
        "featureSpec": {"version": fs["version"], "sha256": records.sha256_file(specs.feature_spec_path()),
                        "validationRulesVersion": rd["version"],
                        "validationRulesSha256": records.sha256_file(specs.validation_rules_path()),
                        "features": names,
                        "featureIndexInSpec": [[f["name"] for f in fs["features"]].index(n) for n in names]},
        "model": {"family": fam, "strategy": strat, "params": params,
                  "onnx": {"file": "model.onnx", "sha256": onnx_sha, "input": bundle.ONNX_INPUT,
                           "inputShape": ["N", len(names)], "inputType": "float32", "output": bundle.ONNX_OUTPUT,
                           "outputShape": ["N", 2], "outputColumn": 1, "opset": bundle.ONNX_OPSET,
                           "outputIs": "uncalibrated P(default); apply `calibration`"}},
        "calibration": calibration,
        "policy": policy,
        "bands": bands,
        "metrics": {"cv": {"folds": folds, "metric": "ROC-AUC", "candidates": [
            {k: v for k, v in c.items()} for c in candidates]}, "holdout": holdout,
            "onnxParity": {"maxAbsDiffRaw": raw_diff, "maxAbsDiffCalibrated": ts_diff, "rows": len(yte)}},
        "cleaning": clean_report,
        "referenceDistributions": ref,
        "explainer": explainer,
        "lineage": {"gitCommit": _git_commit(), "datasetSha256": records.sha256_file(data), "seed": seed,
                    "fast": fast, "budgetSeconds": budget, "testSize": TEST_SIZE, "argv": sys.argv[1:],
                    "libraries": _lib_versions(), "trainSeconds": train_seconds},
        "testVectors": test_vectors,
        "integrity": {"file": bundle.SHA_FILE, "algorithm": (
            "bundle.sha256 lists '<sha256 hex>  <path>\\n' for every other file of the bundle folder (paths relative, "
            "'/' separated, sorted by UTF-8 bytes); bundle digest = sha256 of bundle.sha256's bytes")},
    }
    report_files = report.plots(out_dir, yte, p_te, importance, f"{fam}/{strat}")
    (out_dir / "report.md").write_text(report.markdown(manifest, importance), encoding="utf-8")
    (out_dir / "manifest.json").write_text(
        json.dumps(manifest, separators=(",", ":"), allow_nan=False, default=lambda o: o.item()) + "\n",
        encoding="utf-8")
    digest = bundle.write_sha_listing(out_dir)
    log(f"bundle written to {out_dir} (digest {digest}); {report_files + ['model.onnx', 'manifest.json', 'report.md']}")
    result = {"manifest": manifest, "digest": digest, "out": str(out_dir), "trainSeconds": train_seconds,
              "totalSeconds": time.monotonic() - t0}
    if register:
        from . import registry

        result["registry"] = registry.upload(register, out_dir)
        log(f"registered at {register}: {result['registry']}")
    return result


def main(argv=None) -> int:
    ap = argparse.ArgumentParser(prog="python -m riskstream_training.train", description=__doc__.split("\n")[1])
    ap.add_argument("--data", required=True, help="CSV file")
    ap.add_argument("--out", required=True, help="bundle folder to write")
    ap.add_argument("--spec", default=None, help="dataset spec (YAML/JSON); default specs/credit-risk.yaml")
    ap.add_argument("--fast", action="store_true", help="CI mode: 3 folds, small budget (<= 30 s)")
    ap.add_argument("--budget-seconds", type=float, default=None,
                    help=f"model-selection time budget (default {DEFAULT_BUDGET:g}, --fast {FAST_BUDGET:g})")
    ap.add_argument("--register", default=None, help="model registry base URL: POST {URL}/v1/models")
    ap.add_argument("--seed", type=int, default=42)
    a = ap.parse_args(argv)
    res = run(a.data, a.out, a.spec, a.fast, a.budget_seconds, a.register, a.seed)
    ho = res["manifest"]["metrics"]["holdout"]
    print(json.dumps({"bundle": res["out"], "digest": res["digest"], "rocAuc": ho["rocAuc"], "ece": ho["ece"],
                      "recall": ho["atDeclineThreshold"]["recall"], "trainSeconds": round(res["trainSeconds"], 1)}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
