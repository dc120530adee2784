/** The instrumentation scope's name and version, as spans and metrics carry them. */
export const INSTRUMENTATION_NAME = 'modelwatch';
export const INSTRUMENTATION_VERSION = '0.1.0';
