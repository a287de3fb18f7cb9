import { defineNavEntry } from '../../app/nav';

export const navEntries = [
  defineNavEntry({
    id: 'service-providers',
    path: '/service-providers',
    labelKey: 'service-providers:nav.label',
    descriptionKey: 'service-providers:nav.description',
    icon: 'lifebuoy',
    order: 20,
    capability: 'directory.read',
  }),
];
