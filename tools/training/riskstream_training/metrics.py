"""Evaluation metrics, calibration, decision policy and reference distributions."""
from __future__ import annotations

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import average_precision_score, brier_score_loss, log_loss, roc_auc_score, roc_curve

ECE_BINS = 10


def ks_statistic(y, p) -> float:
    fpr, tpr, _ = roc_curve(y, p)
    return float(np.max(tpr - fpr))


def ece_equal_frequency(y, p, bins: int = ECE_BINS) -> float:
    """Expected calibration error over `bins` equal-frequency bins (sorted by p, split into bins of ~equal count):
    sum_b (n_b / n) * |mean(y_b) - mean(p_b)|."""
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(p, kind="mergesort")
    total = 0.0
    for idx in np.array_split(order, bins):
        if len(idx):
            total += len(idx) / len(p) * abs(y[idx].mean() - p[idx].mean())
    return float(total)


def ece_equal_width(y, p, bins: int = ECE_BINS) -> float:
    y = np.asarray(y, dtype=np.float64)
    p = np.asarray(p, dtype=np.float64)
    b = np.minimum((p * bins).astype(int), bins - 1)
    total = 0.0
    for k in range(bins):
        m = b == k
        if m.any():
            total += m.mean() * abs(y[m].mean() - p[m].mean())
    return float(total)


# ------------------------------------------------------------------ calibration

def fit_platt(margin_oof, y) -> tuple[float, float]:
    """Platt scaling on out-of-fold margins: p = sigmoid(a * margin + b) (unregularised 1-D logistic regression)."""
    lr = LogisticRegression(C=1e6, max_iter=1000)
    lr.fit(np.asarray(margin_oof).reshape(-1, 1), y)
    return float(lr.coef_[0, 0]), float(lr.intercept_[0])


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def choose_calibration(margin_oof, y, strategy: str) -> dict:
    """Platt scaling is applied when the model was trained with class weights or SMOTE (its raw probabilities are
    shifted towards the minority class by construction) or when it lowers the out-of-fold log-loss by more than 0.5%;
    otherwise the model's own probabilities are kept (method "none")."""
    a, b = fit_platt(margin_oof, y)
    raw = sigmoid(margin_oof)
    cal = sigmoid(a * margin_oof + b)
    ll_raw = log_loss(y, np.clip(raw, 1e-15, 1 - 1e-15))
    ll_cal = log_loss(y, np.clip(cal, 1e-15, 1 - 1e-15))
    use = strategy != "none" or ll_cal < ll_raw * 0.995
    reason = ("trained with " + strategy + ": raw probabilities are biased" if strategy != "none"
              else ("Platt lowers out-of-fold log-loss %.5f -> %.5f" % (ll_raw, ll_cal) if use
                    else "model already calibrated: Platt would change out-of-fold log-loss only %.5f -> %.5f"
                    % (ll_raw, ll_cal)))
    return {
        "method": "platt" if use else "none",
        "a": a if use else 1.0,
        "b": b if use else 0.0,
        "fittedOn": "out-of-fold margins of the training split (stratified k-fold)",
        "reason": reason,
        "oofLogLossRaw": ll_raw,
        "oofLogLossCalibrated": ll_cal,
        "oofEceRaw": ece_equal_frequency(y, raw),
        "oofEceCalibrated": ece_equal_frequency(y, cal),
    }


def apply_calibration(cal: dict, margin) -> np.ndarray:
    return sigmoid(cal["a"] * np.asarray(margin, dtype=np.float64) + cal["b"])


# ------------------------------------------------------------------ decision policy

BAND_CUTOFFS = [0.02, 0.05, 0.10, 0.20]   # PD upper bounds of bands A..D; E is the rest
BAND_NAMES = ["A", "B", "C", "D", "E"]
COST_FALSE_APPROVE = 5.0    # approving a loan that defaults: loss given default on the principal
COST_FALSE_DECLINE = 1.0    # declining a good customer: lost margin
MIN_RECALL = 0.80           # share of defaulters that the decline threshold must catch
REVIEW_RECALL = 0.95        # share of defaulters that must be declined or sent to review (not auto-approved)


