import { describe, expect, it } from 'vitest';
import { indexVoisines } from './doublon.ts';
import {
  CERT_CFD,
  CERT_RNCP,
  CERT_SUR_DEMANDE,
  certification,
  contexte,
  faits,
  formation,
  habilitationsSurDemande,
  organisme,
  organismeDeclare,
  RIEN_CHARGE,
  RUNS,
  SIRET_FORM,
  SIRET_RESP,
  session,
  TOUS_CHARGES,
} from './regles.fixture.ts';
import { checkFormation, deriver, REGLES } from './regles.ts';
import type { ContexteControle, FormationAControler, Resultat } from './types.ts';

// For every rule: a case that passes, one that fails, one not applicable.

interface Cas {
  readonly code: string;
  readonly attendu: Resultat;
  readonly nom: string;
  readonly f?: FormationAControler;
  readonly ctx?: ContexteControle;
}

const surDemande = CERT_SUR_DEMANDE;
const titre = formation({ code_rncp: 'RNCP37000', code_cfd: null });
const habilite = habilitationsSurDemande(SIRET_FORM, 'partenaire', 'HABILITATION_FORMER');
const loin = session({ code_postal: '29200', commune: 'Brest', code_insee: '29019' });
const region = (o = {}) =>
  session({
    financeur: 'region',
    numero_marche: 'M1451401',
    contact: { type: 'autre', nom: 'M. Martin', telephone: '0473000000', courriel: null },
    date_notification_marche: '2026-02-25',
    ...o,
  });
const sansRef = contexte(faits({ charges: RIEN_CHARGE }));
const listeRegion = (debut = '2026-09-01', fin = '2028-06-30') =>
  contexte(
    faits({
      marches: new Map([
        [
          'region',
          {
            provenance: {
              run_id: 9,
              kind: 'marches',
              fichier: 'marches-region.csv',
              date: null,
              importe_le: '2026-03-01T08:00:00.000Z',
            },
            parNumero: new Map([
              [
                'M1451401',
                {
                  financeur: 'region',
                  numero: 'M1451401',
                  organisme: null,
                  intitule: 'Prépa avenir',
                  date_debut: debut,
                  date_fin: fin,
                  date_notification: '2026-02-25',
                },
              ],
            ]),
          },
        ],
      ]),
    }),
  );

