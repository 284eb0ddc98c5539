"""Cleaning = the shared validation rules (libs/feature-spec/spec/validation-rules.v1.json) + exact-duplicate removal.

Semantics (mirrored by the TypeScript ingestion service):
- Rules are read from the JSON, evaluated on every record, in file order. A rule applies only when the dataset
  maps its field (otherwise it is reported as not applicable).
- check "present" (repair rules): fires when the value is null; the row is kept (the feature formulas impute 0 and
  set the *_missing flag).
- checks "integer", "range", "enum", "max_working_life" (reject rules): a null value passes when the field is
  nullable in the feature spec's input description and fails otherwise (a required field is missing); a value that
  could not be parsed (e.g. text in a number column) fails.
  range: min/max inclusive, minExclusive/maxExclusive exclusive. enum: value in enums[rule.enum] (exact, case
  sensitive). max_working_life: value <= age - minWorkingAge (passes when age itself is null/invalid: the age rules
  reject that row).
- A row is dropped when any reject rule fires (or its target / a boolean column cannot be parsed: the pseudo rules
  "target.parse" and "<field>.parse"). Counts: per rule, `violations` = rows on which it fired, `dropped_first` =
  dropped rows whose first firing reject rule (file order) is this one.
- Then exact duplicates (same canonical record and same target) among the kept rows are removed, keeping the first.
"""
from __future__ import annotations

import json
import math
from collections import OrderedDict

from .records import INVALID
from .specs import nullable_fields


def _is_num(v) -> bool:
    return isinstance(v, (int, float)) and not isinstance(v, bool)


def check_rule(rule: dict, rec: dict, rules_doc: dict, nullable: set[str]) -> bool:
    """True when the record PASSES the rule."""
    field = rule["field"]
    v = rec.get(field)
    check = rule["check"]
    if check == "present":
        return v is not None
    if v is None:
        return field in nullable
    if v is INVALID:
        return False
    if check == "integer":
        return _is_num(v) and math.isfinite(v) and float(v) == math.floor(v)
    if check == "range":
        if not _is_num(v):
            return False
        if "min" in rule and v < rule["min"]:
            return False
        if "minExclusive" in rule and v <= rule["minExclusive"]:
            return False
        if "max" in rule and v > rule["max"]:
            return False
        if "maxExclusive" in rule and v >= rule["maxExclusive"]:
            return False
        return True
    if check == "enum":
        return isinstance(v, str) and v in rules_doc["enums"][rule["enum"]]
    if check == "max_working_life":
        age = rec.get("age")
        if not _is_num(age) or not _is_num(v):
            return _is_num(v) or v is None
        return v <= age - rules_doc["minWorkingAge"]
    raise ValueError(f"unknown rule check {check!r} in rule {rule['id']}")


def validate_record(rec: dict, rules_doc: dict, feature_spec: dict, fields_present: set[str] | None = None):
    """Return (rejected_rule_ids, repaired_rule_ids) for one canonical record, rules in file order."""
    nullable = nullable_fields(feature_spec)
    present = set(rec.keys()) if fields_present is None else fields_present
    rejected, repaired = [], []
    for rule in rules_doc["rules"]:
        if rule["field"] not in present:
            continue
        if check_rule(rule, rec, rules_doc, nullable):
            continue
        (rejected if rule["action"] == "reject" else repaired).append(rule["id"])
    return rejected, repaired


def clean(rows: list[dict], rules_doc: dict, feature_spec: dict, mapped_fields: set[str]):
    """rows: [{'record':..., 'target':...}] -> (kept_rows, report dict)."""
    nullable = nullable_fields(feature_spec)
    counts: "OrderedDict[str, dict]" = OrderedDict()
    for rule in rules_doc["rules"]:
        counts[rule["id"]] = {
            "field": rule["field"],
            "action": rule["action"],
            "check": rule["check"],
            "applicable": rule["field"] in mapped_fields,
            "violations": 0,
            "dropped_first": 0,
            "message": rule["message"],
        }
    parse_counts: "OrderedDict[str, int]" = OrderedDict()
    kept = []
    for row in rows:
        rec = row["record"]
        first = None
        for rule in rules_doc["rules"]:
            if rule["field"] not in mapped_fields:
                continue
            if not check_rule(rule, rec, rules_doc, nullable):
                c = counts[rule["id"]]
                c["violations"] += 1
                if rule["action"] == "reject" and first is None:
                    first = rule["id"]
        parse_fail = [f"{k}.parse" for k, v in rec.items() if v is INVALID and not any(
            r["field"] == k and r["check"] != "present" for r in rules_doc["rules"])]
        if row["target"] is INVALID:
            parse_fail.append("target.parse")
        for p in parse_fail:
            parse_counts[p] = parse_counts.get(p, 0) + 1
        if first is not None:
            counts[first]["dropped_first"] += 1
            continue
        if parse_fail:
            continue
        kept.append(row)
    # exact duplicates
    seen = set()
    deduped = []
    for row in kept:
        key = json.dumps([row["record"], row["target"]], sort_keys=True, default=str)
        if key in seen:
            continue
        seen.add(key)
        deduped.append(row)
    report = {
        "rows_in": len(rows),
        "rules": counts,
        "parse_failures": dict(parse_counts),
        "rows_rejected": len(rows) - len(kept),
        "duplicates_removed": len(kept) - len(deduped),
        "rows_out": len(deduped),
        "rows_repaired": sum(
            1 for r in deduped
            if any(rule["action"] == "repair" and rule["field"] in mapped_fields
                   and not check_rule(rule, r["record"], rules_doc, nullable) for rule in rules_doc["rules"])
        ),
    }
    return deduped, report


def format_report(rep: dict) -> str:
    lines = [f"rows in: {rep['rows_in']}"]
    for rid, c in rep["rules"].items():
        if not c["applicable"]:
            lines.append(f"  {rid:45s} n/a (field {c['field']} not in dataset)")
            continue
        extra = f", dropped (first rule) {c['dropped_first']}" if c["action"] == "reject" else " (repaired, kept)"
        lines.append(f"  {rid:45s} {c['action']:6s} violations {c['violations']}{extra}")
    for k, v in rep["parse_failures"].items():
        lines.append(f"  {k:45s} reject violations {v}")
    lines.append(f"rows rejected: {rep['rows_rejected']}, exact duplicates removed: {rep['duplicates_removed']}, "
                 f"rows repaired: {rep['rows_repaired']}, rows out: {rep['rows_out']}")
    return "\n".join(lines)
