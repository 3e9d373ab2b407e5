/**
 * A team's buckets and stages: filter by status, severity, rule and type, search, sort, paged on
 * the server (a team of 1,000 buckets renders one page). A row opens the resource drawer.
 */
import { Progress, ResponseErrorPanel } from '@backstage/core-components';
import { useApi } from '@backstage/core-plugin-api';
import {
  DEFAULT_PAGE_SIZE,
  LISTED_TYPES,
  SEVERITIES,
  STATUSES,
  type ListedType,
  type ResourceRow,
  type ResourcesQuery,
  type Severity,
  type SortField,
  type Status,
} from '@envelope/plugin-envelope-common';
import { Box, Chip, FormControl, InputLabel, MenuItem, Select, Table, TableBody, TableCell, TableHead, TablePagination, TableRow, TableSortLabel, TextField, Tooltip, Typography } from '@material-ui/core';
import { useEffect, useState } from 'react';
import { envelopeApiRef } from '../api.js';
import { formatUsd, keyLabel, SEVERITY_LABEL, STATUS_LABEL, suppressionText, TYPE_LABEL } from '../format.js';
import { useAsync } from '../use-async.js';
import { ResourceDrawer } from './ResourceDrawer.js';
import { StatusLabel } from './StatusLabel.js';

const COLUMNS: Array<{ field: SortField; label: string; align?: 'right' }> = [
  { field: 'name', label: 'Name' },
  { field: 'type', label: 'Type' },
  { field: 'status', label: 'Status' },
  { field: 'severity', label: 'Severity' },
  { field: 'key', label: 'KMS key' },
  { field: 'cost', label: 'Monthly cost', align: 'right' },
];

function useDebounced<T>(value: T, ms: number): T {
  const [v, setV] = useState(value);
  useEffect(() => {
    const t = setTimeout(() => setV(value), ms);
    return () => clearTimeout(t);
  }, [value, ms]);
  return v;
}

function MultiSelect<T extends string>(props: { label: string; id: string; options: readonly T[]; labels: Record<T, string>; value: T[]; onChange: (v: T[]) => void }) {
  return (
    <FormControl variant="outlined" size="small" style={{ minWidth: 170 }}>
      <InputLabel id={`${props.id}-label`}>{props.label}</InputLabel>
      <Select
        labelId={`${props.id}-label`}
        id={props.id}
        multiple
        label={props.label}
        value={props.value}
        onChange={(e) => props.onChange(e.target.value as T[])}
        renderValue={(v) => (v as T[]).map((x) => props.labels[x]).join(', ')}
        data-testid={`filter-${props.id}`}
      >
        {props.options.map((o) => (
          <MenuItem key={o} value={o} data-testid={`option-${props.id}-${o}`}>
            {props.labels[o]}
          </MenuItem>
        ))}
      </Select>
    </FormControl>
  );
}

/** The soonest expiry among a row's profile suppressions (tags never expire). */
function nextExpiry(list: NonNullable<ResourceRow['suppressed']>): string | undefined {
  return list.flatMap((s) => (s.expires ? [s.expires] : [])).sort()[0];
}

