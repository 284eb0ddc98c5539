import { createServer, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ScoringClient, ScoringProtocolError, ScoringUnavailableError } from './scoring.client.js';

const ID = '8fe75d44-1c28-4e2d-b2b6-4afa443628b0';
const SCORE = {
  applicationId: ID,
  customerId: 'C-1',
  modelName: 'credit-risk-pd',
  modelVersion: '20261122T025004Z-6a16d432',
  featureSpecVersion: '1',
  probabilityOfDefault: 0.0456731915473938,
  riskBand: 'B',
  decision: 'APPROVE',
  reasonCodes: [{ feature: 'annual_income', contribution: -0.47472847466131907, value: 91081 }],
  scoredAt: '2026-11-23T00:40:44.255Z',
};

/** A real HTTP server standing in for the scoring service; each test says how it answers. */
let answer: (path: string, res: ServerResponse) => void;
let server: Server;
let base: string;

beforeAll(async () => {
  server = createServer((req, res) => answer(req.url ?? '', res));
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((r) => server.close(() => r()));
});

const json = (status: number, body: unknown) => (_path: string, res: ServerResponse) => {
  res.writeHead(status, { 'content-type': 'application/json' }).end(JSON.stringify(body));
};
const client = (timeoutMs = 2_000) => new ScoringClient({ url: `${base}/`, timeoutMs });

describe('ScoringClient', () => {
  it('asks GET /v1/scores/{applicationId} and returns the score as the contract reads it', async () => {
    let asked = '';
    answer = (path, res) => {
      asked = path;
      json(200, { ...SCORE, addedLater: 'ignored' })(path, res);
    };
    const score = await client().score(ID);
    expect(asked).toBe(`/v1/scores/${ID}`);
    expect({ ...score }).toEqual({ ...SCORE, reasonCodes: [expect.objectContaining(SCORE.reasonCodes[0])] });
    expect(score).not.toHaveProperty('addedLater');
  });

  it('keeps its connection to scoring open between lookups', async () => {
    answer = json(200, SCORE);
    const scoring = client();
    let connections = 0;
    const count = () => connections++;
    server.on('connection', count);
    try {
      for (let i = 0; i < 5; i++) expect(await scoring.score(ID)).not.toBeNull();
    } finally {
      server.off('connection', count);
      scoring.onApplicationShutdown();
    }
    expect(connections).toBe(1);
  });

  it("returns null only for scoring's own SCORE_NOT_FOUND", async () => {
    answer = json(404, { status: 404, code: 'SCORE_NOT_FOUND', title: 'no score' });
    expect(await client().score(ID)).toBeNull();
  });

  it('calls any other 404 a protocol error: SCORING_URL is not the scoring service', async () => {
    answer = json(404, { statusCode: 404, message: 'Cannot GET' });
    await expect(client().score(ID)).rejects.toThrow(ScoringProtocolError);
    await expect(client().score(ID)).rejects.toThrow(/is SCORING_URL the scoring service/);
  });

  it('refuses a 200 that breaks the score contract, naming the field', async () => {
    answer = json(200, { ...SCORE, probabilityOfDefault: 1.5 });
    await expect(client().score(ID)).rejects.toThrow(ScoringProtocolError);
    await expect(client().score(ID)).rejects.toThrow(/probabilityOfDefault/);
  });

  it("refuses another application's score", async () => {
    answer = json(200, { ...SCORE, applicationId: '00000000-0000-4000-8000-000000000000' });
    await expect(client().score(ID)).rejects.toThrow(/answered with 00000000-0000-4000-8000-000000000000/);
  });

  it('refuses a 200 whose body is not JSON', async () => {
    answer = (_path, res) => res.writeHead(200).end('<html>proxy</html>');
    await expect(client().score(ID)).rejects.toThrow(/not JSON: <html>proxy<\/html>/);
  });

  it('calls a 5xx, 429 or 408 unavailable (worth retrying)', async () => {
    for (const status of [500, 503, 429, 408]) {
      answer = json(status, { status });
      await expect(client().score(ID)).rejects.toThrow(ScoringUnavailableError);
    }
  });

  it('gives up after its timeout and says so', async () => {
    answer = () => undefined; // never answers
    await expect(client(300).score(ID)).rejects.toThrow(/no answer within 300 ms/);
  });

  it('reports a refused connection as unavailable, with its cause', async () => {
    const closed = createServer();
    await new Promise<void>((r) => closed.listen(0, '127.0.0.1', r));
    const port = (closed.address() as AddressInfo).port;
    await new Promise<void>((r) => closed.close(() => r()));
    const error = await new ScoringClient({ url: `http://127.0.0.1:${port}`, timeoutMs: 2_000 })
      .score(ID)
      .catch((e: unknown) => e);
    expect(error).toBeInstanceOf(ScoringUnavailableError);
    expect((error as Error).message).toContain('ECONNREFUSED');
  });
});
