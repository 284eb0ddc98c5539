export { deadUrl, FakeRegistry } from './fake-registry.js';
