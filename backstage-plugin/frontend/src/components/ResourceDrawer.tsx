/** One resource: its findings worst first (message, remediation, docs), its chain, key, cost and scan. */
import { Link, Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import type { ResourceDetail } from '@envelope/plugin-envelope-common';
import { Box, Chip, Divider, Drawer, IconButton, Table, TableBody, TableCell, TableHead, TableRow, Typography } from '@material-ui/core';
import { envelopeApiRef } from '../api.js';
import { formatAge, formatUsd, formatWhen, keyLabel, SEVERITY_LABEL, TYPE_LABEL } from '../format.js';
import { useAsync } from '../use-async.js';
import { ChainDiagram } from './ChainDiagram.js';
import { useNow } from './ScanFreshness.js';
import { StatusLabel } from './StatusLabel.js';

export function ResourceDrawer({ resourceId, onClose }: { resourceId: string | null; onClose: () => void }) {
  return (
    <Drawer anchor="right" open={resourceId !== null} onClose={onClose}>
      <Box width={720} maxWidth="100vw" p={3} role="dialog" aria-label="resource details" data-testid="resource-drawer">
        <Box display="flex" justifyContent="flex-end">
          <IconButton aria-label="close" onClick={onClose} size="small">
            ✕
          </IconButton>
        </Box>
        {resourceId ? <ResourceDetailView resourceId={resourceId} /> : null}
      </Box>
    </Drawer>
  );
}

export function ResourceDetailView({ resourceId }: { resourceId: string }) {
  const api = useApi(envelopeApiRef);
  const { loading, error, value } = useAsync(() => api.getResource(resourceId), [api, resourceId]);
  if (error && !value) return <ResponseErrorPanel error={error} />;
  if (loading && !value) return <Progress />;
  if (!value) return null;
  return <DetailBody detail={value} />;
}

function DetailBody({ detail }: { detail: ResourceDetail }) {
  const now = useNow();
  const { resource: r, findings, costLines, chain, scan, freshness } = detail;
  const problems = findings.filter((f) => f.status === 'fail' || f.status === 'unknown');
  const suppressed = findings.filter((f) => f.status === 'suppressed');
  const rest = findings.filter((f) => f.status !== 'fail' && f.status !== 'unknown' && f.status !== 'suppressed');
  return (
    <>
      <Typography variant="overline">{TYPE_LABEL[r.type]}</Typography>
      <Typography variant="h5" gutterBottom style={{ wordBreak: 'break-all' }}>
        {r.name}
      </Typography>
      <Box display="flex" flexWrap="wrap" gridGap={16} mb={2}>
        <StatusLabel status={r.status} />
        <Typography variant="body2">Owner: {r.ownerRef ?? (r.owner ? `${r.owner} (no catalog Group)` : 'none')}</Typography>
        <Typography variant="body2">{r.region ?? ''}</Typography>
        <Typography variant="body2" data-testid="drawer-cost">
          Monthly cost: {formatUsd(r.monthlyCost)}
        </Typography>
      </Box>
      {r.key ? (
        <Box mb={2}>
          <Typography variant="subtitle2">KMS key</Typography>
          <Typography variant="body2" component="div">
            {keyLabel(r.key)}
            {r.key.status ? (
              <>
                {' — '}
                <StatusLabel status={r.key.status}>{r.key.message ?? r.key.status}</StatusLabel>
              </>
            ) : null}
          </Typography>
        </Box>
      ) : null}
      <Typography variant="subtitle2">Chain</Typography>
      <Box my={1} overflow="auto">
        {chain ? <ChainDiagram chain={chain} /> : <Typography variant="body2">The scan drew no chain for this resource.</Typography>}
        {chain?.source === 'bucket-encryption' ? (
          <Typography variant="caption" display="block">
            Bucket → key from the bucket's default encryption; the Snowflake stage and integration appear once the scan reads Snowflake.
          </Typography>
        ) : null}
      </Box>
      <Divider />
      <Box my={2}>
        <Typography variant="subtitle2" gutterBottom>
          Findings to fix ({problems.length})
        </Typography>
        {problems.length === 0 ? <Typography variant="body2">Nothing failing or unknown.</Typography> : null}
        {problems.map((f) => (
          <Box key={`${f.ruleId}`} mb={2} data-testid="finding">
            <Box display="flex" alignItems="center" gridGap={8}>
              <StatusLabel status={f.status} />
              <Chip size="small" label={SEVERITY_LABEL[f.severity]} />
              <Typography variant="body2" component="code">
                {f.ruleId}
              </Typography>
            </Box>
            <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
              {f.message}
            </Typography>
            <Typography variant="body2" color="textSecondary" style={{ overflowWrap: 'anywhere', whiteSpace: 'pre-wrap' }}>
              Remediation: {f.remediation}
            </Typography>
            <Typography variant="body2">
              <Link to={f.docs}>Rule documentation</Link>
            </Typography>
          </Box>
        ))}
        {suppressed.length > 0 ? (
          <Box mb={2} data-testid="suppressed-findings">
            <Typography variant="subtitle2" gutterBottom>
              Suppressed: accepted risks ({suppressed.length})
            </Typography>
            {suppressed.map((f) => (
              <Box key={f.ruleId} mb={1} data-testid="suppressed-finding">
                <Box display="flex" alignItems="center" gridGap={8}>
                  <StatusLabel status="suppressed" />
                  <Chip size="small" label={SEVERITY_LABEL[f.severity]} />
                  <Typography variant="body2" component="code">
                    {f.ruleId}
                  </Typography>
                  <Typography variant="caption">{f.suppressedStatus === 'unknown' ? 'was unknown: not seen' : 'fails'}</Typography>
                </Box>
                <Typography variant="body2" style={{ overflowWrap: 'anywhere' }}>
                  Accepted {f.suppression?.source === 'tag' ? 'by the resource tag envelope:ignore (no expiry)' : `until ${f.suppression?.expires ?? '?'}${f.suppression?.approvedBy ? `, approved by ${f.suppression.approvedBy}` : ''}`}: {f.suppression?.reason}
                </Typography>
                <Typography variant="body2" color="textSecondary" style={{ overflowWrap: 'anywhere' }}>
                  {f.message}
                </Typography>
              </Box>
            ))}
          </Box>
        ) : null}
        {rest.length > 0 ? (
          <details>
            <summary>
              <Typography variant="body2" component="span">
                {rest.length} passing or not applicable
              </Typography>
            </summary>
            {rest.map((f) => (
              <Typography key={f.ruleId} variant="body2">
                <StatusLabel status={f.status} /> {f.ruleId}: {f.message}
              </Typography>
            ))}
          </details>
        ) : null}
      </Box>
      <Divider />
      <Box my={2}>
        <Typography variant="subtitle2">Cost lines</Typography>
        {costLines.length === 0 ? (
          <Typography variant="body2">{r.monthlyCost === null ? 'The scan ran without cost.' : 'No cost lines for this resource.'}</Typography>
        ) : (
          <Table size="small">
            <TableHead>
              <TableRow>
                <TableCell>Component</TableCell>
                <TableCell align="right">Quantity</TableCell>
                <TableCell align="right">Monthly</TableCell>
                <TableCell>Basis</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {costLines.map((l, i) => (
                <TableRow key={i} title={l.note}>
                  <TableCell>{l.component}</TableCell>
                  <TableCell align="right">
                    {Math.round(l.quantity * 100) / 100} {l.unit}
                  </TableCell>
                  <TableCell align="right">{formatUsd(l.monthlyAmount)}</TableCell>
                  <TableCell>{l.basis}</TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
        )}
      </Box>
      <Typography variant="caption" display="block">
        From scan #{scan.id} of {scan.target}, {formatAge(scan.finishedAt, now)} ({formatWhen(scan.finishedAt)}).
        {freshness.stale ? ` Stale: ${freshness.staleReason}` : ''}
      </Typography>
    </>
  );
}
