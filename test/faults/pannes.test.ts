import { appendFileSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { rng } from '../../src/demo/prng.ts';
import { TEST_ENGINE } from '../helpers/db.ts';
import {
  type Contenu,
  contenu,
  differences,
  type Etat,
  egal,
  invariants,
  type Moteur,
  moteurPglite,
  moteurPostgres,
  offre,
} from './moteur.ts';
import { type Entrees, prepareModeles, SCENARIOS } from './scenarios.ts';

// Fault injection (issue 15, "what must exist" 1): every long write is killed by a real SIGKILL
// after its Nth database statement (OFFRE_FAULT_AFTER_N_STATEMENTS, src/db/fault.ts), at kill
// points drawn by a seeded random in the statements an uninterrupted run makes. After each kill:
// the database opens (PGlite: or refuses with its documented French message), its invariants hold
// (moteur.ts), a one-transaction command left exactly the state before or the state after, and
// the same command run again leaves exactly what one uninterrupted run leaves.
//
// `npm test`: one kill point of one reference import drawn by the seed, on each engine.
// `npm run test:faults`: OFFRE_PANNES=complet, 20 kill points for every command on PostgreSQL,
// 2 on PGlite (OFFRE_PANNES_POINTS overrides; OFFRE_PANNES_SCENARIOS=a,b picks commands).
// The seed is printed; OFFRE_PANNES_GRAINE=<seed> replays a run.

const COMPLET = process.env.OFFRE_PANNES === 'complet';
// PGlite runs each command 5 to 10 times slower: its full run takes 2 kill points per command.
const POINTS = Number(process.env.OFFRE_PANNES_POINTS ?? (COMPLET ? (TEST_ENGINE === 'pglite' ? 2 : 20) : 1));
const GRAINE = Number(process.env.OFFRE_PANNES_GRAINE ?? Math.floor(Math.random() * 1e9));
const SEULS = process.env.OFFRE_PANNES_SCENARIOS?.split(',');
/** Documented in docs/exploitation.md: what PGlite says when a crash left its folder unreadable. */
const MESSAGE_PGLITE = /La base embarquée du dossier .* ne s’ouvre pas/;

function chooseScenarios() {
  if (SEULS) return SCENARIOS.filter((s) => SEULS.includes(s.nom));
  if (COMPLET) return SCENARIOS;
  // Reduced form: one reference import (the quickest writes), a different one each seed.
  return [rng(GRAINE).pick(SCENARIOS.filter((s) => s.nom.startsWith('referentiel-')))];
}

/** `n` distinct kill points in [1, total], drawn from the seed and the command's name. */
function pointsDeCoupure(nom: string, total: number, n: number): number[] {
  let h = GRAINE;
  for (const c of nom) h = (Math.imul(h, 31) + c.charCodeAt(0)) >>> 0;
  const r = rng(h);
  const out = new Set<number>();
  while (out.size < Math.min(n, total)) out.add(r.int(1, total));
  return [...out].sort((a, b) => a - b);
}

interface Bilan {
  commande: string;
  points: number;
  survecus: number;
  refus: number;
  echecs: string[];
}

const scenarios = chooseScenarios();
const engine = TEST_ENGINE;

describe(`pannes franches (SIGKILL) pendant les écritures longues — ${engine}`, () => {
  let moteur: Moteur;
  let dir: string;
  let modeles: { demo: Etat; vide: Etat; entrees: Entrees };
  const bilans: Bilan[] = [];

  beforeAll(async () => {
    process.stderr.write(
      `Pannes (${engine}) : graine ${GRAINE} — rejouer avec OFFRE_PANNES_GRAINE=${GRAINE}` +
        `${COMPLET ? ' OFFRE_PANNES=complet' : ''} ; commandes : ${scenarios.map((s) => s.nom).join(', ')}.\n`,
    );
    dir = mkdtempSync(join(tmpdir(), 'offre-pannes-entrees-'));
    moteur =
      engine === 'postgres'
        ? await moteurPostgres(process.env.DATABASE_URL!, `pannes_${process.pid}`)
        : await moteurPglite();
    modeles = await prepareModeles(
      moteur,
      dir,
      scenarios.map((s) => s.nom),
    );
  }, 300_000);

  afterAll(async () => {
    const lignes = bilans.map(
      (b) =>
        `| ${b.commande} | ${engine} | ${b.points} | ${b.survecus} | ${b.refus} | ${b.echecs.length ? b.echecs.join(' ; ') : '—'} |`,
    );
    const tableau = [
      `Graine ${GRAINE}`,
      '| commande | moteur | coupures | survécues | refus documentés | échecs |',
      '|---|---|---|---|---|---|',
      ...lignes,
    ].join('\n');
    process.stderr.write(`${tableau}\n`);
    await moteur?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  for (const s of scenarios) {
    it(
      `${s.nom} : ${POINTS} coupure(s), puis la même commande relancée`,
      async () => {
        const depart = await (s.depart === 'vide' ? modeles.vide : modeles.demo).copy(`${s.nom}_depart`);
        if (s.preparer) {
          const d = await depart.open();
          await s.preparer(d);
          await d.close();
        }
        const args = s.args(modeles.entrees);
        const avant = (await examiner(depart)).contenu;

        // The uninterrupted run: what every interrupted one must end up as.
        const etalon = await depart.copy(`${s.nom}_etalon`);
        const ref = await offre(etalon, args);
        expect(ref.signal, ref.stderr).toBeNull();
        expect(ref.instructions, ref.stderr).toBeGreaterThan(0);
        const { contenu: apres, casse: casseEtalon } = await examiner(etalon);
        expect(casseEtalon).toEqual([]);
        expect(egal(avant, apres), `${s.nom} n’a rien écrit`).toBe(false);
        await etalon.drop();

        const bilan: Bilan = {
          commande: `offre ${args.join(' ')}`,
          points: 0,
          survecus: 0,
          refus: 0,
          echecs: [],
        };
        bilans.push(bilan);
        for (const k of pointsDeCoupure(s.nom, ref.instructions!, POINTS)) {
          bilan.points++;
          const e = await depart.copy(`${s.nom}_${k}`);
          const echec = (m: string) => bilan.echecs.push(`coupure ${k}/${ref.instructions} : ${m}`);
          try {
            const tue = await offre(e, args, { apres: k });
            if (tue.signal !== 'SIGKILL') {
              echec(`pas tuée (code ${tue.code}) : ${tue.stderr.slice(-300)}`);
              continue;
            }
            let ouvert: Contenu;
            let casse: string[];
            try {
              ({ contenu: ouvert, casse } = await examiner(e));
            } catch (err) {
              if (engine === 'pglite' && MESSAGE_PGLITE.test((err as Error).message)) {
                bilan.refus++;
                continue;
              }
              echec(`ne s’ouvre plus : ${(err as Error).message}`);
              continue;
            }
            if (casse.length) echec(`invariants : ${casse.join(', ')}`);
            if (s.atomique && !egal(ouvert, avant) && !egal(ouvert, apres))
              echec(`état intermédiaire : ${differences(ouvert, apres).slice(0, 2).join(' / ')}`);
            const encore = await offre(e, args);
            if (encore.code !== ref.code)
              echec(`relance : code ${encore.code} : ${encore.stderr.slice(-300)}`);
            const { contenu: fin, casse: casseFin } = await examiner(e);
            if (casseFin.length) echec(`invariants après relance : ${casseFin.join(', ')}`);
            const diff = differences(fin, apres);
            if (diff.length) echec(`après relance ≠ exécution sans panne : ${diff.slice(0, 2).join(' / ')}`);
            if (!casse.length && !casseFin.length && !diff.length && encore.code === ref.code)
              bilan.survecus++;
          } finally {
            await e.drop();
          }
        }
        await depart.drop();
        // Each command's line as soon as it is known: a long run stopped midway keeps its figures.
        if (process.env.OFFRE_PANNES_BILAN)
          appendFileSync(
            `${process.env.OFFRE_PANNES_BILAN}.${engine}.md`,
            `| ${bilan.commande} | ${engine} | ${bilan.points} | ${bilan.survecus} | ${bilan.refus} | ${bilan.echecs.length ? bilan.echecs.join(' ; ') : '—'} |\n`,
          );
        expect(bilan.echecs).toEqual([]);
        expect(bilan.survecus + bilan.refus).toBe(bilan.points);
      },
      COMPLET ? 3_600_000 : 300_000,
    );
  }
});

/** Opens a state once: its content and what is broken in it. */
async function examiner(e: Etat): Promise<{ contenu: Contenu; casse: string[] }> {
  const d = await e.open();
  try {
    return { contenu: await contenu(d.db), casse: await invariants(d.db) };
  } finally {
    await d.close();
  }
}
