import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'channels',
    path: '/channels',
    labelKey: 'channels:nav.label',
    descriptionKey: 'channels:nav.description',
    icon: 'chat',
    order: 30,
  }),
];
