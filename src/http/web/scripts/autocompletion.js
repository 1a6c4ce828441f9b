// The space's autocompletes, a progressive enhancement over alphagov's accessible-autocomplete
// (served at /vendor/accessible-autocomplete/, loaded just before this file). Without JavaScript
// the forms work as they are: "Chercher la certification" then a radio button; postal code or
// commune typed, the server finds the commune (or asks which one).
//
// - Certification (formation form): typing a code or words lists the loaded certifications with
//   level, validity, apprenticeship access and successor (GET /espace/certifications.json);
//   choosing one sets `certification.choix`, which the next save keeps (typing again forgets it).
//   A complete code no loaded reference holds gets the page's own explanation under the field
//   (the answer's `absent.message`), also said by the list's live status; what is typed is posted
//   as `certification.recherche`, as without JavaScript: a save keeps a complete code as typed
//   and refuses words never chosen (saisie.ts readFiche).
// - Commune (session form): typing a postal code or a name lists the communes with their INSEE
//   code (GET /espace/communes.json); choosing one fills the commune and postal code and sets
//   `lieu.choix` (INSEE code and postal code), from which the server takes the coordinates.
(() => {
  const autocomplete = window.accessibleAutocomplete;
  if (typeof autocomplete !== 'function') return;

  const feuille = document.createElement('link');
  feuille.rel = 'stylesheet';
  feuille.href = '/vendor/accessible-autocomplete/accessible-autocomplete.min.css';
  document.head.appendChild(feuille);

  const echapper = (s) =>
    String(s ?? '').replace(
      /[&<>"']/g,
      (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c],
    );

  // Coordinates as French readers write them (« 48,8626 »), as the server's writer does (domain/nombres.ts).
  const COORDONNEE = new Intl.NumberFormat('fr-FR', { minimumFractionDigits: 4, maximumFractionDigits: 4 });

  const FRANCAIS = {
    minLength: 2,
    showNoOptionsFound: true,
    displayMenu: 'overlay',
    confirmOnBlur: false,
    inputClasses: 'fr-input',
    tNoResults: () => 'Aucun résultat',
    tStatusQueryTooShort: (n) => `Tapez au moins ${n} caractères pour voir des propositions`,
    tStatusNoResults: () => 'Aucun résultat',
    tStatusSelectedOption: (option, n, i) => `${option} ${i + 1} sur ${n} est sélectionnée`,
    tStatusResults: (n, choisie) =>
      `${n} ${n > 1 ? 'propositions disponibles' : 'proposition disponible'}. ${choisie}`,
    tAssistiveHint: () =>
      'Quand des propositions apparaissent, parcourez-les avec les flèches haut et bas, choisissez avec Entrée.',
  };

  /**
   * A source that asks `url` for `?q=` and hands `recevoir` the JSON answer (null when the request
   * failed); the last answer wins.
   */
  const source = (url) => {
    let attente;
    let numero = 0;
    return (q, recevoir) => {
      clearTimeout(attente);
      const n = ++numero;
      attente = setTimeout(async () => {
        try {
          const r = await fetch(`${url}?${new URLSearchParams({ q })}`, {
            headers: { accept: 'application/json' },
          });
          const json = r.ok ? await r.json() : null;
          if (n === numero) recevoir(json);
        } catch {
          if (n === numero) recevoir(null);
        }
      }, 150);
    };
  };

  /** Replaces the text field `champ` with an autocomplete of the same id, name, value and label. */
  const remplacer = (champ, options) => {
    const conteneur = document.createElement('div');
    conteneur.className = 'offre-autocomplete';
    champ.replaceWith(conteneur);
    autocomplete({
      ...FRANCAIS,
      ...options,
      element: conteneur,
      id: champ.id,
      name: options.name ?? champ.name,
      defaultValue: champ.value,
    });
    const nouveau = document.getElementById(champ.id);
    if (nouveau)
      for (const id of (champ.getAttribute('aria-describedby') ?? '').split(/\s+/)) decrire(nouveau, id);
    return nouveau;
  };

  /**
   * Adds `id` to what describes `champ` (aria-describedby), and keeps it there: the autocomplete
   * rewrites the attribute as it renders (its own hint while the field is empty, nothing after).
   */
  const decrire = (champ, id) => {
    if (!id) return;
    const ajouter = () => {
      const ids = (champ.getAttribute('aria-describedby') ?? '').split(/\s+/).filter(Boolean);
      if (!ids.includes(id)) champ.setAttribute('aria-describedby', [...ids, id].join(' '));
    };
    ajouter();
    new MutationObserver(ajouter).observe(champ, { attributes: true, attributeFilter: ['aria-describedby'] });
  };

  /** The hidden field `name` of `form` (created when absent; other fields of that name removed). */
  const cache = (form, name) => {
    let h = form.querySelector(`input[type="hidden"][name="${name}"]`);
    for (const autre of form.querySelectorAll(`[name="${name}"]`)) {
      if (autre === h) continue;
      if (autre.type === 'radio') autre.checked = false;
      else autre.closest('.fr-select-group, .fr-input-group')?.remove();
    }
    if (!h) {
      h = document.createElement('input');
      h.type = 'hidden';
      h.name = name;
      form.appendChild(h);
    }
    return h;
  };

  // ---- the certification picker ----
  const certification = document.getElementById('certification.recherche');
  if (certification?.form) {
    const form = certification.form;
    // The choice is what the form posts; the no-script "Chercher" button goes (Enter in any field
    // then saves the draft).
    form.querySelector('button[name="action"][value="chercher"]')?.remove();
    const retenue = document.querySelector('#certification-actuelle strong');
    const retenueAvant = retenue?.textContent ?? '';
    const texte = (c) => (c && typeof c === 'object' ? `${c.codes} – ${c.intitule}` : (c ?? ''));
    // Proposals of a typo correction (« cuisne » → « cuisine ») say so, as the page without
    // JavaScript does: « Aucune certification pour … Propositions pour … ».
    const note = document.createElement('p');
    note.className = 'fr-hint-text fr-mt-1w';
    note.id = 'certification-correction';
    note.setAttribute('aria-live', 'polite');
    // A complete code no loaded reference holds: the page's explanation (which reference, who
    // updates it, what to do meanwhile), kept under the field while the code is there and tied to
    // it (aria-describedby); the list's live status reads it once when the answer comes.
    const explication = document.createElement('p');
    explication.className = 'fr-message fr-message--info fr-mt-1w';
    explication.id = 'certification-absente';
    explication.hidden = true;
    let absent = null;
    const expliquer = (message) => {
      absent = message || null;
      explication.textContent = absent ?? '';
      explication.hidden = !absent;
    };
    let choisie = null;
    const chercher = source('/espace/certifications.json');
    const champ = remplacer(certification, {
      tNoResults: () =>
        absent
          ? 'Aucune certification chargée ne porte ce code : l’explication est sous le champ.'
          : 'Aucun résultat',
      tStatusNoResults: () => absent ?? 'Aucun résultat',
      source: (q, afficher) =>
        chercher(q, (json) => {
          const correction = json?.correction;
          note.textContent = correction
            ? `Aucune certification pour « ${q} ». Propositions pour « ${correction} ».`
            : '';
          expliquer(json?.absent?.message);
          afficher(Array.isArray(json?.propositions) ? json.propositions : []);
        }),
      templates: {
        inputValue: texte,
        suggestion: (c) =>
          c && typeof c === 'object'
            ? `${c.badge ? `<strong>${echapper(c.badge)}</strong> · ` : ''}${echapper(texte(c))}<br><span class="fr-hint-text">${echapper(c.details)}</span>`
            : echapper(c),
      },
      onConfirm: (c) => {
        if (!c || typeof c !== 'object') return;
        choisie = c;
        cache(form, 'certification.choix').value = c.valeur;
        if (retenue) retenue.textContent = `${texte(c)} (enregistrez le brouillon pour la retenir)`;
      },
    });
    const groupe = champ?.closest('.fr-input-group');
    groupe?.appendChild(note);
    groupe?.appendChild(explication);
    if (champ) decrire(champ, explication.id);
    // Typing again after a choice forgets it: the save then takes what is typed, never a choice
    // the field no longer shows. Too short to search: no explanation left from a longer code.
    champ?.addEventListener('input', () => {
      if (choisie && champ.value !== texte(choisie)) {
        choisie = null;
        const h = form.querySelector('input[type="hidden"][name="certification.choix"]');
        if (h) h.value = '';
        if (retenue) retenue.textContent = retenueAvant;
      }
      if (champ.value.trim().length < 2) {
        note.textContent = '';
        expliquer(null);
      }
    });
  }

  // ---- the commune of a session's place ----
  const commune = document.getElementById('lieu.commune');
  const codePostal = document.getElementById('lieu.code_postal');
  if (commune?.form && codePostal) {
    const form = commune.form;
    const info = document.createElement('p');
    info.className = 'fr-hint-text fr-mt-1w';
    info.id = 'lieu-trouve';
    info.setAttribute('aria-live', 'polite');
    const oublier = () => {
      const h = form.querySelector('input[type="hidden"][name="lieu.choix"]');
      if (h) h.value = '';
      info.textContent = '';
    };
    const communes = source('/espace/communes.json');
    const champ = remplacer(commune, {
      source: (q, afficher) => communes(q, (json) => afficher(Array.isArray(json) ? json : [])),
      templates: {
        inputValue: (c) => (c && typeof c === 'object' ? c.nom : (c ?? '')),
        suggestion: (c) =>
          c && typeof c === 'object'
            ? `${echapper(c.nom)} (${echapper(c.code_postal)}) <span class="fr-hint-text">INSEE ${echapper(c.code_insee)}</span>`
            : echapper(c),
      },
      onConfirm: (c) => {
        if (!c || typeof c !== 'object') return;
        codePostal.value = c.code_postal;
        cache(form, 'lieu.choix').value = `${c.code_insee}-${c.code_postal}`;
        const coordonnees =
          c.lat != null && c.lon != null
            ? `, coordonnées ${COORDONNEE.format(Number(c.lat))} ; ${COORDONNEE.format(Number(c.lon))}`
            : '';
        info.textContent = `Commune retenue : ${c.nom} (${c.code_postal}), code INSEE ${c.code_insee}${coordonnees}.`;
      },
    });
    champ?.closest('.fr-input-group')?.appendChild(info);
    champ?.addEventListener('input', oublier);
    codePostal.addEventListener('input', oublier);
  }
})();
