/** The entity tab: the owning team's table. */
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import { Typography } from '@material-ui/core';
import { envelopeApiRef } from '../api.js';
import { teamOfEntity } from '../entity-team.js';
import { useAsync } from '../use-async.js';
import { TeamView } from './TeamView.js';

export function EntityEnvelopeContent() {
  const { entity } = useEntity();
  const team = teamOfEntity(entity);
  const api = useApi(envelopeApiRef);
  const teams = useAsync(() => api.getTeams(), [api]);
  if (!team) return <Typography variant="body2">This entity has no owning Group, so no team's storage to show.</Typography>;
  if (teams.error && !teams.value) return <ResponseErrorPanel error={teams.error} />;
  if (!teams.value) return <Progress />;
  return <TeamView team={team} freshness={teams.value.freshness} onRefresh={teams.retry} />;
}
