/** Fault and latency rules set through `/__sim/faults` and `/__sim/latency`. */

/** What every simulator's fault rule has; what it answers with is the simulator's own. */
export interface FaultRuleBase {
  dropConnection: boolean;
  /** Added before the rule acts (or before the normal answer, for a latency-only rule). */
  latencyMs: number;
  /** Calls still to be affected; the rule is removed when it reaches 0. */
  remaining: number;
  /** Chance in [0, 1] that a matching call is affected. */
  probability: number;
}

export interface LatencyRule {
  fixedMs: number;
  jitterMs: number;
}

/** One latency rule's delay: fixed plus uniform jitter. */
export function latencyOf(rule: LatencyRule | undefined): number {
  return rule ? rule.fixedMs + Math.random() * rule.jitterMs : 0;
}

/**
 * The first rule that matches and fires (by its probability); spends one of its `times` and
 * drops it when none are left.
 */
export function takeFault<R extends FaultRuleBase>(holder: { faults: R[] }, matches: (rule: R) => boolean): R | undefined {
  for (const rule of holder.faults) {
    if (!matches(rule)) continue;
    if (Math.random() >= rule.probability) continue;
    rule.remaining -= 1;
    if (rule.remaining <= 0) holder.faults = holder.faults.filter((r) => r !== rule);
    return rule;
  }
  return undefined;
}
