import type ExcelJS from 'exceljs';
import { describe, expect, it } from 'vitest';
import { renderRapportClasseur } from '../../src/cli/commands/classeur.command.ts';
import { SYSTEME } from '../../src/domain/acteur.ts';
import { colonnesClasseur } from '../../src/formats/classeur/classeur.columns.ts';
import {
  type RapportClasseur,
  resultatLigne,
  resumeRapport,
} from '../../src/formats/classeur/classeur.report.ts';
import { importClasseur } from '../../src/services/import-classeur.service.ts';
import { bearer, formationFixture, SIREN_A, SIRET_A, useTestApi } from '../api/helpers.ts';
import { gestionnaireDe, organismeDe } from '../helpers/acteurs.ts';
import { enBuffer, exportClasseur, ouvrir, peindre } from './classeur.helpers.ts';

// A fresh user's report (07/12/2026): a yellow row of a published offer, imported by its
// organisme, closed its sessions' recruitment at once on the diffused version (the recruitment
// rule, domain/recrutement-direct.ts) while the preview and the report said « Fermeture à
// valider » (CLASSEUR_EN_REVISION). One behaviour, said as it is: closing recruitment applies at
// once, no revision; mixed with another change of the formation, the whole goes to a revision.

const t = useTestApi();
const ANNEE = 2027;
const COL = Object.fromEntries(colonnesClasseur(ANNEE).map((c, i) => [c.cle, i + 1]));
const organisme = organismeDe(SIREN_A);
const JAUNE: Partial<ExcelJS.Style> = {
  fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } },
};
const ROUGE: Partial<ExcelJS.Style> = { font: { color: { argb: 'FFFF0000' } } };

type Lieu = { adresse: string; code_postal: string; commune: string; code_insee?: string };
const LYON: Lieu = {
  adresse: '1 rue de la Paix',
  code_postal: '69001',
  commune: 'Lyon',
  code_insee: '69381',
};
const VILLEURBANNE = { adresse: '5 cours Émile Zola', code_postal: '69100', commune: 'Villeurbanne' };
const session = (debut: string, fin: string, etat: 'ouvert' | 'ferme' | 'suspendu', lieu = LYON) => ({
  cle_externe: `S${debut}`,
  debut,
  fin,
  etat_recrutement: etat,
  capacite: 24,
  lieu,
});

async function api(method: 'POST' | 'PUT' | 'GET', url: string, key: string, payload?: unknown) {
  return t.app.inject({ method, url: `/api/v1${url}`, headers: bearer(key), payload: payload as object });
}

/** Created by organisme A with `sessions`, published and validated (diffused). */
async function publiee(cle: string, sessions: ReturnType<typeof session>[]): Promise<string> {
  const r = await api('POST', '/formations', t.keys.writeA, formationFixture({ cle_externe: cle, sessions }));
  expect(r.statusCode).toBe(201);
  const { id } = r.json();
  expect((await api('POST', `/formations/${id}/publier`, t.keys.writeA)).statusCode).toBe(200);
  expect((await api('POST', `/formations/${id}/valider`, t.keys.admin)).statusCode).toBe(200);
  return id;
}

/** The workbook of SIRET A with the rows of `id` at `commune` changed by `f`. */
async function classeur(fichier: Buffer, id: string, f: (row: ExcelJS.Row) => void, commune = 'Lyon') {
  const wb = await ouvrir(fichier);
  wb.getWorksheet('Offre')!.eachRow((row, r) => {
    if (r === 1) return;
    const ref = String(row.getCell(COL.reference!).value ?? '');
    if (ref.startsWith(`${id}/`) && row.getCell(COL.commune!).value === commune) f(row);
  });
  return enBuffer(wb);
}

const jaune = (row: ExcelJS.Row) => {
  for (let c = 1; c <= colonnesClasseur(ANNEE).length; c++) peindre(row.getCell(c), JAUNE);
};

const lignesDe = (r: RapportClasseur, id: string) =>
  r.lignes.filter((l) => l.reference?.startsWith(`${id}/`));
const codes = (l: { avertissements: readonly { code: string }[] }) => l.avertissements.map((a) => a.code);

async function etat(id: string) {
  const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
  const revisions = await t.ctx.db
    .selectFrom('formation_revision')
    .select('statut')
    .where('formation_id', '=', id)
    .execute();
  return {
    statut: f.statut as string,
    recrutement: (f.sessions as { debut: string; etat_recrutement: string }[])
      .map((s) => `${s.debut} ${s.etat_recrutement}`)
      .sort(),
    revisions: revisions.map((r) => r.statut),
  };
}

