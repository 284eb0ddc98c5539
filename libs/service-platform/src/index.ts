export * from './platform.module.js';
export * from './bootstrap/run-service.js';
export * from './bootstrap/heap-growth.js';
export * from './http/problem-details.js';
export * from './http/problem-details.filter.js';
export * from './http/strict-validation.pipe.js';
export * from './http/problem-details.openapi.js';
