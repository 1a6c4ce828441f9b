import { jourIsoLong } from '../dates.ts';
import type { CertificationFact } from '../referentiel.ts';
import { certificationsDe, isSurDemande } from './certification.ts';
import { echec, nonApplicable, passe, preuve, referentielAbsent, source } from './resultat.ts';
import type {
  ContexteControle,
  FormationAControler,
  Preuve,
  ResultatControle,
  SessionAControler,
} from './types.ts';

// Rules on the certification a formation prepares (docs/regles.md § Certification).

function absente(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const c = certificationsDe(f, ctx.faits);
  if (c.rncp || c.cfd)
    return passe(
      'CERT_ABSENTE',
      'certification',
      `Certification renseignée (${[c.rncp, c.cfd].filter(Boolean).join(', ')}).`,
    );
  return echec(
    'CERT_ABSENTE',
    'certification',
    'Aucun code de certification : renseignez le code RNCP (ou RS) et, pour un diplôme d’État, le code diplôme BCN (CFD, 8 caractères).',
  );
}

function inconnue(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const code = 'CERT_INCONNUE';
  const c = certificationsDe(f, ctx.faits);
  if (!c.rncp && !c.cfd)
    return nonApplicable(code, 'certification', 'Aucun code de certification : voir CERT_ABSENTE.');
  const { rncp, bcn } = ctx.faits.charges;
  const inconnus: { champ: string; msg: string; preuves: Preuve[] }[] = [];
  const connus: Preuve[] = [];
  let verifie = false;
  if (c.rncp && rncp) {
    verifie = true;
    if (c.ficheRncp)
      connus.push(
        ...preuve(c.ficheRncp.provenance ?? rncp, `${c.rncp} : ${c.ficheRncp.intitule ?? 'fiche présente'}`),
      );
    else
      inconnus.push({
        champ: 'certification.rncp',
        msg: `le code ${c.rncp} est absent du RNCP${source(rncp)}`,
        preuves: preuve(rncp, `${c.rncp} absent`),
      });
  }
  if (c.cfd && bcn) {
    verifie = true;
    if (c.diplomeBcn)
      connus.push(
        ...preuve(
          c.diplomeBcn.provenance ?? bcn,
          `CFD ${c.cfd} : ${c.diplomeBcn.intitule ?? 'diplôme présent'}`,
        ),
      );
    else
      inconnus.push({
        champ: 'certification.cfd',
        msg: `le code diplôme ${c.cfd} est absent de la BCN${source(bcn)}`,
        preuves: preuve(bcn, `CFD ${c.cfd} absent`),
      });
  }
  if (!verifie) return referentielAbsent(code, 'certification', c.rncp ? 'rncp' : 'bcn');
  if (inconnus.length) {
    return echec(
      code,
      inconnus[0]!.champ,
      `Certification inconnue : ${inconnus.map((i) => i.msg).join(' ; ')}. Vérifiez le code sur francecompetences.fr (RNCP) ou dans la BCN.`,
      inconnus.flatMap((i) => i.preuves),
    );
  }
  return passe(code, 'certification', 'Certification présente dans les référentiels.', connus);
}

