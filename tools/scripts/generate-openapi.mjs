// Writes docs/openapi.yaml from the gateway's request classes, docs/model-registry.openapi.yaml from the model
// registry's and docs/scoring.openapi.yaml from the scoring service's (built). Run: npm run openapi
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildOpenApiDocument } from '@riskstream/gateway-api';
import { buildModelRegistryOpenApiDocument } from '@riskstream/model-registry';
import { buildScoringOpenApiDocument } from '@riskstream/prediction';

const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const documents = [
  ['docs/openapi.yaml', 'libs/gateway-api', buildOpenApiDocument],
  ['docs/model-registry.openapi.yaml', 'libs/model-registry', buildModelRegistryOpenApiDocument],
  ['docs/scoring.openapi.yaml', 'libs/prediction', buildScoringOpenApiDocument],
];
for (const [file, lib, build] of documents) {
  const header = `# Generated from ${lib} by \`npm run openapi\`. Do not edit by hand.\n`;
  writeFileSync(new URL(file, root), header + stringify(build(version), { aliasDuplicateObjects: false }));
  console.log(`wrote ${file}`);
}
