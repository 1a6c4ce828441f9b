import { champsObligatoiresManquants } from '../champs-obligatoires.ts';
import { annees } from '../dates.ts';
import { referenceOrganisme } from '../reference-organisme.ts';
import { certificationsDe, typeDiplome } from './certification.ts';
import { type Doublon, findDoublon } from './doublon.ts';
import { echec, nonApplicable, passe, preuve, referentielAbsent, source } from './resultat.ts';
import type { ContexteControle, FormationAControler, ResultatControle } from './types.ts';

// Rules on the formation itself (docs/regles.md § Formation).

const vide = (v: unknown) => v === null || v === undefined || (typeof v === 'string' && v.trim() === '');

/** FORM_CHAMP_OBLIGATOIRE: one result per missing field, or one passe. */
function champsObligatoires(f: FormationAControler): ResultatControle[] {
  const manquants = champsObligatoiresManquants(f);
  if (manquants.length === 0)
    return [passe('FORM_CHAMP_OBLIGATOIRE', null, 'Tous les champs obligatoires sont renseignés.')];
  return manquants.map(({ champ, libelle }) =>
    echec(
      'FORM_CHAMP_OBLIGATOIRE',
      champ,
      `Champ obligatoire non renseigné : ${libelle}. Complétez-le pour que la formation soit transmise.`,
    ),
  );
}

function intitule(f: FormationAControler): ResultatControle {
  if (vide(f.intitule))
    return nonApplicable('FORM_INTITULE', 'intitule', 'Intitulé absent : voir le champ obligatoire.');
  // Characters as the form counts them (code points: an emoji is one, not two UTF-16 units).
  const n = [...f.intitule!].length;
  if (n > 300)
    return echec(
      'FORM_INTITULE',
      'intitule',
      `L’intitulé fait ${n} caractères, au-delà des 300 autorisés : raccourcissez-le (le détail va dans l’objectif ou le contenu).`,
    );
  if (n > 255)
    return echec(
      'FORM_INTITULE',
      'intitule',
      `L’intitulé fait ${n} caractères : il sera tronqué à 255 dans les exports LHEO ; raccourcissez-le.`,
      [],
      'alerte',
    );
  return passe('FORM_INTITULE', 'intitule', `Intitulé de ${n} caractères.`);
}

function apprentissage(f: FormationAControler): ResultatControle {
  const champ = 'modalites.contrat_apprentissage';
  if (f.contrat_apprentissage === null)
    return nonApplicable(
      'FORM_APPRENTISSAGE',
      champ,
      'Modalité « contrat d’apprentissage » non renseignée : voir le champ obligatoire.',
    );
  if (!f.contrat_apprentissage)
    return echec(
      'FORM_APPRENTISSAGE',
      champ,
      'La formation n’est pas proposée en contrat d’apprentissage : elle ne peut pas figurer au catalogue de l’apprentissage. Indiquez « oui » si elle est ouverte à l’apprentissage.',
    );
  return passe('FORM_APPRENTISSAGE', champ, 'Formation ouverte en contrat d’apprentissage.');
}

/** Durations in years allowed by diploma type when the BCN MEF are not loaded (docs/regles.md). */
export const DUREES_PAR_TYPE: Readonly<Record<string, readonly number[]>> = {
  CAP: [1, 2, 3],
  CAPA: [1, 2, 3],
  BEP: [2],
  'BAC PRO': [1, 2, 3],
  BP: [2],
  MC: [1],
  BTS: [1, 2],
  BTSA: [1, 2],
  DUT: [2],
  BUT: [1, 2, 3],
  'LICENCE PRO': [1],
  LICENCE: [1, 2, 3],
  MASTER: [1, 2],
  INGENIEUR: [1, 2, 3],
};

