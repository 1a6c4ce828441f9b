// "Où ?" autocomplete, a progressive enhancement: without this script the field is a plain text
// field the server resolves. With it, typing fills the field's <datalist> from GET /api/v1/communes.
(() => {
  const champ = document.querySelector('input[data-communes]');
  const liste = champ && document.getElementById(champ.getAttribute('list'));
  if (!champ || !liste) return;
  let attente;
  let derniere = '';
  champ.addEventListener('input', () => {
    clearTimeout(attente);
    const q = champ.value.trim();
    if (q.length < 2 || q === derniere || /\(\d{5}\)$/.test(q)) return;
    attente = setTimeout(async () => {
      derniere = q;
      try {
        const r = await fetch(`/api/v1/communes?${new URLSearchParams({ q })}`);
        if (!r.ok) return;
        const communes = await r.json();
        liste.replaceChildren(
          ...communes.map((c) => {
            const o = document.createElement('option');
            // A city whole (Paris) has no postal code of its own: its name alone (domain/communes-suggerees.ts libelleCommune).
            o.value = c.code_postal ? `${c.nom} (${c.code_postal})` : c.nom;
            return o;
          }),
        );
      } catch {
        // No suggestions: the field still works as typed.
      }
    }, 200);
  });
})();
