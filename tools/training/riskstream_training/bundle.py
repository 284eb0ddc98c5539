"""Bundle writing: ONNX export + parity checks, explainer payload, test vectors, manifest, sha256 listing."""
from __future__ import annotations

import hashlib
import json
import math
import os
from pathlib import Path

import numpy as np

from . import metrics, models, trees

SCHEMA_VERSION = "riskstream-model-bundle/v1"
ONNX_INPUT = "features"
ONNX_OUTPUT = "probabilities"
ONNX_OPSET = 15          # ai.onnx opset (ai.onnx.ml opset 3 for the tree ensembles)
PARITY_TOL = 1e-5
SHA_FILE = "bundle.sha256"
P_CLAMP = 1e-7           # TypeScript clamps the ONNX probability to [P_CLAMP, 1 - P_CLAMP] before the logit


# ------------------------------------------------------------------ ONNX

def to_onnx(family: str, model, n_features: int):
    if family == "xgboost":
        import onnxmltools
        from onnxmltools.convert.common.data_types import FloatTensorType

        onx = onnxmltools.convert_xgboost(model, initial_types=[(ONNX_INPUT, FloatTensorType([None, n_features]))],
                                          target_opset=ONNX_OPSET)
    elif family == "lightgbm":
        import onnxmltools
        from onnxmltools.convert.common.data_types import FloatTensorType

        onx = onnxmltools.convert_lightgbm(model, initial_types=[(ONNX_INPUT, FloatTensorType([None, n_features]))],
                                           target_opset=ONNX_OPSET, zipmap=False)
    else:
        from skl2onnx import convert_sklearn
        from skl2onnx.common.data_types import FloatTensorType
        from sklearn.linear_model import LogisticRegression

        onx = convert_sklearn(model, initial_types=[(ONNX_INPUT, FloatTensorType([None, n_features]))],
                              target_opset=ONNX_OPSET, options={LogisticRegression: {"zipmap": False}})
    outs = [o.name for o in onx.graph.output]
    if ONNX_OUTPUT not in outs:  # normalise the probability output's name
        prob = outs[-1]
        for node in onx.graph.node:
            node.output[:] = [ONNX_OUTPUT if o == prob else o for o in node.output]
        for o in onx.graph.output:
            if o.name == prob:
                o.name = ONNX_OUTPUT
    onx.producer_name = "riskstream-training"
    return onx


def onnx_probabilities(onx_bytes: bytes, X32: np.ndarray) -> np.ndarray:
    import onnxruntime as ort

    so = ort.SessionOptions()
    so.log_severity_level = 3
    sess = ort.InferenceSession(onx_bytes, so, providers=["CPUExecutionProvider"])
    out = sess.run([ONNX_OUTPUT], {ONNX_INPUT: X32})[0]
    return np.asarray(out, dtype=np.float32)[:, 1]


def library_probability(family: str, model, X32: np.ndarray) -> np.ndarray:
    return np.asarray(model.predict_proba(X32)[:, 1], dtype=np.float64)


def ts_probability(p_onnx: np.ndarray, calibration: dict) -> np.ndarray:
    """What the TypeScript scorer computes from the ONNX output (documented in README: 'Calibration')."""
    p = np.asarray(p_onnx, dtype=np.float64)
    if calibration["method"] == "none":
        return p
    p = np.clip(p, P_CLAMP, 1 - P_CLAMP)
    z = np.log(p / (1 - p))
    return 1 / (1 + np.exp(-(calibration["a"] * z + calibration["b"])))


# ------------------------------------------------------------------ explanations

def contributions(family: str, model, X32: np.ndarray) -> np.ndarray:
    """Per-feature contributions in margin (log-odds) space + bias (last column), from the library itself."""
    if family == "xgboost":
        import xgboost as xgb

        return model.get_booster().predict(xgb.DMatrix(X32), pred_contribs=True).astype(np.float64)
    if family == "lightgbm":
        return np.asarray(model.predict(X32, pred_contrib=True), dtype=np.float64)
    sc, lr = model.named_steps["scale"], model.named_steps["lr"]
    z = (X32.astype(np.float64) - sc.mean_) / sc.scale_
    c = z * lr.coef_[0]
    return np.column_stack([c, np.full(len(X32), lr.intercept_[0])])


