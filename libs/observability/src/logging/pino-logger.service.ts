import { Inject, Injectable, type LoggerService, type LogLevel } from '@nestjs/common';
import type { Level, Logger } from 'pino';
import { LOGGER } from './logging.constants.js';

const NEST_TO_PINO: Record<LogLevel, Level> = {
  fatal: 'fatal',
  error: 'error',
  warn: 'warn',
  log: 'info',
  debug: 'debug',
  verbose: 'trace',
};
// Most to least verbose, for picking the threshold out of Nest's level list.
const PINO_ORDER: readonly Level[] = ['trace', 'debug', 'info', 'warn', 'error', 'fatal'];
// Same test as Nest's ConsoleLogger: a string whose lines look like "    at fn (file:1:2)".
const STACK = /\n[ \t]+at .+:\d+:\d+/;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null) return false;
  const proto: unknown = Object.getPrototypeOf(value);
  return proto === Object.prototype || proto === null;
}

function isStack(value: unknown): value is string | undefined {
  return value === undefined || (typeof value === 'string' && STACK.test(value));
}

/**
 * Routes Nest's logs to pino: `app.useLogger(app.get(PinoLoggerService))`.
 * Understands Nest's calling conventions: trailing string = context, `error(message, stack?, context?)`,
 * plain-object params are merged into the JSON line, Error messages are serialised as `err`.
 */
@Injectable()
export class PinoLoggerService implements LoggerService {
  constructor(@Inject(LOGGER) private readonly logger: Logger) {}

  log(message: unknown, ...optionalParams: unknown[]): void {
    this.write('info', message, optionalParams, false);
  }

  error(message: unknown, ...optionalParams: unknown[]): void {
    this.write('error', message, optionalParams, true);
  }

  warn(message: unknown, ...optionalParams: unknown[]): void {
    this.write('warn', message, optionalParams, false);
  }

  debug(message: unknown, ...optionalParams: unknown[]): void {
    this.write('debug', message, optionalParams, false);
  }

  verbose(message: unknown, ...optionalParams: unknown[]): void {
    this.write('trace', message, optionalParams, false);
  }

  fatal(message: unknown, ...optionalParams: unknown[]): void {
    this.write('fatal', message, optionalParams, true);
  }

  setLogLevels(levels: LogLevel[]): void {
    const enabled = new Set(levels.map((level) => NEST_TO_PINO[level]));
    this.logger.level = PINO_ORDER.find((level) => enabled.has(level)) ?? 'silent';
  }

  private write(level: Level, message: unknown, params: unknown[], mayHaveStack: boolean): void {
    if (!this.logger.isLevelEnabled(level)) return;
    const args = [...params];
    const fields: Record<string, unknown> = {};

    if (mayHaveStack) {
      // error(message, stack) or error(message, stack, context)
      if (args.length === 1 && isStack(args[0])) {
        fields['stack'] = args.pop();
      } else if (args.length >= 2 && isStack(args.at(-2)) && typeof args.at(-1) === 'string') {
        fields['context'] = args.pop();
        fields['stack'] = args.pop();
      }
    }
    if (fields['context'] === undefined && args.length > 0 && typeof args.at(-1) === 'string') {
      fields['context'] = args.pop();
    }
    if (fields['stack'] === undefined) delete fields['stack'];

    const extra: unknown[] = [];
    for (const arg of args) {
      if (isPlainObject(arg)) Object.assign(fields, arg);
      else if (arg instanceof Error) fields['err'] = arg;
      else extra.push(arg);
    }
    if (extra.length > 0) fields['params'] = extra;

    if (message instanceof Error) {
      this.logger[level]({ ...fields, err: message }, message.message);
    } else if (isPlainObject(message)) {
      this.logger[level]({ ...fields, ...message });
    } else {
      this.logger[level](fields, typeof message === 'string' ? message : String(message));
    }
  }
}
