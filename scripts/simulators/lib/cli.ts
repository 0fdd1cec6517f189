/**
 * What the simulators' `main.ts` entries share: reading the environment (an empty variable counts
 * as unset), failing with the simulator's name, and closing cleanly on SIGINT/SIGTERM.
 */
import type { Running } from './lifecycle';

export class SimulatorCli {
  constructor(private readonly name: string) {}

  fail(message: string): never {
    process.stderr.write(`${this.name} simulator: ${message}\n`);
    process.exit(1);
  }

  env(name: string): string | undefined {
    const value = process.env[name];
    return value === undefined || value === '' ? undefined : value;
  }

  /** An integer in [0, max]; `digitsOnly` also refuses spellings Number() accepts (`1e3`, `0x10`, ` 7`). */
  int(name: string, fallback: number, max: number, options: { digitsOnly?: boolean } = {}): number {
    const raw = this.env(name);
    if (raw === undefined) return fallback;
    const value = Number(raw);
    const ok = options.digitsOnly ? /^\d+$/.test(raw) && Number.isSafeInteger(value) && value <= max : Number.isInteger(value) && value >= 0 && value <= max;
    if (!ok) this.fail(`${name} must be an integer 0-${max}, got ${JSON.stringify(raw)}`);
    return value;
  }

  /** One of `allowed`. */
  choice<T extends string>(name: string, allowed: readonly T[], fallback: T): T {
    const raw = this.env(name);
    if (raw === undefined) return fallback;
    return allowed.find((a) => a === raw) ?? this.fail(`${name} must be ${allowed.join(' or ')}, got ${JSON.stringify(raw)}`);
  }

  /** An absolute http(s) URL, or undefined when unset. */
  httpUrl(name: string): string | undefined {
    const raw = this.env(name);
    if (raw === undefined) return undefined;
    try {
      const url = new URL(raw);
      if (url.protocol === 'http:' || url.protocol === 'https:') return raw;
    } catch {
      // Reported below.
    }
    return this.fail(`${name} must be an http(s) URL, got ${JSON.stringify(raw)}`);
  }

  /** Runs `main`; a started simulator closes on SIGINT/SIGTERM and the process exits when it has. */
  run(main: () => Promise<Pick<Running, 'close'>>): void {
    main().then(
      (sim) => {
        let stopping = false;
        const stop = (): void => {
          if (stopping) return;
          stopping = true;
          sim.close().then(
            () => process.exit(0),
            (error: unknown) => this.fail(`close failed: ${String(error)}`),
          );
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      },
      (error: unknown) => this.fail(error instanceof Error ? error.message : String(error)),
    );
  }
}
