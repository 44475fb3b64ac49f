"""Jingwang (警网): community-policing and grid-governance platform."""
