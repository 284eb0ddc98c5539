import email.parser
import email.policy
import http.server
import json
import threading

import pytest

from riskstream_training import bundle, registry


class _Handler(http.server.BaseHTTPRequestHandler):
    received = []
    status = 201

    def do_POST(self):  # noqa: N802
        body = self.rfile.read(int(self.headers["Content-Length"]))
        _Handler.received.append((self.path, dict(self.headers), body))
        self.send_response(_Handler.status)
        self.send_header("Content-Type", "application/json")
        self.end_headers()
        self.wfile.write(json.dumps({"id": "m-1", "status": "registered"}).encode())

    def log_message(self, *a):
        pass


@pytest.fixture()
def server():
    _Handler.received.clear()
    _Handler.status = 201
    srv = http.server.ThreadingHTTPServer(("127.0.0.1", 0), _Handler)
    t = threading.Thread(target=srv.serve_forever, daemon=True)
    t.start()
    yield f"http://127.0.0.1:{srv.server_address[1]}", _Handler
    srv.shutdown()
    srv.server_close()


def test_upload_multipart(trained_bundle, server, monkeypatch):
    url, h = server
    out, res = trained_bundle
    monkeypatch.setenv("RISKSTREAM_REGISTRY_TOKEN", "t0ken")
    r = registry.upload(url + "/", out)
    assert r["id"] == "m-1" and r["bundleSha256"] == res["digest"]
    path, headers, body = h.received[0]
    assert path == "/v1/models"
    assert headers["Authorization"] == "Bearer t0ken"
    msg = email.parser.BytesParser(policy=email.policy.HTTP).parsebytes(
        b"Content-Type: " + headers["Content-Type"].encode() + b"\r\n\r\n" + body)
    parts = list(msg.iter_parts())
    by_name = {}
    for p in parts:
        by_name.setdefault(p.get_param("name", header="content-disposition"), []).append(p)
    assert by_name["manifest"][0].get_payload(decode=True) == (out / "manifest.json").read_bytes()
    assert by_name["bundleSha256"][0].get_payload(decode=True).decode().strip() == res["digest"]
    files = {p.get_filename(): p.get_payload(decode=True) for p in by_name["files"]}
    assert set(files) == set(bundle.bundle_files(out)) | {"bundle.sha256"}
    assert files["model.onnx"] == (out / "model.onnx").read_bytes()


def test_upload_error_status(trained_bundle, server):
    url, h = server
    h.status = 409
    with pytest.raises(registry.RegistryError, match="409"):
        registry.upload(url, trained_bundle[0])


def test_upload_unreachable(trained_bundle):
    with pytest.raises(registry.RegistryError, match="unreachable"):
        registry.upload("http://127.0.0.1:9", trained_bundle[0], timeout=2)
