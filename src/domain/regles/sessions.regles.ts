import { distanceKm } from '../geo.ts';
import { isValidUai } from '../identifiants.ts';
import type { CommuneFact } from '../referentiel.ts';
import { dateFr, echec, nonApplicable, passe, preuve, referentielAbsent, source } from './resultat.ts';
import type {
  ContexteControle,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
  SessionAControler,
} from './types.ts';

// Rules on sessions and places (docs/regles.md § Sessions et lieux).

/** A real calendar date 'YYYY-MM-DD'. */
export function dateReelle(s: string | null): boolean {
  if (s?.length !== 10 || !/^\d{4}-\d{2}-\d{2}$/.test(s)) return false;
  const y = +s.slice(0, 4);
  const m = +s.slice(5, 7);
  const d = +s.slice(8, 10);
  const bissextile = y % 4 === 0 && (y % 100 !== 0 || y % 400 === 0);
  const jours = [31, bissextile ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][m - 1];
  return jours !== undefined && d >= 1 && d <= jours;
}

const joursEntre = (a: string, b: string) =>
  (Date.parse(`${b}T00:00:00Z`) - Date.parse(`${a}T00:00:00Z`)) / 86_400_000;

function dates(f: FormationAControler): ResultatControle[] {
  if (f.sessions.length === 0)
    return [nonApplicable('SESSION_DATES', 'bloquant', 'sessions', 'Aucune session.')];
  const out: ResultatControle[] = [];
  f.sessions.forEach((s, i) => {
    for (const k of ['debut', 'fin'] as const) {
      if (s[k] && !dateReelle(s[k]))
        out.push(
          echec(
            'SESSION_DATES',
            'bloquant',
            `sessions[${i}].${k}`,
            `La date de ${k === 'debut' ? 'début' : 'fin'} de la session ${i + 1} « ${s[k]} » n’est pas une date du calendrier : corrigez-la (JJ/MM/AAAA).`,
          ),
        );
    }
    if (dateReelle(s.debut) && dateReelle(s.fin) && s.fin! < s.debut!) {
      out.push(
        echec(
          'SESSION_DATES',
          'bloquant',
          `sessions[${i}].fin`,
          `La session ${i + 1} finit le ${dateFr(s.fin)}, avant son début le ${dateFr(s.debut)} : corrigez les dates.`,
        ),
      );
    }
  });
  return out.length
    ? out
    : [passe('SESSION_DATES', 'bloquant', 'sessions', 'Dates des sessions cohérentes.')];
}

function campagne(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const { annee, fenetre_debut, fenetre_fin } = ctx.campagne;
  if (f.statut === 'archivee' || f.statut === 'supprimee')
    return nonApplicable(
      'SESSION_CAMPAGNE',
      'plateforme',
      'sessions',
      'Formation archivée ou supprimée : pas de campagne en cours.',
    );
  const ok = f.sessions.find(
    (s) => s.etat_recrutement !== 'ferme' && s.debut && s.debut >= fenetre_debut && s.debut <= fenetre_fin,
  );
  if (ok)
    return passe(
      'SESSION_CAMPAGNE',
      'plateforme',
      'sessions',
      `Session du ${dateFr(ok.debut)} dans la campagne rentrée ${annee}.`,
    );
  return echec(
    'SESSION_CAMPAGNE',
    'plateforme',
    'sessions',
    `Aucune session ouverte ne commence entre le ${dateFr(fenetre_debut)} et le ${dateFr(fenetre_fin)} (campagne rentrée ${annee}) : ajoutez la session de la rentrée ${annee} pour être proposé sur Parcoursup et Affelnet.`,
  );
}

