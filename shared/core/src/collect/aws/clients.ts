import { CloudTrailClient } from '@aws-sdk/client-cloudtrail';
import { CloudWatchClient } from '@aws-sdk/client-cloudwatch';
import { IAMClient } from '@aws-sdk/client-iam';
import { KMSClient } from '@aws-sdk/client-kms';
import { S3Client } from '@aws-sdk/client-s3';
import { S3ControlClient } from '@aws-sdk/client-s3-control';
import { STSClient } from '@aws-sdk/client-sts';
import { ResourceGroupsTaggingAPIClient } from '@aws-sdk/client-resource-groups-tagging-api';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { ApiCallStats } from './stats.js';

export interface AwsClientOptions {
  /** Region for global calls (STS, IAM, S3 ListBuckets). */
  defaultRegion: string;
  /** Overrides AWS_ENDPOINT_URL; tests point this at moto. */
  endpoint?: string;
  credentials?: AwsCredentialIdentityProvider;
  /** A named profile from ~/.aws/config; the SDK's default chain otherwise. */
  awsProfile?: string;
  maxAttempts?: number;
  requestTimeoutMs?: number;
  stats?: ApiCallStats;
}

type Middlewared = { middlewareStack: { add: (...args: never[]) => void } };

/**
 * The SDK clients the collectors use, one per service and Region, created on first use.
 * Collectors receive this object; they never build clients themselves.
 */
export class AwsClients {
  readonly stats: ApiCallStats;
  private readonly cache = new Map<string, unknown>();
  private readonly endpoint: string | undefined;

  constructor(private readonly options: AwsClientOptions) {
    this.stats = options.stats ?? new ApiCallStats();
    this.endpoint = options.endpoint ?? process.env.AWS_ENDPOINT_URL ?? undefined;
  }

  get defaultRegion(): string {
    return this.options.defaultRegion;
  }

  s3(region: string): S3Client {
    return this.client('s3', region, () => new S3Client({ ...this.common(region), forcePathStyle: this.endpoint !== undefined }));
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

  cloudwatch(region: string): CloudWatchClient {
    return this.client('cloudwatch', region, () => new CloudWatchClient(this.common(region)));
  }

  cloudtrail(region: string): CloudTrailClient {
    return this.client('cloudtrail', region, () => new CloudTrailClient(this.common(region)));
  }

  tagging(region: string): ResourceGroupsTaggingAPIClient {
    return this.client('tagging', region, () => new ResourceGroupsTaggingAPIClient(this.common(region)));
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
    const { credentials, awsProfile, maxAttempts = 3, requestTimeoutMs = 10_000 } = this.options;
    return {
      region,
      retryMode: 'standard' as const,
      maxAttempts,
      requestHandler: new NodeHttpHandler({ connectionTimeout: Math.min(requestTimeoutMs, 5_000), requestTimeout: requestTimeoutMs }),
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
      this.instrument(c, service);
      this.cache.set(key, c);
    }
    return c;
  }

  private instrument(client: Middlewared, service: string): void {
    const stats = this.stats;
    const stack = client.middlewareStack as unknown as {
      add(mw: unknown, opts: Record<string, unknown>): void;
    };
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        stats.recordCall(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
        return next(args);
      },
      { step: 'initialize', name: 'envelopeCallCounter', priority: 'high' },
    );
    stack.add(
      (next: (a: unknown) => Promise<unknown>, context: { commandName?: string }) => (args: unknown) => {
        stats.recordAttempt(service, (context.commandName ?? 'Unknown').replace(/Command$/, ''));
        return next(args);
      },
      { step: 'finalizeRequest', name: 'envelopeAttemptCounter', priority: 'low' },
    );
  }
}
