import type { ExpectationTable } from '../types';
import { caseExpectations } from './cases';
import { channelExpectations } from './channels';
import { documentExpectations } from './documents';
import { foundationExpectations } from './foundation';
import { precedentExpectations } from './precedents';

/** Every feature adds one import and one spread here. */
export const ALL_EXPECTATIONS: ExpectationTable = {
  ...foundationExpectations,
  ...channelExpectations,
  ...documentExpectations,
  ...caseExpectations,
  ...precedentExpectations,
};
