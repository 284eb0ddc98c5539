import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);

/**
 * A kafkajs module as published: a fresh instance, loaded apart from the one kafkajs uses (which the fixes in this
 * folder may have swapped), leaving the module cache as it was. What the fixes' tests compare against.
 */
export function publishedKafkaJsModule<T>(id: string): T {
  const path = require.resolve(id);
  const cached = require.cache[path];
  delete require.cache[path];
  try {
    return require(path) as T;
  } finally {
    if (cached) require.cache[path] = cached;
    else delete require.cache[path];
  }
}
