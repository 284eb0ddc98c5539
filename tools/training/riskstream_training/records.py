"""CSV rows -> canonical application records (the input of the feature spec), driven by a dataset spec."""
from __future__ import annotations

import csv
import hashlib
import math
from pathlib import Path
from typing import Iterable

from .specs import DatasetSpec


class _Invalid:
    """Marker for a value that is present but cannot be parsed (e.g. 'abc' in a number column)."""

    def __repr__(self) -> str:  # pragma: no cover - debug aid
        return "INVALID"


INVALID = _Invalid()


def sha256_file(path: Path | str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def parse_number(s: str, null_values: list[str]):
    s = s.strip()
    if s in null_values or s.lower() in ("nan", "null", "none", "na"):
        return None
    try:
        v = float(s)
    except ValueError:
        return INVALID
    if not math.isfinite(v):
        return INVALID
    return v


def parse_value(raw: str | None, mapping) -> object:
    raw = "" if raw is None else str(raw)
    if mapping.type == "number":
        return parse_number(raw, mapping.null_values)
    s = raw.strip()
    if s in mapping.null_values:
        return None
    if mapping.type == "bool":
        if s in mapping.true_values:
            return True
        if s in mapping.false_values:
            return False
        return INVALID
    return s  # enum: validated by the enum rules


def parse_target(raw: str | None, spec: DatasetSpec):
    s = ("" if raw is None else str(raw)).strip()
    if s in spec.target_positive:
        return 1
    if s in spec.target_negative:
        return 0
    try:  # tolerate "1.0" style
        f = float(s)
        if str(int(f)) in spec.target_positive and f == int(f):
            return 1
        if str(int(f)) in spec.target_negative and f == int(f):
            return 0
    except ValueError:
        pass
    return INVALID


def read_rows(path: Path | str) -> tuple[list[str], list[dict[str, str]]]:
    with open(path, "r", encoding="utf-8-sig", newline="") as f:
        reader = csv.DictReader(f)
        header = list(reader.fieldnames or [])
        rows = list(reader)
    return header, rows


def check_columns(header: list[str], spec: DatasetSpec) -> None:
    needed = [m.column for m in spec.fields.values()] + [spec.target_column]
    missing = [c for c in needed if c not in header]
    if missing:
        raise ValueError(f"CSV lacks columns required by dataset spec {spec.name}: {missing}")


def to_records(rows: Iterable[dict[str, str]], spec: DatasetSpec) -> list[dict]:
    """Each row -> {'record': canonical fields (only the mapped ones), 'target': 0/1/INVALID}."""
    out = []
    for row in rows:
        rec = {name: parse_value(row.get(m.column), m) for name, m in spec.fields.items()}
        out.append({"record": rec, "target": parse_target(row.get(spec.target_column), spec)})
    return out


def load_csv_records(path: Path | str, spec: DatasetSpec) -> list[dict]:
    header, rows = read_rows(path)
    check_columns(header, spec)
    return to_records(rows, spec)
