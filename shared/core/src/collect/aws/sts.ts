import { GetCallerIdentityCommand } from '@aws-sdk/client-sts';
import type { AwsClients } from './clients.js';
import { describeFailure } from './errors.js';
import { declareCalls } from './declared-calls.js';

/** IAM needs of this file's calls (declared-calls.ts): GetCallerIdentity needs no permission, and no policy can deny it. */
export const STS_CALLS = declareCalls([{ service: 'sts', operation: 'GetCallerIdentity', action: null, resource: 'account', feature: 'core' }]);

export class IdentityError extends Error {
  override readonly name = 'IdentityError';
}

/** Error codes with which STS refuses the credentials themselves (unknown key, bad signature, expired session). */
const REJECTED = new Set(['InvalidClientTokenId', 'SignatureDoesNotMatch', 'ExpiredToken', 'ExpiredTokenException', 'InvalidAccessKeyId', 'UnrecognizedClientException']);

/** Who the scan runs as. Without it nothing else can be attributed, so failure stops the scan (exit 2). */
export async function readCallerIdentity(clients: AwsClients): Promise<{ account: string; partition: string; arn: string }> {
  try {
    const r = await clients.sts().send(new GetCallerIdentityCommand({}));
    const arn = r.Arn ?? '';
    return { account: r.Account ?? '', partition: arn.split(':')[1] || 'aws', arn };
  } catch (err) {
    const e = err as { name?: string; message?: string };
    if (e.name === 'CredentialsProviderError' || /credential/i.test(e.message ?? '')) {
      throw new IdentityError(`no AWS credentials found (${e.message?.split('\n')[0]}); set AWS_PROFILE or pass --aws-profile`);
    }
    if (e.name && REJECTED.has(e.name)) {
      const detail = e.message && e.message !== e.name ? `: ${e.message.split('\n')[0]!.slice(0, 200)}` : '';
      throw new IdentityError(
        `could not identify the AWS account: sts:GetCallerIdentity rejected the credentials (${e.name}${detail}); check AWS_PROFILE or --aws-profile, or renew the session`,
      );
    }
    throw new IdentityError(`could not identify the AWS account: ${describeFailure(err, 'sts:GetCallerIdentity')}`);
  }
}