const LYON_2026 = session('2026-09-08', '2028-06-19', 'ouvert');
const LYON_2027 = session('2027-09-09', '2029-06-02', 'ouvert');
const VILLEURBANNE_2027 = session('2027-09-06', '2029-06-30', 'ouvert', VILLEURBANNE);
const PERIODES = '(du 8 septembre 2026 au 19 juin 2028 et du 9 septembre 2027 au 2 juin 2029)';

/** The public API's answer for the formation (404: no longer diffused). */
const publique = async (id: string) =>
  (await t.app.inject({ method: 'GET', url: `/api/v1/formations/${id}` })).statusCode;

describe('a yellow row of an organisme’s published offer closes recruitment at once', () => {
  for (const writePath of ['bulk', 'single'] as const)
    it(`another place stays open: no revision, said in the future then the past (${writePath})`, async () => {
      const id = await publiee(`J1-${writePath}`, [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
      const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
      const apercu = (await importClasseur(t.ctx, organisme, jaunie, { dryRun: true, writePath })).rapport;
      const [l] = lignesDe(apercu, id).filter((x) => x.verdict !== 'inchangee');
      expect(l).toMatchObject({ verdict: 'fermee', a_valider: false });
      expect(codes(l!)).not.toContain('CLASSEUR_EN_REVISION');
      expect(l!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message).toBe(
        `Ligne ${l!.ligne} : le recrutement des 2 sessions de ce lieu ${PERIODES} sera fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; sa session d’un autre lieu reste proposée au public.`,
      );
      expect(resultatLigne(l!)).toBe('Fermée');
      expect(resumeRapport(apercu)).not.toContain('à valider');
      expect(await etat(id)).toMatchObject({ statut: 'publiee', revisions: [] });

      const applique = (await importClasseur(t.ctx, organisme, jaunie, { dryRun: false, writePath })).rapport;
      const [m] = lignesDe(applique, id).filter((x) => x.verdict !== 'inchangee');
      expect(m).toMatchObject({ verdict: 'fermee', a_valider: false });
      expect(m!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message).toContain(
        `${PERIODES} a été fermé tout de suite sur l’offre diffusée`,
      );
      expect(codes(m!)).not.toContain('CLASSEUR_EN_REVISION');
      expect(await etat(id)).toEqual({
        statut: 'publiee',
        recrutement: ['2026-09-08 ferme', '2027-09-06 ouvert', '2027-09-09 ferme'],
        revisions: [],
      });
      expect(await publique(id)).toBe(200);
    });

  it('every place closed and no revision: archived, as the docs say (not a recruitment closing)', async () => {
    const id = await publiee('J2', [session('2025-09-04', '2027-06-11', 'ferme'), LYON_2026, LYON_2027]);
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    const applique = (await importClasseur(t.ctx, organisme, jaunie, { dryRun: false })).rapport;
    const [l] = lignesDe(applique, id);
    expect(codes(l!)).toContain('CLASSEUR_FORMATION_ARCHIVEE');
    expect(codes(l!)).not.toContain('CLASSEUR_RECRUTEMENT_FERME');
    expect(await etat(id)).toMatchObject({ statut: 'archivee' });
  });

  it('its pending revision keeps a place open: not archived, the diffused version closed at once and no longer public, the revision carries it', async () => {
    const id = await publiee('J3', [LYON_2026, LYON_2027]);
    const stockee = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    // The organisme proposes a new place: a revision waits for validation.
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, {
      ...formationFixture({ cle_externe: 'J3' }),
      sessions: [...stockee.sessions, VILLEURBANNE_2027],
    });
    expect(r.statusCode).toBe(200);
    expect(await etat(id)).toMatchObject({ revisions: ['en_attente_validation'] });
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    const apercu = (await importClasseur(t.ctx, organisme, jaunie, { dryRun: true })).rapport;
    const [l] = lignesDe(apercu, id).filter((x) => x.verdict === 'fermee');
    expect(l).toMatchObject({ a_valider: false });
    expect(l!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message).toBe(
      `Ligne ${l!.ligne} : le recrutement des 2 sessions de ce lieu ${PERIODES} sera fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; elle ne sera plus proposée au public tant qu’aucune session n’est ouverte ; la révision en attente de validation le reprendra.`,
    );
    const applique = (await importClasseur(t.ctx, organisme, jaunie, { dryRun: false })).rapport;
    const [m] = lignesDe(applique, id).filter((x) => x.verdict === 'fermee');
    expect(m!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message).toContain(
      'a été fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; elle n’est plus proposée au public tant qu’aucune session n’est ouverte ; la révision en attente de validation le reprend.',
    );
    expect(await etat(id)).toEqual({
      statut: 'publiee',
      recrutement: ['2026-09-08 ferme', '2027-09-09 ferme'],
      revisions: ['en_attente_validation'],
    });
    expect(await publique(id)).toBe(404);
    const revision = await t.ctx.db
      .selectFrom('formation_revision')
      .select('payload')
      .where('formation_id', '=', id)
      .executeTakeFirstOrThrow();
    const proposee = revision.payload as { sessions: { debut: string; etat_recrutement: string }[] };
    expect(proposee.sessions.map((s) => `${s.debut} ${s.etat_recrutement}`).sort()).toEqual([
      '2026-09-08 ferme',
      '2027-09-06 ouvert',
      '2027-09-09 ferme',
    ]);
  });

  it('with another change of the formation (a red cell on another row): the whole is a revision, as the form', async () => {
    const id = await publiee('J4', [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
    const fichier = await exportClasseur(t, ANNEE, SIRET_A);
    const wb = await ouvrir(fichier);
    wb.getWorksheet('Offre')!.eachRow((row, r) => {
      if (r === 1 || !String(row.getCell(COL.reference!).value ?? '').startsWith(`${id}/`)) return;
      if (row.getCell(COL.commune!).value === 'Lyon') jaune(row);
      else {
        row.getCell(COL.capacite!).value = 30;
        peindre(row.getCell(COL.capacite!), ROUGE);
      }
    });
    const mixte = await enBuffer(wb);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, organisme, mixte, { dryRun });
      const [fermee] = lignesDe(rapport, id).filter((x) => x.verdict === 'fermee');
      expect(fermee).toMatchObject({ a_valider: true });
      expect(codes(fermee!)).toContain('CLASSEUR_EN_REVISION');
      expect(codes(fermee!)).not.toContain('CLASSEUR_RECRUTEMENT_FERME');
      expect(resultatLigne(fermee!)).toBe('Fermeture à valider');
    }
    expect(await etat(id)).toEqual({
      statut: 'publiee',
      recrutement: ['2026-09-08 ouvert', '2027-09-06 ouvert', '2027-09-09 ouvert'],
      revisions: ['en_attente_validation'],
    });
  });

  it('a red cell on the yellow row itself is not applied, and the row says so; the closing stays at once', async () => {
    const id = await publiee('J5', [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, (row) => {
      jaune(row);
      row.getCell(COL.intitule!).value = 'BTS MCO (nouvel intitulé)';
      peindre(row.getCell(COL.intitule!), ROUGE);
    });
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, organisme, jaunie, { dryRun });
      const [l] = lignesDe(rapport, id).filter((x) => x.verdict === 'fermee');
      expect(l).toMatchObject({ a_valider: false });
      expect(codes(l!)).toContain('CLASSEUR_RECRUTEMENT_FERME');
      expect(l!.avertissements.find((a) => a.code === 'CLASSEUR_ROUGE_SUR_JAUNE')?.message).toBe(
        `Ligne ${l!.ligne} : ligne fermée (jaune) : la valeur en rouge de la colonne « Intitulé » est ignorée ; une ligne jaune ne fait que fermer le recrutement de son lieu. Pour modifier la formation, écrivez la valeur en rouge sur une ligne sans jaune, ou modifiez-la dans son formulaire.`,
      );
    }
    const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    expect(f.intitule).toBe('BTS Management commercial opérationnel');
    expect(await etat(id)).toMatchObject({ statut: 'publiee', revisions: [] });
  });
});

