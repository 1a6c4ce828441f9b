import { render } from 'preact-render-to-string';
import { describe, expect, it } from 'vitest';
import { TableDefilante } from './table-defilante.tsx';

describe('TableDefilante, the DSFR table in its scrolling box', () => {
  it('renders the design system markup, its box focusable and named', () => {
    const html = render(
      <TableDefilante nom="Liste des formations" classes="fr-table--no-caption">
        <caption>Brouillons</caption>
        <tbody>
          <tr>
            <td>1</td>
          </tr>
        </tbody>
      </TableDefilante>,
    );
    expect(html).toBe(
      '<div class="fr-table fr-table--no-caption"><div class="fr-table__wrapper">' +
        '<section class="fr-table__container" tabindex="0" aria-label="Liste des formations">' +
        '<div class="fr-table__content"><table><caption>Brouillons</caption>' +
        '<tbody><tr><td>1</td></tr></tbody></table></div></section></div></div>',
    );
  });

  it('has no modifier class when none is given', () => {
    const html = render(
      <TableDefilante nom="Règles en échec">
        <caption>Règles en échec</caption>
      </TableDefilante>,
    );
    expect(html).toMatch(/^<div class="fr-table"><div class="fr-table__wrapper">/);
  });
});
