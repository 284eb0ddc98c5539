export * from './data-quality.module.js';
export * from './data-quality.profile.js';
export * from './data-quality.reference.js';