// The loose ends of the above (h-jaune2): the report reads the rule's own decision
// (domain/recrutement-direct.ts effetRecrutement), a validateur's refusal says why and what to do,
// and a closing the command line applies says its public consequence, in the page's words.
describe('a yellow row’s closing, said as the store writes it', () => {
  it('the closing empties the pending revision: abandoned, said in the preview and the applied report, as stored', async () => {
    const id = await publiee('J6', [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
    const stockee = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    const sessions = (stockee.sessions as { debut: string }[]).map((s) =>
      s.debut === '2026-09-08' ? { ...s, etat_recrutement: 'suspendu' } : s,
    );
    // A revision proposing the suspension with a new title, then the title taken back: the
    // suspension alone waits for validation (a revision the rule did not write).
    const put = (over: object) =>
      api('PUT', `/formations/${id}`, t.keys.writeA, {
        ...formationFixture({ cle_externe: 'J6' }),
        ...over,
        sessions,
      });
    expect((await put({ intitule: 'BTS MCO (révision)' })).statusCode).toBe(200);
    expect((await put({})).statusCode).toBe(200);
    expect(await etat(id)).toMatchObject({ revisions: ['en_attente_validation'] });
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, organisme, jaunie, { dryRun });
      const [l] = lignesDe(rapport, id).filter((x) => x.verdict === 'fermee');
      expect(l).toMatchObject({ a_valider: false });
      const ferme = l!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message;
      expect(ferme).toBe(
        `Ligne ${l!.ligne} : le recrutement des 2 sessions de ce lieu ${PERIODES} ${dryRun ? 'sera' : 'a été'} fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; sa session d’un autre lieu reste proposée au public.`,
      );
      const abandon = l!.avertissements.find((a) => a.code === 'CLASSEUR_REVISION_ABANDONNEE')?.message;
      expect(abandon).toMatch(
        dryRun
          ? new RegExp(
              `^Ligne ${l!.ligne} : la formation ${id} « BTS Management commercial opérationnel » a une révision en attente de validation, proposée par .+ le .+ : elle ne propose rien d’autre que l’état du recrutement de sessions fermées par la ligne jaune, cette révision sera donc abandonnée \\(il ne restera rien à valider\\)\\.$`,
            )
          : / avait une révision en attente de validation, .+ : elle ne proposait rien d’autre que l’état du recrutement de sessions fermées par la ligne jaune, cette révision a donc été abandonnée \(il ne reste rien à valider\)\.$/,
      );
      if (dryRun) expect(await etat(id)).toMatchObject({ revisions: ['en_attente_validation'] });
    }
    expect(await etat(id)).toEqual({
      statut: 'publiee',
      recrutement: ['2026-09-08 ferme', '2027-09-06 ouvert', '2027-09-09 ferme'],
      revisions: ['abandonnee'],
    });
    expect(await publique(id)).toBe(200);
  });

  it('a gestionnaire’s yellow row over the organisme’s pending revision: refused, saying why and what to do', async () => {
    const id = await publiee('J7', [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
    const r = await api('PUT', `/formations/${id}`, t.keys.writeA, {
      ...formationFixture({ cle_externe: 'J7', intitule: 'BTS MCO (révision)' }),
      sessions: (await api('GET', `/formations/${id}`, t.keys.writeA)).json().sessions,
    });
    expect(r.statusCode).toBe(200);
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, gestionnaireDe('84'), jaunie, { dryRun });
      const [l] = lignesDe(rapport, id).filter((x) => x.verdict === 'erreur');
      expect(l!.erreurs.map((e) => e.code)).toEqual(['REVISION_EN_ATTENTE']);
      expect(l!.erreurs[0]!.message).toMatch(
        new RegExp(
          `^Ligne ${l!.ligne} : La formation ${id} « BTS Management commercial opérationnel » a une révision en attente de validation, proposée par .+ : la ligne jaune fermerait le recrutement de sessions de l’offre diffusée, mais valider plus tard cette révision rouvrirait ce recrutement \\(elle garde l’état qu’elle propose\\)\\. L’organisme peut fermer ce recrutement lui-même, depuis la page de la formation ou son classeur : cela s’applique tout de suite, sans validation, et sa révision le reprend\\. Sinon, validez d’abord la révision sur /gestion/formations/${id} \\(une révision retournée reste ouverte : la fermeture resterait refusée\\), puis réimportez\\. Rien n’a été enregistré pour cette formation\\.$`,
        ),
      );
    }
    expect(await etat(id)).toEqual({
      statut: 'publiee',
      recrutement: ['2026-09-08 ouvert', '2027-09-06 ouvert', '2027-09-09 ouvert'],
      revisions: ['en_attente_validation'],
    });
  });

  it('the command line’s closing says its public consequence, in the page’s words', async () => {
    const id = await publiee('J8', [LYON_2026, LYON_2027, VILLEURBANNE_2027]);
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, SYSTEME('import-classeur'), jaunie, { dryRun });
      const [l] = lignesDe(rapport, id).filter((x) => x.verdict === 'fermee');
      const attendu = `Ligne ${l!.ligne} : le recrutement des 2 sessions de ce lieu ${PERIODES} ${dryRun ? 'sera' : 'a été'} fermé tout de suite sur l’offre diffusée (l’état du recrutement n’attend pas la validation d’un gestionnaire) ; sa session d’un autre lieu reste proposée au public.`;
      expect(l!.avertissements.find((a) => a.code === 'CLASSEUR_RECRUTEMENT_FERME')?.message).toBe(attendu);
      const cli = renderRapportClasseur(rapport, dryRun, null);
      expect(cli, cli).toContain(`  ligne ${l!.ligne} « BTS Management commercial opérationnel » : fermée\n`);
      expect(cli, cli).toContain(`\n    ! [CLASSEUR_RECRUTEMENT_FERME] ${attendu}\n`);
    }
    expect(await etat(id)).toEqual({
      statut: 'publiee',
      recrutement: ['2026-09-08 ferme', '2027-09-06 ouvert', '2027-09-09 ferme'],
      revisions: [],
    });
  });
});

