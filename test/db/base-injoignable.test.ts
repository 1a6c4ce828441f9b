import pg from 'pg';
import { expect, it } from 'vitest';
import { baseInjoignable } from '../../src/db/injoignable.ts';
import { refusDe } from '../../src/http/errors.handler.ts';

// Operator's report of 06/12: during a PostgreSQL restart, new requests got 500 ERREUR_INTERNE.
// The errors a real node-postgres client meets when the server is out of reach are told apart
// and answered 503 BASE_INDISPONIBLE with Retry-After. Real connection, real refusal.

async function erreurDe(f: () => Promise<unknown>): Promise<Error> {
  try {
    await f();
  } catch (e) {
    return e as Error;
  }
  throw new Error('aucune erreur');
}

it('a connection refused (no server on the port) is the database out of reach: 503 with Retry-After', async () => {
  // Port 1 on the loopback: nothing listens there, the connection is refused by the kernel.
  const client = new pg.Client({ connectionString: 'postgres://postgres@127.0.0.1:1/offre' });
  const e = await erreurDe(() => client.connect());
  expect(baseInjoignable(e)).toBe(true);
  const refus = refusDe(e as never, { url: '/api/v1/formations', method: 'GET' } as never);
  expect(refus).toMatchObject({ status: 503, code: 'BASE_INDISPONIBLE', extra: { retry_after: 5 } });
  expect(refus.detail).toMatch(/^La base de données est momentanément injoignable/);
});

it('a defect of a statement stays an internal error', () => {
  const e = Object.assign(new Error('relation "x" does not exist'), { code: '42P01' });
  expect(baseInjoignable(e)).toBe(false);
  expect(refusDe(e as never, { url: '/', method: 'GET' } as never).code).toBe('ERREUR_INTERNE');
  // admin_shutdown, cannot_connect_now: what a restarting server answers.
  for (const code of ['57P01', '57P03', '08006'])
    expect(baseInjoignable(Object.assign(new Error('x'), { code }))).toBe(true);
});
