import type { BeepKind } from '../../store';

/**
 * The scan's sound: one short high tone when an order opened, two low ones when nothing was
 * found, so a worker looking at the parcel knows without looking at the screen. WebAudio makes
 * them (no sound files); the AudioContext is created on first use, after a user gesture.
 */
let context: AudioContext | null = null;

function audio(): AudioContext | null {
  if (context) return context;
  const Ctor = globalThis.AudioContext;
  if (typeof Ctor !== 'function') return null;
  try {
    context = new Ctor();
  } catch {
    return null;
  }
  return context;
}

function tone(ctx: AudioContext, at: number, frequency: number, seconds: number): void {
  const osc = ctx.createOscillator();
  const gain = ctx.createGain();
  osc.type = 'square';
  osc.frequency.value = frequency;
  // A quick fade in and out: a click-free beep.
  gain.gain.setValueAtTime(0.0001, at);
  gain.gain.exponentialRampToValueAtTime(0.12, at + 0.01);
  gain.gain.exponentialRampToValueAtTime(0.0001, at + seconds);
  osc.connect(gain).connect(ctx.destination);
  osc.start(at);
  osc.stop(at + seconds + 0.02);
}

export function beep(kind: BeepKind): void {
  const ctx = audio();
  if (!ctx) return;
  if (ctx.state === 'suspended') void ctx.resume();
  const now = ctx.currentTime;
  if (kind === 'success') {
    tone(ctx, now, 1760, 0.09);
  } else {
    tone(ctx, now, 220, 0.14);
    tone(ctx, now + 0.2, 196, 0.2);
  }
}
