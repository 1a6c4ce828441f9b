import type { Executor } from '../db/executor.ts';
import { selectFormationRows } from '../db/formation.repository.ts';
import {
  BILANS_VIDES,
  type DocumentRow,
  lockDocumentSources,
  partenaireSansBilans,
  selectDocuments,
  takeAbsent,
  upsertDocuments,
} from '../db/formation-document.repository.ts';
import { formationVue, type Vue } from '../domain/champs-professionnels.ts';
import { sessionsDiffusees, sessionsPubliques } from '../domain/diffusion.ts';
import type { Formation } from '../domain/formation.schema.ts';
import { renderFormations } from './formation.view.ts';

// Each formation's JSON as the API serves it, stored (issue 13 item 2, migration 0750): a list
// page, a feed page or an export joins these texts instead of building and serializing every
// formation per request. The text is `JSON.stringify(formationVue(f, vue))` of the one serializer
// (renderFormations), so the contract cannot drift. Triggers delete the documents a write makes
// stale; readers build a missing one on the fly (documentsOf); refreshDocuments writes them back.

/**
 * The three texts of a formation (`partenaire`, `public`: null when equal to the previous view).
 * A view is serialized only when it can differ from the previous one: the partner view drops
 * withheld sessions and every session's `bilans`, the public view also drops closed sessions; when
 * it drops nothing its text is the previous one (same object, same key order).
 */
export function documentTexts(f: Formation): DocumentRow {
  const professionnel = JSON.stringify(f);
  const diffusees = sessionsDiffusees(f).length;
  const toutes = diffusees === f.sessions.length;
  const sansBilans = toutes && f.sessions.every((s) => s.bilans === undefined || s.bilans.length === 0);
  const vides = sansBilans ? f.sessions.filter((s) => s.bilans !== undefined).length : 0;
  // Every session diffused, none with bilans: the partner view only drops the empty `bilans`
  // members, `,"bilans":[]` in the text (never a session's first member), cut out of it instead of
  // serializing the view again — checked by its length, serialized as before otherwise.
  const coupe = vides > 0 ? partenaireSansBilans(professionnel) : null;
  const partenaire =
    sansBilans && vides === 0
      ? null
      : coupe !== null && coupe.length === professionnel.length - vides * BILANS_VIDES.length
        ? coupe
        : JSON.stringify(formationVue(f, 'partenaire'));
  const publique =
    sessionsPubliques(f).length === diffusees ? null : JSON.stringify(formationVue(f, 'public'));
  return { formation_id: f.id, professionnel, partenaire, public: publique };
}

/** The text of view `vue` in a stored row. */
export function texteVue(d: Omit<DocumentRow, 'formation_id'>, vue: Vue): string {
  if (vue === 'professionnel') return d.professionnel;
  if (vue === 'partenaire') return d.partenaire ?? d.professionnel;
  return d.public ?? d.partenaire ?? d.professionnel;
}

/** A JSON value as text, or as UTF-8 bytes, or as several such pieces written one after the other. */
export type FragmentJson = string | Uint8Array | readonly (string | Uint8Array)[];

/**
 * The UTF-8 bytes of a JSON array's members, `avant` and `apres` around them: members given as
 * text are encoded, those given as bytes (stored documents, octetsSql) are copied as they are.
 * `{"data":[` + members separated by commas + `],…}`: a list or feed page, encoded once.
 */
export function tableauJson(avant: string, membres: readonly FragmentJson[], apres: string): Buffer {
  const parts: Uint8Array[] = [Buffer.from(avant)];
  const octets = (m: string | Uint8Array) => (typeof m === 'string' ? Buffer.from(m) : m);
  const virgule = Buffer.from(',');
  membres.forEach((m, i) => {
    if (i > 0) parts.push(virgule);
    if (typeof m === 'string' || m instanceof Uint8Array) parts.push(octets(m));
    else for (const piece of m) parts.push(octets(piece));
  });
  parts.push(Buffer.from(apres));
  return Buffer.concat(parts);
}

const LOT = 1000;

/**
 * Builds and stores the documents of `formationIds` (any order, duplicates allowed, unknown ids
 * ignored) that are not stored, set-based: a fixed number of statements per 1,000 formations.
 * A stored document is up to date (every write to what it is built from deletes it, migration
 * 0750): a recompute that changes nothing rebuilds nothing. Call it inside the
 * write transaction, after the last write to these formations, their sessions, contacts,
 * conformity results or revisions (a later write deletes the document again: never stale, only
 * slower). Also builds the documents the triggers queued in this transaction (formations made
 * stale elsewhere, e.g. the other offers of a renamed organisme). Every write path of the store calls it through recomputeFormations; a path that
 * writes without recomputing conformity calls it itself.
 *
 * `fileEntiere` false leaves the rest of this transaction's queue for a later call: a caller that
 * recomputes its formations in rounds passes it on every round but the last, whose call builds
 * what is still queued. (Taking the whole queue at the first round built the documents of every
 * later round's formations before their conformity, which then deleted them: each built twice.)
 */
export async function refreshDocuments(
  trx: Executor,
  formationIds: readonly string[],
  fileEntiere = true,
  enTours: EnTours = {},
): Promise<void> {
  // Those without a stored document, with those the same transaction made stale elsewhere (a
  // renamed organisme's other offers).
  const ids = await takeAbsent(trx, formationIds, fileEntiere);
  let pendant = enTours.pendant;
  for (let i = 0; i < ids.length; i += LOT) {
    const lot = ids.slice(i, i + LOT);
    // Formations whose organisme or certification another writer holds stay without a document.
    const libres = await lockDocumentSources(trx, lot);
    const formations = await renderFormations(trx, await selectFormationRows(trx, libres));
    const suite = pendant?.();
    pendant = undefined;
    const textes: DocumentRow[] = [];
    for (const [k, f] of formations.entries()) {
      if (enTours.pause && k % PAUSE === PAUSE - 1) await enTours.pause();
      textes.push(documentTexts(f));
    }
    await suite;
    await upsertDocuments(trx, textes);
  }
  await pendant?.();
}

/** A pause of the texts' building every PAUSE formations (see EnTours.pause). */
const PAUSE = 16;

/** What a pipelined recomputation (conformite.service.ts recomputeEnTours) runs during refreshDocuments. */
export interface EnTours {
  /**
   * Started once the documents' reads have answered (before their texts are built), and awaited
   * before their first write: reads of the caller's that must see this transaction's writes so far
   * and that nothing written here changes (the next round's), run by the server while this thread
   * builds the texts. Always called once.
   */
  readonly pendant?: () => Promise<unknown>;
  /** Awaited every PAUSE texts built: the statements `pendant` sends, one after the other, go on meanwhile. */
  readonly pause?: () => Promise<void>;
}

/**
 * The stored texts of `ids`, those missing built on the fly (not written: a reader may be on a
 * read-only copy). Map id → row; ids of formations that do not exist are absent.
 */
export async function documentsOf(
  db: Executor,
  ids: readonly string[],
  known: readonly DocumentRow[] = [],
): Promise<Map<string, DocumentRow>> {
  const out = new Map<string, DocumentRow>(known.map((d) => [d.formation_id, d]));
  const restants = ids.filter((id) => !out.has(id));
  if (restants.length === 0) return out;
  for (const d of await selectDocuments(db, restants)) out.set(d.formation_id, d);
  const manquants = restants.filter((id) => !out.has(id));
  if (manquants.length)
    for (const f of await renderFormations(db, await selectFormationRows(db, manquants)))
      out.set(f.id, documentTexts(f));
  return out;
}
