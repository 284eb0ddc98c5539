"""Model registry client: upload a bundle folder.

Protocol (the registry service implements the server side):
  POST {URL}/v1/models
  Content-Type: multipart/form-data; boundary=...
  Authorization: Bearer $RISKSTREAM_REGISTRY_TOKEN   (only when that variable is set)
  parts, in this order:
    name="manifest"  filename="manifest.json"  Content-Type: application/json   (the manifest bytes)
    name="files"     filename="<relative path>" Content-Type: by extension      (one part per bundle file,
                     including manifest.json again and bundle.sha256, in bundle.sha256 order, bundle.sha256 last)
  fields: name="modelName", name="modelVersion", name="bundleSha256" (sha256 of bundle.sha256's bytes)
  Success: 200 or 201 with a JSON body (returned as a dict); anything else raises RegistryError with the body.
"""
from __future__ import annotations

import json
import os
import urllib.error
import urllib.request
import uuid
from pathlib import Path

from . import bundle

CONTENT_TYPES = {".json": "application/json", ".onnx": "application/octet-stream", ".md": "text/markdown",
                 ".png": "image/png", ".sha256": "text/plain"}


class RegistryError(RuntimeError):
    pass


def build_multipart(folder: Path) -> tuple[bytes, str, dict]:
    folder = Path(folder)
    digest = bundle.verify_bundle(folder)
    manifest_bytes = (folder / "manifest.json").read_bytes()
    manifest = json.loads(manifest_bytes)
    boundary = "riskstream-" + uuid.uuid4().hex
    parts: list[bytes] = []

    def part(name: str, data: bytes, filename: str | None = None, ctype: str | None = None):
        h = f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"'
        if filename is not None:
            h += f'; filename="{filename}"'
        h += "\r\n"
        if ctype:
            h += f"Content-Type: {ctype}\r\n"
        parts.append(h.encode("utf-8") + b"\r\n" + data + b"\r\n")

    part("manifest", manifest_bytes, "manifest.json", "application/json")
    part("modelName", str(manifest["modelName"]).encode())
    part("modelVersion", str(manifest["modelVersion"]).encode())
    part("bundleSha256", digest.encode())
    for rel in bundle.bundle_files(folder) + [bundle.SHA_FILE]:
        part("files", (folder / rel).read_bytes(), rel, CONTENT_TYPES.get(Path(rel).suffix, "application/octet-stream"))
    body = b"".join(parts) + f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}", {"digest": digest, "manifest": manifest}


def upload(url: str, folder: Path | str, timeout: float = 60.0) -> dict:
    body, ctype, meta = build_multipart(Path(folder))
    req = urllib.request.Request(url.rstrip("/") + "/v1/models", data=body, method="POST",
                                 headers={"Content-Type": ctype, "Content-Length": str(len(body)),
                                          "Accept": "application/json"})
    token = os.environ.get("RISKSTREAM_REGISTRY_TOKEN")
    if token:
        req.add_header("Authorization", f"Bearer {token}")
    try:
        with urllib.request.urlopen(req, timeout=timeout) as resp:
            status = resp.status
            text = resp.read().decode("utf-8", "replace")
    except urllib.error.HTTPError as e:
        raise RegistryError(f"registry answered {e.code}: {e.read().decode('utf-8', 'replace')[:500]}") from e
    except urllib.error.URLError as e:
        raise RegistryError(f"registry unreachable at {url}: {e.reason}") from e
    if status not in (200, 201):
        raise RegistryError(f"registry answered {status}: {text[:500]}")
    try:
        out = json.loads(text) if text.strip() else {}
    except json.JSONDecodeError:
        out = {"body": text}
    out.setdefault("bundleSha256", meta["digest"])
    return out