function apprentissage(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const code = 'CERT_APPRENTISSAGE';
  const c = certificationsDe(f, ctx.faits);
  if (c.rncp) {
    const rncp = ctx.faits.charges.rncp;
    if (!rncp) return referentielAbsent(code, 'certification.rncp', 'rncp');
    const fiche = c.ficheRncp;
    if (!fiche)
      return nonApplicable(
        code,
        'certification.rncp',
        `La fiche ${c.rncp} est inconnue : ouverture à l’apprentissage non vérifiable.`,
      );
    const p = preuve(
      fiche.provenance ?? rncp,
      `${c.rncp} : enregistrement ${fiche.type_enregistrement ?? '?'}, accès par apprentissage ${fiche.ouvert_apprentissage === true ? 'oui' : fiche.ouvert_apprentissage === false ? 'non' : 'non renseigné'}`,
    );
    if (isSurDemande(c) && fiche.ouvert_apprentissage !== true) {
      return echec(
        code,
        'certification.rncp',
        `${c.rncp} est enregistrée sur demande sans la voie d’accès « En contrat d’apprentissage »${source(fiche.provenance ?? rncp)} : cette certification ne peut pas être préparée en apprentissage ; choisissez une certification ouverte à l’apprentissage ou demandez au certificateur d’ajouter cette voie d’accès.`,
        p,
      );
    }
    return passe(code, 'certification.rncp', `${c.rncp} est ouverte à l’apprentissage.`, p);
  }
  if (c.cfd) {
    const bcn = ctx.faits.charges.bcn;
    if (!bcn) return referentielAbsent(code, 'certification.cfd', 'bcn');
    if (!c.diplomeBcn)
      return nonApplicable(
        code,
        'certification.cfd',
        `Le diplôme ${c.cfd} est inconnu : ouverture à l’apprentissage non vérifiable.`,
      );
    return passe(
      code,
      'certification.cfd',
      `Diplôme d’État ${c.cfd} : ouvert à l’apprentissage de droit.`,
      preuve(c.diplomeBcn.provenance ?? bcn, `CFD ${c.cfd} présent`),
    );
  }
  return nonApplicable(code, 'certification', 'Aucun code de certification : voir CERT_ABSENTE.');
}

/** Sessions of the current campaign (start inside its window), the ones the end date is compared to. */
export function sessionsDeCampagne(f: FormationAControler, ctx: ContexteControle): SessionAControler[] {
  const { fenetre_debut, fenetre_fin } = ctx.campagne;
  return f.sessions.filter((s) => s.debut && s.debut >= fenetre_debut && s.debut <= fenetre_fin);
}

function faitsDates(
  f: FormationAControler,
  ctx: ContexteControle,
): { fact: CertificationFact; nom: string; champ: string; fin: string }[] {
  const c = certificationsDe(f, ctx.faits);
  const out: { fact: CertificationFact; nom: string; champ: string; fin: string }[] = [];
  if (c.ficheRncp?.date_fin)
    out.push({
      fact: c.ficheRncp,
      nom: `L’enregistrement de ${c.rncp} au RNCP`,
      champ: 'certification.rncp',
      fin: c.ficheRncp.date_fin,
    });
  if (c.diplomeBcn?.date_fin)
    out.push({
      fact: c.diplomeBcn,
      nom: `Le diplôme ${c.cfd} (BCN)`,
      champ: 'certification.cfd',
      fin: c.diplomeBcn.date_fin,
    });
  return out;
}

/** Whether a certification is valid on a date (not past its end date; closed when no end date says otherwise). */
const valide = (c: CertificationFact, le: string) => (c.date_fin ? c.date_fin >= le : c.actif !== false);

/**
 * The certifications that end the chains of successions from this one (A → B → C: C when B is
 * itself ends before `le`, e.g. a session's start), in the order found; an unknown successor ends
 * its chain as a bare code.
 */
export function successeursActifs(
  fact: CertificationFact,
  ctx: ContexteControle,
  le = ctx.aujourdhui,
): string[] {
  const fin: string[] = [];
  const vus = new Set([fact.code]);
  const file = [...fact.successeurs];
  while (file.length) {
    const code = file.shift()!;
    if (vus.has(code)) continue;
    vus.add(code);
    const c = ctx.faits.certifications.get(code);
    const suite = c?.successeurs.filter((s) => !vus.has(s)) ?? [];
    if (!c || valide(c, le) || suite.length === 0) fin.push(code);
    else file.push(...suite);
  }
  return fin;
}

function successeur(fact: CertificationFact, ctx: ContexteControle, le?: string | null): string {
  const fin = successeursActifs(fact, ctx, le ?? ctx.aujourdhui);
  if (fin.length === 0) return 'choisissez la certification qui la remplace';
  const noms = fin.map((s) => {
    const intitule = ctx.faits.certifications.get(s)?.intitule;
    const direct = fact.successeurs.includes(s) ? '' : ', au bout de la chaîne des successions';
    return intitule ? `${s} (${intitule}${direct})` : `${s}${direct ? ` (${direct.slice(2)})` : ''}`;
  });
  return `remplacez-la par ${noms.join(' ou ')}`;
}

