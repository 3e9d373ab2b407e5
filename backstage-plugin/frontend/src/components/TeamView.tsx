/** Scan age, staleness, rescan and the table, for one team: the page body and the entity tab. */
import type { TargetFreshness } from '@envelope/plugin-envelope-common';
import { Box } from '@material-ui/core';
import { useCallback, useState } from 'react';
import { RescanButton, ScanAge, StaleBanner } from './ScanFreshness.js';
import { TeamResourcesTable } from './TeamResourcesTable.js';

export function TeamView({ team, freshness, onRefresh }: { team: string | null; freshness: TargetFreshness[]; onRefresh: () => void }) {
  const [refreshKey, setRefreshKey] = useState(0);
  const refresh = useCallback(() => {
    setRefreshKey((k) => k + 1);
    onRefresh();
  }, [onRefresh]);
  return (
    <Box>
      <StaleBanner freshness={freshness} />
      <Box display="flex" justifyContent="space-between" alignItems="center" mb={2} flexWrap="wrap" gridGap={12}>
        <Box>
          <ScanAge freshness={freshness} />
        </Box>
        <RescanButton freshness={freshness} onDone={refresh} />
      </Box>
      <TeamResourcesTable team={team} refreshKey={refreshKey} />
    </Box>
  );
}
