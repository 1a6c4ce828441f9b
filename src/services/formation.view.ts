import { loadEchecs } from '../db/conformite.repository.ts';
import type { Executor } from '../db/executor.ts';
import type { FormationRow, FormationVueRow, SessionLue } from '../db/formation.repository.ts';
import {
  selectCertifications,
  selectFormationContacts,
  selectNomsOrganismes,
  selectOpenRevisionIds,
  selectOpenRevisions,
  selectSessionContacts,
  selectSessionEvenements,
  selectSessions,
} from '../db/formation.repository.ts';
import { isValidateur } from '../domain/acces.ts';
import type { Acteur } from '../domain/acteur.ts';
import type { Formation, FormationInput } from '../domain/formation.schema.ts';
import {
  type Evenement,
  type FormationSnap,
  type OrgRef,
  type SessionSnap,
  snapshotToInput,
} from '../domain/formation.snapshot.ts';
import { typesOffre } from '../domain/type-offre.ts';
import { urlWebOuNull } from '../domain/url.ts';
import type { FormationVue } from '../formats/classeur/classeur.analyzer.ts';

// Rows → the formation JSON of docs/contrat.md and → the write model, for a whole page at once:
// one query per child table for every id (no N+1).

type Org = Awaited<ReturnType<typeof selectNomsOrganismes>>[number];
type Contact = Awaited<ReturnType<typeof selectFormationContacts>>[number];
type Ev = Awaited<ReturnType<typeof selectSessionEvenements>>[number];

interface Children {
  sessions: Map<string, SessionLue[]>;
  evenements: Map<string, Ev[]>;
  contacts: Map<string, Contact[]>;
  sessionContacts: Map<string, Contact>;
  organismes: Map<string, Org>;
}

const group = <T, K>(rows: readonly T[], key: (r: T) => K) => {
  const m = new Map<K, T[]>();
  for (const r of rows) {
    const k = key(r);
    const list = m.get(k);
    if (list) list.push(r);
    else m.set(k, [r]);
  }
  return m;
};

// Two round trips whatever the page size: what keys on formation ids, then what keys on session ids.
async function loadChildren(
  db: Executor,
  rows: readonly FormationVueRow[],
  withArchived: boolean,
): Promise<Children> {
  const ids = rows.map((r) => r.id);
  const sirets = rows
    .flatMap((r) => [r.responsable_siret, r.formateur_siret, r.mandataire_siret])
    .filter((s): s is string => !!s);
  const [sessions, organismes, contacts] = await Promise.all([
    selectSessions(db, ids, withArchived),
    selectNomsOrganismes(db, sirets),
    selectFormationContacts(db, ids),
  ]);
  const sessionIds = sessions.map((s) => s.id);
  const [evenements, sessionContacts] = await Promise.all([
    selectSessionEvenements(db, sessionIds),
    selectSessionContacts(db, sessionIds),
  ]);
  return {
    sessions: group(sessions, (s) => s.formation_id),
    evenements: group(evenements, (e) => e.session_id),
    contacts: group(contacts, (c) => c.formation_id!),
    sessionContacts: new Map(sessionContacts.map((c) => [c.session_id!, c])),
    organismes: new Map(organismes.map((o) => [o.siret, o])),
  };
}

const ev = (e: Ev): Evenement => ({ date: e.date, lieu: e.lieu, libelle: e.libelle });

function sessionSnap(s: SessionLue, c: Children): SessionSnap {
  const evs = c.evenements.get(s.id) ?? [];
  const contact = c.sessionContacts.get(s.id);
  return {
    id: s.id,
    cle_externe: s.cle_externe,
    debut: s.debut,
    fin: s.fin,
    etat_recrutement: s.etat_recrutement as SessionSnap['etat_recrutement'],
    capacite: s.capacite,
    entree_sortie: s.entree_sortie as SessionSnap['entree_sortie'],
    lieu: {
      adresse: s.adresse,
      code_postal: s.code_postal,
      commune: s.commune,
      cedex: s.cedex,
      code_insee: s.code_insee,
      uai: s.uai_lieu,
      lat: s.lat,
      lon: s.lon,
    },
    contact: contact ? { nom: contact.nom, telephone: contact.telephone, courriel: contact.courriel } : null,
    financeur: s.financeur as SessionSnap['financeur'],
    numero_marche: s.numero_marche,
    date_notification_marche: s.date_notification_marche,
    reunions_information: evs.filter((e) => e.type === 'reunion_information').map(ev),
    bilans: evs.filter((e) => e.type === 'bilan').map(ev),
    archivee: s.archivee,
  };
}

