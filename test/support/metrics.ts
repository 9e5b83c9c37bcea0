import parsePrometheusTextFormat from 'parse-prometheus-text-format';

export interface MetricSample {
  value?: string;
  labels?: Record<string, string>;
  count?: string;
}
export interface MetricFamily {
  name: string;
  type: string;
  metrics: MetricSample[];
}

/** The families of a /metrics answer, by name. */
export function parseMetrics(text: string): Map<string, MetricFamily> {
  const families = parsePrometheusTextFormat(text) as MetricFamily[];
  return new Map(families.map((family) => [family.name, family]));
}

/** The value (or a histogram's count) of the sample with these labels; 0 when there is none. */
export function metricValue(
  families: Map<string, MetricFamily>,
  name: string,
  labels: Record<string, string>,
): number {
  const sample = families
    .get(name)
    ?.metrics.find((metric) =>
      Object.entries(labels).every(([key, value]) => metric.labels?.[key] === value),
    );
  return Number(sample?.value ?? sample?.count ?? 0);
}
