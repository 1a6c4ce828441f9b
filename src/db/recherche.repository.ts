import { sql } from 'kysely';
import type { Visibilite } from '../domain/acces.ts';
import type { Candidat, LieuCandidat } from '../domain/recherche.ts';
import type { Executor } from './executor.ts';
import { type FormationFilters, matchingFilters, visibleTo } from './formation.repository.ts';

// The search index (migration 0300_recherche): candidate formations for the words and the place,
// typo corrections (pg_trgm) and communes for the "Où ?" field. Only SQL here.

export interface Zone {
  readonly lat: number;
  readonly lon: number;
  readonly rayon_km: number;
}

export interface CriteresCandidats {
  /** Words, each with the indexed words of its family (see familles): all groups must match, any word of a group. */
  readonly groupes: readonly (readonly string[])[];
  /** Exact certification codes (RNCP/RS or CFD), upper case. */
  readonly codes: readonly string[];
  /** Around a point; distances are measured from it. */
  readonly zone: Zone | null;
  /** INSEE codes of a commune (with its arrondissements) when searched without a radius. */
  readonly communes: readonly string[] | null;
  /** Whether closed sessions count (API: yes; public pages: no, and a formation needs an open or suspended one). */
  readonly sessionsFermees: boolean;
  /** The list filters of GET /formations (q is ignored). */
  readonly filtres: FormationFilters;
}

const PLATEFORME_PUBLIE = 'publie';

/** Every candidate (no limit: the facets count them all), with its rank and its session places. */
export async function selectCandidats(
  db: Executor,
  v: Visibilite,
  c: CriteresCandidats,
): Promise<Candidat[]> {
  const tsq = c.groupes.length
    ? sql`(${sql.join(
        c.groupes.map(
          (g) =>
            sql`(${sql.join(
              g.map((m) => sql`plainto_tsquery('french_unaccent', ${m})`),
              sql` || `,
            )})`,
        ),
        sql` && `,
      )})`
    : null;
  const z = c.zone;
  const dLat = z ? z.rayon_km / 111.2 : 0;
  const dLon = z ? z.rayon_km / (111.2 * Math.max(0.01, Math.cos((z.lat * Math.PI) / 180))) : 0;
  const lieu = sql.join(
    [
      sql`rl.formation_id = formation.id`,
      sql`not rl.archivee`,
      ...(c.sessionsFermees ? [] : [sql`rl.etat_recrutement <> 'ferme'`]),
      ...(z
        ? [
            sql`rl.lat between ${z.lat - dLat} and ${z.lat + dLat}`,
            sql`rl.lon between ${z.lon - dLon} and ${z.lon + dLon}`,
            sql`distance_km(${z.lat}, ${z.lon}, rl.lat, rl.lon) <= ${z.rayon_km}`,
          ]
        : []),
      ...(c.communes?.length ? [sql`rl.code_insee in (${sql.join(c.communes)})`] : []),
    ],
    sql` and `,
  );
  const distance = z ? sql`round(distance_km(${z.lat}, ${z.lon}, rl.lat, rl.lon)::numeric, 1)` : sql`null`;
  const { q: _q, ...filtres } = c.filtres;
  const rows = await db
    .selectFrom('formation')
    .innerJoin('formation_recherche as fr', 'fr.formation_id', 'formation.id')
    .select([
      'formation.id',
      'fr.niveau',
      'fr.type_diplome',
      'fr.apprentissage',
      'fr.conventionne',
      sql<boolean>`formation.parcoursup = ${PLATEFORME_PUBLIE}`.as('parcoursup'),
      sql<boolean>`formation.affelnet = ${PLATEFORME_PUBLIE}`.as('affelnet'),
      (tsq ? sql<number>`ts_rank(fr.document, ${tsq})` : sql<number>`0`).as('rang'),
      sql<string>`(select coalesce(json_agg(json_build_array(rl.code_region, rl.code_departement,
        to_char(rl.debut, 'YYYY-MM-DD'), rl.etat_recrutement = 'ouvert', ${distance}))::text, '[]')
        from recherche_lieu rl where ${lieu})`.as('lieux'),
    ])
    .where(visibleTo(v))
    .where(matchingFilters(filtres))
    .$if(!!tsq, (qb) => qb.where(sql<boolean>`fr.document @@ ${tsq}`))
    // A code finds its formations, and those of the codes linked to it (BCN diploma ↔ RNCP fiche).
    .$if(c.codes.length > 0, (qb) =>
      qb.where((eb) =>
        eb.or([
          eb('formation.code_rncp', 'in', c.codes),
          eb('formation.code_cfd', 'in', c.codes),
          eb(
            'formation.code_cfd',
            'in',
            eb.selectFrom('certification_lien').select('cfd').where('rncp', 'in', c.codes),
          ),
          eb(
            'formation.code_rncp',
            'in',
            eb.selectFrom('certification_lien').select('rncp').where('cfd', 'in', c.codes),
          ),
        ]),
      ),
    )
    .$if(!!z || !!c.communes?.length || !c.sessionsFermees, (qb) =>
      qb.where(sql<boolean>`exists (select 1 from recherche_lieu rl where ${lieu})`),
    )
    .execute();
  return rows.map((r) => ({
    id: r.id,
    rang: Number(r.rang),
    niveau: r.niveau,
    type_diplome: r.type_diplome,
    apprentissage: r.apprentissage,
    conventionne: r.conventionne,
    parcoursup: r.parcoursup,
    affelnet: r.affelnet,
    lieux: (
      JSON.parse(r.lieux) as [string | null, string | null, string | null, boolean, number | string | null][]
    ).map(
      ([region, departement, debut, ouvert, d]): LieuCandidat => ({
        region,
        departement,
        debut,
        ouvert,
        distance: d === null ? null : Number(d),
      }),
    ),
  }));
}