function decoupee(f: FormationAControler): ResultatControle {
  const n = f.duree_annees;
  const champ = 'sessions';
  if (!n || n < 2)
    return nonApplicable(
      'SESSION_DECOUPEE',
      'alerte',
      champ,
      'Cursus d’un an ou durée inconnue : pas de découpage possible.',
    );
  const datees = f.sessions.filter((s) => dateReelle(s.debut) && dateReelle(s.fin));
  if (datees.length === 0) return nonApplicable('SESSION_DECOUPEE', 'alerte', champ, 'Aucune session datée.');
  // A cursus of N years spans N school years: at least (N - 1) years and eight months.
  const minimum = (n - 1) * 365 + 240;
  const courte = datees.find((s) => joursEntre(s.debut!, s.fin!) < minimum);
  if (!courte)
    return passe('SESSION_DECOUPEE', 'alerte', champ, `Chaque session couvre le cursus de ${n} ans.`);
  return echec(
    'SESSION_DECOUPEE',
    'alerte',
    champ,
    `La session du ${dateFr(courte.debut)} au ${dateFr(courte.fin)} est plus courte que le cursus de ${n} ans : un cursus de ${n} ans est UNE session de ${n} ans, pas une session par année. Regroupez les sessions.`,
  );
}

function recrutement(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const finies = f.sessions
    .map((s, i) => ({ s, i }))
    .filter(({ s }) => s.fin && dateReelle(s.fin) && s.fin < ctx.aujourdhui);
  if (finies.length === 0)
    return [nonApplicable('SESSION_RECRUTEMENT', 'alerte', 'sessions', 'Aucune session terminée.')];
  const ouvertes = finies.filter(({ s }) => s.etat_recrutement === 'ouvert');
  if (ouvertes.length === 0)
    return [
      passe(
        'SESSION_RECRUTEMENT',
        'alerte',
        'sessions',
        'Les sessions terminées ne sont plus ouvertes au recrutement.',
      ),
    ];
  return ouvertes.map(({ s, i }) =>
    echec(
      'SESSION_RECRUTEMENT',
      'alerte',
      `sessions[${i}].etat_recrutement`,
      `La session ${i + 1} est terminée depuis le ${dateFr(s.fin)} mais son recrutement est encore « ouvert » : passez-la à « fermé ».`,
    ),
  );
}

const nomsNormalises = new Map<string, string>();
/** Commune names compared without accents, case, "Saint" abbreviations, cedex or arrondissement (memoised: few distinct names). */
const normaliseNom = (s: string) => {
  let n = nomsNormalises.get(s);
  if (n === undefined) {
    n = normaliserNom(s);
    nomsNormalises.set(s, n);
  }
  return n;
};
const normaliserNom = (s: string) =>
  s
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .toUpperCase()
    .replace(/\bCEDEX\b.*$/, '')
    .replace(/\bSTE?\b/g, (m) => (m === 'ST' ? 'SAINT' : 'SAINTE'))
    .replace(/[^A-Z0-9]+/g, ' ')
    .trim()
    .replace(/ \d+(ER|E|EME)? ARRONDISSEMENT$/, '');

// Paris, Lyon and Marseille: the communes reference lists the arrondissements, not the parent code.
const VILLES_A_ARRONDISSEMENTS: Readonly<Record<string, RegExp>> = {
  '75056': /^751\d\d$/,
  '69123': /^6938\d$/,
  '13055': /^132\d\d$/,
};

function communesPour(code: string, ctx: ContexteControle): readonly CommuneFact[] {
  const direct = ctx.faits.communesParInsee.get(code);
  if (direct?.length) return direct;
  const re = VILLES_A_ARRONDISSEMENTS[code];
  if (!re) return [];
  return [...ctx.faits.communesParInsee.entries()].filter(([k]) => re.test(k)).flatMap(([, v]) => v);
}

