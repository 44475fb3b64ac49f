"""Writes to the registry. Each service checks scope again inside its transaction and writes its
audit event there too."""
