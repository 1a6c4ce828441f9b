import type { Executor } from '../db/executor.ts';
import { type FormationRow, selectOrganismes } from '../db/formation.repository.ts';
import {
  appendChangesBulk,
  archiverBulk,
  type EvenementBulk,
  formationsAvecRevisionOuverte,
  lockFormationsParCle,
  lockFormationsParId,
  lockFormationsSansCle,
  writePlansBulk,
} from '../db/formation-bulk.repository.ts';
import type { HistoriqueEntry } from '../db/historique.repository.ts';
import { faitsEtablissements } from '../db/organisme.repository.ts';
import { isValidateur, perimetreOf } from '../domain/acces.ts';
import { type Acteur, acteurLabel } from '../domain/acteur.ts';
import { equalJson } from '../domain/diff.ts';
import { etablissementsAVerifier, refusEtablissements } from '../domain/etablissement-reconnu.ts';
import {
  appliquerOrganismes,
  brouillonEcriture,
  organismesEcriture,
  type PlanEcriture,
  planEcriture,
  proprietaireEcriture,
  siretsEcrits,
} from '../domain/formation.ecriture.ts';
import type { FormationInput, Statut } from '../domain/formation.schema.ts';
import { nextSnapshot, type OrgRef } from '../domain/formation.snapshot.ts';
import { newId } from '../domain/ids.ts';
import { refusRevisionIncomplete } from '../domain/publication.ts';
import { decider } from '../domain/workflow.ts';
import {
  saveFormationOuRefusTx,
  saveFormationTx,
  sessionsNommables,
  type WriteResult,
} from './formation.service.ts';
import { snapshotBuilder } from './formation.view.ts';
import { recomputeLater } from './formation.write.ts';
import { transitionTx } from './workflow.service.ts';

// The bulk write path of the imports (issue 13): `saveFormationTx` for a chunk of inputs, with the
// same outcome as calling it once per input in order — same rows, history entries, feed events
// (in the same order), results — in a fixed number of statements per chunk instead of ~40 per
// formation. The chunk's stored formations, their children and organismes are read in a few
// statements; each input is then planned in order in memory (domain/formation.ecriture.ts, the
// one-by-one path's own plan), against the organismes as the earlier inputs of the chunk left
// them; the plans are written with set-based statements (db/formation-bulk.repository.ts).
// What the plan does not cover goes through saveFormationTx itself, in its place: a published
// formation that an organisation's import turns into a revision, a published formation with an
// open revision (a validateur's write of it is refused when it changes something, domain/revision.ts),
// a formation already written earlier in the chunk, a deleted one, an archived one (refused
// FORMATION_ARCHIVEE when the write changes it, domain/workflow.ts), and every write of a
// gestionnaire (whose perimeter is checked against the stored sessions).

const refDe = (o: OrgRef): OrgRef => ({
  siret: o.siret,
  uai: o.uai,
  raison_sociale: o.raison_sociale,
  nda: o.nda,
});

async function lireOrganismes(trx: Executor, sirets: readonly string[]): Promise<Map<string, OrgRef>> {
  return new Map((await selectOrganismes(trx, sirets)).map((o) => [o.siret, refDe(o)]));
}

/**
 * `saveFormationTx(trx, acteur, input, { id, now })` for each of `inputs`, in order, inside the
 * caller's transaction (`ids[i]`: the formation input `i` updates, as the workbook names it;
 * absent, looked up by external key as the LHEO import does), each followed, when `archiver[i]`,
 * by `transitionTx(trx, acteur, id, 'archiver', now)` (in the same set-based statements when the
 * plain archiving applies: no open revision, an offer not already archived). Throws the first refusal
 * (OffreError) of any input, or a conflict with a concurrent import, having possibly written part
 * of the chunk: the caller rolls back to its savepoint and replays the chunk input by input (see
 * importLheo, importClasseur).
 */
