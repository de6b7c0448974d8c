import type { EntityManager } from 'typeorm';
import { NotFoundError } from '../../../../kit/errors';
import { isUuid } from '../../../../kit/ids';
import { Scheme } from './scheme.entity';
import { SchemeVersion } from './scheme-version.entity';
import { assertDraft } from './scheme.rules';

/**
 * Locks a version for a change to its terms and refuses the change when it is published. The row
 * lock serialises the change with a concurrent publication, so a draft can not be edited while it
 * is being published.
 */
export async function lockDraftVersion(manager: EntityManager, versionId: string, action: string): Promise<{ version: SchemeVersion; scheme: Scheme }> {
  const version = isUuid(versionId)
    ? await manager.findOne(SchemeVersion, { where: { id: versionId }, lock: { mode: 'pessimistic_write' } })
    : null;
  if (!version) throw new NotFoundError('SchemeVersion', versionId);
  const scheme = await manager.findOneByOrFail(Scheme, { id: version.schemeId });
  assertDraft(version, scheme.code, action);
  return { version, scheme };
}
