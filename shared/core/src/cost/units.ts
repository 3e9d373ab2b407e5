/**
 * Units the estimators share. S3 bills storage and transfer per GiB (2^30 bytes) although the price
 * list says "GB"; object sizes in the S3 guide ("128 KB", "40 KB") are KiB. A month is 30 days when
 * minimum storage durations (30, 90, 180 days) are turned into months.
 */
export const KIB = 1024;
export const GIB = 1024 ** 3;
export const DAYS_PER_MONTH = 30;
export const MS_PER_DAY = 86_400_000;

/** Objects under this size do not transition under the S3 default (all_storage_classes_128K). */
export const SMALL_OBJECT_BYTES = 128 * KIB;

export const bytesToGiB = (bytes: number): number => bytes / GIB;
