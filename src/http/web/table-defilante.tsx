import type { ComponentChildren } from 'preact';

/**
 * The design system's table in its scrolling box (`fr-table` > `fr-table__wrapper` >
 * `fr-table__container` > `fr-table__content` > `<table>`): on a small screen the table scrolls in
 * its box, which the keyboard reaches (axe's scrollable-region-focusable), so the box is a focusable
 * `<section>` and needs its own accessible name (`nom`, what a screen reader announces on focus).
 * `classes`: DSFR modifiers of the outer block (`fr-table--no-caption`, `fr-table--multiline`);
 * `id`: the outer block's, for a link to the table.
 * `children`: the table's caption, head and body.
 */
export function TableDefilante({
  nom,
  classes,
  id,
  children,
}: {
  nom: string;
  classes?: string;
  id?: string;
  children: ComponentChildren;
}) {
  return (
    <div class={classes ? `fr-table ${classes}` : 'fr-table'} id={id}>
      <div class="fr-table__wrapper">
        {/* biome-ignore lint/a11y/noNoninteractiveTabindex: axe asks keyboard access to a scrollable table (scrollable-region-focusable) */}
        <section class="fr-table__container" tabIndex={0} aria-label={nom}>
          <div class="fr-table__content">
            <table>{children}</table>
          </div>
        </section>
      </div>
    </div>
  );
}