// A row bringing the pending revision back to the diffused version: the service abandons it
// (nothing left to validate, formation.service.ts proposeRevision), and the report says so.
/** A session as `GET /formations/{id}` returns it (CONTRACT.md), typed only where these tests read it. */
type SessionStockee = Record<string, unknown> & { lieu?: { commune?: string } };

describe('a row bringing the pending revision back to the diffused version', () => {
  /** Published with `sessions`, then a revision of its sessions (`revise`) and title `intitule`, a new title taken back (as J6), left pending. */
  async function enRevision(
    cle: string,
    sessions: ReturnType<typeof session>[],
    revise: (s: SessionStockee) => Record<string, unknown>,
    intitule?: string,
  ) {
    const id = await publiee(cle, sessions);
    const stockee = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    const put = (over: object) =>
      api('PUT', `/formations/${id}`, t.keys.writeA, {
        ...formationFixture({ cle_externe: cle }),
        ...over,
        sessions: (stockee.sessions as SessionStockee[]).map(revise),
      });
    expect((await put({ intitule: 'BTS MCO (révision)' })).statusCode).toBe(200);
    expect((await put(intitule ? { intitule } : {})).statusCode).toBe(200);
    expect(await etat(id)).toMatchObject({ revisions: ['en_attente_validation'] });
    return id;
  }

  async function verifier(id: string, fichier: Buffer, verdict: 'fermee' | 'modifiee') {
    for (const dryRun of [true, false]) {
      const { rapport } = await importClasseur(t.ctx, organisme, fichier, { dryRun });
      const [l] = lignesDe(rapport, id).filter((x) => x.verdict === verdict);
      expect(l).toMatchObject({ a_valider: false });
      expect(codes(l!)).not.toContain('CLASSEUR_EN_REVISION');
      expect(resumeRapport(rapport)).not.toContain('à valider');
      const abandon = l!.avertissements.find((a) => a.code === 'CLASSEUR_REVISION_ABANDONNEE')?.message;
      expect(abandon).toMatch(
        dryRun
          ? new RegExp(
              `^Ligne ${l!.ligne} : la formation ${id} « BTS Management commercial opérationnel » a une révision en attente de validation, proposée par .+ le .+ : le classeur ramène la formation à sa version diffusée, cette révision sera donc abandonnée \\(il ne restera rien à valider ; la version diffusée reste en ligne\\)\\.$`,
            )
          : / avait une révision en attente de validation, .+ : le classeur a ramené la formation à sa version diffusée, cette révision a donc été abandonnée \(il ne reste rien à valider ; la version diffusée reste en ligne\)\.$/,
      );
      if (dryRun) expect(await etat(id)).toMatchObject({ revisions: ['en_attente_validation'] });
    }
    expect(await etat(id)).toMatchObject({ statut: 'publiee', revisions: ['abandonnee'] });
    expect(await publique(id)).toBe(200);
  }

  it('a yellow row closing the sessions the revision had reopened', async () => {
    const fermee = (s: ReturnType<typeof session>) => ({ ...s, etat_recrutement: 'ferme' as const });
    const id = await enRevision('R1', [fermee(LYON_2026), fermee(LYON_2027), VILLEURBANNE_2027], (s) =>
      s.lieu?.commune === 'Lyon' ? { ...s, etat_recrutement: 'ouvert' } : s,
    );
    const jaunie = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, jaune);
    await verifier(id, jaunie, 'fermee');
    expect((await etat(id)).recrutement).toEqual([
      '2026-09-08 ferme',
      '2027-09-06 ouvert',
      '2027-09-09 ferme',
    ]);
  });

  it('a red cell restoring the published value', async () => {
    const id = await enRevision('R2', [LYON_2026, VILLEURBANNE_2027], (s) => s, 'BTS MCO (révision)');
    const rouge = await classeur(await exportClasseur(t, ANNEE, SIRET_A), id, (row) => {
      row.getCell(COL.intitule!).value = 'BTS Management commercial opérationnel';
      peindre(row.getCell(COL.intitule!), ROUGE);
    });
    await verifier(id, rouge, 'modifiee');
    const f = (await api('GET', `/formations/${id}`, t.keys.writeA)).json();
    expect(f.intitule).toBe('BTS Management commercial opérationnel');
  });
});
