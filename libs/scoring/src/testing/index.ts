export * from './derived-bundle.js';
