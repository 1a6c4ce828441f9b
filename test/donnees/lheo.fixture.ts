// LHEO 2.3 documents written for the tests of issue 11 (items 7, 8, 14): the elements the reader
// maps, in the schema's order, with what each test varies.

export interface OrganismeXml {
  siret: string;
  raison?: string;
  uai?: string;
  nda?: string;
}
export interface LieuXml {
  ligne: string;
  cp: string;
  ville: string;
  uai?: string;
}
export interface ActionXml {
  lieux?: LieuXml[];
  formateurs?: OrganismeXml[];
  sessions: { numero: string; debut: string; fin: string }[];
}

const adresse = (l: LieuXml) =>
  `<adresse><ligne>${l.ligne}</ligne><codepostal>${l.cp}</codepostal><ville>${l.ville}</ville></adresse>`;

function action(a: ActionXml): string {
  return `<action>
  <rythme-formation>Alternance</rythme-formation><code-public-vise>83056</code-public-vise>
  <niveau-entree-obligatoire>0</niveau-entree-obligatoire><modalites-alternance>Contrat d'apprentissage</modalites-alternance>
  <modalites-enseignement>0</modalites-enseignement><conditions-specifiques>Aucune</conditions-specifiques>
  <prise-en-charge-frais-possible>0</prise-en-charge-frais-possible>
  ${(a.lieux ?? [])
    .map(
      (l) =>
        `<lieu-de-formation>${l.uai ? `<code-UAI-lieu-formation><code-UAI>${l.uai}</code-UAI></code-UAI-lieu-formation>` : ''}<coordonnees>${adresse(l)}</coordonnees></lieu-de-formation>`,
    )
    .join('\n')}
  <modalites-entrees-sorties>0</modalites-entrees-sorties>
  ${a.sessions
    .map(
      (s) =>
        `<session numero="${s.numero}"><periode><debut>${s.debut}</debut><fin>${s.fin}</fin></periode><adresse-inscription><adresse><ligne>1 rue de l'Inscription</ligne><codepostal>69001</codepostal><ville>Lyon</ville></adresse></adresse-inscription><etat-recrutement>1</etat-recrutement></session>`,
    )
    .join('\n')}
  ${(a.formateurs ?? [])
    .map(
      (o) =>
        `<organisme-formateur><SIRET-formateur><SIRET>${o.siret}</SIRET></SIRET-formateur><raison-sociale-formateur>${o.raison ?? ''}</raison-sociale-formateur>${o.uai ? `<code-UAI-formateur><code-UAI>${o.uai}</code-UAI></code-UAI-formateur>` : ''}</organisme-formateur>`,
    )
    .join('\n')}
</action>`;
}

export function formationXml(f: {
  numero: string;
  intitule?: string;
  contenu?: string;
  contactNom?: string;
  responsable: OrganismeXml;
  actions: ActionXml[];
}): string {
  const r = f.responsable;
  return `<formation numero="${f.numero}">
<domaine-formation/>
<intitule-formation>${f.intitule ?? 'BTS Management commercial opérationnel'}</intitule-formation>
<objectif-formation>Former des managers.</objectif-formation>
<resultats-attendus>BTS</resultats-attendus>
<contenu-formation>${f.contenu ?? 'Gestion et animation.'}</contenu-formation>
<certifiante>1</certifiante>
<contact-formation><coordonnees><nom>${f.contactNom ?? 'Martin'}</nom><courriel>contact@cfa.example</courriel></coordonnees></contact-formation>
<parcours-de-formation>1</parcours-de-formation><code-niveau-entree>0</code-niveau-entree>
<certification><code-RNCP>38362</code-RNCP></certification>
${f.actions.map(action).join('\n')}
<organisme-formation-responsable>
  <numero-activite>${r.nda ?? '84691234569'}</numero-activite>
  <SIRET-organisme-formation><SIRET>${r.siret}</SIRET></SIRET-organisme-formation>
  <nom-organisme>${r.raison ?? ''}</nom-organisme><raison-sociale>${r.raison ?? ''}</raison-sociale>
  <coordonnees-organisme><coordonnees/></coordonnees-organisme>
  <contact-organisme><coordonnees/></contact-organisme>
  ${r.uai ? `<code-UAI-organisme-formation><code-UAI>${r.uai}</code-UAI></code-UAI-organisme-formation>` : ''}
</organisme-formation-responsable>
</formation>`;
}

export const lheo = (...formations: string[]) =>
  `<?xml version="1.0" encoding="UTF-8"?>\n<lheo xmlns="http://lheo.gouv.fr/2.3"><offres>\n${formations.join('\n')}\n</offres></lheo>\n`;
