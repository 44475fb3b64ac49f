"""Writes to disputes: intake and parties (`intake`), the workflow (`flow`), mediation and return
visits (`mediation`), re-screening (`screening`). Every write re-checks permission and scope,
locks what it changes and writes its audit event in the same transaction."""
