import type { SchedulerServiceTaskScheduleDefinitionConfig } from '@backstage/backend-plugin-api';

export interface Config {
  /** envelope: scheduled encrypted-storage scans of AWS accounts (and their Snowflake stages). */
  envelope?: {
    /** The accounts to scan. Each is scanned on the schedule, one runner at a time across replicas. */
    targets: Array<{
      /** Short id used in the API, the UI and the scheduler task id, e.g. prod-data. */
      id: string;
      /** Scan the core's embedded demo account (no cloud, no credentials): for the dev harness and trials. */
      demo?: boolean;
      /** Expected AWS account id; a scan that finds itself in another account fails. */
      accountId?: string;
      /** Region for global calls (STS, IAM, ListBuckets); default us-east-1. */
      region?: string;
      /** Regions to scan; the profile's, or every Region holding an in-scope bucket, when unset. */
      regions?: string[];
      /** A built-in profile name or a profile file (YAML/JSON) path; default snowflake-s3-kms. */
      profile?: string;
      /** An inline profile (the same fields as a profile file); wins over `profile`. */
      profileInline?: object;
      /** Role to assume for the scan (read-only); the backend's default credentials otherwise. */
      assumeRoleArn?: string;
      /**
       * ExternalId for the assume-role call.
       * @visibility secret
       */
      externalId?: string;
      /** Named AWS profile from the backend host's shared config. */
      awsProfile?: string;
      /** AWS endpoint override (an emulator such as moto on loopback). */
      endpoint?: string;
      /** Per-attempt AWS call timeout in seconds (default the core's). */
      requestTimeoutSeconds?: number;
      /** Estimate cost (reads CloudWatch); default true. */
      cost?: boolean;
      /**
       * The Snowflake account in front of these buckets (SQL API, key-pair JWT); the profile's
       * snowflake.connection when unset. The private key is never in config: a PKCS#8 PEM file, or
       * the name of an environment variable holding it; the process's own SNOWFLAKE_* variables
       * are not read.
       */
      snowflake?: {
        /** ORGNAME-ACCOUNT_NAME or the locator. */
        account: string;
        user: string;
        role?: string;
        privateKeyFile?: string;
        /** Name of the environment variable holding the PEM. */
        privateKeyEnv?: string;
        /** Name of the environment variable holding the key's passphrase. */
        privateKeyPassphraseEnv?: string;
        /** SQL API base URL override (PrivateLink, a proxy). */
        url?: string;
      };
    }>;
    /** When scans run; default every 6 hours, timeout 30 minutes. */
    schedule?: SchedulerServiceTaskScheduleDefinitionConfig;
    /** How the report's owners (bucket tag, ownership table, stack) become catalog Groups. */
    ownership?: {
      /** Owner value → Group ref, e.g. data-platform: group:default/data-platform. Wins over the catalog lookup. */
      groups?: { [owner: string]: string };
      /** Snowflake DATABASE or DATABASE.SCHEMA → Group ref, for stages and integrations the report names no owner for. */
      snowflake?: { [databaseOrSchema: string]: string };
      /** Namespace of the Groups looked up by name; default "default". */
      namespace?: string;
    };
    /**
     * How many scans per target to keep in the history (older ones are deleted after each scan);
     * default 120 (30 days at the default 6-hour cadence). Only the served scan keeps its rows.
     */
    keepScans?: number;
  };
}
