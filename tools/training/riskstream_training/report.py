"""Model report (Markdown + PNG plots) for the risk committee."""
from __future__ import annotations

from pathlib import Path

import numpy as np


def plots(folder: Path, y, p, importance: list[tuple[str, float]], title: str) -> list[str]:
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt
    from sklearn.metrics import roc_curve

    files = []
    fpr, tpr, _ = roc_curve(y, p)
    fig, ax = plt.subplots(figsize=(5, 5), dpi=80)
    ax.plot(fpr, tpr, label="model")
    ax.plot([0, 1], [0, 1], "--", color="grey", label="chance")
    ax.set_xlabel("false positive rate")
    ax.set_ylabel("true positive rate (recall)")
    ax.set_title(f"ROC, held-out: {title}")
    ax.legend(loc="lower right")
    fig.tight_layout()
    fig.savefig(folder / "roc.png")
    plt.close(fig)
    files.append("roc.png")

    order = np.argsort(p)
    bins = np.array_split(order, 10)
    mp = [p[b].mean() for b in bins if len(b)]
    my = [y[b].mean() for b in bins if len(b)]
    fig, ax = plt.subplots(figsize=(5, 5), dpi=80)
    ax.plot([0, 1], [0, 1], "--", color="grey", label="perfect")
    ax.plot(mp, my, "o-", label="model (10 equal-frequency bins)")
    ax.set_xlabel("mean predicted PD")
    ax.set_ylabel("observed default rate")
    ax.set_title("Calibration, held-out")
    ax.legend(loc="upper left")
    fig.tight_layout()
    fig.savefig(folder / "calibration.png")
    plt.close(fig)
    files.append("calibration.png")

    fig, ax = plt.subplots(figsize=(6, 4), dpi=80)
    bins_ = np.linspace(0, 1, 41)
    ax.hist(p[y == 0], bins=bins_, alpha=0.6, label="non-default", density=True)
    ax.hist(p[y == 1], bins=bins_, alpha=0.6, label="default", density=True)
    ax.set_xlabel("predicted PD")
    ax.set_ylabel("density")
    ax.set_title("Score distribution, held-out")
    ax.legend()
    fig.tight_layout()
    fig.savefig(folder / "score_distribution.png")
    plt.close(fig)
    files.append("score_distribution.png")

    imp = importance[:15][::-1]
    fig, ax = plt.subplots(figsize=(6, 0.3 * len(imp) + 1.2), dpi=80)
    ax.barh([n for n, _ in imp], [v for _, v in imp])
    ax.set_xlabel("mean |SHAP contribution| (log-odds), held-out")
    ax.set_title("Feature importance")
    fig.tight_layout()
    fig.savefig(folder / "feature_importance.png")
    plt.close(fig)
    files.append("feature_importance.png")
    return files


def _f(v, d=4):
    return "n/a" if v is None else f"{v:.{d}f}"


