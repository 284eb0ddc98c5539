const SECRET_NAME = /(PASSWORD|PASSWD|SECRET|TOKEN|API_?KEY|PRIVATE_KEY|CREDENTIALS?)$/i;
// Greedy up to the last "@" so passwords containing "@" or ":" are still fully hidden.
const URL_USERINFO = /^([a-z][a-z0-9+.-]*:\/\/[^:/@\s]*:)(.*)(@[^@]*)$/i;

export const MASK = '***';

/** True for variable names whose whole value is a secret (e.g. KAFKA_SASL_PASSWORD). */
export function isSecretName(name: string): boolean {
  return SECRET_NAME.test(name);
}

/** Hides the password of `scheme://user:password@host` URLs, also when the URL is malformed. */
export function maskUrlCredentials(value: string): string {
  return value.replace(
    URL_USERINFO,
    (_all, head: string, _password: string, tail: string) => `${head}${MASK}${tail}`,
  );
}

/** Renders an env value for an error message without leaking secrets. */
export function describeEnvValue(name: string, raw: string | undefined): string {
  if (raw === undefined) return 'not set';
  if (isSecretName(name)) return `got ${MASK}`;
  return `got ${JSON.stringify(maskUrlCredentials(raw))}`;
}