export async function saveFormationsBulk(
  trx: Executor,
  acteur: Acteur,
  inputs: readonly FormationInput[],
  now: Date,
  ids: readonly (string | undefined)[] = [],
  archiver: readonly boolean[] = [],
  /**
   * A write refused because of the formation's state — its open revision (REVISION_EN_ATTENTE),
   * archived (FORMATION_ARCHIVEE) — is returned in its place (`refus`, nothing stored) instead of
   * thrown: the LHEO import reports it per record without replaying the chunk one by one.
   * `garderRevision`: see SaveOptions (formation.service.ts), the LHEO import's rule.
   */
  opts: { refusRevisionEnPlace?: boolean; garderRevision?: boolean } = {},
): Promise<WriteResult[]> {
  const results: WriteResult[] = [];
  const ecrire = opts.refusRevisionEnPlace ? saveFormationOuRefusTx : saveFormationTx;
  if (acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire') {
    for (const [i, input] of inputs.entries()) {
      const r = await ecrire(trx, acteur, input, {
        id: ids[i],
        now,
        puisArchiver: archiver[i],
        garderRevision: opts.garderRevision,
      });
      results.push(r);
      if (archiver[i] && !r.refus) await transitionTx(trx, acteur, r.id, 'archiver', now);
    }
    return results;
  }
  // Those named by id, locked first (lockWritable); the others' owner and key, looked up by key.
  const parId = new Map(
    (
      await lockFormationsParId(
        trx,
        ids.filter((id): id is string => !!id),
      )
    ).map((r) => [r.id, r]),
  );
  const perimetre = perimetreOf(acteur);
  // The checks that need nothing stored, and the owner and key each input is looked up by.
  const prets = inputs.map((input, i) => {
    const { draft } = brouillonEcriture(acteur, input, new Map());
    const id = ids[i];
    const parSonId = id ? parId.get(id) : undefined;
    return {
      input,
      id,
      // Named by an id it may not write (or that does not exist): saveFormationTx says why.
      parSonId:
        parSonId &&
        perimetre &&
        (perimetre.kind === 'tout' || perimetre.siren === parSonId.siren_proprietaire)
          ? parSonId
          : undefined,
      owner: proprietaireEcriture(
        acteur,
        input,
        draft,
        id ? (parId.get(id)?.siren_proprietaire ?? null) : null,
      ),
      cle: draft.cle_externe,
      draft,
    };
  });
  const avecCle = prets.filter((p) => p.cle !== null && !p.id);
  const parCle = new Map(
    (
      await lockFormationsParCle(
        trx,
        avecCle.map((p) => ({ siren: p.owner, cle: p.cle! })),
      )
    ).map((r) => [`${r.siren_proprietaire}|${r.cle_externe}`, r]),
  );
  const sansCle = new Map(
    (
      await lockFormationsSansCle(
        trx,
        avecCle
          .filter((p) => !parCle.has(`${p.owner}|${p.cle}`))
          .map((p) => ({ siren: p.owner, id: p.cle! })),
      )
    ).map((r) => [`${r.siren_proprietaire}|${r.id}`, r]),
  );
  const rows = [...new Map([...parId, ...parCle, ...sansCle].map(([, r]) => [r.id, r])).values()];
  const sirets = [
    ...new Set([
      ...inputs.flatMap(siretsEcrits),
      ...rows.flatMap((r) => [r.responsable_siret, r.formateur_siret, r.mandataire_siret]),
    ]),
  ].filter((s): s is string => !!s);
  let etat = await lireOrganismes(trx, sirets);
  // Establishments of other structures the chunk would create: what the references say of them,
  // read once (writeFormation's check, refuserEtablissementsInventes, input by input below).
  const aVerifier = prets.flatMap((p) => etablissementsAVerifier(acteur, p.draft, etat));
  const faits = await faitsEtablissements(trx, [...new Set(aVerifier.map((e) => e.siret))]);
  // A SIREN whose first establishment an earlier input of the chunk created is known from there,
  // as the one-by-one path finds it stored.
  const sirensConnus = {
    has: (siren: string) =>
      faits.sirensConnus.has(siren) || [...etat.keys()].some((s) => s.startsWith(siren)),
  };
  const snapshot = await snapshotBuilder(trx, rows);
  // The open revisions, in one read: of the formations archived (those with one, abandoned with
  // it, go through transitionTx) and of the published ones (a direct write of one with an open
  // revision goes through saveFormationTx, which refuses it when it changes something).
  const ouvertes = await formationsAvecRevisionOuverte(trx, [
    ...ids.filter((id, i): id is string => !!id && !!archiver[i]),
    ...rows.filter((r) => r.statut === 'publiee').map((r) => r.id),
  ]);
  const who = acteurLabel(acteur);

  let plans: PlanEcriture[] = [];
  // The chunk's history entries and feed events in the one-by-one order (each archiving right
  // after its formation's write), and the formations archived.
  let historique: HistoriqueEntry[] = [];
  let evenements: EvenementBulk[] = [];
  let archivees: { id: string; version: number }[] = [];
  // The states the chunk's plans give each establishment, in order: the k-th change of a SIRET in
  // generation k, one upsert statement each (nearly always one), so that the search index sees
  // the names the one-by-one path shows it (its word list keeps every name it saw).
  let generations: Map<string, OrgRef>[] = [];
  const derniere = new Map<string, number>();
  const noter = (siret: string) => {
    const v = etat.get(siret)!;
    const k = derniere.get(siret);
    if (k !== undefined && equalJson(generations[k]!.get(siret), v)) return;
    const g = k === undefined ? 0 : k + 1;
    if (!generations[g]) generations[g] = new Map();
    generations[g]!.set(siret, v);
    derniere.set(siret, g);
  };
  const flush = async () => {
    if (plans.length === 0 && archivees.length === 0) return;
    const organismes = generations.map((g) =>
      [...g.values()].map((o) => ({ ...o, siren: o.siret.slice(0, 9) })),
    );
    await writePlansBulk(trx, plans, organismes, now, historique);
    await recomputeLater(trx, [...plans.map((p) => p.id), ...archivees.map((a) => a.id)], now);
    await appendChangesBulk(trx, evenements, now);
    if (archivees.length) await archiverBulk(trx, archivees, who, now);
    plans = [];
    historique = [];
    evenements = [];
    archivees = [];
    generations = [];
    derniere.clear();
  };

  // Formations (by id) and keys already written in this chunk: a second write reads the first.
  const ecrites = new Set<string>();
  for (const [i, p] of prets.entries()) {
    const key = `${p.owner}|${p.cle}`;
    let input = p.input;
    let row: FormationRow | undefined = p.id ? p.parSonId : p.cle ? parCle.get(key) : undefined;
    if (!row && p.cle && !p.id) {
      row = sansCle.get(key);
      if (row) input = { ...input, cle_externe: null };
    }
    // Written one by one (saveFormationTx), with the same outcome as the whole path's.
    const aPart = async () => {
      await flush();
      const r = await ecrire(trx, acteur, p.input, {
        id: p.id,
        now,
        puisArchiver: archiver[i],
        garderRevision: opts.garderRevision,
      });
      results.push(r);
      ecrites.add(r.id);
      if (p.cle !== null) ecrites.add(key);
      if (archiver[i] && !r.refus) await transitionTx(trx, acteur, r.id, 'archiver', now);
      etat = await lireOrganismes(trx, [...new Set([...sirets, ...siretsEcrits(p.input)])]);
    };
    if (
      (p.id !== undefined && !row) ||
      (p.cle !== null && ecrites.has(key)) ||
      (row && (ecrites.has(row.id) || row.statut === 'supprimee' || row.statut === 'archivee')) ||
      (row?.statut === 'publiee' && (!isValidateur(acteur) || ouvertes.has(row.id)))
    ) {
      await aPart();
      continue;
    }
    // An invented establishment of another structure: the chunk is replayed one by one, where
    // writeFormation refuses this input alone (ETABLISSEMENT_NON_RECONNU).
    const refus = refusEtablissements(etablissementsAVerifier(acteur, p.draft, etat), {
      reconnus: faits.reconnus,
      sirensConnus,
    });
    if (refus) throw refus;
    const known = new Map(
      siretsEcrits(input)
        .filter((s) => etat.has(s))
        .map((s) => [s, etat.get(s)!]),
    );
    // The draft's checks passed above (prets): only the organismes differ from there.
    const orgs = organismesEcriture(acteur, known);
    const prev = row ? snapshot(row, etat) : null;
    const next = nextSnapshot(prev?.snap ?? null, input, {
      ...orgs,
      diffusees: prev?.diffusees ?? new Set(),
      newSessionId: () => newId('se', now),
    });
    // Waiting for validation, a write may not lose a mandatory field (writeFormation): the one
    // refused goes one by one, for the same refusal and report.
    if (
      row?.statut === 'en_attente_validation' &&
      !archiver[i] &&
      prev &&
      refusRevisionIncomplete(row.id, prev.snap, next, 'en_attente_validation')
    ) {
      await aPart();
      continue;
    }
    const id = row?.id ?? newId('fo', now);
    const plan = planEcriture(
      acteur,
      {
        id,
        row,
        prev: prev?.snap ?? null,
        next,
        owner: p.owner,
        statut: row?.statut ?? 'brouillon',
        known,
      },
      now,
    );
    if (plan) {
      for (const siret of appliquerOrganismes(etat, plan.organismes)) noter(siret);
      plans.push(plan);
      historique.push(plan.historique);
      evenements.push(plan.feed);
    }
    ecrites.add(id);
    if (p.cle !== null) ecrites.add(key);
    results.push({
      id,
      created: !row,
      changed: !row || (plan?.changes.length ?? 0) > 0,
      changes: plan?.changes ?? [],
      ...(plan?.changes.length ? { sessions: sessionsNommables(next, prev?.snap) } : {}),
    });
    if (archiver[i]) {
      // applyStatut's writes, planned here (transitionTx reads the row as this write left it).
      const statut = (plan?.colonnes.statut ?? row?.statut) as Statut;
      const d =
        row && !ouvertes.has(id)
          ? decider(
              { statut, revision: null, statutAvantSuppression: row.statut_avant_suppression },
              'archiver',
            )
          : null;
      if (d?.ok && d.effet.kind === 'statut' && !d.effet.completudeRequise && d.effet.flux === 'archive') {
        archivees.push({ id, version: (plan?.version ?? row!.version) + 1 });
        historique.push({
          formation_id: id,
          entite: 'formation',
          entite_id: id,
          action: 'archiver',
          acteur: who,
          at: now,
          diff: [{ champ: 'statut', avant: statut, apres: d.effet.vers }],
        });
        evenements.push({ type: 'formation', entite_id: id, action: 'archive' });
      } else {
        await flush();
        await transitionTx(trx, acteur, id, 'archiver', now);
      }
    }
  }
  await flush();
  return results;
}
