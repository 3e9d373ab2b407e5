import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Starting a scan now (the rescan button, POST /scans). A basic permission: adopters can restrict it
 * in their policy; apps without the permission framework allow it to every signed-in user.
 */
export const envelopeRescanPermission = createPermission({
  name: 'envelope.scan.trigger',
  attributes: { action: 'update' },
});

export const envelopePermissions = [envelopeRescanPermission];
