"""Model families (logistic-regression scorecard, XGBoost, LightGBM), imbalance strategies, CV and Optuna tuning."""
from __future__ import annotations

import time
import warnings

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score
from sklearn.model_selection import StratifiedKFold
from sklearn.pipeline import Pipeline
from sklearn.preprocessing import StandardScaler

FAMILIES = ("logreg", "xgboost", "lightgbm")
STRATEGIES = ("none", "class_weight", "smote")
N_JOBS = 2

XGB_DEFAULT = dict(n_estimators=300, max_depth=5, learning_rate=0.08, min_child_weight=1.0, subsample=0.9,
                   colsample_bytree=0.8, reg_lambda=1.0, reg_alpha=1e-3, gamma=1e-3)
LGB_DEFAULT = dict(n_estimators=300, num_leaves=31, learning_rate=0.06, min_child_samples=20, subsample=0.9,
                   colsample_bytree=0.8, reg_lambda=1.0)
LR_DEFAULT = dict(C=1.0)


def default_params(family: str, fast: bool = False) -> dict:
    p = {"logreg": LR_DEFAULT, "xgboost": XGB_DEFAULT, "lightgbm": LGB_DEFAULT}[family].copy()
    if fast and "n_estimators" in p:
        p["n_estimators"] = 150
        p["learning_rate"] = 0.15
    return p


def suggest_params(family: str, trial, fast: bool = False) -> dict:
    max_trees = 200 if fast else 500
    if family == "xgboost":
        return dict(
            n_estimators=trial.suggest_int("n_estimators", 100, max_trees, step=50),
            max_depth=trial.suggest_int("max_depth", 3, 7),
            learning_rate=trial.suggest_float("learning_rate", 0.02, 0.3, log=True),
            min_child_weight=trial.suggest_float("min_child_weight", 0.5, 10.0, log=True),
            subsample=trial.suggest_float("subsample", 0.6, 1.0),
            colsample_bytree=trial.suggest_float("colsample_bytree", 0.5, 1.0),
            reg_lambda=trial.suggest_float("reg_lambda", 0.1, 10.0, log=True),
            reg_alpha=trial.suggest_float("reg_alpha", 1e-3, 1.0, log=True),
            gamma=trial.suggest_float("gamma", 1e-3, 1.0, log=True),
        )
    if family == "lightgbm":
        return dict(
            n_estimators=trial.suggest_int("n_estimators", 100, max_trees, step=50),
            num_leaves=trial.suggest_int("num_leaves", 8, 64, log=True),
            learning_rate=trial.suggest_float("learning_rate", 0.02, 0.3, log=True),
            min_child_samples=trial.suggest_int("min_child_samples", 5, 100, log=True),
            subsample=trial.suggest_float("subsample", 0.6, 1.0),
            colsample_bytree=trial.suggest_float("colsample_bytree", 0.5, 1.0),
            reg_lambda=trial.suggest_float("reg_lambda", 1e-3, 10.0, log=True),
        )
    return dict(C=trial.suggest_float("C", 1e-3, 100.0, log=True))


def make_model(family: str, params: dict, strategy: str, y, seed: int):
    pos = float(np.sum(y == 1))
    neg = float(np.sum(y == 0))
    if family == "xgboost":
        import xgboost as xgb

        return xgb.XGBClassifier(
            objective="binary:logistic", tree_method="hist", n_jobs=N_JOBS, random_state=seed,
            scale_pos_weight=(neg / pos) if strategy == "class_weight" else 1.0, eval_metric="logloss", **params)
    if family == "lightgbm":
        import lightgbm as lgb

        return lgb.LGBMClassifier(
            objective="binary", n_jobs=N_JOBS, random_state=seed, verbose=-1, subsample_freq=1,
            scale_pos_weight=(neg / pos) if strategy == "class_weight" else 1.0, **params)
    return Pipeline([
        ("scale", StandardScaler()),
        ("lr", LogisticRegression(C=params.get("C", 1.0), max_iter=2000,
                                  class_weight="balanced" if strategy == "class_weight" else None)),
    ])


