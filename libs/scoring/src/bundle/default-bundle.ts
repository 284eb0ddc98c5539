import { fileURLToPath } from 'node:url';

/** The model bundle shipped in the repo: what a service serves or checks against when no registry has a model. */
export const DEFAULT_BUNDLE_DIR = fileURLToPath(new URL('../../assets/default-bundle', import.meta.url));
