import { isValidUai, organismeLisible, siretInvalide } from '../identifiants.ts';
import type { OrganismeDeclareFact } from '../referentiel.ts';
import { certificationsDe, isSurDemande } from './certification.ts';
import { habilitationDe, organismeReference } from './organisme-reference.ts';
import { echec, nonApplicable, passe, preuve, referentielAbsent, source } from './resultat.ts';
import type {
  ContexteControle,
  FormationAControler,
  OrganismeAControler,
  ResultatControle,
} from './types.ts';

// Rules on the organismes of a formation (docs/regles.md § Organismes).

type Role = 'responsable' | 'formateur';
const ROLES: readonly Role[] = ['responsable', 'formateur'];

/**
 * An organisme in a message, as the pages name it: « ACME FORMATION (SIRET 130 025 265 00013) »,
 * its SIRET alone when Offre knows no name. The evidence keeps the bare SIRET.
 */
const nomme = (o: OrganismeAControler, ctx: ContexteControle) =>
  organismeLisible(o.siret, ctx.faits.noms.get(o.siret));

function siretRules(role: Role, o: OrganismeAControler | null, ctx: ContexteControle): ResultatControle[] {
  const champ = `${role}.siret`;
  if (!o) {
    const absent = `Pas d’organisme ${role} : contrôle sans objet (voir le champ obligatoire).`;
    return [
      nonApplicable('ORG_SIRET_FORMAT', champ, absent),
      nonApplicable('ORG_SIRET_FERME', champ, absent),
      nonApplicable('ORG_SIRET_INCONNU', champ, absent),
    ];
  }
  const out: ResultatControle[] = [];
  const lu = nomme(o, ctx);
  const invalide = siretInvalide(o.siret);
  if (invalide) {
    // Named as the other rules name it; what is wrong with its SIRET as the forms say it.
    out.push(
      echec(
        'ORG_SIRET_FORMAT',
        champ,
        `L’organisme ${role} ${lu} a un SIRET invalide : il ${invalide.defaut} ; corrigez-le d’après l’avis de situation Sirene de l’établissement.`,
      ),
    );
  } else {
    out.push(passe('ORG_SIRET_FORMAT', champ, `L’organisme ${role} ${lu} a un SIRET bien formé.`));
  }
  const sirene = ctx.faits.charges.sirene;
  if (!sirene) {
    out.push(
      referentielAbsent('ORG_SIRET_FERME', champ, 'sirene'),
      referentielAbsent('ORG_SIRET_INCONNU', champ, 'sirene'),
    );
    return out;
  }
  const e = ctx.faits.etablissements.get(o.siret);
  if (!e) {
    out.push(
      nonApplicable(
        'ORG_SIRET_FERME',
        champ,
        `L’organisme ${role} ${lu} est absent de Sirene : son état administratif est inconnu.`,
      ),
      echec(
        'ORG_SIRET_INCONNU',
        champ,
        `L’organisme ${role} ${lu} est absent des données Sirene chargées${source(sirene)} : vérifiez son SIRET sur annuaire-entreprises.data.gouv.fr.`,
        preuve(sirene, `SIRET ${o.siret} absent`),
      ),
    );
    return out;
  }
  const p = preuve(e.provenance ?? sirene, `SIRET ${o.siret} : etatAdministratifEtablissement = ${e.etat}`);
  out.push(passe('ORG_SIRET_INCONNU', champ, `L’organisme ${role} ${lu} est connu de Sirene.`, p));
  if (e.etat === 'F') {
    out.push(
      echec(
        'ORG_SIRET_FERME',
        champ,
        `L’établissement ${role} ${lu} est fermé selon Sirene${source(e.provenance ?? sirene)} : indiquez le SIRET de l’établissement actif qui porte la formation.`,
        p,
      ),
    );
  } else {
    out.push(passe('ORG_SIRET_FERME', champ, `L’établissement ${role} ${lu} est actif selon Sirene.`, p));
  }
  return out;
}

