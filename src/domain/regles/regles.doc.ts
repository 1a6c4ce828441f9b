import { AIDE_REGLES, CORRIGER_CHAMP_OBLIGATOIRE } from './regles.help.ts';
import { EFFET_SESSION, EFFETS, REGLES, type RegleDefinition } from './regles.ts';

// docs/regles.md, generated from the REGLES table (and each rule's help in regles.help.ts):
// `npm run docs:regles` writes it, a unit test fails when the file differs from this output.

const FAMILLES: Readonly<Record<string, string>> = {
  organismes: 'Organismes (responsable et formateur)',
  certification: 'Certification',
  formation: 'Formation',
  sessions: 'Sessions et lieux',
  conventionne: 'Sessions conventionnées',
};

const TYPES: Readonly<Record<string, string>> = {
  apprentissage: 'apprentissage',
  conventionne: 'conventionnée',
};

const cell = (s: string) => s.replaceAll('|', '\\|').replaceAll('\n', ' ');

const INTRODUCTION = `# Règles de conformité

> Fichier **généré** depuis la table \`REGLES\` (\`src/domain/regles/regles.ts\`) et l’aide de chaque
> règle (\`src/domain/regles/regles.help.ts\`) par \`npm run docs:regles\`. Ne pas le modifier à la
> main : un test échoue dès qu’il diffère de la table.

Chaque formation porte le résultat de **chaque** règle ci-dessous : \`passe\`, \`echec\` ou
\`non_applicable\` (le référentiel nécessaire n’est pas chargé, et le message le dit), avec le champ
concerné, un message en français qui dit ce qui ne va pas et comment le corriger, et les **preuves**
(quel référentiel, quel fichier, de quelle date, a dit quoi). Les résultats sont recalculés à chaque
écriture de la formation et à chaque import de référentiel qui change une valeur dont elle dépend.
Comment ils sont calculés, stockés et lus : [conformite.md](conformite.md).

Les codes font partie du contrat public (API, exports, ligne de commande) : ils ne changent pas.

## Gravités

| gravité | effet d’un échec |
|---|---|
`;

const ORGANISME_REFERENCE = `
**Organisme de référence** : le responsable ; le formateur s’il n’y a pas de responsable ; pour une
certification enregistrée « sur demande » (un titre, pas un diplôme d’État), celui des deux qui est
habilité, le responsable d’abord.
`;

const DECISIONS = `
## Ce que décident les résultats

Chaque règle dit à quelle offre elle s’applique (colonne « offre ») : une offre est en
**apprentissage**, **conventionnée** (financée par la Région, France Travail ou l’Agefiph) ou les
deux ([conventionne.md](conventionne.md)). Une règle qui ne concerne pas le type de l’offre est
\`non_applicable\` et ne compte pas.

- \`catalogue\` : \`general\` quand aucune règle *bloquant* n’échoue, sinon \`non_reglementaire\`.
  Une règle *bloquant (session)* ne retient que la session qu’elle nomme : les autres sessions de la
  formation restent diffusées (public, API, exports, fichiers partenaires) ; la session retenue n’est
  montrée que dans la vue professionnelle (\`retenue: true\`). Si elle retient toutes les sessions,
  la formation est \`non_reglementaire\`.
- \`certifiee\` : \`ORG_QUALIOPI_APPRENTISSAGE\` passe.
- Parcoursup et Affelnet : hors des plateformes dès qu’une règle *plateforme* échoue ; le périmètre
  de chaque plateforme est fait de règles en données, décrites dans [conformite.md](conformite.md).
`;

function section(famille: string, regles: readonly RegleDefinition[]): string {
  const lignes = regles.map((r) => {
    const aide = AIDE_REGLES[r.code];
    return `| \`${r.code}\` | ${r.severite}${r.portee === 'session' ? ' (session)' : ''} | ${r.types.map((t) => TYPES[t]).join(', ')} | ${cell(r.libelle)} | ${cell(aide?.echoue ?? '*à documenter*')} | ${cell(aide?.corriger ?? '*à documenter*')} |`;
  });
  const parChamp = regles.some((r) => r.code === 'FORM_CHAMP_OBLIGATOIRE')
    ? [
        '### Pour chaque champ obligatoire',
        '',
        'L’indication « Pour corriger » que la fiche montre avec `FORM_CHAMP_OBLIGATOIRE`, selon le champ manquant :',
        '',
        '| champ | comment corriger |',
        '|---|---|',
        ...Object.entries(CORRIGER_CHAMP_OBLIGATOIRE).map(([c, t]) => `| \`${c}\` | ${cell(t)} |`),
        '',
      ]
    : [];
  return [
    `## ${FAMILLES[famille] ?? famille}`,
    '',
    '| code | gravité | offre | vérifie | échoue quand | comment corriger |',
    '|---|---|---|---|---|---|',
    ...lignes,
    '',
    ...parChamp,
  ].join('\n');
}

/** The whole of docs/regles.md for the REGLES table as it is. */
export function documentRegles(): string {
  const familles = [...new Set(REGLES.map((r) => r.famille))];
  return [
    INTRODUCTION +
      Object.entries(EFFETS)
        .map(([g, effet]) => `| \`${g}\` | ${cell(effet)} |`)
        .concat(`| \`bloquant\` (session) | ${cell(EFFET_SESSION)} |`)
        .join('\n'),
    ORGANISME_REFERENCE,
    ...familles.map((f) =>
      section(
        f,
        REGLES.filter((r) => r.famille === f),
      ),
    ),
    DECISIONS.trimStart(),
  ].join('\n');
}