def smote_resample(X, y, seed: int):
    """SMOTE on standardised features (so income does not dominate the neighbour distances); the original rows are
    returned bit for bit, followed by the synthetic minority rows (mapped back to the original scale, float32)."""
    from imblearn.over_sampling import SMOTE

    sc = StandardScaler().fit(X)
    Z, yz = SMOTE(random_state=seed, k_neighbors=5).fit_resample(sc.transform(X), y)
    synth = sc.inverse_transform(Z[len(X):]).astype(np.float32)
    return np.vstack([X, synth]), np.concatenate([y, yz[len(X):]])


def fit(family: str, params: dict, strategy: str, X, y, seed: int):
    X = np.asarray(X, dtype=np.float32)
    if strategy == "smote":
        X, y = smote_resample(X, y, seed)
    m = make_model(family, params, strategy, y, seed)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        m.fit(X, y)
    return m


def margin(family: str, model, X) -> np.ndarray:
    """Log-odds output of the fitted model (float64)."""
    X = np.asarray(X, dtype=np.float32)
    if family == "xgboost":
        import xgboost as xgb

        return model.get_booster().predict(xgb.DMatrix(X), output_margin=True).astype(np.float64)
    if family == "lightgbm":
        return np.asarray(model.predict(X, raw_score=True), dtype=np.float64)
    return model.decision_function(X).astype(np.float64)


def sigmoid(z):
    return 1.0 / (1.0 + np.exp(-np.asarray(z, dtype=np.float64)))


def cross_validate(family, params, strategy, X, y, folds: int, seed: int, deadline: float | None = None):
    """Stratified k-fold; returns (mean AUC, std AUC, out-of-fold margins). Aborts (returns None) past deadline."""
    skf = StratifiedKFold(n_splits=folds, shuffle=True, random_state=seed)
    oof = np.zeros(len(y))
    aucs = []
    for tr, va in skf.split(X, y):
        if deadline is not None and time.monotonic() > deadline and aucs:
            return None
        m = fit(family, params, strategy, X[tr], y[tr], seed)
        oof[va] = margin(family, m, X[va])
        aucs.append(roc_auc_score(y[va], oof[va]))
    return float(np.mean(aucs)), float(np.std(aucs)), oof


def tune(family, strategy, X, y, folds, seed, budget_s: float, fast: bool, log=print):
    """Optuna TPE search of CV ROC-AUC within budget_s seconds. The default parameters are enqueued first, so the
    result is never worse than the defaults. Returns (best_params, best_auc, best_std, best_oof, n_trials)."""
    import optuna

    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = optuna.samplers.TPESampler(seed=seed)
    study = optuna.create_study(direction="maximize", sampler=sampler)
    study.enqueue_trial(default_params(family, fast))
    best = {"auc": -1.0}
    deadline = time.monotonic() + budget_s

    def objective(trial):
        params = suggest_params(family, trial, fast)
        # trial 0 (the defaults) always completes; later trials are abandoned once well past the budget
        res = cross_validate(family, params, strategy, X, y, folds, seed,
                             deadline=None if trial.number == 0 else deadline + 5)
        if res is None:
            raise optuna.TrialPruned()
        auc, std, oof = res
        if auc > best["auc"]:
            best.update(auc=auc, std=std, oof=oof, params=params)
        return auc

    study.optimize(objective, timeout=max(budget_s, 0.1), n_trials=None if budget_s > 0 else 1,
                   catch=(ValueError,))
    n = len([t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE])
    if "params" not in best:
        log(f"  optuna {family}/{strategy}: no trial completed")
        return None
    log(f"  optuna {family}/{strategy}: {n} trials, best CV AUC {best['auc']:.4f}")
    return best["params"], best["auc"], best["std"], best["oof"], n
