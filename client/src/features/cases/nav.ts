import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'cases',
    path: '/cases',
    labelKey: 'cases:nav.label',
    descriptionKey: 'cases:nav.description',
    icon: 'folder',
    order: 40,
  }),
];
