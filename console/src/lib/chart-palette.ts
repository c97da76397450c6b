/**
 * Series colours for the report charts. Recharts colours each legend entry's text in its series colour,
 * so every colour must reach WCAG AA text contrast (4.5:1) against the panel background (white in the
 * light scheme); Mantine's shade 9 greens and oranges do not, so those are darker here.
 */
export const CHART_BACKGROUND = '#ffffff';
export const CHART_PALETTE = ['#1864ab', '#c92a2a', '#2b7a3b', '#a34700', '#5f3dc4', '#0b7285', '#a61e4d', '#495057', '#862e9c', '#5c7c0a'] as const;

/** The colour of the index-th series: the palette cycled, so any number of series stays readable. */
export const seriesColor = (index: number): string => CHART_PALETTE[index % CHART_PALETTE.length]!;
