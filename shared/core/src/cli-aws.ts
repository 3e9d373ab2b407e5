import type { AwsCredentialIdentityProvider } from '@smithy/types';
import { AwsClients } from './collect/aws/index.js';

/** The account options every command that reads AWS takes (scan, init, explain). */
export interface AccountOptions {
  /** --region: the first one is where global calls go. */
  region?: string | string[];
  endpointUrl?: string;
  awsProfile?: string;
  /** --timeout, in seconds. */
  timeout?: number;
}

/** Clients for the account of the current credentials, as the command line describes it. */
export function accountClients(opts: AccountOptions, credentials?: AwsCredentialIdentityProvider): AwsClients {
  const region = Array.isArray(opts.region) ? opts.region[0] : opts.region;
  return new AwsClients({
    defaultRegion: region ?? process.env.AWS_REGION ?? process.env.AWS_DEFAULT_REGION ?? 'us-east-1',
    ...(opts.endpointUrl ? { endpoint: opts.endpointUrl } : {}),
    // An assumed role's credentials (scan --assume-role) replace the profile's.
    ...(credentials ? { credentials } : opts.awsProfile ? { awsProfile: opts.awsProfile } : {}),
    ...(opts.timeout !== undefined ? { requestTimeoutMs: opts.timeout * 1000 } : {}),
  });
}
