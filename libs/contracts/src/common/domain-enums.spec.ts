import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { HOME_OWNERSHIPS, LOAN_GRADES, LOAN_INTENTS } from './domain-enums.js';

const rulesPath = fileURLToPath(
  new URL('../../../feature-spec/spec/validation-rules.v1.json', import.meta.url),
);
const rules = JSON.parse(readFileSync(rulesPath, 'utf8')) as {
  enums: { homeOwnership: string[]; loanIntent: string[]; loanGrade: string[] };
};

describe('domain enums', () => {
  it('match the shared validation rules read by the training pipeline', () => {
    expect([...HOME_OWNERSHIPS]).toEqual(rules.enums.homeOwnership);
    expect([...LOAN_INTENTS]).toEqual(rules.enums.loanIntent);
    expect([...LOAN_GRADES]).toEqual(rules.enums.loanGrade);
  });
});
