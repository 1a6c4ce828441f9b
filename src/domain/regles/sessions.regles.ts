import { jourIso, jourIsoLong } from '../dates.ts';
import { distanceKm } from '../geo.ts';
import { isValidUai } from '../identifiants.ts';
import { dixiemes } from '../nombres.ts';
import type { CommuneFact } from '../referentiel.ts';
import { communesPour, lieuCommune } from './lieu-commune.regle.ts';
import { echec, nonApplicable, passe, preuve, referentielAbsent } from './resultat.ts';
import type {
  ContexteControle,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
  SessionAControler,
} from './types.ts';

// Rules on sessions and places (docs/regles.md § Sessions et lieux).

/** A real calendar date 'YYYY-MM-DD'. */
export const dateReelle = (s: string | null): boolean => s !== null && jourIso(s) !== null;

const joursEntre = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

function dates(f: FormationAControler): ResultatControle[] {
  if (f.sessions.length === 0) return [nonApplicable('SESSION_DATES', 'sessions', 'Aucune session.')];
  const out: ResultatControle[] = [];
  f.sessions.forEach((s, i) => {
    for (const k of ['debut', 'fin'] as const) {
      if (s[k] && !dateReelle(s[k]))
        out.push(
          echec(
            'SESSION_DATES',
            `sessions[${i}].${k}`,
            `La date de ${k === 'debut' ? 'début' : 'fin'} de la session ${i + 1} « ${s[k]} » n’est pas une date du calendrier : corrigez-la (JJ/MM/AAAA).`,
          ),
        );
    }
    if (dateReelle(s.debut) && dateReelle(s.fin) && s.fin! < s.debut!) {
      out.push(
        echec(
          'SESSION_DATES',
          `sessions[${i}].fin`,
          `La session ${i + 1} finit le ${jourIsoLong(s.fin)}, avant son début le ${jourIsoLong(s.debut)} : corrigez les dates.`,
        ),
      );
    }
  });
  return out.length ? out : [passe('SESSION_DATES', 'sessions', 'Dates des sessions cohérentes.')];
}

function campagne(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const { annee, fenetre_debut, fenetre_fin } = ctx.campagne;
  if (f.statut === 'archivee' || f.statut === 'supprimee')
    return nonApplicable(
      'SESSION_CAMPAGNE',
      'sessions',
      'Formation archivée ou supprimée : pas de campagne en cours.',
    );
  const ok = f.sessions.find(
    (s) => s.etat_recrutement !== 'ferme' && s.debut && s.debut >= fenetre_debut && s.debut <= fenetre_fin,
  );
  if (ok)
    return passe(
      'SESSION_CAMPAGNE',
      'sessions',
      `Session du ${jourIsoLong(ok.debut)} dans la campagne rentrée ${annee}.`,
    );
  return echec(
    'SESSION_CAMPAGNE',
    'sessions',
    `Aucune session ouverte ne commence entre le ${jourIsoLong(fenetre_debut)} et le ${jourIsoLong(fenetre_fin)} (campagne rentrée ${annee}) : ajoutez la session de la rentrée ${annee} pour que l’offre soit proposée sur Parcoursup et Affelnet.`,
  );
}

function decoupee(f: FormationAControler): ResultatControle {
  const n = f.duree_annees;
  const champ = 'sessions';
  if (!n || n < 2)
    return nonApplicable(
      'SESSION_DECOUPEE',
      champ,
      'Cursus d’un an ou durée inconnue : pas de découpage possible.',
    );
  const datees = f.sessions.filter((s) => dateReelle(s.debut) && dateReelle(s.fin));
  if (datees.length === 0) return nonApplicable('SESSION_DECOUPEE', champ, 'Aucune session datée.');
  // A cursus of N years spans N school years: at least (N - 1) years and eight months.
  const minimum = (n - 1) * 365 + 240;
  const courte = datees.find((s) => joursEntre(s.debut!, s.fin!) < minimum);
  if (!courte) return passe('SESSION_DECOUPEE', champ, `Chaque session couvre le cursus de ${n} ans.`);
  // The failure names the first short session, at its end date (« Corriger dans la session »,
  // /controles' session_id): the session to lengthen, the others to remove.
  return echec(
    'SESSION_DECOUPEE',
    `sessions[${f.sessions.indexOf(courte)}].fin`,
    `La session du ${jourIsoLong(courte.debut)} au ${jourIsoLong(courte.fin)} est plus courte que le cursus de ${n} ans : un cursus de ${n} ans est UNE session de ${n} ans, pas une session par année. Regroupez les sessions.`,
  );
}