/**
 * The family of each word (normalised): itself and the indexed words at trigram similarity ≥ 0.6
 * (boulangerie, boulangère for boulanger — what French stemming leaves apart).
 */
export async function familles(db: Executor, mots: readonly string[]): Promise<Map<string, string[]>> {
  const f = new Map(mots.map((m) => [m, [m]]));
  if (mots.length === 0) return f;
  const rows = await sql<{ w: string; mot: string }>`
    select t.w, m.mot from (values ${sql.join(mots.map((m) => sql`(${m}::text)`))}) as t(w)
    join recherche_mot m on m.mot % t.w and similarity(m.mot, t.w) >= 0.6 and m.mot <> t.w`.execute(db);
  for (const r of rows.rows) f.get(r.w)?.push(r.mot);
  return f;
}

/**
 * For each word (normalised) that the index does not hold and that is not a French stop word,
 * the nearest indexed word by trigram similarity (pg_trgm, above its 0.3 threshold), or null.
 */
export async function corrections(
  db: Executor,
  mots: readonly string[],
): Promise<Map<string, string | null>> {
  if (mots.length === 0) return new Map();
  const rows = await sql<{ w: string; mot: string | null }>`
    select t.w, (select m.mot from recherche_mot m where m.mot % t.w
                 order by similarity(m.mot, t.w) desc, m.mot limit 1) as mot
    from (values ${sql.join(mots.map((m) => sql`(${m}::text)`))}) as t(w)
    where numnode(plainto_tsquery('french_unaccent', t.w)) > 0
      and not exists (select 1 from recherche_mot m where m.mot = t.w)`.execute(db);
  return new Map(rows.rows.map((r) => [r.w, r.mot]));
}

export interface CommuneTrouvee {
  readonly code_insee: string;
  readonly nom: string;
  readonly code_postal: string;
  readonly code_departement: string | null;
  readonly lat: number | null;
  readonly lon: number | null;
}

/**
 * Communes for what was typed in "Où ?": a postal code, or a name (normalised: exact first, then
 * starting with it, then the nearest by trigrams). At most `limite` rows, one per INSEE code.
 */
export async function trouverCommunes(
  db: Executor,
  saisie: { code_postal?: string; nom?: string },
  limite: number,
): Promise<CommuneTrouvee[]> {
  const base = db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'code_postal', 'code_departement', 'lat', 'lon'])
    .limit(200);
  let rows: CommuneTrouvee[] = [];
  if (saisie.code_postal)
    rows = await base
      .where('code_postal', '=', saisie.code_postal)
      .orderBy(sql`lat is null`)
      .orderBy('code_insee')
      .execute();
  else if (saisie.nom) {
    const n = saisie.nom;
    rows = await base.where('nom_normalise', '=', n).orderBy('code_insee').execute();
    if (rows.length === 0)
      rows = await base
        .where('nom_normalise', 'like', `${n.replace(/[\\%_]/g, '\\$&')} %`)
        .orderBy('code_insee')
        .execute();
    if (rows.length === 0)
      rows = await base
        .where(sql<boolean>`nom_normalise % ${n}`)
        .orderBy(sql`similarity(nom_normalise, ${n})`, 'desc')
        .orderBy('code_insee')
        .execute();
  }
  const vus = new Set<string>();
  rows = rows.filter((r) => !vus.has(r.code_insee) && !!vus.add(r.code_insee));
  return rows.slice(0, limite);
}

/** Mean centre of the given communes' rows that have coordinates (a city from its arrondissements). */
export async function centreDe(
  db: Executor,
  codes: readonly string[],
): Promise<{ lat: number; lon: number } | null> {
  if (codes.length === 0) return null;
  const r = await db
    .selectFrom('commune')
    .select([sql<number | null>`avg(lat)`.as('lat'), sql<number | null>`avg(lon)`.as('lon')])
    .where('code_insee', 'in', codes)
    .where('lat', 'is not', null)
    .executeTakeFirst();
  return r?.lat != null && r.lon != null ? { lat: Number(r.lat), lon: Number(r.lon) } : null;
}

/** Communes whose normalised name or postal code starts with `debut`, by name: one row per (INSEE code, postal code), with coordinates (WGS84 degrees, null when unknown). */
export function communesCommencantPar(
  db: Executor,
  debut: { nom?: string; code_postal?: string },
  limite: number,
) {
  const motif = `${(debut.nom ?? debut.code_postal ?? '').replace(/[\\%_]/g, '\\$&')}%`;
  return db
    .selectFrom('commune')
    .select(['code_insee', 'nom', 'code_postal', 'lat', 'lon'])
    .$if(!!debut.nom, (qb) => qb.where('nom_normalise', 'like', motif))
    .$if(!debut.nom, (qb) => qb.where('code_postal', 'like', motif))
    .orderBy(sql`length(nom)`)
    .orderBy('nom')
    .orderBy('code_postal')
    .limit(limite)
    .execute();
}

/** Ids and last change of the formations the public pages show (diffused, a session not closed), by id. */
export function selectFormationsPubliques(db: Executor, limite: number) {
  return db
    .selectFrom('formation')
    .select(['formation.id', 'formation.updated_at'])
    .where(visibleTo({ kind: 'diffusee', siren: null, regions: [] }))
    .where(
      sql<boolean>`exists (select 1 from recherche_lieu rl where rl.formation_id = formation.id
        and not rl.archivee and rl.etat_recrutement <> 'ferme')`,
    )
    .orderBy('formation.id')
    .limit(limite)
    .execute();
}
