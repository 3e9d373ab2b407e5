import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { OrganizationsClient } from '@aws-sdk/client-organizations';
import { PricingClient } from '@aws-sdk/client-pricing';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ConfigError } from '../../profile/load.js';
import { ApiCallStats } from './stats.js';
import { isThrottling } from './errors.js';
import { AdaptiveRate } from './rate.js';
import { CallTimeoutError, DEFAULT_TIMEOUT_MS, isTimeout, MAX_ATTEMPTS, StalledOperations } from './timeouts.js';

export interface AwsClientOptions {
  /** Region for global calls (STS, IAM, S3 ListBuckets). */
  defaultRegion: string;
  /** Overrides AWS_ENDPOINT_URL; tests point this at moto. */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** A named profile from ~/.aws/config; the SDK's default chain otherwise. */
  awsProfile?: string;
  /** Attempts per call, the first included; MAX_ATTEMPTS (3) unless a test asks for fewer. */
  maxAttempts?: number;
  /**
   * Per-attempt timeout (CLI --timeout, in ms here): to connect, to get the answer, and for any
   * silence while it arrives. DEFAULT_TIMEOUT_MS when not given.
   */
  requestTimeoutMs?: number;
  stats?: ApiCallStats;
}

export const PRICING_REGION = 'us-east-1';

type Middlewared = { middlewareStack: { add: (...args: never[]) => void } };

/**
 * The SDK clients the collectors use, one per service and Region, created on first use.
 * Collectors receive this object; they never build clients themselves.
 */
export class AwsClients {
  readonly stats: ApiCallStats;
  private readonly cache = new Map<string, unknown>();
  private readonly endpoint: string | undefined;
  private readonly stalled = new StalledOperations();
  /** Each client's adaptive request rate (rate.ts), by service@Region. */
  readonly rates = new Map<string, AdaptiveRate>();
  readonly timeoutMs: number;
  readonly maxAttempts: number;

  constructor(private readonly options: AwsClientOptions) {
    this.stats = options.stats ?? new ApiCallStats();
    this.endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? undefined;
    this.timeoutMs = options.requestTimeoutMs ?? DEFAULT_TIMEOUT_MS;
    this.maxAttempts = options.maxAttempts ?? MAX_ATTEMPTS;
    if (!Number.isFinite(this.timeoutMs) || this.timeoutMs <= 0)
      throw new ConfigError(`timeout: expected a positive number of seconds, got ${JSON.stringify(this.timeoutMs / 1000)}`);
    if (!Number.isInteger(this.maxAttempts) || this.maxAttempts < 1) throw new ConfigError(`maxAttempts: expected a positive integer, got ${JSON.stringify(this.maxAttempts)}`);
  }

  get defaultRegion(): string {
    return this.options.defaultRegion;
  }

  s3(region: string): S3Client {
    return this.client('s3', region, () => cacheEndpoints(new S3Client({ ...this.common(region), forcePathStyle: this.endpoint !== undefined })));
  }

  kms(region: string): KMSClient {
    return this.client('kms', region, () => new KMSClient(this.common(region)));
  }

  sts(): STSClient {
    return this.client('sts', this.options.defaultRegion, () => new STSClient(this.common(this.options.defaultRegion)));
  }

  iam(): IAMClient {
    return this.client('iam', this.options.defaultRegion, () => new IAMClient(this.common(this.options.defaultRegion)));
  }

  /** AWS Organizations (ListAccounts for --organization): a global service, called in the default Region. */
  organizations(): OrganizationsClient {
    return this.client('organizations', this.options.defaultRegion, () => new OrganizationsClient(this.common(this.options.defaultRegion)));
  }

  cloudwatch(region: string): CloudWatchClient {
    return this.client('cloudwatch', region, () => new CloudWatchClient(this.common(region)));
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.client('cloudtrail', region, () => new CloudTrailClient(this.common(region)));
  }

  tagging(region: string): ResourceGroupsTaggingAPIClient {
    return this.client('tagging', region, () => new ResourceGroupsTaggingAPIClient(this.common(region)));
  }

  /**
   * The AWS Price List Query API (GetProducts). Its endpoints are in us-east-1, eu-central-1 and
   * ap-south-1 only, whatever Regions are scanned; us-east-1 here. The endpoint override applies.
   */
  pricing(): PricingClient {
    return this.client('pricing', PRICING_REGION, () => new PricingClient(this.common(PRICING_REGION)));
  }

  s3control(region: string): S3ControlClient {
    // S3 Control prefixes the account id to the host; against a custom endpoint that makes an
    // invalid URL, so route it to the endpoint as is.
    const endpoint = this.endpoint;
    return this.client('s3control', region, () =>
      new S3ControlClient({
        ...this.common(region),
        ...(endpoint ? { endpointProvider: () => ({ url: new URL(endpoint) }) } : {}),
      }),
    );
  }

  destroy(): void {
    for (const c of this.cache.values()) (c as { destroy(): void }).destroy();
    this.cache.clear();
  }

