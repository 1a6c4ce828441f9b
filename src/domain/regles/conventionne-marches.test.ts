import { describe, expect, it } from 'vitest';
import type { ListeMarches, MarcheFact } from '../referentiel.ts';
import { contexte, faits, formation, session } from './regles.fixture.ts';
import { checkFormation, deriver } from './regles.ts';

// CONV_MARCHE_INCONNU and CONV_DELAI against a funder's list of markets (docs/conventionne.md).

const PROV = {
  run_id: 42,
  kind: 'marches',
  fichier: 'marches-region.csv',
  date: null,
  importe_le: '2026-03-02T09:00:00.000Z',
};
const marche = (o: Partial<MarcheFact> = {}): MarcheFact => ({
  financeur: 'region',
  numero: 'M2600001',
  organisme: '130025265',
  intitule: 'Prépa avenir Clermont',
  date_debut: '2026-09-01',
  date_fin: '2027-06-30',
  date_notification: '2026-02-10',
  ...o,
});
const liste = (...ms: MarcheFact[]): ListeMarches => ({
  provenance: PROV,
  parNumero: new Map(ms.map((m) => [m.numero, m])),
});
const conv = (o = {}) =>
  session({
    financeur: 'region',
    numero_marche: 'M2600001',
    debut: '2026-09-15',
    fin: '2027-06-15',
    saisie_le: '2026-02-15',
    contact: { type: 'autre', nom: 'Mme Roux', telephone: '0473000000', courriel: null },
    ...o,
  });
const ctxAvec = (l: ListeMarches | null) =>
  contexte(faits({ marches: l ? new Map([['region', l]]) : new Map() }), '2026-03-15');
const resultat = (code: string, f: ReturnType<typeof formation>, l: ListeMarches | null) =>
  checkFormation(f, ctxAvec(l)).filter((r) => r.code === code);

describe('CONV_MARCHE_INCONNU', () => {
  it('fails a session whose market is not on the funder’s list, naming the market and citing the list', () => {
    const f = formation({ financeurs: ['region'], sessions: [conv({ numero_marche: 'm 2600009' })] });
    const [r] = resultat('CONV_MARCHE_INCONNU', f, liste(marche()));
    expect(r).toMatchObject({ resultat: 'echec', severite: 'bloquant', champ: 'sessions[0].numero_marche' });
    expect(r!.message).toContain('« M2600009 »');
    expect(r!.message).toContain('marches-region.csv');
    expect(r!.preuves[0]).toMatchObject({ kind: 'marches', run_id: 42 });
    expect(deriver(checkFormation(f, ctxAvec(liste(marche())))).catalogue).toBe('non_reglementaire');
  });

  it('withholds only the session it names: the formation stays in the Catalogue général', () => {
    const f = formation({
      financeurs: ['region'],
      sessions: [
        conv({ id: 's1' }),
        conv({ id: 's2', debut: '2026-10-01' }),
        conv({ id: 's3', numero_marche: 'M2609999' }),
      ],
    });
    const d = deriver(checkFormation(f, ctxAvec(liste(marche()))), f.sessions);
    expect(d).toMatchObject({ catalogue: 'general', sessionsRetenues: ['s3'] });
    // Every session withheld: nothing left to diffuse.
    const seule = formation({
      financeurs: ['region'],
      sessions: [conv({ id: 's1', numero_marche: 'M2609999' })],
    });
    expect(deriver(checkFormation(seule, ctxAvec(liste(marche()))), seule.sessions)).toMatchObject({
      catalogue: 'non_reglementaire',
      sessionsRetenues: ['s1'],
    });
  });

  it('passes a known market (number compared without case or blanks)', () => {
    const f = formation({ sessions: [conv({ numero_marche: ' m2600001' })] });
    expect(resultat('CONV_MARCHE_INCONNU', f, liste(marche())).map((r) => r.resultat)).toEqual(['passe']);
  });

  it('fails a session that starts before the market, with both periods in the message', () => {
    const f = formation({ sessions: [conv({ debut: '2026-08-25' })] });
    const [r] = resultat('CONV_MARCHE_INCONNU', f, liste(marche()));
    expect(r).toMatchObject({ resultat: 'echec', champ: 'sessions[0].debut' });
    expect(r!.message).toContain('M2600001 « Prépa avenir Clermont »');
    expect(r!.message).toContain('du 1er septembre 2026 au 30 juin 2027');
    // The evidence is read by people: French dates; the structured fields stay ISO (API).
    expect(r!.preuves[0]).toMatchObject({
      fait: 'marché M2600001 du 1er septembre 2026 au 30 juin 2027',
      importe_le: PROV.importe_le,
    });
  });

  it('judges only the sessions of financeurs whose list is loaded', () => {
    const f = formation({
      sessions: [conv(), conv({ id: 's2', financeur: 'agefiph', numero_marche: 'AG-404' })],
    });
    expect(resultat('CONV_MARCHE_INCONNU', f, liste(marche())).map((r) => r.resultat)).toEqual(['passe']);
  });

  it('is not applicable, saying why, when no list is loaded for the funder', () => {
    const [r] = resultat('CONV_MARCHE_INCONNU', formation({ sessions: [conv()] }), null);
    expect(r!.resultat).toBe('non_applicable');
    expect(r!.message).toContain('aucune liste de marchés chargée pour la Région');
    expect(r!.message).toContain('offre referentiel import marches');
  });
});

