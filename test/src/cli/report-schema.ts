import { readFileSync } from 'node:fs';
import { Ajv2020 } from 'ajv/dist/2020.js';
import addFormats from 'ajv-formats';

/** The shipped report JSON Schema (shared/core/schema/report.schema.json), compiled once for the CLI tests. */
const schema = JSON.parse(readFileSync(new URL('../../../shared/core/schema/report.schema.json', import.meta.url), 'utf8'));
const ajv = new Ajv2020({ allErrors: true, allowUnionTypes: true, strictRequired: false });
addFormats.default(ajv);
export const validateReport = ajv.compile(schema);
