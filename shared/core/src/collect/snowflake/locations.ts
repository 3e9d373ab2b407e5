/**
 * Stage URLs and storage locations as Snowflake prints them: DESC STORAGE INTEGRATION's lists are
 * comma-joined without brackets (`s3://b1/p1/,s3://b2/p2/`), DESC STAGE's URL is a JSON-ish list
 * (`["s3://b/p/"]`). Parsed defensively, as the Terraform provider does (research §1.3): optional
 * outer [], split on commas, trim, strip quotes.
 */

export function splitLocations(value: string): string[] {
  const inner = value.trim().replace(/^\[/, '').replace(/\]$/, '');
  return inner
    .split(',')
    .map((s) => s.trim().replace(/^["']|["']$/g, ''))
    .filter((s) => s !== '');
}

/** The first URL of a stage's URL property (`["s3://…"]` or plain). */
export function stageUrl(value: string): string | undefined {
  return splitLocations(value)[0];
}

const S3_URL = /^(s3|s3gov|s3china):\/\/([^/]*)(\/.*)?$/i;

export function locationBucket(url: string): string | undefined {
  const m = S3_URL.exec(url.trim());
  return m && m[2] ? m[2].toLowerCase() : undefined;
}

/** The path under the bucket, without the leading slash ('' for the whole bucket). */
export function locationPrefix(url: string): string {
  const m = S3_URL.exec(url.trim());
  return (m?.[3] ?? '').replace(/^\//, '');
}

/** Whether a location admits everything: `*`, or `s3://*`. */
export const isWildcardLocation = (loc: string): boolean => /^(\*|(s3|s3gov|s3china):\/\/\*\/?)$/i.test(loc.trim());

/**
 * Whether `url` lies inside `location`, as Snowflake checks a stage against the allowed and blocked
 * lists: same protocol and bucket, and the location's path a folder prefix of the URL's path.
 */
export function locationCovers(location: string, url: string): boolean {
  if (isWildcardLocation(location)) return true;
  const l = S3_URL.exec(location.trim());
  const u = S3_URL.exec(url.trim());
  if (!l || !u) return false;
  if (l[1]!.toLowerCase() !== u[1]!.toLowerCase() || l[2]!.toLowerCase() !== u[2]!.toLowerCase()) return false;
  const folder = (p: string | undefined) => {
    const s = (p ?? '').replace(/^\//, '');
    return s === '' || s.endsWith('/') ? s : `${s}/`;
  };
  return folder(u[3]).startsWith(folder(l[3]));
}
