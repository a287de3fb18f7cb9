import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'admin',
    path: '/admin',
    labelKey: 'admin:nav.label',
    descriptionKey: 'admin:nav.description',
    icon: 'shield',
    order: 90,
    capability: 'users.manage',
  }),
];
