import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { dirname } from 'node:path';
import { redact } from './mask';

type Level = 'debug' | 'info' | 'warn' | 'error';
const RANK: Record<Level, number> = { debug: 10, info: 20, warn: 30, error: 40 };

/**
 * Structured logs: one JSON object per line, every field passed through `redact`, so an ID
 * number or phone never reaches stdout or the log file in the clear.
 */
export class Logger {
  private readonly out: NodeJS.WritableStream;

  constructor(
    private readonly level: Level = 'info',
    file?: string,
    private readonly base: Record<string, unknown> = {},
  ) {
    this.out = file ? openAppend(file) : process.stdout;
  }

  child(fields: Record<string, unknown>): Logger {
    const child = Object.create(Logger.prototype) as Logger;
    Object.assign(child, this, { base: { ...this.base, ...fields } });
    return child;
  }

  debug(msg: string, fields?: Record<string, unknown>): void {
    this.write('debug', msg, fields);
  }
  info(msg: string, fields?: Record<string, unknown>): void {
    this.write('info', msg, fields);
  }
  warn(msg: string, fields?: Record<string, unknown>): void {
    this.write('warn', msg, fields);
  }
  error(msg: string, fields?: Record<string, unknown>): void {
    this.write('error', msg, fields);
  }

  private write(level: Level, msg: string, fields?: Record<string, unknown>): void {
    if (RANK[level] < RANK[this.level]) return;
    const record = redact({ at: new Date().toISOString(), level, msg, pid: process.pid, ...this.base, ...fields });
    this.out.write(`${JSON.stringify(record)}\n`);
  }
}

const streams = new Map<string, WriteStream>();

function openAppend(file: string): WriteStream {
  let stream = streams.get(file);
  if (!stream) {
    mkdirSync(dirname(file), { recursive: true });
    stream = createWriteStream(file, { flags: 'a' });
    streams.set(file, stream);
  }
  return stream;
}
