// Loaded with `node --import` before main.js so that OpenTelemetry patches http, express, kafkajs and pg
// before any of them is imported.
import { fixKafkaJs } from '@riskstream/messaging/kafkajs-fixes';
import { startTracing } from '@riskstream/observability/tracing';

// Before anything imports kafkajs: one of the fixes replaces a module kafkajs loads with its producer.
fixKafkaJs();

startTracing({ serviceName: 'scoring' });
