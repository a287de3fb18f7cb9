import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({ id: 'home', path: '/', labelKey: 'home:nav.label', icon: 'home', order: 0, end: true }),
];
