import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'precedents',
    path: '/precedents',
    labelKey: 'precedents:nav.label',
    descriptionKey: 'precedents:nav.description',
    icon: 'scale',
    order: 50,
  }),
];
