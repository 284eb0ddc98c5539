import os

import pytest

os.environ.setdefault("MPLBACKEND", "Agg")

from riskstream_training import specs, synth, train  # noqa: E402


@pytest.fixture(scope="session")
def fs():
    return specs.load_feature_spec()


@pytest.fixture(scope="session")
def rd():
    return specs.load_validation_rules()


@pytest.fixture(scope="session")
def small_csv(tmp_path_factory):
    p = tmp_path_factory.mktemp("data") / "synth.csv"
    synth.make_csv(str(p), 3000, seed=11)
    return p


@pytest.fixture(scope="session")
def trained_bundle(small_csv, tmp_path_factory):
    out = tmp_path_factory.mktemp("bundle")
    res = train.run(str(small_csv), str(out), fast=True, budget_seconds=0, seed=3,
                    families=("logreg", "xgboost"), log=lambda *_: None)
    return out, res
