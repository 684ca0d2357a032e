import type { TFunction } from 'i18next';
import type { PackEventView } from '../../../../preload/contract';

/** A kept pack-check problem, override or missing line, as the order's timeline words it. */
export function packText(t: TFunction, e: PackEventView): string {
  if (e.kind === 'override') return t('floor.pack.timelineOverride', { name: e.supervisor ?? '' });
  if (e.kind === 'wrong') return t('floor.pack.timelineWrong', { code: e.code ?? '' });
  if (e.kind === 'missing') {
    const values = { count: e.quantity ?? 0, name: e.itemName ?? '', sku: e.replacedBy ?? '' };
    return e.replacedBy
      ? t('floor.pack.timelineReplaced', values)
      : t('floor.pack.timelineMissing', values);
  }
  return t('floor.pack.timelineTooMany', { name: e.itemName ?? '', count: e.expected ?? 0 });
}
