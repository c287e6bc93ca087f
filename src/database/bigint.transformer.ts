import type { ValueTransformer } from 'typeorm';

/** Postgres returns BIGINT as a string; micro-USD amounts fit a JS number exactly (< 2^53). */
export const bigintToNumber: ValueTransformer = {
  to: (value: number | null | undefined) => value,
  from: (value: string | number | null) => (value === null || value === undefined ? null : Number(value)),
};
