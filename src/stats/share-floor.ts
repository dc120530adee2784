/**
 * The floor applied to shares by PSI, KL and the chi-square expectation
 * (CONVENTIONS.md §5), so that a bin empty in one sample gives a large but finite
 * term instead of ln(0) or a division by zero.
 */
export const SHARE_FLOOR = 0.0001;