function expiree(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  const { rncp, bcn } = ctx.faits.charges;
  const c = certificationsDe(f, ctx.faits);
  const sessions = sessionsDeCampagne(f, ctx);
  const na = (code: string, msg: string) => nonApplicable(code, 'certification', msg);
  if (!c.rncp && !c.cfd)
    return [
      na('CERT_EXPIREE', 'Aucun code de certification.'),
      na('CERT_EXPIRE_PENDANT', 'Aucun code de certification.'),
    ];
  if ((c.rncp && !rncp && (!c.cfd || !bcn)) || (!c.rncp && !bcn)) {
    const kind = c.rncp ? 'rncp' : 'bcn';
    return [
      referentielAbsent('CERT_EXPIREE', 'certification', kind),
      referentielAbsent('CERT_EXPIRE_PENDANT', 'certification', kind),
    ];
  }
  if (sessions.length === 0) {
    const msg = `Aucune session dans la campagne ${ctx.campagne.annee} : dates de validité non comparées.`;
    return [na('CERT_EXPIREE', msg), na('CERT_EXPIRE_PENDANT', msg)];
  }
  const dates = faitsDates(f, ctx);
  const out: ResultatControle[] = [];
  const avant = dates.flatMap((d) => sessions.filter((s) => d.fin < s.debut!).map((s) => ({ d, s })));
  if (avant.length) {
    const { d, s } = avant[0]!;
    out.push(
      echec(
        'CERT_EXPIREE',
        d.champ,
        `${d.nom} prend fin le ${jourIsoLong(d.fin)}, avant le début de la session du ${jourIsoLong(s.debut)}${source(d.fact.provenance)} : ${successeur(d.fact, ctx, s.debut)}.`,
        preuve(
          d.fact.provenance,
          `${d.fact.code} : fin de validité le ${jourIsoLong(d.fin)}${d.fact.successeurs.length ? `, remplacée par ${successeursActifs(d.fact, ctx, s.debut ?? ctx.aujourdhui).join(', ')}` : ''}`,
        ),
      ),
    );
  } else {
    out.push(
      passe(
        'CERT_EXPIREE',
        'certification',
        'La certification est valide au début de chaque session de la campagne.',
        dates.flatMap((d) =>
          preuve(d.fact.provenance, `${d.fact.code} : fin de validité le ${jourIsoLong(d.fin)}`),
        ),
      ),
    );
  }
  const pendant = dates.flatMap((d) =>
    sessions.filter((s) => s.fin && d.fin >= s.debut! && d.fin < s.fin).map((s) => ({ d, s })),
  );
  if (pendant.length) {
    const { d, s } = pendant[0]!;
    out.push(
      echec(
        'CERT_EXPIRE_PENDANT',
        d.champ,
        `${d.nom} prend fin le ${jourIsoLong(d.fin)}, pendant la session du ${jourIsoLong(s.debut)} au ${jourIsoLong(s.fin)} : vérifiez auprès du certificateur que les apprentis pourront passer l’examen (${successeur(d.fact, ctx, s.fin)} pour les prochaines sessions).`,
        preuve(d.fact.provenance, `${d.fact.code} : fin de validité le ${jourIsoLong(d.fin)}`),
      ),
    );
  } else {
    out.push(
      passe(
        'CERT_EXPIRE_PENDANT',
        'certification',
        'La certification reste valide pendant toutes les sessions de la campagne.',
      ),
    );
  }
  return out;
}

export function reglesCertification(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  return [absente(f, ctx), inconnue(f, ctx), apprentissage(f, ctx), ...expiree(f, ctx)];
}

export const CODES_CERTIFICATION = [
  'CERT_ABSENTE',
  'CERT_INCONNUE',
  'CERT_APPRENTISSAGE',
  'CERT_EXPIREE',
  'CERT_EXPIRE_PENDANT',
] as const;
