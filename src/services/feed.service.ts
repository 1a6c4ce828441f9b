import type { Executor } from '../db/executor.ts';
import { diffusionAvant, etatFlux, readChanges } from '../db/feed.repository.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import { selectFeedFormations } from '../db/formation-document.repository.ts';
import { listHistorique } from '../db/historique.repository.ts';
import { canWrite, visibiliteOf } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import { vueDe, vueSur } from '../domain/champs-professionnels.ts';
import { feedCursor } from '../domain/cursor.ts';
import { montreeAuPublic } from '../domain/diffusion.ts';
import { notFound } from '../domain/errors.ts';
import { fluxRestaure } from '../domain/flux-restauration.ts';
import type { Formation } from '../domain/formation.schema.ts';
import {
  type EntreeHistorique,
  origineImport,
  parEcriture,
  sansCommentairesDeRetour,
} from '../domain/historique.ts';
import { changesVue, sessionsCachees } from '../domain/historique-vue.ts';
import { dansPerimetre, revisionDansRegions } from './formation.service.ts';
import { renderFormations } from './formation.view.ts';
import { documentsOf, tableauJson, texteVue } from './formation-document.ts';

/**
 * A page of the change feed after `since`, as `acteur` may see it (issue 12 item 8). Each event
 * carries the formation as the reader may see it NOW, or null (tombstone): replaying "upsert when
 * present, delete when null" in seq order converges on the reader's view.
 *
 * A reader who does not see everything receives, for an offer that is neither its own nor in its
 * régions, only what concerns the diffusion: the event that brings the offer into the diffusion is
 * a `create`, the one that takes it out a tombstone (`delete`, or `archive`), the events in between
 * as they are; the events of an offer outside the diffusion are left out, so that the feed never
 * names an offer the reader may not see. `next_cursor` still moves past the events left out.
 * Errors: CURSEUR_INVALIDE (400) for a `since` that is not a seq the feed handed out;
 * FLUX_RESTAURE (410) for one the feed handed out before a restore that lost it
 * (domain/flux-restauration.ts).
 */
export async function readFeed(db: Executor, acteur: Acteur, since: string | undefined, limit: number) {
  return JSON.parse((await readFeedJson(db, acteur, since, limit)).toString()) as {
    data: {
      seq: number;
      type: 'formation';
      id: string;
      action: 'create' | 'update' | 'archive' | 'delete';
      at: string;
      formation: Formation | null;
    }[];
    next_cursor: string;
  };
}

/**
 * readFeed as the JSON the API sends (UTF-8 bytes): the formations are their stored documents
 * (formation-document.ts), joined as PostgreSQL sends them.
 */
export async function readFeedJson(
  db: Executor,
  acteur: Acteur,
  since: string | undefined,
  limit: number,
  champ: 'since' | 'cursor' = 'since',
): Promise<Buffer> {
  return (await readFeedPage(db, acteur, since, limit, champ)).body;
}

/** A page of the feed as the API sends it, with what a reader asks next (http/api/flux-avance.ts). */
export interface PageFlux {
  /** readFeedJson's bytes. */
  readonly body: Buffer;
  /** Its `next_cursor`. */
  readonly suivant: string;
  /** It holds `limit` events of the feed (shown or left out): a next page may follow at once. */
  readonly pleine: boolean;
}