// The UAI is the role's on this formation (formation.*_uai), the name and NDA the establishment's.
type Noms = ReadonlyMap<string, { raison_sociale: string | null; nda: string | null }>;
const orgRef = (siret: string | null, uai: string | null, orgs: Noms): OrgRef | null => {
  if (!siret) return null;
  const o = orgs.get(siret);
  return { siret, uai, raison_sociale: o?.raison_sociale ?? null, nda: o?.nda ?? null };
};

function snapOf(r: FormationVueRow, c: Children, orgs: Noms = c.organismes): FormationSnap {
  return {
    cle_externe: r.cle_externe,
    intitule: r.intitule,
    objectif: r.objectif,
    contenu: r.contenu,
    url: urlWebOuNull(r.url),
    certification: { rncp: r.code_rncp, cfd: r.code_cfd, certifinfo: r.code_certifinfo },
    responsable: orgRef(r.responsable_siret, r.responsable_uai, orgs),
    formateur: orgRef(r.formateur_siret, r.formateur_uai, orgs),
    mandataire: orgRef(r.mandataire_siret, r.mandataire_uai, orgs),
    contacts: (c.contacts.get(r.id) ?? []).map((k) => ({
      type: k.type,
      nom: k.nom,
      telephone: k.telephone,
      courriel: k.courriel,
    })),
    modalites: {
      formation_continue: r.formation_continue,
      contrat_professionnalisation: r.contrat_professionnalisation,
      contrat_apprentissage: r.contrat_apprentissage,
      annees_apprentissage: [...r.annees_apprentissage],
      duree_annees: r.duree_annees,
    },
    financeurs: [...r.financeurs],
    sessions: (c.sessions.get(r.id) ?? []).map((s) => sessionSnap(s, c)),
  };
}

/** The write model of one formation (archived sessions included, with the ids of diffused ones). */
export async function loadSnapshot(
  db: Executor,
  row: FormationRow,
): Promise<{ snap: FormationSnap; diffusees: Set<string> }> {
  const c = await loadChildren(db, [row], true);
  const diffusees = new Set((c.sessions.get(row.id) ?? []).filter((s) => s.diffusee_at).map((s) => s.id));
  return { snap: snapOf(row, c), diffusees };
}

/** loadSnapshot for a page of rows at once (bulk readers: workbook export and import, rollover). */
export async function loadSnapshots(
  db: Executor,
  rows: readonly FormationVueRow[],
): Promise<Map<string, { snap: FormationSnap; diffusees: Set<string> }>> {
  const c = await loadChildren(db, rows, true);
  return new Map(
    rows.map((row) => [
      row.id,
      {
        snap: snapOf(row, c),
        diffusees: new Set((c.sessions.get(row.id) ?? []).filter((s) => s.diffusee_at).map((s) => s.id)),
      },
    ]),
  );
}

/**
 * For the bulk writers: the children of `rows` read once (archived sessions included); each
 * snapshot is built later with the organismes known at that point of the chunk (an earlier
 * formation of the same chunk may have renamed one), as `loadSnapshot` would then read it.
 */
export async function snapshotBuilder(db: Executor, rows: readonly FormationRow[]) {
  const c = await loadChildren(db, rows, true);
  return (row: FormationRow, organismes: Noms): { snap: FormationSnap; diffusees: Set<string> } => ({
    snap: snapOf(row, c, organismes),
    diffusees: new Set((c.sessions.get(row.id) ?? []).filter((s) => s.diffusee_at).map((s) => s.id)),
  });
}

/**
 * The failures left out of the formation JSON's `conformite.echecs`: FORM_DOUBLON names another
 * formation, which not every reader may read, while the JSON is one stored text per view for every
 * reader (formation-document.ts). Its result is read in GET /formations/{id}/controles and the
 * spaces, named only to those who may read the other formation (docs/conformite.md).
 */
export const NOMMENT_UNE_AUTRE: ReadonlySet<string> = new Set(['FORM_DOUBLON']);

const iso = (d: Date | string) => (d instanceof Date ? d.toISOString() : new Date(d).toISOString());

