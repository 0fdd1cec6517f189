import { Provide, Scope, ScopeEnum } from '@midwayjs/core';

const BUCKETS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000];

interface Histogram {
  counts: number[];
  sum: number;
  count: number;
}

/**
 * This process's request counters and latency histograms, by route and status, in Prometheus
 * text format. Each API process keeps its own (Prometheus scrapes each); nothing here is state
 * another process needs.
 */
@Provide()
@Scope(ScopeEnum.Singleton)
export class Metrics {
  private readonly requests = new Map<string, number>();
  private readonly latency = new Map<string, Histogram>();
  private readonly errors = new Map<string, number>();

  observe(method: string, route: string, status: number, ms: number): void {
    const key = `method="${method}",route="${escape(route)}",status="${status}"`;
    this.requests.set(key, (this.requests.get(key) ?? 0) + 1);
    const lkey = `method="${method}",route="${escape(route)}"`;
    const h = this.latency.get(lkey) ?? { counts: BUCKETS.map(() => 0), sum: 0, count: 0 };
    BUCKETS.forEach((b, i) => {
      if (ms <= b) h.counts[i] = (h.counts[i] ?? 0) + 1;
    });
    h.sum += ms;
    h.count += 1;
    this.latency.set(lkey, h);
  }

  /** Counts an error response by its stable code (e.g. SLOT_FULL: booking rejections). */
  error(code: string): void {
    this.errors.set(code, (this.errors.get(code) ?? 0) + 1);
  }

  render(gauges: { name: string; help: string; samples: { labels?: string; value: number }[] }[]): string {
    const lines: string[] = [];
    lines.push('# HELP haizhu_http_requests_total HTTP requests by route and status', '# TYPE haizhu_http_requests_total counter');
    for (const [labels, v] of this.requests) lines.push(`haizhu_http_requests_total{${labels}} ${v}`);
    lines.push('# HELP haizhu_http_request_duration_ms Request latency', '# TYPE haizhu_http_request_duration_ms histogram');
    for (const [labels, h] of this.latency) {
      BUCKETS.forEach((b, i) => lines.push(`haizhu_http_request_duration_ms_bucket{${labels},le="${b}"} ${h.counts[i]}`));
      lines.push(`haizhu_http_request_duration_ms_bucket{${labels},le="+Inf"} ${h.count}`);
      lines.push(`haizhu_http_request_duration_ms_sum{${labels}} ${h.sum.toFixed(3)}`, `haizhu_http_request_duration_ms_count{${labels}} ${h.count}`);
    }
    lines.push('# HELP haizhu_errors_total Error responses by code', '# TYPE haizhu_errors_total counter');
    for (const [code, v] of this.errors) lines.push(`haizhu_errors_total{code="${code}"} ${v}`);
    for (const g of gauges) {
      lines.push(`# HELP ${g.name} ${g.help}`, `# TYPE ${g.name} gauge`);
      for (const s of g.samples) lines.push(`${g.name}${s.labels ? `{${s.labels}}` : ''} ${s.value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}

function escape(v: string): string {
  return v.replace(/\\/g, '\\\\').replace(/"/g, '\\"');
}
