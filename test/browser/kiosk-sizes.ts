/** The three kiosk screens the layout tests measure at (viewport sizes, as in test/e2e/layout.e2e.ts). */
export const KIOSK_SIZES = [
  { name: 'portrait', width: 1080, height: 1920 },
  { name: 'landscape', width: 1920, height: 1080 },
  { name: 'tablet', width: 800, height: 1280 },
] as const;