/** The formation JSON for a page of rows, in the rows' order: a fixed number of queries (no N+1). */
export async function renderFormations(db: Executor, rows: readonly FormationRow[]): Promise<Formation[]> {
  if (rows.length === 0) return [];
  const ids = rows.map((r) => r.id);
  const codes = rows.flatMap((r) => [r.code_rncp, r.code_cfd]).filter((s): s is string => !!s);
  const [c, certs, revisions, echecs] = await Promise.all([
    loadChildren(db, rows, false),
    selectCertifications(db, codes),
    selectOpenRevisionIds(db, ids),
    loadEchecs(db, ids),
  ]);
  const parCode = group(certs, (k) => k.code);
  const certOf = (code: string | null, types: string[]) =>
    code ? parCode.get(code)?.find((k) => types.includes(k.type)) : undefined;
  return rows.map((r) => {
    const snap = snapOf(r, c);
    const cert = certOf(r.code_rncp, ['rncp', 'rs']) ?? certOf(r.code_cfd, ['cfd']);
    const sessionRows = new Map((c.sessions.get(r.id) ?? []).map((s) => [s.id, s]));
    const resp = r.responsable_siret ? c.organismes.get(r.responsable_siret) : undefined;
    const short = (o: OrgRef | null) =>
      o ? { siret: o.siret, uai: o.uai, raison_sociale: o.raison_sociale } : null;
    return {
      id: r.id,
      cle_externe: r.cle_externe,
      intitule: r.intitule,
      objectif: r.objectif,
      contenu: r.contenu,
      url: urlWebOuNull(r.url),
      certification: {
        ...snap.certification,
        intitule: cert?.intitule ?? null,
        niveau: cert?.niveau ?? null,
        type_enregistrement: cert?.type_enregistrement ?? null,
      },
      responsable: snap.responsable
        ? { ...snap.responsable, siren: resp?.siren ?? snap.responsable.siret.slice(0, 9) }
        : null,
      formateur: short(snap.formateur),
      mandataire: short(snap.mandataire),
      contacts: snap.contacts as Formation['contacts'],
      modalites: snap.modalites,
      financeurs: snap.financeurs,
      types_offre: typesOffre({ ...snap.modalites, financeurs: snap.financeurs, sessions: snap.sessions }),
      sessions: snap.sessions.map(({ archivee: _a, ...s }) => {
        const row = sessionRows.get(s.id)!;
        return {
          ...s,
          diffusee: row.diffusee_at !== null,
          ...(row.retenue ? { retenue: true as const } : {}),
          lieu: { ...s.lieu, code_departement: row.code_departement, code_region: row.code_region },
        };
      }),
      statut: r.statut as Formation['statut'],
      revision_en_attente: revisions.has(r.id),
      conformite: {
        catalogue: r.catalogue as Formation['conformite']['catalogue'],
        certifiee: r.certifiee,
        parcoursup: r.parcoursup,
        affelnet: r.affelnet,
        echecs: (echecs.get(r.id) ?? []).filter((e) => !NOMMENT_UNE_AUTRE.has(e.code)),
      },
      created_at: iso(r.created_at),
      updated_at: iso(r.updated_at),
    };
  });
}

/**
 * Formations as their organisme last wrote them — the open revision's payload when a published
 * offer's change waits for validation, else the stored version — whoever asks: what the campaign
 * workbook shows through every door (page, API, command line; docs/formats.md « Export ») and what
 * its import compares with. `revisionOuverte` and `publiee` (the diffused version) come with it:
 * a validateur's changes of such an offer are refused (domain/revision.ts), and a closing that
 * archives it writes over the diffused version (classeur.plan.ts planMaj). One batch
 * of queries for the whole page of rows.
 */
export async function vuesFormations(
  db: Executor,
  acteur: Acteur,
  rows: readonly FormationVueRow[],
): Promise<FormationVue[]> {
  const validateur = isValidateur(acteur);
  const [snaps, revisions] = await Promise.all([
    loadSnapshots(db, rows),
    selectOpenRevisions(
      db,
      rows.filter((r) => r.statut === 'publiee').map((r) => r.id),
    ),
  ]);
  return rows.map((row) => {
    const { snap, diffusees } = snaps.get(row.id)!;
    const revision = revisions.get(row.id);
    const stockee = snapshotToInput(snap);
    return {
      id: row.id,
      statut: row.statut,
      siren: row.siren_proprietaire,
      input: (revision?.payload as FormationInput | undefined) ?? stockee,
      diffusees,
      enRevision: row.statut === 'publiee' && !validateur,
      revisionOuverte: revision ?? null,
      ...(revision ? { publiee: stockee } : {}),
    };
  });
}
