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

function hashPin(pin: string, salt: Buffer): Buffer {
  return scryptSync(pin, salt, 32);
}

export class FileShiftStore implements ShiftStore {
  private shift: OperatorView | null = null;
  private readonly file: string;

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
      const expected = Buffer.from(saved.hash, 'base64');
      const given = hashPin(pin, Buffer.from(saved.salt, 'base64'));
      if (expected.length !== given.length || !timingSafeEqual(expected, given)) {
        throw new IpcRefusal('PIN_WRONG');
      }
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

  verifyPin(name: string, pin: string): boolean {
    const saved = this.read().pins[keyOf(name.normalize('NFC').trim().replace(/\s+/g, ' '))];
    if (!saved) return false;
    const expected = Buffer.from(saved.hash, 'base64');
    const given = hashPin(pin, Buffer.from(saved.salt, 'base64'));
    return expected.length === given.length && timingSafeEqual(expected, given);
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
