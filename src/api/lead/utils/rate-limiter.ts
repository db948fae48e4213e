/**
 * A small fixed-window counter per client key, kept in memory. Enough for one Strapi process; behind several
 * instances each keeps its own count, so the effective limit is per instance.
 */
export interface RateLimitOptions {
  /** Requests allowed per window and key. */
  max: number;
  windowMs: number;
  /** Keys remembered at most; expired windows are dropped first (default 10 000). */
  maxKeys?: number;
}

export type RateLimitDecision = { allowed: true; remaining: number } | { allowed: false; retryAfterMs: number };

export function createRateLimiter(options: RateLimitOptions) {
  const maxKeys = options.maxKeys ?? 10_000;
  const windows = new Map<string, { count: number; resetAt: number }>();

  function prune(now: number) {
    for (const [key, window] of windows) if (window.resetAt <= now) windows.delete(key);
    // Still full of live windows: forget the oldest rather than grow without bound.
    while (windows.size >= maxKeys) windows.delete(windows.keys().next().value as string);
  }

  return {
    hit(key: string, now: number = Date.now()): RateLimitDecision {
      let window = windows.get(key);
      if (!window || window.resetAt <= now) {
        if (windows.size >= maxKeys) prune(now);
        window = { count: 0, resetAt: now + options.windowMs };
        windows.set(key, window);
      }
      if (window.count >= options.max) return { allowed: false, retryAfterMs: window.resetAt - now };
      window.count += 1;
      return { allowed: true, remaining: options.max - window.count };
    },
    size: () => windows.size,
  };
}
