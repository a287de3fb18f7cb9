import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'directory',
    path: '/directory',
    labelKey: 'directory:nav.label',
    descriptionKey: 'directory:nav.description',
    icon: 'people',
    order: 10,
    capability: 'directory.read',
  }),
];
