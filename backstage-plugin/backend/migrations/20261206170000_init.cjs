/* global exports */
// @ts-check
/**
 * Scans and the rows the team page reads. Portable knex only (SQLite and PostgreSQL): text JSON,
 * binary gzip, no jsonb, no ON CONFLICT.
 *
 * @param {import('knex').Knex} knex
 */
exports.up = async function up(knex) {
  await knex.schema.createTable('scans', (t) => {
    t.increments('id').primary();
    t.string('target', 200).notNullable();
    t.string('status', 16).notNullable(); // running | ok | partial | failed
    t.string('trigger', 16).notNullable(); // schedule | manual
    t.string('started_at', 32).notNullable();
    t.string('finished_at', 32).nullable();
    t.text('error').nullable();
    t.integer('gaps').notNullable().defaultTo(0);
    t.integer('resources').notNullable().defaultTo(0);
    t.text('by_status').nullable();
    t.double('monthly_total').nullable();
    /** The whole JSON report, gzip: history and audit. */
    t.binary('report_gz').nullable();
    /** snowflakeChainMermaid of the scan's inventory (undefined → null). */
    t.text('chain').nullable();
    t.index(['target', 'status', 'id'], 'scans_target_status_idx');
  });
  /** Rescans asked for through the API, consumed by whichever replica runs the task next. */
  await knex.schema.createTable('rescan_requests', (t) => {
    t.string('target', 200).primary();
    t.string('requested_at', 32).notNullable();
  });
  await knex.schema.createTable('resources', (t) => {
    t.integer('scan_id').notNullable().references('id').inTable('scans').onDelete('CASCADE');
    t.string('resource_id', 2048).notNullable();
    t.string('type', 32).notNullable();
    t.string('name_lower', 1024).notNullable();
    t.string('id_lower', 2048).notNullable();
    /** The owner the report names (tag value, table, stack); owner_ref is the catalog Group it resolves to. */
    t.string('owner', 255).nullable();
    t.string('owner_ref', 255).nullable();
    t.string('status', 16).notNullable();
    t.integer('status_rank').notNullable();
    t.integer('severity_rank').notNullable();
    t.double('monthly_cost').nullable();
    t.string('key_status', 16).nullable();
    /** ",rule-a,rule-b," of failing and unknown findings, for the rule filter. */
    t.text('problem_rules').notNullable();
    /** ",critical,high," — severities of the failing findings, for the severity filter. */
    t.string('fail_severities', 64).notNullable();
    /** The ResourceRow as JSON. */
    t.text('row').notNullable();
    /** { findings, costLines } gzip: the drawer's detail. */
    t.binary('detail_gz').notNullable();
    t.index(['scan_id', 'owner_ref'], 'resources_scan_owner_idx');
    t.index(['scan_id', 'resource_id'], 'resources_scan_resource_idx');
  });
};

/** @param {import('knex').Knex} knex */
exports.down = async function down(knex) {
  await knex.schema.dropTable('resources');
  await knex.schema.dropTable('rescan_requests');
  await knex.schema.dropTable('scans');
};
