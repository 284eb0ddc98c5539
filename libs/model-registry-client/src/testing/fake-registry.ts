// Test support: an HTTP server answering the few model-registry routes the client calls, from bundle folders
// on disk. The real registry is exercised by libs/model-registry's integration spec and the e2e suite.
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { sha256Hex } from '@riskstream/scoring';
import { readBundle } from '@riskstream/scoring/testing';

interface Version {
  modelName: string;
  modelVersion: string;
  digest: string;
  files: Map<string, Buffer>;
}

export class FakeRegistry {
  private readonly versions = new Map<string, Version>();
  private readonly productionOf = new Map<string, string>();
  private server: Server | undefined;
  /** Answer every request with this status instead (e.g. 503), when set. */
  failWith: number | undefined;
  /** Bytes served in place of a file's real bytes (the listing keeps the real sha256). */
  readonly tampered = new Map<string, Buffer>();
  readonly requests: string[] = [];

  async add(modelName: string, modelVersion: string, dir: string, digest: string): Promise<void> {
    this.versions.set(`${modelName}/${modelVersion}`, {
      modelName,
      modelVersion,
      digest,
      files: await readBundle(dir),
    });
  }

  /** Changes a file of a version, listing included (a registry that altered what it stores). */
  replaceFile(modelName: string, modelVersion: string, path: string, bytes: Buffer): void {
    this.versions.get(`${modelName}/${modelVersion}`)!.files.set(path, bytes);
  }

  /** No production versions, no failures, nothing tampered. */
  reset(): void {
    this.productionOf.clear();
    this.failWith = undefined;
    this.tampered.clear();
  }

  promote(modelName: string, modelVersion: string): void {
    this.productionOf.set(modelName, modelVersion);
  }

  async start(): Promise<string> {
    this.server = createServer((req, res) => {
      const url = decodeURI(req.url ?? '');
      this.requests.push(url);
      const send = (status: number, body: unknown, type = 'application/json') => {
        res.writeHead(status, { 'content-type': type });
        res.end(Buffer.isBuffer(body) ? body : JSON.stringify(body));
      };
      if (this.failWith) return send(this.failWith, { status: this.failWith });
      let m = /^\/v1\/models\/([^/]+)\/production$/.exec(url);
      if (m) {
        const version = this.productionOf.get(m[1]!);
        const v = version && this.versions.get(`${m[1]}/${version}`);
        if (!v)
          return send(
            404,
            { status: 404, code: 'NO_PRODUCTION_VERSION', title: 'none' },
            'application/problem+json',
          );
        return send(200, { modelName: v.modelName, modelVersion: v.modelVersion, bundleSha256: v.digest });
      }
      m = /^\/v1\/models\/([^/]+)\/versions\/([^/]+)\/files(?:\/(.+))?$/.exec(url);
      const v = m && this.versions.get(`${m[1]}/${m[2]}`);
      if (!m || !v)
        return send(404, { status: 404, code: 'MODEL_VERSION_NOT_FOUND' }, 'application/problem+json');
      if (m[3] === undefined)
        return send(200, {
          modelName: v.modelName,
          modelVersion: v.modelVersion,
          bundleSha256: v.digest,
          files: [...v.files].map(([path, bytes]) => ({
            path,
            sha256: sha256Hex(bytes),
            sizeBytes: bytes.length,
          })),
        });
      const bytes = this.tampered.get(`${m[1]}/${m[2]}/${m[3]}`) ?? v.files.get(m[3]);
      if (!bytes) return send(404, { status: 404, code: 'MODEL_FILE_NOT_FOUND' }, 'application/problem+json');
      return send(200, bytes, 'application/octet-stream');
    });
    await new Promise<void>((resolve) => this.server!.listen(0, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    await new Promise<void>((resolve) => (this.server ? this.server.close(() => resolve()) : resolve()));
  }
}

/** A URL nothing listens on. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as AddressInfo).port;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}`;
}