def markdown(m: dict, importance: list[tuple[str, float]]) -> str:
    ho = m["metrics"]["holdout"]
    at = ho["atDeclineThreshold"]
    pol = m["policy"]
    cal = m["calibration"]
    cl = m["cleaning"]
    L = []
    L.append(f"# Model report: {m['modelName']} {m['modelVersion']}\n")
    L.append(f"Dataset **{m['dataset']['name']}** (`{m['dataset']['file']}`, sha256 `{m['dataset']['sha256'][:16]}…`), "
             f"{cl['rows_in']} rows in, {cl['rows_out']} after cleaning; held-out split "
             f"{ho['rows']} rows ({ho['positives']} defaults), stratified, seed {m['lineage']['seed']}.\n")
    L.append("## Summary\n")
    L.append(f"| metric (held-out) | value |\n|---|---|\n| ROC-AUC | {_f(ho['rocAuc'])} |\n| Gini | {_f(ho['gini'])} |\n"
             f"| PR-AUC | {_f(ho['prAuc'])} |\n| KS | {_f(ho['ks'])} |\n| Brier | {_f(ho['brier'])} |\n"
             f"| ECE ({ho['eceBinning']}) | {_f(ho['ece'])} |\n| ECE (10 equal-width bins) | {_f(ho['eceEqualWidth'])} |\n"
             f"| recall at decline threshold {_f(at['threshold'])} | {_f(at['recall'])} |\n"
             f"| precision at decline threshold | {_f(at['precision'])} |\n| accuracy at decline threshold | {_f(at['accuracy'])} |\n")
    L.append("## Data cleaning (shared validation rules)\n")
    L.append("| rule | action | violations | rows dropped (first rule) |\n|---|---|---|---|")
    for rid, c in cl["rules"].items():
        if c["applicable"]:
            L.append(f"| `{rid}` | {c['action']} | {c['violations']} | {c['dropped_first'] if c['action'] == 'reject' else '–'} |")
    for k, v in cl["parse_failures"].items():
        L.append(f"| `{k}` | reject | {v} | {v} |")
    L.append(f"| exact duplicates | drop | {cl['duplicates_removed']} | {cl['duplicates_removed']} |\n")
    L.append(f"Rows rejected {cl['rows_rejected']}, duplicates removed {cl['duplicates_removed']}, rows repaired "
             f"(imputed + flagged) {cl['rows_repaired']}.\n")
    L.append("## Model selection (stratified k-fold CV ROC-AUC on the training split)\n")
    L.append("| family | imbalance strategy | CV ROC-AUC | ± sd | tuned trials |\n|---|---|---|---|---|")
    for c in m["metrics"]["cv"]["candidates"]:
        L.append(f"| {c['family']} | {c['strategy']} | {_f(c['cvRocAuc'])} | {_f(c['cvRocAucStd'])} | {c.get('trials', 0)} |")
    L.append(f"\nWinner: **{m['model']['family']}** with strategy **{m['model']['strategy']}** "
             f"(highest CV ROC-AUC). Parameters: `{m['model']['params']}`.\n")
    L.append(f"Calibration: **{cal['method']}** ({cal['reason']}); out-of-fold ECE raw {_f(cal['oofEceRaw'])}, "
             f"calibrated {_f(cal['oofEceCalibrated'])}.\n")
    L.append("## Decision policy\n")
    L.append(f"{pol['objective']}.\n\n- APPROVE when PD < {_f(pol['approveBelow'])}\n- REVIEW when "
             f"{_f(pol['approveBelow'])} ≤ PD < {_f(pol['declineAtOrAbove'])}\n- DECLINE when PD ≥ {_f(pol['declineAtOrAbove'])}\n")
    L.append("Held-out decision shares: " + ", ".join(f"{k} {v:.1%}" for k, v in ho["decisionShares"].items()) + ".\n")
    L.append("Risk bands (PD): " + ", ".join(
        f"{b['band']} [{b['minPd']:.0%}, {'100%]' if b['maxPdExclusive'] is None else format(b['maxPdExclusive'], '.0%') + ')'}"
        for b in m["bands"]) + ".\n")
    if ho.get("rocAucByAgeBand"):
        L.append("## ROC-AUC by age band (held-out)\n")
        L.append("| age band | rows | ROC-AUC |\n|---|---|---|")
        for k, v in ho["rocAucByAgeBand"].items():
            L.append(f"| {k} | {v['rows']} | {_f(v['rocAuc'])} |")
        L.append("")
    L.append("## Feature importance (mean |SHAP| in log-odds, held-out)\n")
    L.append("| feature | mean abs contribution |\n|---|---|")
    for n, v in importance[:15]:
        L.append(f"| {n} | {v:.4f} |")
    L.append("\n## Plots\n\n![ROC](roc.png)\n![Calibration](calibration.png)\n"
             "![Score distribution](score_distribution.png)\n![Feature importance](feature_importance.png)\n")
    L.append(f"## Lineage\n\ngit commit `{m['lineage']['gitCommit']}`, training time {m['lineage']['trainSeconds']:.1f} s, "
             f"libraries: " + ", ".join(f"{k} {v}" for k, v in m["lineage"]["libraries"].items()) + ".\n")
    return "\n".join(L)
