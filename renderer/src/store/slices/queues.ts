import type {
  DeskFailure,
  OrderCounts,
  OrderRow,
  OrderSort,
  Queue,
} from '../../../../preload/contract';
import { ask } from '../desk-port';
import type { SliceCreator } from '../types';

/**
 * Rows per request (the contract allows up to 200). The first page of a query only has to fill
 * the window, and it is on the critical path of every filter keystroke, so it is small; the pages
 * after it come while scrolling and are larger.
 */
export const FIRST_PAGE = 40;
export const PAGE_SIZE = 100;
/** A refresh reloads what was on screen, up to this many rows, so the scroll position holds. */
const MAX_RELOAD = 1000;

export interface QueueList {
  rows: OrderRow[];
  nextCursor: string | null;
  /** `loading`: the first page of a new query is on its way (rows may still show the old one). */
  status: 'idle' | 'loading' | 'ready' | 'error';
  loadingMore: boolean;
  truncated: boolean;
  error: DeskFailure | null;
  /** The query the rows answer: queue, sort and filter. */
  key: string;
  /** Grows each time the rows are replaced (the bench and tests wait on it). */
  version: number;
}

export interface QueuesSlice {
  counts: OrderCounts | null;
  queue: Queue;
  sort: OrderSort;
  /** The text typed into the queue's filter box. */
  filter: string;
  list: QueueList;
  selectQueue(queue: Queue): Promise<void>;
  setFilter(text: string): Promise<void>;
  setSort(sort: OrderSort): Promise<void>;
  /** Next page (keyset: the cursor of the last one); nothing when all are loaded. */
  loadMore(): Promise<void>;
  /** The same query again: from the first page, or (`keep`) as many rows as are loaded. */
  reloadList(opts?: { keep?: boolean }): Promise<void>;
  refreshCounts(): Promise<void>;
}

export function listKey(queue: Queue, sort: OrderSort, filter: string): string {
  return `${queue}|${sort}|${filter.trim()}`;
}

const emptyList = (key: string): QueueList => ({
  rows: [],
  nextCursor: null,
  status: 'idle',
  loadingMore: false,
  truncated: false,
  error: null,
  key,
  version: 0,
});

export const createQueuesSlice: SliceCreator<QueuesSlice> = (set, get) => {
  // Every list request gets a number; an answer that is not the newest is dropped, so a slow
  // answer to "ab" never overwrites the answer to "abc" typed after it.
  let latest = 0;

  const request = (cursor: string | null, limit: number) => {
    const { queue, sort, filter } = get();
    const text = filter.trim();
    return ask('orders:list', {
      queue,
      sort,
      limit,
      ...(text ? { filter: text } : {}),
      ...(cursor ? { cursor } : {}),
    });
  };

  async function load(keep: boolean): Promise<void> {
    const seq = ++latest;
    const { queue, sort, filter, list } = get();
    const key = listKey(queue, sort, filter);
    const want = keep && list.key === key ? Math.min(MAX_RELOAD, list.rows.length) : 0;
    set((s) => ({ list: { ...s.list, status: 'loading', error: null } }));
    const rows: OrderRow[] = [];
    let cursor: string | null = null;
    let truncated = false;
    do {
      const result = await request(cursor, cursor ? PAGE_SIZE : FIRST_PAGE);
      if (seq !== latest) return;
      if (!result.ok) {
        set((s) => ({ list: { ...s.list, status: 'error', error: result.error } }));
        return;
      }
      rows.push(...result.data.rows);
      cursor = result.data.nextCursor;
      truncated = result.data.truncated;
    } while (cursor && rows.length < want);
    set((s) => ({
      list: {
        rows,
        nextCursor: cursor,
        status: 'ready',
        loadingMore: false,
        truncated,
        error: null,
        key,
        version: s.list.version + 1,
      },
    }));
  }

  return {
    counts: null,
    queue: 'ready',
    sort: 'creation_desc',
    filter: '',
    list: emptyList(listKey('ready', 'creation_desc', '')),

    async selectQueue(queue) {
      if (queue === get().queue && get().list.status !== 'idle') return;
      set({ queue });
      await load(false);
    },
    async setFilter(text) {
      set({ filter: text });
      await load(false);
    },
    async setSort(sort) {
      set({ sort });
      await load(false);
    },
    async loadMore() {
      const { list } = get();
      if (list.loadingMore || !list.nextCursor || list.status !== 'ready') return;
      const seq = latest;
      const key = list.key;
      set((s) => ({ list: { ...s.list, loadingMore: true } }));
      const result = await request(list.nextCursor, PAGE_SIZE);
      if (seq !== latest || get().list.key !== key) return;
      if (!result.ok) {
        // The list changed order under the cursor: start again from the top.
        if (result.error.code === 'LIST_CURSOR_INVALID') return load(false);
        set((s) => ({ list: { ...s.list, loadingMore: false, error: result.error } }));
        return;
      }
      set((s) => ({
        list: {
          ...s.list,
          rows: [...s.list.rows, ...result.data.rows],
          nextCursor: result.data.nextCursor,
          truncated: result.data.truncated,
          loadingMore: false,
          version: s.list.version + 1,
        },
      }));
    },
    reloadList(opts) {
      return load(opts?.keep ?? false);
    },
    async refreshCounts() {
      const result = await ask('orders:counts');
      if (result.ok) set({ counts: result.data });
    },
  };
};
