// Loaded with `node --import` before main.js so that OpenTelemetry patches http, express, kafkajs and pg
// before any of them is imported.
import { startTracing } from '@riskstream/observability/tracing';

startTracing({ serviceName: 'ingestion' });