  private common(region: string) {
    const { credentials, awsProfile } = this.options;
    const t = this.timeoutMs;
    return {
      region,
      // Given explicitly, so AWS_RETRY_MODE and AWS_MAX_ATTEMPTS cannot stretch the bound.
      // Standard: the request rate adapts to throttling in envelope's own limiter (rate.ts, per
      // client), measured against the SDK's adaptive mode in docs/performance.md.
      retryMode: 'standard' as const,
      maxAttempts: this.maxAttempts,
      // requestTimeout alone only logs a warning (@smithy/node-http-handler 4.x) unless
      // throwOnRequestTimeout is set, and it stops at the response headers: socketTimeout covers a
      // body that stops arriving, connectionTimeout a host that never accepts.
      requestHandler: new NodeHttpHandler({ connectionTimeout: t, requestTimeout: t, socketTimeout: t, throwOnRequestTimeout: true }),
      ...(this.endpoint ? { endpoint: this.endpoint } : {}),
      ...(credentials ? { credentials } : {}),
      ...(awsProfile ? { profile: awsProfile } : {}),
    };
  }

  private client<C extends Middlewared>(service: string, region: string, make: () => C): C {
    const key = `${service}@${region}`;
    let c = this.cache.get(key) as C | undefined;
    if (!c) {
      c = make();
      this.instrument(c, service, region);
      this.cache.set(key, c);
    }
    return c;
  }

  private instrument(client: Middlewared, service: string, region: string): void {
    const { stats, stalled, timeoutMs } = this;
    const rate = new AdaptiveRate();
    this.rates.set(`${service}@${region}`, rate);
    const stack = client.middlewareStack as unknown as {
      add(mw: unknown, opts: Record<string, unknown>): void;
    };
    const name = (context: { commandName?: string }) => (context.commandName ?? 'Unknown').replace(/Command$/, '');
    // Around the whole call, retries included: a call that timed out on its last attempt says so
    // with the timeout and the attempts, and stops further calls of its operation (timeouts.ts).
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
        const op = name(context);
        stats.recordCall(service, op);
        try {
          return await next(args);
        } catch (err) {
          if (err instanceof CallTimeoutError || !isTimeout(err)) throw err;
          const attempts = (err as { $metadata?: { attempts?: number } }).$metadata?.attempts ?? 1;
          const timedOut = new CallTimeoutError(timeoutMs, attempts, undefined, { cause: err });
          stalled.trip(`${service}:${op}`, region, timedOut);
          throw timedOut;
        }
      },
      { step: 'initialize', name: 'envelopeCallCounter', priority: 'high' },
    );
    // Around each attempt (below the retry middleware): it waits for the client's adaptive rate;
    // an operation that has stalled is not sent again, and an attempt still waiting on it ends
    // when it stalls (not retryable: no cause). A throttled answer slows the rate.
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        const op = `${service}:${name(context)}`;
        const send = () => {
          const stop = stalled.check(op);
          if (stop) return Promise.reject(stop);
          stats.recordAttempt(service, name(context));
          return stalled.race(op, next(args)).then(
            (out) => out,
            (err: unknown) => {
              if (service === 's3') markBareThrottle(err, args);
              if (isThrottling(err)) rate.throttled();
              throw err;
            },
          );
        };
        const wait = rate.acquire();
        return wait ? wait.then(send) : send();
      },
      { step: 'finalizeRequest', name: 'envelopeAttemptCounter', priority: 'low' },
    );
  }
}

/**
 * S3 throttles a HEAD request with a bare 503: a HEAD answer has no body, so there is no SlowDown
 * code and the SDK sees a 503 "Unknown", a transient error. Marked as throttling, it is retried with
 * the throttling backoff and quota cost, slows the adaptive rate, and is described as throttled if
 * every attempt is. Other errors pass through unchanged.
 */
export function markBareThrottle(err: unknown, args: unknown): unknown {
  const e = err as { $metadata?: { httpStatusCode?: number }; $response?: { statusCode?: number }; $retryable?: { throttling?: boolean } } | null;
  const method = (args as { request?: { method?: string } } | null)?.request?.method;
  const status = e?.$metadata?.httpStatusCode ?? e?.$response?.statusCode;
  if (e && typeof e === 'object' && method === 'HEAD' && status === 503) e.$retryable = { throttling: true };
  return err;
}

/** How many resolved S3 endpoints a client keeps (one per bucket and Region in practice). */
export const ENDPOINT_CACHE_SIZE = 4096;

/**
 * S3 resolves its endpoint from a ruleset for every call, twice (the endpoint and the auth scheme),
 * keyed by the bucket; the SDK's own cache holds 50, fewer than the buckets a scan has in flight,
 * so nearly every call paid for the ruleset (about 5 % of a scan's CPU). The same parameters always
 * give the same endpoint: kept here, by parameters, up to ENDPOINT_CACHE_SIZE, then started afresh.
 */
export function cacheEndpoints<C extends { config: { endpointProvider: (params: never, context?: never) => unknown } }>(client: C): C {
  const resolve = client.config.endpointProvider;
  const cache = new Map<string, unknown>();
  client.config.endpointProvider = ((params: Record<string, unknown>, context?: unknown) => {
    const key = JSON.stringify(params);
    let hit = cache.get(key);
    if (hit === undefined) {
      if (cache.size >= ENDPOINT_CACHE_SIZE) cache.clear();
      hit = (resolve as (p: unknown, c?: unknown) => unknown)(params, context);
      cache.set(key, hit);
    }
    return hit;
  }) as C['config']['endpointProvider'];
  return client;
}