const CAS: Cas[] = [
  { code: 'ORG_SIRET_FORMAT', attendu: 'passe', nom: 'SIRET Luhn valide' },
  {
    code: 'ORG_SIRET_FORMAT',
    attendu: 'echec',
    nom: 'SIRET faux',
    f: formation({ responsable: organisme('13002526500014') }),
  },
  {
    code: 'ORG_SIRET_FORMAT',
    attendu: 'non_applicable',
    nom: 'pas d’organisme',
    f: formation({ responsable: null, formateur: null }),
  },
  { code: 'ORG_SIRET_FERME', attendu: 'passe', nom: 'actif' },
  {
    code: 'ORG_SIRET_FERME',
    attendu: 'echec',
    nom: 'fermé',
    ctx: contexte(faits({ etats: { [SIRET_RESP]: 'F', [SIRET_FORM]: 'A' } })),
  },
  { code: 'ORG_SIRET_FERME', attendu: 'non_applicable', nom: 'Sirene non chargé', ctx: sansRef },
  { code: 'ORG_SIRET_INCONNU', attendu: 'passe', nom: 'connu' },
  {
    code: 'ORG_SIRET_INCONNU',
    attendu: 'echec',
    nom: 'absent de Sirene',
    ctx: contexte(faits({ etats: { [SIRET_FORM]: 'A' } })),
  },
  { code: 'ORG_SIRET_INCONNU', attendu: 'non_applicable', nom: 'Sirene non chargé', ctx: sansRef },
  { code: 'ORG_NDA', attendu: 'passe', nom: 'déclaré par SIRET' },
  {
    code: 'ORG_NDA',
    attendu: 'passe',
    nom: 'déclaré par SIREN',
    ctx: contexte(faits({ declares: [{ ...organismeDeclare(SIRET_RESP, true), siret: null }] })),
  },
  { code: 'ORG_NDA', attendu: 'echec', nom: 'non déclaré', ctx: contexte(faits({ declares: [] })) },
  { code: 'ORG_NDA', attendu: 'non_applicable', nom: 'liste non chargée', ctx: sansRef },
  { code: 'ORG_QUALIOPI_APPRENTISSAGE', attendu: 'passe', nom: 'certifié' },
  {
    code: 'ORG_QUALIOPI_APPRENTISSAGE',
    attendu: 'echec',
    nom: 'non certifié apprentissage',
    ctx: contexte(faits({ declares: [organismeDeclare(SIRET_RESP, false)] })),
  },
  { code: 'ORG_QUALIOPI_APPRENTISSAGE', attendu: 'non_applicable', nom: 'liste non chargée', ctx: sansRef },
  {
    code: 'ORG_HABILITATION',
    attendu: 'passe',
    nom: 'formateur habilité',
    f: titre,
    ctx: contexte(
      faits({
        certifications: [surDemande],
        habilitations: habilite,
        declares: [organismeDeclare(SIRET_FORM, true)],
      }),
    ),
  },
  {
    code: 'ORG_HABILITATION',
    attendu: 'echec',
    nom: 'personne d’habilité',
    f: titre,
    ctx: contexte(faits({ certifications: [surDemande] })),
  },
  { code: 'ORG_HABILITATION', attendu: 'non_applicable', nom: 'enregistrement de droit' },
  { code: 'ORG_UAI', attendu: 'passe', nom: 'UAI valide' },
  {
    code: 'ORG_UAI',
    attendu: 'echec',
    nom: 'lettre fausse',
    f: formation({ responsable: organisme(SIRET_RESP, { uai: '0350936A' }) }),
  },
  {
    code: 'ORG_UAI',
    attendu: 'echec',
    nom: 'sans UAI',
    f: formation({ responsable: organisme(SIRET_RESP, { uai: null }) }),
  },
  {
    code: 'ORG_UAI',
    attendu: 'non_applicable',
    nom: 'sans responsable',
    f: formation({ responsable: null }),
  },
  { code: 'ORG_REFERENT_HANDICAP', attendu: 'passe', nom: 'référent sur la formation' },
  {
    code: 'ORG_REFERENT_HANDICAP',
    attendu: 'passe',
    nom: 'référent sur l’organisme',
    f: formation({
      contacts: [],
      responsable: organisme(SIRET_RESP, {
        contacts: [{ type: 'referent_handicap', nom: 'X', telephone: null, courriel: 'x@y.fr' }],
      }),
    }),
  },
  { code: 'ORG_REFERENT_HANDICAP', attendu: 'echec', nom: 'aucun', f: formation({ contacts: [] }) },
  {
    code: 'ORG_REFERENT_HANDICAP',
    attendu: 'non_applicable',
    nom: 'sans responsable',
    f: formation({ responsable: null }),
  },
  { code: 'CERT_ABSENTE', attendu: 'passe', nom: 'codes présents' },
  {
    code: 'CERT_ABSENTE',
    attendu: 'echec',
    nom: 'aucun code',
    f: formation({ code_rncp: null, code_cfd: null }),
  },
  { code: 'CERT_INCONNUE', attendu: 'passe', nom: 'connue' },
  { code: 'CERT_INCONNUE', attendu: 'echec', nom: 'RNCP inconnu', f: formation({ code_rncp: 'RNCP99999' }) },
  { code: 'CERT_INCONNUE', attendu: 'non_applicable', nom: 'référentiels non chargés', ctx: sansRef },
  { code: 'CERT_APPRENTISSAGE', attendu: 'passe', nom: 'de droit' },
  {
    code: 'CERT_APPRENTISSAGE',
    attendu: 'echec',
    nom: 'sur demande sans voie apprentissage',
    f: titre,
    ctx: contexte(faits({ certifications: [{ ...surDemande, ouvert_apprentissage: false }] })),
  },
  { code: 'CERT_APPRENTISSAGE', attendu: 'non_applicable', nom: 'RNCP non chargé', ctx: sansRef },
  { code: 'CERT_EXPIREE', attendu: 'passe', nom: 'valide' },
  {
    code: 'CERT_EXPIREE',
    attendu: 'echec',
    nom: 'fin avant la session',
    ctx: contexte(
      faits({
        certifications: [{ ...CERT_RNCP, date_fin: '2026-08-31', successeurs: ['RNCP40000'] }, CERT_CFD],
      }),
    ),
  },
  {
    code: 'CERT_EXPIREE',
    attendu: 'non_applicable',
    nom: 'pas de session de campagne',
    f: formation({ sessions: [session({ debut: '2025-09-01', fin: '2027-06-30' })] }),
  },
  { code: 'CERT_EXPIRE_PENDANT', attendu: 'passe', nom: 'valide jusqu’au bout' },
  {
    code: 'CERT_EXPIRE_PENDANT',
    attendu: 'echec',
    nom: 'fin pendant la session',
    ctx: contexte(faits({ certifications: [{ ...CERT_RNCP, date_fin: '2027-12-31' }, CERT_CFD] })),
  },
  { code: 'CERT_EXPIRE_PENDANT', attendu: 'non_applicable', nom: 'RNCP et BCN non chargés', ctx: sansRef },
  { code: 'FORM_CHAMP_OBLIGATOIRE', attendu: 'passe', nom: 'complet' },
  {
    code: 'FORM_CHAMP_OBLIGATOIRE',
    attendu: 'echec',
    nom: 'objectif manquant',
    f: formation({ objectif: ' ' }),
  },
  { code: 'FORM_INTITULE', attendu: 'passe', nom: 'court' },
  { code: 'FORM_INTITULE', attendu: 'echec', nom: 'trop long', f: formation({ intitule: 'x'.repeat(301) }) },
  // Counted as the form counts (code points): 60 « 👩‍🍳 » (3 each) and 10 « é » are 190, not 310 UTF-16 units.
  {
    code: 'FORM_INTITULE',
    attendu: 'passe',
    nom: 'emoji counted as the form counts',
    f: formation({ intitule: `${'👩‍🍳'.repeat(60)}${'é'.repeat(10)}` }),
  },
  { code: 'FORM_INTITULE', attendu: 'non_applicable', nom: 'absent', f: formation({ intitule: null }) },
  { code: 'FORM_APPRENTISSAGE', attendu: 'passe', nom: 'oui' },
  {
    code: 'FORM_APPRENTISSAGE',
    attendu: 'echec',
    nom: 'non',
    f: formation({ contrat_apprentissage: false }),
  },
  {
    code: 'FORM_APPRENTISSAGE',
    attendu: 'non_applicable',
    nom: 'non renseigné',
    f: formation({ contrat_apprentissage: null }),
  },
  { code: 'FORM_DUREE', attendu: 'passe', nom: 'BTS 2 ans' },
  { code: 'FORM_DUREE', attendu: 'echec', nom: 'BTS 3 ans', f: formation({ duree_annees: 3 }) },
  {
    code: 'FORM_DUREE',
    attendu: 'echec',
    nom: 'MEF 2 ans, formation 1 an',
    f: formation({ duree_annees: 1 }),
    ctx: contexte(
      faits({
        charges: { ...TOUS_CHARGES, mef: RUNS.bcn },
        mef: new Map([['32031213', [{ mef: '3203121321', cfd: '32031213', duree: 2, annee: 1 }]]]),
      }),
    ),
  },
  {
    code: 'FORM_DUREE',
    attendu: 'non_applicable',
    nom: 'durée absente',
    f: formation({ duree_annees: null }),
  },
  { code: 'FORM_PREMIERE_ANNEE', attendu: 'passe', nom: '1re année ouverte' },
  {
    code: 'FORM_PREMIERE_ANNEE',
    attendu: 'echec',
    nom: 'seulement 2e année',
    f: formation({ annees_apprentissage: [2] }),
  },
  {
    code: 'FORM_PREMIERE_ANNEE',
    attendu: 'non_applicable',
    nom: 'pas en apprentissage',
    f: formation({ contrat_apprentissage: false }),
  },
  { code: 'FORM_DOUBLON', attendu: 'passe', nom: 'seule' },
  {
    code: 'FORM_DOUBLON',
    attendu: 'echec',
    nom: 'jumelle',
    ctx: contexte(
      faits({
        voisines: indexVoisines([
          {
            id: 'f2',
            intitule: 'BTS MCO bis',
            cle_externe: null,
            responsable_siret: SIRET_RESP,
            code_rncp: 'RNCP38362',
            code_cfd: '32031213',
            formateur_siret: SIRET_FORM,
            sessions: [session({ debut: '2026-09-15', fin: '2028-06-30' })],
          },
        ]),
      }),
    ),
  },
  { code: 'FORM_DOUBLON', attendu: 'non_applicable', nom: 'sans session', f: formation({ sessions: [] }) },
  { code: 'SESSION_DATES', attendu: 'passe', nom: 'cohérentes' },
  {
    code: 'SESSION_DATES',
    attendu: 'echec',
    nom: 'fin avant début',
    f: formation({ sessions: [session({ debut: '2026-09-01', fin: '2026-06-30' })] }),
  },
  {
    code: 'SESSION_DATES',
    attendu: 'echec',
    nom: 'date impossible',
    f: formation({ sessions: [session({ fin: '2027-02-30' })] }),
  },
  { code: 'SESSION_DATES', attendu: 'non_applicable', nom: 'aucune session', f: formation({ sessions: [] }) },
  { code: 'SESSION_CAMPAGNE', attendu: 'passe', nom: 'rentrée 2026' },
  {
    code: 'SESSION_CAMPAGNE',
    attendu: 'echec',
    nom: 'seule session fermée',
    f: formation({ sessions: [session({ etat_recrutement: 'ferme' })] }),
  },
  {
    code: 'SESSION_CAMPAGNE',
    attendu: 'non_applicable',
    nom: 'archivée',
    f: formation({ statut: 'archivee' }),
  },
  { code: 'SESSION_DECOUPEE', attendu: 'passe', nom: 'une session de 2 ans' },
  {
    code: 'SESSION_DECOUPEE',
    attendu: 'echec',
    nom: 'une session par année',
    f: formation({
      sessions: [
        session({ fin: '2027-06-30' }),
        session({ id: 's2', debut: '2027-09-01', fin: '2028-06-30' }),
      ],
    }),
  },
  {
    code: 'SESSION_DECOUPEE',
    attendu: 'non_applicable',
    nom: 'cursus d’un an',
    f: formation({ duree_annees: 1 }),
  },
  {
    code: 'SESSION_RECRUTEMENT',
    attendu: 'passe',
    nom: 'terminée et fermée',
    f: formation({
      sessions: [
        session(),
        session({ id: 's0', debut: '2024-09-01', fin: '2026-01-31', etat_recrutement: 'ferme' }),
      ],
    }),
  },
  {
    code: 'SESSION_RECRUTEMENT',
    attendu: 'echec',
    nom: 'terminée et ouverte',
    f: formation({ sessions: [session(), session({ id: 's0', debut: '2024-09-01', fin: '2026-01-31' })] }),
  },
  { code: 'SESSION_RECRUTEMENT', attendu: 'non_applicable', nom: 'rien de terminé' },
  { code: 'LIEU_COMMUNE', attendu: 'passe', nom: 'concordants' },
  {
    code: 'LIEU_COMMUNE',
    attendu: 'passe',
    nom: 'accents et casse',
    f: formation({ sessions: [session({ commune: 'RENNES CEDEX', code_insee: null })] }),
  },
  {
    code: 'LIEU_COMMUNE',
    attendu: 'echec',
    nom: 'INSEE d’une autre commune',
    f: formation({ sessions: [session({ code_insee: '29019' })] }),
  },
  { code: 'LIEU_COMMUNE', attendu: 'non_applicable', nom: 'communes non chargées', ctx: sansRef },
  { code: 'LIEU_UAI', attendu: 'passe', nom: 'sur place' },
  {
    code: 'LIEU_UAI',
    attendu: 'passe',
    nom: 'loin mais UAI propre',
    f: formation({ sessions: [{ ...loin, uai_lieu: '0290001U' }] }),
  },
  { code: 'LIEU_UAI', attendu: 'echec', nom: 'Brest à 210 km sans UAI', f: formation({ sessions: [loin] }) },
  {
    code: 'LIEU_UAI',
    attendu: 'non_applicable',
    nom: 'sans responsable',
    f: formation({ responsable: null }),
  },
  { code: 'CONV_MARCHE', attendu: 'passe', nom: 'M1451401', f: formation({ sessions: [region()] }) },
  {
    code: 'CONV_MARCHE',
    attendu: 'echec',
    nom: 'numéro invalide',
    f: formation({ sessions: [region({ numero_marche: '1451401' })] }),
  },
  { code: 'CONV_MARCHE', attendu: 'non_applicable', nom: 'pas financé par la Région' },
  {
    code: 'CONV_MARCHE_INCONNU',
    attendu: 'passe',
    nom: 'marché de la liste, dates comprises',
    f: formation({ sessions: [region()] }),
    ctx: listeRegion(),
  },
  {
    code: 'CONV_MARCHE_INCONNU',
    attendu: 'echec',
    nom: 'marché absent de la liste',
    f: formation({ sessions: [region({ numero_marche: 'M9999999' })] }),
    ctx: listeRegion(),
  },
  {
    code: 'CONV_MARCHE_INCONNU',
    attendu: 'echec',
    nom: 'session finissant après le marché',
    f: formation({ sessions: [region()] }),
    ctx: listeRegion('2026-09-01', '2027-06-30'),
  },
  {
    code: 'CONV_MARCHE_INCONNU',
    attendu: 'non_applicable',
    nom: 'aucune liste chargée pour la Région',
    f: formation({ sessions: [region()] }),
  },
  { code: 'CONV_CONTACT', attendu: 'passe', nom: 'contact complet', f: formation({ sessions: [region()] }) },
  {
    code: 'CONV_CONTACT',
    attendu: 'echec',
    nom: 'sans contact',
    f: formation({ sessions: [region({ contact: null })] }),
  },
  { code: 'CONV_CONTACT', attendu: 'non_applicable', nom: 'non conventionnée' },
  { code: 'CONV_DELAI', attendu: 'passe', nom: '4 jours', f: formation({ sessions: [region()] }) },
  {
    code: 'CONV_DELAI',
    attendu: 'echec',
    nom: 'France Travail, 8 jours',
    f: formation({
      sessions: [region({ financeur: 'france_travail', date_notification_marche: '2026-02-21' })],
    }),
  },
  {
    code: 'CONV_DELAI',
    attendu: 'non_applicable',
    nom: 'sans date de notification',
    f: formation({ sessions: [region({ date_notification_marche: null })] }),
  },
];

