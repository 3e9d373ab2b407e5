/** IAM-style policy JSON as AWS stores it. Singletons and arrays are both legal almost everywhere. */
export type OneOrMany<T> = T | T[];

export type PrincipalBlock =
  | '*'
  | { AWS?: OneOrMany<string>; Service?: OneOrMany<string>; Federated?: OneOrMany<string>; CanonicalUser?: OneOrMany<string> };

export type ConditionBlock = Record<string, Record<string, OneOrMany<string | boolean | number>>>;

export interface PolicyStatement {
  Sid?: string;
  Effect: 'Allow' | 'Deny';
  Principal?: PrincipalBlock;
  NotPrincipal?: PrincipalBlock;
  Action?: OneOrMany<string>;
  NotAction?: OneOrMany<string>;
  Resource?: OneOrMany<string>;
  NotResource?: OneOrMany<string>;
  Condition?: ConditionBlock;
}

export interface PolicyDocument {
  Version?: string;
  Id?: string;
  Statement: PolicyStatement[];
}
