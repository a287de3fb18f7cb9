import type * as fs from 'node:fs';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { testMarking } from './marking.fixture';

// Whether this machine has DejaVu must not decide what these tests see.
const fontFiles = vi.hoisted(() => ({ present: false }));
vi.mock('node:fs', async (importOriginal) => {
  const actual = await importOriginal<typeof fs>();
  return { ...actual, existsSync: (file: string) => fontFiles.present && /\.ttf$/.test(file) };
});

const marking = testMarking({ title: 'Trần Văn Ân' });

describe('PDF font fallback', () => {
  beforeEach(() => {
    // A fresh module each time: the warning is once per process, i.e. per module instance.
    vi.resetModules();
  });
  afterEach(() => {
    vi.restoreAllMocks();
    fontFiles.present = false;
  });

  it('warns once, not per export, when it falls back to the Latin-1 standard fonts', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { renderPdf } = await import('./pdf');
    await renderPdf([], marking);
    await renderPdf([], marking);
    const fontWarnings = warn.mock.calls.filter(([, options]) =>
      JSON.stringify(options).includes('SERANTAU_PDF_FONTS'),
    );
    expect(fontWarnings).toHaveLength(1);
    expect(String(fontWarnings[0]?.[0])).toMatch(/fonts-dejavu-core/);
  });

  it('stays quiet when the fonts are there', async () => {
    fontFiles.present = true;
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { pickFonts } = await import('./pdf');
    expect(pickFonts()).toMatchObject({
      latin1Only: false,
      regular: '/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf',
    });
    expect(warn).not.toHaveBeenCalled();
  });

  it('warns once when Thai text meets a DejaVu without a Thai family', async () => {
    const warn = vi.spyOn(process, 'emitWarning').mockImplementation(() => undefined);
    const { fontSegments, STANDARD_FONTS } = await import('./pdf');
    const dejavuOnly = { ...STANDARD_FONTS, latin1Only: false, thai: null };
    fontSegments('Nguyễn', 'regular', dejavuOnly);
    expect(warn).not.toHaveBeenCalled();
    fontSegments('สมชาย', 'regular', dejavuOnly);
    fontSegments('ใจดี', 'bold', dejavuOnly);
    expect(warn).toHaveBeenCalledTimes(1);
    expect(String(warn.mock.calls[0]?.[0])).toMatch(/fonts-tlwg-loma-ttf/);
  });
});
