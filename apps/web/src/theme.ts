import {
  type CSSVariablesResolver,
  createTheme,
  darken,
  localStorageColorSchemeManager,
  luminance,
  type MantineColorsTuple,
} from '@mantine/core';

/** WCAG contrast ratio of two colours. */
export function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (hi + 0.05) / (lo + 0.05);
}

/** Black or white, whichever reads better on `background` (user-chosen colours such as shift types). */
export function readableOn(background: string): '#000000' | '#ffffff' {
  return contrast(background, '#000000') >= contrast(background, '#ffffff') ? '#000000' : '#ffffff';
}

/** Deep teal shading into navy; shade 7 carries white text at > 6:1. */
const keel: MantineColorsTuple = [
  '#e8f5f4',
  '#cfe8e7',
  '#a1d1cf',
  '#6fb8b6',
  '#47a3a1',
  '#2f9593',
  '#17767a',
  '#12686c',
  '#0b5359',
  '#063f47',
];

const fontStack =
  'Inter, "InterVariable", ui-sans-serif, system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, "Noto Sans", sans-serif';

export const theme = createTheme({
  colors: { keel },
  primaryColor: 'keel',
  primaryShade: { light: 7, dark: 7 },
  fontFamily: fontStack,
  headings: { fontFamily: fontStack, fontWeight: '650' },
  defaultRadius: 'md',
  cursorType: 'pointer',
  focusRing: 'auto',
  components: {
    Button: { defaultProps: { radius: 'md' } },
    Card: { defaultProps: { withBorder: true, radius: 'md' } },
    Paper: { defaultProps: { radius: 'md' } },
    Drawer: { defaultProps: { position: 'right', size: 'lg' } },
    Tooltip: { defaultProps: { withArrow: true } },
  },
});

/** Mantine's default dimmed grey is below 4.5:1 on white; this one passes WCAG AA. */
export const cssVariablesResolver: CSSVariablesResolver = (resolved) => {
  // Light-variant text (badges, light buttons) darker than Mantine's shade 6, so every colour
  // reaches 4.5:1 on its tinted background in the light scheme (axe checks this).
  // The same shade is used for coloured text (`c="red"`, overdue dates), which Mantine draws in
  // the filled shade (red 7 is 3.8:1 on white). Darkened until 4.6:1 on the tint (shade 1).
  const lightText: Record<string, string> = {};
  for (const [name, shades] of Object.entries(resolved.colors)) {
    if (name === 'dark' || !shades[9]) continue;
    let text = name === 'keel' ? (shades[8] ?? shades[9]) : darken(shades[9], 0.25);
    for (
      let amount = 0.3;
      contrast(text, shades[1] ?? '#fff') < 4.6 && amount < 0.8;
      amount += 0.05
    )
      text = darken(shades[9], amount);
    lightText[`--mantine-color-${name}-light-color`] = text;
    lightText[`--mantine-color-${name}-text`] = text;
    lightText[`--mantine-color-${name}-outline`] = text;
    // Filled buttons and badges carry white text: the first shade from 7 that reaches 4.5:1
    // (teal 7 is 3.1:1, red 7 3.8:1).
    if (name === 'keel') continue;
    const filled =
      [shades[7], shades[8], shades[9]].find((c) => c && contrast(c, '#ffffff') >= 4.5) ??
      darken(shades[9], 0.15);
    lightText[`--mantine-color-${name}-filled`] = filled;
    lightText[`--mantine-color-${name}-filled-hover`] = darken(filled, 0.1);
  }
  return {
    variables: {},
    light: {
      '--mantine-color-dimmed': '#5c636a',
      '--mantine-color-placeholder': '#6c757d',
      ...lightText,
    },
    dark: { '--mantine-color-dimmed': '#a3a3a3' },
  };
};

export const colorSchemeManager = localStorageColorSchemeManager({ key: 'keel-color-scheme' });