function recrutement(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const finies = f.sessions
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.fin && dateReelle(s.fin) && s.fin < ctx.aujourdhui);
  if (finies.length === 0)
    return [nonApplicable('SESSION_RECRUTEMENT', 'sessions', 'Aucune session terminée.')];
  const ouvertes = finies.filter(({ s }) => s.etat_recrutement === 'ouvert');
  if (ouvertes.length === 0)
    return [
      passe(
        'SESSION_RECRUTEMENT',
        'sessions',
        'Les sessions terminées ne sont plus ouvertes au recrutement.',
      ),
    ];
  return ouvertes.map(({ s, i }) =>
    echec(
      'SESSION_RECRUTEMENT',
      `sessions[${i}].etat_recrutement`,
      `La session ${i + 1} est terminée depuis le ${jourIsoLong(s.fin)} mais son recrutement est encore « ouvert » : passez-la à « fermé ».`,
    ),
  );
}

interface Position {
  readonly lat: number;
  readonly lon: number;
  readonly origine: string;
}

function centroide(codeInsee: string | null, ctx: ContexteControle): CommuneFact | null {
  if (!codeInsee) return null;
  return communesPour(codeInsee, ctx).find((c) => c.lat !== null && c.lon !== null) ?? null;
}

/** A responsable's position: its own coordinates, else the centroid of its Sirene commune, else of its declared commune. */
export function positionOrganisme(o: OrganismeAControler, ctx: ContexteControle): Position | null {
  if (o.lat !== null && o.lon !== null)
    return { lat: o.lat, lon: o.lon, origine: 'coordonnées de l’organisme' };
  const sirene = ctx.faits.etablissements.get(o.siret)?.code_commune ?? null;
  for (const [code, origine] of [
    [sirene, 'commune Sirene'],
    [o.code_insee, 'commune déclarée'],
  ] as const) {
    const c = centroide(code, ctx);
    if (c) return { lat: c.lat!, lon: c.lon!, origine: `${origine} ${c.nom} (${c.code_insee})` };
  }
  return null;
}

function positionLieu(s: SessionAControler, ctx: ContexteControle): Position | null {
  if (s.lat !== null && s.lon !== null) return { lat: s.lat, lon: s.lon, origine: 'coordonnées du lieu' };
  const c = centroide(s.code_insee, ctx);
  return c ? { lat: c.lat!, lon: c.lon!, origine: `commune ${c.nom}` } : null;
}

function lieuUai(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const code = 'LIEU_UAI';
  if (f.sessions.length === 0 || !f.responsable)
    return [nonApplicable(code, 'sessions', 'Aucune session ou pas de responsable.')];
  const out: ResultatControle[] = [];
  let evalues = 0;
  const depuis = positionOrganisme(f.responsable, ctx);
  for (const [i, s] of f.sessions.entries()) {
    const champ = `sessions[${i}].lieu.uai`;
    if (s.uai_lieu && isValidUai(s.uai_lieu)) {
      evalues++;
      continue;
    }
    const formateur = f.formateur;
    if (
      formateur?.uai &&
      isValidUai(formateur.uai) &&
      s.code_insee &&
      s.code_insee === (formateur.code_insee ?? ctx.faits.etablissements.get(formateur.siret)?.code_commune)
    ) {
      evalues++;
      continue;
    }
    const ici = positionLieu(s, ctx);
    if (!depuis || !ici) continue;
    evalues++;
    const km = distanceKm(depuis.lat, depuis.lon, ici.lat, ici.lon);
    if (km > 20) {
      out.push(
        echec(
          code,
          champ,
          `Le lieu de la session ${i + 1} (${s.commune ?? s.code_insee}) est à ${Math.round(km)} km du responsable (plus de 20 km) et n’a pas d’UAI propre : renseignez l’UAI du lieu de formation (répertoire ACCE).`,
          preuve(
            ctx.faits.charges.communes ?? ctx.faits.charges.sirene,
            `distance ${dixiemes(km)} km : responsable (${depuis.origine}), lieu (${ici.origine})`,
          ),
        ),
      );
    }
  }
  if (out.length) return out;
  if (evalues === 0) {
    if (!ctx.faits.charges.communes) return [referentielAbsent(code, 'sessions', 'communes')];
    return [
      nonApplicable(
        code,
        'sessions',
        'Position du responsable ou des lieux inconnue : distance non calculable.',
      ),
    ];
  }
  return [
    passe(
      code,
      'sessions',
      'Chaque lieu a un UAI, hérite de celui du formateur ou est à moins de 20 km du responsable.',
    ),
  ];
}

export function reglesSessions(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  return [
    ...dates(f),
    campagne(f, ctx),
    decoupee(f),
    ...recrutement(f, ctx),
    ...lieuCommune(f, ctx),
    ...lieuUai(f, ctx),
  ];
}

export const CODES_SESSIONS = [
  'SESSION_DATES',
  'SESSION_CAMPAGNE',
  'SESSION_DECOUPEE',
  'SESSION_RECRUTEMENT',
  'LIEU_COMMUNE',
  'LIEU_UAI',
] as const;