/** The DGEFP rows of an organisme: those of its SIRET, else those of its SIREN. */
function declarations(
  o: OrganismeAControler,
  ctx: ContexteControle,
): { rows: readonly OrganismeDeclareFact[]; par: 'siret' | 'siren' } {
  const parSiret = ctx.faits.organismesDeclaresParSiret.get(o.siret) ?? [];
  if (parSiret.length > 0) return { rows: parSiret, par: 'siret' };
  return { rows: ctx.faits.organismesDeclaresParSiren.get(o.siren) ?? [], par: 'siren' };
}

function ndaRule(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const champ = 'responsable.nda';
  const o = f.responsable;
  if (!o) return nonApplicable('ORG_NDA', champ, 'Pas d’organisme responsable : contrôle sans objet.');
  const lpof = ctx.faits.charges.lpof;
  if (!lpof) return referentielAbsent('ORG_NDA', champ, 'lpof');
  const { rows, par } = declarations(o, ctx);
  if (rows.length === 0) {
    return echec(
      'ORG_NDA',
      champ,
      `Le responsable ${nomme(o, ctx)} ne figure dans la liste publique des organismes de formation${source(lpof)} ni par son SIRET ni par son SIREN : il doit avoir une déclaration d’activité (NDA) auprès de la DREETS.`,
      preuve(lpof, `SIRET ${o.siret} et SIREN ${o.siren} absents`),
    );
  }
  const r = rows[0]!;
  return passe(
    'ORG_NDA',
    champ,
    `Déclaration d’activité ${r.nda} trouvée (par ${par.toUpperCase()}).`,
    preuve(
      r.provenance ?? lpof,
      `NDA ${r.nda} pour ${par.toUpperCase()} ${par === 'siret' ? o.siret : o.siren}`,
    ),
  );
}

function qualiopiRule(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const certs = certificationsDe(f, ctx.faits);
  const ref = organismeReference(f, certs, ctx.faits);
  const champ = ref ? `${ref.role}.siret` : 'responsable.siret';
  if (!ref)
    return nonApplicable(
      'ORG_QUALIOPI_APPRENTISSAGE',
      champ,
      'Aucun organisme responsable ni formateur : contrôle sans objet.',
    );
  const lpof = ctx.faits.charges.lpof;
  if (!lpof) return referentielAbsent('ORG_QUALIOPI_APPRENTISSAGE', champ, 'lpof');
  const o = ref.organisme;
  const { rows, par } = declarations(o, ctx);
  const certifiee = rows.find((r) => r.qualiopi_apprentissage);
  if (certifiee) {
    return passe(
      'ORG_QUALIOPI_APPRENTISSAGE',
      champ,
      `L’organisme de référence, le ${ref.role} ${nomme(o, ctx)}, est certifié Qualiopi pour l’apprentissage.`,
      preuve(
        certifiee.provenance ?? lpof,
        `NDA ${certifiee.nda} (${par.toUpperCase()}) : actionsDeFormationParApprentissage = true`,
      ),
    );
  }
  const fait = rows.length
    ? `NDA ${rows[0]!.nda} (${par.toUpperCase()}) : actionsDeFormationParApprentissage = false`
    : `SIRET ${o.siret} et SIREN ${o.siren} absents`;
  return echec(
    'ORG_QUALIOPI_APPRENTISSAGE',
    champ,
    `L’organisme de référence, le ${ref.role} ${nomme(o, ctx)}, n’est pas certifié Qualiopi au titre des actions de formation par apprentissage selon la liste publique des organismes de formation${source(lpof)} : faites certifier cette catégorie d’action, ou désignez comme responsable l’établissement certifié.`,
    preuve(rows[0]?.provenance ?? lpof, fait),
  );
}

