export { envelopePlugin, EnvelopePage, EntityEnvelopeCard, EntityEnvelopeContent } from './plugin.js';
export { envelopeApiRef, EnvelopeClient, type EnvelopeApi } from './api.js';
export { teamOfEntity } from './entity-team.js';
export { isEnvelopeAvailable } from './filters.js';
