// The formation form's only script (progressive enhancement: the form works without it): a live
// count of the intitulé's characters under the field. Served as /espace/compteur.js (CSP
// script-src 'self'); kept as a string so that the build and the sources serve the same file.

export const COMPTEUR_JS = `
const champ = document.getElementById('intitule');
const sortie = document.getElementById('intitule-compteur');
if (champ && sortie) {
  const max = Number(champ.getAttribute('maxlength')) || 300;
  const maj = () => {
    const n = champ.value.length;
    sortie.textContent = n + (n > 1 ? ' caractères' : ' caractère') + ' sur ' + max;
  };
  champ.addEventListener('input', maj);
  maj();
}
`;
