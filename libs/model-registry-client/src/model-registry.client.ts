/** The production version of a model, as the model registry names it. */
export interface ProductionModelRef {
  modelName: string;
  modelVersion: string;
  /** The bundle digest: sha256 of its bundle.sha256. */
  bundleSha256: string;
}

/** One file of a registered version (GET …/files). */
export interface RegistryFile {
  path: string;
  sha256: string;
  sizeBytes: number;
}

/** The registry could not be asked (connection refused, timeout, 5xx): worth retrying. */
export class RegistryUnavailableError extends Error {
  override readonly name = 'RegistryUnavailableError';
}

/** Something answered, but not the way the model registry answers (wrong URL, incompatible version): do not guess. */
export class RegistryProtocolError extends Error {
  override readonly name = 'RegistryProtocolError';
}

const HEX64 = /^[0-9a-f]{64}$/;

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * The few calls services make to the model registry's REST API (libs/model-registry), read tolerantly: only the
 * fields used here are checked. Every failure is either RegistryUnavailableError or RegistryProtocolError.
 */
export class ModelRegistryClient {
  private readonly baseUrl: string;

  constructor(
    baseUrl: string,
    private readonly timeoutMs = 10_000,
  ) {
    this.baseUrl = baseUrl.replace(/\/+$/, '');
  }

  get url(): string {
    return this.baseUrl;
  }

  /**
   * The production version of a model, or null when the registry says it has none. Only the registry's own
   * NO_PRODUCTION_VERSION problem means "none": any other 404 (e.g. MODEL_REGISTRY_URL pointing at another service)
   * is a protocol error, so a misconfiguration can never pass for "serve the default bundle".
   */
  async production(modelName: string): Promise<ProductionModelRef | null> {
    const res = await this.get(`/v1/models/${encodeURIComponent(modelName)}/production`);
    if (res.status === 404) {
      const body = await this.json(res).catch(() => undefined);
      if (isObject(body) && body['code'] === 'NO_PRODUCTION_VERSION') return null;
      throw new RegistryProtocolError(
        `${this.baseUrl} answered 404 without the registry's NO_PRODUCTION_VERSION problem: is MODEL_REGISTRY_URL the model registry?`,
      );
    }
    const body = await this.expectJson(res, 'the production version');
    if (
      !isObject(body) ||
      body['modelName'] !== modelName ||
      typeof body['modelVersion'] !== 'string' ||
      body['modelVersion'].length === 0 ||
      typeof body['bundleSha256'] !== 'string' ||
      !HEX64.test(body['bundleSha256'])
    )
      throw new RegistryProtocolError(
        `the production version of ${modelName} from ${this.baseUrl} lacks modelName / modelVersion / bundleSha256`,
      );
    return { modelName, modelVersion: body['modelVersion'], bundleSha256: body['bundleSha256'] };
  }

  /** The files of a version with their sha256. */
  async files(ref: ProductionModelRef): Promise<RegistryFile[]> {
    const res = await this.get(`${this.versionPath(ref)}/files`);
    const body = await this.expectJson(res, `the files of ${ref.modelName} ${ref.modelVersion}`);
    const files = isObject(body) ? body['files'] : undefined;
    if (
      !Array.isArray(files) ||
      !files.every(
        (f) =>
          isObject(f) &&
          typeof f['path'] === 'string' &&
          typeof f['sha256'] === 'string' &&
          typeof f['sizeBytes'] === 'number',
      )
    )
      throw new RegistryProtocolError(`the file list of ${ref.modelName} ${ref.modelVersion} is malformed`);
    return (files as Record<string, unknown>[]).map((f) => ({
      path: f['path'] as string,
      sha256: f['sha256'] as string,
      sizeBytes: f['sizeBytes'] as number,
    }));
  }

  /** One file's bytes (checked by the caller against the listing). */
  async download(ref: ProductionModelRef, path: string): Promise<Buffer> {
    const segments = path.split('/').map(encodeURIComponent).join('/');
    const res = await this.get(`${this.versionPath(ref)}/files/${segments}`);
    if (res.status !== 200) await this.fail(res, `${path} of ${ref.modelName} ${ref.modelVersion}`);
    try {
      return Buffer.from(await res.arrayBuffer());
    } catch (error) {
      throw new RegistryUnavailableError(`downloading ${path}: ${(error as Error).message}`, {
        cause: error,
      });
    }
  }

  private versionPath(ref: ProductionModelRef): string {
    return `/v1/models/${encodeURIComponent(ref.modelName)}/versions/${encodeURIComponent(ref.modelVersion)}`;
  }

  private async get(path: string): Promise<Response> {
    try {
      return await fetch(`${this.baseUrl}${path}`, { signal: AbortSignal.timeout(this.timeoutMs) });
    } catch (error) {
      const cause = (error as { cause?: { code?: string; message?: string } }).cause;
      const why = cause?.code ?? cause?.message ?? (error as Error).message;
      throw new RegistryUnavailableError(`model registry ${this.baseUrl} unreachable (${why})`, {
        cause: error,
      });
    }
  }

  private async expectJson(res: Response, what: string): Promise<unknown> {
    if (res.status !== 200) await this.fail(res, what);
    return this.json(res);
  }

  private async json(res: Response): Promise<unknown> {
    try {
      return await res.json();
    } catch (error) {
      throw new RegistryProtocolError(`${this.baseUrl} answered ${res.status} with a body that is not JSON`, {
        cause: error,
      });
    }
  }

  private async fail(res: Response, what: string): Promise<never> {
    const text = (await res.text().catch(() => '')).slice(0, 300);
    const message = `asking ${this.baseUrl} for ${what}: ${res.status} ${text}`;
    if (res.status >= 500 || res.status === 429 || res.status === 408)
      throw new RegistryUnavailableError(message);
    throw new RegistryProtocolError(message);
  }
}
