/** The cost estimate on the moto architecture: measured and assumed lines, and an unused key. */
import { CreateKeyCommand, EnableKeyRotationCommand, KMSClient } from '@aws-sdk/client-kms';
import { estimateCost } from '@envelope/core';
import { describe, expect, inject, it } from 'vitest';
import { REGION, STAGE_BUCKET } from './architecture.js';
import { motoProfile } from './scan-moto.js';
import { runScenario } from './scenario.js';

const endpoint = inject('motoEndpoint');

describe('moto: cost', () => {
  it('prices the stage bucket from moto’s storage metrics (measured) and assumed request volume (labelled)', async () => {
    const r = await runScenario(endpoint);
    const cost = estimateCost(r.inventory, motoProfile);
    const stage = cost.lines.filter((l) => l.resourceId === `arn:aws:s3:::${STAGE_BUCKET}`);
    expect(stage.find((l) => l.component === 's3-storage:STANDARD')?.basis).toBe('measured');
    const kms = stage.find((l) => l.component === 'kms-requests')!;
    expect(kms.basis).toBe('assumed');
    expect(cost.assumptions.some((a) => a.includes('Request volume assumed') && a.includes(STAGE_BUCKET))).toBe(true);
    // Two customer keys are billed: the primary and its replica, $1 each (no rotation completed yet).
    const keyLines = cost.lines.filter((l) => l.component.startsWith('kms-key'));
    expect(keyLines.reduce((a, l) => a + l.monthlyAmount, 0)).toBeCloseTo(2, 6);
    expect(cost.monthlyTotal).toBeCloseTo(cost.lines.reduce((a, l) => a + l.monthlyAmount, 0), 9);
  });

  it('finds a customer key nothing references and prices it', async () => {
    let unusedArn = '';
    const r = await runScenario(endpoint, [], {
      beforeScan: async () => {
        const kms = new KMSClient({ region: REGION, endpoint, credentials: { accessKeyId: 'testing', secretAccessKey: 'testing' } });
        const k = await kms.send(new CreateKeyCommand({ Description: 'left over from a migration', KeyUsage: 'ENCRYPT_DECRYPT' }));
        await kms.send(new EnableKeyRotationCommand({ KeyId: k.KeyMetadata!.KeyId! }));
        unusedArn = k.KeyMetadata!.Arn!;
        kms.destroy();
      },
    });
    const mine = r.findings.filter((f) => f.resource.id === unusedArn);
    expect(mine.find((f) => f.ruleId === 'cost-unused-kms-key')?.status).toBe('fail');
    expect(mine.find((f) => f.ruleId === 'cost-unused-kms-key')?.message).toMatch(/\$1\.00/);
    // Architecture rules do not judge a key the architecture does not use.
    expect(mine.filter((f) => f.ruleId !== 'cost-unused-kms-key').every((f) => f.status === 'not_applicable')).toBe(true);
    // It costs DescribeKey and GetKeyRotationStatus, not a key-policy read.
    expect(r.apiCalls['kms:ListKeys']).toBeGreaterThan(0);
    expect(r.inventory.keys.find((k) => k.arn === unusedArn)?.policy.state).toBe('unknown');
  });
});
