/** "Encrypted storage" card for Group/System/Component pages: counts by status, worst findings, monthly cost. */
import { InfoCard, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { useEntity } from '@backstage/plugin-catalog-react';
import type { TeamSummary, TeamsResponse } from '@envelope/plugin-envelope-common';
import { Box, Typography } from '@material-ui/core';
import { envelopeApiRef } from '../api.js';
import { teamOfEntity } from '../entity-team.js';
import { formatUsd, SEVERITY_LABEL, TYPE_LABEL } from '../format.js';
import { useAsync } from '../use-async.js';
import { ScanAge, StaleBanner } from './ScanFreshness.js';
import { StatusLabel } from './StatusLabel.js';

export function EnvelopeEntityCard() {
  const { entity } = useEntity();
  return <EnvelopeTeamCard team={teamOfEntity(entity)} />;
}

export function EnvelopeTeamCard({ team }: { team: string | null }) {
  const api = useApi(envelopeApiRef);
  const { loading, error, value } = useAsync(() => api.getTeams(), [api]);
  return (
    <InfoCard title="Encrypted storage" subheader={team ?? 'no owning Group'}>
      {error ? <ResponseErrorPanel error={error} /> : null}
      {loading && !value ? <Progress /> : null}
      {value ? <CardBody teams={value} team={team} /> : null}
    </InfoCard>
  );
}

function CardBody({ teams, team }: { teams: TeamsResponse; team: string | null }) {
  const summary: TeamSummary | undefined = team ? teams.teams.find((t) => t.ref === team) : undefined;
  return (
    <Box data-testid="envelope-card">
      <StaleBanner freshness={teams.freshness} />
      {!summary ? (
        <Typography variant="body2" data-testid="card-empty">
          {teams.freshness.every((f) => !f.served) ? 'No scan has finished yet.' : 'No encrypted buckets or Snowflake stages belong to this team in the last good scan.'}
        </Typography>
      ) : (
        <>
          <Box display="flex" gridGap={24} flexWrap="wrap" mb={2}>
            <StatusLabel status="fail">{summary.byStatus.fail} failing</StatusLabel>
            <StatusLabel status="unknown">{summary.byStatus.unknown} unknown</StatusLabel>
            {summary.byStatus.suppressed ? <StatusLabel status="suppressed">{summary.byStatus.suppressed} suppressed</StatusLabel> : null}
            <StatusLabel status="pass">{summary.byStatus.pass} passing</StatusLabel>
            <Typography variant="body2" data-testid="card-cost">
              {formatUsd(summary.monthlyCost)} / month
            </Typography>
          </Box>
          <Typography variant="body2" color="textSecondary" gutterBottom>
            {summary.byType.bucket} buckets · {summary.byType['snowflake-stage']} Snowflake stages · {summary.byType['snowflake-integration']} integrations
          </Typography>
          {summary.worst.length > 0 ? (
            <>
              <Typography variant="subtitle2">Worst findings</Typography>
              {summary.worst.map((w) => (
                <Box key={w.resourceId} mb={1} data-testid="card-worst">
                  <StatusLabel status={w.finding.status}>
                    {SEVERITY_LABEL[w.finding.severity]} · {TYPE_LABEL[w.type]} {w.name}
                  </StatusLabel>
                  <Typography variant="caption" display="block">
                    {w.finding.ruleId}: {w.finding.message}
                  </Typography>
                </Box>
              ))}
            </>
          ) : (
            <Typography variant="body2">Nothing failing.</Typography>
          )}
        </>
      )}
      <Box mt={1}>
        <ScanAge freshness={teams.freshness} />
      </Box>
    </Box>
  );
}
