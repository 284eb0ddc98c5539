// The test's own Kafka clients (producers of input, consumers of output) get the services' kafkajs fixes, so they
// behave like the services' clients and do not run kafkajs's idle 1 ms timer loop (a TimeoutNegativeWarning per
// test file). Runs in each test worker before the test file imports kafkajs.
import { fixKafkaJs } from '@riskstream/messaging/kafkajs-fixes';

fixKafkaJs();
