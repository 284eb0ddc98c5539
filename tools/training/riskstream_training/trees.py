"""Tree ensembles normalised to one documented format ("riskstream-trees/v1") + a reference TreeSHAP.

Format (JSON):
{
  "format": "riskstream-trees/v1",
  "library": "xgboost" | "lightgbm", "libraryVersion": "...",
  "decision": "lt" | "le",     # go to `left` iff  x < threshold (xgboost)  /  x <= threshold (lightgbm)
  "baseMargin": float,         # margin = baseMargin + sum over trees of the reached leaf's value
  "numFeatures": int,
  "coverKind": "hessian" | "count",   # what `cover` holds (what the library's own TreeSHAP uses)
  "trees": [ {                  # struct of arrays, node i at index i, root = node 0
      "feature":     [int],    # split feature index into the model's input vector; -1 for a leaf
      "threshold":   [float],  # split threshold (0 for leaves). xgboost: the exact float32 value; lightgbm: float64
      "left":        [int],    # child index, -1 for a leaf
      "right":       [int],
      "defaultLeft": [bool],   # where a NaN feature value goes
      "value":       [float],  # leaf value in margin (log-odds) space (0 for internal nodes)
      "cover":       [float]   # node cover (xgboost: hessian sum; lightgbm: training row count)
  } ]
}
The model input x is the float32 feature vector (as fed to ONNX). Comparisons: xgboost compares float32 x with
the float32 threshold (same as comparing the widened double x with the double holding the exact float32 value);
lightgbm compares double(x) with the double threshold.
"""
from __future__ import annotations

import json
import math

import numpy as np

FORMAT = "riskstream-trees/v1"


def _f32(v) -> float:
    return float(np.float32(v))


def xgboost_trees(booster, n_features: int) -> dict:
    import xgboost

    raw = json.loads(booster.save_raw("json"))
    learner = raw["learner"]
    if learner["objective"]["name"] != "binary:logistic":
        raise ValueError(f"unsupported objective {learner['objective']['name']}")
    bs = learner["learner_model_param"]["base_score"].strip("[]")
    base_score = _f32(float(bs))
    base_margin = math.log(base_score / (1.0 - base_score))
    gb = learner["gradient_booster"]
    if gb["name"] != "gbtree":
        raise ValueError(f"unsupported booster {gb['name']}")
    trees = []
    for t in gb["model"]["trees"]:
        n = len(t["left_children"])
        if any(st != 0 for st in t.get("split_type", [0] * n)):
            raise ValueError("categorical splits are not supported")
        left = [int(v) for v in t["left_children"]]
        right = [int(v) for v in t["right_children"]]
        is_leaf = [l == -1 for l in left]
        trees.append({
            "feature": [-1 if is_leaf[i] else int(t["split_indices"][i]) for i in range(n)],
            "threshold": [0.0 if is_leaf[i] else _f32(t["split_conditions"][i]) for i in range(n)],
            "left": left,
            "right": [-1 if is_leaf[i] else right[i] for i in range(n)],
            "defaultLeft": [bool(t["default_left"][i]) for i in range(n)],
            "value": [_f32(t["split_conditions"][i]) if is_leaf[i] else 0.0 for i in range(n)],
            "cover": [_f32(v) for v in t["sum_hessian"]],
        })
    return {"format": FORMAT, "library": "xgboost", "libraryVersion": xgboost.__version__, "decision": "lt",
            "baseMargin": base_margin, "numFeatures": n_features, "coverKind": "hessian", "trees": trees}


def lightgbm_trees(booster, n_features: int) -> dict:
    import lightgbm

    d = booster.dump_model()
    if d.get("num_tree_per_iteration", 1) != 1 or not str(d.get("objective", "")).startswith("binary"):
        raise ValueError("only binary lightgbm models are supported")
    trees = []
    for ti in d["tree_info"]:
        nodes = {"feature": [], "threshold": [], "left": [], "right": [], "defaultLeft": [], "value": [], "cover": []}

        def add(node) -> int:
            idx = len(nodes["feature"])
            for k in nodes:
                nodes[k].append(None)
            if "leaf_value" in node or "split_feature" not in node:
                nodes["feature"][idx] = -1
                nodes["threshold"][idx] = 0.0
                nodes["left"][idx] = -1
                nodes["right"][idx] = -1
                nodes["defaultLeft"][idx] = False
                nodes["value"][idx] = float(node.get("leaf_value", 0.0))
                nodes["cover"][idx] = float(node.get("leaf_count", 0))
                return idx
            if node["decision_type"] != "<=":
                raise ValueError("categorical splits are not supported")
            thr = float(node["threshold"])
            mt = node.get("missing_type", "None")
            if mt == "NaN":
                dl = bool(node["default_left"])
            elif mt == "None":  # lightgbm maps NaN to 0.0 before comparing
                dl = 0.0 <= thr
            else:
                raise ValueError("missing_type 'Zero' (zero_as_missing) is not supported")
            nodes["feature"][idx] = int(node["split_feature"])
            nodes["threshold"][idx] = thr
            nodes["defaultLeft"][idx] = dl
            nodes["value"][idx] = 0.0
            nodes["cover"][idx] = float(node["internal_count"])
            nodes["left"][idx] = add(node["left_child"])
            nodes["right"][idx] = add(node["right_child"])
            return idx

        add(ti["tree_structure"])
        trees.append(nodes)
    return {"format": FORMAT, "library": "lightgbm", "libraryVersion": lightgbm.__version__, "decision": "le",
            "baseMargin": 0.0, "numFeatures": n_features, "coverKind": "count", "trees": trees}


