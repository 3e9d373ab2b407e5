/** The team page: pick a team (yours first), see its buckets and stages. */
import { Content, ContentHeader, Header, Page, Progress, ResponseErrorPanel, SupportButton } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import { UNOWNED_TEAM, type TeamSummary } from '@envelope/plugin-envelope-common';
import { Box, Card, CardActionArea, CardContent, Grid, Typography } from '@material-ui/core';
import { useState } from 'react';
import { envelopeApiRef } from '../api.js';
import { formatUsd } from '../format.js';
import { useAsync } from '../use-async.js';
import { TeamView } from './TeamView.js';

const teamKey = (t: TeamSummary) => t.ref ?? UNOWNED_TEAM;
/** group:default/data-platform → data-platform (other namespaces keep theirs). */
const teamName = (t: TeamSummary | undefined) => (t?.ref ? t.ref.replace(/^group:default\//, '').replace(/^group:/, '') : 'Unowned');
const plural = (n: number, one: string) => `${n} ${n === 1 ? one : `${one}s`}`;

export function EnvelopePage() {
  const api = useApi(envelopeApiRef);
  const teams = useAsync(() => api.getTeams(), [api]);
  const [chosen, setChosen] = useState<string>();
  const list = teams.value?.teams ?? [];
  const selected = list.find((t) => teamKey(t) === chosen) ?? list.find((t) => t.mine) ?? list[0];
  return (
    <Page themeId="tool">
      <Header title="Encrypted storage" subtitle="Each team's S3 buckets and Snowflake stages against the stage → integration → role → bucket → KMS key architecture" />
      <Content>
        {teams.error && !teams.value ? <ResponseErrorPanel error={teams.error} /> : null}
        {teams.loading && !teams.value ? <Progress /> : null}
        {teams.value ? (
          <>
            <Grid container spacing={2} data-testid="teams">
              {list.length === 0 ? (
                <Grid item xs={12}>
                  <Typography variant="body2">No buckets or stages yet: the first scan has not finished or found nothing in scope.</Typography>
                </Grid>
              ) : null}
              {list.map((t) => (
                <Grid item key={teamKey(t)} xs={12} sm={6} md={3}>
                  <Card variant="outlined" raised={t === selected} style={t === selected ? { borderColor: '#1f5493', borderWidth: 2 } : undefined}>
                    <CardActionArea onClick={() => setChosen(teamKey(t))} data-testid={`team-${teamKey(t)}`}>
                      <CardContent>
                        <Typography variant="subtitle1" style={{ fontWeight: 600 }}>
                          {teamName(t)} {t.mine ? '(your team)' : ''}
                        </Typography>
                        <Typography variant="caption" color="textSecondary" display="block">
                          {t.ref ?? `owners without a catalog Group: ${t.owners.join(', ')}`}
                        </Typography>
                        <Typography variant="body2">
                          {plural(t.resources, 'resource')} · {t.byStatus.fail} failing · {t.byStatus.unknown} unknown{t.byStatus.suppressed ? ` · ${t.byStatus.suppressed} suppressed` : ''}
                        </Typography>
                        <Typography variant="body2" color="textSecondary">
                          {formatUsd(t.monthlyCost)} / month
                        </Typography>
                      </CardContent>
                    </CardActionArea>
                  </Card>
                </Grid>
              ))}
            </Grid>
            <Box mt={3}>
              <ContentHeader title={selected ? `${teamName(selected)}: buckets and stages` : 'Buckets and stages'}>
                <SupportButton>Rule status, key state and cost come from envelope's scan report; the rescan button starts a scan now.</SupportButton>
              </ContentHeader>
              <TeamView team={selected ? selected.ref : null} freshness={teams.value.freshness} onRefresh={teams.retry} />
            </Box>
          </>
        ) : null}
      </Content>
    </Page>
  );
}
