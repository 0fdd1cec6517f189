/**
 * `/__sim/*` control dispatch shared by the simulators: a table keyed `'METHOD /path'`, where a
 * `:name` segment matches one path segment and hands it (still percent-encoded) to the control.
 * Every simulator answers unknown controls 404, a known path with another method 405, and a body
 * that is not JSON 400, before the control runs.
 */

/** A `/__sim/*` call: `body` is parsed JSON when `bodyIsJson`, else the raw text or `undefined`. */
export interface ControlRequest {
  method: string;
  path: string;
  query: URLSearchParams;
  body: unknown;
  bodyIsJson: boolean;
}

export interface ControlReply {
  status: number;
  body: unknown;
}

/** A control's result is the 200 body; it throws to answer anything else. */
export type Control<C> = (ctx: C, req: ControlRequest, params: string[]) => unknown;

export type ControlTable<C> = Readonly<Record<string, Control<C>>>;

/** Answered as `status` with `{error: message}`. */
export class ControlError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** Maps a simulator's own error types to a reply; undefined lets the error through (→ 500). */
export type ErrorReply = (error: unknown) => ControlReply | undefined;

export const health: Control<unknown> = () => ({ ok: true });

export const reset: Control<{ reset(): void }> = (ctx) => {
  ctx.reset();
  return { ok: true };
};

/** `GET` and `DELETE /__sim/faults` over the rules in `stateOf(ctx).faults`. */
export function faultListControls<C>(stateOf: (ctx: C) => { faults: unknown[] }): ControlTable<C> {
  return {
    'GET /__sim/faults': (ctx) => stateOf(ctx).faults,
    'DELETE /__sim/faults': (ctx) => {
      stateOf(ctx).faults = [];
      return { ok: true };
    },
  };
}

/** `GET` and `DELETE /__sim/latency` over rules kept by key (`*` for every call). */
export function latencyMapControls<C>(stateOf: (ctx: C) => { latency: Map<string, unknown> }): ControlTable<C> {
  return {
    'GET /__sim/latency': (ctx) => Object.fromEntries(stateOf(ctx).latency),
    'DELETE /__sim/latency': (ctx) => {
      stateOf(ctx).latency.clear();
      return { ok: true };
    },
  };
}

interface Route<C> {
  method: string;
  path: string;
  segments: string[];
  control: Control<C>;
}

/** Builds the `/__sim/*` dispatcher of one simulator. */
export function controlDispatcher<C>(table: ControlTable<C>, errorReply: ErrorReply = () => undefined): (ctx: C, req: ControlRequest) => Promise<ControlReply> {
  const routes: Route<C>[] = Object.entries(table).map(([key, control]) => {
    const [method = '', path = ''] = key.split(' ');
    return { method, path, segments: path.split('/'), control };
  });
  const literal = new Map(routes.filter((r) => !r.segments.some(isParam)).map((r) => [`${r.method} ${r.path}`, r.control]));

  function find(method: string, path: string): { control: Control<C>; params: string[] } | 'method' | undefined {
    // A literal route wins over a parameterised one: `/__sim/cases/auto` is not the case "auto".
    const exact = literal.get(`${method} ${path}`);
    if (exact) return { control: exact, params: [] };
    const segments = path.split('/');
    let otherMethod = false;
    for (const route of routes) {
      const params = match(route.segments, segments);
      if (!params) continue;
      if (route.method === method) return { control: route.control, params };
      otherMethod = true;
    }
    return otherMethod ? 'method' : undefined;
  }

  return async (ctx, req) => {
    const found = find(req.method, req.path);
    if (found === undefined) return { status: 404, body: { error: `no control ${req.path}` } };
    if (found === 'method') return { status: 405, body: { error: `${req.method} not allowed on ${req.path}` } };
    if (req.body !== undefined && !req.bodyIsJson) return { status: 400, body: { error: 'body must be JSON' } };
    try {
      return { status: 200, body: await found.control(ctx, req, found.params) };
    } catch (error) {
      if (error instanceof ControlError) return { status: error.status, body: { error: error.message } };
      const reply = errorReply(error);
      if (reply) return reply;
      throw error;
    }
  };
}

function isParam(segment: string): boolean {
  return segment.startsWith(':');
}

/** The parameter values when `actual` fits `pattern`, else undefined. */
function match(pattern: readonly string[], actual: readonly string[]): string[] | undefined {
  if (pattern.length !== actual.length) return undefined;
  const params: string[] = [];
  for (const [i, want] of pattern.entries()) {
    const got = actual[i] ?? '';
    if (isParam(want)) {
      if (got === '') return undefined;
      params.push(got);
    } else if (want !== got) {
      return undefined;
    }
  }
  return params;
}
