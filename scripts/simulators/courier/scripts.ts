/**
 * Canned scenarios (§5 `script`, and `auto` for the developer stack): one route per step,
 * `stepDelayMs` apart in real time, each pushed. A new script for the same order replaces the
 * running one; a cancel, a reset or close ends it.
 */
import { SCENARIO_STEPS, type Scenario } from './canonical';
import { appendRoute } from './orders';
import type { Runtime } from './runtime';
import type { Order, ScriptRun } from './state';
import { Timers } from '../lib/timers';

export class ScriptRunner {
  private readonly timers = new Timers();
  private closed = false;

  constructor(private readonly rt: Runtime) {}

  start(order: Order, scenario: Scenario, stepDelayMs: number, origin: ScriptRun['origin']): ScriptRun {
    const state = this.rt.state;
    const steps = SCENARIO_STEPS[scenario];
    const run: ScriptRun = { scenario, stepDelayMs, steps: steps.map((s) => s.opCode), done: 0, origin, finished: false };
    state.scripts.set(order, run);
    const generation = state.generation;
    const live = (): boolean => !this.closed && state.generation === generation && state.scripts.get(order) === run && order.cancelledAt === undefined;
    const play = async (): Promise<void> => {
      for (const step of steps) {
        await this.timers.sleep(stepDelayMs);
        if (!live()) return;
        appendRoute(this.rt, order, step, true);
        run.done += 1;
      }
      run.finished = true;
    };
    play().catch((error: unknown) => {
      process.stderr.write(`courier simulator: script ${scenario} failed: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
    });
    return run;
  }

  /** Ends every running script (reset); sleeping steps wake and find themselves stale. */
  stop(): void {
    this.timers.clear();
  }

  close(): void {
    this.closed = true;
    this.stop();
  }
}
