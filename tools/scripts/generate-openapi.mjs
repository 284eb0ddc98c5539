// Writes docs/openapi.yaml from the gateway's request classes (built). Run: npm run openapi
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from '@riskstream/gateway-api';

const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const header = '# Generated from libs/gateway-api by `npm run openapi`. Do not edit by hand.\n';
writeFileSync(
  new URL('docs/openapi.yaml', root),
  header + stringify(buildOpenApiDocument(version), { aliasDuplicateObjects: false }),
);
console.log('wrote docs/openapi.yaml');
