import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  ModelRegistryClient,
  RegistryProtocolError,
  RegistryUnavailableError,
} from './model-registry.client.js';
import { deadUrl } from './testing/fake-registry.js';

/** A server answering every request with one canned response. */
async function answering(status: number, body: string, type = 'application/json'): Promise<[Server, string]> {
  const server = createServer((_req, res) => {
    res.writeHead(status, { 'content-type': type });
    res.end(body);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return [server, `http://127.0.0.1:${(server.address() as AddressInfo).port}`];
}

describe('ModelRegistryClient.production', () => {
  const servers: Server[] = [];
  const client = async (status: number, body: unknown, type?: string) => {
    const [server, url] = await answering(
      status,
      typeof body === 'string' ? body : JSON.stringify(body),
      type,
    );
    servers.push(server);
    return new ModelRegistryClient(`${url}/`);
  };
  afterAll(() => Promise.all(servers.map((s) => new Promise((r) => s.close(r)))));

  it('reads the production version', async () => {
    const c = await client(200, {
      modelName: 'm',
      modelVersion: 'v2',
      bundleSha256: 'a'.repeat(64),
      stage: 'PRODUCTION',
    });
    await expect(c.production('m')).resolves.toEqual({
      modelName: 'm',
      modelVersion: 'v2',
      bundleSha256: 'a'.repeat(64),
    });
  });

  it("takes only the registry's NO_PRODUCTION_VERSION problem as 'no production version'", async () => {
    await expect((await client(404, { code: 'NO_PRODUCTION_VERSION' })).production('m')).resolves.toBeNull();
    // Another service (or a wrong path) answering 404 must not pass for "serve the default bundle".
    await expect((await client(404, { message: 'Cannot GET' })).production('m')).rejects.toBeInstanceOf(
      RegistryProtocolError,
    );
    await expect(
      (await client(404, '<html>not found</html>', 'text/html')).production('m'),
    ).rejects.toBeInstanceOf(RegistryProtocolError);
  });

  it('refuses an answer for another model or without a digest', async () => {
    const other = await client(200, { modelName: 'x', modelVersion: 'v2', bundleSha256: 'a'.repeat(64) });
    await expect(other.production('m')).rejects.toBeInstanceOf(RegistryProtocolError);
    const noDigest = await client(200, { modelName: 'm', modelVersion: 'v2' });
    await expect(noDigest.production('m')).rejects.toBeInstanceOf(RegistryProtocolError);
  });

  it('reports 5xx and connection failures as unavailable (retryable)', async () => {
    await expect((await client(503, { status: 503 })).production('m')).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    );
    await expect(new ModelRegistryClient(await deadUrl()).production('m')).rejects.toBeInstanceOf(
      RegistryUnavailableError,
    );
  });

  it('times out a registry that does not answer', async () => {
    const server = createServer(() => undefined); // never answers
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    servers.push(server);
    const slow = new ModelRegistryClient(`http://127.0.0.1:${(server.address() as AddressInfo).port}`, 200);
    await expect(slow.production('m')).rejects.toBeInstanceOf(RegistryUnavailableError);
    server.closeAllConnections();
  });
});
