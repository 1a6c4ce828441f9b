import { LONGUEURS_MAX } from '../../../domain/formation.schema.ts';

// The formation form's only script (progressive enhancement: the form works without it): a live
// count of the intitulé's characters under the field. Served as /espace/compteur.js (CSP
// script-src 'self'); kept as a string so that the build and the sources serve the same file.
// Characters are counted as the server counts them (code points: « 🎓 » is one, as in
// domain/issue-zod.ts `longueur`); the field has no `maxlength`, which counts UTF-16 code units and
// stopped 300 emoji at 150. Past the bound it says by how much; the server refuses the text.

export const COMPTEUR_JS = `
const champ = document.getElementById('intitule');
const sortie = document.getElementById('intitule-compteur');
if (champ && sortie) {
  const max = ${LONGUEURS_MAX.intitule};
  const maj = () => {
    const n = [...champ.value].length;
    sortie.textContent = n + (n > 1 ? ' caractères' : ' caractère') + ' sur ' + max +
      (n > max ? ' : ' + (n - max) + ' de trop' : '');
  };
  champ.addEventListener('input', maj);
  maj();
}
`;