function duree(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const code = 'FORM_DUREE';
  const champ = 'modalites.duree_annees';
  if (f.duree_annees === null)
    return nonApplicable(code, champ, 'Durée non renseignée : voir le champ obligatoire.');
  const d = f.duree_annees;
  const certs = certificationsDe(f, ctx.faits);
  const mefLoaded = ctx.faits.charges.mef;
  const mefs = certs.cfd ? (ctx.faits.mef.get(certs.cfd) ?? []) : [];
  const dureesMef = [...new Set(mefs.map((m) => m.duree).filter((x): x is number => x !== null))].sort();
  if (mefLoaded && dureesMef.length) {
    const p = preuve(
      mefLoaded,
      `CFD ${certs.cfd} : MEF de durée ${annees(dureesMef, ', ')} (${mefs.map((m) => m.mef).join(', ')})`,
    );
    if (dureesMef.includes(d))
      return passe(code, champ, `Durée de ${annees(d)} prévue par la BCN pour ce diplôme.`, p);
    return echec(
      code,
      champ,
      `Durée de ${annees(d)} non prévue pour le diplôme ${certs.cfd} : la BCN${source(mefLoaded)} prévoit ${annees(dureesMef)}. Corrigez la durée du cursus.`,
      p,
    );
  }
  if (!certs.rncp && !certs.cfd)
    return nonApplicable(code, champ, 'Aucune certification : durée non comparable.');
  const type = typeDiplome(certs);
  if (!type && !ctx.faits.charges.rncp && !ctx.faits.charges.bcn)
    return referentielAbsent(code, champ, certs.cfd ? 'bcn' : 'rncp');
  const permises = type ? DUREES_PAR_TYPE[type] : undefined;
  if (!permises)
    return nonApplicable(
      code,
      champ,
      `Type de diplôme ${type ?? 'inconnu'} : pas de durée réglementaire à vérifier.`,
    );
  if (permises.includes(d))
    return passe(code, champ, `Durée de ${annees(d)} permise pour un diplôme de type ${type}.`);
  return echec(
    code,
    champ,
    `Durée de ${annees(d)} non permise pour un diplôme de type ${type} (${annees(permises)}) : corrigez la durée du cursus.`,
  );
}

function premiereAnnee(f: FormationAControler): ResultatControle {
  const champ = 'modalites.annees_apprentissage';
  if (f.contrat_apprentissage !== true || f.annees_apprentissage.length === 0)
    return nonApplicable('FORM_PREMIERE_ANNEE', champ, 'Années ouvertes à l’apprentissage non renseignées.');
  if (f.annees_apprentissage.includes(1))
    return passe('FORM_PREMIERE_ANNEE', champ, 'La première année est ouverte à l’apprentissage.');
  return echec(
    'FORM_PREMIERE_ANNEE',
    champ,
    `Seules les années ${f.annees_apprentissage.join(', ')} sont ouvertes à l’apprentissage : Parcoursup et Affelnet exigent l’apprentissage dès la première année. Ouvrez la 1re année, sinon la formation reste hors plateformes.`,
  );
}

/**
 * « la formation « BTS MCO » (référence externe ABC-12) »: the other formation as people know it,
 * never by its internal id (kept in `formation_liee`). The key minted for a workbook's new row
 * (`classeur-…`) says nothing to its reader: left out.
 */
function nomDoublon(v: Doublon): string {
  const ref = referenceOrganisme(v.cle_externe) ? ` (référence externe ${v.cle_externe})` : '';
  return v.intitule ? `la formation « ${v.intitule} »${ref}` : `une autre formation sans intitulé${ref}`;
}

/**
 * « Laval, code INSEE 53130 »: the commune by its name (the communes reference's, else the one the
 * session writes), its INSEE code said as such — alone, « 53130 » read like a postal code.
 */
function nomCommune(insee: string, f: FormationAControler, ctx: ContexteControle): string {
  const nom =
    ctx.faits.communesParInsee.get(insee)?.[0]?.nom ??
    f.sessions.find((s) => s.code_insee === insee && s.commune)?.commune;
  return nom ? `${nom}, code INSEE ${insee}` : `code INSEE ${insee}`;
}

function doublon(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const code = 'FORM_DOUBLON';
  const certs = certificationsDe(f, ctx.faits);
  if (!f.responsable || (!certs.rncp && !certs.cfd) || f.sessions.length === 0)
    return nonApplicable(
      code,
      null,
      'Responsable, certification ou sessions absents : doublon non recherché.',
    );
  const v = findDoublon(f, ctx.faits.voisines);
  if (v)
    return {
      ...echec(
        code,
        'sessions',
        `Doublon probable avec ${nomDoublon(v)} : même responsable, certification, formateur et commune (${nomCommune(v.code_insee, f, ctx)}), sessions qui se chevauchent. Fusionnez-les (une formation, plusieurs sessions) ou archivez l’une d’elles.`,
      ),
      formation_liee: v.id,
    };
  return passe(
    code,
    null,
    'Aucune autre formation du responsable sur la même certification, le même formateur et le même lieu aux mêmes dates.',
  );
}

export function reglesFormation(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  return [
    ...champsObligatoires(f),
    intitule(f),
    apprentissage(f),
    duree(f, ctx),
    premiereAnnee(f),
    doublon(f, ctx),
  ];
}

export const CODES_FORMATION = [
  'FORM_CHAMP_OBLIGATOIRE',
  'FORM_INTITULE',
  'FORM_APPRENTISSAGE',
  'FORM_DUREE',
  'FORM_PREMIERE_ANNEE',
  'FORM_DOUBLON',
] as const;