describe('chaque règle', () => {
  it.each(CAS.map((c) => [c.code, c.attendu, c.nom, c] as const))(
    '%s → %s (%s)',
    (code, attendu, _nom, c) => {
      const resultats = checkFormation(c.f ?? formation(), c.ctx ?? contexte()).filter(
        (r) => r.code === code,
      );
      expect(resultats.length).toBeGreaterThan(0);
      if (attendu === 'echec') expect(resultats.some((r) => r.resultat === 'echec')).toBe(true);
      else expect(resultats.map((r) => r.resultat)).toContain(attendu);
      if (attendu !== 'echec') expect(resultats.every((r) => r.resultat !== 'echec')).toBe(true);
      for (const r of resultats) expect(r.message.length).toBeGreaterThan(10);
      // People read the messages and evidence: dates in words (« 1er septembre 2027 »), neither ISO
      // (2027-09-01) nor numeric (01/09/2027), outside a value quoted as typed (« 2027-02-30 »
      // n’est pas une date du calendrier) or a file's name.
      for (const t of resultats.flatMap((r) => [r.message, ...r.preuves.map((p) => p.fait)]))
        expect(t.replace(/« [^»]* »|\S+\.(?:zip|csv|xml|xlsx|json)\b/g, '')).not.toMatch(
          /\d{4}-\d{2}-\d{2}|\d{2}\/\d{2}\/\d{4}/,
        );
    },
  );

  it('covers every code of docs/regles.md with a passe, an echec and (where the rule can be) a non_applicable case', () => {
    for (const { code } of REGLES) {
      const attendus = new Set(CAS.filter((c) => c.code === code).map((c) => c.attendu));
      expect([code, attendus.has('passe'), attendus.has('echec')]).toEqual([code, true, true]);
      // CERT_ABSENTE and FORM_CHAMP_OBLIGATOIRE judge the formation itself: always applicable.
      if (!['CERT_ABSENTE', 'FORM_CHAMP_OBLIGATOIRE'].includes(code))
        expect([code, attendus.has('non_applicable')]).toEqual([code, true]);
    }
  });
});

