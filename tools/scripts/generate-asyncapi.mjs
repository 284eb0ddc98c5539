// Writes docs/asyncapi.yaml from the contracts (built). Run: npm run asyncapi
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { stringify } from 'yaml';
import { buildAsyncApiDocument } from '@riskstream/contracts';

const root = new URL('../../', import.meta.url);
const { version } = JSON.parse(readFileSync(new URL('package.json', root), 'utf8'));
const doc = buildAsyncApiDocument(version);
const header = '# Generated from libs/contracts by `npm run asyncapi`. Do not edit by hand.\n';
writeFileSync(new URL('docs/asyncapi.yaml', root), header + stringify(doc, { aliasDuplicateObjects: false }));
console.log('wrote docs/asyncapi.yaml');
