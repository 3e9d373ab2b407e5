import type { PublicAccessBlock } from './inventory.js';

/** The four Block Public Access settings by their API names, so messages say exactly what to turn on. */
export const PUBLIC_ACCESS_BLOCK_FLAGS: Record<keyof PublicAccessBlock, string> = {
  blockPublicAcls: 'BlockPublicAcls',
  ignorePublicAcls: 'IgnorePublicAcls',
  blockPublicPolicy: 'BlockPublicPolicy',
  restrictPublicBuckets: 'RestrictPublicBuckets',
};

/** The API names of the settings that are off. */
export const publicAccessBlockFlagsOff = (pab: PublicAccessBlock): string[] =>
  (Object.keys(PUBLIC_ACCESS_BLOCK_FLAGS) as (keyof PublicAccessBlock)[]).filter((k) => !pab[k]).map((k) => PUBLIC_ACCESS_BLOCK_FLAGS[k]);
