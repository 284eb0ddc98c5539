import csv
import json

from riskstream_training import synth


def test_csv_format(small_csv):
    with open(small_csv, newline="") as f:
        r = csv.reader(f)
        assert next(r) == synth.COLUMNS
        rows = list(r)
    assert len(rows) == 3000
    rate = sum(int(x[synth.COLUMNS.index("loan_status")]) for x in rows) / len(rows)
    assert 0.12 < rate < 0.35


def test_events(tmp_path):
    p = tmp_path / "e.jsonl"
    meta = synth.make_events(str(p), 400, seed=3, bureau_missing_share=0.1)
    ev = [json.loads(line) for line in p.read_text().splitlines()]
    apps = [e for e in ev if e["topic"] == "lending.loan-application.submitted.v1"]
    bur = [e for e in ev if e["topic"] == "bureau.credit-report.received.v1"]
    assert len(apps) == 400 and len(bur) == meta["bureauReports"] and 300 < len(bur) < 400
    a = apps[0]["value"]
    assert set(a) >= {"applicationId", "customerId", "submittedAt", "applicant", "loan"}
    assert apps[0]["key"] == a["applicationId"] and len(a["applicationId"]) == 36 and a["applicationId"][14] == "4"
    assert set(a["loan"]) == {"amount", "currency", "intent", "grade", "interestRatePct"}
    b = bur[0]["value"]
    assert set(b) == {"reportId", "customerId", "bureau", "reportedAt", "priorDefaultOnFile",
                      "creditHistoryLengthYears"}
    assert isinstance(b["creditHistoryLengthYears"], int) and isinstance(b["priorDefaultOnFile"], bool)
    custs = {e["value"]["customerId"] for e in apps}
    assert all(e["value"]["customerId"] in custs for e in bur)
    times = [e["value"].get("submittedAt") or e["value"]["reportedAt"] for e in ev]
    assert times == sorted(times)