# ------------------------------------------------------------------ reference evaluation

def _goes_left(doc: dict, t: dict, i: int, x) -> bool:
    v = float(x[t["feature"][i]])
    if math.isnan(v):
        return t["defaultLeft"][i]
    return v < t["threshold"][i] if doc["decision"] == "lt" else v <= t["threshold"][i]


def predict_margin(doc: dict, x) -> float:
    """x: float32 feature vector (any sequence; values are widened to double)."""
    s = doc["baseMargin"]
    for t in doc["trees"]:
        i = 0
        while t["left"][i] != -1:
            i = t["left"][i] if _goes_left(doc, t, i, x) else t["right"][i]
        s += t["value"][i]
    return s


def _extend(path, pz, po, pi):
    l = len(path)
    path.append([pi, pz, po, 1.0 if l == 0 else 0.0])
    for i in range(l - 1, -1, -1):
        path[i + 1][3] += po * path[i][3] * (i + 1) / (l + 1)
        path[i][3] = pz * path[i][3] * (l - i) / (l + 1)


def _unwind(path, k):
    l = len(path) - 1
    po, pz = path[k][2], path[k][1]
    nxt = path[l][3]
    for i in range(l - 1, -1, -1):
        if po != 0:
            tmp = path[i][3]
            path[i][3] = nxt * (l + 1) / ((i + 1) * po)
            nxt = tmp - path[i][3] * pz * (l - i) / (l + 1)
        else:
            path[i][3] = path[i][3] * (l + 1) / (pz * (l - i))
    for i in range(k, l):
        path[i][0], path[i][1], path[i][2] = path[i + 1][0], path[i + 1][1], path[i + 1][2]
    path.pop()


def _unwound_sum(path, k):
    l = len(path) - 1
    po, pz = path[k][2], path[k][1]
    nxt = path[l][3]
    total = 0.0
    for i in range(l - 1, -1, -1):
        if po != 0:
            tmp = nxt * (l + 1) / ((i + 1) * po)
            total += tmp
            nxt = path[i][3] - tmp * pz * ((l - i) / (l + 1))
        else:
            total += (path[i][3] / pz) / ((l - i) / (l + 1))
    return total


def _node_mean(t, i) -> float:
    if t["left"][i] == -1:
        return t["value"][i]
    l, r = t["left"][i], t["right"][i]
    return (t["cover"][l] * _node_mean(t, l) + t["cover"][r] * _node_mean(t, r)) / t["cover"][i]


def tree_shap(doc: dict, x) -> list[float]:
    """Exact path-dependent TreeSHAP (Lundberg et al. 2018, Algorithm 2) on the normalised format.
    Returns n_features contributions followed by the bias (baseMargin + sum of tree expected values);
    they sum to the margin. Reference for the TypeScript implementation."""
    n = doc["numFeatures"]
    phi = [0.0] * (n + 1)
    for t in doc["trees"]:
        phi[n] += _node_mean(t, 0)

        def rec(i, path, pz, po, pi):
            path = [list(e) for e in path]
            _extend(path, pz, po, pi)
            if t["left"][i] == -1:
                for k in range(1, len(path)):
                    w = _unwound_sum(path, k)
                    phi[path[k][0]] += w * (path[k][2] - path[k][1]) * t["value"][i]
                return
            left = _goes_left(doc, t, i, x)
            hot, cold = (t["left"][i], t["right"][i]) if left else (t["right"][i], t["left"][i])
            iz = io = 1.0
            f = t["feature"][i]
            for k in range(1, len(path)):
                if path[k][0] == f:
                    iz, io = path[k][1], path[k][2]
                    _unwind(path, k)
                    break
            rec(hot, path, iz * t["cover"][hot] / t["cover"][i], io, f)
            rec(cold, path, iz * t["cover"][cold] / t["cover"][i], 0.0, f)

        rec(0, [], 1.0, 1.0, -1)
    phi[n] += doc["baseMargin"]
    return phi
