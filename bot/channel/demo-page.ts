import { browserFile } from '../web/bundles.js';

const TEMPLATE = browserFile('widget/demo.html').toString('utf8');
// A made-up store, shaped like Montonio's store uuids, so Partner System links in answers show where the id goes.
export const DEMO_STORE_ID = '3f6c1d2e-8a4b-4c5d-9e7f-0a1b2c3d4e5f';
const STORE_ID = /^[A-Za-z0-9-]{1,64}$/;

type Texts = {
  pageTitle: string;
  menu: string;
  menuItems: string[];
  storeLabel: string;
  heading: string;
  intro: string;
  note: string;
  services: [string, boolean][];
  live: string;
  off: string;
  activate: string;
};

const TEXTS: Record<'et' | 'en', Texts> = {
  et: {
    pageTitle: 'Kodu · Montonio partnersüsteem (demo)',
    menu: 'Peamenüü',
    menuItems: ['Kodu', 'Poed', 'Tellimused', 'Väljamaksed', 'Tarne', 'Ärikonto seaded'],
    storeLabel: 'Pood',
    heading: 'Tere, Demo OÜ!',
    intro: 'Siin on sinu poe teenused. Küsimuste korral kirjuta paremas alanurgas olevale abilisele.',
    note: 'See on demoleht: see näeb välja nagu Montonio partnersüsteem, kuid nupud ei tee midagi. Proovi vestlusabilist paremas alanurgas.',
    services: [
      ['Pangamaksed', true],
      ['Kaardimaksed', false],
      ['Tagastamise võimalusega pangamaksed', false],
      ['Järelmaks ja Maksa hiljem', false],
      ['Makselingid', false],
      ['Tarne', false],
    ],
    live: 'Live',
    off: 'Pole aktiveeritud',
    activate: 'Aktiveeri',
  },
  en: {
    pageTitle: 'Home · Montonio Partner System (demo)',
    menu: 'Main menu',
    menuItems: ['Home', 'Stores', 'Orders', 'Payouts', 'Shipping', 'Business settings'],
    storeLabel: 'Store',
    heading: 'Hello, Demo OÜ!',
    intro: 'These are your store’s services. Questions? Ask the assistant in the bottom-right corner.',
    note: 'This is a demo page: it looks like Montonio’s Partner System, but its buttons do nothing. Try the chat assistant in the bottom-right corner.',
    services: [
      ['Bank payments', true],
      ['Card payments', false],
      ['Refundable bank payments', false],
      ['Financing and Pay Later', false],
      ['Payment links', false],
      ['Shipping', false],
    ],
    live: 'Live',
    off: 'Not activated',
    activate: 'Activate',
  },
};

/** `/?lang=en&store=<id>`: a page that looks like the merchant's Partner System home, with the widget in the corner. */
export function renderDemoPage(query: Record<string, unknown>, defaultLocale: string): string {
  const lang = query.lang === 'en' || query.lang === 'et' ? query.lang : defaultLocale === 'en' ? 'en' : 'et';
  const storeId = typeof query.store === 'string' && STORE_ID.test(query.store) ? query.store : DEMO_STORE_ID;
  const t = TEXTS[lang];
  const values: Record<string, string> = {
    lang,
    storeId,
    pageTitle: escapeHtml(t.pageTitle),
    menu: escapeHtml(t.menu),
    menuItems: t.menuItems.map((m, i) => `<a href="#"${i === 0 ? ' aria-current="page"' : ''}>${escapeHtml(m)}</a>`).join(''),
    storeLabel: escapeHtml(t.storeLabel),
    heading: escapeHtml(t.heading),
    intro: escapeHtml(t.intro),
    note: escapeHtml(t.note),
    cards: t.services
      .map(
        ([name, live]) =>
          `<section class="card"><h2>${escapeHtml(name)}</h2><div class="status${live ? ' live' : ''}">${escapeHtml(live ? t.live : t.off)}</div>${live ? '' : `<button type="button">${escapeHtml(t.activate)}</button>`}</section>`,
      )
      .join(''),
  };
  // The template's <html lang> holds a real language so it stays valid HTML; the page's own replaces it.
  return TEMPLATE.replace('<html lang="et">', `<html lang="${lang}">`).replace(/\{\{(\w+)\}\}/g, (_, key: string) => values[key] ?? '');
}

function escapeHtml(text: string): string {
  return text.replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);
}
