import assert from 'node:assert/strict';
import fc from 'fast-check';
import { CHART_BACKGROUND, CHART_PALETTE, seriesColor } from './chart-palette';

/** WCAG 2 relative luminance of a #rrggbb colour. */
function luminance(hex: string): number {
  const channels = [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16) / 255);
  const [r, g, b] = channels.map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4)) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

describe('report chart palette', function () {
  it('measures contrast the way WCAG does', function () {
    assert.equal(contrast('#000000', '#ffffff'), 21);
    // The orange the palette used to have, which axe flagged in the reports legend.
    assert.ok(contrast('#e67700', '#ffffff') < 4.5);
  });

  it('gives every colour at least 4.5:1 against the chart background (legend text is drawn in it)', function () {
    const low = CHART_PALETTE.filter((color) => contrast(color, CHART_BACKGROUND) < 4.5);
    assert.deepEqual(low, []);
  });

  it('colours any number of series from the palette, neighbours differing', function () {
    fc.assert(fc.property(fc.nat(10_000), (index) => {
      assert.ok((CHART_PALETTE as readonly string[]).includes(seriesColor(index)));
      assert.notEqual(seriesColor(index), seriesColor(index + 1));
    }), { numRuns: 200 });
  });
});
