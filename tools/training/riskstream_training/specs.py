"""Locating and loading the shared specs (feature spec, validation rules) and dataset specs."""
from __future__ import annotations

import json
import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml

PKG_DIR = Path(__file__).resolve().parent
TRAINING_DIR = PKG_DIR.parent
SPECS_DIR = TRAINING_DIR / "specs"


def repo_root() -> Path:
    """The monorepo root: RISKSTREAM_ROOT, else the first parent holding libs/feature-spec/spec."""
    env = os.environ.get("RISKSTREAM_ROOT")
    if env:
        return Path(env).resolve()
    for p in [TRAINING_DIR, *TRAINING_DIR.parents]:
        if (p / "libs" / "feature-spec" / "spec").is_dir():
            return p
    raise FileNotFoundError("cannot find the repo root (libs/feature-spec/spec); set RISKSTREAM_ROOT")


def feature_spec_path() -> Path:
    return repo_root() / "libs" / "feature-spec" / "spec" / "feature-spec.v1.json"


def validation_rules_path() -> Path:
    return repo_root() / "libs" / "feature-spec" / "spec" / "validation-rules.v1.json"


def golden_vectors_path() -> Path:
    return repo_root() / "libs" / "feature-spec" / "fixtures" / "golden-vectors.v1.json"


def load_json(path: Path | str) -> Any:
    with open(path, "r", encoding="utf-8") as f:
        return json.load(f)


def load_feature_spec(path: Path | str | None = None) -> dict:
    return load_json(path or feature_spec_path())


def load_validation_rules(path: Path | str | None = None) -> dict:
    return load_json(path or validation_rules_path())


def nullable_fields(feature_spec: dict) -> set[str]:
    """Canonical fields whose input description allows null ("... | null ...")."""
    return {k for k, v in feature_spec["input"].items() if "null" in str(v)}


# ---------------------------------------------------------------- dataset spec

FIELD_TYPES = ("number", "enum", "bool")


@dataclass
class FieldMapping:
    field: str           # canonical field name (feature-spec "input")
    column: str          # CSV column
    type: str            # number | enum | bool
    true_values: list[str] = field(default_factory=list)
    false_values: list[str] = field(default_factory=list)
    null_values: list[str] = field(default_factory=lambda: [""])


@dataclass
class DatasetSpec:
    name: str
    description: str
    fields: dict[str, FieldMapping]
    target_column: str
    target_positive: list[str]
    target_negative: list[str]
    ignore: list[str]
    features: list[str]              # features of the feature spec the model uses (spec order enforced)
    source: str = ""
    raw: dict = field(default_factory=dict)


def load_dataset_spec(path: Path | str | None = None, feature_spec: dict | None = None) -> DatasetSpec:
    """Load a dataset spec (YAML or JSON; JSON is valid YAML). Default: specs/credit-risk.yaml."""
    path = Path(path) if path else SPECS_DIR / "credit-risk.yaml"
    if not path.exists() and (SPECS_DIR / str(path)).exists():
        path = SPECS_DIR / str(path)
    with open(path, "r", encoding="utf-8") as f:
        raw = yaml.safe_load(f)
    fs = feature_spec or load_feature_spec()
    known_fields = set(fs["input"].keys())
    fields: dict[str, FieldMapping] = {}
    for name, m in (raw.get("fields") or {}).items():
        if name not in known_fields:
            raise ValueError(f"dataset spec {path}: unknown canonical field {name!r} (known: {sorted(known_fields)})")
        t = m.get("type", "number")
        if t not in FIELD_TYPES:
            raise ValueError(f"dataset spec {path}: field {name}: type must be one of {FIELD_TYPES}")
        fields[name] = FieldMapping(
            field=name,
            column=str(m["column"]),
            type=t,
            # YAML 1.1 reads a bare `true:` / `false:` key as a boolean: accept both spellings
            true_values=[str(v) for v in m.get("true", m.get(True, []))],
            false_values=[str(v) for v in m.get("false", m.get(False, []))],
            null_values=[str(v) for v in m.get("null", [""])],
        )
        if t == "bool" and not (fields[name].true_values and fields[name].false_values):
            raise ValueError(f"dataset spec {path}: bool field {name} needs 'true' and 'false' value lists")
    tgt = raw["target"]
    spec_order = [f["name"] for f in fs["features"]]
    by_name = {f["name"]: f for f in fs["features"]}
    feats = raw.get("features")
    if feats in (None, "auto"):
        feats = [n for n in spec_order if all(r in fields for r in by_name[n]["requires"])]
    for n in feats:
        if n not in by_name:
            raise ValueError(f"dataset spec {path}: unknown feature {n!r}")
        missing = [r for r in by_name[n]["requires"] if r not in fields]
        if missing:
            raise ValueError(f"dataset spec {path}: feature {n} requires fields the dataset lacks: {missing}")
    feats = [n for n in spec_order if n in set(feats)]  # spec order
    return DatasetSpec(
        name=raw.get("name", path.stem),
        description=raw.get("description", ""),
        fields=fields,
        target_column=str(tgt["column"]),
        target_positive=[str(v) for v in tgt.get("positive", ["1"])],
        target_negative=[str(v) for v in tgt.get("negative", ["0"])],
        ignore=[str(c) for c in raw.get("ignore", [])],
        features=feats,
        source=str(path),
        raw=raw,
    )