function lieuCommune(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const code = 'LIEU_COMMUNE';
  if (f.sessions.length === 0) return [nonApplicable(code, 'bloquant', 'sessions', 'Aucune session.')];
  const ref = ctx.faits.charges.communes;
  if (!ref) return [referentielAbsent(code, 'bloquant', 'sessions', 'communes')];
  const out: ResultatControle[] = [];
  f.sessions.forEach((s, i) => {
    const champ = `sessions[${i}].lieu`;
    if (!s.code_postal || (!s.code_insee && !s.commune)) return;
    const parCp = ctx.faits.communesParCodePostal.get(s.code_postal) ?? [];
    if (parCp.length === 0) {
      out.push(
        echec(
          code,
          'bloquant',
          `${champ}.code_postal`,
          `Le code postal ${s.code_postal} de la session ${i + 1} n’existe pas dans le référentiel des communes${source(ref)} : corrigez-le.`,
          preuve(ref, `code postal ${s.code_postal} absent`),
        ),
      );
      return;
    }
    const connues = parCp.map((c) => `${c.nom} (${c.code_insee})`).join(', ');
    if (s.code_insee) {
      const candidates = communesPour(s.code_insee, ctx);
      const match = candidates.find((c) => c.code_postal === s.code_postal);
      if (!match) {
        out.push(
          echec(
            code,
            'bloquant',
            `${champ}.code_insee`,
            `Le code INSEE ${s.code_insee} ne correspond pas au code postal ${s.code_postal} de la session ${i + 1} : ce code postal couvre ${connues}. Corrigez le code INSEE ou le code postal.`,
            preuve(ref, `code postal ${s.code_postal} : ${connues}`),
          ),
        );
        return;
      }
      if (
        s.commune &&
        normaliseNom(s.commune) !== normaliseNom(match.nom) &&
        !candidates.some((c) => normaliseNom(c.nom) === normaliseNom(s.commune!))
      ) {
        out.push(
          echec(
            code,
            'bloquant',
            `${champ}.commune`,
            `La commune « ${s.commune} » de la session ${i + 1} ne correspond pas au code INSEE ${s.code_insee} (${match.nom}) : corrigez le nom de la commune.`,
            preuve(ref, `${s.code_insee} : ${match.nom}`),
          ),
        );
      }
      return;
    }
    if (!parCp.some((c) => normaliseNom(c.nom) === normaliseNom(s.commune!))) {
      out.push(
        echec(
          code,
          'bloquant',
          `${champ}.commune`,
          `La commune « ${s.commune} » ne correspond pas au code postal ${s.code_postal} de la session ${i + 1} (${connues}) : corrigez la commune ou le code postal.`,
          preuve(ref, `code postal ${s.code_postal} : ${connues}`),
        ),
      );
    }
  });
  if (out.length) return out;
  const verifiees = f.sessions.some((s) => s.code_postal && (s.code_insee || s.commune));
  return [
    verifiees
      ? passe(
          code,
          'bloquant',
          'sessions',
          'Code postal, commune et code INSEE des lieux concordent.',
          preuve(ref, 'communes des lieux trouvées'),
        )
      : nonApplicable(code, 'bloquant', 'sessions', 'Lieux non renseignés : voir le champ obligatoire.'),
  ];
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
    return [nonApplicable(code, 'plateforme', 'sessions', 'Aucune session ou pas de responsable.')];
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
          'plateforme',
          champ,
          `Le lieu de la session ${i + 1} (${s.commune ?? s.code_insee}) est à ${Math.round(km)} km du responsable (plus de 20 km) et n’a pas d’UAI propre : renseignez l’UAI du lieu de formation (répertoire ACCE).`,
          preuve(
            ctx.faits.charges.communes ?? ctx.faits.charges.sirene,
            `distance ${km.toFixed(1)} km : responsable (${depuis.origine}), lieu (${ici.origine})`,
          ),
        ),
      );
    }
  }
  if (out.length) return out;
  if (evalues === 0) {
    if (!ctx.faits.charges.communes) return [referentielAbsent(code, 'plateforme', 'sessions', 'communes')];
    return [
      nonApplicable(
        code,
        'plateforme',
        'sessions',
        'Position du responsable ou des lieux inconnue : distance non calculable.',
      ),
    ];
  }
  return [
    passe(
      code,
      'plateforme',
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
