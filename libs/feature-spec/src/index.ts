export * from './application-record.js';
export * from './feature-spec.js';
export * from './validation-rules.js';
