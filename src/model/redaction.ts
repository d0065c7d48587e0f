/**
 * The redaction marker: what reports, plan files and the console show in place of a secret
 * value. It is a marker only where a secret attribute's value sits (the kind spec says which);
 * the same text anywhere else is data — a subscriber may well be named "[secret]" — so code
 * never detects redaction by comparing values alone (see engine/saved-plan's redactedSecretOp).
 */
export const REDACTED = '[secret]';
