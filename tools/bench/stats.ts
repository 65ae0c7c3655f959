/** Small statistics for the benchmark: medians and percentiles of samples. */
export function percentile(samples: readonly number[], p: number): number {
  if (samples.length === 0) return NaN;
  const sorted = [...samples].sort((a, b) => a - b);
  const i = Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1));
  return sorted[i];
}

export const median = (samples: readonly number[]) => percentile(samples, 50);

export function fmt(ms: number, digits = 0): string {
  return Number.isFinite(ms) ? ms.toFixed(digits) : "-";
}

export function ratio(a: number, b: number): string {
  return Number.isFinite(a) && Number.isFinite(b) && b > 0 ? `${(a / b).toFixed(2)}×` : "-";
}
