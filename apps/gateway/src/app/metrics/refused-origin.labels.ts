/** The label value for origins past the bound. */
export const OTHER_ORIGINS = 'other';

/**
 * Bounds the `origin` label of the CORS refusal counter. A refused origin is
 * whatever a client sends, so labelling it as-is would let any client create
 * series without end (each label value is a series kept for the life of the
 * process and of Prometheus' retention). An origin gets its own label value
 * when the config lists it (`metrics.originLabels`), or when it is one of the
 * first `metrics.maxOriginLabels` distinct origins refused since start-up;
 * every other origin counts under `other`. A label value once exported is
 * never taken back: a counter that vanishes breaks `rate()`.
 */
export class RefusedOriginLabels {
  private readonly seen = new Set<string>();

  constructor(
    private readonly listed: ReadonlySet<string>,
    private readonly max: number,
  ) {}

  label(origin: string): string {
    if (this.listed.has(origin) || this.seen.has(origin)) return origin;
    if (this.seen.size >= this.max || !looksLikeOrigin(origin)) return OTHER_ORIGINS;
    this.seen.add(origin);
    return origin;
  }
}

// A serialized origin (Fetch §3.1 `Origin` grammar: "null" or scheme://host[:port]),
// short: anything else is junk a client made up and shares the `other` series.
const ORIGIN = /^(null|[a-z][a-z0-9+.-]*:\/\/[^\s/?#]{1,253})$/i;

function looksLikeOrigin(origin: string): boolean {
  return origin.length <= 270 && ORIGIN.test(origin);
}
