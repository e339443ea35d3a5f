/**
 * Token buckets in this process's memory: a bucket holds up to `burst` tokens, refills at `perSecond`, and each request
 * takes one. Buckets are kept per API key (partner, back office) and per client address (no valid key); the least
 * recently used are dropped beyond `maxBuckets`, which costs nothing: an idle bucket is full, like a new one.
 */

export type PolicyName = 'partner' | 'back-office' | 'anonymous';

export interface BucketPolicy {
  name: PolicyName;
  perSecond: number;
  burst: number;
}

export interface Decision {
  allowed: boolean;
  /** Whole tokens left after this request. */
  remaining: number;
  /** Seconds until the bucket is full again. */
  resetSeconds: number;
  /** Seconds until the next request would be allowed (0 while tokens are left). */
  retryAfterSeconds: number;
}

interface Bucket {
  tokens: number;
  at: number;
}

export function tokenBuckets(options: { maxBuckets?: number; now?: () => number } = {}) {
  const maxBuckets = options.maxBuckets ?? 100_000;
  const now = options.now ?? (() => performance.now());
  const buckets = new Map<string, Bucket>();

  /** The bucket as it is now (refilled for the time since it was last touched), most recently used last. */
  function current(key: string, policy: BucketPolicy): Bucket {
    const at = now();
    const bucket = buckets.get(key);
    const tokens = bucket ? Math.min(policy.burst, bucket.tokens + ((at - bucket.at) / 1000) * policy.perSecond) : policy.burst;
    const refreshed = { tokens, at };
    buckets.delete(key);
    buckets.set(key, refreshed);
    if (buckets.size > maxBuckets) buckets.delete(buckets.keys().next().value as string);
    return refreshed;
  }

  const decision = (bucket: Bucket, policy: BucketPolicy, allowed: boolean): Decision => ({
    allowed,
    remaining: Math.floor(bucket.tokens),
    resetSeconds: Math.ceil((policy.burst - bucket.tokens) / policy.perSecond),
    retryAfterSeconds: bucket.tokens >= 1 ? 0 : Math.max(1, Math.ceil((1 - bucket.tokens) / policy.perSecond)),
  });

  return {
    /** Takes a token if there is one. */
    take(key: string, policy: BucketPolicy): Decision {
      const bucket = current(key, policy);
      const allowed = bucket.tokens >= 1;
      if (allowed) bucket.tokens -= 1;
      return decision(bucket, policy, allowed);
    },
    /** Whether a request would be allowed now, taking nothing. */
    peek(key: string, policy: BucketPolicy): Decision {
      const bucket = current(key, policy);
      return decision(bucket, policy, bucket.tokens >= 1);
    },
    get size() {
      return buckets.size;
    },
  };
}
export type TokenBuckets = ReturnType<typeof tokenBuckets>;

/**
 * draft-ietf-httpapi-ratelimit-headers (-10/-11): `RateLimit-Policy: "partner";q=200;w=4` names the bucket, its size
 * (the burst) and the seconds a full refill takes (rounded up, so a client pacing itself by it stays under the rate);
 * `RateLimit: "partner";r=199;t=1` says how many requests are left and in how many seconds the bucket is full again.
 */
export function rateLimitHeaders(policy: BucketPolicy, decision: Decision): Record<string, string> {
  const window = Math.max(1, Math.ceil(policy.burst / policy.perSecond));
  return {
    'ratelimit-policy': `"${policy.name}";q=${policy.burst};w=${window}`,
    ratelimit: `"${policy.name}";r=${decision.remaining};t=${decision.resetSeconds}`,
  };
}
