"""Writes on fiches actions, one module per concern (pretix base/services): drafts, workflow, bulk,
comments, reconduction, ideas, moderation_settings, bilans, partners; common holds their shared helpers."""
