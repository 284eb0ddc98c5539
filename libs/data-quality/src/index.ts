export * from './data-quality.module.js';
export * from './data-quality-flags.counter.js';
export * from './data-quality.profile.js';
export * from './data-quality.reference.js';
export * from './data-quality.settings.js';
