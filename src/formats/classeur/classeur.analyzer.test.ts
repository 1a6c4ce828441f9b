import { describe, expect, it } from 'vitest';
import { DUREE_ANNEES, type FormationInput, ModalitesSchema } from '../../domain/formation.schema.ts';
import { analyzeClasseur, type ContexteAnalyse, type FormationVue } from './classeur.analyzer.ts';
import { type CleColonne, colonnesClasseur } from './classeur.columns.ts';
import type { LigneLue } from './classeur.reader.ts';
import { lignesDe } from './classeur.rows.ts';
import { empreintesLigne, type VersionsClasseur } from './classeur.versions.ts';

// What a row means, from its colours and its values compared with the offer (pure).

const FENETRE = { debut: '2027-08-01', fin: '2028-07-31' };
const input = (over: Partial<FormationInput> = {}): FormationInput => ({
  intitule: 'BTS MCO',
  objectif: 'Manager',
  certification: { rncp: 'RNCP38368' },
  responsable: { siret: '13002526500013', uai: '0693446W' },
  formateur: { siret: '13002526500013' },
  contacts: [],
  modalites: { annees_apprentissage: [1, 2], duree_annees: 2, contrat_apprentissage: true },
  financeurs: [],
  sessions: [
    {
      id: 'se_1',
      debut: '2026-09-01',
      fin: '2028-06-30',
      etat_recrutement: 'ouvert',
      capacite: 24,
      lieu: { adresse: '1 rue', code_postal: '69001', commune: 'Lyon' },
      reunions_information: [],
      bilans: [],
    },
    {
      id: 'se_2',
      debut: '2026-09-01',
      fin: '2028-06-30',
      etat_recrutement: 'ouvert',
      capacite: 12,
      lieu: { adresse: '2 rue', code_postal: '69002', commune: 'Lyon' },
      reunions_information: [],
      bilans: [],
    },
  ],
  ...over,
});
const vue = (over: Partial<FormationVue> = {}): FormationVue => ({
  id: 'fo_1',
  statut: 'brouillon',
  siren: '130025265',
  input: input(),
  diffusees: new Set(),
  enRevision: false,
  ...over,
});
const ctx = (v: FormationVue = vue()): ContexteAnalyse => ({
  annee: 2027,
  fenetre: FENETRE,
  formations: new Map([[v.id, v]]),
  parCle: new Map(),
  canWrite: (s) => s === '130025265',
});

/** The exported rows of `v`, as read back, with `changes` applied to row `i`. */
function ligne(
  v: FormationVue,
  i: number,
  changes: Partial<Record<CleColonne, string | null>>,
  extra: Partial<LigneLue> = {},
): LigneLue {
  const valeurs = {
    ...lignesDe(v.id, v.input, FENETRE)[i]!,
    debut: '2027-09-01',
    fin: '2029-06-30',
    ...changes,
  } as LigneLue['valeurs'];
  return {
    ligne: i + 2,
    valeurs,
    jaune: null,
    bleue: false,
    rouges: [],
    erreurs: [],
    avertissements: [],
    ...extra,
  };
}
const codes = (l: { avertissements: readonly { code: string }[] }) => l.avertissements.map((a) => a.code);

