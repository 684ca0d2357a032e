import { randomBytes, scryptSync, timingSafeEqual } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { privateDir } from '../core/private-files';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { OperatorView } from '../../preload/contract';
import type { Clock } from '../core/clock';
import { writeFileAtomic } from '../core/settings';
import type { ShiftStore } from '../ipc/desk-services';
import { IpcRefusal } from '../ipc/errors';

/**
 * Who acts at this station. The shift itself lives in memory (a restart asks again: a closed app
 * is the end of a shift). A PIN, when someone chooses one, protects their name at this station so
 * nobody else acts under it: only a salted scrypt hash is kept, in `operators.json`.
 */

export const OPERATORS_FILE = 'operators.json';

const PinFile = z.object({
  version: z.literal(1),
  pins: z.record(z.string(), z.object({ salt: z.string(), hash: z.string() })),
});
type PinFile = z.infer<typeof PinFile>;

const keyOf = (name: string) => name.normalize('NFC').trim().toLocaleLowerCase();

/** Wrong PINs in a row under one name before it locks, and for how long it stays locked. */
export const PIN_TRIES = 5;
export const PIN_LOCK_MS = 5 * 60_000;

function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, 32);
}

export class FileShiftStore implements ShiftStore {
  private shift: OperatorView | null = null;
  private readonly file: string;
  /** Wrong tries per name (in memory: a restart is not a way around it, it is a new shift). */
  private readonly tries = new Map<string, { wrong: number; lockedUntil: number }>();

  constructor(
    dataDir: string,
    private readonly clock: Clock,
    private readonly onChange: (op: OperatorView | null) => void = () => undefined,
  ) {
    this.file = join(dataDir, OPERATORS_FILE);
  }

  current(): OperatorView | null {
    return this.shift ? { ...this.shift } : null;
  }

  start(name: string, pin: string | undefined): OperatorView {
    const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
    const pins = this.read();
    const saved = pins.pins[keyOf(clean)];
    if (saved) {
      if (!pin) throw new IpcRefusal('PIN_REQUIRED');
      this.check(clean, saved, pin);
    } else if (pin) {
      const salt = randomBytes(16);
      pins.pins[keyOf(clean)] = {
        salt: salt.toString('base64'),
        hash: hashPin(pin, salt).toString('base64'),
      };
      this.write(pins);
    }
    this.shift = { name: clean, since: this.clock.now(), hasPin: !!saved || !!pin };
    this.onChange(this.current());
    return { ...this.shift };
  }

  /** Whether the PIN is this name's (wrong tries count towards the lock, which still refuses). */
  verifyPin(name: string, pin: string): boolean {
    const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
    const saved = this.read().pins[keyOf(clean)];
    if (!saved) return false;
    try {
      this.check(clean, saved, pin);
      return true;
    } catch (err) {
      if (err instanceof IpcRefusal && err.code === 'PIN_WRONG') return false;
      throw err;
    }
  }

  verify(name: string, pin: string): { name: string } {
    const clean = name.normalize('NFC').trim().replace(/\s+/g, ' ');
    if (this.shift && keyOf(this.shift.name) === keyOf(clean)) {
      throw new IpcRefusal('SUPERVISOR_IS_OPERATOR');
    }
    const saved = this.read().pins[keyOf(clean)];
    // A name with no PIN cannot sign anything off; the answer does not say which names have one.
    if (!saved) throw new IpcRefusal('PIN_WRONG');
    this.check(clean, saved, pin);
    return { name: clean };
  }

  /** The PIN against its hash; five wrong tries in a row lock the name for a while. */
  private check(name: string, saved: { salt: string; hash: string }, pin: string): void {
    const key = keyOf(name);
    const now = this.clock.now();
    const tries = this.tries.get(key) ?? { wrong: 0, lockedUntil: 0 };
    if (tries.lockedUntil > now) {
      const minutes = Math.ceil((tries.lockedUntil - now) / 60_000);
      throw new IpcRefusal(
        'PIN_LOCKED',
        `Too many wrong PINs for this name. Try again in ${minutes} min.`,
      );
    }
    const expected = Buffer.from(saved.hash, 'base64');
    const given = hashPin(pin, Buffer.from(saved.salt, 'base64'));
    if (expected.length === given.length && timingSafeEqual(expected, given)) {
      this.tries.delete(key);
      return;
    }
    const wrong = tries.wrong + 1;
    if (wrong >= PIN_TRIES) {
      this.tries.set(key, { wrong: 0, lockedUntil: now + PIN_LOCK_MS });
      throw new IpcRefusal('PIN_LOCKED');
    }
    this.tries.set(key, { wrong, lockedUntil: 0 });
    throw new IpcRefusal('PIN_WRONG');
  }

  end(): void {
    if (!this.shift) return;
    this.shift = null;
    this.onChange(null);
  }

  private read(): PinFile {
    try {
      return PinFile.parse(JSON.parse(readFileSync(this.file, 'utf8')));
    } catch {
      // Missing or damaged: no name is protected (a damaged file must not lock anyone out).
      return { version: 1, pins: {} };
    }
  }

  private write(pins: PinFile): void {
    privateDir(dirname(this.file));
    writeFileAtomic(this.file, JSON.stringify(pins), 0o600);
  }
}