describe('messages et preuves', () => {
  it('a compliant formation is in the Catalogue général, certifiée, and fails nothing', () => {
    const r = checkFormation(formation(), contexte());
    expect(r.filter((x) => x.resultat === 'echec')).toEqual([]);
    expect(deriver(r)).toEqual({
      catalogue: 'general',
      certifiee: true,
      echecPlateforme: false,
      sessionsRetenues: [],
    });
  });

  it('CERT_EXPIREE names the successor and cites the RNCP run', () => {
    const ctx = contexte(
      faits({
        certifications: [
          { ...CERT_RNCP, date_fin: '2026-08-31', successeurs: ['RNCP40000'] },
          CERT_CFD,
          certification({ type: 'rncp', code: 'RNCP40000', intitule: 'Nouveau BTS MCO' }),
        ],
      }),
    );
    const r = checkFormation(formation(), ctx).find((x) => x.code === 'CERT_EXPIREE')!;
    expect(r.message).toContain('31 août 2026');
    expect(r.preuves[0]!.fait).toBe('RNCP38362 : fin de validité le 31 août 2026, remplacée par RNCP40000');
    expect(r.message).toContain('RNCP40000 (Nouveau BTS MCO)');
    expect(r.preuves[0]).toMatchObject({ kind: 'rncp', fichier: RUNS.rncp.fichier, run_id: 1 });
    expect(deriver(checkFormation(formation(), ctx)).catalogue).toBe('non_reglementaire');
  });

  it('FORM_CHAMP_OBLIGATOIRE gives one result per missing field', () => {
    const r = checkFormation(
      formation({
        objectif: null,
        duree_annees: null,
        formateur: null,
        sessions: [session({ debut: null })],
      }),
      contexte(),
    ).filter((x) => x.code === 'FORM_CHAMP_OBLIGATOIRE');
    expect(r.map((x) => x.champ)).toEqual([
      'objectif',
      'modalites.duree_annees',
      'formateur.siret',
      'sessions.0.debut',
    ]);
  });

  it('FORM_DOUBLON names the other formation by its title and external reference, never by its id', () => {
    const autre = (over: { id: string; intitule: string | null; cle_externe: string | null }) =>
      contexte(
        faits({
          voisines: indexVoisines([
            {
              ...over,
              responsable_siret: SIRET_RESP,
              code_rncp: 'RNCP38362',
              code_cfd: '32031213',
              formateur_siret: SIRET_FORM,
              sessions: [session({ debut: '2026-09-15', fin: '2028-06-30' })],
            },
          ]),
        }),
      );
    const doublon = (ctx: ContexteControle) =>
      checkFormation(formation(), ctx).find((x) => x.code === 'FORM_DOUBLON')!;
    const r = doublon(autre({ id: 'fo_01JDOUBLE', intitule: 'BTS MCO', cle_externe: 'ABC-12' }));
    expect(r.resultat).toBe('echec');
    expect(r.message).not.toContain('fo_');
    expect(r.message).toMatch(
      /^Doublon probable avec la formation « BTS MCO » \(référence externe ABC-12\) : /,
    );
    // The id stays in the structured result (stored, API), for links and neighbours.
    expect(r.formation_liee).toBe('fo_01JDOUBLE');
    // No title: said so; a key minted for a workbook's new row says nothing to its reader.
    const sansTitre = doublon(autre({ id: 'fo_01JSANS', intitule: null, cle_externe: 'classeur-x1' }));
    expect(sansTitre.message).not.toContain('fo_');
    expect(sansTitre.message).not.toContain('classeur-x1');
    expect(sansTitre.message).toMatch(/^Doublon probable avec une autre formation sans intitulé : /);
  });

  it('FORM_INTITULE over 255 is only an alert', () => {
    const r = checkFormation(formation({ intitule: 'x'.repeat(260) }), contexte()).find(
      (x) => x.code === 'FORM_INTITULE',
    )!;
    expect([r.resultat, r.severite]).toEqual(['echec', 'alerte']);
  });

  it('ORG_QUALIOPI uses the habilitated formateur as organisme de référence for a title sur demande', () => {
    const ctx = contexte(
      faits({
        certifications: [surDemande],
        habilitations: habilite,
        declares: [organismeDeclare(SIRET_RESP, false), organismeDeclare(SIRET_FORM, true)],
      }),
    );
    const r = checkFormation(titre, ctx).find((x) => x.code === 'ORG_QUALIOPI_APPRENTISSAGE')!;
    expect([r.resultat, r.champ]).toEqual(['passe', 'formateur.siret']);
  });

  it('LIEU_UAI: a place in the formateur’s commune inherits its UAI, distance uses the Sirene commune', () => {
    const f = formation({
      formateur: organisme(SIRET_FORM, { uai: '0290001U', code_insee: '29019' }),
      sessions: [loin],
    });
    expect(checkFormation(f, contexte()).find((x) => x.code === 'LIEU_UAI')!.resultat).toBe('passe');
    const echec = checkFormation(formation({ sessions: [loin] }), contexte()).find(
      (x) => x.code === 'LIEU_UAI',
    )!;
    expect(echec.preuves[0]!.fait).toMatch(/commune Sirene Rennes/);
    // The distance as French readers write it (one decimal writer, domain/nombres.ts).
    expect(echec.preuves[0]!.fait).toMatch(/^distance \d+,\d km : responsable/);
  });

  it('a missing reference says which one is not loaded', () => {
    const r = checkFormation(formation(), sansRef).find((x) => x.code === 'ORG_NDA')!;
    expect(r.message).toContain('non chargé');
  });
});