/** readFeedJson, with the next cursor and whether the page was full. Errors: readFeedJson's. */
export async function readFeedPage(
  db: Executor,
  acteur: Acteur,
  since: string | undefined,
  limit: number,
  champ: 'since' | 'cursor' = 'since',
): Promise<PageFlux> {
  // A well-formed `since` is looked up with the feed's last number (decode refuses the others).
  const demande = since && feedCursor.bienForme(since) ? Number(since) : 0;
  const { dernier, rupture } = await etatFlux(db, demande);
  const from = feedCursor.decode(since, dernier, champ);
  // A number the feed lost at a restore: its reader holds events that no longer exist.
  if (rupture) throw fluxRestaure(champ, from, rupture);
  const max = Math.max(1, Math.min(1000, limit));
  const events = await readChanges(db, from, max);
  const ids = [...new Set(events.map((e) => e.entite_id))];
  const v = visibiliteOf(acteur);
  const vue = vueDe(acteur);
  // Every formation of the page, once: what the diffusion rule needs, and the reader's text of
  // those it may see (stored, or built on the fly when absent).
  const toutes = await selectFeedFormations(db, ids, v, vue);
  // A reader of the public view (anonymous, or an organisation reading the others' offers) is
  // shown a diffused offer only while it has a session open, exactly as the public list and detail
  // (formation.repository.ts montreeAuPublicSql): otherwise the offer is not there for it.
  const vuePublique = vue === 'public';
  const sienne = (r: (typeof toutes)[number]) =>
    v.kind !== 'tout' && v.siren !== null && r.siren_proprietaire === v.siren;
  const rows = toutes.filter(
    (r) => r.visible && (!vuePublique || r.publique || sienne(r) || v.kind === 'tout'),
  );
  const absents = rows.filter((r) => r.texte === null).map((r) => r.id);
  const construits = absents.length ? await documentsOf(db, absents) : new Map();
  const formations = new Map<string, string | Uint8Array | null>(
    rows.map((r) => [r.id, r.texte ?? (construits.has(r.id) ? texteVue(construits.get(r.id)!, vue) : null)]),
  );
  const next_cursor = feedCursor.encode(events.length ? events[events.length - 1]!.seq : from);
  const page = (body: Buffer): PageFlux => ({ body, suivant: next_cursor, pleine: events.length === max });
  const evenement = (e: (typeof events)[number], action: string) => ({
    seq: e.seq,
    type: e.type as 'formation',
    id: e.entite_id,
    action: action as 'create' | 'update' | 'archive' | 'delete',
    at: new Date(e.at).toISOString(),
    formation: formations.get(e.entite_id) ?? null,
  });
  // Each event: its fields, then its formation's bytes as they are.
  const json = (data: readonly ReturnType<typeof evenement>[]) =>
    tableauJson(
      '{"data":[',
      data.map(({ formation, ...e }) => [
        `${JSON.stringify(e).slice(0, -1)},"formation":`,
        formation ?? 'null',
        '}',
      ]),
      `],"next_cursor":${JSON.stringify(next_cursor)}}`,
    );
  if (v.kind === 'tout') return page(json(events.map((e) => evenement(e, e.action))));

  // Offers the reader sees outside the diffusion (its own, its régions'): every event, as before.
  // (a visible offer outside the diffusion can only be visible that way).
  const propres = new Set(rows.filter((r) => sienne(r) || !r.diffusee).map((r) => r.id));
  const autres = ids.filter((id) => !propres.has(id));
  const avant = await diffusionAvant(db, autres, from);
  // In the reader's diffusion: shown to the public for the public view, diffused for the others
  // (read keys, professionals: closed sessions kept).
  const dedansMaintenant = new Map(
    toutes
      .filter((r) => !propres.has(r.id))
      .map((r) => [r.id, r.diffusee === true && (!vuePublique || r.publique === true)]),
  );
  // What an event recorded for this reader: `publique` for the public view (null before it was
  // recorded, migration 1130: unknown unless the offer was not even diffused), else `diffusee`.
  const enregistre = (x: { diffusee: boolean | null; publique: boolean | null }) =>
    !vuePublique ? x.diffusee : x.publique !== null ? x.publique : x.diffusee === false ? false : null;
  // Unknown states (bulk loads, events older than the record) read as the state the offer has now.
  const etat = (id: string, x: boolean | null | undefined) => x ?? dedansMaintenant.get(id) ?? false;
  const dedans = new Map(
    autres.map((id) => {
      const a = avant.get(id);
      return [id, a ? etat(id, enregistre(a)) : false];
    }),
  );
  const data: ReturnType<typeof evenement>[] = [];
  for (const e of events) {
    if (propres.has(e.entite_id)) {
      data.push(evenement(e, e.action));
      continue;
    }
    const etaitDedans = dedans.get(e.entite_id)!;
    const isInside = etat(e.entite_id, enregistre(e));
    dedans.set(e.entite_id, isInside);
    if (isInside) data.push(evenement(e, etaitDedans ? e.action : 'create'));
    else if (etaitDedans)
      data.push({
        ...evenement(e, e.action === 'archive' ? 'archive' : 'delete'),
        formation: null,
      });
  }
  return page(json(data));
}

