import { z } from 'zod';
import { defineRoute } from './route.ts';

export const santeRoute = defineRoute({
  method: 'GET',
  url: '/sante',
  summary: 'État du service',
  tags: ['Service'],
  auth: 'public',
  response: { 200: z.object({ statut: z.literal('ok'), moteur: z.enum(['pglite', 'postgres']) }) },
});

export const openApiRoute = defineRoute({
  method: 'GET',
  url: '/openapi.json',
  summary: 'Ce document (OpenAPI 3.1)',
  tags: ['Service'],
  auth: 'public',
  response: { 200: z.record(z.string(), z.unknown()) },
});
