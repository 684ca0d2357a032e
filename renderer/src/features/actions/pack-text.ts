import type { TFunction } from 'i18next';
import type { PackEventView } from '../../../../preload/contract';

/** A kept pack-check problem or override, as the order's timeline words it. */
export function packText(t: TFunction, e: PackEventView): string {
  if (e.kind === 'override') return t('floor.pack.timelineOverride', { name: e.supervisor ?? '' });
  if (e.kind === 'wrong') return t('floor.pack.timelineWrong', { code: e.code ?? '' });
  return t('floor.pack.timelineTooMany', { name: e.itemName ?? '', count: e.expected ?? 0 });
}
