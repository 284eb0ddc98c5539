/** The value of MODEL_REGISTRY_URL that runs a service without a registry (on its default bundle only). */
export const REGISTRY_OFF = 'off';

/** What the registry accepts as a model name (MODEL_NAME). */
export const MODEL_NAME_PATTERN = /^[A-Za-z0-9][A-Za-z0-9._-]{0,127}$/;