describe('CONV_DELAI with the funder’s notification date', () => {
  it('uses the list’s notification date when the session has none', () => {
    // notified 10/02, entered 15/02: 5 days ≤ 10 → passe; entered 01/03: 19 days → alerte.
    const ok = formation({ sessions: [conv()] });
    expect(resultat('CONV_DELAI', ok, liste(marche())).map((r) => r.resultat)).toEqual(['passe']);
    const tard = formation({ sessions: [conv({ saisie_le: '2026-03-01' })] });
    const [r] = resultat('CONV_DELAI', tard, liste(marche()));
    expect(r!.resultat).toBe('echec');
    expect(r!.message).toContain(
      '19 jours après la notification du marché (10 février 2026, marché M2600001',
    );
    expect(r!.preuves[0]).toMatchObject({
      kind: 'marches',
      run_id: 42,
      fait: 'marché M2600001 notifié le 10 février 2026',
    });
  });

  it('prefers the session’s own notification date', () => {
    const f = formation({
      sessions: [conv({ saisie_le: '2026-03-01', date_notification_marche: '2026-02-27' })],
    });
    expect(resultat('CONV_DELAI', f, liste(marche())).map((r) => r.resultat)).toEqual(['passe']);
  });

  it('stays not applicable without any notification date', () => {
    const f = formation({ sessions: [conv()] });
    expect(resultat('CONV_DELAI', f, null).map((r) => r.resultat)).toEqual(['non_applicable']);
  });
});

// How the rules name each funder, and which funders they judge: pinned so that reading the names
// and the public funders from their one source (domain/libelles.ts, domain/type-offre.ts) changes
// no message.
describe('the funders the rules name', () => {
  const de = (financeur: string, o = {}) =>
    conv({ id: financeur, financeur, numero_marche: 'M2600009', ...o });
  const contexteDe = (financeur: string) =>
    contexte(
      faits({ marches: new Map([[financeur, liste(marche({ financeur, numero: 'M2600001' }))]]) }),
      '2026-03-15',
    );

  it('names each with its article, in the lists, the market and the delay messages', () => {
    const f = formation({ sessions: ['region', 'france_travail', 'agefiph'].map((x) => de(x)) });
    const [aucune] = checkFormation(f, ctxAvec(null)).filter((r) => r.code === 'CONV_MARCHE_INCONNU');
    expect(aucune!.message).toContain(
      'aucune liste de marchés chargée pour la Région, France Travail, l’Agefiph (importez-la',
    );
    for (const [financeur, nom, delai] of [
      ['region', 'la Région', 10],
      ['france_travail', 'France Travail', 6],
      ['agefiph', 'l’Agefiph', 10],
    ] as const) {
      const g = formation({ sessions: [de(financeur, { saisie_le: '2026-04-30' })] });
      const r = checkFormation(g, contexteDe(financeur));
      expect(r.find((x) => x.code === 'CONV_MARCHE_INCONNU')!.message).toContain(
        `absent de la liste des marchés de ${nom} (marches-region.csv, importée le`,
      );
      const h = formation({
        sessions: [de(financeur, { numero_marche: 'M2600001', saisie_le: '2026-04-30' })],
      });
      expect(
        checkFormation(h, contexteDe(financeur)).find((x) => x.code === 'CONV_DELAI')!.message,
      ).toContain(`: ${nom} demande une saisie sous ${delai} jours.`);
    }
  });

  it('judges the sessions of the public funders only, not an OPCO’s', () => {
    for (const financeur of ['region', 'france_travail', 'agefiph'])
      expect(
        resultat('CONV_CONTACT', formation({ sessions: [de(financeur, { contact: null })] }), null).map(
          (r) => r.resultat,
        ),
        financeur,
      ).toEqual(['echec']);
    const opco = formation({ sessions: [de('opco', { contact: null })] });
    for (const code of ['CONV_CONTACT', 'CONV_MARCHE_INCONNU', 'CONV_DELAI', 'CONV_MARCHE'])
      expect(
        resultat(code, opco, null).map((r) => r.resultat),
        code,
      ).toEqual(['non_applicable']);
  });
});
