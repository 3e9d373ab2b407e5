import { StatusAborted, StatusError, StatusOK, StatusPending, StatusWarning } from '@backstage/core-components';
import type { Status } from '@envelope/plugin-envelope-common';
import { STATUS_LABEL } from '../format.js';

/** A finding's or resource's status as the report gave it, with Backstage's status glyphs. */
export function StatusLabel({ status, children }: { status: Status; children?: React.ReactNode }) {
  const text = children ?? STATUS_LABEL[status];
  switch (status) {
    case 'fail':
      return <StatusError>{text}</StatusError>;
    case 'unknown':
      return <StatusWarning>{text}</StatusWarning>;
    case 'suppressed':
      return <StatusPending>{text}</StatusPending>;
    case 'pass':
      return <StatusOK>{text}</StatusOK>;
    default:
      return <StatusAborted>{text}</StatusAborted>;
  }
}
