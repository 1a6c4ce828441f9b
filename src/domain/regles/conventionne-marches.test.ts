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
