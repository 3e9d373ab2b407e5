/** What CREATE OR REPLACE generated: the trust policy in moto still names SNOWFLAKE_EXTERNAL_ID. */
export const RECREATED = 'ACME_SFCRole=5_recreated0000000000=';
