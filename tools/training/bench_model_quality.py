"""Model-quality benchmark on the real datasets in ../shared/data (never copied into the repo).

python tools/training/bench_model_quality.py [--data-dir DIR] [--budget-seconds N] [--keep DIR]

Trains with the default budget on credit-risk/train.csv (spec credit-risk.yaml) and on default-fin/Default_Fin.csv
(spec default-fin.yaml), evaluates on each stratified 20% held-out split, and prints as its final line:
{"bench":"model-quality","credit_risk_auc":…,"credit_risk_ece":…,"credit_risk_recall":…,"default_fin_auc":…,"train_seconds":…}
train_seconds = wall time of the credit-risk training run (load, clean, select, tune, fit, evaluate).
Exits 2 when a dataset is absent.
"""
from __future__ import annotations

import argparse
import json
import sys
import tempfile
from pathlib import Path

HERE = Path(__file__).resolve().parent
sys.path.insert(0, str(HERE))

from riskstream_training import specs, train  # noqa: E402


def main(argv=None) -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--data-dir", default=None, help="default: <repo>/../shared/data")
    ap.add_argument("--budget-seconds", type=float, default=None, help="credit-risk model-selection budget")
    ap.add_argument("--default-fin-budget-seconds", type=float, default=30.0)
    ap.add_argument("--keep", default=None, help="write the two bundles under this folder instead of a temp dir")
    a = ap.parse_args(argv)
    data_dir = Path(a.data_dir) if a.data_dir else specs.repo_root().parent / "shared" / "data"
    cr = data_dir / "credit-risk" / "train.csv"
    df = data_dir / "default-fin" / "Default_Fin.csv"
    missing = [str(p) for p in (cr, df) if not p.is_file()]
    if missing:
        print(f"bench:model-quality: dataset(s) absent: {', '.join(missing)} "
              f"(expected under {data_dir}; pass --data-dir)", file=sys.stderr)
        return 2
    with tempfile.TemporaryDirectory() as tmp:
        root = Path(a.keep) if a.keep else Path(tmp)
        log = lambda s: print(s, file=sys.stderr)  # noqa: E731
        log(f"== credit-risk: {cr}")
        r1 = train.run(str(cr), str(root / "credit-risk"), "credit-risk.yaml", budget_seconds=a.budget_seconds, log=log)
        log(f"== default-fin: {df}")
        r2 = train.run(str(df), str(root / "default-fin"), "default-fin.yaml",
                       budget_seconds=a.default_fin_budget_seconds, log=log)
    h1 = r1["manifest"]["metrics"]["holdout"]
    h2 = r2["manifest"]["metrics"]["holdout"]
    out = {"bench": "model-quality",
           "credit_risk_auc": round(h1["rocAuc"], 4),
           "credit_risk_ece": round(h1["ece"], 4),
           "credit_risk_recall": round(h1["atDeclineThreshold"]["recall"], 4),
           "default_fin_auc": round(h2["rocAuc"], 4),
           "train_seconds": round(r1["totalSeconds"], 1)}
    print(f"credit-risk winner {r1['manifest']['model']['family']}/{r1['manifest']['model']['strategy']}, "
          f"default-fin winner {r2['manifest']['model']['family']}/{r2['manifest']['model']['strategy']}; "
          f"default-fin ECE {h2['ece']:.4f}, recall {h2['atDeclineThreshold']['recall']:.4f}; "
          f"default-fin training {r2['totalSeconds']:.1f} s")
    print(json.dumps(out, separators=(",", ":")))
    return 0


if __name__ == "__main__":
    sys.exit(main())