export function TeamResourcesTable({ team, refreshKey = 0 }: { team: string | null; refreshKey?: number }) {
  const api = useApi(envelopeApiRef);
  const [status, setStatus] = useState<Status[]>([]);
  const [severity, setSeverity] = useState<Severity[]>([]);
  const [type, setType] = useState<ListedType[]>([]);
  const [rule, setRule] = useState('');
  const [search, setSearch] = useState('');
  const [sort, setSort] = useState<SortField>('status');
  const [order, setOrder] = useState<'asc' | 'desc'>('asc');
  const [page, setPage] = useState(0);
  const [pageSize, setPageSize] = useState(DEFAULT_PAGE_SIZE);
  const [open, setOpen] = useState<string | null>(null);
  const q = useDebounced(search.trim(), 250);
  const ruleId = useDebounced(rule.trim(), 250);
  const ruleValid = ruleId === '' || /^[a-z0-9]+(-[a-z0-9]+)*$/.test(ruleId);

  const query: ResourcesQuery = {
    ...(status.length ? { status } : {}),
    ...(severity.length ? { severity } : {}),
    ...(type.length ? { type } : {}),
    ...(ruleId && ruleValid ? { rule: ruleId } : {}),
    ...(q ? { q } : {}),
    sort,
    order,
    offset: page * pageSize,
    limit: pageSize,
  };
  const key = JSON.stringify(query);
  const state = useAsync(() => api.getTeamResources(team, query), [api, team, key, refreshKey]);
  useEffect(() => setPage(0), [team, status, severity, type, ruleId, q]);

  const sortBy = (field: SortField) => {
    if (field === sort) setOrder(order === 'asc' ? 'desc' : 'asc');
    else {
      setSort(field);
      setOrder(field === 'cost' ? 'desc' : 'asc');
    }
  };

  const data = state.value;
  return (
    <Box>
      <Box display="flex" flexWrap="wrap" gridGap={12} mb={2} alignItems="center">
        <TextField size="small" variant="outlined" label="Search name or ARN" value={search} onChange={(e) => setSearch(e.target.value)} inputProps={{ 'data-testid': 'search', 'aria-label': 'search' }} />
        <MultiSelect id="status" label="Status" options={STATUSES} labels={STATUS_LABEL} value={status} onChange={setStatus} />
        <MultiSelect id="severity" label="Failing severity" options={SEVERITIES} labels={SEVERITY_LABEL} value={severity} onChange={setSeverity} />
        <MultiSelect id="type" label="Type" options={LISTED_TYPES} labels={TYPE_LABEL} value={type} onChange={setType} />
        <TextField
          size="small"
          variant="outlined"
          label="Rule id"
          value={rule}
          onChange={(e) => setRule(e.target.value)}
          error={!ruleValid}
          helperText={ruleValid ? undefined : 'a rule id such as s3-bucket-key-enabled'}
          inputProps={{ 'data-testid': 'rule', 'aria-label': 'rule id' }}
        />
        {state.loading && data ? <Typography variant="caption">updating…</Typography> : null}
      </Box>
      {state.error ? <ResponseErrorPanel error={state.error} /> : null}
      {!data && state.loading ? <Progress /> : null}
      {data ? (
        <>
          <Table size="small" aria-label="buckets and stages" data-testid="resources-table">
            <TableHead>
              <TableRow>
                {COLUMNS.map((c) => (
                  <TableCell key={c.field} align={c.align} sortDirection={sort === c.field ? order : false} style={{ whiteSpace: 'nowrap' }}>
                    <TableSortLabel active={sort === c.field} direction={sort === c.field ? order : 'asc'} onClick={() => sortBy(c.field)} data-testid={`sort-${c.field}`}>
                      {c.label}
                    </TableSortLabel>
                  </TableCell>
                ))}
                <TableCell>Failing rules</TableCell>
              </TableRow>
            </TableHead>
            <TableBody>
              {data.items.length === 0 ? (
                <TableRow>
                  <TableCell colSpan={COLUMNS.length + 1}>
                    <Typography variant="body2" data-testid="empty">
                      {data.total === 0 && !status.length && !severity.length && !type.length && !ruleId && !q
                        ? 'No encrypted buckets or Snowflake stages belong to this team in the last good scan.'
                        : 'Nothing matches these filters.'}
                    </Typography>
                  </TableCell>
                </TableRow>
              ) : null}
              {data.items.map((r) => (
                <TableRow key={r.id} hover style={{ cursor: 'pointer' }} onClick={() => setOpen(r.id)} data-testid="resource-row" data-name={r.name}>
                  <TableCell>
                    <Typography variant="body2" style={{ fontWeight: 500, wordBreak: 'break-all' }}>
                      {r.name}
                    </Typography>
                    <Typography variant="caption" color="textSecondary">
                      {r.region ?? r.account}
                      {r.role && r.role !== 'architecture' ? ` · ${r.role}` : ''}
                    </Typography>
                  </TableCell>
                  <TableCell style={{ whiteSpace: 'nowrap' }}>{TYPE_LABEL[r.type]}</TableCell>
                  <TableCell>
                    <StatusLabel status={r.status} />
                    <Typography variant="caption" display="block" color="textSecondary">
                      {r.counts.fail} failing · {r.counts.unknown} unknown · {r.counts.pass} passing
                    </Typography>
                    {r.suppressed?.length ? (
                      <Tooltip title={r.suppressed.map(suppressionText).join('\n')}>
                        <Chip
                          size="small"
                          variant="outlined"
                          label={`${r.suppressed.length} suppressed${nextExpiry(r.suppressed) ? ` · until ${nextExpiry(r.suppressed)}` : ''}`}
                          data-testid="suppressed-chip"
                          aria-label={r.suppressed.map(suppressionText).join('; ')}
                        />
                      </Tooltip>
                    ) : null}
                    {r.notes?.length ? (
                      <Typography variant="caption" display="block" color="textSecondary" data-testid="notes">
                        info: {r.notes.map((n) => n.ruleId).join(', ')}
                      </Typography>
                    ) : null}
                  </TableCell>
                  <TableCell>{r.worstSeverity ? <Chip size="small" label={SEVERITY_LABEL[r.worstSeverity]} /> : '—'}</TableCell>
                  <TableCell title={r.key?.message}>
                    {r.key ? (
                      <>
                        {r.key.status ? <StatusLabel status={r.key.status}>{r.key.message ?? r.key.status}</StatusLabel> : null}
                        <Typography variant="caption" display="block" color="textSecondary">
                          {keyLabel(r.key)}
                        </Typography>
                      </>
                    ) : (
                      '—'
                    )}
                  </TableCell>
                  <TableCell align="right">{formatUsd(r.monthlyCost)}</TableCell>
                  <TableCell>
                    <Typography variant="caption" style={{ overflowWrap: 'anywhere' }}>{r.problemRules.slice(0, 3).join(', ')}{r.problemRules.length > 3 ? ` +${r.problemRules.length - 3}` : ''}</Typography>
                  </TableCell>
                </TableRow>
              ))}
            </TableBody>
          </Table>
          <Box display="flex" justifyContent="space-between" alignItems="center">
            <Typography variant="body2" data-testid="team-cost">
              {data.total} {data.total === 1 ? 'resource' : 'resources'} · team monthly cost {formatUsd(data.monthlyCost)}
            </Typography>
            <TablePagination
              component="div"
              count={data.total}
              page={page}
              rowsPerPage={pageSize}
              rowsPerPageOptions={[25, 50, 100]}
              onPageChange={(_e, p) => setPage(p)}
              onRowsPerPageChange={(e) => {
                setPageSize(Number(e.target.value));
                setPage(0);
              }}
            />
          </Box>
        </>
      ) : null}
      <ResourceDrawer resourceId={open} onClose={() => setOpen(null)} />
    </Box>
  );
}