function habilitationRule(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const code = 'ORG_HABILITATION';
  const certs = certificationsDe(f, ctx.faits);
  if (!certs.rncp)
    return nonApplicable(
      code,
      'certification.rncp',
      'Pas de code RNCP / RS : l’habilitation ne se contrôle que pour une fiche RNCP.',
    );
  const rncp = ctx.faits.charges.rncp;
  if (!rncp) return referentielAbsent(code, 'certification.rncp', 'rncp');
  if (!certs.ficheRncp)
    return nonApplicable(
      code,
      'certification.rncp',
      `La fiche ${certs.rncp} est inconnue : habilitation non vérifiable.`,
    );
  if (!isSurDemande(certs))
    return nonApplicable(
      code,
      'certification.rncp',
      `${certs.rncp} est enregistrée de droit : pas d’habilitation à vérifier.`,
    );
  const ref = organismeReference(f, certs, ctx.faits);
  if (!ref)
    return nonApplicable(
      code,
      'responsable.siret',
      'Aucun organisme responsable ni formateur : contrôle sans objet.',
    );
  const champ = `${ref.role}.siret`;
  const prov = certs.ficheRncp.provenance ?? rncp;
  const h = habilitationDe(ref.organisme.siret, certs.rncp, ctx.faits);
  if (h) {
    return passe(
      code,
      champ,
      `L’organisme de référence, le ${ref.role} ${nomme(ref.organisme, ctx)}, est ${h.role === 'certificateur' ? 'certificateur' : `partenaire habilité (${h.habilitation})`} de ${certs.rncp}.`,
      preuve(
        h.provenance ?? prov,
        `${certs.rncp} : SIRET ${h.siret} ${h.role} ${h.habilitation ?? ''}`.trim(),
      ),
    );
  }
  return echec(
    code,
    champ,
    `${certs.rncp} est enregistrée sur demande et ni le responsable ni le formateur n’en sont certificateur ou partenaire actif habilité à former${source(prov)} : demandez l’habilitation au certificateur, ou désignez l’organisme habilité.`,
    preuve(
      prov,
      `${certs.rncp} : SIRET ${ref.organisme.siret} absent des certificateurs et partenaires habilités`,
    ),
  );
}

function uaiRule(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const o = f.responsable;
  const champ = 'responsable.uai';
  if (!o) return nonApplicable('ORG_UAI', champ, 'Pas d’organisme responsable : contrôle sans objet.');
  if (!o.uai)
    return echec(
      'ORG_UAI',
      champ,
      `Le responsable ${nomme(o, ctx)} n’a pas d’UAI : renseignez son numéro UAI (répertoire ACCE), exigé par Parcoursup et Affelnet.`,
    );
  if (!isValidUai(o.uai))
    return echec(
      'ORG_UAI',
      champ,
      `L’UAI du responsable « ${o.uai} » est invalide (7 chiffres suivis de la lettre de contrôle) : corrigez-le d’après le répertoire ACCE.`,
    );
  return passe('ORG_UAI', champ, `UAI du responsable ${o.uai} valide.`);
}

function referentHandicapRule(f: FormationAControler, ctx: ContexteControle): ResultatControle {
  const o = f.responsable;
  const champ = 'contacts';
  if (!o)
    return nonApplicable(
      'ORG_REFERENT_HANDICAP',
      champ,
      'Pas d’organisme responsable : contrôle sans objet.',
    );
  const ok = [...f.contacts, ...o.contacts].some(
    (c) => c.type === 'referent_handicap' && (c.nom || c.courriel || c.telephone),
  );
  if (ok) return passe('ORG_REFERENT_HANDICAP', champ, 'Un référent handicap est renseigné.');
  return echec(
    'ORG_REFERENT_HANDICAP',
    champ,
    `Aucun contact de type « référent handicap » : ajoutez le nom et le courriel ou le téléphone du référent handicap du responsable ${nomme(o, ctx)}.`,
  );
}

export function reglesOrganismes(f: FormationAControler, ctx: ContexteControle): ResultatControle[] {
  return [
    ...ROLES.flatMap((role) => siretRules(role, f[role], ctx)),
    ndaRule(f, ctx),
    qualiopiRule(f, ctx),
    habilitationRule(f, ctx),
    uaiRule(f, ctx),
    referentHandicapRule(f, ctx),
  ];
}

export const CODES_ORGANISMES = [
  'ORG_SIRET_FORMAT',
  'ORG_SIRET_FERME',
  'ORG_SIRET_INCONNU',
  'ORG_NDA',
  'ORG_QUALIOPI_APPRENTISSAGE',
  'ORG_HABILITATION',
  'ORG_UAI',
  'ORG_REFERENT_HANDICAP',
] as const;
