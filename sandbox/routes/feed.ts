import type { FastifyInstance } from 'fastify';
import type { SandboxContext } from '../context';

export function registerFeedRoutes(_app: FastifyInstance, _ctx: SandboxContext): void {}
