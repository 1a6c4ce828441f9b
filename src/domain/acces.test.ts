import { describe, expect, it } from 'vitest';
import {
  aRole,
  canDecideStructure,
  canInvite,
  canWrite,
  isValidateur,
  isVisible,
  perimetreOf,
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
      expect(isVisible(visibiliteOf(a), diffusee)).toBe(true);
      expect(isVisible(visibiliteOf(a), draftOf('111111111'))).toBe(false);
    }
    expect(isVisible(visibiliteOf(cle('write', '111111111')), draftOf('111111111'))).toBe(true);
    expect(isVisible(visibiliteOf(user('organisme', { siren: '111111111' })), draftOf('111111111'))).toBe(
      true,
    );
    expect(isVisible(visibiliteOf(user('gestionnaire', { regions: ['84'] })), draftOf('1', ['84']))).toBe(
      true,
    );
    expect(isVisible(visibiliteOf(user('gestionnaire', { regions: ['84'] })), draftOf('1', ['11']))).toBe(
      false,
    );
    expect(isVisible(visibiliteOf(cle('admin')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(true);
    expect(isVisible(visibiliteOf(cle('read')), { ...diffusee, catalogue: 'non_reglementaire' })).toBe(false);
  });

  it('lets a bound actor write its own SIREN only; validators write all; read keys nothing', () => {
    expect(canWrite(cle('write', '111111111'), '111111111')).toBe(true);
    expect(canWrite(cle('write', '111111111'), '222222222')).toBe(false);
    expect(canWrite(cle('read'), '111111111')).toBe(false);
    expect(canWrite({ kind: 'anonyme' }, '111111111')).toBe(false);
    expect(canWrite(cle('admin'), '222222222')).toBe(true);
    expect([cle('admin'), user('gestionnaire'), user('admin')].every(isValidateur)).toBe(true);
    expect([cle('write', '1'), user('organisme'), user('instructeur')].some(isValidateur)).toBe(false);
  });
});

describe('several régions, roles and account decisions', () => {
  it('lets a gestionnaire of several régions see and change the offers of each, and no other', () => {
    const g = user('gestionnaire', { regions: ['84', '27'] });
    expect(isVisible(visibiliteOf(g), draftOf('1', ['27']))).toBe(true);
    expect(isVisible(visibiliteOf(g), draftOf('1', ['84', '11']))).toBe(true);
    expect(isVisible(visibiliteOf(g), draftOf('1', ['11']))).toBe(false);
    expect(perimetreOf(g)).toEqual({ kind: 'perimetre', siren: null, regions: ['84', '27'] });
    expect(perimetreOf(user('gestionnaire'))).toBeNull();
  });

  it('lets a gestionnaire write the offers of its régions only, whatever their SIREN', () => {
    const g = user('gestionnaire', { regions: ['84', '27'] });
    expect(canWrite(g, '111111111', ['27'])).toBe(true);
    expect(canWrite(g, '111111111', ['11', '84'])).toBe(true);
    expect(canWrite(g, '111111111', ['11'])).toBe(false);
    expect(canWrite(g, '111111111', [])).toBe(false);
    // Offer not known yet (a workbook row): the write service checks what it produces.
    expect(canWrite(g, '111111111')).toBe(true);
    expect(canWrite(user('gestionnaire'), '111111111')).toBe(false);
    expect(canWrite(user('admin'), '111111111', ['11'])).toBe(true);
  });

  it('gives a prescripteur the public view and no write right', () => {
    const p = user('prescripteur');
    expect(isVisible(visibiliteOf(p), diffusee)).toBe(true);
    expect(isVisible(visibiliteOf(p), draftOf('111111111'))).toBe(false);
    expect(perimetreOf(p)).toBeNull();
    expect(canWrite(p, '111111111')).toBe(false);
    expect(isValidateur(p)).toBe(false);
  });

  it('lets only a gestionnaire of the structure’s région (or an admin) decide its sign-up', () => {
    expect(canDecideStructure(user('gestionnaire', { regions: ['84'] }), '84')).toBe(true);
    expect(canDecideStructure(user('gestionnaire', { regions: ['84'] }), '11')).toBe(false);
    expect(canDecideStructure(user('gestionnaire', { regions: ['84'] }), null)).toBe(false);
    expect(canDecideStructure(user('admin'), null)).toBe(true);
    expect(canDecideStructure(user('organisme', { siren: '111111111' }), '84')).toBe(false);
    expect(canDecideStructure(cle('admin'), '84')).toBe(false);
    // A SIREN in two régions: the gestionnaires of either.
    expect(canDecideStructure(user('gestionnaire', { regions: ['52'] }), ['52', '84'])).toBe(true);
    expect(canDecideStructure(user('gestionnaire', { regions: ['11'] }), ['52', '84'])).toBe(false);
    expect(canDecideStructure(user('gestionnaire', { regions: ['84'] }), [])).toBe(false);
  });

  it('lets a structure’s own users invite colleagues, not another SIREN’s', () => {
    expect(canInvite(user('organisme', { siren: '111111111' }), '111111111')).toBe(true);
    expect(canInvite(user('organisme', { siren: '111111111' }), '222222222')).toBe(false);
    expect(canInvite(user('gestionnaire', { regions: ['84'] }), '111111111')).toBe(false);
    expect(canInvite({ kind: 'anonyme' }, '111111111')).toBe(false);
  });

  it('checks roles for the page guard', () => {
    expect(aRole(user('gestionnaire'), ['gestionnaire', 'admin'])).toBe(true);
    expect(aRole(user('organisme'), ['gestionnaire', 'admin'])).toBe(false);
    expect(aRole(cle('admin'), ['admin'])).toBe(false);
  });
});
