// How the benchmark prints its figures.
export const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length / 2))] ?? 0;
};
export const ms = (n: number) => `${n.toFixed(3)} ms`.padStart(10);
export const times = (n: number) => `×${n.toFixed(2)}`.padStart(7);
/** each round's figure, e.g. "(rounds 1.02, 0.98, 1.10)" */
export const rounds = (values: number[], digits = 2) => `(rounds ${values.map((v) => v.toFixed(digits)).join(', ')})`;
