/** ESC/POS command bytes used by the encoder, the drivers and the virtual printer. */
export const ESC = 0x1b;
export const GS = 0x1d;
export const FS = 0x1c;
export const DLE = 0x10;
export const EOT = 0x04;
export const LF = 0x0a;

export const INITIALIZE = [ESC, 0x40];
export const CHINESE_MODE_ON = [FS, 0x26];
export const CHINESE_MODE_OFF = [FS, 0x2e];

/** DLE EOT n real-time status requests. */
export const STATUS_PRINTER = 1;
export const STATUS_OFFLINE_CAUSE = 2;
export const STATUS_ERROR_CAUSE = 3;
export const STATUS_PAPER = 4;

export const statusRequest = (n: number): number[] => [DLE, EOT, n];
/** GS a n: automatic status back. 0x0F reports drawer, online/offline, error and paper sensors. */
export const autoStatusBack = (n: number): number[] => [GS, 0x61, n];

export const QR_LEVEL_CODES = { L: 48, M: 49, Q: 50, H: 51 } as const;