def explainer_payload(family: str, model, n_features: int) -> dict:
    if family == "xgboost":
        return {"type": "treeshap", "space": "margin", "trees": trees.xgboost_trees(model.get_booster(), n_features)}
    if family == "lightgbm":
        return {"type": "treeshap", "space": "margin", "trees": trees.lightgbm_trees(model.booster_, n_features)}
    sc, lr = model.named_steps["scale"], model.named_steps["lr"]
    return {"type": "linear", "space": "margin",
            "linear": {"mean": [float(v) for v in sc.mean_], "scale": [float(v) for v in sc.scale_],
                       "coefficients": [float(v) for v in lr.coef_[0]], "intercept": float(lr.intercept_[0]),
                       "formula": "contribution_j = coefficients[j] * (x_j - mean[j]) / scale[j]; "
                                  "bias = intercept; margin = bias + sum_j contribution_j"}}


# ------------------------------------------------------------------ hashing

def sha256_bytes(b: bytes) -> str:
    return hashlib.sha256(b).hexdigest()


def bundle_files(folder: Path) -> list[str]:
    out = []
    for root, _, files in os.walk(folder):
        for f in files:
            rel = os.path.relpath(os.path.join(root, f), folder).replace(os.sep, "/")
            if rel != SHA_FILE:
                out.append(rel)
    return sorted(out, key=lambda s: s.encode("utf-8"))


def write_sha_listing(folder: Path) -> str:
    """bundle.sha256: one line '<sha256 hex of the file>  <relative path>\\n' (two spaces, '/' separators) per file
    of the bundle except bundle.sha256, sorted by the UTF-8 bytes of the path (sha256sum -c compatible).
    The bundle digest = sha256 of bundle.sha256's exact bytes. Returns the digest."""
    lines = []
    for rel in bundle_files(folder):
        lines.append(f"{sha256_bytes((folder / rel).read_bytes())}  {rel}\n")
    content = "".join(lines).encode("utf-8")
    (folder / SHA_FILE).write_bytes(content)
    return sha256_bytes(content)


def verify_bundle(folder: Path | str) -> str:
    """Recompute and compare; returns the digest or raises ValueError."""
    folder = Path(folder)
    content = (folder / SHA_FILE).read_bytes()
    listed = {}
    for line in content.decode("utf-8").splitlines():
        h, rel = line.split("  ", 1)
        listed[rel] = h
    files = bundle_files(folder)
    if sorted(listed) != sorted(files):
        raise ValueError(f"bundle files differ from {SHA_FILE}: listed {sorted(listed)}, present {files}")
    for rel, h in listed.items():
        if sha256_bytes((folder / rel).read_bytes()) != h:
            raise ValueError(f"sha256 mismatch for {rel}")
    return sha256_bytes(content)


def dump_json(obj, path: Path) -> None:
    def fix(o):
        if isinstance(o, float) and not math.isfinite(o):
            return None
        if isinstance(o, dict):
            return {k: fix(v) for k, v in o.items()}
        if isinstance(o, (list, tuple)):
            return [fix(v) for v in o]
        if isinstance(o, np.generic):
            return fix(o.item())
        return o

    path.write_text(json.dumps(fix(obj), indent=1, allow_nan=False) + "\n", encoding="utf-8")


def jsonable_record(rec: dict) -> dict:
    return {k: (None if v is None else (v if isinstance(v, (str, bool)) else float(v))) for k, v in rec.items()}


def select_test_vector_rows(y, X, n: int, seed: int) -> np.ndarray:
    """n rows of the held-out split: half positives (if available), including rows with imputed values."""
    rng = np.random.default_rng(seed)
    pos = np.nonzero(y == 1)[0]
    neg = np.nonzero(y == 0)[0]
    k = min(len(pos), n // 2)
    idx = np.concatenate([rng.choice(pos, k, replace=False), rng.choice(neg, min(len(neg), n - k), replace=False)])
    return np.sort(idx)
