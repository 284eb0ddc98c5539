export {
  ModelRegistryClient,
  RegistryProtocolError,
  RegistryUnavailableError,
  type ProductionModelRef,
  type RegistryFile,
} from './model-registry.client.js';
