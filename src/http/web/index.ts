import type { FastifyPluginAsync } from 'fastify';

/** Every server-rendered page. */
export const webPlugin: FastifyPluginAsync = async (_app) => {};