/**
 * History of a formation the reader may see, oldest first: `{ id, at, acteur, action, entite,
 * entite_id, origine, diff }`. Identities and pending revisions are shown to authenticated
 * readers only. A revision entry's `diff` is what its write changed (domain/historique.ts
 * parEcriture); `origine` the import that made the write (`lheo`, `classeur`), else null.
 * Errors: 404 (INTROUVABLE) for an offer the reader may not see.
 */
export async function getHistorique(db: Executor, acteur: Acteur, id: string) {
  const [row] = await selectFormationRows(db, [id], visibiliteOf(acteur));
  if (!row) throw notFound(`Formation ${id}`);
  // The reader's view of the offer now (as GET /formations/{id}): an offer the public is not shown
  // (every session closed) is 404 here too; the history then gives nothing that view leaves out.
  const vue = vueSur(acteur, row.siren_proprietaire);
  const actuelle = vue === 'professionnel' ? undefined : (await renderFormations(db, [row]))[0]!;
  if (actuelle && vue === 'public' && !montreeAuPublic(actuelle)) throw notFound(`Formation ${id}`);
  // A gestionnaire reads the return comments of its régions' offers only (as GET …/revision).
  const retours =
    acteur.kind === 'utilisateur' && acteur.role === 'gestionnaire'
      ? (await dansPerimetre(db, acteur, id)) || (await revisionDansRegions(db, acteur, id))
      : undefined;
  const entrees = historiqueLu(acteur, row.siren_proprietaire, await listHistorique(db, id), retours);
  if (!actuelle) return entrees;
  const cachees = sessionsCachees(
    actuelle,
    vue,
    entrees.map((e) => e.diff),
  );
  return entrees.map((e) => ({ ...e, diff: changesVue(e.diff, vue, cachees) }));
}

/**
 * getHistorique from the rows already read (`lues`: listHistorique of an offer `acteur` may see,
 * owned by SIREN `sirenProprietaire`): no statement, for a page that reads the history once.
 */
export function historiqueLu(
  acteur: Acteur,
  sirenProprietaire: string,
  entrees: Awaited<ReturnType<typeof listHistorique>>,
  /** May read the gestionnaires' return comments (default: who may see revisions). */
  retours?: boolean,
) {
  // Revisions and authors are for those who may see the revision itself (GET …/revision): the
  // owner's SIREN and validators. Anyone else reads the history as the public does (issue 15, defect 6).
  const publicReader = !canWrite(acteur, sirenProprietaire);
  // Return comments are between the organisation and its région's gestionnaires (docs/api.md).
  const commentaires = !publicReader && retours !== false;
  const lues = entrees.map((h) => ({
    ...h,
    diff: h.diff as EntreeHistorique['diff'],
  }));
  // Pending revisions are not public until validated (their application is then a formation entry).
  const entries = parEcriture(lues).filter((h) => !publicReader || h.entite === 'formation');
  return entries.map((h) => ({
    id: h.id,
    at: new Date(h.at).toISOString(),
    acteur: publicReader ? h.acteur.split(':')[0]! : h.acteur,
    action: h.action,
    entite: h.entite,
    entite_id: h.entite_id,
    origine: origineImport(h.acteur, h.origine),
    // With `retour` where a change takes a revision's proposal back (the pages' wording; the API
    // leaves it out: getHistoriqueApi).
    diff: commentaires ? h.diff : sansCommentairesDeRetour(h.diff),
  }));
}

/**
 * The history as the API gives it (GET /formations/{id}/historique): getHistorique without a
 * change's `retour`, the pages' wording only; every other key of a change (`motif`…) is kept.
 */
export async function getHistoriqueApi(db: Executor, acteur: Acteur, id: string) {
  return (await getHistorique(db, acteur, id)).map((h) => ({
    ...h,
    diff: h.diff.map(({ retour: _pages, ...d }) => d),
  }));
}
