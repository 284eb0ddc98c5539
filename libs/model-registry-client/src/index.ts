export {
  ModelRegistryClient,
  RegistryProtocolError,
  RegistryUnavailableError,
  type ProductionModelRef,
  type RegistryFile,
} from './model-registry.client.js';

export {
  followedRegistry,
  ModelFollowingServiceConfig,
  type FollowedRegistry,
} from './model-following.config.js';
export { MODEL_NAME_PATTERN, REGISTRY_OFF } from './registry-settings.js';
export {
  ProductionModelWatcher,
  ProductionModelWatcherService,
  type ProductionModelWatcherOptions,
} from './production-model.watcher.js';
