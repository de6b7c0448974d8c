/** A minimal Prometheus-format counter registry: enough for request and SQL counts per service. */
export class Metrics {
  private readonly counters = new Map<string, { help: string; values: Map<string, number> }>();

  counter(name: string, help: string): (labels?: Record<string, string>, by?: number) => void {
    const entry = { help, values: new Map<string, number>() };
    this.counters.set(name, entry);
    // Label sets are few and repeat on every count: each is rendered once.
    const rendered = new Map<string, string>();
    return (labels = {}, by = 1) => {
      let raw = '';
      for (const k in labels) raw += `${k}\u0000${labels[k]}\u0001`;
      let key = rendered.get(raw);
      if (key === undefined) {
        key = Object.entries(labels)
          .map(([k, v]) => `${k}="${v.replace(/["\\\n]/g, '_')}"`)
          .join(',');
        rendered.set(raw, key);
      }
      entry.values.set(key, (entry.values.get(key) ?? 0) + by);
    };
  }

  /** The current value of a counter summed over its series, or over those with the given labels. */
  total(name: string, labels: Record<string, string> = {}): number {
    const wanted = Object.entries(labels).map(([k, v]) => `${k}="${v}"`);
    let sum = 0;
    for (const [series, value] of this.counters.get(name)?.values ?? []) {
      if (wanted.every((w) => series.split(',').includes(w))) sum += value;
    }
    return sum;
  }

  render(): string {
    const lines: string[] = [];
    for (const [name, { help, values }] of this.counters) {
      lines.push(`# HELP ${name} ${help}`, `# TYPE ${name} counter`);
      if (values.size === 0) lines.push(`${name} 0`);
      for (const [labels, value] of values) lines.push(labels ? `${name}{${labels}} ${value}` : `${name} ${value}`);
    }
    return `${lines.join('\n')}\n`;
  }
}
