import { describe, expect, it } from 'vitest';
import {
  aRole,
  estVisible,
  isValidateur,
  perimetreOf,
  peutDeciderStructure,
  peutEcrire,
  peutInviter,
  visibiliteOf,
} from './acces.ts';
import type { Acteur } from './acteur.ts';

const cle = (scope: 'read' | 'write' | 'admin', siren: string | null = null): Acteur => ({
  kind: 'cle',
  id: 'k',
  name: 'k',
  scope,
  siren,
});
const user = (
  role: 'organisme' | 'gestionnaire' | 'instructeur' | 'prescripteur' | 'admin',
  extra: { siren?: string; regions?: string[] } = {},
): Acteur => ({
  kind: 'utilisateur',
  id: 'u',
  email: 'u@x.fr',
  nom: 'U',
  role,
  siren: extra.siren ?? null,
  regions: extra.regions ?? [],
  academies: [],
});
const draftOf = (siren: string, regions: string[] = []) => ({
  siren_proprietaire: siren,
  statut: 'brouillon',
  catalogue: null,
  regions,
});
const diffusee = { siren_proprietaire: '111111111', statut: 'publiee', catalogue: 'general' };

describe('visibility and write rights (docs/contrat.md)', () => {
  it('shows diffused offers to everyone, own drafts to a bound key, everything to admin', () => {
    for (const a of [
      { kind: 'anonyme' } as Acteur,
      cle('read'),
      cle('write', '222222222'),
      user('instructeur'),
    ]) {
      expect(estVisible(visibiliteOf(a), diffusee)).toBe(true);
      expect(estVisible(visibiliteOf(a), draftOf('111111111'))).toBe(false);
    }
    expect(estVisible(visibiliteOf(cle('write', '111111111')), draftOf('111111111'))).toBe(true);
    expect(estVisible(visibiliteOf(user('organisme', { siren: '111111111' })), draftOf('111111111'))).toBe(
      true,
    );
    expect(estVisible(visibiliteOf(user('gestionnaire', { regions: ['84'] })), draftOf('1', ['84']))).toBe(
      true,
    );
    expect(estVisible(visibiliteOf(user('gestionnaire', { regions: ['84'] })), draftOf('1', ['11']))).toBe(
      false,
    );
    expect(estVisible(visibiliteOf(cle('admin')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(
      true,
    );
    expect(estVisible(visibiliteOf(cle('read')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(
      false,
    );
  });

  it('lets a bound actor write its own SIREN only; validators write all; read keys nothing', () => {
    expect(peutEcrire(cle('write', '111111111'), '111111111')).toBe(true);
    expect(peutEcrire(cle('write', '111111111'), '222222222')).toBe(false);
    expect(peutEcrire(cle('read'), '111111111')).toBe(false);
    expect(peutEcrire({ kind: 'anonyme' }, '111111111')).toBe(false);
    expect(peutEcrire(cle('admin'), '222222222')).toBe(true);
    expect([cle('admin'), user('gestionnaire'), user('admin')].every(isValidateur)).toBe(true);
    expect([cle('write', '1'), user('organisme'), user('instructeur')].some(isValidateur)).toBe(false);
  });
});

describe('several régions, roles and account decisions', () => {
  it('lets a gestionnaire of several régions see and change the offers of each, and no other', () => {
    const g = user('gestionnaire', { regions: ['84', '27'] });
    expect(estVisible(visibiliteOf(g), draftOf('1', ['27']))).toBe(true);
    expect(estVisible(visibiliteOf(g), draftOf('1', ['84', '11']))).toBe(true);
    expect(estVisible(visibiliteOf(g), draftOf('1', ['11']))).toBe(false);
    expect(perimetreOf(g)).toEqual({ kind: 'perimetre', siren: null, regions: ['84', '27'] });
    expect(perimetreOf(user('gestionnaire'))).toBeNull();
  });

  it('lets a gestionnaire write the offers of its régions only, whatever their SIREN', () => {
    const g = user('gestionnaire', { regions: ['84', '27'] });
    expect(peutEcrire(g, '111111111', ['27'])).toBe(true);
    expect(peutEcrire(g, '111111111', ['11', '84'])).toBe(true);
    expect(peutEcrire(g, '111111111', ['11'])).toBe(false);
    expect(peutEcrire(g, '111111111', [])).toBe(false);
    // Offer not known yet (a workbook row): the write service checks what it produces.
    expect(peutEcrire(g, '111111111')).toBe(true);
    expect(peutEcrire(user('gestionnaire'), '111111111')).toBe(false);
    expect(peutEcrire(user('admin'), '111111111', ['11'])).toBe(true);
  });

  it('gives a prescripteur the public view and no write right', () => {
    const p = user('prescripteur');
    expect(estVisible(visibiliteOf(p), diffusee)).toBe(true);
    expect(estVisible(visibiliteOf(p), draftOf('111111111'))).toBe(false);
    expect(perimetreOf(p)).toBeNull();
    expect(peutEcrire(p, '111111111')).toBe(false);
    expect(isValidateur(p)).toBe(false);
  });

  it('lets only a gestionnaire of the structure’s région (or an admin) decide its sign-up', () => {
    expect(peutDeciderStructure(user('gestionnaire', { regions: ['84'] }), '84')).toBe(true);
    expect(peutDeciderStructure(user('gestionnaire', { regions: ['84'] }), '11')).toBe(false);
    expect(peutDeciderStructure(user('gestionnaire', { regions: ['84'] }), null)).toBe(false);
    expect(peutDeciderStructure(user('admin'), null)).toBe(true);
    expect(peutDeciderStructure(user('organisme', { siren: '111111111' }), '84')).toBe(false);
    expect(peutDeciderStructure(cle('admin'), '84')).toBe(false);
  });

  it('lets a structure’s own users invite colleagues, not another SIREN’s', () => {
    expect(peutInviter(user('organisme', { siren: '111111111' }), '111111111')).toBe(true);
    expect(peutInviter(user('organisme', { siren: '111111111' }), '222222222')).toBe(false);
    expect(peutInviter(user('gestionnaire', { regions: ['84'] }), '111111111')).toBe(false);
    expect(peutInviter({ kind: 'anonyme' }, '111111111')).toBe(false);
  });

  it('checks roles for the page guard', () => {
    expect(aRole(user('gestionnaire'), ['gestionnaire', 'admin'])).toBe(true);
    expect(aRole(user('organisme'), ['gestionnaire', 'admin'])).toBe(false);
    expect(aRole(cle('admin'), ['admin'])).toBe(false);
  });
});
