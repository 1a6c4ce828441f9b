import { describe, expect, it } from 'vitest';
import { financeursPublics } from '../financement.ts';
import { contexte, formation, session } from './regles.fixture.ts';
import { checkFormation, deriver } from './regles.ts';

// « What finances this session » has one answer (domain/financement.ts): its own financeur, else
// the action's public funders. The public page says it; CONV_MARCHE, CONV_CONTACT and CONV_DELAI
// check every session it names (a copied workbook row once added a session without financeur,
// market or contact: the page said « Région », the rules skipped it and the offer was diffused).

const CONTACT = { type: 'autre', nom: 'Mme Hoarau', telephone: '0262000000', courriel: null };
const complete = session({
  id: 's1',
  financeur: 'region',
  numero_marche: 'M2600001',
  date_notification_marche: '2026-02-25',
  contact: CONTACT,
});
// The action is Région-funded; this session names no financeur, no market, no contact.
const nue = session({ id: 's2', code_postal: '97470', commune: 'Saint-Benoît', code_insee: '97410' });
const action = (...sessions: ReturnType<typeof session>[]) =>
  formation({ contrat_apprentissage: false, financeurs: ['region'], sessions });
const resultats = (f: ReturnType<typeof formation>, code: string) =>
  checkFormation(f, contexte()).filter((r) => r.code === code);

describe('a session of a Région-funded action without its own financeur', () => {
  it('is Région-financed for the page (the one source)', () => {
    expect(financeursPublics(action(complete, nue), nue)).toEqual(['region']);
  });

  it('fails CONV_MARCHE and CONV_CONTACT, naming the session and where the financeur comes from', () => {
    const f = action(complete, nue);
    const marche = resultats(f, 'CONV_MARCHE');
    expect(marche.map((r) => [r.resultat, r.champ])).toEqual([['echec', 'sessions[1].numero_marche']]);
    expect(marche[0]!.message).toMatch(/session 2.*Région.*financeur de l’action/);
    const contact = resultats(f, 'CONV_CONTACT');
    expect(contact.map((r) => [r.resultat, r.champ])).toEqual([['echec', 'sessions[1].contact']]);
    expect(deriver(checkFormation(f, contexte())).catalogue).toBe('non_reglementaire');
  });

  it('passes once it carries its market number and contact, with the action’s financeur', () => {
    const f = action(complete, { ...nue, numero_marche: 'M2600001', contact: CONTACT });
    expect(resultats(f, 'CONV_MARCHE').map((r) => r.resultat)).toEqual(['passe']);
    expect(resultats(f, 'CONV_CONTACT').map((r) => r.resultat)).toEqual(['passe']);
  });

  it('is held to the action funder’s entry deadline (CONV_DELAI)', () => {
    const tardive = {
      ...nue,
      numero_marche: 'M2600001',
      contact: CONTACT,
      date_notification_marche: '2026-02-01',
    };
    const r = resultats(action(tardive), 'CONV_DELAI');
    expect(r.map((x) => [x.resultat, x.champ])).toEqual([['echec', 'sessions[0]']]);
    expect(r[0]!.message).toMatch(/28 jours.*la Région demande une saisie sous 10 jours/);
  });

  it('a session whose own financeur is not public (OPCO) is neither financed on the page nor checked', () => {
    const opco = { ...nue, financeur: 'opco' };
    const f = action(complete, opco);
    expect(financeursPublics(f, opco)).toEqual([]);
    expect(resultats(f, 'CONV_MARCHE').map((r) => r.resultat)).toEqual(['passe']);
    expect(resultats(f, 'CONV_CONTACT').map((r) => r.resultat)).toEqual(['passe']);
  });
});