describe('row analysis', () => {
  it('reports an uncoloured change (applied) and a red cell that changes nothing', () => {
    const v = vue();
    const { lignes } = analyzeClasseur([ligne(v, 0, { capacite: '30' }, { rouges: ['intitule'] })], ctx(v));
    expect(lignes[0]).toMatchObject({
      verdict: 'modifiee',
      champs: ['Capacité', 'Date de début 2027', 'Date de fin 2027'],
    });
    expect(codes(lignes[0]!)).toEqual([
      'CLASSEUR_ROUGE_SANS_CHANGEMENT',
      'CLASSEUR_MODIFICATION_NON_SIGNALEE',
    ]);
  });

  it('warns of a date changed without red like any other column; dates typed into empty cells (the session created) do not', () => {
    // The place's session of the campaign exists, dated: re-dating it is a change of a value.
    const datee = vue({
      input: input({
        sessions: [{ ...input().sessions[0]!, id: 'se_27', debut: '2027-09-01', fin: '2029-06-30' }],
      }),
    });
    const redatee = analyzeClasseur([ligne(datee, 0, { debut: '2027-09-15' })], ctx(datee)).lignes[0]!;
    expect(redatee).toMatchObject({ verdict: 'modifiee', champs: ['Date de début 2027'] });
    expect(redatee.avertissements).toEqual([
      {
        colonne: 'Date de début 2027',
        code: 'CLASSEUR_MODIFICATION_NON_SIGNALEE',
        message:
          'Ligne 2, colonne « Date de début 2027 » : valeur modifiée sans être écrite en rouge : la modification a été appliquée.',
      },
    ]);
    // Written in red, as the convention asks: nothing to say.
    const enRouge = analyzeClasseur(
      [ligne(datee, 0, { debut: '2027-09-15', fin: '2029-07-15' }, { rouges: ['debut', 'fin'] })],
      ctx(datee),
    ).lignes[0]!;
    expect(enRouge.champs).toEqual(['Date de début 2027', 'Date de fin 2027']);
    expect(codes(enRouge)).toEqual([]);
    // The dates of a place without a session of the campaign, typed in as the sheet « Conventions »
    // asks (they create the session): no value was changed, no warning.
    const v = vue();
    const creee = analyzeClasseur([ligne(v, 0, {})], ctx(v)).lignes[0]!;
    expect(creee.champs).toEqual(['Date de début 2027', 'Date de fin 2027']);
    expect(codes(creee)).toEqual([]);
  });

  it('says nothing of being applied on a row in error (its uncoloured change is not applied)', () => {
    const v = vue();
    const { lignes } = analyzeClasseur([ligne(v, 0, { capacite: '30', fin: '31/02/2029' })], ctx(v));
    expect(lignes[0]).toMatchObject({ verdict: 'erreur' });
    expect(lignes[0]!.erreurs.length).toBeGreaterThan(0);
    expect(codes(lignes[0]!)).not.toContain('CLASSEUR_MODIFICATION_NON_SIGNALEE');
  });

  it('names the campaign window with its days in full when a session starts outside it', () => {
    const v = vue();
    const { lignes } = analyzeClasseur([ligne(v, 0, { debut: '2028-09-01', fin: '2030-06-30' })], ctx(v));
    const hors = lignes[0]!.avertissements.find((a) => a.code === 'CLASSEUR_HORS_CAMPAGNE');
    expect(hors?.message).toContain(
      'la session ne commence pas pendant la campagne 2027 (du 1er août 2027 au 31 juillet 2028).',
    );
  });

  it('refuses two rows of one formation that change a shared value differently', () => {
    const v = vue();
    const { lignes, cibles } = analyzeClasseur(
      [
        ligne(v, 0, { intitule: 'A' }, { rouges: ['intitule'] }),
        ligne(v, 1, { intitule: 'B' }, { rouges: ['intitule'] }),
      ],
      ctx(v),
    );
    expect(lignes.map((l) => l.verdict)).toEqual(['modifiee', 'erreur']);
    expect(lignes[1]!.erreurs[0]).toMatchObject({
      colonne: 'Intitulé',
      code: 'CLASSEUR_CONFLIT_LIGNES',
      message:
        'Ligne 3, colonne « Intitulé » : valeur différente de celle de la ligne 2 pour la même formation.',
    });
    expect(cibles.get('fo_1')!.lignes.map((l) => l.ligne)).toEqual([2]);
  });

  it('lets a change on one row win over the unchanged copy on another row', () => {
    const v = vue();
    const { lignes } = analyzeClasseur(
      [ligne(v, 0, {}), ligne(v, 1, { intitule: 'BTS MCO (nouveau)' }, { rouges: ['intitule'] })],
      ctx(v),
    );
    expect(lignes.map((l) => l.verdict)).toEqual(['modifiee', 'modifiee']);
  });

  it('never re-dates a diffused campaign session', () => {
    const campagne = {
      id: 'se_3',
      debut: '2027-09-01',
      fin: '2029-06-30',
      etat_recrutement: 'ouvert' as const,
      lieu: { adresse: '1 rue', code_postal: '69001', commune: 'Lyon' },
      reunions_information: [],
      bilans: [],
    };
    const v = vue({ input: input({ sessions: [campagne] }), diffusees: new Set(['se_3']) });
    const { lignes } = analyzeClasseur([ligne(v, 0, { debut: '2027-09-15' })], ctx(v));
    expect(lignes[0]!.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_SESSION_DIFFUSEE']);
    expect(analyzeClasseur([ligne(v, 0, {})], ctx(v)).lignes[0]!.verdict).toBe('inchangee');
    // The refusal names the date cell that changed (a fresh user's report, 05/12: only the end
    // date changed, the start date blamed), both when both changed.
    const colonnes = (change: Record<string, string>) =>
      analyzeClasseur([ligne(v, 0, change)], ctx(v)).lignes[0]!.erreurs.map((e) => [e.colonne, e.code]);
    expect(colonnes({ debut: '2027-09-15' })).toEqual([['Date de début 2027', 'CLASSEUR_SESSION_DIFFUSEE']]);
    expect(colonnes({ fin: '2029-06-15' })).toEqual([['Date de fin 2027', 'CLASSEUR_SESSION_DIFFUSEE']]);
    // Both changed: one problem, said once, naming both cells (a fresh user's report, 06/12: the
    // same line under each date, with « précède » a third line for one mistake).
    const deux = analyzeClasseur([ligne(v, 0, { debut: '2029-07-01', fin: '2027-09-15' })], ctx(v)).lignes[0]!
      .erreurs;
    expect(deux.map((e) => [e.colonne, e.code])).toEqual([
      ['Date de fin 2027', 'CLASSEUR_DATES_INCOHERENTES'],
      ['Date de début 2027', 'CLASSEUR_SESSION_DIFFUSEE'],
    ]);
    expect(deux[1]!.message).toMatch(
      /^Ligne \d+, colonnes « Date de début 2027 » et « Date de fin 2027 » : la session 2027 de ce lieu \(du 1er septembre 2027 au 30 juin 2029\) est déjà diffusée/,
    );
    expect(colonnes({ debut: '2027-09-15', fin: '2029-06-15' })).toEqual([
      ['Date de début 2027', 'CLASSEUR_SESSION_DIFFUSEE'],
    ]);
  });

  it('closes on yellow, ignores dates there, and refuses yellow without reference', () => {
    const v = vue();
    const { lignes } = analyzeClasseur(
      [ligne(v, 0, {}, { jaune: 'ligne' }), ligne(v, 1, { reference: null }, { jaune: 'ligne' })],
      ctx(v),
    );
    expect(lignes[0]).toMatchObject({ verdict: 'fermee', champs: [] });
    expect(codes(lignes[0]!)).toEqual(['CLASSEUR_DATES_IGNOREES']);
    expect(lignes[1]!.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_FERMEE_SANS_REFERENCE']);
  });

  it('reads a reference of another organisation as unknown, and a new row outside its SIREN as refused', () => {
    const autre = vue({ siren: '552100554' });
    const inconnue = analyzeClasseur([ligne(autre, 0, {})], ctx(autre)).lignes[0]!;
    expect(inconnue.erreurs.map((e) => e.code)).toEqual(['CLASSEUR_REFERENCE_INCONNUE']);
    expect(inconnue.erreurs[0]!.message).toContain('aucune formation « fo_1 » dans l’offre de cet organisme');
    const nouvelle = ligne(
      vue(),
      0,
      {
        reference: null,
        siretResponsable: '55210055400013',
        contactNom: 'X',
        contactCourriel: 'x@y.fr',
        contratPro: 'oui',
        formationContinue: 'non',
      },
      { bleue: true },
    );
    expect(analyzeClasseur([nouvelle], ctx()).lignes[0]!.erreurs.map((e) => e.code)).toEqual([
      'CLASSEUR_ACCES',
    ]);
  });
});

describe('rows left as exported', () => {
  // An untouched row is decided without the whole analysis (analyzeClasseur's `inchangee`): it
  // must still say what the whole analysis says of the stored values it carries.
  const campagne = (over: Partial<FormationInput['sessions'][number]> = {}) => ({
    id: 'se_3',
    debut: '2027-09-01',
    fin: '2029-06-30',
    etat_recrutement: 'ouvert' as const,
    capacite: 20,
    lieu: { adresse: '1 rue', code_postal: '69001', commune: 'Lyon' },
    reunions_information: [],
    bilans: [],
    ...over,
  });
  const avecCampagne = (over: Partial<FormationInput> = {}, s = campagne()) =>
    vue({ input: input({ sessions: [s], ...over }) });
  const telle = (v: FormationVue, extra: Partial<LigneLue> = {}) => {
    const l = lignesDe(v.id, v.input, FENETRE)[0]!;
    return ligne(v, 0, { debut: l.debut ?? null, fin: l.fin ?? null }, extra);
  };
  const seule = (v: FormationVue, extra: Partial<LigneLue> = {}, c: ContexteAnalyse = ctx(v)) =>
    analyzeClasseur([telle(v, extra)], c).lignes[0]!;
  const erreurs = (l: { erreurs: readonly { code: string }[] }) => l.erreurs.map((e) => e.code);

  it('is « inchangée » with nothing to say, and keeps what the reader noted', () => {
    const v = avecCampagne();
    expect(seule(v)).toEqual({
      ligne: 2,
      reference: `${v.id}/se_3`,
      intitule: 'BTS MCO',
      verdict: 'inchangee',
      a_valider: false,
      champs: [],
      erreurs: [],
      avertissements: [],
    });
    const note = { colonne: 'Capacité', code: 'CLASSEUR_NOMBRE_ARRONDI', message: 'Ligne 2 : arrondi.' };
    expect(seule(v, { avertissements: [note] }).avertissements).toEqual([note]);
  });

  it('still reports a stored value the workbook refuses or reads as unknown', () => {
    const telephone = avecCampagne({
      contacts: [{ type: 'accueil', nom: 'Accueil', telephone: 'standard' }],
    });
    expect(erreurs(seule(telephone))).toEqual(['CLASSEUR_TELEPHONE_INVALIDE']);
    const inconnu = avecCampagne({ contacts: [{ type: 'accueil', nom: 'Non renseigné' }] });
    expect(seule(inconnu)).toMatchObject({ verdict: 'inchangee' });
    expect(codes(seule(inconnu))).toEqual(['CLASSEUR_VALEUR_INCONNUE']);
  });

  it('still refuses it when the formation may not take it', () => {
    expect(erreurs(seule(vue({ ...avecCampagne(), statut: 'supprimee' })))).toEqual(['FORMATION_SUPPRIMEE']);
    expect(erreurs(seule(vue({ ...avecCampagne(), siren: '552100554' })))).toEqual([
      'CLASSEUR_REFERENCE_INCONNUE',
    ]);
    const v = avecCampagne({}, campagne({ fin: '2027-06-30' }));
    expect(erreurs(seule(v))).toEqual(['CLASSEUR_DATES_INCOHERENTES']);
  });

  it('of an archived formation: « inchangée » as the API and LHEO say it; a change is one error', () => {
    const archivee = vue({ ...avecCampagne(), statut: 'archivee', diffusees: new Set(['se_3']) });
    expect(seule(archivee)).toMatchObject({ verdict: 'inchangee', erreurs: [], avertissements: [] });
    // Re-dated (a diffused session) and given more places: FORMATION_ARCHIVEE alone, naming it.
    const l = analyzeClasseur(
      [ligne(archivee, 0, { debut: '2027-09-15', fin: '2029-06-30', capacite: '30' })],
      ctx(archivee),
    ).lignes[0]!;
    expect(erreurs(l)).toEqual(['FORMATION_ARCHIVEE']);
    expect(l.erreurs[0]!.message).toContain('La formation fo_1 « BTS MCO » est archivée');
    expect(l.erreurs[0]!.message).toContain('« Capacité », « Date de début 2027 »');
  });

  it('names an unknown session of a known formation, row and column', () => {
    const v = avecCampagne();
    const l = ligne(v, 0, { reference: `${v.id}/se_inconnue`, debut: '2027-09-01', fin: '2029-06-30' });
    const r = analyzeClasseur([l], ctx(v)).lignes[0]!;
    expect(erreurs(r)).toEqual(['CLASSEUR_REFERENCE_INCONNUE']);
    expect(r.erreurs[0]!.message).toMatch(
      /^Ligne 2, colonne « Référence formation » : la session du 1er septembre 2027 au 30 juin 2029 de la formation « BTS MCO ».* n’existe plus dans Offre/,
    );
  });

  it('goes through the whole analysis when coloured', () => {
    const v = avecCampagne();
    expect(seule(v, { bleue: true })).toMatchObject({ verdict: 'inchangee' });
    expect(codes(seule(v, { bleue: true }))).toEqual(['CLASSEUR_BLEU_AVEC_REFERENCE']);
    expect(codes(seule(v, { rouges: ['intitule'] }))).toEqual(['CLASSEUR_ROUGE_SANS_CHANGEMENT']);
    expect(seule(v, { jaune: 'ligne' }).verdict).toBe('fermee');
    expect(codes(seule(v, { jaune: 'partiel' }))).toEqual(['CLASSEUR_JAUNE_PARTIEL']);
  });
});

describe('stale workbook (versions)', () => {
  const colonnes = colonnesClasseur(2027);
  /** The versions of the export of `exporte` (its first row), as the hidden sheet gives them back. */
  const versionsDe = (exporte: FormationVue): VersionsClasseur => {
    const l = lignesDe(exporte.id, exporte.input, FENETRE)[0]!;
    const e = empreintesLigne(colonnes, l);
    const cles = colonnes.filter((c) => c.cle !== 'reference').map((c) => c.cle as CleColonne);
    return {
      genereLe: '2026-11-24T10:00:00.000Z',
      parReference: { [l.reference!]: Object.fromEntries(cles.map((c, i) => [c, e[i]!])) },
    };
  };
  const ancienne = vue();
  const actuelle = vue({ input: input({ intitule: 'BTS MCO (LHEO)' }) });
  const avec = (versions: VersionsClasseur | null): ContexteAnalyse => ({ ...ctx(actuelle), versions });

  it('keeps the value Offre changed since when the cell is untouched', () => {
    const { lignes, cibles } = analyzeClasseur([ligne(ancienne, 0, {})], avec(versionsDe(ancienne)));
    expect(codes(lignes[0]!)).toEqual(['CLASSEUR_VERSION_ANCIENNE']);
    expect(lignes[0]!.champs).toEqual(['Date de début 2027', 'Date de fin 2027']);
    expect([...cibles.values()].flatMap((c) => c.lignes.flatMap((l) => l.changements))).toEqual([]);
  });

  it('applies a red change over it, keeps Offre over an uncoloured one', () => {
    const rouge = ligne(ancienne, 0, { intitule: 'BTS MCO alternance' }, { rouges: ['intitule'] });
    const r = analyzeClasseur([rouge], avec(versionsDe(ancienne))).lignes[0]!;
    expect(r.champs).toContain('Intitulé');
    expect(codes(r)).toContain('CLASSEUR_CONFLIT_ROUGE');
    const noir = analyzeClasseur(
      [ligne(ancienne, 0, { intitule: 'BTS MCO alternance' })],
      avec(versionsDe(ancienne)),
    ).lignes[0]!;
    expect(noir.champs).not.toContain('Intitulé');
    expect(codes(noir)).toContain('CLASSEUR_CONFLIT_VERSION');
  });

  it('quotes the dates it keeps in French, never « 2027-09-15 »', () => {
    const session = { ...input().sessions[0]!, id: 'se_27', debut: '2027-09-01', fin: '2029-06-30' };
    const exportee = vue({ input: input({ sessions: [session] }) });
    const redatee = vue({ input: input({ sessions: [{ ...session, debut: '2027-09-15' }] }) });
    const r = analyzeClasseur([ligne(exportee, 0, {})], {
      ...ctx(redatee),
      versions: versionsDe(exportee),
    }).lignes[0]!;
    expect(r.avertissements.map((a) => a.message)).toEqual([
      'Ligne 2, colonne « Date de début 2027 » : inchangé dans le classeur, modifié dans Offre depuis le 24 novembre 2026 : la valeur d’Offre est gardée (« 15 septembre 2027 » ; le classeur porte encore « 1er septembre 2027 »).',
    ]);
  });

  it('applies the changes of a workbook without versions, with a warning', () => {
    const r = analyzeClasseur([ligne(ancienne, 0, {})], avec(null)).lignes[0]!;
    expect(r.champs).toContain('Intitulé');
    expect(codes(r)).toContain('CLASSEUR_SANS_VERSION');
  });
});

describe('a row adding a session (session_ajoutee)', () => {
  it('names the session a row adds at a place without a session of the campaign; not on a row changing one', () => {
    const v = vue();
    const r = analyzeClasseur([ligne(v, 0, {})], ctx(v)).lignes[0]!;
    expect(r).toMatchObject({ verdict: 'modifiee' });
    expect(r.session_ajoutee).toEqual({
      nouveau_lieu: false,
      adresse: '1 rue',
      code_postal: '69001',
      commune: 'Lyon',
      debut: '2027-09-01',
      fin: '2029-06-30',
    });
    const campagne = vue({
      input: input({ sessions: [{ ...input().sessions[0]!, debut: '2027-09-01', fin: '2029-06-30' }] }),
    });
    const changee = analyzeClasseur([ligne(campagne, 0, { capacite: '30' })], ctx(campagne)).lignes[0]!;
    expect(changee).toMatchObject({ verdict: 'modifiee', champs: ['Capacité'] });
    expect(changee.session_ajoutee).toBeUndefined();
  });
});

describe('what a preview promises (issue: « appliquée » next to « attendra la validation »)', () => {
  const publiee = vue({ statut: 'publiee', enRevision: true });
  const change = () => ligne(publiee, 0, { capacite: '30' });
  const messages = (l: { avertissements: readonly { message: string }[] }) =>
    l.avertissements.map((a) => a.message).join('\n');

  it('a published formation’s change: the preview says it will be submitted to validation, never applied', () => {
    const l = analyzeClasseur([change()], { ...ctx(publiee), apercu: true }).lignes[0]!;
    expect(l).toMatchObject({ verdict: 'modifiee', a_valider: true, intitule: 'BTS MCO' });
    expect(codes(l)).toEqual(['CLASSEUR_MODIFICATION_NON_SIGNALEE', 'CLASSEUR_EN_REVISION']);
    expect(messages(l)).toContain('la modification sera soumise à la validation d’un gestionnaire');
    expect(messages(l)).not.toMatch(/appliquée|attendra/);
    // Once applied, the report says where the change is: waiting.
    const fait = analyzeClasseur([change()], ctx(publiee)).lignes[0]!;
    expect(messages(fait)).toContain('la modification attend la validation d’un gestionnaire');
    expect(messages(fait)).not.toMatch(/appliquée/);
  });

  it('a draft’s change: « sera appliquée » in a preview, « a été appliquée » after; nothing to validate', () => {
    const v = vue();
    const l = analyzeClasseur([ligne(v, 0, { capacite: '30' })], { ...ctx(v), apercu: true }).lignes[0]!;
    expect(l).toMatchObject({ verdict: 'modifiee', a_valider: false });
    expect(messages(l)).toContain('la modification sera appliquée.');
    const fait = analyzeClasseur([ligne(v, 0, { capacite: '30' })], ctx(v)).lignes[0]!;
    expect(messages(fait)).toContain('la modification a été appliquée.');
  });

  it('names the formation of every row (« inchangée » ones: see the fast path below)', () => {
    const v = vue();
    const { lignes } = analyzeClasseur(
      [ligne(v, 0, {}), ligne(v, 1, { intitule: 'BTS MCO bis' }, { rouges: ['intitule'] })],
      ctx(v),
    );
    expect(lignes.map((l) => [l.verdict, l.intitule])).toEqual([
      ['modifiee', 'BTS MCO'],
      ['modifiee', 'BTS MCO bis'],
    ]);
  });
});

describe('odd cells of a versioned workbook (issue: « ((vide)) » for a cell holding -5)', () => {
  const colonnes = colonnesClasseur(2027);
  const exportee = vue();
  const l0 = lignesDe(exportee.id, exportee.input, FENETRE)[0]!;
  const e = empreintesLigne(colonnes, l0);
  const cles = colonnes.filter((c) => c.cle !== 'reference').map((c) => c.cle as CleColonne);
  const versions: VersionsClasseur = {
    genereLe: '2026-11-24T10:00:00.000Z',
    parReference: { [l0.reference!]: Object.fromEntries(cles.map((c, i) => [c, e[i]!])) },
  };
  // Since the export, Offre changed the capacity (24 → 30) and the title.
  const base = input();
  const actuelle = vue({
    input: {
      ...base,
      intitule: 'BTS MCO (LHEO)',
      sessions: base.sessions.map((s, i) => (i === 0 ? { ...s, capacite: 30 } : s)),
    },
  });
  const analyse = (changes: Partial<Record<CleColonne, string | null>>) =>
    analyzeClasseur([ligne(exportee, 0, changes)], { ...ctx(actuelle), versions, apercu: true }).lignes[0]!;

  for (const [cellule, tape] of [
    ['-5', '« -5 »'],
    ['2,5', '« 2,5 »'],
    ['vingt', '« vingt »'],
  ] as const)
    it(`capacity « ${cellule} »: one error quoting it as typed and saying what is expected, no version verdict`, () => {
      const l = analyse({ capacite: cellule });
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs).toEqual([
        {
          colonne: 'Capacité',
          code: 'CLASSEUR_NOMBRE_INVALIDE',
          message: `Ligne 2, colonne « Capacité » : ${tape} n’est pas un nombre entier positif : indiquez un nombre entier de 0 à 100\u202f000, sans décimale ni signe.`,
        },
      ]);
      expect(l.avertissements.map((a) => a.message).join('\n')).not.toContain('vide');
      expect(codes(l)).not.toContain('CLASSEUR_CONFLIT_VERSION');
    });

  it('cycle duration: the bounds of the store (DUREE_ANNEES, 0 to 10), refused in the cell, not later', () => {
    expect(DUREE_ANNEES).toEqual({ min: 0, max: 10 });
    expect(analyse({ duree: String(DUREE_ANNEES.max) }).verdict).not.toBe('erreur');
    for (const cellule of ['11', '40']) {
      const l = analyse({ duree: cellule });
      expect(l.verdict).toBe('erreur');
      expect(l.erreurs).toEqual([
        {
          colonne: 'Durée cycle (années)',
          code: 'CLASSEUR_NOMBRE_INVALIDE',
          message: `Ligne 2, colonne « Durée cycle (années) » : « ${cellule} » n’est pas un nombre entier positif : indiquez un nombre entier de 0 à 10, sans décimale ni signe.`,
        },
      ]);
    }
    // The schema the API and the form check: the same bounds.
    const modalites = (duree_annees: number) => ModalitesSchema.safeParse({ duree_annees }).success;
    expect([
      modalites(DUREE_ANNEES.min),
      modalites(DUREE_ANNEES.max),
      modalites(DUREE_ANNEES.max + 1),
    ]).toEqual([true, true, false]);
  });

  it('an emptied cell Offre changed since: the conflict says « aucune valeur », never « ((vide)) »', () => {
    const l = analyse({ intitule: null });
    const conflit = l.avertissements.find((a) => a.code === 'CLASSEUR_CONFLIT_VERSION')!;
    expect(conflit.message).toBe(
      'Ligne 2, colonne « Intitulé » : conflit : modifié dans Offre depuis le 24 novembre 2026 (« BTS MCO (LHEO) ») et dans le classeur sans être écrit en rouge (aucune valeur) : la valeur d’Offre est gardée. Pour imposer la valeur du classeur, écrivez-la en rouge.',
    );
  });
});

describe('a yellow row on a draft without any session', () => {
  // Nothing to close: the yellow row archives the draft itself (the formation's places are all
  // closed, there being none). The documented meaning of yellow is closing a place's sessions:
  // the row says exactly what it does instead, never « plus diffusée » of what never was.
  const brouillon = vue({ id: 'fo_b', input: input({ sessions: [] }) });
  const jaune = (apercu: boolean) =>
    analyzeClasseur([ligne(brouillon, 0, { debut: null, fin: null }, { jaune: 'ligne' })], {
      ...ctx(brouillon),
      apercu,
    }).lignes[0]!;

  it('the preview says the draft will be archived, and that it has no session to close', () => {
    const l = jaune(true);
    expect(l.verdict).toBe('fermee');
    expect(l.avertissements.filter((a) => a.code === 'CLASSEUR_FORMATION_ARCHIVEE')).toEqual([
      {
        colonne: '',
        code: 'CLASSEUR_FORMATION_ARCHIVEE',
        message:
          'Ligne 2 : le brouillon fo_b « BTS MCO » n’a aucune session à fermer : la ligne jaune archivera le brouillon lui-même (il n’a jamais été diffusé) ; pour le garder, enlevez le jaune de la ligne.',
      },
    ]);
  });

  it('the applied report, in the past tense', () => {
    expect(jaune(false).avertissements.find((a) => a.code === 'CLASSEUR_FORMATION_ARCHIVEE')?.message).toBe(
      'Ligne 2 : le brouillon fo_b « BTS MCO » n’avait aucune session à fermer : la ligne jaune a archivé le brouillon lui-même (il n’a jamais été diffusé).',
    );
  });
});
