/**
 * Scan age, staleness and the rescan button. A stale result is one a later scan failed or was
 * partial after: the page keeps showing the last good scan and says why.
 */
import { useApi } from '@backstage/core-plugin-api';
import type { TargetFreshness } from '@envelope/plugin-envelope-common';
import { Box, Button, Typography } from '@material-ui/core';
import Alert from '@material-ui/lab/Alert';
import { useEffect, useState } from 'react';
import { envelopeApiRef } from '../api.js';
import { formatAge, formatWhen } from '../format.js';

export function useNow(intervalMs = 30_000): number {
  const [now, setNow] = useState(() => Date.now());
  useEffect(() => {
    const t = setInterval(() => setNow(Date.now()), intervalMs);
    return () => clearInterval(t);
  }, [intervalMs]);
  return now;
}

export function ScanAge({ freshness }: { freshness: TargetFreshness[] }) {
  const now = useNow();
  if (freshness.length === 0) return <Typography variant="body2">No scan targets configured.</Typography>;
  return (
    <>
      {freshness.map((f) => (
        <Typography key={f.target} variant="body2" data-testid={`scan-age-${f.target}`} title={f.served ? `finished ${formatWhen(f.served.finishedAt)}` : undefined}>
          {f.target}:{' '}
          {f.served ? (
            <>
              scanned {formatAge(f.served.finishedAt, now)} (scan #{f.served.id})
            </>
          ) : f.latest?.status === 'running' ? (
            'first scan running…'
          ) : (
            'not scanned yet'
          )}
          {f.latest?.status === 'running' && f.served ? ' · rescan running…' : ''}
        </Typography>
      ))}
    </>
  );
}

export function StaleBanner({ freshness }: { freshness: TargetFreshness[] }) {
  const stale = freshness.filter((f) => f.stale);
  if (stale.length === 0) return null;
  return (
    <Box mb={2}>
      {stale.map((f) => (
        <Alert key={f.target} severity="warning" data-testid="stale-banner">
          Showing the last good scan of {f.target}
          {f.served ? ` (#${f.served.id}, ${formatWhen(f.served.finishedAt)})` : ''}; it may be out of date: {f.staleReason}
        </Alert>
      ))}
    </Box>
  );
}

/** Starts a scan of every target, then polls until each target's newest scan has finished. */
export function RescanButton({ freshness, onDone }: { freshness: TargetFreshness[]; onDone: () => void }) {
  const api = useApi(envelopeApiRef);
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<string>();
  const rescan = async () => {
    setBusy(true);
    setError(undefined);
    const before = new Map(freshness.map((f) => [f.target, f.latest?.id ?? 0]));
    try {
      await api.rescan();
      const deadline = Date.now() + 5 * 60_000;
      for (;;) {
        await new Promise((r) => setTimeout(r, 1000));
        const { items } = await api.getScans({ limit: 20 });
        const done = [...before].every(([target, id]) => items.some((s) => s.target === target && s.id > id && s.status !== 'running'));
        if (done || Date.now() > deadline) break;
      }
      onDone();
    } catch (e) {
      setError((e as Error).message);
    } finally {
      setBusy(false);
    }
  };
  return (
    <Box display="flex" alignItems="center" gridGap={8}>
      <Button variant="outlined" color="primary" onClick={rescan} disabled={busy} data-testid="rescan">
        {busy ? 'Scanning…' : 'Rescan now'}
      </Button>
      {error ? (
        <Typography color="error" variant="body2" role="alert">
          Rescan failed: {error}
        </Typography>
      ) : null}
    </Box>
  );
}