def choose_policy(y, p) -> dict:
    """Decline threshold: minimise COST_FALSE_APPROVE * FN + COST_FALSE_DECLINE * FP over candidate thresholds
    (every distinct predicted PD) subject to recall(decline) >= MIN_RECALL; evaluated on out-of-fold calibrated PDs.
    Approve threshold: the largest threshold such that at least REVIEW_RECALL of defaulters score at or above it
    (not above the decline threshold). Decision: PD >= decline -> decline; PD >= approve -> review; else approve."""
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    order = np.argsort(-p, kind="mergesort")
    ps, ys = p[order], y[order]
    tp = np.cumsum(ys == 1)
    fp = np.cumsum(ys == 0)
    P = tp[-1]
    # candidate threshold t = ps[i] declines rows 0..i (ties: take the last index of each distinct value)
    last = np.r_[ps[1:] != ps[:-1], True]
    idx = np.nonzero(last)[0]
    fn = P - tp[idx]
    cost = COST_FALSE_APPROVE * fn + COST_FALSE_DECLINE * fp[idx]
    recall = tp[idx] / P
    ok = recall >= MIN_RECALL
    best = idx[ok][np.argmin(cost[ok])]
    decline = float(ps[best])
    ok2 = idx[(tp[idx] / P) >= REVIEW_RECALL]
    approve = float(min(ps[ok2[0]], decline)) if len(ok2) else decline
    return {
        "objective": (f"decline threshold minimises expected cost {COST_FALSE_APPROVE:g} x false approvals + "
                      f"{COST_FALSE_DECLINE:g} x false declines on out-of-fold calibrated PDs, subject to recall >= "
                      f"{MIN_RECALL}; approve threshold = highest PD such that >= {REVIEW_RECALL} of defaulters are "
                      f"declined or reviewed"),
        "costFalseApprove": COST_FALSE_APPROVE,
        "costFalseDecline": COST_FALSE_DECLINE,
        "minRecall": MIN_RECALL,
        "reviewRecall": REVIEW_RECALL,
        "approveBelow": approve,
        "declineAtOrAbove": decline,
        "rule": "pd >= declineAtOrAbove -> DECLINE; else pd >= approveBelow -> REVIEW; else APPROVE",
    }


def bands() -> list[dict]:
    out, lo = [], 0.0
    for name, hi in zip(BAND_NAMES, BAND_CUTOFFS + [None]):
        out.append({"band": name, "minPd": lo, "maxPdExclusive": hi})
        lo = hi
    return out


def band_of(p: float, bands_: list[dict]) -> str:
    for b in bands_:
        if b["maxPdExclusive"] is None or p < b["maxPdExclusive"]:
            return b["band"]
    return bands_[-1]["band"]


def decide(p: float, policy: dict) -> str:
    if p >= policy["declineAtOrAbove"]:
        return "DECLINE"
    if p >= policy["approveBelow"]:
        return "REVIEW"
    return "APPROVE"


def evaluate(y, p, policy: dict, ages=None) -> dict:
    y = np.asarray(y)
    p = np.asarray(p, dtype=np.float64)
    auc = float(roc_auc_score(y, p))
    pred = p >= policy["declineAtOrAbove"]
    tp = int(np.sum(pred & (y == 1)))
    fp = int(np.sum(pred & (y == 0)))
    fn = int(np.sum(~pred & (y == 1)))
    tn = int(np.sum(~pred & (y == 0)))
    m = {
        "rows": int(len(y)),
        "positives": int(y.sum()),
        "rocAuc": auc,
        "prAuc": float(average_precision_score(y, p)),
        "ks": ks_statistic(y, p),
        "gini": 2 * auc - 1,
        "brier": float(brier_score_loss(y, p)),
        "ece": ece_equal_frequency(y, p),
        "eceBinning": f"{ECE_BINS} equal-frequency bins",
        "eceEqualWidth": ece_equal_width(y, p),
        "atDeclineThreshold": {
            "threshold": policy["declineAtOrAbove"],
            "recall": tp / max(tp + fn, 1),
            "precision": tp / max(tp + fp, 1),
            "accuracy": (tp + tn) / len(y),
            "tp": tp, "fp": fp, "fn": fn, "tn": tn,
        },
        "decisionShares": {d: float(np.mean([decide(v, policy) == d for v in p]))
                           for d in ("APPROVE", "REVIEW", "DECLINE")},
    }
    if ages is not None:
        by = {}
        for lo, hi, name in [(18, 25, "18-24"), (25, 35, "25-34"), (35, 50, "35-49"), (50, 200, "50+")]:
            mask = (ages >= lo) & (ages < hi)
            if mask.sum() >= 20 and 0 < y[mask].sum() < mask.sum():
                by[name] = {"rows": int(mask.sum()), "rocAuc": float(roc_auc_score(y[mask], p[mask]))}
            else:
                by[name] = {"rows": int(mask.sum()), "rocAuc": None}
        m["rocAucByAgeBand"] = by
    return m


# ------------------------------------------------------------------ reference distributions (PSI)

def reference_distribution(values, max_bins: int = 10) -> dict:
    """Bin edges = distinct deciles of the training values (inner edges only). Bins: (-inf, e0), [e0, e1), ...,
    [e_last, +inf): value v falls in bin #{edges <= v}. Proportions over the training split, sum to 1."""
    v = np.asarray(values, dtype=np.float64)
    qs = np.quantile(v, np.linspace(0, 1, max_bins + 1)[1:-1])
    edges = sorted(set(float(q) for q in qs))
    uniq = np.unique(v)
    if len(uniq) <= max_bins:  # discrete feature: one bin per value -> edges between values at the values
        edges = [float(u) for u in uniq[1:]]
    counts = np.bincount(np.searchsorted(np.array(edges), v, side="right"), minlength=len(edges) + 1)
    # min / max: the training range; serving flags values outside it (data quality), it does not reject them.
    return {"edges": edges, "proportions": [float(c) / len(v) for c in counts],
            "rule": "bin index = number of edges <= value",
            "min": float(v.min()) if len(v) else None, "max": float(v.max()) if len(v) else None}
